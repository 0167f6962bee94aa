/*
 * test_dns_pcaps.c: every DNS message in tcpdump's DNS captures, found with
 * nw_decode() on UDP and TCP ports 53 and 8053 (TCP streams reassembled per
 * direction, RFC 7766 length prefixes), decoded with nw_dns_parse() and
 * every record rendered.  Well-formed captures decode completely, with
 * fields checked against what `tcpdump -nv -r FILE` prints; the malformed
 * ones (bad labels, forward pointers, compression loops, cut captures) fail
 * with the reason expected, never a crash (run under AddressSanitizer).
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/capture.h"
#include "dns/dns.h"
#include "wire/pkt.h"
#include "testlib.h"

struct tally {
	int ok, truncated, malformed, records;
	int answers_a;	     /* A records in answer sections */
	char first_a[64];    /* first A record's presentation */
	uint16_t rcodes[16]; /* extended rcodes of the responses, in order */
	int nrcodes;
	char last_why[128];
	int types_seen[256]; /* records per type (types < 256 only) */
	char opts[16384];    /* every OPT record's presentation, one per line */
};

/* How the defect of a malformed capture is reached past the first guard. */
enum deeper { NONE, NAME_AT_12, IP_CARRIED };

static char text[NW_DNS_RDATA_STRLEN];

static void walk_section(const struct nw_dns_msg *m, enum nw_dns_section s, struct tally *t,
			 bool *bad, const char **why)
{
	struct nw_dns_iter it;
	struct nw_dns_rr rr;
	int r;
	nw_dns_iter_init(&it, m, s);
	while ((r = nw_dns_rr_next(&it, &rr, why)) == 1) {
		t->records++;
		if (rr.type < 256)
			t->types_seen[rr.type]++;
		if (nw_dns_rdata_str(m, &rr, text, sizeof text, why) != NW_OK) {
			*bad = true;
			return;
		}
		if (rr.type == NW_DNS_T_OPT) {
			size_t used = strlen(t->opts);
			snprintf(t->opts + used, sizeof t->opts - used, "%.1000s\n", text);
		}
		if (s == NW_DNS_ANSWER && rr.type == NW_DNS_T_A && t->answers_a++ == 0)
			snprintf(t->first_a, sizeof t->first_a, "%.63s", text);
	}
	if (r < 0)
		*bad = true;
}

static void one_message(const uint8_t *p, size_t n, struct tally *t)
{
	struct nw_dns_msg m;
	const char *why = NULL;
	bool bad = false;
	enum nw_status st = nw_dns_parse(p, n, &m, &why);
	if (st == NW_OK) {
		for (int s = NW_DNS_ANSWER; s <= NW_DNS_ADDITIONAL && !bad; s++)
			walk_section(&m, (enum nw_dns_section)s, t, &bad, &why);
		if (bad)
			st = NW_MALFORMED;
	}
	if (st == NW_OK) {
		t->ok++;
		if ((m.h.flags & NW_DNS_F_QR) && t->nrcodes < 16)
			t->rcodes[t->nrcodes++] = m.rcode;
	} else {
		if (st == NW_TRUNCATED)
			t->truncated++;
		else
			t->malformed++;
		snprintf(t->last_why, sizeof t->last_why, "%s", why ? why : "?");
	}
}

/* One TCP direction's bytes, split into length-prefixed messages as they complete. */
struct stream {
	uint16_t sport, dport;
	uint8_t buf[70000];
	size_t len;
};

static void stream_feed(struct stream *s, const uint8_t *p, size_t n, struct tally *t)
{
	if (n > sizeof s->buf - s->len)
		n = sizeof s->buf - s->len;
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	while (s->len >= 2) {
		size_t mlen = (size_t)s->buf[0] << 8 | s->buf[1];
		if (s->len < 2 + mlen)
			break;
		one_message(s->buf + 2, mlen, t);
		memmove(s->buf, s->buf + 2 + mlen, s->len - 2 - mlen);
		s->len -= 2 + mlen;
	}
}

static bool dns_port(uint16_t port)
{
	return port == 53 || port == 8053;
}

static struct stream streams[4];

