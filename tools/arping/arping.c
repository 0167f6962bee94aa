/*
 * arping.c: nw-arping's core.  Pick the interface and addresses, open the
 * capture and injection handles, drop privileges, then run the event loop
 * (sys/loop.h): send probes on schedule and match what the capture sees.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "arping.h"
#include "arping_arp.h"
#include "arping_loop.h"
#include "arping_ndp.h"
#include "arping_report.h"
#include "arping_scan.h"
#include "arping_session.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "cli/cli_priv.h"
#include "sys/iface.h"
#include "sys/route.h"
#include "base/timeutil.h"

/* ---- choosing the target, the interface and our addresses ---------------- */

static void resolve_target(struct arping_session *s)
{
	const struct arping_config *cfg = s->cfg;
	const char *why;
	if (strcmp(cfg->target, "gateway") == 0) {
		struct nw_route r;
		char err[256];
		int family = cfg->family ? cfg->family : AF_INET;
		if (nw_route_default(family, &r, err, sizeof(err)) != 0)
			nw_fatal("%s", err);
		if (!r.has_gateway)
			nw_fatal("the default route has no gateway (interface %s)", r.ifname);
		s->target = r.gateway;
		return;
	}
	int family = cfg->family ? cfg->family : AF_UNSPEC;
	if (nw_addr_parse(cfg->target, family, &s->target, &why) == 0)
		return;
	if (nw_addr_resolve(cfg->target, family ? family : AF_INET, &s->target, &why) != 0)
		nw_invalid("target", cfg->target, why);
}

static void list_candidates(int family, char *out, size_t len)
{
	struct nw_iface ifs[32];
	int n = nw_iface_list(family, ifs, 32);
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < n && used < len; i++) {
		int w = snprintf(out + used, len - used, "%s%s", i ? ", " : "", ifs[i].name);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (n <= 0)
		snprintf(out, len, "none up with an %s address",
			 family == AF_INET6 ? "IPv6" : "IPv4");
}

/* Which interface has address a configured (for announcing our own address). */
static bool find_owner(const struct nw_addr *a, char *ifname)
{
	struct nw_iface ifs[32];
	int n = nw_iface_list(a->family, ifs, 32);
	for (int i = 0; i < n; i++) {
		if (nw_iface_owns(ifs[i].name, a)) {
			memcpy(ifname, ifs[i].name, IF_NAMESIZE);
			ifname[IF_NAMESIZE - 1] = '\0';
			return true;
		}
	}
	return false;
}

/* The interface: -I, the owner of an announced address, or the route's. */
static void choose_interface(struct arping_session *s, struct nw_route *route, bool *have_route)
{
	const struct arping_config *cfg = s->cfg;
	char err[256], cands[256];
	*have_route = false;
	if (cfg->ifname) {
		snprintf(s->ifname, sizeof(s->ifname), "%s", cfg->ifname);
		return;
	}
	bool announce = cfg->mode == ARPING_ANNOUNCE || cfg->mode == ARPING_REPLY_ANNOUNCE;
	if (announce && find_owner(&s->target, s->ifname))
		return;
	if (nw_route_get(&s->target, route, err, sizeof(err)) == 0 &&
	    strcmp(route->ifname, "lo") != 0) {
		snprintf(s->ifname, sizeof(s->ifname), "%s", route->ifname);
		*have_route = true;
		return;
	}
	list_candidates(s->family, cands, sizeof(cands));
	char tbuf[NW_ADDRSTRLEN];
	nw_fatal("cannot choose an interface for %s (%s); candidates: %s (use -I)",
		 nw_addr_ntop(&s->target, tbuf, sizeof(tbuf)), *err ? err : "it is a local address",
		 cands);
}

/*
 * A target the kernel routes through a gateway on our interface is not on
 * the link: nobody there would answer ARP for it, so say which gateway
 * carries it instead of reporting 100% loss.  With -I on another interface
 * the user means that link, and is taken at their word.
 */
