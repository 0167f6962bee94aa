/* trace_run.c: the traceroute model on a raw IP socket and a capture, or on unprivileged
 * sockets (trace_sock.h), in one sys/loop; see trace_run.h. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/errbuf.h"
#include "base/timeutil.h"
#include "sys/capture.h"
#include "sys/iface.h"
#include "sys/loop.h"
#include "sys/priv.h"
#include "sys/route.h"
#include "sys/trace_run.h"
#include "sys/trace_sock.h"

#define NW_TRACE_NEED_RAW "(run as root or setcap cap_net_raw+ep)"
/* socket mode, --mtu: sends refused as too big for the interface in a row, before one is lost */
#define NW_TRACE_LOCAL_REFUSALS 64

struct nw_trace_run {
	struct nw_trace_run_config cfg;
	char ifname[IF_NAMESIZE];
	unsigned nflows;
	struct nw_trace_config flow[NW_TRACE_MAX_FLOWS]; /* each flow's settings */
	int port_fd[NW_TRACE_MAX_FLOWS]; /* hold the source ports so no other socket takes them;
					    socket mode: each flow's probe socket */
	enum nw_trace_mode mode;	 /* raw or socket */
	struct nw_craft *craft;
	struct nw_cap *cap;
	int linktype;
	struct nw_trace_paths *paths;
	struct nw_loop *loop;
	struct nw_timer tick;
	struct nw_timer pause_end;
	const struct nw_trace_run_ops *ops;
	void *ctx;
	bool interrupted, failed;
	bool pausing;		 /* between rounds: answers are late ones, nothing to step */
	unsigned local_refusals; /* socket mode, --mtu: EMSGSIZE sends in a row */
	char *err;
	size_t errlen;
};

int nw_trace_craft(struct nw_craft *c, const struct nw_trace_packet *p)
{
	struct nw_ip_spec ip = {.src = p->key.src,
				.dst = p->key.dst,
				.ttl = (uint8_t)p->ttl,
				.ip_id = p->key.ip_id,
				.df = p->df};
	struct nw_tcp_spec syn = {.sport = p->key.sport,
				  .dport = p->key.dport,
				  .seq = p->key.tcp_seq,
				  .flags = NW_TCP_SYN,
				  .window = 65535,
				  .wscale = -1};

	switch (p->key.proto) {
	case NW_PROBE_UDP:
		return nw_craft_udp(c, &ip, p->key.sport, p->key.dport, p->payload, p->payload_len);
	case NW_PROBE_ICMP:
		return nw_craft_echo(c, &ip, p->key.echo_id, p->key.echo_seq, p->payload,
				     p->payload_len);
	case NW_PROBE_TCP:
		return nw_craft_tcp(c, &ip, &syn, NULL, 0);
	}
	return -1;
}

/*
 * Path MTU discovery starts at the MTU of the route's interface (the
 * kernel sends nothing larger from a raw socket), or at a smaller
 * PACKETLEN.
 */
static int first_size(struct nw_trace_config *tc, const char *ifname, char *err, size_t errlen)
{
	unsigned mtu;

	if (nw_iface_mtu(ifname, &mtu, err, errlen) != 0)
		return -1;
	if (mtu > NW_TRACE_MAX_PACKET)
		mtu = NW_TRACE_MAX_PACKET;
	if (!tc->packet_len || tc->packet_len > mtu)
		tc->packet_len = mtu;
	return 0;
}

/* The route's interface and source address, unless given. */
static int find_route(struct nw_trace_run *r, char *err, size_t errlen)
{
	struct nw_trace_config *tc = &r->cfg.trace;
	struct nw_route rt;

	if (nw_route_get(&tc->dst, &rt, err, errlen) != 0)
		return -1;
	if (tc->mtu && first_size(tc, rt.ifname, err, errlen) != 0)
		return -1;
	snprintf(r->ifname, sizeof(r->ifname), "%s", r->cfg.ifname ? r->cfg.ifname : rt.ifname);
	if (tc->src.family == AF_UNSPEC) {
		if (!rt.has_src)
			return nw_err_set(err, errlen,
					  "no source address to reach the destination");
		tc->src = rt.src;
	}
	return 0;
}

