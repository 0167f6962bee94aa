/* sockdiag.c: NETLINK_SOCK_DIAG inet_diag replies (linux/inet_diag.h, netlink per RFC 3549). */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "wire/parse_internal.h"
#include "wire/sockdiag.h"

/* The numbers of linux/netlink.h and linux/inet_diag.h, so that the parser
 * builds (and is fuzzed) on any system. */
#define NLMSG_HDRLEN	    16
#define NLMSG_ERROR_TYPE    2
#define NLMSG_DONE_TYPE	    3
#define SOCK_DIAG_BY_FAMILY 20
#define INET_DIAG_MSG_LEN   72
#define ATTR_HDRLEN	    4
#define ATTR_INFO	    2 /* INET_DIAG_INFO: struct tcp_info */
#define ATTR_SHUTDOWN	    8 /* INET_DIAG_SHUTDOWN: one byte */
#define TCPI_RTO_OFF	    8
#define TCPI_RTT_OFF	    68
#define TCPI_CWND_OFF	    80
#define TCPI_MIN_LEN	    84 /* up to tcpi_snd_cwnd: every kernel since 2.6 */

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Host-order numbers: netlink's own byte order. */
static bool get_host32(struct nw_buf *b, uint32_t *v)
{
	return nw_buf_copy(b, v, sizeof *v);
}

static bool get_host16(struct nw_buf *b, uint16_t *v)
{
	return nw_buf_copy(b, v, sizeof *v);
}

/* inet_diag_sockid's 16-byte address field: IPv4 uses the first 4. */
static bool get_addr(struct nw_buf *b, uint8_t family, struct nw_addr *a)
{
	uint8_t raw[16];

	if (!nw_buf_copy(b, raw, sizeof raw))
		return false;
	memset(a, 0, sizeof *a);
	a->family = family == AF_INET6 ? AF_INET6 : AF_INET;
	if (a->family == AF_INET)
		memcpy(&a->u.v4, raw, 4);
	else
		memcpy(&a->u.v6, raw, 16);
	return true;
}

/* The 32-bit field at off of a struct tcp_info. */
static uint32_t info_u32(const struct nw_buf *info, size_t off)
{
	struct nw_buf b = *info;
	uint32_t v = 0;

	if (nw_buf_skip(&b, off))
		get_host32(&b, &v);
	return v;
}

static void parse_info(struct nw_sockdiag_sock *s, const struct nw_buf *info)
{
	if (nw_buf_left(info) < TCPI_MIN_LEN)
		return; /* older or shorter than we read: leave it out */
	s->has_info = true;
	s->rto_us = info_u32(info, TCPI_RTO_OFF);
	s->rtt_us = info_u32(info, TCPI_RTT_OFF);
	s->rttvar_us = info_u32(info, TCPI_RTT_OFF + 4);
	s->snd_cwnd = info_u32(info, TCPI_CWND_OFF);
}

/* The rtattr list after inet_diag_msg: the ones we know, the others skipped. */
static enum nw_status parse_attrs(struct nw_buf *b, struct nw_sockdiag_sock *s, const char **why)
{
	while (nw_buf_left(b) >= ATTR_HDRLEN) {
		uint16_t len, type;
		struct nw_buf val;

		if (!get_host16(b, &len) || !get_host16(b, &type))
			return nw_fail(why, NW_TRUNCATED, "inet_diag attribute header cut short");
		if (len < ATTR_HDRLEN)
			return nw_fail(why, NW_MALFORMED, "inet_diag attribute length below 4");
		if (!nw_buf_sub(b, (size_t)len - ATTR_HDRLEN, &val))
			return nw_fail(why, NW_TRUNCATED,
				       "inet_diag attribute runs past its message");
		type &= 0x3fff; /* without NLA_F_NESTED and NLA_F_NET_BYTEORDER */
		if (type == ATTR_INFO)
			parse_info(s, &val);
		else if (type == ATTR_SHUTDOWN)
			s->has_shutdown = nw_buf_u8(&val, &s->shutdown);
		/* The last attribute's padding may be cut off by the message end. */
		size_t pad = align4(len) - len;
		nw_buf_skip(b, pad < nw_buf_left(b) ? pad : nw_buf_left(b));
	}
	return NW_OK;
}

