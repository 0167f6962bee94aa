/*
 * icmpext.c: ICMP multi-part message extensions, RFC 4884 (the extension
 * structure and where it starts), with the MPLS label stack object of
 * RFC 4950 and the interface information object of RFC 5837.
 */
#include "config.h"

#include <sys/socket.h>

#include "wire/icmpext.h"
#include "wire/parse_internal.h"

#define ICMP_UNREACH	     3
#define ICMP_TIME_EXCEEDED   11
#define ICMP_PARAM_PROBLEM   12
#define ICMPV6_DST_UNREACH   1
#define ICMPV6_TIME_EXCEEDED 3

#define ICMP_HDR_LEN	8
#define ORIG_MIN_LEN	128 /* RFC 4884 section 4: the datagram field when extended */
#define EXT_HDR_LEN	4
#define EXT_OBJ_HDR_LEN 4
#define EXT_VERSION	2

/* RFC 5837 section 4.1: the c-type's bits after the role. */
#define IFINFO_HAS_IFINDEX  0x08
#define IFINFO_HAS_ADDR	    0x04
#define IFINFO_HAS_NAME	    0x02
#define IFINFO_HAS_MTU	    0x01
#define IFINFO_NAME_SUB_MAX 64 /* the name sub-object, its length byte included */
#define AFI_IPV4	    1
#define AFI_IPV6	    2

#define MPLS_CTYPE_STACK 1

/* The types RFC 4884 section 4 gives a length attribute. */
static bool has_length_attr(int family, uint8_t type)
{
	if (family == AF_INET)
		return type == ICMP_UNREACH || type == ICMP_TIME_EXCEEDED ||
		       type == ICMP_PARAM_PROBLEM;
	return type == ICMPV6_DST_UNREACH || type == ICMPV6_TIME_EXCEEDED;
}

/* Version 2 and a checksum over the rest of the message that was sent and verifies. */
static bool valid_header_at(const struct nw_buf *m, size_t off)
{
	struct nw_buf h = *m;
	uint8_t vers;
	uint16_t sum;

	if (!nw_buf_skip(&h, off) || !nw_buf_u8(&h, &vers) || (vers >> 4) != EXT_VERSION ||
	    !nw_buf_skip(&h, 1) || !nw_buf_u16(&h, &sum) || sum == 0)
		return false;
	return nw_inet_checksum(nw_buf_cur(m) + off, nw_buf_left(m) - off, 0) == 0;
}

/*
 * The original datagram's length when an extension structure follows it, 0
 * when none does.  *compliant says whether the length attribute said so.
 */
static size_t find_structure(const struct nw_buf *m, int family, bool *compliant)
{
	size_t msg_len = nw_buf_left(m), orig;
	uint8_t type, attr;

	if (!nw_buf_peek_u8(m, 0, &type) || !has_length_attr(family, type) ||
	    !nw_buf_peek_u8(m, family == AF_INET ? 5 : 4, &attr))
		return 0;
	if (attr != 0) {
		/* 32-bit words for ICMPv4, 64-bit words for ICMPv6. */
		orig = (size_t)attr * (family == AF_INET ? 4 : 8);
		*compliant = true;
		return orig >= ORIG_MIN_LEN && ICMP_HDR_LEN + orig < msg_len ? orig : 0;
	}
	/* RFC 4884 section 5: ICMPv4 extensions sent before the length attribute. */
	*compliant = false;
	if (family != AF_INET || type == ICMP_PARAM_PROBLEM ||
	    msg_len < ICMP_HDR_LEN + ORIG_MIN_LEN + EXT_HDR_LEN + EXT_OBJ_HDR_LEN)
		return 0;
	return valid_header_at(m, ICMP_HDR_LEN + ORIG_MIN_LEN) ? ORIG_MIN_LEN : 0;
}

/* RFC 4950: label stack entries, 4 bytes each, as in an MPLS header. */
static enum nw_status parse_mpls(struct nw_buf *body, struct nw_icmpext *out, const char **why)
{
	uint32_t w;

