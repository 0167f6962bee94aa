/*
 * cookie.c: stateless probe cookies (see probe/cookie.h): SipHash-2-4 of
 * the protocol, addresses and ports under a per-run key.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/random.h>
#endif

#include "probe/cookie.h"

#define DYNAMIC_PORT_BASE 49152
#define DYNAMIC_PORT_SPAN 16384

/* The hash of what identifies p; with_sport for TCP, whose source port is chosen first. */
static uint64_t cookie_of(const struct nw_cookie *c, const struct nw_probe_key *p, bool with_sport)
{
	uint8_t msg[2 + 16 + 16 + 4];
	size_t alen = p->src.family == AF_INET ? 4 : 16, n = 0;

	msg[n++] = p->src.family == AF_INET ? 4 : 6;
	msg[n++] = (uint8_t)p->proto;
	memcpy(msg + n, &p->src.u, alen);
	n += alen;
	memcpy(msg + n, &p->dst.u, alen);
	n += alen;
	if (p->proto != NW_PROBE_ICMP) {
		msg[n++] = (uint8_t)(p->dport >> 8);
		msg[n++] = (uint8_t)p->dport;
	}
	if (with_sport) {
		msg[n++] = (uint8_t)(p->sport >> 8);
		msg[n++] = (uint8_t)p->sport;
	}
	return nw_siphash24(c->key, msg, n);
}

uint16_t nw_cookie_port(const struct nw_cookie *c, const struct nw_probe_key *p)
{
	return nw_cookie_port_of_attempt(c, p, 0);
}

uint16_t nw_cookie_port_of_attempt(const struct nw_cookie *c, const struct nw_probe_key *p,
				   unsigned attempt)
{
	if (c->port_span == 0)
		return c->port_base;
	return (uint16_t)(c->port_base + (cookie_of(c, p, false) + attempt) % c->port_span);
}

int nw_cookie_attempt_of_port(const struct nw_cookie *c, const struct nw_probe_key *p)
{
	uint32_t first, offset;

	if (c->port_span == 0)
		return p->sport == c->port_base ? 0 : -1;
	if (p->sport < c->port_base || p->sport - c->port_base >= c->port_span)
		return -1;
	first = (uint32_t)(cookie_of(c, p, false) % c->port_span);
	offset = (uint32_t)(p->sport - c->port_base);
	return (int)((offset + c->port_span - first) % c->port_span);
}

int nw_cookie_init(struct nw_cookie *c, const char **why)
{
	memset(c, 0, sizeof(*c));
	if (getentropy(c->key, sizeof(c->key)) != 0) {
		if (why)
			*why = errno == ENOSYS ? "getentropy: not available on this kernel"
					       : "getentropy failed: no random key";
		return -1;
	}
	c->port_base = DYNAMIC_PORT_BASE;
	c->port_span = DYNAMIC_PORT_SPAN;
	return 0;
}

void nw_cookie_stamp(const struct nw_cookie *c, struct nw_probe_key *p)
{
	uint64_t h;

	switch (p->proto) {
	case NW_PROBE_TCP:
		p->tcp_seq = (uint32_t)cookie_of(c, p, true);
		break;
	case NW_PROBE_ICMP:
		h = cookie_of(c, p, false);
		p->echo_id = (uint16_t)(h >> 48);
		p->echo_seq = (uint16_t)(h >> 32);
		break;
	case NW_PROBE_UDP:
		p->sport = nw_cookie_port(c, p);
		break;
	}
}

static bool cookie_matches(const struct nw_cookie *c, const struct nw_answer *a)
{
	const struct nw_probe_key *p = &a->probe;
	struct nw_probe_key want = *p;

	nw_cookie_stamp(c, &want);
	switch (p->proto) {
	case NW_PROBE_TCP:
		/* A RST acknowledges seq + 1 (RFC 9293); some stacks send seq itself. */
		return p->tcp_seq == want.tcp_seq ||
		       (a->kind == NW_ANSWER_RST && p->tcp_seq + 1 == want.tcp_seq);
	case NW_PROBE_ICMP:
		return p->echo_id == want.echo_id && p->echo_seq == want.echo_seq;
	case NW_PROBE_UDP:
		return p->sport == want.sport;
	}
	return false;
}

bool nw_cookie_check(const struct nw_cookie *c, const struct nw_answer *a, const char **why)
{
	if (cookie_matches(c, a))
		return true;
	if (why)
		*why = "the cookie does not match: forged, another program's, or rewritten on the "
		       "way (a NAT)";
	return false;
}
