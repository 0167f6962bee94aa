/*
 * dns_msg.c: DNS messages (RFC 1035 section 4.1, EDNS0 RFC 6891): the
 * header, walking and validating every section, reading records.
 * Queries are built in dns_query.c.
 */
#include "config.h"

#include <string.h>

#include "dns/dns.h"

/* Smallest encodings: a question is a root name and 4 octets, a record 11 octets. */
#define MIN_QUESTION 5
#define MIN_RR	     11

static enum nw_status fail(enum nw_status st, const char *msg, const char **why)
{
	if (why)
		*why = msg;
	return st;
}

enum nw_status nw_dns_header_parse(const uint8_t *data, size_t len, struct nw_dns_header *h,
				   const char **why)
{
	struct nw_buf b;
	nw_buf_init(&b, data, len);
	if (!nw_buf_u16(&b, &h->id) || !nw_buf_u16(&b, &h->flags) || !nw_buf_u16(&b, &h->qdcount) ||
	    !nw_buf_u16(&b, &h->ancount) || !nw_buf_u16(&b, &h->nscount) ||
	    !nw_buf_u16(&b, &h->arcount))
		return fail(NW_TRUNCATED, "DNS message shorter than its 12-octet header", why);
	h->opcode = (uint8_t)((h->flags >> 11) & 15);
	h->rcode = (uint8_t)(h->flags & 15);
	return NW_OK;
}

uint16_t nw_dns_count(const struct nw_dns_msg *m, enum nw_dns_section s)
{
	switch (s) {
	case NW_DNS_QUESTION:
		return m->h.qdcount;
	case NW_DNS_ANSWER:
		return m->h.ancount;
	case NW_DNS_AUTHORITY:
		return m->h.nscount;
	default:
		return m->h.arcount;
	}
}

/* Owner, type, class, TTL, RDLENGTH and the RDATA bounds of one record. */
static enum nw_status read_rr(struct nw_buf *b, struct nw_dns_rr *rr, const char **why)
{
	enum nw_status st = nw_dns_name_read(b, &rr->name, why);
	if (st != NW_OK)
		return st;
	if (!nw_buf_u16(b, &rr->type) || !nw_buf_u16(b, &rr->rclass) || !nw_buf_u32(b, &rr->ttl) ||
	    !nw_buf_u16(b, &rr->rdlen))
		return fail(NW_TRUNCATED, "message ends inside a record header", why);
	rr->rdata_off = b->pos;
	if (!nw_buf_skip(b, rr->rdlen))
		return fail(NW_TRUNCATED, "RDATA runs past the end of the message", why);
	return NW_OK;
}

void nw_dns_iter_init(struct nw_dns_iter *it, const struct nw_dns_msg *m, enum nw_dns_section s)
{
	it->m = m;
	nw_buf_init(&it->b, m->data, m->len);
	it->b.pos = m->section_off[s];
	it->left = s == NW_DNS_QUESTION ? 0 : nw_dns_count(m, s);
}

int nw_dns_rr_next(struct nw_dns_iter *it, struct nw_dns_rr *rr, const char **why)
{
	if (it->left == 0)
		return 0;
	if (read_rr(&it->b, rr, why) != NW_OK) {
		it->left = 0;
		return -1;
	}
	it->left--;
	return 1;
}

static enum nw_status read_questions(struct nw_buf *b, struct nw_dns_msg *m, const char **why)
{
	for (unsigned i = 0; i < m->h.qdcount; i++) {
		struct nw_dns_name n;
		uint16_t t, c;
		enum nw_status st = nw_dns_name_read(b, &n, why);
		if (st != NW_OK)
			return st;
		if (!nw_buf_u16(b, &t) || !nw_buf_u16(b, &c))
			return fail(NW_TRUNCATED, "message ends inside a question", why);
		if (i == 0) {
			m->has_question = true;
			m->qname = n;
			m->qtype = t;
			m->qclass = c;
		}
	}
	return NW_OK;
}

/* RFC 6891 6.1.1: one OPT record, owned by the root, in the additional section. */
static enum nw_status take_opt(struct nw_dns_msg *m, const struct nw_dns_rr *rr, const char **why)
{
	if (m->has_opt)
		return fail(NW_MALFORMED, "more than one OPT record", why);
	if (rr->name.len != 1)
		return fail(NW_MALFORMED, "OPT record not owned by the root", why);
	m->has_opt = true;
	m->udp_size = rr->rclass;
	m->rcode = (uint16_t)(((rr->ttl >> 24) << 4) | m->h.rcode);
	m->edns_version = (uint8_t)(rr->ttl >> 16);
	m->edns_flags = (uint16_t)rr->ttl;
	m->opt_off = rr->rdata_off;
	m->opt_len = rr->rdlen;
	/* Options must tile the RDATA exactly. */
	struct nw_buf o;
	nw_buf_init(&o, m->data + rr->rdata_off, rr->rdlen);
	while (nw_buf_left(&o)) {
		uint16_t code, len;
		if (!nw_buf_u16(&o, &code) || !nw_buf_u16(&o, &len) || !nw_buf_skip(&o, len))
			return fail(NW_MALFORMED, "EDNS option runs past the OPT record", why);
	}
	return NW_OK;
}

static enum nw_status read_records(struct nw_buf *b, struct nw_dns_msg *m, enum nw_dns_section s,
				   const char **why)
{
	unsigned n = nw_dns_count(m, s);
	m->section_off[s] = b->pos;
	for (unsigned i = 0; i < n; i++) {
		struct nw_dns_rr rr;
		enum nw_status st = read_rr(b, &rr, why);
		if (st != NW_OK)
			return st;
		if (rr.type == NW_DNS_T_OPT) {
			if (s != NW_DNS_ADDITIONAL)
				return fail(NW_MALFORMED,
					    "OPT record outside the additional section", why);
			st = take_opt(m, &rr, why);
			if (st != NW_OK)
				return st;
		}
	}
	return NW_OK;
}

enum nw_status nw_dns_parse(const uint8_t *data, size_t len, struct nw_dns_msg *m, const char **why)
{
	struct nw_buf b;
	enum nw_status st;

	memset(m, 0, sizeof(*m));
	m->data = data;
	m->len = data ? len : 0;
	st = nw_dns_header_parse(data, m->len, &m->h, why);
	if (st != NW_OK)
		return st;
	m->rcode = m->h.rcode;
	uint64_t need = (uint64_t)m->h.qdcount * MIN_QUESTION +
			((uint64_t)m->h.ancount + m->h.nscount + m->h.arcount) * MIN_RR;
	if (need > m->len - NW_DNS_HEADER_LEN)
		return fail(NW_MALFORMED, "record counts larger than the message can hold", why);
	nw_buf_init(&b, data, m->len);
	b.pos = NW_DNS_HEADER_LEN;
	m->section_off[NW_DNS_QUESTION] = b.pos;
	st = read_questions(&b, m, why);
	for (int s = NW_DNS_ANSWER; st == NW_OK && s <= NW_DNS_ADDITIONAL; s++)
		st = read_records(&b, m, (enum nw_dns_section)s, why);
	return st;
}
