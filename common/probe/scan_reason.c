/*
 * scan_reason.c: the names of a port's state and of the reason for it
 * (nmap's words: "syn-ack", "rst", "no-response", "admin-prohibited"), and
 * what connect()'s outcome says of a port (nw-scan's CONNECT method).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "probe/scan_internal.h"

const char *nw_scan_state_name(enum nw_scan_state st)
{
	switch (st) {
	case NW_SCAN_OPEN:
		return "open";
	case NW_SCAN_CLOSED:
		return "closed";
	case NW_SCAN_FILTERED:
		return "filtered";
	case NW_SCAN_OPEN_FILTERED:
		return "open|filtered";
	}
	return "unknown";
}

/* ICMP destination unreachable codes (RFC 792, RFC 1812 5.2.7.1), as nmap names them. */
static const char *const unreach4[16] = {
    [0] = "net-unreach",	[1] = "host-unreach",	   [2] = "proto-unreach",
    [3] = "port-unreach",	[4] = "frag-needed",	   [5] = "source-route-failed",
    [6] = "net-unknown",	[7] = "host-unknown",	   [8] = "host-isolated",
    [9] = "net-prohibited",	[10] = "host-prohibited",  [11] = "net-tos-unreach",
    [12] = "host-tos-unreach",	[13] = "admin-prohibited", [14] = "host-precedence-violation",
    [15] = "precedence-cutoff",
};

/* ICMPv6 destination unreachable codes (RFC 4443 3.1). */
static const char *const unreach6[8] = {
    [0] = "no-route",	  [1] = "admin-prohibited",   [2] = "beyond-scope",
    [3] = "addr-unreach", [4] = "port-unreach",	      [5] = "policy-fail",
    [6] = "reject-route", [7] = "source-route-error",
};

static const char *icmp_reason(const struct nw_scan_result *r)
{
	if (r->addr.family == AF_INET6)
		return r->icmp_type == 1 && r->icmp_code < 8 ? unreach6[r->icmp_code] : "icmp";
	return r->icmp_type == 3 && r->icmp_code < 16 ? unreach4[r->icmp_code] : "icmp";
}

const char *nw_scan_reason_name(const struct nw_scan_result *r)
{
	switch (r->reason) {
	case NW_SCAN_SYN_ACK:
		return "syn-ack";
	case NW_SCAN_RST:
		return "rst";
	case NW_SCAN_NO_RESPONSE:
		return "no-response";
	case NW_SCAN_ICMP:
		return icmp_reason(r);
	case NW_SCAN_CONNECT_ERROR:
		switch (r->error) {
		case ENETUNREACH:
			return "net-unreach";
		case EHOSTUNREACH:
			return "host-unreach";
		case EACCES:
		case EPERM:
			return "admin-prohibited";
		}
		return "error";
	}
	return "unknown";
}

/* Whether an ICMP message about a probe to family says the port is filtered. */
bool nw_scan_icmp_filters(int family, uint8_t type, uint8_t code)
{
	if (family == AF_INET6)
		return type == 1;			   /* destination unreachable */
	return type == 3 && code != ICMP_UNREACH_NEEDFRAG; /* a path MTU matter, not a filter */
}

/* What connect()'s outcome says of the port (to a target of family). */
static void verdict_of(int error, const struct nw_scan_icmp *icmp, int family,
		       struct nw_scan_result *v)
{
	memset(v, 0, sizeof(*v));
	v->error = error;
	if (error && icmp && nw_scan_icmp_filters(family, icmp->type, icmp->code)) {
		v->state = NW_SCAN_FILTERED;
		v->reason = NW_SCAN_ICMP;
		v->icmp_type = icmp->type;
		v->icmp_code = icmp->code;
		v->from = icmp->from;
		return;
	}
	switch (error) {
	case 0:
		v->state = NW_SCAN_OPEN;
		v->reason = NW_SCAN_SYN_ACK;
		return;
	case ECONNREFUSED:
		v->state = NW_SCAN_CLOSED;
		v->reason = NW_SCAN_RST;
		return;
	case ETIMEDOUT:
		v->state = NW_SCAN_FILTERED;
		v->reason = NW_SCAN_NO_RESPONSE;
		return;
	}
	v->state = NW_SCAN_FILTERED;
	v->reason = NW_SCAN_CONNECT_ERROR;
}

enum nw_scan_feed nw_scan_connected(struct nw_scan *s, uint64_t j, int error,
				    const struct nw_scan_icmp *icmp, int64_t now, const char **why)
{
	struct nw_probe_answer pa = {.now_ns = now};
	struct nw_scan_result v;
	struct nw_addr dst;
	uint16_t port;

	if (s->cfg.method != NW_SCAN_CONNECT || j < s->begin || j >= s->end) {
		s->stats.strays++;
		*why = s->cfg.method != NW_SCAN_CONNECT ? "not a connect() scan"
							: "no such probe in this scan";
		return NW_SCAN_FEED_STRAY;
	}
	nw_scan_target(s, j, &dst, &port);
	verdict_of(error, icmp, dst.family, &v);
	return nw_scan_answer(s, j, &v, &pa, why);
}
