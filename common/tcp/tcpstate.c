/*
 * tcpstate.c: both endpoints' TCP states (RFC 9293 3.3.2) from the segments
 * seen between them.  A side's state is a function of what it has done
 * (SYN/FIN sent, received, acknowledged; RST), so a missed or reordered
 * segment can only make a state lag, never jump to an impossible one.
 */
#include "config.h"

#include <string.h>

#include "wire/pkt.h"
#include "tcp/tcpstate.h"

static const char *const state_names[] = {
    [NW_TCPS_CLOSED] = "CLOSED",	   [NW_TCPS_LISTEN] = "LISTEN",
    [NW_TCPS_SYN_SENT] = "SYN_SENT",	   [NW_TCPS_SYN_RECEIVED] = "SYN_RECEIVED",
    [NW_TCPS_ESTABLISHED] = "ESTABLISHED", [NW_TCPS_FIN_WAIT_1] = "FIN_WAIT_1",
    [NW_TCPS_FIN_WAIT_2] = "FIN_WAIT_2",   [NW_TCPS_CLOSING] = "CLOSING",
    [NW_TCPS_TIME_WAIT] = "TIME_WAIT",	   [NW_TCPS_CLOSE_WAIT] = "CLOSE_WAIT",
    [NW_TCPS_LAST_ACK] = "LAST_ACK",	   [NW_TCPS_UNKNOWN] = "?",
};

const char *nw_tcps_name(enum nw_tcps s)
{
	if ((unsigned)s >= sizeof(state_names) / sizeof(state_names[0]))
		return "?";
	return state_names[s];
}

/* a >= b in sequence-number space (RFC 9293 3.4). */
static bool seq_ge(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}

void nw_tcpsm_init(struct nw_tcpsm *sm)
{
	memset(sm, 0, sizeof(*sm));
	sm->side[0].state = sm->before[0] = NW_TCPS_CLOSED;
	sm->side[1].state = sm->before[1] = NW_TCPS_UNKNOWN;
}

/* The closing half of the diagram, for a side that may have sent or got a FIN. */
static enum nw_tcps closing_state(const struct nw_tcpsm_side *s)
{
	if (!s->fin_sent)
		return NW_TCPS_CLOSE_WAIT;
	if (!s->fin_rcvd)
		return s->fin_acked ? NW_TCPS_FIN_WAIT_2 : NW_TCPS_FIN_WAIT_1;
	if (s->fin_first)
		return s->fin_acked ? NW_TCPS_TIME_WAIT : NW_TCPS_CLOSING;
	return s->fin_acked ? NW_TCPS_CLOSED : NW_TCPS_LAST_ACK;
}

static enum nw_tcps derive(const struct nw_tcpsm_side *s, int idx)
{
	bool synced = s->syn_rcvd && s->syn_acked;

	if (s->reset)
		return NW_TCPS_CLOSED;
	/* A server is known to listen only once it has answered a SYN. */
	if (!s->syn_sent && !s->syn_rcvd)
		return idx == 0 ? NW_TCPS_CLOSED : s->listens ? NW_TCPS_LISTEN : NW_TCPS_UNKNOWN;
	/* SYN_RECEIVED may close before it is established (RFC 9293 3.10.4). */
	if (synced || (s->syn_rcvd && s->fin_sent)) {
		if (!s->fin_sent && !s->fin_rcvd)
			return NW_TCPS_ESTABLISHED;
		return closing_state(s);
	}
	/* Got a SYN, not answered yet: SYN_RECEIVED if it listens, else CLOSED. */
	if (s->syn_rcvd && !s->syn_sent && !s->listens)
		return NW_TCPS_UNKNOWN;
	return s->syn_rcvd ? NW_TCPS_SYN_RECEIVED : NW_TCPS_SYN_SENT;
}

static void update_states(struct nw_tcpsm *sm)
{
	for (int i = 0; i < 2; i++) {
		struct nw_tcpsm_side *s = &sm->side[i];
		s->state = derive(s, i);
		/* FIN and RST are seen facts: what follows them is no longer a
		 * guess; nor is "the capture cannot tell". */
		if (s->fin_sent || s->fin_rcvd || s->reset || s->state == NW_TCPS_UNKNOWN)
			s->inferred = false;
	}
}

/* The first segment is not a SYN: infer what must have happened before. */
static void infer_start(struct nw_tcpsm *sm, const struct nw_tcpsm_seg *seg)
{
	struct nw_tcpsm_side *s = &sm->side[seg->from], *r = &sm->side[!seg->from];

	sm->midstream = true;
	s->inferred = r->inferred = true;
	if (seg->flags & NW_TCP_RST)
		return;
	if ((seg->flags & (NW_TCP_SYN | NW_TCP_ACK)) == (NW_TCP_SYN | NW_TCP_ACK)) {
		/* A SYN/ACK: the peer's SYN went by unseen. */
		r->syn_sent = true;
		r->iss = seg->ack - 1;
		s->syn_rcvd = s->passive = s->listens = true;
		return;
	}
	for (int i = 0; i < 2; i++) {
		struct nw_tcpsm_side *x = &sm->side[i];
		x->syn_sent = x->syn_rcvd = x->syn_acked = true;
	}
	sm->side[1].passive = true;
}

