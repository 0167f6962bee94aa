/*
 * iface.h: network interfaces: name, index, flags, MAC and addresses, from
 * getifaddrs() (portable, iface.c).
 */
#ifndef NW_IFACE_H
#define NW_IFACE_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/addr.h"

struct nw_iface {
	char name[IF_NAMESIZE];
	unsigned index;
	bool up, running, loopback;
	bool noarp; /* IFF_NOARP: no ARP or neighbor discovery on this link */
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
/* The interface's MTU (SIOCGIFMTU): 0, or -1 with the reason in err. */
int nw_iface_mtu(const char *name, unsigned *mtu, char *err, size_t errlen);
/* Is a one of the interface's own addresses? */
bool nw_iface_owns(const char *ifname, const struct nw_addr *a);

#endif
