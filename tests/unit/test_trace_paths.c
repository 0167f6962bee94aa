/*
 * test_trace_paths.c: probe/trace_paths.h, several traceroute flows side by
 * side, on a simulated ECMP diamond with a fake clock: hop 1 one router,
 * hop 2 one of two chosen by the flow (its source port or echo id) or, per
 * packet, by the probe, hop 3 one router again, the destination at hop 4.
 * Probes are built by libnet (build-only) and decoded back; the routers
 * quote them in ICMP errors (probe_frames.c).  Checked: every TTL summed up
 * in order, the flows per address, splits and merges, the distinct paths,
 * silent hops, flows that wait together, stop, strays, bad settings.
 */
#include "config.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "probe/trace_paths.h"
#include "sys/craft.h"
#include "sys/trace_run.h"
#include "probe_frames.h"
#include "testlib.h"

#define MS	(int64_t)1000000
#define DST_TTL 4

enum balance { BY_FLOW, BY_PACKET };

struct net {
	int family;
	struct nw_addr me, dst, r1, r2a, r2b, r3, r3b, other;
	enum balance balance;
	bool silent3;	 /* hop 3 sends no time exceeded */
	bool two_threes; /* hop 3 by the flow too (r3 after r2a, r3b after r2b): no merge before
			    the destination */
	struct nw_craft *craft;
	struct frame_queue wire;
	unsigned sends, packets;
	int64_t now;
	unsigned ttls_seen, last_ttl;
	bool order_ok;
	struct nw_trace_paths *ps;
};

static void net_init(struct net *n, int family, enum balance b)
{
	bool v4 = family == AF_INET;

	memset(n, 0, sizeof(*n));
	n->family = family;
	n->balance = b;
	n->me = frame_addr(v4 ? "198.18.0.1" : "2001:db8::1");
	n->dst = frame_addr(v4 ? "198.19.0.2" : "2001:db8:1::2");
	n->r1 = frame_addr(v4 ? "198.18.0.2" : "2001:db8::2");
	n->r2a = frame_addr(v4 ? "198.18.1.2" : "2001:db8:0:1::2");
	n->r2b = frame_addr(v4 ? "198.18.2.2" : "2001:db8:0:2::2");
	n->r3 = frame_addr(v4 ? "198.18.3.2" : "2001:db8:0:3::2");
	n->r3b = frame_addr(v4 ? "198.18.4.2" : "2001:db8:0:4::2");
	n->other = frame_addr(v4 ? "198.18.99.9" : "2001:db8:99::9");
	n->order_ok = true;
	n->craft = nw_craft_open_build(NULL, 0);
	CHECK(n->craft != NULL);
}

static void enqueue(struct net *n, int64_t at, const struct frame *f, bool leaving)
{
	if (!frame_queue_put(&n->wire, at, f, leaving))
		CHECK(!"delivery queue full");
}

/* Which router of hop 2 the probe meets: by its flow (port or echo id), or every other packet. */
static const struct nw_addr *hop2(struct net *n, const struct nw_trace_packet *p)
{
	uint16_t flow = p->key.proto == NW_PROBE_ICMP ? p->key.echo_id : p->key.sport;

	if (n->balance == BY_PACKET)
		return n->packets++ % 2 ? &n->r2b : &n->r2a;
	return flow % 2 ? &n->r2b : &n->r2a;
}

