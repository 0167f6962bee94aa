/* traceroute_hostname.h: a router's reverse name, as the printers ask for it. */
#ifndef NW_TRACEROUTE_HOSTNAME_H
#define NW_TRACEROUTE_HOSTNAME_H

#include <stdbool.h>

#include "traceroute_out.h"

/*
 * a's name is in, or will not come (no child, or it is gone): false asks
 * for it.
 */
bool traceroute_name_ready(const struct traceroute_out *o, const struct nw_addr *a);
/* a's name, or NULL (none, not known, or -n). */
const char *traceroute_host_name(const struct traceroute_out *o, const struct nw_addr *a);

#endif
