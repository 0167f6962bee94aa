/*
 * test_resolvconf.c: resolv.conf(5) reading (common/dns/resolvconf.c):
 * servers of both families, search and domain, options with clamping,
 * comments and unknown lines.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "dns/resolvconf.h"
#include "testlib.h"

static int read_text(const char *text, struct nw_resolvconf *rc)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	nw_resolvconf_defaults(rc);
	int bad = nw_resolvconf_read(f, rc);
	fclose(f);
	return bad;
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
	CHECK_INT(nw_resolvconf_load("/nonexistent/resolv.conf", &rc), -1);
	return nw_test_result("test_resolvconf");
}
