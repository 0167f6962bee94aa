/* watch_netns.h: nw-watch --netns: into a named network namespace (ip netns's /run/netns/NAME). */
#ifndef NW_WATCH_NETNS_H
#define NW_WATCH_NETNS_H

#include <stddef.h>

/* Join /run/netns/NAME's network namespace, CAP_SYS_ADMIN raised around setns().
 * 0 or -1 + err. */
int watch_enter_netns(const char *name, char *err, size_t errlen);

#endif
