/*
 * craft.h: building and sending packets through libnet.
 *
 * A struct nw_craft wraps one libnet context: opened on an interface for
 * link-layer injection (needs CAP_NET_RAW), on an IP raw socket (the same;
 * the socket is craft.c's own, libnet only builds the packets), or
 * build-only (no privileges,
 * for tests and for showing a frame).  Each nw_craft_* builder replaces
 * what was built before; nw_craft_send() writes it, nw_craft_frame() hands
 * the bytes out.
 */
#ifndef NW_CRAFT_H
#define NW_CRAFT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

struct nw_craft;

struct nw_craft *nw_craft_open_link(const char *ifname, char *err, size_t errlen);
struct nw_craft *nw_craft_open_build(char *err, size_t errlen);
/*
 * An IP raw socket of family AF_INET or AF_INET6 (needs CAP_NET_RAW): the
 * kernel routes each packet and adds the link header, so the eth_* fields
 * of a spec are ignored; the packet is sent as built from the IP header on
 * (an IPv4 ID of 0 is filled in by the kernel).  The kernel's path MTU
 * cache is not applied to it (IP_PMTUDISC_PROBE / IPV6_PMTUDISC_PROBE where
 * the system has them): a packet up to the interface's MTU leaves whole,
 * as built, whatever an earlier Fragmentation Needed or Packet Too Big
 * taught the kernel; a larger one fails with EMSGSIZE.
 */
struct nw_craft *nw_craft_open_raw(int family, char *err, size_t errlen);
/*
 * Whether this process may open a raw IP socket of family (the capability
 * raised around the try, as nw_craft_open_raw does): how a tool picks its
 * method (raw probes, or an unprivileged fallback) before opening anything.
 */
bool nw_craft_raw_allowed(int family);
void nw_craft_close(struct nw_craft *c);
/* The raw socket of nw_craft_open_raw (-1 for another kind): for sends in batches. */
int nw_craft_raw_fd(const struct nw_craft *c);
const char *nw_craft_error(struct nw_craft *c);
/* The interface's MAC as libnet sees it; -1 if unknown. */
int nw_craft_hwaddr(struct nw_craft *c, uint8_t mac[6]);

/* Write the built frame; returns bytes written or -1 (nw_craft_error). */
int nw_craft_send(struct nw_craft *c);
/* The built frame, malloc'd; caller frees.  0 or -1. */
int nw_craft_frame(struct nw_craft *c, uint8_t **frame, size_t *len);

/* ARP over Ethernet (RFC 826); eth_src/eth_dst are the frame's addresses. */
struct nw_arp_spec {
	uint16_t op; /* 1 request, 2 reply */
	uint8_t eth_src[6], eth_dst[6];
	uint8_t sha[6], tha[6];
	struct in_addr spa, tpa;
};
int nw_craft_arp(struct nw_craft *c, const struct nw_arp_spec *s);

/* Addressing for IP packets: IPv4 or IPv6 inside an Ethernet frame. */
struct nw_ip_spec {
	struct nw_addr src, dst; /* same family */
	uint8_t ttl;		 /* hop limit for IPv6; 0 means 64 */
	uint16_t ip_id;		 /* IPv4 only */
	bool df; /* IPv4: Don't Fragment (RFC 791); IPv6 is never fragmented en route */
	uint8_t eth_src[6], eth_dst[6];
};

/* ICMP echo request (IPv4) or ICMPv6 echo request (IPv6). */
int nw_craft_echo(struct nw_craft *c, const struct nw_ip_spec *ip, uint16_t id, uint16_t seq,
		  const void *payload, size_t len);
int nw_craft_udp(struct nw_craft *c, const struct nw_ip_spec *ip, uint16_t sport, uint16_t dport,
		 const void *payload, size_t len);

struct nw_tcp_spec {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint16_t flags; /* NW_TCP_* from pkt.h */
	uint16_t window;
	uint16_t mss; /* 0: no MSS option */
	int wscale;   /* -1: no window-scale option */
	bool sack_permitted;
	bool has_ts;
	uint32_t ts_val, ts_ecr;
	int sack_count; /* SACK blocks, at most 3 with timestamps */
	uint32_t sack_left[4], sack_right[4];
	bool has_tfo; /* TFO option 34 with tfo_cookie_len bytes (0 = request) */
	uint8_t tfo_cookie_len;
	uint8_t tfo_cookie[16];
};
int nw_craft_tcp(struct nw_craft *c, const struct nw_ip_spec *ip, const struct nw_tcp_spec *t,
		 const void *payload, size_t len);

/*
 * IPv6 neighbor discovery (RFC 4861).  Solicitation: ip.dst is usually the
 * target's solicited-node multicast address (nw_solicited_node()), the
 * source link-layer option is added unless ip.src is :: (DAD).
 * Advertisement: flags are router/solicited/override; the target
 * link-layer option carries eth_src.
 */
int nw_craft_ndp_ns(struct nw_craft *c, const struct nw_ip_spec *ip, const struct in6_addr *target);
int nw_craft_ndp_na(struct nw_craft *c, const struct nw_ip_spec *ip, const struct in6_addr *target,
		    bool router, bool solicited, bool override);
/* ff02::1:ffXX:XXXX and its multicast MAC 33:33:ff:XX:XX:XX. */
void nw_solicited_node(const struct in6_addr *target, struct in6_addr *group, uint8_t mac[6]);

#endif