static void refuse_off_link(const struct arping_session *s)
{
	const struct arping_config *cfg = s->cfg;
	struct nw_route r;
	char err[256], tbuf[NW_ADDRSTRLEN], gbuf[NW_ADDRSTRLEN];
	if (cfg->mode != ARPING_REQUEST && cfg->mode != ARPING_SCAN)
		return;
	if (nw_route_get(&s->target, &r, err, sizeof(err)) != 0 || !r.has_gateway ||
	    strcmp(r.ifname, s->ifname) != 0)
		return;
	nw_addr_ntop(&s->target, tbuf, sizeof(tbuf));
	nw_addr_ntop(&r.gateway, gbuf, sizeof(gbuf));
	if (cfg->mode == ARPING_SCAN)
		nw_fatal(
		    "%s/%d is not on the local link: it is routed through the gateway %s on %s "
		    "(ARP reaches only the local link)",
		    tbuf, cfg->scan_prefix, gbuf, r.ifname);
	nw_fatal("%s is not on the local link: it is routed through the gateway %s on %s "
		 "(ARP reaches only the local link; try 'nw-arping gateway')",
		 tbuf, gbuf, r.ifname);
}

/* Loopback and IFF_NOARP links have no ARP (nor neighbor discovery) to ask. */
static void refuse_arpless(const struct nw_iface *ifc)
{
	if (ifc->loopback)
		nw_fatal("interface %s is a loopback interface: it has no ARP", ifc->name);
	if (ifc->noarp)
		nw_fatal("interface %s does not use ARP (NOARP)", ifc->name);
}

/* Our MAC and IP as the sender of the probes. */
static void choose_sender(struct arping_session *s, const struct nw_route *route, bool have_route)
{
	const struct arping_config *cfg = s->cfg;
	struct nw_iface ifc;
	char err[256];
	if (nw_iface_get(s->ifname, &ifc, err, sizeof(err)) != 0)
		nw_fatal("%s", err);
	if (!ifc.up)
		nw_fatal("interface %s is down", s->ifname);
	refuse_arpless(&ifc);
	if (cfg->has_src_mac)
		memcpy(s->src_mac, cfg->src_mac, 6);
	else if (ifc.has_mac)
		memcpy(s->src_mac, ifc.mac, 6);
	else
		nw_fatal("interface %s has no Ethernet address (use -s)", s->ifname);

	if (cfg->has_src_ip) {
		if (cfg->src_ip.family != s->family)
			nw_usage_error("the source and the target are not of one address family");
		s->src = cfg->src_ip;
	} else if (cfg->mode == ARPING_ANNOUNCE || cfg->mode == ARPING_REPLY_ANNOUNCE) {
		s->src = s->target; /* an announcement says: the target is us */
	} else if (cfg->mode == ARPING_DAD) {
		memset(&s->src, 0, sizeof(s->src)); /* RFC 5227 probe: sender 0.0.0.0 (:: for v6) */
		s->src.family = s->family;
	} else if (have_route && route->has_src && route->src.family == s->family) {
		s->src = route->src;
	} else if (s->family == AF_INET && ifc.has_ipv4) {
		nw_addr_from_v4(&s->src, ifc.ipv4);
	} else if (s->family == AF_INET6 && (ifc.has_ipv6 || ifc.has_ipv6_ll)) {
		nw_addr_from_v6(&s->src, ifc.has_ipv6 ? &ifc.ipv6 : &ifc.ipv6_ll);
	} else {
		nw_fatal("interface %s has no %s address (use -S)", s->ifname,
			 s->family == AF_INET ? "IPv4" : "IPv6");
	}
}

static void default_timing(struct arping_session *s)
{
	const struct arping_config *cfg = s->cfg;
	/* LAN answers take microseconds; a sweep waits less per address than a ping. */
	if (cfg->timeout_ns >= 0)
		s->timeout_ns = cfg->timeout_ns;
	else
		s->timeout_ns = cfg->mode == ARPING_SCAN ? 250 * NW_NS_PER_MS : NW_NS_PER_S;
}

