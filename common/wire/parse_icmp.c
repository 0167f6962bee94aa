/*
 * parse_icmp.c: ICMP for IPv4, RFC 792 (with RFC 1191's next-hop MTU): the
 * 8-byte header, and for errors the quoted datagram's addresses and ports.
 */
#include "config.h"

#include <sys/socket.h>

#include "wire/parse_internal.h"

#define ICMP_ECHO_REPLY	      0
#define ICMP_UNREACH	      3
#define ICMP_UNREACH_NEEDFRAG 4
#define ICMP_SOURCE_QUENCH    4
#define ICMP_REDIRECT	      5
#define ICMP_ECHO	      8
#define ICMP_TIME_EXCEEDED    11
#define ICMP_PARAM_PROBLEM    12
#define ICMP_TIMESTAMP	      13
#define ICMP_TIMESTAMP_REPLY  14

static bool is_error(uint8_t type)
{
	switch (type) {
	case ICMP_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAM_PROBLEM:
		return true;
	default:
		return false;
	}
}

/* The second 4 bytes of the header, whose meaning depends on the type. */
static void parse_rest(uint32_t rest, struct nw_icmp *out)
{
	switch (out->type) {
	case ICMP_ECHO_REPLY:
	case ICMP_ECHO:
	case ICMP_TIMESTAMP:
	case ICMP_TIMESTAMP_REPLY:
		out->id = (uint16_t)(rest >> 16);
		out->seq = (uint16_t)rest;
		break;
	case ICMP_REDIRECT:
		out->gateway = rest;
		break;
	case ICMP_UNREACH:
		if (out->code == ICMP_UNREACH_NEEDFRAG)
			out->next_mtu = (uint16_t)rest;
		break;
	default:
		break;
	}
}

enum nw_status nw_parse_icmp(struct nw_buf *b, struct nw_icmp *out, const char **why)
{
	uint32_t rest;

	memset(out, 0, sizeof(*out));
	if (!nw_buf_u8(b, &out->type) || !nw_buf_u8(b, &out->code) ||
	    !nw_buf_u16(b, &out->checksum) || !nw_buf_u32(b, &rest))
		return nw_fail(why, NW_TRUNCATED, "ICMP header cut short");
	parse_rest(rest, out);
	if (is_error(out->type))
		nw_parse_quoted(b, AF_INET, &out->quoted);
	return NW_OK;
}
