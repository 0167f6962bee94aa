/*
 * arping_scan.c: --scan CIDR, a sweep in the manner of arp-scan: one probe
 * per address at a bounded rate, then up to --retries more rounds for the
 * addresses that stayed silent, each at least -W after the previous probe.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "arping_scan.h"
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
		if (scan_index(s, &ev->to_ip, &idx) && !s->hosts[idx].sent_wire)
			s->hosts[idx].sent_wire = ts_ns;
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
	bool wire;
	int64_t rtt = arping_wire_rtt(h->sent_wire, h->sent_mono, ts_ns, nw_mono_ns(), &wire);
	if (!wire)
		s->user_clock_used = true;
	h->answered = true;
	memcpy(h->mac, ev->mac, 6);
	s->hosts_up++;
	s->received++;
	nw_stats_add(&s->rtt, nw_ns_to_ms(rtt));
	report_host(s, ev, nw_ns_to_ms(rtt));
}

struct sweep {
	uint32_t cursor;   /* next address of this round */
	uint64_t round;	   /* 0: first probes; 1..retries: retries */
	bool done;	   /* every round sent */
	int64_t next_slot; /* rate limit: earliest time of the next probe */
	int64_t gap_ns;
	int64_t last_send;
};

/* Advance to the next address that needs a probe in this round (or finish). */
static struct arping_scan_host *next_host(struct arping_session *s, struct sweep *w)
{
	while (!w->done) {
		if (w->cursor == s->scan_count) {
			w->cursor = 0;
			if (++w->round > s->cfg->scan_retries)
				w->done = true;
			continue;
		}
		struct arping_scan_host *h = &s->hosts[w->cursor];
		if (!h->answered && h->sends == w->round)
			return h;
		w->cursor++;
	}
	return NULL;
}

/* Send the next due probe, or say when one will be due. */
static int64_t sweep_step(struct arping_session *s, struct sweep *w, int64_t now)
{
	struct arping_scan_host *h = next_host(s, w);
	if (!h)
		return INT64_MAX;
	int64_t due = w->next_slot;
	if (h->sends && h->sent_mono + s->timeout_ns > due)
		due = h->sent_mono + s->timeout_ns; /* a retry waits for the last answer */
	if (now < due)
		return due;
	struct nw_addr a;
	scan_addr(s, w->cursor, &a);
	h->sent_mono = nw_mono_ns();
	h->sent_wire = 0;
	if (s->proto->send_probe(s, &a, false) < 0) {
		s->send_errors++;
		if (s->send_errors == 1)
			nw_warn("send failed on %s: %s", s->ifname, nw_craft_error(s->craft));
	} else {
		s->sent++;
	}
	h->sends++;
	w->cursor++;
	w->last_send = h->sent_mono;
	w->next_slot += w->gap_ns;
	if (w->next_slot < now - w->gap_ns)
		w->next_slot = now; /* no burst after a stall */
	return now;
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

static void show_progress(struct arping_session *s, const struct sweep *w, int64_t now,
			  struct nw_progress *p)
{
	nw_progress_show(
	    p, now, "scan: round %llu of %llu, %u/%u addresses, %llu up",
	    (unsigned long long)w->round + 1, (unsigned long long)s->cfg->scan_retries + 1,
	    w->done ? s->scan_count : w->cursor, s->scan_count, (unsigned long long)s->hosts_up);
}

struct scan_run {
	struct sweep w;
	struct nw_progress progress;
};

/* Send the probes that are due, read the answers; then wake for the next probe or the end. */
static void scan_step(struct arping_session *s, void *ctx)
{
	struct scan_run *r = ctx;
	for (;;) {
		int64_t now = nw_mono_ns();
		if (s->deadline && now >= s->deadline) {
			arping_stop(s, 0);
			return;
		}
		int64_t wake = sweep_step(s, &r->w, now);
		if (wake == now)
			continue;
		if (arping_drain(s, handle_scan_event) < 0) {
			arping_stop(s, NW_EXIT_RUNTIME);
			return;
		}
		if (r->w.done) {
			if (now >= r->w.last_send + s->timeout_ns) {
				arping_stop(s, 0);
				return;
			}
			wake = r->w.last_send + s->timeout_ns;
		}
		if (s->deadline && s->deadline < wake)
			wake = s->deadline;
		show_progress(s, &r->w, now, &r->progress);
		arping_wake_at(s, wake);
		return;
	}
}

int arping_scan(struct arping_session *s)
{
	struct scan_run r = {
	    .w = {.gap_ns = NW_NS_PER_S / (int64_t)s->cfg->scan_rate, .next_slot = s->start_mono},
	};

	if (arping_loop(s, scan_step, &r) != 0)
		return NW_EXIT_RUNTIME;
	nw_progress_clear(&r.progress);
	arping_drain(s, handle_scan_event);
	if (s->sent == 0)
		return NW_EXIT_RUNTIME;
	return s->hosts_up ? NW_EXIT_OK : NW_EXIT_NOANSWER;
}
