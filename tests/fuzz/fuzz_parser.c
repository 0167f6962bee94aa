/*
 * fuzz_parser.c: the one libFuzzer target source.  NW_FUZZ_<PARSER>, set per
 * binary by Makefile.am, picks what runs on the input: one of the per-layer
 * parsers (the input is that layer's bytes), nw_parse_link or nw_decode
 * (input byte 0 picks the link type, the rest is the frame),
 * nw_parse_icmpext (input byte 0's low bit picks ICMPv6, the rest is the
 * ICMP message), or one of the text parsers of common/dns (resolv.conf,
 * root hints, punycode: the input is the text), or the traceroute model
 * (trace: byte 0 picks the link type, the method and the flow mode, the
 * rest is a frame fed to a trace whose flow is the one the frame quotes),
 * or nw-scan's arguments (addrset: a file of targets, after a '!' the
 * exclusions; portset: a -p list, after a NUL a --shard argument), or a
 * NETLINK_SOCK_DIAG reply (sockdiag: the bytes of one recv()).
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "dns/dns.h"
#include "fuzz.h"
#include "wire/pkt.h"
#ifdef NW_FUZZ_TCPCONN
#include <arpa/inet.h>

#include "tcp/tcpconn.h"
#endif
#ifdef NW_FUZZ_ICMPEXT
#include <sys/socket.h>
#endif
#ifdef NW_FUZZ_SOCKDIAG
#include "wire/sockdiag.h"
#endif
#ifdef NW_FUZZ_TRACE
#include <sys/socket.h>

#include "probe/trace.h"
#endif
/* The text parsers of common/dns: the input is the text, there is no cursor to check. */
#if defined(NW_FUZZ_RESOLVCONF) || defined(NW_FUZZ_ROOTHINTS) || defined(NW_FUZZ_PUNYCODE)
#define NW_FUZZ_TEXT 1
#include <sys/socket.h>

#include "dns/punycode.h"
#include "dns/resolvconf.h"
#include "dns/roothints.h"
#endif
/* nw-scan's arguments: text too. */
#if defined(NW_FUZZ_ADDRSET) || defined(NW_FUZZ_PORTSET)
#define NW_FUZZ_TEXT 1
#include <stdio.h>
#include <sys/socket.h>

#include "base/addrset.h"
#include "base/portset.h"
#include "probe/permute.h"
#endif

#if !defined(NW_FUZZ_LINK) && !defined(NW_FUZZ_ARP) && !defined(NW_FUZZ_IPV4) &&                   \
    !defined(NW_FUZZ_IPV6) && !defined(NW_FUZZ_ICMP) && !defined(NW_FUZZ_ICMPV6) &&                \
    !defined(NW_FUZZ_UDP) && !defined(NW_FUZZ_TCP) && !defined(NW_FUZZ_DECODE) &&                  \
    !defined(NW_FUZZ_DNS) && !defined(NW_FUZZ_TCPCONN) && !defined(NW_FUZZ_ICMPEXT) &&             \
    !defined(NW_FUZZ_TEXT) && !defined(NW_FUZZ_TRACE) && !defined(NW_FUZZ_SOCKDIAG)
#error                                                                                             \
    "define one NW_FUZZ_<X>: LINK ARP IPV4 IPV6 ICMP ICMPV6 UDP TCP DECODE DNS TCPCONN ICMPEXT RESOLVCONF ROOTHINTS PUNYCODE TRACE ADDRSET PORTSET SOCKDIAG"
#endif

/* Where the byte sums go, so the reads cannot be optimised away. */
static volatile unsigned nw_fuzz_sink;

/* Read every byte of a region the parser handed out: ASan catches one outside the input. */
static void touch(const uint8_t *p, size_t n, const uint8_t *base, size_t size)
{
	unsigned sum = 0;

	if (n == 0)
		return;
	if (!p || p < base || n > size || p > base + size - n)
		abort(); /* a region not inside the input */
	for (size_t i = 0; i < n; i++)
		sum += p[i];
	nw_fuzz_sink += sum;
}

#ifdef NW_FUZZ_DNS
static char dns_text[NW_DNS_RDATA_STRLEN];

struct wire_ctx {
	const uint8_t *base;
	size_t size;
};

