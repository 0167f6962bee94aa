/* parse_ipv4.c: the IPv4 header, RFC 791 (checksum kept, not verified). */
#include "config.h"

#include "wire/parse_internal.h"

#define IPV4_MIN_HDR   20
#define IPV4_FLAG_DF   0x4000
#define IPV4_FLAG_MF   0x2000
#define IPV4_FRAG_MASK 0x1fff

/* The fixed 20 bytes: version, IHL and the fields every header has. */
static enum nw_status read_fixed(struct nw_buf *b, struct nw_ipv4 *out, const char **why)
{
	uint8_t vihl;
	uint16_t frag;

	if (!nw_buf_u8(b, &vihl))
		return nw_fail(why, NW_TRUNCATED, "IPv4 header cut short");
	if ((vihl >> 4) != 4)
		return nw_fail(why, NW_MALFORMED, "IP version is not 4");
	out->ihl = (uint8_t)((vihl & 0x0f) * 4);
	if (out->ihl < IPV4_MIN_HDR)
		return nw_fail(why, NW_MALFORMED, "IPv4 header length below 20");
	if (!nw_buf_u8(b, &out->tos) || !nw_buf_u16(b, &out->total_len) ||
	    !nw_buf_u16(b, &out->id) || !nw_buf_u16(b, &frag) || !nw_buf_u8(b, &out->ttl) ||
	    !nw_buf_u8(b, &out->proto) || !nw_buf_u16(b, &out->checksum) ||
	    !nw_buf_copy(b, &out->src, 4) || !nw_buf_copy(b, &out->dst, 4))
		return nw_fail(why, NW_TRUNCATED, "IPv4 header cut short");
	out->df = (frag & IPV4_FLAG_DF) != 0;
	out->mf = (frag & IPV4_FLAG_MF) != 0;
	out->frag_offset = frag & IPV4_FRAG_MASK;
	return NW_OK;
}

enum nw_status nw_parse_ipv4(struct nw_buf *b, struct nw_ipv4 *out, const char **why)
{
	enum nw_status st;

	memset(out, 0, sizeof(*out));
	st = read_fixed(b, out, why);
	if (st != NW_OK)
		return st;
	out->options_len = (size_t)out->ihl - IPV4_MIN_HDR;
	if (!nw_buf_take(b, out->options_len, &out->options))
		return nw_fail(why, NW_TRUNCATED, "IPv4 options cut short");
	if (out->options_len == 0)
		out->options = NULL;
	/* Total length 0 is what TSO/GSO captures show: use what was captured. */
	if (out->total_len == 0)
		return NW_OK;
	if (out->total_len < out->ihl)
		return nw_fail(why, NW_MALFORMED, "IPv4 total length shorter than its header");
	if (!nw_buf_limit(b, (size_t)out->total_len - out->ihl))
		out->truncated_payload = true;
	return NW_OK;
}
