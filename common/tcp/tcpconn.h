/*
 * tcpconn.h: a table of TCP connections (RFC 9293) seen in a capture, keyed
 * by the 4-tuple: both directions map to one connection, whose client is
 * the side that sent the first SYN (or, mid-stream, the side on the higher
 * port, marked inferred).  For every segment it gives the sequence and
 * acknowledgment numbers relative to each direction's base as tshark
 * computes them (tcp.seq, tcp.ack; ack 0 when the ACK flag is off), the
 * window with scaling applied once both SYNs carried the option (RFC 7323
 * 2.2), both sides' states (tcpstate.h) and tshark's analysis flags
 * (tcpanalysis.h).
 *
 * Memory is bounded: at most max_conns connections, each evicted after
 * idle_ns without a segment (closed ones after closed_ns); the evict
 * callback reports every connection leaving the table, with the reason.
 */
#ifndef NW_TCPCONN_H
#define NW_TCPCONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "wire/pkt.h"
#include "tcp/tcprtt.h"
#include "tcp/tcpstate.h"
#include "tcp/tcpwrite.h"

struct nw_tcp_endpoint {
	struct nw_addr addr;
	uint16_t port;
};

/* One direction of a connection: what one side sent (tshark's tcp_flow). */
struct nw_tcpdir {
	bool base_set;
	uint32_t base; /* relative numbers are absolute - base */
	bool saw_syn;
	bool syn_wscale; /* its SYN carried the window-scale option */
	uint8_t wscale;	 /* the shift it announced */
	uint16_t mss;	 /* 0: no MSS option seen */
	int win_scale;	 /* -1 unknown (no SYNs), -2 not in both SYNs, else shift */
	/* sequence analysis, absolute numbers */
	uint32_t nextseq;	  /* highest seq + len (+SYN/FIN) seen; 0 none */
	uint32_t maxseqtobeacked; /* highest contiguous nextseq */
	int64_t nextseq_ts;
	uint32_t lastack; /* last ack this side sent */
	int64_t lastack_ts;
	uint32_t window; /* last window it advertised, scaled */
	bool have_window;
	unsigned dupacks;     /* duplicate ACKs in a row it sent */
	unsigned last_flags;  /* analysis flags of its last segment */
	uint32_t last_seq;    /* its last segment that used sequence space */
	uint32_t last_seglen; /* (payload + SYN + FIN) */
	bool have_last;
	bool last_syn, last_fin;  /* that segment carried SYN / FIN */
	struct nw_tcpwrite write; /* the write in progress (tcpwrite.h) */
	struct nw_tcprtt rtt;	  /* its data segments timed to the peer's ACK */
	/* counters */
	uint64_t packets, bytes, retransmissions;
	uint64_t writes, writes_split; /* writes ended, and of those in > 1 segment */
};

enum nw_tcp_end {
	NW_TCP_END_OPEN,      /* still open at the end of the input */
	NW_TCP_END_FIN,	      /* both FINs exchanged */
	NW_TCP_END_HALF,      /* one FIN only */
	NW_TCP_END_RST,	      /* reset */
	NW_TCP_END_REFUSED,   /* the SYN was answered with RST */
	NW_TCP_END_NO_ANSWER, /* SYN never answered */
};
const char *nw_tcp_end_name(enum nw_tcp_end e);

enum nw_tcp_evict {
	NW_TCP_EVICT_END,    /* end of input (nw_tcptab_flush) */
	NW_TCP_EVICT_IDLE,   /* idle longer than the timeout */
	NW_TCP_EVICT_FULL,   /* the table was full: least recently used went */
	NW_TCP_EVICT_REUSED, /* a new SYN reused the 4-tuple after it closed */
};
const char *nw_tcp_evict_name(enum nw_tcp_evict e);

