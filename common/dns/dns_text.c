/*
 * dns_text.c: quoted character-strings as the DNS presentation format
 * writes them (RFC 1035 section 5.1).
 */
#include "config.h"

#include "dns/dns.h"

void nw_sb_quoted_char(struct nw_sb *s, uint8_t c)
{
	if (c < 0x20 || c >= 0x7f)
		nw_sb_printf(s, "\\%03u", c);
	else if (c == '"' || c == '\\')
		nw_sb_printf(s, "\\%c", c);
	else
		nw_sb_putc(s, (char)c);
}

void nw_sb_quoted(struct nw_sb *s, const uint8_t *p, size_t n)
{
	nw_sb_putc(s, '"');
	for (size_t i = 0; i < n; i++)
		nw_sb_quoted_char(s, p[i]);
	nw_sb_putc(s, '"');
}
