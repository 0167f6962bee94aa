/*
 * route_backend.h: what a route backend (route_linux.c, route_bsd.c)
 * provides to route.c, and what route.c gives every backend.  Not for tools.
 */
#ifndef NW_ROUTE_BACKEND_H
#define NW_ROUTE_BACKEND_H

#include <stdint.h>

#include "sys/route.h"

/* How long the kernel has to answer one route question. */
#define NW_ROUTE_TIMEOUT_NS (INT64_C(3) * 1000000000)

/*
 * The route to dst (an IPv4 or IPv6 address, checked by the caller); what
 * names the question for messages ("no route to 198.18.0.1").  0 or -1.
 */
int nw_route_backend_get(const struct nw_addr *dst, const char *what, struct nw_route *out,
			 char *err, size_t errlen);
/* The default route of family (AF_INET or AF_INET6, checked); what as above. */
int nw_route_backend_default(int family, const char *what, struct nw_route *out, char *err,
			     size_t errlen);

#endif
