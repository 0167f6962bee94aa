/*
 * icmpext.h: ICMP multi-part message extensions, RFC 4884: the extension
 * structure after the "original datagram" of ICMP and ICMPv6 errors, with
 * the objects a tracer shows decoded: the MPLS label stack (RFC 4950) and
 * interface information (RFC 5837).  Other objects are listed and skipped.
 */
#ifndef NW_ICMPEXT_H
#define NW_ICMPEXT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/status.h"

/* Object classes (IANA "ICMP Extension Object Classes") decoded here. */
#define NW_ICMPEXT_CLASS_MPLS	1 /* RFC 4950: MPLS label stack, c-type 1 */
#define NW_ICMPEXT_CLASS_IFINFO 2 /* RFC 5837: interface information */

#define NW_ICMPEXT_MAX_OBJECTS 8
#define NW_ICMPEXT_MAX_LABELS  16
#define NW_ICMPEXT_MAX_IFINFO  4 /* one per role */

/* An object read whole, whether decoded or not. */
struct nw_icmpext_obj {
	uint16_t len; /* as sent: the 4-byte object header included */
	uint8_t class_num, ctype;
	bool decoded; /* its contents are in labels[] or ifinfo[] */
};

/* One MPLS label stack entry (RFC 4950 section 7, the RFC 3032 layout). */
struct nw_mpls_entry {
	uint32_t label; /* 20 bits */
	uint8_t tc;	/* traffic class, 3 bits (EXP before RFC 5462) */
	bool bottom;	/* S: bottom of stack */
	uint8_t ttl;
};

/* RFC 5837 interface roles: the top two bits of the c-type. */
#define NW_IFROLE_INCOMING     0 /* the IP interface the datagram arrived on */
#define NW_IFROLE_INCOMING_SUB 1 /* a sub-IP component of it */
#define NW_IFROLE_OUTGOING     2 /* the interface it would have left by */
#define NW_IFROLE_NEXTHOP      3 /* the IP next hop it would have gone to */

#define NW_IFINFO_NAME_MAX 63

/* One interface information object (RFC 5837 section 4). */
struct nw_icmpext_ifinfo {
	uint8_t role; /* NW_IFROLE_* */
	bool has_ifindex, has_addr, has_name, has_mtu;
	uint32_t ifindex;
	int family; /* of addr: AF_INET (AFI 1) or AF_INET6 (AFI 2) */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} addr;
	uint8_t name_len; /* up to the first NUL (the padding) */
	char
	    name[NW_IFINFO_NAME_MAX + 1]; /* the bytes as sent (UTF-8, unchecked), NUL-terminated */
	uint32_t mtu;
};

/*
 * The extension structure of one ICMP message.  Objects, label entries and
 * interface objects past the arrays are walked and checked but not stored
 * (overflow).
 */
struct nw_icmpext {
	bool present;	   /* an extension structure follows the original datagram */
	bool compliant;	   /* placed by the length attribute; false: RFC 4884
			      section 5's older form, 128 bytes of datagram, length 0 */
	uint16_t orig_len; /* bytes of the (zero-padded) original datagram field */
	uint16_t offset;   /* of the extension header, from the ICMP header's start */
	size_t len;	   /* of the extension structure: header and objects */
	uint8_t version;   /* 2; anything else is NW_UNSUPPORTED and not walked */
	uint16_t checksum; /* as sent; 0: none was sent */
	bool bad_checksum; /* sent and wrong: the objects are decoded all the same */
	bool overflow;	   /* more than the arrays hold */
	int nobjects;
	struct nw_icmpext_obj objects[NW_ICMPEXT_MAX_OBJECTS];
	int nlabels; /* entries of every MPLS object, in order */
	struct nw_mpls_entry labels[NW_ICMPEXT_MAX_LABELS];
	int nifinfo;
	struct nw_icmpext_ifinfo ifinfo[NW_ICMPEXT_MAX_IFINFO];
};

/*
 * Find and decode the extension structure of an ICMP (family AF_INET) or
 * ICMPv6 (AF_INET6) message.  The cursor holds the whole message from its
 * type byte on (a copy is read; one cut short by the capture reads as a
 * structure cut short or a bad checksum).  The structure is looked for in destination
 * unreachable, time exceeded and (ICMPv4) parameter problem messages: where
 * the length attribute puts it (at least 128 bytes of datagram), or, when
 * the attribute is 0, after exactly 128 bytes of an ICMPv4 time exceeded or
 * unreachable message if a version 2 header with a correct, non-zero
 * checksum is there (RFC 4884 section 5.5: older MPLS routers).
 *
 * NW_OK with out->present false: there is none.  NW_OK with present true:
 * decoded (bad_checksum says whether the checksum failed).  Otherwise the
 * structure is there but broken: present is true, *why says what, and the
 * objects before the broken one are filled in.
 */
enum nw_status nw_parse_icmpext(const struct nw_buf *b, int family, struct nw_icmpext *out,
				const char **why);

/* "incoming IP interface", ... for an NW_IFROLE_* (only the low two bits count). */
const char *nw_icmpext_role_name(uint8_t role);

#endif /* NW_ICMPEXT_H */
