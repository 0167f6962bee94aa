/*
 * test_pcaps.c: every capture in $NW_PCAPS (tcpdump's test captures)
 * decoded with nw_decode().  Well-formed captures decode without a
 * truncated/malformed layer, with fields checked against what
 * `tcpdump -nv -r FILE` prints; malformed ones never crash (run under
 * AddressSanitizer) and are reported at the layer that is broken, or are
 * listed below with the reason our layers cannot see the defect.
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sys/capture.h"
#include "wire/pkt.h"
#include "testlib.h"

/* ---- what each capture is ------------------------------------------------ */

/* Well-formed (from tests/pcaps README): prefixes, with the exceptions below. */
static const char *const wellformed_prefix[] = {
    "tcp-handshake-nano",
    "tfo-",
    "accecn_handshake",
    "ipv4_tcp_http_xml",
    "tcp_rst_",
    "mptcp-",
    "dns_udp",
    "dns_tcp",
    "dnssec",
    "edns-opts",
    "dns-uri",
    "icmpv6.pcap",
    "icmp-rfc5837",
    "mpls-traceroute",
    "LINKTYPE_",
    "ppp_ip_udp_dns",
};

/* Name parts that mark a capture as malformed on purpose. */
static const char *const malformed_marks[] = {
    "oobr", "heapoverflow", "asan",	"invalid", "trunc",   "bad",
    "zlip", "too-long",	    "negative", "cve",	   "missing", "length-zero",
};

/* Well-formed captures on link types we do not decode: NW_UNSUPPORTED at the link. */
static const struct {
	const char *file, *why;
} unsupported_link[] = {
    {"mpls-traceroute.pcap", "PPP (link type 9)"},
    {"icmp-rfc5837.pcap", "PPP (link type 9)"},
    {"ppp_ip_udp_dns.pcap", "PPP in HDLC framing (link type 50)"},
    {"LINKTYPE_PKTAP.pcap", "Apple PKTAP (link type 258)"},
    {"LINKTYPE_USER2_PKTAP.pcap", "PKTAP as DLT_USER2 (link type 149)"},
};

enum expect_kind {
	AT_LAYER,    /* some packet has a non-OK status at one of the layers in mask */
	CUT_PAYLOAD, /* the defect is a cut-short IP payload: truncated_payload is set */
	ABOVE,	     /* the defect is in a protocol we do not parse */
	LINK_UNSUP,  /* on a link type we do not decode: NW_UNSUPPORTED at the link */
};

