/* test_addr: IP literals, resolution of literals and localhost, CIDR, MAC. */
#include "config.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include "base/addr.h"
#include "testlib.h"

static const char *why;

/* Parse s as family and format it back. */
static const char *roundtrip(const char *s, int family)
{
	static char buf[NW_ADDRSTRLEN];
	struct nw_addr a;
	why = NULL;
	if (nw_addr_parse(s, family, &a, &why) != 0)
		return "(error)";
	return nw_addr_ntop(&a, buf, sizeof buf);
}

static int parse_bad(const char *s, int family)
{
	struct nw_addr a = {.family = 99};
	why = NULL;
	return nw_addr_parse(s, family, &a, &why) == -1 && a.family == 99 && why && *why;
}

/* "fe80::1%lo": the zone is the interface's index; a zone naming no interface is an error. */
static void test_zone(void)
{
	struct nw_addr a;
	struct sockaddr_storage ss;
	char host[64];
	const char *port;

	CHECK(nw_addr_parse("fe80::1%lo", AF_UNSPEC, &a, &why) == 0 && a.family == AF_INET6);
	CHECK(a.scope_id == if_nametoindex("lo") && a.scope_id != 0);
	CHECK(nw_addr_parse("fe80::1%7", AF_INET6, &a, &why) == 0 && a.scope_id == 7);
	CHECK(nw_addr_to_sockaddr(&a, 80, &ss) == sizeof(struct sockaddr_in6));
	CHECK(((struct sockaddr_in6 *)&ss)->sin6_scope_id == 7);
	CHECK(nw_addr_parse("2001:db8::1", AF_INET6, &a, &why) == 0 && a.scope_id == 0);
	CHECK(parse_bad("fe80::1%nosuch0", AF_UNSPEC) && strstr(why, "zone"));
	CHECK(parse_bad("fe80::1%", AF_INET6));
	CHECK(parse_bad("198.18.0.1%lo", AF_UNSPEC));

	CHECK(nw_hostport_split("www.example:443", host, sizeof host, &port, &why) == 0);
	CHECK_STR(host, "www.example");
	CHECK_STR(port, "443");
	CHECK(nw_hostport_split("[2001:db8::1]:https", host, sizeof host, &port, &why) == 0);
	CHECK_STR(host, "2001:db8::1");
	CHECK_STR(port, "https");
	CHECK(nw_hostport_split("[fe80::1%lo]:80", host, sizeof host, &port, &why) == 0);
	CHECK_STR(host, "fe80::1%lo");
	CHECK(nw_hostport_split("2001:db8::1:80", host, sizeof host, &port, &why) == -1);
	CHECK(nw_hostport_split("host", host, sizeof host, &port, &why) == -1);
	CHECK(nw_hostport_split(":80", host, sizeof host, &port, &why) == -1);
	CHECK(nw_hostport_split("host:", host, sizeof host, &port, &why) == -1);
	CHECK(nw_hostport_split("[2001:db8::1]80", host, sizeof host, &port, &why) == -1);
}

