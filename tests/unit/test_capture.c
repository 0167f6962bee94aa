/*
 * test_capture.c: capture.c on files (pcap written here in micro- and
 * nanosecond precision, and a pcapng from the tcpdump captures), filters,
 * errors, and, as root, a live capture on loopback.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sys/capture.h"
#include "wire/pkt.h"
#include "testlib.h"

#define NPKT 4

static char dir[] = "/tmp/nw-test-capture-XXXXXX";

/* Frame i: an Ethernet/IPv4/UDP (even i) or ARP (odd i) frame, caplen < len for i == 3. */
static size_t make_frame(int i, uint8_t *f)
{
	static const uint8_t eth_udp[] = {
	    0x02, 0,  0,    0,	  0,	2,    0x02, 0,	0, 0, 0,   1,	0x08, 0x00, 0x45, 0,
	    0,	  32, 0,    1,	  0,	0,    64,   17, 0, 0, 198, 18,	0,    1,    198,  18,
	    0,	  2,  0x9c, 0x40, 0x00, 0x35, 0,    12, 0, 0, 'a', 'b', 'c',  'd'};
	static const uint8_t eth_arp[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0,	0, 0, 0,
					  1,	0x08, 0x06, 0,	  1,	8,    0,    6,	4, 0, 1,
					  0x02, 0,    0,    0,	  0,	1,    198,  18, 0, 1, 0,
					  0,	0,    0,    0,	  0,	198,  18,   0,	2};
	if (i % 2 == 0) {
		memcpy(f, eth_udp, sizeof(eth_udp));
		f[sizeof(eth_udp) - 1] = (uint8_t)('0' + i);
		return sizeof(eth_udp);
	}
	memcpy(f, eth_arp, sizeof(eth_arp));
	f[sizeof(eth_arp) - 1] = (uint8_t)i;
	return sizeof(eth_arp);
}

static const int64_t base_sec = 1700000000;

static int64_t want_ns(int i, bool nano)
{
	int64_t frac = nano ? 123456789 + i : (123456 + i) * 1000;
	return (base_sec + i) * 1000000000 + frac;
}

