/*
 * route.c: the part of a route lookup every system does the same: check
 * the question, name it for messages, and wait for the kernel's answer
 * under a deadline.  The backend (route_linux.c, route_bsd.c) asks.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>

#include "base/errbuf.h"
#include "base/timeutil.h"
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

int nw_route_wait_readable(int fd, int64_t deadline_ns)
{
	for (;;) {
		int64_t now = nw_mono_ns();
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int pr;

		if (now >= deadline_ns)
			return 0;
		pr = poll(&pfd, 1, nw_poll_timeout_ms(deadline_ns, now));
		if (pr > 0)
			return 1;
		if (pr < 0 && errno != EINTR)
			return -1;
	}
}
