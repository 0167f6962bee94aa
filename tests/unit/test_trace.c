/*
 * test_trace.c: probe/trace.h, the traceroute model, on a simulated path
 * with a fake clock.  Every probe the model hands out is built by libnet
 * (build-only) and decoded back, so its checksums and identifying fields
 * are checked as they would go on the wire; the simulated routers answer
 * with ICMP errors quoting those bytes (probe_frames.c), the destination
 * as its stack would.  Routers can be silent, rate limited, lose
 * forwarded probes, answer late, send unreachables, or split flows (ECMP);
 * a link can be narrower than the probes (Fragmentation Needed, Packet Too
 * Big, for the path MTU).
 */
#include "config.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "probe/trace.h"
#include "sys/craft.h"
#include "sys/trace_run.h"
#include "wire/checksum.h"
#include "base/timeutil.h"
#include "probe_frames.h"
#include "testlib.h"

#define MAX_HOPS 40
#define MS	 (int64_t)1000000

enum router_kind {
	ROUTER_OK,
	ROUTER_SILENT,	   /* never answers */
	ROUTER_EVERY_2ND,  /* answers one probe in two (an ICMP rate limit) */
	ROUTER_LOSSY,	   /* drops one forwarded probe in three */
	ROUTER_SLOW,	   /* answers after the wait */
	ROUTER_NET_UNREACH /* answers network unreachable (the path ends here) */
};

struct net {
	int family;
	struct nw_addr me, dst, other;
	struct nw_addr router[MAX_HOPS + 1], branch_b[MAX_HOPS + 1];
	unsigned dst_ttl; /* the destination is this many hops away */
	enum router_kind kind[MAX_HOPS + 1];
	unsigned ecmp_at; /* a hop with two routers, chosen by the flow's hash; 0: none */
	unsigned link_mtu[MAX_HOPS + 1]; /* the link after hop h; 0: wide */
	uint32_t says_mtu[MAX_HOPS + 1]; /* what router h's refusal names, when not link_mtu */
	bool says_set[MAX_HOPS + 1];
	size_t last_size;	   /* the last probe's size */
	unsigned size_rose, no_df; /* probes larger than the one before; IPv4 without DF */
	unsigned
	    nat_at; /* a stateless NAT at this hop's output: source other, port 1024; 0: none */
	unsigned seen[MAX_HOPS + 1]; /* probes that reached each hop */
	struct nw_craft *craft;
	struct frame_queue wire; /* leaving: our probe, seen by the capture as it leaves */
	int64_t now;
	unsigned sends, in_flight_peak, answers_out;
	unsigned hops_called, last_hop_ttl;
	bool hop_order_ok;
	unsigned check_fail;
	struct nw_trace *t;
};

static void net_init(struct net *n, int family, unsigned dst_ttl)
{
	char buf[64];

	memset(n, 0, sizeof(*n));
	n->family = family;
	n->dst_ttl = dst_ttl;
	n->me = frame_addr(family == AF_INET ? "198.18.0.1" : "2001:db8::1");
	n->dst = frame_addr(family == AF_INET ? "198.19.0.2" : "2001:db8:1::2");
	n->other = frame_addr(family == AF_INET ? "198.18.99.9" : "2001:db8:99::9");
	for (unsigned h = 1; h <= MAX_HOPS; h++) {
		if (family == AF_INET)
			snprintf(buf, sizeof(buf), "198.18.%u.2", h);
		else
			snprintf(buf, sizeof(buf), "2001:db8:0:%x::2", h);
		n->router[h] = frame_addr(buf);
		if (family == AF_INET)
			snprintf(buf, sizeof(buf), "198.18.%u.3", 100 + h);
		else
			snprintf(buf, sizeof(buf), "2001:db8:0:%x::3", 0x100 + h);
		n->branch_b[h] = frame_addr(buf);
	}
	n->hop_order_ok = true;
}

static void enqueue(struct net *n, int64_t at, const struct frame *f, bool leaving)
{
	if (!frame_queue_put(&n->wire, at, f, leaving))
		CHECK(!"delivery queue full");
}

/* The fields the model filed for the probe are the ones on the wire. */
static void check_key_on_wire(struct net *n, const struct nw_trace_packet *p, const struct frame *f)
{
	struct nw_pkt pkt;
	bool ok;

	CHECK_INT(nw_decode(NW_LINK_RAW, f->b, f->n, &pkt), NW_OK);
	switch (p->key.proto) {
	case NW_PROBE_UDP:
		ok = nw_cksum_same(pkt.udp.checksum, p->key.checksum);
		break;
	case NW_PROBE_ICMP:
		ok = (n->family == AF_INET ? pkt.icmp.checksum : pkt.icmp6.checksum) ==
		     p->key.checksum;
		break;
	default:
		ok = pkt.tcp.seq == p->key.tcp_seq && pkt.tcp.sport == p->key.sport;
		break;
	}
	if (!ok)
		n->check_fail++;
	if (n->family == AF_INET6)
		CHECK_INT(pkt.ip6.payload_len, p->key.ip6_plen);
}

/* A flow hash as a router with L4 hashing makes it: the 5-tuple, and the ICMP checksum. */
static unsigned flow_branch(const struct frame *probe, int family)
{
	size_t h = iphlen(family);
	uint32_t x = get16(probe->b + h) * 31u + get16(probe->b + h + 2) * 7u;

	if (proto_of(probe->b, family) == IPPROTO_ICMP ||
	    proto_of(probe->b, family) == IPPROTO_ICMPV6)
		x = get16(probe->b + h + 2) + get16(probe->b + h + 4); /* checksum and id */
	x ^= x >> 7;
	return (x ^ (x >> 3)) & 1;
}

static void destination_answer(struct net *n, const struct nw_trace_packet *p,
			       const struct frame *probe, int64_t at)
{
	struct frame f;
	int v4 = n->family == AF_INET;

	switch (p->key.proto) {
	case NW_PROBE_UDP:
		icmp_error(&f, &n->dst, &n->me, v4 ? 3 : 1, v4 ? 3 : 4, 0, probe->b,
			   probe->n < 128 ? probe->n : 128);
		break;
	case NW_PROBE_ICMP:
		echo_reply(&f, &n->dst, &n->me, p->key.echo_id, p->key.echo_seq);
		break;
	case NW_PROBE_TCP:
		tcp_answer(&f, &p->key, NW_TCP_SYN | NW_TCP_ACK, 0x55550000, p->key.tcp_seq + 1);
		break;
	}
	enqueue(n, at, &f, false);
}

