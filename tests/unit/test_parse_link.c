/* test_parse_link.c: nw_parse_link: Ethernet and VLAN tags, SLL, SLL2, null/loop, raw IP. */
#include "config.h"

#include "parsetest.h"
#include "wire/pkt.h"
#include "testlib.h"

/* nw_parse_link as a parse_fn: the link type travels with the result. */
struct link_out {
	int lt;
	struct nw_link *l;
};

static enum nw_status pl(struct nw_buf *b, void *out, const char **why)
{
	struct link_out *o = out;

	return nw_parse_link(o->lt, b, o->l, why);
}

static enum nw_status parse_as(int lt, const uint8_t *pkt, size_t len, struct nw_link *l,
			       size_t *left)
{
	struct link_out o = {lt, l};

	return parse(pl, pkt, len, &o, left);
}

/* Every cut-short copy of a valid frame fails cleanly or parses less. */
static void check_prefixes(int lt, const uint8_t *pkt, size_t len)
{
	for (size_t n = 0; n < len; n++) {
		struct nw_link l;
		size_t left;
		enum nw_status st = parse_as(lt, pkt, n, &l, &left);
		CHECK(st == NW_OK || st == NW_TRUNCATED);
		if (st == NW_OK)
			CHECK(left <= n);
	}
}

static const uint8_t mac_dst[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x02};
static const uint8_t mac_src[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01};

static void test_ethernet(void)
{
	/* clang-format off */
	static const uint8_t f[] = {
		0x02, 0x00, 0x5e, 0x10, 0x00, 0x02, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01,
		0x08, 0x00, 0x45, 0x00, 0x00, 0x14,
	};
	/* clang-format on */
	struct nw_link l;
	size_t left;

	CHECK_INT(parse_as(NW_LINK_ETHERNET, f, sizeof(f), &l, &left), NW_OK);
	CHECK_INT(l.linktype, NW_LINK_ETHERNET);
	CHECK(l.has_macs);
	CHECK(memcmp(l.dst, mac_dst, 6) == 0);
	CHECK(memcmp(l.src, mac_src, 6) == 0);
	CHECK(!l.has_src);
	CHECK_INT(l.ethertype, NW_ETHERTYPE_IPV4);
	CHECK_INT(l.vlan_count, 0);
	CHECK_INT(left, 4);
	check_prefixes(NW_LINK_ETHERNET, f, 14);
}

static void test_vlans(void)
{
	/* clang-format off */
	static const uint8_t one[] = {
		0x02, 0x00, 0x5e, 0x10, 0x00, 0x02, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01,
		0x81, 0x00, 0x20, 0x64, 0x86, 0xdd, 0x60,
	};
	static const uint8_t two[] = {
		0x02, 0x00, 0x5e, 0x10, 0x00, 0x02, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01,
		0x88, 0xa8, 0x00, 0x0a, 0x81, 0x00, 0x00, 0x14, 0x08, 0x06, 0x00, 0x01,
	};
	static const uint8_t three[] = {
		0x02, 0x00, 0x5e, 0x10, 0x00, 0x02, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01,
		0x88, 0xa8, 0x00, 0x0a, 0x81, 0x00, 0x00, 0x14, 0x81, 0x00, 0x00, 0x1e,
		0x08, 0x00, 0x45, 0x00,
	};
	/* clang-format on */
	struct nw_link l;
	size_t left;

	CHECK_INT(parse_as(NW_LINK_ETHERNET, one, sizeof(one), &l, &left), NW_OK);
	CHECK_INT(l.vlan_count, 1);
	CHECK_INT(l.vlan_tci[0], 0x2064);
	CHECK_INT(l.vlan_tci[0] & 0x0fff, 100);
	CHECK_INT(l.vlan_tci[0] >> 13, 1);
	CHECK_INT(l.ethertype, NW_ETHERTYPE_IPV6);
	CHECK_INT(left, 1);
	check_prefixes(NW_LINK_ETHERNET, one, 18);

	CHECK_INT(parse_as(NW_LINK_ETHERNET, two, sizeof(two), &l, &left), NW_OK);
	CHECK_INT(l.vlan_count, 2);
	CHECK_INT(l.vlan_tci[0], 10);
	CHECK_INT(l.vlan_tci[1], 20);
	CHECK_INT(l.ethertype, NW_ETHERTYPE_ARP);
	CHECK_INT(left, 2);
	check_prefixes(NW_LINK_ETHERNET, two, 22);

	/* One tag more than NW_MAX_VLANS. */
	CHECK_INT(parse_as(NW_LINK_ETHERNET, three, sizeof(three), &l, NULL), NW_UNSUPPORTED);
	/* A tag cut in the middle. */
	CHECK_INT(parse_as(NW_LINK_ETHERNET, two, 17, &l, NULL), NW_TRUNCATED);
}

