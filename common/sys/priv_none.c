#include "config.h"

/*
 * priv_none.c: capabilities backend of priv.h for macOS and the BSDs,
 * which have no per-process capability sets: raw sockets need root there,
 * and dropping root (priv.c) is all there is to do.
 */

#include "sys/priv.h"

int nw_caps_clear(char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	return 0;
}
