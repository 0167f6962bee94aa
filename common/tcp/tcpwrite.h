/*
 * tcpwrite.h: MSS segmentation (RFC 9293 3.7.1, RFC 879): how the bytes of
 * one application write were split into segments, as a capture shows it.
 *
 * A write is the run of new data segments one side sends, each starting
 * where the previous one ended, up to and including the first that
 * carries PSH (or FIN), with no data from the peer in between (data the
 * other way, an RST or a gap starts over).  Retransmissions, keep-alives
 * and probes neither join nor break a write.  The segment sizes are kept
 * as runs ("3 x 536, then 292"), at most NW_TCP_WRITE_RUNS of them.
 */
#ifndef NW_TCPWRITE_H
#define NW_TCPWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NW_TCP_WRITE_RUNS 6

struct nw_tcpwrite_run {
	uint32_t len;	/* segment payload bytes */
	uint32_t count; /* consecutive segments of that size */
};

struct nw_tcpwrite {
	uint64_t bytes;	   /* payload bytes of the write */
	uint32_t segments; /* how many segments carried them */
	uint32_t next;	   /* absolute seq just after the last segment */
	uint8_t nruns;
	bool truncated; /* more runs than NW_TCP_WRITE_RUNS: the rest not kept */
	struct nw_tcpwrite_run run[NW_TCP_WRITE_RUNS];
};

/* Forget the write in progress. */
void nw_tcpwrite_reset(struct nw_tcpwrite *w);
/*
 * One new (not retransmitted) data segment of len > 0 bytes starting at
 * absolute seq: joins the write in progress, or starts a new one when it
 * does not follow on.  Returns true when the segment ends the write (push:
 * it carried PSH or FIN); the caller then reads *w and resets it.
 */
bool nw_tcpwrite_add(struct nw_tcpwrite *w, uint32_t seq, uint32_t len, bool push);
/* "536+536+536+292" (runs of more than 4 as "12x1448"), truncated to n. */
void nw_tcpwrite_sizes(const struct nw_tcpwrite *w, char *buf, size_t n);

#endif
