/*
 * tcpfeed.c: which decoded frames feed the connection table, with their
 * endpoints and tshark's segment length.
 */
#include "config.h"

#include <netinet/in.h>

#include "base/timeutil.h"
#include "tcp/tcpfeed.h"

#define EXPIRE_EVERY_NS NW_NS_PER_S

/* tcp.len as tshark has it: from the IP length, whatever the snap length cut. */
static uint32_t wire_seglen(const struct nw_pkt *p)
{
	size_t hdr = p->tcp.doff;

	if ((p->layers & NW_HAS_IPV4) && p->ip4.total_len >= p->ip4.ihl + hdr)
		return (uint32_t)(p->ip4.total_len - p->ip4.ihl - hdr);
	if ((p->layers & NW_HAS_IPV6) && p->ip6.ext_count == 0 && p->ip6.payload_len >= hdr)
		return (uint32_t)(p->ip6.payload_len - hdr);
	return (uint32_t)p->tcp.payload_len;
}

enum nw_tcpfeed_kind nw_tcpfeed_classify(const struct nw_pkt *p, struct nw_tcpfeed_seg *out,
					 const char **why)
{
	bool ip = p->layers & (NW_HAS_IPV4 | NW_HAS_IPV6);
	uint8_t proto = (p->layers & NW_HAS_IPV4) ? p->ip4.proto : p->ip6.proto;

	*why = NULL;
	if ((p->layers & NW_HAS_TCP) && nw_pkt_ip_addrs(p, &out->src, &out->dst)) {
		out->tcp = &p->tcp;
		out->seglen = wire_seglen(p);
		return NW_TCPFEED_SEGMENT;
	}
	/* A first fragment or a cut frame whose TCP header does not decode is broken TCP. */
	if (p->status != NW_OK && (p->error_layer == NW_HAS_TCP || (ip && proto == IPPROTO_TCP))) {
		*why = p->error ? p->error : nw_status_name(p->status);
		return NW_TCPFEED_BAD_TCP;
	}
	return NW_TCPFEED_NOT_TCP;
}

void nw_tcpfeed_expire(struct nw_tcptab *tab, int64_t now_ns, int64_t *last_ns)
{
	if (now_ns - *last_ns < EXPIRE_EVERY_NS)
		return;
	nw_tcptab_expire(tab, now_ns);
	*last_ns = now_ns;
}
