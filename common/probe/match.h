/*
 * match.h: matching what comes back to the probe that caused it.
 *
 * The sender describes each probe it crafts (struct nw_probe_key) and files
 * it in a bounded table (struct nw_match) under its own id.  A received
 * packet, decoded by nw_decode(), becomes a struct nw_answer
 * (nw_answer_from_pkt): what kind of answer it is, who sent it, and the
 * probe as the answer shows it: the quote of an ICMP error, or the fields a
 * direct answer echoes (echo reply: id and sequence; SYN/ACK and RST: the
 * ports and ack - 1; UDP: the ports).  nw_match_lookup() then says whose it
 * is: ours, with the probe's id and what the path rewrote in the quote, or
 * not ours, with a one-line reason.
 *
 * Flow modes: how the probes of one flow differ, so that the answers tell
 * them apart (and load balancers hashing the flow send them one way):
 *   classic  UDP, TCP: the ports change per probe (the destination port,
 *            or the source port where the destination must stay, as a TCP
 *            trace to port 80); ICMP echo: the sequence number.
 *   paris    the 5-tuple (and the ICMP checksum) stays; the probe is told by
 *            the UDP checksum (set through a payload word, nw_cksum_word_for
 *            in wire/checksum.h), the ICMP sequence number (a payload word
 *            keeps the checksum), or the TCP sequence number.
 *   dublin   UDP only: the 5-tuple stays and the probe is told by the IPv4
 *            ID, or by the IPv6 payload length.  An echo reply or a SYN/ACK
 *            shows neither, so ICMP and TCP probes use classic or paris.
 *
 * What the path may rewrite: a NAT changes the source address and port (and
 * the checksum with them) and most translate the quote back; some leave the
 * quote as they made it, or restore the ports and not the checksum.  A quote
 * whose source is not ours is still ours when the rest of it proves it (the
 * UDP checksum, undone for the change, is the one sent; the TCP sequence
 * number is), and the result says what was rewritten.  Routers may zero or
 * change the IPv4 ID (flagged; dublin then loses the probe) and quote the
 * TTL as 0 or 1.  An IPv4 quote may be only the IP header and 8 bytes: the
 * ports, the UDP checksum, the TCP sequence number and the echo id and
 * sequence are all in them.
 */
#ifndef NW_MATCH_H
#define NW_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "wire/pkt.h"

enum nw_probe_proto {
	NW_PROBE_UDP = 1,
	NW_PROBE_TCP,  /* a SYN */
	NW_PROBE_ICMP, /* an echo request: ICMP over IPv4, ICMPv6 over IPv6 */
};

enum nw_flow_mode {
	NW_FLOW_CLASSIC,
	NW_FLOW_PARIS,
	NW_FLOW_DUBLIN,
};

/* A probe as sent (or, in struct nw_answer, as an answer shows it). */
struct nw_probe_key {
	enum nw_probe_proto proto;
	struct nw_addr src, dst; /* one family */
	uint16_t sport, dport;	 /* UDP, TCP */
	uint16_t echo_id, echo_seq;
	uint32_t tcp_seq;
	uint16_t checksum; /* the transport checksum; UDP 0: none; TCP, ICMP 0: not recorded */
	uint16_t ip_id;	   /* IPv4 identification */
	uint16_t ip6_plen; /* IPv6 payload length */
	uint8_t ttl;	   /* sent: the TTL or hop limit; quoted: what the quote says */
};

/* What an answer is. */
enum nw_answer_kind {
	NW_ANSWER_TIME_EXCEEDED = 1, /* ICMP 11, ICMPv6 3: a router on the way */
	NW_ANSWER_UNREACHABLE,	     /* ICMP 3 (code 4: mtu set), ICMPv6 1 */
	NW_ANSWER_TOO_BIG,	     /* ICMPv6 2 (mtu set) */
	NW_ANSWER_PARAM_PROBLEM,     /* ICMP 12, ICMPv6 4 */
	NW_ANSWER_ECHO_REPLY,
	NW_ANSWER_SYN_ACK,
	NW_ANSWER_RST,
	NW_ANSWER_UDP, /* a datagram back from the destination port */
};

/* Which fields of nw_answer.probe besides addresses, ports, ids and sequence numbers are real. */
#define NW_SHOWS_CHECKSUM 0x01 /* quoted transport checksum */
#define NW_SHOWS_IP_ID	  0x02 /* quoted IPv4 ID */
#define NW_SHOWS_IP6_PLEN 0x04 /* quoted IPv6 payload length */
#define NW_SHOWS_TTL	  0x08 /* quoted TTL or hop limit */

