/*
 * resolve_bulk.h: nw-resolve -f.
 */
#ifndef NW_RESOLVE_BULK_H
#define NW_RESOLVE_BULK_H

#include "resolve_config.h"
#include "resolve_transport.h"

/* -f: resolve every name of cfg->bulk_file; returns the exit status. */
int resolve_bulk(const struct resolve_config *cfg, const struct resolve_transport *t,
		 struct resolve_exchange *x);

#endif
