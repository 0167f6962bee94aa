/* parse_arp.c: the Address Resolution Protocol, RFC 826 (Ethernet/IPv4 addresses decoded). */
#include "config.h"

#include "wire/parse_internal.h"

#define ARP_HTYPE_ETHERNET 1

static enum nw_status parse_eth_ipv4(struct nw_buf *b, struct nw_arp *out, const char **why)
{
	if (!nw_buf_copy(b, out->sha, 6) || !nw_buf_copy(b, &out->spa, 4) ||
	    !nw_buf_copy(b, out->tha, 6) || !nw_buf_copy(b, &out->tpa, 4))
		return nw_fail(why, NW_TRUNCATED, "ARP addresses cut short");
	out->is_eth_ipv4 = true;
	return NW_OK;
}

enum nw_status nw_parse_arp(struct nw_buf *b, struct nw_arp *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	if (!nw_buf_u16(b, &out->htype) || !nw_buf_u16(b, &out->ptype) ||
	    !nw_buf_u8(b, &out->hlen) || !nw_buf_u8(b, &out->plen) || !nw_buf_u16(b, &out->op))
		return nw_fail(why, NW_TRUNCATED, "ARP header cut short");
	if (out->htype == ARP_HTYPE_ETHERNET && out->ptype == NW_ETHERTYPE_IPV4) {
		if (out->hlen != 6 || out->plen != 4)
			return nw_fail(why, NW_MALFORMED,
				       "Ethernet/IPv4 ARP with wrong address lengths");
		return parse_eth_ipv4(b, out, why);
	}
	if (!nw_buf_skip(b, 2 * ((size_t)out->hlen + out->plen)))
		return nw_fail(why, NW_TRUNCATED, "ARP addresses cut short");
	return nw_fail(why, NW_UNSUPPORTED, "ARP for other than Ethernet/IPv4");
}