static void answer(struct net *n, const struct nw_trace_packet *p, const struct frame *probe)
{
	const struct nw_addr *from = p->ttl == 1 ? &n->r1 : p->ttl == 3 ? &n->r3 : NULL;
	struct frame f, q = *probe;
	bool v4 = n->family == AF_INET;
	int64_t at = n->now + (int64_t)(p->ttl < DST_TTL ? p->ttl : DST_TTL) * MS;

	if (p->ttl == 2)
		from = hop2(n, p);
	if (p->ttl == 3 && n->two_threes && (p->key.sport % 2))
		from = &n->r3b;
	if (p->ttl >= DST_TTL) {
		if (p->key.proto == NW_PROBE_ICMP)
			echo_reply(&f, &n->dst, &n->me, p->key.echo_id, p->key.echo_seq);
		else
			icmp_error(&f, &n->dst, &n->me, v4 ? 3 : 1, v4 ? 3 : 4, 0, probe->b,
				   probe->n < 128 ? probe->n : 128);
		enqueue(n, at, &f, false);
		return;
	}
	if (p->ttl == 3 && n->silent3)
		return;
	q.b[v4 ? 8 : 7] = 1;
	if (v4)
		set16(q.b + 10, 0), set16(q.b + 10, ref_finish(ref_add(0, q.b, 20)));
	icmp_error(&f, from, &n->me, v4 ? 11 : 3, 0, 0, q.b, q.n < 128 ? q.n : 128);
	enqueue(n, at, &f, false);
}

static int fake_send(void *ctx, unsigned flow, const struct nw_trace_packet *p)
{
	struct net *n = ctx;
	struct frame f;

	(void)flow;
	if (!frame_of_probe(n->craft, p, &f)) {
		CHECK(!"the probe does not build");
		return -1;
	}
	n->sends++;
	enqueue(n, n->now, &f, true);
	answer(n, p, &f);
	return 0;
}

static void fake_on_ttl(void *ctx, const struct nw_trace_paths_ttl *tt)
{
	struct net *n = ctx;

	if (tt->ttl != n->last_ttl + 1)
		n->order_ok = false;
	n->last_ttl = tt->ttl;
	n->ttls_seen++;
}

static void deliver_due(struct net *n)
{
	const char *why;
	struct frame_delivery d;

	while (frame_queue_take(&n->wire, n->now, &d)) {
		struct nw_pkt pkt;
		CHECK_INT(nw_decode(NW_LINK_RAW, d.f.b, d.f.n, &pkt), NW_OK);
		enum nw_trace_feed r =
		    nw_trace_paths_feed(n->ps, &pkt, n->now, d.leaving ? d.at + 10000 : d.at, &why);
		if (d.leaving)
			CHECK_INT(r, NW_TRACE_FEED_SENT);
	}
}

/* Run to the end on the fake clock (or, with stop_at, stop then); false when it does not end. */
static bool run(struct net *n, int64_t stop_at)
{
	n->now = 1000 * MS;
	for (unsigned steps = 0; steps < 100000 && !nw_trace_paths_done(n->ps); steps++) {
		int64_t wake;
		if (stop_at && n->now >= stop_at) {
			nw_trace_paths_stop(n->ps);
			break;
		}
		nw_trace_paths_tick(n->ps, n->now);
		deliver_due(n);
		wake = frame_queue_next(&n->wire, nw_trace_paths_tick(n->ps, n->now));
		if (stop_at && stop_at < wake)
			wake = stop_at;
		if (nw_trace_paths_done(n->ps))
			break;
		if (wake == NW_PROBE_NEVER)
			return false;
		if (wake > n->now)
			n->now = wake;
	}
	return nw_trace_paths_done(n->ps);
}

/* n flows from port 40000 up (ICMP: echo id 0x4200 up): even ones by r2a, odd ones by r2b. */
static struct nw_trace_paths *start(struct net *n, enum nw_probe_proto proto, unsigned flows)
{
	static const struct nw_trace_paths_ops ops = {.send = fake_send, .on_ttl = fake_on_ttl};
	struct nw_trace_config c[NW_TRACE_MAX_FLOWS];
	const char *why = NULL;

	for (unsigned f = 0; f < flows; f++) {
		struct nw_trace_config d = NW_TRACE_DEFAULTS;
		d.proto = proto;
		d.src = n->me;
		d.dst = n->dst;
		d.sport = (uint16_t)(40000 + f);
		d.dport = proto == NW_PROBE_TCP ? 80 : 33434;
		d.echo_id = (uint16_t)(0x4200 + f);
		d.tcp_seq = 0x10000000;
		d.max_ttl = 8;
		d.wait_ns = 2000 * MS;
		c[f] = d;
	}
	n->ps = nw_trace_paths_new(c, flows, &ops, n, &why);
	if (!n->ps)
		fprintf(stderr, "nw_trace_paths_new: %s\n", why);
	CHECK(n->ps != NULL);
	return n->ps;
}

