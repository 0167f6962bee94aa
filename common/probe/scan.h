/*
 * scan.h: nw-scan's model, I/O-free: which (address, port) to probe next,
 * what an answer says of the port, and how far the scan has got.  It is to
 * nw-scan what probe/trace.h is to nw-traceroute: the runner (crafting,
 * capture or connect() sockets, the event loop) hands it the time, sends
 * what it is given and feeds back what comes in; a test's fake network is
 * another such runner.
 *
 * The probes are the numbers j of the scan order (probe/permute.h) over
 * the target set and the port set, from the shard's first (or the resume
 * position) to its end: they are the probe engine's ids (probe/engine.h:
 * window, rate, retries, RTO, adaptive congestion window), and j becomes
 * an (address, port) only when the engine lets the probe go.
 *
 * SYN method: a probe is a SYN whose source port and sequence number carry
 * the stateless cookie (probe/cookie.h): the source port is a keyed hash of
 * the addresses and destination port into [sport_base, sport_base +
 * sport_span), the sequence number one of the addresses and both ports.
 * Every send of a probe is the same packet.  A decoded packet fed back is:
 *   - our own SYN seen leaving: its capture time is the probe's wire send
 *     time (RTTs are then on the capture's clock);
 *   - a SYN/ACK acknowledging seq + 1: open (reason syn-ack);
 *   - a RST acknowledging it: closed (rst);
 *   - an ICMP or ICMPv6 destination unreachable quoting the SYN (IPv4
 *     fragmentation needed excepted): filtered, the reason its code
 *     ("admin-prohibited", "host-unreach", ...);
 *   - anything else, or one whose cookie (the source port, the sequence
 *     number) is not right for its addresses and ports, or whose probe is
 *     not in this scan's range or not sent yet: a stray, counted, never a
 *     result.
 * A probe with no answer after its retries is filtered (no-response): a
 * SYN to an open or closed port is always answered, so silence means a
 * filter (nmap -sS says the same); open|filtered is for methods where
 * silence is ambiguous (UDP, FIN scans), none of which is here yet.  The
 * first answer decides; later ones are counted as duplicates (answered
 * already) or late (the probe had timed out), never reported again.
 *
 * CONNECT method: the probe handed to send has no cookie (the kernel picks
 * the source port); the runner connects and reports what connect() said
 * with nw_scan_connected(): 0 open (syn-ack), ECONNREFUSED closed (rst),
 * ENETUNREACH, EHOSTUNREACH, EACCES, EPERM filtered with that reason,
 * ETIMEDOUT filtered (no-response), another error filtered (error).  A
 * local failure to start (EMFILE, ENOBUFS) is send's "would block".  When a
 * probe is sent again (attempt > 0) or its result is reported, the
 * runner's socket for it is done with.
 *
 * Retries: a probe not answered within its wait (the RTO, or timeout_ns)
 * is sent again, up to retries times, before new probes (the engine's
 * order), so the re-probes keep the permutation's order among themselves.
 *
 * Adaptive rate (cfg.adaptive): a congestion window of probes per wait (the
 * RTO, or timeout_ns: the time a loss takes to show), slow start from
 * cwnd_initial, grown by answers to first sends, halved (once per window)
 * when a re-probe is answered: a loss seen, the port is there but a send
 * or its answer was lost.  The engine is paced at cwnd / wait, never above
 * rate (or max_rate): a policer or a lossy link
 * lowers the rate instead of losing results; silence (filtered ports)
 * neither grows nor shrinks it.  scan_rate.c says why this is not the
 * engine's window of probes in flight.
 *
 * Position: every probe below nw_scan_position() is decided (its result
 * reported).  nw_scan_drain() sends no new probe and lets those in flight
 * end, so that the position is then everything begun: a scan resumed from
 * it (cfg.start) probes nothing already decided.
 */
#ifndef NW_PROBE_SCAN_H
#define NW_PROBE_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/addrset.h"
#include "base/portset.h"
#include "base/siphash.h"
#include "probe/engine.h"
#include "probe/match.h"
#include "probe/permute.h"
#include "wire/pkt.h"

enum nw_scan_method {
	NW_SCAN_SYN = 1, /* raw SYNs, answers from the capture */
	NW_SCAN_CONNECT, /* connect(), results from the runner */
};

