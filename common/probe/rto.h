/*
 * rto.h: the retransmission timeout of RFC 6298 for probes: SRTT and
 * RTTVAR from round-trip samples (2.2, 2.3, alpha 1/8, beta 1/4, K 4),
 * bounded by a minimum and a maximum (2.4, 2.5: the caller's, as probes
 * of a LAN or a DNS server want less than TCP's one second), and doubled
 * for each time a probe was sent again (5.5).  Karn's rule (section 3) is
 * the caller's: give only samples from probes sent once.
 */
#ifndef NW_PROBE_RTO_H
#define NW_PROBE_RTO_H

#include <stdbool.h>
#include <stdint.h>

struct nw_rto {
	int64_t srtt, rttvar; /* ns; 0 before the first sample */
	int64_t rto;	      /* ns, within [min, max] */
	int64_t min, max;
	uint64_t samples;
};

/* Before any sample the timeout is initial (RFC 6298 2.1 says 1 s), held within [min, max]. */
void nw_rto_init(struct nw_rto *r, int64_t initial, int64_t min, int64_t max);
/* A round trip of rtt ns from a probe sent once. */
void nw_rto_sample(struct nw_rto *r, int64_t rtt);
/* The wait after a probe's send number n (0: the first): rto * 2^n, at most max. */
int64_t nw_rto_backoff(const struct nw_rto *r, unsigned n);

#endif
