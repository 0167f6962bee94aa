/*
 * tcpstate.h: the TCP connection state machine of RFC 9293 (3.3.2, figure
 * 5) for BOTH endpoints of a connection, driven by the segments a capture
 * point sees between them.
 *
 * Each side's state is derived from what the capture has shown it doing:
 * SYN sent and received, its SYN acknowledged, FIN sent and received (and
 * in which order), its FIN acknowledged, RST.  That covers the passive and
 * active opens, simultaneous open (both SYNs cross), the normal and the
 * simultaneous close, half-close (CLOSE_WAIT / FIN_WAIT_2 with data still
 * flowing the other way) and resets.  A connection already open when the
 * capture began starts with both sides inferred ESTABLISHED (or what the
 * first segment implies) and is marked inferred; so is a handshake whose
 * SYN,ACK the capture missed (the client's ACK shows it came: a side in
 * SYN_SENT sends nothing but SYNs).
 *
 * The server's state is NW_TCPS_UNKNOWN ("?") until it answers a SYN: a
 * SYN,ACK shows it listened (LISTEN, then SYN_RECEIVED), an RST that it
 * was CLOSED all along (a refused port never listened), silence tells
 * nothing.  No state is printed that the endpoint cannot have had.
 *
 * Side 0 is the client (the side that sent the first SYN, or the side the
 * caller inferred), side 1 the server.  No output, no allocation.
 */
#ifndef NW_TCPSTATE_H
#define NW_TCPSTATE_H

#include <stdbool.h>
#include <stdint.h>

enum nw_tcps {
	NW_TCPS_CLOSED,
	NW_TCPS_LISTEN,
	NW_TCPS_SYN_SENT,
	NW_TCPS_SYN_RECEIVED,
	NW_TCPS_ESTABLISHED,
	NW_TCPS_FIN_WAIT_1,
	NW_TCPS_FIN_WAIT_2,
	NW_TCPS_CLOSING,
	NW_TCPS_TIME_WAIT,
	NW_TCPS_CLOSE_WAIT,
	NW_TCPS_LAST_ACK,
	/* Not an RFC state: the capture cannot tell yet.  A server that has
	 * not answered a SYN either listens (SYN_RECEIVED, it will send SYN,ACK)
	 * or does not (CLOSED, it will send RST, or nothing behind a firewall). */
	NW_TCPS_UNKNOWN,
};

/* "ESTABLISHED", "FIN_WAIT_1", ... (RFC 9293 names with underscores); "?" for
 * NW_TCPS_UNKNOWN. */
const char *nw_tcps_name(enum nw_tcps s);

/* What one endpoint has done so far, as the capture saw it. */
struct nw_tcpsm_side {
	enum nw_tcps state;
	bool inferred;	   /* the state rests on a guess (capture began mid-connection) */
	bool passive;	   /* opened from LISTEN (got a SYN before sending one) */
	bool listens;	   /* it answered a SYN with SYN,ACK: it was in LISTEN */
	bool syn_sent;	   /* it sent a SYN */
	bool syn_rcvd;	   /* it received the peer's SYN */
	bool syn_acked;	   /* its SYN was acknowledged */
	bool fin_sent;	   /* it sent a FIN */
	bool fin_rcvd;	   /* it received the peer's FIN */
	bool fin_first;	   /* its FIN went out before it had the peer's (active close) */
	bool fin_acked;	   /* its FIN was acknowledged */
	bool reset;	   /* an RST ended the connection for it */
	uint32_t iss;	   /* its initial sequence number (absolute) */
	uint32_t fin_next; /* absolute sequence number just after its FIN */
};

struct nw_tcpsm {
	struct nw_tcpsm_side side[2]; /* 0 client, 1 server */
	bool started;		      /* a segment has been applied */
	bool midstream;		      /* the first segment seen was not a bare SYN */
	/* Each side's state before the first segment (what it implies, when the
	 * capture began mid-connection): the ladder's top line. */
	enum nw_tcps before[2];
	bool before_inferred[2];
};

/* One segment as the state machine needs it (absolute numbers). */
struct nw_tcpsm_seg {
	int from;	/* 0: sent by the client, 1: by the server */
	uint16_t flags; /* NW_TCP_* */
	uint32_t seq, ack;
	uint32_t len; /* payload bytes */
};

/* Client CLOSED, server UNKNOWN (LISTEN, or CLOSED: its answer will tell), nothing seen. */
void nw_tcpsm_init(struct nw_tcpsm *sm);
/* Apply one segment seen at the capture point to both sides' states. */
void nw_tcpsm_segment(struct nw_tcpsm *sm, const struct nw_tcpsm_seg *seg);
/* Both sides CLOSED, TIME_WAIT, LISTEN or UNKNOWN (and not waiting for an
 * answer): nothing more is expected on this 4-tuple. */
bool nw_tcpsm_finished(const struct nw_tcpsm *sm);

#endif
