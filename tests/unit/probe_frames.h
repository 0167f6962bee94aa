/* probe_frames.h: hand-written answer packets and a reference checksum for the probe tests. */
#ifndef NW_TEST_PROBE_FRAMES_H
#define NW_TEST_PROBE_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "probe/match.h"

#define MAX_PKT 1500

/* A raw IP packet (no link header). */
struct frame {
	uint8_t b[MAX_PKT + 128];
	size_t n;
};

size_t alen(int family);   /* address bytes */
size_t iphlen(int family); /* IP header bytes, no options or extensions */

/* The one's complement sum, apart from wire/checksum.c: bytes at their weight, reduced at the end.
 */
uint64_t ref_add(uint64_t acc, const uint8_t *p, size_t n);
uint16_t ref_finish(uint64_t acc);
uint8_t proto_of(const uint8_t *ip, int family);
/* The transport checksum of a whole IP packet (no extension headers), pseudo-header and all. */
uint16_t ref_l4_checksum(const uint8_t *ip, size_t len, int family, size_t cksum_at);
size_t cksum_offset(uint8_t proto); /* of the checksum in the transport header */
void fix_l4_checksum(uint8_t *ip, size_t len, int family);

uint16_t get16(const uint8_t *p);
void set16(uint8_t *p, uint16_t v);
void set32(uint8_t *p, uint32_t v);

/* An IP header from 'from' to 'to' for l4len bytes of proto; the IPv4 header checksum set. */
void put_ip(struct frame *f, const struct nw_addr *from, const struct nw_addr *to, uint8_t proto,
	    size_t l4len);
/* Finish a packet whose transport bytes (l4 of them) follow the IP header. */
void finish(struct frame *f, int family, size_t l4);
/* An ICMP or ICMPv6 error from 'from' to 'to' quoting the first qlen bytes of q. */
void icmp_error(struct frame *f, const struct nw_addr *from, const struct nw_addr *to, uint8_t type,
		uint8_t code, uint32_t rest, const uint8_t *q, size_t qlen);
void echo_reply(struct frame *f, const struct nw_addr *from, const struct nw_addr *to, uint16_t id,
		uint16_t seq);
/* A TCP answer from the probe's destination: flags, seq and ack as given. */
void tcp_answer(struct frame *f, const struct nw_probe_key *k, uint8_t flags, uint32_t seq,
		uint32_t ack);
void udp_answer(struct frame *f, const struct nw_probe_key *k);

/* An address literal (aborts on a bad one: a test's own constant). */
struct nw_addr frame_addr(const char *s);

/* Traceroute probe p as libnet builds it (c: build-only), from the IP header on; false when not. */
struct nw_craft;
struct nw_trace_packet;
bool frame_of_probe(struct nw_craft *c, const struct nw_trace_packet *p, struct frame *out);

/* A simulated wire: packets due at a time, our probes seen leaving and the answers. */
#define FRAME_QUEUE_MAX 4096
struct frame_delivery {
	int64_t at;
	struct frame f;
	bool leaving;
};
struct frame_queue {
	struct frame_delivery q[FRAME_QUEUE_MAX];
	unsigned n;
};
bool frame_queue_put(struct frame_queue *fq, int64_t at, const struct frame *f, bool leaving);
/* Take one packet due at now into *d; false when none is. */
bool frame_queue_take(struct frame_queue *fq, int64_t now, struct frame_delivery *d);
/* The earlier of wake and the first packet's time. */
int64_t frame_queue_next(const struct frame_queue *fq, int64_t wake);

#endif
