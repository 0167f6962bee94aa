/*
 * match.c: the bounded table of waiting probes and the lookup that tells
 * whose an answer is (see probe/match.h), with the NAT cases: a quote whose
 * source was rewritten is ours when its checksum or sequence number proves
 * it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probe/match.h"
#include "base/siphash.h"
#include "wire/checksum.h"

#define MATCH_MIN_CAPACITY 16
#define MATCH_MAX_CAPACITY ((size_t)1 << 22)
#define MATCH_MAX_ORIGINS  16

#define SHOWS_ALL (NW_SHOWS_CHECKSUM | NW_SHOWS_IP_ID | NW_SHOWS_IP6_PLEN | NW_SHOWS_TTL)

/*
 * What a probe is filed and found by: family, protocol, destination, ports
 * (ICMP: the echo id) and the mode's identifying value, laid out as bytes.
 * Not the source address: a NAT may change it.
 */
#define IDENT_LEN 26
struct ident {
	uint8_t b[IDENT_LEN];
};

struct entry {
	struct nw_probe_key key;
	uint64_t id;
	struct ident ident;
	uint32_t hash;
	int32_t next; /* the next entry in the bucket; -1 at the end */
	bool used;
};

/* A source our probes leave from: address and port, or address and echo id. */
struct origin {
	enum nw_probe_proto proto;
	struct nw_addr src;
	uint16_t port;
};

struct nw_match {
	enum nw_flow_mode mode;
	size_t cap; /* entries, a power of two; twice as many buckets */
	struct entry *entries;
	int32_t *buckets;
	size_t next; /* the ring slot the next probe is filed in */
	size_t count;
	uint64_t evicted;
	struct origin origins[MATCH_MAX_ORIGINS];
	int norigins;
	bool origins_full; /* more sources than remembered: none is "another program's" */
};

/* The table's hash needs spread, not secrecy: nothing an answer holds is filed. */
static const uint8_t hash_key[NW_SIPHASH_KEY_LEN];

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t source_port(const struct nw_probe_key *k)
{
	return k->proto == NW_PROBE_ICMP ? k->echo_id : k->sport;
}

