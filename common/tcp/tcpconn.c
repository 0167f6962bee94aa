/*
 * tcpconn.c: the connection table (RFC 9293 connections by 4-tuple), with
 * tshark's relative numbering, RFC 7323 window scaling, both sides' states
 * and bounded memory (hash chains plus a least-recently-used list).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tcp/tcpanalysis.h"
#include "tcp/tcpconn.h"

#define MAX_WSCALE  14 /* RFC 7323 2.3 */
#define MIN_BUCKETS 64
#define MAX_BUCKETS (1u << 20)

struct nw_tcptab {
	struct nw_tcptab_config cfg;
	struct nw_tcpconn **buckets;
	size_t nbuckets; /* a power of two */
	size_t count;
	uint64_t next_id;
	uint64_t evicted[NW_TCP_EVICT_REUSED + 1];
	struct nw_tcpconn *lru_head, *lru_tail; /* head: least recently used */
};

const char *nw_tcp_end_name(enum nw_tcp_end e)
{
	static const char *const names[] = {"open",  "fin",	"half-close",
					    "reset", "refused", "no-answer"};
	return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : "?";
}

const char *nw_tcp_evict_name(enum nw_tcp_evict e)
{
	static const char *const names[] = {"end", "idle", "table-full", "reused"};
	return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : "?";
}

static uint64_t hash_endpoint(const struct nw_addr *a, uint16_t port)
{
	const uint8_t *p = (const uint8_t *)&a->u;
	size_t n = a->family == AF_INET6 ? 16 : 4;
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	h = (h ^ (port & 0xff)) * 1099511628211ull;
	h = (h ^ (port >> 8)) * 1099511628211ull;
	return h;
}

/* The same for both directions: the endpoints' hashes combined symmetrically. */
static size_t bucket_of(const struct nw_tcptab *t, const struct nw_addr *src, uint16_t sport,
			const struct nw_addr *dst, uint16_t dport)
{
	uint64_t a = hash_endpoint(src, sport), b = hash_endpoint(dst, dport);
	uint64_t h = (a ^ b) + (a + b) * 0x9e3779b97f4a7c15ull;
	return (size_t)(h ^ (h >> 29)) & (t->nbuckets - 1);
}

static bool ep_is(const struct nw_tcp_endpoint *ep, const struct nw_addr *a, uint16_t port)
{
	return ep->port == port && nw_addr_equal(&ep->addr, a);
}

struct nw_tcptab *nw_tcptab_new(const struct nw_tcptab_config *cfg)
{
	struct nw_tcptab *t = calloc(1, sizeof(*t));
	size_t n = MIN_BUCKETS;

	if (!t || cfg->max_conns == 0) {
		free(t);
		return NULL;
	}
	while (n < cfg->max_conns && n < MAX_BUCKETS)
		n <<= 1;
	t->buckets = calloc(n, sizeof(*t->buckets));
	if (!t->buckets) {
		free(t);
		return NULL;
	}
	t->cfg = *cfg;
	if (t->cfg.closed_ns == 0)
		t->cfg.closed_ns = t->cfg.idle_ns;
	t->nbuckets = n;
	t->next_id = 1;
	return t;
}

static void lru_unlink(struct nw_tcptab *t, struct nw_tcpconn *c)
{
	if (c->lru_prev)
		c->lru_prev->lru_next = c->lru_next;
	else
		t->lru_head = c->lru_next;
	if (c->lru_next)
		c->lru_next->lru_prev = c->lru_prev;
	else
		t->lru_tail = c->lru_prev;
	c->lru_prev = c->lru_next = NULL;
}

static void lru_append(struct nw_tcptab *t, struct nw_tcpconn *c)
{
	c->lru_prev = t->lru_tail;
	c->lru_next = NULL;
	if (t->lru_tail)
		t->lru_tail->lru_next = c;
	else
		t->lru_head = c;
	t->lru_tail = c;
}

static void unhash(struct nw_tcptab *t, struct nw_tcpconn *c)
{
	size_t b = bucket_of(t, &c->ep[0].addr, c->ep[0].port, &c->ep[1].addr, c->ep[1].port);
	struct nw_tcpconn **pp = &t->buckets[b];

	while (*pp && *pp != c)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = c->hnext;
}

static void evict(struct nw_tcptab *t, struct nw_tcpconn *c, enum nw_tcp_evict why)
{
	unhash(t, c);
	lru_unlink(t, c);
	t->count--;
	t->evicted[why]++;
	if (t->cfg.on_evict)
		t->cfg.on_evict(t->cfg.ctx, c, why);
	free(c);
}

