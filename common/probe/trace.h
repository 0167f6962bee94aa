/*
 * trace.h: the traceroute model, I/O-free: which probes to send (TTL by
 * TTL, queries per hop, every mode of flow control), what came back for
 * each, and when a hop is complete.  It runs on the probe engine
 * (probe/engine.h: window of probes in flight, rate, per-probe wait, RTT
 * with the clock named) and the matcher (probe/match.h: answers and ICMP
 * quotes back to their probe).  The caller sends the packets it is handed,
 * feeds every decoded packet it captures (its own probes leaving give the
 * wire send time; answers end probes), and ticks it with the monotonic
 * time; sys/trace_run.c is that caller, a test's fake network is another.
 *
 * Probe number s (0, 1, ...) is query s % queries of TTL first_ttl +
 * s / queries; it is the engine's id.  What tells probes apart on the wire
 * (match.h's flow modes):
 *   UDP classic  destination port dport + s (traceroute's 33434 + seq)
 *   UDP paris    the UDP checksum, 1 + s, set by the payload's first word
 *   UDP dublin   the IPv4 ID 1 + s; IPv6: the payload length grows by s
 *   ICMP         the echo sequence 1 + s; paris keeps the checksum with a
 *                payload word
 *   TCP classic  the source port sport + s (the destination port stays)
 *   TCP paris    the sequence number tcp_seq + s
 * id_base moves those numbers (UDP paris, dublin IPv4, ICMP, TCP paris:
 * 1 + id_base + s) so that successive rounds of one flow (--rounds) tell a
 * late answer to an earlier round from this one's; keep 1 + id_base + s
 * below 65536.  Classic ports and dublin's IPv6 length do not move.
 * An answer that is not a time exceeded (the destination's answer, or an
 * unreachable from anywhere) ends the path at its TTL: probes beyond it
 * are cancelled and no more are sent.
 *
 * Path MTU (cfg.mtu, tracepath's measure in the trace's own run): probes
 * start at packet_len (the runner makes it the interface's MTU) with Don't
 * Fragment set over IPv4 (IPv6 routers never fragment).  A Fragmentation
 * Needed or Packet Too Big does not end the path: every probe sent from
 * then on is as small as the MTU it names (RFC 1191 plateaus when it names
 * none, never below 68 / 1280 bytes), and the refused probe goes again,
 * the same number, smaller (at most NW_TRACE_MTU_RESENDS times; then the
 * answer counts as any unreachable).  The hop where the path MTU fell
 * shows it (nw_trace_hop.pmtu): the lowest TTL whose probe was refused at
 * that size, the hop tracepath prints "pmtu N" on.
 */
#ifndef NW_PROBE_TRACE_H
#define NW_PROBE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "probe/engine.h"
#include "probe/match.h"
#include "wire/icmpext.h"
#include "wire/pkt.h"

#define NW_TRACE_MAX_QUERIES 10
#define NW_TRACE_MAX_PACKET  9000 /* bytes, IP header included */
#define NW_TRACE_MTU_RESENDS 8 /* cfg.mtu: sends of a probe refused as too big, after the first */
#define NW_TRACE_MAX_IFINFO  2 /* interface objects kept per answer (incoming, outgoing) */

struct nw_trace_config {
	enum nw_probe_proto proto;
	enum nw_flow_mode flow;
	struct nw_addr src, dst;     /* one family */
	uint16_t sport;		     /* UDP, TCP: the source port (TCP classic: the first) */
	uint16_t dport;		     /* UDP: the port (classic: the first); TCP: the port */
	uint16_t echo_id;	     /* ICMP */
	uint32_t tcp_seq;	     /* TCP: the first sequence number */
	unsigned first_ttl, max_ttl; /* 1..255, first <= max */
	unsigned queries;	     /* per hop, 1..NW_TRACE_MAX_QUERIES */
	unsigned in_flight;	     /* probes in flight at once (traceroute -N) */
	int64_t wait_ns;	     /* a probe's wait for its answer */
	double rate;		     /* sends per second; 0: no limit */
	size_t packet_len;	     /* the probe's IP packet length; 0: the smallest */
	uint16_t id_base;	     /* probe s carries 1 + id_base + s (see below) */
	bool mtu;		     /* path MTU discovery: packet_len is the first size (above) */
};

/* clang-format off */
#define NW_TRACE_DEFAULTS                                                                          \
	{                                                                                          \
		.proto = NW_PROBE_UDP, .flow = NW_FLOW_PARIS, .sport = 0, .dport = 33434,          \
		.echo_id = 0, .tcp_seq = 0, .first_ttl = 1, .max_ttl = 30, .queries = 3,           \
		.in_flight = 16, .wait_ns = 5000000000, .rate = 0, .packet_len = 0, .id_base = 0, \
		.mtu = false,                                                                      \
	}
