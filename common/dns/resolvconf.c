/*
 * resolvconf.c: reading resolv.conf(5): "nameserver ADDR", "search D...",
 * "domain D", "options ndots:N timeout:N attempts:N rotate".  The caps
 * (3 servers in glibc, here 8; ndots 15; timeout 30; attempts 5) follow
 * the C library's.  The text is parsed from memory (what a file holds,
 * or a fuzzer's input); lines are cut by textfile.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "dns/resolvconf.h"
#include "dns/textfile.h"

#define WS " \t\r\n"

void nw_resolvconf_defaults(struct nw_resolvconf *rc)
{
	memset(rc, 0, sizeof *rc);
	rc->ndots = 1;
	rc->timeout = 5;
	rc->attempts = 2;
}

/* "name:N" with N clamped to [lo, hi]; false when the value is not a number. */
static bool option_value(const char *opt, const char *name, int lo, int hi, int *out)
{
	size_t n = strlen(name);
	uint64_t v;
	const char *why;
	if (strncmp(opt, name, n) != 0 || opt[n] != ':')
		return false;
	if (nw_parse_uint(opt + n + 1, 0, UINT32_MAX, &v, &why) != 0)
		return true; /* the keyword, with a bad value: ignored */
	*out = v < (uint64_t)lo ? lo : v > (uint64_t)hi ? hi : (int)v;
	return true;
}

static void options(char *rest, struct nw_resolvconf *rc)
{
	for (char *tok = strtok(rest, WS); tok; tok = strtok(NULL, WS)) {
		if (strcmp(tok, "rotate") == 0)
			rc->rotate = true;
		else if (!option_value(tok, "ndots", 0, 15, &rc->ndots) &&
			 !option_value(tok, "timeout", 1, 30, &rc->timeout))
			option_value(tok, "attempts", 1, 5, &rc->attempts);
	}
}

static void search(char *rest, struct nw_resolvconf *rc)
{
	rc->nsearch = 0; /* the last search or domain line wins */
	for (char *tok = strtok(rest, WS); tok && rc->nsearch < NW_RESOLV_MAXSEARCH;
	     tok = strtok(NULL, WS)) {
		if (strlen(tok) < sizeof rc->search[0])
			strcpy(rc->search[rc->nsearch++], tok);
	}
}

static bool nameserver(char *rest, struct nw_resolvconf *rc)
{
	const char *why;
	char *tok = strtok(rest, WS);
	struct nw_addr a;
	if (!tok)
		return false;
	char *pct = strchr(tok, '%'); /* fe80::1%eth0: the zone is not kept */
	if (pct)
		*pct = '\0';
	if (nw_addr_parse(tok, AF_UNSPEC, &a, &why) != 0)
		return false;
	if (rc->nservers < NW_RESOLV_MAXNS)
		rc->servers[rc->nservers++] = a;
	return true;
}

int nw_resolvconf_parse(const uint8_t *data, size_t len, struct nw_resolvconf *rc)
{
	char line[1024];
	int bad = 0, got;
	struct nw_buf b;
	const char *why;

	nw_buf_init(&b, data, len);
	while ((got = nw_text_line(&b, line, sizeof line, &why)) != 0) {
		if (got < 0) { /* too long, or a NUL: not a line the C library would use */
			bad++;
			continue;
		}
		char *p = line + strspn(line, WS);
		size_t kw = strcspn(p, WS);
		if (*p == '\0' || *p == '#' || *p == ';')
			continue;
		char *rest = p + kw;
		if (kw == 10 && strncmp(p, "nameserver", kw) == 0) {
			if (!nameserver(rest, rc))
				bad++;
		} else if ((kw == 6 && strncmp(p, "search", kw) == 0) ||
			   (kw == 6 && strncmp(p, "domain", kw) == 0)) {
			search(rest, rc);
		} else if (kw == 7 && strncmp(p, "options", kw) == 0) {
			options(rest, rc);
		} else if (!(kw == 8 && strncmp(p, "sortlist", kw) == 0)) {
			bad++;
		}
	}
	return bad;
}

int nw_resolvconf_load(const char *path, struct nw_resolvconf *rc)
{
	uint8_t *data;
	size_t len;
	if (nw_textfile_read(path, NW_TEXTFILE_MAX, &data, &len) != 0)
		return -1;
	nw_resolvconf_parse(data, len, rc);
	free(data);
	return 0;
}
