/*
 * parse_ipv6.c: the IPv6 header and its extension header chain, RFC 8200,
 * with the Jumbo Payload option of RFC 2675 and AH's length rule (RFC 4302).
 */
#include "config.h"

#include "wire/parse_internal.h"

#define HBH_OPT_PAD1  0
#define HBH_OPT_JUMBO 0xc2

/* Hop-by-hop options: look for Jumbo Payload among the TLVs (RFC 8200 4.2). */
static enum nw_status find_jumbo(struct nw_buf opts, uint32_t *jumbo, const char **why)
{
	uint8_t type, len;

	while (nw_buf_u8(&opts, &type)) {
		if (type == HBH_OPT_PAD1)
			continue;
		if (!nw_buf_u8(&opts, &len) || !nw_buf_has(&opts, len))
			return nw_fail(why, NW_MALFORMED, "hop-by-hop option runs past its header");
		if (type == HBH_OPT_JUMBO) {
			if (len != 4)
				return nw_fail(why, NW_MALFORMED,
					       "Jumbo Payload option of wrong length");
			nw_buf_u32(&opts, jumbo);
			if (*jumbo <= 0xffff)
				return nw_fail(why, NW_MALFORMED,
					       "Jumbo Payload length below 65536");
			continue;
		}
		nw_buf_skip(&opts, len);
	}
	return NW_OK;
}

/* Fragment header (RFC 8200 4.5): offset, M flag, identification. */
static enum nw_status parse_fragment(struct nw_buf *b, struct nw_ipv6 *out, uint8_t *next,
				     const char **why)
{
	uint8_t reserved;
	uint16_t offlg;

	if (!nw_buf_u8(b, next) || !nw_buf_u8(b, &reserved) || !nw_buf_u16(b, &offlg) ||
	    !nw_buf_u32(b, &out->frag_id))
		return nw_fail(why, NW_TRUNCATED, "IPv6 fragment header cut short");
	out->is_fragment = true;
	out->frag_offset = offlg >> 3;
	out->frag_more = (offlg & 1) != 0;
	return NW_OK;
}

/*
 * A generic extension header: next header, length, then the rest.  AH counts
 * its length in 4-byte units less 2, the others in 8-byte units less 1.
 */
static enum nw_status parse_generic(struct nw_buf *b, uint8_t type, uint8_t *next,
				    struct nw_buf *body, const char **why)
{
	uint8_t len;
	size_t total;

	if (!nw_buf_u8(b, next) || !nw_buf_u8(b, &len))
		return nw_fail(why, NW_TRUNCATED, "IPv6 extension header cut short");
	total = type == NW_IPPROTO_AH ? ((size_t)len + 2) * 4 : ((size_t)len + 1) * 8;
	if (!nw_buf_sub(b, total - 2, body))
		return nw_fail(why, NW_TRUNCATED, "IPv6 extension header cut short");
	return NW_OK;
}

static bool is_ext_header(uint8_t type)
{
	switch (type) {
	case NW_IPPROTO_HOPOPTS:
	case NW_IPPROTO_ROUTING:
	case NW_IPPROTO_FRAGMENT:
	case NW_IPPROTO_DSTOPTS:
	case NW_IPPROTO_AH:
		return true;
	default:
		return false;
	}
}

/* One extension header of type `type`; its next header goes to *next. */
static enum nw_status parse_one_ext(struct nw_buf *b, struct nw_ipv6 *out, uint8_t type,
				    uint8_t *next, uint32_t *jumbo, const char **why)
{
	struct nw_buf body;
	enum nw_status st;

	if (type == NW_IPPROTO_FRAGMENT)
		return parse_fragment(b, out, next, why);
	if (type == NW_IPPROTO_HOPOPTS && out->ext_count != 0)
		return nw_fail(why, NW_MALFORMED, "hop-by-hop header not first in the chain");
	st = parse_generic(b, type, next, &body, why);
	if (st == NW_OK && type == NW_IPPROTO_HOPOPTS && jumbo)
		st = find_jumbo(body, jumbo, why);
	return st;
}

enum nw_status nw_ipv6_walk_ext(struct nw_buf *b, struct nw_ipv6 *out, uint32_t *jumbo,
				const char **why)
{
	uint8_t type = out->next_header;

	if (jumbo)
		*jumbo = 0;
	while (is_ext_header(type)) {
		uint8_t next;
		enum nw_status st;

		if (out->ext_count >= NW_IPV6_MAX_EXT)
			return nw_fail(why, NW_UNSUPPORTED,
				       "more IPv6 extension headers than supported");
		st = parse_one_ext(b, out, type, &next, jumbo, why);
		if (st != NW_OK)
			return st;
		out->ext_types[out->ext_count++] = type;
		type = next;
		/* Past a non-first fragment comes fragment data, not headers. */
		if (out->is_fragment && out->frag_offset != 0)
			break;
	}
	out->proto = type;
	return NW_OK;
}

static enum nw_status read_fixed(struct nw_buf *b, struct nw_ipv6 *out, const char **why)
{
	uint32_t vtf;

	if (!nw_buf_u32(b, &vtf))
		return nw_fail(why, NW_TRUNCATED, "IPv6 header cut short");
	if ((vtf >> 28) != 6)
		return nw_fail(why, NW_MALFORMED, "IP version is not 6");
	out->tclass = (uint8_t)(vtf >> 20);
	out->flow = vtf & 0xfffff;
	if (!nw_buf_u16(b, &out->payload_len) || !nw_buf_u8(b, &out->next_header) ||
	    !nw_buf_u8(b, &out->hop_limit) || !nw_buf_copy(b, &out->src, 16) ||
	    !nw_buf_copy(b, &out->dst, 16))
		return nw_fail(why, NW_TRUNCATED, "IPv6 header cut short");
	return NW_OK;
}

enum nw_status nw_parse_ipv6(struct nw_buf *b, struct nw_ipv6 *out, const char **why)
{
	enum nw_status st;
	uint32_t jumbo = 0;
	size_t before, declared, ext_len;

	memset(out, 0, sizeof(*out));
	st = read_fixed(b, out, why);
	if (st != NW_OK)
		return st;
	/* Jumbo Payload options matter (and are checked) only with length 0. */
	before = nw_buf_left(b);
	st = nw_ipv6_walk_ext(b, out, out->payload_len == 0 ? &jumbo : NULL, why);
	if (st != NW_OK)
		return st;
	if (out->payload_len != 0)
		declared = out->payload_len;
	else if (jumbo != 0)
		declared = jumbo;
	else
		return nw_fail(why, NW_MALFORMED,
			       "IPv6 payload length 0 without a Jumbo Payload option");
	ext_len = before - nw_buf_left(b);
	if (ext_len > declared)
		return nw_fail(why, NW_MALFORMED,
			       "IPv6 extension headers exceed the payload length");
	if (!nw_buf_limit(b, declared - ext_len))
		out->truncated_payload = true;
	return NW_OK;
}
