/*
 * route.h: interfaces and routes: which interface reaches a destination,
 * its MAC and addresses, the default gateway.
 *
 * Interfaces come from getifaddrs() (portable, iface.c); route lookups
 * from a backend: netlink on Linux (route_linux.c), the routing socket on
 * macOS and the BSDs (route_bsd.c).
 */
#ifndef NW_ROUTE_H
#define NW_ROUTE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

struct nw_iface {
	char name[IF_NAMESIZE];
	unsigned index;
	bool up, running, loopback;
	bool has_mac;
	uint8_t mac[6];
	bool has_ipv4;
	struct in_addr ipv4; /* first IPv4 address */
	int ipv4_prefix;
	bool has_ipv6;
	struct in6_addr ipv6; /* first global IPv6 address, else link-local */
	bool has_ipv6_ll;
	struct in6_addr ipv6_ll; /* link-local address (fe80::/10) */
};

/* 0, or -1 with "no such interface" etc. in err. */
int nw_iface_get(const char *name, struct nw_iface *out, char *err, size_t errlen);
/* Up, non-loopback interfaces with an address of family (AF_UNSPEC: any). */
int nw_iface_list(int family, struct nw_iface *out, int max);
/* Is a one of the interface's own addresses? */
bool nw_iface_owns(const char *ifname, const struct nw_addr *a);

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