static void write_file(const char *path, bool nano)
{
	pcap_t *d = pcap_open_dead_with_tstamp_precision(
	    DLT_EN10MB, 65535, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
	pcap_dumper_t *w;
	uint8_t f[128];

	CHECK(d != NULL);
	if (!d)
		return;
	w = pcap_dump_open(d, path);
	CHECK(w != NULL);
	if (!w) {
		pcap_close(d);
		return;
	}
	for (int i = 0; i < NPKT; i++) {
		struct pcap_pkthdr h;
		size_t n = make_frame(i, f);
		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = base_sec + i;
		/* tv_usec holds nanoseconds for a nanosecond dumper */
		h.ts.tv_usec = nano ? 123456789 + i : 123456 + i;
		h.len = (bpf_u_int32)n;
		h.caplen = (bpf_u_int32)(i == 3 ? n - 10 : n);
		if (i == 3)
			h.len = (bpf_u_int32)n + 100;
		pcap_dump((u_char *)w, &h, f);
	}
	pcap_dump_close(w);
	pcap_close(d);
}

static void read_back(const char *path, bool nano)
{
	char err[512] = "";
	struct nw_cap_pkt pkt;
	uint8_t f[128];
	struct nw_cap *c = nw_cap_open_file(path, NULL, err, sizeof(err));

	CHECK(c != NULL);
	if (!c) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	CHECK_INT(nw_cap_linktype(c), NW_LINK_ETHERNET);
	/* Files are always opened in nanosecond precision (libpcap scales micro files). */
	CHECK(nw_cap_nanosecond(c));
	CHECK(strstr(nw_cap_clock_name(c), "ns") != NULL);
	CHECK_INT(nw_cap_fd(c), -1);
	for (int i = 0; i < NPKT; i++) {
		size_t n = make_frame(i, f);
		CHECK_INT(nw_cap_next(c, &pkt, err, sizeof(err)), 1);
		CHECK_INT(pkt.ts_ns, want_ns(i, nano));
		if (i == 3) {
			CHECK_INT(pkt.caplen, n - 10);
			CHECK_INT(pkt.len, n + 100);
		} else {
			CHECK_INT(pkt.caplen, n);
			CHECK_INT(pkt.len, n);
		}
		CHECK(pkt.data && memcmp(pkt.data, f, pkt.caplen) == 0);
	}
	CHECK_INT(nw_cap_next(c, &pkt, err, sizeof(err)), -1);
	CHECK_INT(nw_cap_next(c, &pkt, err, sizeof(err)), -1);
	nw_cap_close(c);

	/* A filter on a file: only the UDP frames (0 and 2). */
	c = nw_cap_open_file(path, "udp and dst port 53", err, sizeof(err));
	CHECK(c != NULL);
	if (!c)
		return;
	for (int i = 0; i < NPKT; i += 2) {
		CHECK_INT(nw_cap_next(c, &pkt, err, sizeof(err)), 1);
		CHECK_INT(pkt.ts_ns, want_ns(i, nano));
		struct nw_pkt p;
		CHECK_INT(nw_decode(nw_cap_linktype(c), pkt.data, pkt.caplen, &p), NW_OK);
		CHECK(p.layers & NW_HAS_UDP);
		CHECK_INT(p.udp.dport, 53);
	}
	CHECK_INT(nw_cap_next(c, &pkt, err, sizeof(err)), -1);
	/* Change the filter: ARP only, from where the file is (at its end). */
	CHECK_INT(nw_cap_set_filter(c, "arp", err, sizeof(err)), 0);
	CHECK_INT(nw_cap_set_filter(c, "arp and (", err, sizeof(err)), -1);
	CHECK(strchr(err, '\n') == NULL);
	nw_cap_close(c);
}

static void test_errors(void)
{
	char err[512] = "", path[300];
	struct nw_cap *c;
	FILE *fp;

	c = nw_cap_open_file("/nonexistent/nw-none.pcap", NULL, err, sizeof(err));
	CHECK(c == NULL);
	CHECK(strstr(err, "/nonexistent/nw-none.pcap") != NULL);
	CHECK(strchr(err, '\n') == NULL);
	fprintf(stderr, "(expected) %s\n", err);

	/* Not a capture file. */
	snprintf(path, sizeof(path), "%s/garbage.pcap", dir);
	fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp) {
		fputs("this is not a capture file at all, not even close\n", fp);
		fclose(fp);
	}
	err[0] = '\0';
	CHECK(nw_cap_open_file(path, NULL, err, sizeof(err)) == NULL);
	CHECK(strlen(err) > 0 && strchr(err, '\n') == NULL);
	fprintf(stderr, "(expected) %s\n", err);

	/* A bad filter. */
	snprintf(path, sizeof(path), "%s/micro.pcap", dir);
	err[0] = '\0';
	c = nw_cap_open_file(path, "udp and port", err, sizeof(err));
	CHECK(c == NULL);
	CHECK(strstr(err, "filter") != NULL);
	CHECK(strchr(err, '\n') == NULL);
	fprintf(stderr, "(expected) %s\n", err);

	/* A file cut inside a packet record: the packets before it, then an error. */
	{
		char cut[300];
		struct stat st;
		struct nw_cap_pkt pkt;
		snprintf(cut, sizeof(cut), "%s/cut.pcap", dir);
		if (stat(path, &st) == 0) {
			FILE *in = fopen(path, "rb"), *out = fopen(cut, "wb");
			if (in && out) {
				char b[4096];
				size_t n = fread(b, 1, sizeof(b), in);
				fwrite(b, 1, n > 20 ? n - 20 : n, out);
			}
			if (in)
				fclose(in);
			if (out)
				fclose(out);
			c = nw_cap_open_file(cut, NULL, err, sizeof(err));
			CHECK(c != NULL);
			if (c) {
				int rc, got = 0;
				while ((rc = nw_cap_next(c, &pkt, err, sizeof(err))) == 1)
					got++;
				CHECK_INT(got, NPKT - 1);
				CHECK_INT(rc, -2);
				CHECK(strlen(err) > 0 && strchr(err, '\n') == NULL);
				fprintf(stderr, "(expected) %s\n", err);
				nw_cap_close(c);
			}
		}
	}

	/* Live on an interface that does not exist. */
	err[0] = '\0';
	c = nw_cap_open_live("nw-no-such0", NULL, 256, err, sizeof(err));
	CHECK(c == NULL);
	CHECK(strstr(err, "nw-no-such0") != NULL);
	CHECK(strchr(err, '\n') == NULL);
	fprintf(stderr, "(expected) %s\n", err);
}

