/* watch.h: nw-watch's core: the snapshot (and, with -f, the changes) of the sockets cfg selects. */
#ifndef NW_WATCH_H
#define NW_WATCH_H

#include "watch_config.h"

/* The exit status: 0, or 3 after a runtime error (printed). */
int watch_run(const struct watch_config *cfg);

#endif