static const struct {
	const char *file;
	enum expect_kind kind;
	unsigned mask;
	const char *why;
} malformed[] = {
    {"aarp-heapoverflow-1.pcap", ABOVE, 0, "AppleTalk ARP (ethertype 0x80f3)"},
    {"aarp-heapoverflow-2.pcap", ABOVE, 0, "AppleTalk ARP (ethertype 0x80f3)"},
    {"arp-oobr.pcap", AT_LAYER, NW_HAS_ARP, "ARP with bad lengths"},
    {"arp-too-long-tha.pcap", AT_LAYER, NW_HAS_ARP, "ARP hardware length 14"},
    {"cve2015-0261-crash.pcap", LINK_UNSUP, 0, "SLIP (link type 8)"},
    {"cve2015-0261-ipv6.pcap", LINK_UNSUP, 0, "SLIP (link type 8)"},
    {"dns-badcookie.pcap", ABOVE, 0, "DNS cookie option"},
    {"dns-badlabel.pcap", ABOVE, 0, "DNS label"},
    {"dns-badvers.pcap", ABOVE, 0, "DNS BADVERS response"},
    {"dns-zlip-1.pcap", ABOVE, 0, "DNS name compression loop"},
    {"dns-zlip-2.pcap", ABOVE, 0, "DNS name compression loop"},
    {"dns-zlip-3.pcap", ABOVE, 0, "DNS name compression loop"},
    {"heapoverflow-tcp_print.pcap", AT_LAYER, NW_HAS_TCP, "TCP options cut short"},
    {"icmp-cksum-oobr-1.pcap", CUT_PAYLOAD, NW_HAS_IPV4,
     "IPv4 total length beyond the capture (tcpdump summed past it)"},
    {"icmp-cksum-oobr-2.pcap", LINK_UNSUP, 0, "PPP (link type 9)"},
    {"icmp-cksum-oobr-3.pcapng", CUT_PAYLOAD, NW_HAS_IPV4,
     "IPv4 total length beyond the capture (tcpdump summed past it)"},
    {"icmp-cksum-oobr-4.pcapng", LINK_UNSUP, 0, "PPP (link type 9)"},
    {"icmp-icmp_print-oobr-1.pcap", AT_LAYER, NW_HAS_ICMP, "ICMP header cut short"},
    {"icmp-icmp_print-oobr-2.pcap", LINK_UNSUP, 0, "Frame Relay (link type 107)"},
    {"icmp-length-zero.pcapng", ABOVE, 0,
     "IPv4 total length 0 is read as a TSO send (length from the capture), as in "
     "ipv4_tcp_http_xml_tso; the ICMP echo inside is intact"},
    {"icmp-rfc8335-missing-bytes.pcap", ABOVE, 0, "IP inside MACsec (ethertype 0x88e5)"},
    {"icmp6_mobileprefix_asan.pcap", AT_LAYER, NW_HAS_LINK,
     "mobile prefix option (above us); the second record is empty"},
    {"icmp6_nodeinfo_oobr.pcap", LINK_UNSUP, 0, "SLIP (link type 8)"},
    {"icmpv6-length-zero.pcapng", AT_LAYER, NW_HAS_IPV6 | NW_HAS_ICMPV6,
     "IPv6 payload length 0 for ICMPv6"},
    {"ip6_frag_asan.pcap", AT_LAYER, NW_HAS_IPV6, "fragment header cut short"},
    {"ipv6-bad-version.pcap", AT_LAYER, NW_HAS_IPV6, "IP version 0 in an IPv6 frame"},
    {"ipv6-mobility-header-oobr.pcap", CUT_PAYLOAD, NW_HAS_IPV6,
     "mobility header (not parsed) beyond the capture"},
    {"ipv6-next-header-oobr-1.pcap", AT_LAYER, NW_HAS_IPV6, "hop-by-hop header cut short"},
    {"ipv6-next-header-oobr-2.pcap", AT_LAYER, NW_HAS_IPV6, "hop-by-hop header cut short"},
    {"ipv6-rthdr-oobr.pcap", AT_LAYER, NW_HAS_IPV6, "routing header cut short"},
    {"ipv6-srh-tlv-pad1-padn-5-trunc.pcap", AT_LAYER, NW_HAS_IPV6, "segment routing header cut"},
    {"ipv6-too-long-jumbo.pcap", AT_LAYER, NW_HAS_IPV6, "bad jumbo payload option"},
    {"ipv6_frag6_negative_len.pcap", AT_LAYER, NW_HAS_IPV6, "fragment with length 0"},
    {"ipv6_invalid_length.pcap", AT_LAYER, NW_HAS_IPV6, "IPv6 header cut short"},
    {"ipv6_invalid_length_2.pcap", CUT_PAYLOAD, NW_HAS_IPV6, "payload length 1 byte too long"},
    {"ipv6_jumbogram_invalid_length.pcap", CUT_PAYLOAD, NW_HAS_IPV6,
     "jumbo length 1 byte longer than the capture"},
    {"ipv6_missing_jumbo_payload_option.pcap", AT_LAYER, NW_HAS_IPV6,
     "payload length 0 without a jumbo option"},
    {"ipv6hdr-heapoverflow.pcap", AT_LAYER, NW_HAS_IPV6, "hop-by-hop header"},
    {"LINKTYPE_IPV4_invalid.pcap", AT_LAYER, NW_HAS_IPV4, "IPv6 packet on LINKTYPE_IPV4"},
    {"LINKTYPE_IPV6_invalid.pcap", AT_LAYER, NW_HAS_IPV6, "IPv4 packet on LINKTYPE_IPV6"},
    {"tcp-auth-heapoverflow.pcap", AT_LAYER, NW_HAS_TCP, "TCP-AO option cut short"},
    {"tcp_header_heapoverflow.pcap", AT_LAYER, NW_HAS_TCP, "TCP header cut short"},
    {"tcp_rst_data-trunc.pcap", CUT_PAYLOAD, NW_HAS_IPV4,
     "RST diagnostic text (not parsed) cut by the snapshot length"},
    {"tcp_rst_diag_payload-trunc.pcap", CUT_PAYLOAD, NW_HAS_IPV4,
     "RST diagnostic text (not parsed) cut by the snapshot length"},
    {"udp-length-heapoverflow.pcap", AT_LAYER, NW_HAS_UDP, "UDP header cut short"},
};

