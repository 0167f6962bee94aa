/*
 * banner.h: the first bytes a TCP service says, as nw-scan --banners shows
 * them: a connection through the system's TCP stack, then whatever the
 * service sends unasked within half the wait (SSH, SMTP, FTP... greet
 * first), else its answer to a small request ("HEAD / HTTP/1.0" and a
 * blank line: a web server answers it, most others answer with an error,
 * which says as much) within the other half.  At most NW_BANNER_MAX bytes
 * are kept.  Several grabs run at once in the caller's loop, the others
 * wait their turn.
 */
#ifndef NW_SYS_BANNER_H
#define NW_SYS_BANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "sys/loop.h"

#define NW_BANNER_MAX 256

/* A grab ended: the bytes (len 0: the service said nothing), or error (errno; 0 none). */
typedef void (*nw_banner_fn)(void *ctx, const struct nw_addr *a, uint16_t port, const uint8_t *data,
			     size_t len, int error);

struct nw_banners;

/* NULL when out of memory. */
struct nw_banners *nw_banners_new(struct nw_loop *l, unsigned parallel, int64_t wait_ns,
				  nw_banner_fn fn, void *ctx);
/* Grab the banner of a:port (now, or when a grab ends).  0, or -1 when out of memory. */
int nw_banners_start(struct nw_banners *b, const struct nw_addr *a, uint16_t port);
/* No grab running or waiting. */
bool nw_banners_idle(const struct nw_banners *b);
/* Grabs still running end without a callback. */
void nw_banners_free(struct nw_banners *b);

#endif
