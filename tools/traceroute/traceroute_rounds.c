/*
 * traceroute_rounds.c: the statistics of --rounds and their table, as mtr
 * --report prints it (Loss%, Snt, Last, Avg, Best, Wrst, StDev, and Jttr,
 * the mean difference between a hop's successive RTTs), in ms.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "traceroute_hostname.h"
#include "traceroute_out.h"
#include "traceroute_rounds.h"

static void add_addr(struct rounds_hop *rh, const struct nw_addr *a)
{
	for (unsigned i = 0; i < rh->naddr; i++)
		if (nw_addr_equal(&rh->addr[i], a))
			return;
	if (rh->naddr < ROUNDS_MAX_ADDRS)
		rh->addr[rh->naddr++] = *a;
	else
		rh->more_addr = true;
}

void traceroute_rounds_add(struct traceroute_rounds *r, const struct nw_trace_hop *h)
{
	struct rounds_hop *rh = &r->hop[h->ttl];

	if (rh->sent == 0)
		nw_stats_init(&rh->rtt);
	for (unsigned q = 0; q < h->queries; q++) {
		const struct nw_trace_reply *rep = &h->replies[q];
		double ms;

		if (rep->status == NW_TRACE_CANCELLED || rep->status == NW_TRACE_WAITING)
			continue;
		rh->sent++;
		if (rep->status != NW_TRACE_REPLY)
			continue;
		ms = (double)rep->rtt_ns / 1e6;
		if (rh->received) {
			rh->jitter_sum += fabs(ms - rh->last_ms);
			rh->jitter_n++;
		}
		rh->received++;
		rh->last_ms = ms;
		nw_stats_add(&rh->rtt, ms);
		add_addr(rh, &rep->from);
	}
}

void traceroute_rounds_end(struct traceroute_rounds *r, const struct nw_trace *t, bool complete)
{
	struct nw_trace_stats st;

	nw_trace_stats(t, &st);
	if (st.end_ttl > r->end_ttl)
		r->end_ttl = st.end_ttl;
	r->reached = r->reached || st.reached;
	if (complete)
		r->done++;
}

void traceroute_rounds_names_wait(struct traceroute_out *o, const struct traceroute_rounds *r)
{
	int64_t deadline = nw_mono_ns() + TRACEROUTE_NAME_WAIT_NS;

	if (!o->names)
		return;
	for (unsigned ttl = o->trace->first_ttl; ttl <= r->end_ttl; ttl++)
		for (unsigned i = 0; i < r->hop[ttl].naddr; i++)
			nw_names_wait(o->names, &r->hop[ttl].addr[i], deadline);
}

double traceroute_rounds_loss(const struct rounds_hop *h)
{
	return h->sent ? 100.0 * (double)(h->sent - h->received) / (double)h->sent : 0;
}

double traceroute_rounds_jitter(const struct rounds_hop *h)
{
	return h->jitter_n ? h->jitter_sum / h->jitter_n : 0;
}

/* The name (or address) shown for address a. */
static const char *host_label(const struct traceroute_out *o, const struct nw_addr *a, char *buf,
			      size_t len)
{
	const char *name = traceroute_host_name(o, a);

	return name ? name : nw_addr_ntop(a, buf, len);
}

static int label_width(const struct traceroute_out *o, const struct traceroute_rounds *r)
{
	char buf[NW_ADDRSTRLEN];
	size_t w = 16;

	for (unsigned ttl = o->trace->first_ttl; ttl <= r->end_ttl; ttl++)
		for (unsigned i = 0; i < r->hop[ttl].naddr; i++) {
			size_t l = strlen(host_label(o, &r->hop[ttl].addr[i], buf, sizeof(buf)));
			w = l > w ? l : w;
		}
	return (int)(w > 60 ? 60 : w);
}

static void print_ms(double v, bool have)
{
	if (have)
		printf(" %7.3f", v);
	else
		printf(" %7s", "-");
}

/* One hop's row, and a line for each further address it showed; returns the lines printed. */
static unsigned print_row(const struct traceroute_out *o, unsigned ttl, const struct rounds_hop *h,
			  int w)
{
	char buf[NW_ADDRSTRLEN];
	bool have = h->received > 0;
	unsigned lines = 1;

	printf("%3u. %-*.*s %5.1f%% %5u", ttl, w, w,
	       h->naddr ? host_label(o, &h->addr[0], buf, sizeof(buf)) : "???",
	       traceroute_rounds_loss(h), h->sent);
	print_ms(h->last_ms, have);
	print_ms(nw_stats_avg(&h->rtt), have);
	print_ms(h->rtt.min, have);
	print_ms(h->rtt.max, have);
	print_ms(nw_stats_mdev(&h->rtt), have);
	print_ms(traceroute_rounds_jitter(h), h->jitter_n > 0);
	printf("\n");
	for (unsigned i = 1; i < h->naddr; i++, lines++)
		printf("     %s\n", host_label(o, &h->addr[i], buf, sizeof(buf)));
	if (h->more_addr) {
		printf("     (more)\n");
		lines++;
	}
	return lines;
}

void traceroute_rounds_table(struct traceroute_out *o, struct traceroute_rounds *r, bool live)
{
	int w = label_width(o, r);
	unsigned lines = 1;

	if (o->names)
		nw_names_collect(o->names);
	if (live && r->drawn)
		printf("\033[%uA\033[J",
		       r->drawn); /* back to the table's first line, clear below */
	printf("%3s  %-*s %6s %5s %7s %7s %7s %7s %7s %7s\n", "", w, "Host", "Loss%", "Snt", "Last",
	       "Avg", "Best", "Wrst", "StDev", "Jttr");
	for (unsigned ttl = o->trace->first_ttl; ttl <= r->end_ttl; ttl++)
		lines += print_row(o, ttl, &r->hop[ttl], w);
	r->drawn = lines;
	fflush(stdout);
}
