/*
 * traceroute_json.c: nw-traceroute --json, JSON Lines: a "start" object,
 * one "hop" object per hop as it completes (every probe in it), and a
 * "summary"; docs/traceroute.md lists the keys.
 */
#include "config.h"

#include <stdio.h>
#include <sys/socket.h>

#include "cli/json.h"
#include "probe/trace.h"
#include "traceroute_hostname.h"
#include "traceroute_json.h"
#include "traceroute_names.h"
#include "traceroute_nat.h"
#include "traceroute_rounds.h"

static struct nw_json json;

static const char *status_name(enum nw_trace_status s)
{
	switch (s) {
	case NW_TRACE_REPLY:
		return "reply";
	case NW_TRACE_TIMEOUT:
		return "timeout";
	case NW_TRACE_CANCELLED:
		return "cancelled";
	default:
		return "waiting";
	}
}

void traceroute_json_start(const struct traceroute_out *o)
{
	char a[NW_ADDRSTRLEN];
	const struct nw_trace_config *t = o->trace;

	nw_json_init(&json, stdout);
	nw_json_begin(&json);
	nw_json_str(&json, "type", "start");
	nw_json_str(&json, "target", o->cfg->target);
	nw_json_str(&json, "destination", nw_addr_ntop(&t->dst, a, sizeof(a)));
	nw_json_str(&json, "source", nw_addr_ntop(&t->src, a, sizeof(a)));
	nw_json_str(&json, "family", t->dst.family == AF_INET6 ? "ipv6" : "ipv4");
	nw_json_str(&json, "interface", o->ifname);
	nw_json_str(&json, "method", traceroute_method_name(t->proto));
	nw_json_str(&json, "flow", traceroute_flow_name(t->flow));
	nw_json_str(&json, "mode", o->mode);
	if (t->proto != NW_PROBE_ICMP) {
		nw_json_uint(&json, "source_port", t->sport);
		nw_json_uint(&json, "port", t->dport);
	}
	nw_json_uint(&json, "first_ttl", t->first_ttl);
	nw_json_uint(&json, "max_ttl", t->max_ttl);
	nw_json_uint(&json, "queries", t->queries);
	nw_json_uint(&json, "in_flight", t->in_flight);
	nw_json_uint(&json, "packet_len", nw_trace_packet_len(t));
	nw_json_bool(&json, "mtu", t->mtu);
	nw_json_double(&json, "wait_ms", (double)t->wait_ns / 1e6, 3);
	nw_json_str(&json, "clock", o->clock);
	if (o->cfg->rounds)
		nw_json_uint(&json, "rounds", o->cfg->rounds);
	nw_json_end(&json);
}

/* An array KEY of the names of the NW_REWRITE_* bits in what. */
static void json_changed(const char *key, unsigned what)
{
	nw_json_begin_array(&json, key);
	for (unsigned bit = 1; bit <= NW_REWRITE_IP_ID; bit <<= 1)
		if (what & bit)
			nw_json_str(&json, NULL, traceroute_rewrite_field(bit));
	nw_json_end_array(&json);
}

/* "nat", and what the quote shows changed: "rewritten" (names) and the quote's values. */
static void json_rewritten(const struct nw_trace_reply *r)
{
	char a[NW_ADDRSTRLEN], note[256];

	nw_json_bool(&json, "nat", (r->rewritten & NW_REWRITE_NAT) != 0);
	if (!traceroute_nat_note(r, note, sizeof(note))[0])
		return;
	json_changed("rewritten", r->rewritten);
	if (r->rewritten & NW_REWRITE_SRC)
		nw_json_str(&json, "quoted_source", nw_addr_ntop(&r->quote.src, a, sizeof(a)));
	if (r->rewritten & NW_REWRITE_SPORT)
		nw_json_uint(&json, "quoted_source_port", r->quote.sport);
	if (r->rewritten & NW_REWRITE_CHECKSUM)
		nw_json_uint(&json, "quoted_checksum", r->quote.checksum);
	if (r->rewritten & NW_REWRITE_IP_ID)
		nw_json_uint(&json, "quoted_ip_id", r->quote.ip_id);
}

