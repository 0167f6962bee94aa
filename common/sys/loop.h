/*
 * loop.h: the one event loop every tool runs on: file descriptors, capture
 * handles, timers and signals, waited for in one poll() and handed to
 * callbacks.
 *
 * The model.  A tool makes a loop, registers what it waits for, each with a
 * callback and a context pointer, and calls nw_loop_run().  One iteration
 * polls every watched descriptor with the timeout of the earliest timer (or
 * the run's deadline), then dispatches, in this order: signals, ready
 * descriptors and captures (in the order they were added), and the timers
 * whose deadline has passed (earliest first, ties in the order they were
 * armed; the time for them is read after the descriptors' callbacks, so a
 * timer a descriptor callback arms at nw_mono_ns() runs once in the same
 * round: the way to do work once after every ready descriptor is read).
 * A callback may add, change or remove any watch or timer, and may
 * call nw_loop_stop(): no callback runs after it, and nw_loop_run() returns
 * (a stop before the run makes it return at once; the next run runs).
 * Callbacks run one at a time, never inside a signal handler.
 *
 * Time is CLOCK_MONOTONIC in int64 nanoseconds (base/timeutil.h).  A timer
 * never fires before its deadline; it fires late by the poll() granularity
 * (rounded up to the next millisecond) plus scheduling.  Timers are owned by
 * the caller (embed struct nw_timer in the probe or the session) and kept
 * in a binary heap: arming, re-arming and cancelling cost O(log n), so one
 * timer per probe is cheap.
 *
 * Signals (nw_loop_signal) arrive as events through a self-pipe: the
 * handler only writes the signal's number into a non-blocking pipe, and the
 * loop reads it and calls the callback.  Handlers are installed without
 * SA_RESTART, and the pipe wakes a poll() that is already sleeping, so a
 * signal interrupts any wait.  Handlers are process-wide: one loop at a time
 * may own signals; nw_loop_free() puts the previous dispositions back.
 *
 * Captures (nw_loop_add_cap) carry libpcap's quirks so tools do not: a
 * handle without a selectable descriptor, or one for which libpcap
 * requires a periodic wakeup (pcap_get_required_select_timeout), has its
 * callback called after every poll() and poll() never sleeps longer than
 * that period; a capture file is always ready.  The callback reads what is
 * there (nw_cap_next until 0) and may find nothing.
 *
 * nw_wait_fd() is the small sibling for code that waits on one descriptor
 * in sequence (a query, then its answer) and needs no loop.
 */
#ifndef NW_LOOP_H
#define NW_LOOP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys/capture.h"

struct nw_loop;
struct nw_timer;

/* fd: the descriptor (-1 for a capture without one); revents: poll()'s, 0 on a periodic wake. */
typedef void (*nw_fd_cb)(struct nw_loop *l, int fd, short revents, void *ctx);
typedef void (*nw_timer_cb)(struct nw_loop *l, struct nw_timer *t, void *ctx);
typedef void (*nw_signal_cb)(struct nw_loop *l, int sig, void *ctx);

/* A timer, owned by the caller; the fields are the loop's. */
struct nw_timer {
	int64_t deadline_ns; /* CLOCK_MONOTONIC */
	uint64_t seq;	     /* arming order, for ties */
	size_t slot;	     /* place in the heap; SIZE_MAX when not armed */
	nw_timer_cb cb;
	void *ctx;
};

/* NULL when out of memory. */
struct nw_loop *nw_loop_new(void);
/* Restores the signal dispositions it changed; closes no descriptor it was given. */
void nw_loop_free(struct nw_loop *l);

/*
 * Run until a callback calls nw_loop_stop() (1), deadline_ns passes (0; 0
 * means no deadline), or poll() fails (-1, errno set).  Returns 0 at once
 * when nothing is watched, armed or trapped and there is no deadline.
 */
int nw_loop_run(struct nw_loop *l, int64_t deadline_ns);
void nw_loop_stop(struct nw_loop *l);

/*
 * Watch fd for events (POLLIN, POLLOUT; 0: not for now).  Returns the
 * watch's id for nw_loop_set_events/nw_loop_del, or -1 when out of memory.
 */
int nw_loop_add_fd(struct nw_loop *l, int fd, short events, nw_fd_cb cb, void *ctx);
void nw_loop_set_events(struct nw_loop *l, int id, short events);
void nw_loop_del(struct nw_loop *l, int id);
/* Watch a capture handle (live or file) for packets to read; an id as above. */
int nw_loop_add_cap(struct nw_loop *l, const struct nw_cap *c, nw_fd_cb cb, void *ctx);

void nw_timer_init(struct nw_timer *t, nw_timer_cb cb, void *ctx);
/* Arm, or move if armed, to fire at deadline_ns (monotonic); -1 when out of memory. */
int nw_timer_at(struct nw_loop *l, struct nw_timer *t, int64_t deadline_ns);
void nw_timer_cancel(struct nw_loop *l, struct nw_timer *t); /* no-op when not armed */
bool nw_timer_armed(const struct nw_timer *t);

/* Deliver sig (SIGINT, SIGTERM, SIGALRM...) to cb as an event; -1 with errno on failure. */
int nw_loop_signal(struct nw_loop *l, int sig, nw_signal_cb cb, void *ctx);
/* SIGINT and SIGTERM, the ways a user ends a run, to cb. */
int nw_loop_on_interrupt(struct nw_loop *l, nw_signal_cb cb, void *ctx);

/* Wait until fd has one of events or deadline_ns passes: 1 ready, 0 timed out, -1 error. */
int nw_wait_fd(int fd, short events, int64_t deadline_ns);

#endif