static void first_destination(struct arping_session *s)
{
	if (s->cfg->has_dst_mac) {
		memcpy(s->dst_mac, s->cfg->dst_mac, 6);
		s->unicast = true;
	} else {
		memcpy(s->dst_mac, nw_mac_broadcast, 6); /* NDP picks its multicast group itself */
	}
}

/* Open the capture and injection handles, then give up every privilege. */
static void open_handles(struct arping_session *s)
{
	char err[512];
	s->cap = nw_cap_open_live(s->ifname, s->proto->bpf, 256, err, sizeof(err));
	if (!s->cap)
		nw_fatal("%s", err);
	s->craft = nw_craft_open_link(s->ifname, err, sizeof(err));
	if (!s->craft)
		nw_fatal("%s", err);
	nw_cli_drop_privileges(NW_PRIV_PACKETS);
	if (nw_cap_linktype(s->cap) != NW_LINK_ETHERNET)
		nw_fatal("interface %s is not Ethernet (link type %d)", s->ifname,
			 nw_cap_linktype(s->cap));
}

static void setup(struct arping_session *s, const struct arping_config *cfg)
{
	struct nw_route route;
	bool have_route;
	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	if (cfg->mode == ARPING_SCAN) {
		s->target = cfg->scan_net;
	} else {
		resolve_target(s);
	}
	s->family = s->target.family;
	s->proto = s->family == AF_INET6 ? &arping_ndp : &arping_arp;
	choose_interface(s, &route, &have_route);
	refuse_off_link(s);
	choose_sender(s, &route, have_route);
	default_timing(s);
	first_destination(s);
	nw_stats_init(&s->rtt);
	nw_json_init(&s->json, stdout);
	open_handles(s);
}

/* ---- signals ------------------------------------------------------------ */

static void on_interrupt(struct nw_loop *l, int sig, void *ctx)
{
	(void)sig;
	(void)ctx;
	nw_loop_stop(l);
}

/* The loop and its signals, before anything is printed, for the whole run. */
static void open_loop(struct arping_session *s)
{
	s->loop = nw_loop_new();
	if (!s->loop)
		nw_fatal("out of memory");
	if (nw_loop_on_interrupt(s->loop, on_interrupt, s) != 0)
		nw_fatal_errno("cannot catch signals");
}

/* ---- the probe loop (request, DAD, announce) ----------------------------- */

static struct arping_probe *probe_slot(struct arping_session *s, uint64_t seq)
{
	return &s->ring[seq % ARPING_RING];
}

/* Whether probe pr's reply window (its wait, and a tenth of a second) is over at now. */
static bool window_over(const struct arping_session *s, const struct arping_probe *pr, int64_t now)
{
	return now - pr->sent_mono > s->timeout_ns + NW_NS_PER_S / 10;
}

/* The oldest seq still in the ring. */
static uint64_t ring_first(const struct arping_session *s)
{
	return s->sent > ARPING_RING ? s->sent - ARPING_RING + 1 : 1;
}

/*
 * First in, first out: the oldest probe not yet replied to, inside its
 * reply window, if it left before the reply arrived (capture clock; without
 * capture times, any).  ARP and NDP replies carry no identifier, and a host
 * answers its requests in order, so under a flood (many requests waiting)
 * each reply goes to the request it answers and the RTTs are the wire's
 * pairs.  NULL when every waiting probe has its reply: an extra one.
 */
static struct arping_probe *oldest_waiting(struct arping_session *s, int64_t now, int64_t ts_ns)
{
	struct arping_probe *pr;

	if (s->oldest < ring_first(s))
		s->oldest = ring_first(s);
	for (; s->oldest <= s->sent; s->oldest++) {
		pr = probe_slot(s, s->oldest);
		if (!pr->replied && !window_over(s, pr, now))
			break;
	}
	if (s->oldest > s->sent)
		return NULL;
	pr = probe_slot(s, s->oldest);
	return !pr->sent_wire || pr->sent_wire <= ts_ns ? pr : NULL;
}

