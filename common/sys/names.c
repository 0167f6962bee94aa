/*
 * names.c: reverse names in a child process (names.h).  The two speak
 * lines over a socket pair: the parent sends "ADDRESS\n", the child
 * answers "ADDRESS NAME\n", or "ADDRESS\n" when the address has no name.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/timeutil.h"
#include "sys/names.h"
#include "sys/priv.h"

#define NAME_MAX_LEN 256 /* NI_MAXHOST is 1025; a longer name is cut */
#define LINE_MAX_LEN (NW_ADDRSTRLEN + 1 + NAME_MAX_LEN + 1)

struct entry {
	struct nw_addr addr;
	bool answered;
	char *name; /* NULL: none */
};

struct nw_names {
	int fd; /* our end of the pair; -1 once the child is gone */
	struct entry *e;
	size_t n, cap;
	char buf[4 * LINE_MAX_LEN]; /* a partial answer line */
	size_t used;
};

/* ---- the child ------------------------------------------------------- */

/* A name fit for a terminal and for our line format: printable, no spaces. */
static void clean_name(char *s)
{
	for (; *s; s++)
		if (*s <= ' ' || *s > '~')
			*s = '?';
}

static void answer(int fd, const char *line)
{
	struct sockaddr_storage ss;
	struct nw_addr a;
	char host[NI_MAXHOST], out[LINE_MAX_LEN];
	size_t len = strlen(line), hlen;
	unsigned salen;

	if (len >= NW_ADDRSTRLEN || nw_addr_parse(line, AF_UNSPEC, &a, NULL) != 0)
		return;
	memcpy(out, line, len);
	salen = nw_addr_to_sockaddr(&a, 0, &ss);
	if (getnameinfo((struct sockaddr *)&ss, salen, host, sizeof(host), NULL, 0, NI_NAMEREQD) ==
	    0) {
		host[NAME_MAX_LEN] = '\0';
		clean_name(host);
		hlen = strlen(host);
		out[len++] = ' ';
		memcpy(out + len, host, hlen);
		len += hlen;
	}
	out[len++] = '\n';
	if (write(fd, out, len) < 0)
		_exit(0);
}

/* Read addresses, one per line, until the parent closes its end. */
static void serve(int fd)
{
	char buf[LINE_MAX_LEN];
	size_t used = 0;
	ssize_t got;

	while ((got = read(fd, buf + used, sizeof(buf) - 1 - used)) > 0) {
		char *nl;
		used += (size_t)got;
		buf[used] = '\0';
		while ((nl = memchr(buf, '\n', used)) != NULL) {
			*nl = '\0';
			answer(fd, buf);
			used -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, used);
		}
		if (used == sizeof(buf) - 1)
			used = 0; /* a line too long to be an address */
	}
}

/* Everything but the pair's end (as 3) and stderr closed; nothing left to lose. */
static void child_main(int fd)
{
	char err[256];
	long max = sysconf(_SC_OPEN_MAX);
	int null = open("/dev/null", O_RDWR);

	signal(SIGINT, SIG_IGN); /* ^C stops the trace; its last names still come */
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
	}
	if (fd != 3 && dup2(fd, 3) < 0)
		_exit(1);
	if (max < 0 || max > 65536)
		max = 65536;
	for (int i = 4; i < max; i++)
		close(i);
	if (nw_priv_drop_all(NW_PRIV_NO_FILTER, err, sizeof(err)) != 0)
		_exit(1);
	serve(3);
	_exit(0);
}

/* ---- the parent ------------------------------------------------------ */

struct nw_names *nw_names_open(char *err, size_t errlen)
{
	struct nw_names *n = calloc(1, sizeof(*n));
	int sv[2];
	pid_t pid;

