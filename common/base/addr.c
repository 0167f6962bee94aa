/*
 * addr.c: IPv4/IPv6 and MAC addresses: strict parsing (inet_pton only, so
 * no "1.2.3", "127.1", "0x7f.0.0.1" or leading zeros), formatting, name
 * resolution (getaddrinfo, literals never go to DNS) and CIDR blocks.
 */
#include "config.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/addr.h"

const uint8_t nw_mac_broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* Reasons that quote the input are formatted here; one message lives at a time. */
static char why_buf[128];

void nw_addr_from_v4(struct nw_addr *a, struct in_addr v4)
{
	memset(a, 0, sizeof *a);
	a->family = AF_INET;
	a->u.v4 = v4;
}

void nw_addr_from_v6(struct nw_addr *a, const struct in6_addr *v6)
{
	memset(a, 0, sizeof *a);
	a->family = AF_INET6;
	a->u.v6 = *v6;
}

static int parse_v4(const char *s, struct nw_addr *out)
{
	struct in_addr v4;
	if (inet_pton(AF_INET, s, &v4) != 1)
		return -1;
	nw_addr_from_v4(out, v4);
	return 0;
}

/* A zone: an interface name or index, as the scope of a link-local address. */
static int parse_zone(const char *zone, uint32_t *scope_id)
{
	char *end;
	unsigned long n = strtoul(zone, &end, 10);
	if (*zone >= '0' && *zone <= '9' && *end == '\0' && n > 0 && n <= UINT32_MAX) {
		*scope_id = (uint32_t)n;
		return 0;
	}
	*scope_id = if_nametoindex(zone);
	return *scope_id ? 0 : -1;
}

/* "ADDR" or "ADDR%ZONE".  0, -1 (not IPv6), or -2 (IPv6 with a zone naming no interface). */
static int parse_v6(const char *s, struct nw_addr *out)
{
	char host[NW_ADDRSTRLEN];
	struct in6_addr v6;
	uint32_t scope_id = 0;
	const char *pct = strchr(s, '%');
	size_t len = pct ? (size_t)(pct - s) : strlen(s);
	if (len >= sizeof(host))
		return -1;
	memcpy(host, s, len);
	host[len] = '\0';
	if (inet_pton(AF_INET6, host, &v6) != 1)
		return -1;
	if (pct && parse_zone(pct + 1, &scope_id) != 0)
		return -2;
	nw_addr_from_v6(out, &v6);
	out->scope_id = scope_id;
	return 0;
}

int nw_addr_parse(const char *s, int family, struct nw_addr *out, const char **why)
{
	struct nw_addr tmp;
	int rc;

	if (!s || !*s) {
		*why = "empty";
		return -1;
	}
	switch (family) {
	case AF_INET:
		if (parse_v4(s, out) == 0)
			return 0;
		*why = parse_v6(s, &tmp) == 0 ? "an IPv6 address where IPv4 is expected"
					      : "not an IPv4 address";
		return -1;
	case AF_INET6:
		rc = parse_v6(s, out);
		if (rc == 0)
			return 0;
		*why = rc == -2			? "no such interface as its %zone"
		       : parse_v4(s, &tmp) == 0 ? "an IPv4 address where IPv6 is expected"
						: "not an IPv6 address";
		return -1;
	case AF_UNSPEC:
		if (parse_v4(s, out) == 0)
			return 0;
		rc = parse_v6(s, out);
		if (rc == 0)
			return 0;
		*why = rc == -2 ? "no such interface as its %zone" : "not an IP address";
		return -1;
	default:
		*why = "unsupported address family";
		return -1;
	}
}

/*
 * Strings that getaddrinfo would read as a numeric IPv4 address through
 * inet_aton ("1.2.3", "127.1", "0x7f.1", "010.0.0.1") but inet_pton refuses.
 * They are refused here rather than silently meaning something else.
 */
static bool loose_ipv4(const char *s)
{
	struct in_addr v4;
	return inet_aton(s, &v4) != 0;
}

