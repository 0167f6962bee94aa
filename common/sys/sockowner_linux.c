/* sockowner_linux.c: socket inodes to processes through /proc/PID/fd, as ss -p does. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/errbuf.h"
#include "base/grow.h"
#include "sys/sockowner.h"

/* A decimal name ("1234"), as /proc's process and fd entries are; -1 otherwise. */
static int decimal_name(const char *s)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return (int)v;
}

/* "socket:[12345]" -> 12345; 0 for any other link. */
static uint32_t socket_inode(const char *link)
{
	static const char pre[] = "socket:[";
	unsigned long long v = 0;
	const char *p;

	if (strncmp(link, pre, sizeof pre - 1) != 0)
		return 0;
	for (p = link + sizeof pre - 1; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (unsigned)(*p - '0')) > UINT32_MAX)
			return 0;
	return *p == ']' && p[1] == '\0' ? (uint32_t)v : 0;
}

static void read_comm(int pid_dir, char comm[16])
{
	int fd = openat(pid_dir, "comm", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, comm, 15) : -1;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		n = 0;
	comm[n] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
}

static int add_owner(struct nw_sockowners *o, const struct nw_sockowner *w)
{
	if (nw_grow(&o->v, &o->cap, o->n, sizeof *o->v, 256) != 0)
		return -1;
	o->v[o->n++] = *w;
	return 0;
}

/* The sockets among one process's descriptors.  -1 only when out of memory. */
static int scan_process(struct nw_sockowners *o, int proc_fd, const char *pid_name, int pid)
{
	struct nw_sockowner w = {.pid = pid};
	int pid_dir = openat(proc_fd, pid_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fd_dir = pid_dir >= 0 ? openat(pid_dir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	DIR *fds = fd_dir >= 0 ? fdopendir(fd_dir) : NULL;
	struct dirent *e;
	int rc = 0;

	if (!fds) {
		if (errno != ENOENT) /* a process that ended meanwhile is not unreadable */
			o->unreadable++;
		if (fd_dir >= 0)
			close(fd_dir);
		if (pid_dir >= 0)
			close(pid_dir);
		return 0;
	}
	read_comm(pid_dir, w.comm);
	while (rc == 0 && (e = readdir(fds)) != NULL) {
		char link[64];
		ssize_t n = readlinkat(dirfd(fds), e->d_name, link, sizeof link - 1);
		if (n <= 0 || (w.fd = decimal_name(e->d_name)) < 0)
			continue;
		link[n] = '\0';
		if ((w.inode = socket_inode(link)) != 0)
			rc = add_owner(o, &w);
	}
	closedir(fds);
	close(pid_dir);
	return rc;
}

static int owner_cmp(const void *a, const void *b)
{
	const struct nw_sockowner *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

int nw_sockowners_scan(struct nw_sockowners *o, const char *procdir, char *err, size_t errlen)
{
	int proc_fd = open(procdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *procs = proc_fd >= 0 ? fdopendir(proc_fd) : NULL;
	struct dirent *e;
	int rc = 0;

	o->n = 0;
	o->unreadable = 0;
	if (!procs) {
		if (proc_fd >= 0)
			close(proc_fd);
		return nw_err_set(err, errlen, "%s: %s", procdir, strerror(errno));
	}
	while (rc == 0 && (e = readdir(procs)) != NULL) {
		int pid = decimal_name(e->d_name);
		if (pid > 0)
			rc = scan_process(o, dirfd(procs), e->d_name, pid);
	}
	closedir(procs);
	if (rc != 0)
		return nw_err_set(err, errlen, "out of memory");
	if (o->n > 1)
		qsort(o->v, o->n, sizeof *o->v, owner_cmp);
	return 0;
}

const struct nw_sockowner *nw_sockowners_find(const struct nw_sockowners *o, uint32_t inode,
					      size_t *count)
{
	size_t lo = 0, hi = o->n, end;

	*count = 0;
	if (inode == 0)
		return NULL;
	while (lo < hi) { /* the first entry with v[lo].inode >= inode */
		size_t mid = lo + (hi - lo) / 2;
		if (o->v[mid].inode < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < o->n && o->v[end].inode == inode; end++)
		;
	*count = end - lo;
	return *count ? &o->v[lo] : NULL;
}

void nw_sockowners_free(struct nw_sockowners *o)
{
	free(o->v);
	o->v = NULL;
	o->n = o->cap = 0;
}
