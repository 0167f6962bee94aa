/*
 * tcpanalysis.h: tshark's TCP sequence analysis (its tcp.analysis.* flags)
 * and the seq/ack rule each segment follows (RFC 9293 3.4: SEQ advances by
 * the payload plus one for SYN and FIN; ACK is the next byte expected),
 * in words, with segments that break the rules flagged.
 */
#ifndef NW_TCPANALYSIS_H
#define NW_TCPANALYSIS_H

#include <stdint.h>

#include "tcp/tcpconn.h"

/* Flags, named as tshark's tcp.analysis.<name> fields. */
#define NW_TCPA_RETRANSMISSION		0x0001
#define NW_TCPA_SPURIOUS_RETRANSMISSION 0x0002
#define NW_TCPA_FAST_RETRANSMISSION	0x0004
#define NW_TCPA_DUPLICATE_ACK		0x0008
#define NW_TCPA_OUT_OF_ORDER		0x0010
#define NW_TCPA_LOST_SEGMENT		0x0020 /* previous segment not captured */
#define NW_TCPA_ACK_LOST_SEGMENT	0x0040 /* ACKed segment that was not captured */
#define NW_TCPA_WINDOW_FULL		0x0080
#define NW_TCPA_ZERO_WINDOW		0x0100
#define NW_TCPA_ZERO_WINDOW_PROBE	0x0200
#define NW_TCPA_ZERO_WINDOW_PROBE_ACK	0x0400
#define NW_TCPA_KEEP_ALIVE		0x0800
#define NW_TCPA_KEEP_ALIVE_ACK		0x1000
#define NW_TCPA_WINDOW_UPDATE		0x2000
#define NW_TCPA_COUNT			14

/* tshark's field suffix of flag bit i ("retransmission", ...), NULL past the end. */
const char *nw_tcpa_name(int bit);
/* tshark's wording ("Previous segment not captured", ...). */
const char *nw_tcpa_text(int bit);

/*
 * Analyse one segment of direction dir (absolute seq/ack, scaled window)
 * against the connection's history, update that history, and return the
 * NW_TCPA_* flags.  Call once per segment, in capture order.
 */
unsigned nw_tcpa_segment(struct nw_tcpconn *c, int dir, uint16_t flags, uint32_t seq, uint32_t ack,
			 uint32_t len, uint32_t win, int64_t ts_ns);

/* Fill seg->broken and, with text, seg->seq_rule and seg->ack_rule; call before
 * nw_tcpa_segment().  Without text the rules are left as they were (empty). */
void nw_tcpa_rules(const struct nw_tcpconn *c, struct nw_tcpseg *seg, bool text);

/*
 * Handshake RTTs at the capture point, ns; -1 when not seen.  When a SYN or
 * SYN/ACK was retransmitted they run from the copy that was answered (the
 * latest SYN before the first SYN/ACK; the latest SYN/ACK before the ACK).
 */
int64_t nw_tcpa_rtt_syn_synack(const struct nw_tcpconn *c);
int64_t nw_tcpa_rtt_synack_ack(const struct nw_tcpconn *c);

#endif
