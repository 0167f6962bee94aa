/*
 * scan_resume.h: --resume FILE, the scan's position kept in a file.  The
 * file names the scan (a hash of its targets, ports, shard and method) and
 * holds its seed and position, written in fixed width: it is opened (and
 * created) before the privileges go, and rewritten in place after, when
 * the sandbox lets the open descriptor be written but no file be opened.
 */
#ifndef NW_SCAN_RESUME_H
#define NW_SCAN_RESUME_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/scan.h"

struct scan_resume {
	int fd; /* -1: no --resume */
	const char *path;
	uint64_t scan_id; /* the hash of what is scanned */
	bool found;	  /* the file held a position for this scan */
	uint64_t seed, position;
};

/*
 * Open (or create) path and read it: a position for this scan (c's
 * targets, ports, shard) goes into r->seed, r->position; a file of another
 * scan, or not a resume file, ends the tool (exit 2).
 */
void scan_resume_open(struct scan_resume *r, const char *path, const struct nw_scan_config *c);
/* Write seed and position (the file stays the same size).  0, or -1 (errno). */
int scan_resume_save(struct scan_resume *r, uint64_t seed, uint64_t position);
void scan_resume_close(struct scan_resume *r);

#endif