static void router_answer(struct net *n, unsigned hop, const struct frame *probe, int64_t at)
{
	struct frame f, q = *probe;
	int v4 = n->family == AF_INET;
	const struct nw_addr *from = &n->router[hop];

	if (hop == n->ecmp_at && flow_branch(probe, n->family))
		from = &n->branch_b[hop];
	q.b[v4 ? 8 : 7] = 1; /* the TTL as it arrived at the router that dropped it */
	if (v4)		     /* the IPv4 header checksum of the quote, after the TTL change */
		set16(q.b + 10, 0), set16(q.b + 10, ref_finish(ref_add(0, q.b, 20)));
	if (n->kind[hop] == ROUTER_NET_UNREACH)
		icmp_error(&f, from, &n->me, v4 ? 3 : 1, 0, 0, q.b, q.n < 128 ? q.n : 128);
	else
		icmp_error(&f, from, &n->me, v4 ? 11 : 3, 0, 0, q.b, q.n < 128 ? q.n : 128);
	enqueue(n, at, &f, false);
}

/* Router hop cannot forward the probe on its narrow link: Fragmentation Needed or Packet Too Big.
 */
static void too_big(struct net *n, unsigned hop, const struct frame *probe)
{
	struct frame f;
	int v4 = n->family == AF_INET;
	uint32_t mtu = n->says_set[hop] ? n->says_mtu[hop] : n->link_mtu[hop];

	icmp_error(&f, &n->router[hop], &n->me, v4 ? 3 : 2, v4 ? 4 : 0, mtu, probe->b,
		   probe->n < 128 ? probe->n : 128);
	enqueue(n, n->now + (int64_t)hop * MS, &f, false);
}

/* The probe does not fit the link after hop and may not be fragmented there. */
static bool refused(const struct net *n, unsigned hop, const struct frame *probe)
{
	bool df = n->family == AF_INET6 || (probe->b[6] & 0x40);

	return n->link_mtu[hop] && probe->n > n->link_mtu[hop] && df;
}

/*
 * What a stateless NAT leaving hop nat_at does: the source address becomes
 * n->other and a UDP or TCP source port 1024, the checksums follow; the
 * answers coming back are not translated, so the quotes keep the change.
 */
static void nat_rewrite(const struct net *n, struct frame *f)
{
	int v4 = n->family == AF_INET;
	uint8_t proto = proto_of(f->b, n->family);

	memcpy(f->b + (v4 ? 12 : 8), &n->other.u, alen(n->family));
	if (proto == IPPROTO_UDP || proto == IPPROTO_TCP)
		set16(f->b + iphlen(n->family), 1024);
	if (v4)
		set16(f->b + 10, 0), set16(f->b + 10, ref_finish(ref_add(0, f->b, 20)));
	fix_l4_checksum(f->b, f->n, n->family);
}

/* The path: the probe crosses hops 1..ttl-1, then the hop at ttl answers (or not). */
static void path(struct net *n, const struct nw_trace_packet *p, const struct frame *sent)
{
	struct frame fr = *sent;
	const struct frame *probe = &fr;

	for (unsigned hop = 1; hop <= p->ttl; hop++) {
		n->seen[hop]++;
		if (hop == n->dst_ttl) {
			if (!n->nat_at || hop <= n->nat_at)
				destination_answer(n, p, probe, n->now + (int64_t)hop * MS);
			return; /* past a stateless NAT, the answer goes to its address */
		}
		if (hop == p->ttl || n->kind[hop] == ROUTER_NET_UNREACH)
			break;
		if (refused(n, hop, probe)) { /* the TTL is checked first, as Linux does */
			too_big(n, hop, probe);
			return;
		}
		if (n->kind[hop] == ROUTER_LOSSY && n->seen[hop] % 3 == 0)
			return; /* lost on the way on */
		if (hop == n->nat_at)
			nat_rewrite(n, &fr);
	}
	unsigned hop = p->ttl < n->dst_ttl ? p->ttl : n->dst_ttl;
	for (unsigned h = 1; h < hop; h++)
		if (n->kind[h] == ROUTER_NET_UNREACH)
			hop = h;
	switch (n->kind[hop]) {
	case ROUTER_SILENT:
		return;
	case ROUTER_EVERY_2ND:
		if (n->seen[hop] % 2 == 0)
			return;
		break;
	case ROUTER_SLOW:
		router_answer(n, hop, probe, n->now + 6000 * MS);
		return;
	default:
		break;
	}
	router_answer(n, hop, probe, n->now + (int64_t)hop * MS);
}

static int fake_send(void *ctx, const struct nw_trace_packet *p)
{
	struct net *n = ctx;
	struct frame f;

	if (!frame_of_probe(n->craft, p, &f)) {
		CHECK(!"the probe does not build");
		return -1;
	}
	check_key_on_wire(n, p, &f);
	n->size_rose += n->sends && f.n > n->last_size;
	n->no_df += n->family == AF_INET && !(f.b[6] & 0x40);
	n->last_size = f.n;
	n->sends++;
	enqueue(n, n->now, &f, true);
	path(n, p, &f);
	return 0;
}

static void fake_on_hop(void *ctx, const struct nw_trace_hop *h)
{
	struct net *n = ctx;

	if (h->ttl != (n->hops_called ? n->last_hop_ttl + 1 : h->ttl) || h->ended != h->queries)
		n->hop_order_ok = false;
	n->hops_called++;
	n->last_hop_ttl = h->ttl;
}

/* Deliver what is due at n->now; returns how many. */
static unsigned deliver_due(struct net *n)
{
	unsigned done = 0;
	const char *why;
	struct frame_delivery d;

	while (frame_queue_take(&n->wire, n->now, &d)) {
		struct nw_pkt pkt;
		CHECK_INT(nw_decode(NW_LINK_RAW, d.f.b, d.f.n, &pkt), NW_OK);
		/* our probes leave 10 us after the send; answers are stamped as they arrive */
		enum nw_trace_feed r =
		    nw_trace_feed(n->t, &pkt, n->now, d.leaving ? d.at + 10000 : d.at, &why);
		if (d.leaving)
			CHECK_INT(r, NW_TRACE_FEED_SENT);
		done++;
	}
	return done;
}

