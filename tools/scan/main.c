/*
 * nw-scan: which TCP ports answer on which hosts, by SYN (half-open) or
 * connect(), in a keyed random order, at an adaptive rate, with a reason
 * for every port.  This file only turns the command line into struct
 * scan_config; scan.c runs it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_priv.h"
#include "scan.h"
#include "scan_config.h"

/* The default retries grow up to this, as nmap's --max-retries (probe/scan_retries.c). */
#define RETRIES_MAX 10

enum {
	OPT_METHOD = NW_LONG_TOOL_BASE,
	OPT_INPUT,
	OPT_EXCLUDE,
	OPT_EXCLUDE_FILE,
	OPT_RATE,
	OPT_MAX_RATE,
	OPT_RETRIES,
	OPT_NO_ADAPTIVE,
	OPT_SEED,
	OPT_SHARD,
	OPT_RESUME,
	OPT_OPEN,
	OPT_TTL,
	OPT_BANNERS,
	OPT_BANNER_WAIT,
	OPT_EXPLAIN,
};

/* clang-format off */
static const struct nw_option scan_options[] = {
	{'p', "ports", NW_ARG_REQUIRED, "LIST", "ports: 22,80,1000-2000; - is 1-65535 (default: 115 common services)"},
	{'s', NULL, NW_ARG_REQUIRED, "S|T", "-sS: SYN scan (CAP_NET_RAW); -sT: connect() scan (no privilege)"},
	{OPT_METHOD, "method", NW_ARG_REQUIRED, "METHOD", "syn, connect or auto (default: syn when raw sockets are allowed)"},
	{OPT_INPUT, "input-file", NW_ARG_REQUIRED, "FILE", "read targets from FILE (as nmap's -iL; - is stdin)"},
	{OPT_EXCLUDE, "exclude", NW_ARG_REQUIRED, "LIST", "leave out these targets (comma separated)"},
	{OPT_EXCLUDE_FILE, "exclude-file", NW_ARG_REQUIRED, "FILE", "leave out the targets in FILE"},
	{OPT_RATE, "rate", NW_ARG_REQUIRED, "PPS", "send at most PPS probes a second (default: no bound but the adaptive one)"},
	{OPT_MAX_RATE, "max-rate", NW_ARG_REQUIRED, "PPS", "a cap on the rate, adaptive or not"},
	{OPT_RETRIES, "retries", NW_ARG_REQUIRED, "N", "send a silent probe N more times (default: 2, raised up to 10 while answers need every send)"},
	{OPT_NO_ADAPTIVE, "no-adaptive", NW_ARG_NONE, NULL, "keep the rate fixed: no backing off when probes are lost"},
	NW_OPT_TIMEOUT("wait TIME for each answer (default: the measured RTO, doubled per retry)"),
	NW_OPT_DEADLINE("stop after TIME in all (the scan is cut short)"),
	{OPT_SEED, "seed", NW_ARG_REQUIRED, "N", "the order's key: the same seed scans in the same order"},
	{OPT_SHARD, "shard", NW_ARG_REQUIRED, "I/N", "scan the I-th of N equal parts (N runs together scan it all)"},
	{OPT_RESUME, "resume", NW_ARG_REQUIRED, "FILE", "keep the scan's position in FILE: Ctrl-C saves it, the same command carries on"},
	{OPT_OPEN, "open", NW_ARG_NONE, NULL, "show only open ports"},
	{OPT_BANNERS, "banners", NW_ARG_NONE, NULL, "connect to each open port and show the first bytes its service sends"},
	{OPT_EXPLAIN, "explain", NW_ARG_NONE, NULL, "show each open port's half-open handshake: SYN, SYN/ACK, our kernel's RST, with seq/ack rules and states (-sS)"},
	{OPT_EXPLAIN, "handshake", NW_ARG_NONE, NULL, "the same as --explain"},
	{OPT_BANNER_WAIT, "banner-wait", NW_ARG_REQUIRED, "TIME", "wait TIME for a banner: half for a greeting, half for the answer to a request (default 2s)"},
	NW_OPT_IFACE("capture on IFACE (default: the interface the targets are routed through)"),
	{'S', "source", NW_ARG_REQUIRED, "ADDR", "send from ADDR (default: the route's source address)"},
	{OPT_TTL, "ttl", NW_ARG_REQUIRED, "TTL", "SYN probes' TTL or hop limit (default 64)"},
	{'n', "numeric", NW_ARG_NONE, NULL, "accepted for nmap's habit: nw-scan never looks names up"},
	NW_OPT_IPV4,
	NW_OPT_IPV6,
	NW_OPT_JSON,
	NW_OPT_QUIET,
	NW_OPT_HELP,
	NW_OPT_VERSION,
	NW_OPT_END,
};
/* clang-format on */

static const struct nw_tool scan_tool = {
    .name = "nw-scan",
    .synopsis = "[options] TARGET...",
    .summary = "Show which TCP ports answer on which hosts: SYN (half-open) or connect()\n"
	       "probes in a keyed random order, an adaptive rate, a reason for every port.",
    .epilog = "Exit status: 0 scan completed, 1 no target answered, 2 usage error,\n"
	      "3 runtime error, 130 interrupted (with --resume, the position is saved).",
    .options = scan_options,
};

static void list_add(struct scan_list *l, const char *s)
{
	l->items[l->n++] = s;
}

static enum nw_scan_method parse_method(const char *s)
{
	if (strcmp(s, "syn") == 0 || strcmp(s, "S") == 0)
		return NW_SCAN_SYN;
	if (strcmp(s, "connect") == 0 || strcmp(s, "T") == 0)
		return NW_SCAN_CONNECT;
	if (strcmp(s, "auto") == 0)
		return NW_SCAN_AUTO;
	nw_invalid("scan method", s, "expected syn (-sS), connect (-sT) or auto");
}

