/*
 * nw-watch: the TCP (or UDP) sockets of this machine and their states, as
 * ss -tanp lists them, from the kernel's sock_diag, with the timers
 * (TIME_WAIT's time left included) and the processes that hold them.  This
 * file only turns the command line into struct watch_config.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "base/timeutil.h"
#include "cli/cli_priv.h"
#include "tcp/tcpkstate.h"
#include "watch.h"
#include "watch_netns.h"

enum {
	OPT_HOST = NW_LONG_TOOL_BASE,
	OPT_STATE,
	OPT_POLL,
	OPT_SUMMARY,
	OPT_NETNS,
};

/* clang-format off */
static const struct nw_option watch_options[] = {
	{'p', "port", NW_ARG_REQUIRED, "PORT", "only sockets with PORT at either end"},
	{OPT_HOST, "host", NW_ARG_REQUIRED, "ADDR", "only sockets with address ADDR at either end"},
	{OPT_STATE, "state", NW_ARG_REQUIRED, "STATE[,STATE]", "only sockets in these states (ESTABLISHED, TIME-WAIT, ...; UNCONN for UDP)"},
	{'l', "listening", NW_ARG_NONE, NULL, "only listening sockets (UDP: unconnected ones)"},
	{'u', "udp", NW_ARG_NONE, NULL, "UDP sockets instead of TCP"},
	{OPT_NETNS, "netns", NW_ARG_REQUIRED, "NAME", "the sockets of network namespace NAME (/run/netns/NAME, as ip netns names it)"},
	NW_OPT_NUMERIC,
	NW_OPT_IPV4,
	NW_OPT_IPV6,
	{'q', "quiet", NW_ARG_NONE, NULL, "print only the counts per state (-f: only the first and last lines)"},
	{'f', "follow", NW_ARG_NONE, NULL, "print each state change as it happens (polling sock_diag)"},
	{OPT_POLL, "poll", NW_ARG_REQUIRED, "TIME", "with -f: time between two snapshots (default 100ms)"},
	{OPT_SUMMARY, "summary", NW_ARG_NONE, NULL, "with -f: at exit, the connections, the transitions per kind and the durations (connect, lifetime, TIME_WAIT)"},
	NW_OPT_COUNT("with -f: stop after COUNT changes"),
	NW_OPT_DEADLINE("with -f: stop after TIME"),
	NW_OPT_JSON,
	NW_OPT_HELP,
	NW_OPT_VERSION,
	NW_OPT_END,
};
/* clang-format on */

static const struct nw_tool watch_tool = {
    .name = "nw-watch",
    .synopsis =
	"[options]\n       nw-watch -f [-p PORT] [--host ADDR] [-4|-6] [--poll TIME] [--summary] "
	"[-c COUNT] [-w TIME]",
    .summary = "List this network namespace's TCP sockets (UDP with -u) as ss -tanp does: state,\n"
	       "queues, addresses, the timer (TIME_WAIT's time left) and the owning processes,\n"
	       "then the counts per state.  -f prints every state change as it happens, from\n"
	       "snapshots every --poll TIME (changes between two can be missed: the states a\n"
	       "path through RFC 9293's diagram needs are printed as inferred, and counted).\n"
	       "Addresses are always numeric.  Linux only.",
    .epilog = "Exit status: 0 listed (even none; -f: ran, and ended as -c, -w or Ctrl-C asked),\n"
	      "2 usage error, 3 runtime error.",
    .options = watch_options,
};

