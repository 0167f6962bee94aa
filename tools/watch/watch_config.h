/* watch_config.h: nw-watch's settings, as main() reads them from the command line. */
#ifndef NW_WATCH_CONFIG_H
#define NW_WATCH_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "base/addr.h"

struct watch_config {
	int family;	     /* AF_INET (-4), AF_INET6 (-6), AF_UNSPEC: both */
	bool udp;	     /* -u: UDP sockets instead of TCP */
	bool listening;	     /* -l: listeners only (UDP: unconnected sockets) */
	uint32_t states;     /* --state: bit (1 << enum nw_tcps) per state; 0: all */
	bool has_port;	     /* -p */
	uint16_t port;	     /* at either end */
	bool has_host;	     /* --host */
	struct nw_addr host; /* at either end */
	bool json;
	bool quiet;	     /* -q: the counts only */
	bool follow;	     /* -f: print the changes as they come */
	int64_t poll_ns;     /* -f: time between two snapshots */
	bool poll_set;	     /* --poll given */
	uint64_t count;	     /* -f -c: stop after this many changes; 0: no limit */
	int64_t deadline_ns; /* -f -w: stop after this long; 0: no limit */
	const char *netns;   /* --netns: /run/netns/NAME's sockets; NULL: this namespace's */
	bool summary;	     /* -f --summary: connections, transitions, durations at exit */
};

/* clang-format off */
#define WATCH_DEFAULTS {.family = AF_UNSPEC, .poll_ns = 100 * INT64_C(1000000)}
/* clang-format on */

#endif
