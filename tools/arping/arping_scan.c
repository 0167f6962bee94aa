/*
 * arping_scan.c: --scan CIDR, a sweep in the manner of arp-scan, on the probe
 * engine: one probe per address at --rate, then up to --retries more for
 * each address that stayed silent, each -W after the previous one (retries
 * go before new addresses; every send counts against the rate).
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "arping_loop.h"
#include "arping_report.h"
#include "arping_scan.h"
#include "arping_session.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "base/timeutil.h"

/* Addresses to sweep: a /31 or /32 has no network or broadcast address to skip. */
static void scan_range(struct arping_session *s)
{
	const struct arping_config *cfg = s->cfg;
	uint32_t net = ntohl(cfg->scan_net.u.v4.s_addr);
	uint64_t size = UINT64_C(1) << (32 - cfg->scan_prefix);
	s->scan_first = net;
	s->scan_count = (uint32_t)size;
	if (size > 2) {
		s->scan_first = net + 1;
		s->scan_count = (uint32_t)size - 2;
	}
}

static bool scan_index(const struct arping_session *s, const struct nw_addr *a, uint32_t *idx)
{
	if (a->family != AF_INET)
		return false;
	uint32_t h = ntohl(a->u.v4.s_addr);
	if (h < s->scan_first || h - s->scan_first >= s->scan_count)
		return false;
	*idx = h - s->scan_first;
	return true;
}

static void scan_addr(const struct arping_session *s, uint32_t idx, struct nw_addr *a)
{
	struct in_addr v4 = {.s_addr = htonl(s->scan_first + idx)};
	nw_addr_from_v4(a, v4);
}

static void scan_conflict(struct arping_session *s, struct arping_scan_host *h,
			  const struct arping_event *ev)
{
	s->nmacs = 2;
	memcpy(s->macs[0], h->mac, 6);
	memcpy(s->macs[1], ev->mac, 6);
	s->conflict = true;
	report_conflict(s, ev);
}

static void handle_scan_event(struct arping_session *s, const struct arping_event *ev,
			      int64_t ts_ns)
{
	uint32_t idx;
	if (ev->kind == EV_OWN_PROBE) {
		if (scan_index(s, &ev->to_ip, &idx))
			nw_probe_wire_sent(s->engine, idx,
					   ts_ns); /* -1: not waiting, nothing to time */
		return;
	}
	if (ev->kind != EV_ANSWER || !scan_index(s, &ev->ip, &idx))
		return;
	if (!nw_addr_equal(&ev->to_ip, &s->src) && memcmp(ev->to_mac, s->src_mac, 6) != 0)
		return; /* an answer to someone else's question */
	struct arping_scan_host *h = &s->hosts[idx];
	if (h->answered) {
		if (memcmp(h->mac, ev->mac, 6) != 0)
			scan_conflict(s, h, ev);
		return;
	}
	/* Ours (which ends the probe's retries), or late: after its last wait, still up. */
	struct nw_probe_answer a = {.now_ns = nw_mono_ns(), .wire_answer_ns = ts_ns};
	struct nw_probe_result r;
	if (nw_probe_answered(s->engine, idx, &a, &r) == NW_PROBE_UNKNOWN)
		return; /* no probe of ours asked it (yet) */
	double rtt_ms = arping_rtt_ms(s, &r);
	h->answered = true;
	memcpy(h->mac, ev->mac, 6);
	s->hosts_up++;
	s->received++;
	nw_stats_add(&s->rtt, rtt_ms);
	report_host(s, ev, rtt_ms);
}

struct sweep {
	struct arping_session *s;
	uint32_t cursor; /* next address to begin */
	unsigned round;	 /* the most sends of one address so far (1: first probes) */
	struct nw_progress progress;
};