static size_t addr_len(const struct nw_addr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

static void make_ident(const struct nw_probe_key *k, uint32_t value, struct ident *id)
{
	memset(id, 0, sizeof(*id));
	id->b[0] = k->dst.family == AF_INET ? 4 : 6;
	id->b[1] = (uint8_t)k->proto;
	if (k->proto != NW_PROBE_ICMP)
		put16(id->b + 2, k->sport);
	put16(id->b + 4, k->proto == NW_PROBE_ICMP ? k->echo_id : k->dport);
	put16(id->b + 6, (uint16_t)(value >> 16));
	put16(id->b + 8, (uint16_t)value);
	memcpy(id->b + 10, &k->dst.u, addr_len(&k->dst));
}

static uint32_t ident_hash(const struct ident *id)
{
	return (uint32_t)nw_siphash24(hash_key, id->b, IDENT_LEN);
}

static int32_t *bucket_of(const struct nw_match *m, uint32_t hash)
{
	return &m->buckets[hash & (2 * m->cap - 1)];
}

static const struct entry *find(const struct nw_match *m, const struct ident *id)
{
	uint32_t hash = ident_hash(id);

	for (int32_t i = *bucket_of(m, hash); i >= 0; i = m->entries[i].next) {
		const struct entry *e = &m->entries[i];
		if (e->hash == hash && memcmp(&e->ident, id, sizeof(*id)) == 0)
			return e;
	}
	return NULL;
}

/* The entry filed under what p shows, or NULL (*why set when this mode cannot look p up). */
static const struct entry *find_probe(const struct nw_match *m, const struct nw_probe_key *p,
				      unsigned shows, const char **why)
{
	struct ident id;
	uint32_t value;

	if (nw_probe_ident(m->mode, p, shows, &value, why) == -1)
		return NULL;
	make_ident(p, value, &id);
	return find(m, &id);
}

static void unlink_entry(struct nw_match *m, struct entry *e)
{
	int32_t idx = (int32_t)(e - m->entries);
	int32_t *link = bucket_of(m, e->hash);

	while (*link != idx)
		link = &m->entries[*link].next;
	*link = e->next;
	e->used = false;
	m->count--;
}

static bool has_origin(const struct nw_match *m, enum nw_probe_proto proto,
		       const struct nw_addr *src, uint16_t port)
{
	for (int i = 0; i < m->norigins; i++) {
		const struct origin *o = &m->origins[i];
		if (o->proto == proto && o->port == port && nw_addr_equal(&o->src, src))
			return true;
	}
	return false;
}

static void note_origin(struct nw_match *m, const struct nw_probe_key *k)
{
	uint16_t port = source_port(k);

	if (has_origin(m, k->proto, &k->src, port))
		return;
	if (m->norigins == MATCH_MAX_ORIGINS) {
		m->origins_full = true;
		return;
	}
	m->origins[m->norigins++] = (struct origin){.proto = k->proto, .src = k->src, .port = port};
}

struct nw_match *nw_match_new(enum nw_flow_mode mode, size_t capacity, const char **why)
{
	struct nw_match *m;
	size_t cap = MATCH_MIN_CAPACITY;

	if (capacity == 0 || capacity > MATCH_MAX_CAPACITY) {
		fail(why, "the table holds from 1 to 4194304 probes");
		return NULL;
	}
	while (cap < capacity)
		cap *= 2;
	m = calloc(1, sizeof(*m));
	if (m) {
		m->entries = calloc(cap, sizeof(*m->entries));
		m->buckets = malloc(2 * cap * sizeof(*m->buckets));
	}
	if (!m || !m->entries || !m->buckets) {
		nw_match_free(m);
		fail(why, "out of memory");
		return NULL;
	}
	memset(m->buckets, 0xff, 2 * cap * sizeof(*m->buckets)); /* every bucket -1: empty */
	m->mode = mode;
	m->cap = cap;
	return m;
}

void nw_match_free(struct nw_match *m)
{
	if (!m)
		return;
	free(m->entries);
	free(m->buckets);
	free(m);
}

static int check_key(enum nw_flow_mode mode, const struct nw_probe_key *k, const char **why)
{
	uint32_t value;

	if (k->src.family != k->dst.family ||
	    (k->dst.family != AF_INET && k->dst.family != AF_INET6))
		return fail(why, "the probe's addresses are not both IPv4 or both IPv6");
	if (nw_probe_ident(mode, k, SHOWS_ALL, &value, why) == -1)
		return -1;
	if (mode == NW_FLOW_PARIS && k->proto == NW_PROBE_UDP && k->checksum == 0)
		return fail(why, "a paris UDP probe is told by its checksum, and 0 means none");
	return 0;
}

int nw_match_add(struct nw_match *m, const struct nw_probe_key *k, uint64_t id, const char **why)
{
	struct ident ident;
	struct entry *e;
	uint32_t value;

	if (check_key(m->mode, k, why) == -1)
		return -1;
	nw_probe_ident(m->mode, k, SHOWS_ALL, &value, NULL);
	make_ident(k, value, &ident);
	if (find(m, &ident))
		return fail(why, "a waiting probe has the same identifying fields");
	e = &m->entries[m->next];
	if (e->used) {
		unlink_entry(m, e); /* the oldest: capacity probes were filed since */
		m->evicted++;
	}
	*e = (struct entry){.key = *k, .id = id, .ident = ident, .hash = ident_hash(&ident)};
	e->used = true;
	e->next = *bucket_of(m, e->hash);
	*bucket_of(m, e->hash) = (int32_t)m->next;
	m->next = (m->next + 1) & (m->cap - 1);
	m->count++;
	note_origin(m, k);
	return 0;
}

bool nw_match_remove(struct nw_match *m, const struct nw_probe_key *k)
{
	const struct entry *e = find_probe(m, k, SHOWS_ALL, NULL);

	if (!e)
		return false;
	unlink_entry(m, &m->entries[e - m->entries]);
	return true;
}

size_t nw_match_count(const struct nw_match *m)
{
	return m->count;
}

uint64_t nw_match_evicted(const struct nw_match *m)
{
	return m->evicted;
}

/* ---- lookup -------------------------------------------------------------- */

/*
 * A checksum after the source address and port change from those of one
 * probe to those of another (what a NAT does to UDP and TCP, whose
 * pseudo-header holds the address, and to ICMPv6; ICMP over IPv4 sums
 * neither).
 */
static uint16_t cksum_moved(uint16_t cksum, const struct nw_probe_key *from,
			    const struct nw_probe_key *to)
{
	if (from->proto == NW_PROBE_ICMP && from->src.family == AF_INET)
		return cksum;
	cksum = nw_cksum_update(cksum, &from->src.u, &to->src.u, addr_len(&from->src));
	if (from->proto != NW_PROBE_ICMP)
		cksum = nw_cksum_update16(cksum, from->sport, to->sport);
	return cksum;
}

/* What the quote q shows was rewritten in probe s on the way. */
static unsigned rewrites(const struct nw_probe_key *s, const struct nw_probe_key *q, unsigned shows)
{
	unsigned r = 0;

	if (!nw_addr_equal(&s->src, &q->src))
		r |= NW_REWRITE_SRC;
	if (s->proto != NW_PROBE_ICMP && s->sport != q->sport)
		r |= NW_REWRITE_SPORT;
	if ((shows & NW_SHOWS_CHECKSUM) && s->checksum != 0 &&
	    !nw_cksum_same(cksum_moved(s->checksum, s, q), q->checksum))
		r |= NW_REWRITE_CHECKSUM;
	if ((shows & NW_SHOWS_IP_ID) && s->ip_id != q->ip_id)
		r |= NW_REWRITE_IP_ID;
	return r;
}

/* Whether entry e is what answer a (showing probe p) answers; r filled either way. */
static bool check_entry(const struct entry *e, const struct nw_answer *a,
			const struct nw_probe_key *p, struct nw_match_result *r)
{
	const struct nw_probe_key *s = &e->key;

	memset(r, 0, sizeof(*r));
	if (s->proto == NW_PROBE_TCP && s->tcp_seq != p->tcp_seq) {
		r->why = "the TCP sequence number is not the one sent";
		return false;
	}
	if (!a->quoted && !nw_addr_equal(&s->src, &p->src)) {
		r->why = "the answer is addressed to another host than the probe's source";
		return false;
	}
	r->ours = true;
	r->id = e->id;
	r->sent = *s;
	if (a->quoted)
		r->rewritten = rewrites(s, &a->probe, a->shows);
	return true;
}

/*
 * A quote whose source address is not one we sent from (a NAT that left
 * the quote as it made it): try each source of ours in its place.  A UDP
 * probe found so is ours only when its checksum, undone for the change, is
 * the one sent (a NAT updates the checksum with the fields); a TCP one when
 * the sequence number is (in check_entry).  A port that differs behind the
 * same address is another program's, not a NAT's.  ICMP needs no second
 * try: its echo id is in the lookup and its source address is not.
 */
static bool find_behind_nat(const struct nw_match *m, const struct nw_answer *a,
			    struct nw_match_result *r)
{
	const struct nw_probe_key *q = &a->probe;
	struct nw_match_result cand;

	if (q->proto == NW_PROBE_ICMP)
		return false;
	for (int i = 0; i < m->norigins; i++) {
		const struct origin *o = &m->origins[i];
		struct nw_probe_key p = *q;
		const struct entry *e;

		if (o->proto != q->proto || o->src.family != q->src.family ||
		    nw_addr_equal(&o->src, &q->src))
			continue;
		p.src = o->src;
		p.sport = o->port;
		if (q->proto == NW_PROBE_UDP && q->checksum != 0) {
			p.checksum = cksum_moved(q->checksum, q, &p);
			if (p.checksum == 0)
				p.checksum = 0xffff; /* UDP sends a computed zero so */
		}
		e = find_probe(m, &p, a->shows, NULL);
		if (!e || !check_entry(e, a, &p, &cand))
			continue;
		if (q->proto == NW_PROBE_UDP &&
		    (e->key.checksum == 0 || (cand.rewritten & NW_REWRITE_CHECKSUM))) {
			r->why =
			    "the quoted source was rewritten and the UDP checksum does not show "
			    "a NAT did it (another program's?)";
			continue;
		}
		*r = cand;
		return true;
	}
	return false;
}

/*
 * Why nothing of ours matches q.  near: what a probe of ours that came
 * close lacked; mode_why: why the mode cannot look q up (NULL when none).
 */
static const char *why_not_ours(const struct nw_match *m, const struct nw_probe_key *q,
				const char *near, const char *mode_why)
{
	if (near)
		return near;
	if (!m->origins_full && !has_origin(m, q->proto, &q->src, source_port(q)))
		return "no probe of this run left from that source (address and port, or echo "
		       "id): another program's";
	if (mode_why)
		return mode_why;
	if (q->proto == NW_PROBE_UDP && m->mode == NW_FLOW_PARIS)
		return "no waiting probe has this UDP checksum (a NAT may have rewritten it; "
		       "dublin survives NAT)";
	if (q->proto == NW_PROBE_UDP && m->mode == NW_FLOW_DUBLIN && q->src.family == AF_INET)
		return "no waiting probe has this IPv4 ID (a router may have zeroed or changed it)";
	return "no waiting probe has these identifying fields (late, forgotten, or another flow)";
}

void nw_match_lookup(const struct nw_match *m, const struct nw_answer *a, struct nw_match_result *r)
{
	const char *near = NULL, *mode_why = NULL;
	/* A RST acknowledges seq + 1 (RFC 9293); some stacks send seq itself. */
	int tries = a->kind == NW_ANSWER_RST ? 2 : 1;

	for (int t = 0; t < tries; t++) {
		struct nw_probe_key p = a->probe;
		const struct entry *e;

		p.tcp_seq += (uint32_t)t;
		e = find_probe(m, &p, a->shows, &mode_why);
		if (!e)
			continue;
		if (check_entry(e, a, &p, r))
			return;
		near = r->why;
	}
	memset(r, 0, sizeof(*r));
	if (a->quoted && find_behind_nat(m, a, r))
		return;
	r->why = why_not_ours(m, &a->probe, near ? near : r->why, mode_why);
}

void nw_match_packet(const struct nw_match *m, const struct nw_pkt *pkt, struct nw_answer *a,
		     struct nw_match_result *r)
{
	const char *why = NULL;

	if (nw_answer_from_pkt(pkt, a, &why) == -1) {
		memset(r, 0, sizeof(*r));
		r->why = why;
		return;
	}
	nw_match_lookup(m, a, r);
}
