/* watch_follow.h: nw-watch -f, the polling backend: snapshots diffed every cfg->poll_ns. */
#ifndef NW_WATCH_FOLLOW_H
#define NW_WATCH_FOLLOW_H

#include "sys/sockdiag.h"
#include "watch_config.h"

/* Run until -c changes, -w, or SIGINT/SIGTERM; the exit status. */
int watch_follow(const struct watch_config *cfg, struct nw_sockdiag *d);

#endif
