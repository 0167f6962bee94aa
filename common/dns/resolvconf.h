/*
 * resolvconf.h: the stub resolver settings of resolv.conf(5): name
 * servers, search list, ndots, timeout, attempts and rotate.
 */
#ifndef NW_RESOLVCONF_H
#define NW_RESOLVCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

#define NW_RESOLV_MAXNS	    8
#define NW_RESOLV_MAXSEARCH 8
#define NW_RESOLV_PATH	    "/etc/resolv.conf"

struct nw_resolvconf {
	int nservers;
	struct nw_addr servers[NW_RESOLV_MAXNS];
	int nsearch;
	char search[NW_RESOLV_MAXSEARCH][256];
	int ndots;    /* default 1, at most 15 */
	int timeout;  /* seconds per try, default 5, at most 30 */
	int attempts; /* tries per server, default 2, at most 5 */
	bool rotate;
};

/* The defaults resolv.conf(5) documents (no servers: the caller adds localhost). */
void nw_resolvconf_defaults(struct nw_resolvconf *rc);
/*
 * Read settings from the text of a resolv.conf (len octets at data) over
 * the defaults.  Unknown keywords and options are ignored, as the C
 * library does; bad values keep the default; a line over 1023 octets or
 * with a NUL octet is skipped.  Returns the number of lines that were not
 * understood (for a note), never fails.
 */
int nw_resolvconf_parse(const uint8_t *data, size_t len, struct nw_resolvconf *rc);
/* Read path whole and parse it; -1 (+errno) when it cannot be read. */
int nw_resolvconf_load(const char *path, struct nw_resolvconf *rc);

#endif
