/*
 * arping_ndp.h: nw-arping's protocol half for IPv6 neighbor discovery (RFC 4861): solicitations and
 * advertisements (arping_ndp.c).
 */
#ifndef NW_ARPING_NDP_H
#define NW_ARPING_NDP_H

#include "arping_session.h"

extern const struct arping_proto arping_ndp;

#endif
