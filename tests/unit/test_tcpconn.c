/*
 * test_tcpconn.c: the connection table (common/tcp/tcpconn.c) and the analysis
 * (common/tcp/tcpanalysis.c) on segments built here: one connection for both
 * directions, client from the SYN or inferred, tshark's relative numbers
 * (ack 0 without ACK, mid-stream bases), window scaling only when both
 * SYNs carry it, the seq/ack rules in words, analysis flags, handshake
 * RTTs, idle/full/reuse eviction with reporting, MSS segmentation (the
 * writes, tcpwrite.h) and data RTT samples with Karn's rule (tcprtt.h).
 */
#include "config.h"

#include <sys/socket.h>

#include "base/addr.h"
#include "tcp/tcpanalysis.h"
#include "tcp/tcpconn.h"
#include "testlib.h"

#define MS INT64_C(1000000)

static struct nw_addr ca, sa;
static int evictions[4];
static uint64_t last_evicted;

static void on_evict(void *ctx, const struct nw_tcpconn *c, enum nw_tcp_evict why)
{
	(void)ctx;
	evictions[why]++;
	last_evicted = c->id;
}

static struct nw_tcptab *table(size_t max)
{
	struct nw_tcptab_config cfg = {
	    .max_conns = max, .idle_ns = 10000 * MS, .closed_ns = 1000 * MS, .on_evict = on_evict};
	memset(evictions, 0, sizeof(evictions));
	return nw_tcptab_new(&cfg);
}

/* A segment from the client (c2s) or the server. */
static void seg(struct nw_tcptab *t, bool c2s, uint16_t cport, uint16_t flags, uint32_t seq,
		uint32_t ack, uint32_t len, uint16_t win, int64_t ts, struct nw_tcpseg *out)
{
	static const uint8_t payload[2000];
	struct nw_tcp tcp = {.sport = c2s ? cport : 80,
			     .dport = c2s ? 80 : cport,
			     .seq = seq,
			     .ack = ack,
			     .flags = flags,
			     .window = win,
			     .payload = payload,
			     .payload_len = len};
	if (flags & NW_TCP_SYN) {
		tcp.has_wscale = true;
		tcp.wscale = c2s ? 7 : 8;
		tcp.has_mss = true;
		tcp.mss = 1460;
	}
	CHECK_INT(nw_tcptab_segment(t, c2s ? &ca : &sa, c2s ? &sa : &ca, &tcp, len, ts, out), 0);
}

static void test_handshake_and_rules(void)
{
	struct nw_tcptab *t = table(16);
	struct nw_tcpseg s;
	const uint16_t S = NW_TCP_SYN, A = NW_TCP_ACK, F = NW_TCP_FIN;

	seg(t, true, 40000, S, 1999, 77, 0, 64240, 1 * MS, &s);
	CHECK(s.new_conn);
	CHECK_INT(s.dir, 0);
	CHECK_INT(s.seq, 0);
	CHECK_INT(s.ack, 0); /* ACK flag off: 0 whatever the field holds */
	CHECK_INT(s.win, 64240);
	CHECK_STR(s.seq_rule, "SEQ 0 = ISN 1999 (initial sequence number, chosen at random)");
	seg(t, false, 40000, S | A, 9000, 2000, 0, 65160, 10 * MS, &s);
	CHECK_INT(s.dir, 1);
	CHECK_INT(s.ack, 1);
	CHECK_STR(s.ack_rule, "ACK 1 = peer SEQ 0 + 1 (SYN)");
	seg(t, true, 40000, A, 2000, 9001, 0, 502, 11 * MS, &s);
	CHECK_INT(s.win, 502 << 7); /* both SYNs carried WS: the client's shift */
	CHECK_STR(nw_tcps_name(s.state[1]), "ESTABLISHED");
	seg(t, true, 40000, A | NW_TCP_PSH, 2000, 9001, 100, 502, 12 * MS, &s);
	CHECK_STR(s.seq_rule, "SEQ 1 = 0 + 1 (SYN)");
	seg(t, false, 40000, A, 9001, 2100, 0, 500, 13 * MS, &s);
	CHECK_INT(s.win, 500 << 8);
	CHECK_STR(s.ack_rule, "ACK 101 = peer SEQ 1 + 100 bytes");
	CHECK(!s.broken);
	/* the client acks bytes the server never sent (in this capture) */
	seg(t, true, 40000, A, 2100, 9501, 0, 502, 14 * MS, &s);
	CHECK(s.broken);
	CHECK(s.flags_analysis & NW_TCPA_ACK_LOST_SEGMENT);
	seg(t, true, 40000, F | A, 2100, 9001, 0, 502, 15 * MS, &s);
	seg(t, false, 40000, F | A, 9001, 2101, 0, 500, 16 * MS, &s);
	CHECK_STR(s.ack_rule, "ACK 102 = peer SEQ 101 + 1 (FIN)");
	CHECK_STR(nw_tcps_name(s.state[0]), "TIME_WAIT");
	const struct nw_tcpconn *c = s.conn;
	CHECK_INT(nw_tcpa_rtt_syn_synack(c), 9 * MS);
	CHECK_INT(nw_tcpa_rtt_synack_ack(c), 1 * MS);
	CHECK_INT(c->dir[0].bytes, 100);
	CHECK_INT(nw_tcpconn_end(c), NW_TCP_END_FIN);
	seg(t, true, 40000, A, 2101, 9002, 0, 502, 17 * MS, &s);
	CHECK_INT(nw_tcptab_count(t), 1);
	/* a new SYN on the closed 4-tuple: the old connection is reported as reused */
	seg(t, true, 40000, S, 123456, 0, 0, 64240, 20 * MS, &s);
	CHECK(s.new_conn);
	CHECK_INT(s.conn->id, 2);
	CHECK_INT(evictions[NW_TCP_EVICT_REUSED], 1);
	nw_tcptab_flush(t);
	CHECK_INT(evictions[NW_TCP_EVICT_END], 1);
	nw_tcptab_free(t);
}