/* clang-format on */

/* A probe to send: the IP packet as nw_craft_{udp,echo,tcp} builds it. */
struct nw_trace_packet {
	uint64_t id; /* probe number s */
	unsigned ttl, query;
	struct nw_probe_key key; /* addresses, ports, ids, sequence, checksum, IP ID, TTL */
	const uint8_t *payload;	 /* after the UDP or ICMP header (TCP: none) */
	size_t payload_len;
	bool df; /* IPv4 Don't Fragment (cfg.mtu) */
};

enum nw_trace_status {
	NW_TRACE_WAITING,   /* not ended yet */
	NW_TRACE_REPLY,	    /* answered */
	NW_TRACE_TIMEOUT,   /* no answer within the wait */
	NW_TRACE_CANCELLED, /* beyond the end of the path, or stopped */
};

/* What came back for one probe. */
struct nw_trace_reply {
	enum nw_trace_status status;
	unsigned ttl, query;
	struct nw_addr from;
	enum nw_answer_kind kind;
	uint8_t icmp_type, icmp_code;
	uint32_t mtu;	    /* frag-needed / packet too big */
	uint8_t reply_ttl;  /* the answer's own TTL or hop limit */
	uint8_t quoted_ttl; /* the TTL the quote shows (0 when not quoted) */
	bool quoted;	    /* an ICMP error */
	unsigned rewritten; /* NW_REWRITE_*: what the path changed in the quote */
	int64_t rtt_ns;	    /* REPLY: the round trip */
	enum nw_probe_clock clock;
	int64_t sent_ns;     /* monotonic time of the send */
	unsigned mpls_count; /* MPLS label stack entries (RFC 4950) */
	struct nw_mpls_entry mpls[4];
	/* The probe as sent, and as the quote shows it (quoted); rewritten compares them. */
	struct nw_probe_key sent, quote;
	/* RFC 5837 interface information objects, the first NW_TRACE_MAX_IFINFO. */
	unsigned ifinfo_count;
	struct nw_icmpext_ifinfo ifinfo[NW_TRACE_MAX_IFINFO];
};

/* How a hop lost what it lost (nw_trace_hop_loss), once the trace is over. */
enum nw_trace_loss {
	NW_TRACE_LOSS_NONE,	  /* every probe answered */
	NW_TRACE_LOSS_SILENT,	  /* no answer at all (a router that does not answer) */
	NW_TRACE_LOSS_RATE_LIMIT, /* some lost here, none lost further on: the router's ICMP
				     rate limit, not the path */
	NW_TRACE_LOSS_FORWARD,	  /* lost here and further on too: loss on the path */
};

struct nw_trace_hop {
	unsigned ttl;
	unsigned queries;
	unsigned ended;	   /* probes of this hop that ended (answered, timed out, cancelled) */
	unsigned answered; /* of those, answered */
	const struct nw_trace_reply *replies; /* [queries], in query order */
	uint32_t pmtu;			      /* cfg.mtu: the path MTU fell to this here; 0: not */
	struct nw_addr pmtu_from;	      /* who said so (the router before the small link) */
};

struct nw_trace_ops {
	/* Send probe p: 0 sent, 1 would block (tried again shortly), -1 failed (counted lost). */
	int (*send)(void *ctx, const struct nw_trace_packet *p);
	/* Hop h is complete (every probe ended); called in TTL order, up to the path's end. */
	void (*on_hop)(void *ctx, const struct nw_trace_hop *h);
};

/* What nw_trace_feed() made of a packet. */
enum nw_trace_feed {
	NW_TRACE_FEED_SENT,  /* our own probe seen leaving: its wire time noted */
	NW_TRACE_FEED_OURS,  /* an answer that ended a probe */
	NW_TRACE_FEED_LATE,  /* an answer to a probe ended already (timed out, answered) */
	NW_TRACE_FEED_STRAY, /* not ours (another program's ICMP, another flow); *why says */
};

struct nw_trace_stats {
	uint64_t sent;		      /* probes sent */
	uint64_t answered, timed_out; /* of the probes up to end_ttl */
	uint64_t cancelled;	      /* probes beyond the end, or stopped */
	uint64_t late;		      /* answers to probes that had ended */
	uint64_t strays;	      /* packets that answered no probe of ours */
	uint64_t send_errors;
	unsigned end_ttl;	   /* the path's last TTL: the ending answer's, else max_ttl */
	bool reached;		   /* the destination itself answered at end_ttl */
	enum nw_probe_clock clock; /* of the RTTs: wire when every answer had both times */
	uint32_t pmtu;		   /* cfg.mtu: the path MTU up to end_ttl; else 0 */
	uint64_t mtu_resends;	   /* cfg.mtu: probes sent again smaller */
};

