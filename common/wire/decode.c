/*
 * decode.c: decode a whole captured frame, link layer up to ICMP/ICMPv6/UDP/
 * TCP, by calling the per-layer parsers in turn (nw_decode).
 */
#include "config.h"

#include <stddef.h>
#include <sys/socket.h>

#include "wire/parse_internal.h"

/*
 * Record a layer's outcome; true when decoding may go on.  (The parse is
 * called before this, never in its argument list next to why: the order in
 * which arguments are evaluated is unspecified.)
 */
static bool layer_done(struct nw_pkt *pkt, unsigned layer, enum nw_status st, const char *why)
{
	if (st == NW_OK) {
		pkt->layers |= layer;
		return true;
	}
	pkt->status = st;
	pkt->error = why ? why : nw_status_name(st);
	pkt->error_layer = layer;
	return false;
}

/*
 * ICMP (v6 false) or ICMPv6, then the RFC 4884 extensions of an error
 * captured whole (the structure runs to the message's end and its checksum
 * covers all of it).  nw_parse_icmpext looks at the type first: cheap for
 * the other messages.
 */
static void decode_icmp(struct nw_buf *b, bool v6, struct nw_pkt *pkt)
{
	const struct nw_buf msg = *b;
	const char *why = NULL;
	enum nw_status st;

	if (v6)
		st = nw_parse_icmpv6(b, &pkt->icmp6, &why);
	else
		st = nw_parse_icmp(b, &pkt->icmp, &why);
	if (!layer_done(pkt, v6 ? NW_HAS_ICMPV6 : NW_HAS_ICMP, st, why))
		return;
	if (v6 ? pkt->ip6.truncated_payload : pkt->ip4.truncated_payload)
		return;
	st = nw_parse_icmpext(&msg, v6 ? AF_INET6 : AF_INET, &pkt->icmpext, &why);
	if (pkt->icmpext.present)
		layer_done(pkt, NW_HAS_ICMPEXT, st, why);
}

/* The transport layer over IPv4 (v6 false) or IPv6 (v6 true). */
static void decode_transport(struct nw_buf *b, uint8_t proto, bool v6, struct nw_pkt *pkt)
{
	const char *why = NULL;
	enum nw_status st;
	unsigned layer;

	if (proto == (v6 ? NW_IPPROTO_ICMPV6 : NW_IPPROTO_ICMP)) {
		decode_icmp(b, v6, pkt);
		return;
	}
	if (proto == NW_IPPROTO_UDP) {
		layer = NW_HAS_UDP;
		st = nw_parse_udp(b, &pkt->udp, &why);
	} else if (proto == NW_IPPROTO_TCP) {
		layer = NW_HAS_TCP;
		st = nw_parse_tcp(b, &pkt->tcp, &why);
	} else {
		return; /* not decoded above IP: fine */
	}
	layer_done(pkt, layer, st, why);
}

static void decode_ipv4(struct nw_buf *b, struct nw_pkt *pkt)
{
	const char *why = NULL;
	enum nw_status st = nw_parse_ipv4(b, &pkt->ip4, &why);

	if (!layer_done(pkt, NW_HAS_IPV4, st, why))
		return;
	if (pkt->ip4.frag_offset == 0)
		decode_transport(b, pkt->ip4.proto, false, pkt);
}

static void decode_ipv6(struct nw_buf *b, struct nw_pkt *pkt)
{
	const char *why = NULL;
	enum nw_status st = nw_parse_ipv6(b, &pkt->ip6, &why);

	if (!layer_done(pkt, NW_HAS_IPV6, st, why))
		return;
	if (!pkt->ip6.is_fragment || pkt->ip6.frag_offset == 0)
		decode_transport(b, pkt->ip6.proto, true, pkt);
}

enum nw_status nw_decode(int linktype, const uint8_t *data, size_t caplen, struct nw_pkt *pkt)
{
	struct nw_buf b;
	const char *why = NULL;
	enum nw_status st;

	memset(pkt, 0, offsetof(struct nw_pkt, icmpext));
	pkt->icmpext.present = false;
	nw_buf_init(&b, data, caplen);
	st = nw_parse_link(linktype, &b, &pkt->link, &why);
	if (!layer_done(pkt, NW_HAS_LINK, st, why))
		return pkt->status;
	switch (pkt->link.ethertype) {
	case NW_ETHERTYPE_ARP:
		st = nw_parse_arp(&b, &pkt->arp, &why);
		layer_done(pkt, NW_HAS_ARP, st, why);
		break;
	case NW_ETHERTYPE_IPV4:
		decode_ipv4(&b, pkt);
		break;
	case NW_ETHERTYPE_IPV6:
		decode_ipv6(&b, pkt);
		break;
	default:
		break;
	}
	return pkt->status;
}

bool nw_pkt_ip_addrs(const struct nw_pkt *pkt, struct nw_addr *src, struct nw_addr *dst)
{
	if (pkt->layers & NW_HAS_IPV4) {
		nw_addr_from_v4(src, pkt->ip4.src);
		nw_addr_from_v4(dst, pkt->ip4.dst);
		return true;
	}
	if (pkt->layers & NW_HAS_IPV6) {
		nw_addr_from_v6(src, &pkt->ip6.src);
		nw_addr_from_v6(dst, &pkt->ip6.dst);
		return true;
	}
	return false;
}
