/*
 * nw-resolve: ask a DNS server for records, as the stub resolver of the OS
 * does (RFC 1035), and show what came back.  This file only turns the
 * command line into struct resolve_config.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "cli/cli_priv.h"
#include "base/num.h"
#include "resolve.h"
#include "resolve_query.h"
#include "base/timeutil.h"

enum {
	OPT_CLASS = NW_LONG_TOOL_BASE,
	OPT_TRIES,
	OPT_TCP,
	OPT_IGNORE_TC,
	OPT_SEARCH,
	OPT_RESOLV_CONF,
	OPT_SHORT,
	OPT_NORECURSE,
	OPT_DNSSEC,
	OPT_CD,
	OPT_AD,
	OPT_NOEDNS,
	OPT_BUFSIZE,
	OPT_NSID,
	OPT_COOKIE,
	OPT_SUBNET,
	OPT_PADDING,
	OPT_WIRE,
	OPT_UNORDERED,
	OPT_INFLIGHT,
	OPT_TRACE,
	OPT_ROOT_HINTS,
	OPT_ALL_SERVERS,
};

/* clang-format off */
static const struct nw_option resolve_options[] = {
	{'p', "port", NW_ARG_REQUIRED, "PORT", "send queries to PORT (default 53)"},
	{'t', "type", NW_ARG_REQUIRED, "TYPE", "record type for names given without one (default A)"},
	{OPT_CLASS, "class", NW_ARG_REQUIRED, "CLASS", "record class for names given without one (default IN)"},
	{'x', "reverse", NW_ARG_REQUIRED, "ADDR", "reverse lookup: the PTR record of ADDR (IPv4 or IPv6)"},
	NW_OPT_TIMEOUT("wait TIME for the first answer, doubled at each round (default: resolv.conf, 5s)"),
	{OPT_TRIES, "tries", NW_ARG_REQUIRED, "N", "rounds over the servers (default: resolv.conf attempts, 2)"},
	{OPT_TCP, "tcp", NW_ARG_NONE, NULL, "query over TCP only"},
	{OPT_IGNORE_TC, "ignore-tc", NW_ARG_NONE, NULL, "keep a truncated UDP answer (no retry over TCP)"},
	{OPT_SEARCH, "search", NW_ARG_NONE, NULL, "apply the resolv.conf search list and ndots to relative names"},
	{OPT_RESOLV_CONF, "resolv-conf", NW_ARG_REQUIRED, "FILE", "read servers and settings from FILE (default /etc/resolv.conf)"},
	{OPT_SHORT, "short", NW_ARG_NONE, NULL, "print only the answers' data, one per line, as dig +short"},
	{'f', "file", NW_ARG_REQUIRED, "FILE", "resolve every name of FILE ('-': stdin), one line per name"},
	{OPT_UNORDERED, "unordered", NW_ARG_NONE, NULL, "with -f: print each name as its answer comes, not in input order"},
	{OPT_INFLIGHT, "inflight", NW_ARG_REQUIRED, "N", "with -f: at most N queries in flight (default 100)"},
	{OPT_TRACE, "trace", NW_ARG_NONE, NULL, "resolve iteratively from the root, printing every step"},
	{OPT_ALL_SERVERS, "all-servers", NW_ARG_NONE, NULL, "with --trace: ask every server of each zone at once; flag lame ones and disagreements"},
	{OPT_ROOT_HINTS, "root-hints", NW_ARG_REQUIRED, "FILE", "with --trace: the root servers of FILE (named.root format) instead of IANA's"},
	{OPT_WIRE, "wire", NW_ARG_NONE, NULL, "also print the query and the answer as annotated hex, field by field"},
	{OPT_NORECURSE, "norecurse", NW_ARG_NONE, NULL, "clear the RD bit (ask for no recursion)"},
	{OPT_DNSSEC, "dnssec", NW_ARG_NONE, NULL, "set the DO bit: ask for DNSSEC records"},
	{OPT_CD, "cd", NW_ARG_NONE, NULL, "set the CD bit (checking disabled)"},
	{OPT_AD, "ad", NW_ARG_NONE, NULL, "set the AD bit (ask whether the data was validated)"},
	{OPT_NOEDNS, "noedns", NW_ARG_NONE, NULL, "send no OPT record (plain RFC 1035 query)"},
	{OPT_BUFSIZE, "bufsize", NW_ARG_REQUIRED, "OCTETS", "EDNS UDP payload size (default 1232)"},
	{OPT_NSID, "nsid", NW_ARG_NONE, NULL, "ask for the server's identifier (EDNS NSID)"},
	{OPT_COOKIE, "cookie", NW_ARG_NONE, NULL, "send a random client cookie (EDNS COOKIE)"},
	{OPT_SUBNET, "subnet", NW_ARG_REQUIRED, "CIDR", "send EDNS client subnet CIDR"},
	{OPT_PADDING, "padding", NW_ARG_REQUIRED, "OCTETS", "add an EDNS padding option of OCTETS zeros"},
	NW_OPT_IPV4,
	NW_OPT_IPV6,
	NW_OPT_QUIET,
	NW_OPT_JSON,
	NW_OPT_HELP,
	NW_OPT_VERSION,
	NW_OPT_END,
};
/* clang-format on */