static const struct nw_trace_paths_addr *find(const struct nw_trace_paths_ttl *tt,
					      const struct nw_addr *a)
{
	for (unsigned i = 0; tt && i < tt->naddrs; i++)
		if (nw_addr_equal(&tt->addrs[i].addr, a))
			return &tt->addrs[i];
	return NULL;
}

/* Address a at ttl: seen by these flows, from prev and to next distinct addresses. */
static void check_addr(struct nw_trace_paths *ps, unsigned ttl, const struct nw_addr *a,
		       uint32_t flows, unsigned prev, unsigned next)
{
	const struct nw_trace_paths_addr *x = find(nw_trace_paths_ttl(ps, ttl), a);

	CHECK(x != NULL);
	if (!x)
		return;
	CHECK_INT(x->flows, flows);
	CHECK_INT(x->prev, prev);
	CHECK_INT(x->next, next);
}

/* The diamond, flows hashed: both branches at TTL 2, the split at 1, the merge at 3. */
static void test_diamond(int family, enum nw_probe_proto proto)
{
	struct net *n = calloc(1, sizeof(*n));
	uint32_t groups[NW_TRACE_MAX_FLOWS];
	struct nw_trace_paths *ps;

	net_init(n, family, BY_FLOW);
	ps = start(n, proto, 6);
	CHECK(run(n, 0));
	CHECK(n->order_ok);
	CHECK_INT(n->ttls_seen, DST_TTL);
	CHECK_INT(nw_trace_paths_last_ttl(ps), DST_TTL);
	CHECK_INT(nw_trace_paths_ttl(ps, 1)->naddrs, 1);
	check_addr(ps, 1, &n->r1, 0x3f, 0, 2);
	CHECK_INT(nw_trace_paths_ttl(ps, 2)->naddrs, 2);
	check_addr(ps, 2, &n->r2a, 0x15, 1, 1);
	check_addr(ps, 2, &n->r2b, 0x2a, 1, 1);
	check_addr(ps, 3, &n->r3, 0x3f, 2, 1);
	check_addr(ps, 4, &n->dst, 0x3f, 1, 0);
	CHECK_INT(nw_trace_paths_ttl(ps, 4)->flows, 0x3f);
	CHECK_INT(nw_trace_paths_ttl(ps, 4)->silent, 0);
	CHECK(nw_trace_paths_ttl(ps, 5) == NULL);
	CHECK_INT(nw_trace_paths_distinct(ps, groups, NW_TRACE_MAX_FLOWS), 2);
	CHECK_INT(groups[0], 0x15);
	CHECK_INT(groups[1], 0x2a);
	CHECK(nw_addr_equal(nw_trace_paths_flow_addr(ps, 3, 2), &n->r2b));
	CHECK(nw_addr_equal(nw_trace_paths_flow_addr(ps, 4, 2), &n->r2a));
	CHECK(nw_trace_paths_flow_addr(ps, 4, 5) == NULL);
	CHECK_INT(nw_trace_paths_strays(ps), 0);
	/* each flow stopped at the destination: 4 TTLs of 3 queries sent, the rest cancelled */
	for (unsigned f = 0; f < 6; f++) {
		struct nw_trace_stats st;
		nw_trace_stats(nw_trace_paths_flow(ps, f), &st);
		CHECK(st.reached);
		CHECK_INT(st.end_ttl, DST_TTL);
		CHECK_INT(st.answered, DST_TTL * 3);
	}
	nw_trace_paths_free(ps);
	nw_craft_close(n->craft);
	free(n);
}

