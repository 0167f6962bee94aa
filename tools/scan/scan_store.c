/* scan_store.c: the text report's results, kept compact and sorted at the end. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/grow.h"
#include "cli/cli.h"
#include "scan_store.h"

void scan_store_init(struct scan_store *s, uint64_t probes, bool open_only)
{
	memset(s, 0, sizeof(*s));
	s->keep_silent = probes <= SCAN_STORE_ALL_MAX && !open_only;
	s->open_only = open_only;
}

void scan_store_add(struct scan_store *s, const struct nw_scan_result *r)
{
	if (s->open_only && r->state != NW_SCAN_OPEN)
		return;
	if (r->reason == NW_SCAN_NO_RESPONSE && !s->keep_silent) {
		s->silent_untold++;
		return;
	}
	if (nw_grow(&s->recs, &s->cap, s->n, sizeof(*s->recs), 1024) != 0)
		nw_fatal("out of memory keeping %zu results (try --json or --open)", s->n);
	s->recs[s->n++] = (struct scan_rec){.addr = r->addr,
					    .from = r->from,
					    .rtt_ns = r->rtt_ns,
					    .error = r->error,
					    .port = r->port,
					    .state = (uint8_t)r->state,
					    .reason = (uint8_t)r->reason,
					    .icmp_type = r->icmp_type,
					    .icmp_code = r->icmp_code,
					    .ttl = r->reply_ttl,
					    .retries = (uint8_t)r->retries};
}

static int addr_cmp(const struct nw_addr *a, const struct nw_addr *b)
{
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	if (a->family == AF_INET)
		return memcmp(&a->u.v4, &b->u.v4, sizeof(a->u.v4));
	return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6));
}

static int rec_cmp(const void *x, const void *y)
{
	const struct scan_rec *a = x, *b = y;
	int c = addr_cmp(&a->addr, &b->addr);

	return c ? c : (int)a->port - (int)b->port;
}

static int banner_cmp(const void *x, const void *y)
{
	const struct scan_banner *a = x, *b = y;
	int c = addr_cmp(&a->addr, &b->addr);

	return c ? c : (int)a->port - (int)b->port;
}

void scan_store_banner(struct scan_store *s, const struct nw_addr *a, uint16_t port,
		       const char *text)
{
	if (nw_grow(&s->banners, &s->capbanners, s->nbanners, sizeof(*s->banners), 64) != 0)
		nw_fatal("out of memory keeping %zu banners", s->nbanners);
	s->banners[s->nbanners] =
	    (struct scan_banner){.addr = *a, .port = port, .text = strdup(text)};
	if (!s->banners[s->nbanners].text)
		nw_fatal("out of memory keeping %zu banners", s->nbanners);
	s->nbanners++;
}

const char *scan_store_banner_of(const struct scan_store *s, const struct nw_addr *a, uint16_t port)
{
	struct scan_banner key = {.addr = *a, .port = port};
	const struct scan_banner *b =
	    s->nbanners ? bsearch(&key, s->banners, s->nbanners, sizeof(key), banner_cmp) : NULL;

	return b ? b->text : NULL;
}

void scan_store_sort(struct scan_store *s)
{
	if (s->n)
		qsort(s->recs, s->n, sizeof(*s->recs), rec_cmp);
	if (s->nbanners)
		qsort(s->banners, s->nbanners, sizeof(*s->banners), banner_cmp);
}

void scan_store_free(struct scan_store *s)
{
	for (size_t i = 0; i < s->nbanners; i++)
		free(s->banners[i].text);
	free(s->banners);
	free(s->recs);
	memset(s, 0, sizeof(*s));
}
