/*
 * resolve_output.c: nw-resolve's three outputs: dig-like sections (the
 * default), --short (the answer RDATA one per line, exactly as dig +short
 * prints it) and --json (one object per query, keys in the man page).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json.h"
#include "resolve_output.h"
#include "resolve_result.h"

static char rdata[NW_DNS_RDATA_STRLEN];

static const char *const section_names[] = {"QUESTION", "ANSWER", "AUTHORITY", "ADDITIONAL"};
static const char *const section_keys[] = {"question", "answer", "authority", "additional"};

/* clang-format off */
static const struct { uint16_t bit; const char *name; } flag_names[] = {
	{NW_DNS_F_QR, "qr"}, {NW_DNS_F_AA, "aa"}, {NW_DNS_F_TC, "tc"}, {NW_DNS_F_RD, "rd"},
	{NW_DNS_F_RA, "ra"}, {NW_DNS_F_AD, "ad"}, {NW_DNS_F_CD, "cd"},
};
/* clang-format on */

static const char *result_name(enum resolve_result r)
{
	static const char *const names[] = {"answer",  "nxdomain",  "nodata",  "error",
					    "timeout", "malformed", "toolarge"};
	return names[r];
}

/* Tabs up to column target (tab stops every 8), at least one: BIND's master-file columns. */
static int tab_to(int col, int target)
{
	do {
		putchar('\t');
		col = (col / 8 + 1) * 8;
	} while (col < target);
	return col;
}

static void print_rr(const struct nw_dns_msg *m, const struct nw_dns_rr *rr)
{
	char name[NW_DNS_NAME_STRLEN], t[16], c[16];
	const char *why = NULL;
	nw_dns_name_str(&rr->name, name, sizeof name);
	if (nw_dns_rdata_str(m, rr, rdata, sizeof rdata, &why) != NW_OK)
		snprintf(rdata, sizeof rdata, "; malformed RDATA: %s", why ? why : "?");
	int col = printf("%s", name);
	col = tab_to(col, 24);
	col += printf("%u", rr->ttl);
	col = tab_to(col, 32);
	col += printf("%s", nw_dns_class_str(rr->rclass, c, sizeof c));
	col = tab_to(col, 40);
	col += printf("%s", nw_dns_type_str(rr->type, t, sizeof t));
	tab_to(col, 48);
	printf("%s\n", rdata);
}

void resolve_print_rr(const struct nw_dns_msg *m, const struct nw_dns_rr *rr)
{
	print_rr(m, rr);
}

static void print_flags(uint16_t flags)
{
	for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
		if (flags & flag_names[i].bit)
			printf(" %s", flag_names[i].name);
}

static void print_opt(const struct nw_dns_msg *m)
{
	struct nw_buf o;
	char buf[8192];
	const char *why = NULL;
	printf("\n;; OPT PSEUDOSECTION:\n; EDNS: version: %u, flags:%s; udp: %u\n", m->edns_version,
	       (m->edns_flags & 0x8000) ? " do" : "", m->udp_size);
	nw_buf_init(&o, m->data + m->opt_off, m->opt_len);
	uint16_t code, len;
	const uint8_t *p;
	while (nw_buf_u16(&o, &code) && nw_buf_u16(&o, &len) && nw_buf_take(&o, len, &p)) {
		if (nw_dns_edns_option_str(code, p, len, buf, sizeof buf, &why) == NW_OK)
			printf("; %s\n", buf);
		else
			printf("; option %u: %s\n", code, why ? why : "malformed");
	}
}

/* A name typed with non-ASCII characters: what went on the wire instead. */
static void print_idn(const struct resolve_question *q)
{
	if (q->typed[0])
		printf(";; IDN: '%s' is sent as %s\n", q->typed, q->name);
}

static void print_question(const struct resolve_exchange *x)
{
	char name[NW_DNS_NAME_STRLEN], t[16], c[16];
	nw_dns_name_str(&x->query.qname, name, sizeof name);
	int col = printf(";%s", name);
	col = tab_to(col, 32);
	col += printf("%s", nw_dns_class_str(x->query.qclass, c, sizeof c));
	tab_to(col, 40);
	printf("%s\n", nw_dns_type_str(x->query.qtype, t, sizeof t));
}

