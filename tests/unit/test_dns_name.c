/*
 * test_dns_name.c: DNS names (common/dns/dns_name.c): compression and every
 * guard against hostile messages (loops, pointers forward or past the end,
 * labels over 63, names over 255), presentation escapes, parsing.
 */
#include "config.h"

#include <string.h>

#include "dns/dns.h"
#include "testlib.h"

static enum nw_status read_at(const uint8_t *msg, size_t len, size_t pos, char *out, size_t *end,
			      const char **why)
{
	struct nw_buf b;
	struct nw_dns_name n;
	nw_buf_init(&b, msg, len);
	b.pos = pos;
	enum nw_status st = nw_dns_name_read(&b, &n, why);
	if (st == NW_OK) {
		nw_dns_name_str(&n, out, NW_DNS_NAME_STRLEN);
		*end = b.pos;
	}
	return st;
}

static void test_compression(void)
{
	/* clang-format off */
	static const uint8_t msg[] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,              /* header (unused) */
		3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, /* 12 */
		4, 'm', 'a', 'i', 'l', 0xc0, 16,                /* 29: mail + -> example.com */
		0xc0, 29,                                       /* 36: -> mail.example.com */
		0,                                              /* 38: root */
	};
	/* clang-format on */
	char s[NW_DNS_NAME_STRLEN];
	size_t end = 0;
	const char *why = NULL;

	CHECK_INT(read_at(msg, sizeof msg, 12, s, &end, &why), NW_OK);
	CHECK_STR(s, "www.example.com.");
	CHECK_INT(end, 29);
	CHECK_INT(read_at(msg, sizeof msg, 29, s, &end, &why), NW_OK);
	CHECK_STR(s, "mail.example.com.");
	CHECK_INT(end, 36);
	CHECK_INT(read_at(msg, sizeof msg, 36, s, &end, &why), NW_OK);
	CHECK_STR(s, "mail.example.com.");
	CHECK_INT(end, 38);
	CHECK_INT(read_at(msg, sizeof msg, 38, s, &end, &why), NW_OK);
	CHECK_STR(s, ".");
}

struct bad_case {
	const char *what;
	uint8_t msg[24];
	size_t len, pos;
	enum nw_status want;
	const char *why_part;
};

static void test_guards(void)
{
	/* clang-format off */
	static const struct bad_case cases[] = {
		{"pointer to itself", {1, 'a', 0xc0, 2}, 4, 0, NW_MALFORMED, "forward"},
		{"pointer forward", {0xc0, 3, 0, 0}, 4, 0, NW_MALFORMED, "forward"},
		{"pointer past end", {0xc0, 200}, 2, 0, NW_MALFORMED, "past the end"},
		{"loop via two pointers", {1, 'a', 0xc0, 0, 0xc0, 0}, 6, 4, NW_MALFORMED, "loop"},
		{"label 64 (0x40 type)", {0x40, 'a'}, 2, 0, NW_MALFORMED, "63"},
		{"label type 0x80", {0x80, 'a'}, 2, 0, NW_MALFORMED, "63"},
		{"cut inside label", {5, 'a', 'b'}, 3, 0, NW_TRUNCATED, "label"},
		{"no root", {1, 'a'}, 2, 0, NW_TRUNCATED, "name"},
		{"cut inside pointer", {1, 'a', 0xc0}, 3, 0, NW_TRUNCATED, "pointer"},
		{"empty", {0}, 0, 0, NW_TRUNCATED, "name"},
	};
	/* clang-format on */
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char s[NW_DNS_NAME_STRLEN];
		size_t end;
		const char *why = NULL;
		enum nw_status st =
		    read_at(cases[i].msg, cases[i].len, cases[i].pos, s, &end, &why);
		if (st != cases[i].want)
			fprintf(stderr, "case %s\n", cases[i].what);
		CHECK_INT(st, cases[i].want);
		CHECK(why && strstr(why, cases[i].why_part));
	}
}

