/*
 * test_resolvconf.c: resolv.conf(5) reading (common/dns/resolvconf.c):
 * servers of both families, search and domain, options with clamping,
 * comments and unknown lines; lines as textfile.h cuts them (too long, a
 * NUL octet, CR LF, no final newline) and files read whole with a bound.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns/resolvconf.h"
#include "dns/textfile.h"
#include "testlib.h"

static int read_mem(const char *text, size_t len, struct nw_resolvconf *rc)
{
	nw_resolvconf_defaults(rc);
	return nw_resolvconf_parse((const uint8_t *)text, len, rc);
}

static int read_text(const char *text, struct nw_resolvconf *rc)
{
	return read_mem(text, strlen(text), rc);
}

/* Lines over the line buffer, NUL octets, CR LF, no final newline; nothing read past len. */
static void test_lines(void)
{
	struct nw_resolvconf rc;
	static char text[4096];
	size_t n = 0;

	memset(text, 'x', 2000); /* a 2000-octet line: skipped whole, not read as 2 lines */
	memcpy(text, "search ", 7);
	n = 2000;
	n += (size_t)sprintf(text + n, "\nnameserver 198.18.0.1\r\noptions ndots:4");
	CHECK_INT(read_mem(text, n, &rc), 1);
	CHECK_INT(rc.nsearch, 0);
	CHECK_INT(rc.nservers, 1);
	CHECK_INT(rc.ndots, 4);

	static const char nul[] = "nameserver 198.18.0.2\0junk\nnameserver 198.18.0.3\n";
	CHECK_INT(read_mem(nul, sizeof nul - 1, &rc), 1);
	CHECK_INT(rc.nservers, 1);
	CHECK_INT(rc.servers[0].u.v4.s_addr, htonl(0xc6120003));

	/* The length given, not a NUL, ends the text: the "0" of "198.18.0.10" is left out. */
	CHECK_INT(read_mem("nameserver 198.18.0.10", 21, &rc), 0);
	CHECK_INT(rc.nservers, 1);
	CHECK_INT(rc.servers[0].u.v4.s_addr, htonl(0xc6120001));
	CHECK_INT(read_mem("", 0, &rc), 0);
	CHECK_INT(read_mem(NULL, 0, &rc), 0);
	CHECK_INT(rc.nservers, 0);
}

/* A file read whole through textfile.h, and one larger than the bound. */
static void test_file(void)
{
	struct nw_resolvconf rc;
	char path[] = "/tmp/test_resolvconf.XXXXXX";
	int fd = mkstemp(path);
	uint8_t *data;
	size_t len;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	static const char text[] = "nameserver 2001:db8::53\noptions attempts:3\n";
	CHECK_INT(write(fd, text, sizeof text - 1), (long)sizeof text - 1);
	close(fd);
	nw_resolvconf_defaults(&rc);
	CHECK_INT(nw_resolvconf_load(path, &rc), 0);
	CHECK_INT(rc.nservers, 1);
	CHECK_INT(rc.attempts, 3);
	CHECK_INT(nw_textfile_read(path, sizeof text - 1, &data, &len), 0);
	CHECK_INT(len, sizeof text - 1);
	free(data);
	errno = 0;
	CHECK_INT(nw_textfile_read(path, sizeof text - 2, &data, &len), -1);
	CHECK_INT(errno, EFBIG);
	unlink(path);
}

int main(void)
{
	struct nw_resolvconf rc;
	char buf[64];

	nw_resolvconf_defaults(&rc);
	CHECK_INT(rc.ndots, 1);
	CHECK_INT(rc.timeout, 5);
	CHECK_INT(rc.attempts, 2);
	CHECK_INT(rc.nservers, 0);

	CHECK_INT(read_text("# comment\n; also\n"
			    "nameserver 198.18.0.53\n"
			    "nameserver 2001:db8::53\n"
			    "nameserver fe80::1%eth0\n"
			    "nameserver not-an-address\n"
			    "domain old.example\n"
			    "search lab.example example.org\n"
			    "options ndots:3 timeout:0 attempts:9 rotate edns0\n"
			    "sortlist 198.18.0.0/255.254.0.0\n"
			    "bogus line\n",
			    &rc),
		  2);
	CHECK_INT(rc.nservers, 3);
	CHECK_STR(nw_addr_ntop(&rc.servers[0], buf, sizeof buf), "198.18.0.53");
	CHECK_INT(rc.servers[1].family, AF_INET6);
	CHECK_STR(nw_addr_ntop(&rc.servers[1], buf, sizeof buf), "2001:db8::53");
	CHECK_STR(nw_addr_ntop(&rc.servers[2], buf, sizeof buf), "fe80::1");
	CHECK_INT(rc.nsearch, 2);
	CHECK_STR(rc.search[0], "lab.example");
	CHECK_STR(rc.search[1], "example.org");
	CHECK_INT(rc.ndots, 3);
	CHECK_INT(rc.timeout, 1);  /* clamped up */
	CHECK_INT(rc.attempts, 5); /* clamped down */
	CHECK(rc.rotate);

	CHECK_INT(read_text("search a.example\ndomain b.example\noptions ndots:x timeout:2\n", &rc),
		  0);
	CHECK_INT(rc.nsearch, 1);
	CHECK_STR(rc.search[0], "b.example");
	CHECK_INT(rc.ndots, 1);
	CHECK_INT(rc.timeout, 2);
	CHECK(!rc.rotate);

	nw_resolvconf_defaults(&rc);
	errno = 0;
	CHECK_INT(nw_resolvconf_load("/nonexistent/resolv.conf", &rc), -1);
	CHECK_INT(errno, ENOENT);
	test_lines();
	test_file();
	return nw_test_result("test_resolvconf");
}