/*
 * The probe a reply captured at ts_ns answers: the oldest waiting one;
 * else (an extra reply: a duplicate, or a second host) the newest one
 * inside its reply window that left before the reply arrived, by the
 * capture clock (so a late reply is not pinned on a request sent after
 * it); without capture times, the newest in its window.
 */
static struct arping_probe *answered_probe(struct arping_session *s, int64_t now, int64_t ts_ns)
{
	struct arping_probe *fallback = oldest_waiting(s, now, ts_ns);

	if (fallback)
		return fallback;
	for (uint64_t k = 0; k < ARPING_RING && k < s->sent; k++) {
		struct arping_probe *pr = probe_slot(s, s->sent - k);
		if (window_over(s, pr, now))
			break; /* older probes are older still */
		if (pr->sent_wire && pr->sent_wire <= ts_ns)
			return pr;
		if (!pr->sent_wire && !fallback)
			fallback = pr;
	}
	return fallback;
}

static bool mac_known(const struct arping_session *s, const uint8_t mac[6])
{
	for (int i = 0; i < s->nmacs; i++)
		if (memcmp(s->macs[i], mac, 6) == 0)
			return true;
	return false;
}

static void remember_mac(struct arping_session *s, const struct arping_event *ev)
{
	if (mac_known(s, ev->mac))
		return;
	if (s->nmacs < ARPING_MAX_MACS)
		memcpy(s->macs[s->nmacs++], ev->mac, 6);
	if (s->nmacs > 1) {
		s->conflict = true;
		report_conflict(s, ev);
	}
}

/* Our own request seen leaving: its capture time is the wire send time (frames leave in order). */
static void note_own_probe(struct arping_session *s, int64_t ts_ns)
{
	if (s->next_wire < ring_first(s))
		s->next_wire = ring_first(s);
	for (; s->next_wire <= s->sent; s->next_wire++) {
		struct arping_probe *pr = probe_slot(s, s->next_wire);
		if (!pr->sent_wire) {
			pr->sent_wire = ts_ns;
			s->next_wire++;
			return;
		}
	}
}

static bool is_reply_to_us(const struct arping_session *s, const struct arping_event *ev)
{
	return nw_addr_equal(&ev->ip, &s->target) &&
	       (nw_addr_equal(&ev->to_ip, &s->src) || memcmp(ev->to_mac, s->src_mac, 6) == 0);
}

/* The engine's word on a reply pinned on probe pr: ours, late or a duplicate. */
static void handle_reply(struct arping_session *s, const struct arping_event *ev, int64_t ts_ns)
{
	int64_t now = nw_mono_ns();
	struct arping_probe *pr = answered_probe(s, now, ts_ns);
	struct nw_probe_result r;
	enum nw_probe_match m = NW_PROBE_UNKNOWN;
	if (pr) {
		struct nw_probe_answer a = {
		    .now_ns = now, .wire_answer_ns = ts_ns, .wire_sent_ns = pr->sent_wire};
		m = nw_probe_answered(s->engine, pr->seq, &a, &r);
	}
	if (m == NW_PROBE_UNKNOWN) {
		report_foreign(s, ev); /* nothing of ours is waiting: someone else asked */
		return;
	}
	bool first_mac = s->nmacs == 0;
	remember_mac(s, ev);
	double rtt_ms = arping_rtt_ms(s, &r);
	const char *note = s->unicast ? "unicast" : NULL;
	if (m == NW_PROBE_DUPLICATE) {
		note = "duplicate";
		s->extra++;
	} else {
		pr->replied = true;
		s->received++; /* a late reply is an answer too, marked as such */
		nw_stats_add(&s->rtt, rtt_ms);
		if (m == NW_PROBE_LATE)
			note = "late";
	}
	report_reply(s, pr->seq, ev, rtt_ms, r.clock == NW_PROBE_CLOCK_WIRE, note);
	if (first_mac && !s->cfg->broadcast_only && !s->cfg->has_dst_mac) {
		memcpy(s->dst_mac, ev->mac, 6); /* as iputils: go unicast once we know the MAC */
		s->unicast = true;
	}
}