/* Every chunk the wire walk hands out must lie inside the input. */
static void wire_chunk(void *ctx, size_t off, const uint8_t *p, size_t n, const char *note)
{
	const struct wire_ctx *w = ctx;
	if (!note || (p && p != w->base + off))
		abort();
	touch(p, n, w->base, w->size);
}

/* Decode a DNS message and render every record of every section, as nw-resolve does. */
static void fuzz_dns(const uint8_t *in, size_t size)
{
	struct nw_dns_msg m;
	const char *why = NULL;
	struct wire_ctx wc = {in, size};
	enum nw_status st = nw_dns_wire_walk(in, size, wire_chunk, &wc, &why);
	if (st != NW_OK && !why)
		abort();
	st = nw_dns_parse(in, size, &m, &why);
	if (st != NW_OK) {
		if (!why)
			abort();
		return;
	}
	for (int s = NW_DNS_ANSWER; s <= NW_DNS_ADDITIONAL; s++) {
		struct nw_dns_iter it;
		struct nw_dns_rr rr;
		nw_dns_iter_init(&it, &m, (enum nw_dns_section)s);
		while (nw_dns_rr_next(&it, &rr, &why) == 1) {
			touch(in + rr.rdata_off, rr.rdlen, in, size);
			if (nw_dns_rdata_str(&m, &rr, dns_text, sizeof dns_text, &why) != NW_OK &&
			    !why)
				abort();
			if (strlen(dns_text) >= sizeof dns_text)
				abort();
		}
	}
}
#endif

#ifdef NW_FUZZ_TCPCONN
/*
 * The connection table (common/tcp/tcpconn.h) on a sequence of segments: each
 * 16-byte record is one segment (byte 0: direction, family, one of four
 * client ports; 1: flags; 2-5 seq; 6-9 ack; 10-11 length mod 1500; 12-13
 * window; 14: SYN options; 15: time step), at most 512 records, in a
 * table of 3 connections so eviction runs too.
 */
#define TC_REC	16
#define TC_MAX	512
#define TC_CONN 3

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void tc_evicted(void *ctx, const struct nw_tcpconn *c, enum nw_tcp_evict why)
{
	char sizes[64];
	(void)ctx;
	if (!nw_tcps_name(c->sm.side[0].state) || !nw_tcp_evict_name(why) ||
	    !nw_tcp_end_name(nw_tcpconn_end(c)) || c->dir[0].write.nruns > NW_TCP_WRITE_RUNS ||
	    c->dir[1].rtt.npending > NW_TCP_RTT_PENDING)
		abort();
	nw_tcpwrite_sizes(&c->dir[1].write, sizes, sizeof(sizes));
	nw_fuzz_sink += (unsigned)strlen(sizes);
}

static void tc_segment(struct nw_tcptab *t, const uint8_t *r, int64_t *ts)
{
	static const uint8_t payload[1500];
	struct nw_addr a, b;
	struct nw_tcpseg seg;
	struct nw_tcp tcp;
	uint16_t cport = (uint16_t)(40000 + ((r[0] >> 2) & 3));
	bool s2c = r[0] & 1;
	char sizes[64];

	if (r[0] & 2) {
		struct in6_addr x = {{{0x20, 0x01, 0x0d, 0xb8, [15] = 1}}}, y = x;
		y.s6_addr[15] = 2;
		nw_addr_from_v6(&a, &x);
		nw_addr_from_v6(&b, &y);
	} else {
		struct in_addr x = {htonl(0xc6120001u)}, y = {htonl(0xc6120002u)}; /* 198.18.0.x */
		nw_addr_from_v4(&a, x);
		nw_addr_from_v4(&b, y);
	}
	memset(&tcp, 0, sizeof(tcp));
	tcp.sport = s2c ? 80 : cport;
	tcp.dport = s2c ? cport : 80;
	tcp.flags = r[1] | ((r[14] & 0x80) ? NW_TCP_AE : 0);
	tcp.seq = be32(r + 2);
	tcp.ack = be32(r + 6);
	tcp.payload_len = (size_t)(((uint32_t)r[10] << 8 | r[11]) % sizeof(payload));
	tcp.payload = payload;
	tcp.window = (uint16_t)(r[12] << 8 | r[13]);
	tcp.has_mss = r[14] & 1;
	tcp.mss = (uint16_t)(r[14] << 4);
	tcp.has_wscale = r[14] & 2;
	tcp.wscale = (uint8_t)(r[14] >> 2);
	/* Steps of 0 to 254 ms; 255 jumps 400 s (idle eviction). */
	*ts += r[15] == 255 ? INT64_C(400000000000) : (int64_t)r[15] * 1000000;
	if (nw_tcptab_segment(t, s2c ? &b : &a, s2c ? &a : &b, &tcp, (uint32_t)tcp.payload_len, *ts,
			      &seg) != 0)
		return;
	if (seg.dir < 0 || seg.dir > 1 || seg.len != tcp.payload_len || !seg.conn ||
	    !nw_tcps_name(seg.state[0]) || !nw_tcps_name(seg.state[1]) ||
	    strlen(seg.seq_rule) >= NW_TCP_RULE_MAX || seg.write.nruns > NW_TCP_WRITE_RUNS ||
	    (seg.write_done && seg.write.segments == 0) || nw_tcptab_count(t) > TC_CONN)
		abort();
	nw_tcpwrite_sizes(&seg.write, sizes, sizeof(sizes));
	nw_fuzz_sink += (unsigned)strlen(sizes) + (unsigned)strlen(seg.ack_rule);
	nw_tcptab_expire(t, *ts);
}

