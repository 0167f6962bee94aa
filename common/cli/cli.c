/*
 * cli.c: option parsing from a tool's table (getopt_long underneath, with
 * our own one-line messages), --help / --version / --list-options, and the
 * exit conventions: 2 for usage errors, 3 for runtime errors.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

const char *nw_progname = "netwalk";

/* A table larger than this is a programming error (reported, then abort). */
#define MAX_OPTIONS	64
#define HELP_COLUMN_MAX 30 /* wider option columns put the help on the next line */

static struct {
	const struct nw_tool *tool; /* the table the arrays were built from */
	char **argv;		    /* the argv being parsed; NULL when idle */
	char shortopts[1 + 2 * MAX_OPTIONS + 1];
	struct option longopts[MAX_OPTIONS + 2];
} cli;

static const struct nw_option list_options_opt = {NW_LONG_LIST_OPTIONS, "list-options", NW_ARG_NONE,
						  NULL, NULL};

static const char *tool_name(const struct nw_tool *t)
{
	return t && t->name ? t->name : "netwalk";
}

_Noreturn static void table_bug(const struct nw_tool *t, const char *what)
{
	fprintf(stderr, "%s: internal error: option table: %s\n", tool_name(t), what);
	abort();
}

static bool is_short(int id)
{
	return id > 0 && id < 256;
}

static const struct nw_option *find_option(const struct nw_tool *t, int id)
{
	if (id == NW_LONG_LIST_OPTIONS)
		return &list_options_opt;
	for (const struct nw_option *o = t->options; o && o->id; o++) {
		if (o->id == id)
			return o;
	}
	return NULL;
}

static bool is_named(const struct nw_option *o, const char *name)
{
	return o->long_name && strcmp(o->long_name, name) == 0;
}

static void build(const struct nw_tool *t)
{
	size_t ns = 0, nl = 0, n = 0;

	cli.shortopts[ns++] = ':'; /* a missing argument returns ':', not '?' */
	for (const struct nw_option *o = t->options; o && o->id; o++, n++) {
		if (n >= MAX_OPTIONS)
			table_bug(t, "more than 64 options");
		if (is_short(o->id)) {
			if (!((o->id >= 'a' && o->id <= 'z') || (o->id >= 'A' && o->id <= 'Z') ||
			      (o->id >= '0' && o->id <= '9')))
				table_bug(t, "a short option that is not a letter or a digit");
			if (memchr(cli.shortopts + 1, o->id, ns - 1))
				table_bug(t, "a short option given twice");
			cli.shortopts[ns++] = (char)o->id;
			if (o->arg == NW_ARG_REQUIRED)
				cli.shortopts[ns++] = ':';
		} else if (!o->long_name) {
			table_bug(t, "a long-only option id without a long name");
		}
		if (o->long_name) {
			cli.longopts[nl].name = o->long_name;
			cli.longopts[nl].has_arg =
			    o->arg == NW_ARG_REQUIRED ? required_argument : no_argument;
			cli.longopts[nl].flag = NULL;
			cli.longopts[nl].val = o->id;
			nl++;
		}
	}
	cli.shortopts[ns] = '\0';
	cli.longopts[nl++] =
	    (struct option){list_options_opt.long_name, no_argument, NULL, NW_LONG_LIST_OPTIONS};
	cli.longopts[nl] = (struct option){NULL, 0, NULL, 0};
	cli.tool = t;
}

/* Start getopt afresh (a new argv, a new table, or after the last parse ended). */
static void getopt_restart(void)
{
#if defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__) ||                         \
    defined(__DragonFly__) || defined(__APPLE__)
	optreset = 1;
	optind = 1;
#else
	optind = 0; /* glibc and musl: full re-initialisation */
#endif
	opterr = 0;
}

static void finish_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: error writing to standard output\n", nw_progname);
		exit(NW_EXIT_RUNTIME);
	}
	exit(NW_EXIT_OK);
}

/* "--foo=bar" -> "--foo" (at most 64 characters), for messages. */
static const char *option_word(const char *arg, char *buf, size_t len)
{
	size_t n = strcspn(arg, "=");
	if (n >= len)
		n = len - 1;
	memcpy(buf, arg, n);
	buf[n] = '\0';
	return buf;
}

/* How the user spelled option o, judging by the argument getopt just read. */
static void spelled(const struct nw_option *o, int argc, char **argv, char *buf, size_t len)
{
	int i = optind - 1;
	bool long_form = !is_short(o->id) ||
			 (o->long_name && i > 0 && i < argc && strncmp(argv[i], "--", 2) == 0);
	if (long_form)
		snprintf(buf, len, "--%s", o->long_name);
	else
		snprintf(buf, len, "-%c", o->id);
}

/* Is "--xy" a prefix of two or more long options (and of none exactly)? */
static bool ambiguous(const char *word)
{
	size_t n = strlen(word), hits = 0;
	for (const struct option *lo = cli.longopts; lo->name; lo++) {
		if (strncmp(lo->name, word, n) == 0) {
			if (lo->name[n] == '\0')
				return false;
			hits++;
		}
	}
	return hits > 1;
}