/* ---- per-file results ---------------------------------------------------- */

struct result {
	int packets;
	int count[4];	       /* per enum nw_status */
	unsigned bad_layers;   /* error_layer of every non-OK packet */
	unsigned unsup_layers; /* error_layer of every NW_UNSUPPORTED packet */
	int cut_payload;       /* packets with ip4/ip6 truncated_payload */
	enum nw_status first_status;
	unsigned first_layer;
	const char *first_error;
	int first_index;
};

typedef void (*check_fn)(int idx, const struct nw_pkt *p, const struct nw_cap_pkt *cp);

static bool has_prefix(const char *s, const char *pre)
{
	return strncmp(s, pre, strlen(pre)) == 0;
}

static bool addr4_is(struct in_addr a, const char *s)
{
	struct in_addr b;
	return inet_pton(AF_INET, s, &b) == 1 && a.s_addr == b.s_addr;
}

static bool addr6_is(const struct in6_addr *a, const char *s)
{
	struct in6_addr b;
	return inet_pton(AF_INET6, s, &b) == 1 && memcmp(a, &b, 16) == 0;
}

/* ---- fields checked against tcpdump -nv ---------------------------------- */

/*
 * tcp-handshake-nano (Linux cooked, nanosecond file):
 * 1418145369.924505488 131.155.215.69.46656 > 137.116.81.94.80: [S] seq 797190859,
 *   win 27200, options [mss 1360,sackOK,TS val 1131021154 ecr 0,nop,wscale 7]
 * 1418145370.052027262 137.116.81.94.80 > .46656: [S.] seq 3078856592, ack 797190860,
 *   win 8192, options [mss 1440,nop,wscale 8,sackOK,TS val 234205008 ecr 1131021154]
 * 1418145370.052115157 .46656 > .80: [.] ack 1 (797190860 / 3078856593), win 213,
 *   options [nop,nop,TS val 1131021186 ecr 234205008]
 */
static void check_handshake(int idx, const struct nw_pkt *p, const struct nw_cap_pkt *cp)
{
	static const int64_t ts[3] = {1418145369924505488LL, 1418145370052027262LL,
				      1418145370052115157LL};
	CHECK_INT(p->link.linktype, NW_LINK_SLL);
	CHECK(p->layers & NW_HAS_IPV4);
	CHECK(p->layers & NW_HAS_TCP);
	if (idx < 3)
		CHECK_INT(cp->ts_ns, ts[idx]);
	bool fwd = idx != 1;
	CHECK(addr4_is(fwd ? p->ip4.src : p->ip4.dst, "131.155.215.69"));
	CHECK(addr4_is(fwd ? p->ip4.dst : p->ip4.src, "137.116.81.94"));
	CHECK_INT(fwd ? p->tcp.sport : p->tcp.dport, 46656);
	CHECK_INT(fwd ? p->tcp.dport : p->tcp.sport, 80);
	switch (idx) {
	case 0:
		CHECK_INT(p->ip4.ttl, 64);
		CHECK_INT(p->ip4.id, 10665);
		CHECK(p->ip4.df);
		CHECK_INT(p->tcp.flags, NW_TCP_SYN);
		CHECK_INT(p->tcp.seq, 797190859u);
		CHECK_INT(p->tcp.window, 27200);
		CHECK(p->tcp.has_mss);
		CHECK_INT(p->tcp.mss, 1360);
		CHECK(p->tcp.sack_permitted);
		CHECK(p->tcp.has_ts);
		CHECK_INT(p->tcp.ts_val, 1131021154u);
		CHECK_INT(p->tcp.ts_ecr, 0);
		CHECK(p->tcp.has_wscale);
		CHECK_INT(p->tcp.wscale, 7);
		CHECK_INT(p->tcp.checksum, 0x50c4);
		CHECK_INT(p->tcp.doff, 40);
		break;
	case 1:
		CHECK_INT(p->ip4.ttl, 117);
		CHECK_INT(p->tcp.flags, NW_TCP_SYN | NW_TCP_ACK);
		CHECK_INT(p->tcp.seq, 3078856592u);
		CHECK_INT(p->tcp.ack, 797190860u);
		CHECK_INT(p->tcp.window, 8192);
		CHECK_INT(p->tcp.mss, 1440);
		CHECK_INT(p->tcp.wscale, 8);
		CHECK(p->tcp.sack_permitted);
		CHECK_INT(p->tcp.ts_val, 234205008u);
		CHECK_INT(p->tcp.ts_ecr, 1131021154u);
		CHECK_INT(p->tcp.checksum, 0x8648);
		break;
	case 2:
		CHECK_INT(p->tcp.flags, NW_TCP_ACK);
		CHECK_INT(p->tcp.seq, 797190860u);
		CHECK_INT(p->tcp.ack, 3078856593u);
		CHECK_INT(p->tcp.window, 213);
		CHECK(!p->tcp.has_mss && !p->tcp.has_wscale && !p->tcp.sack_permitted);
		CHECK(p->tcp.has_ts);
		CHECK_INT(p->tcp.ts_val, 1131021186u);
		CHECK_INT(p->tcp.ts_ecr, 234205008u);
		CHECK_INT(p->tcp.doff, 32);
		break;
	}
	CHECK_INT(p->tcp.payload_len, 0);
}