static void test_sll(void)
{
	/* clang-format off */
	static const uint8_t f[] = {
		0x00, 0x04, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01,
		0x00, 0x00, 0x08, 0x00, 0x45,
	};
	static const uint8_t noaddr[] = {
		0x00, 0x00, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x86, 0xdd,
	};
	static const uint8_t vlan[] = {
		0x00, 0x01, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01,
		0x00, 0x00, 0x81, 0x00, 0x00, 0x05, 0x08, 0x00,
	};
	/* clang-format on */
	struct nw_link l;
	size_t left;

	CHECK_INT(parse_as(NW_LINK_SLL, f, sizeof(f), &l, &left), NW_OK);
	CHECK_INT(l.linktype, NW_LINK_SLL);
	CHECK_INT(l.sll_pkttype, 4);
	CHECK(l.has_src);
	CHECK(!l.has_macs);
	CHECK(memcmp(l.src, mac_src, 6) == 0);
	CHECK_INT(l.ethertype, NW_ETHERTYPE_IPV4);
	CHECK_INT(left, 1);
	check_prefixes(NW_LINK_SLL, f, 16);

	CHECK_INT(parse_as(NW_LINK_SLL, noaddr, sizeof(noaddr), &l, &left), NW_OK);
	CHECK(!l.has_src);
	CHECK_INT(l.sll_pkttype, 0);
	CHECK_INT(l.ethertype, NW_ETHERTYPE_IPV6);
	CHECK_INT(left, 0);

	CHECK_INT(parse_as(NW_LINK_SLL, vlan, sizeof(vlan), &l, &left), NW_OK);
	CHECK_INT(l.vlan_count, 1);
	CHECK_INT(l.vlan_tci[0], 5);
	CHECK_INT(l.ethertype, NW_ETHERTYPE_IPV4);
	CHECK_INT(left, 0);
}

static void test_sll2(void)
{
	/* clang-format off */
	static const uint8_t f[] = {
		0x86, 0xdd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x01, 0x02, 0x06,
		0x02, 0x00, 0x5e, 0x10, 0x00, 0x01, 0x00, 0x00, 0x60, 0x00,
	};
	/* clang-format on */
	struct nw_link l;
	size_t left;

	CHECK_INT(parse_as(NW_LINK_SLL2, f, sizeof(f), &l, &left), NW_OK);
	CHECK_INT(l.linktype, NW_LINK_SLL2);
	CHECK_INT(l.ethertype, NW_ETHERTYPE_IPV6);
	CHECK_INT(l.sll_ifindex, 7);
	CHECK_INT(l.sll_pkttype, 2);
	CHECK(l.has_src);
	CHECK(memcmp(l.src, mac_src, 6) == 0);
	CHECK_INT(left, 2);
	check_prefixes(NW_LINK_SLL2, f, 20);
}

