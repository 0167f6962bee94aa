/*
 * traceroute_text.c: nw-traceroute's text, line for line as traceroute(8)
 * prints it (" 3  198.18.2.2  0.412 ms  0.388 ms *"), so that scripts that
 * read traceroute read it; MPLS labels and NAT after the hop's times;
 * with --mtu, "pmtu N" at the end of the line of the hop where the path
 * MTU fell, as tracepath(8) puts it.
 */
#include "config.h"

#include <stdio.h>
#include <sys/socket.h>

#include "traceroute_nat.h"
#include "traceroute_out.h"

void traceroute_text_start(const struct traceroute_out *o)
{
	char dst[NW_ADDRSTRLEN];

	nw_addr_ntop(&o->trace->dst, dst, sizeof(dst));
	printf("nw-traceroute to %s (%s), %u hops max, %zu byte packets, %s %s, %s mode, RTT from "
	       "%s",
	       o->cfg->target, dst, o->trace->max_ttl, nw_trace_packet_len(o->trace),
	       traceroute_method_name(o->trace->proto), traceroute_flow_name(o->trace->flow),
	       o->mode, o->clock);
	if (o->cfg->rounds)
		printf(", %u rounds", o->cfg->rounds);
	printf("\n");
	fflush(stdout);
}

/* The label stack as traceroute -e prints it: <MPLS:L=16001,E=0,S=0,T=1/L=24005,...>. */
static void print_mpls(const struct nw_trace_reply *r)
{
	for (unsigned i = 0; i < r->mpls_count; i++)
		printf("%sL=%u,E=%u,S=%u,T=%u%s", i ? "/" : " <MPLS:", r->mpls[i].label,
		       r->mpls[i].tc, r->mpls[i].bottom ? 1 : 0, r->mpls[i].ttl,
		       i + 1 == r->mpls_count ? ">" : "");
}

/*
 * One probe: its address when it differs from the one before on the line
 * (as traceroute: "name (address)" unless -n, the address twice when it
 * has no name), then its time.
 */
static void print_reply(const struct traceroute_out *o, const struct nw_trace_reply *r,
			const struct nw_addr **last)
{
	char a[NW_ADDRSTRLEN], note[32], nat[256];

	if (r->status != NW_TRACE_REPLY) {
		printf(" *");
		return;
	}
	if (!*last || !nw_addr_equal(*last, &r->from)) {
		const char *name = traceroute_host_name(o, &r->from);

		nw_addr_ntop(&r->from, a, sizeof(a));
		if (o->names)
			printf(" %s (%s)", name ? name : a, a);
		else
			printf(" %s", a);
		print_mpls(r);
		if (traceroute_nat_note(r, nat, sizeof(nat))[0])
			printf(" %s", nat);
		*last = &r->from;
	}
	printf("  %.3f ms", (double)r->rtt_ns / 1e6);
	traceroute_annotation(r, note, sizeof(note));
	if (note[0])
		printf(" %s", note);
}

void traceroute_text_hop(const struct traceroute_out *o, const struct nw_trace_hop *h)
{
	const struct nw_addr *last = NULL;

	printf("%2u ", h->ttl);
	for (unsigned q = 0; q < h->queries; q++)
		print_reply(o, &h->replies[q], &last);
	if (h->pmtu)
		printf("  pmtu %u", h->pmtu);
	printf("\n");
	traceroute_nat_hop_done(h);
	fflush(stdout);
}

void traceroute_text_end(const struct traceroute_out *o, const struct nw_trace *t, bool cut)
{
	(void)o;
	(void)t;
	if (cut)
		fprintf(stderr, "nw-traceroute: stopped before the end of the path\n");
}
