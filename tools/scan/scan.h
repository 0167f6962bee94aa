/* scan.h: nw-scan's run, from settings to exit status. */
#ifndef NW_SCAN_H
#define NW_SCAN_H

#include "scan_config.h"

/* Scan as cfg says, print, and return the exit status (errors end the tool). */
int scan_run(struct scan_config *cfg);

#endif