/* The address of ai when it is of family (AF_UNSPEC: either). */
static bool addrinfo_addr(const struct addrinfo *ai, int family, struct nw_addr *out)
{
	if (ai->ai_family == AF_INET && (family == AF_UNSPEC || family == AF_INET) &&
	    ai->ai_addrlen >= sizeof(struct sockaddr_in)) {
		struct sockaddr_in sin;
		memcpy(&sin, ai->ai_addr, sizeof sin);
		nw_addr_from_v4(out, sin.sin_addr);
		return true;
	}
	if (ai->ai_family == AF_INET6 && (family == AF_UNSPEC || family == AF_INET6) &&
	    ai->ai_addrlen >= sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 sin6;
		memcpy(&sin6, ai->ai_addr, sizeof sin6);
		nw_addr_from_v6(out, &sin6.sin6_addr);
		out->scope_id = sin6.sin6_scope_id;
		return true;
	}
	return false;
}

int nw_addr_resolve_each(const char *host, int family, nw_addr_each_fn fn, void *ctx,
			 const char **why)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct nw_addr tmp;
	unsigned found = 0;
	int rc;

	if (!host || !*host) {
		*why = "empty";
		return -1;
	}
	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) {
		*why = "unsupported address family";
		return -1;
	}
	/* Literals first: no DNS, and a literal of the wrong family is an error. */
	if (nw_addr_parse(host, AF_UNSPEC, &tmp, why) == 0) {
		if (nw_addr_parse(host, family, &tmp, why) != 0)
			return -1;
		fn(ctx, &tmp);
		return 0;
	}
	if (strchr(host, '%'))
		return -1; /* a zone goes only with a literal address: why says what is wrong */
	if (loose_ipv4(host)) {
		*why = "not a valid IPv4 address (use the dotted quad a.b.c.d)";
		return -1;
	}

	memset(&hints, 0, sizeof hints);
	hints.ai_family = family;
	hints.ai_socktype = SOCK_DGRAM; /* one entry per address, not per socket type */
	hints.ai_flags = 0;		/* no AI_ADDRCONFIG: resolve names even with no route yet */
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0) {
		*why = gai_strerror(rc);
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next)
		if (addrinfo_addr(ai, family, &tmp)) {
			found++;
			if (fn(ctx, &tmp) != 0)
				break;
		}
	freeaddrinfo(res);
	if (!found) {
		*why = family == AF_INET    ? "no IPv4 address for this name"
		       : family == AF_INET6 ? "no IPv6 address for this name"
					    : "no address for this name";
		return -1;
	}
	return 0;
}

static int take_first(void *ctx, const struct nw_addr *a)
{
	*(struct nw_addr *)ctx = *a;
	return 1;
}

int nw_addr_resolve(const char *host, int family, struct nw_addr *out, const char **why)
{
	return nw_addr_resolve_each(host, family, take_first, out, why);
}

unsigned nw_addr_to_sockaddr(const struct nw_addr *a, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port)};
		sin.sin_addr = a->u.v4;
		memcpy(ss, &sin, sizeof(sin));
		return sizeof(sin);
	}
	if (a->family == AF_INET6) {
		struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
		sin6.sin6_addr = a->u.v6;
		sin6.sin6_scope_id = a->scope_id;
		memcpy(ss, &sin6, sizeof(sin6));
		return sizeof(sin6);
	}
	return 0;
}

bool nw_addr_from_sockaddr(const struct sockaddr_storage *ss, struct nw_addr *a, uint16_t *port)
{
	if (ss->ss_family == AF_INET) {
		struct sockaddr_in sin;
		memcpy(&sin, ss, sizeof(sin));
		nw_addr_from_v4(a, sin.sin_addr);
		if (port)
			*port = ntohs(sin.sin_port);
		return true;
	}
	if (ss->ss_family == AF_INET6) {
		struct sockaddr_in6 sin6;
		memcpy(&sin6, ss, sizeof(sin6));
		nw_addr_from_v6(a, &sin6.sin6_addr);
		a->scope_id = sin6.sin6_scope_id;
		if (port)
			*port = ntohs(sin6.sin6_port);
		return true;
	}
	return false;
}