/*
 * Older bytes stamped a little before the newest segment (a capture clock
 * that steps back: frames queued on two CPUs are written out of timestamp
 * order): tshark's unsigned time difference makes that a retransmission,
 * never out of order; likewise no fast retransmission before the dup ACKs.
 */
static void test_clock_steps_back(void)
{
	struct nw_tcptab *t = table(16);
	struct nw_tcpseg s;
	const uint16_t A = NW_TCP_ACK;

	seg(t, false, 51000, A, 7000, 3000, 100, 1000, 0, &s);
	seg(t, false, 51000, A, 7100, 3000, 100, 1000, 10 * MS, &s);
	seg(t, false, 51000, A, 7200, 3000, 100, 1000, 20 * MS, &s);
	CHECK_INT(s.flags_analysis, 0);
	seg(t, false, 51000, A, 7100, 3000, 100, 1000, 20 * MS - 1, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_RETRANSMISSION);
	seg(t, false, 51000, A, 7100, 3000, 100, 1000, 20 * MS + 1, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_OUT_OF_ORDER); /* 1 ns after: within 3 ms */
	seg(t, true, 51000, A, 3000, 7100, 0, 2000, 30 * MS, &s);
	seg(t, true, 51000, A, 3000, 7100, 0, 2000, 31 * MS, &s);
	seg(t, true, 51000, A, 3000, 7100, 0, 2000, 32 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_DUPLICATE_ACK);
	seg(t, false, 51000, A, 7100, 3000, 100, 1000, 32 * MS - 1, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_RETRANSMISSION);
	nw_tcptab_free(t);
}

