#include "config.h"

/*
 * iface.c: interfaces from getifaddrs(): flags, MAC (AF_PACKET on Linux,
 * AF_LINK on macOS and the BSDs), the first IPv4 address with its prefix,
 * a global IPv6 address and the link-local one.  Portable.
 */

#include <errno.h>
#include <ifaddrs.h>
#include <stddef.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/if_packet.h>
#else
#include <net/if_dl.h>
#endif

#include "base/errbuf.h"
#include "sys/iface.h"

/* KAME stacks (macOS, FreeBSD) may embed the scope ID in bytes 2-3 of a
 * link-scoped address handed out by the kernel: take it back out. */
static void in6_clear_embedded_scope(struct in6_addr *a)
{
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__)
	if (IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_MC_LINKLOCAL(a)) {
		a->s6_addr[2] = 0;
		a->s6_addr[3] = 0;
	}
#else
	(void)a;
#endif
}

static int mask_prefix(const uint8_t *m, size_t len)
{
	int n = 0;

	for (size_t i = 0; i < len; i++) {
		for (int b = 7; b >= 0; b--) {
			if (!(m[i] & (1u << b)))
				return n;
			n++;
		}
	}
	return n;
}

static bool get_mac(const struct sockaddr *sa, uint8_t mac[6])
{
#if defined(__linux__)
	const struct sockaddr_ll *ll;

	if (sa->sa_family != AF_PACKET)
		return false;
	ll = (const struct sockaddr_ll *)(const void *)sa;
	if (ll->sll_halen != 6)
		return false;
	memcpy(mac, ll->sll_addr, 6);
	return true;
#else
	const struct sockaddr_dl *dl;

	if (sa->sa_family != AF_LINK)
		return false;
	dl = (const struct sockaddr_dl *)(const void *)sa;
	if (dl->sdl_alen != 6 ||
	    (size_t)dl->sdl_len < offsetof(struct sockaddr_dl, sdl_data) + dl->sdl_nlen + 6)
		return false;
	memcpy(mac, LLADDR(dl), 6);
	return true;
#endif
}

/* Fill out from the entries of list named name; false when there is none. */
static bool fill_iface(const struct ifaddrs *list, const char *name, struct nw_iface *out)
{
	bool found = false;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", name);

	for (const struct ifaddrs *ifa = list; ifa; ifa = ifa->ifa_next) {
		const struct sockaddr *sa = ifa->ifa_addr;

		if (!ifa->ifa_name || strcmp(ifa->ifa_name, name) != 0)
			continue;
		if (!found) {
			found = true;
			out->up = (ifa->ifa_flags & IFF_UP) != 0;
			out->running = (ifa->ifa_flags & IFF_RUNNING) != 0;
			out->loopback = (ifa->ifa_flags & IFF_LOOPBACK) != 0;
			out->noarp = (ifa->ifa_flags & IFF_NOARP) != 0;
		}
		if (!sa)
			continue;
		if (sa->sa_family == AF_INET && !out->has_ipv4) {
			const struct sockaddr_in *sin =
			    (const struct sockaddr_in *)(const void *)sa;

			out->has_ipv4 = true;
			out->ipv4 = sin->sin_addr;
			out->ipv4_prefix = 32;
			if (ifa->ifa_netmask && ifa->ifa_netmask->sa_family == AF_INET) {
				const struct sockaddr_in *m =
				    (const struct sockaddr_in *)(const void *)ifa->ifa_netmask;
				out->ipv4_prefix =
				    mask_prefix((const uint8_t *)&m->sin_addr, sizeof(m->sin_addr));
			}
#if !defined(__linux__)
			else if (ifa->ifa_netmask && ifa->ifa_netmask->sa_len == 0) {
				out->ipv4_prefix = 0; /* BSD: an empty mask sockaddr is /0 */
			}
#endif
		} else if (sa->sa_family == AF_INET6) {
			const struct sockaddr_in6 *sin6 =
			    (const struct sockaddr_in6 *)(const void *)sa;
			struct in6_addr a = sin6->sin6_addr;

			in6_clear_embedded_scope(&a);
			if (IN6_IS_ADDR_LINKLOCAL(&a)) {
				if (!out->has_ipv6_ll) {
					out->has_ipv6_ll = true;
					out->ipv6_ll = a;
				}
			} else if (!out->has_ipv6) {
				out->has_ipv6 = true;
				out->ipv6 = a;
			}
		} else if (!out->has_mac && get_mac(sa, out->mac)) {
			out->has_mac = true;
		}
	}
	/* No global address: the link-local one stands in (see route.h). */
	if (!out->has_ipv6 && out->has_ipv6_ll) {
		out->has_ipv6 = true;
		out->ipv6 = out->ipv6_ll;
	}
	if (found)
		out->index = if_nametoindex(name);
	return found;
}

