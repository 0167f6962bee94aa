/*
 * output.c: colour on stdout only when it is a terminal, NO_COLOR is unset
 * or empty (https://no-color.org) and TERM is not "dumb", decided once in
 * nw_output_init(); progress on stderr only when stderr is a terminal.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/output.h"

static bool color_on;

void nw_output_init(void)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	color_on = isatty(STDOUT_FILENO) && !(no_color && no_color[0]) &&
		   !(term && strcmp(term, "dumb") == 0);
}

bool nw_color_enabled(void)
{
	return color_on;
}

void nw_color_force(bool on)
{
	color_on = on;
}

const char *nw_color(enum nw_color c)
{
	static const char *const seq[] = {
	    [NW_RESET] = "\033[0m", [NW_BOLD] = "\033[1m",   [NW_DIM] = "\033[2m",
	    [NW_RED] = "\033[31m",  [NW_GREEN] = "\033[32m", [NW_YELLOW] = "\033[33m",
	    [NW_BLUE] = "\033[34m", [NW_CYAN] = "\033[36m",
	};
	if (!color_on || (unsigned)c >= sizeof seq / sizeof seq[0] || !seq[c])
		return "";
	return seq[c];
}

bool nw_progress_wanted(void)
{
	return isatty(STDERR_FILENO);
}

void nw_progress_show(struct nw_progress *p, int64_t now_ns, const char *fmt, ...)
{
	va_list ap;

	if (p->tty == 0)
		p->tty = nw_progress_wanted() ? 1 : -1;
	if (p->tty < 0 || (p->shown && now_ns - p->last_ns < 100 * 1000 * 1000)) /* 100 ms */
		return;
	p->last_ns = now_ns;
	p->shown = true;
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

void nw_progress_clear(struct nw_progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->shown = false;
}

const char *nw_plural(unsigned long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}
