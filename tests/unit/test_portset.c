/* test_portset: -p lists (every form, every error), the default ports, index round trips. */
#include "config.h"

#include "base/portset.h"
#include "testlib.h"

static char err[256];

/* The set a list gives, as "count first last" (or the error). */
static const char *parsed(const char *list)
{
	static char out[300];
	struct nw_portset *s = nw_portset_new();
	if (nw_portset_parse(s, list, err, sizeof err) != 0) {
		snprintf(out, sizeof out, "%s", err);
	} else if (nw_portset_finish(s, err, sizeof err) != 0) {
		snprintf(out, sizeof out, "finish: %s", err);
	} else {
		uint32_t n = nw_portset_count(s);
		snprintf(out, sizeof out, "%u %u %u", n, nw_portset_at(s, 0),
			 nw_portset_at(s, n - 1));
	}
	nw_portset_free(s);
	return out;
}

static int round_trips(const struct nw_portset *s)
{
	uint32_t n = nw_portset_count(s), idx;
	for (uint32_t i = 0; i < n; i++)
		if (nw_portset_index(s, nw_portset_at(s, i), &idx) != 0 || idx != i ||
		    (i && nw_portset_at(s, i) <= nw_portset_at(s, i - 1)))
			return 0;
	for (uint32_t p = 0; p < 65536; p++)
		if (nw_portset_has(s, (uint16_t)p) != (nw_portset_index(s, (uint16_t)p, &idx) == 0))
			return 0;
	return 1;
}

static void test_forms(void)
{
	CHECK_STR(parsed("22"), "1 22 22");
	CHECK_STR(parsed("22,80,1000-2000"), "1003 22 2000");
	CHECK_STR(parsed("22,80,1000-2000,-"), "65535 1 65535");
	CHECK_STR(parsed("-"), "65535 1 65535");
	CHECK_STR(parsed("0"), "1 0 0");
	CHECK_STR(parsed("0-"), "65536 0 65535");
	CHECK_STR(parsed("1024-"), "64512 1024 65535");
	CHECK_STR(parsed("-1023"), "1023 1 1023");
	CHECK_STR(parsed("65535"), "1 65535 65535");
	CHECK_STR(parsed("80-80"), "1 80 80");
	CHECK_STR(parsed("443,22,22,80,22-22"), "3 22 443");
	CHECK_STR(parsed("0080"), "1 80 80");

	CHECK_STR(parsed("70000"), "invalid port range '70000': port above 65535");
	CHECK_STR(parsed("65536"), "invalid port range '65536': port above 65535");
	CHECK_STR(parsed("1-70000"), "invalid port range '1-70000': port above 65535");
	CHECK_STR(parsed("99999999999999999999999"),
		  "invalid port range '99999999999999999999999': port above 65535");
	CHECK_STR(parsed("200-100"),
		  "invalid port range '200-100': start of range is above its end");
	CHECK_STR(parsed("22,,80"), "invalid port list '22,,80': empty item");
	CHECK_STR(parsed("22,"), "invalid port list '22,': empty item");
	CHECK_STR(parsed(",22"), "invalid port list ',22': empty item");
	CHECK_STR(parsed(""), "invalid port list '': empty");
	CHECK_STR(parsed("8o"), "invalid port range '8o': not a number");
	CHECK_STR(parsed("nosuchsvc"),
		  "invalid port range 'nosuchsvc': no such service in /etc/services");
	CHECK_STR(parsed("http"), "1 80 80");
	CHECK_STR(parsed("22,http-alt"), "2 22 8080");
	CHECK_STR(parsed(" 22"), "invalid port range ' 22': not a number");
	CHECK_STR(parsed("+22"), "invalid port range '+22': not a number");
	CHECK_STR(parsed("1-2-3"), "invalid port range '1-2-3': not a number");
	CHECK_STR(parsed("--"), "invalid port range '--': not a number");
	CHECK_STR(parsed("22x1234567"), "invalid port range '22x1234567': not a number");
	CHECK_STR(parsed("T:22"),
		  "invalid port range 'T:22': protocol prefixes (T:, U:) are not taken: the ports "
		  "are TCP");
	CHECK_STR(parsed("22,\x01"), "invalid port range '?': not a number");

	/* A failed list leaves the ports before it; an empty set is an error at the end. */
	struct nw_portset *s = nw_portset_new();
	CHECK_INT(nw_portset_finish(s, err, sizeof err), -1);
	CHECK_STR(err, "no port");
	CHECK_INT(nw_portset_parse(s, "5-9,x", err, sizeof err), -1);
	CHECK_INT(nw_portset_parse(s, "1,3", err, sizeof err), 0);
	CHECK_INT(nw_portset_finish(s, err, sizeof err), 0);
	CHECK_INT(nw_portset_count(s), 7);
	CHECK(round_trips(s));
	uint32_t idx = 99;
	CHECK_INT(nw_portset_index(s, 4, &idx), -1);
	CHECK_INT(nw_portset_index(s, 9, &idx), 0);
	CHECK_INT(idx, 6);
	nw_portset_free(s);

	s = nw_portset_new();
	CHECK_INT(nw_portset_parse(s, "0-", err, sizeof err), 0);
	CHECK_INT(nw_portset_finish(s, err, sizeof err), 0);
	CHECK(round_trips(s));
	nw_portset_free(s);
	s = nw_portset_new();
	CHECK_INT(nw_portset_parse(s, "1,63,64,65,127,128,4095-4097,65534", err, sizeof err), 0);
	CHECK_INT(nw_portset_finish(s, err, sizeof err), 0);
	CHECK_INT(nw_portset_count(s), 10);
	CHECK(round_trips(s));
	nw_portset_free(s);
}

static void test_default(void)
{
	struct nw_portset *s = nw_portset_new();
	uint32_t idx;

	CHECK(nw_portset_default_count >= 90 && nw_portset_default_count <= 130);
	for (size_t i = 1; i < nw_portset_default_count; i++)
		CHECK(nw_portset_default_ports[i - 1] < nw_portset_default_ports[i]);
	nw_portset_add_default(s);
	CHECK_INT(nw_portset_finish(s, err, sizeof err), 0);
	CHECK_INT(nw_portset_count(s), nw_portset_default_count);
	CHECK(round_trips(s));
	static const uint16_t must[] = {21, 22, 23, 25, 53, 80, 110, 143, 443, 445, 3389, 8080};
	for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
		CHECK_INT(nw_portset_index(s, must[i], &idx), 0);
	nw_portset_free(s);
}

int main(void)
{
	test_forms();
	test_default();
	return nw_test_result("test_portset");
}