/* "interfaces": the RFC 5837 objects, each with the fields it carries. */
static void json_interfaces(const struct nw_trace_reply *r)
{
	char a[NW_ADDRSTRLEN];
	struct nw_addr addr;

	nw_json_begin_array(&json, "interfaces");
	for (unsigned i = 0; i < r->ifinfo_count; i++) {
		const struct nw_icmpext_ifinfo *f = &r->ifinfo[i];
		nw_json_begin_object(&json, NULL);
		nw_json_str(&json, "role", nw_icmpext_role_name(f->role));
		if (f->has_ifindex)
			nw_json_uint(&json, "ifindex", f->ifindex);
		if (f->has_addr) {
			if (f->family == AF_INET)
				nw_addr_from_v4(&addr, f->addr.v4);
			else
				nw_addr_from_v6(&addr, &f->addr.v6);
			nw_json_str(&json, "address", nw_addr_ntop(&addr, a, sizeof(a)));
		}
		if (f->has_name)
			nw_json_str(&json, "name", f->name);
		if (f->has_mtu)
			nw_json_uint(&json, "mtu", f->mtu);
		nw_json_end_object(&json);
	}
	nw_json_end_array(&json);
}

static void json_reply(const struct traceroute_out *o, const struct nw_trace_reply *r)
{
	const char *name;

	char a[NW_ADDRSTRLEN], note[32];

	nw_json_begin_object(&json, NULL);
	nw_json_uint(&json, "query", r->query);
	nw_json_str(&json, "status", status_name(r->status));
	if (r->status == NW_TRACE_REPLY) {
		nw_json_str(&json, "from", nw_addr_ntop(&r->from, a, sizeof(a)));
		if ((name = traceroute_host_name(o, &r->from)) != NULL)
			nw_json_str(&json, "name", name);
		nw_json_double(&json, "rtt_ms", (double)r->rtt_ns / 1e6, 3);
		nw_json_str(&json, "clock", nw_probe_clock_name(r->clock));
		nw_json_str(&json, "kind", nw_answer_kind_name(r->kind));
		if (r->quoted) {
			nw_json_uint(&json, "icmp_type", r->icmp_type);
			nw_json_uint(&json, "icmp_code", r->icmp_code);
			nw_json_uint(&json, "quoted_ttl", r->quoted_ttl);
		}
		nw_json_uint(&json, "reply_ttl", r->reply_ttl);
		if (r->reply_ttl)
			nw_json_uint(&json, "return_hops", nw_trace_return_hops(r->reply_ttl));
		if (r->mtu)
			nw_json_uint(&json, "mtu", r->mtu);
		traceroute_annotation(r, note, sizeof(note));
		if (note[0])
			nw_json_str(&json, "note", note);
		json_rewritten(r);
		if (r->mpls_count) {
			nw_json_begin_array(&json, "mpls");
			for (unsigned i = 0; i < r->mpls_count; i++) {
				nw_json_begin_object(&json, NULL);
				nw_json_uint(&json, "label", r->mpls[i].label);
				nw_json_uint(&json, "tc", r->mpls[i].tc);
				nw_json_bool(&json, "bottom", r->mpls[i].bottom);
				nw_json_uint(&json, "ttl", r->mpls[i].ttl);
				nw_json_end_object(&json);
			}
			nw_json_end_array(&json);
		}
		if (r->ifinfo_count)
			json_interfaces(r);
	}
	nw_json_end_object(&json);
}

void traceroute_json_hop(const struct traceroute_out *o, const struct nw_trace *t,
			 const struct nw_trace_hop *h)
{
	(void)t;
	nw_json_begin(&json);
	nw_json_str(&json, "type", "hop");
	if (o->round)
		nw_json_uint(&json, "round", o->round);
	nw_json_uint(&json, "ttl", h->ttl);
	nw_json_uint(&json, "answered", h->answered);
	if (h->pmtu) {
		char a[NW_ADDRSTRLEN];
		nw_json_uint(&json, "pmtu", h->pmtu);
		nw_json_str(&json, "pmtu_from", nw_addr_ntop(&h->pmtu_from, a, sizeof(a)));
	}
	nw_json_begin_array(&json, "probes");
	for (unsigned q = 0; q < h->queries; q++)
		json_reply(o, &h->replies[q]);
	nw_json_end_array(&json);
	nw_json_end(&json);
	traceroute_nat_hop_done(h);
}

