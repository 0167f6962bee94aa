/* scan_text.h: nw-scan's text: a header, nmap's port table per host at the end, a summary line. */
#ifndef NW_SCAN_TEXT_H
#define NW_SCAN_TEXT_H

#include "scan_out.h"

void scan_text_start(const struct scan_out *o, bool resumed);
/* The table of every host with an answer, from the kept results (sorted: scan_store_sort). */
void scan_text_report(struct scan_out *o);
void scan_text_summary(const struct scan_out *o, const struct nw_scan_stats *st, int run_rc);

#endif
