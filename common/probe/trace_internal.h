/* trace_internal.h: the traceroute model's state, shared by trace*.c; not an interface. */
#ifndef NW_PROBE_TRACE_INTERNAL_H
#define NW_PROBE_TRACE_INTERNAL_H

#include "probe/trace.h"

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

	const struct nw_trace_reply *pending; /* the answer being handed to the engine */
	uint16_t icmp_flow_cksum;	      /* paris ICMP: every echo's checksum */
	uint8_t *payload;		      /* the payload being sent */
	size_t payload_cap;
	struct nw_trace_stats stats;
	unsigned wire_rtts, mono_rtts;
};

/* The packet of probe number s (its payload in t->payload, valid until the next call). */
void nw_trace_build(struct nw_trace *t, uint64_t s, struct nw_trace_packet *p);
/* The probe number of our own probe seen leaving; -1 when the packet is not one of ours. */
int64_t nw_trace_probe_number(const struct nw_trace *t, const struct nw_pkt *pkt);
/* Setup of the fields every probe shares (the paris ICMP checksum, the payload buffer). */
int nw_trace_probe_setup(struct nw_trace *t, const char **why);
/* The L3 and L4 header sizes of cfg's probes. */
size_t nw_trace_ip_hlen(const struct nw_trace_config *cfg);
size_t nw_trace_l4_hlen(const struct nw_trace_config *cfg);

#endif
