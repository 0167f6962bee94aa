/*
 * handshake_text.c: nw-handshake's text output: the ladder (client on the
 * left, server on the right, one arrow per packet, each side's state in
 * its margin, the seq/ack rules under the arrow), one line per packet, and
 * one line per connection (docs/handshake.md shows each).
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "handshake_json.h"
#include "handshake_out.h"
#include "handshake_text.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "tcp/tcpanalysis.h"
#include "base/timeutil.h"

#define STATE_W	  13 /* "SYN_RECEIVED?" */
#define ARROW_W	  44
#define LABEL_MAX 128

static double rel_s(struct hs_out *o, int64_t ts)
{
	if (!o->have_first) {
		o->first_ts = ts;
		o->have_first = true;
	}
	return (double)(ts - o->first_ts) / 1e9;
}

/* "ESTABLISHED", "ESTABLISHED?" when inferred, "?" when the capture cannot tell. */
static const char *state_word(enum nw_tcps st, bool inferred, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", nw_tcps_name(st), inferred ? "?" : "");
	return buf;
}

static void state_text(const struct nw_tcpseg *s, int side, char *buf, size_t n)
{
	state_word(s->state[side], s->inferred[side], buf, n);
}

static void label(const struct hs_out *o, const struct hs_packet *p, char *buf, size_t n)
{
	const struct nw_tcpseg *s = p->seg;
	char fl[48];

	nw_tcp_flags_words(s->flags, fl, sizeof(fl));
	if (o->cfg->absolute)
		snprintf(buf, n, "%s seq=%" PRIu32 " ack=%" PRIu32 " len=%" PRIu32 " win=%" PRIu64,
			 fl, s->abs_seq, (s->flags & NW_TCP_ACK) ? s->abs_ack : 0, s->len, s->win);
	else
		snprintf(buf, n, "%s seq=%" PRIu32 " ack=%" PRIu32 " len=%" PRIu32 " win=%" PRIu64,
			 fl, s->seq, s->ack, s->len, s->win);
}

static void analysis_text(unsigned a, char *buf, size_t n)
{
	size_t k = 0;

	buf[0] = '\0';
	for (int i = 0; i < NW_TCPA_COUNT; i++) {
		if (!(a & (1u << i)))
			continue;
		int w = snprintf(buf + k, n - k, "%s%s", k ? ", " : "", nw_tcpa_text(i));
		if (w < 0 || (size_t)w >= n - k)
			break;
		k += (size_t)w;
	}
}

/* "write of 1900 B -> 4 segments (536+536+536+292), MSS 536"; "" unless split. */
static void write_text(const struct nw_tcpseg *s, char *buf, size_t n)
{
	char sizes[96], mss[24] = "";

	buf[0] = '\0';
	if (!s->write_done || s->write.segments < 2)
		return;
	nw_tcpwrite_sizes(&s->write, sizes, sizeof(sizes));
	if (s->write_mss)
		snprintf(mss, sizeof(mss), ", MSS %u", s->write_mss);
	snprintf(buf, n, "write of %" PRIu64 " B -> %" PRIu32 " segments (%s)%s", s->write.bytes,
		 s->write.segments, sizes, mss);
}

/* "|--- SYN seq=0 ... ------->|" or "|<-- ... ---|", ARROW_W wide inside the bars. */
static void arrow(char *buf, size_t n, const char *text, int dir)
{
	size_t tl = strlen(text), fill = tl + 6 < ARROW_W ? ARROW_W - tl - 6 : 1;
	char dashes[ARROW_W + 1];

	memset(dashes, '-', fill);
	dashes[fill] = '\0';
	size_t k = 0;

	k += (size_t)snprintf(buf, n, "%s", dir == 0 ? "|-- " : "|<-- ");
	if (k < n)
		k += (size_t)snprintf(buf + k, n - k, "%.*s ", LABEL_MAX, text);
	if (k < n)
		snprintf(buf + k, n - k, "%s%s", dashes, dir == 0 ? "->|" : "-|");
}