struct nw_trace;

/* A new trace; NULL with *why (static) on a bad setting or out of memory. */
struct nw_trace *nw_trace_new(const struct nw_trace_config *cfg, const struct nw_trace_ops *ops,
			      void *ctx, const char **why);
void nw_trace_free(struct nw_trace *t);

/* Send and expire what is due at now; returns the time to call it again (engine.h). */
int64_t nw_trace_tick(struct nw_trace *t, int64_t now);

/*
 * A decoded packet, read at monotonic time now with capture time wire_ns
 * (0: none).  Our probes leaving note their wire time; answers are matched
 * by their quote or the fields they echo.
 */
enum nw_trace_feed nw_trace_feed(struct nw_trace *t, const struct nw_pkt *pkt, int64_t now,
				 int64_t wire_ns, const char **why);

/*
 * An answer a socket has already tied to one of our probes (sys/trace_run's
 * socket mode: the kernel's error queue of a UDP socket, a ping socket's
 * echo replies and errors), with what the socket gives back of the probe.
 */
struct nw_trace_answer {
	uint16_t dport;	     /* UDP: the destination port the probe went to */
	uint16_t echo_seq;   /* ICMP: the probe's echo sequence */
	const uint8_t *data; /* UDP: the probe's payload (cut short, maybe); NULL: none */
	size_t data_len;
	struct nw_addr from;	      /* who answered */
	uint8_t icmp_type, icmp_code; /* the answer's (echo reply: 0, ICMPv6 129) */
	uint32_t mtu;		      /* frag needed / packet too big: the MTU named */
	uint8_t reply_ttl;	      /* the answer's TTL or hop limit; 0: unknown */
};

/*
 * Feed an answer the socket tied to a probe, read at monotonic time now
 * (the kernel's receive time where it has one): the probe's number comes
 * from the fields (trace.h's table: the classic port, the paris word at the
 * payload's start, the echo sequence).  No wire times: the RTT's clock is
 * the send call's.  STRAY when no probe of this trace has those fields.
 */
enum nw_trace_feed nw_trace_feed_answer(struct nw_trace *t, const struct nw_trace_answer *a,
					int64_t now, const char **why);

/*
 * cfg.mtu: the interface refused to send a probe larger than its MTU (a
 * socket's EMSGSIZE, the MTU from its local error): every send from now on
 * is at most mtu bytes (never below 68 / 1280).  The probe refused goes
 * again when its send is tried again (the send said "would block").  False
 * when nothing changed: no cfg.mtu, or not below the size of now.
 */
bool nw_trace_local_mtu(struct nw_trace *t, uint32_t mtu);

/* Every hop up to the end of the path complete (or stopped). */
bool nw_trace_done(const struct nw_trace *t);
/* Cancel what is in flight and send nothing more (SIGINT); hops not complete stay so. */
void nw_trace_stop(struct nw_trace *t);

/* Hop ttl (first_ttl..max_ttl) as it stands; NULL outside the range. */
const struct nw_trace_hop *nw_trace_hop(const struct nw_trace *t, unsigned ttl);
/* How hop ttl lost what it lost, judged against the later hops up to the end of the path. */
enum nw_trace_loss nw_trace_hop_loss(const struct nw_trace *t, unsigned ttl);
const char *nw_trace_loss_name(enum nw_trace_loss l); /* "none", "silent", ... */
void nw_trace_stats(const struct nw_trace *t, struct nw_trace_stats *st);

/*
 * The length of the way back, as tracepath reckons it: the answer left its
 * sender with the next initial TTL at or above reply_ttl (64, 128 or 255,
 * what hosts and routers use), so it crossed initial - reply_ttl routers
 * and the sender is that + 1 hops back.  0 when reply_ttl is unknown (0).
 * A hop whose way back differs from its TTL is on an asymmetric path (or
 * its sender starts at an unusual TTL: a guess, said as one).
 */
unsigned nw_trace_return_hops(uint8_t reply_ttl);

/* The probe's IP packet length for cfg (packet_len, or the smallest the mode allows). */
size_t nw_trace_packet_len(const struct nw_trace_config *cfg);

#endif /* NW_PROBE_TRACE_H */
