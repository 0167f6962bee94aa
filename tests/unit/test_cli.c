/* test_cli: option parsing from a table, --help/--version/--list-options,
 * and the exact messages and exit codes of the error paths (in a child). */
#include "config.h"

#include <errno.h>

#include <signal.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "testlib.h"

enum { OPT_SCAN = NW_LONG_TOOL_BASE, OPT_RATE };

static const struct nw_option test_options[] = {
    NW_OPT_COUNT("stop after COUNT requests"),
    NW_OPT_INTERVAL("wait TIME between requests"),
    {'s', "source-mac", NW_ARG_REQUIRED, "MAC", "sender MAC address"},
    {'b', "broadcast", NW_ARG_NONE, NULL, "keep broadcasting"},
    {'x', NULL, NW_ARG_REQUIRED, "HEX", "a short-only option"},
    {OPT_SCAN, "scan", NW_ARG_REQUIRED, "CIDR", "sweep every address of CIDR"},
    {OPT_RATE, "rate", NW_ARG_REQUIRED, "PPS", "send at most PPS probes per second"},
    NW_OPT_QUIET,
    NW_OPT_JSON,
    NW_OPT_HELP,
    NW_OPT_VERSION,
    NW_OPT_END,
};

static const struct nw_tool test_tool = {
    .name = "nw-test",
    .synopsis = "[options] TARGET | --scan CIDR",
    .summary = "Test the option parser.\nSecond summary line.",
    .epilog = "Exit status: 0 fine, 2 usage error.",
    .options = test_options,
};

static const struct nw_option bare_options[] = {NW_OPT_QUIET, NW_OPT_END};

/* A left column wider than the help column limit: its help goes on the next line. */
static const struct nw_option wide_options[] = {
    {'w', "a-really-long-option-name", NW_ARG_REQUIRED, "METAVAR", "wide"},
    {'n', "narrow", NW_ARG_NONE, NULL, "narrow"},
    NW_OPT_END,
};
static const struct nw_tool wide_tool = {.name = "nw-wide", .options = wide_options};

/* Programming errors in a table: reported, then abort(). */
static struct nw_option big_options[70];
static const struct nw_tool big_tool = {.name = "nw-big", .options = big_options};
static const struct nw_option nameless_options[] = {
    {NW_LONG_TOOL_BASE, NULL, NW_ARG_NONE, NULL, "no name"}, NW_OPT_END};
static const struct nw_tool nameless_tool = {.name = "nw-nameless", .options = nameless_options};
static const struct nw_tool bare_tool = {
    .name = "nw-bare", .synopsis = NULL, .summary = NULL, .epilog = NULL, .options = bare_options};

/* Parse argv in this process: "id=arg" per option, then "|" and the operands. */
static const char *parse(const struct nw_tool *t, int argc, char **argv)
{
	static char buf[512];
	const char *arg;
	int id, first;
	size_t n = 0;

	buf[0] = '\0';
	while ((id = nw_cli_next(t, argc, argv, &arg, &first)) != -1) {
		if (id < 256)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%c", id);
		else
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%d", id);
		if (arg)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "=%s", arg);
		n += (size_t)snprintf(buf + n, sizeof buf - n, " ");
	}
	n += (size_t)snprintf(buf + n, sizeof buf - n, "|");
	for (int i = first; i < argc; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, " %s", argv[i]);
	return buf;
}

#define ARGV(...)  ((char *[]){"nw-test", __VA_ARGS__, NULL})
#define ARGC(...)  ((int)(sizeof((char *[]){"nw-test", __VA_ARGS__}) / sizeof(char *)))
#define PARSE(...) parse(&test_tool, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