static void test_null_loop(void)
{
	static const struct {
		int lt;
		uint8_t hdr[4];
		enum nw_status st;
		uint16_t ethertype;
	} cases[] = {
	    {NW_LINK_NULL, {0x02, 0x00, 0x00, 0x00}, NW_OK, NW_ETHERTYPE_IPV4},
	    {NW_LINK_NULL, {0x00, 0x00, 0x00, 0x02}, NW_OK, NW_ETHERTYPE_IPV4},
	    {NW_LINK_NULL, {0x18, 0x00, 0x00, 0x00}, NW_OK, NW_ETHERTYPE_IPV6},
	    {NW_LINK_NULL, {0x1c, 0x00, 0x00, 0x00}, NW_OK, NW_ETHERTYPE_IPV6},
	    {NW_LINK_NULL, {0x00, 0x00, 0x00, 0x1e}, NW_OK, NW_ETHERTYPE_IPV6},
	    {NW_LINK_NULL, {0x07, 0x00, 0x00, 0x00}, NW_UNSUPPORTED, 0},
	    {NW_LINK_LOOP, {0x00, 0x00, 0x00, 0x02}, NW_OK, NW_ETHERTYPE_IPV4},
	    {NW_LINK_LOOP, {0x00, 0x00, 0x00, 0x18}, NW_OK, NW_ETHERTYPE_IPV6},
	    {NW_LINK_LOOP, {0x02, 0x00, 0x00, 0x00}, NW_UNSUPPORTED, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nw_link l;
		size_t left;
		CHECK_INT(parse_as(cases[i].lt, cases[i].hdr, 4, &l, &left), cases[i].st);
		if (cases[i].st == NW_OK) {
			CHECK_INT(l.ethertype, cases[i].ethertype);
			CHECK_INT(left, 0);
		}
		check_prefixes(cases[i].lt, cases[i].hdr, 4);
	}
}

static void test_raw(void)
{
	static const uint8_t v4[] = {0x45, 0x00};
	static const uint8_t v6[] = {0x60, 0x00};
	static const uint8_t v5[] = {0x50, 0x00};
	struct nw_link l;
	size_t left;

	CHECK_INT(parse_as(NW_LINK_RAW, v4, 2, &l, &left), NW_OK);
	CHECK_INT(l.ethertype, NW_ETHERTYPE_IPV4);
	CHECK_INT(left, 2); /* nothing consumed */
	CHECK(!l.has_macs);
	CHECK_INT(parse_as(NW_LINK_RAW, v6, 2, &l, &left), NW_OK);
	CHECK_INT(l.ethertype, NW_ETHERTYPE_IPV6);
	CHECK_INT(parse_as(NW_LINK_RAW, v5, 2, &l, NULL), NW_MALFORMED);
	CHECK_INT(parse_as(NW_LINK_RAW, v4, 0, &l, NULL), NW_TRUNCATED);

	/* LINKTYPE_IPV4/IPV6 say which without looking. */
	CHECK_INT(parse_as(NW_LINK_IPV4, v6, 2, &l, &left), NW_OK);
	CHECK_INT(l.ethertype, NW_ETHERTYPE_IPV4);
	CHECK_INT(left, 2);
	CHECK_INT(parse_as(NW_LINK_IPV6, v6, 0, &l, &left), NW_OK);
	CHECK_INT(l.ethertype, NW_ETHERTYPE_IPV6);
	CHECK_INT(l.linktype, NW_LINK_IPV6);
}

static void test_unknown(void)
{
	static const uint8_t f[16] = {0};
	struct nw_link l;
	const char *why = NULL;
	struct nw_buf b;

	CHECK_INT(parse_as(147, f, sizeof(f), &l, NULL), NW_UNSUPPORTED);
	CHECK_INT(parse_as(-1, f, sizeof(f), &l, NULL), NW_UNSUPPORTED);
	/* why may be NULL. */
	nw_buf_init(&b, f, 3);
	CHECK_INT(nw_parse_link(NW_LINK_ETHERNET, &b, &l, NULL), NW_TRUNCATED);
	nw_buf_init(&b, f, 3);
	CHECK_INT(nw_parse_link(NW_LINK_ETHERNET, &b, &l, &why), NW_TRUNCATED);
	CHECK(why != NULL);
}

static void test_status_names(void)
{
	CHECK_STR(nw_status_name(NW_OK), "ok");
	CHECK_STR(nw_status_name(NW_TRUNCATED), "truncated");
	CHECK_STR(nw_status_name(NW_MALFORMED), "malformed");
	CHECK_STR(nw_status_name(NW_UNSUPPORTED), "unsupported");
}

/* nw_decode on frames whose payload is not IP or ARP: the link layer only. */
static void test_decode_link_only(void)
{
	/* clang-format off */
	static const uint8_t f[] = {
		0x02, 0x00, 0x5e, 0x10, 0x00, 0x02, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01,
		0x88, 0xcc, 0x02, 0x07,
	};
	static const uint8_t three[] = {
		0x02, 0x00, 0x5e, 0x10, 0x00, 0x02, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01,
		0x81, 0x00, 0x00, 0x0a, 0x81, 0x00, 0x00, 0x14, 0x81, 0x00, 0x00, 0x1e,
		0x08, 0x00,
	};
	/* clang-format on */
	struct nw_pkt p;

	CHECK_INT(nw_decode(NW_LINK_ETHERNET, f, sizeof(f), &p), NW_OK);
	CHECK_INT(p.layers, NW_HAS_LINK);
	CHECK_INT(p.link.ethertype, 0x88cc);
	CHECK(p.error == NULL);

	CHECK_INT(nw_decode(NW_LINK_ETHERNET, three, sizeof(three), &p), NW_UNSUPPORTED);
	CHECK_INT(p.layers, 0);
	CHECK_INT(p.error_layer, NW_HAS_LINK);
	/* The error is the parser's own reason. */
	struct nw_buf b;
	struct nw_link l;
	const char *why = NULL;
	nw_buf_init(&b, three, sizeof(three));
	CHECK_INT(nw_parse_link(NW_LINK_ETHERNET, &b, &l, &why), NW_UNSUPPORTED);
	CHECK_STR(p.error, why);

	CHECK_INT(nw_decode(NW_LINK_ETHERNET, NULL, 0, &p), NW_TRUNCATED);
	CHECK_INT(p.error_layer, NW_HAS_LINK);
	CHECK_INT(nw_decode(9999, f, sizeof(f), &p), NW_UNSUPPORTED);
}

int main(void)
{
	test_ethernet();
	test_vlans();
	test_sll();
	test_sll2();
	test_null_loop();
	test_raw();
	test_unknown();
	test_status_names();
	test_decode_link_only();
	return nw_test_result("test_parse_link");
}