/* Run the trace to its end on the fake clock; false when it does not end. */
static bool run(struct net *n, struct nw_trace *t)
{
	unsigned steps;

	n->t = t;
	n->now = 1000 * MS;
	for (steps = 0; steps < 100000 && !nw_trace_done(t); steps++) {
		int64_t wake = nw_trace_tick(t, n->now);
		deliver_due(n);
		wake = frame_queue_next(&n->wire, nw_trace_tick(t, n->now));
		if (nw_trace_done(t))
			break;
		if (wake == NW_PROBE_NEVER)
			return false;
		if (wake > n->now)
			n->now = wake;
	}
	return nw_trace_done(t);
}

static struct nw_trace_config config(const struct net *n, enum nw_probe_proto proto,
				     enum nw_flow_mode flow)
{
	struct nw_trace_config c = NW_TRACE_DEFAULTS;

	c.proto = proto;
	c.flow = flow;
	c.src = n->me;
	c.dst = n->dst;
	c.sport = 40000;
	c.dport = proto == NW_PROBE_TCP ? 80 : 33434;
	c.echo_id = 0x4242;
	c.tcp_seq = 0x10000000;
	return c;
}

static struct nw_trace *start(struct net *n, const struct nw_trace_config *c)
{
	static const struct nw_trace_ops ops = {.send = fake_send, .on_hop = fake_on_hop};
	const char *why = NULL;
	struct nw_trace *t = nw_trace_new(c, &ops, n, &why);

	if (!t)
		fprintf(stderr, "nw_trace_new: %s\n", why);
	CHECK(t != NULL);
	return t;
}

/* Hop ttl answered by from, every probe, by this kind. */
static void check_hop(struct nw_trace *t, unsigned ttl, const struct nw_addr *from,
		      enum nw_answer_kind kind, unsigned answered)
{
	const struct nw_trace_hop *h = nw_trace_hop(t, ttl);

	CHECK(h != NULL);
	if (!h)
		return;
	CHECK_INT(h->answered, answered);
	for (unsigned q = 0; q < h->queries; q++) {
		const struct nw_trace_reply *r = &h->replies[q];
		CHECK_INT(r->ttl, ttl);
		CHECK_INT(r->query, q);
		if (r->status != NW_TRACE_REPLY)
			continue;
		CHECK(nw_addr_equal(&r->from, from));
		CHECK_INT(r->kind, kind);
		CHECK_INT(r->rewritten, 0);
	}
}

static bool mode_takes(enum nw_probe_proto proto, enum nw_flow_mode flow)
{
	return flow != NW_FLOW_DUBLIN || proto == NW_PROBE_UDP;
}

static enum nw_answer_kind dst_kind(enum nw_probe_proto proto)
{
	return proto == NW_PROBE_UDP	? NW_ANSWER_UNREACHABLE
	       : proto == NW_PROBE_ICMP ? NW_ANSWER_ECHO_REPLY
					: NW_ANSWER_SYN_ACK;
}

/* A clean path of 7 hops: every hop in order, RTTs on the wire clock, the end at the destination.
 */
static void test_clean_path(enum nw_probe_proto proto, enum nw_flow_mode flow, int family,
			    uint16_t id_base)
{
	struct net *n = calloc(1, sizeof(*n));
	struct nw_trace_config c;
	struct nw_trace_stats st;
	struct nw_trace *t;
	char err[256];

	net_init(n, family, 7);
	n->craft = nw_craft_open_build(err, sizeof(err));
	c = config(n, proto, flow);
	c.in_flight = 6;
	c.id_base = id_base;
	t = start(n, &c);
	if (!t)
		goto out;
	CHECK(run(n, t));
	for (unsigned h = 1; h < 7; h++)
		check_hop(t, h, &n->router[h], NW_ANSWER_TIME_EXCEEDED, 3);
	check_hop(t, 7, &n->dst, dst_kind(proto), 3);
	CHECK_INT(nw_trace_hop(t, 3)->replies[1].rtt_ns, 3 * MS - 10000);
	CHECK_INT(nw_trace_hop(t, 3)->replies[1].clock, NW_PROBE_CLOCK_WIRE);
	CHECK_INT(nw_trace_hop(t, 2)->replies[0].quoted_ttl, 1);
	nw_trace_stats(t, &st);
	CHECK(st.reached);
	CHECK_INT(st.end_ttl, 7);
	CHECK_INT(st.clock, NW_PROBE_CLOCK_WIRE);
	CHECK_INT(st.answered, 21);
	CHECK_INT(st.strays, 0);
	CHECK_INT(n->hops_called, 7);
	CHECK(n->hop_order_ok);
	CHECK_INT(n->check_fail, 0);
	/* probes beyond the destination were sent (6 in flight) and cancelled, never shown */
	CHECK(n->sends >= 21 && n->sends <= 21 + 6);
	CHECK_INT(st.cancelled, n->sends - 21);
	for (unsigned h = 1; h <= 7; h++)
		CHECK_INT(nw_trace_hop_loss(t, h), NW_TRACE_LOSS_NONE);
	nw_trace_free(t);
out:
	nw_craft_close(n->craft);
	free(n);
}

static void test_every_mode(void)
{
	static const enum nw_probe_proto protos[] = {NW_PROBE_UDP, NW_PROBE_ICMP, NW_PROBE_TCP};
	static const enum nw_flow_mode flows[] = {NW_FLOW_CLASSIC, NW_FLOW_PARIS, NW_FLOW_DUBLIN};
	static const int families[] = {AF_INET, AF_INET6};

	for (size_t p = 0; p < 3; p++)
		for (size_t f = 0; f < 3; f++)
			for (size_t a = 0; a < 2; a++)
				if (mode_takes(protos[p], flows[f])) {
					test_clean_path(protos[p], flows[f], families[a], 0);
					/* a later round of --rounds: the numbers moved */
					test_clean_path(protos[p], flows[f], families[a], 65000);
				}
}

/* A path with routers of each kind; returns the finished trace (caller frees n and t). */
static struct nw_trace *run_path(struct net *n, int family, unsigned dst_ttl,
				 struct nw_trace_config *c_out, unsigned max_ttl)
{
	char err[256];
	struct nw_trace_config c;
	struct nw_trace *t;

