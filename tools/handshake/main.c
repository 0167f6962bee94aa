/*
 * nw-handshake: follow TCP connections (RFC 9293) in a capture or on an
 * interface and draw each one as a ladder, with the rule every seq/ack
 * number follows and both sides' states.  This file only turns the command
 * line into struct handshake_config.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "cli/cli_priv.h"
#include "handshake.h"
#include "base/addr.h"
#include "base/num.h"
#include "base/timeutil.h"

enum {
	OPT_LADDER = NW_LONG_TOOL_BASE,
	OPT_ONELINE,
	OPT_SUMMARY,
	OPT_HOST,
	OPT_CONN,
	OPT_IDLE,
	OPT_MAX_CONNS,
	OPT_SEND,
	OPT_HTTP,
};

/* clang-format off */
static const struct nw_option handshake_options[] = {
	{'r', "read", NW_ARG_REQUIRED, "FILE", "read packets from a pcap or pcapng FILE ('-' for stdin)"},
	{'i', "interface", NW_ARG_REQUIRED, "IFACE", "capture live on IFACE (as tcpdump -i)"},
	{'w', "write", NW_ARG_REQUIRED, "FILE", "also write the traced packets to a pcap FILE"},
	{'p', "port", NW_ARG_REQUIRED, "PORT", "only connections with PORT at either end"},
	{OPT_HOST, "host", NW_ARG_REQUIRED, "ADDR", "only connections with ADDR at either end"},
	{OPT_CONN, "conn", NW_ARG_REQUIRED, "N", "only connection N (numbered in input order, whatever -p, --host, --conn)"},
	NW_OPT_COUNT("stop after COUNT traced packets"),
	{'S', "absolute", NW_ARG_NONE, NULL, "print absolute sequence and acknowledgment numbers"},
	{OPT_LADDER, "ladder", NW_ARG_NONE, NULL, "draw the ladder (the default on a terminal)"},
	{OPT_ONELINE, "oneline", NW_ARG_NONE, NULL, "one line per packet (the default otherwise)"},
	{OPT_SUMMARY, "summary", NW_ARG_NONE, NULL, "one line per connection"},
	{OPT_IDLE, "idle-timeout", NW_ARG_REQUIRED, "TIME", "forget a connection idle this long (default 300s)"},
	{OPT_MAX_CONNS, "max-conns", NW_ARG_REQUIRED, "N", "follow at most N connections at once (default 100000)"},
	{OPT_SEND, "send", NW_ARG_REQUIRED, "STRING", "connect: send STRING (escapes \\r \\n \\t \\\\)"},
	{OPT_HTTP, "http", NW_ARG_REQUIRED, "PATH", "connect: send an HTTP/1.1 GET for PATH"},
	NW_OPT_TIMEOUT("connect: bound on each wait (connect, answer, close; default 5s)"),
	NW_OPT_IPV4,
	NW_OPT_IPV6,
	NW_OPT_JSON,
	NW_OPT_HELP,
	NW_OPT_VERSION,
	NW_OPT_END,
};
/* clang-format on */

static const struct nw_tool handshake_tool = {
    .name = "nw-handshake",
    .synopsis =
	"[options] -r FILE | -i IFACE [EXPRESSION]\n"
	"       nw-handshake [options] connect HOST PORT|HOST:PORT [--send STRING | --http PATH]",
    .summary = "Follow TCP connections and draw each as a ladder: flags, seq, ack, the rule\n"
	       "each number follows, and both sides' TCP states.  EXPRESSION is a capture\n"
	       "filter (pcap-filter(7); default: tcp).  connect opens a connection to HOST\n"
	       "PORT (a number or a service name, as https) with the system's TCP stack\n"
	       "while capturing it, sends the request, reads the answer, closes, and traces\n"
	       "it through the client's TIME_WAIT.",
    .epilog = "Exit status: 0 TCP packets traced (connect: connected), 1 none (connect: refused\n"
	      "or no answer), 2 usage error, 3 runtime error, 130 connect interrupted (Ctrl-C).",
    .options = handshake_options,
};

static void set_format(struct handshake_config *cfg, enum handshake_format f)
{
	if (cfg->format != HS_AUTO && cfg->format != f)
		nw_usage_error("--ladder, --oneline, --summary and --json exclude one another");
	cfg->format = f;
}

/* --send STRING with \r \n \t \\ decoded. */
static void set_send(struct handshake_config *cfg, const char *arg)
{
	size_t n = strlen(arg), k = 0;
	char *out = malloc(n + 1);

	if (!out)
		nw_fatal("out of memory");
	for (size_t i = 0; i < n; i++) {
		if (arg[i] != '\\' || i + 1 == n) {
			out[k++] = arg[i];
			continue;
		}
		switch (arg[++i]) {
		case 'r':
			out[k++] = '\r';
			break;
		case 'n':
			out[k++] = '\n';
			break;
		case 't':
			out[k++] = '\t';
			break;
		case '\\':
			out[k++] = '\\';
			break;
		default:
			nw_invalid("--send escape", arg, "only \\r \\n \\t and \\\\ are known");
		}
	}
	out[k] = '\0';
	cfg->send = out;
	cfg->send_len = k;
}