static const struct nw_tool resolve_tool = {
    .name = "nw-resolve",
    .synopsis = "[options] [@SERVER ...] NAME [TYPE] [CLASS] [NAME [TYPE] ...] | -f FILE",
    .summary = "Ask a DNS server for records and show the answer (a stub resolver, like dig).\n"
	       "Several NAME [TYPE] groups make several queries; IDN names are sent in their xn-- "
	       "(punycode) form.",
    .epilog = "Exit status: 0 answer, 1 no server answered, 2 usage error, 3 runtime error,\n"
	      "4 NXDOMAIN, 5 no data (NOERROR, no answer), 6 SERVFAIL/REFUSED/other rcode,\n"
	      "7 malformed answer.  Several queries: the status of the first that failed.",
    .options = resolve_options,
};

struct parse_state {
	int default_type, default_class;
	bool typed[RESOLVE_MAX_QUERIES], classed[RESOLVE_MAX_QUERIES];
	int format; /* the output format an option chose; -1: none yet */
};

/* An operand that names a type: a mnemonic or TYPEnnn, never a bare number (a name). */
static int operand_type(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' ? -1 : nw_dns_type_parse(s);
}

static int operand_class(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' ? -1 : nw_dns_class_parse(s);
}

static struct resolve_question *new_question(struct resolve_config *cfg, const char *name)
{
	if (cfg->nq >= RESOLVE_MAX_QUERIES)
		nw_usage_error("too many queries (at most %d)", RESOLVE_MAX_QUERIES);
	struct resolve_question *q = &cfg->q[cfg->nq++];
	resolve_name_arg(name, q->name);
	q->typed[0] = '\0';
	if (strcmp(name, q->name) != 0)
		snprintf(q->typed, sizeof q->typed, "%s", name);
	q->qtype = 0;
	q->qclass = 0;
	return q;
}

/* "198.51.100.7" -> 7.100.51.198.in-addr.arpa; IPv6 -> nibbles under ip6.arpa. */
static void reverse(struct resolve_config *cfg, struct parse_state *st, const char *arg)
{
	struct nw_addr a;
	const char *why;
	char name[80] = "";
	size_t n = 0;

	if (nw_addr_parse(arg, AF_UNSPEC, &a, &why) != 0)
		nw_invalid("address", arg, why);
	if (a.family == AF_INET) {
		const uint8_t *b = (const uint8_t *)&a.u.v4;
		snprintf(name, sizeof name, "%u.%u.%u.%u.in-addr.arpa.", b[3], b[2], b[1], b[0]);
	} else {
		for (int i = 15; i >= 0; i--) {
			n += (size_t)snprintf(name + n, sizeof name - n, "%x.%x.",
					      a.u.v6.s6_addr[i] & 15, a.u.v6.s6_addr[i] >> 4);
		}
		snprintf(name + n, sizeof name - n, "ip6.arpa.");
	}
	struct resolve_question *q = new_question(cfg, name);
	q->qtype = NW_DNS_T_PTR;
	st->typed[cfg->nq - 1] = true;
}

static void subnet(struct resolve_config *cfg, const char *arg)
{
	struct nw_addr net;
	int prefix;
	const char *why;
	if (nw_cidr_parse(arg, true, &net, &prefix, &why) != 0)
		nw_invalid("subnet", arg, why);
	cfg->edns.ecs = true;
	cfg->edns.ecs_family = net.family;
	cfg->edns.ecs_prefix = (uint8_t)prefix;
	memcpy(cfg->edns.ecs_addr, &net.u, net.family == AF_INET ? 4 : 16);
}

/* --short, --json and -q each choose the output: two of them is a usage error, not the last wins.
 */
static void set_format(struct resolve_config *cfg, struct parse_state *st, int format)
{
	if (st->format >= 0 && st->format != format)
		nw_usage_error("--short, --json and -q exclude one another");
	st->format = format;
	cfg->format = format;
}

