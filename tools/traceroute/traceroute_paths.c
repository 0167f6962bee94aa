/*
 * traceroute_paths.c: nw-traceroute --paths N, text and JSON Lines: the
 * flows and their source ports (ICMP: echo ids), then per TTL every address
 * with the flows that saw it, marked where flows split and merge, and at the
 * end the distinct paths with their flows; docs/traceroute.md shows both.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "base/timeutil.h"
#include "cli/json.h"
#include "probe/trace_paths.h"
#include "sys/trace_run.h"
#include "traceroute_hostname.h"
#include "traceroute_json.h"
#include "traceroute_paths.h"
#include "traceroute_text.h"

static struct nw_json json;

/* "0-3,5,7": the flows of mask, runs as ranges. */
static const char *flows_text(uint32_t mask, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned f = 0; f < NW_TRACE_MAX_FLOWS && n < len; f++) {
		unsigned last = f;
		if (!(mask & (UINT32_C(1) << f)))
			continue;
		while (last + 1 < NW_TRACE_MAX_FLOWS && (mask & (UINT32_C(1) << (last + 1))))
			last++;
		n += (size_t)snprintf(buf + n, len - n, last > f ? "%s%u-%u" : "%s%u", n ? "," : "",
				      f, last);
		f = last;
	}
	return buf;
}

static void json_flows(const char *key, uint32_t mask)
{
	nw_json_begin_array(&json, key);
	for (unsigned f = 0; f < NW_TRACE_MAX_FLOWS; f++)
		if (mask & (UINT32_C(1) << f))
			nw_json_uint(&json, NULL, f);
	nw_json_end_array(&json);
}

/* Flow f's source port, or its echo id for ICMP. */
static unsigned flow_id(const struct nw_trace_config *c)
{
	return c->proto == NW_PROBE_ICMP ? c->echo_id : c->sport;
}

void traceroute_paths_start(const struct traceroute_out *o, const struct nw_trace_run *run)
{
	const char *what = o->trace->proto == NW_PROBE_ICMP ? "id" : "port";

	if (o->cfg->json) {
		traceroute_json_start(o);
		nw_json_init(&json, stdout);
		nw_json_begin(&json);
		nw_json_str(&json, "type", "flows");
		nw_json_begin_array(&json, "flows");
		for (unsigned f = 0; f < o->cfg->paths; f++) {
			nw_json_begin_object(&json, NULL);
			nw_json_uint(&json, "flow", f);
			nw_json_uint(&json,
				     o->trace->proto == NW_PROBE_ICMP ? "echo_id" : "source_port",
				     flow_id(nw_trace_run_flow_config(run, f)));
			nw_json_end_object(&json);
		}
		nw_json_end_array(&json);
		nw_json_end(&json);
		return;
	}
	traceroute_text_start(o);
	printf("%u flows (%s):", o->cfg->paths, what);
	for (unsigned f = 0; f < o->cfg->paths; f++)
		printf(" %u:%u", f, flow_id(nw_trace_run_flow_config(run, f)));
	printf("\n");
	fflush(stdout);
}

static void json_ttl(const struct traceroute_out *o, const struct nw_trace_paths_ttl *tt)
{
	const char *name;

	char a[NW_ADDRSTRLEN];

	nw_json_begin(&json);
	nw_json_str(&json, "type", "ttl");
	nw_json_uint(&json, "ttl", tt->ttl);
	json_flows("flows", tt->flows);
	json_flows("silent", tt->silent);
	nw_json_begin_array(&json, "addresses");
	for (unsigned i = 0; i < tt->naddrs; i++) {
		const struct nw_trace_paths_addr *x = &tt->addrs[i];
		nw_json_begin_object(&json, NULL);
		nw_json_str(&json, "address", nw_addr_ntop(&x->addr, a, sizeof(a)));
		name = traceroute_host_name(o, &x->addr);
		if (name)
			nw_json_str(&json, "name", name);
		json_flows("flows", x->flows);
		nw_json_uint(&json, "answers", x->answers);
		nw_json_double(&json, "rtt_ms", (double)x->min_rtt_ns / 1e6, 3);
		nw_json_str(&json, "kind", nw_answer_kind_name(x->kind));
		nw_json_uint(&json, "prev", x->prev);
		nw_json_uint(&json, "next", x->next);
		nw_json_bool(&json, "split", x->next > 1);
		nw_json_bool(&json, "merge", x->prev > 1);
		nw_json_end_object(&json);
	}
	nw_json_end_array(&json);
	nw_json_end(&json);
}