/*
 * tfo-5c1fa7f9ae91: experimental TFO option (254, magic 0xF989).
 * 1 [S] options [exp-tfo cookiereq]; 2 [S] [mss 1460,exp-tfo cookiereq]
 * 3 [S.] [exp-tfo cookie 090909090000,nop,nop]; 4 [S.] [mss 1500,exp-tfo cookie ...]
 * 13 [S] seq 936732547:936732551 [exp-tfo cookie 090909090000,nop,nop], length 4
 */
static void check_tfo(int idx, const struct nw_pkt *p, const struct nw_cap_pkt *cp)
{
	static const uint8_t cookie[6] = {0x09, 0x09, 0x09, 0x09, 0x00, 0x00};
	(void)cp;
	CHECK(p->layers & NW_HAS_TCP);
	switch (idx) {
	case 0:
	case 1:
		CHECK_INT(p->tcp.flags, NW_TCP_SYN);
		CHECK_INT(p->tcp.seq, 218476388u);
		CHECK(p->tcp.has_tfo);
		CHECK_INT(p->tcp.tfo_cookie_len, 0);
		CHECK_INT(p->tcp.has_mss, idx == 1);
		if (idx == 1)
			CHECK_INT(p->tcp.mss, 1460);
		break;
	case 2:
	case 3:
	case 12:
		CHECK(p->tcp.has_tfo);
		CHECK_INT(p->tcp.tfo_cookie_len, 6);
		CHECK(memcmp(p->tcp.tfo_cookie, cookie, 6) == 0);
		if (idx == 3)
			CHECK_INT(p->tcp.mss, 1500);
		if (idx == 12) {
			CHECK_INT(p->tcp.seq, 936732547u);
			CHECK_INT(p->tcp.payload_len, 4);
			CHECK_INT(p->tcp.sport, 13048);
		} else {
			CHECK_INT(p->tcp.flags, NW_TCP_SYN | NW_TCP_ACK);
			CHECK_INT(p->tcp.seq, 4035392501u);
			CHECK_INT(p->tcp.ack, 218476389u);
			CHECK_INT(p->tcp.sport, 13054);
			CHECK_INT(p->tcp.dport, 13047);
		}
		break;
	case 4:
		CHECK(!p->tcp.has_tfo);
		CHECK_INT(p->tcp.flags, NW_TCP_ACK);
		CHECK(addr4_is(p->ip4.src, "192.168.0.100"));
		CHECK(addr4_is(p->ip4.dst, "3.3.3.3"));
		break;
	}
	CHECK_INT(p->tcp.window, 1400);
}

/*
 * accecn_handshake: tcpdump prints [SEW], [S.W], [.W]; the AE bit is the
 * low bit of byte 12 (0xa1, 0xd0, 0xc0 on the wire).
 */
