/*
 * names.h: reverse names (an address's host name) looked up in a child
 * process, so that a slow resolver never holds up the probes: ask, carry
 * on, collect what has come back, and wait (bounded) only at the end.
 *
 * The child runs getnameinfo(3) with NI_NAMEREQD, the system's resolver as
 * traceroute uses it (/etc/hosts, DNS, whatever nsswitch says), one name at
 * a time, as the unprivileged user with no capability left and its parent's
 * descriptors closed; it ends when the parent closes its end.  Open it
 * before nw_priv_drop_all (it forks) and before any raw handle is open.
 * The parent only sends and reads on a socket pair it already holds, which
 * every seccomp profile allows.
 */
#ifndef NW_SYS_NAMES_H
#define NW_SYS_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

struct nw_names;

/* Start the child; NULL with err when it cannot be started. */
struct nw_names *nw_names_open(char *err, size_t errlen);
/* Stop the child (it ends on its own once its end of the pair is closed). */
void nw_names_close(struct nw_names *n);

/* Ask for a's name unless asked already; false when the child is gone. */
bool nw_names_ask(struct nw_names *n, const struct nw_addr *a);
/* Read the answers that have arrived, without waiting. */
void nw_names_collect(struct nw_names *n);
/* Wait until a has its answer or the monotonic deadline_ns passes; true if answered. */
bool nw_names_wait(struct nw_names *n, const struct nw_addr *a, int64_t deadline_ns);

/*
 * a's answer: true with *name (NULL when it has none) once the child has
 * answered; false while it is still out (or was never asked).
 */
bool nw_names_get(const struct nw_names *n, const struct nw_addr *a, const char **name);

#endif
