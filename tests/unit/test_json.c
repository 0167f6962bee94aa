/* test_json: exact JSON Lines output, escaping, numbers in any locale, depth. */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "cli/json.h"
#include "testlib.h"

static char *out;
static size_t out_len;

static FILE *open_out(void)
{
	free(out);
	out = NULL;
	out_len = 0;
	return open_memstream(&out, &out_len);
}

/* The escaped form of s, as nw_json_write_string writes it. */
static const char *escaped(const char *s)
{
	static char buf[256];
	FILE *f = open_out();
	nw_json_write_string(f, s);
	fclose(f);
	snprintf(buf, sizeof buf, "%s", out);
	return buf;
}

static void test_escape(void)
{
	CHECK_STR(escaped(""), "\"\"");
	CHECK_STR(escaped("reply"), "\"reply\"");
	CHECK_STR(escaped("a\"b"), "\"a\\\"b\"");
	CHECK_STR(escaped("a\\b"), "\"a\\\\b\"");
	CHECK_STR(escaped("l1\nl2\tx\r\b\f"), "\"l1\\nl2\\tx\\r\\b\\f\"");
	CHECK_STR(escaped("\x01\x1f\x7f"), "\"\\u0001\\u001f\x7f\"");
	CHECK_STR(escaped("/"), "\"/\"");
	CHECK_STR(escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
		  "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""); /* UTF-8 passes through */
	/* Invalid UTF-8 (a lone byte, a truncated sequence, an overlong, a surrogate)
	 * becomes U+FFFD per byte, so the line stays valid JSON. */
	CHECK_STR(escaped("a\xff"), "\"a\\ufffd\"");
	CHECK_STR(escaped("\xc3"), "\"\\ufffd\"");
	CHECK_STR(escaped("\xe2\x82"), "\"\\ufffd\\ufffd\"");
	CHECK_STR(escaped("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
	CHECK_STR(escaped("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	CHECK_STR(escaped(NULL), "null");
}

static void test_objects(void)
{
	struct nw_json j;
	FILE *f = open_out();

	nw_json_init(&j, f);
	nw_json_begin(&j);
	nw_json_str(&j, "type", "reply");
	nw_json_double(&j, "rtt_ms", 0.042, 3);
	nw_json_int(&j, "seq", -1);
	nw_json_uint(&j, "bytes", UINT64_MAX);
	nw_json_bool(&j, "dup", false);
	nw_json_bool(&j, "ok", true);
	nw_json_null(&j, "name");
	nw_json_str(&j, "host", NULL);
	nw_json_begin_array(&j, "macs");
	nw_json_str(&j, NULL, "aa:bb:cc:dd:ee:ff");
	nw_json_str(&j, NULL, "00:11:22:33:44:55");
	nw_json_end_array(&j);
	nw_json_begin_array(&j, "empty");
	nw_json_end_array(&j);
	nw_json_begin_object(&j, "stats");
	nw_json_uint(&j, "sent", 3);
	nw_json_begin_object(&j, "rtt");
	nw_json_double(&j, "min", 1.0, 2);
	nw_json_double(&j, "max", 2.5, 2);
	nw_json_end_object(&j);
	nw_json_begin_object(&j, "none");
	nw_json_end_object(&j);
	nw_json_end_object(&j);
	nw_json_begin_array(&j, "nested");
	nw_json_begin_array(&j, NULL);
	nw_json_int(&j, NULL, 1);
	nw_json_int(&j, NULL, 2);
	nw_json_end_array(&j);
	nw_json_begin_object(&j, NULL);
	nw_json_str(&j, "k\"ey", "v\n");
	nw_json_end_object(&j);
	nw_json_null(&j, NULL);
	nw_json_end_array(&j);
	nw_json_end(&j);
	/* A second line reuses the writer. */
	nw_json_begin(&j);
	nw_json_end(&j);
	nw_json_begin(&j);
	nw_json_int(&j, "n", 0);
	nw_json_end(&j);
	fclose(f);

	CHECK_STR(out, "{\"type\":\"reply\",\"rtt_ms\":0.042,\"seq\":-1,"
		       "\"bytes\":18446744073709551615,\"dup\":false,\"ok\":true,\"name\":null,"
		       "\"host\":null,\"macs\":[\"aa:bb:cc:dd:ee:ff\",\"00:11:22:33:44:55\"],"
		       "\"empty\":[],\"stats\":{\"sent\":3,\"rtt\":{\"min\":1.00,\"max\":2.50},"
		       "\"none\":{}},\"nested\":[[1,2],{\"k\\\"ey\":\"v\\n\"},null]}\n"
		       "{}\n"
		       "{\"n\":0}\n");
}

static const char *number(double v, int decimals)
{
	static char buf[512];
	struct nw_json j;
	FILE *f = open_out();
	nw_json_init(&j, f);
	nw_json_begin(&j);
	nw_json_double(&j, "v", v, decimals);
	nw_json_end(&j);
	fclose(f);
	snprintf(buf, sizeof buf, "%s", out);
	return buf;
}

static void test_numbers(void)
{
	CHECK_STR(number(0.042, 3), "{\"v\":0.042}\n");
	CHECK_STR(number(1.0005, 2), "{\"v\":1.00}\n");
	CHECK_STR(number(12345.678, 1), "{\"v\":12345.7}\n");
	CHECK_STR(number(2.5, 0), "{\"v\":2}\n");
	CHECK_STR(number(-1.25, 2), "{\"v\":-1.25}\n");
	CHECK_STR(number(-0.0001, 3), "{\"v\":0.000}\n");
	CHECK_STR(number(-0.0, 1), "{\"v\":0.0}\n");
	CHECK_STR(number(3.0, -4), "{\"v\":3}\n");
	CHECK_STR(number(NAN, 3), "{\"v\":null}\n");
	CHECK_STR(number(INFINITY, 3), "{\"v\":null}\n");
	CHECK_STR(number(-INFINITY, 3), "{\"v\":null}\n");
	CHECK(strlen(number(1.7976931348623157e308, 30)) > 300); /* no truncation, no overflow */

	/* The decimal point stays '.' whatever LC_NUMERIC says. */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "de_DE.utf8") ||
	    setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		char probe[16];
		snprintf(probe, sizeof probe, "%.1f", 1.5);
		CHECK_STR(probe, "1,5"); /* the locale really is in effect */
		CHECK_STR(number(0.042, 3), "{\"v\":0.042}\n");
		CHECK_STR(number(-1234.5, 2), "{\"v\":-1234.50}\n");
		setlocale(LC_NUMERIC, "C");
	} else {
		printf("test_json: no de_DE/fr_FR locale installed; decimal point check skipped\n");
	}
}

/* Deeper than NW_JSON_MAX_DEPTH: that part is left out, the rest stays valid. */
static void test_depth(void)
{
	struct nw_json j;
	FILE *f = open_out();
	char want[256];
	size_t n = 0;

	nw_json_init(&j, f);
	nw_json_begin(&j);			    /* depth 1 */
	for (int i = 1; i < NW_JSON_MAX_DEPTH; i++) /* up to depth 16 */
		nw_json_begin_array(&j, i == 1 ? "a" : NULL);
	nw_json_int(&j, NULL, 16);
	for (int i = 0; i < 5; i++) /* 5 levels too deep */
		nw_json_begin_object(&j, NULL);
	nw_json_str(&j, "lost", "x");
	nw_json_begin_array(&j, "lost2");
	nw_json_end_array(&j);
	for (int i = 0; i < 5; i++)
		nw_json_end_object(&j);
	nw_json_int(&j, NULL, 17);
	for (int i = 1; i < NW_JSON_MAX_DEPTH; i++)
		nw_json_end_array(&j);
	nw_json_str(&j, "after", "ok");
	nw_json_end(&j);
	nw_json_end_array(&j); /* unbalanced: ignored */
	nw_json_end_object(&j);
	fclose(f);

	n += (size_t)snprintf(want + n, sizeof want - n, "{\"a\":");
	for (int i = 1; i < NW_JSON_MAX_DEPTH; i++)
		want[n++] = '[';
	n += (size_t)snprintf(want + n, sizeof want - n, "16,17");
	for (int i = 1; i < NW_JSON_MAX_DEPTH; i++)
		want[n++] = ']';
	snprintf(want + n, sizeof want - n, ",\"after\":\"ok\"}\n");
	CHECK_STR(out, want);
}

int main(void)
{
	test_escape();
	test_objects();
	test_numbers();
	test_depth();
	free(out);
	return nw_test_result("test_json");
}