static void test_parse(void)
{
	struct nw_addr a;

	CHECK_STR(roundtrip("198.18.0.1", AF_INET), "198.18.0.1");
	CHECK_STR(roundtrip("198.18.0.1", AF_UNSPEC), "198.18.0.1");
	CHECK_STR(roundtrip("0.0.0.0", AF_INET), "0.0.0.0");
	CHECK_STR(roundtrip("255.255.255.255", AF_INET), "255.255.255.255");
	CHECK_STR(roundtrip("2001:db8::1", AF_INET6), "2001:db8::1");
	CHECK_STR(roundtrip("2001:DB8:0:0:0:0:0:1", AF_UNSPEC), "2001:db8::1");
	CHECK_STR(roundtrip("::", AF_INET6), "::");
	CHECK_STR(roundtrip("::ffff:198.18.0.1", AF_INET6), "::ffff:198.18.0.1");

	CHECK(nw_addr_parse("2001:db8::1", AF_UNSPEC, &a, &why) == 0 && a.family == AF_INET6);
	CHECK(nw_addr_parse("198.18.0.1", AF_UNSPEC, &a, &why) == 0 && a.family == AF_INET);

	CHECK(parse_bad("1.2.3", AF_INET));
	CHECK_STR(why, "not an IPv4 address");
	CHECK(parse_bad("127.1", AF_UNSPEC));
	CHECK_STR(why, "not an IP address");
	CHECK(parse_bad("01.2.3.4", AF_INET));
	CHECK(parse_bad("1.2.3.04", AF_UNSPEC));
	CHECK(parse_bad("0x7f.0.0.1", AF_INET));
	CHECK(parse_bad("256.1.1.1", AF_INET));
	CHECK(parse_bad("1.2.3.4.5", AF_INET));
	CHECK(parse_bad(" 1.2.3.4", AF_INET));
	CHECK(parse_bad("1.2.3.4 ", AF_INET));
	CHECK(parse_bad("1.2.3.4/24", AF_INET));
	CHECK(parse_bad("", AF_UNSPEC));
	CHECK_STR(why, "empty");
	CHECK(parse_bad(NULL, AF_UNSPEC));
	CHECK(parse_bad("localhost", AF_UNSPEC));
	CHECK(parse_bad("2001:db8:::1", AF_INET6));
	CHECK_STR(why, "not an IPv6 address");
	CHECK(parse_bad("2001:db8::g", AF_UNSPEC));
	CHECK(parse_bad("fe80::1%nosuch0", AF_INET6));
	CHECK(parse_bad("2001:db8::1", AF_INET));
	CHECK_STR(why, "an IPv6 address where IPv4 is expected");
	CHECK(parse_bad("198.18.0.1", AF_INET6));
	CHECK_STR(why, "an IPv4 address where IPv6 is expected");
	CHECK(parse_bad("198.18.0.1", AF_PACKET));
	CHECK_STR(why, "unsupported address family");
}

static void test_resolve(void)
{
	struct nw_addr a, b;
	char buf[NW_ADDRSTRLEN];

	CHECK(nw_addr_resolve("198.18.0.7", AF_UNSPEC, &a, &why) == 0);
	CHECK_STR(nw_addr_ntop(&a, buf, sizeof buf), "198.18.0.7");
	CHECK(nw_addr_resolve("2001:db8::7", AF_INET6, &a, &why) == 0);
	CHECK_STR(nw_addr_ntop(&a, buf, sizeof buf), "2001:db8::7");
	/* Literals of the other family do not go to DNS. */
	CHECK(nw_addr_resolve("2001:db8::7", AF_INET, &a, &why) == -1);
	CHECK_STR(why, "an IPv6 address where IPv4 is expected");
	/* Forms getaddrinfo would take through inet_aton are refused. */
	CHECK(nw_addr_resolve("1.2.3", AF_UNSPEC, &a, &why) == -1);
	CHECK(nw_addr_resolve("127.1", AF_INET, &a, &why) == -1);
	CHECK(nw_addr_resolve("0x7f.0.0.1", AF_INET, &a, &why) == -1);
	CHECK(nw_addr_resolve("", AF_UNSPEC, &a, &why) == -1);
	CHECK(nw_addr_resolve("x", 12345, &a, &why) == -1);

	/* localhost comes from /etc/hosts (nss files): no network needed. */
	if (nw_addr_resolve("localhost", AF_INET, &a, &why) == 0) {
		nw_addr_parse("127.0.0.1", AF_INET, &b, &why);
		CHECK(a.family == AF_INET);
		CHECK(nw_addr_equal(&a, &b));
	} else {
		fprintf(stderr, "note: localhost does not resolve here (%s); skipped\n", why);
	}
	/* (No lookup of a name that must fail: that would wait on DNS when offline.) */
}

