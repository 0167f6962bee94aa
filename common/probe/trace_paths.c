/*
 * trace_paths.c: several traceroute flows side by side and the paths they
 * took, TTL by TTL (splits and merges of ECMP diamonds); see
 * trace_paths.h.  Paris traceroute's multipath detection (Augustin et al.,
 * "Measuring load-balanced paths in the Internet", IMC 2007) varies the
 * flow identifier to find the branches; here the caller picks the flows.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "probe/trace_paths.h"

struct flow {
	struct nw_trace_paths *ps;
	unsigned index;
	struct nw_trace *trace;
	unsigned past; /* the last TTL this flow handed out complete */
};

/* A TTL summed up: the public view and the addresses it points to. */
struct ttl_sum {
	struct nw_trace_paths_ttl view;
	struct nw_trace_paths_addr *addrs;
};

struct nw_trace_paths {
	struct nw_trace_paths_ops ops;
	void *ctx;
	unsigned n;
	struct flow flows[NW_TRACE_MAX_FLOWS];
	unsigned first_ttl, max_ttl;
	struct ttl_sum *ttls; /* [max_ttl - first_ttl + 1] */
	unsigned next_build;  /* the next TTL to sum up */
	unsigned next_emit;   /* the next TTL to hand to on_ttl */
	bool broken;	      /* out of memory while summing up: no more TTLs */
	uint64_t strays;
};

static int flow_send(void *ctx, const struct nw_trace_packet *p)
{
	struct flow *f = ctx;

	return f->ps->ops.send(f->ps->ctx, f->index, p);
}

static void advance(struct nw_trace_paths *ps);

static void flow_on_hop(void *ctx, const struct nw_trace_hop *h)
{
	struct flow *f = ctx;

	f->past = h->ttl;
	if (f->ps->ops.on_hop)
		f->ps->ops.on_hop(f->ps->ctx, f->index, h);
	advance(f->ps);
}

/* Every flow has handed out ttl complete, or will hand out nothing more. */
static bool all_past(const struct nw_trace_paths *ps, unsigned ttl)
{
	for (unsigned i = 0; i < ps->n; i++)
		if (ps->flows[i].past < ttl && !nw_trace_done(ps->flows[i].trace))
			return false;
	return true;
}

static bool any_reaches(const struct nw_trace_paths *ps, unsigned ttl)
{
	for (unsigned i = 0; i < ps->n; i++)
		if (ps->flows[i].past >= ttl)
			return true;
	return false;
}

static struct nw_trace_paths_addr *find_addr(struct ttl_sum *s, const struct nw_addr *a)
{
	for (unsigned i = 0; i < s->view.naddrs; i++)
		if (nw_addr_equal(&s->addrs[i].addr, a))
			return &s->addrs[i];
	return NULL;
}

static void add_reply(struct ttl_sum *s, unsigned flow, const struct nw_trace_reply *r)
{
	struct nw_trace_paths_addr *a = find_addr(s, &r->from);

	if (!a) {
		a = &s->addrs[s->view.naddrs++];
		memset(a, 0, sizeof(*a));
		a->addr = r->from;
		a->kind = r->kind;
		a->min_rtt_ns = r->rtt_ns;
	}
	a->flows |= UINT32_C(1) << flow;
	a->answers++;
	if (r->rtt_ns < a->min_rtt_ns)
		a->min_rtt_ns = r->rtt_ns;
}

/* Sum up ttl from the hops of the flows that reach it; 0, or -1 out of memory. */
static int build(struct nw_trace_paths *ps, unsigned ttl)
{
	struct ttl_sum *s = &ps->ttls[ttl - ps->first_ttl];
	unsigned queries = 0;

	for (unsigned i = 0; i < ps->n; i++)
		queries += nw_trace_hop(ps->flows[i].trace, ttl)->queries;
	s->addrs = calloc(queries ? queries : 1, sizeof(*s->addrs));
	if (!s->addrs)
		return -1;
	s->view.ttl = ttl;
	s->view.addrs = s->addrs;
	for (unsigned i = 0; i < ps->n; i++) {
		const struct nw_trace_hop *h = nw_trace_hop(ps->flows[i].trace, ttl);
		bool answered = false;

		if (ps->flows[i].past < ttl)
			continue;
		s->view.flows |= UINT32_C(1) << i;
		for (unsigned q = 0; q < h->queries; q++) {
			if (h->replies[q].status != NW_TRACE_REPLY)
				continue;
			add_reply(s, i, &h->replies[q]);
			answered = true;
		}
		if (!answered)
			s->view.silent |= UINT32_C(1) << i;
	}
	return 0;
}

