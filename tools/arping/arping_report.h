/*
 * arping_report.h: every line or JSON object nw-arping prints
 * (arping_report.c).
 */
#ifndef NW_ARPING_REPORT_H
#define NW_ARPING_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "arping_session.h"

void report_start(struct arping_session *s);
void report_reply(struct arping_session *s, uint64_t seq, const struct arping_event *ev,
		  double rtt_ms, bool wire, const char *note);
void report_timeout(struct arping_session *s, uint64_t seq);
void report_foreign(struct arping_session *s, const struct arping_event *ev);
void report_conflict(struct arping_session *s, const struct arping_event *ev);
void report_in_use(struct arping_session *s, const struct arping_event *ev);
void report_sent(struct arping_session *s, uint64_t seq);
void report_host(struct arping_session *s, const struct arping_event *ev, double rtt_ms);
void report_summary(struct arping_session *s, int64_t elapsed_ns, int status);

#endif
