/*
 * priv.h: privileges, from the first line of main() to the tool's loop.
 *
 * Every tool goes through the same steps, in this order:
 *
 *   nw_priv_limit(caps)      first line of main(): keep only the capabilities
 *                            the tool may need (NW_PRIV_*), none effective;
 *                            as root, become $NW_USER (default "nobody")
 *                            keeping them, so that options, names, routes
 *                            and interfaces are handled unprivileged.
 *                            caps 0: drop everything at once.
 *   nw_priv_raise()          only around the calls that need a capability
 *   nw_priv_lower()          (the openers in capture.c and craft.c do it
 *                            around pcap_activate and libnet_init).
 *   nw_priv_drop_all(prof)   handles open: no capability left in any set,
 *                            no way back, then (Linux, libseccomp) a
 *                            seccomp filter that allows only what the
 *                            loop of profile prof does.  Before any packet,
 *                            DNS answer or file is parsed.
 *
 * Linux keeps capabilities across the change of user (PR_SET_KEEPCAPS) and
 * works the same when a non-root user runs a binary with file capabilities
 * (setcap cap_net_raw+ep).  macOS and the BSDs have no capability sets: a
 * tool that needs privileges stays root until nw_priv_drop_all (open first,
 * then drop, as OpenBSD's tools do); one that needs none (caps 0) drops
 * root at the first line too.
 *
 * Each function returns 0, or -1 with a one-line reason in err.
 */
#ifndef NW_PRIV_H
#define NW_PRIV_H

#include <stdbool.h>
#include <stddef.h>

/* Capabilities a tool may keep until its handles are open. */
enum {
	NW_PRIV_NONE = 0,
	NW_PRIV_NET_RAW = 1 << 0,   /* packet and raw sockets: capture, injection */
	NW_PRIV_NET_ADMIN = 1 << 1, /* interface settings (promiscuous mode, ...) */
	/* Other users' /proc/PID/fd (socket owners, as ss -p): CAP_SYS_PTRACE to read the
	 * links, CAP_DAC_READ_SEARCH to list the directory. */
	NW_PRIV_PROC_FDS = 1 << 2,
	NW_PRIV_SYS_ADMIN = 1 << 3, /* setns() into another network namespace */
};

/* What a tool's loop may still do once everything is dropped (the filter). */
enum nw_priv_profile {
	NW_PRIV_NO_FILTER, /* no seccomp filter */
	NW_PRIV_PACKETS,   /* read open handles, send frames, write, print */
	NW_PRIV_STREAM,	   /* the same, plus connect/send/recv on a socket already open */
	NW_PRIV_DNS,	   /* the same, plus new UDP and TCP sockets to name servers */
};

int nw_priv_limit(unsigned caps, char *err, size_t errlen);
int nw_priv_raise(char *err, size_t errlen);
int nw_priv_lower(char *err, size_t errlen);
int nw_priv_drop_all(enum nw_priv_profile profile, char *err, size_t errlen);

/* ---- backends: capabilities (priv_linux.c, priv_none.c) ---------------- */

/* Whether this platform keeps capabilities across a change of user. */
bool nw_caps_supported(void);
/* Empty the bounding set where the process may (CAP_SETPCAP); else leave it. */
int nw_caps_bounding_clear(char *err, size_t errlen);
/* Keep the permitted set across setresuid() from root (PR_SET_KEEPCAPS). */
int nw_caps_keep_on_setuid(bool keep, char *err, size_t errlen);
/*
 * Permitted set: what it holds of caps (NW_PRIV_*); effective, inheritable
 * and ambient sets empty; PR_SET_NO_NEW_PRIVS; verified.  caps 0 clears all.
 */
int nw_caps_limit(unsigned caps, char *err, size_t errlen);
/* Effective set: the whole permitted set (raise) or nothing. */
int nw_caps_effective(bool raise, char *err, size_t errlen);

/* ---- backend: the seccomp filter (priv_seccomp.c) ----------------------- */

/* Whether nw_priv_filter installs anything (built with libseccomp, Linux). */
bool nw_priv_filter_available(void);
/* Install the filter of profile (nothing for NW_PRIV_NO_FILTER or without libseccomp). */
int nw_priv_filter(enum nw_priv_profile profile, char *err, size_t errlen);

#endif