static void tcp_payload(const struct nw_tcp *tcp, struct tally *t)
{
	struct stream *s = NULL;
	for (int i = 0; i < 4 && !s; i++) {
		if (streams[i].sport == tcp->sport && streams[i].dport == tcp->dport)
			s = &streams[i];
		else if (streams[i].sport == 0) {
			s = &streams[i];
			s->sport = tcp->sport;
			s->dport = tcp->dport;
		}
	}
	if (s && tcp->payload_len)
		stream_feed(s, tcp->payload, tcp->payload_len, t);
}

/* The first packet's DNS bytes as the defect needs them, through nw_dns_parse or the name reader.
 */
static void deeper_check(const char *file, enum deeper d, const char *want)
{
	char path[4096], err[512];
	struct nw_cap_pkt cp;
	struct nw_pkt p;
	struct nw_dns_msg m;
	const char *why = "";
	struct nw_cap *c;

	snprintf(path, sizeof path, "%s/%s", getenv("NW_PCAPS"), file);
	c = nw_cap_open_file(path, NULL, err, sizeof err);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_INT(nw_cap_next(c, &cp, err, sizeof err), 1);
	nw_decode(nw_cap_linktype(c), cp.data, cp.caplen, &p);
	CHECK(p.layers & NW_HAS_UDP);
	if (d == NAME_AT_12) {
		struct nw_buf b;
		struct nw_dns_name n;
		nw_buf_init(&b, p.udp.payload, p.udp.payload_len);
		b.pos = NW_DNS_HEADER_LEN;
		CHECK_INT(nw_dns_name_read(&b, &n, &why), NW_MALFORMED);
	} else {
		/* IPv4 total length minus its header and the UDP header, within the capture. */
		size_t n = p.ip4.total_len - p.ip4.ihl - 8u;
		const uint8_t *start = p.udp.payload;
		if (start + n > cp.data + cp.caplen)
			n = (size_t)(cp.data + cp.caplen - start);
		CHECK_INT(nw_dns_parse(start, n, &m, &why), NW_MALFORMED);
	}
	fprintf(stderr, "%s: deeper: %s\n", file, why);
	CHECK(why && strstr(why, want) != NULL);
	nw_cap_close(c);
}

static int walk(const char *file, struct tally *t)
{
	char path[4096], err[512];
	const char *dir = getenv("NW_PCAPS");
	struct nw_cap_pkt cp;
	struct nw_cap *c;

	memset(t, 0, sizeof *t);
	memset(streams, 0, sizeof streams);
	snprintf(path, sizeof path, "%s/%s", dir, file);
	c = nw_cap_open_file(path, NULL, err, sizeof err);
	if (!c) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	while (nw_cap_next(c, &cp, err, sizeof err) == 1) {
		struct nw_pkt p;
		nw_decode(nw_cap_linktype(c), cp.data, cp.caplen, &p);
		if ((p.layers & NW_HAS_UDP) && (dns_port(p.udp.sport) || dns_port(p.udp.dport)))
			one_message(p.udp.payload, p.udp.payload_len, t);
		else if ((p.layers & NW_HAS_TCP) &&
			 (dns_port(p.tcp.sport) || dns_port(p.tcp.dport)))
			tcp_payload(&p.tcp, t);
	}
	nw_cap_close(c);
	return 0;
}

struct expect {
	const char *file;
	int ok, truncated, malformed;
	const char *why_part; /* for the failures */
	enum deeper deeper;
	const char *deeper_why;
};

