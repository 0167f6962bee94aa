/*
 * test_sockdiag.c: wire/sockdiag.c on real replies of this kernel
 * (sockdiag_vectors.h, made by sockdiag_capture.py: a listener on
 * 127.0.0.1:7001 with a connection to it, a TIME_WAIT from a second one
 * the client closed, a listener on [::1]:7002), on every truncation of
 * them and on broken lengths; and tcp/tcpkstate.c's mapping.
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "tcp/tcpkstate.h"
#include "testlib.h"
#include "wire/sockdiag.h"
#include "sockdiag_vectors.h"

#define MAX_SOCKS 8

struct parsed {
	struct nw_sockdiag_sock s[MAX_SOCKS];
	int nsocks, done;
	enum nw_status last;
};

static void parse_all(const unsigned char *p, size_t n, struct parsed *out)
{
	struct nw_buf b;
	struct nw_sockdiag_msg m;
	const char *why = NULL;

	memset(out, 0, sizeof *out);
	nw_buf_init(&b, p, n);
	while (nw_buf_left(&b) > 0) {
		size_t before = nw_buf_left(&b);
		out->last = nw_sockdiag_next(&b, &m, &why);
		if (out->last != NW_OK) {
			CHECK(why != NULL);
			CHECK(nw_buf_left(&b) == before); /* a failure leaves the cursor */
			return;
		}
		CHECK(nw_buf_left(&b) < before);
		if (m.kind == NW_SOCKDIAG_SOCK && out->nsocks < MAX_SOCKS)
			out->s[out->nsocks++] = m.sock;
		out->done += m.kind == NW_SOCKDIAG_DONE;
	}
}

static void check_v4_address(const struct nw_addr *a, const char *want)
{
	char buf[64];

	CHECK_INT(a->family, AF_INET);
	CHECK_STR(inet_ntop(AF_INET, &a->u.v4, buf, sizeof buf), want);
}

static void test_v4_reply(void)
{
	struct parsed r;

	parse_all(sockdiag_v4, sizeof sockdiag_v4, &r);
	CHECK_INT(r.last, NW_OK);
	CHECK_INT(r.nsocks, 4);
	CHECK_INT(r.done, 1);
	/* The listener: accept queue limit (backlog 8) in wqueue. */
	CHECK_INT(r.s[0].kstate, 10);
	CHECK_INT(r.s[0].sport, 7001);
	CHECK_INT(r.s[0].wqueue, 8);
	check_v4_address(&r.s[0].src, "127.0.0.1");
	check_v4_address(&r.s[0].dst, "0.0.0.0");
	CHECK(r.s[0].inode != 0);
	/* The accepted side, then the client with its keepalive timer. */
	CHECK_INT(r.s[1].kstate, 1);
	CHECK_INT(r.s[1].sport, 7001);
	CHECK_INT(r.s[1].dport, r.s[2].sport);
	CHECK_INT(r.s[2].timer, NW_SOCKDIAG_TIMER_KEEPALIVE);
	CHECK(r.s[2].expires_ms > 7000000 && r.s[2].expires_ms <= 7200000);
	CHECK(r.s[2].has_info && r.s[2].rto_us >= 200000 && r.s[2].snd_cwnd >= 1);
	CHECK(r.s[2].has_shutdown && r.s[2].shutdown == 0);
	CHECK(r.s[1].cookie != r.s[2].cookie);
	/* TIME_WAIT: its timer, no owner (uid and inode 0), no tcp_info. */
	CHECK_INT(r.s[3].kstate, 6);
	CHECK_INT(r.s[3].timer, NW_SOCKDIAG_TIMER_TIMEWAIT);
	CHECK(r.s[3].expires_ms > 50000 && r.s[3].expires_ms <= 60000);
	CHECK_INT(r.s[3].inode, 0);
	CHECK_INT(r.s[3].dport, 7001);
	CHECK(!r.s[3].has_info);
}

static void test_v6_reply(void)
{
	struct parsed r;
	char buf[64];

	parse_all(sockdiag_v6, sizeof sockdiag_v6, &r);
	CHECK_INT(r.last, NW_OK);
	CHECK_INT(r.nsocks, 1);
	CHECK_INT(r.s[0].family, AF_INET6);
	CHECK_INT(r.s[0].src.family, AF_INET6);
	CHECK_STR(inet_ntop(AF_INET6, &r.s[0].src.u.v6, buf, sizeof buf), "::1");
	CHECK_INT(r.s[0].sport, 7002);
	CHECK_INT(r.s[0].wqueue, 4);
}

/* Every prefix of a reply: no read past it, and a cut message is TRUNCATED. */
static void test_truncations(void)
{
	struct parsed r;

	for (size_t n = 0; n < sizeof sockdiag_v4; n++) {
		parse_all(sockdiag_v4, n, &r);
		CHECK(r.last == NW_OK || r.last == NW_TRUNCATED);
		CHECK(r.nsocks <= 4);
	}
}

