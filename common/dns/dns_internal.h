/*
 * dns_internal.h: what the RDATA presentation files share: a reader over
 * one record's RDATA that can still follow compression pointers into the
 * rest of the message.
 */
#ifndef NW_DNS_INTERNAL_H
#define NW_DNS_INTERNAL_H

#include "dns/dns.h"

struct nw_rd {
	const struct nw_dns_msg *m;
	struct nw_buf b; /* over the message, len cut at the end of the RDATA */
	const char *why;
	enum nw_status st; /* sticky: the first failure */
};

void nw_rd_init(struct nw_rd *r, const struct nw_dns_msg *m, const struct nw_dns_rr *rr);
bool nw_rd_u8(struct nw_rd *r, uint8_t *v);
bool nw_rd_u16(struct nw_rd *r, uint16_t *v);
bool nw_rd_u32(struct nw_rd *r, uint32_t *v);
bool nw_rd_take(struct nw_rd *r, size_t n, const uint8_t **p);
/* A <character-string>: length octet and that many octets. */
bool nw_rd_cstr(struct nw_rd *r, const uint8_t **p, uint8_t *n);
/* A (possibly compressed) name that must end inside the RDATA. */
bool nw_rd_name(struct nw_rd *r, struct nw_dns_name *n);
size_t nw_rd_left(const struct nw_rd *r);
/* Mark the RDATA malformed (keeps the first reason). */
bool nw_rd_bad(struct nw_rd *r, const char *why);

/* The type-specific writers; each returns false with r->st/r->why set. */
bool nw_rr_sec_str(struct nw_rd *r, uint16_t type, struct nw_sb *s, bool *handled);
bool nw_rr_svcb_str(struct nw_rd *r, struct nw_sb *s);
bool nw_rr_opt_str(struct nw_rd *r, struct nw_sb *s);
/* NSEC/NSEC3 type bitmaps (RFC 4034 section 4.1.2), each type after a space. */
bool nw_rr_type_bitmap(struct nw_rd *r, struct nw_sb *s);

#endif
