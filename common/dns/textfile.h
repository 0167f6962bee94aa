/*
 * textfile.h: the small text files DNS settings come in (resolv.conf(5),
 * root hints): read whole into memory, with a bound, then cut into lines
 * through base/buf.h, so their parsers run on bytes in memory (and under
 * a fuzzer) as they run on a file.
 */
#ifndef NW_TEXTFILE_H
#define NW_TEXTFILE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* The largest settings file read (a resolv.conf or named.root is a few KiB). */
#define NW_TEXTFILE_MAX (1024 * 1024)

/*
 * Read path whole, at most max octets: 0 with *data (malloc'd, for the
 * caller to free) and *len, or -1 with errno set (EFBIG when the file is
 * larger than max).
 */
int nw_textfile_read(const char *path, size_t max, uint8_t **data, size_t *len);

/*
 * The next line of b, without its '\n' (nor a '\r' before it), as a C
 * string in line (cap octets).  1: a line; 0: b is at its end; -1: the
 * line is longer than cap - 1 octets or holds a NUL octet (*why says
 * which); the cursor is past that line either way, so reading can go on.
 */
int nw_text_line(struct nw_buf *b, char *line, size_t cap, const char **why);

#endif
