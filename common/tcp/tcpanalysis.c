/*
 * tcpanalysis.c: tshark's TCP sequence analysis (tcp.analysis.*) and the
 * seq/ack rule of each segment in words (RFC 9293 3.4: SYN and FIN take
 * one sequence number each, the ACK field is the next byte expected).
 * Works on absolute numbers; rules print relative ones.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tcp/tcpanalysis.h"

#define FAST_RETRANS_NS INT64_C(20000000) /* 20 ms after the dup ACKs, as tshark */
#define OOO_DEFAULT_NS	INT64_C(3000000)  /* 3 ms when no handshake RTT is known */
#define SFR		(NW_TCP_SYN | NW_TCP_FIN | NW_TCP_RST)

static const char *const names[NW_TCPA_COUNT][2] = {
    {"retransmission", "Retransmission"},
    {"spurious_retransmission", "Spurious retransmission"},
    {"fast_retransmission", "Fast retransmission"},
    {"duplicate_ack", "Duplicate ACK"},
    {"out_of_order", "Out-of-order"},
    {"lost_segment", "Previous segment not captured"},
    {"ack_lost_segment", "ACKed segment that was not captured"},
    {"window_full", "Window full"},
    {"zero_window", "Zero window"},
    {"zero_window_probe", "Zero window probe"},
    {"zero_window_probe_ack", "Zero window probe ACK"},
    {"keep_alive", "Keep-alive"},
    {"keep_alive_ack", "Keep-alive ACK"},
    {"window_update", "Window update"},
};

const char *nw_tcpa_name(int bit)
{
	return bit >= 0 && bit < NW_TCPA_COUNT ? names[bit][0] : NULL;
}

const char *nw_tcpa_text(int bit)
{
	return bit >= 0 && bit < NW_TCPA_COUNT ? names[bit][1] : NULL;
}

static bool lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static bool gt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

/* The segment repeats this side's last ACK and window at the next seq. */
static bool same_ack(const struct nw_tcpdir *fwd, uint16_t flags, uint32_t seq, uint32_t ack,
		     uint32_t len)
{
	return len == 0 && seq == fwd->nextseq && ack == fwd->lastack && !(flags & SFR);
}

/* The flags decided before the retransmission checks (tshark's order). */
static unsigned forward_checks(struct nw_tcpconn *c, int dir, uint16_t flags, uint32_t seq,
			       uint32_t ack, uint32_t len, uint32_t win)
{
	struct nw_tcpdir *fwd = &c->dir[dir], *rev = &c->dir[!dir];
	unsigned a = 0;

	if (len == 1 && seq == fwd->nextseq && rev->have_window && rev->window == 0)
		return NW_TCPA_ZERO_WINDOW_PROBE;
	if (win == 0 && !(flags & SFR))
		a |= NW_TCPA_ZERO_WINDOW;
	if (fwd->nextseq && gt(seq, fwd->nextseq) && !(flags & NW_TCP_RST))
		a |= NW_TCPA_LOST_SEGMENT;
	if (len <= 1 && seq == fwd->nextseq - 1 && !(flags & SFR))
		a |= NW_TCPA_KEEP_ALIVE;
	if (win && win != fwd->window && same_ack(fwd, flags, seq, ack, len))
		a |= NW_TCPA_WINDOW_UPDATE;
	if (len > 0 && rev->win_scale != -1 && seq + len == rev->lastack + rev->window &&
	    !(flags & SFR))
		a |= NW_TCPA_WINDOW_FULL;
	if (win && win == fwd->window && same_ack(fwd, flags, seq, ack, len) &&
	    (rev->last_flags & NW_TCPA_KEEP_ALIVE))
		return a | NW_TCPA_KEEP_ALIVE_ACK;
	if (win == 0 && fwd->have_window && fwd->window == 0 &&
	    same_ack(fwd, flags, seq, ack, len) && (rev->last_flags & NW_TCPA_ZERO_WINDOW_PROBE))
		return a | NW_TCPA_ZERO_WINDOW_PROBE_ACK;
	if (win && win == fwd->window && same_ack(fwd, flags, seq, ack, len)) {
		fwd->dupacks++;
		a |= NW_TCPA_DUPLICATE_ACK;
	}
	return a;
}

/*
 * ts - since < limit, with tshark's unsigned arithmetic: a capture whose
 * clock steps back (frames queued on two CPUs under load are written out
 * of timestamp order) gives a huge difference, never a small one.
 */
static bool within(int64_t ts, int64_t since, int64_t limit)
{
	return ts >= since && ts - since < limit;
}

