/*
 * synstamp.h: a TCP probe as a template, stamped per probe.  A scanner
 * sends the same SYN many times over with only the destination, the
 * ports, the sequence number and the TTL changed: the packet (IPv4 or
 * IPv6 header and TCP header with its options, as sys/craft builds it
 * once) is kept, and each probe is a copy with those fields written and
 * the checksums (IPv4 header, TCP over its pseudo-header) computed again:
 * a few dozen bytes summed instead of a packet built.
 */
#ifndef NW_SYNSTAMP_H
#define NW_SYNSTAMP_H

#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

#define NW_SYN_TEMPLATE_MAX 128

struct nw_syn_template {
	uint8_t pkt[NW_SYN_TEMPLATE_MAX];
	size_t len;
	size_t tcp_off; /* where the TCP header starts */
	struct nw_addr src;
};

/*
 * Keep pkt (an IPv4 or IPv6 packet whose next header is TCP, no options
 * or extension headers before it, no payload after the TCP header) as the
 * template.  0, or -1 with *why when it is not such a packet.
 */
int nw_syn_template_init(struct nw_syn_template *t, const uint8_t *pkt, size_t len,
			 const char **why);

/* The probe to dst (the template's family) in out (t->len bytes). */
void nw_syn_stamp(const struct nw_syn_template *t, uint8_t *out, const struct nw_addr *dst,
		  uint16_t sport, uint16_t dport, uint32_t seq, uint8_t ttl);

#endif
