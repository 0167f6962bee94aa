/*
 * dns_svcb.c: SVCB and HTTPS records (RFC 9460) in presentation form as dig
 * prints them: priority, target, then each SvcParam as key=value.
 */
#include "config.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include "dns/dns_internal.h"

/* Key 7 (dohpath, RFC 9461) stays "key7", as dig 9.18 prints it. */
/* clang-format off */
static const char *const key_names[] = {
	"mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint",
};
/* clang-format on */
#define NKEYS (sizeof(key_names) / sizeof(key_names[0]))

static void key_str(struct nw_sb *s, uint16_t key)
{
	if (key < NKEYS)
		nw_sb_puts(s, key_names[key]);
	else
		nw_sb_printf(s, "key%u", key);
}

/* alpn: length-prefixed ids joined by commas; a comma inside an id is "\\,". */
static bool alpn_str(struct nw_rd *r, struct nw_sb *s, struct nw_buf *v)
{
	nw_sb_putc(s, '"');
	for (bool first = true; nw_buf_left(v); first = false) {
		uint8_t n;
		const uint8_t *p;
		if (!nw_buf_u8(v, &n) || n == 0 || !nw_buf_take(v, n, &p))
			return nw_rd_bad(r, "SVCB alpn value malformed");
		if (!first)
			nw_sb_putc(s, ',');
		for (uint8_t i = 0; i < n; i++) {
			if (p[i] == ',' || p[i] == '\\')
				nw_sb_puts(s, "\\\\");
			nw_sb_quoted_char(s, p[i]);
		}
	}
	nw_sb_putc(s, '"');
	return true;
}

static bool addrs_str(struct nw_rd *r, struct nw_sb *s, struct nw_buf *v, int family, size_t n)
{
	char buf[64];
	if (nw_buf_left(v) == 0 || nw_buf_left(v) % n)
		return nw_rd_bad(r, "SVCB address hint length is wrong");
	for (bool first = true; nw_buf_left(v); first = false) {
		const uint8_t *p = NULL;
		if (!nw_buf_take(v, n, &p))
			return false;
		if (!first)
			nw_sb_putc(s, ',');
		nw_sb_puts(s, inet_ntop(family, p, buf, sizeof buf));
	}
	return true;
}

static bool mandatory_str(struct nw_rd *r, struct nw_sb *s, struct nw_buf *v)
{
	if (nw_buf_left(v) == 0 || nw_buf_left(v) % 2)
		return nw_rd_bad(r, "SVCB mandatory length is wrong");
	for (bool first = true; nw_buf_left(v); first = false) {
		uint16_t k = 0;
		if (!nw_buf_u16(v, &k))
			return false;
		if (!first)
			nw_sb_putc(s, ',');
		key_str(s, k);
	}
	return true;
}

static bool value_str(struct nw_rd *r, struct nw_sb *s, uint16_t key, struct nw_buf *v)
{
	uint16_t port;
	switch (key) {
	case 0:
		return mandatory_str(r, s, v);
	case 1:
		return alpn_str(r, s, v);
	case 2:
		return nw_buf_left(v) == 0 || nw_rd_bad(r, "SVCB no-default-alpn has a value");
	case 3:
		if (nw_buf_left(v) != 2)
			return nw_rd_bad(r, "SVCB port is not 2 octets");
		nw_buf_u16(v, &port);
		nw_sb_printf(s, "%u", port);
		return true;
	case 4:
		return addrs_str(r, s, v, AF_INET, 4);
	case 6:
		return addrs_str(r, s, v, AF_INET6, 16);
	case 5:
		nw_sb_base64(s, nw_buf_cur(v), nw_buf_left(v), 0);
		return true;
	}
	nw_sb_putc(s, '"');
	for (size_t i = 0; i < nw_buf_left(v); i++)
		nw_sb_quoted_char(s, nw_buf_cur(v)[i]);
	nw_sb_putc(s, '"');
	return true;
}

bool nw_rr_svcb_str(struct nw_rd *r, struct nw_sb *s)
{
	uint16_t prio;
	struct nw_dns_name target;
	int last = -1;

	if (!nw_rd_u16(r, &prio) || !nw_rd_name(r, &target))
		return false;
	nw_sb_printf(s, "%u ", prio);
	nw_sb_name(s, &target);
	while (nw_rd_left(r)) {
		uint16_t key, len;
		const uint8_t *p;
		struct nw_buf v;
		if (!nw_rd_u16(r, &key) || !nw_rd_u16(r, &len) || !nw_rd_take(r, len, &p))
			return false;
		if ((int)key <= last)
			return nw_rd_bad(r, "SVCB keys not in increasing order");
		last = key;
		nw_sb_putc(s, ' ');
		key_str(s, key);
		if (len == 0 && key != 1 && key < NKEYS)
			continue;
		if (len == 0 && key >= NKEYS)
			continue;
		nw_sb_putc(s, '=');
		nw_buf_init(&v, p, len);
		if (!value_str(r, s, key, &v))
			return false;
	}
	return true;
}
