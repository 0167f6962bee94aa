/*
 * handshake.c: nw-handshake's core: read frames from a file or an
 * interface, decode them with the core library, keep the ones the filters
 * select, follow their connections in the table (common/tcp/tcpconn.h), hand
 * each traced packet and each finished connection to the printers.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sys/capture.h"
#include "cli/cli.h"
#include "handshake.h"
#include "cli/output.h"
#include "sys/priv.h"
#include "base/timeutil.h"

#define EXPIRE_EVERY_NS NW_NS_PER_S /* look for idle connections once a second */
#define CLOSED_NS	(INT64_C(60) * NW_NS_PER_S)
#define POLL_MS		200

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void on_evict(void *ctx, const struct nw_tcpconn *c, enum nw_tcp_evict why)
{
	struct hs_run *r = ctx;

	if (r->cfg->conn && c->id != r->cfg->conn)
		return;
	hs_print_conn(&r->out, c, why);
}

/* Source and destination of the decoded IP header. */
static void ip_addrs(const struct nw_pkt *p, struct nw_addr *src, struct nw_addr *dst)
{
	if (p->layers & NW_HAS_IPV4) {
		nw_addr_from_v4(src, p->ip4.src);
		nw_addr_from_v4(dst, p->ip4.dst);
	} else {
		nw_addr_from_v6(src, &p->ip6.src);
		nw_addr_from_v6(dst, &p->ip6.dst);
	}
}

static bool selected(const struct handshake_config *cfg, const struct nw_addr *src,
		     const struct nw_addr *dst, const struct nw_tcp *tcp)
{
	if (cfg->has_port && tcp->sport != cfg->port && tcp->dport != cfg->port)
		return false;
	if (cfg->has_host && !nw_addr_equal(src, &cfg->host) && !nw_addr_equal(dst, &cfg->host))
		return false;
	return true;
}

/* Frames that stop below TCP, or IP fragments after the first: not ours. */
static const char *undecodable(const struct nw_pkt *p)
{
	bool ip = p->layers & (NW_HAS_IPV4 | NW_HAS_IPV6);
	uint8_t proto = (p->layers & NW_HAS_IPV4) ? p->ip4.proto : p->ip6.proto;

	if (p->layers & NW_HAS_TCP)
		return NULL;
	if (p->status != NW_OK && (p->error_layer == NW_HAS_TCP || (ip && proto == IPPROTO_TCP)))
		return p->error ? p->error : nw_status_name(p->status);
	return "";
}

/* tcp.len as tshark has it: from the IP length, whatever the snap length cut. */
static uint32_t wire_seglen(const struct nw_pkt *p)
{
	size_t hdr = p->tcp.doff;

	if ((p->layers & NW_HAS_IPV4) && p->ip4.total_len >= p->ip4.ihl + hdr)
		return (uint32_t)(p->ip4.total_len - p->ip4.ihl - hdr);
	if ((p->layers & NW_HAS_IPV6) && p->ip6.ext_count == 0 && p->ip6.payload_len >= hdr)
		return (uint32_t)(p->ip6.payload_len - hdr);
	return (uint32_t)p->tcp.payload_len;
}

static void trace(struct hs_run *r, const struct nw_cap_pkt *cp, const struct nw_pkt *p)
{
	struct nw_addr src, dst;
	struct nw_tcpseg seg;

	ip_addrs(p, &src, &dst);
	if (!selected(r->cfg, &src, &dst, &p->tcp))
		return;
	if (nw_tcptab_segment(r->tab, &src, &dst, &p->tcp, wire_seglen(p), cp->ts_ns, &seg) != 0) {
		nw_warn("frame %llu: out of memory for a new connection",
			(unsigned long long)r->frame);
		return;
	}
	if (r->cfg->conn && seg.conn->id != r->cfg->conn)
		return;
	struct hs_packet hp = {.frame = r->frame, .ts_ns = cp->ts_ns, .tcp = &p->tcp, .seg = &seg};
	r->finished = nw_tcpsm_finished(&seg.conn->sm);
	hs_print_packet(&r->out, &hp);
	if (r->writer)
		hs_writer_packet(r->writer, cp->ts_ns, cp->data, cp->caplen, cp->len);
	r->traced++;
}