/* How many addresses of s its flows share with flows. */
static unsigned linked(const struct ttl_sum *s, uint32_t flows)
{
	unsigned n = 0;

	for (unsigned i = 0; i < s->view.naddrs; i++)
		n += (s->addrs[i].flows & flows) != 0;
	return n;
}

/* The links between ttl - 1 and ttl, both summed up. */
static void link_ttls(struct nw_trace_paths *ps, unsigned ttl)
{
	struct ttl_sum *before = &ps->ttls[ttl - 1 - ps->first_ttl];
	struct ttl_sum *after = &ps->ttls[ttl - ps->first_ttl];

	for (unsigned i = 0; i < before->view.naddrs; i++)
		before->addrs[i].next = linked(after, before->addrs[i].flows);
	for (unsigned i = 0; i < after->view.naddrs; i++)
		after->addrs[i].prev = linked(before, after->addrs[i].flows);
}

static void emit(struct nw_trace_paths *ps)
{
	const struct ttl_sum *s = &ps->ttls[ps->next_emit - ps->first_ttl];

	ps->next_emit++;
	if (ps->ops.on_ttl)
		ps->ops.on_ttl(ps->ctx, &s->view);
}

static bool all_done(const struct nw_trace_paths *ps)
{
	for (unsigned i = 0; i < ps->n; i++)
		if (!nw_trace_done(ps->flows[i].trace))
			return false;
	return true;
}

/*
 * Sum up every TTL all flows are past, and hand each to on_ttl once the
 * next is summed up too (its links known), or once nothing more will come.
 */
static void advance(struct nw_trace_paths *ps)
{
	for (;;) {
		unsigned ttl = ps->next_build;

		if (ps->broken || ttl > ps->max_ttl || !all_past(ps, ttl) || !any_reaches(ps, ttl))
			break;
		if (build(ps, ttl) != 0) {
			/* out of memory: stop, and what is summed up stays */
			ps->broken = true;
			for (unsigned i = 0; i < ps->n; i++)
				nw_trace_stop(ps->flows[i].trace);
			break;
		}
		ps->next_build++;
		if (ttl > ps->first_ttl) {
			link_ttls(ps, ttl);
			emit(ps);
		}
	}
	if (all_done(ps))
		while (ps->next_emit < ps->next_build)
			emit(ps);
}

static const char *check_flows(const struct nw_trace_config *flows, unsigned n,
			       const struct nw_trace_paths_ops *ops)
{
	if (!ops || !ops->send)
		return "no send callback";
	if (n < 1 || n > NW_TRACE_MAX_FLOWS)
		return "flows must be 1..32";
	for (unsigned i = 1; i < n; i++)
		if (flows[i].first_ttl != flows[0].first_ttl ||
		    flows[i].max_ttl != flows[0].max_ttl)
			return "every flow must have the same TTL range";
	return NULL;
}

struct nw_trace_paths *nw_trace_paths_new(const struct nw_trace_config *flows, unsigned n,
					  const struct nw_trace_paths_ops *ops, void *ctx,
					  const char **why)
{
	static const struct nw_trace_ops fops = {.send = flow_send, .on_hop = flow_on_hop};
	struct nw_trace_paths *ps;

	*why = check_flows(flows, n, ops);
	if (*why)
		return NULL;
	ps = calloc(1, sizeof(*ps));
	if (ps)
		ps->ttls = calloc(flows[0].max_ttl - flows[0].first_ttl + 1, sizeof(*ps->ttls));
	if (!ps || !ps->ttls) {
		*why = "out of memory";
		free(ps);
		return NULL;
	}
	ps->ops = *ops;
	ps->ctx = ctx;
	ps->n = n;
	ps->first_ttl = ps->next_build = ps->next_emit = flows[0].first_ttl;
	ps->max_ttl = flows[0].max_ttl;
	for (unsigned i = 0; i < n; i++) {
		struct flow *f = &ps->flows[i];
		f->ps = ps;
		f->index = i;
		f->past = ps->first_ttl - 1;
		f->trace = nw_trace_new(&flows[i], &fops, f, why);
		if (!f->trace) {
			nw_trace_paths_free(ps);
			return NULL;
		}
	}
	return ps;
}

void nw_trace_paths_free(struct nw_trace_paths *ps)
{
	if (!ps)
		return;
	for (unsigned i = 0; i < ps->n; i++)
		nw_trace_free(ps->flows[i].trace);
	if (ps->ttls)
		for (unsigned t = ps->first_ttl; t <= ps->max_ttl; t++)
			free(ps->ttls[t - ps->first_ttl].addrs);
	free(ps->ttls);
	free(ps);
}

