/*
 * handshake_json.c: nw-handshake --json: one "packet" object per traced
 * packet and one "connection" object per connection when it leaves the
 * table (docs/handshake.md lists the keys).
 */
#include "config.h"

#include <stdio.h>

#include "handshake_json.h"
#include "handshake_out.h"
#include "tcp/tcpanalysis.h"
#include "base/timeutil.h"

static void json_options(struct nw_json *j, const struct nw_tcp *t)
{
	char hex[2 * NW_TCP_MAX_TFO + 1];

	nw_json_begin_object(j, "options");
	if (t->has_mss)
		nw_json_uint(j, "mss", t->mss);
	if (t->has_wscale)
		nw_json_uint(j, "wscale", t->wscale);
	if (t->sack_permitted)
		nw_json_bool(j, "sack_permitted", true);
	if (t->sack_count) {
		nw_json_begin_array(j, "sack");
		for (int i = 0; i < t->sack_count; i++) {
			nw_json_begin_array(j, NULL);
			nw_json_uint(j, NULL, t->sack[i].left);
			nw_json_uint(j, NULL, t->sack[i].right);
			nw_json_end_array(j);
		}
		nw_json_end_array(j);
	}
	if (t->has_ts) {
		nw_json_uint(j, "ts_val", t->ts_val);
		nw_json_uint(j, "ts_ecr", t->ts_ecr);
	}
	if (t->has_tfo) {
		for (int i = 0; i < t->tfo_cookie_len; i++)
			snprintf(hex + 2 * i, 3, "%02x", t->tfo_cookie[i]);
		hex[2 * t->tfo_cookie_len] = '\0';
		nw_json_str(j, "tfo_cookie", t->tfo_cookie_len ? hex : "request");
	}
	if (t->has_mptcp)
		nw_json_bool(j, "mptcp", true);
	nw_json_end_object(j);
}

static void json_endpoints(struct nw_json *j, const struct nw_tcpconn *c, int dir)
{
	char a[NW_ADDRSTRLEN];

	nw_json_str(j, "src", nw_addr_ntop(&c->ep[dir].addr, a, sizeof(a)));
	nw_json_uint(j, "sport", c->ep[dir].port);
	nw_json_str(j, "dst", nw_addr_ntop(&c->ep[!dir].addr, a, sizeof(a)));
	nw_json_uint(j, "dport", c->ep[!dir].port);
}

static void json_rtt(struct nw_json *j, const char *key, int64_t ns);

/* The application write this segment ended (tcpwrite.h), or null. */
static void json_write(struct nw_json *j, const struct nw_tcpseg *s)
{
	if (!s->write_done) {
		nw_json_null(j, "write");
		return;
	}
	nw_json_begin_object(j, "write");
	nw_json_uint(j, "bytes", s->write.bytes);
	nw_json_uint(j, "segments", s->write.segments);
	nw_json_begin_array(j, "sizes");
	for (unsigned i = 0; i < s->write.nruns; i++) {
		nw_json_begin_array(j, NULL);
		nw_json_uint(j, NULL, s->write.run[i].len);
		nw_json_uint(j, NULL, s->write.run[i].count);
		nw_json_end_array(j);
	}
	nw_json_end_array(j);
	nw_json_bool(j, "sizes_truncated", s->write.truncated);
	if (s->write_mss)
		nw_json_uint(j, "mss", s->write_mss);
	else
		nw_json_null(j, "mss");
	nw_json_end_object(j);
}

