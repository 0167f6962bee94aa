/*
 * scan_targets.c: nw-scan's target and port sets from the command line:
 * specs parsed by base/addrset and base/portset, names resolved here
 * (before any privilege is dropped, all of a name's addresses), files read
 * whole.  Every error is one line and exit 2.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "dns/textfile.h"
#include "scan_targets.h"

/* A file of targets is at most this large (a /8 written address by address is 200 MB). */
#define SCAN_LIST_MAX (256u << 20)

struct name_ctx {
	struct nw_addrset *set;
	int family;
	int prefix_len;
	char *err;
	size_t errlen;
	int failed;
};

static int add_address(void *ctx, const struct nw_addr *a)
{
	struct name_ctx *n = ctx;

	if (nw_addrset_add_block(n->set, a, n->prefix_len, n->err, n->errlen) != 0)
		n->failed = 1;
	return n->failed;
}

/* Every address of name (of -4/-6's family) as a block of prefix_len (-1: the address). */
static int add_name(void *ctx, const char *name, int prefix_len, char *err, size_t errlen)
{
	struct name_ctx *n = ctx;
	const char *why;

	n->prefix_len = prefix_len;
	n->err = err;
	n->errlen = errlen;
	if (nw_addr_resolve_each(name, n->family, add_address, n, &why) != 0) {
		snprintf(err, errlen, "cannot resolve '%s': %s", name, why);
		return -1;
	}
	return n->failed ? -1 : 0;
}

static void add_spec(struct nw_addrset *set, struct name_ctx *names, const char *spec)
{
	struct nw_target t;
	char err[512];
	int rc = nw_addrset_add(set, spec, &t, err, sizeof(err));

	if (rc == 1)
		rc = add_name(names, t.name, t.prefix_len, err, sizeof(err));
	if (rc != 0)
		nw_usage_error("%s", err);
}

/* The specs of a comma-separated list (--exclude), each added. */
static void add_list(struct nw_addrset *set, struct name_ctx *names, const char *list)
{
	char *copy = strdup(list), *save = NULL;

	if (!copy)
		nw_fatal("out of memory");
	for (char *s = strtok_r(copy, ",", &save); s; s = strtok_r(NULL, ",", &save))
		add_spec(set, names, s);
	free(copy);
}

static void add_file(struct nw_addrset *set, struct name_ctx *names, const char *path)
{
	const char *file = strcmp(path, "-") == 0 ? "/dev/stdin" : path;
	uint8_t *text;
	size_t len;
	char err[512];

	if (nw_textfile_read(file, SCAN_LIST_MAX, &text, &len) != 0)
		nw_usage_error("cannot read '%s': %s", path, strerror(errno));
	if (nw_addrset_add_text(set, (const char *)text, len, add_name, names, err, sizeof(err)) !=
	    0)
		nw_usage_error("%s: %s", path, err);
	free(text);
}

static struct nw_addrset *new_set(const char *noun)
{
	struct nw_addrset *s = nw_addrset_new(noun);

	if (!s)
		nw_fatal("out of memory");
	return s;
}

struct nw_addrset *scan_targets(const struct scan_config *cfg)
{
	struct nw_addrset *set = new_set("target"), *excl = new_set("exclusion");
	struct name_ctx names = {.set = set, .family = cfg->family};
	char err[512];

	for (size_t i = 0; i < cfg->targets.n; i++)
		add_spec(set, &names, cfg->targets.items[i]);
	if (cfg->input_file)
		add_file(set, &names, cfg->input_file);
	names.set = excl;
	names.family = AF_UNSPEC; /* an exclusion leaves out every address of a name */
	for (size_t i = 0; i < cfg->excludes.n; i++)
		add_list(excl, &names, cfg->excludes.items[i]);
	if (cfg->exclude_file)
		add_file(excl, &names, cfg->exclude_file);
	if (nw_addrset_finish(set, excl, err, sizeof(err)) != 0)
		nw_usage_error("%s", err);
	nw_addrset_free(excl);
	if (cfg->family && !nw_addrset_count_family(set, cfg->family))
		nw_usage_error("no %s target", cfg->family == AF_INET ? "IPv4" : "IPv6");
	return set;
}

struct nw_portset *scan_ports(const struct scan_config *cfg)
{
	struct nw_portset *set = nw_portset_new();
	char err[512];

	if (!set)
		nw_fatal("out of memory");
	for (size_t i = 0; i < cfg->ports.n; i++)
		if (nw_portset_parse(set, cfg->ports.items[i], err, sizeof(err)) != 0)
			nw_usage_error("%s", err);
	if (!cfg->ports.n)
		nw_portset_add_default(set);
	if (nw_portset_finish(set, err, sizeof(err)) != 0)
		nw_usage_error("%s", err);
	return set;
}