	(void)family;
	n->craft = nw_craft_open_build(err, sizeof(err));
	c = config(n, NW_PROBE_UDP, NW_FLOW_PARIS);
	c.wait_ns = 2000 * MS;
	c.max_ttl = max_ttl;
	(void)dst_ttl;
	t = start(n, &c);
	if (t)
		CHECK(run(n, t));
	if (c_out)
		*c_out = c;
	return t;
}

static void test_lossy_routers(int family)
{
	struct net *n = calloc(1, sizeof(*n));
	struct nw_trace_stats st;
	struct nw_trace *t;
	int64_t began;

	net_init(n, family, 8);
	n->kind[2] = ROUTER_SILENT;
	n->kind[4] = ROUTER_EVERY_2ND;
	began = 1000 * MS;
	t = run_path(n, family, 8, NULL, 30);
	if (!t)
		goto out;
	check_hop(t, 2, &n->router[2], NW_ANSWER_TIME_EXCEEDED, 0);
	CHECK_INT(nw_trace_hop(t, 2)->replies[0].status, NW_TRACE_TIMEOUT);
	CHECK_INT(nw_trace_hop_loss(t, 2), NW_TRACE_LOSS_SILENT);
	CHECK(nw_trace_hop(t, 4)->answered >= 1 && nw_trace_hop(t, 4)->answered <= 2);
	CHECK_INT(nw_trace_hop_loss(t, 4), NW_TRACE_LOSS_RATE_LIMIT);
	check_hop(t, 8, &n->dst, NW_ANSWER_UNREACHABLE, 3);
	nw_trace_stats(t, &st);
	CHECK(st.reached);
	CHECK_INT(st.end_ttl, 8);
	/* the silent hop's wait is the run's length: it ends one wait after the last send */
	CHECK(n->now - began <= 2000 * MS + 20 * MS);
	CHECK(n->hop_order_ok);
	CHECK_INT(n->hops_called, 8);
	nw_trace_free(t);
	nw_craft_close(n->craft);
	memset(n, 0, sizeof(*n));

	/* loss on the path from hop 3 on: carried on to every later hop */
	net_init(n, family, 6);
	n->kind[3] = ROUTER_LOSSY;
	t = run_path(n, family, 6, NULL, 30);
	if (t) {
		CHECK_INT(nw_trace_hop_loss(t, 2), NW_TRACE_LOSS_NONE);
		CHECK(nw_trace_hop(t, 5)->answered < 3);
		CHECK_INT(nw_trace_hop_loss(t, 5), NW_TRACE_LOSS_FORWARD);
		nw_trace_free(t);
	}
out:
	nw_craft_close(n->craft);
	free(n);
}

/* An answer after the wait is a timeout in the hop and a late answer in the totals. */
static void test_late_and_unreachable(int family)
{
	struct net *n = calloc(1, sizeof(*n));
	struct nw_trace_stats st;
	struct nw_trace *t;

	net_init(n, family, 6);
	n->kind[3] = ROUTER_SLOW;
	t = run_path(n, family, 6, NULL, 30);
	if (t) {
		CHECK_INT(nw_trace_hop(t, 3)->answered, 0);
		nw_trace_stats(t, &st);
		CHECK(st.reached);
		/* answers to the probes beyond the destination, cancelled, are late */
		CHECK_INT(st.late, st.cancelled);
		CHECK_INT(st.timed_out, 3);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);
	memset(n, 0, sizeof(*n));

	/* network unreachable at hop 4: the path ends there, not reached */
	net_init(n, family, 9);
	n->kind[4] = ROUTER_NET_UNREACH;
	t = run_path(n, family, 9, NULL, 30);
	if (t) {
		nw_trace_stats(t, &st);
		CHECK(!st.reached);
		CHECK_INT(st.end_ttl, 4);
		check_hop(t, 4, &n->router[4], NW_ANSWER_UNREACHABLE, 3);
		CHECK_INT(n->hops_called, 4);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);
	memset(n, 0, sizeof(*n));

	/* the destination beyond max_ttl: every hop shown, not reached */
	net_init(n, family, 12);
	t = run_path(n, family, 12, NULL, 5);
	if (t) {
		nw_trace_stats(t, &st);
		CHECK(!st.reached);
		CHECK_INT(st.end_ttl, 5);
		CHECK_INT(n->hops_called, 5);
		CHECK_INT(st.cancelled, 0);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);
	free(n);
}

/* Distinct routers seen at hop ttl. */
static unsigned routers_at(struct nw_trace *t, unsigned ttl)
{
	const struct nw_trace_hop *h = nw_trace_hop(t, ttl);
	unsigned distinct = 0;

	for (unsigned i = 0; i < h->queries; i++) {
		bool seen = false;
		if (h->replies[i].status != NW_TRACE_REPLY)
			continue;
		for (unsigned j = 0; j < i; j++)
			if (h->replies[j].status == NW_TRACE_REPLY &&
			    nw_addr_equal(&h->replies[j].from, &h->replies[i].from))
				seen = true;
		distinct += !seen;
	}
	return distinct;
}

/* ECMP at hop 3: classic flows (the port changes) see both branches, paris one. */
static void test_ecmp(int family)
{
	struct net *n = calloc(1, sizeof(*n));
	char err[256];
	struct nw_trace_config c;
	struct nw_trace *t;

	for (int flow = NW_FLOW_CLASSIC; flow <= NW_FLOW_PARIS; flow++) {
		net_init(n, family, 6);
		n->ecmp_at = 3;
		n->craft = nw_craft_open_build(err, sizeof(err));
		c = config(n, NW_PROBE_UDP, (enum nw_flow_mode)flow);
		c.queries = 8;
		t = start(n, &c);
		if (t) {
			CHECK(run(n, t));
			CHECK_INT(routers_at(t, 3), flow == NW_FLOW_CLASSIC ? 2 : 1);
			CHECK_INT(routers_at(t, 4), 1);
			nw_trace_free(t);
		}
		nw_craft_close(n->craft);
	}
	free(n);
}