static double parse_rate(const char *what, const char *s)
{
	return (double)nw_arg_uint(what, s, 1, 100000000);
}

static void parse_shard(struct nw_scan_config *c, const char *s)
{
	char err[160];

	if (nw_shard_parse(s, &c->shard, err, sizeof(err)) != 0)
		nw_usage_error("%s", err);
}

static void parse_option(struct scan_config *cfg, int id, const char *arg)
{
	struct nw_scan_config *c = &cfg->run.scan;

	/* clang-format off */
	switch (id) {
	case 'p': list_add(&cfg->ports, arg); break;
	case 's':
	case OPT_METHOD: c->method = parse_method(arg); break;
	case OPT_INPUT: cfg->input_file = arg; break;
	case OPT_EXCLUDE: list_add(&cfg->excludes, arg); break;
	case OPT_EXCLUDE_FILE: cfg->exclude_file = arg; break;
	case OPT_RATE: c->rate = parse_rate("rate", arg); break;
	case OPT_MAX_RATE: c->max_rate = parse_rate("max rate", arg); break;
	case OPT_RETRIES:
		c->retries = (unsigned)nw_arg_uint("retries", arg, 0, 20);
		c->retries_max = 0; /* as given */
		break;
	case OPT_NO_ADAPTIVE: c->adaptive = false; break;
	case 'W': c->timeout_ns = nw_arg_duration("timeout", arg, NW_NS_PER_MS, 60 * NW_NS_PER_S); break;
	case 'w': cfg->run.deadline_ns = nw_arg_duration("deadline", arg, NW_NS_PER_MS, INT64_C(86400) * NW_NS_PER_S); break;
	case OPT_SEED: c->seed = nw_arg_uint("seed", arg, 0, UINT64_MAX); cfg->seed_given = true; break;
	case OPT_SHARD: parse_shard(c, arg); break;
	case OPT_RESUME: cfg->resume_path = arg; break;
	case OPT_OPEN: cfg->open_only = true; break;
	case OPT_BANNERS: cfg->banners = true; break;
	case OPT_EXPLAIN: cfg->explain = true; break;
	case OPT_BANNER_WAIT: cfg->banner_wait_ns = nw_arg_duration("banner wait", arg, 10 * NW_NS_PER_MS, 60 * NW_NS_PER_S); break;
	case 'I': cfg->run.ifname = arg; break;
	case 'S': cfg->source = arg; break;
	case OPT_TTL: c->ttl = (uint8_t)nw_arg_uint("TTL", arg, 1, 255); break;
	case 'n': break;
	case '4':
	case '6': nw_arg_family(&cfg->family, id); break;
	case NW_LONG_JSON: cfg->json = true; break;
	case 'q': cfg->quiet = true; break;
	default: nw_usage_error("unhandled option"); /* a table entry without a case */
	}
	/* clang-format on */
}

/* nmap's -iL is one word: getopt would read it as -i L. */
static void nmap_spellings(int argc, char **argv)
{
	static char input_file[] = "--input-file";

	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "-iL") == 0)
			argv[i] = input_file;
}

static void check_options(const struct scan_config *cfg)
{
	const struct nw_scan_config *c = &cfg->run.scan;

	if (cfg->json && cfg->quiet)
		nw_usage_error("--json and -q do not go together: -q prints only the summary");
	if (c->rate && c->max_rate && c->max_rate < c->rate)
		nw_usage_error("--max-rate %.0f is below --rate %.0f", c->max_rate, c->rate);
	if (cfg->explain && c->method == NW_SCAN_CONNECT)
		nw_usage_error(
		    "--explain needs the SYN method (-sS): connect() leaves the packets to "
		    "the kernel");
	if (cfg->banner_wait_ns && !cfg->banners)
		nw_usage_error("--banner-wait without --banners");
	if (cfg->seed_given && cfg->resume_path)
		nw_usage_error("--resume takes the seed from its file: no --seed with it");
}

int main(int argc, char **argv)
{
	static struct scan_config cfg = {.run = {.scan = NW_SCAN_DEFAULTS}};
	const char *arg;
	int id, first;

	/* SYN probes and the capture need CAP_NET_RAW alone; connect() needs nothing. */
	nw_cli_limit_privileges(NW_PRIV_NET_RAW);
	cfg.run.scan.method = NW_SCAN_AUTO;
	cfg.run.scan.retries_max = RETRIES_MAX;
	cfg.ports.items = calloc((size_t)argc, sizeof(char *));
	cfg.excludes.items = calloc((size_t)argc, sizeof(char *));
	cfg.targets.items = calloc((size_t)argc, sizeof(char *));
	if (!cfg.ports.items || !cfg.excludes.items || !cfg.targets.items)
		nw_fatal("out of memory");
	nmap_spellings(argc, argv);
	while ((id = nw_cli_next(&scan_tool, argc, argv, &arg, &first)) != -1)
		parse_option(&cfg, id, arg);
	for (int i = first; i < argc; i++)
		list_add(&cfg.targets, argv[i]);
	if (!cfg.targets.n && !cfg.input_file)
		nw_usage_error(
		    "missing TARGET (an address, a block, a range or a name; or -iL FILE)");
	check_options(&cfg);
	if (cfg.banners)
		cfg.run.banner_wait_ns = cfg.banner_wait_ns ? cfg.banner_wait_ns : 2 * NW_NS_PER_S;
	return scan_run(&cfg);
}