	if (nw_buf_left(body) % 4 != 0)
		return nw_fail(why, NW_MALFORMED,
			       "MPLS label stack object not a multiple of 4 bytes");
	while (nw_buf_u32(body, &w)) {
		if (out->nlabels == NW_ICMPEXT_MAX_LABELS) {
			out->overflow = true;
			continue;
		}
		struct nw_mpls_entry *e = &out->labels[out->nlabels++];
		e->label = w >> 12;
		e->tc = (uint8_t)((w >> 9) & 7);
		e->bottom = (w >> 8) & 1;
		e->ttl = (uint8_t)w;
	}
	return NW_OK;
}

/* RFC 5837 section 4.2: AFI, 2 reserved bytes, then the address. */
static enum nw_status ifinfo_addr(struct nw_buf *body, struct nw_icmpext_ifinfo *inf,
				  const char **why)
{
	uint16_t afi, reserved;
	bool ok;

	if (!nw_buf_u16(body, &afi) || !nw_buf_u16(body, &reserved))
		return nw_fail(why, NW_MALFORMED, "interface address longer than its object");
	if (afi == AFI_IPV4) {
		inf->family = AF_INET;
		ok = nw_buf_copy(body, &inf->addr.v4, 4);
	} else if (afi == AFI_IPV6) {
		inf->family = AF_INET6;
		ok = nw_buf_copy(body, &inf->addr.v6, 16);
	} else {
		return nw_fail(why, NW_MALFORMED, "interface address of an unknown AFI");
	}
	if (!ok)
		return nw_fail(why, NW_MALFORMED, "interface address longer than its object");
	return NW_OK;
}

/* RFC 5837 section 4.3: a length byte counting itself, then the name, NUL-padded. */
static enum nw_status ifinfo_name(struct nw_buf *body, struct nw_icmpext_ifinfo *inf,
				  const char **why)
{
	uint8_t len;

	if (!nw_buf_u8(body, &len))
		return nw_fail(why, NW_MALFORMED, "interface name longer than its object");
	if (len == 0)
		return nw_fail(why, NW_MALFORMED, "interface name sub-object of length 0");
	if (len > IFINFO_NAME_SUB_MAX)
		return nw_fail(why, NW_MALFORMED, "interface name sub-object over 64 bytes");
	if (!nw_buf_copy(body, inf->name, (size_t)len - 1))
		return nw_fail(why, NW_MALFORMED, "interface name longer than its object");
	inf->name[len - 1] = '\0';
	inf->name_len = (uint8_t)strlen(inf->name);
	return NW_OK;
}

/* The fields the c-type's bits announce, in the order of RFC 5837 section 4.1. */
static enum nw_status parse_ifinfo(uint8_t ctype, struct nw_buf *body,
				   struct nw_icmpext_ifinfo *inf, const char **why)
{
	enum nw_status st;

	memset(inf, 0, sizeof(*inf));
	inf->role = ctype >> 6;
	inf->has_ifindex = ctype & IFINFO_HAS_IFINDEX;
	inf->has_addr = ctype & IFINFO_HAS_ADDR;
	inf->has_name = ctype & IFINFO_HAS_NAME;
	inf->has_mtu = ctype & IFINFO_HAS_MTU;
	if (inf->has_ifindex && !nw_buf_u32(body, &inf->ifindex))
		return nw_fail(why, NW_MALFORMED, "interface index longer than its object");
	if (inf->has_addr && (st = ifinfo_addr(body, inf, why)) != NW_OK)
		return st;
	if (inf->has_name && (st = ifinfo_name(body, inf, why)) != NW_OK)
		return st;
	if (inf->has_mtu && !nw_buf_u32(body, &inf->mtu))
		return nw_fail(why, NW_MALFORMED, "interface MTU longer than its object");
	return NW_OK;
}

/* Decode one object's body if it is of a kind we know; list it if it is whole. */
static enum nw_status parse_object(uint16_t len, uint8_t class_num, uint8_t ctype,
				   struct nw_buf *body, struct nw_icmpext *out, const char **why)
{
	struct nw_icmpext_ifinfo inf;
	enum nw_status st = NW_OK;
	bool decoded = false;