/* Packets that are not answers to this trace are strays and change nothing. */
static void test_strays(int family)
{
	struct net *n = calloc(1, sizeof(*n));
	char err[256];
	struct nw_trace_config c;
	struct nw_trace_stats st;
	struct nw_trace *t;
	struct nw_pkt pkt;
	struct frame f;
	const char *why = NULL;

	net_init(n, family, 3);
	n->craft = nw_craft_open_build(err, sizeof(err));
	c = config(n, NW_PROBE_ICMP, NW_FLOW_PARIS);
	t = start(n, &c);
	if (t) {
		n->t = t;
		n->now = 1000 * MS;
		nw_trace_tick(t, n->now);
		/* another program's echo reply, from the destination */
		echo_reply(&f, &n->dst, &n->me, 0x9999, 1);
		nw_decode(NW_LINK_RAW, f.b, f.n, &pkt);
		CHECK_INT(nw_trace_feed(t, &pkt, n->now, 0, &why), NW_TRACE_FEED_STRAY);
		CHECK(why != NULL);
		/* a time exceeded quoting another program's echo request */
		echo_reply(&f, &n->me, &n->dst, 0x9999, 1);
		f.b[iphlen(family)] = family == AF_INET ? 8 : 128;
		fix_l4_checksum(f.b, f.n, family);
		struct frame te;
		icmp_error(&te, &n->router[1], &n->me, family == AF_INET ? 11 : 3, 0, 0, f.b, f.n);
		nw_decode(NW_LINK_RAW, te.b, te.n, &pkt);
		CHECK_INT(nw_trace_feed(t, &pkt, n->now, 0, &why), NW_TRACE_FEED_STRAY);
		/* a truncated quote */
		icmp_error(&te, &n->router[1], &n->me, family == AF_INET ? 11 : 3, 0, 0, f.b, 6);
		nw_decode(NW_LINK_RAW, te.b, te.n, &pkt);
		CHECK_INT(nw_trace_feed(t, &pkt, n->now, 0, &why), NW_TRACE_FEED_STRAY);
		CHECK(run(n, t));
		nw_trace_stats(t, &st);
		CHECK_INT(st.strays, 3);
		CHECK(st.reached);
		CHECK_INT(st.answered, 9);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);
	free(n);
}

/* Stop in the middle: done at once, nothing more sent, no hop handed out after. */
/* Hop h answered in full; its quotes rewritten as want says (the source n->other, port 1024). */
static void check_nat_hop(const struct net *n, const struct nw_trace_hop *h, unsigned want)
{
	CHECK_INT(h->answered, h->queries);
	for (unsigned q = 0; q < h->queries; q++) {
		const struct nw_trace_reply *r = &h->replies[q];
		CHECK_INT(r->rewritten, want);
		CHECK(nw_addr_equal(&r->sent.src, &n->me));
		CHECK(nw_addr_equal(&r->quote.src, want ? &n->other : &n->me));
		if (want & NW_REWRITE_SPORT)
			CHECK(r->quote.sport == 1024 && r->sent.sport != 1024);
		else
			CHECK_INT(r->quote.sport, r->sent.sport);
	}
}

/*
 * A stateless NAT leaving hop 3: hops 1..3 quote the probe as sent, hops 4
 * and on quote it translated (source address, port and checksum moved
 * together); each is still ours, marked rewritten, with the quote's fields.
 */
static void test_nat(int family)
{
	static const enum nw_probe_proto protos[] = {NW_PROBE_UDP, NW_PROBE_ICMP, NW_PROBE_TCP};
	struct net *n = calloc(1, sizeof(*n));
	char err[256];

	for (size_t i = 0; n && i < sizeof(protos) / sizeof(protos[0]); i++) {
		unsigned want =
		    protos[i] == NW_PROBE_ICMP ? NW_REWRITE_SRC : NW_REWRITE_SRC | NW_REWRITE_SPORT;
		struct nw_trace_config c;
		struct nw_trace *t;

		net_init(n, family, 30);
		n->nat_at = 3;
		n->craft = nw_craft_open_build(err, sizeof(err));
		c = config(n, protos[i], NW_FLOW_PARIS);
		c.max_ttl = 6;
		t = start(n, &c);
		if (t) {
			CHECK(run(n, t));
			for (unsigned ttl = 1; ttl <= 6; ttl++)
				check_nat_hop(n, nw_trace_hop(t, ttl), ttl <= 3 ? 0 : want);
			nw_trace_free(t);
		}
		nw_craft_close(n->craft);
	}
	free(n);
}

static void test_stop(void)
{
	struct net *n = calloc(1, sizeof(*n));
	char err[256];
	struct nw_trace_config c;
	struct nw_trace *t;
	unsigned sends, hops;

	net_init(n, AF_INET, 10);
	n->craft = nw_craft_open_build(err, sizeof(err));
	c = config(n, NW_PROBE_UDP, NW_FLOW_PARIS);
	t = start(n, &c);
	if (t) {
		n->t = t;
		n->now = 1000 * MS;
		nw_trace_tick(t, n->now);
		n->now += 2 * MS;
		deliver_due(n);
		nw_trace_stop(t);
		CHECK(nw_trace_done(t));
		sends = n->sends;
		hops = n->hops_called;
		n->now += 100 * MS;
		deliver_due(n);
		CHECK_INT(nw_trace_tick(t, n->now), NW_PROBE_NEVER);
		CHECK_INT(n->sends, sends);
		CHECK_INT(n->hops_called, hops);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);
	free(n);
}

