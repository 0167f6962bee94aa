/*
 * addr.h: IPv4/IPv6 and MAC addresses: strict parsing, formatting, name
 * resolution and CIDR blocks.
 */
#ifndef NW_ADDR_H
#define NW_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NW_ADDRSTRLEN 46 /* INET6_ADDRSTRLEN */
#define NW_MACSTRLEN  18

struct nw_addr {
	int family; /* AF_INET or AF_INET6; 0 when unset */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} u;
	uint32_t scope_id; /* IPv6 zone ("fe80::1%eth0": eth0's index); 0: none */
};

/* A literal address; family AF_UNSPEC accepts either; an IPv6 one may carry a zone
 * ("fe80::1%eth0" or "%2", as ping takes it) into scope_id.  0 or -1 (+why). */
int nw_addr_parse(const char *s, int family, struct nw_addr *out, const char **why);

/* A literal or a host name (getaddrinfo); first address of the family. */
int nw_addr_resolve(const char *host, int family, struct nw_addr *out, const char **why);
/* Each address of host (a literal: itself) to fn, in getaddrinfo's order, until fn returns
 * non-zero.  0, or -1 (+why) when there is none. */
typedef int (*nw_addr_each_fn)(void *ctx, const struct nw_addr *a);
int nw_addr_resolve_each(const char *host, int family, nw_addr_each_fn fn, void *ctx,
			 const char **why);

const char *nw_addr_ntop(const struct nw_addr *a, char *buf, size_t len);
bool nw_addr_equal(const struct nw_addr *a, const struct nw_addr *b);
void nw_addr_from_v4(struct nw_addr *a, struct in_addr v4);
void nw_addr_from_v6(struct nw_addr *a, const struct in6_addr *v6);

struct sockaddr_storage;
/* a and port as a socket address; returns its length (0 for an unset address). */
unsigned nw_addr_to_sockaddr(const struct nw_addr *a, uint16_t port, struct sockaddr_storage *ss);
/* The address and port of an IPv4 or IPv6 socket address; false for another family. */
bool nw_addr_from_sockaddr(const struct sockaddr_storage *ss, struct nw_addr *a, uint16_t *port);

/* "HOST:PORT" or "[ADDR]:PORT" (IPv6, a %zone allowed): host copied without the brackets,
 * *port pointing into s.  0, or -1 (+why). */
int nw_hostport_split(const char *s, char *host, size_t hostlen, const char **port,
		      const char **why);

/* "198.18.0.0/24" or "2001:db8::/64"; host bits must be zero unless
 * allow_host_bits (then they are cleared).  *prefix_len is 0..32 or 0..128. */
int nw_cidr_parse(const char *s, bool allow_host_bits, struct nw_addr *net, int *prefix_len,
		  const char **why);
/* Does the block net/prefix_len contain a? */
bool nw_cidr_contains(const struct nw_addr *net, int prefix_len, const struct nw_addr *a);

/* "aa:bb:cc:dd:ee:ff", "aa-bb-cc-dd-ee-ff" or "aabb.ccdd.eeff". */
int nw_mac_parse(const char *s, uint8_t mac[6], const char **why);
char *nw_mac_ntop(const uint8_t mac[6], char buf[NW_MACSTRLEN]);
bool nw_mac_is_zero(const uint8_t mac[6]);
extern const uint8_t nw_mac_broadcast[6];

#endif
