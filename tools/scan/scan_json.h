/* scan_json.h: nw-scan --json, JSON Lines: a start line, a line per port as it is decided, a
 * summary. */
#ifndef NW_SCAN_JSON_H
#define NW_SCAN_JSON_H

#include "scan_out.h"

void scan_json_start(const struct scan_out *o);
void scan_json_port(const struct scan_out *o, const struct nw_scan_result *r);
void scan_json_summary(const struct scan_out *o, const struct nw_scan_stats *st, int run_rc);

#endif