static void check_accecn(int idx, const struct nw_pkt *p, const struct nw_cap_pkt *cp)
{
	(void)cp;
	CHECK(p->layers & NW_HAS_TCP);
	switch (idx) {
	case 0:
		CHECK_INT(p->tcp.flags, NW_TCP_AE | NW_TCP_CWR | NW_TCP_ECE | NW_TCP_SYN);
		CHECK_INT(p->tcp.seq, 1948076589u);
		CHECK_INT(p->tcp.window, 65535);
		CHECK_INT(p->tcp.mss, 1460);
		CHECK_INT(p->tcp.wscale, 6);
		CHECK(p->tcp.sack_permitted);
		CHECK_INT(p->tcp.ts_val, 112147477u);
		break;
	case 1:
		CHECK_INT(p->tcp.flags, NW_TCP_CWR | NW_TCP_ACK | NW_TCP_SYN);
		CHECK_INT(p->tcp.ack, 1948076590u);
		CHECK_INT(p->tcp.window, 65160);
		CHECK_INT(p->tcp.wscale, 7);
		CHECK(p->tcp.unknown_options >= 1); /* exp-acc0 */
		break;
	case 2:
		CHECK_INT(p->tcp.flags, NW_TCP_CWR | NW_TCP_ACK);
		CHECK_INT(p->tcp.window, 1027);
		break;
	case 3:
		CHECK_INT(p->tcp.flags & 0xff, NW_TCP_PSH | NW_TCP_ACK | NW_TCP_ECE);
		CHECK_INT(p->tcp.payload_len, 78);
		CHECK(p->tcp.payload && memcmp(p->tcp.payload, "GET /1M HTTP/1.1", 16) == 0);
		CHECK_INT(p->ip4.tos, 0x02);
		break;
	case 4:
		CHECK_INT(p->tcp.flags & 0xff, NW_TCP_ACK | NW_TCP_ECE);
		CHECK_INT(p->ip4.tos, 0x01);
		break;
	}
}

/* icmpv6: a router advertisement, then MLDv2 reports/queries behind a hop-by-hop header. */
static void check_icmpv6(int idx, const struct nw_pkt *p, const struct nw_cap_pkt *cp)
{
	(void)cp;
	CHECK(p->layers & NW_HAS_IPV6);
	CHECK(p->layers & NW_HAS_ICMPV6);
	if (idx == 0) {
		CHECK_INT(p->icmp6.type, 134);
		CHECK_INT(p->ip6.hop_limit, 255);
		CHECK_INT(p->ip6.payload_len, 176);
		CHECK(addr6_is(&p->ip6.src, "fe80::b299:28ff:fec8:d66c"));
		CHECK(addr6_is(&p->ip6.dst, "ff02::1"));
	} else {
		CHECK_INT(p->ip6.next_header, 0);
		CHECK_INT(p->ip6.ext_count, 1);
		CHECK_INT(p->ip6.proto, 58);
		CHECK_INT(p->icmp6.type, idx == 2 ? 130 : 143);
	}
}

/* Neighbor solicitations: targets as tcpdump prints them ("who has ..."). */
static void check_ns_nonce(int idx, const struct nw_pkt *p, const struct nw_cap_pkt *cp)
{
	static const uint8_t mac[6] = {0x56, 0x6f, 0xf7, 0xe1, 0x00, 0x0f};
	(void)cp;
	if (idx != 0)
		return;
	CHECK_INT(p->icmp6.type, 135);
	CHECK(addr6_is(&p->icmp6.target, "fe80::546f:f7ff:fee1:f"));
	CHECK(addr6_is(&p->ip6.dst, "ff02::1:ffe1:f"));
	CHECK(memcmp(p->link.src, mac, 6) == 0);
	CHECK(!p->icmp6.has_src_lladdr); /* DAD: only a nonce option */
}

static void check_bad_version(int idx, const struct nw_pkt *p, const struct nw_cap_pkt *cp)
{
	(void)cp;
	if (idx == 0 || idx == 2) {
		CHECK_INT(p->status, NW_OK);
		CHECK_INT(p->icmp6.type, 135);
		CHECK(addr6_is(&p->icmp6.target, idx == 0
						     ? "fe80::20c:29ff:fe76:6c14"
						     : "1111:2222:3333:4444:20c:29ff:fe76:6c14"));
		CHECK(addr6_is(&p->ip6.src, "::"));
	} else {
		CHECK_INT(p->status, NW_MALFORMED);
		CHECK_INT(p->error_layer, NW_HAS_IPV6);
	}
}

/*
 * ipv4_tcp_http_xml_tso: IPv4 total length 0 (TSO).  The bytes (tcpdump -xx):
 * id 0x42c9, DF, ttl 128, 30.7.181.121.39556 > 199.43.68.163.8080, [P.],
 * seq 0x70bb89c8, ack 0x2b5b50d7; 2030 bytes captured, so 1976 of payload.
 */
