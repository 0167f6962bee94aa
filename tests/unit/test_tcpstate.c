/*
 * test_tcpstate.c: both sides' RFC 9293 states (common/tcp/tcpstate.c) after
 * each segment, for every transition: the three-way handshake, data,
 * active and passive close, simultaneous open and close, half-close, RST
 * (refused, established, to a passive SYN_RECEIVED) and mid-stream starts;
 * a server that has not answered a SYN is '?' (it may not listen at all).
 */
#include "config.h"

#include "wire/pkt.h"
#include "tcp/tcpstate.h"
#include "testlib.h"

enum { C = 0, SV = 1 };
#define S  NW_TCP_SYN
#define A  NW_TCP_ACK
#define F  NW_TCP_FIN
#define R  NW_TCP_RST
#define CI 1000u /* client ISN */
#define SI 5000u /* server ISN */

/* Apply one segment, then check both sides' states by name. */
static void step(struct nw_tcpsm *sm, int from, uint16_t flags, uint32_t seq, uint32_t ack,
		 uint32_t len, const char *want_c, const char *want_s, int line)
{
	struct nw_tcpsm_seg seg = {
	    .from = from, .flags = flags, .seq = seq, .ack = ack, .len = len};
	nw_tcpsm_segment(sm, &seg);
	const char *gc = nw_tcps_name(sm->side[C].state), *gs = nw_tcps_name(sm->side[SV].state);
	nw_test_checks++;
	if (strcmp(gc, want_c) != 0 || strcmp(gs, want_s) != 0) {
		fprintf(stderr, "line %d: states %s/%s, want %s/%s\n", line, gc, gs, want_c,
			want_s);
		nw_test_failures++;
	}
}
#define STEP(sm, from, fl, seq, ack, len, wc, ws)                                                  \
	step(sm, from, fl, seq, ack, len, wc, ws, __LINE__)

static void handshake(struct nw_tcpsm *sm)
{
	nw_tcpsm_init(sm);
	CHECK_STR(nw_tcps_name(sm->side[C].state), "CLOSED");
	CHECK_STR(nw_tcps_name(sm->side[SV].state), "?");
	STEP(sm, C, S, CI, 0, 0, "SYN_SENT", "?");
	CHECK(sm->before[C] == NW_TCPS_CLOSED && sm->before[SV] == NW_TCPS_UNKNOWN);
	STEP(sm, SV, S | A, SI, CI + 1, 0, "ESTABLISHED", "SYN_RECEIVED");
	STEP(sm, C, A, CI + 1, SI + 1, 0, "ESTABLISHED", "ESTABLISHED");
}

static void test_open_data_close(void)
{
	struct nw_tcpsm sm;
	handshake(&sm);
	STEP(&sm, C, A, CI + 1, SI + 1, 100, "ESTABLISHED", "ESTABLISHED");
	STEP(&sm, SV, A, SI + 1, CI + 101, 2000, "ESTABLISHED", "ESTABLISHED");
	/* the client closes first: the 4-way close */
	STEP(&sm, C, F | A, CI + 101, SI + 2001, 0, "FIN_WAIT_1", "CLOSE_WAIT");
	STEP(&sm, SV, A, SI + 2001, CI + 102, 0, "FIN_WAIT_2", "CLOSE_WAIT");
	STEP(&sm, SV, F | A, SI + 2001, CI + 102, 0, "TIME_WAIT", "LAST_ACK");
	CHECK(!nw_tcpsm_finished(&sm));
	STEP(&sm, C, A, CI + 102, SI + 2002, 0, "TIME_WAIT", "CLOSED");
	CHECK(nw_tcpsm_finished(&sm));
	CHECK(!sm.midstream && !sm.side[C].inferred && !sm.side[SV].inferred);
}

