#include "config.h"

/*
 * test_priv.c: the privilege steps of priv.h (priv.c and its capability
 * backend): nw_priv_limit, nw_priv_raise, nw_priv_lower, nw_priv_drop_all
 * (without a filter; test_seccomp.c tests the filters).
 *
 * Needs root (else exit 77).  Each case runs in a forked child, since a
 * dropped process cannot come back: root limited to CAP_NET_RAW as
 * $NW_USER (default nobody), the capability raised only between raise and
 * lower, then everything dropped with a raw socket opened before and used
 * after; root limited to nothing; a missing and a uid-0 $NW_USER; and, on
 * Linux, a non-root process holding cap_net_raw and cap_net_admin the way
 * a file-capability binary does.  On Linux the child first unshares a
 * network namespace when it can, so the frame it sends goes to a loopback
 * interface of its own.
 */

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#ifdef __linux__
#include <linux/capability.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include "sys/priv.h"
#include "testlib.h"

#define CHILD_TIMEOUT_S 20

static uid_t target_uid;
static gid_t target_gid;

static int raw_socket(void)
{
#ifdef __linux__
	return socket(AF_PACKET, SOCK_RAW, 0);
#else
	return socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
#endif
}

#ifdef __linux__
/* The text after "field:" on its line of /proc/self/status (read into line), or NULL. */
static const char *status_field(const char *field, char *line, int size)
{
	const char *v = NULL;
	size_t flen = strlen(field);
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return NULL;
	while (fgets(line, size, f)) {
		if (strncmp(line, field, flen) == 0 && line[flen] == ':') {
			v = line + flen + 1;
			break;
		}
	}
	fclose(f);
	return v;
}

/* A "Cap...:" mask, or ~0 when missing. */
static unsigned long long status_caps(const char *field)
{
	char line[256];
	const char *v = status_field(field, line, sizeof(line));

	return v ? strtoull(v, NULL, 16) : ~0ULL;
}

/* A decimal field, or -1 when missing. */
static long status_num(const char *field)
{
	char line[256];
	const char *v = status_field(field, line, sizeof(line));

	return v ? strtol(v, NULL, 10) : -1;
}

/* A netns of our own with lo up, when possible; else the host's lo. */
static void private_loopback(void)
{
	struct ifreq ifr;
	int fd;

	if (unshare(CLONE_NEWNET) != 0)
		return;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		(void)ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
}

/* A 60-byte frame to 00:00:00:00:00:00 on lo through an open raw socket. */
static bool send_on_lo(int fd)
{
	struct sockaddr_ll sll;
	unsigned char frame[60];
	unsigned idx = if_nametoindex("lo");

	if (idx == 0)
		return false;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(0x88b5); /* IEEE 802 local experimental */
	sll.sll_ifindex = (int)idx;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) != 0) {
		perror("bind(lo)");
		return false;
	}
	memset(frame, 0, sizeof(frame));
	frame[12] = 0x88;
	frame[13] = 0xb5;
	memcpy(frame + 14, "netwalk test_priv", 17);
	if (send(fd, frame, sizeof(frame), 0) != (ssize_t)sizeof(frame)) {
		perror("send(lo)");
		return false;
	}
	return true;
}
#endif

static void check_ids(void)
{
	gid_t groups[64];
	int n;

	CHECK_INT(getuid(), target_uid);
	CHECK_INT(geteuid(), target_uid);
	CHECK_INT(getgid(), target_gid);
	CHECK_INT(getegid(), target_gid);
	n = getgroups(64, groups);
	CHECK(n >= 0 && n <= 1);
	if (n == 1)
		CHECK_INT(groups[0], target_gid);
	errno = 0;
	CHECK_INT(setuid(0), -1);
	CHECK_INT(errno, EPERM);
	CHECK_INT(seteuid(0), -1);
	CHECK_INT(setgid(0), -1);
}

/* No new raw socket can be opened (EPERM). */
static void check_no_raw(void)
{
	int fd;

	errno = 0;
	fd = raw_socket();
	CHECK_INT(fd, -1);
	CHECK_INT(errno, EPERM);
	if (fd >= 0)
		close(fd);
}

static void report(const char *what, const char *err)
{
	if (err[0])
		fprintf(stderr, "%s: %s\n", what, err);
}

#ifdef __linux__
#define NET_RAW_MASK (1ULL << CAP_NET_RAW)

