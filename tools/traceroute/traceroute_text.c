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

#include "cli/output.h"
#include "wire/icmpext.h"

#include "traceroute_hostname.h"
#include "traceroute_names.h"
#include "traceroute_nat.h"
#include "traceroute_text.h"

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
		printf(", %u %s", o->cfg->rounds, nw_plural(o->cfg->rounds, "round", "rounds"));
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

/* An interface name as sent (any bytes): printable ASCII as is, the rest and the separators \xNN.
 */
static void print_ifname(const char *name)
{
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c > 0x20 && *c < 0x7f && *c != ',' && *c != '>' && *c != ';' && *c != '\\')
			putchar(*c);
		else
			printf("\\x%02x", *c);
}

/*
 * The RFC 5837 interface objects after the labels, in the same manner:
 * <IF:in,index=7,addr=198.18.1.2,name=ge-0/0/1,mtu=1500;out,...>, each
 * with the fields it carries (role in, in-sub, out or next-hop).
 */
static void print_interfaces(const struct nw_trace_reply *r)
{
	static const char *const role[4] = {"in", "in-sub", "out", "next-hop"};
	char a[NW_ADDRSTRLEN];
	struct nw_addr addr;

	for (unsigned i = 0; i < r->ifinfo_count; i++) {
		const struct nw_icmpext_ifinfo *f = &r->ifinfo[i];
		printf("%s%s", i ? ";" : " <IF:", role[f->role & 3]);
		if (f->has_ifindex)
			printf(",index=%u", f->ifindex);
		if (f->has_addr) {
			if (f->family == AF_INET)
				nw_addr_from_v4(&addr, f->addr.v4);
			else
				nw_addr_from_v6(&addr, &f->addr.v6);
			printf(",addr=%s", nw_addr_ntop(&addr, a, sizeof(a)));
		}
		if (f->has_name) {
			printf(",name=");
			print_ifname(f->name);
		}
		if (f->has_mtu)
			printf(",mtu=%u", f->mtu);
		if (i + 1 == r->ifinfo_count)
			printf(">");
	}
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
		print_interfaces(r);
		if (traceroute_nat_note(r, nat, sizeof(nat))[0])
			printf(" %s", nat);
		*last = &r->from;
	}
	printf("  %.3f ms", (double)r->rtt_ns / 1e6);
	traceroute_annotation(r, note, sizeof(note));
	if (note[0])
		printf(" %s", note);
}

/*
 * The way back's length when it is not the TTL's (tracepath's "asymm N"):
 * the first answer of the hop that shows one.
 */
static void print_asymmetry(const struct nw_trace_hop *h)
{
	for (unsigned q = 0; q < h->queries; q++) {
		const struct nw_trace_reply *r = &h->replies[q];
		unsigned back = nw_trace_return_hops(r->reply_ttl);

		if (r->status == NW_TRACE_REPLY && back && back != h->ttl) {
			printf("  asymm %u", back);
			return;
		}
	}
}

void traceroute_text_hop(const struct traceroute_out *o, const struct nw_trace_hop *h)
{
	const struct nw_addr *last = NULL;

	printf("%2u ", h->ttl);
	for (unsigned q = 0; q < h->queries; q++)
		print_reply(o, &h->replies[q], &last);
	if (h->pmtu)
		printf("  pmtu %u", h->pmtu);
	print_asymmetry(h);
	printf("\n");
	traceroute_nat_hop_done(h);
	fflush(stdout);
}

void traceroute_text_end(const struct traceroute_out *o, const struct nw_trace *t, bool cut)
{
	(void)t;
	if (cut && o->cut_from)
		fprintf(stderr,
			"nw-traceroute: stopped before the end of the path (hops from %u on as "
			"they stood: * is a probe not answered yet)\n",
			o->cut_from);
	else if (cut)
		fprintf(stderr, "nw-traceroute: stopped before the end of the path\n");
}
