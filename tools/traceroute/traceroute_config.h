/* traceroute_config.h: nw-traceroute's settings (main.c fills them, every part reads them). */
#ifndef NW_TRACEROUTE_CONFIG_H
#define NW_TRACEROUTE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/trace.h"
#include "sys/trace_run.h"

struct traceroute_config {
	const char *target; /* the HOST operand */
	int family;	    /* AF_UNSPEC, AF_INET or AF_INET6 (-4/-6) */
	const char *ifname; /* -i */
	const char *source; /* -s */
	bool port_given;    /* -p */
	struct nw_trace_config trace;
	int64_t deadline_ns; /* --deadline: the whole run, relative; 0: none */
	bool numeric;	     /* -n */
	bool json;
	unsigned rounds;	 /* --rounds, --report: rounds of probes (0: one trace) */
	bool report;		 /* --report: no live table, the table once at the end */
	int64_t interval_ns;	 /* --interval: from one round's start to the next */
	bool wait_given;	 /* -w: else a round's wait is the interval */
	bool queries_given;	 /* -q: else one probe per hop per round */
	unsigned paths;		 /* --paths N: flows side by side; 0: one trace */
	enum nw_trace_mode mode; /* --mode: raw, socket, auto */
};

#define TRACEROUTE_DEFAULTS                                                                        \
	{                                                                                          \
		.target = NULL, .family = 0, .ifname = NULL, .source = NULL, .port_given = false,  \
		.trace = NW_TRACE_DEFAULTS, .deadline_ns = 0, .numeric = false, .json = false,     \
		.rounds = 0, .report = false, .interval_ns = 1000000000, .wait_given = false,      \
		.paths = 0, .mode = NW_TRACE_MODE_AUTO,                                            \
	}

#endif
