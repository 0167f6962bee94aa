#include "config.h"

/*
 * priv_seccomp.c: the seccomp filter of nw_priv_drop_all (Linux, built
 * with libseccomp): once a tool has opened what it needs and dropped every
 * privilege, only the system calls of its loop are allowed, so that a bug
 * in a parser cannot open a file, run a program or make a new socket.
 *
 * Allowed in every profile: reading and writing descriptors already open,
 * poll and timers, clocks, memory (never executable), signals to itself,
 * exit, random numbers, send/recv on open sockets.  NW_PRIV_STREAM adds
 * connect and shutdown (a socket made before the drop); NW_PRIV_DNS adds
 * new IPv4 and IPv6 sockets, bind and setsockopt.
 *
 * Dangerous calls kill the process (SIGSYS): execve, ptrace, fork and
 * clone, an open for writing or creating, socket() where the profile has
 * none (or of another family), executable memory, signals to another
 * process, changes of user, capabilities, namespaces and mounts, loading
 * BPF or modules, io_uring (it would bypass the filter).  Any other call
 * fails with EPERM (an open for reading with EACCES), which the C library
 * and libpcap handle as an ordinary error: stdio without fstat, strerror()
 * without its message catalogue, and so on.  The syscalls are named, not
 * numbered, so a name that does not exist on this architecture is skipped.
 */

#ifdef HAVE_LIBSECCOMP
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
/* libseccomp's SCMP_A* macros leave the second datum to zero, which clang warns about. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/sockios.h>
#endif

#include "sys/priv.h"

#ifdef HAVE_LIBSECCOMP

#if defined(__SANITIZE_ADDRESS__)
#define NW_LEAK_CHECK_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NW_LEAK_CHECK_AT_EXIT 1
#endif
#endif

#ifdef NW_LEAK_CHECK_AT_EXIT
/*
 * Sanitizer builds: LeakSanitizer's check at exit clones a thread and
 * ptraces the process, which the filter kills.  A filtered process skips
 * it (a hook LeakSanitizer asks at exit); every other keeps it.
 */
static bool filter_loaded;
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
	return filter_loaded;
}
#endif

#define NW_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* clang-format off */
/* What every loop does. */
static const char *const loop_calls[] = {
	"read", "readv", "pread64", "write", "writev", "lseek", "_llseek", "close",
	"fstat", "fstat64",
	"poll", "ppoll", "ppoll_time64", "select", "_newselect", "pselect6", "pselect6_time64",
	"epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2",
	"timerfd_create", "timerfd_settime", "timerfd_settime64", "timerfd_gettime",
	"timerfd_gettime64", "eventfd2", "signalfd4",
	"clock_gettime", "clock_gettime64", "clock_getres", "clock_getres_time64",
	"gettimeofday", "time", "nanosleep", "clock_nanosleep", "clock_nanosleep_time64",
	"brk", "munmap", "mremap", "madvise",
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigreturn", "sigaltstack", "restart_syscall",
	"exit", "exit_group",
	"getpid", "getppid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getrandom",
	"futex", "futex_time64", "sched_yield",
	"sendto", "sendmsg", "sendmmsg", "recvfrom", "recvmsg", "recvmmsg",
	"getsockopt", "getsockname", "getpeername",
	"pipe", "pipe2", /* sys/loop's self-pipe for signals: a new pipe reaches no file */
};

/* Never in a loop of ours: a sign that something has taken it over. */
static const char *const fatal_calls[] = {
	"execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev",
	"fork", "vfork", "clone", "clone3", "creat",
	"link", "linkat", "symlink", "symlinkat", "unlink", "unlinkat", "rename", "renameat",
	"renameat2", "mkdir", "mkdirat", "rmdir", "mknod", "mknodat", "chmod", "fchmod", "fchmodat",
	"chown", "fchown", "fchownat", "lchown", "truncate", "chdir", "fchdir", "chroot",
	"setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setgroups",
	"setfsuid", "setfsgid", "capset", "prctl", "personality", "seccomp",
	"mount", "umount2", "pivot_root", "unshare", "setns", "move_mount", "open_tree", "fsopen",
	"bpf", "perf_event_open", "init_module", "finit_module", "delete_module",
	"kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff",
	"memfd_create", "userfaultfd", "keyctl", "add_key", "request_key",
	"io_uring_setup", "io_uring_enter", "io_uring_register", "socketpair",
	"pkey_mprotect", "remap_file_pages",
};

static const char *const stream_calls[] = {"connect", "shutdown"};
static const char *const dns_calls[] = {"connect", "shutdown", "bind", "setsockopt"};
/* clang-format on */

