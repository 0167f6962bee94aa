/*
 * arping.h: nw-arping's core entry point.
 *
 * main.c parses the command line into struct arping_config; arping_run()
 * does the work with the core library and returns the exit status.
 */
#ifndef NW_ARPING_H
#define NW_ARPING_H

#include "arping_config.h"

/* Run with the settings; returns the exit status (NW_EXIT_*). */
int arping_run(const struct arping_config *cfg);

#endif
