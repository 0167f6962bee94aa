/*
 * watch.c: nw-watch's core.  The owners are read from /proc first (with
 * the capabilities for other users' processes raised around it), then
 * everything is dropped, then the sockets are dumped and printed.
 */
#include "config.h"

#include "cli/cli.h"
#include "cli/cli_priv.h"
#include "sys/sockdiag.h"
#include "watch.h"
#include "watch_follow.h"
#include "watch_json.h"
#include "watch_snap.h"
#include "watch_text.h"

static int snapshot(const struct watch_config *cfg, struct nw_sockdiag *d)
{
	struct watch_snap s = {0};
	char err[256];

	watch_snap_owners(&s);
	nw_cli_drop_privileges(NW_PRIV_PACKETS);
	if (watch_snap_take(&s, d, cfg, err, sizeof err) != 0)
		nw_fatal("%s", err);
	watch_snap_attach(&s);
	if (cfg->json)
		watch_json_snapshot(&s, cfg);
	else
		watch_text_snapshot(&s, cfg);
	watch_snap_free(&s);
	return NW_EXIT_OK;
}

int watch_run(const struct watch_config *cfg)
{
	char err[256];
	struct nw_sockdiag *d = nw_sockdiag_open(err, sizeof err);
	int rc;

	if (!d)
		nw_fatal("%s", err);
	rc = cfg->follow ? watch_follow(cfg, d) : snapshot(cfg, d);
	nw_sockdiag_close(d);
	return rc;
}
