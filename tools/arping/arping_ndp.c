/*
 * arping_ndp.c: nw-arping over IPv6: neighbor solicitations and
 * advertisements (RFC 4861) and duplicate address detection (RFC 4862 5.4),
 * the IPv6 counterparts of ARP requests, replies and RFC 5227 probes.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "arping_ndp.h"
#include "arping_session.h"

#define ND_NEIGHBOR_SOLICIT 135
#define ND_NEIGHBOR_ADVERT  136

/* ff02::1, all nodes: where unsolicited advertisements go. */
static const struct in6_addr all_nodes = {{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}};
static const uint8_t all_nodes_mac[6] = {0x33, 0x33, 0, 0, 0, 1};

/*
 * A solicitation goes to the target's solicited-node group, or, once the
 * neighbor's MAC is known (unicast, as neighbor unreachability detection
 * does), straight to the target.
 */
static int ndp_send_probe(struct arping_session *s, const struct nw_addr *target, bool dad)
{
	struct nw_ip_spec ip = {.ttl = 255};
	memcpy(ip.eth_src, s->src_mac, 6);
	if (s->unicast && !dad) {
		ip.dst = *target;
		memcpy(ip.eth_dst, s->dst_mac, 6);
	} else {
		ip.dst.family = AF_INET6;
		nw_solicited_node(&target->u.v6, &ip.dst.u.v6, ip.eth_dst);
	}
	ip.src.family = AF_INET6; /* :: for DAD (RFC 4862 5.4.2) */
	if (!dad)
		ip.src.u.v6 = s->src.u.v6;
	if (nw_craft_ndp_ns(s->craft, &ip, &target->u.v6) < 0)
		return -1;
	return nw_craft_send(s->craft) < 0 ? -1 : 0;
}

/* An unsolicited advertisement with the override flag to all nodes (-U and -A alike). */
static int ndp_send_announce(struct arping_session *s)
{
	struct nw_ip_spec ip = {.ttl = 255};
	memcpy(ip.eth_src, s->src_mac, 6);
	memcpy(ip.eth_dst, all_nodes_mac, 6);
	ip.src = s->target;
	nw_addr_from_v6(&ip.dst, &all_nodes);
	if (nw_craft_ndp_na(s->craft, &ip, &s->target.u.v6, false, false, true) < 0)
		return -1;
	return nw_craft_send(s->craft) < 0 ? -1 : 0;
}

static void ndp_classify(const struct arping_session *s, const struct nw_pkt *p,
			 struct arping_event *ev)
{
	if (!(p->layers & NW_HAS_ICMPV6) || !(p->layers & NW_HAS_IPV6))
		return;
	const struct nw_icmpv6 *ic = &p->icmp6;
	bool from_us = memcmp(p->link.src, s->src_mac, 6) == 0;
	memcpy(ev->to_mac, p->link.dst, 6);
	if (ic->type == ND_NEIGHBOR_SOLICIT) {
		nw_addr_from_v6(&ev->ip, &p->ip6.src); /* :: for someone's DAD probe */
		memcpy(ev->mac, ic->has_src_lladdr ? ic->src_lladdr : p->link.src, 6);
		nw_addr_from_v6(&ev->to_ip, &ic->target);
		ev->kind = from_us ? EV_OWN_PROBE : EV_QUERY;
	} else if (ic->type == ND_NEIGHBOR_ADVERT && !from_us) {
		nw_addr_from_v6(&ev->ip, &ic->target);
		memcpy(ev->mac, ic->has_tgt_lladdr ? ic->tgt_lladdr : p->link.src, 6);
		nw_addr_from_v6(&ev->to_ip, &p->ip6.dst);
		ev->kind = EV_ANSWER;
	}
}

const struct arping_proto arping_ndp = {
    .bpf = "icmp6",
    .send_probe = ndp_send_probe,
    .send_announce = ndp_send_announce,
    .classify = ndp_classify,
};
