/*
 * scan_syn.c: what a captured packet is to a SYN scan (see probe/scan.h):
 * our own SYN leaving, a SYN/ACK or RST answering one (RFC 9293 3.10.7.1),
 * an ICMP or ICMPv6 unreachable quoting one (RFC 792, RFC 4443 3.1), or a
 * stray.  Nothing is looked up in a table: the cookie in the source port
 * (one per attempt) and the sequence number says whether the probe was
 * ours, and the scan order gives its number back from its address and port.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "probe/scan_internal.h"

static enum nw_scan_feed stray(struct nw_scan *s, const char **why, const char *reason)
{
	s->stats.strays++;
	*why = reason;
	return NW_SCAN_FEED_STRAY;
}

/* The probe number whose cookie k carries (k as the packet shows our SYN); -1 with *why. */
static int64_t number_of(const struct nw_scan *s, const struct nw_answer *a, const char **why)
{
	const struct nw_probe_key *k = &a->probe;
	const struct nw_addr *src = k->src.family == AF_INET ? &s->cfg.src4 : &s->cfg.src6;
	int64_t j;
	int attempt;

	if (k->proto != NW_PROBE_TCP) {
		*why = "not about a TCP probe";
		return -1;
	}
	if (!nw_addr_equal(&k->src, src)) {
		*why = "addressed to another host";
		return -1;
	}
	attempt = nw_cookie_attempt_of_port(&s->cookie, k);
	if (attempt < 0 || (unsigned)attempt > nw_scan_retries_cap(s)) {
		*why = "the source port is not one this scan sends from to that port";
		return -1;
	}
	if (!nw_cookie_check(&s->cookie, a, why))
		return -1;
	j = nw_scan_number(s, &k->dst, k->dport);
	if (j < 0)
		*why = "the address or port is not in this scan's range";
	return j;
}

/* Our own SYN leaving: its capture time goes to the engine. */
static bool own_syn(struct nw_scan *s, const struct nw_pkt *pkt, int64_t wire_ns)
{
	struct nw_answer a;
	const char *why;
	int64_t j;

	if (!(pkt->layers & NW_HAS_TCP) ||
	    (pkt->tcp.flags & (NW_TCP_SYN | NW_TCP_ACK | NW_TCP_RST)) != NW_TCP_SYN)
		return false;
	memset(&a, 0, sizeof(a));
	a.kind = NW_ANSWER_SYN_ACK; /* the cookie as sent: seq itself */
	if (!nw_pkt_ip_addrs(pkt, &a.probe.src, &a.probe.dst))
		return false;
	a.probe.proto = NW_PROBE_TCP;
	a.probe.sport = pkt->tcp.sport;
	a.probe.dport = pkt->tcp.dport;
	a.probe.tcp_seq = pkt->tcp.seq;
	j = number_of(s, &a, &why);
	if (j < 0)
		return false;
	if (wire_ns)
		nw_probe_wire_sent(s->engine, (uint64_t)j, wire_ns);
	return true;
}

static bool unreachable_filters(const struct nw_answer *a)
{
	return a->kind == NW_ANSWER_UNREACHABLE &&
	       nw_scan_icmp_filters(a->from.family, a->icmp_type, a->icmp_code);
}

enum nw_scan_feed nw_scan_feed(struct nw_scan *s, const struct nw_pkt *pkt, int64_t now,
			       int64_t wire_ns, const char **why)
{
	struct nw_probe_answer pa = {.now_ns = now, .wire_answer_ns = wire_ns};
	struct nw_scan_result v;
	struct nw_answer a;
	int64_t j;

	if (s->cfg.method != NW_SCAN_SYN)
		return stray(s, why, "not a SYN scan: connect() reports its results");
	if (own_syn(s, pkt, wire_ns)) {
		*why = "our own probe leaving";
		return NW_SCAN_FEED_SENT;
	}
	if (nw_answer_from_pkt(pkt, &a, why) != 0)
		return stray(s, why, *why);
	j = number_of(s, &a, why);
	if (j < 0)
		return stray(s, why, *why);
	memset(&v, 0, sizeof(v));
	v.reply_ttl = a.from_ttl;
	switch (a.kind) {
	case NW_ANSWER_SYN_ACK:
		v.state = NW_SCAN_OPEN;
		v.reason = NW_SCAN_SYN_ACK;
		break;
	case NW_ANSWER_RST:
		v.state = NW_SCAN_CLOSED;
		v.reason = NW_SCAN_RST;
		break;
	default:
		if (!unreachable_filters(&a)) {
			s->stats.ignored++;
			*why = "an ICMP error that says nothing of the port";
			return NW_SCAN_FEED_IGNORED;
		}
		v.state = NW_SCAN_FILTERED;
		v.reason = NW_SCAN_ICMP;
		v.icmp_type = a.icmp_type;
		v.icmp_code = a.icmp_code;
		v.from = a.from;
		break;
	}
	return nw_scan_answer(s, (uint64_t)j, &v, &pa, why);
}