/*
 * A socket of the probe's protocol bound to the source address holds the
 * source port (the kernel picks it): no other program's socket gets it
 * while the trace runs, and the kernel answers nothing to our answers.
 */
static int reserve_port(struct nw_trace_run *r, unsigned f, char *err, size_t errlen)
{
	struct nw_trace_config *tc = &r->flow[f];
	struct sockaddr_storage ss;
	struct nw_addr bound;
	socklen_t len;
	int type = tc->proto == NW_PROBE_TCP ? SOCK_STREAM : SOCK_DGRAM;

	if (tc->proto == NW_PROBE_ICMP) {
		if (!tc->echo_id)
			tc->echo_id = (uint16_t)(getpid() & 0xffff);
		tc->echo_id = (uint16_t)(tc->echo_id + f); /* --paths: an echo id per flow */
		return 0;
	}
	if (tc->sport)
		tc->sport = (uint16_t)(tc->sport + f);
	r->port_fd[f] = socket(tc->src.family, type, 0);
	if (r->port_fd[f] < 0)
		return nw_err_set(err, errlen, "socket: %s", strerror(errno));
	len = nw_addr_to_sockaddr(&tc->src, tc->sport, &ss);
	if (bind(r->port_fd[f], (struct sockaddr *)&ss, len) != 0)
		return nw_err_set(err, errlen, "cannot bind the source port %u: %s", tc->sport,
				  strerror(errno));
	len = sizeof(ss);
	if (getsockname(r->port_fd[f], (struct sockaddr *)&ss, &len) != 0 ||
	    !nw_addr_from_sockaddr(&ss, &bound, &tc->sport))
		return nw_err_set(err, errlen, "getsockname: %s", strerror(errno));
	return 0;
}

/* What the capture keeps: ICMP errors and answers, and our probes leaving. */
static void capture_filter(const struct nw_trace_config *tc, char *buf, size_t len)
{
	char dst[64];

	nw_addr_ntop(&tc->dst, dst, sizeof(dst));
	snprintf(buf, len, "%s or host %s", tc->dst.family == AF_INET6 ? "icmp6" : "icmp", dst);
}

/*
 * Enough of each packet for what the trace reads: our probe leaving, an
 * answer quoting it (up to the IPv6 minimum MTU) with ICMP extensions.  No
 * more: an immediate-mode capture's ring holds buffer / snaplen packets
 * (TPACKET_V2 on Linux), and 65535 left room for 32, fewer than one burst
 * of answers with strays among them (every flow of --paths sends its
 * window at once).
 */
static int capture_snaplen(const struct nw_trace_config *tc)
{
	size_t len = nw_trace_packet_len(tc);

	return (int)((len > 1280 ? len : 1280) + 256);
}

/* What socket mode cannot do: NULL, or the method that needs raw sockets. */
static const char *socket_cannot(const struct nw_trace_config *tc)
{
	if (tc->proto == NW_PROBE_TCP)
		return "TCP probes need";
	if (tc->flow == NW_FLOW_DUBLIN)
		return "--flow dublin needs"; /* the IPv4 ID and IPv6 length are the kernel's */
	return NULL;
}

/* Raw when asked for or allowed; socket mode when asked for, or without the privilege. */
static int choose_mode(struct nw_trace_run *r, char *err, size_t errlen)
{
	const char *cannot = socket_cannot(&r->cfg.trace);

	r->mode = r->cfg.mode;
	if (r->mode == NW_TRACE_MODE_AUTO)
		r->mode = nw_craft_raw_allowed(r->cfg.trace.dst.family) ? NW_TRACE_MODE_RAW
									: NW_TRACE_MODE_SOCKET;
	if (r->mode != NW_TRACE_MODE_SOCKET || !cannot)
		return 0;
	if (r->cfg.mode == NW_TRACE_MODE_SOCKET)
		return nw_err_set(err, errlen, "%s raw sockets, not --mode socket", cannot);
	return nw_err_set(err, errlen, "%s CAP_NET_RAW " NW_TRACE_NEED_RAW, cannot);
}

