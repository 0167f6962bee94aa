/*
 * pkt.h: decoded packets.  One struct per protocol layer, filled by the
 * bounds-checked parsers (common/wire/parse_*.c), and struct nw_pkt, the whole
 * stack from the link layer up, filled by nw_decode().
 *
 * Pointers inside these structs (options, payloads) point into the caller's
 * packet buffer and are valid only as long as it is.
 */
#ifndef NW_PKT_H
#define NW_PKT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/buf.h"
#include "base/status.h"
#include "wire/icmpext.h"

/* Link-layer header types we decode (pcap LINKTYPE_ / DLT_ values). */
#define NW_LINK_NULL	 0 /* BSD loopback, host-order AF_ family */
#define NW_LINK_ETHERNET 1
#define NW_LINK_RAW	 101 /* raw IP, version from the first nibble */
#define NW_LINK_LOOP	 108 /* OpenBSD loopback, network-order AF_ family */
#define NW_LINK_SLL	 113 /* Linux cooked v1 */
#define NW_LINK_IPV4	 228
#define NW_LINK_IPV6	 229
#define NW_LINK_SLL2	 276 /* Linux cooked v2 */

#define NW_ETHERTYPE_IPV4 0x0800
#define NW_ETHERTYPE_ARP  0x0806
#define NW_ETHERTYPE_VLAN 0x8100
#define NW_ETHERTYPE_QINQ 0x88a8
#define NW_ETHERTYPE_IPV6 0x86dd

#define NW_MAX_VLANS 2

/* Link layer, whichever of Ethernet/SLL/SLL2/null/raw it came from. */
struct nw_link {
	int linktype;  /* NW_LINK_* */
	bool has_macs; /* Ethernet: src and dst are set */
	uint8_t dst[6];
	uint8_t src[6]; /* SLL/SLL2: the sender's address if 6 bytes */
	bool has_src;
	uint16_t ethertype; /* protocol of what follows (after VLAN tags) */
	int vlan_count;
	uint16_t vlan_tci[NW_MAX_VLANS];
	uint16_t sll_pkttype; /* SLL/SLL2: 0 host, 1 bcast, 2 mcast, 3 other, 4 outgoing */
	uint32_t sll_ifindex; /* SLL2 only */
};

/* ARP (RFC 826).  Only Ethernet/IPv4 ARP fills the address fields. */
struct nw_arp {
	uint16_t htype, ptype;
	uint8_t hlen, plen;
	uint16_t op;	  /* 1 request, 2 reply */
	bool is_eth_ipv4; /* htype 1, ptype 0x0800, hlen 6, plen 4 */
	uint8_t sha[6];
	struct in_addr spa;
	uint8_t tha[6];
	struct in_addr tpa;
};

/* IPv4 (RFC 791). */
struct nw_ipv4 {
	uint8_t ihl; /* header length in bytes */
	uint8_t tos;
	uint16_t total_len;
	uint16_t id;
	bool df, mf;
	uint16_t frag_offset; /* in 8-byte units */
	uint8_t ttl;
	uint8_t proto;
	uint16_t checksum;
	struct in_addr src, dst;
	const uint8_t *options;
	size_t options_len;
	bool truncated_payload; /* total_len claims more than was captured */
};

/* IPv6 (RFC 8200), with the extension header chain walked. */
#define NW_IPV6_MAX_EXT 8
struct nw_ipv6 {
	uint8_t tclass;
	uint32_t flow;
	uint16_t payload_len;
	uint8_t next_header; /* as in the fixed header */
	uint8_t hop_limit;
	struct in6_addr src, dst;
	int ext_count;
	uint8_t ext_types[NW_IPV6_MAX_EXT];
	uint8_t proto; /* upper-layer protocol after the chain (59: none) */
	bool is_fragment;
	uint16_t frag_offset; /* in 8-byte units */
	bool frag_more;
	uint32_t frag_id;
	bool truncated_payload;
};

/* Ports or echo identifiers of the datagram quoted inside an ICMP error. */
struct nw_quoted {
	bool present;
	int family; /* AF_INET or AF_INET6 */
	uint8_t proto;
	uint8_t ttl; /* hop limit for IPv6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} src, dst;
	bool has_ports; /* UDP/TCP: sport/dport; ICMP echo: id/seq */
	uint16_t sport, dport;
	uint32_t tcp_seq;	    /* TCP only, when the 8 bytes are there */
	uint16_t echo_id, echo_seq; /* not icmp_id: <netinet/ip_icmp.h> defines that as a macro */
	bool has_icmp_echo;
	uint16_t ip_id;	    /* IPv4 identification */
	uint16_t ip_len;    /* IPv4 total length or IPv6 payload length, as quoted */
	size_t l4_len;	    /* bytes quoted after the IP (and extension) headers */
	size_t l4_declared; /* bytes after them that ip_len says the packet had (SIZE_MAX:
			       not known: an IPv6 jumbogram, or a chain cut short) */
	bool has_checksum;  /* the transport checksum was quoted (UDP, TCP, ICMP echo) */
	uint16_t checksum;
};

/* ICMP (RFC 792). */
struct nw_icmp {
	uint8_t type, code;
	uint16_t checksum;
	uint16_t id, seq;	 /* echo / echo reply / timestamp */
	uint32_t gateway;	 /* redirect, host order */
	uint16_t next_mtu;	 /* frag-needed */
	struct nw_quoted quoted; /* errors: unreachable, time exceeded, ... */
};