int64_t nw_trace_paths_tick(struct nw_trace_paths *ps, int64_t now)
{
	int64_t wake = NW_PROBE_NEVER;

	for (unsigned i = 0; i < ps->n; i++) {
		int64_t w = nw_trace_tick(ps->flows[i].trace, now);
		if (w < wake)
			wake = w;
	}
	advance(ps);
	return wake;
}

enum nw_trace_feed nw_trace_paths_feed(struct nw_trace_paths *ps, const struct nw_pkt *pkt,
				       int64_t now, int64_t wire_ns, const char **why)
{
	for (unsigned i = 0; i < ps->n; i++) {
		enum nw_trace_feed r = nw_trace_feed(ps->flows[i].trace, pkt, now, wire_ns, why);
		if (r != NW_TRACE_FEED_STRAY)
			return r;
	}
	ps->strays++;
	return NW_TRACE_FEED_STRAY;
}

enum nw_trace_feed nw_trace_paths_feed_answer(struct nw_trace_paths *ps, unsigned flow,
					      const struct nw_trace_answer *a, int64_t now,
					      const char **why)
{
	enum nw_trace_feed r = NW_TRACE_FEED_STRAY;

	*why = "no such flow";
	if (flow < ps->n)
		r = nw_trace_feed_answer(ps->flows[flow].trace, a, now, why);
	if (r == NW_TRACE_FEED_STRAY)
		ps->strays++;
	return r;
}

bool nw_trace_paths_local_mtu(struct nw_trace_paths *ps, unsigned flow, uint32_t mtu)
{
	return flow < ps->n && nw_trace_local_mtu(ps->flows[flow].trace, mtu);
}

bool nw_trace_paths_done(const struct nw_trace_paths *ps)
{
	return all_done(ps) && ps->next_emit == ps->next_build;
}

void nw_trace_paths_stop(struct nw_trace_paths *ps)
{
	for (unsigned i = 0; i < ps->n; i++)
		nw_trace_stop(ps->flows[i].trace);
	advance(ps);
}

unsigned nw_trace_paths_count(const struct nw_trace_paths *ps)
{
	return ps->n;
}

const struct nw_trace *nw_trace_paths_flow(const struct nw_trace_paths *ps, unsigned flow)
{
	return flow < ps->n ? ps->flows[flow].trace : NULL;
}

const struct nw_trace_paths_ttl *nw_trace_paths_ttl(const struct nw_trace_paths *ps, unsigned ttl)
{
	if (ttl < ps->first_ttl || ttl >= ps->next_emit)
		return NULL;
	return &ps->ttls[ttl - ps->first_ttl].view;
}

unsigned nw_trace_paths_last_ttl(const struct nw_trace_paths *ps)
{
	return ps->next_emit - 1;
}

const struct nw_addr *nw_trace_paths_flow_addr(const struct nw_trace_paths *ps, unsigned flow,
					       unsigned ttl)
{
	const struct nw_trace_hop *h;

	if (flow >= ps->n || ttl > ps->flows[flow].past)
		return NULL;
	h = nw_trace_hop(ps->flows[flow].trace, ttl);
	for (unsigned q = 0; h && q < h->queries; q++)
		if (h->replies[q].status == NW_TRACE_REPLY)
			return &h->replies[q].from;
	return NULL;
}

/* Flows a and b had the same address (or none) at every TTL summed up. */
static bool same_path(const struct nw_trace_paths *ps, unsigned a, unsigned b)
{
	for (unsigned ttl = ps->first_ttl; ttl < ps->next_emit; ttl++) {
		const struct nw_addr *x = nw_trace_paths_flow_addr(ps, a, ttl);
		const struct nw_addr *y = nw_trace_paths_flow_addr(ps, b, ttl);
		if ((x == NULL) != (y == NULL) || (x && !nw_addr_equal(x, y)))
			return false;
	}
	return true;
}

unsigned nw_trace_paths_distinct(const struct nw_trace_paths *ps, uint32_t *groups, unsigned max)
{
	uint32_t placed = 0;
	unsigned count = 0;

	for (unsigned i = 0; i < ps->n; i++) {
		uint32_t g = 0;
		if (placed & (UINT32_C(1) << i))
			continue;
		for (unsigned j = i; j < ps->n; j++)
			if (!(placed & (UINT32_C(1) << j)) && same_path(ps, i, j))
				g |= UINT32_C(1) << j;
		placed |= g;
		if (count < max)
			groups[count] = g;
		count++;
	}
	return count;
}

uint64_t nw_trace_paths_strays(const struct nw_trace_paths *ps)
{
	return ps->strays;
}
