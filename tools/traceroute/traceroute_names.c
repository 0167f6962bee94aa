/* traceroute_names.c: the names nw-traceroute's text and JSON share. */
#include "config.h"

#include <stdio.h>
#include <sys/socket.h>

#include "traceroute_names.h"

const char *traceroute_method_name(enum nw_probe_proto p)
{
	return p == NW_PROBE_ICMP ? "icmp" : p == NW_PROBE_TCP ? "tcp" : "udp";
}

const char *traceroute_flow_name(enum nw_flow_mode f)
{
	return f == NW_FLOW_CLASSIC ? "classic" : f == NW_FLOW_DUBLIN ? "dublin" : "paris";
}

/* IPv4 unreachable codes (RFC 792, RFC 1812) as traceroute(8) marks them. */
static const char *v4_unreachable(uint8_t code)
{
	switch (code) {
	case 0:
	case 6:
		return "!N";
	case 1:
	case 7:
		return "!H";
	case 2:
		return "!P";
	case 3:
		return "";
	case 4:
		return "!F"; /* fragmentation needed from a router that names no MTU (before RFC
				1191) */
	case 5:
		return "!S";
	case 9:
	case 10:
	case 13:
		return "!X";
	case 14:
		return "!V";
	case 15:
		return "!C";
	}
	return NULL;
}

/* ICMPv6 destination unreachable codes (RFC 4443). */
static const char *v6_unreachable(uint8_t code)
{
	switch (code) {
	case 0:
		return "!N";
	case 1:
	case 5:
	case 6:
		return "!X";
	case 3:
		return "!H";
	case 4:
		return "";
	}
	return NULL;
}

const char *traceroute_annotation(const struct nw_trace_reply *r, char *buf, size_t len)
{
	const char *s = "";

	buf[0] = '\0';
	if (r->status != NW_TRACE_REPLY)
		return buf;
	if (r->mtu && (r->kind == NW_ANSWER_TOO_BIG || r->kind == NW_ANSWER_UNREACHABLE)) {
		snprintf(buf, len, "!F-%u", r->mtu);
		return buf;
	}
	if (r->kind == NW_ANSWER_UNREACHABLE) {
		s = r->from.family == AF_INET6 ? v6_unreachable(r->icmp_code)
					       : v4_unreachable(r->icmp_code);
		if (!s) {
			snprintf(buf, len, "!<%u>", r->icmp_code);
			return buf;
		}
	} else if (r->kind == NW_ANSWER_PARAM_PROBLEM) {
		s = "!P";
	}
	snprintf(buf, len, "%s", s);
	return buf;
}
