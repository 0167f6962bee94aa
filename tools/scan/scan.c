/*
 * scan.c: nw-scan's run: the targets and ports read (names resolved), the
 * --resume file opened, the runner opened (raw sockets and captures, or
 * the file limit for connect()), every privilege dropped, then the scan,
 * its results printed as they come (--json) or as nmap's table at the end.
 */
#include "config.h"

#include <stdio.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_priv.h"
#include "cli/output.h"
#include "scan.h"
#include "scan_json.h"
#include "scan_out.h"
#include "scan_resume.h"
#include "scan_services.h"
#include "scan_store.h"
#include "scan_targets.h"
#include "scan_text.h"

#define SCAN_EXIT_INTERRUPTED 130
#define SCAN_PROGRESS_NS      (100 * NW_NS_PER_MS) /* and the JSON lines flushed as often */

struct session {
	struct scan_out out;
	struct scan_resume resume;
	struct nw_progress progress;
};

static void on_result(void *ctx, const struct nw_scan_result *r)
{
	struct session *s = ctx;

	if (s->out.cfg->json) {
		if (!s->out.cfg->open_only || r->state == NW_SCAN_OPEN)
			scan_json_port(&s->out, r);
		return;
	}
	scan_store_add(&s->out.store, r);
}

static void on_progress(void *ctx, const struct nw_scan_stats *st)
{
	struct session *s = ctx;
	double left = st->rate_pps > 0 ? (double)(st->total - st->decided) / st->rate_pps : 0;

	if (s->out.cfg->json)
		fflush(stdout);
	if (s->out.cfg->quiet || !nw_progress_wanted())
		return;
	nw_progress_show(&s->progress, nw_mono_ns(),
			 "%llu/%llu probes (%.0f%%), %.0f pps, %llu open, about %.0f s left",
			 (unsigned long long)st->decided, (unsigned long long)st->total,
			 st->total ? 100.0 * (double)st->decided / (double)st->total : 100.0,
			 st->rate_pps, (unsigned long long)st->open, left);
}

static void on_drain(void *ctx)
{
	struct session *s = ctx;

	nw_progress_clear(&s->progress);
	fprintf(stderr,
		"%s: finishing the probes in flight to save the position in %s "
		"(Ctrl-C again to stop now)\n",
		nw_progname, s->resume.path);
}

static uint64_t random_seed(void)
{
	uint64_t seed = 0;

	if (getrandom(&seed, sizeof(seed), 0) != (ssize_t)sizeof(seed))
		seed = (uint64_t)nw_mono_ns() ^ ((uint64_t)getpid() << 32);
	return seed;
}

/* -S: the source of its family. */
static void set_source(struct scan_config *cfg)
{
	struct nw_scan_config *c = &cfg->run.scan;
	struct nw_addr a;
	const char *why;

	if (!cfg->source)
		return;
	if (nw_addr_resolve(cfg->source, cfg->family ? cfg->family : AF_UNSPEC, &a, &why) != 0)
		nw_invalid("source address", cfg->source, why);
	if (a.family == AF_INET)
		c->src4 = a;
	else
		c->src6 = a;
}

/* The seed and first probe: --resume's file, or --seed, or a random one. */
static bool set_start(struct session *s, struct scan_config *cfg)
{
	struct nw_scan_config *c = &cfg->run.scan;

	if (cfg->resume_path) {
		scan_resume_open(&s->resume, cfg->resume_path, c);
		if (s->resume.found) {
			c->seed = s->resume.seed;
			c->start = s->resume.position;
			return c->start > 0;
		}
	}
	if (!cfg->seed_given)
		c->seed = random_seed();
	return false;
}

/* The probes this run has to send (the shard's, from the start). */
static uint64_t scan_left(const struct session *s)
{
	uint64_t begin, end;

	nw_scan_range(nw_scan_run_scan(s->out.run), &begin, &end);
	return end - begin;
}

static const struct nw_scan_run_ops run_ops = {
    .on_result = on_result, .on_progress = on_progress, .on_drain = on_drain};

/* The position saved, the summary printed; the exit status. */
static int finish(struct session *s, int rc)
{
	const struct scan_config *cfg = s->out.cfg;
	struct nw_scan_stats st;

	nw_progress_clear(&s->progress);
	nw_scan_stats(nw_scan_run_scan(s->out.run), nw_mono_ns(), &st);
	if (scan_resume_save(&s->resume, nw_scan_run_config(s->out.run)->seed, st.position) != 0)
		nw_warn("cannot save the position in %s", s->resume.path);
	scan_resume_close(&s->resume);
	if (cfg->json) {
		scan_json_summary(&s->out, &st, rc);
	} else {
		scan_store_sort(&s->out.store);
		if (!cfg->quiet)
			scan_text_report(&s->out);
		scan_text_summary(&s->out, &st, rc);
	}
	if (nw_scan_run_interrupted(s->out.run))
		return SCAN_EXIT_INTERRUPTED;
	return st.answered ? NW_EXIT_OK : NW_EXIT_NOANSWER;
}

int scan_run(struct scan_config *cfg)
{
	static struct session s;
	struct nw_scan_config *c = &cfg->run.scan;
	struct nw_addrset *targets = scan_targets(cfg);
	struct nw_portset *ports = scan_ports(cfg);
	char err[512];
	bool resumed;
	int rc;

	s.out.cfg = cfg;
	c->targets = targets;
	c->ports = ports;
	s.out.addresses = nw_addrset_count(targets);
	s.out.ports = nw_portset_count(ports);
	s.resume.fd = -1;
	set_source(cfg);
	resumed = set_start(&s, cfg);
	if (cfg->json || (!cfg->quiet && nw_progress_wanted()))
		cfg->run.progress_ns = SCAN_PROGRESS_NS;
	cfg->run.drain_on_interrupt = cfg->resume_path != NULL;
	if (cfg->run.deadline_ns)
		cfg->run.deadline_ns += nw_mono_ns();
	if (!cfg->json)
		scan_services_load();
	s.out.run = nw_scan_run_open(&cfg->run, err, sizeof(err));
	if (!s.out.run)
		nw_fatal("%s", err);
	/* connect(): new TCP sockets after the drop (the profile that allows them) */
	nw_cli_drop_privileges(c->method == NW_SCAN_CONNECT ||
				       nw_scan_run_config(s.out.run)->method == NW_SCAN_CONNECT
				   ? NW_PRIV_DNS
				   : NW_PRIV_PACKETS);
	if (resumed && scan_left(&s) == 0) {
		fprintf(stderr, "%s: nothing left to scan: %s says this scan is complete\n",
			nw_progname, cfg->resume_path);
		return NW_EXIT_OK;
	}
	scan_store_init(&s.out.store, scan_left(&s), cfg->open_only);
	s.out.start_ns = nw_mono_ns();
	if (cfg->json)
		scan_json_start(&s.out);
	else if (!cfg->quiet)
		scan_text_start(&s.out, resumed);
	rc = nw_scan_run(s.out.run, &run_ops, &s, err, sizeof(err));
	if (rc < 0)
		nw_fatal("%s", err);
	rc = finish(&s, rc);
	nw_scan_run_close(s.out.run);
	scan_store_free(&s.out.store);
	nw_addrset_free(targets);
	nw_portset_free(ports);
	return rc;
}