/* Two branches of two routers each, meeting at the destination: each links to its own alone. */
static void test_long_branches(void)
{
	struct net *n = calloc(1, sizeof(*n));
	uint32_t groups[NW_TRACE_MAX_FLOWS];
	struct nw_trace_paths *ps;

	net_init(n, AF_INET, BY_FLOW);
	n->two_threes = true;
	ps = start(n, NW_PROBE_UDP, 4);
	CHECK(run(n, 0));
	check_addr(ps, 1, &n->r1, 0xf, 0, 2);
	check_addr(ps, 2, &n->r2a, 0x5, 1, 1);
	check_addr(ps, 2, &n->r2b, 0xa, 1, 1);
	check_addr(ps, 3, &n->r3, 0x5, 1, 1);
	check_addr(ps, 3, &n->r3b, 0xa, 1, 1);
	check_addr(ps, 4, &n->dst, 0xf, 2, 0);
	CHECK_INT(nw_trace_paths_distinct(ps, groups, NW_TRACE_MAX_FLOWS), 2);
	nw_trace_paths_free(ps);
	nw_craft_close(n->craft);
	free(n);
}

/* One flow: a straight path, no split, no merge, one path. */
static void test_one_flow(void)
{
	struct net *n = calloc(1, sizeof(*n));
	uint32_t g;
	struct nw_trace_paths *ps;

	net_init(n, AF_INET, BY_FLOW);
	ps = start(n, NW_PROBE_UDP, 1);
	CHECK(run(n, 0));
	CHECK_INT(n->ttls_seen, DST_TTL);
	check_addr(ps, 1, &n->r1, 1, 0, 1);
	check_addr(ps, 2, &n->r2a, 1, 1, 1);
	check_addr(ps, 3, &n->r3, 1, 1, 1);
	CHECK_INT(nw_trace_paths_distinct(ps, &g, 1), 1);
	CHECK_INT(g, 1);
	nw_trace_paths_free(ps);
	nw_craft_close(n->craft);
	free(n);
}

/* Per-packet balancing: every flow sees both routers at TTL 2, one path address per flow. */
static void test_per_packet(void)
{
	struct net *n = calloc(1, sizeof(*n));
	struct nw_trace_paths *ps;

	net_init(n, AF_INET6, BY_PACKET);
	ps = start(n, NW_PROBE_UDP, 4);
	CHECK(run(n, 0));
	check_addr(ps, 1, &n->r1, 0xf, 0, 2);
	check_addr(ps, 2, &n->r2a, 0xf, 1, 1);
	check_addr(ps, 2, &n->r2b, 0xf, 1, 1);
	check_addr(ps, 3, &n->r3, 0xf, 2, 1);
	nw_trace_paths_free(ps);
	nw_craft_close(n->craft);
	free(n);
}

/* A silent hop 3: every flow waits for it at once (one wait, not one per flow). */
static void test_silent_hop(void)
{
	struct net *n = calloc(1, sizeof(*n));
	const struct nw_trace_paths_ttl *tt;
	uint32_t groups[4];
	struct nw_trace_paths *ps;

	net_init(n, AF_INET, BY_FLOW);
	n->silent3 = true;
	ps = start(n, NW_PROBE_UDP, 4);
	CHECK(run(n, 0));
	tt = nw_trace_paths_ttl(ps, 3);
	CHECK(tt != NULL);
	if (tt) {
		CHECK_INT(tt->naddrs, 0);
		CHECK_INT(tt->silent, 0xf);
		CHECK_INT(tt->flows, 0xf);
	}
	check_addr(ps, 2, &n->r2a, 0x5, 1, 0);
	check_addr(ps, 4, &n->dst, 0xf, 0, 0);
	CHECK(n->now < 1000 * MS + 2 * 2000 * MS); /* one 2 s wait in all */
	CHECK_INT(nw_trace_paths_distinct(ps, groups, 4), 2);
	nw_trace_paths_free(ps);
	nw_craft_close(n->craft);
	free(n);
}

