/* scan_config.h: nw-scan's settings, as main() reads them from the command line. */
#ifndef NW_SCAN_CONFIG_H
#define NW_SCAN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "sys/scan_run.h"

/* Several -p, --exclude and targets: pointers into argv, at most argc of each. */
struct scan_list {
	const char **items;
	size_t n;
};

struct scan_config {
	struct nw_scan_run_config run; /* the model's settings (rate, retries, shard, seed...) */
	struct scan_list targets;      /* operands */
	struct scan_list ports;	       /* -p lists; none: the default ports */
	struct scan_list excludes;     /* --exclude lists (comma separated) */
	const char *input_file;	       /* -iL */
	const char *exclude_file;      /* --exclude-file */
	const char *resume_path;       /* --resume */
	const char *source;	       /* -S */
	int family;		       /* -4, -6: only that family's addresses of names */
	bool seed_given;
	bool open_only; /* --open */
	bool json;
	bool quiet;
};

#endif