/* DAD (RFC 5227 2.1.1): any packet from another host claiming the address. */
static void handle_dad(struct arping_session *s, const struct arping_event *ev)
{
	if (memcmp(ev->mac, s->src_mac, 6) == 0 || s->in_use)
		return;
	struct nw_addr unspecified;
	memset(&unspecified, 0, sizeof(unspecified));
	unspecified.family = s->family;
	bool claims = nw_addr_equal(&ev->ip, &s->target);
	/* Another host probing for the same address at the same time
	 * (its sender is 0.0.0.0 or ::). */
	bool probes_too = ev->kind == EV_QUERY && nw_addr_equal(&ev->ip, &unspecified) &&
			  nw_addr_equal(&ev->to_ip, &s->target);
	if (!claims && !probes_too)
		return;
	s->in_use = true;
	s->received++;
	memcpy(s->in_use_mac, ev->mac, 6);
	report_in_use(s, ev);
}

static void handle_event(struct arping_session *s, const struct arping_event *ev, int64_t ts_ns)
{
	enum arping_mode mode = s->cfg->mode;
	if (ev->kind == EV_OWN_PROBE) {
		if (nw_addr_equal(&ev->to_ip, &s->target))
			note_own_probe(s, ts_ns);
		return;
	}
	if (mode == ARPING_DAD) {
		handle_dad(s, ev);
		return;
	}
	if (ev->kind != EV_ANSWER || mode != ARPING_REQUEST)
		return;
	if (is_reply_to_us(s, ev))
		handle_reply(s, ev, ts_ns);
	else
		report_foreign(s, ev);
}

static uint64_t probe_count(const struct arping_config *cfg)
{
	if (cfg->count)
		return cfg->count;
	switch (cfg->mode) {
	case ARPING_DAD:
		return 3; /* RFC 5227 PROBE_NUM */
	case ARPING_ANNOUNCE:
	case ARPING_REPLY_ANNOUNCE:
		return 1;
	default:
		return 0; /* until -w or interrupted */
	}
}

struct probe_plan {
	struct arping_session *s;
	uint64_t count; /* probes to send; 0: until -w or interrupted */
	bool announce;
	uint64_t failed; /* a probe whose send failed, to cancel after the tick; 0: none */
};

static bool count_reached(const struct arping_session *s, const struct probe_plan *p)
{
	return p->count && s->sent + s->send_errors >= p->count;
}

/* The engine's ids are the sequence numbers: the next is one past the last sent. */
static enum nw_probe_gen probe_next(void *ctx, uint64_t *id)
{
	struct probe_plan *p = ctx;
	if (p->failed)
		return NW_PROBE_GEN_LATER; /* its number goes to the next probe, once it is
					      cancelled */
	if (count_reached(p->s, p))
		return NW_PROBE_GEN_END;
	*id = p->s->sent + 1;
	return NW_PROBE_GEN_ID;
}

static enum nw_probe_send probe_send(void *ctx, uint64_t seq, unsigned attempt)
{
	struct probe_plan *p = ctx;
	struct arping_session *s = p->s;
	(void)attempt; /* no retries: -c probes, each sent once */
	struct arping_probe sent = {.seq = seq, .sent_mono = nw_mono_ns()};
	enum arping_mode mode = s->cfg->mode;
	int r;
	if (p->announce)
		r = s->proto->send_announce(s);
	else
		r = s->proto->send_probe(s, &s->target, mode == ARPING_DAD);
	if (r < 0) {
		s->send_errors++;
		p->failed = seq;
		nw_warn("send failed on %s: %s", s->ifname, nw_craft_error(s->craft));
		return NW_PROBE_FAILED;
	}
	*probe_slot(s, seq) = sent;
	s->sent = seq;
	if (p->announce)
		report_sent(s, seq);
	return NW_PROBE_SENT;
}

