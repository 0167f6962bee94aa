/*
 * dns_rr.c: RDATA presentation format (RFC 1035 section 5, RFC 3597 for
 * unknown types) as dig prints it: the RDATA reader, the dispatcher, and
 * the classic types: A, AAAA, NS, CNAME, DNAME, PTR, MX, TXT, HINFO, SOA,
 * SRV (RFC 2782), NAPTR (RFC 3403), CAA (RFC 8659).
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "dns/dns_internal.h"

void nw_rd_init(struct nw_rd *r, const struct nw_dns_msg *m, const struct nw_dns_rr *rr)
{
	r->m = m;
	nw_buf_init(&r->b, m->data, rr->rdata_off + rr->rdlen);
	r->b.pos = rr->rdata_off;
	r->why = NULL;
	r->st = NW_OK;
}

bool nw_rd_bad(struct nw_rd *r, const char *why)
{
	if (r->st == NW_OK) {
		r->st = NW_MALFORMED;
		r->why = why;
	}
	return false;
}

static bool short_rdata(struct nw_rd *r)
{
	return nw_rd_bad(r, "RDATA shorter than its type needs");
}

bool nw_rd_u8(struct nw_rd *r, uint8_t *v)
{
	return nw_buf_u8(&r->b, v) || short_rdata(r);
}

bool nw_rd_u16(struct nw_rd *r, uint16_t *v)
{
	return nw_buf_u16(&r->b, v) || short_rdata(r);
}

bool nw_rd_u32(struct nw_rd *r, uint32_t *v)
{
	return nw_buf_u32(&r->b, v) || short_rdata(r);
}

bool nw_rd_take(struct nw_rd *r, size_t n, const uint8_t **p)
{
	return nw_buf_take(&r->b, n, p) || short_rdata(r);
}

bool nw_rd_cstr(struct nw_rd *r, const uint8_t **p, uint8_t *n)
{
	return nw_rd_u8(r, n) && nw_rd_take(r, *n, p);
}

size_t nw_rd_left(const struct nw_rd *r)
{
	return nw_buf_left(&r->b);
}

bool nw_rd_name(struct nw_rd *r, struct nw_dns_name *n)
{
	struct nw_buf whole;
	const char *why = NULL;

	nw_buf_init(&whole, r->m->data, r->m->len);
	whole.pos = r->b.pos;
	if (nw_dns_name_read(&whole, n, &why) != NW_OK)
		return nw_rd_bad(r, why);
	if (whole.pos > r->b.len)
		return nw_rd_bad(r, "name runs past the end of the RDATA");
	r->b.pos = whole.pos;
	return true;
}

static bool addr_str(struct nw_rd *r, struct nw_sb *s, int family, size_t n)
{
	char buf[64];
	const uint8_t *p;
	if (nw_rd_left(r) != n)
		return nw_rd_bad(r, family == AF_INET ? "A RDATA is not 4 octets"
						      : "AAAA RDATA is not 16 octets");
	nw_rd_take(r, n, &p);
	nw_sb_puts(s, inet_ntop(family, p, buf, sizeof buf));
	return true;
}

static bool name_str(struct nw_rd *r, struct nw_sb *s)
{
	struct nw_dns_name n;
	if (!nw_rd_name(r, &n))
		return false;
	nw_sb_name(s, &n);
	return true;
}

static bool u16_str(struct nw_rd *r, struct nw_sb *s)
{
	uint16_t v;
	if (!nw_rd_u16(r, &v))
		return false;
	nw_sb_printf(s, "%u ", v);
	return true;
}

static bool cstr_str(struct nw_rd *r, struct nw_sb *s)
{
	const uint8_t *p;
	uint8_t n;
	if (!nw_rd_cstr(r, &p, &n))
		return false;
	nw_sb_quoted(s, p, n);
	return true;
}

static bool txt_str(struct nw_rd *r, struct nw_sb *s)
{
	if (nw_rd_left(r) == 0)
		return nw_rd_bad(r, "TXT RDATA holds no string");
	while (nw_rd_left(r)) {
		if (s->len && s->p[s->len - 1] == '"')
			nw_sb_putc(s, ' ');
		if (!cstr_str(r, s))
			return false;
	}
	return true;
}

static bool soa_str(struct nw_rd *r, struct nw_sb *s)
{
	uint32_t v[5];
	if (!name_str(r, s))
		return false;
	nw_sb_putc(s, ' ');
	if (!name_str(r, s))
		return false;
	for (int i = 0; i < 5; i++) {
		if (!nw_rd_u32(r, &v[i]))
			return false;
		nw_sb_printf(s, " %u", v[i]);
	}
	return true;
}

static bool naptr_str(struct nw_rd *r, struct nw_sb *s)
{
	if (!u16_str(r, s) || !u16_str(r, s))
		return false;
	for (int i = 0; i < 3; i++) {
		if (!cstr_str(r, s))
			return false;
		nw_sb_putc(s, ' ');
	}
	return name_str(r, s);
}

/* RFC 8659 4.1: flags, tag (1..255 alphanumerics), value to the end. */
static bool caa_str(struct nw_rd *r, struct nw_sb *s)
{
	uint8_t flags, taglen;
	const uint8_t *tag, *val;
	if (!nw_rd_u8(r, &flags) || !nw_rd_cstr(r, &tag, &taglen))
		return false;
	if (taglen == 0)
		return nw_rd_bad(r, "CAA tag is empty");
	nw_sb_printf(s, "%u ", flags);
	for (uint8_t i = 0; i < taglen; i++) {
		uint8_t c = tag[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return nw_rd_bad(r, "CAA tag is not alphanumeric");
		nw_sb_putc(s, (char)c);
	}
	nw_sb_putc(s, ' ');
	size_t n = nw_rd_left(r);
	nw_rd_take(r, n, &val);
	nw_sb_quoted(s, val, n);
	return true;
}

/* The types of RFC 1035 and the other classic ones; *handled false for the rest. */
static bool classic_str(struct nw_rd *r, uint16_t type, struct nw_sb *s, bool *handled)
{
	*handled = true;
	switch (type) {
	case NW_DNS_T_A:
		return addr_str(r, s, AF_INET, 4);
	case NW_DNS_T_AAAA:
		return addr_str(r, s, AF_INET6, 16);
	case NW_DNS_T_NS:
	case NW_DNS_T_CNAME:
	case NW_DNS_T_DNAME:
	case NW_DNS_T_PTR:
		return name_str(r, s);
	case NW_DNS_T_MX:
		return u16_str(r, s) && name_str(r, s);
	case NW_DNS_T_TXT:
		return txt_str(r, s);
	case NW_DNS_T_HINFO:
		return cstr_str(r, s) && (nw_sb_putc(s, ' '), cstr_str(r, s));
	case NW_DNS_T_SOA:
		return soa_str(r, s);
	case NW_DNS_T_SRV:
		return u16_str(r, s) && u16_str(r, s) && u16_str(r, s) && name_str(r, s);
	case NW_DNS_T_NAPTR:
		return naptr_str(r, s);
	case NW_DNS_T_CAA:
		return caa_str(r, s);
	case NW_DNS_T_SVCB:
	case NW_DNS_T_HTTPS:
		return nw_rr_svcb_str(r, s);
	case NW_DNS_T_OPT:
		return nw_rr_opt_str(r, s);
	}
	*handled = false;
	return true;
}

/* RFC 3597 section 5: "\# <length> <hex>" ("\# 0" when empty). */
static void generic_str(struct nw_rd *r, struct nw_sb *s)
{
	const uint8_t *p;
	size_t n = nw_rd_left(r);
	nw_rd_take(r, n, &p);
	nw_sb_printf(s, "\\# %zu", n);
	if (n) {
		nw_sb_putc(s, ' ');
		nw_sb_hex(s, p, n, NW_DNS_SPLIT);
	}
}

enum nw_status nw_dns_rdata_str(const struct nw_dns_msg *m, const struct nw_dns_rr *rr, char *out,
				size_t outlen, const char **why)
{
	struct nw_rd r;
	struct nw_sb s;
	bool handled, ok;

	nw_sb_init(&s, out, outlen);
	if (rr->rdata_off > m->len || rr->rdlen > m->len - rr->rdata_off) {
		if (why)
			*why = "RDATA runs past the end of the message";
		return NW_TRUNCATED;
	}
	nw_rd_init(&r, m, rr);
	ok = classic_str(&r, rr->type, &s, &handled);
	if (ok && !handled)
		ok = nw_rr_sec_str(&r, rr->type, &s, &handled);
	if (ok && !handled)
		generic_str(&r, &s);
	if (ok && nw_rd_left(&r))
		nw_rd_bad(&r, "RDATA longer than its fields");
	if (r.st == NW_OK && s.overflow)
		nw_rd_bad(&r, "presentation longer than the output buffer");
	if (r.st != NW_OK && why)
		*why = r.why;
	return r.st;
}
