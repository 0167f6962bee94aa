/*
 * test_icmpext.c: nw_parse_icmpext, ICMP multi-part extensions (RFC 4884)
 * with MPLS label stacks (RFC 4950) and interface information (RFC 5837):
 * tcpdump's captures, decoded and printed the way tcpdump prints them, and
 * hand-made messages for every edge; nw_decode's NW_HAS_ICMPEXT layer.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "base/strbuf.h"
#include "parsetest.h"
#include "sys/capture.h"
#include "wire/icmpext.h"
#include "wire/pkt.h"
#include "testlib.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static enum nw_status ext4(struct nw_buf *b, void *out, const char **why)
{
	return nw_parse_icmpext(b, AF_INET, out, why);
}

static enum nw_status ext6(struct nw_buf *b, void *out, const char **why)
{
	return nw_parse_icmpext(b, AF_INET6, out, why);
}

/* ---- building messages ---------------------------------------------------- */

#define MSG_MAX 2048

struct msg {
	uint8_t b[MSG_MAX];
	size_t len;
	size_t ext; /* where the extension structure starts */
};

#define V4_ADDRS 198, 18, 0, 1, 198, 18, 0, 2
#define V6_ADDRS                                                                                   \
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x20, 0x01, 0x0d, 0xb8, 0, 0,  \
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 2

/* The probes quoted: UDP 40000 -> 33434, hop limit 1. */
/* clang-format off */
static const uint8_t probe4[] = {
	0x45, 0x00, 0x00, 0x24, 0xab, 0xcd, 0x00, 0x00, 0x01, 17, 0x00, 0x00, V4_ADDRS,
	0x9c, 0x40, 0x82, 0x9a, 0x00, 0x10, 0x12, 0x34,
};
static const uint8_t probe6[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 17, 1, V6_ADDRS,
	0x9c, 0x40, 0x82, 0x9a, 0x00, 0x10, 0x12, 0x34,
};
/* clang-format on */

/*
 * An ICMP (AF_INET) or ICMPv6 error: type, length attribute attr, the probe
 * zero-padded to orig bytes; the extension structure is added after it.
 */
static void msg_start(struct msg *m, int family, uint8_t type, uint8_t attr, size_t orig)
{
	memset(m, 0, sizeof(*m));
	m->b[0] = type;
	m->b[family == AF_INET ? 5 : 4] = attr;
	if (family == AF_INET)
		memcpy(m->b + 8, probe4, sizeof(probe4));
	else
		memcpy(m->b + 8, probe6, sizeof(probe6));
	m->len = m->ext = 8 + orig;
}

static void msg_add(struct msg *m, const uint8_t *p, size_t n)
{
	if (m->len + n > sizeof(m->b))
		abort();
	memcpy(m->b + m->len, p, n);
	m->len += n;
}

/* Set the extension header's checksum to what it should be. */
static void msg_sum(struct msg *m)
{
	uint16_t sum;

	m->b[m->ext + 2] = m->b[m->ext + 3] = 0;
	sum = nw_inet_checksum(m->b + m->ext, m->len - m->ext, 0);
	m->b[m->ext + 2] = (uint8_t)(sum >> 8);
	m->b[m->ext + 3] = (uint8_t)sum;
}

/* A message with one extension header and the objects given, checksum set. */
static void msg_ext(struct msg *m, int family, uint8_t type, uint8_t attr, size_t orig,
		    const uint8_t *objs, size_t n)
{
	static const uint8_t hdr[] = {0x20, 0x00, 0x00, 0x00};

	msg_start(m, family, type, attr, orig);
	msg_add(m, hdr, sizeof(hdr));
	msg_add(m, objs, n);
	msg_sum(m);
}

static enum nw_status parse_msg(const struct msg *m, int family, struct nw_icmpext *x)
{
	return parse(family == AF_INET ? ext4 : ext6, m->b, m->len, x, NULL);
}

/* No extension structure in message m (a macro: a failure names the caller's line). */
#define EXPECT_NONE(m, family)                                                                     \
	do {                                                                                       \
		struct nw_icmpext none_;                                                           \
		CHECK_INT(parse_msg(m, family, &none_), NW_OK);                                    \
		CHECK(!none_.present);                                                             \
	} while (0)

/* A good structure after orig bytes of datagram in message m, parsed into x. */
#define EXPECT_FOUND(m, family, x, is_compliant, orig)                                             \
	do {                                                                                       \
		CHECK_INT(parse_msg(m, family, x), NW_OK);                                         \
		CHECK((x)->present);                                                               \
		CHECK_INT((x)->compliant, is_compliant);                                           \
		CHECK_INT((x)->orig_len, orig);                                                    \
		CHECK_INT((x)->offset, 8 + (orig));                                                \
		CHECK(!(x)->bad_checksum);                                                         \
	} while (0)

/* An MPLS label stack object of three entries (RFC 4950). */
/* clang-format off */
static const uint8_t mpls3[] = {
	0x00, 0x10, 1, 1,
	0x00, 0x01, 0x00, 0xff, /* label 16, tc 0, ttl 255 */
	0xff, 0xff, 0xfe, 0x01, /* label 1048575, tc 7, ttl 1 */
	0x00, 0x00, 0x3b, 0x40, /* label 3, tc 5, S, ttl 64 */
};

