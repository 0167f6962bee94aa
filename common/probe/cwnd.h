/*
 * cwnd.h: a congestion window for probes, as nmap's timing (after RFC
 * 5681): how many probes may be in flight.  It grows by one per answer up
 * to ssthresh (slow start), then by one per window of answers (congestion
 * avoidance), up to max.  Loss shows when a probe sent again is answered
 * (the earlier send or its answer was lost, yet the target is there: a
 * silent target is not loss); then ssthresh and the window halve, once per
 * window of probes: losses of probes first sent before the last decrease
 * belong to the loss already counted.
 */
#ifndef NW_PROBE_CWND_H
#define NW_PROBE_CWND_H

#include <stdbool.h>
#include <stdint.h>

struct nw_cwnd {
	double cwnd, ssthresh;
	uint32_t min, max;
	int64_t decreased_at; /* when it last halved; INT64_MIN: never */
	uint64_t decreases;
};

/* Starts at initial (within [min, max]) with ssthresh max. */
void nw_cwnd_init(struct nw_cwnd *c, uint32_t initial, uint32_t min, uint32_t max);
/* A probe answered at its first send. */
void nw_cwnd_answered(struct nw_cwnd *c);
/* Loss shown at now by a probe first sent at first_sent; true when the window halved. */
bool nw_cwnd_loss(struct nw_cwnd *c, int64_t first_sent, int64_t now);
/* How many probes may be in flight now. */
uint32_t nw_cwnd_room(const struct nw_cwnd *c);

#endif
