/*
 * tcpwrite.c: MSS segmentation (RFC 9293 3.7.1): the segments of one
 * application write, as runs of equal sizes (tcpwrite.h has the rule).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tcp/tcpwrite.h"

#define EXPAND_MAX 4 /* runs up to this long are written out: 536+536+536 */

void nw_tcpwrite_reset(struct nw_tcpwrite *w)
{
	memset(w, 0, sizeof(*w));
}

static void add_run(struct nw_tcpwrite *w, uint32_t len)
{
	if (w->nruns && w->run[w->nruns - 1].len == len) {
		w->run[w->nruns - 1].count++;
		return;
	}
	if (w->nruns == NW_TCP_WRITE_RUNS) {
		w->truncated = true;
		return;
	}
	w->run[w->nruns].len = len;
	w->run[w->nruns].count = 1;
	w->nruns++;
}

bool nw_tcpwrite_add(struct nw_tcpwrite *w, uint32_t seq, uint32_t len, bool push)
{
	if (w->segments && seq != w->next)
		nw_tcpwrite_reset(w);
	w->bytes += len;
	w->segments++;
	w->next = seq + len;
	add_run(w, len);
	return push;
}

void nw_tcpwrite_sizes(const struct nw_tcpwrite *w, char *buf, size_t n)
{
	size_t k = 0;

	if (n)
		buf[0] = '\0';
	for (unsigned i = 0; i < w->nruns && k < n; i++) {
		const struct nw_tcpwrite_run *r = &w->run[i];
		int m;
		if (r->count > EXPAND_MAX) {
			m = snprintf(buf + k, n - k, "%s%ux%u", k ? "+" : "", r->count, r->len);
			k += m > 0 ? (size_t)m : 0;
			continue;
		}
		for (uint32_t j = 0; j < r->count && k < n; j++) {
			m = snprintf(buf + k, n - k, "%s%u", k ? "+" : "", r->len);
			k += m > 0 ? (size_t)m : 0;
		}
	}
	if (w->truncated && k < n)
		snprintf(buf + k, n - k, "+...");
}
