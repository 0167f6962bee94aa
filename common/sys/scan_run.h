/*
 * scan_run.h: the scan model (probe/scan.h) on real sockets, in one
 * sys/loop.  Two methods:
 *   - SYN (CAP_NET_RAW): each probe a SYN (a template libnet builds,
 *     stamped per probe, sent in batches) on a raw IP socket of its
 *     family (the kernel routes it and adds the link header), answers
 *     read from a capture on the route's interface (one per family when
 *     they differ), our own SYNs seen leaving give the wire send times.
 *     The kernel answers a SYN/ACK to our cookie's source port with a RST
 *     (no socket holds it): that is the half-open close, and it is why no
 *     handshake is ever completed;
 *   - CONNECT (no privilege): a non-blocking connect() per probe, as many
 *     at once as the open-file limit allows (the soft limit raised to the
 *     hard one, never beyond), each closed with a RST (SO_LINGER 0) so no
 *     TIME_WAIT is left behind.
 * With banners, each open port is connected to again (the system's TCP
 * stack) for the first bytes its service sends, as the scan goes on.
 * Open (routes, source addresses, raw sockets and captures, the file
 * limit) before the tool drops its privileges; then run until every probe
 * is decided, a signal, or the deadline.
 */
#ifndef NW_SYS_SCAN_RUN_H
#define NW_SYS_SCAN_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/scan.h"

/* What the tool asked for: SYN, CONNECT, or AUTO (SYN when a raw socket may be opened). */
#define NW_SCAN_AUTO 0

struct nw_scan_run_config {
	struct nw_scan_config scan; /* method NW_SCAN_AUTO allowed; key, sources, window:
				       filled by the opener when left 0 / unspecified */
	const char *ifname;	    /* SYN: capture on it; NULL: the route's */
	int64_t deadline_ns;	    /* monotonic; 0: none */
	bool drain_on_interrupt;    /* the first SIGINT/SIGTERM drains (--resume), the
				       second stops; else the first stops */
	int64_t progress_ns;	    /* call on_progress every so often; 0: never */
	size_t capture_buffer;	    /* SYN: the capture's buffer in bytes; 0: 4 MiB */
	int64_t banner_wait_ns;	    /* each open port's banner (sys/banner.h) waited for so
				       long; 0: no banners */
};

struct nw_scan_run_ops {
	void (*on_result)(void *ctx, const struct nw_scan_result *r);
	void (*on_progress)(void *ctx, const struct nw_scan_stats *st);
	/* The first interrupt, when it drains: the tool may say so. */
	void (*on_drain)(void *ctx);
	/* banner_wait_ns: an open port's banner (sys/banner.h's callback). */
	void (*on_banner)(void *ctx, const struct nw_addr *a, uint16_t port, const uint8_t *data,
			  size_t len, int error);
	/* SYN: every captured TCP packet, after the model has read it (verdict: what it was). */
	void (*on_packet)(void *ctx, const struct nw_pkt *pkt, int64_t wire_ns,
			  enum nw_scan_feed verdict);
};

struct nw_scan_run;

/* Open what the method needs; NULL with err (one line) on failure. */
struct nw_scan_run *nw_scan_run_open(const struct nw_scan_run_config *cfg, char *err,
				     size_t errlen);
/* The settings as opened: the method chosen, sources, window. */
const struct nw_scan_config *nw_scan_run_config(const struct nw_scan_run *r);
const char *nw_scan_run_method_name(const struct nw_scan_run *r); /* "syn" or "connect" */
/* SYN: the interfaces captured on ("eth0", "eth0,eth1"); CONNECT: "". */
const char *nw_scan_run_ifnames(const struct nw_scan_run *r);
const char *nw_scan_run_clock_name(const struct nw_scan_run *r);

/*
 * SYN: the probe to dst:dport from sport with sequence number seq, byte
 * for byte as it was sent (every send of a probe is the same packet), in
 * out (cap bytes, NW_SYN_TEMPLATE_MAX is enough).  Its length, 0 when the
 * scan sends no SYN of dst's family.
 */
size_t nw_scan_run_syn_packet(const struct nw_scan_run *r, const struct nw_addr *dst,
			      uint16_t sport, uint16_t dport, uint32_t seq, uint8_t *out,
			      size_t cap);

/* Run to the end: 0 every probe decided; 1 cut short (signal, deadline); -1 with err. */
int nw_scan_run(struct nw_scan_run *r, const struct nw_scan_run_ops *ops, void *ctx, char *err,
		size_t errlen);
/* Whether a signal cut the run short (not the deadline). */
bool nw_scan_run_interrupted(const struct nw_scan_run *r);
/* The model (position, range, stats), valid until close. */
const struct nw_scan *nw_scan_run_scan(const struct nw_scan_run *r);
/* SYN: sends the system refused (no route, a firewall) or had no room for: lost probes. */
uint64_t nw_scan_run_send_lost(const struct nw_scan_run *r);
/* Packets the capture dropped (SYN: the kernel's and the interface's counts). */
uint64_t nw_scan_run_drops(const struct nw_scan_run *r);
void nw_scan_run_close(struct nw_scan_run *r);

#endif
