/* traceroute.h: nw-traceroute's run (main.c fills the config). */
#ifndef NW_TRACEROUTE_H
#define NW_TRACEROUTE_H

#include "traceroute_config.h"

/* Trace the path; returns the exit status (0 reached, 1 not, 3 runtime error). */
int traceroute_run(struct traceroute_config *cfg);

#endif