static void on_rst(struct nw_tcpsm *sm, int from)
{
	struct nw_tcpsm_side *r = &sm->side[!from];

	sm->side[from].reset = true;
	if (r->passive && r->syn_rcvd && !r->syn_acked && !r->fin_sent) {
		/* SYN_RECEIVED from a passive open goes back to LISTEN (3.10.7.4);
		 * one that never answered the SYN stays unknown. */
		bool inferred = r->inferred, listens = r->listens;
		memset(r, 0, sizeof(*r));
		r->inferred = inferred;
		r->listens = listens;
		return;
	}
	r->reset = true;
}

static void on_syn(struct nw_tcpsm *sm, const struct nw_tcpsm_seg *seg)
{
	struct nw_tcpsm_side *s = &sm->side[seg->from], *r = &sm->side[!seg->from];

	if (!s->syn_sent) {
		s->syn_sent = true;
		s->iss = seg->seq;
		/* A bare SYN from a side that "got" the peer's SYN: both SYNs crossed. */
		if (!(seg->flags & NW_TCP_ACK))
			s->passive = false;
		else if (s->passive)
			s->listens = true; /* SYN,ACK to the peer's SYN */
	}
	if (!r->syn_rcvd) {
		r->syn_rcvd = true;
		r->passive = !r->syn_sent;
	}
}

/*
 * A side leaves SYN_SENT only with a SYN (or RST): an ACK from one that
 * has not had the peer's SYN means the peer's SYN,ACK went by unseen, and
 * that it acknowledged ours.  Both states now rest on that guess.
 */
static void infer_missed_synack(struct nw_tcpsm *sm, const struct nw_tcpsm_seg *seg)
{
	struct nw_tcpsm_side *s = &sm->side[seg->from], *r = &sm->side[!seg->from];

	if (!s->syn_sent || s->syn_rcvd || s->reset)
		return;
	s->syn_rcvd = s->syn_acked = true;
	s->inferred = r->inferred = true;
	if (!r->syn_sent) {
		r->syn_sent = true;
		r->iss = seg->ack - 1;
		r->listens = r->passive;
	}
}

static void on_ack(struct nw_tcpsm *sm, const struct nw_tcpsm_seg *seg)
{
	struct nw_tcpsm_side *r = &sm->side[!seg->from];

	if (r->syn_sent && !r->syn_acked && seq_ge(seg->ack, r->iss + 1))
		r->syn_acked = true;
	if (r->fin_sent && !r->fin_acked && seq_ge(seg->ack, r->fin_next))
		r->fin_acked = true;
}

static void on_fin(struct nw_tcpsm *sm, const struct nw_tcpsm_seg *seg)
{
	struct nw_tcpsm_side *s = &sm->side[seg->from], *r = &sm->side[!seg->from];

	if (!s->fin_sent) {
		bool acks_peer_fin =
		    (seg->flags & NW_TCP_ACK) && r->fin_sent && seq_ge(seg->ack, r->fin_next);
		s->fin_sent = true;
		s->fin_next = seg->seq + seg->len + ((seg->flags & NW_TCP_SYN) ? 1 : 0) + 1;
		/* Its FIN left before it had taken in the peer's: an active (or
		 * simultaneous) close, whatever order the capture saw them in. */
		s->fin_first = !s->fin_rcvd || !acks_peer_fin;
	}
	r->fin_rcvd = true;
}

/* Each side's state before the first segment; before an RST seen first, anything. */
static void note_before(struct nw_tcpsm *sm, const struct nw_tcpsm_seg *seg)
{
	bool unknown = sm->midstream && (seg->flags & NW_TCP_RST);

	update_states(sm);
	for (int i = 0; i < 2; i++) {
		sm->before[i] = unknown ? NW_TCPS_UNKNOWN : sm->side[i].state;
		sm->before_inferred[i] = !unknown && sm->side[i].inferred;
	}
}

void nw_tcpsm_segment(struct nw_tcpsm *sm, const struct nw_tcpsm_seg *seg)
{
	if (!sm->started) {
		sm->started = true;
		if ((seg->flags & (NW_TCP_SYN | NW_TCP_ACK)) != NW_TCP_SYN)
			infer_start(sm, seg);
		note_before(sm, seg);
	}
	if (seg->flags & NW_TCP_RST) {
		on_rst(sm, seg->from);
		update_states(sm);
		return;
	}
	if (seg->flags & NW_TCP_SYN)
		on_syn(sm, seg);
	else if (seg->flags & NW_TCP_ACK)
		infer_missed_synack(sm, seg);
	if (seg->flags & NW_TCP_ACK)
		on_ack(sm, seg);
	if (seg->flags & NW_TCP_FIN)
		on_fin(sm, seg);
	update_states(sm);
}

bool nw_tcpsm_finished(const struct nw_tcpsm *sm)
{
	for (int i = 0; i < 2; i++) {
		enum nw_tcps s = sm->side[i].state;
		if (s != NW_TCPS_CLOSED && s != NW_TCPS_TIME_WAIT && s != NW_TCPS_LISTEN &&
		    s != NW_TCPS_UNKNOWN)
			return false;
	}
	return sm->started;
}