static void test_analysis(void)
{
	struct nw_tcptab *t = table(16);
	struct nw_tcpseg s;
	const uint16_t A = NW_TCP_ACK;

	/* mid-stream: tshark's bases are seq - 1 and ack - 1 */
	seg(t, false, 50000, A, 7000, 3000, 100, 1000, 0, &s);
	CHECK(s.conn->roles_inferred);
	CHECK_INT(s.dir, 1); /* port 80 is the server's */
	CHECK_INT(s.seq, 1);
	CHECK_INT(s.ack, 1);
	CHECK(s.inferred[0] && s.inferred[1]);
	CHECK_STR(nw_tcps_name(s.state[0]), "ESTABLISHED");
	seg(t, false, 50000, A, 7100, 3000, 100, 1000, 1 * MS, &s);
	CHECK_INT(s.flags_analysis, 0);
	/* a gap: previous segment not captured */
	seg(t, false, 50000, A, 7300, 3000, 100, 1000, 2 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_LOST_SEGMENT);
	CHECK(s.broken);
	/* the same bytes again, long after: retransmission */
	seg(t, false, 50000, A, 7100, 3000, 100, 1000, 500 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_RETRANSMISSION);
	/* new bytes, then older ones right after them: out of order */
	seg(t, false, 50000, A, 7400, 3000, 100, 1000, 600 * MS, &s);
	CHECK_INT(s.flags_analysis, 0);
	seg(t, false, 50000, A, 7200, 3000, 100, 1000, 601 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_OUT_OF_ORDER);
	/* the client acks 7100, twice more: duplicate ACKs */
	seg(t, true, 50000, A, 3000, 7100, 0, 2000, 602 * MS, &s);
	CHECK_INT(s.flags_analysis, 0);
	seg(t, true, 50000, A, 3000, 7100, 0, 2000, 603 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_DUPLICATE_ACK);
	seg(t, true, 50000, A, 3000, 7100, 0, 2000, 604 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_DUPLICATE_ACK);
	CHECK_STR(s.ack_rule, "ACK 101: unchanged, still expecting peer SEQ 101");
	/* ... then the server resends 7100 within 20 ms: fast retransmission
	 * (tshark marks it a retransmission too) */
	seg(t, false, 50000, A, 7100, 3000, 100, 1000, 610 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_FAST_RETRANSMISSION | NW_TCPA_RETRANSMISSION);
	/* bytes already acked: spurious */
	seg(t, true, 50000, A, 3000, 7500, 0, 2000, 620 * MS, &s);
	seg(t, false, 50000, A, 7000, 3000, 100, 1000, 900 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_SPURIOUS_RETRANSMISSION | NW_TCPA_RETRANSMISSION);
	CHECK_INT(s.conn->dir[1].retransmissions, 3);
	/* the client's window closes, the server probes it, the client acks the probe */
	seg(t, true, 50000, A, 3000, 7500, 0, 0, 901 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_ZERO_WINDOW);
	seg(t, false, 50000, A, 7500, 3000, 1, 1000, 902 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_ZERO_WINDOW_PROBE);
	seg(t, true, 50000, A, 3000, 7500, 0, 0, 903 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_ZERO_WINDOW | NW_TCPA_ZERO_WINDOW_PROBE_ACK);
	/* the window opens: window update */
	seg(t, true, 50000, A, 3000, 7500, 0, 3000, 904 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_WINDOW_UPDATE);
	/* keep-alive: one byte before the next sequence number */
	seg(t, true, 50000, A, 2999, 7500, 0, 3000, 2000 * MS, &s);
	CHECK_INT(s.flags_analysis, NW_TCPA_KEEP_ALIVE);
	seg(t, false, 50000, A, 7500, 3000, 0, 1000, 2001 * MS, &s);
	seg(t, false, 50000, A, 7500, 3000, 0, 1000, 2002 * MS, &s);
	CHECK_STR(nw_tcpa_name(0), "retransmission");
	CHECK(nw_tcpa_name(NW_TCPA_COUNT) == NULL);
	nw_tcptab_free(t);
}

static void test_eviction(void)
{
	struct nw_tcptab *t = table(2);
	struct nw_tcpseg s;

	seg(t, true, 1001, NW_TCP_SYN, 1, 0, 0, 100, 0, &s);
	seg(t, true, 1002, NW_TCP_SYN, 1, 0, 0, 100, 1 * MS, &s);
	seg(t, true, 1001, NW_TCP_SYN, 1, 0, 0, 100, 2 * MS, &s); /* touches 1001 */
	seg(t, true, 1003, NW_TCP_SYN, 1, 0, 0, 100, 3 * MS, &s); /* full: 1002 goes */
	CHECK_INT(evictions[NW_TCP_EVICT_FULL], 1);
	CHECK_INT(last_evicted, 2);
	CHECK_INT(nw_tcptab_count(t), 2);
	nw_tcptab_expire(t, 5000 * MS);
	CHECK_INT(evictions[NW_TCP_EVICT_IDLE], 0);
	nw_tcptab_expire(t, 10003 * MS);
	CHECK_INT(evictions[NW_TCP_EVICT_IDLE], 2);
	CHECK_INT(nw_tcptab_count(t), 0);
	CHECK_INT(nw_tcptab_evicted(t, NW_TCP_EVICT_IDLE), 2);
	nw_tcptab_free(t);
}

