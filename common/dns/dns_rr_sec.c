/*
 * dns_rr_sec.c: presentation of the DNSSEC and key-fingerprint records as
 * dig prints them: DS/CDS and DNSKEY/CDNSKEY, RRSIG, NSEC (RFC 4034), NSEC3
 * and NSEC3PARAM (RFC 5155), TLSA (RFC 6698), SSHFP (RFC 4255).
 */
#include "config.h"

#include <time.h>

#include "dns/dns_internal.h"

static bool rest(struct nw_rd *r, const uint8_t **p, size_t *n)
{
	*n = nw_rd_left(r);
	return nw_rd_take(r, *n, p);
}

/* Fixed 8-bit fields, then the rest of the RDATA in hex (split as dig does). */
static bool bytes_then_hex(struct nw_rd *r, struct nw_sb *s, int nfields, bool need_data)
{
	const uint8_t *p;
	size_t n;
	for (int i = 0; i < nfields; i++) {
		uint8_t v;
		if (!nw_rd_u8(r, &v))
			return false;
		nw_sb_printf(s, "%u ", v);
	}
	rest(r, &p, &n);
	if (n == 0 && need_data)
		return nw_rd_bad(r, "RDATA has no digest");
	nw_sb_hex(s, p, n, NW_DNS_SPLIT);
	return true;
}

static bool ds_str(struct nw_rd *r, struct nw_sb *s)
{
	uint16_t tag;
	if (!nw_rd_u16(r, &tag))
		return false;
	nw_sb_printf(s, "%u ", tag);
	return bytes_then_hex(r, s, 2, true);
}

static bool dnskey_str(struct nw_rd *r, struct nw_sb *s)
{
	uint16_t flags;
	uint8_t proto, alg;
	const uint8_t *p;
	size_t n;
	if (!nw_rd_u16(r, &flags) || !nw_rd_u8(r, &proto) || !nw_rd_u8(r, &alg))
		return false;
	nw_sb_printf(s, "%u %u %u", flags, proto, alg);
	rest(r, &p, &n);
	if (n) {
		nw_sb_putc(s, ' ');
		nw_sb_base64(s, p, n, NW_DNS_SPLIT);
	}
	return true;
}

/*
 * RFC 4034 3.2: YYYYMMDDHHmmSS in UTC.  The 32-bit value is serial
 * arithmetic (RFC 1982) around the current time, as dig reads it: the
 * instant within 68 years of now whose low 32 bits it is.
 */
static void time_str(struct nw_sb *s, uint32_t t)
{
	int64_t now = (int64_t)time(NULL);
	time_t tt = (time_t)(now + (int32_t)(t - (uint32_t)now));
	struct tm tm;
	gmtime_r(&tt, &tm);
	nw_sb_printf(s, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		     tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static bool rrsig_str(struct nw_rd *r, struct nw_sb *s)
{
	uint16_t covered, tag;
	uint8_t alg, labels;
	uint32_t ttl, exp, inc;
	struct nw_dns_name signer;
	const uint8_t *p;
	size_t n;
	char tbuf[16];

	if (!nw_rd_u16(r, &covered) || !nw_rd_u8(r, &alg) || !nw_rd_u8(r, &labels) ||
	    !nw_rd_u32(r, &ttl) || !nw_rd_u32(r, &exp) || !nw_rd_u32(r, &inc) ||
	    !nw_rd_u16(r, &tag) || !nw_rd_name(r, &signer))
		return false;
	nw_sb_printf(s, "%s %u %u %u ", nw_dns_type_str(covered, tbuf, sizeof tbuf), alg, labels,
		     ttl);
	time_str(s, exp);
	nw_sb_putc(s, ' ');
	time_str(s, inc);
	nw_sb_printf(s, " %u ", tag);
	nw_sb_name(s, &signer);
	rest(r, &p, &n);
	if (n) {
		nw_sb_putc(s, ' ');
		nw_sb_base64(s, p, n, NW_DNS_SPLIT);
	}
	return true;
}

bool nw_rr_type_bitmap(struct nw_rd *r, struct nw_sb *s)
{
	int last_window = -1;
	char tbuf[16];
	while (nw_rd_left(r)) {
		uint8_t window, len;
		const uint8_t *bits;
		if (!nw_rd_u8(r, &window) || !nw_rd_u8(r, &len))
			return false;
		if (window <= last_window)
			return nw_rd_bad(r, "type bitmap windows out of order");
		if (len == 0 || len > 32)
			return nw_rd_bad(r, "type bitmap window length not 1..32");
		if (!nw_rd_take(r, len, &bits))
			return false;
		last_window = window;
		for (unsigned i = 0; i < (unsigned)len * 8; i++) {
			if (bits[i / 8] & (0x80 >> (i % 8))) {
				uint16_t t = (uint16_t)(window * 256 + i);
				nw_sb_printf(s, " %s", nw_dns_type_str(t, tbuf, sizeof tbuf));
			}
		}
	}
	return true;
}

static bool nsec_str(struct nw_rd *r, struct nw_sb *s)
{
	struct nw_dns_name next;
	if (!nw_rd_name(r, &next))
		return false;
	nw_sb_name(s, &next);
	return nw_rr_type_bitmap(r, s);
}

/* Algorithm, flags, iterations, salt ("-" when empty). */
static bool nsec3_head(struct nw_rd *r, struct nw_sb *s)
{
	uint8_t alg, flags, saltlen;
	uint16_t iter;
	const uint8_t *salt;
	if (!nw_rd_u8(r, &alg) || !nw_rd_u8(r, &flags) || !nw_rd_u16(r, &iter) ||
	    !nw_rd_cstr(r, &salt, &saltlen))
		return false;
	nw_sb_printf(s, "%u %u %u ", alg, flags, iter);
	if (saltlen)
		nw_sb_hex(s, salt, saltlen, 0);
	else
		nw_sb_putc(s, '-');
	return true;
}

static bool nsec3_str(struct nw_rd *r, struct nw_sb *s)
{
	const uint8_t *hash;
	uint8_t hashlen;
	if (!nsec3_head(r, s) || !nw_rd_cstr(r, &hash, &hashlen))
		return false;
	if (hashlen == 0)
		return nw_rd_bad(r, "NSEC3 next hashed owner is empty");
	nw_sb_putc(s, ' ');
	nw_sb_base32hex(s, hash, hashlen);
	return nw_rr_type_bitmap(r, s);
}

bool nw_rr_sec_str(struct nw_rd *r, uint16_t type, struct nw_sb *s, bool *handled)
{
	*handled = true;
	switch (type) {
	case NW_DNS_T_DS:
	case 59: /* CDS */
		return ds_str(r, s);
	case NW_DNS_T_DNSKEY:
	case 60: /* CDNSKEY */
		return dnskey_str(r, s);
	case NW_DNS_T_RRSIG:
		return rrsig_str(r, s);
	case NW_DNS_T_NSEC:
		return nsec_str(r, s);
	case NW_DNS_T_NSEC3:
		return nsec3_str(r, s);
	case NW_DNS_T_NSEC3PARAM:
		return nsec3_head(r, s);
	case NW_DNS_T_TLSA:
	case 53: /* SMIMEA */
		return bytes_then_hex(r, s, 3, true);
	case NW_DNS_T_SSHFP:
		return bytes_then_hex(r, s, 2, true);
	}
	*handled = false;
	return true;
}