static void parse_option(struct resolve_config *cfg, struct parse_state *st, int id,
			 const char *arg)
{
	switch (id) {
	case 'p':
		cfg->port = nw_arg_port("port", arg, 1);
		break;
	case 't':
		if ((st->default_type = nw_dns_type_parse(arg)) < 0)
			nw_invalid("type", arg, "not a type name, TYPEnnn or a number 0..65535");
		break;
	case OPT_CLASS:
		if ((st->default_class = nw_dns_class_parse(arg)) < 0)
			nw_invalid("class", arg, "not a class name, CLASSnnn or a number 0..65535");
		break;
	case 'x':
		reverse(cfg, st, arg);
		break;
	case 'W':
		cfg->timeout_ns = nw_arg_duration("timeout", arg, NW_NS_PER_MS, 300 * NW_NS_PER_S);
		break;
	case OPT_TRIES:
		cfg->tries = (int)nw_arg_uint("tries", arg, 1, RESOLVE_MAX_TRIES);
		break;
	case OPT_TCP:
		cfg->tcp = true;
		break;
	case OPT_IGNORE_TC:
		cfg->ignore_tc = true;
		break;
	case OPT_SEARCH:
		cfg->search = true;
		break;
	case OPT_RESOLV_CONF:
		cfg->resolv_conf = arg;
		break;
	case OPT_SHORT:
		set_format(cfg, st, RESOLVE_SHORT);
		break;
	case OPT_WIRE:
		cfg->wire = true;
		break;
	case 'f':
		cfg->bulk_file = arg;
		break;
	case OPT_TRACE:
		cfg->trace = true;
		break;
	case OPT_ALL_SERVERS:
		cfg->all_servers = true;
		break;
	case OPT_ROOT_HINTS:
		cfg->root_hints = arg;
		break;
	case OPT_UNORDERED:
		cfg->unordered = true;
		break;
	case OPT_INFLIGHT:
		cfg->inflight = (int)nw_arg_uint("in-flight window", arg, 1, 4096);
		break;
	case OPT_NORECURSE:
		cfg->flags &= (uint16_t)~NW_DNS_F_RD;
		break;
	case OPT_DNSSEC:
		cfg->edns.do_bit = true;
		break;
	case OPT_CD:
		cfg->flags |= NW_DNS_F_CD;
		break;
	case OPT_AD:
		cfg->flags |= NW_DNS_F_AD;
		break;
	case OPT_NOEDNS:
		cfg->edns.enabled = false;
		break;
	case OPT_BUFSIZE:
		cfg->edns.udp_size = (uint16_t)nw_arg_uint("buffer size", arg, 512, 65535);
		break;
	case OPT_NSID:
		cfg->edns.nsid = true;
		break;
	case OPT_COOKIE:
		cfg->edns.has_cookie = true;
		break;
	case OPT_SUBNET:
		subnet(cfg, arg);
		break;
	case OPT_PADDING:
		cfg->edns.padding = (uint16_t)nw_arg_uint("padding", arg, 1, RESOLVE_MAX_PADDING);
		break;
	case '4':
	case '6':
		nw_arg_family(&cfg->family, id);
		break;
	case 'q':
		set_format(cfg, st, RESOLVE_QUIET);
		break;
	case NW_LONG_JSON:
		set_format(cfg, st, RESOLVE_JSON);
		break;
	default:
		nw_usage_error("unhandled option"); /* a table entry without a case */
	}
}

/* dig's +word spellings users type out of habit, as aliases of our options. */
struct dig_word {
	const char *word; /* with "=" at the end when it takes a value */
	int id;
};

/* clang-format off */
static const struct dig_word dig_words[] = {
	{"short", OPT_SHORT},
	{"trace", OPT_TRACE},
	{"tcp", OPT_TCP},
	{"vc", OPT_TCP},
	{"dnssec", OPT_DNSSEC},
	{"norecurse", OPT_NORECURSE},
	{"norec", OPT_NORECURSE},
	{"time=", 'W'},
	{"tries=", OPT_TRIES},
};
/* clang-format on */

/* +WORD or +WORD=VALUE: the option it stands for; anything else is a usage error naming it. */
static void parse_dig_word(struct resolve_config *cfg, struct parse_state *st, const char *s)
{
	const char *word = s + 1;

	for (size_t i = 0; i < sizeof dig_words / sizeof dig_words[0]; i++) {
		const char *w = dig_words[i].word;
		size_t n = strlen(w);
		bool valued = w[n - 1] == '=';

		if (valued ? strncmp(word, w, n) == 0 : strcmp(word, w) == 0) {
			parse_option(cfg, st, dig_words[i].id, valued ? word + n : NULL);
			return;
		}
	}
	nw_usage_error("unknown dig option '%s' (known: +short +trace +tcp +dnssec +norecurse "
		       "+time=N +tries=N)",
		       s);
}

