/*
 * test_addrset: target specs (every accepted and refused form), text
 * files of targets, exclusions checked against a bitmap model, counts and
 * index round trips, the 2^64 limit.
 */
#include "config.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include "base/addrset.h"
#include "testlib.h"

static char err[256];

/* Parse one spec as a range and compare its ends. */
static int range_ok(const char *spec, const char *first, const char *last)
{
	struct nw_target t;
	const char *why = NULL;
	char a[NW_ADDRSTRLEN], b[NW_ADDRSTRLEN];

	if (nw_target_parse(spec, &t, &why) != 0) {
		fprintf(stderr, "nw_target_parse(\"%s\") failed: %s\n", spec, why);
		return 0;
	}
	if (t.kind != NW_TARGET_RANGE)
		return 0;
	nw_addr_ntop(&t.first, a, sizeof a);
	nw_addr_ntop(&t.last, b, sizeof b);
	if (strcmp(a, first) != 0 || strcmp(b, last) != 0) {
		fprintf(stderr, "%s: %s-%s, want %s-%s\n", spec, a, b, first, last);
		return 0;
	}
	return 1;
}

static int name_ok(const char *spec, const char *name, int prefix)
{
	struct nw_target t;
	const char *why = NULL;
	return nw_target_parse(spec, &t, &why) == 0 && t.kind == NW_TARGET_NAME &&
	       strcmp(t.name, name) == 0 && t.prefix_len == prefix;
}

/* The one-line error nw_addrset_add gives for spec. */
static const char *add_error(const char *spec)
{
	struct nw_addrset *s = nw_addrset_new("target");
	err[0] = '\0';
	if (nw_addrset_add(s, spec, NULL, err, sizeof err) != -1)
		snprintf(err, sizeof err, "(accepted)");
	nw_addrset_free(s);
	return err;
}