	if (class_num == NW_ICMPEXT_CLASS_MPLS && ctype == MPLS_CTYPE_STACK) {
		st = parse_mpls(body, out, why);
		decoded = true;
	} else if (class_num == NW_ICMPEXT_CLASS_IFINFO) {
		st = parse_ifinfo(ctype, body, &inf, why);
		decoded = true;
		if (st == NW_OK && out->nifinfo < NW_ICMPEXT_MAX_IFINFO)
			out->ifinfo[out->nifinfo++] = inf;
		else if (st == NW_OK)
			out->overflow = true;
	}
	if (st != NW_OK)
		return st;
	if (out->nobjects < NW_ICMPEXT_MAX_OBJECTS)
		out->objects[out->nobjects++] = (struct nw_icmpext_obj){
		    .len = len, .class_num = class_num, .ctype = ctype, .decoded = decoded};
	else
		out->overflow = true;
	return NW_OK;
}

/* RFC 4884 section 7: objects of length (header included), class-num and c-type. */
static enum nw_status parse_objects(struct nw_buf *ext, struct nw_icmpext *out, const char **why)
{
	uint16_t len;
	uint8_t class_num, ctype;
	struct nw_buf body;
	enum nw_status st;

	while (nw_buf_left(ext) > 0) {
		if (!nw_buf_u16(ext, &len) || !nw_buf_u8(ext, &class_num) ||
		    !nw_buf_u8(ext, &ctype))
			return nw_fail(why, NW_TRUNCATED, "ICMP extension object header cut short");
		if (len < EXT_OBJ_HDR_LEN)
			return nw_fail(why, NW_MALFORMED,
				       "ICMP extension object shorter than its header");
		if (!nw_buf_sub(ext, (size_t)len - EXT_OBJ_HDR_LEN, &body))
			return nw_fail(why, NW_TRUNCATED, "ICMP extension object cut short");
		st = parse_object(len, class_num, ctype, &body, out, why);
		if (st != NW_OK)
			return st;
	}
	return NW_OK;
}

enum nw_status nw_parse_icmpext(const struct nw_buf *b, int family, struct nw_icmpext *out,
				const char **why)
{
	struct nw_buf ext = *b;
	bool compliant = false;
	size_t orig = find_structure(b, family, &compliant);
	uint8_t vers;

	out->present = false;
	if (orig == 0)
		return NW_OK;
	memset(out, 0, sizeof(*out));
	out->present = true;
	out->compliant = compliant;
	out->orig_len = (uint16_t)orig;
	out->offset = (uint16_t)(ICMP_HDR_LEN + orig);
	nw_buf_skip(&ext, ICMP_HDR_LEN + orig); /* find_structure saw it is there */
	out->len = nw_buf_left(&ext);
	if (!nw_buf_peek_u8(&ext, 0, &vers) || nw_buf_left(&ext) < EXT_HDR_LEN)
		return nw_fail(why, NW_TRUNCATED, "ICMP extension header cut short");
	out->version = vers >> 4;
	if (out->version != EXT_VERSION)
		return nw_fail(why, NW_UNSUPPORTED, "ICMP extension version other than 2");
	out->bad_checksum = nw_inet_checksum(nw_buf_cur(&ext), nw_buf_left(&ext), 0) != 0;
	nw_buf_skip(&ext, 2);
	nw_buf_u16(&ext, &out->checksum);
	if (out->checksum == 0)
		out->bad_checksum = false; /* none was sent */
	return parse_objects(&ext, out, why);
}

const char *nw_icmpext_role_name(uint8_t role)
{
	static const char *const names[4] = {
	    [NW_IFROLE_INCOMING] = "incoming IP interface",
	    [NW_IFROLE_INCOMING_SUB] = "sub-IP component of incoming IP interface",
	    [NW_IFROLE_OUTGOING] = "outgoing IP interface",
	    [NW_IFROLE_NEXTHOP] = "IP next hop",
	};
	return names[role & 3];
}
