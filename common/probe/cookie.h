/*
 * cookie.h: stateless probe cookies, as masscan and zmap validate answers.
 * A keyed hash (SipHash-2-4, base/siphash.h) of a probe's protocol,
 * addresses and ports is written into fields every answer gives back: the
 * TCP sequence number (a SYN/ACK or RST acknowledges it + 1, an ICMP error
 * quotes it), the ICMP echo id and sequence number, the UDP source port.  A
 * scanner then needs no table of what it sent: an answer whose fields are
 * not the hash of its own addresses and ports is not an answer to us.
 *
 * Strength, honestly: SipHash-2-4 is a pseudorandom function under its
 * 128-bit key, drawn from the kernel for each run, so without the key the
 * cookie of a tuple cannot be told in advance.  But only as many bits are
 * checked as the field holds: 32 for TCP (a blind forger wins once in 2^32
 * tries), 32 for ICMP echo (id and sequence), log2(span) for UDP (14 with
 * the default ports: once in 16384).  Anyone who sees a probe on the path
 * sees its cookie and can answer it: the cookie proves the answerer saw the
 * probe, nothing about what it says.  The cookie covers our source address:
 * a quote whose source a NAT rewrote does not check.  A TCP probe's
 * retransmissions come from other source ports (nw_cookie_port_of_attempt),
 * so each carries a sequence number of its own.
 */
#ifndef NW_COOKIE_H
#define NW_COOKIE_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/match.h"
#include "base/siphash.h"

struct nw_cookie {
	uint8_t key[NW_SIPHASH_KEY_LEN];
	/* UDP source ports are drawn from [port_base, port_base + port_span); span 0: port_base. */
	uint16_t port_base, port_span;
};

/* A fresh random key (getentropy) and the IANA dynamic ports 49152-65535.  0 or -1 (+why). */
int nw_cookie_init(struct nw_cookie *c, const char **why);

/*
 * Write the cookie into probe p (its proto, addresses and ports set): TCP:
 * tcp_seq (over both ports); ICMP: echo_id and echo_seq; UDP: sport (over
 * the destination port).
 */
void nw_cookie_stamp(const struct nw_cookie *c, struct nw_probe_key *p);

/*
 * The source port for probe p (its proto, addresses and destination port
 * set): a keyed hash of them into [port_base, port_base + port_span).  UDP
 * probes carry their cookie there (nw_cookie_stamp); nw-scan's SYNs take
 * their source port from it too, and then the sequence number over both.
 */
uint16_t nw_cookie_port(const struct nw_cookie *c, const struct nw_probe_key *p);

/*
 * The source port of send `attempt` (0: the first) of probe p: the
 * attempt-th port after nw_cookie_port, wrapping in the range.  A SYN
 * scan's retry is then a new connection to the target: a retry with the
 * same ports and sequence number is, to the target, a retransmitted SYN
 * of the connection it already answered, and Linux answers those at most
 * once per net.ipv4.tcp_invalid_ratelimit (500 ms), so a lost SYN/ACK
 * made every retry within that time go unanswered.  nmap varies the
 * source port per try too.
 */
uint16_t nw_cookie_port_of_attempt(const struct nw_cookie *c, const struct nw_probe_key *p,
				   unsigned attempt);

/* Which attempt p->sport is the source port of (0..port_span-1); -1: not in the range. */
int nw_cookie_attempt_of_port(const struct nw_cookie *c, const struct nw_probe_key *p);

/* Whether answer a carries the cookie of the probe it shows.  false with a reason. */
bool nw_cookie_check(const struct nw_cookie *c, const struct nw_answer *a, const char **why);

#endif /* NW_COOKIE_H */