static void test_server_closes_three_way(void)
{
	struct nw_tcpsm sm;
	handshake(&sm);
	/* FIN/ACK that acks the peer's FIN at once: FIN_WAIT_1 straight to TIME_WAIT */
	STEP(&sm, SV, F | A, SI + 1, CI + 1, 0, "CLOSE_WAIT", "FIN_WAIT_1");
	STEP(&sm, C, F | A, CI + 1, SI + 2, 0, "LAST_ACK", "TIME_WAIT");
	STEP(&sm, SV, A, SI + 2, CI + 2, 0, "CLOSED", "TIME_WAIT");
}

static void test_half_close(void)
{
	struct nw_tcpsm sm;
	handshake(&sm);
	STEP(&sm, C, F | A, CI + 1, SI + 1, 0, "FIN_WAIT_1", "CLOSE_WAIT");
	STEP(&sm, SV, A, SI + 1, CI + 2, 0, "FIN_WAIT_2", "CLOSE_WAIT");
	/* the server keeps sending after the client's FIN */
	STEP(&sm, SV, A, SI + 1, CI + 2, 500, "FIN_WAIT_2", "CLOSE_WAIT");
	STEP(&sm, C, A, CI + 2, SI + 501, 0, "FIN_WAIT_2", "CLOSE_WAIT");
	STEP(&sm, SV, F | A, SI + 501, CI + 2, 0, "TIME_WAIT", "LAST_ACK");
	STEP(&sm, C, A, CI + 2, SI + 502, 0, "TIME_WAIT", "CLOSED");
}

static void test_simultaneous_open(void)
{
	struct nw_tcpsm sm;
	nw_tcpsm_init(&sm);
	STEP(&sm, C, S, CI, 0, 0, "SYN_SENT", "?");
	/* the other side's own SYN crosses ours: both were SYN_SENT */
	STEP(&sm, SV, S, SI, 0, 0, "SYN_RECEIVED", "SYN_RECEIVED");
	CHECK(!sm.side[SV].passive);
	STEP(&sm, C, S | A, CI, SI + 1, 0, "SYN_RECEIVED", "ESTABLISHED");
	STEP(&sm, SV, S | A, SI, CI + 1, 0, "ESTABLISHED", "ESTABLISHED");
}

static void test_simultaneous_close(void)
{
	struct nw_tcpsm sm;
	handshake(&sm);
	STEP(&sm, C, F | A, CI + 1, SI + 1, 0, "FIN_WAIT_1", "CLOSE_WAIT");
	/* the server's FIN does not ack the client's: it was sent before it arrived */
	STEP(&sm, SV, F | A, SI + 1, CI + 1, 0, "CLOSING", "CLOSING");
	STEP(&sm, C, A, CI + 2, SI + 2, 0, "CLOSING", "TIME_WAIT");
	STEP(&sm, SV, A, SI + 2, CI + 2, 0, "TIME_WAIT", "TIME_WAIT");
	CHECK(nw_tcpsm_finished(&sm));
}

static void test_resets(void)
{
	struct nw_tcpsm sm;
	/* refused: RST/ACK to the SYN, from CLOSED: the server never listened */
	nw_tcpsm_init(&sm);
	STEP(&sm, C, S, CI, 0, 0, "SYN_SENT", "?");
	STEP(&sm, C, S, CI, 0, 0, "SYN_SENT", "?"); /* retransmitted, still no answer */
	CHECK(!nw_tcpsm_finished(&sm));
	STEP(&sm, SV, R | A, 0, CI + 1, 0, "CLOSED", "CLOSED");
	CHECK(nw_tcpsm_finished(&sm));
	/* RST from the client to a passive SYN_RECEIVED: back to LISTEN */
	nw_tcpsm_init(&sm);
	STEP(&sm, C, S, CI, 0, 0, "SYN_SENT", "?");
	STEP(&sm, SV, S | A, SI, CI + 1, 0, "ESTABLISHED", "SYN_RECEIVED");
	STEP(&sm, C, R, CI + 1, 0, 0, "CLOSED", "LISTEN");
	/* the client gives up before any answer: the server listens or not */
	nw_tcpsm_init(&sm);
	STEP(&sm, C, S, CI, 0, 0, "SYN_SENT", "?");
	STEP(&sm, C, R, CI + 1, 0, 0, "CLOSED", "?");
	CHECK(nw_tcpsm_finished(&sm) && !sm.side[SV].inferred);
	/* RST on an established connection, from the server */
	handshake(&sm);
	STEP(&sm, SV, R | A, SI + 1, CI + 1, 0, "CLOSED", "CLOSED");
	CHECK(nw_tcpsm_finished(&sm));
	/* RST in TIME_WAIT */
	handshake(&sm);
	STEP(&sm, C, F | A, CI + 1, SI + 1, 0, "FIN_WAIT_1", "CLOSE_WAIT");
	STEP(&sm, SV, F | A, SI + 1, CI + 2, 0, "TIME_WAIT", "LAST_ACK");
	STEP(&sm, SV, R, SI + 2, 0, 0, "CLOSED", "CLOSED");
}

