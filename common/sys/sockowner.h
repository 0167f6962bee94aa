/*
 * sockowner.h: which processes hold which sockets, found as `ss -p` does:
 * every /proc/PID/fd/N that links to "socket:[INODE]" (the inode of a
 * sock_diag dump), with the process's pid and command (/proc/PID/comm).
 * Other users' processes need CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH (or
 * root); the ones that could not be read are counted.  Sockets in
 * TIME_WAIT (and request sockets) have inode 0 and no owner: no process
 * holds them any more.  Linux only (elsewhere the scan fails with a reason).
 */
#ifndef NW_SOCKOWNER_H
#define NW_SOCKOWNER_H

#include <stddef.h>
#include <stdint.h>

struct nw_sockowner {
	uint32_t inode;
	int pid, fd;
	char comm[16]; /* TASK_COMM_LEN */
};

struct nw_sockowners {
	struct nw_sockowner *v; /* sorted by inode, then pid, then fd */
	size_t n, cap;
	unsigned unreadable; /* processes whose fds could not be listed */
};

/* Scan procdir ("/proc"); o zero-initialised or scanned before (refilled).  0 or -1 + err. */
int nw_sockowners_scan(struct nw_sockowners *o, const char *procdir, char *err, size_t errlen);
/* The owners of inode: the first one and *count of them in a row; NULL when none (or inode 0). */
const struct nw_sockowner *nw_sockowners_find(const struct nw_sockowners *o, uint32_t inode,
					      size_t *count);
void nw_sockowners_free(struct nw_sockowners *o);

#endif