/* ICMPv6 (RFC 4443) and neighbor discovery (RFC 4861). */
struct nw_icmpv6 {
	uint8_t type, code;
	uint16_t checksum;
	uint16_t id, seq;	 /* echo request/reply */
	uint32_t mtu;		 /* packet too big */
	struct nw_quoted quoted; /* errors */
	/* neighbor solicitation (135) / advertisement (136) */
	struct in6_addr target;
	bool nd_router, nd_solicited, nd_override;
	bool has_src_lladdr, has_tgt_lladdr;
	uint8_t src_lladdr[6], tgt_lladdr[6];
};

/* UDP (RFC 768). */
struct nw_udp {
	uint16_t sport, dport, len, checksum;
	const uint8_t *payload;
	size_t payload_len; /* bytes present, bounded by len and capture */
};

/* TCP (RFC 9293) with options. */
#define NW_TCP_FIN	0x001
#define NW_TCP_SYN	0x002
#define NW_TCP_RST	0x004
#define NW_TCP_PSH	0x008
#define NW_TCP_ACK	0x010
#define NW_TCP_URG	0x020
#define NW_TCP_ECE	0x040
#define NW_TCP_CWR	0x080
#define NW_TCP_AE	0x100 /* AccECN, was NS */
#define NW_TCP_MAX_SACK 4
#define NW_TCP_MAX_TFO	16

struct nw_tcp_sack {
	uint32_t left, right;
};

struct nw_tcp {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t doff;	 /* header length in bytes */
	uint16_t flags;	 /* NW_TCP_* */
	uint16_t window; /* as on the wire, unscaled */
	uint16_t checksum, urgent;
	/* options */
	bool has_mss;
	uint16_t mss;
	bool has_wscale;
	uint8_t wscale;
	bool sack_permitted;
	int sack_count;
	struct nw_tcp_sack sack[NW_TCP_MAX_SACK];
	bool has_ts;
	uint32_t ts_val, ts_ecr;
	bool has_tfo;		/* option 34 or experimental 254/0xF989 */
	uint8_t tfo_cookie_len; /* 0: a cookie request */
	uint8_t tfo_cookie[NW_TCP_MAX_TFO];
	bool has_mptcp;
	int unknown_options;
	const uint8_t *payload;
	size_t payload_len;
};

/* Which layers nw_decode() filled in. */
#define NW_HAS_LINK   0x01
#define NW_HAS_ARP    0x02
#define NW_HAS_IPV4   0x04
#define NW_HAS_IPV6   0x08
#define NW_HAS_ICMP   0x10
#define NW_HAS_ICMPV6 0x20
#define NW_HAS_UDP    0x40
#define NW_HAS_TCP    0x80
/* An ICMP/ICMPv6 error with an RFC 4884 extension structure: pkt->icmpext. */
#define NW_HAS_ICMPEXT 0x100

struct nw_pkt {
	unsigned layers;       /* NW_HAS_* */
	enum nw_status status; /* of the first layer that failed, or NW_OK */
	const char *error;     /* static one-line reason when status != NW_OK */
	unsigned error_layer;  /* NW_HAS_* of the layer that failed */
	struct nw_link link;
	struct nw_arp arp;
	struct nw_ipv4 ip4;
	struct nw_ipv6 ip6;
	struct nw_icmp icmp;
	struct nw_icmpv6 icmp6;
	struct nw_udp udp;
	struct nw_tcp tcp;
	/*
	 * Last, and not cleared for every packet (it is large and rarely
	 * there): read it only when layers has NW_HAS_ICMPEXT.
	 */
	struct nw_icmpext icmpext;
};

/*
 * Per-layer parsers.  Each reads its header from the cursor, leaves the
 * cursor at the start of its payload, and on failure returns the reason
 * (and sets *why to a static string when why is not NULL).
 */
enum nw_status nw_parse_link(int linktype, struct nw_buf *b, struct nw_link *out, const char **why);
enum nw_status nw_parse_arp(struct nw_buf *b, struct nw_arp *out, const char **why);
enum nw_status nw_parse_ipv4(struct nw_buf *b, struct nw_ipv4 *out, const char **why);
enum nw_status nw_parse_ipv6(struct nw_buf *b, struct nw_ipv6 *out, const char **why);
enum nw_status nw_parse_icmp(struct nw_buf *b, struct nw_icmp *out, const char **why);
enum nw_status nw_parse_icmpv6(struct nw_buf *b, struct nw_icmpv6 *out, const char **why);
enum nw_status nw_parse_udp(struct nw_buf *b, struct nw_udp *out, const char **why);
enum nw_status nw_parse_tcp(struct nw_buf *b, struct nw_tcp *out, const char **why);

/*
 * Decode a whole captured frame.  Returns pkt->status.  An ICMP or ICMPv6
 * error captured whole is also searched for extensions (nw_parse_icmpext):
 * when found, NW_HAS_ICMPEXT; when broken, the error is the extension's
 * (error_layer NW_HAS_ICMPEXT) and the ICMP layer stays decoded.
 */
enum nw_status nw_decode(int linktype, const uint8_t *data, size_t caplen, struct nw_pkt *pkt);
/* The source and destination of a decoded IPv4 or IPv6 header; false without one. */
bool nw_pkt_ip_addrs(const struct nw_pkt *pkt, struct nw_addr *src, struct nw_addr *dst);

/* Internet checksum (RFC 1071) over a buffer, folded; for verification. */
uint16_t nw_inet_checksum(const void *data, size_t len, uint32_t initial);

#endif /* NW_PKT_H */