/* Interface information (RFC 5837): outgoing, ifIndex 7, 2001:db8::1, "ge-0/0/1", MTU 9000. */
static const uint8_t ifinfo_out6[] = {
	0x00, 0x2c, 2, 0x8f,
	0x00, 0x00, 0x00, 0x07,
	0x00, 0x02, 0x00, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	12, 'g', 'e', '-', '0', '/', '0', '/', '1', 0, 0, 0,
	0x00, 0x00, 0x23, 0x28,
};
/* clang-format on */

static void check_mpls3(const struct nw_icmpext *x, int first)
{
	CHECK(x->nlabels >= first + 3);
	if (x->nlabels < first + 3)
		return;
	const struct nw_mpls_entry *e = x->labels + first;
	CHECK_INT(e[0].label, 16);
	CHECK_INT(e[0].tc, 0);
	CHECK(!e[0].bottom);
	CHECK_INT(e[0].ttl, 255);
	CHECK_INT(e[1].label, 1048575);
	CHECK_INT(e[1].tc, 7);
	CHECK(!e[1].bottom);
	CHECK_INT(e[1].ttl, 1);
	CHECK_INT(e[2].label, 3);
	CHECK_INT(e[2].tc, 5);
	CHECK(e[2].bottom);
	CHECK_INT(e[2].ttl, 64);
}

/* ---- the length attribute (RFC 4884 section 4) --------------------------- */

static void test_compliant_v4(void)
{
	struct nw_icmpext x;
	struct msg m;

	/* Time exceeded, 32 words = 128 bytes of datagram, then the label stack. */
	msg_ext(&m, AF_INET, 11, 32, 128, mpls3, sizeof(mpls3));
	EXPECT_FOUND(&m, AF_INET, &x, true, 128);
	CHECK_INT(x.len, 4 + sizeof(mpls3));
	CHECK_INT(x.version, 2);
	CHECK_INT(x.checksum, m.b[138] << 8 | m.b[139]);
	CHECK(x.checksum != 0);
	CHECK(!x.overflow);
	CHECK_INT(x.nobjects, 1);
	CHECK_INT(x.objects[0].len, 16);
	CHECK_INT(x.objects[0].class_num, 1);
	CHECK_INT(x.objects[0].ctype, 1);
	CHECK(x.objects[0].decoded);
	CHECK_INT(x.nlabels, 3);
	check_mpls3(&x, 0);
	CHECK_INT(x.nifinfo, 0);

	/* A longer datagram (36 words), unreachable and parameter problem too. */
	msg_ext(&m, AF_INET, 3, 36, 144, mpls3, sizeof(mpls3));
	EXPECT_FOUND(&m, AF_INET, &x, true, 144);
	check_mpls3(&x, 0);
	msg_ext(&m, AF_INET, 12, 32, 128, mpls3, sizeof(mpls3));
	EXPECT_FOUND(&m, AF_INET, &x, true, 128);
	check_mpls3(&x, 0);
}

static void test_compliant_v6(void)
{
	struct nw_icmpext x;
	struct nw_icmpext_ifinfo *inf = &x.ifinfo[0];
	struct in6_addr want;
	struct msg m;

	/* ICMPv6 time exceeded: the attribute counts 64-bit words, at byte 4. */
	msg_ext(&m, AF_INET6, 3, 16, 128, ifinfo_out6, sizeof(ifinfo_out6));
	EXPECT_FOUND(&m, AF_INET6, &x, true, 128);
	CHECK_INT(x.nobjects, 1);
	CHECK_INT(x.objects[0].class_num, 2);
	CHECK_INT(x.objects[0].ctype, 0x8f);
	CHECK_INT(x.objects[0].len, 44);
	CHECK_INT(x.nifinfo, 1);
	CHECK_INT(inf->role, NW_IFROLE_OUTGOING);
	CHECK_STR(nw_icmpext_role_name(inf->role), "outgoing IP interface");
	CHECK(inf->has_ifindex && inf->has_addr && inf->has_name && inf->has_mtu);
	CHECK_INT(inf->ifindex, 7);
	CHECK_INT(inf->family, AF_INET6);
	inet_pton(AF_INET6, "2001:db8::1", &want);
	CHECK(memcmp(&inf->addr.v6, &want, 16) == 0);
	CHECK_STR(inf->name, "ge-0/0/1");
	CHECK_INT(inf->name_len, 8);
	CHECK_INT(inf->mtu, 9000);

	/* Unreachable, 17 words = 136 bytes. */
	msg_ext(&m, AF_INET6, 1, 17, 136, mpls3, sizeof(mpls3));
	EXPECT_FOUND(&m, AF_INET6, &x, true, 136);
	check_mpls3(&x, 0);

	/* Read as ICMPv4 (attribute at byte 5, 0 there), it is not at 128 bytes: none. */
	EXPECT_NONE(&m, AF_INET);
	msg_ext(&m, AF_INET6, 3, 16, 128, mpls3, sizeof(mpls3));
	/* Packet too big and parameter problem have no length attribute. */
	m.b[0] = 2;
	EXPECT_NONE(&m, AF_INET6);
	m.b[0] = 4;
	EXPECT_NONE(&m, AF_INET6);
}

