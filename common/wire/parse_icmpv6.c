/*
 * parse_icmpv6.c: ICMPv6, RFC 4443 (echo, errors with the quoted datagram),
 * and neighbor solicitation/advertisement with their link-layer address
 * options, RFC 4861.
 */
#include "config.h"

#include <sys/socket.h>

#include "wire/parse_internal.h"

#define ICMPV6_DST_UNREACH    1
#define ICMPV6_PACKET_TOO_BIG 2
#define ICMPV6_TIME_EXCEEDED  3
#define ICMPV6_PARAM_PROBLEM  4
#define ICMPV6_ECHO_REQUEST   128
#define ICMPV6_ECHO_REPLY     129
#define ND_NEIGHBOR_SOLICIT   135
#define ND_NEIGHBOR_ADVERT    136

#define ND_OPT_SOURCE_LLADDR 1
#define ND_OPT_TARGET_LLADDR 2
#define ND_NA_FLAG_ROUTER    0x80000000u
#define ND_NA_FLAG_SOLICITED 0x40000000u
#define ND_NA_FLAG_OVERRIDE  0x20000000u

/* A source/target link-layer address option: length 1 holds an Ethernet address. */
static void nd_lladdr(struct nw_buf *opt, bool *has, uint8_t addr[6])
{
	if (nw_buf_left(opt) == 6)
		*has = nw_buf_copy(opt, addr, 6);
}

/* ND options (RFC 4861 4.6): type, length in units of 8 bytes, never 0. */
static enum nw_status nd_options(struct nw_buf *b, struct nw_icmpv6 *out, const char **why)
{
	uint8_t type, len;
	struct nw_buf opt;

	while (nw_buf_left(b) > 0) {
		if (!nw_buf_u8(b, &type) || !nw_buf_u8(b, &len))
			return nw_fail(why, NW_TRUNCATED, "ND option cut short");
		if (len == 0)
			return nw_fail(why, NW_MALFORMED, "ND option of length 0");
		if (!nw_buf_sub(b, (size_t)len * 8 - 2, &opt))
			return nw_fail(why, NW_TRUNCATED, "ND option cut short");
		if (type == ND_OPT_SOURCE_LLADDR)
			nd_lladdr(&opt, &out->has_src_lladdr, out->src_lladdr);
		else if (type == ND_OPT_TARGET_LLADDR)
			nd_lladdr(&opt, &out->has_tgt_lladdr, out->tgt_lladdr);
	}
	return NW_OK;
}

/* NS and NA: 4 bytes (NA: flags), the target address, then options. */
static enum nw_status parse_nd(struct nw_buf *b, struct nw_icmpv6 *out, const char **why)
{
	uint32_t word;

	if (!nw_buf_u32(b, &word) || !nw_buf_copy(b, &out->target, 16))
		return nw_fail(why, NW_TRUNCATED, "neighbor discovery message cut short");
	if (out->type == ND_NEIGHBOR_ADVERT) {
		out->nd_router = (word & ND_NA_FLAG_ROUTER) != 0;
		out->nd_solicited = (word & ND_NA_FLAG_SOLICITED) != 0;
		out->nd_override = (word & ND_NA_FLAG_OVERRIDE) != 0;
	}
	return nd_options(b, out, why);
}

/* The 4-byte message body after type, code and checksum, for known types. */
static enum nw_status parse_body(struct nw_buf *b, struct nw_icmpv6 *out, const char **why)
{
	uint32_t word;

	switch (out->type) {
	case ICMPV6_ECHO_REQUEST:
	case ICMPV6_ECHO_REPLY:
		if (!nw_buf_u16(b, &out->id) || !nw_buf_u16(b, &out->seq))
			return nw_fail(why, NW_TRUNCATED, "ICMPv6 echo header cut short");
		return NW_OK;
	case ICMPV6_DST_UNREACH:
	case ICMPV6_PACKET_TOO_BIG:
	case ICMPV6_TIME_EXCEEDED:
	case ICMPV6_PARAM_PROBLEM:
		if (!nw_buf_u32(b, &word))
			return nw_fail(why, NW_TRUNCATED, "ICMPv6 error header cut short");
		if (out->type == ICMPV6_PACKET_TOO_BIG)
			out->mtu = word;
		nw_parse_quoted(b, AF_INET6, &out->quoted);
		return NW_OK;
	case ND_NEIGHBOR_SOLICIT:
	case ND_NEIGHBOR_ADVERT:
		return parse_nd(b, out, why);
	default:
		return NW_OK;
	}
}

enum nw_status nw_parse_icmpv6(struct nw_buf *b, struct nw_icmpv6 *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	if (!nw_buf_u8(b, &out->type) || !nw_buf_u8(b, &out->code) ||
	    !nw_buf_u16(b, &out->checksum))
		return nw_fail(why, NW_TRUNCATED, "ICMPv6 header cut short");
	return parse_body(b, out, why);
}
