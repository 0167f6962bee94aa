/*
 * traceroute_nat.c: where the path rewrote nw-traceroute's probes, read
 * from the quotes hop by hop.  A router quotes the probe as it reached it:
 * when hop k's quote shows a source address, port, checksum or IPv4 ID
 * other than the one sent and the last hop before it whose quote was
 * clean is j, the change was made after hop j (by hop j itself as it
 * forwarded, when j = k - 1).  A NAT that translates the quotes of the
 * errors it passes back (Linux conntrack does) leaves nothing to see.
 */
#include "config.h"

#include <stdio.h>
#include <sys/socket.h>

#include "traceroute_nat.h"

static struct {
	unsigned clean_ttl; /* the last hop whose quotes showed the probe as sent; 0: none yet */
	struct traceroute_rewrite described; /* the change last described in full */
	bool any;
	struct traceroute_rewrite points[TRACEROUTE_MAX_REWRITES];
	unsigned npoints;
} nat;

static const char *checksum_name(enum nw_probe_proto p)
{
	return p == NW_PROBE_ICMP  ? "ICMP checksum"
	       : p == NW_PROBE_TCP ? "TCP checksum"
				   : "UDP checksum";
}

static void rewrite_of(const struct nw_trace_reply *r, struct traceroute_rewrite *w)
{
	w->ttl = r->ttl;
	w->after_ttl = nat.clean_ttl < r->ttl ? nat.clean_ttl : 0; /* not an earlier round's */
	w->what = r->rewritten;
	w->sent = r->sent;
	w->quote = r->quote;
}

static bool same_change(const struct traceroute_rewrite *a, const struct traceroute_rewrite *b)
{
	return a->what == b->what && nw_addr_equal(&a->quote.src, &b->quote.src) &&
	       a->quote.sport == b->quote.sport;
}

const char *traceroute_rewrite_tag(unsigned what)
{
	return what & NW_REWRITE_NAT ? "NAT" : "rewritten";
}

const char *traceroute_rewrite_field(unsigned bit)
{
	switch (bit) {
	case NW_REWRITE_SRC:
		return "source";
	case NW_REWRITE_SPORT:
		return "source_port";
	case NW_REWRITE_CHECKSUM:
		return "checksum";
	case NW_REWRITE_IP_ID:
		return "ip_id";
	}
	return "?";
}

/* "source 198.18.0.1 -> 198.18.200.1, port 40000 -> 1024, IP ID 3 -> 0" */
static void describe(const struct traceroute_rewrite *w, char *buf, size_t len)
{
	char a[NW_ADDRSTRLEN], b[NW_ADDRSTRLEN];
	const char *sep = "";
	size_t n = 0;

	buf[0] = '\0';
#define ADD(...)                                                                                   \
	do {                                                                                       \
		if (n < len)                                                                       \
			n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__);                      \
		sep = ", ";                                                                        \
	} while (0)
	if (w->what & NW_REWRITE_SRC)
		ADD("%ssource %s -> %s", sep, nw_addr_ntop(&w->sent.src, a, sizeof(a)),
		    nw_addr_ntop(&w->quote.src, b, sizeof(b)));
	if (w->what & NW_REWRITE_SPORT)
		ADD("%sport %u -> %u", sep, w->sent.sport, w->quote.sport);
	if (w->what & NW_REWRITE_CHECKSUM)
		ADD("%s%s 0x%04x -> 0x%04x", sep, checksum_name(w->sent.proto), w->sent.checksum,
		    w->quote.checksum);
	if (w->what & NW_REWRITE_IP_ID)
		ADD("%sIP ID %u -> %u", sep, w->sent.ip_id, w->quote.ip_id);
#undef ADD
}

const char *traceroute_nat_note(const struct nw_trace_reply *r, char *buf, size_t len)
{
	struct traceroute_rewrite w;
	char what[160], where[48];

	buf[0] = '\0';
	if (r->status != NW_TRACE_REPLY || !r->quoted || !r->rewritten)
		return buf;
	rewrite_of(r, &w);
	if (nat.any && same_change(&nat.described, &w)) {
		snprintf(buf, len, "[%s]", traceroute_rewrite_tag(w.what));
		return buf;
	}
	nat.described = w;
	nat.any = true;
	if (nat.npoints < TRACEROUTE_MAX_REWRITES)
		nat.points[nat.npoints++] = w;
	if (!w.after_ttl)
		snprintf(where, sizeof(where), "before hop %u", w.ttl);
	else if (w.after_ttl + 1 == w.ttl)
		snprintf(where, sizeof(where), "after hop %u", w.after_ttl);
	else
		snprintf(where, sizeof(where), "between hop %u and hop %u", w.after_ttl, w.ttl);
	describe(&w, what, sizeof(what));
	snprintf(buf, len, "[%s %s: %s]", traceroute_rewrite_tag(w.what), where, what);
	return buf;
}

void traceroute_nat_hop_done(const struct nw_trace_hop *h)
{
	for (unsigned q = 0; q < h->queries; q++) {
		const struct nw_trace_reply *r = &h->replies[q];
		if (r->status == NW_TRACE_REPLY && r->quoted && !r->rewritten)
			nat.clean_ttl = h->ttl;
	}
}

const struct traceroute_rewrite *traceroute_rewrites(unsigned *n)
{
	*n = nat.npoints;
	return nat.points;
}
