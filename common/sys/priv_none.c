#include "config.h"

/*
 * priv_none.c: the capability backend of priv.h for macOS and the BSDs,
 * which have no per-process capability sets: raw sockets need root there,
 * so a tool opens its handles as root and then leaves root (priv.c), as
 * OpenBSD's tools do.  Nothing here has anything to keep, raise or clear.
 */

#include "sys/priv.h"

bool nw_caps_supported(void)
{
	return false;
}

int nw_caps_bounding_clear(char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	return 0;
}

int nw_caps_keep_on_setuid(bool keep, char *err, size_t errlen)
{
	(void)keep;
	(void)err;
	(void)errlen;
	return 0;
}

int nw_caps_limit(unsigned caps, char *err, size_t errlen)
{
	(void)caps;
	(void)err;
	(void)errlen;
	return 0;
}

int nw_caps_effective(bool raise, char *err, size_t errlen)
{
	(void)raise;
	(void)err;
	(void)errlen;
	return 0;
}