/* The summary's "rewrites": each change of the probes the quotes showed, and where. */
static void json_rewrites(void)
{
	unsigned n;
	const struct traceroute_rewrite *w = traceroute_rewrites(&n);

	nw_json_begin_array(&json, "rewrites");
	for (unsigned i = 0; i < n; i++) {
		nw_json_begin_object(&json, NULL);
		nw_json_uint(&json, "ttl", w[i].ttl);
		nw_json_uint(&json, "after_ttl", w[i].after_ttl);
		nw_json_bool(&json, "nat", (w[i].what & NW_REWRITE_NAT) != 0);
		json_changed("changed", w[i].what);
		nw_json_end_object(&json);
	}
	nw_json_end_array(&json);
}

void traceroute_json_totals(struct nw_json *j, const struct nw_trace_stats *st, bool cut)
{
	nw_json_bool(j, "complete", !cut);
	nw_json_uint(j, "hops", st->end_ttl);
	nw_json_uint(j, "sent", st->sent);
	nw_json_uint(j, "answered", st->answered);
	nw_json_uint(j, "timed_out", st->timed_out);
	nw_json_uint(j, "late", st->late);
	nw_json_uint(j, "strays", st->strays);
}

void traceroute_json_end(const struct traceroute_out *o, const struct nw_trace *t, bool cut)
{
	struct nw_trace_stats st;

	nw_trace_stats(t, &st);
	nw_json_begin(&json);
	nw_json_str(&json, "type", "summary");
	nw_json_bool(&json, "reached", o->rounds ? o->rounds->reached : st.reached);
	if (o->rounds)
		nw_json_uint(&json, "rounds", o->rounds->done);
	traceroute_json_totals(&json, &st, cut);
	if (cut && o->cut_from)
		nw_json_uint(&json, "cut_from_ttl", o->cut_from);
	nw_json_str(&json, "clock", nw_probe_clock_name(st.clock));
	if (o->trace->mtu) {
		nw_json_uint(&json, "pmtu", st.pmtu);
		nw_json_uint(&json, "mtu_resends", st.mtu_resends);
	}
	nw_json_begin_array(&json, "loss");
	for (unsigned ttl = o->trace->first_ttl; ttl <= st.end_ttl; ttl++) {
		enum nw_trace_loss l = nw_trace_hop_loss(t, ttl);
		if (l == NW_TRACE_LOSS_NONE)
			continue;
		nw_json_begin_object(&json, NULL);
		nw_json_uint(&json, "ttl", ttl);
		nw_json_str(&json, "loss", nw_trace_loss_name(l));
		nw_json_end_object(&json);
	}
	nw_json_end_array(&json);
	json_rewrites();
	nw_json_end(&json);
}

void traceroute_json_rounds(const struct traceroute_out *o, const struct traceroute_rounds *r)
{
	char a[NW_ADDRSTRLEN];
	const char *name;

	for (unsigned ttl = o->trace->first_ttl; ttl <= r->end_ttl; ttl++) {
		const struct rounds_hop *h = &r->hop[ttl];

		nw_json_begin(&json);
		nw_json_str(&json, "type", "hop_stats");
		nw_json_uint(&json, "ttl", ttl);
		nw_json_begin_array(&json, "hosts");
		for (unsigned i = 0; i < h->naddr; i++) {
			nw_json_begin_object(&json, NULL);
			nw_json_str(&json, "address", nw_addr_ntop(&h->addr[i], a, sizeof(a)));
			if ((name = traceroute_host_name(o, &h->addr[i])) != NULL)
				nw_json_str(&json, "name", name);
			nw_json_end_object(&json);
		}
		nw_json_end_array(&json);
		nw_json_uint(&json, "sent", h->sent);
		nw_json_uint(&json, "received", h->received);
		nw_json_double(&json, "loss_pct", traceroute_rounds_loss(h), 1);
		if (h->received) {
			nw_json_double(&json, "last_ms", h->last_ms, 3);
			nw_json_double(&json, "avg_ms", nw_stats_avg(&h->rtt), 3);
			nw_json_double(&json, "best_ms", h->rtt.min, 3);
			nw_json_double(&json, "worst_ms", h->rtt.max, 3);
			nw_json_double(&json, "stdev_ms", nw_stats_mdev(&h->rtt), 3);
		}
		if (h->jitter_n)
			nw_json_double(&json, "jitter_ms", traceroute_rounds_jitter(h), 3);
		nw_json_end(&json);
	}
}