/* A segment that takes sequence space but does not advance it: which kind. */
static unsigned retrans_kind(const struct nw_tcpconn *c, int dir, uint32_t seq, uint32_t len,
			     int64_t ts)
{
	const struct nw_tcpdir *fwd = &c->dir[dir], *rev = &c->dir[!dir];
	bool not_advanced = fwd->nextseq && lt(seq, fwd->nextseq);
	int64_t ooo = c->first_rtt_ns > 0 ? c->first_rtt_ns : OOO_DEFAULT_NS;

	/* More than one new byte right after a probe's byte is new data. */
	if (len > 1 && fwd->nextseq - 1 == seq)
		not_advanced = false;
	/* Data the peer had already acknowledged: checked first, as tshark 4 does. */
	if (len > 0 && rev->lastack && !gt(seq + len, rev->lastack))
		return NW_TCPA_SPURIOUS_RETRANSMISSION;
	if (not_advanced && rev->dupacks >= 2 && rev->lastack == seq &&
	    within(ts, rev->lastack_ts, FAST_RETRANS_NS))
		return NW_TCPA_FAST_RETRANSMISSION;
	if (not_advanced && within(ts, fwd->nextseq_ts, ooo) && fwd->nextseq != seq + len)
		return NW_TCPA_OUT_OF_ORDER;
	return not_advanced ? NW_TCPA_RETRANSMISSION : 0;
}

static void remember(struct nw_tcpconn *c, int dir, uint16_t flags, uint32_t seq, uint32_t ack,
		     uint32_t len, uint32_t win, int64_t ts, unsigned a)
{
	struct nw_tcpdir *fwd = &c->dir[dir];
	uint32_t seglen = len + ((flags & (NW_TCP_SYN | NW_TCP_FIN)) ? 1 : 0);
	uint32_t next = seq + seglen;
	bool probe = a & NW_TCPA_ZERO_WINDOW_PROBE;

	if ((gt(next, fwd->nextseq) || !fwd->nextseq) && !probe) {
		fwd->nextseq = next;
		fwd->nextseq_ts = ts;
	}
	if ((seq == fwd->maxseqtobeacked || !fwd->maxseqtobeacked) && !probe)
		fwd->maxseqtobeacked = fwd->nextseq;
	if (seglen && (!fwd->have_last || !lt(next, fwd->last_seq + fwd->last_seglen))) {
		fwd->last_seq = seq;
		fwd->last_seglen = seglen;
		fwd->have_last = true;
		fwd->last_syn = flags & NW_TCP_SYN;
		fwd->last_fin = flags & NW_TCP_FIN;
	}
	fwd->window = win;
	fwd->have_window = true;
	fwd->lastack = ack;
	fwd->lastack_ts = ts;
	fwd->last_flags = a;
	fwd->packets++;
	fwd->bytes += len;
	if (a & (NW_TCPA_RETRANSMISSION | NW_TCPA_FAST_RETRANSMISSION |
		 NW_TCPA_SPURIOUS_RETRANSMISSION))
		fwd->retransmissions++;
}

unsigned nw_tcpa_segment(struct nw_tcpconn *c, int dir, uint16_t flags, uint32_t seq, uint32_t ack,
			 uint32_t len, uint32_t win, int64_t ts)
{
	struct nw_tcpdir *fwd = &c->dir[dir], *rev = &c->dir[!dir];
	unsigned a = forward_checks(c, dir, flags, seq, ack, len, win);

	if (ack != fwd->lastack)
		fwd->dupacks = 0;
	if (rev->maxseqtobeacked && gt(ack, rev->maxseqtobeacked) && (flags & NW_TCP_ACK)) {
		a |= NW_TCPA_ACK_LOST_SEGMENT;
		rev->maxseqtobeacked = rev->nextseq;
	}
	if ((len > 0 || (flags & (NW_TCP_SYN | NW_TCP_FIN))) && !(a & NW_TCPA_KEEP_ALIVE) &&
	    !(a &
	      (NW_TCPA_ZERO_WINDOW_PROBE | NW_TCPA_KEEP_ALIVE_ACK | NW_TCPA_ZERO_WINDOW_PROBE_ACK)))
		a |= retrans_kind(c, dir, seq, len, ts);
	/* tshark marks fast and spurious retransmissions as retransmissions too. */
	if (a & (NW_TCPA_FAST_RETRANSMISSION | NW_TCPA_SPURIOUS_RETRANSMISSION))
		a |= NW_TCPA_RETRANSMISSION;
	remember(c, dir, flags, seq, ack, len, win, ts, a);
	return a;
}

/*
 * A rule's text into buf, when text is wanted: a summary needs only each
 * segment's broken flag, and formatting two rules a packet was 40% of
 * `nw-handshake --summary`'s time on a million packets.
 */
__attribute__((format(printf, 4, 5))) static void say(bool text, char *buf, size_t n,
						      const char *fmt, ...)
{
	va_list ap;

	if (!text)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
}

