/*
 * test_roothints.c: root hints files (common/dns/roothints.c): IANA's
 * named.root form and the one the tests and nw-lab write, the built-in
 * list, the family filter and the cap, master file details (TTL and class
 * in either order, a blank owner, comments, $ directives, CR LF), and
 * every malformed line with its reason and line number.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "dns/roothints.h"
#include "testlib.h"

static struct nw_roothints h;
static const char *why;

static enum nw_status parse(const char *text, int family)
{
	why = NULL;
	return nw_roothints_parse((const uint8_t *)text, strlen(text), family, &h, &why);
}

/* Hint i is NAME ADDR. */
static void check_hint(int i, const char *name, const char *addr)
{
	char n[NW_DNS_NAME_STRLEN], a[NW_ADDRSTRLEN];
	CHECK(i < h.n);
	if (i >= h.n)
		return;
	nw_dns_name_str(&h.hint[i].name, n, sizeof n);
	CHECK_STR(n, name);
	CHECK_STR(nw_addr_ntop(&h.hint[i].addr, a, sizeof a), addr);
}

static void test_forms(void)
{
	/* What the tests and nw-lab's template write. */
	CHECK_INT(parse(".\t3600000\tNS\tA.ROOT.TEST.\nA.ROOT.TEST.\t3600000\tA\t198.18.60.1\n", 0),
		  NW_OK);
	CHECK_INT(h.n, 1);
	check_hint(0, "A.ROOT.TEST.", "198.18.60.1");
	CHECK_INT(h.line, 0);

	/* IANA's form: comments, then NS, A and AAAA lines. */
	CHECK_INT(parse(";       This file holds the information on root name servers\n"
			";\n"
			".                        3600000      NS    A.ROOT-SERVERS.NET.\n"
			"A.ROOT-SERVERS.NET.      3600000      A     198.41.0.4\n"
			"A.ROOT-SERVERS.NET.      3600000      AAAA  2001:503:ba3e::2:30\n"
			"; End of file",
			0),
		  NW_OK);
	CHECK_INT(h.n, 2);
	check_hint(1, "A.ROOT-SERVERS.NET.", "2001:503:ba3e::2:30");
	CHECK_INT(parse(";\n.  NS  a.root.test.\na.root.test. A 198.18.60.1\n"
			"a.root.test. AAAA 2001:db8::1\n",
			AF_INET6),
		  NW_OK);
	CHECK_INT(h.n, 1);
	check_hint(0, "a.root.test.", "2001:db8::1");

	/* Master file details: TTL and class either way round, units, no TTL, a blank owner,
	   comments after a record, $ directives, "@", CR LF, no final newline, other classes. */
	CHECK_INT(parse("$TTL 1W\r\n"
			"# an old-style comment\r\n"
			"a.root.test. IN 1W2D A 198.18.60.1 ; the first\r\n"
			"\tAAAA 2001:db8::1\r\n"
			"b.root.test. 3600 IN A 198.18.60.2\r\n"
			"c.root.test. A 198.18.60.3\r\n"
			"d.root.test. CH A 198.18.60.4\r\n"
			"@ IN TXT \"skipped\"\r\n"
			"e.root.test. TYPE1 198.18.60.5",
			0),
		  NW_OK);
	CHECK_INT(h.n, 5);
	check_hint(0, "a.root.test.", "198.18.60.1");
	check_hint(1, "a.root.test.", "2001:db8::1");
	check_hint(2, "b.root.test.", "198.18.60.2");
	check_hint(3, "c.root.test.", "198.18.60.3");
	check_hint(4, "e.root.test.", "198.18.60.5");

	CHECK_INT(parse("", 0), NW_OK);
	CHECK_INT(h.n, 0);
	CHECK_INT(nw_roothints_parse(NULL, 0, 0, &h, &why), NW_OK);
	CHECK_INT(h.n, 0);
}

static void test_builtin_and_cap(void)
{
	CHECK_INT(parse(nw_roothints_iana, 0), NW_OK);
	CHECK_INT(h.n, 26);
	check_hint(0, "a.root-servers.net.", "198.41.0.4");
	check_hint(1, "a.root-servers.net.", "2001:503:ba3e::2:30");
	check_hint(25, "m.root-servers.net.", "2001:dc3::35");
	CHECK_INT(parse(nw_roothints_iana, AF_INET), NW_OK);
	CHECK_INT(h.n, 13);
	check_hint(12, "m.root-servers.net.", "202.12.27.33");

	/* More addresses than NW_ROOTHINTS_MAX: the first ones are kept. */
	static char many[8192];
	size_t n = 0;
	for (int i = 0; i < 40; i++)
		n +=
		    (size_t)snprintf(many + n, sizeof many - n, "r%d.test. A 198.18.61.%d\n", i, i);
	CHECK_INT(parse(many, 0), NW_OK);
	CHECK_INT(h.n, NW_ROOTHINTS_MAX);
	check_hint(NW_ROOTHINTS_MAX - 1, "r31.test.", "198.18.61.31");
}

/* text is malformed on line `line`, with a reason containing `want`. */
static void check_bad(const char *text, unsigned line, const char *want)
{
	CHECK_INT(parse(text, 0), NW_MALFORMED);
	CHECK_INT(h.line, line);
	CHECK(why != NULL && strstr(why, want) != NULL);
	if (why && !strstr(why, want))
		fprintf(stderr, "  reason '%s', want '%s'\n", why, want);
}

static void test_malformed(void)
{
	check_bad("a.test. A 198.18.60.999\n", 1, "not an IPv4 address");
	check_bad("; ok\na.test. AAAA 198.18.60.1\n", 2, "not an IPv6 address");
	check_bad("a.test. A\n", 1, "without its address");
	check_bad("a.test. A 198.18.60.1 198.18.60.2\n", 1, "more than one address");
	check_bad("a.test. 3600 IN\n", 1, "without a type");
	check_bad("a.test. 3600 BOGUS 198.18.60.1\n", 1, "not a TTL, class or record type");
	check_bad("a.test. 36x00 A 198.18.60.1\n", 1, "not a TTL, class or record type");
	check_bad("\tA 198.18.60.1\n", 1, "without an owner");
	check_bad("a..test. A 198.18.60.1\n", 1, "empty label");
	check_bad(". SOA a. b. ( 1 2\n 3 4 5 )\n", 1, "parentheses");
	check_bad("a.test. 1 IN A 1 2 3 4 5 6 7 8\n", 1, "too many fields");
	static char longline[2048];
	memset(longline, 'a', sizeof longline - 1);
	check_bad(longline, 1, "line too long");
	static const char nul[] = "a.test. A 198.18.60.1\nb.test.\0 A 198.18.60.2\n";
	CHECK_INT(nw_roothints_parse((const uint8_t *)nul, sizeof nul - 1, 0, &h, &why),
		  NW_MALFORMED);
	CHECK_INT(h.line, 2);
	CHECK_STR(why, "NUL octet in a line");
}

static void test_load(void)
{
	char err[256];
	CHECK_INT(nw_roothints_load("/nonexistent/root.hints", 0, &h, err, sizeof err), -1);
	CHECK_STR(err, "No such file or directory");
}

int main(void)
{
	test_forms();
	test_builtin_and_cap();
	test_malformed();
	test_load();
	return nw_test_result("test_roothints");
}
