/* watch_json.h: nw-watch's JSON Lines: a "socket" object per socket, then a "summary". */
#ifndef NW_WATCH_JSON_H
#define NW_WATCH_JSON_H

#include "cli/json.h"
#include "watch_config.h"
#include "watch_snap.h"

/* The keys of one socket (state, addresses, queues, timer, processes) into an open object. */
void watch_json_sock_keys(struct nw_json *j, const struct watch_sock *w);
void watch_json_snapshot(const struct watch_snap *s, const struct watch_config *cfg);

#endif
