/*
 * answer.c: what a received packet answers: the kind of answer (ICMP error
 * of RFC 792 / RFC 4443 quoting the probe, echo reply, SYN/ACK or RST of
 * RFC 9293 3.10.7.1, UDP), who sent it, and the probe it shows.
 */
#include "config.h"

#include <netinet/icmp6.h>
#include <string.h>
#include <sys/socket.h>

#include "probe/match.h"

/* (Not <netinet/ip_icmp.h>: its icmp_id-style macros would rename struct fields.) */
#define ICMP_ECHO_REPLY	      0
#define ICMP_UNREACH	      3
#define ICMP_UNREACH_NEEDFRAG 4
#define ICMP_ECHO	      8
#define ICMP_TIME_EXCEEDED    11
#define ICMP_PARAM_PROBLEM    12

/* RFC 792 keeps 8 bytes of the datagram: ports and UDP checksum, TCP sequence, echo id/seq. */
#define QUOTE_L4_NEEDED 8

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

static void quoted_addrs(const struct nw_quoted *q, struct nw_probe_key *p)
{
	if (q->family == AF_INET) {
		nw_addr_from_v4(&p->src, q->src.v4);
		nw_addr_from_v4(&p->dst, q->dst.v4);
	} else {
		nw_addr_from_v6(&p->src, &q->src.v6);
		nw_addr_from_v6(&p->dst, &q->dst.v6);
	}
}

/* The probe a quote shows, with what the quote has of the optional fields. */
static int from_quote(const struct nw_quoted *q, struct nw_answer *a, const char **why)
{
	struct nw_probe_key *p = &a->probe;
	uint8_t echo = q->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;

	if (!q->present)
		return fail(why, "the quote is cut short inside its IP header");
	if (q->proto == IPPROTO_UDP)
		p->proto = NW_PROBE_UDP;
	else if (q->proto == IPPROTO_TCP)
		p->proto = NW_PROBE_TCP;
	else if (q->proto == echo)
		p->proto = NW_PROBE_ICMP;
	else
		return fail(why, "the quoted packet is not UDP, TCP or ICMP");
	if (q->l4_len < QUOTE_L4_NEEDED)
		return fail(why, "the quote shows fewer than 8 bytes past its IP header "
				 "(cut short, or a later fragment)");
	if (q->l4_declared < QUOTE_L4_NEEDED)
		return fail(why, "the quoted packet's length field leaves fewer than 8 bytes past "
				 "its IP header (no probe of ours)");
	if (p->proto == NW_PROBE_ICMP && !q->has_icmp_echo)
		return fail(why, "the quoted ICMP message is not an echo request");
	quoted_addrs(q, p);
	p->sport = q->sport;
	p->dport = q->dport;
	p->echo_id = q->echo_id;
	p->echo_seq = q->echo_seq;
	p->tcp_seq = q->tcp_seq;
	p->checksum = q->checksum;
	p->ttl = q->ttl;
	a->shows = NW_SHOWS_TTL | (q->has_checksum ? NW_SHOWS_CHECKSUM : 0);
	if (q->family == AF_INET) {
		p->ip_id = q->ip_id;
		a->shows |= NW_SHOWS_IP_ID;
	} else {
		p->ip6_plen = q->ip_len;
		a->shows |= NW_SHOWS_IP6_PLEN;
	}
	a->quoted = true;
	return 0;
}

static int from_echo_reply(uint16_t id, uint16_t seq, struct nw_answer *a)
{
	a->kind = NW_ANSWER_ECHO_REPLY;
	a->probe.proto = NW_PROBE_ICMP;
	a->probe.echo_id = id;
	a->probe.echo_seq = seq;
	return 0;
}

/* ICMP for IPv4: echo reply or an error quoting the probe. */
static int from_icmp(const struct nw_icmp *ic, struct nw_answer *a, const char **why)
{
	a->icmp_type = ic->type;
	a->icmp_code = ic->code;
	switch (ic->type) {
	case ICMP_ECHO_REPLY:
		return from_echo_reply(ic->id, ic->seq, a);
	case ICMP_UNREACH:
		a->kind = NW_ANSWER_UNREACHABLE;
		if (ic->code == ICMP_UNREACH_NEEDFRAG)
			a->mtu = ic->next_mtu;
		break;
	case ICMP_TIME_EXCEEDED:
		a->kind = NW_ANSWER_TIME_EXCEEDED;
		break;
	case ICMP_PARAM_PROBLEM:
		a->kind = NW_ANSWER_PARAM_PROBLEM;
		break;
	case ICMP_ECHO:
		return fail(why, "an ICMP echo request, not an answer");
	default:
		return fail(why, "an ICMP message that answers no probe");
	}
	return from_quote(&ic->quoted, a, why);
}