/* Where there is no extension structure, for every reason. */
static void test_absent(void)
{
	struct nw_icmpext x;
	struct msg m;

	/* Fewer than 128 bytes of datagram (31 words), bytes after it or not. */
	msg_ext(&m, AF_INET, 11, 31, 124, mpls3, sizeof(mpls3));
	EXPECT_NONE(&m, AF_INET);
	msg_ext(&m, AF_INET6, 3, 15, 120, mpls3, sizeof(mpls3));
	EXPECT_NONE(&m, AF_INET6);
	/* The attribute names the whole message: a datagram and nothing after. */
	msg_start(&m, AF_INET, 11, 32, 128);
	EXPECT_NONE(&m, AF_INET);
	/* ... or more than there is. */
	msg_ext(&m, AF_INET, 11, 40, 128, mpls3, sizeof(mpls3));
	EXPECT_NONE(&m, AF_INET);
	/* An echo reply carrying the same bytes. */
	msg_ext(&m, AF_INET, 0, 32, 128, mpls3, sizeof(mpls3));
	EXPECT_NONE(&m, AF_INET);
	/* A classic error: attribute 0, 28 bytes quoted. */
	msg_start(&m, AF_INET, 11, 0, sizeof(probe4));
	EXPECT_NONE(&m, AF_INET);
	/* Too short to hold the attribute. */
	for (size_t n = 0; n < 6; n++) {
		CHECK_INT(parse(ext4, m.b, n, &x, NULL), NW_OK);
		CHECK(!x.present);
	}
}

/* ---- RFC 4884 section 5: attribute 0, exactly 128 bytes of datagram ------ */

static void test_noncompliant(void)
{
	struct nw_icmpext x;
	struct msg m;

	msg_ext(&m, AF_INET, 11, 0, 128, mpls3, sizeof(mpls3));
	EXPECT_FOUND(&m, AF_INET, &x, false, 128);
	check_mpls3(&x, 0);
	m.b[0] = 3; /* unreachable: the same */
	EXPECT_FOUND(&m, AF_INET, &x, false, 128);

	/* Only a version 2 header with a correct checksum tells it from datagram bytes. */
	m.b[m.ext + 3] ^= 1;
	EXPECT_NONE(&m, AF_INET);
	m.b[m.ext + 2] = m.b[m.ext + 3] = 0; /* none sent: not evidence either */
	EXPECT_NONE(&m, AF_INET);
	msg_ext(&m, AF_INET, 11, 0, 128, mpls3, sizeof(mpls3));
	m.b[m.ext] = 0x10;
	msg_sum(&m);
	EXPECT_NONE(&m, AF_INET);

	/* Not for parameter problem, nor for ICMPv6 (no such senders). */
	msg_ext(&m, AF_INET, 12, 0, 128, mpls3, sizeof(mpls3));
	EXPECT_NONE(&m, AF_INET);
	msg_ext(&m, AF_INET6, 3, 0, 128, mpls3, sizeof(mpls3));
	EXPECT_NONE(&m, AF_INET6);

	/* At least a header and an object header after the 128 bytes: 144 in all. */
	static const uint8_t empty_obj[] = {0x00, 0x04, 9, 9};
	msg_ext(&m, AF_INET, 11, 0, 128, empty_obj, sizeof(empty_obj));
	CHECK_INT(m.len, 144);
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK(x.present);
	CHECK_INT(x.nobjects, 1);
	msg_ext(&m, AF_INET, 11, 0, 128, empty_obj, 3);
	EXPECT_NONE(&m, AF_INET);
}

/* ---- the extension header ------------------------------------------------- */

static void test_header(void)
{
	struct nw_icmpext x;
	struct msg m, full;

	/* 1 to 3 bytes after the datagram: a header cut short. */
	msg_ext(&full, AF_INET, 11, 32, 128, mpls3, sizeof(mpls3));
	for (size_t cut = 1; cut < 4; cut++) {
		m = full;
		m.len = m.ext + cut;
		CHECK_INT(parse_msg(&m, AF_INET, &x), NW_TRUNCATED);
		CHECK(x.present);
		CHECK_INT(x.nobjects, 0);
	}
	/* A header and no objects. */
	m = full;
	m.len = m.ext + 4;
	msg_sum(&m);
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK(x.present);
	CHECK_INT(x.nobjects, 0);

	/* Version 1: there, not read. */
	m = full;
	m.b[m.ext] = 0x10;
	msg_sum(&m);
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_UNSUPPORTED);
	CHECK(x.present);
	CHECK_INT(x.version, 1);
	CHECK_INT(x.nobjects, 0);
	CHECK_INT(x.nlabels, 0);

	/* A wrong checksum is a flag; the objects are read all the same. */
	m = full;
	m.b[m.ext + 2] ^= 0x40;
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK(x.present);
	CHECK(x.bad_checksum);
	CHECK_INT(x.nlabels, 3);
	check_mpls3(&x, 0);
	/* A wrong byte in an object, likewise. */
	m = full;
	m.b[m.len - 1] ^= 0x01;
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK(x.bad_checksum);
	CHECK_INT(x.labels[2].ttl, 65);
	/* Checksum 0: none was sent. */
	m = full;
	m.b[m.ext + 2] = m.b[m.ext + 3] = 0;
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK(!x.bad_checksum);
	CHECK_INT(x.checksum, 0);
	check_mpls3(&x, 0);
}

/* ---- objects --------------------------------------------------------------- */

/*
 * One object after the header: the status, its reason, and how many objects
 * were listed.
 */
static void check_object(const char *name, const uint8_t *obj, size_t n, enum nw_status want,
			 const char *why_want, int listed)
{
	struct nw_icmpext x;
	struct msg m;
	struct nw_buf b;
	const char *why = NULL;
	int failures = nw_test_failures;
	uint8_t *copy;

	msg_ext(&m, AF_INET, 11, 32, 128, obj, n);
	CHECK_INT(parse_msg(&m, AF_INET, &x), want);
	copy = malloc(m.len);
	if (!copy)
		abort();
	memcpy(copy, m.b, m.len);
	nw_buf_init(&b, copy, m.len);
	nw_parse_icmpext(&b, AF_INET, &x, &why);
	free(copy);
	if (why_want)
		CHECK_STR(why, why_want);
	CHECK(x.present);
	CHECK_INT(x.nobjects, listed);
	if (nw_test_failures != failures)
		fprintf(stderr, "  (object %s)\n", name);
}

