/*
 * nw-arping: ask who has an IP address on the local link (ARP, RFC 826, or
 * IPv6 neighbor discovery, RFC 4861), and time the answer on the wire.
 * This file only turns the command line into struct arping_config.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "arping.h"
#include "cli/cli.h"
#include "cli/cli_priv.h"
#include "base/num.h"
#include "base/timeutil.h"

enum {
	OPT_SCAN = NW_LONG_TOOL_BASE,
	OPT_RATE,
	OPT_RETRIES,
};

/* clang-format off */
static const struct nw_option arping_options[] = {
	NW_OPT_COUNT("stop after sending COUNT requests (default: until -w or interrupted)"),
	NW_OPT_INTERVAL("wait TIME between requests (default 1s; units ns us ms s m h)"),
	NW_OPT_DEADLINE("stop after TIME in all, whatever was sent or received"),
	NW_OPT_TIMEOUT("wait TIME for the reply to a request (default 1s; 250ms per address with --scan)"),
	NW_OPT_IFACE("send on IFACE (default: the interface that routes to TARGET)"),
	{'s', "source-mac", NW_ARG_REQUIRED, "MAC", "sender MAC address (default: the interface's)"},
	{'S', "source-ip", NW_ARG_REQUIRED, "ADDR", "sender IP address (default: the interface's)"},
	{'t', "target-mac", NW_ARG_REQUIRED, "MAC", "send requests to MAC instead of broadcast"},
	{'b', "broadcast", NW_ARG_NONE, NULL, "keep broadcasting (do not switch to unicast after a reply)"},
	{'D', "dad", NW_ARG_NONE, NULL, "duplicate address detection (RFC 5227 probe; IPv6: DAD)"},
	{'U', "unsolicited", NW_ARG_NONE, NULL, "announce TARGET as ours (RFC 5227 gratuitous ARP)"},
	{'A', "reply-announce", NW_ARG_NONE, NULL, "announce TARGET as ours with unsolicited replies"},
	{OPT_SCAN, "scan", NW_ARG_REQUIRED, "CIDR", "sweep every address of CIDR, one line per host that answers"},
	{OPT_RATE, "rate", NW_ARG_REQUIRED, "PPS", "with --scan: send at most PPS probes per second (default 1000)"},
	{OPT_RETRIES, "retries", NW_ARG_REQUIRED, "N", "with --scan: probe silent addresses N more times (default 2)"},
	NW_OPT_IPV4,
	NW_OPT_IPV6,
	NW_OPT_QUIET,
	NW_OPT_JSON,
	NW_OPT_HELP,
	NW_OPT_VERSION,
	NW_OPT_END,
};
/* clang-format on */

static const struct nw_tool arping_tool = {
    .name = "nw-arping",
    .synopsis = "[options] TARGET | --scan CIDR",
    .summary =
	"Ask who has an IP address on the local link and time the answer on the wire.\n"
	"TARGET is an IPv4 or IPv6 address, a host name, or 'gateway' (the default gateway).",
    .epilog = "Exit status: 0 answered (-D: address free; -U/-A: sent), 1 no answer\n"
	      "(-D: address in use), 2 usage error, 3 runtime error (also: a target not on\n"
	      "the local link, an interface without ARP), 4 --scan cut short.",
    .options = arping_options,
};

/* Times up to a day; a bare number is in seconds. */
static int64_t parse_time(const char *what, const char *s, int64_t min_ns)
{
	return nw_arg_duration(what, s, min_ns, INT64_C(86400) * NW_NS_PER_S);
}

static void set_mode(struct arping_config *cfg, enum arping_mode mode)
{
	if (cfg->mode != ARPING_REQUEST && cfg->mode != mode)
		nw_usage_error("-D, -U, -A and --scan exclude one another");
	cfg->mode = mode;
}

