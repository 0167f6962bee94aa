/*
 * seedgen.c: cut captures into seed inputs for the fuzz targets.
 *
 *   seedgen PCAPDIR OUTDIR
 *
 * For every packet of every capture in PCAPDIR, writes OUTDIR/<target>/<file>-<n>:
 * for link and decode the link-type selector byte (fuzz.h) and the frame;
 * for icmpext the family byte (0 ICMP, 1 ICMPv6) and the ICMP message; for
 * the other targets the bytes from that layer's start to the end of the
 * packet, found by running the parsers in order.  PPP frames of IPv4 (link
 * type 9, where the MPLS traceroute captures are) seed the layers above the
 * link too.  The text targets (resolvconf, roothints, punycode, addrset,
 * portset) get small files of their own, OUTDIR/<target>/<name>, and so
 * does sockdiag (replies of a Linux kernel, tests/unit/sockdiag_vectors.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "dns/roothints.h"
#include "sys/capture.h"
#include "fuzz.h"
#include "../unit/sockdiag_vectors.h" /* real inet_diag replies: the sockdiag seeds */
#include "wire/pkt.h"

static const char *outdir;
static unsigned long written[NW_FUZZ_NTARGETS];
static int failures;

/* Write OUTDIR/<target>/<name>: pre (a selector byte or nothing), then data. */
static void write_seed(int target, const char *name, const uint8_t *pre, size_t prelen,
		       const uint8_t *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", outdir, nw_fuzz_target_name(target), name);
	f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "seedgen: %s: %s\n", path, strerror(errno));
		failures++;
		return;
	}
	if ((prelen && fwrite(pre, 1, prelen, f) != prelen) ||
	    (len && fwrite(data, 1, len, f) != len)) {
		fprintf(stderr, "seedgen: %s: write error\n", path);
		failures++;
	}
	if (fclose(f) != 0)
		failures++;
	written[target]++;
}

static void put(int target, const char *file, int n, const uint8_t *pre, size_t prelen,
		const uint8_t *data, size_t len)
{
	char name[4096];
	snprintf(name, sizeof(name), "%s-%d", file, n);
	write_seed(target, name, pre, prelen, data, len);
}

static void put_named(int target, const char *name, const char *text)
{
	write_seed(target, name, NULL, 0, (const uint8_t *)text, strlen(text));
}

enum {
	T_LINK,
	T_ARP,
	T_IPV4,
	T_IPV6,
	T_ICMP,
	T_ICMPV6,
	T_UDP,
	T_TCP,
	T_DECODE,
	T_DNS,
	T_ICMPEXT,
	T_RESOLVCONF,
	T_ROOTHINTS,
	T_PUNYCODE,
	T_TRACE,
	T_ADDRSET,
	T_PORTSET,
	T_SOCKDIAG
};

/*
 * Seeds for the text parsers: what nw-resolve reads (resolv.conf, root
 * hints as IANA, the tests and nw-lab write them), RFC 3492's punycode
 * samples, with UTF-8 names for nw_punycode_name, and nw-scan's targets
 * (an -iL file, after a '!' the exclusions) and port lists (the -p list,
 * then after a NUL a --shard argument).
 */