void hs_json_packet(struct hs_out *o, const struct hs_packet *p)
{
	const struct nw_tcpseg *s = p->seg;
	struct nw_json *j = &o->json;
	char fl[16];

	if (!o->have_first) {
		o->first_ts = p->ts_ns;
		o->have_first = true;
	}
	nw_tcp_flags_letters(s->flags, fl, sizeof(fl));
	nw_json_begin(j);
	nw_json_str(j, "type", "packet");
	nw_json_uint(j, "frame", p->frame);
	nw_json_uint(j, "conn", s->conn->id);
	nw_json_double(j, "ts", (double)p->ts_ns / 1e9, 9);
	nw_json_double(j, "time", (double)(p->ts_ns - o->first_ts) / 1e9, 9);
	nw_json_str(j, "dir", s->dir == 0 ? "c2s" : "s2c");
	json_endpoints(j, s->conn, s->dir);
	nw_json_str(j, "flags", fl);
	nw_json_uint(j, "seq", s->seq);
	nw_json_uint(j, "ack", s->ack);
	nw_json_uint(j, "abs_seq", s->abs_seq);
	nw_json_uint(j, "abs_ack", s->abs_ack);
	nw_json_uint(j, "len", s->len);
	nw_json_uint(j, "win", s->win);
	nw_json_uint(j, "raw_win", p->tcp->window);
	if (s->win_scale >= 0)
		nw_json_int(j, "win_scale", s->win_scale);
	else
		nw_json_null(j, "win_scale");
	json_options(j, p->tcp);
	nw_json_str(j, "client_state", nw_tcps_name(s->state[0]));
	nw_json_str(j, "server_state", nw_tcps_name(s->state[1]));
	nw_json_bool(j, "client_state_inferred", s->inferred[0]);
	nw_json_bool(j, "server_state_inferred", s->inferred[1]);
	nw_json_str(j, "seq_rule", s->seq_rule);
	nw_json_str(j, "ack_rule", s->ack_rule[0] ? s->ack_rule : NULL);
	nw_json_bool(j, "broken", s->broken);
	nw_json_begin_array(j, "analysis");
	for (int i = 0; i < NW_TCPA_COUNT; i++)
		if (s->flags_analysis & (1u << i))
			nw_json_str(j, NULL, nw_tcpa_name(i));
	nw_json_end_array(j);
	json_rtt(j, "ack_rtt_ms", s->ack_rtt_ns);
	json_write(j, s);
	nw_json_end(j);
}

static void json_rtt(struct nw_json *j, const char *key, int64_t ns)
{
	if (ns < 0)
		nw_json_null(j, key);
	else
		nw_json_double(j, key, nw_ns_to_ms(ns), 3);
}

static void json_dir(struct nw_json *j, const char *key, const struct nw_tcpdir *d)
{
	nw_json_begin_object(j, key);
	nw_json_uint(j, "packets", d->packets);
	nw_json_uint(j, "bytes", d->bytes);
	nw_json_uint(j, "retransmissions", d->retransmissions);
	if (d->mss)
		nw_json_uint(j, "mss", d->mss);
	if (d->win_scale >= 0)
		nw_json_int(j, "win_scale", d->win_scale);
	nw_json_uint(j, "writes", d->writes);
	nw_json_uint(j, "writes_split", d->writes_split);
	nw_json_uint(j, "rtt_samples", d->rtt.samples);
	json_rtt(j, "rtt_min_ms", d->rtt.samples ? d->rtt.min_ns : -1);
	json_rtt(j, "rtt_avg_ms", d->rtt.samples ? d->rtt.sum_ns / (int64_t)d->rtt.samples : -1);
	json_rtt(j, "rtt_max_ms", d->rtt.samples ? d->rtt.max_ns : -1);
	nw_json_end_object(j);
}

void hs_json_conn(struct hs_out *o, const struct nw_tcpconn *c, enum nw_tcp_evict why)
{
	struct nw_json *j = &o->json;
	char a[NW_ADDRSTRLEN];

	nw_json_begin(j);
	nw_json_str(j, "type", "connection");
	nw_json_uint(j, "conn", c->id);
	nw_json_str(j, "client", nw_addr_ntop(&c->ep[0].addr, a, sizeof(a)));
	nw_json_uint(j, "client_port", c->ep[0].port);
	nw_json_str(j, "server", nw_addr_ntop(&c->ep[1].addr, a, sizeof(a)));
	nw_json_uint(j, "server_port", c->ep[1].port);
	nw_json_bool(j, "roles_inferred", c->roles_inferred);
	nw_json_double(j, "start", (double)c->first_ts / 1e9, 9);
	nw_json_double(j, "duration", (double)(c->last_ts - c->first_ts) / 1e9, 9);
	nw_json_uint(j, "packets", c->packets);
	json_dir(j, "c2s", &c->dir[0]);
	json_dir(j, "s2c", &c->dir[1]);
	json_rtt(j, "rtt_syn_synack_ms", nw_tcpa_rtt_syn_synack(c));
	json_rtt(j, "rtt_synack_ack_ms", nw_tcpa_rtt_synack_ack(c));
	nw_json_uint(j, "retransmissions", c->dir[0].retransmissions + c->dir[1].retransmissions);
	nw_json_str(j, "end", nw_tcp_end_name(nw_tcpconn_end(c)));
	nw_json_str(j, "client_state", nw_tcps_name(c->sm.side[0].state));
	nw_json_str(j, "server_state", nw_tcps_name(c->sm.side[1].state));
	nw_json_bool(j, "client_state_inferred", c->sm.side[0].inferred);
	nw_json_bool(j, "server_state_inferred", c->sm.side[1].inferred);
	nw_json_str(j, "evicted", why == NW_TCP_EVICT_END ? NULL : nw_tcp_evict_name(why));
	nw_json_end(j);
}