struct nw_tcpconn {
	uint64_t id;		      /* 1, 2, ... in order of first segment */
	struct nw_tcp_endpoint ep[2]; /* 0 client, 1 server */
	bool roles_inferred;	      /* no SYN from the client was seen */
	struct nw_tcpdir dir[2];      /* 0: client to server, 1: server to client */
	struct nw_tcpsm sm;
	int64_t first_ts, last_ts;
	int64_t syn_ts, synack_ts, hs_ack_ts; /* the first of each; 0: not seen */
	/* The latest SYN and SYN/ACK before the handshake ACK: with a lost SYN
	 * or SYN/ACK retransmitted, the RTTs run from the copy that was answered. */
	int64_t syn_last_ts, synack_last_ts;
	int64_t syn_synack_ns; /* first SYN/ACK - latest SYN before it; -1 unknown */
	int64_t first_rtt_ns;  /* latest SYN to handshake ACK, tshark's initial RTT; 0 unknown */
	uint64_t packets;
	bool rst_seen, syn_refused;
	/* table links */
	struct nw_tcpconn *hnext;
	struct nw_tcpconn *lru_prev, *lru_next;
};

/* What nw_tcptab_segment() computed for one packet. */
#define NW_TCP_RULE_MAX 160
struct nw_tcpseg {
	struct nw_tcpconn *conn;
	int dir; /* 0 c2s, 1 s2c */
	uint16_t flags;
	uint32_t seq, ack; /* relative (ack 0 when ACK is off) */
	uint32_t abs_seq, abs_ack;
	uint32_t len;		 /* payload bytes */
	uint64_t win;		 /* window, scaled when known */
	int win_scale;		 /* as in nw_tcpdir.win_scale */
	unsigned flags_analysis; /* NW_TCPA_* (tcpanalysis.h) */
	bool new_conn;		 /* first segment of the connection */
	enum nw_tcps state[2];	 /* after this segment: client, server */
	bool inferred[2];
	bool broken;			/* the segment breaks a seq/ack rule */
	char seq_rule[NW_TCP_RULE_MAX]; /* "SEQ 101 = 1 + 100 bytes" */
	char ack_rule[NW_TCP_RULE_MAX]; /* "ACK 2001 = peer SEQ 2000 + 1 (SYN)" */
	/* The segment ended an application write of its sender (tcpwrite.h):
	 * the write, and the MSS the receiver announced (0: not seen). */
	bool write_done;
	struct nw_tcpwrite write;
	uint16_t write_mss;
	int64_t ack_rtt_ns; /* data RTT sample this ACK gave (tcprtt.h); -1 none */
};

struct nw_tcptab;
typedef void (*nw_tcp_evict_fn)(void *ctx, const struct nw_tcpconn *c, enum nw_tcp_evict why);

struct nw_tcptab_config {
	size_t max_conns;  /* > 0 */
	int64_t idle_ns;   /* evict after this long without a segment; 0: never */
	int64_t closed_ns; /* evict closed connections after this long; 0: idle_ns */
	nw_tcp_evict_fn on_evict;
	void *ctx;
	bool no_rule_text; /* segments' seq_rule and ack_rule left empty (a summary's speed) */
};

/* NULL on allocation failure. */
struct nw_tcptab *nw_tcptab_new(const struct nw_tcptab_config *cfg);
void nw_tcptab_free(struct nw_tcptab *t);
/*
 * One TCP segment from src to dst at capture time ts_ns; seglen is its
 * payload length on the wire (from the IP length: tshark's tcp.len), which
 * may exceed the bytes captured.  Fills *out
 * (out->conn stays valid until the next call).  Returns 0, or -1 when no
 * memory was left even after evicting (the segment is then not traced).
 */
int nw_tcptab_segment(struct nw_tcptab *t, const struct nw_addr *src, const struct nw_addr *dst,
		      const struct nw_tcp *tcp, uint32_t seglen, int64_t ts_ns,
		      struct nw_tcpseg *out);
/* Evict connections idle at now_ns (capture time). */
void nw_tcptab_expire(struct nw_tcptab *t, int64_t now_ns);
/* Evict everything (end of input), oldest first. */
void nw_tcptab_flush(struct nw_tcptab *t);
size_t nw_tcptab_count(const struct nw_tcptab *t);
uint64_t nw_tcptab_evicted(const struct nw_tcptab *t, enum nw_tcp_evict why);

/* How the connection ended, from its states and flags. */
enum nw_tcp_end nw_tcpconn_end(const struct nw_tcpconn *c);

#endif