static void test_bad_configs(void)
{
	struct net *np = calloc(1, sizeof(*np));
	struct nw_trace_config c;
	static const struct nw_trace_ops ops = {.send = fake_send};
	const char *why;

	net_init(np, AF_INET, 3);
#define REFUSED(field, value)                                                                      \
	do {                                                                                       \
		c = config(np, NW_PROBE_UDP, NW_FLOW_PARIS);                                       \
		c.field = value;                                                                   \
		why = NULL;                                                                        \
		CHECK(nw_trace_new(&c, &ops, np, &why) == NULL);                                   \
		CHECK(why != NULL);                                                                \
	} while (0)
	REFUSED(first_ttl, 0);
	REFUSED(max_ttl, 256);
	REFUSED(first_ttl, 31);
	REFUSED(queries, 0);
	REFUSED(queries, 11);
	REFUSED(in_flight, 0);
	REFUSED(wait_ns, 0);
	REFUSED(packet_len, 9001);
	REFUSED(id_base, 65535 - 30 * 3 + 1); /* the last probe would carry 65536 */
	REFUSED(dst, frame_addr("2001:db8::5"));
	c = config(np, NW_PROBE_TCP, NW_FLOW_DUBLIN);
	CHECK(nw_trace_new(&c, &ops, np, &why) == NULL);
	CHECK(why && strstr(why, "dublin"));
	CHECK(nw_trace_new(&c, NULL, np, &why) == NULL);
	c = config(np, NW_PROBE_TCP, NW_FLOW_PARIS);
	c.mtu = true;
	CHECK(nw_trace_new(&c, &ops, np, &why) == NULL);
	CHECK(why && strstr(why, "MTU"));
	net_init(np, AF_INET6, 3);
	c = config(np, NW_PROBE_UDP, NW_FLOW_DUBLIN);
	c.mtu = true;
	CHECK(nw_trace_new(&c, &ops, np, &why) == NULL);
	CHECK(why && strstr(why, "dublin"));
#undef REFUSED
	free(np);
}

static void test_packet_len(void)
{
	struct net *np = calloc(1, sizeof(*np));
	struct nw_trace_config c;

	net_init(np, AF_INET, 3);
	c = config(np, NW_PROBE_UDP, NW_FLOW_PARIS);
	CHECK_INT(nw_trace_packet_len(&c), 60);
	c.packet_len = 10;
	CHECK_INT(nw_trace_packet_len(&c), 30);
	c.packet_len = 1500;
	CHECK_INT(nw_trace_packet_len(&c), 1500);
	c = config(np, NW_PROBE_TCP, NW_FLOW_PARIS);
	CHECK_INT(nw_trace_packet_len(&c), 40);
	net_init(np, AF_INET6, 3);
	c = config(np, NW_PROBE_ICMP, NW_FLOW_PARIS);
	CHECK_INT(nw_trace_packet_len(&c), 80);
	free(np);
}

/* A path whose MTU falls to 1400 after hop 2 and to 1280 after hop 5, with --mtu. */
static void test_mtu(int family, enum nw_probe_proto proto, enum nw_flow_mode flow)
{
	struct net *n = calloc(1, sizeof(*n));
	char err[256];
	struct nw_trace_config c;
	struct nw_trace_stats st;
	struct nw_trace *t;

	net_init(n, family, 7);
	n->link_mtu[2] = 1400;
	n->link_mtu[5] = 1280;
	n->craft = nw_craft_open_build(err, sizeof(err));
	c = config(n, proto, flow);
	c.mtu = true;
	c.packet_len = 1500;
	t = start(n, &c);
	if (t) {
		CHECK(run(n, t));
		for (unsigned h = 1; h < 7; h++)
			check_hop(t, h, &n->router[h], NW_ANSWER_TIME_EXCEEDED, 3);
		check_hop(t, 7, &n->dst, dst_kind(proto), 3);
		/* the router before the narrow link refuses the probes that would cross it */
		CHECK_INT(nw_trace_hop(t, 3)->pmtu, 1400);
		CHECK(nw_addr_equal(&nw_trace_hop(t, 3)->pmtu_from, &n->router[2]));
		CHECK_INT(nw_trace_hop(t, 6)->pmtu, 1280);
		CHECK(nw_addr_equal(&nw_trace_hop(t, 6)->pmtu_from, &n->router[5]));
		for (unsigned h = 1; h <= 7; h++)
			if (h != 3 && h != 6)
				CHECK_INT(nw_trace_hop(t, h)->pmtu, 0);
		nw_trace_stats(t, &st);
		CHECK(st.reached);
		CHECK_INT(st.pmtu, 1280);
		CHECK(st.mtu_resends >= 6); /* at least hop 3's and hop 6's probes, sent again */
		CHECK_INT(st.answered, 21);
		CHECK_INT(n->size_rose, 0);
		CHECK_INT(n->no_df, 0);
		CHECK_INT(n->last_size, 1280);
		CHECK(n->hop_order_ok);
		CHECK_INT(n->check_fail, 0);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);
	free(n);
}

/* What the path MTU does without --mtu, and with refusals that name no usable size. */
static void test_mtu_odd(void)
{
	struct net *n = calloc(1, sizeof(*n));
	char err[256];
	struct nw_trace_config c;
	struct nw_trace_stats st;
	struct nw_trace *t;

	/* no --mtu over IPv4: no DF, the narrow link fragments, the trace goes on */
	net_init(n, AF_INET, 5);
	n->link_mtu[2] = 1400;
	n->craft = nw_craft_open_build(err, sizeof(err));
	c = config(n, NW_PROBE_UDP, NW_FLOW_PARIS);
	c.packet_len = 1500;
	t = start(n, &c);
	if (t) {
		CHECK(run(n, t));
		nw_trace_stats(t, &st);
		CHECK(st.reached);
		CHECK_INT(st.pmtu, 0);
		CHECK_INT(n->no_df, n->sends);
		CHECK_INT(nw_trace_hop(t, 3)->pmtu, 0);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);

	/* no --mtu over IPv6: Packet Too Big ends the path, as any unreachable (!F-1400) */
	net_init(n, AF_INET6, 5);
	n->link_mtu[2] = 1400;
	n->craft = nw_craft_open_build(err, sizeof(err));
	c = config(n, NW_PROBE_UDP, NW_FLOW_PARIS);
	c.packet_len = 1500;
	t = start(n, &c);
	if (t) {
		CHECK(run(n, t));
		nw_trace_stats(t, &st);
		CHECK(!st.reached);
		CHECK_INT(st.end_ttl, 3);
		check_hop(t, 3, &n->router[2], NW_ANSWER_TOO_BIG, 3);
		CHECK_INT(nw_trace_hop(t, 3)->replies[0].mtu, 1400);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);

	/* an old router that names no MTU (RFC 792): RFC 1191's plateaus, 1492 then 1006 */
	net_init(n, AF_INET, 5);
	n->link_mtu[2] = 1400;
	n->says_set[2] = true;
	n->craft = nw_craft_open_build(err, sizeof(err));
	c = config(n, NW_PROBE_ICMP, NW_FLOW_PARIS);
	c.mtu = true;
	c.packet_len = 1500;
	t = start(n, &c);
	if (t) {
		CHECK(run(n, t));
		nw_trace_stats(t, &st);
		CHECK(st.reached);
		CHECK_INT(st.pmtu, 1006);
		CHECK_INT(nw_trace_hop(t, 3)->pmtu, 1006);
		CHECK_INT(n->last_size, 1006);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);

	/* a refusal that names a size not below the probe's: nothing smaller to try, the end */
	for (int family = AF_INET; family; family = family == AF_INET ? AF_INET6 : 0) {
		net_init(n, family, 5);
		n->link_mtu[2] = 1400;
		n->says_set[2] = true;
		n->says_mtu[2] = 9000;
		n->craft = nw_craft_open_build(err, sizeof(err));
		c = config(n, NW_PROBE_UDP, NW_FLOW_PARIS);
		c.mtu = true;
		c.packet_len = 1500;
		t = start(n, &c);
		if (t) {
			CHECK(run(n, t));
			nw_trace_stats(t, &st);
			CHECK(!st.reached);
			CHECK_INT(st.end_ttl, 3);
			CHECK_INT(st.mtu_resends, 0);
			CHECK_INT(st.pmtu, 1500);
			CHECK_INT(nw_trace_hop(t, 3)->pmtu, 0);
			nw_trace_free(t);
		}
		nw_craft_close(n->craft);
	}

	/* a router that says less than IPv6's minimum: 1280 is tried, and it fits */
	net_init(n, AF_INET6, 5);
	n->link_mtu[2] = 1280;
	n->says_set[2] = true;
	n->says_mtu[2] = 576;
	n->craft = nw_craft_open_build(err, sizeof(err));
	c = config(n, NW_PROBE_UDP, NW_FLOW_PARIS);
	c.mtu = true;
	c.packet_len = 1500;
	t = start(n, &c);
	if (t) {
		CHECK(run(n, t));
		nw_trace_stats(t, &st);
		CHECK(st.reached);
		CHECK_INT(st.pmtu, 1280);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);
	free(n);
}