/* Objects alone after the header, broken or at an edge. */
/* clang-format off */
static const uint8_t len0[] = {0x00, 0x00, 1, 1, 0, 0, 0, 0};
static const uint8_t len3[] = {0x00, 0x03, 1, 1, 0, 0, 0, 0};
static const uint8_t past_end[] = {0x00, 0x0c, 1, 1, 0x00, 0x01, 0x01, 0x40};
static const uint8_t hdr_cut[] = {0x00, 0x08, 1, 1, 0x00, 0x01, 0x01, 0x40, 0x00, 0x08};
static const uint8_t mpls_odd[] = {0x00, 0x0a, 1, 1, 0x00, 0x01, 0x01, 0x40, 0, 0};
static const uint8_t mpls_empty[] = {0x00, 0x04, 1, 1};

/* RFC 5837 objects of which a field overruns the object. */
static const uint8_t name_over[] = {0x00, 0x0c, 2, 0x02, 20, 'a', 'b', 'c', 'd', 'e', 'f', 'g'};
static const uint8_t name_zero[] = {0x00, 0x08, 2, 0x02, 0, 0, 0, 0};
static const uint8_t name_long[] = {0x00, 0x08, 2, 0x02, 65, 'a', 'b', 'c'};
static const uint8_t afi3[] = {0x00, 0x18, 2, 0x04, 0, 3, 0, 0, 198, 18, 0, 9,
			       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
static const uint8_t addr_cut[] = {0x00, 0x0c, 2, 0x04, 0, 2, 0, 0, 0x20, 0x01, 0x0d, 0xb8};
static const uint8_t ifindex_cut[] = {0x00, 0x06, 2, 0x08, 0, 0};
static const uint8_t mtu_missing[] = {0x00, 0x08, 2, 0x09, 0, 0, 0, 1};
/* clang-format on */

static const struct {
	const char *name;
	const uint8_t *obj;
	size_t len;
	enum nw_status want;
	const char *why; /* NULL: none */
	int listed;	 /* objects listed */
} object_cases[] = {
#define OBJ(o) #o, o, sizeof(o)
    {OBJ(len0), NW_MALFORMED, "ICMP extension object shorter than its header", 0},
    {OBJ(len3), NW_MALFORMED, "ICMP extension object shorter than its header", 0},
    {OBJ(past_end), NW_TRUNCATED, "ICMP extension object cut short", 0},
    {OBJ(hdr_cut), NW_TRUNCATED, "ICMP extension object header cut short", 1},
    {OBJ(mpls_odd), NW_MALFORMED, "MPLS label stack object not a multiple of 4 bytes", 0},
    {OBJ(mpls_empty), NW_OK, NULL, 1},
    {OBJ(name_over), NW_MALFORMED, "interface name longer than its object", 0},
    {OBJ(name_zero), NW_MALFORMED, "interface name sub-object of length 0", 0},
    {OBJ(name_long), NW_MALFORMED, "interface name sub-object over 64 bytes", 0},
    {OBJ(afi3), NW_MALFORMED, "interface address of an unknown AFI", 0},
    {OBJ(addr_cut), NW_MALFORMED, "interface address longer than its object", 0},
    {OBJ(ifindex_cut), NW_MALFORMED, "interface index longer than its object", 0},
    {OBJ(mtu_missing), NW_MALFORMED, "interface MTU longer than its object", 0},
#undef OBJ
};

static void test_objects(void)
{
	struct nw_icmpext x;
	struct msg m;
	uint8_t two[sizeof(mpls3) + 12];

	/* clang-format off */
	static const uint8_t mpls_ctype2[] = {0x00, 0x08, 1, 2, 0x00, 0x01, 0x01, 0x40};
	static const uint8_t unknown[] = {0x00, 0x0c, 3, 2, 1, 2, 3, 4, 5, 6, 7, 8};
	/* clang-format on */

	for (size_t i = 0; i < N(object_cases); i++)
		check_object(object_cases[i].name, object_cases[i].obj, object_cases[i].len,
			     object_cases[i].want, object_cases[i].why, object_cases[i].listed);

	/* Unknown classes and c-types are listed and skipped; what follows is read. */
	memcpy(two, unknown, sizeof(unknown));
	memcpy(two + sizeof(unknown), mpls3, sizeof(mpls3));
	msg_ext(&m, AF_INET, 11, 32, 128, two, sizeof(two));
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK_INT(x.nobjects, 2);
	CHECK_INT(x.objects[0].class_num, 3);
	CHECK_INT(x.objects[0].ctype, 2);
	CHECK_INT(x.objects[0].len, 12);
	CHECK(!x.objects[0].decoded);
	CHECK(x.objects[1].decoded);
	check_mpls3(&x, 0);
	msg_ext(&m, AF_INET, 11, 32, 128, mpls_ctype2, sizeof(mpls_ctype2));
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK_INT(x.nobjects, 1);
	CHECK(!x.objects[0].decoded);
	CHECK_INT(x.nlabels, 0);

	/* A good object, then a broken one: the first stays decoded. */
	memcpy(two, mpls3, sizeof(mpls3));
	memcpy(two + sizeof(mpls3), len3, sizeof(len3));
	msg_ext(&m, AF_INET, 11, 32, 128, two, sizeof(mpls3) + sizeof(len3));
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_MALFORMED);
	CHECK_INT(x.nobjects, 1);
	check_mpls3(&x, 0);
}

