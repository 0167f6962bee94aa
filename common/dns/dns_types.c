/*
 * dns_types.c: names of DNS numbers (IANA DNS parameters registry): types,
 * classes, rcodes (RFC 1035, 2136, 6891, 7873), opcodes, EDNS options,
 * extended DNS errors (RFC 8914) and DNSSEC algorithms (RFC 8624).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns/dns.h"
#include "base/num.h"

struct code_name {
	uint16_t code;
	const char *name;
};

/* clang-format off */
static const struct code_name types[] = {
	{1, "A"}, {2, "NS"}, {3, "MD"}, {4, "MF"}, {5, "CNAME"}, {6, "SOA"}, {7, "MB"}, {8, "MG"},
	{9, "MR"}, {10, "NULL"}, {11, "WKS"}, {12, "PTR"}, {13, "HINFO"}, {14, "MINFO"}, {15, "MX"},
	{16, "TXT"}, {17, "RP"}, {18, "AFSDB"}, {19, "X25"}, {20, "ISDN"}, {21, "RT"}, {22, "NSAP"},
	{23, "NSAP-PTR"}, {24, "SIG"}, {25, "KEY"}, {26, "PX"}, {27, "GPOS"}, {28, "AAAA"},
	{29, "LOC"}, {30, "NXT"}, {33, "SRV"}, {35, "NAPTR"}, {36, "KX"}, {37, "CERT"}, {38, "A6"},
	{39, "DNAME"}, {41, "OPT"}, {42, "APL"}, {43, "DS"}, {44, "SSHFP"}, {45, "IPSECKEY"},
	{46, "RRSIG"}, {47, "NSEC"}, {48, "DNSKEY"}, {49, "DHCID"}, {50, "NSEC3"},
	{51, "NSEC3PARAM"}, {52, "TLSA"}, {53, "SMIMEA"}, {55, "HIP"}, {59, "CDS"}, {60, "CDNSKEY"},
	{61, "OPENPGPKEY"}, {62, "CSYNC"}, {63, "ZONEMD"}, {64, "SVCB"}, {65, "HTTPS"},
	{99, "SPF"}, {104, "NID"}, {105, "L32"}, {106, "L64"}, {107, "LP"}, {108, "EUI48"},
	{109, "EUI64"}, {249, "TKEY"}, {250, "TSIG"}, {251, "IXFR"}, {252, "AXFR"}, {253, "MAILB"},
	{254, "MAILA"}, {255, "ANY"}, {256, "URI"}, {257, "CAA"}, {32768, "TA"}, {32769, "DLV"},
};

static const struct code_name classes[] = {
	{1, "IN"}, {3, "CH"}, {4, "HS"}, {254, "NONE"}, {255, "ANY"},
};

static const struct code_name rcodes[] = {
	{0, "NOERROR"}, {1, "FORMERR"}, {2, "SERVFAIL"}, {3, "NXDOMAIN"}, {4, "NOTIMP"},
	{5, "REFUSED"}, {6, "YXDOMAIN"}, {7, "YXRRSET"}, {8, "NXRRSET"}, {9, "NOTAUTH"},
	{10, "NOTZONE"}, {16, "BADVERS"}, {17, "BADKEY"}, {18, "BADTIME"}, {19, "BADMODE"},
	{20, "BADNAME"}, {21, "BADALG"}, {22, "BADTRUNC"}, {23, "BADCOOKIE"},
};

static const struct code_name opcodes[] = {
	{0, "QUERY"}, {1, "IQUERY"}, {2, "STATUS"}, {4, "NOTIFY"}, {5, "UPDATE"}, {6, "DSO"},
};

static const struct code_name edns_options[] = {
	{1, "LLQ"}, {2, "UL"}, {3, "NSID"}, {5, "DAU"}, {6, "DHU"}, {7, "N3U"},
	{8, "CLIENT-SUBNET"}, {9, "EXPIRE"}, {10, "COOKIE"}, {11, "TCP-KEEPALIVE"},
	{12, "PADDING"}, {13, "CHAIN"}, {14, "KEY-TAG"}, {15, "EDE"}, {16, "CLIENT-TAG"},
	{17, "SERVER-TAG"}, {18, "REPORT-CHANNEL"}, {19, "ZONEVERSION"},
};

