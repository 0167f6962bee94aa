/*
 * arping_arp.h: nw-arping's protocol half for ARP (RFC 826) requests, replies and announcements
 * (arping_arp.c).
 */
#ifndef NW_ARPING_ARP_H
#define NW_ARPING_ARP_H

#include "arping_session.h"

extern const struct arping_proto arping_arp;

#endif