const char *nw_addr_ntop(const struct nw_addr *a, char *buf, size_t len)
{
	if (!buf || len == 0)
		return "";
	buf[0] = '\0';
	if (!a || (a->family != AF_INET && a->family != AF_INET6)) {
		snprintf(buf, len, "(none)");
		return buf;
	}
	if (!inet_ntop(a->family,
		       a->family == AF_INET ? (const void *)&a->u.v4 : (const void *)&a->u.v6, buf,
		       (socklen_t)(len > 0xffff ? 0xffff : len)))
		buf[0] = '\0'; /* buffer too small: an empty string, never garbage */
	return buf;
}

bool nw_addr_equal(const struct nw_addr *a, const struct nw_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	if (a->family == AF_INET6)
		return memcmp(&a->u.v6, &b->u.v6, sizeof a->u.v6) == 0;
	return true; /* both unset */
}

/* ---- CIDR ------------------------------------------------------------------ */

static uint8_t *addr_bytes(struct nw_addr *a, size_t *n)
{
	if (a->family == AF_INET) {
		*n = 4;
		return (uint8_t *)&a->u.v4;
	}
	*n = 16;
	return a->u.v6.s6_addr;
}

/* Does a have bits set past prefix_len?  With clear, zero them. */
static bool host_bits(struct nw_addr *a, int prefix_len, bool clear)
{
	size_t n;
	uint8_t *b = addr_bytes(a, &n);
	bool set = false;
	for (size_t i = 0; i < n; i++) {
		int bit0 = (int)i * 8;
		uint8_t keep;
		if (prefix_len >= bit0 + 8)
			keep = 0xff;
		else if (prefix_len <= bit0)
			keep = 0;
		else
			keep = (uint8_t)(0xff << (8 - (prefix_len - bit0)));
		if (b[i] & (uint8_t)~keep)
			set = true;
		if (clear)
			b[i] &= keep;
	}
	return set;
}

int nw_cidr_parse(const char *s, bool allow_host_bits, struct nw_addr *net, int *prefix_len,
		  const char **why)
{
	char host[NW_ADDRSTRLEN];
	const char *slash, *p;
	struct nw_addr a;
	int max, len = 0;

	if (!s || !*s) {
		*why = "empty";
		return -1;
	}
	slash = strchr(s, '/');
	if (!slash) {
		*why = "missing /PREFIX (like 198.18.0.0/24)";
		return -1;
	}
	if ((size_t)(slash - s) >= sizeof host) {
		*why = "not an IP address";
		return -1;
	}
	memcpy(host, s, (size_t)(slash - s));
	host[slash - s] = '\0';
	if (nw_addr_parse(host, AF_UNSPEC, &a, why) != 0)
		return -1;
	max = a.family == AF_INET ? 32 : 128;

	/* Digits only, no leading zero; a number too big says so ("prefix length above 32"). */
	p = slash + 1;
	bool digits = *p >= '0' && *p <= '9' && !(p[0] == '0' && p[1] != '\0');
	for (; digits && *p; p++) {
		digits = *p >= '0' && *p <= '9';
		if (digits && len <= max)
			len = len * 10 + (*p - '0');
	}
	if (!digits || len > max) {
		if (!digits)
			*why = a.family == AF_INET ? "prefix must be between 0 and 32"
						   : "prefix must be between 0 and 128";
		else
			*why = a.family == AF_INET ? "prefix length above 32"
						   : "prefix length above 128";
		return -1;
	}
	if (host_bits(&a, len, allow_host_bits) && !allow_host_bits) {
		char netstr[NW_ADDRSTRLEN];
		struct nw_addr fixed = a;
		host_bits(&fixed, len, true);
		nw_addr_ntop(&fixed, netstr, sizeof netstr);
		snprintf(why_buf, sizeof why_buf, "host bits set (the block is %s/%d)", netstr,
			 len);
		*why = why_buf;
		return -1;
	}
	*net = a;
	*prefix_len = len;
	return 0;
}