/*
 * Socket mode (nw_trace_feed_answer): the kernel gives back the probe's
 * destination port and payload (UDP) or echo header (ICMP) with each
 * error, and a ping socket the echo reply; routers 1 .. dst_ttl - 1 answer
 * time exceeded, the destination port unreachable or an echo reply.
 */
struct sock_sent {
	unsigned ttl;
	size_t size; /* the IP packet's length */
	uint16_t dport, echo_seq;
	uint8_t data[64];
	size_t len;
};

struct sock_net {
	struct sock_sent sent[128];
	unsigned n;
	size_t iface_mtu; /* a larger probe is refused at send (EMSGSIZE); 0: none */
};

static int sock_send(void *ctx, const struct nw_trace_packet *p)
{
	struct sock_net *sn = ctx;
	struct sock_sent *x = &sn->sent[sn->n];
	size_t size = (p->key.dst.family == AF_INET6 ? 40 : 20) + 8 + p->payload_len;

	if (sn->iface_mtu && size > sn->iface_mtu)
		return 1; /* the runner: blocked until the local error's MTU is read */
	sn->n++;
	x->ttl = p->ttl;
	x->size = size;
	x->dport = p->key.dport;
	x->echo_seq = p->key.echo_seq;
	x->len = p->payload_len < sizeof(x->data) ? p->payload_len : sizeof(x->data);
	memcpy(x->data, p->payload, x->len);
	return 0;
}

/*
 * mtu: --mtu, the link after hop 2 is 1400 bytes and router 2 refuses
 * larger probes beyond it with the MTU (IP_RECVERR's ee_info).  The
 * answers to probes sent at 1500 are read after the size fell: the paris
 * word names them at the size they went at, not at the size of now.
 */
static void test_feed_answer(int family, enum nw_probe_proto proto, enum nw_flow_mode flow,
			     bool mtu)
{
	static const struct nw_trace_ops ops = {.send = sock_send};
	struct net *n = calloc(1, sizeof(*n));
	struct sock_net sn = {.n = 0};
	struct nw_trace_config c;
	struct nw_trace_stats st;
	struct nw_trace *t;
	const char *why = NULL;
	int64_t now = 1000 * MS;
	unsigned done = 0, refused = 0;

	net_init(n, family, 5);
	c = config(n, proto, flow);
	c.max_ttl = 8;
	c.mtu = mtu;
	c.packet_len = mtu ? 1500 : 0;
	t = nw_trace_new(&c, &ops, &sn, &why);
	CHECK(t != NULL);
	for (unsigned round = 0; t && round < 40 && !nw_trace_done(t); round++) {
		nw_trace_tick(t, now);
		now += MS;
		for (; done < sn.n; done++) {
			struct sock_sent *x = &sn.sent[done];
			struct nw_trace_answer a = {.dport = x->dport,
						    .echo_seq = x->echo_seq,
						    .data = x->data,
						    .reply_ttl = 60};
			bool at_dst = x->ttl >= 5, too_big = mtu && x->ttl > 2 && x->size > 1400;
			/* a router quoting 8 bytes of the datagram: the paris word is in them */
			a.data_len = done % 2 ? 2 : x->len;
			a.from = too_big ? n->router[2] : at_dst ? n->dst : n->router[x->ttl];
			if (family == AF_INET6)
				a.icmp_type = too_big		       ? 2
					      : !at_dst		       ? 3
					      : proto == NW_PROBE_ICMP ? 129
								       : 1;
			else
				a.icmp_type = too_big		       ? 3
					      : !at_dst		       ? 11
					      : proto == NW_PROBE_ICMP ? 0
								       : 3;
			a.icmp_code = too_big && family == AF_INET ? 4
				      : !too_big && at_dst && proto == NW_PROBE_UDP
					  ? (family == AF_INET6 ? 4 : 3)
					  : 0;
			a.mtu = too_big ? 1400 : 0;
			refused += too_big;
			if (x->ttl <= 5)
				CHECK_INT(nw_trace_feed_answer(t, &a, now, &why),
					  NW_TRACE_FEED_OURS);
		}
	}
	if (t) {
		struct nw_trace_answer a = {.dport = (uint16_t)(c.dport + 500),
					    .echo_seq = 999,
					    .data = sn.sent[0].data,
					    .data_len = 1,
					    .icmp_type = family == AF_INET6 ? 3 : 11};
		CHECK(nw_trace_done(t));
		nw_trace_stats(t, &st);
		CHECK(st.reached);
		CHECK_INT(st.end_ttl, 5);
		CHECK_INT(st.answered, 15);
		CHECK_INT(st.strays, 0);
		CHECK(mtu ? refused > 1 : refused == 0);
		CHECK_INT(st.pmtu, mtu ? 1400 : 0);
		CHECK_INT(nw_trace_hop(t, 3)->pmtu, mtu ? 1400 : 0);
		if (mtu)
			CHECK(nw_addr_equal(&nw_trace_hop(t, 3)->pmtu_from, &n->router[2]));
		for (unsigned ttl = 1; ttl <= 5; ttl++) {
			const struct nw_trace_hop *h = nw_trace_hop(t, ttl);
			CHECK_INT(h->answered, 3);
			CHECK(nw_addr_equal(&h->replies[0].from,
					    ttl < 5 ? &n->router[ttl] : &n->dst));
			CHECK_INT(h->replies[1].reply_ttl, 60);
			CHECK_INT(h->replies[2].clock, NW_PROBE_CLOCK_MONO);
		}
		/* a cut payload, another sequence: a stray; the same answer again: late */
		CHECK_INT(nw_trace_feed_answer(t, &a, now, &why), NW_TRACE_FEED_STRAY);
		a.echo_seq = sn.sent[0].echo_seq;
		a.dport = sn.sent[0].dport;
		a.data_len = sn.sent[0].len;
		a.from = n->router[1];
		CHECK_INT(nw_trace_feed_answer(t, &a, now, &why), NW_TRACE_FEED_LATE);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);
	free(n);
}

