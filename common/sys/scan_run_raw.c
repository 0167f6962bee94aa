/*
 * scan_run_raw.c: SYN probes on a raw IP socket per family (each stamped
 * from a SYN libnet builds once, wire/synstamp.h, and sent 64 per system
 * call, sys/sendbatch.h), answers (and our SYNs leaving) read from a
 * capture on the interface the targets are routed through; see scan_run.h.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/errbuf.h"
#include "base/timeutil.h"
#include "sys/route.h"
#include "sys/scan_run_internal.h"
#include "wire/pkt.h"

/* Every answer's headers: link, IP, an ICMP error quoting IPv6 and TCP with options. */
#define NW_SCAN_SNAPLEN 256
/* 4 MiB: libpcap walks the whole ring when the filter is set (docs/scan.md, "The runner"). */
#define NW_SCAN_CAPTURE_BUFFER (4u << 20)
/* Targets whose routes are checked to share their family's capture interface, about. */
#define NW_SCAN_ROUTE_CHECKS 256
/* nmap's SYN carries an MSS option; a SYN without options looks like nothing real. */
#define NW_SCAN_SYN_MSS	   1460
#define NW_SCAN_SYN_WINDOW 64240

static int family_slot(int family)
{
	return family == AF_INET ? 0 : 1;
}

/*
 * The route to target i: its interface is the family's capture's, the
 * source address the family's (unless given).  A route through another
 * interface than the family's first is an error: its answers would not be
 * seen.
 */
static int route_target(struct nw_scan_run *r, uint64_t i, char *err, size_t errlen)
{
	struct nw_scan_config *c = &r->cfg.scan;
	struct nw_addr dst, *src;
	struct nw_route rt;
	char a[64];
	int k;

	nw_addrset_at(c->targets, i, &dst);
	k = family_slot(dst.family);
	src = k == 0 ? &c->src4 : &c->src6;
	if (nw_route_get(&dst, &rt, err, errlen) != 0)
		return -1;
	if (r->cfg.ifname)
		snprintf(rt.ifname, sizeof(rt.ifname), "%s", r->cfg.ifname);
	if (!r->ifname[k][0])
		snprintf(r->ifname[k], sizeof(r->ifname[k]), "%s", rt.ifname);
	else if (strcmp(r->ifname[k], rt.ifname) != 0)
		return nw_err_set(err, errlen,
				  "the targets are reached through %s and %s: scan each "
				  "interface's targets in a run of its own",
				  r->ifname[k], rt.ifname);
	if (src->family == AF_UNSPEC) {
		if (!rt.has_src)
			return nw_err_set(err, errlen, "no source address to reach %s",
					  nw_addr_ntop(&dst, a, sizeof(a)));
		*src = rt.src;
	}
	return 0;
}

/* The routes of every target, or of NW_SCAN_ROUTE_CHECKS spread over them and the last. */
static int find_routes(struct nw_scan_run *r, char *err, size_t errlen)
{
	const struct nw_addrset *t = r->cfg.scan.targets;
	uint64_t n = nw_addrset_count(t);
	uint64_t step = n > NW_SCAN_ROUTE_CHECKS ? n / NW_SCAN_ROUTE_CHECKS : 1;

	for (uint64_t i = 0; i < n;) {
		if (route_target(r, i, err, errlen) != 0)
			return -1;
		/* the last address too: a block can straddle two routes */
		if (i == n - 1)
			break;
		i = n - 1 - i > step ? i + step : n - 1;
	}
	return 0;
}

/* Our SYNs leaving and what answers them: TCP to or from our ports, ICMP errors. */
static void capture_filter(const struct nw_scan_config *c, char *buf, size_t len)
{
	unsigned last = (unsigned)c->sport_base + (c->sport_span ? c->sport_span - 1u : 0u);

	snprintf(buf, len, "(tcp portrange %u-%u) or icmp or icmp6", c->sport_base, last);
}

/* SYNs per system call: 64 took a raw socket from 133k to 316k SYNs a second (sendbatch.h). */
#define NW_SCAN_BATCH 64

/* Family k's SYN, built once by libnet, kept as the template each probe is stamped from. */
static int make_template(struct nw_scan_run *r, int k, char *err, size_t errlen)
{
	const struct nw_scan_config *c = &r->cfg.scan;
	const struct nw_addr *src = k == 0 ? &c->src4 : &c->src6;
	struct nw_ip_spec ip = {.src = *src, .dst = *src, .ttl = c->ttl};
	struct nw_tcp_spec syn = {.flags = NW_TCP_SYN,
				  .window = NW_SCAN_SYN_WINDOW,
				  .mss = NW_SCAN_SYN_MSS,
				  .wscale = -1};
	const char *why;
	uint8_t *pkt;
	size_t len;
	int rc;

	if (nw_craft_tcp(r->craft[k], &ip, &syn, NULL, 0) != 0 ||
	    nw_craft_frame(r->craft[k], &pkt, &len) != 0)
		return nw_err_set(err, errlen, "cannot build a SYN: %s",
				  nw_craft_error(r->craft[k]));
	rc = nw_syn_template_init(&r->syn[k], pkt, len, &why);
	free(pkt);
	if (rc != 0)
		return nw_err_set(err, errlen, "cannot build a SYN: %s", why);
	r->batch[k] = nw_sendbatch_new(nw_craft_raw_fd(r->craft[k]), NW_SCAN_BATCH);
	return r->batch[k] ? 0 : nw_err_set(err, errlen, "out of memory");
}