/* clang-format off */
static const struct {
	int target;
	const char *name, *text;
} text_seeds[] = {
	{T_RESOLVCONF, "resolv.conf", "# generated\nnameserver 198.18.0.53\nnameserver 2001:db8::53\n"
		"search lab.example example.org\noptions ndots:2 timeout:3 attempts:4 rotate edns0\n"},
	{T_RESOLVCONF, "domain", "domain example.test\r\nnameserver fe80::1%eth0\r\n"
		"sortlist 198.18.0.0/255.254.0.0\r\noptions timeout:0 attempts:99 ndots:x\r\nbogus"},
	{T_ROOTHINTS, "tests.hints", ".\t3600000\tNS\tA.ROOT.TEST.\nA.ROOT.TEST.\t3600000\tA\t198.18.60.1\n"},
	{T_ROOTHINTS, "lab.hints", "; Root hints for the lab's resolver\n"
		".\t\t\t3600000\tNS\ta.root-servers.net.\na.root-servers.net.\t3600000\tA\t198.18.0.1\n"
		"a.root-servers.net.\t3600000\tAAAA\t2001:db8::1\n"},
	{T_ROOTHINTS, "master", "$TTL 1W\n@ IN NS a.root.test.\na.root.test. IN 1W2D A 198.18.60.1 ; c\n"
		"\tAAAA 2001:db8::1\nb.root.test. CH A 198.18.60.2\n"},
	{T_PUNYCODE, "arabic", "egbpdaj6bu4bxfgehfvwxn"},
	{T_PUNYCODE, "chinese", "ihqwcrb4cv8a8dqg056pqjye"},
	{T_PUNYCODE, "mixed", "3B-ww4c5e180e575a65lsy2b"},
	{T_PUNYCODE, "basic", "-> $1.00 <--"},
	{T_PUNYCODE, "bucher", "bcher-kva"},
	{T_PUNYCODE, "name", "b\xc3\xbc" "cher.stra\xc3\x9f" "e.\xe2\x98\x83.example"},
	{T_ADDRSET, "targets", "# lab\n198.18.0.0/24 198.18.1.1-200\n2001:db8::/120\n"
		"2001:db8::1:1-ff web.example\n198.18.0.7\n198.18.0.9-198.18.0.20 # x\n"},
	{T_ADDRSET, "names", "db.example/30\nhost-1.lab.test. 198.18.2.0/25 2001:db8::5-2001:db8::1:0"},
	{T_ADDRSET, "exclude", "198.18.0.0/16 2001:db8::/112\n!198.18.0.0/17 198.18.200.1-9\n"
		"2001:db8::8000-ffff\n"},
	{T_ADDRSET, "bad", "198.18.0.0/33 198.18.0.9-3 ::/0 0.0.0.0/0 198.18.0.300"},
	{T_PORTSET, "list", "22,80,443,1000-2000"},
	{T_PORTSET, "all", "-"},
	{T_PORTSET, "open", "0,1024-,-100,65535"},
	{T_PORTSET, "bad", "70000,200-100,,T:22"},
};
/* clang-format on */

/* The text seeds, and the built-in IANA root hints. */
static void text_files(void)
{
	for (size_t i = 0; i < sizeof text_seeds / sizeof text_seeds[0]; i++)
		put_named(text_seeds[i].target, text_seeds[i].name, text_seeds[i].text);
	put_named(T_ROOTHINTS, "named.root", nw_roothints_iana);
	static const char list_shard[] = "22,80\0"
					 "2/3";
	write_seed(T_PORTSET, "shard", NULL, 0, (const uint8_t *)list_shard, sizeof list_shard - 1);
	write_seed(T_SOCKDIAG, "v4", NULL, 0, sockdiag_v4, sizeof sockdiag_v4);
	write_seed(T_SOCKDIAG, "v6", NULL, 0, sockdiag_v6, sizeof sockdiag_v6);
}

/* DNS seeds: UDP payloads on ports 53/8053, TCP payloads there without the length prefix. */
static void dns_seed(const char *file, int n, const struct nw_pkt *p)
{
	bool udp = (p->layers & NW_HAS_UDP) != 0, tcp = (p->layers & NW_HAS_TCP) != 0;
	uint16_t sp = udp ? p->udp.sport : p->tcp.sport, dp = udp ? p->udp.dport : p->tcp.dport;

	if (!(sp == 53 || dp == 53 || sp == 8053 || dp == 8053))
		return;
	if (udp)
		put(T_DNS, file, n, NULL, 0, p->udp.payload, p->udp.payload_len);
	else if (tcp && p->tcp.payload_len > 2)
		put(T_DNS, file, n, NULL, 0, p->tcp.payload + 2, p->tcp.payload_len - 2);
}

/* The seed for target t: from the cursor to the end of the captured packet. */
static void put_rest(int t, const char *file, int n, const struct nw_buf *b, const uint8_t *pkt,
		     size_t caplen)
{
	size_t off = (size_t)(nw_buf_cur(b) - pkt);

	if (off <= caplen)
		put(t, file, n, NULL, 0, pkt + off, caplen - off);
}

/* The icmpext seed: the family byte, then the ICMP message (the IP payload, no padding). */
static void put_icmpext(uint8_t family, const char *file, int n, const struct nw_buf *b)
{
	put(T_ICMPEXT, file, n, &family, 1, nw_buf_cur(b), nw_buf_left(b));
}

static void transport(uint8_t proto, const char *file, int n, const struct nw_buf *b,
		      const uint8_t *pkt, size_t caplen)
{
	switch (proto) {
	case 1:
		put_rest(T_ICMP, file, n, b, pkt, caplen);
		put_icmpext(0, file, n, b);
		break;
	case 58:
		put_rest(T_ICMPV6, file, n, b, pkt, caplen);
		put_icmpext(1, file, n, b);
		break;
	case 17:
		put_rest(T_UDP, file, n, b, pkt, caplen);
		break;
	case 6:
		put_rest(T_TCP, file, n, b, pkt, caplen);
		break;
	}
}