static void text_ttl(const struct traceroute_out *o, const struct nw_trace_paths_ttl *tt)
{
	char a[NW_ADDRSTRLEN], fl[128];
	const char *name;

	for (unsigned i = 0; i < tt->naddrs; i++) {
		const struct nw_trace_paths_addr *x = &tt->addrs[i];
		if (i == 0)
			printf("%2u ", tt->ttl);
		else
			printf("   ");
		nw_addr_ntop(&x->addr, a, sizeof(a));
		name = traceroute_host_name(o, &x->addr);
		if (o->names) /* as traceroute: "name (address)", the address twice without one */
			printf(" %s (%s)", name ? name : a, a);
		else
			printf(" %s", a);
		printf("  %.3f ms  flows %s", (double)x->min_rtt_ns / 1e6,
		       flows_text(x->flows, fl, sizeof(fl)));
		if (x->next > 1)
			printf("  split to %u", x->next);
		if (x->prev > 1)
			printf("  merge of %u", x->prev);
		printf("\n");
	}
	flows_text(tt->silent, fl, sizeof(fl));
	if (tt->silent && tt->naddrs)
		printf("    *  flows %s\n", fl);
	else if (tt->silent)
		printf("%2u  *  flows %s\n", tt->ttl, fl);
	fflush(stdout);
}

static void print_ttl(const struct traceroute_out *o, const struct nw_trace_paths_ttl *tt)
{
	if (o->cfg->json)
		json_ttl(o, tt);
	else
		text_ttl(o, tt);
}

static bool ttl_names_in(const struct traceroute_out *o, const struct nw_trace_paths_ttl *tt)
{
	for (unsigned i = 0; i < tt->naddrs; i++)
		if (!traceroute_name_ready(o, &tt->addrs[i].addr))
			return false;
	return true;
}

/* Print the waiting TTLs from the first on, while their names are in. */
static void print_ready(struct traceroute_out *o)
{
	for (; o->pending; o->pending--) {
		const struct nw_trace_paths_ttl *tt =
		    nw_trace_paths_ttl(o->paths, o->pending_first);
		if (tt && !ttl_names_in(o, tt))
			return;
		if (tt)
			print_ttl(o, tt);
		o->pending_first++;
	}
}

void traceroute_paths_ttl(struct traceroute_out *o, const struct nw_trace_paths_ttl *tt)
{
	if (!o->names || !o->paths) {
		print_ttl(o, tt);
		return;
	}
	if (!o->pending)
		o->pending_first = tt->ttl;
	o->pending++;
	for (unsigned i = 0; i < tt->naddrs; i++)
		nw_names_ask(o->names, &tt->addrs[i].addr);
	nw_names_collect(o->names);
	print_ready(o);
}

/* The end: the TTLs still waiting, each name waited for TRACEROUTE_NAME_WAIT_NS in all. */
static void flush_ttls(struct traceroute_out *o)
{
	int64_t deadline = nw_mono_ns() + TRACEROUTE_NAME_WAIT_NS;

	for (unsigned ttl = o->pending_first; o->names && ttl < o->pending_first + o->pending;
	     ttl++) {
		const struct nw_trace_paths_ttl *tt = nw_trace_paths_ttl(o->paths, ttl);
		for (unsigned i = 0; tt && i < tt->naddrs; i++)
			nw_names_wait(o->names, &tt->addrs[i].addr, deadline);
	}
	for (; o->pending; o->pending--) {
		const struct nw_trace_paths_ttl *tt =
		    nw_trace_paths_ttl(o->paths, o->pending_first++);
		if (tt)
			print_ttl(o, tt);
	}
}

/* Every flow's totals; *reached: how many flows reached the destination. */
static void sum_stats(const struct nw_trace_paths *ps, struct nw_trace_stats *sum,
		      unsigned *reached)
{
	*reached = 0;
	memset(sum, 0, sizeof(*sum));
	for (unsigned f = 0; f < nw_trace_paths_count(ps); f++) {
		struct nw_trace_stats st;
		nw_trace_stats(nw_trace_paths_flow(ps, f), &st);
		sum->sent += st.sent;
		sum->answered += st.answered;
		sum->timed_out += st.timed_out;
		sum->late += st.late;
		sum->send_errors += st.send_errors;
		sum->end_ttl = st.end_ttl > sum->end_ttl ? st.end_ttl : sum->end_ttl;
		*reached += st.reached;
	}
	sum->strays = nw_trace_paths_strays(ps);
	sum->reached = *reached == nw_trace_paths_count(ps);
}

