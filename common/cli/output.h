/*
 * output.h: human output conventions: colour only on a TTY and never when
 * NO_COLOR is set (https://no-color.org), progress on stderr only when
 * stderr is a TTY.
 */
#ifndef NW_OUTPUT_H
#define NW_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum nw_color { NW_RESET, NW_BOLD, NW_DIM, NW_RED, NW_GREEN, NW_YELLOW, NW_BLUE, NW_CYAN };

/* Decide once whether stdout gets colour (TTY, NO_COLOR unset, TERM != dumb). */
void nw_output_init(void);
bool nw_color_enabled(void);
void nw_color_force(bool on); /* for tests */
/* Escape sequence for c, or "" when colour is off. */
const char *nw_color(enum nw_color c);
bool nw_progress_wanted(void); /* stderr is a TTY */
/* one when n is 1, else many: "1 address", "2 addresses". */
const char *nw_plural(unsigned long long n, const char *one, const char *many);

/*
 * A progress line on stderr, redrawn in place ("\r", erase line) at most
 * 10 times a second, and only when stderr is a terminal; zero-initialise.
 * nw_progress_clear() erases it (before other output, and at the end).
 */
struct nw_progress {
	int64_t last_ns;
	bool shown;
	signed char tty; /* stderr a terminal: 0 not asked yet, 1 yes, -1 no */
};
void nw_progress_show(struct nw_progress *p, int64_t now_ns, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void nw_progress_clear(struct nw_progress *p);

#endif
