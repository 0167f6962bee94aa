/*
 * handshake_connect.h: nw-handshake connect HOST PORT.
 */
#ifndef NW_HANDSHAKE_CONNECT_H
#define NW_HANDSHAKE_CONNECT_H

#include "handshake_config.h"

/* Connect, send, read, close while capturing; returns the exit status. */
int hs_connect_run(const struct handshake_config *cfg);

#endif
