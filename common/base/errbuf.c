/* errbuf.c: one-line error messages in a caller's buffer. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/errbuf.h"

int nw_err_set(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!err || errlen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	for (n = 0; err[n]; n++)
		if (err[n] == '\n' || err[n] == '\r')
			err[n] = ' ';
	while (n > 0 && err[n - 1] == ' ')
		err[--n] = '\0';
	return -1;
}

void nw_err_clear(char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
}

void nw_err_quote(char *buf, size_t size, const char *s, size_t len, size_t max)
{
	size_t n = 0;

	if (size == 0)
		return;
	for (size_t i = 0; i < len && n + 4 < size; i++) {
		if (n >= max) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		unsigned char c = (unsigned char)s[i];
		buf[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	buf[n] = '\0';
}