void nw_tcptab_free(struct nw_tcptab *t)
{
	if (!t)
		return;
	while (t->lru_head) {
		struct nw_tcpconn *c = t->lru_head;
		lru_unlink(t, c);
		free(c);
	}
	free(t->buckets);
	free(t);
}

static int64_t timeout_of(const struct nw_tcptab *t, const struct nw_tcpconn *c)
{
	return nw_tcpsm_finished(&c->sm) ? t->cfg.closed_ns : t->cfg.idle_ns;
}

void nw_tcptab_expire(struct nw_tcptab *t, int64_t now_ns)
{
	int64_t shortest = t->cfg.idle_ns < t->cfg.closed_ns ? t->cfg.idle_ns : t->cfg.closed_ns;
	struct nw_tcpconn *c = t->lru_head;

	if (t->cfg.idle_ns <= 0)
		return;
	/* Oldest first; nothing younger than the shortest timeout can expire. */
	while (c && now_ns - c->last_ts >= shortest) {
		struct nw_tcpconn *next = c->lru_next;
		if (now_ns - c->last_ts >= timeout_of(t, c))
			evict(t, c, NW_TCP_EVICT_IDLE);
		c = next;
	}
}

void nw_tcptab_flush(struct nw_tcptab *t)
{
	while (t->lru_head)
		evict(t, t->lru_head, NW_TCP_EVICT_END);
}

size_t nw_tcptab_count(const struct nw_tcptab *t)
{
	return t->count;
}

uint64_t nw_tcptab_evicted(const struct nw_tcptab *t, enum nw_tcp_evict why)
{
	return (unsigned)why <= NW_TCP_EVICT_REUSED ? t->evicted[why] : 0;
}

static struct nw_tcpconn *find(struct nw_tcptab *t, const struct nw_addr *src, uint16_t sport,
			       const struct nw_addr *dst, uint16_t dport, int *dir)
{
	size_t b = bucket_of(t, src, sport, dst, dport);

	for (struct nw_tcpconn *c = t->buckets[b]; c; c = c->hnext) {
		if (ep_is(&c->ep[0], src, sport) && ep_is(&c->ep[1], dst, dport)) {
			*dir = 0;
			return c;
		}
		if (ep_is(&c->ep[1], src, sport) && ep_is(&c->ep[0], dst, dport)) {
			*dir = 1;
			return c;
		}
	}
	return NULL;
}

/* Which side of the first segment is the client: 0 the sender, 1 the receiver. */
static int client_of_first(const struct nw_tcp *tcp, bool *inferred)
{
	uint16_t sa = tcp->flags & (NW_TCP_SYN | NW_TCP_ACK);

	*inferred = sa != NW_TCP_SYN;
	if (sa == NW_TCP_SYN)
		return 0;
	if (sa == (NW_TCP_SYN | NW_TCP_ACK))
		return 1;
	/* Mid-stream: clients usually sit on the higher (ephemeral) port. */
	return tcp->sport < tcp->dport ? 1 : 0;
}

static struct nw_tcpconn *create(struct nw_tcptab *t, const struct nw_addr *src,
				 const struct nw_addr *dst, const struct nw_tcp *tcp, int64_t ts,
				 int *dir)
{
	struct nw_tcpconn *c;
	bool inferred;
	int receiver_is_client = client_of_first(tcp, &inferred);

	if (t->count >= t->cfg.max_conns && t->lru_head)
		evict(t, t->lru_head, NW_TCP_EVICT_FULL);
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->id = t->next_id++;
	c->roles_inferred = inferred;
	*dir = receiver_is_client;
	c->ep[*dir].addr = *src;
	c->ep[*dir].port = tcp->sport;
	c->ep[!*dir].addr = *dst;
	c->ep[!*dir].port = tcp->dport;
	c->dir[0].win_scale = c->dir[1].win_scale = -1;
	c->syn_synack_ns = -1;
	c->first_ts = ts;
	nw_tcpsm_init(&c->sm);
	size_t b = bucket_of(t, src, tcp->sport, dst, tcp->dport);
	c->hnext = t->buckets[b];
	t->buckets[b] = c;
	lru_append(t, c);
	t->count++;
	return c;
}

/* tshark's relative bases: the SYN's seq, else seq - 1; the peer's from ack - 1. */
static void set_bases(struct nw_tcpconn *c, int dir, const struct nw_tcp *tcp)
{
	struct nw_tcpdir *d = &c->dir[dir], *r = &c->dir[!dir];

	if (!d->base_set) {
		d->base = (tcp->flags & NW_TCP_SYN) ? tcp->seq : tcp->seq - 1;
		d->base_set = true;
	}
	if (!r->base_set && (tcp->flags & NW_TCP_ACK)) {
		r->base = tcp->ack - 1;
		r->base_set = true;
	}
}