static void fuzz_tcpconn(const uint8_t *in, size_t size)
{
	struct nw_tcptab_config cfg = {.max_conns = TC_CONN,
				       .idle_ns = INT64_C(300000000000),
				       .closed_ns = INT64_C(60000000000),
				       .on_evict = tc_evicted};
	struct nw_tcptab *t = nw_tcptab_new(&cfg);
	int64_t ts = INT64_C(1700000000000000000);

	if (!t)
		return;
	touch(in, size, in, size);
	for (size_t off = 0, n = 0; off + TC_REC <= size && n < TC_MAX; off += TC_REC, n++)
		tc_segment(t, in + off, &ts);
	nw_tcptab_flush(t);
	if (nw_tcptab_count(t) != 0)
		abort();
	nw_tcptab_free(t);
}
#endif

#if defined(NW_FUZZ_ICMPEXT) || defined(NW_FUZZ_DECODE)
/* An extension structure as parsed from a message of msg_len bytes: within its bounds. */
static void check_icmpext(enum nw_status st, const struct nw_icmpext *x, size_t msg_len)
{
	if (!x->present) {
		if (st != NW_OK)
			abort();
		return;
	}
	if (x->orig_len < 128 || x->offset != 8 + x->orig_len || x->offset + x->len != msg_len ||
	    (st == NW_OK && (x->version != 2 || x->len < 4)) || x->nobjects < 0 ||
	    x->nobjects > NW_ICMPEXT_MAX_OBJECTS || x->nlabels < 0 ||
	    x->nlabels > NW_ICMPEXT_MAX_LABELS || x->nifinfo < 0 ||
	    x->nifinfo > NW_ICMPEXT_MAX_IFINFO)
		abort();
	for (int i = 0; i < x->nobjects; i++)
		if (x->objects[i].len < 4)
			abort();
	for (int i = 0; i < x->nlabels; i++)
		if (x->labels[i].label > 0xfffff || x->labels[i].tc > 7)
			abort();
	for (int i = 0; i < x->nifinfo; i++) {
		const struct nw_icmpext_ifinfo *inf = &x->ifinfo[i];
		if (inf->role > 3 || inf->name_len > NW_IFINFO_NAME_MAX ||
		    strlen(inf->name) != inf->name_len || !nw_icmpext_role_name(inf->role))
			abort();
	}
}
#endif