/* The engine's ids are address indices, in order; answered ones (ourselves) are skipped. */
static enum nw_probe_gen sweep_next(void *ctx, uint64_t *id)
{
	struct sweep *w = ctx;
	struct arping_session *s = w->s;
	while (w->cursor < s->scan_count) {
		uint32_t idx = w->cursor++;
		if (!s->hosts[idx].answered) {
			*id = idx;
			return NW_PROBE_GEN_ID;
		}
	}
	return NW_PROBE_GEN_END;
}

static enum nw_probe_send sweep_send(void *ctx, uint64_t id, unsigned attempt)
{
	struct sweep *w = ctx;
	struct arping_session *s = w->s;
	struct nw_addr a;
	scan_addr(s, (uint32_t)id, &a);
	if (attempt + 1 > w->round)
		w->round = attempt + 1;
	if (s->proto->send_probe(s, &a, false) < 0) {
		s->send_errors++;
		if (s->send_errors == 1)
			nw_warn("send failed on %s: %s", s->ifname, nw_craft_error(s->craft));
		return NW_PROBE_FAILED; /* a lost attempt: retried as usual */
	}
	s->sent++;
	if (attempt == 0)
		s->scan_probed++;
	return NW_PROBE_SENT;
}

/* A silent address after its last wait: nothing to print (only hosts that answer are). */
static void sweep_done(void *ctx, const struct nw_probe_result *r)
{
	(void)ctx;
	(void)r;
}

void arping_scan_prepare(struct arping_session *s)
{
	scan_range(s);
	s->hosts = calloc(s->scan_count, sizeof(*s->hosts));
	if (!s->hosts)
		nw_fatal("out of memory for %u addresses", s->scan_count);
	uint32_t own;
	s->scan_addresses = s->scan_count;
	if (scan_index(s, &s->src, &own)) {
		s->hosts[own].answered = true; /* never probe ourselves */
		s->scan_addresses--;
	}
}

static bool sweep_after_tick(struct arping_session *s, void *ctx, int64_t now, int64_t *wake)
{
	struct sweep *w = ctx;
	(void)wake;
	if (nw_probe_finished(s->engine)) {
		s->scan_complete = true;
		return true;
	}
	nw_progress_show(&w->progress, now, "scan: round %u of %llu, %u/%u addresses, %llu up",
			 w->round ? w->round : 1, (unsigned long long)s->cfg->scan_retries + 1,
			 w->cursor, s->scan_count, (unsigned long long)s->hosts_up);
	return false;
}

/*
 * Slots for every probe that can be waiting at once: --rate for -W (and
 * 10 ms of slack), plus a burst; no more than the addresses.
 */
static uint32_t sweep_window(const struct arping_session *s)
{
	double n = (double)s->cfg->scan_rate * (double)(s->timeout_ns + 10 * NW_NS_PER_MS) /
		       (double)NW_NS_PER_S +
		   64;
	if (n > ARPING_PROBE_WINDOW_MAX)
		n = ARPING_PROBE_WINDOW_MAX;
	if (n > s->scan_count)
		n = s->scan_count;
	return n < 1 ? 1 : (uint32_t)n;
}

/* One probe per address at --rate, each silent one sent again --retries times, -W apart. */
int arping_scan(struct arping_session *s)
{
	struct sweep w = {.s = s};
	struct nw_probe_config pc = NW_PROBE_DEFAULTS;
	pc.window = sweep_window(s);
	pc.remember = 2 * pc.window;
	pc.rate = (double)s->cfg->scan_rate;
	pc.retries = (unsigned)s->cfg->scan_retries;
	const struct arping_drive drive = {
	    .ops = {.send = sweep_send, .next_id = sweep_next, .on_done = sweep_done},
	    .handle = handle_scan_event,
	    .after_tick = sweep_after_tick,
	    .ctx = &w};

	int status = arping_drive(s, &pc, &drive);
	nw_progress_clear(&w.progress);
	if (status != 0)
		return status;
	if (s->sent == 0)
		return NW_EXIT_RUNTIME;
	if (!s->scan_complete)
		return ARPING_EXIT_CUT;
	return s->hosts_up ? NW_EXIT_OK : NW_EXIT_NOANSWER;
}