static void check_tso(int idx, const struct nw_pkt *p, const struct nw_cap_pkt *cp)
{
	(void)idx;
	CHECK(p->layers & NW_HAS_TCP);
	CHECK_INT(p->ip4.total_len, 0);
	CHECK_INT(p->ip4.id, 0x42c9);
	CHECK(p->ip4.df);
	CHECK_INT(p->ip4.ttl, 128);
	CHECK(addr4_is(p->ip4.src, "30.7.181.121"));
	CHECK(addr4_is(p->ip4.dst, "199.43.68.163"));
	CHECK_INT(p->tcp.sport, 39556);
	CHECK_INT(p->tcp.dport, 8080);
	CHECK_INT(p->tcp.seq, 0x70bb89c8u);
	CHECK_INT(p->tcp.ack, 0x2b5b50d7u);
	CHECK_INT(p->tcp.flags, NW_TCP_PSH | NW_TCP_ACK);
	CHECK_INT(cp->caplen, 2030);
	CHECK_INT(p->tcp.payload_len, 2030 - 14 - 20 - 20);
}

/* ipv4_tcp_http_xml: 10.21.11.94.80 > 10.114.101.120.5767 [P.] seq 908588050:908588655. */
static void check_http(int idx, const struct nw_pkt *p, const struct nw_cap_pkt *cp)
{
	(void)idx;
	(void)cp;
	CHECK_INT(p->ip4.total_len, 645);
	CHECK_INT(p->tcp.sport, 80);
	CHECK_INT(p->tcp.dport, 5767);
	CHECK_INT(p->tcp.seq, 908588050u);
	CHECK_INT(p->tcp.ack, 2693707125u);
	CHECK_INT(p->tcp.window, 63750);
	CHECK_INT(p->tcp.payload_len, 605);
	CHECK(p->tcp.payload && memcmp(p->tcp.payload, "HTTP/1.1 200 OK", 15) == 0);
}

/* LINKTYPE_IPV4 / RAW_ipv4: 192.168.1.100.12345 > 9.9.9.9.53 UDP, IP length 57. */
static void check_v4_dns(int idx, const struct nw_pkt *p, const struct nw_cap_pkt *cp)
{
	(void)idx;
	(void)cp;
	CHECK(!p->link.has_macs);
	CHECK_INT(p->link.ethertype, NW_ETHERTYPE_IPV4);
	CHECK(p->layers & NW_HAS_UDP);
	CHECK_INT(p->ip4.total_len, 57);
	CHECK_INT(p->ip4.ttl, 64);
	CHECK_INT(p->ip4.id, 1);
	CHECK(addr4_is(p->ip4.src, "192.168.1.100"));
	CHECK(addr4_is(p->ip4.dst, "9.9.9.9"));
	CHECK_INT(p->udp.sport, 12345);
	CHECK_INT(p->udp.dport, 53);
	CHECK_INT(p->udp.payload_len, 29);
}

/* LINKTYPE_IPV6 / RAW_ipv6: 2001:db8::1.12345 > 2620:fe::9.53 UDP, payload length 37. */
static void check_v6_dns(int idx, const struct nw_pkt *p, const struct nw_cap_pkt *cp)
{
	(void)idx;
	(void)cp;
	CHECK(!p->link.has_macs);
	CHECK_INT(p->link.ethertype, NW_ETHERTYPE_IPV6);
	CHECK(p->layers & NW_HAS_UDP);
	CHECK_INT(p->ip6.payload_len, 37);
	CHECK_INT(p->ip6.hop_limit, 64);
	CHECK(addr6_is(&p->ip6.src, "2001:db8::1"));
	CHECK(addr6_is(&p->ip6.dst, "2620:fe::9"));
	CHECK_INT(p->udp.sport, 12345);
	CHECK_INT(p->udp.dport, 53);
	CHECK_INT(p->udp.len, 37);
	CHECK_INT(p->udp.payload_len, 29);
}

