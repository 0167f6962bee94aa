#include "config.h"

/*
 * test_route.c: interfaces (iface.c) and route lookups (route backend).
 *
 * Unprivileged: the loopback interface and a route to 127.0.0.1.  As root
 * on Linux: a forked child unshares a network namespace (it disappears with
 * the child; the host's network is never touched), builds a veth pair with
 * addresses from 198.18.0.0/15 and 2001:db8::/32 and default routes, and
 * checks what the library reports against what was configured.
 */

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sched.h>
#endif

#include "sys/iface.h"
#include "sys/route.h"
#include "testlib.h"

#define CHILD_TIMEOUT_S 30

static struct nw_addr addr(const char *s)
{
	struct nw_addr a;
	const char *why = NULL;

	if (nw_addr_parse(s, AF_UNSPEC, &a, &why) != 0) {
		fprintf(stderr, "bad test address %s: %s\n", s, why ? why : "?");
		exit(99);
	}
	return a;
}

static bool addr_is(const struct nw_addr *a, const char *s)
{
	struct nw_addr b = addr(s);

	return nw_addr_equal(a, &b);
}

static const char *ntop(const struct nw_addr *a, char *buf, size_t len)
{
	const char *s = nw_addr_ntop(a, buf, len);

	return s ? s : "?";
}

static void test_loopback(void)
{
	struct nw_iface lo;
	struct nw_route r;
	struct nw_addr a;
	char err[256] = "";
	const char *loname;

#ifdef __linux__
	loname = "lo";
#else
	loname = "lo0";
#endif
	CHECK_INT(nw_iface_get(loname, &lo, err, sizeof(err)), 0);
	CHECK_STR(lo.name, loname);
	CHECK(lo.index > 0);
	CHECK(lo.up);
	CHECK(lo.loopback);
	CHECK(lo.has_ipv4);
	CHECK_INT(ntohl(lo.ipv4.s_addr), 0x7f000001);
	CHECK_INT(lo.ipv4_prefix, 8);
	a = addr("127.0.0.1");
	CHECK(nw_iface_owns(loname, &a));
	CHECK(nw_iface_owns(NULL, &a));
	a = addr("198.18.77.77");
	CHECK(!nw_iface_owns(loname, &a));

	err[0] = '\0';
	CHECK_INT(nw_iface_get("nosuchif0", &lo, err, sizeof(err)), -1);
	CHECK_STR(err, "no such interface 'nosuchif0'");
	err[0] = '\0';
	CHECK_INT(nw_iface_get("", &lo, err, sizeof(err)), -1);
	CHECK(err[0] != '\0');
	err[0] = '\0';
	CHECK_INT(nw_iface_get("waytoolonginterfacename0", &lo, err, sizeof(err)), -1);
	CHECK(strstr(err, "no such interface") != NULL);

	a = addr("127.0.0.1");
	err[0] = '\0';
	CHECK_INT(nw_route_get(&a, &r, err, sizeof(err)), 0);
	if (err[0])
		fprintf(stderr, "route to 127.0.0.1: %s\n", err);
	CHECK_STR(r.ifname, loname);
	CHECK(r.ifindex == lo.index);
	CHECK(!r.has_gateway);

	/* Errors, not crashes, on nonsense. */
	memset(&a, 0, sizeof(a));
	CHECK_INT(nw_route_get(&a, &r, err, sizeof(err)), -1);
	CHECK_INT(nw_route_default(AF_UNIX, &r, err, sizeof(err)), -1);
	CHECK(nw_iface_list(AF_INET, NULL, 0) == 0);
}

#ifdef __linux__
static int sh(const char *cmd)
{
	int st = system(cmd);

	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "command failed: %s\n", cmd);
		return -1;
	}
	return 0;
}

static const char *const setup[] = {
    "ip link set lo up",
    ("ip link add nwa0 address 02:00:5e:10:00:a0 type veth peer name nwb0 address "
     "02:00:5e:10:00:b0"),
    "ip link set nwa0 up",
    "ip link set nwb0 up",
    "ip addr add 198.18.0.2/24 dev nwa0",
    "ip addr add 198.18.1.2/24 dev nwb0",
    "ip -6 addr add 2001:db8::2/64 dev nwa0 nodad",
    "ip -6 addr add 2001:db8:1::2/64 dev nwb0 nodad",
    /* The lower metric wins; another table's default must be ignored. */
    "ip route add default via 198.18.0.1 dev nwa0 metric 100",
    "ip route add default via 198.18.1.1 dev nwb0 metric 500",
    "ip route add default via 198.18.1.1 dev nwb0 metric 1 table 100",
    "ip -6 route add default via 2001:db8::1 dev nwa0 metric 100",
    "ip -6 route add default via 2001:db8:1::1 dev nwb0 metric 500",
};

