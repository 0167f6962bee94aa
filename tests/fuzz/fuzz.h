/*
 * fuzz.h: what the fuzz targets, the replay driver and the seed generator
 * share: the libFuzzer entry point and the table that turns the first input
 * byte of the link/decode targets into a link type.
 */
#ifndef NW_FUZZ_H
#define NW_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "wire/pkt.h"

/* One input; 0 always (a crash or an ASan report is the failure). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The targets, in the order seedgen writes them (OUTDIR/<name>/...): cut
 * from captures, then the text parsers' (seedgen's own small files).
 */
#define NW_FUZZ_NTARGETS 18
static inline const char *nw_fuzz_target_name(int i)
{
	static const char *const names[NW_FUZZ_NTARGETS] = {
	    "link",	 "arp",	     "ipv4",   "ipv6",	  "icmp",    "icmpv6",
	    "udp",	 "tcp",	     "decode", "dns",	  "icmpext", "resolvconf",
	    "roothints", "punycode", "trace",  "addrset", "portset", "sockdiag",
	};
	return i >= 0 && i < NW_FUZZ_NTARGETS ? names[i] : NULL;
}

/*
 * Link types the link and decode targets pick from: input byte 0 modulo
 * the table size.  PPP (9) is there so the "unsupported" path runs too.
 */
#define NW_FUZZ_NLINKS 9
static inline int nw_fuzz_linktype(uint8_t selector)
{
	static const int links[NW_FUZZ_NLINKS] = {
	    NW_LINK_ETHERNET, NW_LINK_NULL, NW_LINK_RAW,  NW_LINK_LOOP, NW_LINK_SLL,
	    NW_LINK_IPV4,     NW_LINK_IPV6, NW_LINK_SLL2, 9 /* PPP */,
	};
	return links[selector % NW_FUZZ_NLINKS];
}

/* The selector byte for a link type, or -1 if it is not in the table. */
static inline int nw_fuzz_selector(int linktype)
{
	for (int i = 0; i < NW_FUZZ_NLINKS; i++)
		if (nw_fuzz_linktype((uint8_t)i) == linktype)
			return i;
	return -1;
}

#endif /* NW_FUZZ_H */
