/*
 * traceroute.c: nw-traceroute's run: the destination resolved, the runner
 * opened (raw socket and capture, or without privilege UDP and ping sockets:
 * sys/trace_run.h's modes), every privilege dropped before the first
 * packet is read, then the trace, printed hop by hop as each completes.
 */
#include "config.h"

#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/errbuf.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_priv.h"
#include "sys/trace_run.h"
#include "traceroute.h"
#include "traceroute_json.h"
#include "traceroute_out.h"
#include "traceroute_paths.h"
#include "traceroute_print.h"
#include "traceroute_rounds.h"
#include "traceroute_text.h"

struct session {
	struct traceroute_out out;
	struct nw_trace_run *run;
	struct traceroute_rounds rounds;
	bool tty; /* stdout is a terminal: --rounds redraws its table there */
};

static void on_hop(void *ctx, const struct nw_trace_hop *h)
{
	struct session *s = ctx;

	if (s->out.cfg->paths)
		return; /* the TTLs across the flows instead */
	if (!s->out.rounds) {
		traceroute_hop_done(&s->out, nw_trace_run_trace(s->run), h);
		return;
	}
	traceroute_rounds_add(s->out.rounds, h);
	for (unsigned q = 0; s->out.names && q < h->queries; q++)
		if (h->replies[q].status == NW_TRACE_REPLY)
			nw_names_ask(s->out.names, &h->replies[q].from);
	if (s->out.cfg->json)
		traceroute_json_hop(&s->out, nw_trace_run_trace(s->run), h);
}

/*
 * --rounds: one trace after another, each started an interval after the
 * one before (or when it ends, if later), the table redrawn after each on
 * a terminal.  Returns what the last nw_trace_run or pause returned.
 */
static int run_rounds(struct session *s, char *err, size_t errlen)
{
	static const struct nw_trace_run_ops ops = {.on_hop = on_hop};
	const struct traceroute_config *cfg = s->out.cfg;
	bool live = !cfg->json && !cfg->report && s->tty;
	int r = 0;

	for (unsigned k = 1; k <= cfg->rounds; k++) {
		int64_t start = nw_mono_ns();

		s->out.round = k;
		if (k > 1)
			nw_trace_run_next_round(s->run);
		r = nw_trace_run(s->run, &ops, s, err, errlen);
		if (r < 0)
			return r;
		traceroute_rounds_end(s->out.rounds, nw_trace_run_trace(s->run), r == 0);
		if (live)
			traceroute_rounds_table(&s->out, s->out.rounds, true);
		if (r != 0 || k == cfg->rounds)
			break;
		r = nw_trace_run_pause(s->run, start + cfg->interval_ns);
		if (r != 0)
			break;
	}
	if (r < 0)
		return nw_err_set(err, errlen, "event loop failed");
	traceroute_rounds_names_wait(&s->out, s->out.rounds);
	if (cfg->json)
		traceroute_json_rounds(&s->out, s->out.rounds);
	else
		traceroute_rounds_table(&s->out, s->out.rounds, live);
	return r;
}

static void on_ttl(void *ctx, const struct nw_trace_paths_ttl *tt)
{
	struct session *s = ctx;

	if (s->out.cfg->paths) {
		s->out.paths = nw_trace_run_paths(s->run);
		traceroute_paths_ttl(&s->out, tt);
	}
}

/* The destination and, with -s, the source: literals or names, of one family. */
static void resolve_addresses(struct traceroute_config *cfg)
{
	int family = cfg->family ? cfg->family : AF_UNSPEC;
	const char *why;

	if (nw_addr_resolve(cfg->target, family, &cfg->trace.dst, &why) != 0)
		nw_fatal("cannot resolve '%s': %s", cfg->target, why);
	if (cfg->source &&
	    nw_addr_resolve(cfg->source, cfg->trace.dst.family, &cfg->trace.src, &why) != 0)
		nw_invalid("source address", cfg->source, why);
	if (cfg->trace.mtu && cfg->trace.flow == NW_FLOW_DUBLIN &&
	    cfg->trace.dst.family == AF_INET6)
		nw_usage_error("--mtu cannot use --flow dublin over IPv6 (a probe's length is its "
			       "number)");
	if (cfg->trace.proto == NW_PROBE_TCP && !cfg->port_given)
		cfg->trace.dport = 80;
}

int traceroute_run(struct traceroute_config *cfg)
{
	struct nw_trace_run_config rc = {
	    .ifname = cfg->ifname, .flows = cfg->paths, .mode = cfg->mode};
	static const struct nw_trace_run_ops ops = {.on_hop = on_hop, .on_ttl = on_ttl};
	static struct session s;
	struct nw_trace_stats st;
	char err[256];
	int r;

	s.out.cfg = cfg;
	s.tty = isatty(STDOUT_FILENO);
	if (cfg->rounds)
		s.out.rounds = &s.rounds;
	resolve_addresses(cfg);
	if (!cfg->numeric) {
		/* before the raw handles: the child that looks names up holds none */
		s.out.names = nw_names_open(err, sizeof(err));
		if (!s.out.names)
			nw_warn("no host names (%s): addresses only", err);
	}
	rc.trace = cfg->trace;
	if (cfg->deadline_ns)
		rc.deadline_ns = nw_mono_ns() + cfg->deadline_ns;
	s.run = nw_trace_run_open(&rc, err, sizeof(err));
	if (!s.run)
		nw_fatal("%s", err);
	nw_cli_drop_privileges(NW_PRIV_PACKETS);
	s.out.trace = nw_trace_run_config(s.run);
	s.out.ifname = nw_trace_run_ifname(s.run);
	s.out.clock = nw_trace_run_clock_name(s.run);
	s.out.mode = nw_trace_run_mode_name(s.run);
	if (cfg->paths)
		traceroute_paths_start(&s.out, s.run);
	else if (cfg->json)
		traceroute_json_start(&s.out);
	else
		traceroute_text_start(&s.out);
	if (cfg->rounds)
		r = run_rounds(&s, err, sizeof(err));
	else
		r = nw_trace_run(s.run, &ops, &s, err, sizeof(err));
	if (r < 0)
		nw_fatal("%s", err);
	if (!cfg->paths)
		traceroute_hops_flush(&s.out, nw_trace_run_trace(s.run), r == 1 && !cfg->rounds);
	if (cfg->paths)
		st.reached = traceroute_paths_end(&s.out, nw_trace_run_paths(s.run), r == 1);
	else if (cfg->json)
		traceroute_json_end(&s.out, nw_trace_run_trace(s.run), r == 1);
	else
		traceroute_text_end(&s.out, nw_trace_run_trace(s.run), r == 1);
	if (!cfg->paths)
		nw_trace_stats(nw_trace_run_trace(s.run), &st);
	nw_trace_run_close(s.run);
	nw_names_close(s.out.names);
	if (cfg->rounds)
		return s.rounds.reached ? NW_EXIT_OK : NW_EXIT_NOANSWER;
	return st.reached && r == 0 ? NW_EXIT_OK : NW_EXIT_NOANSWER;
}
