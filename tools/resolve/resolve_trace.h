/*
 * resolve_trace.h: nw-resolve --trace.
 */
#ifndef NW_RESOLVE_TRACE_H
#define NW_RESOLVE_TRACE_H

#include "resolve_config.h"
#include "resolve_transport.h"

/* --trace: every question from the root; returns the exit status. */
int resolve_trace(const struct resolve_config *cfg, const struct resolve_transport *t,
		  struct resolve_exchange *x);

#endif
