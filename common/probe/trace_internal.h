/* trace_internal.h: the traceroute model's state, shared by trace*.c; not an interface. */
#ifndef NW_PROBE_TRACE_INTERNAL_H
#define NW_PROBE_TRACE_INTERNAL_H

#include "probe/trace.h"

#define NW_TRACE_MTU_SIZES 16 /* cfg.mtu: the latest sizes probes went at, kept */

struct nw_trace {
	struct nw_trace_config cfg;
	struct nw_trace_ops ops;
	void *ctx;
	struct nw_probe *engine;
	struct nw_match *match;

	unsigned hop_count;		/* max_ttl - first_ttl + 1 */
	uint64_t probe_count;		/* hop_count * queries */
	struct nw_trace_hop *hops;	/* [hop_count] */
	struct nw_trace_reply *replies; /* [probe_count], probe number order */

	uint64_t next_probe; /* the generator's next probe number */
	unsigned end_ttl;    /* the path's last TTL as known so far */
	bool reached;
	unsigned next_hop; /* the next TTL to hand to on_hop */
	bool stopped;

	const struct nw_trace_reply *pending;	/* the answer being handed to the engine */
	const struct nw_probe_key *pending_key; /* the probe it answers, as filed */
	uint16_t icmp_flow_cksum;		/* paris ICMP: every echo's checksum */
	uint8_t *payload;			/* the payload being sent */
	size_t payload_cap;
	struct nw_trace_stats stats;
	unsigned wire_rtts, mono_rtts;

	/* cfg.mtu (trace_mtu.c) */
	size_t size;	    /* the size probes go at now */
	uint32_t pmtu_seen; /* the path MTU as of the last hop handed out */
	uint16_t *sent_len; /* [probe_count]: each probe's size at its last send */
	uint8_t *resends;   /* [probe_count]: sends again after a refusal */
	/* the sizes probes went at, oldest first (socket mode's paris word depends on it) */
	uint16_t sizes[NW_TRACE_MTU_SIZES];
	unsigned nsizes;
};

/* The packet of probe number s (its payload in t->payload, valid until the next call). */
void nw_trace_build(struct nw_trace *t, uint64_t s, struct nw_trace_packet *p);
/* The probe number of our own probe seen leaving; -1 when the packet is not one of ours. */
int64_t nw_trace_probe_number(const struct nw_trace *t, const struct nw_pkt *pkt);
/* The probe number of an answer a socket tied to a probe (nw_trace_feed_answer); -1: none. */
int64_t nw_trace_answer_number(struct nw_trace *t, const struct nw_trace_answer *a);
/* Setup of the fields every probe shares (the paris ICMP checksum, the payload buffer). */
int nw_trace_probe_setup(struct nw_trace *t, const char **why);
/* cfg.mtu's state; 0, or -1 with *why (out of memory). */
int nw_trace_mtu_setup(struct nw_trace *t, const char **why);
void nw_trace_mtu_free(struct nw_trace *t);
/* The IP length of the probes sent now. */
size_t nw_trace_size(const struct nw_trace *t);
/* Probe s left at the size of now. */
void nw_trace_mtu_sent(struct nw_trace *t, uint64_t s);
/* Whether probe s last left at size (always true without cfg.mtu). */
bool nw_trace_mtu_sent_at(const struct nw_trace *t, uint64_t s, size_t size);
/* t->pending, the answer to probe s, refused it as too big: true when s goes again, smaller. */
bool nw_trace_mtu_refused(struct nw_trace *t, uint64_t s);
/* Hop h is complete: its pmtu stays only where the path MTU fell. */
void nw_trace_mtu_hop(struct nw_trace *t, struct nw_trace_hop *h);
/* The path MTU up to the end of the path (0 without cfg.mtu). */
uint32_t nw_trace_mtu_path(const struct nw_trace *t);
/* The L3 and L4 header sizes of cfg's probes. */
size_t nw_trace_ip_hlen(const struct nw_trace_config *cfg);
size_t nw_trace_l4_hlen(const struct nw_trace_config *cfg);

#endif
