/* scan_out.h: what nw-scan's output parts share: the settings, the run, the results kept. */
#ifndef NW_SCAN_OUT_H
#define NW_SCAN_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/scan.h"
#include "scan_config.h"
#include "sys/scan_run.h"

/* One port's result, as the text table needs it (the JSON lines are written as they come). */
struct scan_rec {
	struct nw_addr addr;
	struct nw_addr from; /* ICMP: who sent it */
	int64_t rtt_ns;
	int error;
	uint16_t port;
	uint8_t state, reason, icmp_type, icmp_code, ttl, retries;
};

/* The results kept for the text report: all of them, or past a bound all but silent ones. */
struct scan_store {
	struct scan_rec *recs;
	size_t n, cap;
	bool open_only;		/* --open: nothing else kept */
	bool keep_silent;	/* filtered no-response ones kept too */
	uint64_t silent_untold; /* silent ones not kept */
};

struct scan_out {
	const struct scan_config *cfg;
	struct nw_scan_run *run;
	struct scan_store store;
	uint64_t addresses;
	uint32_t ports;
	int64_t start_ns;
};

#endif