/*
 * The interface's MTU falls below the size probes go at (a socket's
 * EMSGSIZE): nw_trace_local_mtu lowers the size for the sends to come,
 * never below the family's minimum, and the refused probes go smaller.
 */
static void test_local_mtu(int family)
{
	static const struct nw_trace_ops ops = {.send = sock_send};
	struct net *n = calloc(1, sizeof(*n));
	struct sock_net sn = {.n = 0, .iface_mtu = 1000};
	struct nw_trace_config c;
	struct nw_trace_stats st;
	struct nw_trace *t;
	const char *why = NULL;
	size_t want = family == AF_INET6 ? 1280 : 1000;

	net_init(n, family, 5);
	c = config(n, NW_PROBE_UDP, NW_FLOW_PARIS);
	c.max_ttl = 8;
	t = nw_trace_new(&c, &ops, &sn, &why);
	CHECK(t && !nw_trace_local_mtu(t, 1000)); /* no --mtu: nothing to lower */
	nw_trace_free(t);
	c.mtu = true;
	c.packet_len = 1500;
	t = nw_trace_new(&c, &ops, &sn, &why);
	CHECK(t != NULL);
	if (t) {
		nw_trace_tick(t, 1000 * MS);
		CHECK_INT(sn.n, 0); /* every send refused */
		CHECK(!nw_trace_local_mtu(t, 1500));
		CHECK(nw_trace_local_mtu(t, 1300));
		CHECK(nw_trace_local_mtu(t, 1000));
		CHECK(!nw_trace_local_mtu(t, 1000));
		sn.iface_mtu = want;
		nw_trace_tick(t, 1100 * MS);
		CHECK_INT(sn.n, 16); /* the window, sent again smaller */
		for (unsigned i = 0; i < sn.n; i++)
			CHECK_INT(sn.sent[i].size, want);
		nw_trace_stats(t, &st);
		CHECK_INT(st.pmtu, want);
		CHECK_INT(st.send_errors, 0);
		nw_trace_free(t);
	}
	nw_craft_close(n->craft);
	free(n);
}

/* The way back's length from the answer's TTL (tracepath's reckoning). */
static void test_return_hops(void)
{
	CHECK_INT(nw_trace_return_hops(0), 0);	 /* unknown */
	CHECK_INT(nw_trace_return_hops(64), 1);	 /* a neighbour, Linux's 64 */
	CHECK_INT(nw_trace_return_hops(62), 3);	 /* two routers on the way back */
	CHECK_INT(nw_trace_return_hops(1), 64);	 /* the furthest a 64 can come */
	CHECK_INT(nw_trace_return_hops(65), 64); /* from 128: 63 routers back */
	CHECK_INT(nw_trace_return_hops(128), 1); /* Windows' 128 */
	CHECK_INT(nw_trace_return_hops(250), 6); /* routers' 255 */
	CHECK_INT(nw_trace_return_hops(255), 1);
}

int main(void)
{
	test_return_hops();
	for (int family = AF_INET; family; family = family == AF_INET ? AF_INET6 : 0) {
		test_local_mtu(family);
		for (int mtu = 0; mtu < 2; mtu++) {
			test_feed_answer(family, NW_PROBE_UDP, NW_FLOW_PARIS, mtu);
			test_feed_answer(family, NW_PROBE_UDP, NW_FLOW_CLASSIC, mtu);
			test_feed_answer(family, NW_PROBE_ICMP, NW_FLOW_PARIS, mtu);
			test_feed_answer(family, NW_PROBE_ICMP, NW_FLOW_CLASSIC, mtu);
		}
	}
	test_every_mode();
	test_lossy_routers(AF_INET);
	test_lossy_routers(AF_INET6);
	test_late_and_unreachable(AF_INET);
	test_late_and_unreachable(AF_INET6);
	test_ecmp(AF_INET);
	test_ecmp(AF_INET6);
	test_strays(AF_INET);
	test_strays(AF_INET6);
	test_nat(AF_INET);
	test_nat(AF_INET6);
	test_stop();
	test_bad_configs();
	test_packet_len();
	for (int family = AF_INET; family; family = family == AF_INET ? AF_INET6 : 0) {
		test_mtu(family, NW_PROBE_UDP, NW_FLOW_PARIS);
		test_mtu(family, NW_PROBE_UDP, NW_FLOW_CLASSIC);
		test_mtu(family, NW_PROBE_ICMP, NW_FLOW_PARIS);
		test_mtu(family, NW_PROBE_ICMP, NW_FLOW_CLASSIC);
	}
	test_mtu(AF_INET, NW_PROBE_UDP, NW_FLOW_DUBLIN);
	test_mtu_odd();
	return nw_test_result("test_trace");
}