/* RFC 5837 objects: every field, and every way a field overruns its object. */
static void test_ifinfo(void)
{
	struct nw_icmpext x;
	struct msg m;

	/* clang-format off */
	/* Incoming, ifIndex and an IPv4 address. */
	static const uint8_t in4[] = {0x00, 0x10, 2, 0x0c, 0, 0, 0, 2, 0, 1, 0, 0, 198, 18, 0, 9};
	/* Next hop, MTU only. */
	static const uint8_t nexthop_mtu[] = {0x00, 0x08, 2, 0xc1, 0x00, 0x00, 0x05, 0xdc};
	/* A name sub-object of 4 bytes: "ab", one NUL of padding. */
	static const uint8_t name_pad[] = {0x00, 0x08, 2, 0x42, 4, 'a', 'b', 0};
	/* clang-format on */

	msg_ext(&m, AF_INET, 11, 32, 128, in4, sizeof(in4));
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK_INT(x.nifinfo, 1);
	CHECK_INT(x.ifinfo[0].role, NW_IFROLE_INCOMING);
	CHECK(x.ifinfo[0].has_ifindex && x.ifinfo[0].has_addr);
	CHECK(!x.ifinfo[0].has_name && !x.ifinfo[0].has_mtu);
	CHECK_INT(x.ifinfo[0].ifindex, 2);
	CHECK_INT(x.ifinfo[0].family, AF_INET);
	CHECK_INT(ntohl(x.ifinfo[0].addr.v4.s_addr), 0xc6120009);

	msg_ext(&m, AF_INET, 11, 32, 128, nexthop_mtu, sizeof(nexthop_mtu));
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK_INT(x.ifinfo[0].role, NW_IFROLE_NEXTHOP);
	CHECK(x.ifinfo[0].has_mtu && !x.ifinfo[0].has_ifindex && !x.ifinfo[0].has_addr);
	CHECK_INT(x.ifinfo[0].mtu, 1500);

	msg_ext(&m, AF_INET, 11, 32, 128, name_pad, sizeof(name_pad));
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK_INT(x.ifinfo[0].role, NW_IFROLE_INCOMING_SUB);
	CHECK_STR(x.ifinfo[0].name, "ab");
	CHECK_INT(x.ifinfo[0].name_len, 2);

	/* The longest name, 63 bytes, and a sub-object of 65 in an object that holds it. */
	uint8_t big[4 + 68];
	memset(big, 'a', sizeof(big));
	big[0] = 0, big[1] = 4 + 64, big[2] = 2, big[3] = 0x02, big[4] = 64;
	msg_ext(&m, AF_INET, 11, 32, 128, big, 4 + 64);
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK_INT(x.ifinfo[0].name_len, 63);
	CHECK_INT(strlen(x.ifinfo[0].name), 63);
	big[1] = sizeof(big), big[4] = 65;
	check_object("big", big, sizeof(big), NW_MALFORMED,
		     "interface name sub-object over 64 bytes", 0);

	CHECK_STR(nw_icmpext_role_name(NW_IFROLE_INCOMING), "incoming IP interface");
	CHECK_STR(nw_icmpext_role_name(NW_IFROLE_INCOMING_SUB),
		  "sub-IP component of incoming IP interface");
	CHECK_STR(nw_icmpext_role_name(NW_IFROLE_NEXTHOP), "IP next hop");
}

/* count copies of an 8-byte object, byte vary of copy i set to i. */
static void repeat8(uint8_t *dst, const uint8_t obj[8], int count, int vary)
{
	for (int i = 0; i < count; i++) {
		memcpy(dst + 8 * i, obj, 8);
		dst[8 * i + vary] = (uint8_t)i;
	}
}

/* More than the arrays hold: the first ones kept, the rest walked. */
static void test_overflow(void)
{
	static const uint8_t unknown[] = {0x00, 0x08, 200, 0, 1, 2, 3, 4};
	static const uint8_t mtu[] = {0x00, 0x08, 2, 0x01, 0, 0, 0x05, 0};
	uint8_t objs[12 * 8], stack[4 + 20 * 4], five[5 * 8];
	struct nw_icmpext x;
	struct msg m;

	repeat8(objs, unknown, 12, 3); /* c-types 0 to 11 */
	msg_ext(&m, AF_INET, 11, 32, 128, objs, sizeof(objs));
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK_INT(x.nobjects, NW_ICMPEXT_MAX_OBJECTS);
	CHECK_INT(x.objects[NW_ICMPEXT_MAX_OBJECTS - 1].ctype, NW_ICMPEXT_MAX_OBJECTS - 1);
	CHECK(x.overflow);
	/* The walk went on past the array: a broken last object is still seen. */
	objs[8 * 11 + 1] = 2;
	msg_ext(&m, AF_INET, 11, 32, 128, objs, sizeof(objs));
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_MALFORMED);

	stack[0] = 0, stack[1] = sizeof(stack), stack[2] = 1, stack[3] = 1;
	for (uint32_t i = 0; i < 20; i++) {
		uint32_t w = (100 + i) << 12 | (i == 19) << 8 | 1;
		stack[4 + 4 * i] = (uint8_t)(w >> 24), stack[5 + 4 * i] = (uint8_t)(w >> 16);
		stack[6 + 4 * i] = (uint8_t)(w >> 8), stack[7 + 4 * i] = (uint8_t)w;
	}
	msg_ext(&m, AF_INET, 11, 32, 128, stack, sizeof(stack));
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK_INT(x.nlabels, NW_ICMPEXT_MAX_LABELS);
	CHECK_INT(x.labels[NW_ICMPEXT_MAX_LABELS - 1].label, 100 + NW_ICMPEXT_MAX_LABELS - 1);
	CHECK(!x.labels[NW_ICMPEXT_MAX_LABELS - 1].bottom);
	CHECK(x.overflow);

	repeat8(five, mtu, 5, 7); /* MTUs 0x500 to 0x504 */
	msg_ext(&m, AF_INET, 11, 32, 128, five, sizeof(five));
	CHECK_INT(parse_msg(&m, AF_INET, &x), NW_OK);
	CHECK_INT(x.nifinfo, NW_ICMPEXT_MAX_IFINFO);
	CHECK_INT(x.ifinfo[3].mtu, 0x503);
	CHECK_INT(x.nobjects, 5);
	CHECK(x.overflow);
}

