#include "config.h"

/*
 * test_seccomp.c: the seccomp filters of nw_priv_drop_all (priv_seccomp.c),
 * as the tools install them.  Each case is a child that drops everything
 * with one profile and then makes one call: a call the loop needs works, a
 * tolerated one fails with EPERM or EACCES, a dangerous one kills the child
 * with SIGSYS.  Skipped (77) when built without libseccomp.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>

#include "sys/priv.h"
#include "testlib.h"

#define CHILD_TIMEOUT_S 10

/* What a call did: it worked, it failed with an errno, or the child was killed. */
enum outcome { WORKED, FAILED, KILLED, BROKEN };

struct probe {
	const char *what;
	enum nw_priv_profile profile;
	int (*call)(void); /* 0 worked, else the errno */
	enum outcome want;
	int want_errno;
};

static char scratch[64]; /* a file path the probes may try to create */

static int errno_of(long rc)
{
	return rc < 0 ? errno : 0;
}

static int call_write_stdout(void)
{
	return errno_of(write(STDOUT_FILENO, "", 0));
}

static int call_malloc(void)
{
	void *p = malloc(4 << 20); /* large enough for mmap */
	int rc = p ? 0 : ENOMEM;

	if (p)
		memset(p, 1, 4 << 20);
	free(p);
	return rc;
}

static int call_clock(void)
{
	struct timespec ts;

	return errno_of(clock_gettime(CLOCK_MONOTONIC, &ts));
}

static int call_getrandom(void)
{
	unsigned char b[16];

	return errno_of(getrandom(b, sizeof(b), 0));
}

static int call_printf(void)
{
	printf("%s", ""); /* stdio asks what stdout is (fstat, isatty) */
	return fflush(stdout) == 0 ? 0 : errno;
}

static int call_open_read(void)
{
	int fd = open("/etc/hostname", O_RDONLY);

	if (fd >= 0)
		close(fd);
	return errno_of(fd);
}

static int call_open_write(void)
{
	return errno_of(open(scratch, O_WRONLY | O_CREAT | O_TRUNC, 0600));
}

static int call_open_append(void)
{
	return errno_of(openat(AT_FDCWD, "/dev/null", O_RDWR));
}

static int call_execve(void)
{
	char *argv[] = {(char *)"true", NULL};
	char *envp[] = {NULL};

	return errno_of(execve("/bin/true", argv, envp));
}

static int call_fork(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	return errno_of(pid);
}

static int call_ptrace(void)
{
	return errno_of(ptrace(PTRACE_TRACEME, 0, NULL, NULL));
}

static int call_kill_parent(void)
{
	return errno_of(kill(getppid(), 0));
}

static int call_raise_self(void)
{
	return errno_of(kill(getpid(), 0));
}

static int call_exec_memory(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? errno : 0;
}

static int call_udp_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd >= 0)
		close(fd);
	return errno_of(fd);
}

static int call_udp6_socket(void)
{
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);

	if (fd >= 0)
		close(fd);
	return errno_of(fd);
}

static int call_unix_socket(void)
{
	return errno_of(socket(AF_UNIX, SOCK_STREAM, 0));
}

static int call_netlink_socket(void)
{
	return errno_of(socket(AF_NETLINK, SOCK_RAW, 0));
}

static int call_uname(void)
{
	struct utsname u;

	return errno_of(uname(&u));
}

static int call_setuid(void)
{
	return errno_of(setuid(getuid()));
}