/* Nothing held in any set, no new privileges, no filter (NW_PRIV_NO_FILTER). */
static void check_caps_gone(bool bounding)
{
	CHECK_INT(status_caps("CapEff"), 0);
	CHECK_INT(status_caps("CapPrm"), 0);
	CHECK_INT(status_caps("CapInh"), 0);
	CHECK_INT(status_caps("CapAmb"), 0);
	if (bounding)
		CHECK_INT(status_caps("CapBnd"), 0);
	CHECK_INT(status_num("NoNewPrivs"), 1);
	CHECK_INT(status_num("Seccomp"), 0);
}
#endif

/* An open raw socket still sends a frame (Linux) and is a raw socket. */
static void check_old_raw(int raw)
{
#ifdef __linux__
	int type = 0;
	socklen_t tl = sizeof(type);

	CHECK(getsockopt(raw, SOL_SOCKET, SO_TYPE, &type, &tl) == 0 && type == SOCK_RAW);
	CHECK(send_on_lo(raw));
#else
	CHECK(raw >= 0);
#endif
}

/* Root limited to CAP_NET_RAW: the user at once, the capability only when raised. */
static void child_limit_root(void)
{
	char err[256] = "";
	int raw = -1;

#ifdef __linux__
	private_loopback();
#endif
	unsetenv("NW_USER");
	CHECK_INT(nw_priv_limit(NW_PRIV_NET_RAW, err, sizeof(err)), 0);
	report("nw_priv_limit", err);
#ifdef __linux__
	check_ids();
	CHECK_INT(status_caps("CapPrm"), NET_RAW_MASK);
	CHECK_INT(status_caps("CapEff"), 0);
	CHECK_INT(status_caps("CapInh"), 0);
	CHECK_INT(status_caps("CapAmb"), 0);
	CHECK_INT(status_caps("CapBnd"), 0);
	CHECK_INT(status_num("NoNewPrivs"), 1);
	check_no_raw(); /* permitted, not effective */

	CHECK_INT(nw_priv_raise(err, sizeof(err)), 0);
	report("nw_priv_raise", err);
	CHECK_INT(status_caps("CapEff"), NET_RAW_MASK);
	raw = raw_socket();
	CHECK(raw >= 0);
	CHECK_INT(setuid(0), -1); /* raised: still no way back to root */
	CHECK_INT(nw_priv_lower(err, sizeof(err)), 0);
	report("nw_priv_lower", err);
	CHECK_INT(status_caps("CapEff"), 0);
	check_no_raw();
#else
	/* No capability sets: root until everything is dropped. */
	CHECK_INT(geteuid(), 0);
	raw = raw_socket();
	CHECK(raw >= 0);
#endif

	CHECK_INT(nw_priv_drop_all(NW_PRIV_NO_FILTER, err, sizeof(err)), 0);
	report("nw_priv_drop_all", err);
	check_ids();
	check_no_raw();
#ifdef __linux__
	check_caps_gone(true);
	/* Raising after the drop has nothing to raise. */
	CHECK_INT(nw_priv_raise(err, sizeof(err)), 0);
	CHECK_INT(status_caps("CapEff"), 0);
	check_no_raw();
#endif
	if (raw >= 0) {
		check_old_raw(raw);
		close(raw);
	}
	/* Dropping again has nothing left to do. */
	CHECK_INT(nw_priv_drop_all(NW_PRIV_NO_FILTER, err, sizeof(err)), 0);
}

/* Root limited to nothing (a tool that needs no privilege): everything goes at once. */
static void child_limit_none(void)
{
	char err[256] = "";
	int raw;

#ifdef __linux__
	private_loopback();
#endif
	raw = raw_socket();
	CHECK(raw >= 0);
	unsetenv("NW_USER");
	CHECK_INT(nw_priv_limit(NW_PRIV_NONE, err, sizeof(err)), 0);
	report("nw_priv_limit", err);
	check_ids();
	check_no_raw();
#ifdef __linux__
	check_caps_gone(true);
#endif
	/* A later limit asks for what is gone: nothing comes back. */
	CHECK_INT(nw_priv_limit(NW_PRIV_NET_RAW, err, sizeof(err)), 0);
	CHECK_INT(nw_priv_raise(err, sizeof(err)), 0);
	check_no_raw();
	if (raw >= 0) {
		check_old_raw(raw);
		close(raw);
	}
}