/* Socket mode: a UDP or ping socket per flow, each with its own port (ICMP: echo id). */
static int open_sockets(struct nw_trace_run *r, char *err, size_t errlen)
{
	char why[200];

	for (unsigned f = 0; f < r->nflows; f++) {
		r->flow[f] = r->cfg.trace;
		if (r->flow[f].sport)
			r->flow[f].sport = (uint16_t)(r->flow[f].sport + f);
		r->port_fd[f] = nw_trace_sock_open(&r->flow[f], why, sizeof(why));
		if (r->port_fd[f] >= 0)
			continue;
		if (r->cfg.trace.proto == NW_PROBE_ICMP && (errno == EACCES || errno == EPERM))
			return nw_err_set(err, errlen,
					  "ICMP probes need CAP_NET_RAW " NW_TRACE_NEED_RAW
					  " or a group in net.ipv4.ping_group_range (%s)",
					  why);
		if (errno == ENOSYS && r->cfg.mode == NW_TRACE_MODE_AUTO) /* trace_sock_none.c */
			return nw_err_set(err, errlen, "raw sockets need root, and %s", why);
		return nw_err_set(err, errlen, "%s", why);
	}
	return 0;
}

struct nw_trace_run *nw_trace_run_open(const struct nw_trace_run_config *cfg, char *err,
				       size_t errlen)
{
	struct nw_trace_run *r = calloc(1, sizeof(*r));
	char filter[160];

	if (!r) {
		nw_err_set(err, errlen, "out of memory");
		return NULL;
	}
	r->cfg = *cfg;
	r->nflows = cfg->flows ? cfg->flows : 1;
	for (unsigned f = 0; f < NW_TRACE_MAX_FLOWS; f++)
		r->port_fd[f] = -1;
	if (r->nflows > NW_TRACE_MAX_FLOWS) {
		nw_err_set(err, errlen, "at most %d flows", NW_TRACE_MAX_FLOWS);
		goto fail;
	}
	if (find_route(r, err, errlen) != 0)
		goto fail;
	if (!r->cfg.trace.tcp_seq)
		r->cfg.trace.tcp_seq = (uint32_t)nw_mono_ns() ^ ((uint32_t)getpid() << 16);
	r->cfg.trace.rate /= r->nflows; /* the flows share -z's gap */
	if (choose_mode(r, err, errlen) != 0)
		goto fail;
	if (r->mode == NW_TRACE_MODE_SOCKET) {
		if (open_sockets(r, err, errlen) != 0)
			goto fail;
		return r;
	}
	for (unsigned f = 0; f < r->nflows; f++) {
		r->flow[f] = r->cfg.trace;
		if (reserve_port(r, f, err, errlen) != 0)
			goto fail;
	}
	r->craft = nw_craft_open_raw(r->cfg.trace.dst.family, err, errlen);
	if (!r->craft)
		goto fail;
	capture_filter(&r->cfg.trace, filter, sizeof(filter));
	r->cap = nw_cap_open_live(r->ifname, filter, capture_snaplen(&r->cfg.trace), err, errlen);
	if (!r->cap)
		goto fail;
	r->linktype = nw_cap_linktype(r->cap);
	return r;
fail:
	nw_trace_run_close(r);
	return NULL;
}

const struct nw_trace_config *nw_trace_run_config(const struct nw_trace_run *r)
{
	return &r->flow[0];
}

const struct nw_trace_config *nw_trace_run_flow_config(const struct nw_trace_run *r, unsigned f)
{
	return f < r->nflows ? &r->flow[f] : NULL;
}

const char *nw_trace_run_ifname(const struct nw_trace_run *r)
{
	return r->ifname;
}

const char *nw_trace_run_clock_name(const struct nw_trace_run *r)
{
	return r->cap ? nw_cap_clock_name(r->cap) : NW_TRACE_SOCK_CLOCK;
}

enum nw_trace_mode nw_trace_run_mode(const struct nw_trace_run *r)
{
	return r->mode;
}

const char *nw_trace_run_mode_name(const struct nw_trace_run *r)
{
	return r->mode == NW_TRACE_MODE_SOCKET ? "socket" : "raw";
}

const struct nw_trace *nw_trace_run_trace(const struct nw_trace_run *r)
{
	return r->paths ? nw_trace_paths_flow(r->paths, 0) : NULL;
}

const struct nw_trace_paths *nw_trace_run_paths(const struct nw_trace_run *r)
{
	return r->paths;
}

