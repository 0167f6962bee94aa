/*
 * arping_session.h: what nw-arping's files share: the session, the events a
 * captured frame means, the protocol half (ARP or NDP), every report, and
 * the loop (arping_loop.c) each mode runs on.  arping.c and arping_scan.c
 * both build on it; neither calls the other's internals.
 */
#ifndef NW_ARPING_SESSION_H
#define NW_ARPING_SESSION_H

#include "arping.h"
#include <net/if.h>

#include "sys/capture.h"
#include "sys/craft.h"
#include "sys/loop.h"
#include "cli/json.h"
#include "wire/pkt.h"
#include "probe/engine.h"
#include "base/stats.h"

/* What a captured frame means to us, whatever the protocol (ARP or NDP). */
enum arping_ev_kind {
	EV_NONE,
	EV_OWN_PROBE, /* our own request/solicitation, seen leaving */
	EV_ANSWER,    /* a reply (ARP op 2) or neighbor advertisement */
	EV_QUERY,     /* someone else's request or solicitation */
};

struct arping_event {
	enum arping_ev_kind kind;
	struct nw_addr ip;    /* sender IP (ARP spa; NA: the advertised target) */
	uint8_t mac[6];	      /* sender MAC (ARP sha; NA: target link-layer option) */
	struct nw_addr to_ip; /* ARP tpa; NA: IPv6 destination; NS: the target asked for */
	uint8_t to_mac[6];    /* ARP tha; NDP: Ethernet destination */
};

struct arping_session;

/* The protocol-specific half: ARP (arping_arp.c) or neighbor discovery (arping_ndp.c). */
struct arping_proto {
	const char *bpf;
	/* Send one probe for target: a request, or a DAD probe when dad is set. */
	int (*send_probe)(struct arping_session *s, const struct nw_addr *target, bool dad);
	/* Send one announcement of s->target as ours (-U, -A). */
	int (*send_announce)(struct arping_session *s);
	void (*classify)(const struct arping_session *s, const struct nw_pkt *p,
			 struct arping_event *ev);
};
extern const struct arping_proto arping_arp;
extern const struct arping_proto arping_ndp;

#define ARPING_RING		64    /* probes remembered for matching replies */
#define ARPING_MAX_MACS		8     /* distinct MACs remembered for the target */
#define ARPING_PROBE_WINDOW_MAX 65536 /* the most probes the engine waits for at once */

/*
 * A probe sent, as far as matching a reply goes (ARP carries no id: a reply
 * is pinned on a probe by time).  Whether it was answered, timed out or
 * late is the probe engine's to say.
 */
struct arping_probe {
	uint64_t seq;	   /* the engine's id too */
	int64_t sent_mono; /* user-space send time, CLOCK_MONOTONIC */
	int64_t sent_wire; /* capture timestamp of our frame leaving; 0: not seen */
};

struct arping_scan_host {
	bool answered;
	uint8_t mac[6];
};

struct arping_session {
	const struct arping_config *cfg;
	const struct arping_proto *proto;
	int family;
	char ifname[IF_NAMESIZE];
	struct nw_addr target, src;
	uint8_t src_mac[6];
	uint8_t dst_mac[6]; /* where probes go: broadcast/multicast, or the replier */
	bool unicast;	    /* dst_mac is the replier's (switched after a reply) */
	int64_t timeout_ns; /* -W, or the mode's default */
	struct nw_cap *cap;
	struct nw_craft *craft;
	struct nw_json json;
	/* the event loop and the probe engine (arping_loop.c) */
	struct nw_loop *loop;
	struct nw_timer wake; /* the engine's next action, or -w */
	const struct arping_drive *drive;
	struct nw_probe *engine; /* the mode's probes: when each is sent and given up */
	int loop_status;	 /* what the run stopped with: 0 or NW_EXIT_RUNTIME */
	int64_t deadline;	 /* -w, monotonic; 0: none */
	/* progress */
	uint64_t sent, received, send_errors;
	struct arping_probe ring[ARPING_RING];
	struct nw_stats rtt;
	bool user_clock_used;
	uint8_t macs[ARPING_MAX_MACS][6];
	int nmacs;
	bool conflict;
	bool in_use; /* DAD: someone else holds the address */
	uint8_t in_use_mac[6];
	int64_t start_mono;
	/* --scan */
	struct arping_scan_host *hosts;
	uint32_t scan_first, scan_count; /* host-order first address, how many */
	uint32_t scan_addresses;	 /* how many we probe: scan_count less our own */
	uint64_t hosts_up;
};

/* arping_report.c: every line or JSON object the tool prints. */
void report_start(struct arping_session *s);
void report_reply(struct arping_session *s, uint64_t seq, const struct arping_event *ev,
		  double rtt_ms, bool wire, const char *note);
void report_timeout(struct arping_session *s, uint64_t seq);
void report_foreign(struct arping_session *s, const struct arping_event *ev);
void report_conflict(struct arping_session *s, const struct arping_event *ev);
void report_in_use(struct arping_session *s, const struct arping_event *ev);
void report_sent(struct arping_session *s, uint64_t seq);
void report_host(struct arping_session *s, const struct arping_event *ev, double rtt_ms);
void report_summary(struct arping_session *s, int64_t elapsed_ns, int status);

/* arping_loop.c: the event loop and the capture, under every mode. */

/* Read every captured frame now ready; calls handle for each decoded one. 0, or -1 on error. */
int arping_drain(struct arping_session *s,
		 void (*handle)(struct arping_session *, const struct arping_event *,
				int64_t ts_ns));

/* How a mode runs on the probe engine (arping_drive()). */
struct arping_drive {
	struct nw_probe_ops ops; /* the engine's callbacks, with ctx */
	/* Each captured frame that means something (arping_drain()). */
	void (*handle)(struct arping_session *s, const struct arping_event *ev, int64_t ts_ns);
	/*
	 * After each tick of the engine at now: true ends the run.  It may act
	 * on the engine (and tick it again: *wake is the engine's next action).
	 */
	bool (*after_tick)(struct arping_session *s, void *ctx, int64_t now, int64_t *wake);
	void *ctx;
};

/*
 * Run the mode: a probe engine (s->engine) of pc, with -W as every probe's
 * wait, on the event loop from s->start_mono.  At each wakeup (the engine's
 * next action, a captured frame) read the capture, then tick the engine
 * (its expiries and sends), then ask d->after_tick.  Ends when after_tick
 * says so, someone is found to hold a DAD address (s->in_use), -w passes,
 * or SIGINT or SIGTERM comes; then reads what the capture still holds (an
 * answer there still finds its probe) and frees the engine.  Returns 0, or
 * NW_EXIT_RUNTIME when the capture failed.
 */
int arping_drive(struct arping_session *s, struct nw_probe_config *pc,
		 const struct arping_drive *d);

/* The reply's RTT as the engine measured it, counted into the summary's clock. */
double arping_rtt_ms(struct arping_session *s, const struct nw_probe_result *r);

#endif