static void test_misc(void)
{
	struct nw_addr a, b, z1 = {0}, z2 = {0};
	struct in_addr v4;
	char buf[NW_ADDRSTRLEN], tiny[4];

	inet_pton(AF_INET, "198.18.1.2", &v4);
	nw_addr_from_v4(&a, v4);
	CHECK(a.family == AF_INET);
	nw_addr_parse("198.18.1.2", AF_INET, &b, &why);
	CHECK(nw_addr_equal(&a, &b));
	nw_addr_parse("198.18.1.3", AF_INET, &b, &why);
	CHECK(!nw_addr_equal(&a, &b));
	nw_addr_parse("::ffff:198.18.1.2", AF_INET6, &b, &why);
	CHECK(!nw_addr_equal(&a, &b));
	nw_addr_from_v6(&a, &b.u.v6);
	CHECK(nw_addr_equal(&a, &b));
	CHECK(nw_addr_equal(&z1, &z2));
	CHECK_STR(nw_addr_ntop(&z1, buf, sizeof buf), "(none)");
	CHECK_STR(nw_addr_ntop(&a, tiny, sizeof tiny), "");
}

static int cidr(const char *s, bool allow, const char *want_net, int want_len)
{
	struct nw_addr net;
	int len = -1;
	char buf[NW_ADDRSTRLEN];
	why = NULL;
	if (nw_cidr_parse(s, allow, &net, &len, &why) != 0) {
		fprintf(stderr, "nw_cidr_parse(\"%s\") failed: %s\n", s, why);
		return 0;
	}
	return strcmp(nw_addr_ntop(&net, buf, sizeof buf), want_net) == 0 && len == want_len;
}

static int cidr_bad(const char *s, bool allow)
{
	struct nw_addr net = {.family = 99};
	int len = -1;
	why = NULL;
	return nw_cidr_parse(s, allow, &net, &len, &why) == -1 && net.family == 99 && len == -1 &&
	       why && *why;
}

static int contains(const char *block, const char *addr)
{
	struct nw_addr net, a;
	int len;
	if (nw_cidr_parse(block, false, &net, &len, &why) != 0 ||
	    nw_addr_parse(addr, AF_UNSPEC, &a, &why) != 0)
		return -1;
	return nw_cidr_contains(&net, len, &a);
}