bool nw_cidr_contains(const struct nw_addr *net, int prefix_len, const struct nw_addr *a)
{
	struct nw_addr n = *net, x = *a;
	if (net->family != a->family || (a->family != AF_INET && a->family != AF_INET6))
		return false;
	if (prefix_len < 0 || prefix_len > (a->family == AF_INET ? 32 : 128))
		return false;
	host_bits(&n, prefix_len, true);
	host_bits(&x, prefix_len, true);
	return nw_addr_equal(&n, &x);
}

/* ---- MAC ------------------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Three forms, hex digits in either case, exactly 6 octets:
 *   aa:bb:cc:dd:ee:ff   (an octet may be one digit: "0:1:2:3:4:5", as ip(8) takes)
 *   aa-bb-cc-dd-ee-ff   (two digits each)
 *   aabb.ccdd.eeff      (four digits each)
 */
int nw_mac_parse(const char *s, uint8_t mac[6], const char **why)
{
	static const char *bad = "not a MAC address (use aa:bb:cc:dd:ee:ff)";
	uint8_t m[6];
	size_t n = 0;
	const char *p;
	char sep;

	if (!s || !*s) {
		*why = "empty";
		return -1;
	}
	for (p = s; hexval(*p) >= 0; p++)
		;
	sep = *p;
	if (sep == '.') {
		/* Three groups of exactly four digits. */
		p = s;
		for (int g = 0; g < 3; g++) {
			for (int k = 0; k < 4; k++) {
				if (hexval(p[k]) < 0) {
					*why = bad;
					return -1;
				}
			}
			m[2 * g] = (uint8_t)(hexval(p[0]) << 4 | hexval(p[1]));
			m[2 * g + 1] = (uint8_t)(hexval(p[2]) << 4 | hexval(p[3]));
			p += 4;
			if (g < 2 && *p++ != '.') {
				*why = bad;
				return -1;
			}
		}
		if (*p) {
			*why = bad;
			return -1;
		}
		memcpy(mac, m, 6);
		return 0;
	}
	if (sep != ':' && sep != '-') {
		*why = bad;
		return -1;
	}
	p = s;
	for (;;) {
		int digits = 0, v = 0;
		while (hexval(*p) >= 0 && digits < 3) {
			v = v << 4 | hexval(*p++);
			digits++;
		}
		if (digits == 0 || digits > 2 || (sep == '-' && digits != 2)) {
			*why = bad;
			return -1;
		}
		if (n == 6) {
			*why = "too many octets (a MAC address has 6)";
			return -1;
		}
		m[n++] = (uint8_t)v;
		if (*p == '\0')
			break;
		if (*p++ != sep) {
			*why = bad;
			return -1;
		}
	}
	if (n != 6) {
		*why = "too few octets (a MAC address has 6)";
		return -1;
	}
	memcpy(mac, m, 6);
	return 0;
}

char *nw_mac_ntop(const uint8_t mac[6], char buf[NW_MACSTRLEN])
{
	snprintf(buf, NW_MACSTRLEN, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
	return buf;
}

bool nw_mac_is_zero(const uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		if (mac[i])
			return false;
	}
	return true;
}

/* The host part s[0..len) into host, and the port after it, both non-empty. */
static int copy_host_port(const char *s, size_t len, const char *port_s, char *host, size_t hostlen,
			  const char **port, const char **why)
{
	if (len == 0 || !*port_s) {
		*why = len == 0 ? "missing host before ':'" : "missing port after ':'";
		return -1;
	}
	if (len >= hostlen) {
		*why = "host name too long";
		return -1;
	}
	memcpy(host, s, len);
	host[len] = '\0';
	*port = port_s;
	return 0;
}

int nw_hostport_split(const char *s, char *host, size_t hostlen, const char **port,
		      const char **why)
{
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':') {
			*why = "expected [ADDR]:PORT";
			return -1;
		}
		return copy_host_port(s + 1, (size_t)(close - s - 1), close + 2, host, hostlen,
				      port, why);
	}
	const char *colon = strrchr(s, ':');
	if (!colon) {
		*why = "expected HOST:PORT";
		return -1;
	}
	if (strchr(s, ':') != colon) {
		*why = "an IPv6 address with a port is written [ADDR]:PORT";
		return -1;
	}
	return copy_host_port(s, (size_t)(colon - s), colon + 1, host, hostlen, port, why);
}