static void parse_option(struct handshake_config *cfg, int id, const char *arg)
{
	const char *why;

	/* clang-format off */
	switch (id) {
	case 'r': cfg->read_file = arg; break;
	case 'i': cfg->ifname = arg; break;
	case 'w': cfg->write_file = arg; break;
	case 'p': cfg->port = nw_arg_port("port", arg, 1); cfg->has_port = true; break;
	case OPT_HOST:
		if (nw_addr_parse(arg, AF_UNSPEC, &cfg->host, &why) != 0)
			nw_invalid("host", arg, why);
		cfg->has_host = true;
		break;
	case OPT_CONN: cfg->conn = nw_arg_uint("connection number", arg, 1, UINT64_MAX); break;
	case 'c': cfg->count = nw_arg_uint("count", arg, 1, UINT64_MAX); break;
	case 'S': cfg->absolute = true; break;
	case OPT_LADDER: set_format(cfg, HS_LADDER); break;
	case OPT_ONELINE: set_format(cfg, HS_ONELINE); break;
	case OPT_SUMMARY: set_format(cfg, HS_SUMMARY); break;
	case NW_LONG_JSON: set_format(cfg, HS_JSON); break;
	case OPT_IDLE:
		cfg->idle_ns = nw_arg_duration("idle timeout", arg, NW_NS_PER_MS,
					       INT64_C(86400) * 365 * NW_NS_PER_S);
		break;
	case OPT_MAX_CONNS: cfg->max_conns = nw_arg_uint("max-conns", arg, 1, 100000000); break;
	case OPT_SEND: set_send(cfg, arg); break;
	case OPT_HTTP:
		if (arg[0] != '/' || strpbrk(arg, " \r\n"))
			nw_invalid("HTTP path", arg, "must start with / and hold no spaces or line breaks");
		cfg->http_path = arg;
		break;
	case 'W':
		cfg->timeout_ns = nw_arg_duration("timeout", arg, NW_NS_PER_MS, INT64_C(3600) * NW_NS_PER_S);
		break;
	case '4':
	case '6': nw_arg_family(&cfg->family, id); break;
	default: nw_usage_error("unhandled option"); /* a table entry without a case */
	}
	/* clang-format on */
}

/* connect HOST PORT, HOST:PORT or [ADDR]:PORT: the operands of the active mode. */
static void set_connect(struct handshake_config *cfg, int argc, char **argv, int first)
{
	static char host[256];
	const char *port = NULL, *why;
	if (argc - first == 2) {
		if (nw_hostport_split(argv[first + 1], host, sizeof(host), &port, &why) != 0)
			nw_invalid("HOST:PORT", argv[first + 1], why);
		cfg->connect_host = host;
	} else if (argc - first == 3) {
		cfg->connect_host = argv[first + 1];
		port = argv[first + 2];
	} else {
		nw_usage_error("connect takes HOST PORT, HOST:PORT or [ADDR]:PORT");
	}
	if (cfg->read_file || cfg->ifname)
		nw_usage_error("connect excludes -r and -i");
	cfg->connect_port = nw_arg_port("port", port, 1);
}

/* The operands, joined with spaces, are the capture filter (as tcpdump's). */
static const char *join_operands(int argc, char **argv, int first)
{
	size_t n = 1;
	char *s;

	if (first >= argc)
		return NULL;
	for (int i = first; i < argc; i++)
		n += strlen(argv[i]) + 1;
	s = malloc(n);
	if (!s)
		nw_fatal("out of memory");
	s[0] = '\0';
	for (int i = first; i < argc; i++) {
		if (i > first)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

int main(int argc, char **argv)
{
	struct handshake_config cfg = HANDSHAKE_DEFAULTS;
	const char *arg;
	int id, first;

	/* -i and connect capture: only CAP_NET_RAW is kept, as the user. */
	nw_cli_limit_privileges(NW_PRIV_NET_RAW);
	while ((id = nw_cli_next(&handshake_tool, argc, argv, &arg, &first)) != -1)
		parse_option(&cfg, id, arg);
	if (cfg.send && cfg.http_path)
		nw_usage_error("--send and --http exclude one another");
	if (first < argc && strcmp(argv[first], "connect") == 0) {
		set_connect(&cfg, argc, argv, first);
		int rc = handshake_run(&cfg);
		free((char *)cfg.send);
		return rc;
	}
	if (cfg.send || cfg.http_path)
		nw_usage_error("--send and --http go with connect HOST PORT");
	if (!cfg.read_file && !cfg.ifname)
		nw_usage_error("nothing to do: give -r FILE, -i IFACE or connect HOST PORT");
	if (cfg.read_file && cfg.ifname)
		nw_usage_error("-r and -i exclude one another");
	if (cfg.read_file)
		nw_cli_limit_privileges(NW_PRIV_NONE); /* reading a file needs no privilege */
	cfg.bpf = join_operands(argc, argv, first);
	int rc = handshake_run(&cfg);
	free((char *)cfg.bpf);
	return rc;
}
