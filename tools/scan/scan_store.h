/* scan_store.h: the results nw-scan's text report prints at the end, by host and port. */
#ifndef NW_SCAN_STORE_H
#define NW_SCAN_STORE_H

#include "scan_out.h"

/* Keep silent (no-response) results too when the scan has at most this many probes. */
#define SCAN_STORE_ALL_MAX (4u << 20)

void scan_store_init(struct scan_store *s, uint64_t probes, bool open_only);
void scan_store_add(struct scan_store *s, const struct nw_scan_result *r);
/* Sort by address, then port. */
void scan_store_sort(struct scan_store *s);
void scan_store_free(struct scan_store *s);

#endif
