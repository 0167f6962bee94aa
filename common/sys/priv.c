#include "config.h"

/*
 * priv.c: the privilege steps of priv.h, the part common to every platform
 * (the change of user); capabilities are the backend's (priv_linux.c,
 * priv_none.c), the seccomp filter priv_seccomp.c's.
 *
 * As root the target user is $NW_USER (else "nobody"); when a set-user-ID
 * root binary is run by an ordinary user, the target is that user and
 * $NW_USER is ignored (the environment belongs to the caller).  The change:
 * empty the capability bounding set while CAP_SETPCAP is still held
 * (Linux), setgroups, setresgid, setresuid, each checked, then verify that
 * neither root nor group 0 can be regained.  nw_priv_limit does it with the
 * permitted capabilities kept (PR_SET_KEEPCAPS) and trimmed to the ones
 * asked for; nw_priv_drop_all, or nw_priv_limit with none, without.
 */

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "sys/priv.h"

#define NW_PRIV_DEFAULT_USER "nobody"

static struct {
	bool limited; /* nw_priv_limit has run: raise and lower act */
	bool dropped; /* nothing is left to give up */
} state;

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

/* The user a root process becomes. */
static int target_user(uid_t *uid, gid_t *gid, char *err, size_t errlen)
{
	const char *name = getenv("NW_USER");
	struct passwd *pw;

	if (getuid() != 0) {
		/* Set-user-ID root run by someone else: back to that user. */
		*uid = getuid();
		*gid = getgid();
		return 0;
	}
	if (!name || !*name)
		name = NW_PRIV_DEFAULT_USER;
	errno = 0;
	pw = getpwnam(name);
	if (!pw) {
		if (errno != 0 && errno != ENOENT && errno != ESRCH && errno != EBADF &&
		    errno != EPERM)
			return priv_fail(err, errlen, "user '%.64s': %s", name, strerror(errno));
		return priv_fail(err, errlen, "no such user '%.64s' (set NW_USER)", name);
	}
	if (pw->pw_uid == 0)
		return priv_fail(err, errlen, "user '%.64s' has user ID 0", name);
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
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

/*
 * Root to the target user, keeping of the permitted capabilities only the
 * ones in keep (NW_PRIV_*): they survive setresuid() through
 * PR_SET_KEEPCAPS (the effective set never does) and are trimmed before
 * the check that root cannot be regained.
 */
static int leave_root(unsigned keep, char *err, size_t errlen)
{
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;

	if (target_user(&uid, &gid, err, errlen) != 0)
		return -1;
	if (nw_caps_bounding_clear(err, errlen) != 0)
		return -1;
	if (keep && nw_caps_keep_on_setuid(true, err, errlen) != 0)
		return -1;
	if (set_gid(gid, err, errlen) != 0 || set_uid(uid, err, errlen) != 0)
		return -1;
	if (keep && nw_caps_keep_on_setuid(false, err, errlen) != 0)
		return -1;
	if (nw_caps_limit(keep, err, errlen) != 0)
		return -1;
	return verify_dropped(uid, gid, err, errlen);
}

/* Capabilities trimmed to caps; as root, to the target user first. */
static int limit_to(unsigned caps, char *err, size_t errlen)
{
	if (geteuid() == 0)
		return leave_root(caps, err, errlen);
	/* A non-root user: clears what a file-capability binary got beyond caps. */
	return nw_caps_limit(caps, err, errlen);
}

static void clear_err(char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
}

int nw_priv_limit(unsigned caps, char *err, size_t errlen)
{
	clear_err(err, errlen);
	if (state.dropped)
		return 0;
	if (caps != NW_PRIV_NONE && !nw_caps_supported())
		return 0; /* no capability sets: root stays root until the handles are open */
	if (limit_to(caps, err, errlen) != 0)
		return -1;
	state.limited = true;
	state.dropped = caps == NW_PRIV_NONE;
	return 0;
}

int nw_priv_raise(char *err, size_t errlen)
{
	clear_err(err, errlen);
	if (!state.limited || state.dropped)
		return 0;
	return nw_caps_effective(true, err, errlen);
}

int nw_priv_lower(char *err, size_t errlen)
{
	clear_err(err, errlen);
	if (!state.limited || state.dropped)
		return 0;
	return nw_caps_effective(false, err, errlen);
}

int nw_priv_drop_all(enum nw_priv_profile profile, char *err, size_t errlen)
{
	clear_err(err, errlen);
	if (!state.dropped && limit_to(NW_PRIV_NONE, err, errlen) != 0)
		return -1;
	state.dropped = true;
	/* The time zone now: localtime() would read /etc/localtime under the filter. */
	tzset();
	return nw_priv_filter(profile, err, errlen);
}
