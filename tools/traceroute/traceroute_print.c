/*
 * traceroute_print.c: hops printed in TTL order, each once its routers'
 * names are in.  The names come from a child process (sys/names.h) while
 * the probes go on, so a slow resolver delays the printing, never the
 * probes or their times.
 */
#include "config.h"

#include "base/timeutil.h"
#include "traceroute_hostname.h"
#include "traceroute_json.h"
#include "traceroute_print.h"
#include "traceroute_text.h"

static void print_hop(struct traceroute_out *o, const struct nw_trace *t,
		      const struct nw_trace_hop *h)
{
	if (o->cfg->json)
		traceroute_json_hop(o, t, h);
	else
		traceroute_text_hop(o, h);
}

/* Every answering address of h has its name (or the child is gone). */
static bool names_in(const struct traceroute_out *o, const struct nw_trace_hop *h)
{
	for (unsigned q = 0; q < h->queries; q++)
		if (h->replies[q].status == NW_TRACE_REPLY &&
		    !traceroute_name_ready(o, &h->replies[q].from))
			return false;
	return true;
}

/* Print the waiting hops from the first on, while their names are in. */
static void print_ready(struct traceroute_out *o, const struct nw_trace *t)
{
	while (o->pending) {
		const struct nw_trace_hop *h = nw_trace_hop(t, o->pending_first);
		if (!names_in(o, h))
			return;
		print_hop(o, t, h);
		o->pending_first++;
		o->pending--;
	}
}

void traceroute_hop_done(struct traceroute_out *o, const struct nw_trace *t,
			 const struct nw_trace_hop *h)
{
	o->next_ttl = h->ttl + 1;
	if (!o->names) {
		print_hop(o, t, h);
		return;
	}
	if (!o->pending)
		o->pending_first = h->ttl;
	o->pending++;
	for (unsigned q = 0; q < h->queries; q++)
		if (h->replies[q].status == NW_TRACE_REPLY)
			nw_names_ask(o->names, &h->replies[q].from);
	nw_names_collect(o->names);
	print_ready(o, t);
}

/* A cut run: the hops after the last complete one, up to the last answered, wait their turn. */
static void add_cut_hops(struct traceroute_out *o, const struct nw_trace *t)
{
	unsigned from = o->next_ttl ? o->next_ttl : o->trace->first_ttl, last = 0;

	for (unsigned ttl = from; ttl <= o->trace->max_ttl; ttl++) {
		const struct nw_trace_hop *h = nw_trace_hop(t, ttl);
		if (h && h->answered)
			last = ttl;
	}
	if (!last)
		return;
	if (!o->pending)
		o->pending_first = from;
	o->pending += last - from + 1; /* the pending hops end just before from */
	o->cut_from = from;
}

void traceroute_hops_flush(struct traceroute_out *o, const struct nw_trace *t, bool cut)
{
	int64_t deadline = nw_mono_ns() + TRACEROUTE_NAME_WAIT_NS;

	if (cut)
		add_cut_hops(o, t);
	for (unsigned ttl = o->pending_first; o->names && ttl < o->pending_first + o->pending;
	     ttl++) {
		const struct nw_trace_hop *h = nw_trace_hop(t, ttl);
		for (unsigned q = 0; q < h->queries; q++)
			if (h->replies[q].status == NW_TRACE_REPLY)
				nw_names_wait(o->names, &h->replies[q].from, deadline);
	}
	/* what has no name by now is printed as its address */
	for (; o->pending; o->pending--)
		print_hop(o, t, nw_trace_hop(t, o->pending_first++));
}
