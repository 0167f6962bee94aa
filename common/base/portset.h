/*
 * portset.h: the set of ports a scan visits, from nmap's -p syntax without
 * the protocol prefixes: "22,80,1000-2000", "-" for 1-65535, "1024-" and
 * "-1023" for open ends; 0 only when named.  Ports are kept in a bitmap
 * and visited in ascending order; nw_portset_at and nw_portset_index map
 * between a port and its place in that order.  Errors are one line in the
 * caller's err buffer: "invalid port range '70000': port above 65535".
 */
#ifndef NW_PORTSET_H
#define NW_PORTSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nw_portset;

/* An empty set, or NULL when out of memory. */
struct nw_portset *nw_portset_new(void);
void nw_portset_free(struct nw_portset *s);

/* Add the ports of a list ("22,80,1000-2000,-").  0, or -1 with err filled. */
int nw_portset_parse(struct nw_portset *s, const char *list, char *err, size_t errlen);
/* Add the default ports (nw_portset_default_ports). */
void nw_portset_add_default(struct nw_portset *s);
/* Add one port. */
void nw_portset_add(struct nw_portset *s, uint16_t port);

/* Index the set; -1 with err filled when it is empty. */
int nw_portset_finish(struct nw_portset *s, char *err, size_t errlen);

/* After nw_portset_finish: how many, the i-th in ascending order, the place of a port. */
uint32_t nw_portset_count(const struct nw_portset *s);
uint16_t nw_portset_at(const struct nw_portset *s, uint32_t i);
bool nw_portset_has(const struct nw_portset *s, uint16_t port);
/* The place of port, or -1 when it is not in the set. */
int nw_portset_index(const struct nw_portset *s, uint16_t port, uint32_t *index);

/* The default TCP ports (portset.c says how they were chosen), ascending. */
extern const uint16_t nw_portset_default_ports[];
extern const size_t nw_portset_default_count;

#endif /* NW_PORTSET_H */