static int seccomp_fail(char *err, size_t errlen, const char *what, int rc)
{
	if (err && errlen)
		snprintf(err, errlen, "cannot install the seccomp filter: %s: %s", what,
			 strerror(rc < 0 ? -rc : rc));
	return -1;
}

/* One rule; a name this architecture has no such call for is skipped (0). */
static int rule(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned n,
		const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR)
		return 0;
	return seccomp_rule_add_array(ctx, action, nr, n, cmp);
}

static int rule_arg(scmp_filter_ctx ctx, uint32_t action, const char *name, struct scmp_arg_cmp cmp)
{
	return rule(ctx, action, name, 1, &cmp);
}

static int rules(scmp_filter_ctx ctx, uint32_t action, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = rule(ctx, action, names[i], 0, NULL);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Memory that is never executable: mapping or changing to PROT_EXEC is fatal. */
static int memory_rules(scmp_filter_ctx ctx)
{
	static const char *const calls[] = {"mmap", "mmap2", "mprotect"};
	int rc = 0;

	for (size_t i = 0; i < NW_LEN(calls) && rc == 0; i++) {
		rc = rule_arg(ctx, SCMP_ACT_ALLOW, calls[i],
			      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
		if (rc == 0)
			rc = rule_arg(ctx, SCMP_ACT_KILL_PROCESS, calls[i],
				      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	}
	return rc;
}

/*
 * Opening: for reading it fails (EACCES: a message catalogue, a time zone
 * file the C library looks for), for writing or creating it is fatal.
 * openat2 takes its flags in memory the filter cannot read: ENOSYS, as on
 * an older kernel.
 */
static int open_rules(scmp_filter_ctx ctx)
{
	static const struct {
		const char *name;
		unsigned flags_arg;
	} calls[] = {{"open", 1}, {"openat", 2}};
	const scmp_datum_t any_write = O_ACCMODE | O_CREAT | O_TRUNC;
	int rc = rule(ctx, SCMP_ACT_ERRNO(ENOSYS), "openat2", 0, NULL);

	for (size_t i = 0; i < NW_LEN(calls) && rc == 0; i++) {
		struct scmp_arg_cmp reading = {calls[i].flags_arg, SCMP_CMP_MASKED_EQ, any_write,
					       O_RDONLY};
		struct scmp_arg_cmp fatal[] = {
		    {calls[i].flags_arg, SCMP_CMP_MASKED_EQ, O_ACCMODE, O_WRONLY},
		    {calls[i].flags_arg, SCMP_CMP_MASKED_EQ, O_ACCMODE, O_RDWR},
		    {calls[i].flags_arg, SCMP_CMP_MASKED_EQ, O_ACCMODE, O_ACCMODE},
		    {calls[i].flags_arg, SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT},
		    {calls[i].flags_arg, SCMP_CMP_MASKED_EQ, O_TRUNC, O_TRUNC},
		};
		rc = rule_arg(ctx, SCMP_ACT_ERRNO(EACCES), calls[i].name, reading);
		for (size_t k = 0; k < NW_LEN(fatal) && rc == 0; k++)
			rc = rule_arg(ctx, SCMP_ACT_KILL_PROCESS, calls[i].name, fatal[k]);
	}
	return rc;
}

/*
 * Descriptor calls that only look: fstatat on the descriptor itself (what
 * fstat() is in the C library), isatty() and the terminal's width, an
 * interface's index, address and flags (libnet looks the index up for
 * every frame it sends), fcntl() for the descriptor flags.  Pushing input
 * into a terminal is fatal.
 */
static int descriptor_rules(scmp_filter_ctx ctx)
{
	static const unsigned long ioctls[] = {TCGETS,	     TIOCGWINSZ,    FIONREAD,
					       SIOCGIFINDEX, SIOCGIFHWADDR, SIOCGIFFLAGS};
	static const int fcntls[] = {F_GETFL, F_SETFL, F_GETFD, F_SETFD};
	static const char *const fcntl_calls[] = {"fcntl", "fcntl64"};
	int rc = rule_arg(ctx, SCMP_ACT_ALLOW, "newfstatat",
			  SCMP_A3(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH));

	if (rc == 0)
		rc = rule_arg(ctx, SCMP_ACT_ALLOW, "fstatat64",
			      SCMP_A3(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH));
	if (rc == 0)
		rc = rule_arg(ctx, SCMP_ACT_ALLOW, "statx",
			      SCMP_A2(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH));
	for (size_t i = 0; i < NW_LEN(ioctls) && rc == 0; i++)
		rc = rule_arg(ctx, SCMP_ACT_ALLOW, "ioctl",
			      SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffff, ioctls[i]));
	if (rc == 0)
		rc = rule_arg(ctx, SCMP_ACT_KILL_PROCESS, "ioctl",
			      SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffff, TIOCSTI));
	for (size_t k = 0; k < NW_LEN(fcntl_calls); k++)
		for (size_t i = 0; i < NW_LEN(fcntls) && rc == 0; i++)
			rc = rule_arg(ctx, SCMP_ACT_ALLOW, fcntl_calls[k],
				      SCMP_A1(SCMP_CMP_EQ, (scmp_datum_t)fcntls[i]));
	return rc;
}

/* Signals only to this process (raise, abort); to any other, fatal. */
static int signal_rules(scmp_filter_ctx ctx)
{
	static const char *const calls[] = {"kill", "tkill", "tgkill"};
	scmp_datum_t self = (scmp_datum_t)getpid();
	int rc = 0;

	for (size_t i = 0; i < NW_LEN(calls) && rc == 0; i++) {
		rc = rule_arg(ctx, SCMP_ACT_ALLOW, calls[i], SCMP_A0(SCMP_CMP_EQ, self));
		if (rc == 0)
			rc = rule_arg(ctx, SCMP_ACT_KILL_PROCESS, calls[i],
				      SCMP_A0(SCMP_CMP_NE, self));
	}
	return rc;
}

/* New sockets: IPv4 and IPv6 for NW_PRIV_DNS; any other family, or any socket elsewhere, is fatal.
 */
static int socket_rules(scmp_filter_ctx ctx, enum nw_priv_profile profile)
{
	int rc;

	if (profile != NW_PRIV_DNS)
		return rule(ctx, SCMP_ACT_KILL_PROCESS, "socket", 0, NULL);
	rc = rule_arg(ctx, SCMP_ACT_ALLOW, "socket", SCMP_A0(SCMP_CMP_EQ, AF_INET));
	if (rc == 0)
		rc = rule_arg(ctx, SCMP_ACT_ALLOW, "socket", SCMP_A0(SCMP_CMP_EQ, AF_INET6));
	for (scmp_datum_t fam = 0; fam < AF_INET6 && rc == 0; fam++)
		if (fam != AF_INET)
			rc = rule_arg(ctx, SCMP_ACT_KILL_PROCESS, "socket",
				      SCMP_A0(SCMP_CMP_EQ, fam));
	if (rc == 0)
		rc = rule_arg(ctx, SCMP_ACT_KILL_PROCESS, "socket", SCMP_A0(SCMP_CMP_GT, AF_INET6));
	return rc;
}

static int profile_rules(scmp_filter_ctx ctx, enum nw_priv_profile profile)
{
	int rc = rules(ctx, SCMP_ACT_ALLOW, loop_calls, NW_LEN(loop_calls));

	if (rc == 0)
		rc = rules(ctx, SCMP_ACT_KILL_PROCESS, fatal_calls, NW_LEN(fatal_calls));
	if (rc == 0)
		rc = memory_rules(ctx);
	if (rc == 0)
		rc = open_rules(ctx);
	if (rc == 0)
		rc = descriptor_rules(ctx);
	if (rc == 0)
		rc = signal_rules(ctx);
	if (rc == 0)
		rc = socket_rules(ctx, profile);
	if (rc == 0 && profile == NW_PRIV_STREAM)
		rc = rules(ctx, SCMP_ACT_ALLOW, stream_calls, NW_LEN(stream_calls));
	if (rc == 0 && profile == NW_PRIV_DNS)
		rc = rules(ctx, SCMP_ACT_ALLOW, dns_calls, NW_LEN(dns_calls));
	return rc;
}

bool nw_priv_filter_available(void)
{
	return true;
}

int nw_priv_filter(enum nw_priv_profile profile, char *err, size_t errlen)
{
	scmp_filter_ctx ctx;
	int rc;

	if (profile == NW_PRIV_NO_FILTER)
		return 0;
	ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!ctx)
		return seccomp_fail(err, errlen, "seccomp_init", ENOMEM);
	rc = profile_rules(ctx, profile);
	if (rc < 0) {
		seccomp_release(ctx);
		return seccomp_fail(err, errlen, "seccomp_rule_add", rc);
	}
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0)
		return seccomp_fail(err, errlen, "seccomp_load", rc);
#ifdef NW_LEAK_CHECK_AT_EXIT
	filter_loaded = true;
#endif
	return 0;
}

#else /* !HAVE_LIBSECCOMP */

bool nw_priv_filter_available(void)
{
	return false;
}

/* Built without libseccomp (or not on Linux): the dropped privileges are all there is. */
int nw_priv_filter(enum nw_priv_profile profile, char *err, size_t errlen)
{
	(void)profile;
	if (err && errlen)
		err[0] = '\0';
	return 0;
}

#endif