static void print_ignored(const struct resolve_ignored *i, const char *prefix)
{
	unsigned total =
	    i->wrong_source + i->wrong_id + i->wrong_question + i->not_response + i->malformed;
	if (total)
		printf("%signored %u response%s: wrong source %u, wrong id %u, wrong question %u, "
		       "not a response %u, malformed %u\n",
		       prefix, total, total == 1 ? "" : "s", i->wrong_source, i->wrong_id,
		       i->wrong_question, i->not_response, i->malformed);
}

/* The tries that got no answer, first, as dig prints them (before the answer of the next). */
static void print_comm_errors(const struct resolve_exchange *x)
{
	char srv[NW_ADDRSTRLEN];
	for (int i = 0; i < x->ncomm; i++)
		printf(";; communications error to %s#%u: %s\n",
		       nw_addr_ntop(&x->comm[i].server, srv, sizeof srv), x->port, x->comm[i].why);
}

static void print_dig(const struct resolve_question *q, const struct resolve_exchange *x)
{
	char srv[NW_ADDRSTRLEN], rc[24], op[24];
	const struct nw_dns_msg *m = &x->msg;

	nw_addr_ntop(&x->server, srv, sizeof srv);
	print_comm_errors(x);
	if (x->result == RES_TOOLARGE) {
		print_question(x);
		printf(";; not sent: %s\n", x->error);
		return;
	}
	if (x->result == RES_TIMEOUT || x->result == RES_MALFORMED) {
		print_question(x);
		print_idn(q);
		printf(";; %s: %s (last server %s#%u)\n",
		       x->result == RES_TIMEOUT ? "no answer" : "malformed answer", x->error, srv,
		       x->port);
		print_ignored(&x->ignored, ";; ");
		return;
	}
	if (x->truncated_udp)
		printf(";; Truncated, retrying in TCP mode.\n");
	printf(";; ->>HEADER<<- opcode: %s, status: %s, id: %u\n;; flags:",
	       nw_dns_opcode_str(m->h.opcode, op, sizeof op),
	       nw_dns_rcode_str(m->rcode, rc, sizeof rc), m->h.id);
	print_flags(m->h.flags);
	printf("; QUERY: %u, ANSWER: %u, AUTHORITY: %u, ADDITIONAL: %u\n", m->h.qdcount,
	       m->h.ancount, m->h.nscount, m->h.arcount);
	if (m->has_opt)
		print_opt(m);
	printf("\n;; QUESTION SECTION:\n");
	print_question(x);
	print_idn(q);
	for (int s = NW_DNS_ANSWER; s <= NW_DNS_ADDITIONAL; s++) {
		struct nw_dns_iter it;
		struct nw_dns_rr rr;
		const char *why = NULL;
		bool header = false;
		nw_dns_iter_init(&it, m, (enum nw_dns_section)s);
		while (nw_dns_rr_next(&it, &rr, &why) == 1) {
			if (rr.type == NW_DNS_T_OPT)
				continue;
			if (!header)
				printf("\n;; %s SECTION:\n", section_names[s]);
			header = true;
			print_rr(m, &rr);
		}
	}
	printf("\n;; Query time: %.3f msec\n;; SERVER: %s#%u(%s) (%s)\n;; MSG SIZE  rcvd: %zu\n",
	       x->rtt_ms, srv, x->port, srv, x->over_tcp ? "TCP" : "UDP", x->rlen);
	print_ignored(&x->ignored, ";; ");
	printf("\n");
}

static void print_short(const struct resolve_exchange *x)
{
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL;
	print_comm_errors(x); /* dig +short prints them too */
	if (x->result == RES_TIMEOUT)
		printf(";; no servers could be reached\n");
	if (!resolve_answered(x->result))
		return;
	for (int i = 0; i < x->nchain; i++) { /* --trace: the CNAMEs of earlier answers */
		nw_dns_name_str(&x->chain[i].target, rdata, sizeof rdata);
		printf("%s\n", rdata);
	}
	nw_dns_iter_init(&it, &x->msg, NW_DNS_ANSWER);
	while (nw_dns_rr_next(&it, &rr, &why) == 1)
		if (nw_dns_rdata_str(&x->msg, &rr, rdata, sizeof rdata, &why) == NW_OK)
			printf("%s\n", rdata);
}

/* One record of the answer section as JSON. */
static void json_record(struct nw_json *j, const char *name, uint32_t ttl, const char *rclass,
			const char *type, const char *data)
{
	nw_json_begin_object(j, NULL);
	nw_json_str(j, "name", name);
	nw_json_uint(j, "ttl", ttl);
	nw_json_str(j, "class", rclass);
	nw_json_str(j, "type", type);
	if (data)
		nw_json_str(j, "data", data);
	else
		nw_json_null(j, "data");
	nw_json_end_object(j);
}