/* MSS segmentation (tcpwrite.h) and data RTT samples with Karn's rule (tcprtt.h). */
static void test_writes_and_rtt(void)
{
	struct nw_tcptab *t = table(16);
	struct nw_tcpseg s;
	const uint16_t S = NW_TCP_SYN, A = NW_TCP_ACK, P = NW_TCP_PSH;
	char buf[64];

	seg(t, true, 41000, S, 999, 0, 0, 64240, 0, &s);
	seg(t, false, 41000, S | A, 4999, 1000, 0, 65160, 10 * MS, &s);
	seg(t, true, 41000, A, 1000, 5000, 0, 502, 20 * MS, &s);
	CHECK(!s.write_done);
	/* One write of 1900 B: 536+536+536+292, the last with PSH. */
	seg(t, true, 41000, A, 1000, 5000, 536, 502, 30 * MS, &s);
	CHECK(!s.write_done);
	seg(t, true, 41000, A, 1536, 5000, 536, 502, 31 * MS, &s);
	seg(t, true, 41000, A, 2072, 5000, 536, 502, 32 * MS, &s);
	CHECK(!s.write_done);
	seg(t, true, 41000, A | P, 2608, 5000, 292, 502, 33 * MS, &s);
	CHECK(s.write_done);
	CHECK_INT(s.write.bytes, 1900);
	CHECK_INT(s.write.segments, 4);
	CHECK_INT(s.write.nruns, 2);
	CHECK_INT(s.write.run[0].len, 536);
	CHECK_INT(s.write.run[0].count, 3);
	CHECK_INT(s.write.run[1].len, 292);
	CHECK_INT(s.write_mss, 1460); /* what the server's SYN/ACK announced */
	nw_tcpwrite_sizes(&s.write, buf, sizeof(buf));
	CHECK_STR(buf, "536+536+536+292");
	CHECK_INT(s.conn->dir[0].writes, 1);
	CHECK_INT(s.conn->dir[0].writes_split, 1);
	/* The server acknowledges the second segment: a sample from it (31 ms). */
	seg(t, false, 41000, A, 5000, 2072, 0, 509, 45 * MS, &s);
	CHECK_INT(s.ack_rtt_ns, 14 * MS);
	CHECK_INT(s.conn->dir[0].rtt.samples, 1);
	/* The last segment is retransmitted: the ACK covering it is no sample. */
	seg(t, true, 41000, A | P, 2608, 5000, 292, 502, 300 * MS, &s);
	CHECK(s.flags_analysis & NW_TCPA_RETRANSMISSION);
	CHECK(!s.write_done);
	seg(t, false, 41000, A, 5000, 2900, 0, 509, 310 * MS, &s);
	CHECK_INT(s.ack_rtt_ns, -1);
	CHECK_INT(s.conn->dir[0].rtt.samples, 1);
	/* New data after it is timed again. */
	seg(t, true, 41000, A | P, 2900, 5000, 100, 502, 400 * MS, &s);
	CHECK(s.write_done);
	CHECK_INT(s.write.segments, 1);
	seg(t, false, 41000, A, 5000, 3000, 0, 509, 402 * MS, &s);
	CHECK_INT(s.ack_rtt_ns, 2 * MS);
	CHECK_INT(s.conn->dir[0].rtt.samples, 2);
	CHECK_INT(s.conn->dir[0].rtt.min_ns, 2 * MS);
	CHECK_INT(s.conn->dir[0].rtt.max_ns, 14 * MS);
	/* Data from the peer interrupts a write: it starts over. */
	seg(t, true, 41000, A, 3000, 5000, 536, 502, 500 * MS, &s);
	seg(t, false, 41000, A | P, 5000, 3536, 10, 509, 501 * MS, &s);
	CHECK(s.write_done); /* the server's own one-segment write */
	CHECK_INT(s.write.segments, 1);
	seg(t, true, 41000, A | P, 3536, 5010, 100, 502, 502 * MS, &s);
	CHECK(s.write_done);
	CHECK_INT(s.write.bytes, 100);
	CHECK_INT(s.write.segments, 1);
	CHECK_INT(s.conn->dir[0].writes_split, 1);
	nw_tcptab_free(t);
}

/* Run-length sizes: long runs folded, too many runs cut. */
static void test_write_sizes(void)
{
	struct nw_tcpwrite w;
	char buf[64];

	nw_tcpwrite_reset(&w);
	for (int i = 0; i < 7; i++)
		CHECK(!nw_tcpwrite_add(&w, 1000u + 536u * (unsigned)i, 536, false));
	CHECK(nw_tcpwrite_add(&w, 1000u + 536u * 7, 248, true));
	nw_tcpwrite_sizes(&w, buf, sizeof(buf));
	CHECK_STR(buf, "7x536+248");
	nw_tcpwrite_reset(&w);
	uint32_t seq = UINT32_MAX - 10; /* across the wrap */
	for (uint32_t len = 1; len <= 8; len++) {
		nw_tcpwrite_add(&w, seq, len, false);
		seq += len;
	}
	CHECK_INT(w.segments, 8);
	CHECK_INT(w.bytes, 36);
	CHECK(w.truncated);
	nw_tcpwrite_sizes(&w, buf, sizeof(buf));
	CHECK_STR(buf, "1+2+3+4+5+6+...");
	/* A gap starts a new write. */
	nw_tcpwrite_add(&w, seq + 5, 10, false);
	CHECK_INT(w.segments, 1);
	CHECK_INT(w.bytes, 10);
	nw_tcpwrite_sizes(&w, buf, 4);
	CHECK_STR(buf, "10");
}

int main(void)
{
	const char *why;
	nw_addr_parse("198.18.0.1", AF_INET, &ca, &why);
	nw_addr_parse("198.18.0.2", AF_INET, &sa, &why);
	test_handshake_and_rules();
	test_analysis();
	test_clock_steps_back();
	test_eviction();
	test_writes_and_rtt();
	test_write_sizes();
	/* IPv6 endpoints too */
	nw_addr_parse("2001:db8::1", AF_INET6, &ca, &why);
	nw_addr_parse("2001:db8::2", AF_INET6, &sa, &why);
	test_eviction();
	return nw_test_result("test_tcpconn");
}