#ifdef NW_FUZZ_RESOLVCONF
/* resolv.conf text as nw-resolve reads it: every setting stays within its caps. */
static void fuzz_resolvconf(const uint8_t *in, size_t size)
{
	struct nw_resolvconf rc;

	touch(in, size, in, size);
	nw_resolvconf_defaults(&rc);
	if (nw_resolvconf_parse(in, size, &rc) < 0)
		abort();
	if (rc.nservers < 0 || rc.nservers > NW_RESOLV_MAXNS || rc.nsearch < 0 ||
	    rc.nsearch > NW_RESOLV_MAXSEARCH || rc.ndots < 0 || rc.ndots > 15 || rc.timeout < 1 ||
	    rc.timeout > 30 || rc.attempts < 1 || rc.attempts > 5)
		abort();
	for (int i = 0; i < rc.nservers; i++)
		if (rc.servers[i].family != AF_INET && rc.servers[i].family != AF_INET6)
			abort();
	for (int i = 0; i < rc.nsearch; i++)
		if (strnlen(rc.search[i], sizeof rc.search[i]) == sizeof rc.search[i])
			abort();
}
#endif

#ifdef NW_FUZZ_ROOTHINTS
/*
 * A root hints file, as --trace reads it: a failure says why and where;
 * every hint is a name of 1..255 octets and an address; read for one
 * family, the hints are those of that family, in the same order.
 */
static void fuzz_roothints(const uint8_t *in, size_t size)
{
	static struct nw_roothints all, v4;
	const char *why = NULL;
	char name[NW_DNS_NAME_STRLEN];
	int k = 0;

	touch(in, size, in, size);
	enum nw_status st = nw_roothints_parse(in, size, 0, &all, &why);
	if (st != NW_OK && (st != NW_MALFORMED || !why || all.line == 0))
		abort();
	if (all.n < 0 || all.n > NW_ROOTHINTS_MAX || (st == NW_OK && all.line != 0))
		abort();
	for (int i = 0; i < all.n; i++) {
		const struct nw_roothint *h = &all.hint[i];
		if (h->name.len < 1 || h->name.wire[h->name.len - 1] != 0 ||
		    (h->addr.family != AF_INET && h->addr.family != AF_INET6))
			abort();
		nw_dns_name_str(&h->name, name, sizeof name);
		nw_fuzz_sink += (unsigned)strlen(name);
	}
	if (nw_roothints_parse(in, size, AF_INET, &v4, &why) != st || v4.n > all.n)
		abort();
	if (st != NW_OK || all.n == NW_ROOTHINTS_MAX)
		return; /* a cut list: the IPv4 ones may go on past it */
	for (int i = 0; i < all.n; i++) {
		const struct nw_roothint *a = &all.hint[i], *b = &v4.hint[k];
		if (a->addr.family != AF_INET)
			continue;
		if (k++ >= v4.n || a->name.len != b->name.len ||
		    memcmp(a->name.wire, b->name.wire, a->name.len) != 0 ||
		    !nw_addr_equal(&a->addr, &b->addr))
			abort();
	}
	if (k != v4.n)
		abort();
}
#endif

#ifdef NW_FUZZ_PUNYCODE
#define PC_MAX 256

/*
 * The input as punycode (RFC 3492 6.2): decoded code points are Unicode
 * scalar values, and encoding them decodes back to the same (when no NUL
 * is among them: the encoder writes a C string).  The input as a UTF-8
 * name (nw_punycode_name): ASCII out, within its buffer, or a reason.
 */
static void fuzz_punycode(const uint8_t *in, size_t size)
{
	static uint32_t cp[PC_MAX], back[PC_MAX];
	static char enc[4 * PC_MAX * 8], out[1024];
	const char *why = NULL;
	size_t n = 0, m = 0;
	bool nul = false;

	touch(in, size, in, size);
	if (nw_punycode_decode((const char *)in, size, cp, PC_MAX, &n, &why) != 0) {
		if (!why)
			abort();
	} else {
		if (n > PC_MAX)
			abort();
		for (size_t i = 0; i < n; i++) {
			if (cp[i] > 0x10ffff || (cp[i] >= 0xd800 && cp[i] <= 0xdfff))
				abort();
			nul = nul || cp[i] == 0;
		}
		if (!nul && nw_punycode_encode(cp, n, enc, sizeof enc, &why) == 0 &&
		    (nw_punycode_decode(enc, strlen(enc), back, PC_MAX, &m, &why) != 0 || m != n ||
		     memcmp(cp, back, n * sizeof cp[0]) != 0))
			abort();
	}
	char *name = malloc(size + 1); /* the name as a C string, cut at a NUL as a caller would */
	if (!name)
		return;
	memcpy(name, in, size);
	name[size] = '\0';
	if (nw_punycode_name(name, out, sizeof out, &why) == 0) {
		size_t len = strnlen(out, sizeof out);
		if (len == sizeof out)
			abort();
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)out[i] >= 0x80)
				abort();
	} else if (!why) {
		abort();
	}
	free(name);
}
#endif

