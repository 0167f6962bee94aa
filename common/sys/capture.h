/*
 * capture.h: packet capture through libpcap, live or from a file.
 *
 * Live handles are opened in immediate mode (each packet is delivered as it
 * arrives), non-blocking, with nanosecond timestamps where the platform has
 * them, so the handle can sit in the tool's event loop (sys/loop.h) with its
 * timers and sockets.
 */
#ifndef NW_CAPTURE_H
#define NW_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nw_cap;

struct nw_cap_pkt {
	int64_t ts_ns;	     /* capture timestamp, CLOCK_REALTIME ns */
	uint32_t caplen;     /* bytes in data */
	uint32_t len;	     /* bytes on the wire */
	const uint8_t *data; /* valid until the next nw_cap_next() */
};

struct nw_cap_stats {
	unsigned received, dropped, if_dropped;
};

/* ifname NULL: libpcap's default.  bpf may be NULL.  NULL + err on failure. */
struct nw_cap *nw_cap_open_live(const char *ifname, const char *bpf, int snaplen, char *err,
				size_t errlen);
/* The same with a kernel buffer of buffer bytes (0: libpcap's default, 2 MiB on Linux). */
struct nw_cap *nw_cap_open_live_buffer(const char *ifname, const char *bpf, int snaplen,
				       size_t buffer, char *err, size_t errlen);
/* A pcap or pcapng file ("-" for stdin). */
struct nw_cap *nw_cap_open_file(const char *path, const char *bpf, char *err, size_t errlen);
/* Change the filter after opening. */
int nw_cap_set_filter(struct nw_cap *c, const char *bpf, char *err, size_t errlen);
int nw_cap_fd(const struct nw_cap *c); /* for poll(); -1 if not selectable */
/*
 * How long a poll() may sleep before the handle must be read again, whatever
 * nw_cap_fd() says: -1 no limit (the fd wakes poll), 0 never sleep (a file is
 * always readable), else the period in ns.  sys/loop.h applies it.
 */
int64_t nw_cap_poll_period_ns(const struct nw_cap *c);
int nw_cap_linktype(const struct nw_cap *c); /* NW_LINK_* / DLT_ */
bool nw_cap_nanosecond(const struct nw_cap *c);
/* Name of the clock the timestamps come from, for the user: "capture (ns, adapter)"... */
const char *nw_cap_clock_name(const struct nw_cap *c);
/* 1: a packet in *out; 0: none ready now (live); -1: end of file; -2: error (see err). */
int nw_cap_next(struct nw_cap *c, struct nw_cap_pkt *out, char *err, size_t errlen);
int nw_cap_stats(struct nw_cap *c, struct nw_cap_stats *out);
void nw_cap_close(struct nw_cap *c);

#endif
