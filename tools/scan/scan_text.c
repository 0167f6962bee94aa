/*
 * scan_text.c: nw-scan's text output, laid out as nmap's: a block per host
 * that answered, the port table, and the states too common to list folded
 * into a "Not shown" line (more than SCAN_FOLD ports of one state and
 * reason).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "base/timeutil.h"
#include "cli/output.h"
#include "scan_services.h"
#include "scan_text.h"

/* A state and reason shared by more of a host's ports than this is folded. */
#define SCAN_FOLD   25
#define SCAN_GROUPS 16

static const char *method_title(const struct scan_out *o)
{
	return strcmp(nw_scan_run_method_name(o->run), "syn") == 0 ? "SYN" : "connect()";
}

void scan_text_start(const struct scan_out *o, bool resumed)
{
	const struct nw_scan_config *c = nw_scan_run_config(o->run);
	uint64_t begin, end;
	char src[64] = "";

	nw_scan_range(nw_scan_run_scan(o->run), &begin, &end);
	printf("Scanning %llu %s x %u %s (%llu %s), %s", (unsigned long long)o->addresses,
	       nw_plural(o->addresses, "address", "addresses"), o->ports,
	       nw_plural(o->ports, "port", "ports"), (unsigned long long)(end - begin),
	       nw_plural(end - begin, "probe", "probes"), method_title(o));
	if (*nw_scan_run_ifnames(o->run))
		printf(" on %s", nw_scan_run_ifnames(o->run));
	if (c->src4.family == AF_INET)
		printf(" from %s", nw_addr_ntop(&c->src4, src, sizeof(src)));
	if (c->src6.family == AF_INET6)
		printf("%s %s", c->src4.family == AF_INET ? " and" : " from",
		       nw_addr_ntop(&c->src6, src, sizeof(src)));
	printf(", seed %llu", (unsigned long long)c->seed);
	if (c->shard.count > 1)
		printf(", shard %llu/%llu", (unsigned long long)c->shard.index,
		       (unsigned long long)c->shard.count);
	if (resumed)
		printf(", resumed at probe %llu", (unsigned long long)begin);
	printf("\n");
	fflush(stdout);
}

static void rec_result(const struct scan_rec *rec, struct nw_scan_result *r)
{
	memset(r, 0, sizeof(*r));
	r->addr = rec->addr;
	r->port = rec->port;
	r->state = rec->state;
	r->reason = rec->reason;
	r->icmp_type = rec->icmp_type;
	r->icmp_code = rec->icmp_code;
	r->from = rec->from;
	r->error = rec->error;
}

/* A state and reason, and how many of a host's ports have them. */
struct group {
	uint8_t state;
	const char *reason;
	size_t n;
};

static struct group *group_of(struct group *g, size_t *ng, uint8_t state, const char *reason)
{
	for (size_t i = 0; i < *ng; i++)
		if (g[i].state == state && strcmp(g[i].reason, reason) == 0)
			return &g[i];
	if (*ng == SCAN_GROUPS)
		return NULL;
	g[*ng] = (struct group){.state = state, .reason = reason, .n = 0};
	return &g[(*ng)++];
}

static bool folded(const struct group *g, size_t ng, const struct scan_rec *rec)
{
	struct nw_scan_result r;

	if (rec->state == NW_SCAN_OPEN)
		return false;
	rec_result(rec, &r);
	for (size_t i = 0; i < ng; i++)
		if (g[i].state == rec->state && strcmp(g[i].reason, nw_scan_reason_name(&r)) == 0)
			return g[i].n > SCAN_FOLD;
	return false;
}

static void print_not_shown(const struct group *g, size_t ng)
{
	const char *sep = "Not shown: ";

	for (size_t i = 0; i < ng; i++) {
		if (g[i].state == NW_SCAN_OPEN || g[i].n <= SCAN_FOLD)
			continue;
		printf("%s%zu %s tcp %s (%s)", sep, g[i].n, nw_scan_state_name(g[i].state),
		       nw_plural(g[i].n, "port", "ports"), g[i].reason);
		sep = ", ";
	}
	if (strcmp(sep, ", ") == 0)
		printf("\n");
}