/* Addresses on the two links of setup: destination, interface, source. */
static const struct {
	const char *dst, *ifname, *src;
} onlink[] = {
    {"198.18.0.77", "nwa0", "198.18.0.2"},
    {"198.18.1.77", "nwb0", "198.18.1.2"},
    {"2001:db8::77", "nwa0", "2001:db8::2"},
    {"2001:db8:1::77", "nwb0", "2001:db8:1::2"},
};

/* Runs in the child, in its own network namespace. */
static void netns_checks(void)
{
	struct nw_route r;
	struct nw_iface ifc, list[16];
	struct nw_addr a;
	char err[256], buf[NW_ADDRSTRLEN];
	int n;

	for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]); i++) {
		if (sh(setup[i]) != 0) {
			nw_test_failures++;
			return;
		}
	}

	/* Default routes. */
	err[0] = '\0';
	CHECK_INT(nw_route_default(AF_INET, &r, err, sizeof(err)), 0);
	if (err[0])
		fprintf(stderr, "default IPv4: %s\n", err);
	CHECK_STR(r.ifname, "nwa0");
	CHECK(r.has_gateway);
	CHECK(addr_is(&r.gateway, "198.18.0.1"));
	CHECK(r.has_src && addr_is(&r.src, "198.18.0.2"));

	err[0] = '\0';
	CHECK_INT(nw_route_default(AF_INET6, &r, err, sizeof(err)), 0);
	if (err[0])
		fprintf(stderr, "default IPv6: %s\n", err);
	CHECK_STR(r.ifname, "nwa0");
	CHECK(r.has_gateway);
	CHECK(addr_is(&r.gateway, "2001:db8::1"));
	if (!addr_is(&r.gateway, "2001:db8::1"))
		fprintf(stderr, "IPv6 gateway %s\n", ntop(&r.gateway, buf, sizeof(buf)));

	/* Through the gateway. */
	a = addr("198.18.200.1");
	CHECK_INT(nw_route_get(&a, &r, err, sizeof(err)), 0);
	CHECK_STR(r.ifname, "nwa0");
	CHECK(r.ifindex == if_nametoindex("nwa0"));
	CHECK(r.has_gateway && addr_is(&r.gateway, "198.18.0.1"));
	CHECK(r.has_src && addr_is(&r.src, "198.18.0.2"));

	a = addr("2001:db8:ffff::1");
	CHECK_INT(nw_route_get(&a, &r, err, sizeof(err)), 0);
	CHECK_STR(r.ifname, "nwa0");
	CHECK(r.has_gateway && addr_is(&r.gateway, "2001:db8::1"));
	CHECK(r.has_src && addr_is(&r.src, "2001:db8::2"));

	/* On-link: no gateway, the interface's own address as the source. */
	for (size_t i = 0; i < sizeof(onlink) / sizeof(onlink[0]); i++) {
		a = addr(onlink[i].dst);
		CHECK_INT(nw_route_get(&a, &r, err, sizeof(err)), 0);
		CHECK_STR(r.ifname, onlink[i].ifname);
		CHECK(!r.has_gateway);
		CHECK(r.has_src && addr_is(&r.src, onlink[i].src));
	}

	/* Interfaces. */
	CHECK_INT(nw_iface_get("nwa0", &ifc, err, sizeof(err)), 0);
	CHECK(ifc.index == if_nametoindex("nwa0"));
	CHECK(ifc.up && ifc.running && !ifc.loopback);
	CHECK(ifc.has_mac);
	CHECK(memcmp(ifc.mac, "\x02\x00\x5e\x10\x00\xa0", 6) == 0);
	CHECK(ifc.has_ipv4);
	CHECK_INT(ntohl(ifc.ipv4.s_addr), 0xc6120002);
	CHECK_INT(ifc.ipv4_prefix, 24);
	CHECK(ifc.has_ipv6);
	nw_addr_from_v6(&a, &ifc.ipv6);
	CHECK(addr_is(&a, "2001:db8::2"));
	CHECK(ifc.has_ipv6_ll);
	CHECK(IN6_IS_ADDR_LINKLOCAL(&ifc.ipv6_ll));

	a = addr("198.18.0.2");
	CHECK(nw_iface_owns("nwa0", &a));
	CHECK(!nw_iface_owns("nwb0", &a));
	a = addr("2001:db8:1::2");
	CHECK(nw_iface_owns("nwb0", &a));
	CHECK(!nw_iface_owns("nwa0", &a));

	n = nw_iface_list(AF_INET, list, 16);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(list[0].name, "nwa0");
		CHECK_STR(list[1].name, "nwb0");
	}
	n = nw_iface_list(AF_INET6, list, 1);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(list[0].name, "nwa0");

	/* A multipath default with a lower metric: its first next hop. */
	if (sh("ip route add default metric 50 nexthop via 198.18.0.1 dev nwa0 "
	       "nexthop via 198.18.1.1 dev nwb0") == 0) {
		err[0] = '\0';
		CHECK_INT(nw_route_default(AF_INET, &r, err, sizeof(err)), 0);
		CHECK_STR(r.ifname, "nwa0");
		CHECK(r.has_gateway && addr_is(&r.gateway, "198.18.0.1"));
		CHECK(sh("ip route del default metric 50") == 0);
	} else {
		nw_test_failures++;
	}

	/* A down interface drops out of the list. */
	if (sh("ip link set nwb0 down") == 0) {
		n = nw_iface_list(AF_UNSPEC, list, 16);
		CHECK_INT(n, 1);
		CHECK_INT(nw_iface_get("nwb0", &ifc, err, sizeof(err)), 0);
		CHECK(!ifc.up && !ifc.running);
	} else {
		nw_test_failures++;
	}

	/* No default left: clear errors. */
	if (sh("ip route del default via 198.18.0.1 dev nwa0") != 0 ||
	    sh("ip -6 route del default via 2001:db8::1 dev nwa0") != 0) {
		nw_test_failures++;
		return;
	}
	/* nwb0 is down: its default routes went with it. */
	err[0] = '\0';
	CHECK_INT(nw_route_default(AF_INET, &r, err, sizeof(err)), -1);
	CHECK_STR(err, "no default route for IPv4");
	err[0] = '\0';
	CHECK_INT(nw_route_default(AF_INET6, &r, err, sizeof(err)), -1);
	CHECK_STR(err, "no default route for IPv6");

	a = addr("198.18.200.1");
	err[0] = '\0';
	CHECK_INT(nw_route_get(&a, &r, err, sizeof(err)), -1);
	CHECK_STR(err, "no route to 198.18.200.1: Network is unreachable");
	a = addr("2001:db8:ffff::1");
	err[0] = '\0';
	CHECK_INT(nw_route_get(&a, &r, err, sizeof(err)), -1);
	CHECK_STR(err, "no route to 2001:db8:ffff::1: Network is unreachable");

	/* Still reachable on-link. */
	a = addr("198.18.0.77");
	CHECK_INT(nw_route_get(&a, &r, err, sizeof(err)), 0);
	CHECK_STR(r.ifname, "nwa0");
}

