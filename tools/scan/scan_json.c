/* scan_json.c: nw-scan's JSON Lines; the keys are listed in docs/scan.md and the man page. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "base/timeutil.h"
#include "cli/json.h"
#include "scan_json.h"

static void json_addr(struct nw_json *j, const char *key, const struct nw_addr *a)
{
	char buf[64];

	if (a->family == AF_UNSPEC)
		nw_json_null(j, key);
	else
		nw_json_str(j, key, nw_addr_ntop(a, buf, sizeof(buf)));
}

void scan_json_start(const struct scan_out *o)
{
	const struct nw_scan_config *c = nw_scan_run_config(o->run);
	uint64_t begin, end;
	struct nw_json j;
	char shard[48];

	nw_scan_range(nw_scan_run_scan(o->run), &begin, &end);
	snprintf(shard, sizeof(shard), "%llu/%llu", (unsigned long long)c->shard.index,
		 (unsigned long long)c->shard.count);
	nw_json_init(&j, stdout);
	nw_json_begin(&j);
	nw_json_str(&j, "type", "start");
	nw_json_str(&j, "method", nw_scan_run_method_name(o->run));
	nw_json_uint(&j, "addresses", o->addresses);
	nw_json_uint(&j, "ports", o->ports);
	nw_json_uint(&j, "probes", end - begin);
	nw_json_uint(&j, "first", begin);
	nw_json_uint(&j, "end", end);
	nw_json_uint(&j, "seed", c->seed);
	nw_json_str(&j, "shard", shard);
	nw_json_str(&j, "interface", nw_scan_run_ifnames(o->run));
	json_addr(&j, "source", &c->src4);
	json_addr(&j, "source6", &c->src6);
	nw_json_double(&j, "rate_limit_pps", c->rate, 0);
	nw_json_uint(&j, "retries", c->retries);
	nw_json_uint(&j, "retries_max", c->retries_max > c->retries ? c->retries_max : c->retries);
	nw_json_bool(&j, "adaptive", c->adaptive);
	nw_json_str(&j, "clock", nw_scan_run_clock_name(o->run));
	nw_json_end(&j);
}

void scan_json_port(const struct scan_out *o, const struct nw_scan_result *r)
{
	struct nw_json j;

	(void)o;
	nw_json_init(&j, stdout);
	nw_json_begin(&j);
	nw_json_str(&j, "type", "port");
	json_addr(&j, "addr", &r->addr);
	nw_json_uint(&j, "port", r->port);
	nw_json_str(&j, "state", nw_scan_state_name(r->state));
	nw_json_str(&j, "reason", nw_scan_reason_name(r));
	if (r->reason == NW_SCAN_ICMP) {
		json_addr(&j, "from", &r->from);
		nw_json_uint(&j, "icmp_type", r->icmp_type);
		nw_json_uint(&j, "icmp_code", r->icmp_code);
	}
	if (r->reason == NW_SCAN_CONNECT_ERROR)
		nw_json_str(&j, "error", strerror(r->error));
	if (r->reply_ttl)
		nw_json_uint(&j, "ttl", r->reply_ttl);
	else
		nw_json_null(&j, "ttl");
	if (r->rtt_ns)
		nw_json_double(&j, "rtt_ms", (double)r->rtt_ns / 1e6, 3);
	else
		nw_json_null(&j, "rtt_ms");
	nw_json_uint(&j, "retries", r->retries);
	nw_json_end_buffered(&j); /* many lines a second: scan.c flushes them every 100 ms */
}

void scan_json_banner(const struct nw_addr *a, uint16_t port, const char *text, size_t bytes,
		      int error)
{
	struct nw_json j;

	nw_json_init(&j, stdout);
	nw_json_begin(&j);
	nw_json_str(&j, "type", "banner");
	json_addr(&j, "addr", a);
	nw_json_uint(&j, "port", port);
	nw_json_str(&j, "banner", text);
	nw_json_uint(&j, "bytes", bytes);
	if (error)
		nw_json_str(&j, "error", strerror(error));
	nw_json_end_buffered(&j);
}

void scan_json_summary(const struct scan_out *o, const struct nw_scan_stats *st, int run_rc)
{
	struct nw_json j;

	nw_json_init(&j, stdout);
	nw_json_begin(&j);
	nw_json_str(&j, "type", "summary");
	nw_json_bool(&j, "complete", run_rc == 0);
	nw_json_bool(&j, "interrupted", nw_scan_run_interrupted(o->run));
	nw_json_uint(&j, "probes", st->total);
	nw_json_uint(&j, "decided", st->decided);
	nw_json_uint(&j, "position", st->position);
	nw_json_uint(&j, "sent", st->sent);
	nw_json_uint(&j, "retries", st->retries);
	nw_json_uint(&j, "retries_allowed", st->retries_allowed);
	nw_json_uint(&j, "answered", st->answered);
	nw_json_uint(&j, "open", st->open);
	nw_json_uint(&j, "closed", st->closed);
	nw_json_uint(&j, "filtered", st->filtered);
	nw_json_uint(&j, "strays", st->strays);
	nw_json_uint(&j, "duplicates", st->duplicates);
	nw_json_uint(&j, "late", st->late);
	nw_json_uint(&j, "ignored", st->ignored);
	nw_json_uint(&j, "send_errors", st->send_errors + nw_scan_run_send_lost(o->run));
	nw_json_uint(&j, "drops", nw_scan_run_drops(o->run));
	nw_json_uint(&j, "loss_events", st->loss_events);
	nw_json_double(&j, "rate_pps", st->rate_pps, 0);
	nw_json_double(&j, "rate_limit_pps", st->rate_limit_pps, 0);
	nw_json_double(&j, "srtt_ms", (double)st->srtt_ns / 1e6, 3);
	nw_json_double(&j, "elapsed_s", (double)(nw_mono_ns() - o->start_ns) / 1e9, 3);
	nw_json_end(&j);
}