static void print_row(const struct scan_rec *rec)
{
	struct nw_scan_result r;
	char port[16], ttl[8] = "-", rtt[24] = "-", from[64];

	rec_result(rec, &r);
	snprintf(port, sizeof(port), "%u/tcp", rec->port);
	if (rec->ttl)
		snprintf(ttl, sizeof(ttl), "%u", rec->ttl);
	if (rec->rtt_ns)
		snprintf(rtt, sizeof(rtt), "%.3f ms", (double)rec->rtt_ns / 1e6);
	printf("%-11s %-9s %-14s %-18s %4s  %s", port, nw_scan_state_name(r.state),
	       scan_service_name(rec->port), nw_scan_reason_name(&r), ttl, rtt);
	if (rec->reason == NW_SCAN_ICMP && !nw_addr_equal(&rec->from, &rec->addr))
		printf("  from %s", nw_addr_ntop(&rec->from, from, sizeof(from)));
	printf("\n");
}

static bool answered(const struct scan_rec *rec)
{
	return rec->reason != NW_SCAN_NO_RESPONSE;
}

/* One host's block: recs[0..n) are its ports, sorted. */
static void print_host(const struct scan_rec *recs, size_t n)
{
	struct group g[SCAN_GROUPS];
	struct nw_scan_result r;
	size_t ng = 0, shown = 0;
	char addr[64];

	for (size_t i = 0; i < n; i++) {
		struct group *gr;

		rec_result(&recs[i], &r);
		gr = group_of(g, &ng, recs[i].state, nw_scan_reason_name(&r));
		if (gr)
			gr->n++;
	}
	printf("\nScan report for %s\n", nw_addr_ntop(&recs[0].addr, addr, sizeof(addr)));
	print_not_shown(g, ng);
	for (size_t i = 0; i < n; i++)
		shown += !folded(g, ng, &recs[i]);
	if (!shown)
		return;
	printf("%-11s %-9s %-14s %-18s %4s  %s\n", "PORT", "STATE", "SERVICE", "REASON", "TTL",
	       "RTT");
	for (size_t i = 0; i < n; i++)
		if (!folded(g, ng, &recs[i]))
			print_row(&recs[i]);
}

void scan_text_report(struct scan_out *o)
{
	struct scan_store *s = &o->store;
	size_t i = 0;

	while (i < s->n) {
		size_t k = i;
		bool any = false;

		while (k < s->n && nw_addr_equal(&s->recs[k].addr, &s->recs[i].addr))
			any |= answered(&s->recs[k++]);
		if (any)
			print_host(&s->recs[i], k - i);
		i = k;
	}
}

/* Hosts with at least one answer among the kept results (sorted). */
static uint64_t hosts_up(const struct scan_store *s)
{
	uint64_t up = 0;

	for (size_t i = 0; i < s->n;) {
		size_t k = i;
		bool any = false;

		while (k < s->n && nw_addr_equal(&s->recs[k].addr, &s->recs[i].addr))
			any |= answered(&s->recs[k++]);
		up += any;
		i = k;
	}
	return up;
}

void scan_text_summary(const struct scan_out *o, const struct nw_scan_stats *st, int run_rc)
{
	double secs = (double)(nw_mono_ns() - o->start_ns) / 1e9;
	uint64_t up = hosts_up(&o->store);

	printf("\n%s %llu of %llu %s in %.2f s (%.0f pps): %llu %s %s, %llu open, %llu closed, "
	       "%llu filtered; %llu %s, %llu dropped by the capture\n",
	       run_rc == 0 ? "Done:" : "Cut short:", (unsigned long long)st->decided,
	       (unsigned long long)st->total, nw_plural(st->total, "probe", "probes"), secs,
	       st->rate_pps, (unsigned long long)up, nw_plural(up, "host", "hosts"),
	       o->store.open_only ? "with open ports" : "up", (unsigned long long)st->open,
	       (unsigned long long)st->closed, (unsigned long long)st->filtered,
	       (unsigned long long)st->retries, nw_plural(st->retries, "retry", "retries"),
	       (unsigned long long)nw_scan_run_drops(o->run));
	if (run_rc != 0)
		printf("Everything below probe %llu is decided.\n",
		       (unsigned long long)st->position);
	fflush(stdout);
}
