/*
 * output.h: human output conventions: colour only on a TTY and never when
 * NO_COLOR is set (https://no-color.org), progress on stderr only when
 * stderr is a TTY.
 */
#ifndef NW_OUTPUT_H
#define NW_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

enum nw_color { NW_RESET, NW_BOLD, NW_DIM, NW_RED, NW_GREEN, NW_YELLOW, NW_BLUE, NW_CYAN };

/* Decide once whether stdout gets colour (TTY, NO_COLOR unset, TERM != dumb). */
void nw_output_init(void);
bool nw_color_enabled(void);
void nw_color_force(bool on); /* for tests */
/* Escape sequence for c, or "" when colour is off. */
const char *nw_color(enum nw_color c);
bool nw_progress_wanted(void); /* stderr is a TTY */

#endif