struct nw_scan_config {
	const struct nw_addrset *targets; /* finished (nw_addrset_finish) */
	const struct nw_portset *ports;	  /* finished (nw_portset_finish) */
	uint64_t seed;			  /* the order (--seed) */
	struct nw_shard shard;		  /* 1/1: all of it */
	uint64_t start;			  /* the first probe number (--resume); below the
					     shard's first: the shard's first */
	enum nw_scan_method method;
	double rate;		   /* sends per second, retries included; 0: no limit */
	double max_rate;	   /* a cap on rate; 0: none (with rate 0, the only limit) */
	uint32_t burst;		   /* most sends at one instant; 0: the engine's (4 ms of rate) */
	unsigned retries;	   /* sends after the first for a silent probe */
	unsigned retries_max;	   /* 0: retries is fixed; else retries grows up to this (below) */
	bool adaptive;		   /* the congestion window (engine.h) */
	uint32_t cwnd_initial;	   /* adaptive: the first window (probes per wait); 0: window */
	uint32_t window;	   /* probes begun and not ended, at most */
	int64_t timeout_ns;	   /* wait after each send; 0: the RTO, doubled per send */
	int64_t rto_initial_ns;	   /* the RTO before any answer */
	int64_t rto_min_ns;	   /* its floor */
	struct nw_addr src4, src6; /* our source for each family (AF_UNSPEC: none) */
	uint16_t sport_base;	   /* SYN: source ports from sport_base ... */
	uint16_t sport_span;	   /* ... for sport_span ports (0: sport_base alone) */
	uint8_t ttl;		   /* SYN: the probes' TTL or hop limit */
	uint8_t key[NW_SIPHASH_KEY_LEN]; /* the cookie's key: random per run (nw_cookie_init) */
};

/* clang-format off */
#define NW_SCAN_DEFAULTS                                                                           \
	{                                                                                          \
		.targets = NULL, .ports = NULL, .seed = 0, .shard = {1, 1}, .start = 0,            \
		.method = NW_SCAN_SYN, .rate = 0, .max_rate = 0, .burst = 0, .retries = 2, .retries_max = 0, .adaptive = true,   \
		.cwnd_initial = 16, .window = 4096, .timeout_ns = 0, .rto_initial_ns = 1000000000,                     \
		.rto_min_ns = 10000000, .sport_base = 49152, .sport_span = 16384, .ttl = 64,      \
	}
/* clang-format on */

/* A probe to send (SYN: the packet to craft; CONNECT: whom to connect to). */
struct nw_scan_probe {
	uint64_t j;		 /* the probe number */
	unsigned attempt;	 /* 0: the first send */
	struct nw_probe_key key; /* TCP: addresses, ports, tcp_seq, ttl (CONNECT: sport 0) */
};

enum nw_scan_state {
	NW_SCAN_OPEN = 1,
	NW_SCAN_CLOSED,
	NW_SCAN_FILTERED,
	NW_SCAN_OPEN_FILTERED, /* silence where it is ambiguous: no method here yet */
};

enum nw_scan_reason {
	NW_SCAN_SYN_ACK = 1,   /* a SYN/ACK; CONNECT: connected */
	NW_SCAN_RST,	       /* a RST; CONNECT: ECONNREFUSED */
	NW_SCAN_ICMP,	       /* an unreachable: icmp_type, icmp_code */
	NW_SCAN_NO_RESPONSE,   /* nothing after the retries; CONNECT: or ETIMEDOUT */
	NW_SCAN_CONNECT_ERROR, /* CONNECT: connect() failed with error */
};

/* One port's outcome, reported once, as soon as it is decided. */
struct nw_scan_result {
	uint64_t j;
	struct nw_addr addr;
	uint16_t port;
	enum nw_scan_state state;
	enum nw_scan_reason reason;
	uint8_t icmp_type, icmp_code; /* ICMP: the message (ICMPv6 for IPv6 targets) */
	struct nw_addr from;	      /* ICMP: who sent it (the target or a router) */
	int error;		      /* CONNECT: what connect() said (0: connected) */
	uint8_t reply_ttl;	      /* the answer's TTL or hop limit; 0: none (CONNECT) */
	int64_t rtt_ns;		      /* with an answer: the round trip; else 0 */
	enum nw_probe_clock clock;    /* which clock rtt_ns is from */
	unsigned retries;	      /* sends after the first */
};

struct nw_scan_ops {
	/* Send probe p: 0 sent, 1 would block (tried again shortly), -1 failed (a lost send). */
	int (*send)(void *ctx, const struct nw_scan_probe *p);
	/* A port is decided. */
	void (*on_result)(void *ctx, const struct nw_scan_result *r);
};