void hs_handle(struct hs_run *r, const struct nw_cap_pkt *cp)
{
	struct nw_pkt p;
	const char *why;

	r->frame++;
	if (cp->ts_ns - r->last_expire >= EXPIRE_EVERY_NS) {
		nw_tcptab_expire(r->tab, cp->ts_ns);
		r->last_expire = cp->ts_ns;
	}
	nw_decode(r->linktype, cp->data, cp->caplen, &p);
	why = undecodable(&p);
	if (why && *why)
		hs_print_skip(&r->out, r->frame, why);
	if (!why)
		trace(r, cp, &p);
}

static bool done(const struct hs_run *r)
{
	return stop_requested || (r->cfg->count && r->traced >= r->cfg->count);
}

/* 0 at the end of the input, -1 on a read error (reported). */
static int loop(struct hs_run *r)
{
	char err[256];
	struct nw_cap_pkt cp;

	while (!done(r)) {
		int rc = nw_cap_next(r->cap, &cp, err, sizeof(err));
		if (rc == 1) {
			hs_handle(r, &cp);
		} else if (rc == 0) {
			struct pollfd pfd = {.fd = nw_cap_fd(r->cap), .events = POLLIN};
			if (poll(&pfd, 1, POLL_MS) < 0 && errno != EINTR) {
				nw_warn("poll: %s", strerror(errno));
				return -1;
			}
			nw_tcptab_expire(r->tab, nw_realtime_ns());
		} else if (rc == -1) {
			return 0;
		} else {
			nw_warn("%s", err);
			return -1;
		}
	}
	return 0;
}

static void open_source(struct hs_run *r)
{
	const struct handshake_config *cfg = r->cfg;
	char err[256];

	if (cfg->read_file)
		r->cap = nw_cap_open_file(cfg->read_file, cfg->bpf, err, sizeof(err));
	else
		r->cap = nw_cap_open_live(cfg->ifname, cfg->bpf ? cfg->bpf : "tcp", 262144, err,
					  sizeof(err));
	if (!r->cap)
		nw_fatal("%s", err);
	hs_open_writer(r);
	if (cfg->ifname && nw_priv_drop(err, sizeof(err)) != 0)
		nw_fatal("%s", err);
}

void hs_install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

bool hs_stop_requested(void)
{
	return stop_requested;
}

void hs_setup(struct hs_run *r, const struct handshake_config *cfg)
{
	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	nw_output_init();
	hs_out_init(&r->out, cfg, stdout);
	struct nw_tcptab_config tc = {.max_conns = cfg->max_conns,
				      .idle_ns = cfg->idle_ns,
				      .closed_ns =
					  cfg->idle_ns < CLOSED_NS ? cfg->idle_ns : CLOSED_NS,
				      .on_evict = on_evict,
				      .ctx = r};
	r->tab = nw_tcptab_new(&tc);
	if (!r->tab)
		nw_fatal("out of memory");
}

void hs_open_writer(struct hs_run *r)
{
	char err[256];

	r->linktype = nw_cap_linktype(r->cap);
	if (r->cfg->write_file) {
		r->writer = hs_writer_open(r->cfg->write_file, r->linktype, err, sizeof(err));
		if (!r->writer)
			nw_fatal("%s", err);
	}
}

void hs_finish(struct hs_run *r)
{
	char err[256];

	nw_tcptab_flush(r->tab);
	nw_tcptab_free(r->tab);
	nw_cap_close(r->cap);
	if (r->writer && hs_writer_close(r->writer, err, sizeof(err)) != 0)
		nw_fatal("%s", err);
	fflush(stdout);
}

int handshake_run(const struct handshake_config *cfg)
{
	struct hs_run r;
	int rc;

	if (cfg->connect_host)
		return hs_connect_run(cfg);
	hs_setup(&r, cfg);
	open_source(&r);
	hs_install_signals();
	rc = loop(&r);
	hs_finish(&r);
	if (rc != 0)
		return NW_EXIT_RUNTIME;
	return r.traced ? NW_EXIT_OK : NW_EXIT_NOANSWER;
}
