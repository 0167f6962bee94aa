/*
 * test_tcpfeed.c: which decoded frames feed the connection table
 * (common/tcp/tcpfeed.c): a TCP segment with its endpoints and tshark's
 * length (from the IP length, also when the snap length cut the payload),
 * non-TCP frames, broken TCP with its reason, and the expiry cadence.
 */
#include "config.h"

#include <sys/socket.h>

#include "tcp/tcpfeed.h"
#include "testlib.h"

#define MS INT64_C(1000000)

/* clang-format off */
/* IPv4 198.18.0.1:40000 -> 198.18.0.2:80, 100 bytes of payload claimed by the IP length. */
static const uint8_t v4_tcp[] = {
	0x45, 0x00, 0x00, 0x8c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
	198, 18, 0, 1, 198, 18, 0, 2,
	0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0,
	'h', 'e', 'l', 'l', 'o', /* the rest of the 100 bytes was not captured */
};
/* IPv4 UDP 198.18.0.1:53 -> 198.18.0.2:53 */
static const uint8_t v4_udp[] = {
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
	198, 18, 0, 1, 198, 18, 0, 2,
	0x00, 0x35, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
};
/* IPv4 saying TCP, with a TCP header cut after 10 bytes. */
static const uint8_t v4_cut_tcp[] = {
	0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
	198, 18, 0, 1, 198, 18, 0, 2,
	0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0,
};
/* IPv6 2001:db8::1:443 -> 2001:db8::2:50000, 3 bytes of payload. */
static const uint8_t v6_tcp[] = {
	0x60, 0, 0, 0, 0x00, 0x17, 0x06, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	0x01, 0xbb, 0xc3, 0x50, 0, 0, 0, 9, 0, 0, 0, 7, 0x50, 0x10, 0x01, 0x00, 0, 0, 0, 0,
	'a', 'b', 'c',
};
/* clang-format on */

static enum nw_tcpfeed_kind classify(const uint8_t *frame, size_t len, struct nw_tcpfeed_seg *s,
				     struct nw_pkt *p, const char **why)
{
	nw_decode(NW_LINK_RAW, frame, len, p);
	return nw_tcpfeed_classify(p, s, why);
}

static void test_segments(void)
{
	struct nw_tcpfeed_seg s;
	struct nw_pkt p;
	struct nw_addr want;
	const char *why = "unset";

	CHECK_INT(classify(v4_tcp, sizeof v4_tcp, &s, &p, &why), NW_TCPFEED_SEGMENT);
	CHECK(why == NULL);
	CHECK_INT(s.seglen, 100); /* from the IP length, not the 5 captured bytes */
	CHECK_INT(s.tcp->sport, 40000);
	CHECK_INT(s.tcp->dport, 80);
	CHECK_INT(nw_addr_parse("198.18.0.1", AF_UNSPEC, &want, NULL), 0);
	CHECK(nw_addr_equal(&s.src, &want));
	CHECK_INT(nw_addr_parse("198.18.0.2", AF_UNSPEC, &want, NULL), 0);
	CHECK(nw_addr_equal(&s.dst, &want));

	CHECK_INT(classify(v6_tcp, sizeof v6_tcp, &s, &p, &why), NW_TCPFEED_SEGMENT);
	CHECK_INT(s.seglen, 3);
	CHECK_INT(s.tcp->sport, 443);
	CHECK_INT(nw_addr_parse("2001:db8::2", AF_UNSPEC, &want, NULL), 0);
	CHECK(nw_addr_equal(&s.dst, &want));
}

static void test_not_segments(void)
{
	struct nw_tcpfeed_seg s;
	struct nw_pkt p;
	const char *why = "unset";

	CHECK_INT(classify(v4_udp, sizeof v4_udp, &s, &p, &why), NW_TCPFEED_NOT_TCP);
	CHECK(why == NULL);
	CHECK_INT(classify(v4_cut_tcp, sizeof v4_cut_tcp, &s, &p, &why), NW_TCPFEED_BAD_TCP);
	CHECK(why != NULL && *why != '\0');
}

static int expired;

static void on_evict(void *ctx, const struct nw_tcpconn *c, enum nw_tcp_evict why)
{
	(void)ctx;
	(void)c;
	(void)why;
	expired++;
}

/* Idle connections go once a second of capture time has passed, not on every frame. */
static void test_expiry_cadence(void)
{
	struct nw_tcptab_config cfg = {
	    .max_conns = 8, .idle_ns = 100 * MS, .closed_ns = 100 * MS, .on_evict = on_evict};
	struct nw_tcptab *tab = nw_tcptab_new(&cfg);
	struct nw_tcpfeed_seg s;
	struct nw_tcpseg seg;
	struct nw_pkt p;
	const char *why;
	int64_t last = 0;

	CHECK_INT(classify(v4_tcp, sizeof v4_tcp, &s, &p, &why), NW_TCPFEED_SEGMENT);
	CHECK_INT(nw_tcptab_segment(tab, &s.src, &s.dst, s.tcp, s.seglen, 10 * MS, &seg), 0);
	nw_tcpfeed_expire(tab, 500 * MS, &last); /* idle, but under a second since 0 */
	CHECK_INT(expired, 0);
	CHECK_INT(last, 0);
	nw_tcpfeed_expire(tab, 1000 * MS, &last);
	CHECK_INT(expired, 1);
	CHECK_INT(last, 1000 * MS);
	nw_tcptab_free(tab);
}

int main(void)
{
	test_segments();
	test_not_segments();
	test_expiry_cadence();
	return nw_test_result("test_tcpfeed");
}