struct nw_answer {
	enum nw_answer_kind kind;
	uint8_t icmp_type, icmp_code; /* the ICMP or ICMPv6 message, for the ICMP kinds */
	uint32_t mtu;		      /* next-hop MTU of frag-needed or packet-too-big; else 0 */
	struct nw_addr from;	      /* who answered: the packet's source */
	uint8_t from_ttl;	      /* the answer's own TTL or hop limit */
	bool quoted;		      /* an ICMP error: probe is its quote */
	/*
	 * The probe as the answer shows it.  Direct answers give the
	 * addresses and ports turned round; a SYN/ACK or RST gives tcp_seq
	 * as its ack - 1 (a RST may carry ack = seq: the lookup tries both).
	 */
	struct nw_probe_key probe;
	unsigned shows; /* NW_SHOWS_* */
};

/*
 * What kind of answer a decoded packet is and the probe it shows.  0, or -1
 * with a static reason: not IP, not an answer (an echo request, a redirect,
 * neighbor discovery, a TCP segment that is not SYN/ACK or RST, a RST
 * without ACK), or a quote too short to show the probe.
 */
int nw_answer_from_pkt(const struct nw_pkt *pkt, struct nw_answer *a, const char **why);
/* "time exceeded", "unreachable", ..., "SYN/ACK", "RST", "UDP". */
const char *nw_answer_kind_name(enum nw_answer_kind kind);

/*
 * The value that tells a probe apart within its flow in this mode (see the
 * list above; classic UDP and TCP: sport << 16 | dport); shows says which optional fields k really
 * has (all of them for a probe as sent).  0, or -1 with a static reason: the mode does not take
 * this protocol, or k does not show the field.
 */
int nw_probe_ident(enum nw_flow_mode mode, const struct nw_probe_key *k, unsigned shows,
		   uint32_t *ident, const char **why);

/* What the quote shows was rewritten on the way (nw_match_result.rewritten). */
#define NW_REWRITE_SRC	    0x01 /* source address not the one sent (NAT) */
#define NW_REWRITE_SPORT    0x02 /* source port not the one sent (NAT) */
#define NW_REWRITE_CHECKSUM 0x04 /* checksum not the one sent, once the above is undone */
#define NW_REWRITE_IP_ID    0x08 /* IPv4 ID not the one sent (a router zeroed or changed it) */
#define NW_REWRITE_NAT	    (NW_REWRITE_SRC | NW_REWRITE_SPORT | NW_REWRITE_CHECKSUM)

struct nw_match_result {
	bool ours;
	const char *why;	  /* not ours: a static one-line reason */
	uint64_t id;		  /* ours: the id the probe was filed under */
	struct nw_probe_key sent; /* ours: the probe as it was filed */
	unsigned rewritten;	  /* ours, quoted: NW_REWRITE_* */
};

/*
 * The table: probes filed under the caller's ids, found again by the
 * fields of their flow and the mode's identifying value.  It holds at most
 * capacity probes (rounded up to a power of two, at most 1 << 22): a probe
 * is forgotten once capacity newer ones have been filed, or when removed.
 * Lookups do not remove: a probe may have several answers (a duplicate, an
 * unreachable and then a RST).  Nothing here does I/O.
 */
struct nw_match;

struct nw_match *nw_match_new(enum nw_flow_mode mode, size_t capacity, const char **why);
void nw_match_free(struct nw_match *m);
/*
 * File probe k under id.  -1 with a reason when the mode does not take the
 * protocol, the addresses are not one family, a paris UDP probe has no
 * checksum, or a waiting probe has the same identifying fields.
 */
int nw_match_add(struct nw_match *m, const struct nw_probe_key *k, uint64_t id, const char **why);
/* Forget probe k (as filed); false when it is not there. */
bool nw_match_remove(struct nw_match *m, const struct nw_probe_key *k);
size_t nw_match_count(const struct nw_match *m);
/* Probes forgotten because capacity newer ones were filed. */
uint64_t nw_match_evicted(const struct nw_match *m);

/* Whose answer a is. */
void nw_match_lookup(const struct nw_match *m, const struct nw_answer *a,
		     struct nw_match_result *r);
/* nw_answer_from_pkt() then nw_match_lookup(); a not-an-answer is a not-ours with its reason. */
void nw_match_packet(const struct nw_match *m, const struct nw_pkt *pkt, struct nw_answer *a,
		     struct nw_match_result *r);

#endif /* NW_MATCH_H */