/* Message counts as `tcpdump -nv -r FILE` shows them. */
/* clang-format off */
static const struct expect expects[] = {
	{"dns_udp.pcap", 2, 0, 0, NULL, NONE, NULL},
	/* snapshot length 98 cuts the answer: its counts no longer fit */
	{"dns_udp_2.pcap", 1, 0, 1, "counts", NONE, NULL},
	{"dns_udp_8053.pcap", 2, 0, 0, NULL, NONE, NULL},
	{"dns_tcp.pcap", 2, 0, 0, NULL, NONE, NULL},
	{"dns_tcp_8053.pcap", 2, 0, 0, NULL, NONE, NULL},
	{"dnssec.pcap", 6, 0, 0, NULL, NONE, NULL},
	{"edns-opts.pcap", 0, 0, 0, NULL, NONE, NULL},	/* counted below */
	{"dns-uri.pcap", 4, 0, 0, NULL, NONE, NULL},
	{"dns-badcookie.pcap", 4, 0, 0, NULL, NONE, NULL},
	{"dns-badvers.pcap", 4, 0, 0, NULL, NONE, NULL},
	/* 64259 questions in 63165 octets; the first name: endless 1-octet labels / a pointer forward */
	{"dns-badlabel.pcap", 0, 0, 1, "counts", NAME_AT_12, "255 octets"},
	{"dns_fwdptr.pcap", 0, 0, 1, "counts", NAME_AT_12, "pointer"},
	/* UDP length 8 (tcpdump: "length 0 < 12"); the bytes IP carries past it loop */
	{"dns-zlip-1.pcap", 0, 1, 0, "header", IP_CARRIED, "pointer forward"},
	{"dns-zlip-2.pcap", 0, 1, 0, "header", IP_CARRIED, "pointer"},
	{"dns-zlip-3.pcap", 0, 1, 0, "header", IP_CARRIED, "loop"},
};
/* clang-format on */

static bool has_rcode(const struct tally *t, uint16_t rcode)
{
	for (int i = 0; i < t->nrcodes; i++)
		if (t->rcodes[i] == rcode)
			return true;
	return false;
}

/* Fields as `tcpdump -nvv -r FILE` shows them. */
static void check_fields(const char *file, const struct tally *t)
{
	/* clang-format off */
	static const char *const opts[] = {
		"CLIENT-SUBNET: 192.0.2.0/24/0", "CLIENT-SUBNET: 2001:db8:85a3::8a2e:0:0/100/0",
		"COOKIE: a954d29208767b5ccf75f75b5db0bf0575c9f2d76c962883",
		"TCP-KEEPALIVE: 123.4 secs", "EXPIRE: 1209600", "EXPIRE: \n",
		"NSID: 00 11 22 33 44 55 66 77 88 99", "OPT=77: de ad be ef",
		"PADDING: (6 bytes)", "KEY-TAG: 9c 40", "CHAIN: 03 66 6f 6f",
	};
	/* clang-format on */
	if (strcmp(file, "dns_udp.pcap") == 0 || strcmp(file, "dns_tcp.pcap") == 0) {
		CHECK_INT(t->answers_a, 2);
		CHECK_STR(t->first_a, "192.139.46.66");
	}
	if (strcmp(file, "edns-opts.pcap") == 0) {
		CHECK_INT(t->ok, 42);
		for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
			if (!strstr(t->opts, opts[i]))
				fprintf(stderr, "missing option text: %s\n", opts[i]);
			CHECK(strstr(t->opts, opts[i]) != NULL);
		}
	}
	if (strcmp(file, "dns-badcookie.pcap") == 0)
		CHECK(has_rcode(t, 23));
	if (strcmp(file, "dns-badvers.pcap") == 0)
		CHECK(has_rcode(t, 16));
	if (strcmp(file, "dnssec.pcap") == 0) {
		CHECK(t->types_seen[NW_DNS_T_SSHFP] > 0);
		CHECK(t->types_seen[NW_DNS_T_RRSIG] > 0);
	}
}

static void report(const char *file, const struct tally *t)
{
	fprintf(stderr, "%s: ok %d truncated %d malformed %d records %d (%s)\n", file, t->ok,
		t->truncated, t->malformed, t->records, t->last_why);
}

int main(void)
{
	struct tally t;
	if (!getenv("NW_PCAPS")) {
		printf("NW_PCAPS unset: skipped\n");
		return 77;
	}
	for (size_t i = 0; i < sizeof expects / sizeof expects[0]; i++) {
		const struct expect *e = &expects[i];
		if (walk(e->file, &t) != 0) {
			CHECK(!"capture opens");
			continue;
		}
		report(e->file, &t);
		check_fields(e->file, &t);
		if (strcmp(e->file, "edns-opts.pcap") == 0)
			continue;
		CHECK_INT(t.ok, e->ok);
		CHECK_INT(t.truncated, e->truncated);
		CHECK_INT(t.malformed, e->malformed);
		if (e->why_part)
			CHECK(strstr(t.last_why, e->why_part) != NULL);
		if (e->deeper != NONE)
			deeper_check(e->file, e->deeper, e->deeper_why);
	}
	return nw_test_result("test_dns_pcaps");
}
