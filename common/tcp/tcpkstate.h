/*
 * tcpkstate.h: Linux's TCP state numbers (include/net/tcp_states.h, the
 * idiag_state of a sock_diag dump, /proc/net/tcp's st column) to and from
 * enum nw_tcps, in one place: the kernel's numbering differs from ours.
 */
#ifndef NW_TCPKSTATE_H
#define NW_TCPKSTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "tcp/tcpstate.h"

/* Linux's TCP_* states (TCP_ESTABLISHED 1 ... TCP_NEW_SYN_RECV 12). */
#define NW_KSTATE_MAX 12

/* The RFC state of a kernel state; NW_TCPS_UNKNOWN for a number it does not have.
 * TCP_NEW_SYN_RECV (a request socket) is SYN_RECEIVED, TCP_CLOSE is CLOSED. */
enum nw_tcps nw_tcps_from_kernel(uint8_t kstate);
/* The kernel's bitmask (bit kstate, as idiag_states) of the kernel states of s:
 * SYN_RECEIVED is both TCP_SYN_RECV and TCP_NEW_SYN_RECV. */
uint32_t nw_tcps_kernel_mask(enum nw_tcps s);
/* "ESTABLISHED", "SYN-SENT", ... with '-' or '_', in any case, and ss's "syn-recv"
 * and "close"; 0 and *out, or -1 for a name that is no state. */
int nw_tcps_parse(const char *name, enum nw_tcps *out);

#endif