/* RFC 7323 2.2: scaling holds only when both SYNs carried the option. */
static void note_wscale(struct nw_tcpconn *c, int dir, const struct nw_tcp *tcp)
{
	struct nw_tcpdir *d = &c->dir[dir], *r = &c->dir[!dir];

	if (!(tcp->flags & NW_TCP_SYN))
		return;
	d->saw_syn = true;
	if (tcp->has_mss)
		d->mss = tcp->mss;
	if (tcp->has_wscale) {
		d->syn_wscale = true;
		d->wscale = tcp->wscale > MAX_WSCALE ? MAX_WSCALE : tcp->wscale;
		d->win_scale = d->wscale;
	}
	if (tcp->flags & NW_TCP_ACK) {
		if (!tcp->has_wscale || !r->syn_wscale)
			d->win_scale = r->win_scale = -2;
		else
			r->win_scale = r->wscale;
	}
}

static uint64_t scaled_window(const struct nw_tcpdir *d, const struct nw_tcp *tcp)
{
	if ((tcp->flags & NW_TCP_SYN) || d->win_scale < 0)
		return tcp->window;
	return (uint64_t)tcp->window << d->win_scale;
}

static void note_handshake(struct nw_tcpconn *c, int dir, const struct nw_tcp *tcp, int64_t ts)
{
	uint16_t sa = tcp->flags & (NW_TCP_SYN | NW_TCP_ACK | NW_TCP_RST);

	if (dir == 0 && sa == NW_TCP_SYN) {
		if (!c->syn_ts)
			c->syn_ts = ts;
		if (!c->hs_ack_ts)
			c->syn_last_ts = ts;
	} else if (dir == 1 && sa == (NW_TCP_SYN | NW_TCP_ACK)) {
		if (!c->synack_ts) {
			c->synack_ts = ts;
			c->syn_synack_ns = c->syn_last_ts ? ts - c->syn_last_ts : -1;
		}
		if (!c->hs_ack_ts)
			c->synack_last_ts = ts;
	} else if (dir == 0 && sa == NW_TCP_ACK && c->synack_ts && !c->hs_ack_ts &&
		   tcp->ack == c->sm.side[1].iss + 1) {
		c->hs_ack_ts = ts;
		if (c->syn_last_ts)
			c->first_rtt_ns = ts - c->syn_last_ts;
	}
	if (dir == 1 && (tcp->flags & NW_TCP_RST) && c->syn_ts && !c->synack_ts)
		c->syn_refused = true;
	if (tcp->flags & NW_TCP_RST)
		c->rst_seen = true;
}

static void fill_seg(struct nw_tcpconn *c, int dir, const struct nw_tcp *tcp, struct nw_tcpseg *out)
{
	const struct nw_tcpdir *d = &c->dir[dir], *r = &c->dir[!dir];

	memset(out, 0, sizeof(*out));
	out->conn = c;
	out->dir = dir;
	out->flags = tcp->flags;
	out->abs_seq = tcp->seq;
	out->abs_ack = tcp->ack;
	out->seq = tcp->seq - d->base;
	out->ack = (tcp->flags & NW_TCP_ACK) ? tcp->ack - r->base : 0;
	out->len = (uint32_t)tcp->payload_len;
	out->win = scaled_window(d, tcp);
	out->win_scale = (tcp->flags & NW_TCP_SYN) ? -1 : d->win_scale;
}

static struct nw_tcpconn *lookup(struct nw_tcptab *t, const struct nw_addr *src,
				 const struct nw_addr *dst, const struct nw_tcp *tcp, int64_t ts,
				 int *dir, bool *created)
{
	struct nw_tcpconn *c = find(t, src, tcp->sport, dst, tcp->dport, dir);

	*created = false;
	/* A new SYN on a 4-tuple whose connection is over starts a new one. */
	if (c && (tcp->flags & (NW_TCP_SYN | NW_TCP_ACK)) == NW_TCP_SYN &&
	    nw_tcpsm_finished(&c->sm)) {
		evict(t, c, NW_TCP_EVICT_REUSED);
		c = NULL;
	}
	if (!c) {
		c = create(t, src, dst, tcp, ts, dir);
		*created = c != NULL;
	}
	return c;
}