/* Every prefix of a message: never more than is there, never a crash. */
static void test_prefixes(void)
{
	struct nw_icmpext x;
	struct msg m;

	msg_ext(&m, AF_INET, 11, 32, 128, mpls3, sizeof(mpls3));
	for (size_t n = 0; n <= m.len; n++) {
		enum nw_status st = parse(ext4, m.b, n, &x, NULL);
		if (n <= 136) {
			CHECK_INT(st, NW_OK);
			CHECK(!x.present);
		} else if (n < 136 + 4) {
			CHECK_INT(st, NW_TRUNCATED);
		} else {
			/* Whole objects: a bad checksum; part of one: cut short. */
			CHECK_INT(st, n == 140 || n == m.len ? NW_OK : NW_TRUNCATED);
			CHECK_INT(x.bad_checksum, n != m.len);
		}
	}
	/* Without the attribute, only the whole message passes the checksum test. */
	msg_ext(&m, AF_INET, 11, 0, 128, mpls3, sizeof(mpls3));
	for (size_t n = 0; n <= m.len; n++) {
		CHECK_INT(parse(ext4, m.b, n, &x, NULL), NW_OK);
		CHECK_INT(x.present, n == m.len);
	}
}

/* ---- nw_decode ---------------------------------------------------------------- */

/* A router's IPv4 packet (raw link) to the probe's source around message m. */
static size_t wrap4(uint8_t *f, const struct msg *m)
{
	/* clang-format off */
	static const uint8_t ip[20] = {
		0x45, 0, 0, 0, 0x12, 0x34, 0x40, 0x00, 0xff, 1, 0, 0, 198, 18, 0, 9, 198, 18, 0, 1,
	};
	/* clang-format on */
	size_t len = sizeof(ip) + m->len;

	memcpy(f, ip, sizeof(ip));
	memcpy(f + sizeof(ip), m->b, m->len);
	f[2] = (uint8_t)(len >> 8), f[3] = (uint8_t)len;
	return len;
}

static void test_decode(void)
{
	uint8_t f[MSG_MAX + 64];
	struct nw_pkt p;
	struct msg m;
	size_t len;

	msg_ext(&m, AF_INET, 11, 32, 128, mpls3, sizeof(mpls3));
	len = wrap4(f, &m);
	CHECK_INT(nw_decode(NW_LINK_RAW, f, len, &p), NW_OK);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV4 | NW_HAS_ICMP | NW_HAS_ICMPEXT);
	CHECK(p.icmp.quoted.present);
	CHECK_INT(p.icmp.quoted.dport, 33434);
	CHECK(p.icmpext.present);
	check_mpls3(&p.icmpext, 0);

	/* Captured short of the IP length: the structure is not looked for. */
	CHECK_INT(nw_decode(NW_LINK_RAW, f, len - 4, &p), NW_OK);
	CHECK(p.ip4.truncated_payload);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV4 | NW_HAS_ICMP);
	CHECK(!p.icmpext.present);

	/* A broken structure is the packet's error; ICMP stays decoded. */
	m.b[m.ext + 5] = 2; /* object length 2 */
	len = wrap4(f, &m);
	CHECK_INT(nw_decode(NW_LINK_RAW, f, len, &p), NW_MALFORMED);
	CHECK_INT(p.error_layer, NW_HAS_ICMPEXT);
	CHECK_STR(p.error, "ICMP extension object shorter than its header");
	CHECK(p.layers & NW_HAS_ICMP);
	CHECK(!(p.layers & NW_HAS_ICMPEXT));

	/* The next packet, with none, into the same struct: nothing left over. */
	msg_ext(&m, AF_INET, 11, 32, 128, mpls3, sizeof(mpls3));
	len = wrap4(f, &m);
	CHECK_INT(nw_decode(NW_LINK_RAW, f, len, &p), NW_OK);
	CHECK(p.icmpext.present);
	msg_start(&m, AF_INET, 11, 0, sizeof(probe4));
	len = wrap4(f, &m);
	CHECK_INT(nw_decode(NW_LINK_RAW, f, len, &p), NW_OK);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV4 | NW_HAS_ICMP);
	CHECK(!p.icmpext.present);
	/* ... also when decoding stops below ICMP. */
	msg_ext(&m, AF_INET, 11, 32, 128, mpls3, sizeof(mpls3));
	len = wrap4(f, &m);
	CHECK_INT(nw_decode(NW_LINK_RAW, f, len, &p), NW_OK);
	CHECK_INT(nw_decode(NW_LINK_RAW, f, 10, &p), NW_TRUNCATED);
	CHECK(!p.icmpext.present);

	/* ICMPv6 in IPv6. */
	msg_ext(&m, AF_INET6, 3, 16, 128, ifinfo_out6, sizeof(ifinfo_out6));
	/* clang-format off */
	uint8_t ip6[40] = {0x60, 0, 0, 0, 0, 0, 58, 64, V6_ADDRS};
	/* clang-format on */
	ip6[4] = (uint8_t)(m.len >> 8), ip6[5] = (uint8_t)m.len;
	memcpy(f, ip6, sizeof(ip6));
	memcpy(f + sizeof(ip6), m.b, m.len);
	CHECK_INT(nw_decode(NW_LINK_RAW, f, sizeof(ip6) + m.len, &p), NW_OK);
	CHECK_INT(p.layers, NW_HAS_LINK | NW_HAS_IPV6 | NW_HAS_ICMPV6 | NW_HAS_ICMPEXT);
	CHECK_INT(p.icmpext.nifinfo, 1);
	CHECK_STR(p.icmpext.ifinfo[0].name, "ge-0/0/1");
}

