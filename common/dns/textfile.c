/*
 * textfile.c: settings files read whole and cut into lines (textfile.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/textfile.h"

/* Read f to its end into a buffer that grows to at most max octets. */
static int read_all(FILE *f, size_t max, uint8_t **data, size_t *len)
{
	uint8_t *p = NULL;
	size_t n = 0, cap = 0;

	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			uint8_t *np = cap > max ? NULL : realloc(p, ncap);
			if (!np) {
				free(p);
				errno = cap > max ? EFBIG : ENOMEM;
				return -1;
			}
			p = np;
			cap = ncap;
		}
		size_t got = fread(p + n, 1, cap - n, f);
		n += got;
		if (n > max) {
			free(p);
			errno = EFBIG;
			return -1;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(p);
		errno = EIO;
		return -1;
	}
	*data = p;
	*len = n;
	return 0;
}

int nw_textfile_read(const char *path, size_t max, uint8_t **data, size_t *len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int rc = read_all(f, max, data, len);
	int saved = errno;
	fclose(f);
	errno = saved;
	return rc;
}

int nw_text_line(struct nw_buf *b, char *line, size_t cap, const char **why)
{
	const uint8_t *start = nw_buf_cur(b), *nl;
	size_t left = nw_buf_left(b), n;

	if (left == 0)
		return 0;
	nl = memchr(start, '\n', left);
	n = nl ? (size_t)(nl - start) : left;
	nw_buf_skip(b, nl ? n + 1 : n);
	if (n > 0 && start[n - 1] == '\r')
		n--;
	if (n >= cap) {
		*why = "line too long";
		return -1;
	}
	if (memchr(start, '\0', n)) {
		*why = "NUL octet in a line";
		return -1;
	}
	memcpy(line, start, n);
	line[n] = '\0';
	return 1;
}