/* Stopped while hop 3 waits: the TTLs every flow had completed are still summed up. */
static void test_stop(void)
{
	struct net *n = calloc(1, sizeof(*n));
	struct nw_trace_paths *ps;

	net_init(n, AF_INET, BY_FLOW);
	n->silent3 = true;
	ps = start(n, NW_PROBE_UDP, 3);
	CHECK(!run(n, 1000 * MS + 500 * MS) || nw_trace_paths_done(ps));
	CHECK(nw_trace_paths_done(ps));
	CHECK_INT(nw_trace_paths_last_ttl(ps), 2);
	CHECK_INT(n->ttls_seen, 2);
	check_addr(ps, 2, &n->r2b, 0x2, 1, 0);
	CHECK(nw_trace_paths_ttl(ps, 3) == NULL);
	nw_trace_paths_free(ps);
	nw_craft_close(n->craft);
	free(n);
}

/* Another program's answer is nobody's: a stray for the set, not for a flow alone. */
static void test_stray(void)
{
	struct net *n = calloc(1, sizeof(*n));
	struct nw_trace_paths *ps;
	struct nw_probe_key k = {.proto = NW_PROBE_UDP, .sport = 5000, .dport = 53};
	struct frame probe, f;
	struct nw_pkt pkt;
	const char *why = NULL;

	net_init(n, AF_INET, BY_FLOW);
	ps = start(n, NW_PROBE_UDP, 2);
	k.src = n->me;
	k.dst = n->other;
	put_ip(&probe, &n->me, &n->other, IPPROTO_UDP, 8);
	udp_answer(&f, &k);
	icmp_error(&f, &n->r1, &n->me, 11, 0, 0, probe.b, probe.n);
	CHECK_INT(nw_decode(NW_LINK_RAW, f.b, f.n, &pkt), NW_OK);
	CHECK_INT(nw_trace_paths_feed(ps, &pkt, 1000 * MS, 0, &why), NW_TRACE_FEED_STRAY);
	CHECK(why != NULL);
	CHECK_INT(nw_trace_paths_strays(ps), 1);
	nw_trace_paths_free(ps);
	nw_craft_close(n->craft);
	free(n);
}

static void test_bad_settings(void)
{
	static const struct nw_trace_paths_ops ops = {.send = fake_send};
	struct nw_trace_config c[NW_TRACE_MAX_FLOWS + 1];
	const char *why = NULL;
	struct net *n = calloc(1, sizeof(*n));

	net_init(n, AF_INET, BY_FLOW);
	for (unsigned f = 0; f <= NW_TRACE_MAX_FLOWS; f++) {
		struct nw_trace_config d = NW_TRACE_DEFAULTS;
		d.src = n->me;
		d.dst = n->dst;
		d.sport = (uint16_t)(40000 + f);
		c[f] = d;
	}
	CHECK(nw_trace_paths_new(c, 0, &ops, n, &why) == NULL && why);
	CHECK(nw_trace_paths_new(c, NW_TRACE_MAX_FLOWS + 1, &ops, n, &why) == NULL && why);
	CHECK(nw_trace_paths_new(c, 2, NULL, n, &why) == NULL && why);
	c[1].max_ttl = 20;
	CHECK(nw_trace_paths_new(c, 2, &ops, n, &why) == NULL && why);
	c[1].max_ttl = c[0].max_ttl;
	c[1].queries = 0; /* the flow's own check (nw_trace_new) */
	CHECK(nw_trace_paths_new(c, 2, &ops, n, &why) == NULL && why);
	nw_craft_close(n->craft);
	free(n);
}

int main(void)
{
	test_diamond(AF_INET, NW_PROBE_UDP);
	test_diamond(AF_INET6, NW_PROBE_UDP);
	test_diamond(AF_INET, NW_PROBE_TCP);
	test_diamond(AF_INET6, NW_PROBE_ICMP);
	test_one_flow();
	test_long_branches();
	test_per_packet();
	test_silent_hop();
	test_stop();
	test_stray();
	test_bad_settings();
	return nw_test_result("test_trace_paths");
}
