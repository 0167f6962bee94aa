/*
 * parse_link.c: link-layer headers: Ethernet II with IEEE 802.1Q/802.1ad tags,
 * Linux cooked capture v1/v2 (SLL, SLL2), BSD null/OpenBSD loop, raw IP.
 * (IEEE 802.3, IEEE 802.1Q; pcap LINKTYPE_ definitions.)
 */
#include "config.h"

#include "wire/parse_internal.h"

#define SLL_ADDR_MAX 8

static bool is_vlan_ethertype(uint16_t t)
{
	return t == NW_ETHERTYPE_VLAN || t == NW_ETHERTYPE_QINQ;
}

/* Tags that follow an ethertype of 0x8100/0x88a8: TCI, then the inner type. */
static enum nw_status parse_vlans(struct nw_buf *b, struct nw_link *out, const char **why)
{
	while (is_vlan_ethertype(out->ethertype)) {
		uint16_t tci, type;
		if (out->vlan_count >= NW_MAX_VLANS)
			return nw_fail(why, NW_UNSUPPORTED, "more VLAN tags than supported");
		if (!nw_buf_u16(b, &tci) || !nw_buf_u16(b, &type))
			return nw_fail(why, NW_TRUNCATED, "VLAN tag cut short");
		out->vlan_tci[out->vlan_count++] = tci;
		out->ethertype = type;
	}
	return NW_OK;
}

static enum nw_status parse_ethernet(struct nw_buf *b, struct nw_link *out, const char **why)
{
	if (!nw_buf_copy(b, out->dst, 6) || !nw_buf_copy(b, out->src, 6) ||
	    !nw_buf_u16(b, &out->ethertype))
		return nw_fail(why, NW_TRUNCATED, "Ethernet header cut short");
	out->has_macs = true;
	return parse_vlans(b, out, why);
}

/* The link-layer address of an SLL/SLL2 header: an 8-byte field, alen used. */
static void sll_address(const uint8_t addr[SLL_ADDR_MAX], uint16_t alen, struct nw_link *out)
{
	if (alen == 6) {
		memcpy(out->src, addr, 6);
		out->has_src = true;
	}
}

static enum nw_status parse_sll(struct nw_buf *b, struct nw_link *out, const char **why)
{
	uint16_t hatype, alen;
	uint8_t addr[SLL_ADDR_MAX];

	if (!nw_buf_u16(b, &out->sll_pkttype) || !nw_buf_u16(b, &hatype) || !nw_buf_u16(b, &alen) ||
	    !nw_buf_copy(b, addr, sizeof(addr)) || !nw_buf_u16(b, &out->ethertype))
		return nw_fail(why, NW_TRUNCATED, "Linux cooked header cut short");
	sll_address(addr, alen, out);
	return parse_vlans(b, out, why);
}

static enum nw_status parse_sll2(struct nw_buf *b, struct nw_link *out, const char **why)
{
	uint16_t reserved, hatype;
	uint8_t pkttype, alen;
	uint8_t addr[SLL_ADDR_MAX];

	if (!nw_buf_u16(b, &out->ethertype) || !nw_buf_u16(b, &reserved) ||
	    !nw_buf_u32(b, &out->sll_ifindex) || !nw_buf_u16(b, &hatype) ||
	    !nw_buf_u8(b, &pkttype) || !nw_buf_u8(b, &alen) || !nw_buf_copy(b, addr, sizeof(addr)))
		return nw_fail(why, NW_TRUNCATED, "Linux cooked v2 header cut short");
	out->sll_pkttype = pkttype;
	sll_address(addr, alen, out);
	return parse_vlans(b, out, why);
}

/* BSD AF_ values: AF_INET is 2 everywhere, AF_INET6 is 24, 28 or 30. */
static enum nw_status af_to_ethertype(uint32_t af, struct nw_link *out, const char **why)
{
	switch (af) {
	case 2:
		out->ethertype = NW_ETHERTYPE_IPV4;
		return NW_OK;
	case 24:
	case 28:
	case 30:
		out->ethertype = NW_ETHERTYPE_IPV6;
		return NW_OK;
	default:
		return nw_fail(why, NW_UNSUPPORTED, "loopback address family not IPv4 or IPv6");
	}
}

/*
 * DLT_NULL: the family in the capturing host's byte order, which need not be
 * ours.  The value is small, so a zero low half means it is byte-swapped.
 */
static enum nw_status parse_null(struct nw_buf *b, struct nw_link *out, const char **why)
{
	uint32_t af;

	if (!nw_buf_u32(b, &af))
		return nw_fail(why, NW_TRUNCATED, "loopback header cut short");
	if ((af & 0xffff) == 0)
		af = __builtin_bswap32(af);
	return af_to_ethertype(af, out, why);
}

static enum nw_status parse_loop(struct nw_buf *b, struct nw_link *out, const char **why)
{
	uint32_t af;

	if (!nw_buf_u32(b, &af))
		return nw_fail(why, NW_TRUNCATED, "loopback header cut short");
	return af_to_ethertype(af, out, why);
}

/* Raw IP: the version nibble says which; nothing is consumed. */
static enum nw_status parse_raw(struct nw_buf *b, struct nw_link *out, const char **why)
{
	uint8_t v;

	if (!nw_buf_peek_u8(b, 0, &v))
		return nw_fail(why, NW_TRUNCATED, "empty raw IP packet");
	switch (v >> 4) {
	case 4:
		out->ethertype = NW_ETHERTYPE_IPV4;
		return NW_OK;
	case 6:
		out->ethertype = NW_ETHERTYPE_IPV6;
		return NW_OK;
	default:
		return nw_fail(why, NW_MALFORMED, "raw IP version is neither 4 nor 6");
	}
}

enum nw_status nw_parse_link(int linktype, struct nw_buf *b, struct nw_link *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	out->linktype = linktype;
	switch (linktype) {
	case NW_LINK_ETHERNET:
		return parse_ethernet(b, out, why);
	case NW_LINK_SLL:
		return parse_sll(b, out, why);
	case NW_LINK_SLL2:
		return parse_sll2(b, out, why);
	case NW_LINK_NULL:
		return parse_null(b, out, why);
	case NW_LINK_LOOP:
		return parse_loop(b, out, why);
	case NW_LINK_RAW:
		return parse_raw(b, out, why);
	case NW_LINK_IPV4:
		out->ethertype = NW_ETHERTYPE_IPV4;
		return NW_OK;
	case NW_LINK_IPV6:
		out->ethertype = NW_ETHERTYPE_IPV6;
		return NW_OK;
	default:
		return nw_fail(why, NW_UNSUPPORTED, "unsupported link-layer type");
	}
}