/* ---- tcpdump's captures --------------------------------------------------- */

/*
 * What tcpdump prints for the extensions in each capture: the lines of
 *   tcpdump -# -v -n -r mpls-traceroute.pcap | awk '/^ *[0-9]+  [0-9]/{n=$1}
 *     /Multi-Part|Object|label [0-9]+, tc/ && !/^ *[0-9]+  /{sub(/^\t/,""); print n": "$0}'
 * with tcpdump 4.99.3.  That tcpdump prints the RFC 5837 object of
 * icmp-rfc5837.pcap only in hex (the bytes match); the decoded lines are
 * tcpdump's own expected output for that capture, tests/icmp-rfc5837.out
 * in the-tcpdump-group/tcpdump (master), numbered the same way.
 */
static const char mpls_traceroute_tcpdump[] =
    "2: ICMP Multi-Part extension v2, checksum 0xc55f (correct), length 12\n"
    "2:   MPLS Stack Entry Object (1), Class-Type: 1, length 8\n"
    "2:     label 100704, tc 0, [S], ttl 1\n"
    "4: ICMP Multi-Part extension v2, checksum 0xc55f (correct), length 12\n"
    "4:   MPLS Stack Entry Object (1), Class-Type: 1, length 8\n"
    "4:     label 100704, tc 0, [S], ttl 1\n"
    "6: ICMP Multi-Part extension v2, checksum 0xc55f (correct), length 12\n"
    "6:   MPLS Stack Entry Object (1), Class-Type: 1, length 8\n"
    "6:     label 100704, tc 0, [S], ttl 1\n"
    "8: ICMP Multi-Part extension v2, checksum 0xc4e4 (correct), length 12\n"
    "8:   MPLS Stack Entry Object (1), Class-Type: 1, length 8\n"
    "8:     label 102672, tc 0, [S], ttl 1\n"
    "10: ICMP Multi-Part extension v2, checksum 0xc4e4 (correct), length 12\n"
    "10:   MPLS Stack Entry Object (1), Class-Type: 1, length 8\n"
    "10:     label 102672, tc 0, [S], ttl 1\n"
    "12: ICMP Multi-Part extension v2, checksum 0xc4e4 (correct), length 12\n"
    "12:   MPLS Stack Entry Object (1), Class-Type: 1, length 8\n"
    "12:     label 102672, tc 0, [S], ttl 1\n";

static const char rfc5837_tcpdump[] =
    "1: ICMP Multi-Part extension v2, checksum 0x246c (correct), length 84\n"
    "1:   Interface Information Object (2), Class-Type: 14, length 80\n"
    "1:     Interface Role: Incoming IP Interface\n"
    "1:     Interface Index: 15\n"
    "1:     IP Address sub-object: 10.10.10.10\n"
    "1:     Interface Name, length 64: "
    "This-is-the-name-of-the-Interface-that-we-are-looking-for-[:-)]\n";

/* tcpdump's names for the roles (print-icmp.c). */
static const char *const tcpdump_roles[4] = {
    "Incoming IP Interface",
    "Sub-IP Component of Incoming IP Interface",
    "Outgoing IP Interface",
    "IP Next-hop",
};

static void print_ifinfo(struct nw_sb *s, int n, const struct nw_icmpext_ifinfo *inf)
{
	char addr[INET6_ADDRSTRLEN];

	nw_sb_printf(s, "%d:     Interface Role: %s\n", n, tcpdump_roles[inf->role & 3]);
	if (inf->has_ifindex)
		nw_sb_printf(s, "%d:     Interface Index: %" PRIu32 "\n", n, inf->ifindex);
	if (inf->has_addr && inet_ntop(inf->family, &inf->addr, addr, sizeof(addr)))
		nw_sb_printf(s, "%d:     IP Address sub-object: %s\n", n, addr);
	/* tcpdump gives the sub-object's length: the name's and its length byte (no padding here).
	 */
	if (inf->has_name)
		nw_sb_printf(s, "%d:     Interface Name, length %d: %s\n", n, inf->name_len + 1,
			     inf->name);
	if (inf->has_mtu)
		nw_sb_printf(s, "%d:     MTU: %" PRIu32 "\n", n, inf->mtu);
}