static void parse_option(struct arping_config *cfg, int id, const char *arg, const char **scan_arg,
			 const char **src_ip_arg)
{
	/* clang-format off */
	switch (id) {
	case 'c': cfg->count = nw_arg_uint("count", arg, 1, UINT32_MAX); break;
	case 'i': cfg->interval_ns = parse_time("interval", arg, 0); break;
	case 'w': cfg->deadline_ns = parse_time("deadline", arg, 1); break;
	case 'W': cfg->timeout_ns = parse_time("timeout", arg, 0); break;
	case 'I': cfg->ifname = arg; break;
	case 's': nw_arg_mac("source MAC", arg, cfg->src_mac); cfg->has_src_mac = true; break;
	case 'S': *src_ip_arg = arg; break;
	case 't': nw_arg_mac("target MAC", arg, cfg->dst_mac); cfg->has_dst_mac = true; break;
	case 'b': cfg->broadcast_only = true; break;
	case 'D': set_mode(cfg, ARPING_DAD); break;
	case 'U': set_mode(cfg, ARPING_ANNOUNCE); break;
	case 'A': set_mode(cfg, ARPING_REPLY_ANNOUNCE); break;
	case OPT_SCAN: set_mode(cfg, ARPING_SCAN); *scan_arg = arg; break;
	case OPT_RATE: cfg->scan_rate = nw_arg_uint("rate", arg, 1, 10000000); break;
	case OPT_RETRIES: cfg->scan_retries = nw_arg_uint("retries", arg, 0, 100); break;
	case '4':
	case '6': nw_arg_family(&cfg->family, id); break;
	case 'q': cfg->quiet = true; break;
	case NW_LONG_JSON: cfg->json = true; break;
	default: nw_usage_error("unhandled option"); /* a table entry without a case */
	}
	/* clang-format on */
}

/* Addresses depend on -4/-6, so they are parsed once all options are known. */
static void parse_addresses(struct arping_config *cfg, const char *scan_arg, const char *src_ip_arg)
{
	const char *why;
	if (scan_arg) {
		if (nw_cidr_parse(scan_arg, true, &cfg->scan_net, &cfg->scan_prefix, &why) != 0)
			nw_invalid("CIDR", scan_arg, why);
		if (cfg->family && cfg->family != cfg->scan_net.family)
			nw_usage_error("--scan %s does not match -%c", scan_arg,
				       cfg->family == AF_INET ? '4' : '6');
		if (cfg->scan_net.family == AF_INET6)
			nw_usage_error(
			    "--scan takes an IPv4 block (IPv6 blocks are too large to sweep)");
		if (cfg->scan_prefix < 16)
			nw_invalid("CIDR", scan_arg, "block larger than /16; sweep smaller blocks");
		cfg->family = AF_INET;
	}
	if (src_ip_arg) {
		if (nw_addr_parse(src_ip_arg, cfg->family ? cfg->family : AF_UNSPEC, &cfg->src_ip,
				  &why) != 0)
			nw_invalid("source IP", src_ip_arg, why);
		cfg->has_src_ip = true;
	}
}

int main(int argc, char **argv)
{
	struct arping_config cfg = ARPING_DEFAULTS;
	const char *arg, *scan_arg = NULL, *src_ip_arg = NULL;
	int id, first;

	/* Every mode sends and captures frames: only CAP_NET_RAW is kept, as the user. */
	nw_cli_limit_privileges(NW_PRIV_NET_RAW);
	while ((id = nw_cli_next(&arping_tool, argc, argv, &arg, &first)) != -1)
		parse_option(&cfg, id, arg, &scan_arg, &src_ip_arg);

	int operands = argc - first;
	if (cfg.mode == ARPING_SCAN) {
		if (operands != 0)
			nw_usage_error("--scan takes no TARGET operand");
	} else if (operands != 1) {
		nw_usage_error(operands ? "too many operands: one TARGET expected"
					: "missing TARGET (an address, a host name or 'gateway')");
	} else {
		cfg.target = argv[first];
	}
	if (cfg.json && cfg.quiet)
		nw_usage_error("--json and -q do not go together: -q prints only the summary");
	parse_addresses(&cfg, scan_arg, src_ip_arg);
	return arping_run(&cfg);
}
