/*
 * addrset.h: the set of addresses a scan visits: target specs parsed one at
 * a time or from a text buffer (as -iL FILE gives it), exclusions
 * subtracted, the result kept as sorted, merged intervals per family so
 * that the addresses can be counted and the i-th one found by a binary
 * search.  docs/scan.md, "Targets, ports and order", lists the forms.
 *
 * A spec is an address (198.18.0.1, 2001:db8::1), a CIDR block
 * (198.18.0.0/24; host bits are cleared), a range on the last part
 * (198.18.0.1-200, 2001:db8::1-ff, the last 16-bit group in hex) or a full
 * range (198.18.0.1-198.18.1.7, 2001:db8::1-2001:db8::1:0), or a host name
 * (with or without /PREFIX).  Names are not resolved here: the parser says
 * "this is a name" and the tool resolves it (before dropping privileges)
 * and adds the addresses with nw_addrset_add_block().
 *
 * Order: IPv4 addresses first, then IPv6, each ascending.  Errors are one
 * line in the caller's err buffer, "invalid target '<spec>': <why>" (the
 * noun given to nw_addrset_new), for the tool to print after its name.
 */
#ifndef NW_ADDRSET_H
#define NW_ADDRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

/* Longest host name (RFC 1035; one more with a final dot) and a spec: a name, '/' and a prefix. */
#define NW_TARGET_NAME_MAX 253
#define NW_TARGET_SPEC_MAX 320

/* One parsed spec. */
struct nw_target {
	enum { NW_TARGET_RANGE, NW_TARGET_NAME } kind;
	struct nw_addr first, last;	   /* NW_TARGET_RANGE: same family, first <= last */
	char name[NW_TARGET_NAME_MAX + 2]; /* NW_TARGET_NAME, a final dot allowed */
	int prefix_len;			   /* NW_TARGET_NAME: 0..128, -1 without /PREFIX */
};

/* Parse one spec.  0, or -1 with *why a static one-line reason. */
int nw_target_parse(const char *spec, struct nw_target *out, const char **why);

struct nw_addrset;

/* An empty set; noun names a spec in errors ("target", "exclusion").  NULL when out of memory. */
struct nw_addrset *nw_addrset_new(const char *noun);
void nw_addrset_free(struct nw_addrset *s);

/*
 * Add one spec.  0 added; 1 the spec is a host name, nothing added, *name
 * (when not NULL) filled for the caller to resolve; -1 with err filled.
 */
int nw_addrset_add(struct nw_addrset *s, const char *spec, struct nw_target *name, char *err,
		   size_t errlen);

/*
 * Called for each host name nw_addrset_add_text meets, with its /PREFIX
 * or -1; return 0 to go on, or -1 with err filled to stop.
 */
typedef int (*nw_addrset_name_fn)(void *ctx, const char *name, int prefix_len, char *err,
				  size_t errlen);

/*
 * Add every spec of a text (white space separated, '#' to the end of the
 * line a comment), as a file of targets holds them.  A name goes to
 * on_name; with on_name NULL it is an error.  0, or -1 with err filled:
 * "line N: invalid target '<spec>': <why>".
 */
int nw_addrset_add_text(struct nw_addrset *s, const char *text, size_t len,
			nw_addrset_name_fn on_name, void *ctx, char *err, size_t errlen);

/*
 * Add the block a/prefix_len (a resolved name; a prefix_len below 0, as a
 * name without /PREFIX gives, is a alone); host bits are cleared.  0 or
 * -1 (err).
 */
int nw_addrset_add_block(struct nw_addrset *s, const struct nw_addr *a, int prefix_len, char *err,
			 size_t errlen);
/* Add first..last (same family, first <= last).  0 or -1 (err). */
int nw_addrset_add_range(struct nw_addrset *s, const struct nw_addr *first,
			 const struct nw_addr *last, char *err, size_t errlen);

/*
 * Sort and merge, subtract excl (may be NULL; it is sorted too), and index
 * the result.  -1 with err filled when there is no target ("no target"),
 * when exclusions leave nothing ("every target is excluded") or when the
 * count does not fit in 64 bits.  After it the set is read-only until the
 * next add.
 */
int nw_addrset_finish(struct nw_addrset *s, struct nw_addrset *excl, char *err, size_t errlen);

/* The number of addresses (after nw_addrset_finish), and of each family. */
uint64_t nw_addrset_count(const struct nw_addrset *s);
uint64_t nw_addrset_count_family(const struct nw_addrset *s, int family);
/* The number of merged intervals. */
size_t nw_addrset_intervals(const struct nw_addrset *s);

/* The i-th address (0 <= i < count): 0, or -1 when i is out of range. */
int nw_addrset_at(const struct nw_addrset *s, uint64_t i, struct nw_addr *out);
/* The index of a, or -1 when a is not in the set (an answer from elsewhere). */
int nw_addrset_index(const struct nw_addrset *s, const struct nw_addr *a, uint64_t *index);

#endif /* NW_ADDRSET_H */