static int send_probe(void *ctx, unsigned flow, const struct nw_trace_packet *p)
{
	struct nw_trace_run *r = ctx;

	if (r->mode == NW_TRACE_MODE_SOCKET) {
		int rc = nw_trace_sock_send(r->port_fd[flow], p);
		/*
		 * Larger than the interface's MTU (it fell during the run): the
		 * probe waits as a blocked send while on_sock reads the MTU from
		 * the local error and lowers the size, then goes smaller.
		 */
		if (rc == 2 && r->cfg.trace.mtu && ++r->local_refusals <= NW_TRACE_LOCAL_REFUSALS)
			return 1;
		if (rc != 1)
			r->local_refusals = 0;
		return rc == 2 ? -1 : rc;
	}
	/* raw: the packet names its own source port or echo id */
	if (nw_trace_craft(r->craft, p) != 0)
		return -1;
	if (nw_craft_send(r->craft) >= 0)
		return 0;
	/* a full socket buffer is tried again; no route or a refusal counts as a lost probe */
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS ? 1 : -1;
}

static void on_hop(void *ctx, unsigned flow, const struct nw_trace_hop *h)
{
	struct nw_trace_run *r = ctx;

	if (flow == 0 && r->ops && r->ops->on_hop)
		r->ops->on_hop(r->ctx, h);
}

static void on_ttl(void *ctx, const struct nw_trace_paths_ttl *tt)
{
	struct nw_trace_run *r = ctx;

	if (r->ops && r->ops->on_ttl)
		r->ops->on_ttl(r->ctx, tt);
}

/* Tick the model and sleep until its next action, or stop when the path is done. */
static void step(struct nw_trace_run *r)
{
	int64_t wake = nw_trace_paths_tick(r->paths, nw_mono_ns());

	if (nw_trace_paths_done(r->paths)) {
		nw_loop_stop(r->loop);
		return;
	}
	if (wake == NW_PROBE_NEVER)
		nw_timer_cancel(r->loop, &r->tick);
	else if (nw_timer_at(r->loop, &r->tick, wake) != 0) {
		r->failed = true;
		nw_err_set(r->err, r->errlen, "out of memory");
		nw_loop_stop(r->loop);
	}
}

static void on_tick(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	(void)l;
	(void)t;
	step(ctx);
}

static void on_packets(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct nw_trace_run *r = ctx;
	struct nw_cap_pkt cp;
	struct nw_pkt pkt;
	const char *why;
	char err[256];
	int rc;

	(void)l;
	(void)fd;
	(void)revents;
	while ((rc = nw_cap_next(r->cap, &cp, err, sizeof(err))) == 1) {
		if (nw_decode(r->linktype, cp.data, cp.caplen, &pkt) != NW_OK &&
		    !(pkt.layers & (NW_HAS_ICMP | NW_HAS_ICMPV6)))
			continue;
		nw_trace_paths_feed(r->paths, &pkt, nw_mono_ns(), cp.ts_ns, &why);
	}
	if (rc == -2) {
		r->failed = true;
		nw_err_set(r->err, r->errlen, "capture: %s", err);
		nw_loop_stop(r->loop);
		return;
	}
	if (!r->pausing)
		step(r);
}

/* Socket mode: answers queued on a flow's socket (a bounded batch per wake). */
static void on_sock(struct nw_loop *l, int fd, short revents, void *ctx)
{
	struct nw_trace_run *r = ctx;
	struct nw_trace_answer a;
	uint8_t buf[2048];
	const char *why;
	int64_t at;
	unsigned f = 0;
	int rc = 1;

	(void)l;
	(void)revents;
	while (f < r->nflows && r->port_fd[f] != fd)
		f++;
	for (unsigned k = 0; f < r->nflows && k < 256 && rc > 0; k++) {
		rc = nw_trace_sock_recv(fd, &r->flow[f], &a, buf, sizeof(buf), &at, r->err,
					r->errlen);
		if (rc == 1)
			nw_trace_paths_feed_answer(r->paths, f, &a, at, &why);
		else if (rc == 3)
			nw_trace_paths_local_mtu(r->paths, f, a.mtu);
	}
	if (rc < 0) {
		r->failed = true;
		nw_loop_stop(r->loop);
		return;
	}
	if (!r->pausing)
		step(r);
}

