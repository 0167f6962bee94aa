/*
 * handshake.h: nw-handshake's core entry point.
 *
 * main.c parses the command line into struct handshake_config;
 * handshake_run() reads packets (file or interface), follows every TCP
 * connection with the core's connection table (common/tcp/tcpconn.h) and
 * prints it as a ladder, one line per packet, one line per connection, or
 * JSON Lines.  connect HOST PORT goes to handshake_connect.c.
 */
#ifndef NW_HANDSHAKE_H
#define NW_HANDSHAKE_H

#include "handshake_config.h"

int handshake_run(const struct handshake_config *cfg);

#endif
