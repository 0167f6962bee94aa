/*
 * portset.c: port lists as nmap's -p reads them (TCP only, no "T:"
 * prefixes), in a 65,536-bit map with the ports listed in order and a rank
 * per 64-bit word for the way back.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/errbuf.h"
#include "base/num.h"
#include "base/portset.h"
#include "base/service.h"

#define WORDS (65536 / 64)

struct nw_portset {
	uint64_t bits[WORDS];
	uint32_t rank[WORDS]; /* ports in the words before this one */
	uint16_t port[65536]; /* the ports, ascending (count of them) */
	uint32_t count;
	bool finished;
};

/*
 * The default ports: about a hundred TCP services found on ordinary
 * networks, chosen from the IANA service names registry by what they are
 * rather than by a frequency table: remote access (ssh, telnet, rdp, vnc,
 * X11, winrm), mail and its TLS forms, the web and its usual other ports
 * (8000, 8080, 8443, 8888, ...), name and directory services (DNS over
 * TCP, Kerberos, LDAP, LDAPS), file and print sharing (ftp, SMB and
 * NetBIOS, NFS, AFP, IPP, JetDirect, rsync, iSCSI), databases (MySQL,
 * PostgreSQL, MS SQL, Oracle, MongoDB, Redis, memcached, Cassandra,
 * CouchDB, Elasticsearch, InfluxDB), message brokers (AMQP, MQTT, Kafka,
 * ZooKeeper, XMPP, IRC), container and cluster APIs (Docker, etcd,
 * Kubernetes, kubelet), monitoring (Prometheus, Kibana, Zabbix, SNMP
 * multiplexing), VPN and proxies (PPTP, OpenVPN, SOCKS, Squid) and
 * industrial control (Modbus, S7, DNP3, EtherNet/IP).  Services seen only
 * on UDP (DNS queries aside, SNMP, NTP, mDNS) are left out.
 */
/* clang-format off */
const uint16_t nw_portset_default_ports[] = {
	7, 9, 13, 20, 21, 22, 23, 25, 26, 37, 43, 53, 79, 80, 81, 88, 102, 106, 110, 111, 113,
	119, 135, 139, 143, 179, 199, 389, 427, 443, 444, 445, 465, 502, 513, 514, 515, 543,
	544, 548, 554, 563, 587, 631, 636, 646, 873, 902, 990, 993, 995, 1080, 1194, 1352,
	1433, 1521, 1723, 1883, 2000, 2049, 2121, 2181, 2375, 2376, 2379, 2869, 3000, 3128,
	3260, 3268, 3306, 3389, 3690, 4369, 4443, 5000, 5060, 5222, 5432, 5601, 5672, 5900,
	5984, 5985, 5986, 6000, 6379, 6443, 6667, 7001, 8000, 8008, 8009, 8080, 8081, 8086,
	8088, 8443, 8883, 8888, 9000, 9042, 9090, 9092, 9100, 9200, 9418, 10000, 10050,
	10250, 11211, 15672, 20000, 27017, 44818,
};
/* clang-format on */
const size_t nw_portset_default_count =
    sizeof nw_portset_default_ports / sizeof nw_portset_default_ports[0];

struct nw_portset *nw_portset_new(void)
{
	return calloc(1, sizeof(struct nw_portset));
}

void nw_portset_free(struct nw_portset *s)
{
	free(s);
}

static void add_range(struct nw_portset *s, uint32_t lo, uint32_t hi)
{
	for (uint32_t p = lo; p <= hi; p++)
		s->bits[p / 64] |= UINT64_C(1) << (p % 64);
	s->finished = false;
}

void nw_portset_add(struct nw_portset *s, uint16_t port)
{
	add_range(s, port, port);
}

void nw_portset_add_default(struct nw_portset *s)
{
	for (size_t i = 0; i < nw_portset_default_count; i++)
		nw_portset_add(s, nw_portset_default_ports[i]);
}

/* One end of a range, s[0..len): a port 0..65535.  0, or -1 with *why. */
static int port_number(const char *s, size_t len, uint32_t *out, const char **why)
{
	uint64_t v;

	if (nw_parse_uint_n(s, len, 0, UINT64_MAX, &v, why) != 0) {
		if (strcmp(*why, "too large") == 0)
			*why = "port above 65535";
		return -1;
	}
	if (v > 65535) {
		*why = "port above 65535";
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* One item of the list, s[0..len): "P", "LO-HI", "LO-", "-HI" or "-". */
static int parse_item(const char *s, size_t len, uint32_t *lo, uint32_t *hi, const char **why)
{
	const char *dash = memchr(s, '-', len);

	if (memchr(s, ':', len)) {
		*why = "protocol prefixes (T:, U:) are not taken: the ports are TCP";
		return -1;
	}
	if (nw_service_like(s, len)) { /* "http", "http-alt": a name, dash and all */
		uint16_t port;
		if (nw_service_port(s, len, &port, why) != 0)
			return -1;
		*lo = *hi = port;
		return 0;
	}
	if (!dash)
		return port_number(s, len, lo, why) == 0 ? (*hi = *lo, 0) : -1;
	size_t left = (size_t)(dash - s), right = len - left - 1;
	*lo = 1;
	*hi = 65535;
	if ((left && port_number(s, left, lo, why) != 0) ||
	    (right && port_number(dash + 1, right, hi, why) != 0))
		return -1;
	if (*lo > *hi) {
		*why = "start of range is above its end";
		return -1;
	}
	return 0;
}

int nw_portset_parse(struct nw_portset *s, const char *list, char *err, size_t errlen)
{
	const char *p = list, *why;
	char q[40];

	nw_err_clear(err, errlen);
	if (!list || !*list)
		return nw_err_set(err, errlen, "invalid port list '': empty");
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		uint32_t lo, hi;
		if (len == 0) {
			nw_err_quote(q, sizeof q, list, strlen(list), 32);
			return nw_err_set(err, errlen, "invalid port list '%s': empty item", q);
		}
		if (parse_item(p, len, &lo, &hi, &why) != 0) {
			nw_err_quote(q, sizeof q, p, len, 32);
			return nw_err_set(err, errlen, "invalid port range '%s': %s", q, why);
		}
		add_range(s, lo, hi);
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

int nw_portset_finish(struct nw_portset *s, char *err, size_t errlen)
{
	uint32_t n = 0;

	nw_err_clear(err, errlen);
	for (uint32_t w = 0; w < WORDS; w++) {
		s->rank[w] = n;
		for (uint64_t b = s->bits[w]; b; b &= b - 1)
			s->port[n++] = (uint16_t)(w * 64 + (uint32_t)__builtin_ctzll(b));
	}
	s->count = n;
	s->finished = true;
	if (n == 0)
		return nw_err_set(err, errlen, "no port");
	return 0;
}

uint32_t nw_portset_count(const struct nw_portset *s)
{
	return s->finished ? s->count : 0;
}

uint16_t nw_portset_at(const struct nw_portset *s, uint32_t i)
{
	return i < nw_portset_count(s) ? s->port[i] : 0;
}

bool nw_portset_has(const struct nw_portset *s, uint16_t port)
{
	return (s->bits[port / 64] >> (port % 64)) & 1;
}

int nw_portset_index(const struct nw_portset *s, uint16_t port, uint32_t *index)
{
	if (!s->finished || !nw_portset_has(s, port))
		return -1;
	uint64_t below = s->bits[port / 64] & ((UINT64_C(1) << (port % 64)) - 1);
	*index = s->rank[port / 64] + (uint32_t)__builtin_popcountll(below);
	return 0;
}