/* A missing user: an error, nothing changed. */
static void child_missing_user(void)
{
	char err[256] = "";

	setenv("NW_USER", "nw-nonexistent-user", 1);
	CHECK_INT(nw_priv_limit(NW_PRIV_NET_RAW, err, sizeof(err)), -1);
	CHECK(strstr(err, "cannot drop privileges") == err);
	CHECK(strstr(err, "nw-nonexistent-user") != NULL);
	CHECK_INT(getuid(), 0);
	CHECK_INT(geteuid(), 0);
#ifdef __linux__
	CHECK(status_caps("CapBnd") != 0);
#endif
	err[0] = '\0';
	CHECK_INT(nw_priv_drop_all(NW_PRIV_NO_FILTER, err, sizeof(err)), -1);
	CHECK(strstr(err, "nw-nonexistent-user") != NULL);
	CHECK_INT(geteuid(), 0);

	/* A user with user ID 0 is no drop at all. */
	setenv("NW_USER", "root", 1);
	err[0] = '\0';
	CHECK_INT(nw_priv_limit(NW_PRIV_NET_RAW, err, sizeof(err)), -1);
	CHECK(strstr(err, "cannot drop privileges") == err);
	CHECK_INT(geteuid(), 0);
}

#ifdef __linux__
/* Like a binary with file capabilities cap_net_raw,cap_net_admin+ep run by nobody. */
static void child_file_caps(void)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[2];
	unsigned long long both = (1ULL << CAP_NET_RAW) | (1ULL << CAP_NET_ADMIN);
	char err[256] = "";
	int raw;

	private_loopback();
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0 || setgroups(1, &target_gid) != 0 ||
	    setresgid(target_gid, target_gid, target_gid) != 0 ||
	    setresuid(target_uid, target_uid, target_uid) != 0) {
		perror("becoming the unprivileged user");
		nw_test_failures++;
		return;
	}
	memset(data, 0, sizeof(data));
	data[0].effective = data[0].permitted = (uint32_t)both;
	if (syscall(SYS_capset, &hdr, data) != 0) {
		perror("capset");
		nw_test_failures++;
		return;
	}
	CHECK_INT(status_caps("CapEff"), both);

	/* Limit: CAP_NET_ADMIN goes, CAP_NET_RAW stays permitted but not effective. */
	CHECK_INT(nw_priv_limit(NW_PRIV_NET_RAW, err, sizeof(err)), 0);
	report("nw_priv_limit", err);
	CHECK_INT(geteuid(), target_uid);
	CHECK_INT(status_caps("CapPrm"), NET_RAW_MASK);
	CHECK_INT(status_caps("CapEff"), 0);
	CHECK_INT(status_num("NoNewPrivs"), 1);
	check_no_raw();
	CHECK_INT(nw_priv_raise(err, sizeof(err)), 0);
	CHECK_INT(status_caps("CapEff"), NET_RAW_MASK);
	raw = raw_socket();
	CHECK(raw >= 0);
	CHECK_INT(nw_priv_lower(err, sizeof(err)), 0);
	CHECK_INT(status_caps("CapEff"), 0);

	CHECK_INT(nw_priv_drop_all(NW_PRIV_NO_FILTER, err, sizeof(err)), 0);
	report("nw_priv_drop_all", err);
	CHECK_INT(geteuid(), target_uid);
	check_caps_gone(false); /* the bounding set needs CAP_SETPCAP to shrink */
	check_no_raw();
	if (raw >= 0) {
		check_old_raw(raw);
		close(raw);
	}
}
#endif

/* Run fn in a child; true when all its checks passed. */
static bool in_child(const char *what, void (*fn)(void))
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return false;
	}
	if (pid == 0) {
		nw_test_checks = 0;
		nw_test_failures = 0;
		alarm(CHILD_TIMEOUT_S);
		fn();
		printf("%s: %d checks, %d failed\n", what, nw_test_checks, nw_test_failures);
		fflush(NULL);
		/* _exit: no atexit handlers (LeakSanitizer cannot run once the
		 * process is no longer dumpable). */
		_exit(nw_test_failures ? 1 : 0);
	}
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			perror("waitpid");
			return false;
		}
	}
	if (WIFSIGNALED(st))
		fprintf(stderr, "%s: killed by signal %d%s\n", what, WTERMSIG(st),
			WTERMSIG(st) == SIGALRM ? " (timeout)" : "");
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(void)
{
	struct passwd *pw;

	if (geteuid() != 0) {
		printf("test_priv: needs root, skipped\n");
		return 77;
	}
	pw = getpwnam("nobody");
	if (!pw || pw->pw_uid == 0) {
		printf("test_priv: no user 'nobody', skipped\n");
		return 77;
	}
	target_uid = pw->pw_uid;
	target_gid = pw->pw_gid;

	CHECK(in_child("limit root to CAP_NET_RAW", child_limit_root));
	CHECK(in_child("limit root to nothing", child_limit_none));
	CHECK(in_child("missing user", child_missing_user));
#ifdef __linux__
	CHECK(in_child("file capabilities", child_file_caps));
#endif
	return nw_test_result("test_priv");
}
