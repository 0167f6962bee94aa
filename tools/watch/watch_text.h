/* watch_text.h: nw-watch's text output: the snapshot as ss -tan lays it out, and the counts. */
#ifndef NW_WATCH_TEXT_H
#define NW_WATCH_TEXT_H

#include <stddef.h>

#include "watch_config.h"
#include "watch_diff.h"
#include "watch_snap.h"
#include "watch_stats.h"
#include "watch_summary.h"

/* "127.0.0.1:7001", "[::1]:7002", "0.0.0.0:*" (port 0) into buf. */
const char *watch_endpoint(const struct nw_addr *a, uint16_t port, char *buf, size_t len);
/* "1234/nginx,1240/nginx" for the owners, or why there is none ("-" when not found). */
const char *watch_owner_text(const struct watch_sock *s, char *buf, size_t len);
void watch_text_snapshot(const struct watch_snap *s, const struct watch_config *cfg);
/* On stderr: the processes whose descriptors could not be read, naming the capabilities. */
void watch_warn_owners(const struct watch_snap *s);
/* -f: the first line (the backend, what it can miss), each change, the last line. */
void watch_text_follow_start(const struct watch_stats *st, const struct watch_config *cfg);
void watch_text_change(const struct watch_change *c, const struct watch_stats *st);
/* The last line, then with sum (--summary) the connections, transitions and durations. */
void watch_text_follow_end(const struct watch_stats *st, const struct watch_summary *sum,
			   const struct watch_config *cfg);

#endif