/* 1 ran and passed, 0 ran and failed, -1 skipped. */
static int test_netns(void)
{
	pid_t pid;
	int st;

	if (geteuid() != 0) {
		printf("note: not root: skipping the network-namespace checks\n");
		return -1;
	}
	if (system("ip -V >/dev/null 2>&1") != 0) {
		printf("note: no ip(8) command: skipping the network-namespace checks\n");
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 0;
	}
	if (pid == 0) {
		/* Count the child's own checks; the parent sees only its status. */
		nw_test_checks = 0;
		nw_test_failures = 0;
		alarm(CHILD_TIMEOUT_S);
		if (unshare(CLONE_NEWNET) != 0) {
			printf("note: unshare(CLONE_NEWNET): %s: skipping the "
			       "network-namespace checks\n",
			       strerror(errno));
			fflush(NULL);
			_exit(77);
		}
		netns_checks();
		printf("netns child: %d checks, %d failed\n", nw_test_checks, nw_test_failures);
		fflush(NULL);
		_exit(nw_test_failures ? 1 : 0);
	}
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			perror("waitpid");
			return 0;
		}
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 77)
		return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (WIFSIGNALED(st))
			fprintf(stderr, "netns child killed by signal %d%s\n", WTERMSIG(st),
				WTERMSIG(st) == SIGALRM ? " (timeout)" : "");
		return 0;
	}
	return 1;
}
#endif

int main(void)
{
	int ns = -1;

	test_loopback();
#ifdef __linux__
	ns = test_netns();
	CHECK(ns != 0);
#else
	printf("note: the network-namespace checks need Linux\n");
#endif
	(void)ns;
	return nw_test_result("test_route");
}
