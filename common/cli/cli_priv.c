/* cli_priv.c: the privilege steps of sys/priv.h, or the tool ends (exit 3). */
#include "config.h"

#include "cli/cli.h"
#include "cli/cli_priv.h"

void nw_cli_limit_privileges(unsigned caps)
{
	char err[256];

	if (nw_priv_limit(caps, err, sizeof(err)) != 0)
		nw_fatal("%s", err);
}

void nw_cli_drop_privileges(enum nw_priv_profile profile)
{
	char err[256];

	if (nw_priv_drop_all(profile, err, sizeof(err)) != 0)
		nw_fatal("%s", err);
}
