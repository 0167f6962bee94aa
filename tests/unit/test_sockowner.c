/*
 * test_sockowner.c: sys/sockowner_linux.c on a /proc of our own making
 * (a directory per process with fd/N links and a comm file): which
 * processes hold which socket inodes, several per socket, what is not a
 * socket or not a process skipped.  Linux only (skip elsewhere).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys/sockowner.h"
#include "testlib.h"

static char root[64];

static void put_fd(const char *pid, const char *comm, const char *fd, const char *target)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", root, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/%s/fd", root, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/%s/fd/%s", root, pid, fd);
	CHECK(symlink(target, path) == 0);
	snprintf(path, sizeof path, "%s/%s/comm", root, pid);
	if ((f = fopen(path, "w")) != NULL) {
		fprintf(f, "%s\n", comm);
		fclose(f);
	}
}

static void make_proc(void)
{
	char path[256];

	snprintf(root, sizeof root, "/tmp/test_sockowner.%ld", (long)getpid());
	CHECK(mkdir(root, 0755) == 0);
	put_fd("100", "server", "3", "socket:[555]");
	put_fd("100", "server", "4", "/dev/null");
	put_fd("100", "server", "5", "socket:[55]"); /* a prefix of 555's number */
	put_fd("200", "worker", "7", "socket:[555]");
	put_fd("300", "client", "1", "socket:[777]");
	put_fd("300", "client", "2", "socket:[7x]"); /* not a number: skipped */
	put_fd("abc", "nope", "9", "socket:[999]");  /* not a process: skipped */
	snprintf(path, sizeof path, "%s/400", root); /* a process gone: no fd directory */
	mkdir(path, 0755);
}

int main(void)
{
#ifndef __linux__
	return 77;
#else
	struct nw_sockowners o = {0};
	const struct nw_sockowner *w;
	char err[128], cmd[128];
	size_t n;

	make_proc();
	CHECK(nw_sockowners_scan(&o, root, err, sizeof err) == 0);
	CHECK_INT(o.n, 4);
	CHECK_INT(o.unreadable, 0);
	w = nw_sockowners_find(&o, 555, &n);
	CHECK(w != NULL && n == 2);
	if (w && n == 2) {
		CHECK_INT(w[0].pid, 100);
		CHECK_INT(w[0].fd, 3);
		CHECK_STR(w[0].comm, "server");
		CHECK_INT(w[1].pid, 200);
		CHECK_STR(w[1].comm, "worker");
	}
	w = nw_sockowners_find(&o, 55, &n);
	CHECK(w != NULL && n == 1 && w->fd == 5);
	w = nw_sockowners_find(&o, 777, &n);
	CHECK(w != NULL && n == 1 && w->pid == 300);
	CHECK(nw_sockowners_find(&o, 999, &n) == NULL && n == 0);
	CHECK(nw_sockowners_find(&o, 0, &n) == NULL && n == 0);
	/* A rescan refills. */
	CHECK(nw_sockowners_scan(&o, root, err, sizeof err) == 0);
	CHECK_INT(o.n, 4);
	CHECK(nw_sockowners_scan(&o, "/nonexistent-proc", err, sizeof err) == -1);
	CHECK(strstr(err, "/nonexistent-proc") != NULL);
	nw_sockowners_free(&o);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	CHECK(system(cmd) == 0);
	return nw_test_result("test_sockowner");
#endif
}
