/*
 * watch_netns.c: nw-watch --netns NAME.  The sock_diag socket lists the
 * sockets of the namespace it was made in, so joining NAME's namespace
 * before it is opened is all it takes; /proc is the PID namespace's and
 * stays the same (a socket inode names its owners in any namespace).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/errbuf.h"
#include "sys/priv.h"
#include "watch_netns.h"

int watch_enter_netns(const char *name, char *err, size_t errlen)
{
#ifdef __linux__
	char path[256], perr[128];
	int fd, rc, e;

	snprintf(path, sizeof path, "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nw_err_set(err, errlen, "--netns %s: cannot open %s: %s", name, path,
				  strerror(errno));
	nw_priv_raise(perr, sizeof perr); /* fails only when nothing was kept: setns says */
	rc = setns(fd, CLONE_NEWNET);
	e = errno;
	nw_priv_lower(perr, sizeof perr);
	close(fd);
	if (rc != 0)
		return nw_err_set(err, errlen, "--netns %s: setns: %s%s", name, strerror(e),
				  e == EPERM ? " (needs root or CAP_SYS_ADMIN)" : "");
	return 0;
#else
	(void)name;
	return nw_err_set(err, errlen, "--netns needs Linux");
#endif
}