static void on_interrupt(struct nw_loop *l, int sig, void *ctx)
{
	struct nw_trace_run *r = ctx;

	(void)sig;
	r->interrupted = true;
	nw_trace_paths_stop(r->paths);
	nw_loop_stop(l);
}

static void on_pause_end(struct nw_loop *l, struct nw_timer *t, void *ctx)
{
	(void)t;
	(void)ctx;
	nw_loop_stop(l);
}

/* The loop, made once for every round: the capture, ^C, the tick. */
static int make_loop(struct nw_trace_run *r)
{
	if (r->loop)
		return 0;
	r->loop = nw_loop_new();
	if (!r->loop || nw_loop_on_interrupt(r->loop, on_interrupt, r) != 0)
		return -1;
	if (r->cap && nw_loop_add_cap(r->loop, r->cap, on_packets, r) < 0)
		return -1;
	for (unsigned f = 0; !r->cap && f < r->nflows; f++)
		if (nw_loop_add_fd(r->loop, r->port_fd[f], POLLIN, on_sock, r) < 0)
			return -1;
	nw_timer_init(&r->tick, on_tick, r);
	nw_timer_init(&r->pause_end, on_pause_end, r);
	return 0;
}

void nw_trace_run_next_round(struct nw_trace_run *r)
{
	struct nw_trace_config *c = &r->cfg.trace;
	uint32_t probes = (c->max_ttl - c->first_ttl + 1u) * c->queries;
	uint32_t next = (uint32_t)c->id_base + probes;

	c->id_base = 1u + next + probes > 65535u ? 0 : (uint16_t)next;
}

int nw_trace_run_pause(struct nw_trace_run *r, int64_t until_ns)
{
	int64_t end = until_ns;
	int rc;

	if (r->interrupted)
		return 1;
	if (!r->loop || !r->paths)
		return -1;
	if (r->cfg.deadline_ns && r->cfg.deadline_ns < end)
		end = r->cfg.deadline_ns;
	if (end <= nw_mono_ns())
		return end < until_ns ? 1 : 0;
	nw_timer_cancel(r->loop, &r->tick);
	if (nw_timer_at(r->loop, &r->pause_end, end) != 0)
		return -1;
	r->pausing = true;
	rc = nw_loop_run(r->loop, 0);
	r->pausing = false;
	nw_timer_cancel(r->loop, &r->pause_end);
	if (rc < 0 || r->failed)
		return -1;
	return r->interrupted || end < until_ns ? 1 : 0;
}

int nw_trace_run(struct nw_trace_run *r, const struct nw_trace_run_ops *ops, void *ctx, char *err,
		 size_t errlen)
{
	static const struct nw_trace_paths_ops tops = {
	    .send = send_probe, .on_hop = on_hop, .on_ttl = on_ttl};
	const char *why;
	int rc;

	r->ops = ops;
	r->ctx = ctx;
	r->err = err;
	r->errlen = errlen;
	nw_trace_paths_free(r->paths); /* the round before, if any */
	for (unsigned f = 0; f < r->nflows; f++)
		r->flow[f].id_base = r->cfg.trace.id_base; /* --rounds moves it on */
	r->paths = nw_trace_paths_new(r->flow, r->nflows, &tops, r, &why);
	if (!r->paths)
		return nw_err_set(err, errlen, "%s", why);
	if (make_loop(r) != 0)
		return nw_err_set(err, errlen, "cannot set up the event loop");
	step(r);
	rc = nw_trace_paths_done(r->paths) ? 1 : nw_loop_run(r->loop, r->cfg.deadline_ns);
	if (r->failed)
		return -1;
	if (rc < 0)
		return nw_err_set(err, errlen, "poll: %s", strerror(errno));
	if (r->interrupted || !nw_trace_paths_done(r->paths)) {
		nw_trace_paths_stop(r->paths);
		return 1;
	}
	return 0;
}

void nw_trace_run_close(struct nw_trace_run *r)
{
	if (!r)
		return;
	nw_loop_free(r->loop);
	nw_trace_paths_free(r->paths);
	nw_cap_close(r->cap);
	nw_craft_close(r->craft);
	for (unsigned f = 0; f < NW_TRACE_MAX_FLOWS; f++)
		if (r->port_fd[f] >= 0)
			close(r->port_fd[f]);
	free(r);
}
