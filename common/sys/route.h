/*
 * route.h: routes: which interface and gateway reach a destination, and
 * the default gateway.  A backend per system: netlink on Linux
 * (route_linux.c), the routing socket on macOS and the BSDs (route_bsd.c).
 */
#ifndef NW_ROUTE_H
#define NW_ROUTE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

struct nw_route {
	char ifname[IF_NAMESIZE];
	unsigned ifindex;
	bool has_gateway; /* false: the destination is on-link */
	struct nw_addr gateway;
	bool has_src;
	struct nw_addr src; /* the source address the kernel would pick */
};

/* Backend: the route the kernel would use to reach dst.  0 or -1 (+err). */
int nw_route_get(const struct nw_addr *dst, struct nw_route *out, char *err, size_t errlen);
/* Backend: the default route of family (AF_INET/AF_INET6). */
int nw_route_default(int family, struct nw_route *out, char *err, size_t errlen);

#endif
