/*
 * handshake_session.c: the steps of one nw-handshake run, for the capture
 * mode and connect HOST PORT alike: decode each frame, keep the ones the
 * filters select, follow their connections in the table
 * (common/tcp/tcpconn.h), hand each traced packet and each finished
 * connection to the printers and to -w.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "tcp/tcpfeed.h"
#include "base/timeutil.h"
#include "handshake_session.h"
#include "handshake_text.h"

#define CLOSED_NS (INT64_C(60) * NW_NS_PER_S)

/*
 * -p, --host and --conn pick connections to show; every connection is
 * followed all the same, so each keeps the number it has without them
 * (in input order, among the packets the capture filter passes).
 */
static bool selected(const struct handshake_config *cfg, const struct nw_tcpconn *c)
{
	if (cfg->conn && c->id != cfg->conn)
		return false;
	if (cfg->has_port && c->ep[0].port != cfg->port && c->ep[1].port != cfg->port)
		return false;
	if (cfg->has_host && !nw_addr_equal(&c->ep[0].addr, &cfg->host) &&
	    !nw_addr_equal(&c->ep[1].addr, &cfg->host))
		return false;
	return true;
}

static void on_evict(void *ctx, const struct nw_tcpconn *c, enum nw_tcp_evict why)
{
	struct hs_run *r = ctx;

	if (selected(r->cfg, c))
		hs_print_conn(&r->out, c, why);
}

static void trace(struct hs_run *r, const struct nw_cap_pkt *cp, const struct nw_tcpfeed_seg *fs)
{
	struct nw_tcpseg seg;

	if (nw_tcptab_segment(r->tab, &fs->src, &fs->dst, fs->tcp, fs->seglen, cp->ts_ns, &seg) !=
	    0) {
		nw_warn("frame %llu: out of memory for a new connection",
			(unsigned long long)r->frame);
		return;
	}
	if (!selected(r->cfg, seg.conn))
		return;
	struct hs_packet hp = {.frame = r->frame, .ts_ns = cp->ts_ns, .tcp = fs->tcp, .seg = &seg};
	r->finished = nw_tcpsm_finished(&seg.conn->sm);
	hs_print_packet(&r->out, &hp);
	if (r->writer)
		hs_writer_packet(r->writer, cp->ts_ns, cp->data, cp->caplen, cp->len);
	r->traced++;
}

void hs_handle(struct hs_run *r, const struct nw_cap_pkt *cp)
{
	struct nw_pkt p;
	struct nw_tcpfeed_seg fs;
	const char *why;

	r->frame++;
	nw_tcpfeed_expire(r->tab, cp->ts_ns, &r->last_expire);
	nw_decode(r->linktype, cp->data, cp->caplen, &p);
	switch (nw_tcpfeed_classify(&p, &fs, &why)) {
	case NW_TCPFEED_SEGMENT:
		trace(r, cp, &fs);
		break;
	case NW_TCPFEED_BAD_TCP:
		hs_print_skip(&r->out, r->frame, why);
		break;
	case NW_TCPFEED_NOT_TCP:
		break;
	}
}

static void on_signal(struct nw_loop *l, int sig, void *ctx)
{
	struct hs_run *r = ctx;
	r->stop = true;
	r->stop_signal = sig;
	nw_loop_stop(l);
}

void hs_open_loop(struct hs_run *r)
{
	r->loop = nw_loop_new();
	if (!r->loop)
		nw_fatal("out of memory");
	if (nw_loop_on_interrupt(r->loop, on_signal, r) != 0)
		nw_fatal_errno("cannot catch signals");
}

void hs_close_loop(struct hs_run *r)
{
	nw_loop_free(r->loop);
	r->loop = NULL;
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
				      .ctx = r,
				      .no_rule_text = cfg->format == HS_SUMMARY};
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
