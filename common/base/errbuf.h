/*
 * errbuf.h: the error buffer library functions fill instead of printing:
 * one line (a library's newlines become spaces), never past the buffer, and
 * a NULL or empty buffer ignored.
 */
#ifndef NW_ERRBUF_H
#define NW_ERRBUF_H

#include <stddef.h>

/* Fill err with one line; returns -1 so that "return nw_err_set(...)" reports a failure. */
int nw_err_set(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Empty err (at the start of a call that may fill it). */
void nw_err_clear(char *err, size_t errlen);
/*
 * The len bytes at s as an error quotes what the user typed: printable
 * ASCII, '?' for the rest, cut after max characters with "...".
 */
void nw_err_quote(char *buf, size_t size, const char *s, size_t len, size_t max);

#endif