/* A probe's -W wait ran out (answered probes end in handle_reply, late ones are told there). */
static void probe_done(void *ctx, const struct nw_probe_result *r)
{
	struct probe_plan *p = ctx;
	if (r->outcome == NW_PROBE_TIMED_OUT && p->s->cfg->mode == ARPING_REQUEST)
		report_timeout(p->s, r->id);
}

/*
 * After a tick: cancel a probe whose send failed (nothing to wait for);
 * the run ends once -c probes are sent and every wait is over (at once
 * for announcements, which wait for nothing).
 */
static bool probe_after_tick(struct arping_session *s, void *ctx, int64_t now, int64_t *wake)
{
	struct probe_plan *p = ctx;
	if (p->failed) {
		nw_probe_cancel(s->engine, p->failed);
		p->failed = 0;
		*wake = nw_probe_tick(s->engine, now);
	}
	if (!count_reached(s, p))
		return false;
	if (p->announce)
		return true;
	struct nw_probe_stats st;
	nw_probe_stats(s->engine, now, &st);
	return st.slots_used == 0;
}

/*
 * Slots for every probe that can be waiting at once (-W / -i of them, and
 * the bucket's two), at least the ring's; with no interval, all of -c.
 */
static uint32_t probe_window(const struct arping_config *cfg, int64_t timeout_ns, uint64_t count)
{
	uint64_t n = ARPING_PROBE_WINDOW_MAX;
	if (cfg->interval_ns > 0)
		n = (uint64_t)(timeout_ns / cfg->interval_ns) + 4;
	else if (count)
		n = count;
	if (n < ARPING_RING)
		n = ARPING_RING;
	return n > ARPING_PROBE_WINDOW_MAX ? ARPING_PROBE_WINDOW_MAX : (uint32_t)n;
}

static int probe_loop(struct arping_session *s)
{
	const struct arping_config *cfg = s->cfg;
	struct probe_plan plan = {
	    .s = s,
	    .count = probe_count(cfg),
	    .announce = cfg->mode == ARPING_ANNOUNCE || cfg->mode == ARPING_REPLY_ANNOUNCE,
	};
	/* One probe every -i (a second one at once only after a stall, as iputils),
	 * each waited for -W and never sent again. */
	struct nw_probe_config pc = NW_PROBE_DEFAULTS;
	pc.window = probe_window(cfg, s->timeout_ns, plan.count);
	pc.remember = pc.window + ARPING_RING;
	pc.rate = cfg->interval_ns > 0 ? (double)NW_NS_PER_S / (double)cfg->interval_ns
				       : ARPING_FLOOD_RATE;
	pc.burst = cfg->interval_ns > 0 ? 2 : ARPING_FLOOD_BURST;
	const struct arping_drive drive = {
	    .ops = {.send = probe_send, .next_id = probe_next, .on_done = probe_done},
	    .handle = handle_event,
	    .after_tick = probe_after_tick,
	    .ctx = &plan};

	int status = arping_drive(s, &pc, &drive);
	if (status != 0)
		return status;
	if (s->sent == 0)
		return NW_EXIT_RUNTIME; /* nothing could be sent: never a success */
	switch (cfg->mode) {
	case ARPING_DAD:
		return s->in_use ? NW_EXIT_NOANSWER : NW_EXIT_OK;
	case ARPING_ANNOUNCE:
	case ARPING_REPLY_ANNOUNCE:
		return NW_EXIT_OK;
	default:
		return s->received ? NW_EXIT_OK : NW_EXIT_NOANSWER;
	}
}

int arping_run(const struct arping_config *cfg)
{
	struct arping_session s;
	setup(&s, cfg);
	nw_output_init();
	open_loop(&s);
	if (cfg->mode == ARPING_SCAN)
		arping_scan_prepare(&s);
	report_start(&s);
	s.start_mono = nw_mono_ns();
	int status = cfg->mode == ARPING_SCAN ? arping_scan(&s) : probe_loop(&s);
	report_summary(&s, nw_mono_ns() - s.start_mono, status);
	nw_cap_close(s.cap);
	nw_craft_close(s.craft);
	free(s.hosts);
	nw_loop_free(s.loop);
	return status;
}