static void test_cidr(void)
{
	struct nw_addr net, a;

	CHECK(cidr("198.18.0.0/24", false, "198.18.0.0", 24));
	CHECK(cidr("198.18.0.0/15", false, "198.18.0.0", 15));
	CHECK(cidr("0.0.0.0/0", false, "0.0.0.0", 0));
	CHECK(cidr("198.18.0.1/32", false, "198.18.0.1", 32));
	CHECK(cidr("198.18.0.77/24", true, "198.18.0.0", 24));
	CHECK(cidr("198.19.255.255/15", true, "198.18.0.0", 15));
	CHECK(cidr("2001:db8::/32", false, "2001:db8::", 32));
	CHECK(cidr("2001:db8::/128", false, "2001:db8::", 128));
	CHECK(cidr("2001:db8:1:2::5/64", true, "2001:db8:1:2::", 64));
	CHECK(cidr("2001:db8:ffff::/33", true, "2001:db8:8000::", 33));

	CHECK(cidr_bad("198.18.0.1/24", false));
	CHECK_STR(why, "host bits set (the block is 198.18.0.0/24)");
	CHECK(cidr_bad("2001:db8::1/64", false));
	CHECK_STR(why, "host bits set (the block is 2001:db8::/64)");
	CHECK(cidr_bad("198.18.0.0/33", false));
	CHECK_STR(why, "prefix length above 32");
	CHECK(cidr_bad("198.18.0.0/99999999999999999999", true));
	CHECK_STR(why, "prefix length above 32");
	CHECK(cidr_bad("2001:db8::/129", false));
	CHECK_STR(why, "prefix length above 128");
	CHECK(cidr_bad("198.18.0.0/2x", true));
	CHECK_STR(why, "prefix must be between 0 and 32");
	CHECK(cidr_bad("2001:db8::/033", true));
	CHECK_STR(why, "prefix must be between 0 and 128");
	CHECK(cidr_bad("198.18.0.0", false));
	CHECK_STR(why, "missing /PREFIX (like 198.18.0.0/24)");
	CHECK(cidr_bad("198.18.0.0/", false));
	CHECK(cidr_bad("198.18.0.0/-1", false));
	CHECK(cidr_bad("198.18.0.0/+8", false));
	CHECK(cidr_bad("198.18.0.0/024", false));
	CHECK(cidr_bad("198.18.0.0/24 ", false));
	CHECK(cidr_bad("198.18.0.0/24/8", false));
	CHECK(cidr_bad("198.18.0.0/99999999999999999999", true));
	CHECK(cidr_bad("198.18.0/24", true));
	CHECK(cidr_bad("/24", true));
	CHECK(cidr_bad("", true));
	CHECK(cidr_bad("2001:0db8:0000:0000:0000:0000:0000:0000:0000/64", true));

	CHECK_INT(contains("198.18.0.0/24", "198.18.0.200"), 1);
	CHECK_INT(contains("198.18.0.0/24", "198.18.1.0"), 0);
	CHECK_INT(contains("198.18.0.0/15", "198.19.255.255"), 1);
	CHECK_INT(contains("198.18.0.0/15", "198.20.0.0"), 0);
	CHECK_INT(contains("0.0.0.0/0", "203.0.113.9"), 1);
	CHECK_INT(contains("198.18.0.5/32", "198.18.0.5"), 1);
	CHECK_INT(contains("198.18.0.5/32", "198.18.0.4"), 0);
	CHECK_INT(contains("198.18.0.0/24", "2001:db8::1"), 0);
	CHECK_INT(contains("2001:db8::/32", "2001:db8:ffff::1"), 1);
	CHECK_INT(contains("2001:db8::/32", "2001:db9::1"), 0);
	CHECK_INT(contains("2001:db8::/33", "2001:db8:7fff::"), 1);
	CHECK_INT(contains("2001:db8::/33", "2001:db8:8000::"), 0);
	CHECK_INT(contains("::/0", "2001:db8::1"), 1);
	nw_addr_parse("198.18.0.0", AF_INET, &net, &why);
	nw_addr_parse("198.18.0.1", AF_INET, &a, &why);
	CHECK(!nw_cidr_contains(&net, 33, &a));
	CHECK(!nw_cidr_contains(&net, -1, &a));
}

static int mac_ok(const char *s, const char *want)
{
	uint8_t m[6];
	char buf[NW_MACSTRLEN];
	why = NULL;
	if (nw_mac_parse(s, m, &why) != 0) {
		fprintf(stderr, "nw_mac_parse(\"%s\") failed: %s\n", s, why);
		return 0;
	}
	return strcmp(nw_mac_ntop(m, buf), want) == 0;
}

static int mac_bad(const char *s)
{
	uint8_t m[6] = {9, 9, 9, 9, 9, 9};
	why = NULL;
	return nw_mac_parse(s, m, &why) == -1 && m[0] == 9 && m[5] == 9 && why && *why;
}