/* "+ 100 bytes", "+ 1 (SYN)", "+ 5 bytes + 1 (FIN)" for a segment's sequence space. */
static void span_words(char *buf, size_t n, uint32_t len, bool syn, bool fin)
{
	const char *ctl = syn ? "SYN" : fin ? "FIN" : NULL;

	if (len && ctl)
		snprintf(buf, n, "+ %u byte%s + 1 (%s)", len, len == 1 ? "" : "s", ctl);
	else if (ctl)
		snprintf(buf, n, "+ 1 (%s)", ctl);
	else
		snprintf(buf, n, "+ %u byte%s", len, len == 1 ? "" : "s");
}

static void seq_rule(const struct nw_tcpconn *c, struct nw_tcpseg *s, bool text)
{
	const struct nw_tcpdir *d = &c->dir[s->dir];
	uint32_t expect = d->nextseq - d->base;
	char span[64];

	if (s->flags & NW_TCP_SYN && !d->nextseq) {
		say(text, s->seq_rule, sizeof(s->seq_rule),
		    "SEQ 0 = ISN %u (initial sequence number, chosen at random)", s->abs_seq);
		return;
	}
	if (!d->nextseq) {
		say(text, s->seq_rule, sizeof(s->seq_rule),
		    "SEQ %u (first segment seen this way: counted from here)", s->seq);
		return;
	}
	if (s->abs_seq == d->nextseq && d->have_last) {
		uint32_t last = d->last_seq - d->base;
		if (text)
			span_words(span, sizeof(span),
				   d->last_seglen - (d->last_syn || d->last_fin), d->last_syn,
				   d->last_fin);
		say(text, s->seq_rule, sizeof(s->seq_rule), "SEQ %u = %u %s", s->seq, last, span);
	} else if (s->abs_seq == d->nextseq) {
		say(text, s->seq_rule, sizeof(s->seq_rule), "SEQ %u = next byte to send", s->seq);
	} else if (lt(s->abs_seq, d->nextseq)) {
		say(text, s->seq_rule, sizeof(s->seq_rule),
		    "SEQ %u < %u: sequence space already sent", s->seq, expect);
	} else {
		say(text, s->seq_rule, sizeof(s->seq_rule),
		    "SEQ %u > %u expected: %u bytes not captured", s->seq, expect,
		    s->abs_seq - d->nextseq);
		s->broken = true;
	}
}

static void ack_rule(const struct nw_tcpconn *c, struct nw_tcpseg *s, bool text)
{
	const struct nw_tcpdir *p = &c->dir[!s->dir], *me = &c->dir[s->dir];
	uint32_t a = s->ack;
	char span[64];

	if (!(s->flags & NW_TCP_ACK))
		return;
	if ((s->flags & NW_TCP_SYN) && p->saw_syn && s->abs_ack != c->sm.side[!s->dir].iss + 1) {
		say(text, s->ack_rule, sizeof(s->ack_rule),
		    "ACK %u: a SYN/ACK must acknowledge peer ISN + 1", a);
		s->broken = true;
		return;
	}
	if (!p->have_last) {
		say(text, s->ack_rule, sizeof(s->ack_rule),
		    "ACK %u (nothing seen from the peer yet: counted from here)", a);
		return;
	}
	uint32_t end = p->last_seq + p->last_seglen, rel_last = p->last_seq - p->base;
	if (s->abs_ack == end) {
		if (text)
			span_words(span, sizeof(span),
				   p->last_seglen - (p->last_syn || p->last_fin), p->last_syn,
				   p->last_fin);
		say(text, s->ack_rule, sizeof(s->ack_rule), "ACK %u = peer SEQ %u %s", a, rel_last,
		    span);
	} else if (gt(s->abs_ack, p->nextseq)) {
		say(text, s->ack_rule, sizeof(s->ack_rule),
		    "ACK %u > peer's next SEQ %u: acknowledges bytes not captured", a,
		    p->nextseq - p->base);
		s->broken = true;
	} else if (me->lastack == s->abs_ack && me->packets) {
		say(text, s->ack_rule, sizeof(s->ack_rule),
		    "ACK %u: unchanged, still expecting peer SEQ %u", a, a);
	} else {
		say(text, s->ack_rule, sizeof(s->ack_rule),
		    "ACK %u: peer bytes up to %u received (peer sent up to %u)", a, a - 1,
		    p->nextseq - p->base - 1);
	}
}

void nw_tcpa_rules(const struct nw_tcpconn *c, struct nw_tcpseg *seg, bool text)
{
	seg->broken = false;
	seq_rule(c, seg, text);
	ack_rule(c, seg, text);
}

int64_t nw_tcpa_rtt_syn_synack(const struct nw_tcpconn *c)
{
	return c->synack_ts ? c->syn_synack_ns : -1;
}

int64_t nw_tcpa_rtt_synack_ack(const struct nw_tcpconn *c)
{
	return c->synack_last_ts && c->hs_ack_ts ? c->hs_ack_ts - c->synack_last_ts : -1;
}