static void ladder_header(struct hs_out *o, const struct nw_tcpconn *c)
{
	char a[80], b[80], st0[24], st1[24];

	fprintf(o->f, "#%" PRIu64 " %-*s %*s%s\n", c->id, STATE_W + ARROW_W / 2 + 2,
		nw_tcp_endpoint_str(&c->ep[0], a, sizeof(a)), ARROW_W / 2 + 2,
		nw_tcp_endpoint_str(&c->ep[1], b, sizeof(b)),
		c->roles_inferred ? "  (roles inferred)" : "");
	fprintf(o->f, "%*s%-*s %*s %s\n", 10, "", STATE_W,
		state_word(c->sm.before[0], c->sm.before_inferred[0], st0, sizeof(st0)),
		ARROW_W + 4, "",
		state_word(c->sm.before[1], c->sm.before_inferred[1], st1, sizeof(st1)));
}

static void print_ladder(struct hs_out *o, const struct hs_packet *p)
{
	const struct nw_tcpseg *s = p->seg;
	char lab[LABEL_MAX], arr[LABEL_MAX + ARROW_W + 16], st0[24], st1[24], an[256], wr[160];
	double t = rel_s(o, p->ts_ns);

	if (s->new_conn)
		ladder_header(o, s->conn);
	label(o, p, lab, sizeof(lab));
	arrow(arr, sizeof(arr), lab, s->dir);
	state_text(s, 0, st0, sizeof(st0));
	state_text(s, 1, st1, sizeof(st1));
	fprintf(o->f, "#%-3" PRIu64 " %9.6f %-*s %s %s\n", s->conn->id, t, STATE_W, st0, arr, st1);
	fprintf(o->f, "%*s%s%s%s\n", 15 + STATE_W + 4, "", s->seq_rule, s->ack_rule[0] ? "; " : "",
		s->ack_rule);
	analysis_text(s->flags_analysis, an, sizeof(an));
	if (an[0] || s->broken)
		fprintf(o->f, "%*s%s! %s%s%s\n", 15 + STATE_W + 4, "", nw_color(NW_YELLOW), an,
			s->broken
			    ? (an[0] ? "; breaks the seq/ack rules" : "breaks the seq/ack rules")
			    : "",
			nw_color(NW_RESET));
	write_text(s, wr, sizeof(wr));
	if (wr[0])
		fprintf(o->f, "%*s%s\n", 15 + STATE_W + 4, "", wr);
}

static void print_oneline(struct hs_out *o, const struct hs_packet *p)
{
	const struct nw_tcpseg *s = p->seg;
	const struct nw_tcpconn *c = s->conn;
	char a[80], b[80], lab[LABEL_MAX], st0[24], st1[24], an[256], wr[160];

	label(o, p, lab, sizeof(lab));
	write_text(s, wr, sizeof(wr));
	state_text(s, 0, st0, sizeof(st0));
	state_text(s, 1, st1, sizeof(st1));
	analysis_text(s->flags_analysis, an, sizeof(an));
	fprintf(o->f, "%" PRIu64 " %.6f #%" PRIu64 " %s > %s %s client=%s server=%s | %s%s%s%s%s",
		p->frame, rel_s(o, p->ts_ns), c->id,
		nw_tcp_endpoint_str(&c->ep[s->dir], a, sizeof(a)),
		nw_tcp_endpoint_str(&c->ep[!s->dir], b, sizeof(b)), lab, st0, st1, s->seq_rule,
		s->ack_rule[0] ? "; " : "", s->ack_rule, an[0] ? " [" : "", an);
	if (an[0])
		fputs("]", o->f);
	if (wr[0])
		fprintf(o->f, " {%s}", wr);
	fputc('\n', o->f);
}

void hs_print_packet(struct hs_out *o, const struct hs_packet *p)
{
	switch (o->format) {
	case HS_LADDER:
		print_ladder(o, p);
		break;
	case HS_ONELINE:
		print_oneline(o, p);
		break;
	case HS_JSON:
		hs_json_packet(o, p);
		break;
	default:
		rel_s(o, p->ts_ns);
		break;
	}
}