/* @SERVER, a TYPE or CLASS for the last name (or the next one), or a new NAME. */
static void parse_operand(struct resolve_config *cfg, struct parse_state *st, const char *s,
			  int *pending_type, int *pending_class)
{
	int v, last = cfg->nq - 1;

	if (s[0] == '+') {
		parse_dig_word(cfg, st, s);
	} else if (s[0] == '@') {
		if (cfg->nserver_args == RESOLVE_MAX_SERVERS)
			nw_usage_error("more than %d @SERVER operands", RESOLVE_MAX_SERVERS);
		if (!s[1])
			nw_invalid("server", s, "empty");
		cfg->server_args[cfg->nserver_args++] = s + 1;
	} else if ((v = operand_type(s)) >= 0) {
		if (last >= 0 && !st->typed[last]) {
			cfg->q[last].qtype = (uint16_t)v;
			st->typed[last] = true;
		} else {
			*pending_type = v;
		}
	} else if ((v = operand_class(s)) >= 0) {
		if (last >= 0 && !st->classed[last]) {
			cfg->q[last].qclass = (uint16_t)v;
			st->classed[last] = true;
		} else {
			*pending_class = v;
		}
	} else {
		struct resolve_question *q = new_question(cfg, s);
		if (*pending_type >= 0) {
			q->qtype = (uint16_t)*pending_type;
			st->typed[cfg->nq - 1] = true;
		}
		if (*pending_class >= 0) {
			q->qclass = (uint16_t)*pending_class;
			st->classed[cfg->nq - 1] = true;
		}
		*pending_type = *pending_class = -1;
	}
}

int main(int argc, char **argv)
{
	static struct resolve_config cfg = RESOLVE_DEFAULTS;
	static struct parse_state st = {
	    .default_type = NW_DNS_T_A, .default_class = NW_DNS_C_IN, .format = -1};
	const char *arg;
	int id, first, pending_type = -1, pending_class = -1;

	/* DNS over ordinary sockets needs no privilege: started as root, drop it all now. */
	nw_cli_limit_privileges(NW_PRIV_NONE);
	while ((id = nw_cli_next(&resolve_tool, argc, argv, &arg, &first)) != -1)
		parse_option(&cfg, &st, id, arg);
	for (int i = first; i < argc; i++)
		parse_operand(&cfg, &st, argv[i], &pending_type, &pending_class);
	if (cfg.bulk_file) {
		if (cfg.nq)
			nw_usage_error("-f takes its names from FILE: no NAME operands or -x");
		if (cfg.wire)
			nw_usage_error("--wire does not go with -f");
		if (cfg.tcp)
			nw_usage_error(
			    "-f queries over UDP (and TCP for truncated answers): no --tcp");
		cfg.nq = 1; /* q[0] carries the default type and class for the file's names */
		st.typed[0] = st.classed[0] = false;
	} else if (cfg.nq == 0) {
		nw_usage_error("missing NAME (or -x ADDR, or -f FILE)");
	}
	if (cfg.trace && (cfg.bulk_file || cfg.nserver_args || cfg.wire))
		nw_usage_error("--trace starts from the root: no @SERVER, -f or --wire");
	if ((cfg.root_hints || cfg.all_servers) && !cfg.trace)
		nw_usage_error("--root-hints and --all-servers go with --trace");
	/* A lab (nw-lab exec, nw-lab shell) names its own root this way. */
	const char *env_hints = getenv("NW_ROOT_HINTS");
	if (cfg.trace && !cfg.root_hints && env_hints && env_hints[0])
		cfg.root_hints = env_hints;
	if ((cfg.unordered || cfg.inflight != 100) && !cfg.bulk_file)
		nw_usage_error("--unordered and --inflight go with -f");
	for (int i = 0; i < cfg.nq; i++) {
		if (!st.typed[i])
			cfg.q[i].qtype = (uint16_t)st.default_type;
		if (!st.classed[i])
			cfg.q[i].qclass = (uint16_t)st.default_class;
	}
	if (cfg.wire && (cfg.format == RESOLVE_JSON || cfg.format == RESOLVE_QUIET))
		nw_usage_error("--wire prints text: it does not go with --json or -q");
	if (cfg.edns.ecs && !cfg.edns.enabled)
		nw_usage_error("--subnet needs EDNS (drop --noedns)");
	if (cfg.edns.padding && !cfg.edns.enabled)
		nw_usage_error("--padding needs EDNS (drop --noedns)");
	resolve_check_sizes(&cfg);
	return resolve_run(&cfg);
}