/* Our decoding of packet n, in tcpdump -v's words. */
static void print_tcpdump(struct nw_sb *s, int n, const struct nw_icmpext *x)
{
	int label = 0, inf = 0;

	nw_sb_printf(s, "%d: ICMP Multi-Part extension v%d, checksum 0x%04x (%s), length %zu\n", n,
		     x->version, x->checksum, x->bad_checksum ? "incorrect" : "correct", x->len);
	for (int i = 0; i < x->nobjects; i++) {
		const struct nw_icmpext_obj *o = &x->objects[i];
		const char *name = o->class_num == NW_ICMPEXT_CLASS_MPLS ? "MPLS Stack Entry"
				   : o->class_num == NW_ICMPEXT_CLASS_IFINFO
				       ? "Interface Information"
				       : "Unknown";
		nw_sb_printf(s, "%d:   %s Object (%d), Class-Type: %d, length %d\n", n, name,
			     o->class_num, o->ctype, o->len);
		if (o->class_num == NW_ICMPEXT_CLASS_MPLS && o->decoded)
			for (int k = 0; k < (o->len - 4) / 4 && label < x->nlabels; k++, label++)
				nw_sb_printf(s, "%d:     label %" PRIu32 ", tc %d%s, ttl %d\n", n,
					     x->labels[label].label, x->labels[label].tc,
					     x->labels[label].bottom ? ", [S]" : "",
					     x->labels[label].ttl);
		if (o->class_num == NW_ICMPEXT_CLASS_IFINFO && inf < x->nifinfo)
			print_ifinfo(s, n, &x->ifinfo[inf++]);
	}
}

/*
 * Decode every IPv4 packet of a PPP capture (link type 9: ff 03, then
 * protocol 0x0021) as raw IP, print what extensions were found, and
 * compare with tcpdump's text.  *found counts the packets with extensions.
 */
static void check_capture(const char *dir, const char *file, const char *want, int *found)
{
	char path[2048], err[512] = "", text[4096];
	struct nw_cap_pkt cp;
	struct nw_sb s;
	struct nw_cap *c;
	int n = 0;

	*found = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	c = nw_cap_open_file(path, NULL, err, sizeof(err));
	CHECK(c != NULL);
	if (!c) {
		fprintf(stderr, "%s: %s\n", file, err);
		return;
	}
	CHECK_INT(nw_cap_linktype(c), 9);
	nw_sb_init(&s, text, sizeof(text));
	while (nw_cap_next(c, &cp, err, sizeof(err)) == 1) {
		uint8_t *copy = malloc(cp.caplen ? cp.caplen : 1);
		struct nw_pkt p;
		n++;
		if (!copy)
			abort();
		memcpy(copy, cp.data, cp.caplen);
		/* IPv4 only: the probes of mpls-traceroute are MPLS frames (0x0281). */
		if (cp.caplen > 4 && copy[0] == 0xff && copy[1] == 0x03 && copy[2] == 0x00 &&
		    copy[3] == 0x21 &&
		    nw_decode(NW_LINK_RAW, copy + 4, cp.caplen - 4, &p) == NW_OK &&
		    (p.layers & NW_HAS_ICMPEXT)) {
			(*found)++;
			CHECK(p.icmpext.present);
			CHECK(!p.icmpext.compliant); /* both captures: length attribute 0 */
			CHECK_INT(p.icmpext.orig_len, 128);
			print_tcpdump(&s, n, &p.icmpext);
		}
		free(copy);
	}
	nw_cap_close(c);
	CHECK(!s.overflow);
	CHECK_STR(text, want);
}

/*
 * icmp_inft_name_length_zero.pcap: the frame ends 32768 bytes before the
 * IP length says; the extension's checksum, then, cannot be right.  tcpdump
 * decodes it anyway (it checks no checksum it cannot see whole); nw_decode
 * does not look, and the parser, given the bytes, finds no valid header.
 */
static void check_cut_capture(const char *dir)
{
	char path[2048], err[512] = "";
	struct nw_cap_pkt cp;
	struct nw_icmpext x;
	struct nw_cap *c;
	struct nw_pkt p;

	snprintf(path, sizeof(path), "%s/icmp_inft_name_length_zero.pcap", dir);
	c = nw_cap_open_file(path, NULL, err, sizeof(err));
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_INT(nw_cap_next(c, &cp, err, sizeof(err)), 1);
	CHECK(cp.caplen > 24);
	if (cp.caplen > 24) {
		CHECK_INT(nw_decode(NW_LINK_RAW, cp.data + 4, cp.caplen - 4, &p), NW_OK);
		CHECK(p.ip4.truncated_payload);
		CHECK(!(p.layers & NW_HAS_ICMPEXT));
		CHECK_INT(parse(ext4, cp.data + 24, cp.caplen - 24, &x, NULL), NW_OK);
		CHECK(!x.present);
	}
	nw_cap_close(c);
}

static void test_captures(void)
{
	const char *dir = getenv("NW_PCAPS");
	int found;

	if (!dir || !*dir) {
		fprintf(stderr, "NW_PCAPS unset: the captures are not checked\n");
		return;
	}
	check_capture(dir, "mpls-traceroute.pcap", mpls_traceroute_tcpdump, &found);
	CHECK_INT(found, 6);
	check_capture(dir, "icmp-rfc5837.pcap", rfc5837_tcpdump, &found);
	CHECK_INT(found, 1);
	check_cut_capture(dir);
}

int main(void)
{
	test_compliant_v4();
	test_compliant_v6();
	test_absent();
	test_noncompliant();
	test_header();
	test_objects();
	test_ifinfo();
	test_overflow();
	test_prefixes();
	test_decode();
	test_captures();
	return nw_test_result("test_icmpext");
}