/* "ESTABLISHED,time-wait": each name to its bit in cfg->states. */
static void parse_states(struct watch_config *cfg, const char *arg)
{
	char buf[256], *save = NULL;
	enum nw_tcps st;

	if (strlen(arg) >= sizeof buf)
		nw_invalid("state list", arg, "too long");
	strcpy(buf, arg);
	for (char *name = strtok_r(buf, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		if (strcasecmp(name, "unconn") == 0)
			st = NW_TCPS_CLOSED; /* ss's name of an unconnected UDP socket */
		else if (nw_tcps_parse(name, &st) != 0)
			nw_invalid("state", name,
				   "not a TCP state (LISTEN, SYN-SENT, SYN-RECV, "
				   "ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSING, "
				   "TIME-WAIT, CLOSE-WAIT, LAST-ACK, CLOSED, UNCONN)");
		cfg->states |= UINT32_C(1) << st;
	}
	if (!cfg->states)
		nw_invalid("state list", arg, "no state named");
}

static void parse_option(struct watch_config *cfg, int id, const char *arg)
{
	const char *why;

	/* clang-format off */
	switch (id) {
	case 'p': cfg->port = nw_arg_port("port", arg, 1); cfg->has_port = true; break;
	case OPT_HOST:
		if (nw_addr_parse(arg, AF_UNSPEC, &cfg->host, &why) != 0)
			nw_invalid("host", arg, why);
		cfg->has_host = true;
		break;
	case OPT_STATE: parse_states(cfg, arg); break;
	case 'l': cfg->listening = true; break;
	case 'u': cfg->udp = true; break;
	case 'n': break; /* numeric is the only way */
	case '4':
	case '6': nw_arg_family(&cfg->family, id); break;
	case 'q': cfg->quiet = true; break;
	case 'f': cfg->follow = true; break;
	case OPT_POLL:
		cfg->poll_ns = nw_arg_duration("poll interval", arg, NW_NS_PER_MS, 3600 * NW_NS_PER_S);
		cfg->poll_set = true;
		break;
	case OPT_NETNS:
		if (!*arg || strchr(arg, '/') || strcmp(arg, ".") == 0 || strcmp(arg, "..") == 0)
			nw_invalid("namespace", arg, "not a name in /run/netns");
		cfg->netns = arg;
		break;
	case OPT_SUMMARY: cfg->summary = true; break;
	case 'c': cfg->count = nw_arg_uint("count", arg, 1, UINT64_MAX); break;
	case 'w':
		cfg->deadline_ns = nw_arg_duration("deadline", arg, NW_NS_PER_MS,
						   INT64_C(86400) * 365 * NW_NS_PER_S);
		break;
	case NW_LONG_JSON: cfg->json = true; break;
	default: nw_usage_error("unhandled option"); /* a table entry without a case */
	}
	/* clang-format on */
}

/* Into --netns's namespace, then CAP_SYS_ADMIN gone from every set (there or not). */
static void enter_netns(const struct watch_config *cfg)
{
	char err[256];

	if (cfg->netns && watch_enter_netns(cfg->netns, err, sizeof err) != 0)
		nw_fatal("%s", err);
	if (nw_caps_limit(NW_PRIV_PROC_FDS, err, sizeof err) != 0)
		nw_fatal("%s", err);
}

int main(int argc, char **argv)
{
	struct watch_config cfg = WATCH_DEFAULTS;
	const char *arg;
	int id, first;

	/* The owners of other users' sockets: /proc/PID/fd needs these two, raised only there;
	 * CAP_SYS_ADMIN only until --netns is joined. */
	nw_cli_limit_privileges(NW_PRIV_PROC_FDS | NW_PRIV_SYS_ADMIN);
	while ((id = nw_cli_next(&watch_tool, argc, argv, &arg, &first)) != -1)
		parse_option(&cfg, id, arg);
	if (first < argc)
		nw_usage_error("unexpected operand '%s'", argv[first]);
	if (!cfg.follow && (cfg.count || cfg.deadline_ns || cfg.poll_set || cfg.summary))
		nw_usage_error("-c, -w, --poll and --summary go with -f");
	if (cfg.follow && (cfg.udp || cfg.listening || cfg.states))
		nw_usage_error(
		    "-f follows every TCP state: it takes -p, --host, -4/-6, not -u, -l or "
		    "--state");
	if (cfg.listening && cfg.states)
		nw_usage_error("-l and --state exclude one another");
	if (cfg.has_host && cfg.family != AF_UNSPEC && cfg.host.family != cfg.family)
		nw_usage_error("--host %s is not of the family -%c asks for",
			       cfg.host.family == AF_INET ? "(IPv4)" : "(IPv6)",
			       cfg.family == AF_INET ? '4' : '6');
	enter_netns(&cfg);
	return watch_run(&cfg);
}