#ifdef NW_FUZZ_TRACE
static int trace_send(void *ctx, const struct nw_trace_packet *p)
{
	(void)ctx;
	touch(p->payload, p->payload_len, p->payload, p->payload_len);
	return 0;
}

/* The flow the frame answers: its quote's addresses and ports, else the frame's own, reversed. */
static bool trace_flow(const struct nw_pkt *p, struct nw_trace_config *c)
{
	const struct nw_quoted *q = NULL;
	struct nw_addr a, b;

	if ((p->layers & NW_HAS_ICMP) && p->icmp.quoted.present)
		q = &p->icmp.quoted;
	else if ((p->layers & NW_HAS_ICMPV6) && p->icmp6.quoted.present)
		q = &p->icmp6.quoted;
	if (q && q->family == AF_INET) {
		nw_addr_from_v4(&c->src, q->src.v4);
		nw_addr_from_v4(&c->dst, q->dst.v4);
	} else if (q && q->family == AF_INET6) {
		nw_addr_from_v6(&c->src, &q->src.v6);
		nw_addr_from_v6(&c->dst, &q->dst.v6);
	} else if (nw_pkt_ip_addrs(p, &a, &b)) {
		c->src = b;
		c->dst = a;
	} else {
		return false;
	}
	if (q && q->has_ports) {
		c->sport = q->sport;
		c->dport = q->dport;
		c->tcp_seq = q->tcp_seq;
	}
	if (q && q->has_icmp_echo)
		c->echo_id = q->echo_id;
	return true;
}

/* Probes sent, the frame fed twice (an answer, then a late copy), every probe expired. */
static void fuzz_trace(const uint8_t *in, size_t size)
{
	static const struct nw_trace_ops ops = {.send = trace_send};
	static const enum nw_probe_proto protos[3] = {NW_PROBE_UDP, NW_PROBE_ICMP, NW_PROBE_TCP};
	static const enum nw_flow_mode flows[3] = {NW_FLOW_PARIS, NW_FLOW_CLASSIC, NW_FLOW_DUBLIN};
	struct nw_trace_config c = NW_TRACE_DEFAULTS;
	struct nw_trace_stats st;
	struct nw_trace *t;
	struct nw_pkt p;
	const char *why;
	int64_t now = INT64_C(1000000000);

	nw_decode(nw_fuzz_linktype(in[0]), in + 1, size - 1, &p);
	c.proto = protos[(in[0] / NW_FUZZ_NLINKS) % 3];
	c.flow = flows[(in[0] / (NW_FUZZ_NLINKS * 3)) % 3];
	if (c.flow == NW_FLOW_DUBLIN && c.proto != NW_PROBE_UDP)
		c.flow = NW_FLOW_PARIS;
	c.max_ttl = 8;
	if (!trace_flow(&p, &c) || c.src.family != c.dst.family)
		return;
	if (c.flow == NW_FLOW_CLASSIC && c.dport > 65535 - 24)
		c.dport = 33434;
	t = nw_trace_new(&c, &ops, NULL, &why);
	if (!t)
		return;
	nw_trace_tick(t, now);
	nw_trace_feed(t, &p, now + 1000, now + 500, &why);
	nw_trace_feed(t, &p, now + 2000, 0, &why);
	nw_trace_tick(t, now + c.wait_ns + 1);
	nw_trace_tick(t, now + 2 * c.wait_ns + 2);
	nw_trace_stats(t, &st);
	if (st.answered + st.timed_out > st.sent || st.end_ttl > c.max_ttl)
		abort();
	for (unsigned ttl = c.first_ttl; ttl <= c.max_ttl; ttl++) {
		const struct nw_trace_hop *h = nw_trace_hop(t, ttl);
		if (!h || h->ttl != ttl || h->answered > h->ended || h->ended > h->queries)
			abort();
		(void)nw_trace_hop_loss(t, ttl);
	}
	nw_trace_free(t);
}
#endif