int nw_cli_next(const struct nw_tool *t, int argc, char **argv, const char **arg, int *optind_out)
{
	char word[72];
	int c;

	if (cli.tool != t)
		build(t);
	if (cli.argv != argv) {
		cli.argv = argv;
		nw_progname = tool_name(t);
		getopt_restart();
	}
	opterr = 0;
	*arg = NULL;

	c = getopt_long(argc, argv, cli.shortopts, cli.longopts, NULL);
	if (c == -1) {
		*optind_out = optind;
		cli.argv = NULL; /* the next call starts a new parse */
		return -1;
	}
	if (c == ':') {
		const struct nw_option *o = find_option(t, optopt);
		if (!o)
			nw_usage_error("option needs an argument");
		spelled(o, argc, argv, word, sizeof word);
		nw_usage_error("option '%s' needs an argument (%s)", word,
			       o->metavar ? o->metavar : "ARG");
	}
	if (c == '?') {
		const struct nw_option *o = optopt ? find_option(t, optopt) : NULL;
		if (o && o->long_name) /* "--json=1": a known long option given an argument */
			nw_usage_error("option '--%s' takes no argument", o->long_name);
		if (optopt && is_short(optopt))
			nw_usage_error("unknown option '-%c'", optopt);
		const char *a = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
		option_word(a, word, sizeof word);
		if (strncmp(word, "--", 2) == 0 && ambiguous(word + 2))
			nw_usage_error("ambiguous option '%s'", word);
		nw_usage_error("unknown option '%s'", word);
	}

	const struct nw_option *o = find_option(t, c);
	if (c == NW_LONG_LIST_OPTIONS) {
		nw_cli_list_options(t, stdout);
		finish_stdout();
	}
	if (o && is_named(o, "help")) {
		nw_cli_help(t, stdout);
		finish_stdout();
	}
	if (o && is_named(o, "version")) {
		nw_cli_version(t, stdout);
		finish_stdout();
	}
	*arg = optarg;
	return c;
}

/* "  -c, --count COUNT", "      --json", "  -q": the left column of --help. */
static int left_column(const struct nw_option *o, char *buf, size_t len)
{
	int n;
	const char *mv = o->arg == NW_ARG_REQUIRED ? (o->metavar ? o->metavar : "ARG") : NULL;

	if (is_short(o->id) && o->long_name)
		n = snprintf(buf, len, "  -%c, --%s", o->id, o->long_name);
	else if (is_short(o->id))
		n = snprintf(buf, len, "  -%c", o->id);
	else
		n = snprintf(buf, len, "      --%s", o->long_name ? o->long_name : "?");
	if (mv && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " %s", mv);
	return n < 0 ? 0 : (size_t)n >= len ? (int)len - 1 : n;
}

void nw_cli_help(const struct nw_tool *t, FILE *f)
{
	char buf[128];
	int width = 0;

	fprintf(f, "Usage: %s %s\n", tool_name(t), t->synopsis ? t->synopsis : "[options]");
	if (t->summary)
		fprintf(f, "%s\n", t->summary);
	for (const struct nw_option *o = t->options; o && o->id; o++) {
		int n = left_column(o, buf, sizeof buf);
		if (n <= HELP_COLUMN_MAX && n > width)
			width = n;
	}
	if (t->options && t->options->id) {
		fputs("\nOptions:\n", f);
		for (const struct nw_option *o = t->options; o->id; o++) {
			int n = left_column(o, buf, sizeof buf);
			if (n > width)
				fprintf(f, "%s\n%*s%s\n", buf, width + 2, "",
					o->help ? o->help : "");
			else
				fprintf(f, "%-*s  %s\n", width, buf, o->help ? o->help : "");
		}
	}
	if (t->epilog)
		fprintf(f, "\n%s\n", t->epilog);
}

void nw_cli_version(const struct nw_tool *t, FILE *f)
{
	fprintf(f, "%s (%s) %s\n", tool_name(t), PACKAGE_NAME, PACKAGE_VERSION);
	fprintf(f, "features: %s\n", NW_FEATURES);
}

/* One line per option in table order: "-c --count COUNT", "--json", "-h --help". */
void nw_cli_list_options(const struct nw_tool *t, FILE *f)
{
	for (const struct nw_option *o = t->options; o && o->id; o++) {
		const char *sep = "";
		if (is_short(o->id)) {
			fprintf(f, "-%c", o->id);
			sep = " ";
		}
		if (o->long_name) {
			fprintf(f, "%s--%s", sep, o->long_name);
			sep = " ";
		}
		if (o->arg == NW_ARG_REQUIRED)
			fprintf(f, "%s%s", sep, o->metavar ? o->metavar : "ARG");
		putc('\n', f);
	}
}

__attribute__((format(printf, 2, 0))) static void vmessage(const char *prefix, const char *fmt,
							   va_list ap)
{
	fflush(stdout); /* keep the order when both go to one terminal or file */
	fprintf(stderr, "%s: %s", nw_progname, prefix);
	vfprintf(stderr, fmt, ap);
	putc('\n', stderr);
}

static _Noreturn void usage_exit(void)
{
	fprintf(stderr, "Try '%s --help'.\n", nw_progname);
	exit(NW_EXIT_USAGE);
}

void nw_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
	usage_exit();
}

void nw_invalid(const char *what, const char *value, const char *why)
{
	fflush(stdout);
	fprintf(stderr, "%s: invalid %s '%s': %s\n", nw_progname, what, value ? value : "",
		why ? why : "invalid");
	usage_exit();
}

void nw_fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
	exit(NW_EXIT_RUNTIME);
}

void nw_fatal_errno(const char *fmt, ...)
{
	int e = errno;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nw_fatal("%s: %s", msg, strerror(e));
}

void nw_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("warning: ", fmt, ap);
	va_end(ap);
}