/* clang-format off */
static const struct probe probes[] = {
	{"write to stdout", NW_PRIV_PACKETS, call_write_stdout, WORKED, 0},
	{"printf", NW_PRIV_PACKETS, call_printf, WORKED, 0},
	{"malloc 4 MiB", NW_PRIV_PACKETS, call_malloc, WORKED, 0},
	{"clock_gettime", NW_PRIV_PACKETS, call_clock, WORKED, 0},
	{"getrandom", NW_PRIV_DNS, call_getrandom, WORKED, 0},
	{"a signal to itself", NW_PRIV_PACKETS, call_raise_self, WORKED, 0},
	{"open for reading", NW_PRIV_PACKETS, call_open_read, FAILED, EACCES},
	{"uname", NW_PRIV_PACKETS, call_uname, FAILED, EPERM},
	{"open for writing", NW_PRIV_PACKETS, call_open_write, KILLED, 0},
	{"openat read-write", NW_PRIV_DNS, call_open_append, KILLED, 0},
	{"execve", NW_PRIV_PACKETS, call_execve, KILLED, 0},
	{"execve (stream)", NW_PRIV_STREAM, call_execve, KILLED, 0},
	{"execve (dns)", NW_PRIV_DNS, call_execve, KILLED, 0},
	{"fork", NW_PRIV_PACKETS, call_fork, KILLED, 0},
	{"ptrace", NW_PRIV_STREAM, call_ptrace, KILLED, 0},
	{"a signal to another process", NW_PRIV_PACKETS, call_kill_parent, KILLED, 0},
	{"executable memory", NW_PRIV_PACKETS, call_exec_memory, KILLED, 0},
	{"setuid", NW_PRIV_DNS, call_setuid, KILLED, 0},
	{"socket (packets)", NW_PRIV_PACKETS, call_udp_socket, KILLED, 0},
	{"socket (stream)", NW_PRIV_STREAM, call_udp_socket, KILLED, 0},
	{"UDP socket (dns)", NW_PRIV_DNS, call_udp_socket, WORKED, 0},
	{"UDP6 socket (dns)", NW_PRIV_DNS, call_udp6_socket, WORKED, 0},
	{"Unix socket (dns)", NW_PRIV_DNS, call_unix_socket, KILLED, 0},
	{"netlink socket (dns)", NW_PRIV_DNS, call_netlink_socket, KILLED, 0},
	{"no filter: open for writing", NW_PRIV_NO_FILTER, call_open_write, WORKED, 0},
};
/* clang-format on */

/* Child: drop with the probe's profile, make the call, exit with its errno (100: no drop). */
static void run_probe(const struct probe *p)
{
	char err[256];

	alarm(CHILD_TIMEOUT_S);
	if (nw_priv_drop_all(p->profile, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: %s\n", p->what, err);
		_exit(100);
	}
	_exit(p->call() & 0x7f);
}

static enum outcome outcome_of(const struct probe *p, int *err)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return BROKEN;
	if (pid == 0)
		run_probe(p);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return BROKEN;
	*err = 0;
	if (WIFSIGNALED(st))
		return WTERMSIG(st) == SIGSYS ? KILLED : BROKEN;
	if (!WIFEXITED(st) || WEXITSTATUS(st) == 100)
		return BROKEN;
	*err = WEXITSTATUS(st);
	return *err ? FAILED : WORKED;
}

static const char *outcome_name(enum outcome o)
{
	static const char *const names[] = {"worked", "failed", "killed by SIGSYS", "broken"};

	return names[o];
}

static void check_probe(const struct probe *p)
{
	int e = 0;
	enum outcome got = outcome_of(p, &e);

	nw_test_checks++;
	if (got != p->want || (got == FAILED && e != p->want_errno)) {
		fprintf(stderr, "%s: %s (errno %d), want %s (errno %d)\n", p->what,
			outcome_name(got), e, outcome_name(p->want), p->want_errno);
		nw_test_failures++;
	}
}

int main(void)
{
	char dir[] = "/tmp/nw-seccomp.XXXXXX";

	if (!nw_priv_filter_available()) {
		printf("test_seccomp: built without libseccomp, skipped\n");
		return 77;
	}
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	/* Root drops to nobody: the directory must let it create the file. */
	if (chmod(dir, 0777) != 0)
		perror("chmod");
	snprintf(scratch, sizeof(scratch), "%s/created", dir);
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		check_probe(&probes[i]);
		unlink(scratch);
	}
	rmdir(dir);
	return nw_test_result("test_seccomp");
}
