/*
 * roothints.c: root hints (named.root) in master file form, RFC 1035
 * section 5.1: the A and AAAA records of the root servers.  Lines are
 * cut by textfile.h from bytes in memory; each line is split into its
 * fields and every field checked before it is used.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/errbuf.h"
#include "dns/roothints.h"
#include "dns/textfile.h"

/* clang-format off */
const char nw_roothints_iana[] =
	"; The IANA root hints, https://www.internic.net/domain/named.root\n"
	".                    3600000  NS    a.root-servers.net.\n"
	"a.root-servers.net.  3600000  A     198.41.0.4\n"
	"a.root-servers.net.  3600000  AAAA  2001:503:ba3e::2:30\n"
	"b.root-servers.net.  3600000  A     170.247.170.2\n"
	"b.root-servers.net.  3600000  AAAA  2801:1b8:10::b\n"
	"c.root-servers.net.  3600000  A     192.33.4.12\n"
	"c.root-servers.net.  3600000  AAAA  2001:500:2::c\n"
	"d.root-servers.net.  3600000  A     199.7.91.13\n"
	"d.root-servers.net.  3600000  AAAA  2001:500:2d::d\n"
	"e.root-servers.net.  3600000  A     192.203.230.10\n"
	"e.root-servers.net.  3600000  AAAA  2001:500:a8::e\n"
	"f.root-servers.net.  3600000  A     192.5.5.241\n"
	"f.root-servers.net.  3600000  AAAA  2001:500:2f::f\n"
	"g.root-servers.net.  3600000  A     192.112.36.4\n"
	"g.root-servers.net.  3600000  AAAA  2001:500:12::d0d\n"
	"h.root-servers.net.  3600000  A     198.97.190.53\n"
	"h.root-servers.net.  3600000  AAAA  2001:500:1::53\n"
	"i.root-servers.net.  3600000  A     192.36.148.17\n"
	"i.root-servers.net.  3600000  AAAA  2001:7fe::53\n"
	"j.root-servers.net.  3600000  A     192.58.128.30\n"
	"j.root-servers.net.  3600000  AAAA  2001:503:c27::2:30\n"
	"k.root-servers.net.  3600000  A     193.0.14.129\n"
	"k.root-servers.net.  3600000  AAAA  2001:7fd::1\n"
	"l.root-servers.net.  3600000  A     199.7.83.42\n"
	"l.root-servers.net.  3600000  AAAA  2001:500:9f::42\n"
	"m.root-servers.net.  3600000  A     202.12.27.33\n"
	"m.root-servers.net.  3600000  AAAA  2001:dc3::35\n";
/* clang-format on */

#define WS	  " \t"
#define MAX_FIELD 8 /* owner, TTL, class, type, data: more is a malformed A/AAAA line */

/* One record line split into fields; owner NULL when the line starts with a blank. */
struct fields {
	const char *owner;
	const char *f[MAX_FIELD];
	int n;
};

static enum nw_status bad(const char *msg, const char **why)
{
	*why = msg;
	return NW_MALFORMED;
}

/* Cut the comment, split on blanks.  NW_OK with f->n == 0 and no owner for an empty line. */
static enum nw_status split(char *line, struct fields *f, const char **why)
{
	char *semi = strchr(line, ';'), *save = NULL;
	if (semi)
		*semi = '\0';
	if (line[0] == '#')
		line[0] = '\0';
	if (strpbrk(line, "()"))
		return bad("parentheses (a record over several lines) are not supported", why);
	bool blank_first = line[0] == ' ' || line[0] == '\t';
	f->owner = NULL;
	f->n = 0;
	for (char *tok = strtok_r(line, WS, &save); tok; tok = strtok_r(NULL, WS, &save)) {
		if (!blank_first && !f->owner) {
			f->owner = tok;
			continue;
		}
		if (f->n == MAX_FIELD)
			return bad("too many fields for a record", why);
		f->f[f->n++] = tok;
	}
	return NW_OK;
}

/* A TTL: digits, with BIND's unit letters (1W2D). */
static bool is_ttl(const char *s)
{
	if (!isdigit((unsigned char)s[0]))
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && !strchr("smhdwSMHDW", *s))
			return false;
	return true;
}

