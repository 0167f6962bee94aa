/*
 * tcp_craft.c: a test helper that plays both ends of one TCP connection
 * (RFC 9293 3.5 and 3.6) with the core's libnet builders, out of
 * IFACE: a simultaneous open (the two SYNs cross, each side answers the
 * other's with SYN,ACK), five bytes each way, then a simultaneous close
 * (the two FINs cross, each side acknowledges the other's).  The frames
 * go from and to addresses and MACs no host owns (198.18.0.11:5001 and
 * 198.18.0.12:5002), so only a capture on the link sees them: no kernel
 * answers with an RST.
 *
 *   tcp_craft IFACE      (inside a test namespace; needs CAP_NET_RAW)
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/addr.h"
#include "sys/craft.h"
#include "wire/pkt.h"

#define A_ISN 1000u
#define B_ISN 5000u

struct side {
	const char *ip;
	uint16_t port;
	uint8_t mac[6];
};

static const struct side sides[2] = {
    {"198.18.0.11", 5001, {0x02, 0, 0, 0, 0x00, 0x11}},
    {"198.18.0.12", 5002, {0x02, 0, 0, 0, 0x00, 0x12}},
};

struct step {
	int from; /* 0: A, 1: B */
	uint16_t flags;
	uint32_t seq, ack;
	const char *data;
};

/* Simultaneous open, data both ways, simultaneous close. */
static const struct step script[] = {
    {0, NW_TCP_SYN, A_ISN, 0, ""},
    {1, NW_TCP_SYN, B_ISN, 0, ""},
    {0, NW_TCP_SYN | NW_TCP_ACK, A_ISN, B_ISN + 1, ""},
    {1, NW_TCP_SYN | NW_TCP_ACK, B_ISN, A_ISN + 1, ""},
    {0, NW_TCP_PSH | NW_TCP_ACK, A_ISN + 1, B_ISN + 1, "hello"},
    {1, NW_TCP_PSH | NW_TCP_ACK, B_ISN + 1, A_ISN + 6, "world"},
    {0, NW_TCP_ACK, A_ISN + 6, B_ISN + 6, ""},
    {0, NW_TCP_FIN | NW_TCP_ACK, A_ISN + 6, B_ISN + 6, ""},
    {1, NW_TCP_FIN | NW_TCP_ACK, B_ISN + 6, A_ISN + 6, ""},
    {0, NW_TCP_ACK, A_ISN + 7, B_ISN + 7, ""},
    {1, NW_TCP_ACK, B_ISN + 7, A_ISN + 7, ""},
};

static int send_step(struct nw_craft *c, const struct step *s)
{
	const struct side *me = &sides[s->from], *peer = &sides[!s->from];
	struct nw_ip_spec ip = {.ttl = 64};
	struct nw_tcp_spec t = {.sport = me->port,
				.dport = peer->port,
				.seq = s->seq,
				.ack = s->ack,
				.flags = s->flags,
				.window = 64240,
				.wscale = -1};
	const char *why;

	if (nw_addr_parse(me->ip, AF_INET, &ip.src, &why) != 0 ||
	    nw_addr_parse(peer->ip, AF_INET, &ip.dst, &why) != 0)
		return -1;
	memcpy(ip.eth_src, me->mac, 6);
	memcpy(ip.eth_dst, peer->mac, 6);
	if (s->flags & NW_TCP_SYN) {
		t.mss = 1460;
		t.wscale = 7;
	}
	if (nw_craft_tcp(c, &ip, &t, s->data, strlen(s->data)) != 0 || nw_craft_send(c) < 0) {
		fprintf(stderr, "tcp_craft: %s\n", nw_craft_error(c));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char err[256];
	struct nw_craft *c;
	const struct timespec gap = {0, 20 * 1000 * 1000}; /* 20 ms between frames */

	if (argc != 2) {
		fprintf(stderr, "usage: tcp_craft IFACE\n");
		return 2;
	}
	c = nw_craft_open_link(argv[1], err, sizeof(err));
	if (!c) {
		fprintf(stderr, "tcp_craft: %s\n", err);
		return 3;
	}
	for (size_t i = 0; i < sizeof(script) / sizeof(script[0]); i++) {
		if (send_step(c, &script[i]) != 0) {
			nw_craft_close(c);
			return 3;
		}
		nanosleep(&gap, NULL);
	}
	nw_craft_close(c);
	return 0;
}
