/*
 * route.c: the part of a route lookup every system does the same: check
 * the question and name it for messages.  The backend (route_linux.c,
 * route_bsd.c) asks, and waits for the kernel's answer with nw_wait_fd().
 */
#include "config.h"

#include <stdio.h>
#include <sys/socket.h>

#include "base/errbuf.h"
#include "sys/route_backend.h"

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

int nw_route_get(const struct nw_addr *dst, struct nw_route *out, char *err, size_t errlen)
{
	char dstr[NW_ADDRSTRLEN], what[NW_ADDRSTRLEN + 16];

	nw_err_clear(err, errlen);
	if (!dst || (dst->family != AF_INET && dst->family != AF_INET6))
		return nw_err_set(err, errlen, "no route: not an IPv4 or IPv6 address");
	if (!nw_addr_ntop(dst, dstr, sizeof(dstr)))
		snprintf(dstr, sizeof(dstr), "?");
	snprintf(what, sizeof(what), "no route to %s", dstr);
	return nw_route_backend_get(dst, what, out, err, errlen);
}

int nw_route_default(int family, struct nw_route *out, char *err, size_t errlen)
{
	char what[48];

	nw_err_clear(err, errlen);
	if (family != AF_INET && family != AF_INET6)
		return nw_err_set(err, errlen, "no default route: family must be IPv4 or IPv6");
	snprintf(what, sizeof(what), "no default route for %s", family_name(family));
	return nw_route_backend_default(family, what, out, err, errlen);
}
