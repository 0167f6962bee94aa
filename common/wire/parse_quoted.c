/*
 * parse_quoted.c: the invoking datagram quoted in ICMP errors (RFC 792: IP
 * header plus 8 bytes) and ICMPv6 errors (RFC 4443 2.4(c): as much as fits):
 * addresses, protocol, and the ports or echo identifiers of its first 8 bytes.
 */
#include "config.h"

#include <stdint.h>
#include <sys/socket.h>

#include "wire/parse_internal.h"

#define ICMP_ECHO_REPLY	    0
#define ICMP_ECHO	    8
#define ICMPV6_ECHO_REQUEST 128
#define ICMPV6_ECHO_REPLY   129

#define TCP_SEQ_TO_CHECKSUM 8 /* acknowledgment, offset and flags, window */

/*
 * UDP/TCP: the ports, and what follows when it was quoted: UDP's length and
 * checksum; TCP's sequence number and (past the 8 bytes RFC 792 promises)
 * its checksum.
 */
static void quoted_ports(struct nw_buf *b, struct nw_quoted *q)
{
	uint16_t udp_len;

	if (!nw_buf_u16(b, &q->sport) || !nw_buf_u16(b, &q->dport))
		return;
	q->has_ports = true;
	if (q->proto == NW_IPPROTO_TCP) {
		q->has_checksum = nw_buf_u32(b, &q->tcp_seq) &&
				  nw_buf_skip(b, TCP_SEQ_TO_CHECKSUM) &&
				  nw_buf_u16(b, &q->checksum);
		return;
	}
	q->has_checksum = nw_buf_u16(b, &udp_len) && nw_buf_u16(b, &q->checksum);
}

/* ICMP/ICMPv6 echo: identifier and sequence number. */
static void quoted_echo(struct nw_buf *b, struct nw_quoted *q, uint8_t req, uint8_t rep)
{
	uint8_t type, code;
	uint16_t cksum;

	if (!nw_buf_u8(b, &type) || (type != req && type != rep) || !nw_buf_u8(b, &code) ||
	    !nw_buf_u16(b, &cksum) || !nw_buf_u16(b, &q->echo_id) || !nw_buf_u16(b, &q->echo_seq))
		return;
	q->has_icmp_echo = true;
	q->has_ports = true;
	q->has_checksum = true;
	q->checksum = cksum;
}

static void quoted_transport(struct nw_buf *b, struct nw_quoted *q)
{
	q->l4_len = nw_buf_left(b);
	switch (q->proto) {
	case NW_IPPROTO_UDP:
	case NW_IPPROTO_TCP:
		quoted_ports(b, q);
		break;
	case NW_IPPROTO_ICMP:
		if (q->family == AF_INET)
			quoted_echo(b, q, ICMP_ECHO, ICMP_ECHO_REPLY);
		break;
	case NW_IPPROTO_ICMPV6:
		if (q->family == AF_INET6)
			quoted_echo(b, q, ICMPV6_ECHO_REQUEST, ICMPV6_ECHO_REPLY);
		break;
	default:
		break;
	}
}

static void quoted_ipv4(struct nw_buf *b, struct nw_quoted *q)
{
	struct nw_ipv4 ip;

	if (nw_parse_ipv4(b, &ip, NULL) != NW_OK)
		return;
	q->present = true;
	q->proto = ip.proto;
	q->ttl = ip.ttl;
	q->ip_id = ip.id;
	q->ip_len = ip.total_len;
	/* nw_parse_ipv4: total_len >= ihl, or 0 (as a TSO capture shows it: not known) */
	q->l4_declared = ip.total_len ? (size_t)(ip.total_len - ip.ihl) : SIZE_MAX;
	q->src.v4 = ip.src;
	q->dst.v4 = ip.dst;
	if (ip.frag_offset == 0)
		quoted_transport(b, q);
}

/* The fixed header must be whole; a chain cut short only loses the ports. */
static void quoted_ipv6(struct nw_buf *b, struct nw_quoted *q)
{
	struct nw_ipv6 ip;
	uint32_t vtf;
	uint16_t plen;
	size_t chain;

	memset(&ip, 0, sizeof(ip));
	if (!nw_buf_u32(b, &vtf) || (vtf >> 28) != 6 || !nw_buf_u16(b, &plen) ||
	    !nw_buf_u8(b, &ip.next_header) || !nw_buf_u8(b, &ip.hop_limit) ||
	    !nw_buf_copy(b, &ip.src, 16) || !nw_buf_copy(b, &ip.dst, 16))
		return;
	q->present = true;
	q->proto = ip.next_header;
	q->ttl = ip.hop_limit;
	q->ip_len = plen;
	q->src.v6 = ip.src;
	q->dst.v6 = ip.dst;
	q->l4_declared = SIZE_MAX;
	chain = nw_buf_left(b);
	if (nw_ipv6_walk_ext(b, &ip, NULL, NULL) != NW_OK)
		return;
	chain -= nw_buf_left(b); /* the extension headers' bytes */
	if (plen)		 /* 0: a jumbogram's length is in an option */
		q->l4_declared = plen >= chain ? plen - chain : 0;
	q->proto = ip.proto;
	if (!ip.is_fragment || ip.frag_offset == 0)
		quoted_transport(b, q);
}

void nw_parse_quoted(const struct nw_buf *b, int family, struct nw_quoted *q)
{
	struct nw_buf copy = *b;

	memset(q, 0, sizeof(*q));
	q->family = family;
	if (family == AF_INET)
		quoted_ipv4(&copy, q);
	else
		quoted_ipv6(&copy, q);
}