int nw_iface_get(const char *name, struct nw_iface *out, char *err, size_t errlen)
{
	struct ifaddrs *list = NULL;
	struct nw_iface ifc;
	bool found;

	if (!name || !*name || strlen(name) >= IF_NAMESIZE) {
		return nw_err_set(err, errlen, "no such interface '%.*s'", IF_NAMESIZE + 8,
				  name ? name : "");
	}
	if (getifaddrs(&list) != 0) {
		return nw_err_set(err, errlen, "cannot list interfaces: getifaddrs: %s",
				  strerror(errno));
	}
	found = fill_iface(list, name, &ifc);
	freeifaddrs(list);
	if (!found || ifc.index == 0) {
		/* An interface without any address still has an index. */
		unsigned idx = if_nametoindex(name);
		if (idx == 0) {
			return nw_err_set(err, errlen, "no such interface '%s'", name);
		}
		ifc.index = idx;
	}
	*out = ifc;
	return 0;
}

int nw_iface_mtu(const char *name, unsigned *mtu, char *err, size_t errlen)
{
	struct ifreq ifr;
	int fd, rc;

	if (!name || !*name || strlen(name) >= IF_NAMESIZE)
		return nw_err_set(err, errlen, "no such interface '%.*s'", IF_NAMESIZE + 8,
				  name ? name : "");
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return nw_err_set(err, errlen, "socket: %s", strerror(errno));
	rc = ioctl(fd, SIOCGIFMTU, &ifr);
	close(fd);
	if (rc != 0 || ifr.ifr_mtu <= 0)
		return nw_err_set(err, errlen, "cannot read the MTU of '%s': %s", name,
				  rc != 0 ? strerror(errno) : "none");
	*mtu = (unsigned)ifr.ifr_mtu;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

int nw_iface_list(int family, struct nw_iface *out, int max)
{
	struct ifaddrs *list = NULL;
	char(*names)[IF_NAMESIZE] = NULL;
	size_t nnames = 0, cap = 0;
	int n = 0;

	if (!out || max <= 0)
		return 0;
	if (getifaddrs(&list) != 0)
		return -1;

	for (const struct ifaddrs *ifa = list; ifa; ifa = ifa->ifa_next) {
		bool seen = false;

		if (!ifa->ifa_name || strlen(ifa->ifa_name) >= IF_NAMESIZE)
			continue;
		for (size_t i = 0; i < nnames && !seen; i++)
			seen = strcmp(names[i], ifa->ifa_name) == 0;
		if (seen)
			continue;
		if (nnames == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char(*p)[IF_NAMESIZE] = realloc(names, ncap * sizeof(*names));
			if (!p) {
				free(names);
				freeifaddrs(list);
				return -1;
			}
			names = p;
			cap = ncap;
		}
		snprintf(names[nnames++], IF_NAMESIZE, "%s", ifa->ifa_name);
	}
	if (nnames > 1)
		qsort(names, nnames, sizeof(*names), cmp_names);

	for (size_t i = 0; i < nnames && n < max; i++) {
		struct nw_iface ifc;
		bool has;

		if (!fill_iface(list, names[i], &ifc) || !ifc.up || ifc.loopback)
			continue;
		if (family == AF_INET)
			has = ifc.has_ipv4;
		else if (family == AF_INET6)
			has = ifc.has_ipv6;
		else
			has = ifc.has_ipv4 || ifc.has_ipv6;
		if (has)
			out[n++] = ifc;
	}
	free(names);
	freeifaddrs(list);
	return n;
}

bool nw_iface_owns(const char *ifname, const struct nw_addr *a)
{
	struct ifaddrs *list = NULL;
	bool owns = false;

	if (!a || (a->family != AF_INET && a->family != AF_INET6))
		return false;
	if (getifaddrs(&list) != 0)
		return false;
	for (const struct ifaddrs *ifa = list; ifa && !owns; ifa = ifa->ifa_next) {
		const struct sockaddr *sa = ifa->ifa_addr;

		if (!sa || sa->sa_family != a->family)
			continue;
		if (ifname && (!ifa->ifa_name || strcmp(ifa->ifa_name, ifname) != 0))
			continue;
		if (sa->sa_family == AF_INET) {
			const struct sockaddr_in *sin =
			    (const struct sockaddr_in *)(const void *)sa;
			owns = memcmp(&sin->sin_addr, &a->u.v4, sizeof(a->u.v4)) == 0;
		} else {
			const struct sockaddr_in6 *sin6 =
			    (const struct sockaddr_in6 *)(const void *)sa;
			struct in6_addr x = sin6->sin6_addr;

			in6_clear_embedded_scope(&x);
			owns = memcmp(&x, &a->u.v6, sizeof(x)) == 0;
		}
	}
	freeifaddrs(list);
	return owns;
}
