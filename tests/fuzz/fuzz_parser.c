/*
 * fuzz_parser.c: the one libFuzzer target source.  NW_FUZZ_<PARSER>, set per
 * binary by Makefile.am, picks what runs on the input: one of the per-layer
 * parsers (the input is that layer's bytes), nw_parse_link or nw_decode
 * (input byte 0 picks the link type, the rest is the frame).
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "pkt.h"

#if !defined(NW_FUZZ_LINK) && !defined(NW_FUZZ_ARP) && !defined(NW_FUZZ_IPV4) &&                   \
    !defined(NW_FUZZ_IPV6) && !defined(NW_FUZZ_ICMP) && !defined(NW_FUZZ_ICMPV6) &&                \
    !defined(NW_FUZZ_UDP) && !defined(NW_FUZZ_TCP) && !defined(NW_FUZZ_DECODE)
#error "define one of NW_FUZZ_LINK, _ARP, _IPV4, _IPV6, _ICMP, _ICMPV6, _UDP, _TCP, _DECODE"
#endif

/* Where the byte sums go, so the reads cannot be optimised away. */
static volatile unsigned nw_fuzz_sink;

/* Read every byte of a region the parser handed out: ASan catches one outside the input. */
static void touch(const uint8_t *p, size_t n, const uint8_t *base, size_t size)
{
	unsigned sum = 0;

	if (n == 0)
		return;
	if (!p || p < base || n > size || p > base + size - n)
		abort(); /* a region not inside the input */
	for (size_t i = 0; i < n; i++)
		sum += p[i];
	nw_fuzz_sink += sum;
}

#ifndef NW_FUZZ_DECODE
/* The cursor must stay inside its buffer, and a failure must say why. */
static void check(enum nw_status st, const char *why, const struct nw_buf *b, const uint8_t *base,
		  size_t size)
{
	if (st != NW_OK && st != NW_TRUNCATED && st != NW_MALFORMED && st != NW_UNSUPPORTED)
		abort();
	if (st != NW_OK && !why)
		abort();
	if (b->pos > b->len)
		abort();
	touch(nw_buf_cur(b), nw_buf_left(b), base, size);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes: any read past it is a heap overflow. */
	uint8_t *in = malloc(size ? size : 1);
	const char *why = NULL;
	struct nw_buf b;
	enum nw_status st;

	if (!in)
		return 0;
	if (size)
		memcpy(in, data, size);

#if defined(NW_FUZZ_LINK) || defined(NW_FUZZ_DECODE)
	if (size < 1) {
		free(in);
		return 0;
	}
	int lt = nw_fuzz_linktype(in[0]);
#endif

#if defined(NW_FUZZ_LINK)
	struct nw_link out;
	nw_buf_init(&b, in + 1, size - 1);
	st = nw_parse_link(lt, &b, &out, &why);
	check(st, why, &b, in, size);
#elif defined(NW_FUZZ_ARP)
	struct nw_arp out;
	nw_buf_init(&b, in, size);
	st = nw_parse_arp(&b, &out, &why);
	check(st, why, &b, in, size);
#elif defined(NW_FUZZ_IPV4)
	struct nw_ipv4 out;
	nw_buf_init(&b, in, size);
	st = nw_parse_ipv4(&b, &out, &why);
	check(st, why, &b, in, size);
	if (st == NW_OK)
		touch(out.options, out.options_len, in, size);
#elif defined(NW_FUZZ_IPV6)
	struct nw_ipv6 out;
	nw_buf_init(&b, in, size);
	st = nw_parse_ipv6(&b, &out, &why);
	check(st, why, &b, in, size);
	if (st == NW_OK && (out.ext_count < 0 || out.ext_count > NW_IPV6_MAX_EXT))
		abort();
#elif defined(NW_FUZZ_ICMP)
	struct nw_icmp out;
	nw_buf_init(&b, in, size);
	st = nw_parse_icmp(&b, &out, &why);
	check(st, why, &b, in, size);
#elif defined(NW_FUZZ_ICMPV6)
	struct nw_icmpv6 out;
	nw_buf_init(&b, in, size);
	st = nw_parse_icmpv6(&b, &out, &why);
	check(st, why, &b, in, size);
#elif defined(NW_FUZZ_UDP)
	struct nw_udp out;
	nw_buf_init(&b, in, size);
	st = nw_parse_udp(&b, &out, &why);
	check(st, why, &b, in, size);
	if (st == NW_OK)
		touch(out.payload, out.payload_len, in, size);
#elif defined(NW_FUZZ_TCP)
	struct nw_tcp out;
	nw_buf_init(&b, in, size);
	st = nw_parse_tcp(&b, &out, &why);
	check(st, why, &b, in, size);
	if (st == NW_OK) {
		touch(out.payload, out.payload_len, in, size);
		if (out.sack_count < 0 || out.sack_count > NW_TCP_MAX_SACK ||
		    out.tfo_cookie_len > NW_TCP_MAX_TFO)
			abort();
	}
#elif defined(NW_FUZZ_DECODE)
	struct nw_pkt p;
	(void)b;
	memset(&p, 0, sizeof(p));
	st = nw_decode(lt, in + 1, size - 1, &p);
	why = p.error;
	if (st != p.status || (st != NW_OK && !why))
		abort();
	if (p.layers & NW_HAS_IPV4)
		touch(p.ip4.options, p.ip4.options_len, in, size);
	if (p.layers & NW_HAS_UDP)
		touch(p.udp.payload, p.udp.payload_len, in, size);
	if (p.layers & NW_HAS_TCP)
		touch(p.tcp.payload, p.tcp.payload_len, in, size);
#endif
	free(in);
	return 0;
}
