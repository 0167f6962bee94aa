/*
 * timeutil.h: monotonic time and timespec arithmetic.  Internally times
 * are int64 nanoseconds; timespec appears where the OS hands us one.
 */
#ifndef NW_TIMEUTIL_H
#define NW_TIMEUTIL_H

#include <stdint.h>
#include <time.h>

#define NW_NS_PER_US INT64_C(1000)
#define NW_NS_PER_MS INT64_C(1000000)
#define NW_NS_PER_S  INT64_C(1000000000)

int64_t nw_mono_ns(void);     /* CLOCK_MONOTONIC */
int64_t nw_realtime_ns(void); /* CLOCK_REALTIME: the clock pcap stamps with */
int64_t nw_ts_to_ns(struct timespec ts);
struct timespec nw_ns_to_ts(int64_t ns);
struct timespec nw_ts_add(struct timespec a, struct timespec b);
struct timespec nw_ts_sub(struct timespec a, struct timespec b);
int nw_ts_cmp(struct timespec a, struct timespec b);
double nw_ns_to_ms(int64_t ns);
/* Milliseconds until deadline_ns (monotonic), clamped to [0, INT_MAX], for poll(). */
int nw_poll_timeout_ms(int64_t deadline_ns, int64_t now_ns);

#endif
