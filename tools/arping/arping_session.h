/*
 * arping_session.h: what nw-arping's files share: the session, the events a
 * captured frame means and the protocol half (ARP or NDP), as types only.
 * The functions are in each file's own header: the reports
 * (arping_report.h), the loop each mode runs on (arping_loop.h), ARP and
 * NDP (arping_arp.h, arping_ndp.h), --scan (arping_scan.h).
 */
#ifndef NW_ARPING_SESSION_H
#define NW_ARPING_SESSION_H

#include <net/if.h>

#include "sys/capture.h"
#include "sys/craft.h"
#include "sys/loop.h"
#include "cli/json.h"
#include "wire/pkt.h"
#include "probe/engine.h"
#include "base/stats.h"
#include "arping_config.h"

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
struct arping_drive;

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

#define ARPING_RING		8192 /* probes remembered for matching replies (a flood's in flight) */
#define ARPING_MAX_MACS		8    /* distinct MACs remembered for the target */
#define ARPING_PROBE_WINDOW_MAX 65536 /* the most probes the engine waits for at once */
/*
 * -i 0 (a flood): no rate to speak of, but at most a burst of sends per
 * tick, so that the capture is read between bursts.  Sending all of -c in
 * one tick left 10,000 replies unread until every probe had timed out.
 */
#define ARPING_FLOOD_RATE  1e9
#define ARPING_FLOOD_BURST 32

/*
 * A probe sent, as far as matching a reply goes (ARP carries no id: a reply
 * is pinned on a probe by time).  Whether it was answered, timed out or
 * late is the probe engine's to say.
 */
struct arping_probe {
	uint64_t seq;	   /* the engine's id too */
	int64_t sent_mono; /* user-space send time, CLOCK_MONOTONIC */
	int64_t sent_wire; /* capture timestamp of our frame leaving; 0: not seen */
	bool replied;	   /* a reply was pinned on it */
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
	uint64_t extra;	    /* replies beyond the requests waiting (duplicates), as Habets counts */
	uint64_t oldest;    /* the oldest probe that may still get a reply (FIFO); 0: none yet */
	uint64_t next_wire; /* the oldest probe whose frame has not been seen leaving */
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
	uint32_t scan_probed;		 /* how many had their first probe sent */
	bool scan_complete;		 /* every address probed and waited for (not cut short) */
	uint64_t hosts_up;
};

/* --scan: the scan was cut short (-w, SIGINT) before every address was probed and waited for. */
#define ARPING_EXIT_CUT 4

#endif
