/* synstamp.c: TCP probe templates stamped per probe; see synstamp.h. */
#include "config.h"

#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "base/bytes.h"
#include "wire/checksum.h"
#include "wire/pkt.h"
#include "wire/synstamp.h"

#define IPV4_TTL      8
#define IPV4_PROTO    9
#define IPV4_CHECKSUM 10
#define IPV4_SRC      12
#define IPV4_DST      16
#define IPV6_NEXT     6
#define IPV6_HOPS     7
#define IPV6_SRC      8
#define IPV6_DST      24
#define IPV6_HEADER   40
#define TCP_CHECKSUM  16
#define TCP_MIN	      20

/* The IP header's length and the source address, or 0 when pkt is not IP carrying TCP first. */
static size_t ip_header(const uint8_t *pkt, size_t len, struct nw_addr *src)
{
	struct in6_addr v6;
	struct in_addr v4;

	if (len >= 20 && pkt[0] >> 4 == 4 && pkt[IPV4_PROTO] == IPPROTO_TCP &&
	    (pkt[0] & 0x0f) == 5) {
		memcpy(&v4, pkt + IPV4_SRC, sizeof(v4));
		nw_addr_from_v4(src, v4);
		return 20;
	}
	if (len >= IPV6_HEADER && pkt[0] >> 4 == 6 && pkt[IPV6_NEXT] == IPPROTO_TCP) {
		memcpy(&v6, pkt + IPV6_SRC, sizeof(v6));
		nw_addr_from_v6(src, &v6);
		return IPV6_HEADER;
	}
	return 0;
}

int nw_syn_template_init(struct nw_syn_template *t, const uint8_t *pkt, size_t len,
			 const char **why)
{
	size_t ip = ip_header(pkt, len, &t->src);

	if (!ip) {
		*why = "not an IPv4 or IPv6 packet carrying TCP next";
		return -1;
	}
	if (len > NW_SYN_TEMPLATE_MAX || len < ip + TCP_MIN ||
	    len != ip + (pkt[ip + 12] >> 4) * 4u) {
		*why = "not a TCP header alone (options at most 40 bytes) after the IP header";
		return -1;
	}
	memcpy(t->pkt, pkt, len);
	t->len = len;
	t->tcp_off = ip;
	return 0;
}

void nw_syn_stamp(const struct nw_syn_template *t, uint8_t *out, const struct nw_addr *dst,
		  uint16_t sport, uint16_t dport, uint32_t seq, uint8_t ttl)
{
	uint8_t *tcp = out + t->tcp_off;
	size_t tcp_len = t->len - t->tcp_off;

	memcpy(out, t->pkt, t->len);
	if (t->src.family == AF_INET) {
		out[IPV4_TTL] = ttl;
		memcpy(out + IPV4_DST, &dst->u.v4, sizeof(dst->u.v4));
		nw_put_be16(out + IPV4_CHECKSUM, 0);
		nw_put_be16(out + IPV4_CHECKSUM, nw_inet_checksum(out, t->tcp_off, 0));
	} else {
		out[IPV6_HOPS] = ttl;
		memcpy(out + IPV6_DST, &dst->u.v6, sizeof(dst->u.v6));
	}
	nw_put_be16(tcp, sport);
	nw_put_be16(tcp + 2, dport);
	nw_put_be32(tcp + 4, seq);
	nw_put_be16(tcp + TCP_CHECKSUM, 0);
	nw_put_be16(tcp + TCP_CHECKSUM, nw_inet_checksum(tcp, tcp_len,
							 nw_cksum_pseudo(&t->src, dst, IPPROTO_TCP,
									 (uint32_t)tcp_len)));
}