static enum nw_status parse_sock(struct nw_buf *b, struct nw_sockdiag_sock *s, const char **why)
{
	uint32_t cookie[2] = {0, 0};

	memset(s, 0, sizeof *s);
	if (nw_buf_left(b) < INET_DIAG_MSG_LEN)
		return nw_fail(why, NW_TRUNCATED, "inet_diag_msg cut short");
	nw_buf_u8(b, &s->family);
	nw_buf_u8(b, &s->kstate);
	nw_buf_u8(b, &s->timer);
	nw_buf_u8(b, &s->retrans);
	if (s->family != AF_INET && s->family != AF_INET6)
		return nw_fail(why, NW_UNSUPPORTED,
			       "inet_diag_msg of a family other than IPv4/IPv6");
	nw_buf_u16(b, &s->sport); /* network order: nw_buf's big-endian reader */
	nw_buf_u16(b, &s->dport);
	get_addr(b, s->family, &s->src);
	get_addr(b, s->family, &s->dst);
	get_host32(b, &s->ifindex);
	get_host32(b, &cookie[0]);
	get_host32(b, &cookie[1]);
	s->cookie = (uint64_t)cookie[1] << 32 | cookie[0];
	get_host32(b, &s->expires_ms);
	get_host32(b, &s->rqueue);
	get_host32(b, &s->wqueue);
	get_host32(b, &s->uid);
	get_host32(b, &s->inode);
	return parse_attrs(b, s, why);
}

/* NLMSG_ERROR: a negative errno (0 acknowledges), then the request's header. */
static enum nw_status parse_error(struct nw_buf *b, struct nw_sockdiag_msg *out, const char **why)
{
	uint32_t e;

	if (!get_host32(b, &e))
		return nw_fail(why, NW_TRUNCATED, "netlink error message cut short");
	/* The kernel sends -errno: negated in unsigned arithmetic, so INT32_MIN is no overflow. */
	if (e != 0 && e < UINT32_C(0x80000001))
		return nw_fail(why, NW_MALFORMED, "netlink error code is positive or out of range");
	out->error = (int32_t)(UINT32_C(0) - e);
	return NW_OK;
}

static enum nw_status parse_payload(struct nw_buf *body, struct nw_sockdiag_msg *out,
				    const char **why)
{
	switch (out->type) {
	case SOCK_DIAG_BY_FAMILY:
		out->kind = NW_SOCKDIAG_SOCK;
		return parse_sock(body, &out->sock, why);
	case NLMSG_DONE_TYPE:
		out->kind = NW_SOCKDIAG_DONE;
		return NW_OK;
	case NLMSG_ERROR_TYPE:
		out->kind = NW_SOCKDIAG_ERROR;
		return parse_error(body, out, why);
	default:
		out->kind = NW_SOCKDIAG_OTHER;
		return NW_OK;
	}
}

enum nw_status nw_sockdiag_next(struct nw_buf *b, struct nw_sockdiag_msg *out, const char **why)
{
	struct nw_buf hdr = *b, body;
	uint32_t len;
	enum nw_status st;

	memset(out, 0, sizeof *out);
	if (!get_host32(&hdr, &len) || !get_host16(&hdr, &out->type) ||
	    !get_host16(&hdr, &out->flags) || !get_host32(&hdr, &out->seq) ||
	    !get_host32(&hdr, &out->pid))
		return nw_fail(why, NW_TRUNCATED, "netlink header cut short");
	if (len < NLMSG_HDRLEN)
		return nw_fail(why, NW_MALFORMED, "netlink message length below its header");
	if (!nw_buf_sub(&hdr, len - NLMSG_HDRLEN, &body))
		return nw_fail(why, NW_TRUNCATED, "netlink message runs past the reply");
	st = parse_payload(&body, out, why);
	if (st == NW_TRUNCATED || st == NW_MALFORMED)
		return st;
	/* A message the parser does not know is still framed: step over it. */
	*b = hdr;
	size_t pad = align4(len) - len;
	nw_buf_skip(b, pad < nw_buf_left(b) ? pad : nw_buf_left(b));
	return st;
}
