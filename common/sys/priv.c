#include "config.h"

/*
 * priv.c: give up privileges once raw sockets and capture handles are open.
 *
 * As root: the target user is $NW_USER (else "nobody"); when a set-user-ID
 * root binary is run by an ordinary user, the target is that user and
 * $NW_USER is ignored (the environment belongs to the caller).  The order:
 * empty the capability bounding set while CAP_SETPCAP is still held (Linux),
 * setgroups, setresgid, setresuid, each checked; verify that neither root
 * nor group 0 can be regained; then clear whatever capabilities are left
 * (nw_caps_clear, the backend).  As anyone else: only nw_caps_clear, which
 * drops the capabilities a file-capability binary starts with; raw sockets
 * already open keep working.
 */

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#include "sys/priv.h"

#define NW_PRIV_DEFAULT_USER "nobody"

static int priv_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int priv_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (err && errlen) {
		n = snprintf(err, errlen, "cannot drop privileges: ");
		if (n < 0 || (size_t)n >= errlen)
			return -1;
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/*
 * Linux: empty the capability bounding set.  Only possible while
 * CAP_SETPCAP is effective, i.e. before setresuid() takes it away; without
 * it (EPERM) the set is left as it is, which is all a non-root caller can do.
 */
static int drop_bounding_set(char *err, size_t errlen)
{
#if defined(PR_CAPBSET_READ) && defined(PR_CAPBSET_DROP)
	for (unsigned long cap = 0; cap < 256; cap++) {
		int r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (r < 0)
			break; /* EINVAL: past the last capability the kernel knows */
		if (r == 0)
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
			if (errno == EPERM)
				return 0;
			return priv_fail(err, errlen, "PR_CAPBSET_DROP(%lu): %s", cap,
					 strerror(errno));
		}
	}
#else
	(void)err;
	(void)errlen;
#endif
	return 0;
}

static int set_gid(gid_t gid, char *err, size_t errlen)
{
	unsigned long g = (unsigned long)gid;

	if (setgroups(1, &gid) != 0)
		return priv_fail(err, errlen, "setgroups(%lu): %s", g, strerror(errno));
#ifdef HAVE_SETRESGID
	if (setresgid(gid, gid, gid) != 0)
		return priv_fail(err, errlen, "setresgid(%lu): %s", g, strerror(errno));
#else
	if (setregid(gid, gid) != 0)
		return priv_fail(err, errlen, "setregid(%lu): %s", g, strerror(errno));
	/* For a privileged caller setgid() also sets the saved group ID. */
	if (setgid(gid) != 0)
		return priv_fail(err, errlen, "setgid(%lu): %s", g, strerror(errno));
#endif
	return 0;
}

static int set_uid(uid_t uid, char *err, size_t errlen)
{
	unsigned long u = (unsigned long)uid;

#ifdef HAVE_SETRESUID
	if (setresuid(uid, uid, uid) != 0)
		return priv_fail(err, errlen, "setresuid(%lu): %s", u, strerror(errno));
#else
	if (setreuid(uid, uid) != 0)
		return priv_fail(err, errlen, "setreuid(%lu): %s", u, strerror(errno));
	if (setuid(uid) != 0 && errno != EPERM)
		return priv_fail(err, errlen, "setuid(%lu): %s", u, strerror(errno));
#endif
	return 0;
}

static int verify_dropped(uid_t uid, gid_t gid, char *err, size_t errlen)
{
	if (getuid() != uid || geteuid() != uid)
		return priv_fail(err, errlen, "user ID is %lu/%lu, want %lu",
				 (unsigned long)getuid(), (unsigned long)geteuid(),
				 (unsigned long)uid);
	if (getgid() != gid || getegid() != gid)
		return priv_fail(err, errlen, "group ID is %lu/%lu, want %lu",
				 (unsigned long)getgid(), (unsigned long)getegid(),
				 (unsigned long)gid);
#ifdef HAVE_SETRESUID
	{
		uid_t r, e, s;
		if (getresuid(&r, &e, &s) != 0 || s != uid)
			return priv_fail(err, errlen, "saved user ID is not %lu",
					 (unsigned long)uid);
	}
#endif
#ifdef HAVE_SETRESGID
	{
		gid_t r, e, s;
		if (getresgid(&r, &e, &s) != 0 || s != gid)
			return priv_fail(err, errlen, "saved group ID is not %lu",
					 (unsigned long)gid);
	}
#endif
	if (uid != 0 && (setuid(0) != -1 || seteuid(0) != -1))
		return priv_fail(err, errlen, "root can be regained after setuid(%lu)",
				 (unsigned long)uid);
	if (gid != 0 && (setgid(0) != -1 || setegid(0) != -1))
		return priv_fail(err, errlen, "group 0 can be regained after setgid(%lu)",
				 (unsigned long)gid);
	return 0;
}

int nw_priv_drop(char *err, size_t errlen)
{
	uid_t uid;
	gid_t gid;

	if (err && errlen)
		err[0] = '\0';

	if (geteuid() != 0)
		return nw_caps_clear(err, errlen);

	if (getuid() != 0) {
		/* Set-user-ID root run by someone else: back to that user. */
		uid = getuid();
		gid = getgid();
	} else {
		const char *name = getenv("NW_USER");
		struct passwd *pw;

		if (!name || !*name)
			name = NW_PRIV_DEFAULT_USER;
		errno = 0;
		pw = getpwnam(name);
		if (!pw) {
			if (errno != 0 && errno != ENOENT && errno != ESRCH && errno != EBADF &&
			    errno != EPERM)
				return priv_fail(err, errlen, "user '%.64s': %s", name,
						 strerror(errno));
			return priv_fail(err, errlen, "no such user '%.64s' (set NW_USER)", name);
		}
		if (pw->pw_uid == 0)
			return priv_fail(err, errlen, "user '%.64s' has user ID 0", name);
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}

	if (drop_bounding_set(err, errlen) != 0)
		return -1;
	if (set_gid(gid, err, errlen) != 0)
		return -1;
	if (set_uid(uid, err, errlen) != 0)
		return -1;
	if (verify_dropped(uid, gid, err, errlen) != 0)
		return -1;
	/* setresuid() from root has emptied the permitted and effective sets
	 * (no keepcaps); this clears the rest (ambient) and makes sure. */
	return nw_caps_clear(err, errlen);
}