/* --trace: the CNAMEs met before the last answer, first in the answer section. */
static void json_chain(struct nw_json *j, const struct resolve_exchange *x)
{
	char name[NW_DNS_NAME_STRLEN];
	for (int i = 0; i < x->nchain; i++) {
		nw_dns_name_str(&x->chain[i].owner, name, sizeof name);
		nw_dns_name_str(&x->chain[i].target, rdata, sizeof rdata);
		json_record(j, name, x->chain[i].ttl, "IN", "CNAME", rdata);
	}
}

static void json_section(struct nw_json *j, const struct resolve_exchange *x, enum nw_dns_section s)
{
	const struct nw_dns_msg *m = &x->msg;
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	const char *why = NULL;
	char name[NW_DNS_NAME_STRLEN], t[16], c[16];
	nw_json_begin_array(j, section_keys[s]);
	if (s == NW_DNS_ANSWER)
		json_chain(j, x);
	nw_dns_iter_init(&it, m, s);
	while (nw_dns_rr_next(&it, &rr, &why) == 1) {
		if (rr.type == NW_DNS_T_OPT)
			continue;
		nw_dns_name_str(&rr.name, name, sizeof name);
		bool ok = nw_dns_rdata_str(m, &rr, rdata, sizeof rdata, &why) == NW_OK;
		json_record(j, name, rr.ttl, nw_dns_class_str(rr.rclass, c, sizeof c),
			    nw_dns_type_str(rr.type, t, sizeof t), ok ? rdata : NULL);
	}
	nw_json_end_array(j);
}

/* No answer: the sections still there, empty, so that jq '.answer[]' never fails. */
static void json_empty_sections(struct nw_json *j)
{
	for (int s = NW_DNS_ANSWER; s <= NW_DNS_ADDITIONAL; s++) {
		nw_json_begin_array(j, section_keys[s]);
		nw_json_end_array(j);
	}
}

static void json_edns(struct nw_json *j, const struct nw_dns_msg *m)
{
	struct nw_buf o;
	char buf[8192];
	const char *why = NULL;
	uint16_t code, len;
	const uint8_t *p;
	nw_json_begin_object(j, "edns");
	nw_json_uint(j, "version", m->edns_version);
	nw_json_uint(j, "udp_size", m->udp_size);
	nw_json_bool(j, "do", (m->edns_flags & 0x8000) != 0);
	nw_json_begin_array(j, "options");
	nw_buf_init(&o, m->data + m->opt_off, m->opt_len);
	while (nw_buf_u16(&o, &code) && nw_buf_u16(&o, &len) && nw_buf_take(&o, len, &p)) {
		nw_json_begin_object(j, NULL);
		nw_json_uint(j, "code", code);
		if (nw_dns_edns_option_str(code, p, len, buf, sizeof buf, &why) == NW_OK)
			nw_json_str(j, "text", buf);
		else
			nw_json_null(j, "text");
		nw_json_end_object(j);
	}
	nw_json_end_array(j);
	nw_json_end_object(j);
}

/* "comm_errors": the tries that got no answer (an empty array when none). */
static void json_comm_errors(struct nw_json *j, const struct resolve_exchange *x)
{
	char srv[NW_ADDRSTRLEN];
	nw_json_begin_array(j, "comm_errors");
	for (int i = 0; i < x->ncomm; i++) {
		nw_json_begin_object(j, NULL);
		nw_json_str(j, "server", nw_addr_ntop(&x->comm[i].server, srv, sizeof srv));
		nw_json_uint(j, "port", x->port);
		nw_json_str(j, "transport", x->comm[i].tcp ? "tcp" : "udp");
		nw_json_str(j, "error", x->comm[i].why);
		nw_json_end_object(j);
	}
	nw_json_end_array(j);
}