/* Analysis flags of a segment that resends or probes: no new write, no RTT sample. */
#define RESENT                                                                                     \
	(NW_TCPA_RETRANSMISSION | NW_TCPA_SPURIOUS_RETRANSMISSION | NW_TCPA_FAST_RETRANSMISSION |  \
	 NW_TCPA_OUT_OF_ORDER | NW_TCPA_KEEP_ALIVE | NW_TCPA_ZERO_WINDOW_PROBE)

static void end_write(struct nw_tcpconn *c, int dir, struct nw_tcpseg *out)
{
	struct nw_tcpdir *d = &c->dir[dir];

	out->write_done = true;
	out->write = d->write;
	out->write_mss = c->dir[!dir].mss;
	d->writes++;
	if (d->write.segments > 1)
		d->writes_split++;
	nw_tcpwrite_reset(&d->write);
}

/* MSS segmentation (tcpwrite.h) and data RTT samples (tcprtt.h). */
static void note_data(struct nw_tcpconn *c, int dir, const struct nw_tcp *tcp, int64_t ts,
		      struct nw_tcpseg *out)
{
	struct nw_tcpdir *d = &c->dir[dir], *p = &c->dir[!dir];
	uint32_t seq = tcp->seq + ((tcp->flags & NW_TCP_SYN) ? 1 : 0);

	out->ack_rtt_ns = (tcp->flags & NW_TCP_ACK) ? nw_tcprtt_acked(&p->rtt, tcp->ack, ts) : -1;
	if (tcp->flags & NW_TCP_RST) {
		nw_tcpwrite_reset(&d->write);
		nw_tcpwrite_reset(&p->write);
		return;
	}
	if (out->len == 0) {
		if ((tcp->flags & NW_TCP_FIN) && d->write.segments)
			end_write(c, dir, out);
		return;
	}
	if (out->flags_analysis & RESENT) {
		nw_tcprtt_retransmitted(&d->rtt, seq, out->len);
		return;
	}
	nw_tcprtt_sent(&d->rtt, seq, out->len, ts);
	nw_tcpwrite_reset(&p->write); /* data the other way: the peer's write is over */
	if (nw_tcpwrite_add(&d->write, seq, out->len, tcp->flags & (NW_TCP_PSH | NW_TCP_FIN)))
		end_write(c, dir, out);
}

int nw_tcptab_segment(struct nw_tcptab *t, const struct nw_addr *src, const struct nw_addr *dst,
		      const struct nw_tcp *tcp, uint32_t seglen, int64_t ts_ns,
		      struct nw_tcpseg *out)
{
	int dir;
	bool created;
	struct nw_tcpconn *c = lookup(t, src, dst, tcp, ts_ns, &dir, &created);

	if (!c)
		return -1;
	lru_unlink(t, c);
	lru_append(t, c);
	c->last_ts = ts_ns;
	c->packets++;
	note_wscale(c, dir, tcp);
	set_bases(c, dir, tcp);
	fill_seg(c, dir, tcp, out);
	out->len = seglen;
	out->new_conn = created;
	nw_tcpa_rules(c, out, !t->cfg.no_rule_text);
	out->flags_analysis =
	    nw_tcpa_segment(c, dir, tcp->flags, tcp->seq, tcp->ack, out->len,
			    (uint32_t)(out->win > UINT32_MAX ? UINT32_MAX : out->win), ts_ns);
	note_handshake(c, dir, tcp, ts_ns);
	note_data(c, dir, tcp, ts_ns, out);
	struct nw_tcpsm_seg s = {
	    .from = dir, .flags = tcp->flags, .seq = tcp->seq, .ack = tcp->ack, .len = out->len};
	nw_tcpsm_segment(&c->sm, &s);
	for (int i = 0; i < 2; i++) {
		out->state[i] = c->sm.side[i].state;
		out->inferred[i] = c->sm.side[i].inferred;
	}
	return 0;
}

enum nw_tcp_end nw_tcpconn_end(const struct nw_tcpconn *c)
{
	const struct nw_tcpsm_side *a = &c->sm.side[0], *b = &c->sm.side[1];

	if (c->syn_refused)
		return NW_TCP_END_REFUSED;
	if (c->rst_seen)
		return NW_TCP_END_RST;
	if (a->fin_sent && b->fin_sent)
		return NW_TCP_END_FIN;
	if (a->fin_sent || b->fin_sent)
		return NW_TCP_END_HALF;
	if (c->syn_ts && !c->synack_ts && !c->sm.midstream)
		return NW_TCP_END_NO_ANSWER;
	return NW_TCP_END_OPEN;
}