static const struct {
	const char *file;
	int linktype;
	int packets;
	check_fn fn;
} field_checks[] = {
    {"tcp-handshake-nano.pcap", NW_LINK_SLL, 3, check_handshake},
    {"tfo-5c1fa7f9ae91.pcap", NW_LINK_ETHERNET, 14, check_tfo},
    {"accecn_handshake.pcap", NW_LINK_ETHERNET, 6, check_accecn},
    {"icmpv6.pcap", NW_LINK_ETHERNET, 5, check_icmpv6},
    {"icmpv6-ns-nonce.pcap", NW_LINK_ETHERNET, 1, check_ns_nonce},
    {"ipv6-bad-version.pcap", NW_LINK_ETHERNET, 4, check_bad_version},
    {"ipv4_tcp_http_xml_tso.pcap", NW_LINK_ETHERNET, 1, check_tso},
    {"ipv4_tcp_http_xml.pcap", NW_LINK_ETHERNET, 1, check_http},
    {"LINKTYPE_IPV4.pcap", NW_LINK_IPV4, 1, check_v4_dns},
    {"LINKTYPE_RAW_ipv4.pcap", NW_LINK_RAW, 1, check_v4_dns},
    {"LINKTYPE_IPV6.pcap", NW_LINK_IPV6, 1, check_v6_dns},
    {"LINKTYPE_RAW_ipv6.pcap", NW_LINK_RAW, 1, check_v6_dns},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool run_file(const char *dir, const char *name, check_fn fn, int *linktype,
		     struct result *r)
{
	char path[2048], err[512] = "";
	struct nw_cap_pkt cp;
	struct nw_cap *c;
	int rc;

	memset(r, 0, sizeof(*r));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	c = nw_cap_open_file(path, NULL, err, sizeof(err));
	if (!c) {
		fprintf(stderr, "%s: %s\n", name, err);
		return false;
	}
	*linktype = nw_cap_linktype(c);
	while ((rc = nw_cap_next(c, &cp, err, sizeof(err))) == 1) {
		/* A malloc'd copy of exactly caplen bytes, so ASan sees any over-read. */
		uint8_t *copy = malloc(cp.caplen ? cp.caplen : 1);
		struct nw_pkt p;
		if (!copy)
			abort();
		memcpy(copy, cp.data, cp.caplen);
		memset(&p, 0, sizeof(p));
		enum nw_status st = nw_decode(*linktype, copy, cp.caplen, &p);
		CHECK_INT(st, p.status);
		if (st > NW_UNSUPPORTED)
			st = NW_MALFORMED;
		r->count[st]++;
		if (st != NW_OK) {
			CHECK(p.error != NULL);
			r->bad_layers |= p.error_layer;
			if (st == NW_UNSUPPORTED)
				r->unsup_layers |= p.error_layer;
			if (!r->first_status) {
				r->first_status = st;
				r->first_layer = p.error_layer;
				r->first_error = p.error;
				r->first_index = r->packets;
			}
		}
		if (((p.layers & NW_HAS_IPV4) && p.ip4.truncated_payload) ||
		    ((p.layers & NW_HAS_IPV6) && p.ip6.truncated_payload))
			r->cut_payload++;
		/* Payload pointers must lie inside the packet. */
		if (p.layers & NW_HAS_UDP && p.udp.payload_len)
			CHECK(p.udp.payload >= copy &&
			      p.udp.payload + p.udp.payload_len <= copy + cp.caplen);
		if (p.layers & NW_HAS_TCP && p.tcp.payload_len)
			CHECK(p.tcp.payload >= copy &&
			      p.tcp.payload + p.tcp.payload_len <= copy + cp.caplen);
		if (fn)
			fn(r->packets, &p, &cp);
		r->packets++;
		free(copy);
	}
	if (rc != -1)
		fprintf(stderr, "%s: read error after %d packets: %s\n", name, r->packets, err);
	nw_cap_close(c);
	return rc == -1;
}

static bool is_capture(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".pcap") == 0) ||
	       (n > 7 && strcmp(name + n - 7, ".pcapng") == 0);
}

static bool any_mark(const char *name)
{
	for (size_t i = 0; i < N(malformed_marks); i++)
		if (strstr(name, malformed_marks[i]))
			return true;
	return false;
}

static bool is_wellformed(const char *name)
{
	if (any_mark(name))
		return false;
	for (size_t i = 0; i < N(wellformed_prefix); i++)
		if (has_prefix(name, wellformed_prefix[i]))
			return true;
	return false;
}

