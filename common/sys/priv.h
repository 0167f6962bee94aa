/*
 * priv.h: give up privileges once raw sockets and capture handles are open
 * and before any packet is read.
 *
 * As root: setgroups(0), setresgid and setresuid to the unprivileged user
 * ($NW_USER, else "nobody"), each checked, and then verified that root
 * cannot be regained.  As a non-root user holding file capabilities
 * (cap_net_raw,cap_net_admin): clear every capability (Linux backend).
 */
#ifndef NW_PRIV_H
#define NW_PRIV_H

#include <stddef.h>

/* 0 on success, -1 with a one-line reason in err. */
int nw_priv_drop(char *err, size_t errlen);

/* Backend (priv_linux.c / priv_none.c): clear all capabilities of this process. */
int nw_caps_clear(char *err, size_t errlen);

#endif
