/*
 * dns.h: the DNS message codec (RFC 1035, EDNS0 RFC 6891): building
 * queries, decoding responses with every guard a hostile message needs,
 * and the presentation format of the records, as dig prints them.
 *
 * Names are kept in uncompressed wire form (struct nw_dns_name).  A decoded
 * message (struct nw_dns_msg) keeps pointers into the caller's buffer;
 * records are read one at a time with nw_dns_rr_next().
 */
#ifndef NW_DNS_H
#define NW_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/strbuf.h"
#include "base/status.h"

#define NW_DNS_HEADER_LEN  12
#define NW_DNS_MAX_NAME	   255 /* octets in wire form, root label included */
#define NW_DNS_MAX_LABEL   63
#define NW_DNS_NAME_STRLEN 1024 /* presentation: 255 octets as \DDD, plus NUL */
/* Presentation of one RDATA: 65535 octets as \DDD or hex with spaces. */
#define NW_DNS_RDATA_STRLEN (4 * 65536 + 1024)

/* Header flags as in the second 16-bit word. */
#define NW_DNS_F_QR 0x8000
#define NW_DNS_F_AA 0x0400
#define NW_DNS_F_TC 0x0200
#define NW_DNS_F_RD 0x0100
#define NW_DNS_F_RA 0x0080
#define NW_DNS_F_Z  0x0040
#define NW_DNS_F_AD 0x0020
#define NW_DNS_F_CD 0x0010

/* Types (IANA "Resource Record (RR) TYPEs") the codec knows by name. */
enum {
	NW_DNS_T_A = 1,
	NW_DNS_T_NS = 2,
	NW_DNS_T_CNAME = 5,
	NW_DNS_T_SOA = 6,
	NW_DNS_T_PTR = 12,
	NW_DNS_T_HINFO = 13,
	NW_DNS_T_MX = 15,
	NW_DNS_T_TXT = 16,
	NW_DNS_T_AAAA = 28,
	NW_DNS_T_SRV = 33,
	NW_DNS_T_NAPTR = 35,
	NW_DNS_T_DNAME = 39,
	NW_DNS_T_OPT = 41,
	NW_DNS_T_DS = 43,
	NW_DNS_T_SSHFP = 44,
	NW_DNS_T_RRSIG = 46,
	NW_DNS_T_NSEC = 47,
	NW_DNS_T_DNSKEY = 48,
	NW_DNS_T_NSEC3 = 50,
	NW_DNS_T_NSEC3PARAM = 51,
	NW_DNS_T_TLSA = 52,
	NW_DNS_T_SVCB = 64,
	NW_DNS_T_HTTPS = 65,
	NW_DNS_T_ANY = 255,
	NW_DNS_T_CAA = 257,
};

#define NW_DNS_C_IN  1
#define NW_DNS_C_ANY 255

enum {
	NW_DNS_RCODE_NOERROR,
	NW_DNS_RCODE_FORMERR,
	NW_DNS_RCODE_SERVFAIL,
	NW_DNS_RCODE_NXDOMAIN,
	NW_DNS_RCODE_NOTIMP,
	NW_DNS_RCODE_REFUSED
};

/* EDNS option codes (IANA "DNS EDNS0 Option Codes"). */
enum {
	NW_EDNS_NSID = 3,
	NW_EDNS_CLIENT_SUBNET = 8,
	NW_EDNS_EXPIRE = 9,
	NW_EDNS_COOKIE = 10,
	NW_EDNS_TCP_KEEPALIVE = 11,
	NW_EDNS_PADDING = 12,
	NW_EDNS_EDE = 15,
};

/* A name in uncompressed wire form: labels, each preceded by its length, then 0. */
struct nw_dns_name {
	uint8_t len; /* octets in wire, 1 (root) .. 255 */
	uint8_t wire[NW_DNS_MAX_NAME];
};

struct nw_dns_header {
	uint16_t id;
	uint16_t flags; /* the whole second word, NW_DNS_F_* */
	uint8_t opcode; /* 0 query, 4 notify, 5 update */
	uint8_t rcode;	/* the header's 4 bits; see nw_dns_msg.rcode for the extended one */
	uint16_t qdcount, ancount, nscount, arcount;
};

/* The sections, in message order. */
enum nw_dns_section { NW_DNS_QUESTION, NW_DNS_ANSWER, NW_DNS_AUTHORITY, NW_DNS_ADDITIONAL };

struct nw_dns_rr {
	struct nw_dns_name name;
	uint16_t type, rclass;
	uint32_t ttl;
	uint16_t rdlen;
	size_t rdata_off; /* offset of RDATA in the message */
};