#if defined(NW_FUZZ_ADDRSET) || defined(NW_FUZZ_PORTSET)
#define SCAN_ERRLEN 256

/* A failure's message: one line, not empty, within its buffer. */
static void one_line(const char *err)
{
	size_t n = strnlen(err, SCAN_ERRLEN);
	if (n == 0 || n == SCAN_ERRLEN || memchr(err, '\n', n))
		abort();
}
#endif

#ifdef NW_FUZZ_ADDRSET
/* A name the text hands back: a name's length, a prefix or -1; one starting with 'x' stops. */
static int scan_name(void *ctx, const char *name, int prefix, char *err, size_t errlen)
{
	size_t n = strlen(name);
	(void)ctx;
	if (n == 0 || n > NW_TARGET_NAME_MAX + 1 || prefix < -1 || prefix > 128)
		abort();
	nw_fuzz_sink += (unsigned)n;
	if (name[0] == 'x') {
		snprintf(err, errlen, "cannot resolve '%s'", name);
		return -1;
	}
	return 0;
}

/*
 * Targets and exclusions as -iL and --exclude-file give them: a failure
 * says why in one line; a set is not empty, its addresses ascend, each
 * index maps to an address and back, and no excluded address is in it.
 */
static void fuzz_addrset(const uint8_t *in, size_t size)
{
	const uint8_t *bang = memchr(in, '!', size);
	size_t tlen = bang ? (size_t)(bang - in) : size;
	struct nw_addrset *t = nw_addrset_new("target"), *x = nw_addrset_new("exclusion");
	char err[SCAN_ERRLEN];
	struct nw_addr prev = {0};

	touch(in, size, in, size);
	if (!t || !x)
		goto out;
	if (nw_addrset_add_text(t, (const char *)in, tlen, scan_name, NULL, err, sizeof err) != 0 ||
	    (bang && nw_addrset_add_text(x, (const char *)bang + 1, size - tlen - 1, scan_name,
					 NULL, err, sizeof err) != 0) ||
	    nw_addrset_finish(t, x, err, sizeof err) != 0) {
		one_line(err);
		goto out;
	}
	uint64_t n = nw_addrset_count(t), step = n / 61 + 1;
	bool excl = nw_addrset_finish(x, NULL, err, sizeof err) == 0;
	if (n == 0 || nw_addrset_intervals(t) == 0 ||
	    nw_addrset_count_family(t, AF_INET) + nw_addrset_count_family(t, AF_INET6) != n)
		abort();
	for (uint64_t i = 0, k = 0; k < 64; k++) {
		struct nw_addr a;
		uint64_t back;
		if (nw_addrset_at(t, i, &a) != 0 || nw_addrset_index(t, &a, &back) != 0 ||
		    back != i || (excl && nw_addrset_index(x, &a, &back) == 0))
			abort();
		/* IPv4 before IPv6, each ascending (network byte order compares as numbers). */
		if (k > 0 && ((prev.family == AF_INET6 && a.family == AF_INET) ||
			      (prev.family == a.family &&
			       memcmp(&prev.u, &a.u, a.family == AF_INET ? 4 : 16) >= 0)))
			abort();
		prev = a;
		if (i == n - 1)
			break;
		i = n - 1 - i <= step ? n - 1 : i + step;
	}
out:
	nw_addrset_free(t);
	nw_addrset_free(x);
}
#endif

#ifdef NW_FUZZ_PORTSET
/*
 * A -p list (the input up to a NUL), then a --shard argument (after it): a
 * failure says why in one line; a list parsed has ports, each at its
 * index; a shard parsed is a range inside the scan.
 */