/* After the owner: [TTL] [CLASS] in either order, then the type.  The index of the type's field. */
static int type_field(const struct fields *f, int *rclass, const char **why)
{
	bool ttl = false, cls = false;
	*rclass = NW_DNS_C_IN;
	for (int i = 0; i < f->n; i++) {
		int c;
		if (!ttl && is_ttl(f->f[i])) {
			ttl = true;
		} else if (!cls && (c = nw_dns_class_parse(f->f[i])) >= 0) {
			cls = true;
			*rclass = c;
		} else if (nw_dns_type_parse(f->f[i]) >= 0 && !isdigit((unsigned char)f->f[i][0])) {
			return i;
		} else {
			*why = "not a TTL, class or record type where one is expected";
			return -1;
		}
	}
	*why = "a record without a type";
	return -1;
}

static void keep(struct nw_roothints *out, const struct nw_dns_name *name, const struct nw_addr *a,
		 int family)
{
	if ((family == 0 || a->family == family) && out->n < NW_ROOTHINTS_MAX)
		out->hint[out->n++] = (struct nw_roothint){*name, *a};
}

/* One record: an A or AAAA record of class IN is kept; others are skipped. */
static enum nw_status record(const struct fields *f, const char *owner, int family,
			     struct nw_roothints *out, const char **why)
{
	struct nw_dns_name name;
	struct nw_addr a;
	int rclass, t = type_field(f, &rclass, why);

	if (t < 0)
		return NW_MALFORMED;
	if (nw_dns_name_parse(owner, &name, why) != 0)
		return NW_MALFORMED;
	int type = nw_dns_type_parse(f->f[t]);
	if ((type != NW_DNS_T_A && type != NW_DNS_T_AAAA) || rclass != NW_DNS_C_IN)
		return NW_OK;
	if (t + 2 != f->n)
		return bad(t + 1 == f->n ? "an address record without its address"
					 : "more than one address on an address record line",
			   why);
	int af = type == NW_DNS_T_A ? AF_INET : AF_INET6;
	if (nw_addr_parse(f->f[t + 1], af, &a, why) != 0)
		return bad(af == AF_INET ? "not an IPv4 address" : "not an IPv6 address", why);
	keep(out, &name, &a, family);
	return NW_OK;
}

enum nw_status nw_roothints_parse(const uint8_t *data, size_t len, int family,
				  struct nw_roothints *out, const char **why)
{
	char line[1024], owner[1024] = "";
	struct nw_buf b;
	struct fields f;
	int got;

	memset(out, 0, sizeof *out);
	nw_buf_init(&b, data, len);
	for (out->line = 1; (got = nw_text_line(&b, line, sizeof line, why)) != 0; out->line++) {
		if (got < 0 || split(line, &f, why) != NW_OK)
			return NW_MALFORMED;
		if (f.owner && f.owner[0] == '$')
			continue; /* $TTL, $ORIGIN: nothing a hint needs */
		if (f.owner)	  /* "@" is the origin: the root, for a file with no $ORIGIN */
			snprintf(owner, sizeof owner, "%s", strcmp(f.owner, "@") ? f.owner : ".");
		if (f.n == 0 && !f.owner)
			continue; /* empty, or a comment */
		if (!owner[0])
			return bad("a record without an owner name", why);
		if (record(&f, owner, family, out, why) != NW_OK)
			return NW_MALFORMED;
	}
	out->line = 0;
	return NW_OK;
}

int nw_roothints_load(const char *path, int family, struct nw_roothints *out, char *err,
		      size_t errlen)
{
	uint8_t *data;
	size_t len;
	const char *why = NULL;

	nw_err_clear(err, errlen);
	if (nw_textfile_read(path, NW_TEXTFILE_MAX, &data, &len) != 0)
		return nw_err_set(err, errlen, "%s", strerror(errno));
	enum nw_status st = nw_roothints_parse(data, len, family, out, &why);
	free(data);
	if (st != NW_OK)
		return nw_err_set(err, errlen, "line %u: %s", out->line, why);
	return 0;
}