	if (!n) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		snprintf(err, errlen, "socketpair: %s", strerror(errno));
		free(n);
		return NULL;
	}
	fflush(NULL); /* nothing buffered is written twice */
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		free(n);
		return NULL;
	}
	if (pid == 0) {
		close(sv[0]);
		child_main(sv[1]);
	}
	close(sv[1]);
	n->fd = sv[0];
	return n;
}

void nw_names_close(struct nw_names *n)
{
	if (!n)
		return;
	if (n->fd >= 0)
		close(n->fd);
	for (size_t i = 0; i < n->n; i++)
		free(n->e[i].name);
	free(n->e);
	free(n);
}

static struct entry *find(const struct nw_names *n, const struct nw_addr *a)
{
	for (size_t i = 0; i < n->n; i++)
		if (nw_addr_equal(&n->e[i].addr, a))
			return &n->e[i];
	return NULL;
}

/* The child is gone: nothing more will be answered. */
static void lost(struct nw_names *n)
{
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
}

bool nw_names_ask(struct nw_names *n, const struct nw_addr *a)
{
	struct entry *e;
	char line[NW_ADDRSTRLEN + 1];
	size_t len;

	if (find(n, a))
		return n->fd >= 0;
	if (n->fd < 0)
		return false;
	if (n->n == n->cap) {
		size_t cap = n->cap ? 2 * n->cap : 16;
		e = realloc(n->e, cap * sizeof(*e));
		if (!e)
			return false;
		n->e = e;
		n->cap = cap;
	}
	nw_addr_ntop(a, line, sizeof(line) - 1);
	len = strlen(line);
	line[len++] = '\n';
	if (send(n->fd, line, len, MSG_NOSIGNAL) != (ssize_t)len) {
		lost(n);
		return false;
	}
	n->e[n->n++] = (struct entry){.addr = *a};
	return true;
}

/* One answer line: "ADDRESS NAME" or "ADDRESS". */
static void take_line(struct nw_names *n, char *line)
{
	char *sp = strchr(line, ' ');
	struct nw_addr a;
	struct entry *e;

	if (sp)
		*sp++ = '\0';
	if (nw_addr_parse(line, AF_UNSPEC, &a, NULL) != 0 || !(e = find(n, &a)) || e->answered)
		return;
	e->answered = true;
	e->name = sp && *sp ? strdup(sp) : NULL;
}

void nw_names_collect(struct nw_names *n)
{
	ssize_t got;
	char *nl;

	while (n->fd >= 0) {
		got = recv(n->fd, n->buf + n->used, sizeof(n->buf) - 1 - n->used, MSG_DONTWAIT);
		if (got == 0 ||
		    (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
			lost(n);
			break;
		}
		if (got < 0)
			break;
		n->used += (size_t)got;
		while ((nl = memchr(n->buf, '\n', n->used)) != NULL) {
			*nl = '\0';
			take_line(n, n->buf);
			n->used -= (size_t)(nl + 1 - n->buf);
			memmove(n->buf, nl + 1, n->used);
		}
		if (n->used == sizeof(n->buf) - 1)
			n->used = 0; /* no line is this long: not the child's */
	}
}

bool nw_names_wait(struct nw_names *n, const struct nw_addr *a, int64_t deadline_ns)
{
	const struct entry *e;

	for (;;) {
		struct pollfd p = {.fd = n->fd, .events = POLLIN};
		int64_t left;

		nw_names_collect(n);
		e = find(n, a);
		if (!e || e->answered || n->fd < 0)
			return e && e->answered;
		left = deadline_ns - nw_mono_ns();
		if (left <= 0)
			return false;
		if (left > 60 * NW_NS_PER_S)
			left = 60 * NW_NS_PER_S;
		if (poll(&p, 1, (int)((left + 999999) / 1000000)) < 0 && errno != EINTR)
			return false;
	}
}

bool nw_names_get(const struct nw_names *n, const struct nw_addr *a, const char **name)
{
	const struct entry *e = find(n, a);

	if (!e || !e->answered)
		return false;
	*name = e->name;
	return true;
}
