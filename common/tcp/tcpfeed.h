/*
 * tcpfeed.h: from a decoded frame to the connection table (tcpconn.h): which
 * frames carry a TCP segment, its endpoints, and its length as tshark counts
 * it (tcp.len from the IP length, whatever the snap length cut), and the
 * once-a-second expiry of idle connections on the capture clock.  Shared by
 * the tools that follow connections from captured frames.
 */
#ifndef NW_TCPFEED_H
#define NW_TCPFEED_H

#include <stdint.h>

#include "base/addr.h"
#include "tcp/tcpconn.h"
#include "wire/pkt.h"

/* What a decoded frame holds for the table. */
enum nw_tcpfeed_kind {
	NW_TCPFEED_SEGMENT, /* a TCP segment: hand it to the table */
	NW_TCPFEED_NOT_TCP, /* no TCP in it (ARP, UDP, a later IP fragment...) */
	NW_TCPFEED_BAD_TCP, /* a TCP segment that does not decode: why says how */
};

struct nw_tcpfeed_seg {
	struct nw_addr src, dst;
	const struct nw_tcp *tcp; /* points into the decoded packet */
	uint32_t seglen;	  /* tshark's tcp.len */
};

enum nw_tcpfeed_kind nw_tcpfeed_classify(const struct nw_pkt *p, struct nw_tcpfeed_seg *out,
					 const char **why);

/* Expire idle connections when a second of capture time has passed since the last time. */
void nw_tcpfeed_expire(struct nw_tcptab *tab, int64_t now_ns, int64_t *last_ns);

#endif
