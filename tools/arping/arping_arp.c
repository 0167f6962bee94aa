/*
 * arping_arp.c: nw-arping over IPv4: ARP requests, RFC 5227 probes and
 * announcements (RFC 826, RFC 5227), and what captured ARP frames mean.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "arping_arp.h"
#include "arping_session.h"

#define ARP_REQUEST 1
#define ARP_REPLY   2

static const uint8_t zero_mac[6];

static int send_frame(struct arping_session *s, const struct nw_arp_spec *spec)
{
	if (nw_craft_arp(s->craft, spec) < 0)
		return -1;
	return nw_craft_send(s->craft) < 0 ? -1 : 0;
}

/* "Who has target? Tell src": a request, or with dad a probe from 0.0.0.0. */
static int arp_send_probe(struct arping_session *s, const struct nw_addr *target, bool dad)
{
	struct nw_arp_spec spec = {.op = ARP_REQUEST};
	memcpy(spec.eth_src, s->src_mac, 6);
	memcpy(spec.eth_dst, s->dst_mac, 6);
	memcpy(spec.sha, s->src_mac, 6);
	memcpy(spec.tha, zero_mac, 6); /* unknown: that is the question */
	spec.spa.s_addr = dad ? 0 : s->src.u.v4.s_addr;
	spec.tpa = target->u.v4;
	return send_frame(s, &spec);
}

/*
 * RFC 5227 announcement: a request with sender and target IP both ours (-U),
 * or, as -A, an unsolicited reply; both broadcast.
 */
static int arp_send_announce(struct arping_session *s)
{
	bool reply = s->cfg->mode == ARPING_REPLY_ANNOUNCE;
	struct nw_arp_spec spec = {.op = reply ? ARP_REPLY : ARP_REQUEST};
	memcpy(spec.eth_src, s->src_mac, 6);
	memcpy(spec.eth_dst, nw_mac_broadcast, 6);
	memcpy(spec.sha, s->src_mac, 6);
	memcpy(spec.tha, reply ? s->src_mac : zero_mac, 6);
	spec.spa = s->target.u.v4;
	spec.tpa = s->target.u.v4;
	return send_frame(s, &spec);
}

static void arp_classify(const struct arping_session *s, const struct nw_pkt *p,
			 struct arping_event *ev)
{
	if (!(p->layers & NW_HAS_ARP) || !p->arp.is_eth_ipv4)
		return;
	const struct nw_arp *a = &p->arp;
	nw_addr_from_v4(&ev->ip, a->spa);
	memcpy(ev->mac, a->sha, 6);
	nw_addr_from_v4(&ev->to_ip, a->tpa);
	memcpy(ev->to_mac, a->tha, 6);
	bool from_us = memcmp(a->sha, s->src_mac, 6) == 0;
	if (a->op == ARP_REQUEST)
		ev->kind = from_us ? EV_OWN_PROBE : EV_QUERY;
	else if (a->op == ARP_REPLY && !from_us)
		ev->kind = EV_ANSWER;
}

const struct arping_proto arping_arp = {
    .bpf = "arp",
    .send_probe = arp_send_probe,
    .send_announce = arp_send_announce,
    .classify = arp_classify,
};