/*
 * Every split (next > 1) or merge (prev > 1) over the TTLs summed up, in
 * TTL order: text lines or JSON objects.
 */
static void print_marks(const struct traceroute_out *o, const struct nw_trace_paths *ps,
			bool splits)
{
	char a[NW_ADDRSTRLEN];

	if (o->cfg->json)
		nw_json_begin_array(&json, splits ? "splits" : "merges");
	for (unsigned ttl = o->trace->first_ttl; ttl <= nw_trace_paths_last_ttl(ps); ttl++) {
		const struct nw_trace_paths_ttl *tt = nw_trace_paths_ttl(ps, ttl);
		for (unsigned i = 0; tt && i < tt->naddrs; i++) {
			unsigned n = splits ? tt->addrs[i].next : tt->addrs[i].prev;
			if (n < 2)
				continue;
			nw_addr_ntop(&tt->addrs[i].addr, a, sizeof(a));
			if (!o->cfg->json) {
				printf("%s at %u: %s (%s %u)\n", splits ? "split" : "merge", ttl, a,
				       splits ? "to" : "of", n);
				continue;
			}
			nw_json_begin_object(&json, NULL);
			nw_json_uint(&json, "ttl", ttl);
			nw_json_str(&json, "address", a);
			nw_json_uint(&json, splits ? "next" : "prev", n);
			nw_json_end_object(&json);
		}
	}
	if (o->cfg->json)
		nw_json_end_array(&json);
}

/* The distinct paths: their flows and their addresses TTL by TTL ('*' / null: none). */
static void print_paths(const struct traceroute_out *o, const struct nw_trace_paths *ps)
{
	uint32_t groups[NW_TRACE_MAX_FLOWS];
	unsigned n = nw_trace_paths_distinct(ps, groups, NW_TRACE_MAX_FLOWS);
	char a[NW_ADDRSTRLEN], fl[128];

	if (o->cfg->json) {
		nw_json_uint(&json, "distinct", n);
		nw_json_begin_array(&json, "paths");
	} else {
		printf("%u distinct path%s:\n", n, n == 1 ? "" : "s");
	}
	for (unsigned g = 0; g < n; g++) {
		unsigned f = 0;
		while (!(groups[g] & (UINT32_C(1) << f)))
			f++;
		if (o->cfg->json) {
			nw_json_begin_object(&json, NULL);
			json_flows("flows", groups[g]);
			nw_json_begin_array(&json, "hops");
		} else {
			printf("  flows %s:", flows_text(groups[g], fl, sizeof(fl)));
		}
		for (unsigned ttl = o->trace->first_ttl; ttl <= nw_trace_paths_last_ttl(ps);
		     ttl++) {
			const struct nw_addr *x = nw_trace_paths_flow_addr(ps, f, ttl);
			if (!nw_trace_paths_ttl(ps, ttl) ||
			    !(nw_trace_paths_ttl(ps, ttl)->flows & groups[g]))
				break; /* the path ended before this TTL */
			if (o->cfg->json)
				nw_json_str(&json, NULL, x ? nw_addr_ntop(x, a, sizeof(a)) : NULL);
			else
				printf(" %s", x ? nw_addr_ntop(x, a, sizeof(a)) : "*");
		}
		if (o->cfg->json) {
			nw_json_end_array(&json);
			nw_json_end_object(&json);
		} else {
			printf("\n");
		}
	}
	if (o->cfg->json)
		nw_json_end_array(&json);
}

bool traceroute_paths_end(struct traceroute_out *o, const struct nw_trace_paths *ps, bool cut)
{
	struct nw_trace_stats st;
	unsigned reached;

	o->paths = ps;
	flush_ttls(o);
	sum_stats(ps, &st, &reached);
	if (!o->cfg->json) {
		print_paths(o, ps);
		print_marks(o, ps, true);
		print_marks(o, ps, false);
		fflush(stdout);
		if (cut)
			fprintf(stderr, "nw-traceroute: stopped before the end of the paths\n");
		return st.reached;
	}
	nw_json_begin(&json);
	nw_json_str(&json, "type", "paths");
	print_paths(o, ps);
	print_marks(o, ps, true);
	print_marks(o, ps, false);
	nw_json_end(&json);
	nw_json_begin(&json);
	nw_json_str(&json, "type", "summary");
	nw_json_bool(&json, "reached", st.reached);
	nw_json_uint(&json, "flows_reached", reached);
	traceroute_json_totals(&json, &st, cut);
	nw_json_end(&json);
	return st.reached;
}
