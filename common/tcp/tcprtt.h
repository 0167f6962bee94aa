/*
 * tcprtt.h: data RTT samples at the capture point (RFC 6298 2, with Karn's
 * rule, RFC 6298 3): from a data segment to the first ACK from the peer
 * that covers it; a retransmission stops the timing of every segment sent
 * before it (the next cumulative ACK could answer the copy), so no sample
 * ever rests on a retransmitted segment.  Up to NW_TCP_RTT_PENDING segments per
 * direction are timed at once (later ones wait for room), so memory is
 * constant.  tshark calls the sample tcp.analysis.ack_rtt.
 */
#ifndef NW_TCPRTT_H
#define NW_TCPRTT_H

#include <stdbool.h>
#include <stdint.h>

#define NW_TCP_RTT_PENDING 4

struct nw_tcprtt {
	uint8_t npending;
	struct {
		uint32_t end;	       /* absolute seq just after the segment */
		int64_t ts;	       /* when it passed */
	} pending[NW_TCP_RTT_PENDING]; /* oldest first */
	/* samples so far */
	uint64_t samples;
	int64_t min_ns, max_ns, sum_ns;
};

/* A new data segment [seq, seq + len) passed at ts: timed if there is room. */
void nw_tcprtt_sent(struct nw_tcprtt *r, uint32_t seq, uint32_t len, int64_t ts);
/* A retransmission of [seq, seq + len): Karn, nothing timed so far gives a sample. */
void nw_tcprtt_retransmitted(struct nw_tcprtt *r, uint32_t seq, uint32_t len);
/*
 * The peer acknowledged up to ack (absolute) at ts: the timed segments it
 * covers leave; the newest of them gives the sample, returned in ns (-1:
 * no sample).
 */
int64_t nw_tcprtt_acked(struct nw_tcprtt *r, uint32_t ack, int64_t ts);

#endif