static void fuzz_portset(const uint8_t *in, size_t size)
{
	char *text = malloc(size + 1), err[SCAN_ERRLEN];
	struct nw_portset *s = nw_portset_new();
	struct nw_shard sh;

	touch(in, size, in, size);
	if (!text || !s)
		goto out;
	memcpy(text, in, size);
	text[size] = '\0';
	if (nw_portset_parse(s, text, err, sizeof err) != 0) {
		one_line(err);
		if (strncmp(err, "invalid port ", 13) != 0)
			abort();
	} else {
		if (nw_portset_finish(s, err, sizeof err) != 0)
			abort();
		uint32_t n = nw_portset_count(s), idx;
		if (n == 0 || n > 65536)
			abort();
		for (uint32_t i = 0; i < n; i += 1 + n / 64) {
			uint16_t p = nw_portset_at(s, i);
			if (!nw_portset_has(s, p) || nw_portset_index(s, p, &idx) != 0 ||
			    idx != i || (i && p <= nw_portset_at(s, i - 1)))
				abort();
		}
	}
	size_t len = strlen(text);
	if (len < size) {
		uint64_t total = size * UINT64_C(0x9e3779b97f4a7c15), b, e;
		if (nw_shard_parse(text + len + 1, &sh, err, sizeof err) != 0) {
			one_line(err);
		} else {
			nw_shard_range(&sh, total, &b, &e);
			if (sh.index < 1 || sh.index > sh.count || b > e || e > total ||
			    (sh.index == sh.count && e != total) || (sh.index == 1 && b != 0))
				abort();
		}
	}
out:
	free(text);
	nw_portset_free(s);
}
#endif

#ifdef NW_FUZZ_SOCKDIAG
/* Every message of a reply until one cannot be framed: each read inside the input, and a
 * failure leaves the cursor where it was (the caller drops the rest). */
static void fuzz_sockdiag(const uint8_t *in, size_t size)
{
	struct nw_buf b;
	struct nw_sockdiag_msg m;
	const char *why = NULL;
	enum nw_status st;

	nw_buf_init(&b, in, size);
	while (nw_buf_left(&b) > 0) {
		size_t before = b.pos;
		st = nw_sockdiag_next(&b, &m, &why);
		if (b.pos > b.len)
			abort();
		if (st == NW_TRUNCATED || st == NW_MALFORMED) {
			if (!why || b.pos != before)
				abort();
			break;
		}
		if (b.pos <= before) /* a framed message always moves the cursor */
			abort();
		touch(in + before, b.pos - before, in, size);
		nw_fuzz_sink += m.sock.sport + m.sock.inode + (unsigned)m.error;
	}
}
#endif

#if !defined(NW_FUZZ_DECODE) && !defined(NW_FUZZ_DNS) && !defined(NW_FUZZ_TCPCONN) &&              \
    !defined(NW_FUZZ_TEXT) && !defined(NW_FUZZ_TRACE) && !defined(NW_FUZZ_SOCKDIAG)