static void test_parse(void)
{
	char *only[] = {"nw-test", NULL};

	CHECK_STR(parse(&test_tool, 1, only), "|");
	CHECK_STR(nw_progname, "nw-test");
	CHECK_STR(PARSE("-c", "5", "198.18.0.1"), "c=5 | 198.18.0.1");
	CHECK_STR(PARSE("-c5", "-q", "198.18.0.1"), "c=5 q | 198.18.0.1");
	CHECK_STR(PARSE("-qbc", "7"), "q b c=7 |");
	CHECK_STR(PARSE("--count", "3", "--count=4"), "c=3 c=4 |");
	CHECK_STR(PARSE("--cou", "3"), "c=3 |"); /* unambiguous abbreviation */
	CHECK_STR(PARSE("--json", "--scan", "198.18.0.0/24", "--rate=100"),
		  "256 512=198.18.0.0/24 513=100 |");
	CHECK_STR(PARSE("-x", "ff", "-xee"), "x=ff x=ee |");
	/* Operands and options mixed (GNU permutation), "--" ends the options. */
	CHECK_STR(PARSE("a", "-q", "b", "--count", "1", "c"), "q c=1 | a b c");
	CHECK_STR(PARSE("-q", "--", "-c", "--json"), "q | -c --json");
	CHECK_STR(PARSE("-", "-q"), "q | -");
	CHECK_STR(PARSE("-c", "-q"), "c=-q |"); /* an argument may look like an option */
	CHECK_STR(PARSE("--source-mac", "aa:bb:cc:dd:ee:ff", "-i", "0.5"),
		  "s=aa:bb:cc:dd:ee:ff i=0.5 |");
	/* The same argv storage parsed twice starts afresh each time. */
	CHECK_STR(PARSE("-q", "t"), "q | t");
	CHECK_STR(PARSE("-q", "t"), "q | t");
	/* Another table in the same process. */
	CHECK_STR(parse(&bare_tool, ARGC("-q", "x"), ARGV("-q", "x")), "q | x");
	CHECK_STR(nw_progname, "nw-bare");
	CHECK_STR(PARSE("-b"), "b |");
	CHECK_STR(nw_progname, "nw-test");
}

static char *mem;
static size_t mem_len;

static const char *capture(void (*fn)(const struct nw_tool *, FILE *), const struct nw_tool *t)
{
	static char buf[4096];
	FILE *f = open_memstream(&mem, &mem_len);
	fn(t, f);
	fclose(f);
	snprintf(buf, sizeof buf, "%s", mem);
	free(mem);
	mem = NULL;
	return buf;
}

static const char want_help[] =
    "Usage: nw-test [options] TARGET | --scan CIDR\n"
    "Test the option parser.\n"
    "Second summary line.\n"
    "\n"
    "Options:\n"
    "  -c, --count COUNT     stop after COUNT requests\n"
    "  -i, --interval TIME   wait TIME between requests\n"
    "  -s, --source-mac MAC  sender MAC address\n"
    "  -b, --broadcast       keep broadcasting\n"
    "  -x HEX                a short-only option\n"
    "      --scan CIDR       sweep every address of CIDR\n"
    "      --rate PPS        send at most PPS probes per second\n"
    "  -q, --quiet           print only the summary (or nothing) and rely on the exit status\n"
    "      --json            print JSON Lines (one object per line) for scripts\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show version and compiled-in features, and exit\n"
    "\n"
    "Exit status: 0 fine, 2 usage error.\n";

static const char want_list[] = "-c --count COUNT\n"
				"-i --interval TIME\n"
				"-s --source-mac MAC\n"
				"-b --broadcast\n"
				"-x HEX\n"
				"--scan CIDR\n"
				"--rate PPS\n"
				"-q --quiet\n"
				"--json\n"
				"-h --help\n"
				"-V --version\n";

static const char want_version[] = "nw-test (netwalk) " PACKAGE_VERSION "\n"
				   "features: " NW_FEATURES "\n";

