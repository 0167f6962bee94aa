/*
 * cli_priv.h: the privilege steps of sys/priv.h for a tool: each one done,
 * or the tool ends with a one-line runtime error (exit 3).  A tool calls
 * nw_cli_limit_privileges on the first line of main() and
 * nw_cli_drop_privileges once its handles are open, before its loop.
 */
#ifndef NW_CLI_PRIV_H
#define NW_CLI_PRIV_H

#include "sys/priv.h"

void nw_cli_limit_privileges(unsigned caps);
void nw_cli_drop_privileges(enum nw_priv_profile profile);

#endif
