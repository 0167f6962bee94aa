/* craft.c: building and sending Ethernet frames and IP packets through libnet (1.1.6 and 1.2.x);
 * see craft.h. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/bytes.h"
#include "sys/craft.h"
#include "sys/priv.h"
#include "wire/checksum.h"
#include "wire/pkt.h"

#include <libnet.h>

struct nw_craft {
	libnet_t *l;
	bool build_only;
	bool raw;	    /* an IP raw socket: packets start at the IP header */
	int fd;		    /* that socket, ours (libnet's context is build-only); -1 */
	struct nw_addr dst; /* the raw packet's destination, for sendto */
	char err[LIBNET_ERRBUF_SIZE + 64];
};

/* Copy a message into err, as one line: libnet's messages often end in "\n". */
static void one_line(char *dst, size_t len, const char *src)
{
	size_t n;

	if (!dst || len == 0)
		return;
	snprintf(dst, len, "%s", src ? src : "unknown libnet error");
	for (n = 0; dst[n]; n++)
		if (dst[n] == '\n' || dst[n] == '\r')
			dst[n] = ' ';
	while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == '.'))
		dst[--n] = '\0';
}

static void craft_err(struct nw_craft *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void craft_err(struct nw_craft *c, const char *fmt, ...)
{
	char tmp[sizeof(c->err)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	one_line(c->err, sizeof(c->err), tmp);
}

/* A libnet call failed: keep its message, with what we were doing. */
static int lib_fail(struct nw_craft *c, const char *what)
{
	char msg[LIBNET_ERRBUF_SIZE];

	one_line(msg, sizeof(msg), libnet_geterror(c->l));
	craft_err(c, "%s: %s", what, msg);
	return -1;
}

static struct nw_craft *craft_open(int type, const char *ifname, char *err, size_t errlen)
{
	char ebuf[LIBNET_ERRBUF_SIZE] = "";
	char line[LIBNET_ERRBUF_SIZE];
	struct nw_craft *c = calloc(1, sizeof(*c));

	if (!c) {
		one_line(err, errlen, "out of memory");
		return NULL;
	}
	c->fd = -1;
	/* A link-layer context opens a packet socket: the capability is raised for it alone. */
	if (nw_priv_raise(err, errlen) != 0) {
		free(c);
		return NULL;
	}
	c->l = libnet_init(type, ifname, ebuf);
	if (nw_priv_lower(err, errlen) != 0) {
		if (c->l)
			libnet_destroy(c->l);
		free(c);
		return NULL;
	}
	if (!c->l) {
		one_line(line, sizeof(line), ebuf);
		if (err && errlen) {
			if (ifname)
				snprintf(err, errlen, "cannot open '%s' for sending: %s", ifname,
					 line);
			else
				snprintf(err, errlen, "cannot open libnet: %s", line);
		}
		free(c);
		return NULL;
	}
	return c;
}

struct nw_craft *nw_craft_open_link(const char *ifname, char *err, size_t errlen)
{
	/*
	 * LIBNET_LINK_ADV is LIBNET_LINK with the advanced-mode bit, so that
	 * nw_craft_frame() (libnet_adv_cull_packet) works on this context too;
	 * libnet_write() treats both the same.
	 */
	return craft_open(LIBNET_LINK_ADV, ifname, err, errlen);
}

struct nw_craft *nw_craft_open_build(char *err, size_t errlen)
{
	struct nw_craft *c = craft_open(LIBNET_NONE, NULL, err, errlen);

	if (c)
		c->build_only = true;
	return c;
}

/*
 * Packets go as built up to the interface's MTU: the route's cached path
 * MTU (learnt from an earlier Fragmentation Needed or Packet Too Big, ours
 * or another program's) neither drops a DF packet nor fragments one.
 */
static int pmtu_probe(struct nw_craft *c, int family)
{
#if defined(IP_PMTUDISC_PROBE) && defined(IPV6_PMTUDISC_PROBE)
	int v4 = IP_PMTUDISC_PROBE, v6 = IPV6_PMTUDISC_PROBE;
	int rc = family == AF_INET
		     ? setsockopt(c->fd, IPPROTO_IP, IP_MTU_DISCOVER, &v4, sizeof(v4))
		     : setsockopt(c->fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &v6, sizeof(v6));
	if (rc != 0) {
		craft_err(c, "cannot turn the path MTU cache off: %s", strerror(errno));
		return -1;
	}
#else
	(void)c;
	(void)family;
#endif
	return 0;
}

/*
 * The raw socket is ours, not libnet's: libnet_init(LIBNET_RAW4) grows
 * SO_SNDBUF 128 bytes at a time up to 1 MB, some 6,500 system calls and
 * 8 ms before a tracer's first probe.  One call asks for the same size
 * (the kernel caps it at net.core.wmem_max, as it capped libnet's).  An
 * IPv6 raw socket of protocol IPPROTO_RAW takes the IPv6 header from the
 * packet as IP_HDRINCL does for IPv4.
 */
static int open_raw_socket(struct nw_craft *c, int family, char *err, size_t errlen)
{
	int one = 1, sndbuf = 1 << 20;

	if (nw_priv_raise(err, errlen) != 0)
		return -1;
	c->fd = socket(family, SOCK_RAW, IPPROTO_RAW);
	if (c->fd < 0)
		craft_err(c, "cannot open a raw socket: %s", strerror(errno));
	if (nw_priv_lower(err, errlen) != 0)
		return -1;
	if (c->fd < 0)
		return -1;
	if (family == AF_INET &&
	    setsockopt(c->fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)) != 0) {
		craft_err(c, "IP_HDRINCL: %s", strerror(errno));
		return -1;
	}
	(void)setsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	return pmtu_probe(c, family);
}

struct nw_craft *nw_craft_open_raw(int family, char *err, size_t errlen)
{
	struct nw_craft *c;

	if (family != AF_INET && family != AF_INET6) {
		one_line(err, errlen, "raw sending needs IPv4 or IPv6");
		return NULL;
	}
	c = craft_open(LIBNET_NONE, NULL, err, errlen);
	if (!c)
		return NULL;
	c->raw = true;
	if (open_raw_socket(c, family, err, errlen) != 0) {
		if (c->err[0])
			one_line(err, errlen, c->err);
		nw_craft_close(c);
		return NULL;
	}
	return c;
}

int nw_craft_raw_fd(const struct nw_craft *c)
{
	return c->raw ? c->fd : -1;
}

void nw_craft_close(struct nw_craft *c)
{
	if (!c)
		return;
	libnet_destroy(c->l);
	if (c->fd >= 0)
		close(c->fd);
	free(c);
}

const char *nw_craft_error(struct nw_craft *c)
{
	return c->err[0] ? c->err : "no error";
}

int nw_craft_hwaddr(struct nw_craft *c, uint8_t mac[6])
{
	struct libnet_ether_addr *e;

	if (c->build_only) {
		craft_err(c, "a build-only context has no interface");
		return -1;
	}
	e = libnet_get_hwaddr(c->l);
	if (!e) {
		lib_fail(c, "cannot read the interface's MAC address");
		return -1;
	}
	memcpy(mac, e->ether_addr_octet, 6);
	return 0;
}

/*
 * The built packet, assembled: pkt (free with libnet_adv_free_packet) and
 * its length.  A build-only context (LIBNET_NONE, which the raw contexts
 * are too) carries the advanced-mode bit, but libnet (1.1.6 at least)
 * culls only from a context whose type is exactly LIBNET_LINK_ADV.  It is
 * flagged as one for the call: assembly then differs only in an alignment
 * offset that libnet_adv_free_packet() undoes, and nothing is opened or
 * written.
 */
static int cull(struct nw_craft *c, uint8_t **pkt, uint32_t *n)
{
	bool none = c->build_only || c->fd >= 0;
	int rc;

	if (none)
		c->l->injection_type = LIBNET_LINK_ADV;
	rc = libnet_adv_cull_packet(c->l, pkt, n);
	if (none)
		c->l->injection_type = LIBNET_NONE;
	return rc == -1 ? lib_fail(c, "cannot assemble the packet") : 0;
}

/* Send the built IP packet on our raw socket to its destination. */
static int send_raw(struct nw_craft *c)
{
	struct sockaddr_storage ss;
	socklen_t len = nw_addr_to_sockaddr(&c->dst, 0, &ss);
	uint8_t *pkt = NULL;
	uint32_t n = 0;
	ssize_t sent;
	int saved;

	if (cull(c, &pkt, &n) != 0)
		return -1;
	sent = sendto(c->fd, pkt, n, 0, (struct sockaddr *)&ss, len);
	saved = errno;
	libnet_adv_free_packet(c->l, pkt);
	if (sent < 0) {
		craft_err(c, "send failed: %s", strerror(saved));
		errno = saved; /* the caller tells a full buffer from no route by it */
		return -1;
	}
	return (int)sent;
}

int nw_craft_send(struct nw_craft *c)
{
	int n, saved;

	if (c->fd >= 0)
		return send_raw(c);
	n = libnet_write(c->l);
	if (n == -1) {
		saved = errno; /* the caller tells a full buffer from no route by it */
		lib_fail(c, "send failed");
		errno = saved;
	}
	return n;
}

int nw_craft_frame(struct nw_craft *c, uint8_t **frame, size_t *len)
{
	uint8_t *pkt = NULL;
	uint32_t n = 0;
	uint8_t *copy;

	if (cull(c, &pkt, &n) != 0)
		return -1;
	copy = malloc(n ? n : 1);
	if (!copy) {
		libnet_adv_free_packet(c->l, pkt);
		craft_err(c, "out of memory");
		return -1;
	}
	memcpy(copy, pkt, n);
	libnet_adv_free_packet(c->l, pkt);
	*frame = copy;
	*len = n;
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static struct libnet_in6_addr to_lin6(const struct in6_addr *a)
{
	struct libnet_in6_addr r;

	memcpy(&r, a, sizeof(r));
	return r;
}

static int build_eth(struct nw_craft *c, const uint8_t dst[6], const uint8_t src[6], uint16_t type)
{
	if (libnet_build_ethernet(dst, src, type, NULL, 0, c->l, 0) == -1)
		return lib_fail(c, "cannot build the Ethernet header");
	return 0;
}

static uint8_t hop_limit(const struct nw_ip_spec *ip)
{
	return ip->ttl ? ip->ttl : 64;
}

/* The IP header (v4 or v6) for ulen bytes of protocol proto, then Ethernet. */
static int build_ip_eth(struct nw_craft *c, const struct nw_ip_spec *ip, uint8_t proto, size_t ulen,
			uint8_t hlim)
{
	c->dst = ip->dst;
	if (ip->src.family == AF_INET) {
		if (ulen + LIBNET_IPV4_H > 0xffff) {
			craft_err(c, "packet too large for IPv4");
			return -1;
		}
		if (libnet_build_ipv4((uint16_t)(LIBNET_IPV4_H + ulen), 0, ip->ip_id,
				      ip->df ? IP_DF : 0, hlim, proto, 0, ip->src.u.v4.s_addr,
				      ip->dst.u.v4.s_addr, NULL, 0, c->l, 0) == -1)
			return lib_fail(c, "cannot build the IPv4 header");
		return c->raw ? 0 : build_eth(c, ip->eth_dst, ip->eth_src, NW_ETHERTYPE_IPV4);
	}
	if (ulen > 0xffff) {
		craft_err(c, "packet too large for IPv6 without jumbograms");
		return -1;
	}
	/* libnet_build_ipv6's len is the payload length field. */
	if (libnet_build_ipv6(0, 0, (uint16_t)ulen, proto, hlim, to_lin6(&ip->src.u.v6),
			      to_lin6(&ip->dst.u.v6), NULL, 0, c->l, 0) == -1)
		return lib_fail(c, "cannot build the IPv6 header");
	return c->raw ? 0 : build_eth(c, ip->eth_dst, ip->eth_src, NW_ETHERTYPE_IPV6);
}

static int check_spec(struct nw_craft *c, const struct nw_ip_spec *ip, size_t len)
{
	if ((ip->src.family != AF_INET && ip->src.family != AF_INET6) ||
	    ip->src.family != ip->dst.family) {
		craft_err(c, "source and destination must be both IPv4 or both IPv6");
		return -1;
	}
	if (len > 0xffff - 80) {
		craft_err(c, "payload too large (%zu bytes)", len);
		return -1;
	}
	libnet_clear_packet(c->l);
	c->err[0] = '\0';
	return 0;
}

/* ---- ARP ---------------------------------------------------------------- */

int nw_craft_arp(struct nw_craft *c, const struct nw_arp_spec *s)
{
	libnet_clear_packet(c->l);
	c->err[0] = '\0';
	if (libnet_build_arp(ARPHRD_ETHER, NW_ETHERTYPE_IPV4, 6, 4, s->op, s->sha,
			     (const uint8_t *)&s->spa, s->tha, (const uint8_t *)&s->tpa, NULL, 0,
			     c->l, 0) == -1)
		return lib_fail(c, "cannot build the ARP packet");
	return build_eth(c, s->eth_dst, s->eth_src, NW_ETHERTYPE_ARP);
}

/* ---- echo --------------------------------------------------------------- */

int nw_craft_echo(struct nw_craft *c, const struct nw_ip_spec *ip, uint16_t id, uint16_t seq,
		  const void *payload, size_t len)
{
	if (check_spec(c, ip, len) == -1)
		return -1;
	if (ip->src.family == AF_INET) {
		if (libnet_build_icmpv4_echo(ICMP_ECHO, 0, 0, id, seq, payload, (uint32_t)len, c->l,
					     0) == -1)
			return lib_fail(c, "cannot build the ICMP echo");
		return build_ip_eth(c, ip, IPPROTO_ICMP, LIBNET_ICMPV4_ECHO_H + len, hop_limit(ip));
	}
	/* libnet 1.1.6 takes a non-const payload here; it only copies it. */
	if (libnet_build_icmpv6_echo(ICMP6_ECHO_REQUEST, 0, 0, id, seq,
				     (uint8_t *)(uintptr_t)payload, (uint32_t)len, c->l, 0) == -1)
		return lib_fail(c, "cannot build the ICMPv6 echo");
	return build_ip_eth(c, ip, IPPROTO_ICMPV6, LIBNET_ICMPV6_ECHO_H + len, hop_limit(ip));
}

/* ---- UDP ---------------------------------------------------------------- */

int nw_craft_udp(struct nw_craft *c, const struct nw_ip_spec *ip, uint16_t sport, uint16_t dport,
		 const void *payload, size_t len)
{
	if (check_spec(c, ip, len) == -1)
		return -1;
	if (libnet_build_udp(sport, dport, (uint16_t)(LIBNET_UDP_H + len), 0, payload,
			     (uint32_t)len, c->l, 0) == -1)
		return lib_fail(c, "cannot build the UDP header");
	return build_ip_eth(c, ip, IPPROTO_UDP, LIBNET_UDP_H + len, hop_limit(ip));
}

/* ---- TCP ---------------------------------------------------------------- */

/* The option bytes for t (RFC 9293, 7323, 2018, 7413), padded to 4; -1 if > 40. */
static int tcp_options(const struct nw_tcp_spec *t, uint8_t opt[40])
{
	uint8_t tmp[64];
	size_t n = 0;
	int i;

	if (t->mss) {
		tmp[n++] = 2;
		tmp[n++] = 4;
		tmp[n++] = (uint8_t)(t->mss >> 8);
		tmp[n++] = (uint8_t)t->mss;
	}
	if (t->sack_permitted) {
		tmp[n++] = 1; /* NOP, NOP, SACK-permitted: aligned the way stacks send it */
		tmp[n++] = 1;
		tmp[n++] = 4;
		tmp[n++] = 2;
	}
	if (t->has_ts) {
		tmp[n++] = 1;
		tmp[n++] = 1;
		tmp[n++] = 8;
		tmp[n++] = 10;
		for (i = 3; i >= 0; i--)
			tmp[n++] = (uint8_t)(t->ts_val >> (8 * i));
		for (i = 3; i >= 0; i--)
			tmp[n++] = (uint8_t)(t->ts_ecr >> (8 * i));
	}
	if (t->wscale >= 0) {
		tmp[n++] = 1;
		tmp[n++] = 3;
		tmp[n++] = 3;
		tmp[n++] = (uint8_t)(t->wscale > 14 ? 14 : t->wscale);
	}
	if (t->sack_count > 0) {
		int k, cnt = t->sack_count > 4 ? 4 : t->sack_count;

		if (n + 2 + 2 + 8 * (size_t)cnt > sizeof(tmp))
			return -1;
		tmp[n++] = 1;
		tmp[n++] = 1;
		tmp[n++] = 5;
		tmp[n++] = (uint8_t)(2 + 8 * cnt);
		for (k = 0; k < cnt; k++) {
			for (i = 3; i >= 0; i--)
				tmp[n++] = (uint8_t)(t->sack_left[k] >> (8 * i));
			for (i = 3; i >= 0; i--)
				tmp[n++] = (uint8_t)(t->sack_right[k] >> (8 * i));
		}
	}
	if (t->has_tfo) {
		size_t cl = t->tfo_cookie_len > 16 ? 16 : t->tfo_cookie_len;

		if (n + 2 + cl > sizeof(tmp))
			return -1;
		tmp[n++] = 34;
		tmp[n++] = (uint8_t)(2 + cl);
		memcpy(tmp + n, t->tfo_cookie, cl);
		n += cl;
	}
	/* Pad to a multiple of 4 with NOPs, then an End of Option List byte. */
	while (n % 4) {
		if ((n + 1) % 4 == 0)
			tmp[n++] = 0;
		else
			tmp[n++] = 1;
	}
	if (n > 40)
		return -1;
	memcpy(opt, tmp, n);
	return (int)n;
}

/*
 * libnet_build_tcp() takes the flags as a uint8_t, so it cannot set the AE
 * (AccECN, formerly NS) bit.  A segment with AE is assembled here instead,
 * header, options and payload, with the checksum computed by us, and handed
 * to libnet as the IP payload.
 */
static int build_tcp_by_hand(struct nw_craft *c, const struct nw_ip_spec *ip,
			     const struct nw_tcp_spec *t, const uint8_t *opt, size_t optlen,
			     const void *payload, size_t len)
{
	size_t hlen = LIBNET_TCP_H + optlen, total = hlen + len;
	uint8_t *seg = calloc(1, total);
	uint16_t sum;
	int rc;

	if (!seg) {
		craft_err(c, "out of memory");
		return -1;
	}
	nw_put_be16(seg, t->sport);
	nw_put_be16(seg + 2, t->dport);
	nw_put_be32(seg + 4, t->seq);
	nw_put_be32(seg + 8, t->ack);
	seg[12] = (uint8_t)((hlen / 4) << 4 | ((t->flags >> 8) & 1));
	seg[13] = (uint8_t)t->flags;
	nw_put_be16(seg + 14, t->window);
	memcpy(seg + LIBNET_TCP_H, opt, optlen);
	if (len)
		memcpy(seg + hlen, payload, len);
	sum = nw_inet_checksum(seg, total,
			       nw_cksum_pseudo(&ip->src, &ip->dst, IPPROTO_TCP, (uint32_t)total));
	nw_put_be16(seg + 16, sum);
	rc = libnet_build_data(seg, (uint32_t)total, c->l, 0) == -1 ? -1 : 0;
	free(seg);
	if (rc == -1)
		return lib_fail(c, "cannot build the TCP segment");
	return build_ip_eth(c, ip, IPPROTO_TCP, total, hop_limit(ip));
}

int nw_craft_tcp(struct nw_craft *c, const struct nw_ip_spec *ip, const struct nw_tcp_spec *t,
		 const void *payload, size_t len)
{
	uint8_t opt[40];
	int optlen;

	if (check_spec(c, ip, len) == -1)
		return -1;
	optlen = tcp_options(t, opt);
	if (optlen < 0) {
		craft_err(c, "TCP options do not fit in 40 bytes");
		return -1;
	}
	if (t->flags & NW_TCP_AE)
		return build_tcp_by_hand(c, ip, t, opt, (size_t)optlen, payload, len);
	/*
	 * libnet's rule: the options block is built before the TCP header, and
	 * libnet_build_tcp() then counts it into the data offset.  The payload
	 * goes in its own data block, built first, so that it follows the
	 * options on the wire.  len (for the checksum) is the whole segment.
	 */
	if (len && libnet_build_data(payload, (uint32_t)len, c->l, 0) == -1)
		return lib_fail(c, "cannot build the TCP payload");
	if (optlen > 0 && libnet_build_tcp_options(opt, (uint32_t)optlen, c->l, 0) == -1)
		return lib_fail(c, "cannot build the TCP options");
	if (libnet_build_tcp(t->sport, t->dport, t->seq, t->ack, (uint8_t)t->flags, t->window, 0, 0,
			     (uint16_t)(LIBNET_TCP_H + (size_t)optlen + len), NULL, 0, c->l,
			     0) == -1)
		return lib_fail(c, "cannot build the TCP header");
	return build_ip_eth(c, ip, IPPROTO_TCP, LIBNET_TCP_H + (size_t)optlen + len, hop_limit(ip));
}

/* ---- neighbor discovery ------------------------------------------------- */

void nw_solicited_node(const struct in6_addr *target, struct in6_addr *group, uint8_t mac[6])
{
	static const uint8_t prefix[13] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff};

	memcpy(group->s6_addr, prefix, sizeof(prefix));
	memcpy(group->s6_addr + 13, target->s6_addr + 13, 3);
	mac[0] = 0x33;
	mac[1] = 0x33;
	mac[2] = 0xff;
	memcpy(mac + 3, target->s6_addr + 13, 3);
}

static int check_v6(struct nw_craft *c, const struct nw_ip_spec *ip)
{
	if (check_spec(c, ip, 0) == -1)
		return -1;
	if (ip->src.family != AF_INET6) {
		craft_err(c, "neighbor discovery needs IPv6 addresses");
		return -1;
	}
	return 0;
}

/* RFC 4861 section 7.1.1/7.1.2: ND messages are sent with hop limit 255. */
#define ND_HOP_LIMIT   255
#define ND_LLA_OPT_LEN 8

int nw_craft_ndp_ns(struct nw_craft *c, const struct nw_ip_spec *ip, const struct in6_addr *target)
{
	bool dad = IN6_IS_ADDR_UNSPECIFIED(&ip->src.u.v6);
	uint8_t mac[6];

	if (check_v6(c, ip) == -1)
		return -1;
	memcpy(mac, ip->eth_src, 6);
	/* RFC 4861 7.2.2: no source link-layer option when the source is :: (DAD). */
	if (!dad && libnet_build_icmpv6_ndp_opt(ND_OPT_SOURCE_LINKADDR, mac, 6, c->l, 0) == -1)
		return lib_fail(c, "cannot build the source link-layer option");
	if (libnet_build_icmpv6_ndp_nsol(ND_NEIGHBOR_SOLICIT, 0, 0, to_lin6(target), NULL, 0, c->l,
					 0) == -1)
		return lib_fail(c, "cannot build the neighbor solicitation");
	return build_ip_eth(c, ip, IPPROTO_ICMPV6,
			    LIBNET_ICMPV6_NDP_NSOL_H + (dad ? 0 : ND_LLA_OPT_LEN), ND_HOP_LIMIT);
}

int nw_craft_ndp_na(struct nw_craft *c, const struct nw_ip_spec *ip, const struct in6_addr *target,
		    bool router, bool solicited, bool override)
{
	uint32_t flags = (router ? ND_NA_FLAG_ROUTER : 0) | (solicited ? ND_NA_FLAG_SOLICITED : 0) |
			 (override ? ND_NA_FLAG_OVERRIDE : 0);
	uint8_t mac[6];

	if (check_v6(c, ip) == -1)
		return -1;
	memcpy(mac, ip->eth_src, 6);
	if (libnet_build_icmpv6_ndp_opt(ND_OPT_TARGET_LINKADDR, mac, 6, c->l, 0) == -1)
		return lib_fail(c, "cannot build the target link-layer option");
	if (libnet_build_icmpv6_ndp_nadv(ND_NEIGHBOR_ADVERT, 0, 0, flags, to_lin6(target), NULL, 0,
					 c->l, 0) == -1)
		return lib_fail(c, "cannot build the neighbor advertisement");
	return build_ip_eth(c, ip, IPPROTO_ICMPV6, LIBNET_ICMPV6_NDP_NADV_H + ND_LLA_OPT_LEN,
			    ND_HOP_LIMIT);
}

bool nw_craft_raw_allowed(int family)
{
	int fd, e = 0;

	if (nw_priv_raise(NULL, 0) != 0)
		return false;
	fd = socket(family, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0)
		e = errno;
	else
		close(fd);
	nw_priv_lower(NULL, 0);
	return e != EPERM && e != EACCES; /* another failure: the real open says what */
}