/* ICMPv6: echo reply or an error quoting the probe. */
static int from_icmpv6(const struct nw_icmpv6 *ic, struct nw_answer *a, const char **why)
{
	a->icmp_type = ic->type;
	a->icmp_code = ic->code;
	switch (ic->type) {
	case ICMP6_ECHO_REPLY:
		return from_echo_reply(ic->id, ic->seq, a);
	case ICMP6_DST_UNREACH:
		a->kind = NW_ANSWER_UNREACHABLE;
		break;
	case ICMP6_PACKET_TOO_BIG:
		a->kind = NW_ANSWER_TOO_BIG;
		a->mtu = ic->mtu;
		break;
	case ICMP6_TIME_EXCEEDED:
		a->kind = NW_ANSWER_TIME_EXCEEDED;
		break;
	case ICMP6_PARAM_PROB:
		a->kind = NW_ANSWER_PARAM_PROBLEM;
		break;
	case ICMP6_ECHO_REQUEST:
		return fail(why, "an ICMPv6 echo request, not an answer");
	default:
		return fail(why, "an ICMPv6 message that answers no probe");
	}
	return from_quote(&ic->quoted, a, why);
}

/*
 * A SYN gets a SYN/ACK acknowledging seq + 1, or (RFC 9293 3.10.7.1, a
 * closed port) <SEQ=0><ACK=seq+1><CTL=RST,ACK>.  A RST without ACK answers
 * a segment that carried an ACK, which a SYN probe does not.
 */
static int from_tcp(const struct nw_tcp *t, struct nw_answer *a, const char **why)
{
	uint16_t f = t->flags;

	if ((f & NW_TCP_RST) && (f & NW_TCP_ACK))
		a->kind = NW_ANSWER_RST;
	else if (f & NW_TCP_RST)
		return fail(why, "a RST without ACK acknowledges no SYN");
	else if ((f & NW_TCP_SYN) && (f & NW_TCP_ACK))
		a->kind = NW_ANSWER_SYN_ACK;
	else
		return fail(why, "a TCP segment that is neither SYN/ACK nor RST");
	a->probe.proto = NW_PROBE_TCP;
	a->probe.sport = t->dport;
	a->probe.dport = t->sport;
	a->probe.tcp_seq = t->ack - 1;
	return 0;
}

static int from_transport(const struct nw_pkt *pkt, struct nw_answer *a, const char **why)
{
	if (pkt->layers & NW_HAS_ICMP)
		return from_icmp(&pkt->icmp, a, why);
	if (pkt->layers & NW_HAS_ICMPV6)
		return from_icmpv6(&pkt->icmp6, a, why);
	if (pkt->layers & NW_HAS_TCP)
		return from_tcp(&pkt->tcp, a, why);
	if (pkt->layers & NW_HAS_UDP) {
		a->kind = NW_ANSWER_UDP;
		a->probe.proto = NW_PROBE_UDP;
		a->probe.sport = pkt->udp.dport;
		a->probe.dport = pkt->udp.sport;
		return 0;
	}
	if (pkt->status != NW_OK)
		return fail(why, pkt->error);
	return fail(why, "neither ICMP, UDP nor TCP");
}

int nw_answer_from_pkt(const struct nw_pkt *pkt, struct nw_answer *a, const char **why)
{
	struct nw_addr to;

	memset(a, 0, sizeof(*a));
	if (!nw_pkt_ip_addrs(pkt, &a->from, &to))
		return fail(why, pkt->status != NW_OK ? pkt->error : "not an IP packet");
	a->from_ttl = (pkt->layers & NW_HAS_IPV4) ? pkt->ip4.ttl : pkt->ip6.hop_limit;
	if (from_transport(pkt, a, why) == -1)
		return -1;
	if (!a->quoted) {
		/* A direct answer: its source is the probe's destination, and back. */
		a->probe.src = to;
		a->probe.dst = a->from;
	}
	return 0;
}

const char *nw_answer_kind_name(enum nw_answer_kind kind)
{
	switch (kind) {
	case NW_ANSWER_TIME_EXCEEDED:
		return "time exceeded";
	case NW_ANSWER_UNREACHABLE:
		return "unreachable";
	case NW_ANSWER_TOO_BIG:
		return "packet too big";
	case NW_ANSWER_PARAM_PROBLEM:
		return "parameter problem";
	case NW_ANSWER_ECHO_REPLY:
		return "echo reply";
	case NW_ANSWER_SYN_ACK:
		return "SYN/ACK";
	case NW_ANSWER_RST:
		return "RST";
	case NW_ANSWER_UDP:
		return "UDP";
	}
	return "?";
}
