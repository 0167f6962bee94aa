/*
 * tcppath.h: the shortest way between two TCP states in RFC 9293's
 * diagram (3.3.2, figure 5) as Linux walks it, for a watcher that sees
 * a socket only now and then (polls) and must say which states it missed.
 * Every state may go straight to CLOSED (a reset, an abort) but CLOSE_WAIT:
 * for a poller that saw it gone, LAST_ACK (its close()) is the better guess.
 */
#ifndef NW_TCPPATH_H
#define NW_TCPPATH_H

#include <stdbool.h>
#include <stddef.h>

#include "tcp/tcpstate.h"

#define NW_TCPS_PATH_MAX 8

/*
 * The states strictly between from and to on a shortest path into *via (at
 * most max of them); returns how many (0: one step).  passive: a socket a
 * listener made (it starts in SYN_RECEIVED, never SYN_SENT); otherwise an
 * active open (CLOSED -> SYN_SENT).  -1 when to cannot follow from (and
 * from == to, or a state outside the diagram).
 */
int nw_tcps_path(enum nw_tcps from, enum nw_tcps to, bool passive, enum nw_tcps *via, size_t max);

#endif