/* A name of 127 one-octet labels is 255 octets; one more label is too long. */
static void test_long_names(void)
{
	uint8_t msg[600];
	char s[NW_DNS_NAME_STRLEN];
	size_t end, n = 0;
	const char *why = NULL;

	for (int i = 0; i < 127; i++) {
		msg[n++] = 1;
		msg[n++] = 'a';
	}
	msg[n++] = 0;
	CHECK_INT(n, 255);
	CHECK_INT(read_at(msg, n, 0, s, &end, &why), NW_OK);
	CHECK_INT(strlen(s), 254);
	memmove(msg + 2, msg, n);
	msg[0] = 1;
	msg[1] = 'b';
	CHECK_INT(read_at(msg, n + 2, 0, s, &end, &why), NW_MALFORMED);
	CHECK(why && strstr(why, "255"));

	/* The same, built with pointers: each level adds a label in front. */
	n = 0;
	msg[n++] = 0;
	for (int i = 0; i < 128; i++) {
		size_t prev = n - (i ? 4 : 1);
		msg[n++] = 1;
		msg[n++] = 'x';
		msg[n++] = (uint8_t)(0xc0 | (prev >> 8));
		msg[n++] = (uint8_t)prev;
		if (n + 4 > sizeof msg)
			break;
	}
	CHECK_INT(read_at(msg, n, n - 4, s, &end, &why), NW_MALFORMED);
	CHECK(why && strstr(why, "255"));
}

static void test_presentation(void)
{
	struct nw_dns_name n;
	char s[NW_DNS_NAME_STRLEN];
	const char *why = NULL;
	/* clang-format off */
	static const uint8_t odd[] = {7, 'a', '.', 'b', ' ', '"', 0x7f, '\\', 1, '@', 0};
	/* clang-format on */
	memcpy(n.wire, odd, sizeof odd);
	n.len = sizeof odd;
	nw_dns_name_str(&n, s, sizeof s);
	CHECK_STR(s, "a\\.b\\032\\\"\\127\\\\.\\@.");

	CHECK_INT(nw_dns_name_parse("a\\.b\\032\\\"\\127\\\\.\\@.", &n, &why), 0);
	CHECK_INT(n.len, sizeof odd);
	CHECK(memcmp(n.wire, odd, sizeof odd) == 0);
	CHECK_INT(nw_dns_name_parse("www.Example.com", &n, &why), 0);
	CHECK_INT(n.len, 17);
	CHECK_INT(nw_dns_name_labels(&n), 3);
	struct nw_dns_name m;
	CHECK_INT(nw_dns_name_parse("WWW.example.COM.", &m, &why), 0);
	CHECK(nw_dns_name_equal(&n, &m));
	CHECK_INT(nw_dns_name_parse(".", &m, &why), 0);
	CHECK_INT(m.len, 1);
	CHECK(!nw_dns_name_equal(&n, &m));
	CHECK_INT(nw_dns_name_parse("a..b", &m, &why), -1);
	CHECK_INT(nw_dns_name_parse("", &m, &why), -1);
	CHECK_INT(nw_dns_name_parse("a\\25", &m, &why), -1);
	CHECK_INT(nw_dns_name_parse("a\\256", &m, &why), -1);
	char lab[80];
	memset(lab, 'x', 64);
	lab[64] = '\0';
	CHECK_INT(nw_dns_name_parse(lab, &m, &why), -1);
	CHECK(strstr(why, "63") != NULL);
	lab[63] = '\0';
	CHECK_INT(nw_dns_name_parse(lab, &m, &why), 0);
	char big[400] = "";
	for (int i = 0; i < 5; i++) {
		strcat(big, lab);
		strcat(big, ".");
	}
	CHECK_INT(nw_dns_name_parse(big, &m, &why), -1);
	CHECK(strstr(why, "255") != NULL);
	struct nw_dns_name com, root, wwwx, oddcom;
	nw_dns_name_parse("com", &com, &why);
	nw_dns_name_parse(".", &root, &why);
	nw_dns_name_parse("www.example.COM", &wwwx, &why);
	nw_dns_name_parse("xcom", &oddcom, &why);
	CHECK(nw_dns_name_under(&wwwx, &com));
	CHECK(nw_dns_name_under(&wwwx, &root));
	CHECK(nw_dns_name_under(&com, &com));
	CHECK(!nw_dns_name_under(&com, &wwwx));
	CHECK(!nw_dns_name_under(&oddcom, &com));
	CHECK(!nw_dns_name_under(&root, &com));
	CHECK_INT(nw_dns_name_parse("in-addr.arpa", &m, &why), 0);
	CHECK_INT(nw_dns_name_parse("1.0.0.127", &n, &why), 0);
	CHECK_INT(nw_dns_name_concat(&n, &m), 0);
	nw_dns_name_str(&n, s, sizeof s);
	CHECK_STR(s, "1.0.0.127.in-addr.arpa.");
}

int main(void)
{
	test_compression();
	test_guards();
	test_long_names();
	test_presentation();
	return nw_test_result("test_dns_name");
}