static void rtt_text(int64_t ns, char *buf, size_t n)
{
	if (ns < 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.3f", nw_ns_to_ms(ns));
}

/* Data RTT samples of one direction: "MIN/AVG/MAX ms xN", or "-". */
static void data_rtt_text(const struct nw_tcprtt *r, char *buf, size_t n)
{
	if (!r->samples) {
		snprintf(buf, n, "-");
		return;
	}
	snprintf(buf, n, "%.3f/%.3f/%.3f ms x%" PRIu64, nw_ns_to_ms(r->min_ns),
		 nw_ns_to_ms(r->sum_ns / (int64_t)r->samples), nw_ns_to_ms(r->max_ns), r->samples);
}

static void print_summary(struct hs_out *o, const struct nw_tcpconn *c, enum nw_tcp_evict why)
{
	char a[80], b[80], r1[32], r2[32], d1[64], d2[64];

	rtt_text(nw_tcpa_rtt_syn_synack(c), r1, sizeof(r1));
	rtt_text(nw_tcpa_rtt_synack_ack(c), r2, sizeof(r2));
	data_rtt_text(&c->dir[0].rtt, d1, sizeof(d1));
	data_rtt_text(&c->dir[1].rtt, d2, sizeof(d2));
	fprintf(o->f,
		"#%" PRIu64 " %s > %s %.6fs %" PRIu64 " %s c2s %" PRIu64 " B s2c %" PRIu64
		" B rtt %s/%s ms data-rtt c2s %s s2c %s retrans %" PRIu64 "/%" PRIu64
		" end %s (%s%s %s%s)%s%s\n",
		c->id, nw_tcp_endpoint_str(&c->ep[0], a, sizeof(a)),
		nw_tcp_endpoint_str(&c->ep[1], b, sizeof(b)),
		(double)(c->last_ts - c->first_ts) / 1e9, c->packets,
		nw_plural(c->packets, "pkt", "pkts"), c->dir[0].bytes, c->dir[1].bytes, r1, r2, d1,
		d2, c->dir[0].retransmissions, c->dir[1].retransmissions,
		nw_tcp_end_name(nw_tcpconn_end(c)), nw_tcps_name(c->sm.side[0].state),
		c->sm.side[0].inferred ? "?" : "", nw_tcps_name(c->sm.side[1].state),
		c->sm.side[1].inferred ? "?" : "", why == NW_TCP_EVICT_END ? "" : " evicted ",
		why == NW_TCP_EVICT_END ? "" : nw_tcp_evict_name(why));
}

void hs_print_conn(struct hs_out *o, const struct nw_tcpconn *c, enum nw_tcp_evict why)
{
	o->conns_reported++;
	if (o->format == HS_JSON)
		hs_json_conn(o, c, why);
	else if (o->format == HS_SUMMARY || o->format == HS_LADDER)
		print_summary(o, c, why);
}

void hs_print_skip(struct hs_out *o, uint64_t frame, const char *why)
{
	if (o->format == HS_JSON) {
		nw_json_begin(&o->json);
		nw_json_str(&o->json, "type", "skipped");
		nw_json_uint(&o->json, "frame", frame);
		nw_json_str(&o->json, "reason", why);
		nw_json_end(&o->json);
		return;
	}
	hs_print_note(o, "frame %" PRIu64 " skipped: %s", frame, why);
}

void hs_print_note(struct hs_out *o, const char *fmt, ...)
{
	va_list ap;

	fflush(o->f);
	fprintf(stderr, "%s: ", nw_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void hs_print_answer(struct hs_out *o, uint64_t sent, uint64_t received, const char *first_line,
		     const char *error)
{
	if (o->format == HS_JSON) {
		nw_json_begin(&o->json);
		nw_json_str(&o->json, "type", "answer");
		nw_json_uint(&o->json, "sent", sent);
		nw_json_uint(&o->json, "received", received);
		nw_json_str(&o->json, "first_line", first_line[0] ? first_line : NULL);
		nw_json_str(&o->json, "error", error);
		nw_json_end(&o->json);
		return;
	}
	fprintf(o->f, "answer: sent %" PRIu64 " B, received %" PRIu64 " B", sent, received);
	if (first_line[0])
		fprintf(o->f, ", first line \"%s\"", first_line);
	if (error)
		fprintf(o->f, "; %s", error);
	fputc('\n', o->f);
	fflush(o->f);
}
