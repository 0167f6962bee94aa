/* parse_udp.c: the UDP header, RFC 768; the payload bounded by the length field and the capture. */
#include "config.h"

#include "wire/parse_internal.h"

#define UDP_HDR 8

enum nw_status nw_parse_udp(struct nw_buf *b, struct nw_udp *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	if (!nw_buf_u16(b, &out->sport) || !nw_buf_u16(b, &out->dport) ||
	    !nw_buf_u16(b, &out->len) || !nw_buf_u16(b, &out->checksum))
		return nw_fail(why, NW_TRUNCATED, "UDP header cut short");
	if (out->len < UDP_HDR)
		return nw_fail(why, NW_MALFORMED, "UDP length below 8");
	nw_buf_limit(b, (size_t)out->len - UDP_HDR);
	out->payload = nw_buf_cur(b);
	out->payload_len = nw_buf_left(b);
	return NW_OK;
}
