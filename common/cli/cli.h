/*
 * cli.h: the option vocabulary shared by every netwalk tool, and the
 * conventions around it: --help and --version, one-line errors that name
 * the tool and the bad value, and the exit codes.
 *
 * A tool declares its options once, as a table of struct nw_option (the
 * NW_OPT_* entries below for the shared ones).  --help is printed from the
 * table, and the hidden --list-options prints it for the test that checks
 * the man page and the completions against the code.
 */
#ifndef NW_CLI_H
#define NW_CLI_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes shared by the tools (each man page documents its meaning). */
#define NW_EXIT_OK	 0
#define NW_EXIT_NOANSWER 1
#define NW_EXIT_USAGE	 2
#define NW_EXIT_RUNTIME	 3
/* Stopped by a signal before its work was done: 128 + the signal, as a
 * shell reports a program the signal killed (curl: 130 after Ctrl-C). */
#define NW_EXIT_SIGNAL_BASE 128

enum nw_arg { NW_ARG_NONE, NW_ARG_REQUIRED };

struct nw_option {
	int id;		       /* the short option letter, or an NW_LONG_* value */
	const char *long_name; /* without "--"; NULL for a short-only option */
	enum nw_arg arg;
	const char *metavar; /* "COUNT"; NULL when arg is NW_ARG_NONE */
	const char *help;    /* one line */
};

/* Ids of long-only options (>= 256 so they cannot clash with letters). */
enum {
	NW_LONG_JSON = 256,
	NW_LONG_LIST_OPTIONS,
	NW_LONG_TOOL_BASE = 512 /* tools number their own long-only options from here */
};

/* The shared vocabulary.  Tools put the ones they support in their table. */
/* clang-format off */
#define NW_OPT_HELP {'h', "help", NW_ARG_NONE, NULL, "show this help and exit"}
#define NW_OPT_VERSION {'V', "version", NW_ARG_NONE, NULL, "show version and compiled-in features, and exit"}
#define NW_OPT_COUNT(help) {'c', "count", NW_ARG_REQUIRED, "COUNT", help}
#define NW_OPT_INTERVAL(help) {'i', "interval", NW_ARG_REQUIRED, "TIME", help}
#define NW_OPT_IFACE(help) {'I', "interface", NW_ARG_REQUIRED, "IFACE", help}
#define NW_OPT_DEADLINE(help) {'w', "deadline", NW_ARG_REQUIRED, "TIME", help}
#define NW_OPT_TIMEOUT(help) {'W', "timeout", NW_ARG_REQUIRED, "TIME", help}
#define NW_OPT_NUMERIC {'n', "numeric", NW_ARG_NONE, NULL, "do not resolve addresses to names"}
#define NW_OPT_QUIET {'q', "quiet", NW_ARG_NONE, NULL, "print only the summary (or nothing) and rely on the exit status"}
#define NW_OPT_IPV4 {'4', "ipv4", NW_ARG_NONE, NULL, "use IPv4"}
#define NW_OPT_IPV6 {'6', "ipv6", NW_ARG_NONE, NULL, "use IPv6"}
#define NW_OPT_JSON {NW_LONG_JSON, "json", NW_ARG_NONE, NULL, "print JSON Lines (one object per line) for scripts"}
#define NW_OPT_END {0, NULL, NW_ARG_NONE, NULL, NULL}
/* clang-format on */

struct nw_tool {
	const char *name;		 /* "nw-arping" */
	const char *synopsis;		 /* "[options] TARGET" */
	const char *summary;		 /* one line: what the tool does */
	const char *epilog;		 /* optional: exit codes etc., printed after the options */
	const struct nw_option *options; /* ends with NW_OPT_END */
};

/* The running tool's name, for messages ("nw-arping"). */
extern const char *nw_progname;

/*
 * getopt_long over the tool's table.  Returns the option id, or -1 at the
 * end of the options (then *optind_out is the index of the first operand).
 * --help, --version and --list-options are handled here (print, exit 0);
 * an unknown option or a missing argument is a usage error (exit 2).
 */
int nw_cli_next(const struct nw_tool *t, int argc, char **argv, const char **arg, int *optind_out);

void nw_cli_help(const struct nw_tool *t, FILE *f);
void nw_cli_version(const struct nw_tool *t, FILE *f);
void nw_cli_list_options(const struct nw_tool *t, FILE *f);

/*
 * Option arguments (cli_args.c): parse with num.h / addr.h, or end the tool
 * with "nw-tool: invalid WHAT 'VALUE': WHY" (exit 2).
 */
uint64_t nw_arg_uint(const char *what, const char *s, uint64_t min, uint64_t max);
/* A duration in nanoseconds; a bare number is in seconds. */
int64_t nw_arg_duration(const char *what, const char *s, int64_t min_ns, int64_t max_ns);
uint16_t nw_arg_port(const char *what, const char *s, uint16_t min_port);
void nw_arg_mac(const char *what, const char *s, uint8_t mac[6]);
/* -4 or -6 (id '4' or '6') into *family; both on one command line is a usage error. */
void nw_arg_family(int *family, int id);

/* "nw-tool: <message>" on stderr, then exit 2 with a hint to --help. */
_Noreturn void nw_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "nw-tool: invalid <what> '<value>': <why>", exit 2. */
_Noreturn void nw_invalid(const char *what, const char *value, const char *why);
/* "nw-tool: <message>" on stderr, exit 3 (runtime error). */
_Noreturn void nw_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "nw-tool: <message>: <strerror(errno)>" on stderr, exit 3, as err(3) does. */
_Noreturn void nw_fatal_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "nw-tool: warning: <message>" on stderr. */
void nw_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
