/* scan_internal.h: the scan model's state, shared by scan*.c; not an interface. */
#ifndef NW_PROBE_SCAN_INTERNAL_H
#define NW_PROBE_SCAN_INTERNAL_H

#include "probe/cookie.h"
#include "probe/cwnd.h"
#include "probe/scan.h"

/*
 * Which probes of [base, next) are decided, as a ring of bits: base is the
 * position, next the first probe not begun.  It grows (doubling) when
 * probes begun run further ahead of the position than it holds.
 */
struct nw_scan_pos {
	uint64_t base, next;
	uint64_t *bits;
	uint64_t nbits; /* a power of two, at least 64 */
};

int nw_scan_pos_init(struct nw_scan_pos *p, uint64_t start);
void nw_scan_pos_free(struct nw_scan_pos *p);
/* Probe next begins; -1 when out of memory. */
int nw_scan_pos_begin(struct nw_scan_pos *p);
/* Probe j (base <= j < next) is decided; base moves past what is. */
void nw_scan_pos_decide(struct nw_scan_pos *p, uint64_t j);
/* Whether probe j is decided (below base, or marked). */
bool nw_scan_pos_decided(const struct nw_scan_pos *p, uint64_t j);

struct nw_scan {
	struct nw_scan_config cfg;
	struct nw_scan_ops ops;
	void *ctx;
	struct nw_probe *engine;
	struct nw_scan_order order;
	struct nw_cookie cookie;
	uint64_t begin, end; /* the range of probe numbers */
	struct nw_scan_pos pos;
	bool draining, stopped;
	int64_t now; /* the last tick's time */
	int64_t first_send_ns, last_send_ns;
	double ceiling;			      /* the rate's bound (rate, max_rate); 0: none */
	struct nw_cwnd cwnd;		      /* adaptive: probes per wait (scan_rate.c) */
	const struct nw_scan_result *pending; /* the verdict of the answer being handed over */
	struct nw_scan_stats stats;
};

#define ICMP_UNREACH_NEEDFRAG 4 /* ICMP type 3's code for a path MTU matter, not a filter */

/* Whether an ICMP message (type, code) about a probe to family says the port is filtered. */
bool nw_scan_icmp_filters(int family, uint8_t type, uint8_t code);

/* Probe j's target: its address and port. */
void nw_scan_target(const struct nw_scan *s, uint64_t j, struct nw_addr *addr, uint16_t *port);
/* The probe key of j's send `attempt` (SYN: with its cookie and that attempt's source port);
 * false when no source of its family is set. */
bool nw_scan_key(const struct nw_scan *s, uint64_t j, unsigned attempt, struct nw_probe_key *k);
/* The probe number of (addr, port) if it is in the scan's range; -1 when not. */
int64_t nw_scan_number(const struct nw_scan *s, const struct nw_addr *addr, uint16_t port);
/* Hand verdict v, an answer to probe j, to the engine; counts late and duplicate ones. */
enum nw_scan_feed nw_scan_answer(struct nw_scan *s, uint64_t j, const struct nw_scan_result *v,
				 const struct nw_probe_answer *pa, const char **why);

/* With cfg.retries_max: a probe answered only by its last allowed send allows one more. */
void nw_scan_retries_learn(struct nw_scan *s, const struct nw_probe_result *res);
/* The most retries any probe of this scan can get (an answer's attempt is at most this). */
unsigned nw_scan_retries_cap(const struct nw_scan *s);

/* The rate to start at (the bound, or with cfg.adaptive the first window's pace). */
double nw_scan_rate_start(struct nw_scan *s);
/* A probe ended: with cfg.adaptive, the window learns from it and the pace follows. */
void nw_scan_rate_learn(struct nw_scan *s, const struct nw_probe_result *res);

#endif
