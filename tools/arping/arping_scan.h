/*
 * arping_scan.h: --scan CIDR (arping_scan.c), which arping_run() calls.
 */
#ifndef NW_ARPING_SCAN_H
#define NW_ARPING_SCAN_H

#include "arping_session.h"

/* Prepare (the address range) before report_start, then sweep. */
void arping_scan_prepare(struct arping_session *s);
int arping_scan(struct arping_session *s);

#endif
