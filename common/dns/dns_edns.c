/*
 * dns_edns.c: EDNS options (RFC 6891 section 6.1.2) in the form of dig's
 * OPT PSEUDOSECTION: NSID (RFC 5001), client subnet (RFC 7871), EXPIRE
 * (RFC 7314), COOKIE (RFC 7873), TCP keepalive (RFC 7828), padding
 * (RFC 7830), extended DNS errors (RFC 8914); others in hex.
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "dns/dns_internal.h"

/* "6e 73 31 (\"ns1\")": hex bytes, then the printable rendering. */
static void hex_and_text(struct nw_sb *s, const uint8_t *p, uint16_t n)
{
	for (uint16_t i = 0; i < n; i++)
		nw_sb_printf(s, "%s%02x", i ? " " : "", p[i]);
	nw_sb_puts(s, n ? " (\"" : "(\"");
	for (uint16_t i = 0; i < n; i++)
		nw_sb_putc(s, p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.');
	nw_sb_puts(s, "\")");
}

static enum nw_status bad(const char *msg, const char **why)
{
	if (why)
		*why = msg;
	return NW_MALFORMED;
}

static enum nw_status ecs_str(struct nw_sb *s, const uint8_t *p, uint16_t n, const char **why)
{
	uint8_t addr[16] = {0};
	char buf[64];
	if (n < 4)
		return bad("CLIENT-SUBNET option shorter than 4 octets", why);
	uint16_t family = (uint16_t)(p[0] << 8 | p[1]);
	uint8_t src = p[2], scope = p[3];
	size_t alen = family == 1 ? 4 : family == 2 ? 16 : 0;
	if (!alen)
		return bad("CLIENT-SUBNET family is not 1 or 2", why);
	if (n - 4u > alen || src > alen * 8 || n - 4u != ((size_t)src + 7) / 8)
		return bad("CLIENT-SUBNET address length does not match its prefix", why);
	memcpy(addr, p + 4, n - 4u);
	inet_ntop(family == 1 ? AF_INET : AF_INET6, addr, buf, sizeof buf);
	nw_sb_printf(s, "%s/%u/%u", buf, src, scope);
	return NW_OK;
}

static enum nw_status ede_str(struct nw_sb *s, const uint8_t *p, uint16_t n, const char **why)
{
	if (n < 2)
		return bad("EDE option shorter than 2 octets", why);
	uint16_t code = (uint16_t)(p[0] << 8 | p[1]);
	const char *name = nw_dns_ede_name(code);
	nw_sb_printf(s, "%u", code);
	if (name)
		nw_sb_printf(s, " (%s)", name);
	if (n > 2) {
		nw_sb_puts(s, ": (");
		for (uint16_t i = 2; i < n; i++)
			nw_sb_putc(s, p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.');
		nw_sb_putc(s, ')');
	}
	return NW_OK;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static enum nw_status option_sb(struct nw_sb *sb, uint16_t code, const uint8_t *p, uint16_t n,
				const char **why)
{
	const char *name = nw_dns_edns_option_name(code);
	enum nw_status st = NW_OK;

	if (name)
		nw_sb_printf(sb, "%s: ", name);
	else
		nw_sb_printf(sb, "OPT=%u: ", code);
	switch (code) {
	case NW_EDNS_CLIENT_SUBNET:
		st = ecs_str(sb, p, n, why);
		break;
	case NW_EDNS_COOKIE:
		if (n != 8 && (n < 16 || n > 40))
			return bad("COOKIE option length is not 8 or 16..40", why);
		for (uint16_t i = 0; i < n; i++)
			nw_sb_printf(sb, "%02x", p[i]);
		break;
	case NW_EDNS_EXPIRE:
		if (n != 4 && n != 0)
			return bad("EXPIRE option length is not 4", why);
		if (n == 4)
			nw_sb_printf(sb, "%u", be32(p));
		break;
	case NW_EDNS_TCP_KEEPALIVE:
		if (n != 2 && n != 0)
			return bad("TCP-KEEPALIVE option length is not 2", why);
		if (n == 2)
			nw_sb_printf(sb, "%.1f secs", (p[0] << 8 | p[1]) / 10.0);
		break;
	case NW_EDNS_PADDING:
		nw_sb_printf(sb, "(%u bytes)", n);
		break;
	case NW_EDNS_EDE:
		st = ede_str(sb, p, n, why);
		break;
	default:
		hex_and_text(sb, p, n);
	}
	return st;
}

enum nw_status nw_dns_edns_option_str(uint16_t code, const uint8_t *p, uint16_t n, char *out,
				      size_t outlen, const char **why)
{
	struct nw_sb s;
	nw_sb_init(&s, out, outlen);
	enum nw_status st = option_sb(&s, code, p, n, why);
	if (st == NW_OK && s.overflow)
		return bad("presentation longer than the output buffer", why);
	return st;
}

/* The OPT record as one line: its options separated by "; ". */
bool nw_rr_opt_str(struct nw_rd *r, struct nw_sb *s)
{
	const char *why = NULL;
	bool first = true;
	while (nw_rd_left(r)) {
		uint16_t code, len;
		const uint8_t *p;
		if (!nw_rd_u16(r, &code) || !nw_rd_u16(r, &len) || !nw_rd_take(r, len, &p))
			return false;
		if (!first)
			nw_sb_puts(s, "; ");
		if (option_sb(s, code, p, len, &why) != NW_OK)
			return nw_rd_bad(r, why);
		first = false;
	}
	return true;
}
