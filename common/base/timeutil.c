/*
 * timeutil.c: monotonic and wall-clock time in int64 nanoseconds, and
 * timespec arithmetic that always returns normalised values
 * (0 <= tv_nsec < 1e9; a negative time has a negative tv_sec).
 */
#include "config.h"

#include <limits.h>
#include <stdbool.h>

#include "base/timeutil.h"

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	if (clock_gettime(id, &ts) != 0)
		return 0; /* cannot happen for the clocks used here */
	return nw_ts_to_ns(ts);
}

int64_t nw_mono_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

int64_t nw_realtime_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

int64_t nw_ts_to_ns(struct timespec ts)
{
	return (int64_t)ts.tv_sec * NW_NS_PER_S + (int64_t)ts.tv_nsec;
}

/* Floor division, so the nanoseconds are never negative. */
struct timespec nw_ns_to_ts(int64_t ns)
{
	struct timespec ts;
	int64_t sec = ns / NW_NS_PER_S, rem = ns % NW_NS_PER_S;
	if (rem < 0) {
		rem += NW_NS_PER_S;
		sec--;
	}
	ts.tv_sec = (time_t)sec;
	ts.tv_nsec = (long)rem;
	return ts;
}

/* sec + nsec, where nsec may be anything a sum or difference of two timespecs gives. */
static struct timespec normalise(int64_t sec, int64_t nsec)
{
	struct timespec ts;
	sec += nsec / NW_NS_PER_S;
	nsec %= NW_NS_PER_S;
	if (nsec < 0) {
		nsec += NW_NS_PER_S;
		sec--;
	}
	ts.tv_sec = (time_t)sec;
	ts.tv_nsec = (long)nsec;
	return ts;
}

struct timespec nw_ts_add(struct timespec a, struct timespec b)
{
	return normalise((int64_t)a.tv_sec + (int64_t)b.tv_sec,
			 (int64_t)a.tv_nsec + (int64_t)b.tv_nsec);
}

struct timespec nw_ts_sub(struct timespec a, struct timespec b)
{
	return normalise((int64_t)a.tv_sec - (int64_t)b.tv_sec,
			 (int64_t)a.tv_nsec - (int64_t)b.tv_nsec);
}

int nw_ts_cmp(struct timespec a, struct timespec b)
{
	a = normalise((int64_t)a.tv_sec, (int64_t)a.tv_nsec);
	b = normalise((int64_t)b.tv_sec, (int64_t)b.tv_nsec);
	if (a.tv_sec != b.tv_sec)
		return a.tv_sec < b.tv_sec ? -1 : 1;
	if (a.tv_nsec != b.tv_nsec)
		return a.tv_nsec < b.tv_nsec ? -1 : 1;
	return 0;
}

double nw_ns_to_ms(int64_t ns)
{
	return (double)ns / (double)NW_NS_PER_MS;
}

/*
 * Rounded up, so poll() never wakes before the deadline and spins: 1 ns
 * left is 1 ms, not 0.
 */
int nw_poll_timeout_ms(int64_t deadline_ns, int64_t now_ns)
{
	int64_t left;
	if (deadline_ns <= now_ns)
		return 0;
	if (__builtin_sub_overflow(deadline_ns, now_ns, &left))
		return INT_MAX;
	int64_t ms = left / NW_NS_PER_MS + (left % NW_NS_PER_MS != 0);
	return ms > INT_MAX ? INT_MAX : (int)ms;
}
