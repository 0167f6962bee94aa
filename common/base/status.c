/* status.c: the names of the parse outcomes. */
#include "config.h"

#include "base/status.h"

const char *nw_status_name(enum nw_status s)
{
	switch (s) {
	case NW_OK:
		return "ok";
	case NW_TRUNCATED:
		return "truncated";
	case NW_MALFORMED:
		return "malformed";
	case NW_UNSUPPORTED:
		return "unsupported";
	}
	return "unknown";
}
