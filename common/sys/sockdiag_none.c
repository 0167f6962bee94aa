/* sockdiag_none.c: sock_diag and /proc/PID/fd are Linux's; elsewhere each call says so. */
#include "config.h"

#include <stdlib.h>

#include "base/errbuf.h"
#include "sys/sockdiag.h"
#include "sys/sockowner.h"

#define LINUX_ONLY "needs Linux (NETLINK_SOCK_DIAG and /proc/PID/fd)"

struct nw_sockdiag *nw_sockdiag_open(char *err, size_t errlen)
{
	nw_err_set(err, errlen, "socket list %s", LINUX_ONLY);
	return NULL;
}

int nw_sockdiag_dump(struct nw_sockdiag *d, const struct nw_sockdiag_query *q, nw_sockdiag_fn fn,
		     void *ctx, char *err, size_t errlen)
{
	(void)d;
	(void)q;
	(void)fn;
	(void)ctx;
	return nw_err_set(err, errlen, "socket list %s", LINUX_ONLY);
}

void nw_sockdiag_close(struct nw_sockdiag *d)
{
	(void)d;
}

struct nw_sockdiag *nw_sockdiag_open_destroy(const struct nw_sockdiag_query *q, char *err,
					     size_t errlen)
{
	(void)q;
	nw_err_set(err, errlen, "socket events %s", LINUX_ONLY);
	return NULL;
}

int nw_sockdiag_fd(const struct nw_sockdiag *d)
{
	(void)d;
	return -1;
}

int nw_sockdiag_read_destroyed(struct nw_sockdiag *d, nw_sockdiag_fn fn, void *ctx,
			       unsigned *overruns, char *err, size_t errlen)
{
	(void)d;
	(void)fn;
	(void)ctx;
	(void)overruns;
	return nw_err_set(err, errlen, "socket events %s", LINUX_ONLY);
}

int nw_sockowners_scan(struct nw_sockowners *o, const char *procdir, char *err, size_t errlen)
{
	(void)o;
	(void)procdir;
	return nw_err_set(err, errlen, "socket owners %s", LINUX_ONLY);
}

const struct nw_sockowner *nw_sockowners_find(const struct nw_sockowners *o, uint32_t inode,
					      size_t *count)
{
	(void)o;
	(void)inode;
	*count = 0;
	return NULL;
}

void nw_sockowners_free(struct nw_sockowners *o)
{
	(void)o;
}