static void test_forms(void)
{
	CHECK(range_ok("198.18.0.1", "198.18.0.1", "198.18.0.1"));
	CHECK(range_ok("2001:db8::1", "2001:db8::1", "2001:db8::1"));
	CHECK(range_ok("198.18.0.0/24", "198.18.0.0", "198.18.0.255"));
	CHECK(range_ok("198.18.0.77/24", "198.18.0.0", "198.18.0.255"));
	CHECK(range_ok("198.18.0.9/32", "198.18.0.9", "198.18.0.9"));
	CHECK(range_ok("0.0.0.0/0", "0.0.0.0", "255.255.255.255"));
	CHECK(range_ok("198.18.0.0/15", "198.18.0.0", "198.19.255.255"));
	CHECK(range_ok("2001:db8::/126", "2001:db8::", "2001:db8::3"));
	CHECK(range_ok("2001:db8:1::5/48", "2001:db8:1::", "2001:db8:1:ffff:ffff:ffff:ffff:ffff"));
	CHECK(range_ok("::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
	CHECK(range_ok("198.18.0.1-200", "198.18.0.1", "198.18.0.200"));
	CHECK(range_ok("198.18.0.7-7", "198.18.0.7", "198.18.0.7"));
	CHECK(range_ok("198.18.0.0-255", "198.18.0.0", "198.18.0.255"));
	CHECK(range_ok("198.18.0.1-198.18.1.7", "198.18.0.1", "198.18.1.7"));
	CHECK(range_ok("2001:db8::1-ff", "2001:db8::1", "2001:db8::ff"));
	CHECK(range_ok("2001:db8::1:10-FFFF", "2001:db8::1:10", "2001:db8::1:ffff"));
	CHECK(range_ok("2001:db8::1-2001:db8::1:0", "2001:db8::1", "2001:db8::1:0"));

	CHECK(name_ok("scanme.example", "scanme.example", -1));
	CHECK(name_ok("host-1.lab.test.", "host-1.lab.test.", -1));
	CHECK(name_ok("localhost", "localhost", -1));
	CHECK(name_ok("_srv.example/24", "_srv.example", 24));
	CHECK(name_ok("web.example/0", "web.example", 0));
	CHECK(name_ok("v6.example/120", "v6.example", 120));

	CHECK_STR(add_error("198.18.0.0/33"),
		  "invalid target '198.18.0.0/33': prefix length above 32");
	CHECK_STR(add_error("2001:db8::/129"),
		  "invalid target '2001:db8::/129': prefix length above 128");
	CHECK_STR(add_error("198.18.0.0/x"),
		  "invalid target '198.18.0.0/x': prefix must be between 0 and 32");
	CHECK_STR(add_error("198.18.0.0/"),
		  "invalid target '198.18.0.0/': prefix must be between 0 and 32");
	CHECK_STR(add_error("198.18.0.9-3"),
		  "invalid target '198.18.0.9-3': range start is above its end");
	CHECK_STR(add_error("198.18.1.0-198.18.0.255"),
		  "invalid target '198.18.1.0-198.18.0.255': range start is above its end");
	CHECK_STR(add_error("2001:db8::5-1"),
		  "invalid target '2001:db8::5-1': range start is above its end");
	CHECK_STR(add_error("198.18.0.1-256"),
		  "invalid target '198.18.0.1-256': last octet above 255");
	CHECK_STR(add_error("198.18.0.1-"), "invalid target '198.18.0.1-': missing end of range");
	CHECK_STR(add_error("198.18.0.1-x"),
		  "invalid target '198.18.0.1-x': end of range is not an address or a last octet");
	CHECK_STR(
	    add_error("198.18.0.1-2001:db8::1"),
	    "invalid target '198.18.0.1-2001:db8::1': an IPv6 address where IPv4 is expected");
	CHECK_STR(
	    add_error("2001:db8::1-198.18.0.1"),
	    "invalid target '2001:db8::1-198.18.0.1': an IPv4 address where IPv6 is expected");
	CHECK_STR(add_error("198.18.0.1-198.18.0"),
		  "invalid target '198.18.0.1-198.18.0': not an IPv4 address");
	CHECK_STR(add_error("2001:db8::1-12345"),
		  "invalid target '2001:db8::1-12345': end of range is not an address or a last "
		  "group (1 to 4 hex digits)");
	CHECK_STR(add_error("2001:db8::1-fg"),
		  "invalid target '2001:db8::1-fg': end of range is not an address or a last "
		  "group (1 to 4 hex digits)");
	CHECK_STR(add_error("198.18.0.300"), "invalid target '198.18.0.300': not an IP address");
	CHECK_STR(add_error("198.18.0"), "invalid target '198.18.0': not an IP address");
	CHECK_STR(add_error("2001:db8::g"), "invalid target '2001:db8::g': not an IP address");
	CHECK_STR(add_error("12345"), "invalid target '12345': not an IP address");
	CHECK_STR(add_error(""), "invalid target '': empty");
	CHECK_STR(add_error("-host.example"),
		  "invalid target '-host.example': not an address, range or host name");
	CHECK_STR(add_error("host-.example"),
		  "invalid target 'host-.example': not an address, range or host name");
	CHECK_STR(add_error("a..example"),
		  "invalid target 'a..example': not an address, range or host name");
	CHECK_STR(add_error(".example"),
		  "invalid target '.example': not an address, range or host name");
	CHECK_STR(add_error("bad$name"),
		  "invalid target 'bad$name': not an address, range or host name");
	CHECK_STR(add_error("web.example/129"),
		  "invalid target 'web.example/129': prefix must be between 0 and 128");
	CHECK_STR(add_error("web.example/024"),
		  "invalid target 'web.example/024': prefix must be between 0 and 128");
	CHECK_STR(add_error("web.example/"),
		  "invalid target 'web.example/': prefix must be between 0 and 128");
	CHECK_STR(
	    add_error("198.18.0.1-5/24"),
	    "invalid target '198.18.0.1-5/24': end of range is not an address or a last octet");
	CHECK_STR(add_error("bad\x01name"),
		  "invalid target 'bad?name': not an address, range or host name");

	/* A label of 63 is a name, of 64 is not; a name of 253 is, of 254 is not. */
	char label[80], name[300];
	memset(label, 'a', 63);
	label[63] = '\0';
	CHECK(name_ok(label, label, -1));
	label[63] = 'a';
	label[64] = '\0';
	CHECK(strstr(add_error(label), "not an address, range or host name") != NULL);
	for (int i = 0; i < 4; i++)
		memcpy(name + 64 * i,
		       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.", 64);
	name[253] = '\0';
	CHECK(name_ok(name, name, -1));
	name[253] = '.';
	name[254] = '\0';
	CHECK(name_ok(name, name, -1)); /* 253 and a final dot */
	name[253] = 'b';
	CHECK(strstr(add_error(name), "not an address, range or host name") != NULL);
	name[253] = '.';
	name[254] = '.';
	name[255] = '\0';
	CHECK(strstr(add_error(name), "not an address, range or host name") != NULL);
	char longspec[400];
	memset(longspec, 'a', sizeof longspec - 1);
	longspec[sizeof longspec - 1] = '\0';
	CHECK(strstr(add_error(longspec), "...': too long") != NULL);

	/* nw_addrset_add hands a name back and adds nothing. */
	struct nw_addrset *s = nw_addrset_new("target");
	struct nw_target t;
	CHECK_INT(nw_addrset_add(s, "web.example/28", &t, err, sizeof err), 1);
	CHECK_STR(t.name, "web.example");
	CHECK_INT(t.prefix_len, 28);
	CHECK_INT(nw_addrset_finish(s, NULL, err, sizeof err), -1);
	CHECK_STR(err, "no target");
	nw_addrset_free(s);
}

/* The set's addresses, one per line, as text. */
static void dump(const struct nw_addrset *s, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (uint64_t i = 0; i < nw_addrset_count(s) && n + NW_ADDRSTRLEN + 2 < size; i++) {
		struct nw_addr a;
		char buf[NW_ADDRSTRLEN];
		if (nw_addrset_at(s, i, &a) != 0)
			return;
		n += (size_t)snprintf(out + n, size - n, "%s%s", n ? " " : "",
				      nw_addr_ntop(&a, buf, sizeof buf));
	}
}

/* Every index maps to an address that maps back to it. */
static int round_trips(const struct nw_addrset *s)
{
	uint64_t n = nw_addrset_count(s), back;
	struct nw_addr a;
	for (uint64_t i = 0; i < n; i++)
		if (nw_addrset_at(s, i, &a) != 0 || nw_addrset_index(s, &a, &back) != 0 ||
		    back != i)
			return 0;
	return nw_addrset_at(s, n, &a) == -1;
}

static struct nw_addrset *set_of(const char *noun, const char *const *specs)
{
	struct nw_addrset *s = nw_addrset_new(noun);
	for (; *specs; specs++)
		if (nw_addrset_add(s, *specs, NULL, err, sizeof err) != 0)
			fprintf(stderr, "%s: %s\n", *specs, err);
	return s;
}

static void test_exclusions(void)
{
	static const char *const tg[] = {"198.18.0.0/24",  "198.18.2.5-9",
					 "2001:db8::/126", "198.18.0.250-198.18.1.3",
					 "2001:db8::2",	   NULL};
	static const char *const ex[] = {
	    "198.18.0.4-255", "198.18.1.1",    "198.18.2.7", "2001:db8::1-2",
	    "2001:db8::ffff", "198.19.0.0/16", NULL};
	char text[2048];
	struct nw_addrset *s = set_of("target", tg), *x = set_of("exclusion", ex);
	uint64_t idx;
	struct nw_addr a;

	CHECK_INT(nw_addrset_finish(s, x, err, sizeof err), 0);
	dump(s, text, sizeof text);
	CHECK_STR(text, "198.18.0.0 198.18.0.1 198.18.0.2 198.18.0.3 198.18.1.0 198.18.1.2 "
			"198.18.1.3 198.18.2.5 198.18.2.6 198.18.2.8 198.18.2.9 2001:db8:: "
			"2001:db8::3");
	CHECK_INT(nw_addrset_count(s), 13);
	CHECK_INT(nw_addrset_count_family(s, AF_INET), 11);
	CHECK_INT(nw_addrset_count_family(s, AF_INET6), 2);
	CHECK(round_trips(s));
	nw_addr_parse("198.18.0.4", AF_INET, &a, &(const char *){NULL});
	CHECK_INT(nw_addrset_index(s, &a, &idx), -1);
	nw_addr_parse("2001:db8::1", AF_INET6, &a, &(const char *){NULL});
	CHECK_INT(nw_addrset_index(s, &a, &idx), -1);
	nw_addr_parse("10.0.0.1", AF_INET, &a, &(const char *){NULL});
	CHECK_INT(nw_addrset_index(s, &a, &idx), -1);
	nw_addrset_free(s);
	nw_addrset_free(x);

	/* Adjacent and overlapping blocks merge; duplicates count once. */
	static const char *const merge[] = {
	    "198.18.0.0-9", "198.18.0.10-19", "198.18.0.5", "198.18.0.15-30",
	    "198.18.0.31",  "198.18.0.33",    NULL};
	s = set_of("target", merge);
	CHECK_INT(nw_addrset_finish(s, NULL, err, sizeof err), 0);
	CHECK_INT(nw_addrset_count(s), 33);
	CHECK_INT(nw_addrset_intervals(s), 2);
	nw_addrset_free(s);

	/* At the top of each family's space. */
	static const char *const top[] = {"255.255.255.254-255",
					  "255.255.255.255",
					  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe-ffff",
					  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
					  "::",
					  NULL};
	s = set_of("target", top);
	CHECK_INT(nw_addrset_finish(s, NULL, err, sizeof err), 0);
	CHECK_INT(nw_addrset_count(s), 5);
	CHECK_INT(nw_addrset_intervals(s), 3);
	CHECK(round_trips(s));
	nw_addrset_free(s);

	/* Excluding everything, in pieces. */
	static const char *const all[] = {"198.18.0.0/24", "2001:db8::1", NULL};
	static const char *const pieces[] = {"198.18.0.0/25", "198.18.0.128-198.18.0.255",
					     "2001:db8::/64", NULL};
	s = set_of("target", all);
	x = set_of("exclusion", pieces);
	CHECK_INT(nw_addrset_finish(s, x, err, sizeof err), -1);
	CHECK_STR(err, "every target is excluded");
	nw_addrset_free(s);
	nw_addrset_free(x);
}

/* Random targets and exclusions inside 198.18.0.0/24 against a 256-bit model. */
static void test_model(void)
{
	uint64_t rng = 0x9e3779b97f4a7c15u;
	int bad = 0;

	for (int round = 0; round < 2000 && !bad; round++) {
		bool want[256] = {false};
		struct nw_addrset *s = nw_addrset_new("target"), *x = nw_addrset_new("exclusion");
		int nt = 1 + (int)(rng % 5), nx = (int)((rng >> 8) % 5);
		uint64_t count = 0;
		char spec[64];

		for (int i = 0; i < nt + nx; i++) {
			rng = rng * 6364136223846793005u + 1442695040888963407u;
			unsigned lo = (unsigned)(rng >> 33) % 256, hi = (unsigned)(rng >> 45) % 256;
			if (lo > hi) {
				unsigned t = lo;
				lo = hi;
				hi = t;
			}
			if (rng & 1)
				snprintf(spec, sizeof spec, "198.18.0.%u-%u", lo, hi);
			else
				snprintf(spec, sizeof spec, "198.18.0.%u-198.18.0.%u", lo, hi);
			nw_addrset_add(i < nt ? s : x, spec, NULL, err, sizeof err);
			for (unsigned k = lo; k <= hi; k++)
				want[k] = i < nt ? true : want[k];
			if (i >= nt)
				for (unsigned k = lo; k <= hi; k++)
					want[k] = false;
		}
		/* The model: targets set bits, then exclusions clear them. */
		for (int k = 0; k < 256; k++)
			count += want[k];
		int rc = nw_addrset_finish(s, x, err, sizeof err);
		if (count == 0) {
			bad |= rc != -1 || strcmp(err, "every target is excluded") != 0;
		} else {
			bad |= rc != 0 || nw_addrset_count(s) != count || !round_trips(s);
			for (int k = 0, i = 0; k < 256 && !bad; k++) {
				struct nw_addr a;
				if (!want[k])
					continue;
				bad |= nw_addrset_at(s, (uint64_t)i++, &a) != 0 ||
				       (ntohl(a.u.v4.s_addr) & 0xff) != (unsigned)k;
			}
		}
		if (bad)
			fprintf(stderr, "model round %d differs\n", round);
		nw_addrset_free(s);
		nw_addrset_free(x);
	}
	CHECK(!bad);
}

static void test_limits(void)
{
	static const char *const a64[] = {"2001:db8::/64", NULL};
	static const char *const two65[] = {"2001:db8::/65", "2001:db8:0:0:8000::/65", NULL};
	static const char *const one65[] = {"2001:db8::/65", "0.0.0.0/0", NULL};
	static const char *const under[] = {"2001:db8::/64", NULL};
	static const char *const minus1[] = {"2001:db8::5", NULL};
	struct nw_addrset *s, *x;
	struct nw_addr a;
	char buf[NW_ADDRSTRLEN];

	s = set_of("target", a64);
	CHECK_INT(nw_addrset_finish(s, NULL, err, sizeof err), -1);
	CHECK_STR(err, "more than 2^64-1 addresses");
	nw_addrset_free(s);
	s = set_of("target", two65);
	CHECK_INT(nw_addrset_finish(s, NULL, err, sizeof err), -1);
	CHECK_STR(err, "more than 2^64-1 addresses");
	nw_addrset_free(s);
	/* A /64 less one address is 2^64-1: the largest set there is. */
	s = set_of("target", under);
	x = set_of("exclusion", minus1);
	CHECK_INT(nw_addrset_finish(s, x, err, sizeof err), 0);
	CHECK(nw_addrset_count(s) == UINT64_MAX);
	CHECK_INT(nw_addrset_at(s, UINT64_MAX - 1, &a), 0);
	CHECK_STR(nw_addr_ntop(&a, buf, sizeof buf), "2001:db8::ffff:ffff:ffff:ffff");
	CHECK_INT(nw_addrset_at(s, 5, &a), 0);
	CHECK_STR(nw_addr_ntop(&a, buf, sizeof buf), "2001:db8::6");
	nw_addrset_free(s);
	nw_addrset_free(x);
	s = set_of("target", one65);
	CHECK_INT(nw_addrset_finish(s, NULL, err, sizeof err), 0);
	CHECK(nw_addrset_count(s) == (UINT64_C(1) << 63) + (UINT64_C(1) << 32));
	CHECK_INT(nw_addrset_at(s, (UINT64_C(1) << 32) - 1, &a), 0);
	CHECK_STR(nw_addr_ntop(&a, buf, sizeof buf), "255.255.255.255");
	CHECK_INT(nw_addrset_at(s, UINT64_C(1) << 32, &a), 0);
	CHECK_STR(nw_addr_ntop(&a, buf, sizeof buf), "2001:db8::");
	CHECK_INT(nw_addrset_at(s, nw_addrset_count(s) - 1, &a), 0);
	CHECK_STR(nw_addr_ntop(&a, buf, sizeof buf), "2001:db8::7fff:ffff:ffff:ffff");
	nw_addrset_free(s);

	/* Blocks of resolved names. */
	s = nw_addrset_new("target");
	nw_addr_parse("198.18.3.77", AF_INET, &a, &(const char *){NULL});
	CHECK_INT(nw_addrset_add_block(s, &a, 30, err, sizeof err), 0);
	CHECK_INT(nw_addrset_add_block(s, &a, 33, err, sizeof err), -1);
	CHECK_STR(err, "prefix length above 32");
	nw_addr_parse("2001:db8::77", AF_INET6, &a, &(const char *){NULL});
	CHECK_INT(nw_addrset_add_block(s, &a, -1, err, sizeof err), 0);
	CHECK_INT(nw_addrset_add_block(s, &a, 129, err, sizeof err), -1);
	CHECK_INT(nw_addrset_finish(s, NULL, err, sizeof err), 0);
	char text[256];
	dump(s, text, sizeof text);
	CHECK_STR(text, "198.18.3.76 198.18.3.77 198.18.3.78 198.18.3.79 2001:db8::77");
	nw_addrset_free(s);
}

struct names {
	char got[512];
	int calls, fail_at;
};

static int on_name(void *ctx, const char *name, int prefix, char *e, size_t elen)
{
	struct names *n = ctx;
	size_t len = strlen(n->got);
	snprintf(n->got + len, sizeof n->got - len, "%s%s/%d", len ? " " : "", name, prefix);
	if (++n->calls == n->fail_at) {
		snprintf(e, elen, "cannot resolve '%s'", name);
		return -1;
	}
	return 0;
}

static void test_text(void)
{
	static const char file[] = "# targets for the lab\n"
				   "198.18.0.1 198.18.0.2\t198.18.0.3-5 # three more\n"
				   "\r\n"
				   "web.example\n"
				   "   2001:db8::1-3#no space before the comment\n"
				   "db.example/30\n"
				   "#198.18.9.9\n"
				   "198.18.0.6";
	struct names n = {.fail_at = 0};
	struct nw_addrset *s = nw_addrset_new("target");
	char text[512];

	CHECK_INT(nw_addrset_add_text(s, file, sizeof file - 1, on_name, &n, err, sizeof err), 0);
	CHECK_STR(n.got, "web.example/-1 db.example/30");
	CHECK_INT(nw_addrset_finish(s, NULL, err, sizeof err), 0);
	dump(s, text, sizeof text);
	CHECK_STR(text, "198.18.0.1 198.18.0.2 198.18.0.3 198.18.0.4 198.18.0.5 198.18.0.6 "
			"2001:db8::1 2001:db8::2 2001:db8::3");
	nw_addrset_free(s);

	/* Errors name the line; a name with no callback, a callback that stops. */
	static const char bad[] = "198.18.0.1\n\n# x\n198.18.0.9-3\n";
	s = nw_addrset_new("exclusion");
	CHECK_INT(nw_addrset_add_text(s, bad, sizeof bad - 1, on_name, &n, err, sizeof err), -1);
	CHECK_STR(err, "line 4: invalid exclusion '198.18.0.9-3': range start is above its end");
	CHECK_INT(nw_addrset_add_text(s, file, sizeof file - 1, NULL, NULL, err, sizeof err), -1);
	CHECK_STR(err, "line 4: invalid exclusion 'web.example': a host name, not an address");
	n = (struct names){.fail_at = 2};
	CHECK_INT(nw_addrset_add_text(s, file, sizeof file - 1, on_name, &n, err, sizeof err), -1);
	CHECK_STR(err, "cannot resolve 'db.example'");
	static const char nul[] = "198.18.0.1 198.1\0.0.2\n";
	CHECK_INT(nw_addrset_add_text(s, nul, sizeof nul - 1, NULL, NULL, err, sizeof err), -1);
	CHECK_STR(err,
		  "line 1: invalid exclusion '198.1?.0.2': not an address, range or host name");
	/* Empty text and comments only add nothing. */
	CHECK_INT(nw_addrset_add_text(s, "", 0, NULL, NULL, err, sizeof err), 0);
	CHECK_INT(nw_addrset_add_text(s, "# only\n#comments", 16, NULL, NULL, err, sizeof err), 0);
	nw_addrset_free(s);
}

int main(void)
{
	test_forms();
	test_exclusions();
	test_model();
	test_limits();
	test_text();
	return nw_test_result("test_addrset");
}