static const struct code_name ede[] = {
	{0, "Other"}, {1, "Unsupported DNSKEY Algorithm"}, {2, "Unsupported DS Digest Type"},
	{3, "Stale Answer"}, {4, "Forged Answer"}, {5, "DNSSEC Indeterminate"},
	{6, "DNSSEC Bogus"}, {7, "Signature Expired"}, {8, "Signature Not Yet Valid"},
	{9, "DNSKEY Missing"}, {10, "RRSIGs Missing"}, {11, "No Zone Key Bit Set"},
	{12, "NSEC Missing"}, {13, "Cached Error"}, {14, "Not Ready"}, {15, "Blocked"},
	{16, "Censored"}, {17, "Filtered"}, {18, "Prohibited"}, {19, "Stale NXDOMAIN Answer"},
	{20, "Not Authoritative"}, {21, "Not Supported"}, {22, "No Reachable Authority"},
	{23, "Network Error"}, {24, "Invalid Data"}, {25, "Signature Expired before Valid"},
	{26, "Too Early"}, {27, "Unsupported NSEC3 Iterations Value"},
	{28, "Unable to conform to policy"}, {29, "Synthesized"},
};

static const struct code_name algs[] = {
	{1, "RSAMD5"}, {3, "DSA"}, {5, "RSASHA1"}, {6, "NSEC3DSA"}, {7, "NSEC3RSASHA1"},
	{8, "RSASHA256"}, {10, "RSASHA512"}, {12, "ECCGOST"}, {13, "ECDSAP256SHA256"},
	{14, "ECDSAP384SHA384"}, {15, "ED25519"}, {16, "ED448"},
};
/* clang-format on */

#define LOOKUP(table, code) lookup(table, sizeof(table) / sizeof(table[0]), code)
#define FIND(table, s)	    find(table, sizeof(table) / sizeof(table[0]), s)

static const char *lookup(const struct code_name *t, size_t n, uint16_t code)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].name;
	return NULL;
}

static int find(const struct code_name *t, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(t[i].name, s) == 0)
			return t[i].code;
	return -1;
}

static const char *named_or(const char *name, const char *prefix, unsigned v, char *buf, size_t len)
{
	if (name)
		return name;
	snprintf(buf, len, "%s%u", prefix, v);
	return buf;
}

/* "TYPE123" / "123" style (generic form, RFC 3597 section 5). */
static int generic(const char *s, const char *prefix)
{
	uint64_t v;
	const char *why;
	size_t n = strlen(prefix);
	if (strncasecmp(s, prefix, n) == 0)
		s += n;
	if (nw_parse_uint(s, 0, 65535, &v, &why) != 0)
		return -1;
	return (int)v;
}

const char *nw_dns_type_str(uint16_t type, char *buf, size_t len)
{
	return named_or(LOOKUP(types, type), "TYPE", type, buf, len);
}

int nw_dns_type_parse(const char *s)
{
	int v = FIND(types, s);
	return v >= 0 ? v : generic(s, "TYPE");
}

const char *nw_dns_class_str(uint16_t c, char *buf, size_t len)
{
	return named_or(LOOKUP(classes, c), "CLASS", c, buf, len);
}

int nw_dns_class_parse(const char *s)
{
	int v = FIND(classes, s);
	return v >= 0 ? v : generic(s, "CLASS");
}

const char *nw_dns_rcode_str(uint16_t rcode, char *buf, size_t len)
{
	return named_or(LOOKUP(rcodes, rcode), "RCODE", rcode, buf, len);
}

const char *nw_dns_opcode_str(uint8_t op, char *buf, size_t len)
{
	return named_or(LOOKUP(opcodes, op), "OPCODE", op, buf, len);
}

const char *nw_dns_edns_option_name(uint16_t code)
{
	return LOOKUP(edns_options, code);
}

const char *nw_dns_ede_name(uint16_t code)
{
	return LOOKUP(ede, code);
}

const char *nw_dns_alg_name(uint8_t alg)
{
	return LOOKUP(algs, alg);
}
