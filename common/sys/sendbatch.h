/*
 * sendbatch.h: small packets to a datagram or raw socket, sent many per
 * system call (sendmmsg where the system has it, else one sendto each).
 * A scanner's sends cost mostly the system call: on the 2-core build
 * machine a raw IPv4 socket sent 133k SYNs a second one sendto at a time
 * and 316k a second 64 per sendmmsg (docs/scan.md).
 */
#ifndef NW_SYS_SENDBATCH_H
#define NW_SYS_SENDBATCH_H

#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

#define NW_SENDBATCH_PACKET 128 /* the largest packet a slot holds */

struct nw_sendbatch;

/* Up to max packets a call on fd (which the batch does not own).  NULL when out of memory. */
struct nw_sendbatch *nw_sendbatch_new(int fd, unsigned max);
void nw_sendbatch_free(struct nw_sendbatch *b);
/* Room for the next packet, to dst (port 0 for a raw socket); NULL when full (flush first). */
uint8_t *nw_sendbatch_slot(struct nw_sendbatch *b, const struct nw_addr *dst, uint16_t port);
/* The packet written in the last slot, len bytes, joins the batch. */
void nw_sendbatch_commit(struct nw_sendbatch *b, size_t len);
unsigned nw_sendbatch_pending(const struct nw_sendbatch *b);
/*
 * Send what the batch holds.  A packet the system refuses (no route, a
 * firewall) is lost and counted in *lost; a full buffer is waited out for a
 * moment, then what is left is lost too.  The batch is empty after.  The
 * number of packets sent.
 */
unsigned nw_sendbatch_flush(struct nw_sendbatch *b, unsigned *lost);

#endif
