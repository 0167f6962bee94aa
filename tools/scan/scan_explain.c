/*
 * scan_explain.c: the half-open handshakes of --explain.  The SYN/ACK and
 * the kernel's RST are kept as captured; our SYN is the probe's packet
 * made again (nw_scan_run_syn_packet: a send is the template with its
 * ports and sequence number, which the SYN/ACK gives back) and decoded,
 * dated by the RTT.  At the end each handshake's
 * three packets go through a connection table of their own, which gives
 * the rules and the server's states.  Our side has no state to show: the
 * SYN left a raw socket, and this machine's TCP never had a connection
 * (its RST says so: it answers a segment for no socket).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/grow.h"
#include "cli/cli.h"
#include "cli/json.h"
#include "scan_explain.h"
#include "tcp/tcpanalysis.h"
#include "tcp/tcpfmt.h"
#include "wire/synstamp.h"

/* How far back from the newest handshake a RST looks for its SYN/ACK. */
#define EXPLAIN_RST_LOOKBACK 4096

struct handshake {
	struct nw_tcp_endpoint us, them;
	struct nw_tcp synack, rst;
	int64_t synack_ts, rst_ts, rtt_ns;
	bool has_rst;
};

struct scan_explain {
	struct handshake *hs;
	size_t n, cap;
	struct nw_scan_result last; /* the open result whose SYN/ACK comes next */
};

struct scan_explain *scan_explain_new(void)
{
	struct scan_explain *e = calloc(1, sizeof(*e));

	if (!e)
		nw_fatal("out of memory");
	return e;
}

void scan_explain_free(struct scan_explain *e)
{
	if (!e)
		return;
	free(e->hs);
	free(e);
}

void scan_explain_result(struct scan_explain *e, const struct nw_scan_result *r)
{
	if (r->state == NW_SCAN_OPEN)
		e->last = *r;
}

static void add_synack(struct scan_explain *e, const struct nw_pkt *pkt, int64_t ts)
{
	struct handshake h = {.synack = pkt->tcp, .synack_ts = ts};

	nw_pkt_ip_addrs(pkt, &h.them.addr, &h.us.addr);
	h.them.port = pkt->tcp.sport;
	h.us.port = pkt->tcp.dport;
	if (!nw_addr_equal(&h.them.addr, &e->last.addr) || h.them.port != e->last.port)
		return; /* not the result just reported */
	h.rtt_ns = e->last.rtt_ns;
	if (nw_grow(&e->hs, &e->cap, e->n, sizeof(*e->hs), 64) != 0)
		nw_fatal("out of memory keeping %zu handshakes", e->n);
	e->hs[e->n++] = h;
}

/* Our kernel's RST to a SYN/ACK kept: it acknowledges nothing and carries the SYN/ACK's ack. */
static void add_rst(struct scan_explain *e, const struct nw_pkt *pkt, int64_t ts)
{
	struct nw_addr src, dst;
	size_t stop = e->n > EXPLAIN_RST_LOOKBACK ? e->n - EXPLAIN_RST_LOOKBACK : 0;

	nw_pkt_ip_addrs(pkt, &src, &dst);
	for (size_t i = e->n; i-- > stop;) {
		struct handshake *h = &e->hs[i];

		if (!h->has_rst && h->us.port == pkt->tcp.sport && h->them.port == pkt->tcp.dport &&
		    pkt->tcp.seq == h->synack.ack && nw_addr_equal(&h->them.addr, &dst) &&
		    nw_addr_equal(&h->us.addr, &src)) {
			h->rst = pkt->tcp;
			h->rst_ts = ts;
			h->has_rst = true;
			return;
		}
	}
}

void scan_explain_packet(struct scan_explain *e, const struct nw_pkt *pkt, int64_t wire_ns,
			 enum nw_scan_feed verdict)
{
	uint16_t f = pkt->tcp.flags;

	if (verdict == NW_SCAN_FEED_RESULT && (f & NW_TCP_SYN) && (f & NW_TCP_ACK))
		add_synack(e, pkt, wire_ns);
	else if (verdict == NW_SCAN_FEED_STRAY && (f & NW_TCP_RST) && !(f & NW_TCP_SYN))
		add_rst(e, pkt, wire_ns);
}

static int hs_cmp(const void *x, const void *y)
{
	const struct handshake *a = x, *b = y;
	int c = a->them.addr.family - b->them.addr.family;

	if (!c)
		c = memcmp(&a->them.addr.u, &b->them.addr.u, sizeof(a->them.addr.u));
	return c ? c : (int)a->them.port - (int)b->them.port;
}

void scan_explain_finish(struct scan_explain *e)
{
	if (e->n)
		qsort(e->hs, e->n, sizeof(*e->hs), hs_cmp);
}

static const struct handshake *find(const struct scan_explain *e, const struct nw_addr *a,
				    uint16_t port)
{
	struct handshake key = {.them = {.addr = *a, .port = port}};

	return e->n ? bsearch(&key, e->hs, e->n, sizeof(key), hs_cmp) : NULL;
}

/* One packet of a handshake, as the connection table reads it. */
struct step {
	const struct nw_tcp_endpoint *from, *to;
	struct nw_tcp tcp;
	int64_t ts;
};