int main(void)
{
	const char *dir = getenv("NW_PCAPS");
	struct dirent **ents;
	struct stat st;
	int n, files = 0, packets = 0;
	bool seen_malformed[N(malformed)] = {false};
	bool seen_checks[N(field_checks)] = {false};

	if (!dir || !*dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "NW_PCAPS unset or not a directory: skipped\n");
		return 77;
	}
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		perror(dir);
		return 77;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		struct result r;
		check_fn fn = NULL;
		int lt = -1, want_lt = -1, want_packets = -1;
		size_t k;

		if (!is_capture(name))
			continue;
		for (k = 0; k < N(field_checks); k++)
			if (strcmp(name, field_checks[k].file) == 0) {
				fn = field_checks[k].fn;
				want_lt = field_checks[k].linktype;
				want_packets = field_checks[k].packets;
				seen_checks[k] = true;
			}
		bool ok = run_file(dir, name, fn, &lt, &r);
		files++;
		packets += r.packets;
		if (want_lt >= 0) {
			CHECK_INT(lt, want_lt);
			CHECK_INT(r.packets, want_packets);
		}

		if (is_wellformed(name)) {
			CHECK(ok);
			CHECK(r.packets > 0);
			const char *why = NULL;
			for (k = 0; k < N(unsupported_link); k++)
				if (strcmp(name, unsupported_link[k].file) == 0)
					why = unsupported_link[k].why;
			if (why) {
				/* Every packet is unsupported, at the link layer. */
				CHECK_INT(r.count[NW_UNSUPPORTED], r.packets);
				CHECK_INT(r.unsup_layers, NW_HAS_LINK);
				printf("%-40s %4d packets: unsupported link, as expected: %s\n",
				       name, r.packets, why);
				continue;
			}
			if (r.count[NW_TRUNCATED] || r.count[NW_MALFORMED] ||
			    r.count[NW_UNSUPPORTED])
				fprintf(stderr, "%s: packet %d: %s at layer 0x%x: %s\n", name,
					r.first_index + 1, nw_status_name(r.first_status),
					r.first_layer, r.first_error ? r.first_error : "?");
			CHECK_INT(r.count[NW_TRUNCATED], 0);
			CHECK_INT(r.count[NW_MALFORMED], 0);
			CHECK_INT(r.count[NW_UNSUPPORTED], 0);
			printf("%-40s %4d packets: all decoded\n", name, r.packets);
			continue;
		}

		for (k = 0; k < N(malformed); k++)
			if (strcmp(name, malformed[k].file) == 0)
				break;
		if (k == N(malformed)) {
			if (any_mark(name)) {
				fprintf(stderr, "%s: malformed capture missing from the table\n",
					name);
				CHECK(!"every malformed capture is in the table");
			}
			printf("%-40s %4d packets: ok %d, truncated %d, malformed %d, "
			       "unsupported %d (not classified)\n",
			       name, r.packets, r.count[0], r.count[1], r.count[2], r.count[3]);
			continue;
		}
		seen_malformed[k] = true;
		switch (malformed[k].kind) {
		case AT_LAYER:
			if (!(r.bad_layers & malformed[k].mask))
				fprintf(stderr, "%s: want a failure at layer 0x%x, got 0x%x\n",
					name, malformed[k].mask, r.bad_layers);
			CHECK(r.bad_layers & malformed[k].mask);
			printf("%-40s %4d packets: rejected at layer 0x%x (%s: %s): %s\n", name,
			       r.packets, r.first_layer, nw_status_name(r.first_status),
			       r.first_error ? r.first_error : "?", malformed[k].why);
			break;
		case CUT_PAYLOAD:
			CHECK(r.cut_payload > 0);
			printf("%-40s %4d packets: IP payload flagged cut short: %s\n", name,
			       r.packets, malformed[k].why);
			break;
		case ABOVE:
			printf("%-40s %4d packets: defect above our layers: %s\n", name, r.packets,
			       malformed[k].why);
			break;
		case LINK_UNSUP:
			CHECK_INT(r.count[NW_UNSUPPORTED], r.packets);
			CHECK_INT(r.unsup_layers, NW_HAS_LINK);
			printf("%-40s %4d packets: link type not decoded: %s\n", name, r.packets,
			       malformed[k].why);
			break;
		}
	}
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);

	for (size_t k = 0; k < N(malformed); k++)
		if (!seen_malformed[k]) {
			fprintf(stderr, "%s: listed but not found in %s\n", malformed[k].file, dir);
			CHECK(seen_malformed[k]);
		}
	for (size_t k = 0; k < N(field_checks); k++)
		if (!seen_checks[k]) {
			fprintf(stderr, "%s: not found in %s\n", field_checks[k].file, dir);
			CHECK(seen_checks[k]);
		}
	printf("%d captures, %d packets\n", files, packets);
	return nw_test_result("test_pcaps");
}
