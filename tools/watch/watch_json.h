/* watch_json.h: nw-watch's JSON Lines: a "socket" object per socket, then a "summary". */
#ifndef NW_WATCH_JSON_H
#define NW_WATCH_JSON_H

#include "cli/json.h"
#include "watch_config.h"
#include "watch_diff.h"
#include "watch_snap.h"
#include "watch_stats.h"
#include "watch_summary.h"

/* The keys of one socket (state, addresses, queues, timer, processes) into an open object. */
void watch_json_sock_keys(struct nw_json *j, const struct watch_sock *w);
void watch_json_snapshot(const struct watch_snap *s, const struct watch_config *cfg);
/* -f: a "start" object, a "change" per change, a "summary". */
void watch_json_follow_start(const struct watch_stats *st, const struct watch_config *cfg);
void watch_json_change(const struct watch_change *c, const struct watch_stats *st);
/* The "summary" object; with sum (--summary), its connections, transitions and durations too. */
void watch_json_follow_end(const struct watch_stats *st, const struct watch_summary *sum);

#endif