/* The handshake's packets (our SYN made again): 2 or 3 of them; 0 when the SYN cannot be. */
static int steps_of(const struct handshake *h, const struct nw_scan_run *run, struct step *st)
{
	uint8_t syn[NW_SYN_TEMPLATE_MAX];
	struct nw_pkt pkt;
	size_t len = nw_scan_run_syn_packet(run, &h->them.addr, h->us.port, h->them.port,
					    h->synack.ack - 1, syn, sizeof(syn));
	int n = 0;

	if (!len || nw_decode(NW_LINK_RAW, syn, len, &pkt) != NW_OK)
		return 0;
	st[n++] = (struct step){&h->us, &h->them, pkt.tcp, h->synack_ts - h->rtt_ns};
	st[n++] = (struct step){&h->them, &h->us, h->synack, h->synack_ts};
	if (h->has_rst)
		st[n++] = (struct step){&h->us, &h->them, h->rst, h->rst_ts};
	return n;
}

/* Each step through a connection table of its own: seg[i] its rules and states. */
static int analyse(const struct handshake *h, const struct nw_scan_run *run, struct nw_tcpseg *seg,
		   struct step *st)
{
	struct nw_tcptab_config tc = {.max_conns = 1};
	struct nw_tcptab *tab = nw_tcptab_new(&tc);
	int n = steps_of(h, run, st);

	if (!tab)
		nw_fatal("out of memory");
	for (int i = 0; i < n; i++)
		if (nw_tcptab_segment(tab, &st[i].from->addr, &st[i].to->addr, &st[i].tcp, 0,
				      st[i].ts, &seg[i]) != 0)
			n = i;
	nw_tcptab_free(tab);
	return n;
}

static void rules(const struct nw_tcpseg *seg, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s", seg->seq_rule, seg->ack_rule[0] ? "; " : "", seg->ack_rule);
}

void scan_explain_print(const struct scan_explain *e, const struct nw_scan_run *run,
			const struct nw_addr *a, uint16_t port, FILE *f)
{
	const struct handshake *h = find(e, a, port);
	struct nw_tcpseg seg[3];
	struct step st[3];
	char from[64], to[64], flags[32], why[2 * NW_TCP_RULE_MAX + 4];
	int n = h ? analyse(h, run, seg, st) : 0;

	for (int i = 0; i < n; i++) {
		char ack[24] = "";

		nw_tcp_flags_words(seg[i].flags, flags, sizeof(flags));
		rules(&seg[i], why, sizeof(why));
		if (seg[i].flags & NW_TCP_ACK)
			snprintf(ack, sizeof(ack), " ack=%u", seg[i].ack);
		fprintf(f, "|  %8.3f ms  %s > %s  %s seq=%u%s win=%llu  (server %s)\n|%15s%s\n",
			(double)(st[i].ts - st[0].ts) / 1e6,
			nw_tcp_endpoint_str(st[i].from, from, sizeof(from)),
			nw_tcp_endpoint_str(st[i].to, to, sizeof(to)), flags, seg[i].seq, ack,
			(unsigned long long)seg[i].win, nw_tcps_name(seg[i].state[1]), "", why);
	}
	if (h && n == 2)
		fprintf(f,
			"|  (no RST from this machine seen: a local firewall may drop it, or "
			"a socket holds port %u)\n",
			h->us.port);
}

static void json_step(struct nw_json *j, const struct step *st, const struct nw_tcpseg *seg,
		      int64_t t0)
{
	char buf[64];

	nw_json_begin_object(j, NULL);
	nw_json_double(j, "t_ms", (double)(st->ts - t0) / 1e6, 3);
	nw_json_str(j, "from", nw_tcp_endpoint_str(st->from, buf, sizeof(buf)));
	nw_json_str(j, "to", nw_tcp_endpoint_str(st->to, buf, sizeof(buf)));
	nw_tcp_flags_words(seg->flags, buf, sizeof(buf));
	nw_json_str(j, "flags", buf);
	nw_json_uint(j, "seq", seg->seq);
	nw_json_uint(j, "ack", seg->ack);
	nw_json_uint(j, "abs_seq", seg->abs_seq);
	nw_json_uint(j, "abs_ack", seg->abs_ack);
	nw_json_uint(j, "win", seg->win);
	nw_json_str(j, "server", nw_tcps_name(seg->state[1]));
	nw_json_str(j, "seq_rule", seg->seq_rule);
	nw_json_str(j, "ack_rule", seg->ack_rule);
	nw_json_end_object(j);
}

void scan_explain_json(const struct scan_explain *e, const struct nw_scan_run *run)
{
	for (size_t k = 0; k < e->n; k++) {
		const struct handshake *h = &e->hs[k];
		struct nw_tcpseg seg[3];
		struct step st[3];
		int n = analyse(h, run, seg, st);
		struct nw_json j;
		char addr[64];

		nw_json_init(&j, stdout);
		nw_json_begin(&j);
		nw_json_str(&j, "type", "handshake");
		nw_json_str(&j, "addr", nw_addr_ntop(&h->them.addr, addr, sizeof(addr)));
		nw_json_uint(&j, "port", h->them.port);
		nw_json_bool(&j, "rst_seen", h->has_rst);
		nw_json_begin_array(&j, "packets");
		for (int i = 0; i < n; i++)
			json_step(&j, &st[i], &seg[i], st[0].ts);
		nw_json_end_array(&j);
		nw_json_end_buffered(&j);
	}
}