static void print_json(const struct resolve_exchange *x)
{
	struct nw_json j;
	char name[NW_DNS_NAME_STRLEN], srv[NW_ADDRSTRLEN], t[16], c[16], rc[24];
	const struct nw_dns_msg *m = &x->msg;
	bool got = resolve_answered(x->result);

	nw_json_init(&j, stdout);
	nw_json_begin(&j);
	nw_json_str(&j, "type", "query");
	nw_dns_name_str(&x->query.qname, name, sizeof name);
	nw_json_begin_object(&j, "question");
	nw_json_str(&j, "name", name);
	nw_json_str(&j, "type", nw_dns_type_str(x->query.qtype, t, sizeof t));
	nw_json_str(&j, "class", nw_dns_class_str(x->query.qclass, c, sizeof c));
	nw_json_end_object(&j);
	nw_json_begin_array(&j, "tried");
	for (int i = 0; i < x->ntried; i++) {
		nw_dns_name_str(&x->tried[i], name, sizeof name);
		nw_json_str(&j, NULL, name);
	}
	nw_json_end_array(&j);
	nw_json_str(&j, "result", result_name(x->result));
	nw_json_int(&j, "exit", resolve_exit_code(x->result));
	nw_json_str(&j, "server", nw_addr_ntop(&x->server, srv, sizeof srv));
	nw_json_uint(&j, "port", x->port);
	nw_json_str(&j, "transport", x->over_tcp ? "tcp" : "udp");
	nw_json_bool(&j, "truncated_udp", x->truncated_udp);
	json_comm_errors(&j, x);
	if (got) {
		nw_json_str(&j, "rcode", nw_dns_rcode_str(m->rcode, rc, sizeof rc));
		nw_json_uint(&j, "id", m->h.id);
		nw_json_begin_array(&j, "flags");
		for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
			if (m->h.flags & flag_names[i].bit)
				nw_json_str(&j, NULL, flag_names[i].name);
		nw_json_end_array(&j);
		nw_json_double(&j, "rtt_ms", x->rtt_ms, 3);
		nw_json_uint(&j, "size", x->rlen);
		for (int s = NW_DNS_ANSWER; s <= NW_DNS_ADDITIONAL; s++)
			json_section(&j, x, (enum nw_dns_section)s);
		if (m->has_opt)
			json_edns(&j, m);
	} else {
		nw_json_str(&j, "error", x->error);
		json_empty_sections(&j);
	}
	nw_json_begin_object(&j, "ignored");
	nw_json_uint(&j, "wrong_source", x->ignored.wrong_source);
	nw_json_uint(&j, "wrong_id", x->ignored.wrong_id);
	nw_json_uint(&j, "wrong_question", x->ignored.wrong_question);
	nw_json_uint(&j, "not_response", x->ignored.not_response);
	nw_json_uint(&j, "malformed", x->ignored.malformed);
	nw_json_end_object(&j);
	nw_json_end(&j);
}

/* One line of --wire: offset, up to 16 octets in hex, the note. */
static void wire_line(void *ctx, size_t off, const uint8_t *p, size_t n, const char *note)
{
	(void)ctx;
	if (n == 0 && !p) {
		printf(";; %s\n", note);
		return;
	}
	int col = printf("%04zx ", off);
	for (size_t i = 0; i < n; i++)
		col += printf(" %02x", p[i]);
	printf("%*s%s\n", note[0] ? 55 - col : 0, "", note);
}

static void wire_dump(const char *what, const uint8_t *p, size_t n,
		      const struct resolve_exchange *x)
{
	char srv[NW_ADDRSTRLEN];
	printf(";; WIRE %s: %zu octets, %s %s#%u over %s\n", what, n,
	       strcmp(what, "query") == 0 ? "to" : "from",
	       nw_addr_ntop(&x->server, srv, sizeof srv), x->port, x->over_tcp ? "TCP" : "UDP");
	nw_dns_wire_walk(p, n, wire_line, NULL, NULL);
	printf("\n");
}

static void print_wire(const struct resolve_exchange *x)
{
	wire_dump("query", x->qbuf + NW_DNS_TCP_PREFIX, (size_t)x->qlen, x);
	if (x->result == RES_MALFORMED && x->bad_len)
		wire_dump("malformed answer", x->bad, x->bad_len, x);
	else if (resolve_answered(x->result))
		wire_dump("answer", x->resp, x->rlen, x);
}

void resolve_print(const struct resolve_config *cfg, const struct resolve_question *q,
		   const struct resolve_exchange *x)
{
	if (cfg->wire)
		print_wire(x);
	switch (cfg->format) {
	case RESOLVE_DIG:
		print_dig(q, x);
		break;
	case RESOLVE_SHORT:
		print_short(x);
		break;
	case RESOLVE_JSON:
		print_json(x);
		break;
	case RESOLVE_QUIET:
		break;
	}
}