/* A decoded message: the header, the first question, EDNS, section offsets. */
struct nw_dns_msg {
	const uint8_t *data; /* the caller's buffer */
	size_t len;
	struct nw_dns_header h;
	bool has_question;
	struct nw_dns_name qname;
	uint16_t qtype, qclass;
	size_t section_off[4]; /* where each section starts */
	uint16_t rcode;	       /* 12 bits: the header's 4 plus the OPT record's 8 */
	/* EDNS (the OPT record in the additional section), RFC 6891 */
	bool has_opt;
	uint16_t udp_size;
	uint8_t edns_version;
	uint16_t edns_flags; /* bit 15: DO */
	size_t opt_off;	     /* RDATA offset of the OPT record */
	uint16_t opt_len;
};

/* A cursor over the records of one section. */
struct nw_dns_iter {
	const struct nw_dns_msg *m;
	struct nw_buf b;
	unsigned left;
};

/* ---- names (dns_name.c) ------------------------------------------------ */

/*
 * Read a possibly compressed name at the cursor of b (a cursor over the
 * whole message, so pointers can reach anywhere in it).  Guards: pointer
 * loops, pointers forward or past the end, labels over 63, names over 255
 * octets, reserved label types.  The cursor ends after the name's first
 * run of labels (and pointer).
 */
enum nw_status nw_dns_name_read(struct nw_buf *b, struct nw_dns_name *out, const char **why);
/* Presentation as dig prints it: "www.example.com.", "." for the root, \DDD and \X escapes. */
void nw_dns_name_str(const struct nw_dns_name *n, char *out, size_t outlen);
/* Parse a presentation name ("www.example.com", trailing dot optional, escapes allowed). */
int nw_dns_name_parse(const char *s, struct nw_dns_name *out, const char **why);
/* Case-insensitive comparison (ASCII only, RFC 4343). */
bool nw_dns_name_equal(const struct nw_dns_name *a, const struct nw_dns_name *b);
/* Is a equal to b or a name under it ("www.example.com." under "com.")? */
bool nw_dns_name_under(const struct nw_dns_name *a, const struct nw_dns_name *b);
/* Number of labels, not counting the root. */
int nw_dns_name_labels(const struct nw_dns_name *n);
/* Append name b to a (a's root label dropped); -1 if the result is over 255 octets. */
int nw_dns_name_concat(struct nw_dns_name *a, const struct nw_dns_name *b);

/* ---- messages (dns_msg.c) ---------------------------------------------- */

/*
 * Decode and validate a whole message: header, every record of every
 * section (names and RDATA bounds, counts against the message), the OPT
 * record.  Returns NW_OK, NW_TRUNCATED or NW_MALFORMED (+why).
 */
enum nw_status nw_dns_parse(const uint8_t *data, size_t len, struct nw_dns_msg *m,
			    const char **why);
/* Header only (12 octets), for a quick ID check before a full parse. */
enum nw_status nw_dns_header_parse(const uint8_t *data, size_t len, struct nw_dns_header *h,
				   const char **why);
uint16_t nw_dns_count(const struct nw_dns_msg *m, enum nw_dns_section s);
void nw_dns_iter_init(struct nw_dns_iter *it, const struct nw_dns_msg *m, enum nw_dns_section s);
/* The next record of the section: 1 read, 0 at the end, -1 malformed (+why). */
int nw_dns_rr_next(struct nw_dns_iter *it, struct nw_dns_rr *rr, const char **why);

/* ---- building queries (dns_query.c) ------------------------------------ */

/* EDNS options to put in a query's OPT record. */
struct nw_dns_edns {
	bool enabled;
	uint16_t udp_size;
	bool do_bit;
	bool nsid;	 /* empty NSID option */
	bool has_cookie; /* client cookie (8 octets in cookie[]) */
	uint8_t cookie[8];
	bool ecs;	/* client subnet */
	int ecs_family; /* AF_INET / AF_INET6 */
	uint8_t ecs_addr[16];
	uint8_t ecs_prefix;
	uint16_t padding; /* octets of padding option (0: none) */
};

struct nw_dns_query {
	uint16_t id;
	struct nw_dns_name qname;
	uint16_t qtype, qclass;
	uint16_t flags; /* NW_DNS_F_RD / _CD / _AD */
	struct nw_dns_edns edns;
};

/* What a query goes over: it decides the size the query may have. */
enum nw_dns_transport { NW_DNS_UDP, NW_DNS_TCP };

/* The two octets of length in front of a message over TCP (RFC 7766 section 8). */
#define NW_DNS_TCP_PREFIX 2
/* A UDP message without EDNS (RFC 1035 section 4.2.1). */
#define NW_DNS_UDP_MAX 512
/* A TCP message: what its two-octet length can say. */
#define NW_DNS_TCP_MAX 65535
/*
 * The largest query but for its padding: the header, a 255-octet name,
 * QTYPE and QCLASS, the OPT record (11) with NSID (4), COOKIE (12), an
 * IPv6 CLIENT-SUBNET (24) and the padding option's own 4 octets.
 */
#define NW_DNS_QUERY_UNPADDED_MAX (NW_DNS_HEADER_LEN + NW_DNS_MAX_NAME + 4 + 11 + 4 + 12 + 24 + 4)
/* A buffer for nw_dns_query_build() that holds any query with at most pad octets of padding. */
#define NW_DNS_QUERY_BUFLEN(pad) (NW_DNS_TCP_PREFIX + NW_DNS_QUERY_UNPADDED_MAX + (pad))