static int open_family(struct nw_scan_run *r, int k, char *err, size_t errlen)
{
	char filter[96];
	size_t buffer = r->cfg.capture_buffer ? r->cfg.capture_buffer : NW_SCAN_CAPTURE_BUFFER;

	r->craft[k] = nw_craft_open_raw(k == 0 ? AF_INET : AF_INET6, err, errlen);
	if (!r->craft[k] || make_template(r, k, err, errlen) != 0)
		return -1;
	if (k == 1 && r->cap[0] && strcmp(r->ifname[0], r->ifname[1]) == 0)
		return 0; /* IPv4's capture sees IPv6 too */
	capture_filter(&r->cfg.scan, filter, sizeof(filter));
	r->cap[k] =
	    nw_cap_open_live_buffer(r->ifname[k], filter, NW_SCAN_SNAPLEN, buffer, err, errlen);
	if (!r->cap[k])
		return -1;
	r->linktype[k] = nw_cap_linktype(r->cap[k]);
	return 0;
}

int nw_scan_raw_open(struct nw_scan_run *r, char *err, size_t errlen)
{
	if (find_routes(r, err, errlen) != 0)
		return -1;
	for (int k = 0; k < 2; k++)
		if (r->ifname[k][0] && open_family(r, k, err, errlen) != 0)
			return -1;
	snprintf(r->ifnames, sizeof(r->ifnames), "%s%s%s", r->ifname[0],
		 r->ifname[0][0] && r->cap[1] ? "," : "", r->cap[1] ? r->ifname[1] : "");
	return 0;
}

int nw_scan_raw_send(struct nw_scan_run *r, const struct nw_scan_probe *p)
{
	int k = family_slot(p->key.dst.family);
	uint8_t *pkt;

	if (!r->batch[k])
		return -1;
	pkt = nw_sendbatch_slot(r->batch[k], &p->key.dst, 0);
	if (!pkt) {
		nw_scan_raw_flush(r);
		pkt = nw_sendbatch_slot(r->batch[k], &p->key.dst, 0);
	}
	nw_syn_stamp(&r->syn[k], pkt, &p->key.dst, p->key.sport, p->key.dport, p->key.tcp_seq,
		     p->key.ttl);
	nw_sendbatch_commit(r->batch[k], r->syn[k].len);
	return 0;
}

size_t nw_scan_run_syn_packet(const struct nw_scan_run *r, const struct nw_addr *dst,
			      uint16_t sport, uint16_t dport, uint32_t seq, uint8_t *out,
			      size_t cap)
{
	const struct nw_syn_template *t = &r->syn[family_slot(dst->family)];

	if (!r->batch[family_slot(dst->family)] || cap < t->len)
		return 0;
	nw_syn_stamp(t, out, dst, sport, dport, seq, r->cfg.scan.ttl);
	return t->len;
}

void nw_scan_raw_flush(struct nw_scan_run *r)
{
	unsigned lost = 0;

	for (int k = 0; k < 2; k++)
		if (r->batch[k] && nw_sendbatch_pending(r->batch[k]))
			nw_sendbatch_flush(r->batch[k], &lost);
	r->send_lost += lost;
}

/*
 * Read everything capture k holds: a probe's answer left in the ring would
 * let the tick that follows time the probe out and send it again.
 */
static int read_capture(struct nw_scan_run *r, int k)
{
	struct nw_cap_pkt cp;
	struct nw_pkt pkt;
	const char *why;
	char err[256];
	int rc = 1;

	while ((rc = nw_cap_next(r->cap[k], &cp, err, sizeof(err))) == 1) {
		if (nw_decode(r->linktype[k], cp.data, cp.caplen, &pkt) != NW_OK &&
		    !(pkt.layers & (NW_HAS_ICMP | NW_HAS_ICMPV6)))
			continue;
		enum nw_scan_feed verdict =
		    nw_scan_feed(r->scan, &pkt, nw_mono_ns(), cp.ts_ns, &why);

		if (r->ops && r->ops->on_packet && (pkt.layers & NW_HAS_TCP))
			r->ops->on_packet(r->ctx, &pkt, cp.ts_ns, verdict);
	}
	if (rc == -2) {
		char what[300];

		snprintf(what, sizeof(what), "capture: %s", err);
		nw_scan_run_fail(r, what);
		return -1;
	}
	return 0;
}

int nw_scan_raw_read(struct nw_scan_run *r)
{
	for (int k = 0; k < 2; k++)
		if (r->cap[k] && read_capture(r, k) != 0)
			return -1;
	return 0;
}

static void on_packets(struct nw_loop *l, int fd, short revents, void *ctx)
{
	(void)l;
	(void)fd;
	(void)revents;
	nw_scan_run_step(ctx); /* which reads every capture */
}

int nw_scan_raw_watch(struct nw_scan_run *r)
{
	if (r->cap[0] && nw_loop_add_cap(r->loop, r->cap[0], on_packets, r) < 0)
		return -1;
	if (r->cap[1] && nw_loop_add_cap(r->loop, r->cap[1], on_packets, r) < 0)
		return -1;
	return 0;
}

uint64_t nw_scan_raw_drops(struct nw_scan_run *r)
{
	struct nw_cap_stats st;
	uint64_t drops = 0;

	for (int k = 0; k < 2; k++)
		if (r->cap[k] && nw_cap_stats(r->cap[k], &st) == 0)
			drops += (uint64_t)st.dropped + st.if_dropped;
	return drops;
}

void nw_scan_raw_close(struct nw_scan_run *r)
{
	for (int k = 0; k < 2; k++) {
		nw_sendbatch_free(r->batch[k]);
		nw_cap_close(r->cap[k]);
		nw_craft_close(r->craft[k]);
	}
}
