/*
 * nw-traceroute: the path through the routers to a host, hop by hop, with
 * flow control that keeps load balancers from inventing links, every TTL
 * in flight at once, and RTTs from the capture's timestamps.  This file
 * only turns the command line into struct traceroute_config.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "cli/cli_priv.h"
#include "probe/trace_paths.h"
#include "traceroute.h"

enum {
	OPT_FLOW = NW_LONG_TOOL_BASE,
	OPT_DEADLINE,
	OPT_ROUNDS,
	OPT_REPORT,
	OPT_INTERVAL,
	OPT_MTU,
	OPT_PATHS,
	OPT_MODE,
};

/* clang-format off */
static const struct nw_option traceroute_options[] = {
	{'U', "udp", NW_ARG_NONE, NULL, "probe with UDP datagrams (the default; port 33434)"},
	{'I', "icmp", NW_ARG_NONE, NULL, "probe with ICMP echo requests"},
	{'T', "tcp", NW_ARG_NONE, NULL, "probe with TCP SYNs (port 80)"},
	{'p', "port", NW_ARG_REQUIRED, "PORT", "destination port (UDP: the first, classic flows count up from it)"},
	{OPT_FLOW, "flow", NW_ARG_REQUIRED, "MODE", "flow control: paris (default), classic or dublin (UDP only)"},
	{'f', "first", NW_ARG_REQUIRED, "TTL", "start at TTL (default 1)"},
	{'m', "max-hops", NW_ARG_REQUIRED, "TTL", "go up to TTL hops (default 30)"},
	{'q', "queries", NW_ARG_REQUIRED, "N", "probes per hop (default 3, at most 10)"},
	{'N', "sim-queries", NW_ARG_REQUIRED, "N", "probes in flight at once (default 16)"},
	{'w', "wait", NW_ARG_REQUIRED, "TIME", "wait TIME for each probe's answer (default 5s)"},
	NW_OPT_TIMEOUT("the same as -w"),
	{'z', "sendwait", NW_ARG_REQUIRED, "TIME", "wait TIME between probes (default 0; for routers that limit ICMP)"},
	{OPT_MTU, "mtu", NW_ARG_NONE, NULL, "find the path MTU: probes as large as the interface allows, DF set; 'pmtu N' where it falls"},
	{OPT_PATHS, "paths", NW_ARG_REQUIRED, "N", "trace N flows at once (source ports) and show every path, where they split and merge"},
	{OPT_MODE, "mode", NW_ARG_REQUIRED, "MODE", "raw (CAP_NET_RAW: raw socket and capture), socket (no privilege: UDP and ping sockets) or auto (default: raw when allowed)"},
	{OPT_DEADLINE, "deadline", NW_ARG_REQUIRED, "TIME", "stop after TIME in all"},
	{OPT_ROUNDS, "rounds", NW_ARG_REQUIRED, "N", "probe the path N times, as mtr: loss and RTT statistics per hop"},
	{OPT_REPORT, "report", NW_ARG_NONE, NULL, "the statistics once at the end, no live table (default 10 rounds)"},
	{OPT_INTERVAL, "interval", NW_ARG_REQUIRED, "TIME", "rounds: from one round's start to the next (default 1s)"},
	{'i', "interface", NW_ARG_REQUIRED, "IFACE", "capture on IFACE (default: the interface that routes to HOST)"},
	{'s', "source", NW_ARG_REQUIRED, "ADDR", "send from ADDR (default: the route's source address)"},
	NW_OPT_NUMERIC,
	NW_OPT_IPV4,
	NW_OPT_IPV6,
	NW_OPT_JSON,
	NW_OPT_HELP,
	NW_OPT_VERSION,
	NW_OPT_END,
};
/* clang-format on */

static const struct nw_tool traceroute_tool = {
    .name = "nw-traceroute",
    .synopsis = "[options] HOST [PACKETLEN]",
    .summary = "Show the path to HOST router by router: every TTL in flight at once, Paris\n"
	       "flow control by default, RTTs from the capture's timestamps.",
    .epilog = "Exit status: 0 HOST reached, 1 not reached, 2 usage error, 3 runtime error.",
    .options = traceroute_options,
};

static int64_t parse_time(const char *what, const char *s, int64_t min_ns)
{
	return nw_arg_duration(what, s, min_ns, INT64_C(3600) * NW_NS_PER_S);
}

/* -z's gap between probes as the engine's rate (0: no gap, no limit). */
static double sendwait_rate(int64_t gap_ns)
{
	return gap_ns > 0 ? 1e9 / (double)gap_ns : 0;
}

/* A keyword option: the value of the name s among names[n] (values[i] for names[i]). */
static int parse_word(const char *what, const char *s, const char *const *names, const int *values,
		      size_t n, const char *expected)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return values[i];
	nw_invalid(what, s, expected);
}

static enum nw_flow_mode parse_flow(const char *s)
{
	static const char *const names[] = {"paris", "classic", "dublin"};
	static const int values[] = {NW_FLOW_PARIS, NW_FLOW_CLASSIC, NW_FLOW_DUBLIN};

	return (enum nw_flow_mode)parse_word("flow mode", s, names, values, 3,
					     "expected paris, classic or dublin");
}

static enum nw_trace_mode parse_mode(const char *s)
{
	static const char *const names[] = {"auto", "raw", "socket"};
	static const int values[] = {NW_TRACE_MODE_AUTO, NW_TRACE_MODE_RAW, NW_TRACE_MODE_SOCKET};

	return (enum nw_trace_mode)parse_word("mode", s, names, values, 3,
					      "expected raw, socket or auto");
}