/* What nw_scan_feed() and nw_scan_connected() made of what they were given. */
enum nw_scan_feed {
	NW_SCAN_FEED_SENT,	/* our own SYN seen leaving: its wire time noted */
	NW_SCAN_FEED_RESULT,	/* an answer that decided a port */
	NW_SCAN_FEED_DUPLICATE, /* an answer to a probe answered already */
	NW_SCAN_FEED_LATE,	/* an answer to a probe that had timed out */
	NW_SCAN_FEED_IGNORED,	/* ours, but says nothing of the port (time exceeded, ...) */
	NW_SCAN_FEED_STRAY,	/* not an answer to this scan; *why says */
};

struct nw_scan_stats {
	uint64_t total;	   /* probes in this scan's range (shard, from start) */
	uint64_t begun;	   /* probes begun */
	uint64_t decided;  /* ports reported */
	uint64_t sent;	   /* sends, retries included */
	uint64_t retries;  /* sends after the first */
	uint64_t answered; /* ports decided by an answer (not a timeout) */
	uint64_t open, closed, filtered;
	uint64_t strays;	  /* packets that answered nothing of ours */
	uint64_t duplicates;	  /* answers to probes answered already */
	uint64_t late;		  /* answers to probes that had timed out */
	uint64_t ignored;	  /* ICMP errors quoting a probe that say nothing of the port */
	uint64_t send_errors;	  /* sends that failed */
	uint64_t loss_events;	  /* adaptive: halvings of the window */
	unsigned retries_allowed; /* the retries a silent probe gets now (cfg.retries_max) */
	double rate_pps;	  /* sends per second from the first send to the last */
	double rate_now_pps;	  /* the engine's, over about the last second */
	double rate_limit_pps;	  /* the pace now (adaptive) or the bound; 0: none */
	double cwnd;		  /* adaptive: the window, probes per wait */
	int64_t srtt_ns;	  /* the smoothed RTT; 0 before any answer */
	uint64_t position;	  /* nw_scan_position() */
};

struct nw_scan;

/* A new scan; NULL with *why (static) on a bad setting or out of memory. */
struct nw_scan *nw_scan_new(const struct nw_scan_config *cfg, const struct nw_scan_ops *ops,
			    void *ctx, const char **why);
void nw_scan_free(struct nw_scan *s);

/* Send and expire what is due at now; returns the time to call it again (engine.h). */
int64_t nw_scan_tick(struct nw_scan *s, int64_t now);

/* SYN: a decoded packet, read at monotonic time now with capture time wire_ns (0: none). */
enum nw_scan_feed nw_scan_feed(struct nw_scan *s, const struct nw_pkt *pkt, int64_t now,
			       int64_t wire_ns, const char **why);

/* CONNECT: the ICMP message a failed connect() was answered with, where the system says. */
struct nw_scan_icmp {
	uint8_t type, code;
	struct nw_addr from; /* who sent it; AF_UNSPEC: not known */
};

/*
 * CONNECT: connect() of probe j's last send ended with error (0: connected)
 * at time now; icmp: the ICMP message behind the error, or NULL.  An
 * unreachable (as nw_scan_feed counts them) is the result, with its code,
 * as a SYN scan reads it; else the errno is.
 */
enum nw_scan_feed nw_scan_connected(struct nw_scan *s, uint64_t j, int error,
				    const struct nw_scan_icmp *icmp, int64_t now, const char **why);

/* Every probe of the range decided (or, after nw_scan_stop, ended). */
bool nw_scan_done(const struct nw_scan *s);
/* Begin no new probe; those in flight go on to their end (Ctrl-C with --resume). */
void nw_scan_drain(struct nw_scan *s);
/* Cancel what is in flight (not reported: not decided) and send nothing more. */
void nw_scan_stop(struct nw_scan *s);

/* The lowest probe number not decided: everything below it is (what --resume saves). */
uint64_t nw_scan_position(const struct nw_scan *s);
/* The probe numbers [*begin, *end) this scan covers. */
void nw_scan_range(const struct nw_scan *s, uint64_t *begin, uint64_t *end);
void nw_scan_stats(const struct nw_scan *s, int64_t now, struct nw_scan_stats *st);

const char *nw_scan_state_name(enum nw_scan_state st); /* "open", "closed", ... */
/* "syn-ack", "rst", "no-response", "admin-prohibited", "host-unreach", ..., "error". */
const char *nw_scan_reason_name(const struct nw_scan_result *r);

#endif /* NW_PROBE_SCAN_H */
