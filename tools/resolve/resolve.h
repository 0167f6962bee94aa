/*
 * resolve.h: nw-resolve's core entry point.
 *
 * main.c parses the command line into struct resolve_config; resolve_run()
 * sends each query (resolve_transport.c), and prints the outcome
 * (resolve_output.c); --trace and -f have their own files.
 */
#ifndef NW_RESOLVE_H
#define NW_RESOLVE_H

#include "resolve_config.h"

int resolve_run(const struct resolve_config *cfg);

#endif
