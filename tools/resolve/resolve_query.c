/*
 * resolve_query.c: nw-resolve's queries: a name as typed to the name
 * sent, the query with the run's flags and EDNS options, its wire form
 * (with what to change when it does not fit), and the size check made
 * before anything is sent.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "cli/cli.h"
#include "dns/idn.h"
#include "resolve_query.h"

void resolve_random(void *p, size_t n)
{
	if (getentropy(p, n) != 0)
		nw_fatal("getentropy: %s", strerror(errno));
}

void resolve_query_init(const struct resolve_config *cfg, struct nw_dns_query *q,
			const struct nw_dns_name *name, uint16_t qtype, uint16_t qclass)
{
	memset(q, 0, sizeof *q);
	q->qname = *name;
	q->qtype = qtype;
	q->qclass = qclass;
	q->flags = cfg->flags;
	q->edns = cfg->edns;
	if (q->edns.has_cookie)
		resolve_random(q->edns.cookie, sizeof q->edns.cookie);
}

enum nw_dns_transport resolve_query_transport(const struct resolve_config *cfg)
{
	return cfg->tcp && !cfg->all_servers ? NW_DNS_TCP : NW_DNS_UDP;
}

/* "a, b or c" */
static void sb_choices(struct nw_sb *sb, const char *const *items, int n)
{
	for (int i = 0; i < n; i++)
		nw_sb_printf(sb, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", items[i]);
}

/* The options that make a query's size, and what would make it fit. */
static void size_hint(const struct resolve_config *cfg, enum nw_dns_transport tr, struct nw_sb *sb)
{
	const char *fixes[3];
	int n = 0;
	bool udp = tr == NW_DNS_UDP && cfg->edns.enabled;

	/* -f and --all-servers ask over UDP whatever --tcp says */
	if (tr == NW_DNS_UDP && !cfg->bulk_file && !cfg->all_servers)
		fixes[n++] = "--tcp";
	if (udp)
		fixes[n++] = "a larger --bufsize";
	if (cfg->edns.enabled && cfg->edns.padding)
		fixes[n++] = "a smaller --padding";
	if (n == 0)
		return;
	nw_sb_puts(sb, " (");
	if (udp)
		nw_sb_printf(sb, "--bufsize %u%s", cfg->edns.udp_size,
			     cfg->edns.padding ? ", " : "");
	if (cfg->edns.enabled && cfg->edns.padding)
		nw_sb_printf(sb, "--padding %u", cfg->edns.padding);
	nw_sb_puts(sb, ": use ");
	sb_choices(sb, fixes, n);
	nw_sb_putc(sb, ')');
}

int resolve_query_build(const struct resolve_config *cfg, const struct nw_dns_query *q,
			enum nw_dns_transport tr, uint8_t *buf, char *err, size_t errlen)
{
	int n = nw_dns_query_build(q, tr, buf, RESOLVE_QBUF_LEN, err, errlen);
	if (n < 0) {
		struct nw_sb sb;
		nw_sb_init(&sb, err + strlen(err), errlen - strlen(err));
		size_hint(cfg, tr, &sb);
	}
	return n;
}

/* Build name's query for the run's transport: 0, or -1 with the reason in err. */
static int check_size(const struct resolve_config *cfg, const char *name, char *err, size_t errlen)
{
	static uint8_t buf[RESOLVE_QBUF_LEN];
	struct nw_dns_query q;
	struct nw_dns_name n;
	const char *why = NULL;

	if (nw_dns_name_parse(name, &n, &why) != 0)
		nw_invalid("name", name, why);
	resolve_query_init(cfg, &q, &n, NW_DNS_T_A, NW_DNS_C_IN);
	return resolve_query_build(cfg, &q, resolve_query_transport(cfg), buf, err, errlen) < 0 ? -1
												: 0;
}

void resolve_check_sizes(const struct resolve_config *cfg)
{
	char err[512];

	if (check_size(cfg, ".", err, sizeof err) != 0)
		nw_usage_error("no name fits: for the root name alone, %s", err);
	for (int i = 0; i < cfg->nq && !cfg->bulk_file; i++)
		if (check_size(cfg, cfg->q[i].name, err, sizeof err) != 0)
			nw_usage_error("%s: %s", cfg->q[i].name, err);
}

/*
 * A name as typed (a NAME operand or a -f line) to the name sent, in out
 * (NW_DNS_NAME_STRLEN octets); exits with a usage error when it is not a
 * name.  Built without libidn2, a converted name gets a warning once: no
 * UTS 46 mapping was done, so an upper-case or compatibility character
 * is sent as it is (a different name).
 */
void resolve_name_arg(const char *typed, char *out)
{
	struct nw_dns_name n;
	const char *why = NULL;

	if (nw_idn_to_ascii(typed, out, NW_DNS_NAME_STRLEN, &why) != 0 ||
	    nw_dns_name_parse(out, &n, &why) != 0)
		nw_invalid("name", typed, why);
#ifndef HAVE_LIBIDN2
	static bool warned;
	if (!warned && strcmp(typed, out) != 0) {
		nw_warn("built without libidn2: '%s' sent as '%s' without the UTS 46 mapping "
			"(type it in lower case and NFC)",
			typed, out);
		warned = true;
	}
#endif
}
