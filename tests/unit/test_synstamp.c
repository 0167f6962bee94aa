/*
 * test_synstamp: a SYN template stamped per probe (wire/synstamp.h) is the
 * packet libnet builds for that probe, byte for byte, IPv4 and IPv6; it
 * decodes with every field written and both checksums right; templates
 * that are not an IP header then a TCP header are refused.
 */
#include "config.h"

#include <stdlib.h>
#include <sys/socket.h>

#include "sys/craft.h"
#include "testlib.h"
#include "wire/checksum.h"
#include "wire/pkt.h"
#include "wire/synstamp.h"

static struct nw_addr addr(const char *s)
{
	struct nw_addr a;
	const char *why;

	if (nw_addr_parse(s, AF_UNSPEC, &a, &why) != 0)
		abort();
	return a;
}

/*
 * libnet's SYN from src to dst (ports, seq, TTL), as nw-scan's runner
 * builds its template: the runner's craft is on a raw IP socket (packets
 * from the IP header on), this one build-only (Ethernet frames): the IP
 * packet is the frame after its 14-byte Ethernet header.
 */
static size_t build(struct nw_craft *c, const struct nw_addr *src, const struct nw_addr *dst,
		    uint16_t sport, uint16_t dport, uint32_t seq, uint8_t ttl, uint8_t *out)
{
	struct nw_ip_spec ip = {.src = *src, .dst = *dst, .ttl = ttl};
	struct nw_tcp_spec syn = {.sport = sport,
				  .dport = dport,
				  .seq = seq,
				  .flags = NW_TCP_SYN,
				  .window = 64240,
				  .mss = 1460,
				  .wscale = -1};
	uint8_t *pkt;
	size_t len;

	CHECK_INT(nw_craft_tcp(c, &ip, &syn, NULL, 0), 0);
	CHECK_INT(nw_craft_frame(c, &pkt, &len), 0);
	if (len < 14 || len - 14 > NW_SYN_TEMPLATE_MAX)
		abort();
	memcpy(out, pkt + 14, len - 14);
	free(pkt);
	return len - 14;
}

static void check_family(struct nw_craft *c, const char *src_s, const char *dst_s)
{
	struct nw_addr src = addr(src_s), dst = addr(dst_s), got_src, got_dst;
	uint8_t tpl[NW_SYN_TEMPLATE_MAX], want[NW_SYN_TEMPLATE_MAX], out[NW_SYN_TEMPLATE_MAX];
	struct nw_syn_template t;
	struct nw_pkt pkt;
	const char *why;
	size_t tlen = build(c, &src, &src, 0, 0, 0, 64, tpl), wlen;

	CHECK_INT(nw_syn_template_init(&t, tpl, tlen, &why), 0);
	wlen = build(c, &src, &dst, 61234, 8443, 0xdeadbeef, 33, want);
	CHECK_INT(t.len, wlen);
	nw_syn_stamp(&t, out, &dst, 61234, 8443, 0xdeadbeef, 33);
	CHECK(memcmp(out, want, wlen) == 0);

	CHECK_INT(nw_decode(NW_LINK_RAW, out, t.len, &pkt), NW_OK);
	CHECK(pkt.layers & NW_HAS_TCP);
	CHECK(nw_pkt_ip_addrs(&pkt, &got_src, &got_dst));
	CHECK(nw_addr_equal(&got_src, &src));
	CHECK(nw_addr_equal(&got_dst, &dst));
	CHECK_INT(pkt.tcp.sport, 61234);
	CHECK_INT(pkt.tcp.dport, 8443);
	CHECK_INT(pkt.tcp.seq, 0xdeadbeef);
	CHECK_INT(pkt.tcp.flags, NW_TCP_SYN);
	CHECK(pkt.tcp.has_mss && pkt.tcp.mss == 1460);
	CHECK_INT(src.family == AF_INET ? pkt.ip4.ttl : pkt.ip6.hop_limit, 33);
	if (src.family == AF_INET)
		CHECK_INT(nw_inet_checksum(out, t.tcp_off, 0), 0);
	CHECK_INT(nw_inet_checksum(out + t.tcp_off, t.len - t.tcp_off,
				   nw_cksum_pseudo(&src, &dst, 6, (uint32_t)(t.len - t.tcp_off))),
		  0);
}

static void check_refused(void)
{
	uint8_t udp[28] = {0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17};
	uint8_t tcp_short[30] = {0x45, 0, 0, 30, 0, 0, 0, 0, 64, 6};
	uint8_t junk[8] = {0};
	struct nw_syn_template t;
	const char *why;

	CHECK_INT(nw_syn_template_init(&t, udp, sizeof(udp), &why), -1);
	CHECK_INT(nw_syn_template_init(&t, tcp_short, sizeof(tcp_short), &why), -1);
	CHECK_INT(nw_syn_template_init(&t, junk, sizeof(junk), &why), -1);
}

int main(void)
{
	char err[256];
	struct nw_craft *c = nw_craft_open_build(err, sizeof(err));

	if (!c) {
		fprintf(stderr, "nw_craft_open_build: %s\n", err);
		return 1;
	}
	check_family(c, "198.18.0.1", "198.18.7.9");
	check_family(c, "2001:db8::1", "2001:db8:1::77");
	check_refused();
	nw_craft_close(c);
	return nw_test_result("test_synstamp");
}