static void test_mac(void)
{
	const uint8_t zero[6] = {0}, one[6] = {0, 0, 0, 0, 0, 1};
	char buf[NW_MACSTRLEN];

	CHECK(mac_ok("00:11:22:33:44:55", "00:11:22:33:44:55"));
	CHECK(mac_ok("AA:bb:Cc:dD:EE:ff", "aa:bb:cc:dd:ee:ff"));
	CHECK(mac_ok("0:1:2:3:4:5", "00:01:02:03:04:05"));
	CHECK(mac_ok("a:b:c:d:e:f", "0a:0b:0c:0d:0e:0f"));
	CHECK(mac_ok("aa-bb-cc-dd-ee-ff", "aa:bb:cc:dd:ee:ff"));
	CHECK(mac_ok("AABB.CCDD.EEFF", "aa:bb:cc:dd:ee:ff"));
	CHECK(mac_ok("0011.2233.4455", "00:11:22:33:44:55"));
	CHECK(mac_ok("ff:ff:ff:ff:ff:ff", "ff:ff:ff:ff:ff:ff"));

	CHECK(mac_bad("00:11:22:33:44"));
	CHECK_STR(why, "too few octets (a MAC address has 6)");
	CHECK(mac_bad("00:11:22:33:44:55:66"));
	CHECK_STR(why, "too many octets (a MAC address has 6)");
	CHECK(mac_bad("00:11:22:33:44:"));
	CHECK(mac_bad("00:11:22:33:44:55:"));
	CHECK(mac_bad(":00:11:22:33:44:55"));
	CHECK(mac_bad("00::22:33:44:55"));
	CHECK(mac_bad("000:11:22:33:44:55"));
	CHECK(mac_bad("00:11:22:33:44:5g"));
	CHECK(mac_bad("0-1-2-3-4-5"));
	CHECK(mac_bad("00-11-22-33-44"));
	CHECK(mac_bad("00:11-22:33:44:55"));
	CHECK(mac_bad("aabb.ccdd.eef"));
	CHECK(mac_bad("aabb.ccdd.eeff.0011"));
	CHECK(mac_bad("aabb.ccdd"));
	CHECK(mac_bad("aabbc.cdd.eeff"));
	CHECK(mac_bad("aabbccddeeff"));
	CHECK_STR(why, "not a MAC address (use aa:bb:cc:dd:ee:ff)");
	CHECK(mac_bad("00:11:22:33:44:55 "));
	CHECK(mac_bad(" 00:11:22:33:44:55"));
	CHECK(mac_bad("+0:11:22:33:44:55"));
	CHECK(mac_bad(""));
	CHECK_STR(why, "empty");
	CHECK(mac_bad("gateway"));

	CHECK(nw_mac_is_zero(zero));
	CHECK(!nw_mac_is_zero(one));
	CHECK(!nw_mac_is_zero(nw_mac_broadcast));
	CHECK_STR(nw_mac_ntop(nw_mac_broadcast, buf), "ff:ff:ff:ff:ff:ff");
	CHECK_STR(nw_mac_ntop(one, buf), "00:00:00:00:00:01");
}

/* Socket addresses both ways, for both families, and an unset address. */
static void test_sockaddr(void)
{
	struct sockaddr_storage ss;
	struct nw_addr a, back;
	uint16_t port = 0;
	char buf[NW_ADDRSTRLEN];

	CHECK_INT(nw_addr_parse("198.18.0.7", AF_UNSPEC, &a, NULL), 0);
	CHECK_INT(nw_addr_to_sockaddr(&a, 5300, &ss), sizeof(struct sockaddr_in));
	CHECK_INT(ss.ss_family, AF_INET);
	CHECK_INT(ntohs(((struct sockaddr_in *)&ss)->sin_port), 5300);
	CHECK(nw_addr_from_sockaddr(&ss, &back, &port));
	CHECK(nw_addr_equal(&a, &back));
	CHECK_INT(port, 5300);

	CHECK_INT(nw_addr_parse("2001:db8::53", AF_UNSPEC, &a, NULL), 0);
	CHECK_INT(nw_addr_to_sockaddr(&a, 53, &ss), sizeof(struct sockaddr_in6));
	CHECK(nw_addr_from_sockaddr(&ss, &back, &port));
	CHECK_STR(nw_addr_ntop(&back, buf, sizeof(buf)), "2001:db8::53");
	CHECK_INT(port, 53);

	memset(&a, 0, sizeof(a));
	CHECK_INT(nw_addr_to_sockaddr(&a, 53, &ss), 0);
	CHECK(!nw_addr_from_sockaddr(&ss, &back, &port));
}

int main(void)
{
	test_sockaddr();
	test_parse();
	test_zone();
	test_resolve();
	test_misc();
	test_cidr();
	test_mac();
	return nw_test_result("test_addr");
}
