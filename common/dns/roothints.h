/*
 * roothints.h: a root hints file (named.root, as IANA publishes it): the
 * names and addresses of the root servers, where an iterative resolution
 * starts (RFC 1034 section 5.3.3), and the IANA list built in.
 */
#ifndef NW_ROOTHINTS_H
#define NW_ROOTHINTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/status.h"
#include "dns/dns.h"

/* Addresses kept from one file; more are left out (IANA lists 26). */
#define NW_ROOTHINTS_MAX 32

struct nw_roothint {
	struct nw_dns_name name;
	struct nw_addr addr;
};

struct nw_roothints {
	int n;
	struct nw_roothint hint[NW_ROOTHINTS_MAX];
	unsigned line; /* the line a failure is on, from 1 */
};

/*
 * The IANA root hints (https://www.internic.net/domain/named.root): the
 * thirteen servers, each with its IPv4 and then its IPv6 address.
 */
extern const char nw_roothints_iana[];

/*
 * Read the A and AAAA records of a root hints file's text (len octets at
 * data), in master file form (RFC 1035 section 5.1): "NAME [TTL] [CLASS]
 * TYPE DATA" a line, a blank first column for the owner of the line
 * before, comments from ';' (and lines starting with '#'); $ directives
 * and other types (the NS records) are skipped, as are records of another
 * class than IN.  The addresses of family (AF_INET, AF_INET6, or 0 for
 * both) are kept in file order, at most NW_ROOTHINTS_MAX.  NW_OK (n may
 * be 0), or NW_MALFORMED with a one-line reason in *why and the line in
 * out->line: an owner that is not a name, an address that does not
 * parse, parentheses (a record over several lines), a line too long.
 */
enum nw_status nw_roothints_parse(const uint8_t *data, size_t len, int family,
				  struct nw_roothints *out, const char **why);
/*
 * Read path whole and parse it: 0, or -1 with the reason in err (the
 * system's for a file that cannot be read, "line N: ..." for the text).
 */
int nw_roothints_load(const char *path, int family, struct nw_roothints *out, char *err,
		      size_t errlen);

#endif