/* The octets q takes on the wire (the TCP length not counted). */
size_t nw_dns_query_size(const struct nw_dns_query *q);
/*
 * The most octets q may take over tr: over TCP 65535; over UDP 512, or
 * the EDNS UDP payload size q advertises when that is larger (the size
 * its sender says a datagram on the path can carry: 1232, the default of
 * DNS Flag Day 2020, keeps an IPv6 datagram under 1280 octets, so
 * unfragmented).
 */
size_t nw_dns_query_limit(const struct nw_dns_query *q, enum nw_dns_transport tr);
/*
 * Build q for tr in out (outlen octets): the message at
 * out + NW_DNS_TCP_PREFIX, its length in the two octets before it, so
 * the same bytes go over UDP (from out + 2) or TCP (from out).  Returns
 * the message's length; or -1 and a one-line reason in err when it is
 * larger than nw_dns_query_limit() ("query too large: 612 octets, at
 * most 512 over UDP, ..."), larger than the buffer, or its client
 * subnet prefix is longer than the address.
 */
int nw_dns_query_build(const struct nw_dns_query *q, enum nw_dns_transport tr, uint8_t *out,
		       size_t outlen, char *err, size_t errlen);

/* ---- presentation (dns_rr.c, dns_rr_sec.c, dns_svcb.c, dns_edns.c) ----- */

/*
 * RDATA of rr in presentation form, as dig prints it; types it does not
 * know in RFC 3597 form ("\# 4 0A000001").  NW_OK, or NW_MALFORMED/
 * NW_TRUNCATED (+why) when the RDATA does not fit its type.
 */
enum nw_status nw_dns_rdata_str(const struct nw_dns_msg *m, const struct nw_dns_rr *rr, char *out,
				size_t outlen, const char **why);
/* One EDNS option, as dig's OPT PSEUDOSECTION line: "NSID: 6e 73 31 (\"ns1\")". */
enum nw_status nw_dns_edns_option_str(uint16_t code, const uint8_t *data, uint16_t len, char *out,
				      size_t outlen, const char **why);

/* ---- annotated wire dump (dns_wire.c) ---------------------------------- */

/*
 * One piece of a message: n octets at offset off with a note ("ID 4660",
 * "label \"www\"", "pointer to 0x000c: example.com.").  n == 0 is a
 * heading ("question 1") or an empty field (its note alone, p NULL).
 * Long fields come as several calls of at most
 * NW_DNS_WIRE_CHUNK octets, the note on the first only.
 */
typedef void (*nw_dns_wire_fn)(void *ctx, size_t off, const uint8_t *p, size_t n, const char *note);
#define NW_DNS_WIRE_CHUNK 16
/*
 * Walk a message field by field.  A malformed or truncated message is
 * walked up to the defect, then the rest comes as raw chunks noted
 * "malformed: <why>"; the status says which (NW_OK when all decoded).
 */
enum nw_status nw_dns_wire_walk(const uint8_t *msg, size_t len, nw_dns_wire_fn fn, void *ctx,
				const char **why);

/* ---- names of numbers (dns_types.c) ------------------------------------ */

/* "A", "TYPE65280"; buf holds at least 16 characters. */
const char *nw_dns_type_str(uint16_t type, char *buf, size_t len);
/* "A", "a", "TYPE1", "1" -> 1; -1 if unknown. */
int nw_dns_type_parse(const char *s);
const char *nw_dns_class_str(uint16_t c, char *buf, size_t len);
int nw_dns_class_parse(const char *s);
/* "NOERROR", "BADCOOKIE", "RCODE42". */
const char *nw_dns_rcode_str(uint16_t rcode, char *buf, size_t len);
const char *nw_dns_opcode_str(uint8_t op, char *buf, size_t len);
/* "NSID", "COOKIE", "CLIENT-SUBNET"; NULL when unnamed. */
const char *nw_dns_edns_option_name(uint16_t code);
/* Extended DNS error INFO-CODE (RFC 8914) text, or NULL. */
const char *nw_dns_ede_name(uint16_t code);
/* DNSSEC algorithm mnemonic or NULL. */
const char *nw_dns_alg_name(uint8_t alg);

/* ---- text helpers shared by the presentation files (dns_text.c) -------- */

/* A <character-string> in quotes, escaped as dig does ("\"", "\\", \DDD). */
void nw_sb_quoted(struct nw_sb *s, const uint8_t *p, size_t n);
/* One character inside quotes: '"' and '\' escaped, the rest \DDD when not printable. */
void nw_sb_quoted_char(struct nw_sb *s, uint8_t c);
void nw_sb_name(struct nw_sb *s, const struct nw_dns_name *n);

/* dig splits hex and base64 fields into chunks of this many characters. */
#define NW_DNS_SPLIT 56

#endif /* NW_DNS_H */