static void test_midstream(void)
{
	struct nw_tcpsm sm;
	/* data first: both inferred ESTABLISHED, marked so */
	nw_tcpsm_init(&sm);
	STEP(&sm, SV, A, SI, CI, 605, "ESTABLISHED", "ESTABLISHED");
	CHECK(sm.midstream && sm.side[C].inferred && sm.side[SV].inferred);
	CHECK(sm.before[C] == NW_TCPS_ESTABLISHED && sm.before[SV] == NW_TCPS_ESTABLISHED);
	CHECK(sm.before_inferred[C] && sm.before_inferred[SV]);
	/* a FIN is a seen fact: the states after it are not guesses */
	STEP(&sm, C, F | A, CI, SI + 605, 0, "FIN_WAIT_1", "CLOSE_WAIT");
	CHECK(!sm.side[C].inferred && !sm.side[SV].inferred);
	/* the SYN was missed, the SYN/ACK seen */
	nw_tcpsm_init(&sm);
	STEP(&sm, SV, S | A, SI, CI + 1, 0, "ESTABLISHED", "SYN_RECEIVED");
	CHECK(sm.side[C].inferred);
	/* before it: the client had sent its SYN, the server had one to answer */
	CHECK(sm.before[C] == NW_TCPS_SYN_SENT && sm.before[SV] == NW_TCPS_SYN_RECEIVED);
	STEP(&sm, C, A, CI + 1, SI + 1, 0, "ESTABLISHED", "ESTABLISHED");
	/* the SYN seen, the SYN,ACK missed: the client's ACK shows it came (a
	 * client in SYN_SENT sends nothing but SYNs); no state it cannot have */
	nw_tcpsm_init(&sm);
	STEP(&sm, C, S, CI, 0, 0, "SYN_SENT", "?");
	STEP(&sm, C, A, CI + 1, SI + 1, 0, "ESTABLISHED", "ESTABLISHED");
	CHECK(sm.side[C].inferred && sm.side[SV].inferred);
	STEP(&sm, C, F | A, CI + 1, SI + 1, 0, "FIN_WAIT_1", "CLOSE_WAIT");
	/* the same with a FIN straight away (tcpdump's tfo capture) */
	nw_tcpsm_init(&sm);
	STEP(&sm, C, S, CI, 0, 0, "SYN_SENT", "?");
	STEP(&sm, C, F | A, CI + 5, SI + 1, 0, "FIN_WAIT_1", "CLOSE_WAIT");
	STEP(&sm, SV, A, SI + 1, CI + 6, 0, "FIN_WAIT_2", "CLOSE_WAIT");
	/* an RST first: both CLOSED */
	nw_tcpsm_init(&sm);
	STEP(&sm, C, R | A, CI, SI, 0, "CLOSED", "CLOSED");
	CHECK(sm.before[C] == NW_TCPS_UNKNOWN && sm.before[SV] == NW_TCPS_UNKNOWN);
	CHECK_STR(nw_tcps_name((enum nw_tcps)99), "?");
}

int main(void)
{
	test_open_data_close();
	test_server_closes_three_way();
	test_half_close();
	test_simultaneous_open();
	test_simultaneous_close();
	test_resets();
	test_midstream();
	return nw_test_result("test_tcpstate");
}