static void test_pcapng(void)
{
	const char *pcaps = getenv("NW_PCAPS");
	char path[1024], err[512] = "";
	struct nw_cap_pkt pkt;
	struct nw_cap *c;
	int n = 0, rc;

	if (!pcaps) {
		fprintf(stderr, "NW_PCAPS not set: pcapng part skipped\n");
		return;
	}
	snprintf(path, sizeof(path), "%s/icmp-length-zero.pcapng", pcaps);
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "%s missing: pcapng part skipped\n", path);
		return;
	}
	c = nw_cap_open_file(path, NULL, err, sizeof(err));
	CHECK(c != NULL);
	if (!c) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	CHECK_INT(nw_cap_linktype(c), NW_LINK_ETHERNET);
	while ((rc = nw_cap_next(c, &pkt, err, sizeof(err))) == 1) {
		n++;
		CHECK(pkt.caplen <= pkt.len);
		CHECK(pkt.ts_ns > 0);
	}
	CHECK_INT(rc, -1);
	CHECK(n >= 1);
	nw_cap_close(c);
}

static void test_live(void)
{
	char err[512] = "", filter[64];
	struct nw_cap_pkt pkt;
	struct nw_cap_stats st;
	struct sockaddr_in to;
	struct nw_cap *c;
	int s, got = 0;
	uint16_t port;

	if (geteuid() != 0) {
		fprintf(stderr, "not root: live capture part skipped\n");
		return;
	}
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	port = (uint16_t)(40000 + rand() % 20000);
	snprintf(filter, sizeof(filter), "udp and dst port %u", port);
	c = nw_cap_open_live("lo", filter, 2048, err, sizeof(err));
	CHECK(c != NULL);
	if (!c) {
		fprintf(stderr, "nw_cap_open_live: %s\n", err);
		return;
	}
	CHECK_INT(nw_cap_linktype(c), NW_LINK_ETHERNET);
	CHECK(nw_cap_fd(c) >= 0);
	CHECK(strstr(nw_cap_clock_name(c), "timestamps") != NULL);
	fprintf(stderr, "live clock: %s\n", nw_cap_clock_name(c));
	/* Nothing sent yet: nothing to read, without blocking. */
	CHECK_INT(nw_cap_next(c, &pkt, err, sizeof(err)), 0);

	s = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(s >= 0);
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons(port);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct timespec t0;
	clock_gettime(CLOCK_REALTIME, &t0);
	int64_t sent_ns = (int64_t)t0.tv_sec * 1000000000 + t0.tv_nsec;
	CHECK(sendto(s, "netwalk", 7, 0, (struct sockaddr *)&to, sizeof(to)) == 7);

	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd = {.fd = nw_cap_fd(c), .events = POLLIN};
		clock_gettime(CLOCK_MONOTONIC, &now);
		long ms =
		    (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if (ms >= 2000)
			break;
		int pr = poll(&pfd, 1, (int)(2000 - ms));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			break;
		int rc = nw_cap_next(c, &pkt, err, sizeof(err));
		CHECK(rc >= 0);
		if (rc != 1)
			continue;
		struct nw_pkt p;
		CHECK_INT(nw_decode(nw_cap_linktype(c), pkt.data, pkt.caplen, &p), NW_OK);
		CHECK(p.layers & NW_HAS_IPV4);
		CHECK(p.layers & NW_HAS_UDP);
		CHECK_INT(p.udp.dport, port);
		CHECK_INT(p.udp.payload_len, 7);
		CHECK(p.udp.payload && memcmp(p.udp.payload, "netwalk", 7) == 0);
		/* The timestamp is on the realtime clock, within a few seconds of sending. */
		CHECK(pkt.ts_ns > sent_ns - 5000000000LL && pkt.ts_ns < sent_ns + 5000000000LL);
		got++;
		break;
	}
	CHECK_INT(got, 1);
	CHECK_INT(nw_cap_stats(c, &st), 0);
	CHECK(st.received >= 1);
	close(s);
	nw_cap_close(c);
}

int main(void)
{
	char path[300];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/micro.pcap", dir);
	write_file(path, false);
	read_back(path, false);
	snprintf(path, sizeof(path), "%s/nano.pcap", dir);
	write_file(path, true);
	read_back(path, true);
	test_errors();
	test_pcapng();
	test_live();

	const char *names[] = {"micro.pcap", "nano.pcap", "garbage.pcap", "cut.pcap"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return nw_test_result("test_capture");
}