static void parse_option(struct traceroute_config *cfg, int id, const char *arg)
{
	struct nw_trace_config *t = &cfg->trace;

	/* clang-format off */
	switch (id) {
	case 'U': t->proto = NW_PROBE_UDP; break;
	case 'I': t->proto = NW_PROBE_ICMP; break;
	case 'T': t->proto = NW_PROBE_TCP; break;
	case 'p': t->dport = nw_arg_port("port", arg, 1); cfg->port_given = true; break;
	case OPT_FLOW: t->flow = parse_flow(arg); break;
	case 'f': t->first_ttl = (unsigned)nw_arg_uint("first TTL", arg, 1, 255); break;
	case 'm': t->max_ttl = (unsigned)nw_arg_uint("max hops", arg, 1, 255); break;
	case 'q': t->queries = (unsigned)nw_arg_uint("queries", arg, 1, NW_TRACE_MAX_QUERIES); cfg->queries_given = true; break;
	case 'N': t->in_flight = (unsigned)nw_arg_uint("sim-queries", arg, 1, 255 * NW_TRACE_MAX_QUERIES); break;
	case 'w':
	case 'W': t->wait_ns = parse_time("wait", arg, NW_NS_PER_MS); cfg->wait_given = true; break;
	case 'z': t->rate = sendwait_rate(parse_time("sendwait", arg, 0)); break;
	case OPT_MTU: t->mtu = true; break;
	case OPT_PATHS: cfg->paths = (unsigned)nw_arg_uint("paths", arg, 1, NW_TRACE_MAX_FLOWS); break;
	case OPT_MODE: cfg->mode = parse_mode(arg); break;
	case OPT_DEADLINE: cfg->deadline_ns = parse_time("deadline", arg, NW_NS_PER_MS); break;
	case OPT_ROUNDS: cfg->rounds = (unsigned)nw_arg_uint("rounds", arg, 1, 1000000); break;
	case OPT_REPORT: cfg->report = true; break;
	case OPT_INTERVAL: cfg->interval_ns = parse_time("interval", arg, 10 * NW_NS_PER_MS); break;
	case 'i': cfg->ifname = arg; break;
	case 's': cfg->source = arg; break;
	case 'n': cfg->numeric = true; break;
	case '4':
	case '6': nw_arg_family(&cfg->family, id); break;
	case NW_LONG_JSON: cfg->json = true; break;
	default: nw_usage_error("unhandled option"); /* a table entry without a case */
	}
	/* clang-format on */
}

/* Options that only make sense together, once all are known. */
static void check_options(const struct traceroute_config *cfg)
{
	const struct nw_trace_config *t = &cfg->trace;

	if (t->first_ttl > t->max_ttl)
		nw_usage_error("first TTL %u is beyond max hops %u", t->first_ttl, t->max_ttl);
	if (t->flow == NW_FLOW_DUBLIN && t->proto != NW_PROBE_UDP)
		nw_usage_error("--flow dublin is for UDP probes only (an echo reply or a SYN/ACK "
			       "does not show the IP ID)");
	if (cfg->port_given && t->proto == NW_PROBE_ICMP)
		nw_usage_error("-p sets a UDP or TCP port: ICMP echo probes have none");
	if (t->mtu && t->proto == NW_PROBE_TCP)
		nw_usage_error("--mtu needs UDP or ICMP probes (a SYN carries no data)");
	if (t->mtu && cfg->rounds)
		nw_usage_error("--mtu is for one trace, not --rounds or --report");
	if (cfg->paths && t->flow == NW_FLOW_CLASSIC)
		nw_usage_error(
		    "--paths needs one path per flow: --flow paris or dublin, not classic");
	if (cfg->paths && cfg->rounds)
		nw_usage_error("--paths and --rounds (--report) do not go together");
	if (cfg->paths && t->mtu)
		nw_usage_error("--mtu is for one trace, not --paths");
	if (t->flow == NW_FLOW_CLASSIC && t->proto == NW_PROBE_UDP &&
	    (uint32_t)t->dport + (uint32_t)(t->max_ttl - t->first_ttl + 1) * t->queries > 65535)
		nw_usage_error("port %u leaves no room for %u classic probes", t->dport,
			       (t->max_ttl - t->first_ttl + 1) * t->queries);
}

int main(int argc, char **argv)
{
	struct traceroute_config cfg = TRACEROUTE_DEFAULTS;
	const char *arg;
	int id, first;

	/*
	 * Raw probes and the capture need CAP_NET_RAW alone, kept as the user until opened;
	 * socket mode (without it) needs nothing.
	 */
	nw_cli_limit_privileges(NW_PRIV_NET_RAW);
	while ((id = nw_cli_next(&traceroute_tool, argc, argv, &arg, &first)) != -1)
		parse_option(&cfg, id, arg);
	if (argc - first < 1)
		nw_usage_error("missing HOST");
	if (argc - first > 2)
		nw_usage_error("too many operands: HOST and an optional PACKETLEN expected");
	cfg.target = argv[first];
	if (argc - first == 2)
		cfg.trace.packet_len =
		    (size_t)nw_arg_uint("packet length", argv[first + 1], 0, NW_TRACE_MAX_PACKET);
	if (cfg.report && !cfg.rounds)
		cfg.rounds = 10; /* mtr's count */
	if (cfg.rounds && !cfg.wait_given)
		cfg.trace.wait_ns = cfg.interval_ns;
	if (cfg.rounds && !cfg.queries_given)
		cfg.trace.queries = 1; /* as mtr: one probe per hop per round */
	check_options(&cfg);
	return traceroute_run(&cfg);
}