/* PPP (link type 9) in HDLC-like framing, carrying IPv4: ff 03 00 21. */
static bool ppp_ipv4(int linktype, struct nw_buf *b, struct nw_link *link)
{
	static const uint8_t hdr[4] = {0xff, 0x03, 0x00, 0x21};

	if (linktype != 9 || nw_buf_left(b) < sizeof(hdr) || memcmp(nw_buf_cur(b), hdr, 4) != 0)
		return false;
	nw_buf_skip(b, sizeof(hdr));
	memset(link, 0, sizeof(*link));
	link->ethertype = NW_ETHERTYPE_IPV4;
	return true;
}

static void cut(int linktype, const char *file, int n, const uint8_t *pkt, size_t caplen)
{
	int sel = nw_fuzz_selector(linktype);
	struct nw_link link;
	struct nw_buf b;
	uint8_t selector;

	if (sel < 0)
		return; /* a link type the targets do not pick */
	selector = (uint8_t)sel;
	put(T_LINK, file, n, &selector, 1, pkt, caplen);
	put(T_DECODE, file, n, &selector, 1, pkt, caplen);
	put(T_TRACE, file, n, &selector, 1, pkt, caplen); /* the same frames, fed to a trace */
	{
		struct nw_pkt p;
		nw_decode(linktype, pkt, caplen, &p);
		if (p.layers & (NW_HAS_UDP | NW_HAS_TCP))
			dns_seed(file, n, &p);
	}

	nw_buf_init(&b, pkt, caplen);
	if (!ppp_ipv4(linktype, &b, &link) && nw_parse_link(linktype, &b, &link, NULL) != NW_OK)
		return;
	switch (link.ethertype) {
	case NW_ETHERTYPE_ARP:
		put_rest(T_ARP, file, n, &b, pkt, caplen);
		break;
	case NW_ETHERTYPE_IPV4: {
		struct nw_ipv4 ip;
		put_rest(T_IPV4, file, n, &b, pkt, caplen);
		if (nw_parse_ipv4(&b, &ip, NULL) == NW_OK && ip.frag_offset == 0)
			transport(ip.proto, file, n, &b, pkt, caplen);
		break;
	}
	case NW_ETHERTYPE_IPV6: {
		struct nw_ipv6 ip;
		put_rest(T_IPV6, file, n, &b, pkt, caplen);
		if (nw_parse_ipv6(&b, &ip, NULL) == NW_OK && ip.frag_offset == 0)
			transport(ip.proto, file, n, &b, pkt, caplen);
		break;
	}
	}
}

static bool is_capture(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".pcap") == 0) ||
	       (n > 7 && strcmp(name + n - 7, ".pcapng") == 0);
}

int main(int argc, char **argv)
{
	struct dirent **ents;
	char path[4096], err[512];
	int n, files = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: seedgen PCAPDIR OUTDIR\n");
		return 2;
	}
	outdir = argv[2];
	if (mkdir(outdir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "seedgen: %s: %s\n", outdir, strerror(errno));
		return 1;
	}
	for (int t = 0; t < NW_FUZZ_NTARGETS; t++) {
		snprintf(path, sizeof(path), "%s/%s", outdir, nw_fuzz_target_name(t));
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "seedgen: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	text_files();
	n = scandir(argv[1], &ents, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "seedgen: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		struct nw_cap_pkt cp;
		struct nw_cap *c;
		int k = 0;

		if (is_capture(name)) {
			snprintf(path, sizeof(path), "%s/%s", argv[1], name);
			c = nw_cap_open_file(path, NULL, err, sizeof(err));
			if (!c) {
				/* Not fatal: a capture libpcap cannot open seeds nothing. */
				fprintf(stderr, "seedgen: %s\n", err);
			} else {
				int lt = nw_cap_linktype(c);
				while (nw_cap_next(c, &cp, err, sizeof(err)) == 1)
					cut(lt, name, k++, cp.data, cp.caplen);
				nw_cap_close(c);
				files++;
			}
		}
		free(ents[i]);
	}
	free(ents);
	printf("seedgen: %d captures:", files);
	for (int t = 0; t < NW_FUZZ_NTARGETS; t++)
		printf(" %s %lu", nw_fuzz_target_name(t), written[t]);
	printf("\n");
	return failures ? 1 : 0;
}