static void test_bad_lengths(void)
{
	unsigned char m[sizeof sockdiag_v4];
	struct parsed r;
	uint32_t len = 8;
	uint16_t alen = 2;

	memcpy(m, sockdiag_v4, sizeof m);
	memcpy(m, &len, sizeof len); /* nlmsg_len below the header */
	parse_all(m, sizeof m, &r);
	CHECK_INT(r.last, NW_MALFORMED);
	CHECK_INT(r.nsocks, 0);
	memcpy(m, sockdiag_v4, sizeof m);
	memcpy(m + 16 + 72, &alen, sizeof alen); /* the first attribute's length below 4 */
	parse_all(m, sizeof m, &r);
	CHECK_INT(r.last, NW_MALFORMED);
	memcpy(m, sockdiag_v4, sizeof m);
	len = 16 + 40; /* the message ends inside inet_diag_msg */
	memcpy(m, &len, sizeof len);
	parse_all(m, sizeof m, &r);
	CHECK_INT(r.last, NW_TRUNCATED);
}

/* An NLMSG_ERROR message (host byte order) carrying code, and what it parses to. */
static enum nw_status error_message(uint32_t code, struct nw_sockdiag_msg *m)
{
	unsigned char b[20];
	uint32_t len = sizeof b, seq = 0, pid = 0;
	uint16_t type = 2 /* NLMSG_ERROR */, flags = 0;
	struct nw_buf buf;
	const char *why = NULL;

	memcpy(b, &len, 4);
	memcpy(b + 4, &type, 2);
	memcpy(b + 6, &flags, 2);
	memcpy(b + 8, &seq, 4);
	memcpy(b + 12, &pid, 4);
	memcpy(b + 16, &code, 4);
	nw_buf_init(&buf, b, sizeof b);
	memset(m, 0, sizeof(*m));
	return nw_sockdiag_next(&buf, m, &why);
}

/* The kernel's -errno back as errno; a code that is not a negative errno is malformed
 * (0x80000000 was a negation overflow: UBSan in CI's fuzz smoke). */
static void test_error_codes(void)
{
	struct nw_sockdiag_msg m;

	CHECK_INT(error_message((uint32_t)-13, &m), NW_OK);
	CHECK_INT(m.kind, NW_SOCKDIAG_ERROR);
	CHECK_INT(m.error, 13);
	CHECK_INT(error_message(0, &m), NW_OK);
	CHECK_INT(m.error, 0);
	CHECK_INT(error_message(UINT32_C(0x80000001), &m), NW_OK);
	CHECK_INT(m.error, INT32_MAX);
	CHECK_INT(error_message(UINT32_C(0x80000000), &m), NW_MALFORMED);
	CHECK_INT(error_message(5, &m), NW_MALFORMED);
}

static void test_kernel_states(void)
{
	enum nw_tcps s;

	CHECK_INT(nw_tcps_from_kernel(1), NW_TCPS_ESTABLISHED);
	CHECK_INT(nw_tcps_from_kernel(6), NW_TCPS_TIME_WAIT);
	CHECK_INT(nw_tcps_from_kernel(7), NW_TCPS_CLOSED);
	CHECK_INT(nw_tcps_from_kernel(10), NW_TCPS_LISTEN);
	CHECK_INT(nw_tcps_from_kernel(12), NW_TCPS_SYN_RECEIVED);
	CHECK_INT(nw_tcps_from_kernel(13), NW_TCPS_UNKNOWN);
	CHECK_INT(nw_tcps_kernel_mask(NW_TCPS_SYN_RECEIVED), (1 << 3) | (1 << 12));
	CHECK_INT(nw_tcps_kernel_mask(NW_TCPS_LISTEN), 1 << 10);
	CHECK(nw_tcps_parse("time-wait", &s) == 0 && s == NW_TCPS_TIME_WAIT);
	CHECK(nw_tcps_parse("FIN_WAIT_1", &s) == 0 && s == NW_TCPS_FIN_WAIT_1);
	CHECK(nw_tcps_parse("syn-recv", &s) == 0 && s == NW_TCPS_SYN_RECEIVED);
	CHECK(nw_tcps_parse("close", &s) == 0 && s == NW_TCPS_CLOSED);
	CHECK(nw_tcps_parse("established2", &s) == -1);
	CHECK(nw_tcps_parse("?", &s) == -1);
}

int main(void)
{
	test_v4_reply();
	test_v6_reply();
	test_truncations();
	test_bad_lengths();
	test_error_codes();
	test_kernel_states();
	return nw_test_result("test_sockdiag");
}
