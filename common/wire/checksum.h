/*
 * checksum.h: arithmetic on Internet checksums beyond the plain sum
 * (nw_inet_checksum, RFC 1071, declared in wire/pkt.h): the pseudo-header
 * of UDP, TCP and ICMPv6, the update of a checksum when a field changes
 * (RFC 1624, what a NAT does), and the word that gives a packet a chosen
 * checksum (what Paris traceroute puts in its payload).
 *
 * Checksums and words are numbers in network byte order, as nw_buf_u16()
 * reads them.  In one's complement 0x0000 and 0xffff are both zero: a sum
 * of data that is not all zeros never folds to 0x0000, so some results come
 * out as one where the other was expected; nw_cksum_same() compares them so.
 */
#ifndef NW_CHECKSUM_H
#define NW_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

/*
 * The one's complement sum (not folded, not inverted) of the pseudo-header
 * for len bytes of upper-layer protocol proto between src and dst (IPv4:
 * RFC 768/9293; IPv6: RFC 8200 8.1), to pass as nw_inet_checksum()'s
 * initial sum.
 */
uint32_t nw_cksum_pseudo(const struct nw_addr *src, const struct nw_addr *dst, uint8_t proto,
			 uint32_t len);

/*
 * The checksum after the len bytes at from (in the summed data, starting on
 * an even offset) change to the len bytes at to, without summing the rest
 * again (RFC 1624 equation 3).  An odd len counts the last byte as the high
 * half of a word, as nw_inet_checksum() does.
 */
uint16_t nw_cksum_update(uint16_t cksum, const void *from, const void *to, size_t len);
/* The same for one 16-bit word. */
uint16_t nw_cksum_update16(uint16_t cksum, uint16_t from, uint16_t to);

/*
 * The value to write in a 16-bit word of the data (on an even offset) that
 * now holds word and gives the checksum cksum, so that the checksum becomes
 * want: UDP Paris probes carry their identifier as the checksum this way,
 * ICMP Paris probes keep one checksum while their sequence number changes.
 * The checksum field itself is not the word.  want 0 is not a UDP checksum
 * (it means none).
 */
uint16_t nw_cksum_word_for(uint16_t cksum, uint16_t word, uint16_t want);

/* Equal as one's complement numbers: a == b, or one is 0x0000 and the other 0xffff. */
bool nw_cksum_same(uint16_t a, uint16_t b);

#endif /* NW_CHECKSUM_H */