/* The cursor must stay inside its buffer, and a failure must say why. */
static void check(enum nw_status st, const char *why, const struct nw_buf *b, const uint8_t *base,
		  size_t size)
{
	if (st != NW_OK && st != NW_TRUNCATED && st != NW_MALFORMED && st != NW_UNSUPPORTED)
		abort();
	if (st != NW_OK && !why)
		abort();
	if (b->pos > b->len)
		abort();
	touch(nw_buf_cur(b), nw_buf_left(b), base, size);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes: any read past it is a heap overflow. */
	uint8_t *in = malloc(size ? size : 1);
	const char *why = NULL;
	struct nw_buf b;
	enum nw_status st;

	if (!in)
		return 0;
	if (size)
		memcpy(in, data, size);

#if defined(NW_FUZZ_LINK) || defined(NW_FUZZ_DECODE) || defined(NW_FUZZ_TRACE)
	if (size < 1) {
		free(in);
		return 0;
	}
	int lt = nw_fuzz_linktype(in[0]);
#endif

#if defined(NW_FUZZ_DNS) || defined(NW_FUZZ_TCPCONN) || defined(NW_FUZZ_TEXT) ||                   \
    defined(NW_FUZZ_TRACE) || defined(NW_FUZZ_SOCKDIAG)
	(void)b;
	(void)st;
	(void)why;
#endif
#if defined(NW_FUZZ_TRACE)
	(void)lt;
	fuzz_trace(in, size);
#elif defined(NW_FUZZ_DNS)
	fuzz_dns(in, size);
#elif defined(NW_FUZZ_TCPCONN)
	fuzz_tcpconn(in, size);
#elif defined(NW_FUZZ_RESOLVCONF)
	fuzz_resolvconf(in, size);
#elif defined(NW_FUZZ_ROOTHINTS)
	fuzz_roothints(in, size);
#elif defined(NW_FUZZ_PUNYCODE)
	fuzz_punycode(in, size);
#elif defined(NW_FUZZ_ADDRSET)
	fuzz_addrset(in, size);
#elif defined(NW_FUZZ_PORTSET)
	fuzz_portset(in, size);
#elif defined(NW_FUZZ_SOCKDIAG)
	fuzz_sockdiag(in, size);
#elif defined(NW_FUZZ_LINK)
	struct nw_link out;
	nw_buf_init(&b, in + 1, size - 1);
	st = nw_parse_link(lt, &b, &out, &why);
	check(st, why, &b, in, size);
#elif defined(NW_FUZZ_ARP)
	struct nw_arp out;
	nw_buf_init(&b, in, size);
	st = nw_parse_arp(&b, &out, &why);
	check(st, why, &b, in, size);
#elif defined(NW_FUZZ_IPV4)
	struct nw_ipv4 out;
	nw_buf_init(&b, in, size);
	st = nw_parse_ipv4(&b, &out, &why);
	check(st, why, &b, in, size);
	if (st == NW_OK)
		touch(out.options, out.options_len, in, size);
#elif defined(NW_FUZZ_IPV6)
	struct nw_ipv6 out;
	nw_buf_init(&b, in, size);
	st = nw_parse_ipv6(&b, &out, &why);
	check(st, why, &b, in, size);
	if (st == NW_OK && (out.ext_count < 0 || out.ext_count > NW_IPV6_MAX_EXT))
		abort();
#elif defined(NW_FUZZ_ICMP)
	struct nw_icmp out;
	nw_buf_init(&b, in, size);
	st = nw_parse_icmp(&b, &out, &why);
	check(st, why, &b, in, size);
#elif defined(NW_FUZZ_ICMPV6)
	struct nw_icmpv6 out;
	nw_buf_init(&b, in, size);
	st = nw_parse_icmpv6(&b, &out, &why);
	check(st, why, &b, in, size);
#elif defined(NW_FUZZ_UDP)
	struct nw_udp out;
	nw_buf_init(&b, in, size);
	st = nw_parse_udp(&b, &out, &why);
	check(st, why, &b, in, size);
	if (st == NW_OK)
		touch(out.payload, out.payload_len, in, size);
#elif defined(NW_FUZZ_TCP)
	struct nw_tcp out;
	nw_buf_init(&b, in, size);
	st = nw_parse_tcp(&b, &out, &why);
	check(st, why, &b, in, size);
	if (st == NW_OK) {
		touch(out.payload, out.payload_len, in, size);
		if (out.sack_count < 0 || out.sack_count > NW_TCP_MAX_SACK ||
		    out.tfo_cookie_len > NW_TCP_MAX_TFO)
			abort();
	}
#elif defined(NW_FUZZ_ICMPEXT)
	struct nw_icmpext out;
	int family = size && (in[0] & 1) ? AF_INET6 : AF_INET;
	nw_buf_init(&b, size ? in + 1 : in, size ? size - 1 : 0);
	st = nw_parse_icmpext(&b, family, &out, &why);
	check(st, why, &b, in, size);
	check_icmpext(st, &out, nw_buf_left(&b));
#elif defined(NW_FUZZ_DECODE)
	struct nw_pkt p;
	(void)b;
	memset(&p, 0, sizeof(p));
	st = nw_decode(lt, in + 1, size - 1, &p);
	why = p.error;
	if (st != p.status || (st != NW_OK && !why))
		abort();
	if (p.layers & NW_HAS_IPV4)
		touch(p.ip4.options, p.ip4.options_len, in, size);
	if (p.layers & NW_HAS_UDP)
		touch(p.udp.payload, p.udp.payload_len, in, size);
	if (p.layers & NW_HAS_TCP)
		touch(p.tcp.payload, p.tcp.payload_len, in, size);
	if ((p.layers & NW_HAS_ICMPEXT) || (p.error_layer & NW_HAS_ICMPEXT))
		check_icmpext(p.error_layer & NW_HAS_ICMPEXT ? p.status : NW_OK, &p.icmpext,
			      p.icmpext.offset + p.icmpext.len);
#endif
	free(in);
	return 0;
}