static void test_texts(void)
{
	CHECK_STR(capture(nw_cli_help, &test_tool), want_help);
	CHECK_STR(capture(nw_cli_list_options, &test_tool), want_list);
	CHECK_STR(capture(nw_cli_version, &test_tool), want_version);
	CHECK_STR(capture(nw_cli_help, &bare_tool),
		  "Usage: nw-bare [options]\n\nOptions:\n"
		  "  -q, --quiet  print only the summary (or nothing) "
		  "and rely on the exit status\n");
	CHECK_STR(capture(nw_cli_list_options, &bare_tool), "-q --quiet\n");
	CHECK_STR(capture(nw_cli_help, &wide_tool), "Usage: nw-wide [options]\n\nOptions:\n"
						    "  -w, --a-really-long-option-name METAVAR\n"
						    "                wide\n"
						    "  -n, --narrow  narrow\n");
}

/* ---- in a child: exit status, stdout and stderr ---------------------------- */

struct result {
	int status; /* exit code, or 128 + signal */
	char out[4096], err[1024];
};

static void read_all(int fd, char *buf, size_t len)
{
	size_t n = 0;
	ssize_t r;
	while (n + 1 < len && (r = read(fd, buf + n, len - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	/* Drain the rest so the child never blocks on a full pipe. */
	char sink[256];
	while (read(fd, sink, sizeof sink) > 0)
		;
}

enum action { PARSE_ALL, USAGE, INVALID, FATAL, FATAL_ERRNO, FAMILIES, WARN, BIG, NAMELESS };

static void spawn(struct result *r, enum action what, int argc, char **argv)
{
	int po[2], pe[2], st;
	pid_t pid;

	memset(r, 0, sizeof *r);
	r->status = -1;
	fflush(stdout);
	fflush(stderr);
	if (pipe(po) != 0 || pipe(pe) != 0 || (pid = fork()) < 0) {
		CHECK(!"pipe/fork");
		return;
	}
	if (pid == 0) {
		dup2(po[1], STDOUT_FILENO);
		dup2(pe[1], STDERR_FILENO);
		close(po[0]);
		close(pe[0]);
		switch (what) {
		case PARSE_ALL:
			printf("%s\n", parse(&test_tool, argc, argv));
			exit(0);
		case USAGE:
			nw_usage_error("%s and %s exclude one another", "-D", "-U");
		case INVALID:
			nw_invalid("count", "abc", "not a number");
		case FATAL:
			nw_fatal("cannot open %s: %s", "eth9", "No such device");
		case FAMILIES: {
			int family = 0;
			nw_arg_family(&family, '6');
			nw_arg_family(&family, '6'); /* the same twice is fine */
			printf("%d\n", family == AF_INET6);
			nw_arg_family(&family, '4');
			exit(0);
		}
		case FATAL_ERRNO:
			errno = ENOENT;
			nw_fatal_errno("cannot read %s", "hints.txt");
		case WARN:
			nw_warn("%d replies from %s", 2, "aa:bb:cc:dd:ee:ff");
			exit(0);
		case BIG:
			parse(&big_tool, argc, argv);
			exit(0);
		case NAMELESS:
			parse(&nameless_tool, argc, argv);
			exit(0);
		}
		exit(99);
	}
	close(po[1]);
	close(pe[1]);
	read_all(po[0], r->out, sizeof r->out);
	read_all(pe[0], r->err, sizeof r->err);
	close(po[0]);
	close(pe[0]);
	if (waitpid(pid, &st, 0) == pid)
		r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#define SPAWN(r, ...) spawn(r, PARSE_ALL, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

/* A usage error: exit 2, and msg then the pointer to --help on stderr. */
#define CHECK_USAGE(r, msg, ...)                                                                   \
	do {                                                                                       \
		SPAWN(r, __VA_ARGS__);                                                             \
		CHECK_INT((r)->status, 2);                                                         \
		CHECK_STR((r)->err, "nw-test: " msg "\nTry 'nw-test --help'.\n");                  \
	} while (0)

static void test_exits(void)
{
	struct result r;

	SPAWN(&r, "-q", "host");
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, "q | host\n");
	CHECK_STR(r.err, "");

	SPAWN(&r, "--help");
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want_help);
	CHECK_STR(r.err, "");
	SPAWN(&r, "-q", "-h", "--count");
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want_help);

	SPAWN(&r, "-V");
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want_version);
	SPAWN(&r, "--version");
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want_version);

	SPAWN(&r, "--list-options");
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want_list);
	CHECK(!strstr(r.out, "list-options"));

	SPAWN(&r, "--foo");
	CHECK_INT(r.status, 2);
	CHECK_STR(r.out, "");
	CHECK_STR(r.err, "nw-test: unknown option '--foo'\nTry 'nw-test --help'.\n");
	CHECK_USAGE(&r, "unknown option '--foo'", "--foo=bar", "x");
	CHECK_USAGE(&r, "unknown option '-Z'", "-Z");
	CHECK_USAGE(&r, "unknown option '-Z'", "--json", "-qZb");
	SPAWN(&r, "--r", "1"); /* --rate or --... only --rate: fine */
	CHECK_INT(r.status, 0);
	CHECK_USAGE(&r, "ambiguous option '--s'", "--s", "1"); /* --source-mac or --scan */

	CHECK_USAGE(&r, "option '-c' needs an argument (COUNT)", "-c");
	CHECK_USAGE(&r, "option '-c' needs an argument (COUNT)", "-qc");
	CHECK_USAGE(&r, "option '--count' needs an argument (COUNT)", "host", "--count");
	CHECK_USAGE(&r, "option '--scan' needs an argument (CIDR)", "--scan");
	CHECK_USAGE(&r, "option '-x' needs an argument (HEX)", "-x");
	CHECK_USAGE(&r, "option '--json' takes no argument", "--json=yes");
	CHECK_USAGE(&r, "option '--quiet' takes no argument", "--quiet=1");

	/* nw_progname is the tool's name once parsing has begun (in this process it has). */
	spawn(&r, USAGE, 0, NULL);
	CHECK_INT(r.status, 2);
	CHECK_STR(r.err, "nw-test: -D and -U exclude one another\nTry 'nw-test --help'.\n");
	spawn(&r, INVALID, 0, NULL);
	CHECK_INT(r.status, 2);
	CHECK_STR(r.err, "nw-test: invalid count 'abc': not a number\nTry 'nw-test --help'.\n");
	spawn(&r, FATAL, 0, NULL);
	CHECK_INT(r.status, 3);
	CHECK_STR(r.err, "nw-test: cannot open eth9: No such device\n");
	spawn(&r, FAMILIES, 0, NULL);
	CHECK_INT(r.status, 2);
	CHECK_STR(r.out, "1\n");
	CHECK_STR(r.err, "nw-test: -4 and -6 exclude one another\nTry 'nw-test --help'.\n");
	spawn(&r, FATAL_ERRNO, 0, NULL);
	CHECK_INT(r.status, 3);
	CHECK_STR(r.err, "nw-test: cannot read hints.txt: No such file or directory\n");
	spawn(&r, WARN, 0, NULL);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.err, "nw-test: warning: 2 replies from aa:bb:cc:dd:ee:ff\n");

	for (int i = 0; i < 69; i++)
		big_options[i] =
		    (struct nw_option){NW_LONG_TOOL_BASE + i, "opt", NW_ARG_NONE, NULL, "x"};
	spawn(&r, BIG, ARGC("-q"), ARGV("-q"));
	CHECK_INT(r.status, 128 + SIGABRT);
	CHECK_STR(r.err, "nw-big: internal error: option table: more than 64 options\n");
	spawn(&r, NAMELESS, ARGC("-q"), ARGV("-q"));
	CHECK_INT(r.status, 128 + SIGABRT);
	CHECK_STR(r.err, "nw-nameless: internal error: option table: "
			 "a long-only option id without a long name\n");
}

int main(void)
{
	CHECK_STR(nw_progname, "netwalk"); /* before any parsing */
	test_parse();
	test_texts();
	test_exits();
	return nw_test_result("test_cli");
}
