#include "config.h"

/*
 * priv_linux.c: clear every capability of this process (Linux backend of
 * priv.h), with the capget/capset system calls and prctl: no libcap.
 *
 * Order: the bounding set first (needs CAP_SETPCAP, so only where it is
 * still held; EPERM leaves it as it is), then the ambient set, then
 * capset() with empty effective, permitted and inheritable sets (always
 * allowed: it only lowers them), then PR_SET_NO_NEW_PRIVS so that no
 * execve() can bring capabilities back, and last a capget() to verify.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "sys/priv.h"

#ifndef CAP_SETPCAP
#define CAP_SETPCAP 8
#endif

/* _LINUX_CAPABILITY_VERSION_3 uses two data words (64 capabilities). */
#define NW_CAP_WORDS 2

static int caps_get(struct __user_cap_data_struct data[NW_CAP_WORDS])
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};

	memset(data, 0, sizeof(*data) * NW_CAP_WORDS);
	return (int)syscall(SYS_capget, &hdr, data);
}

static int caps_fail(char *err, size_t errlen, const char *what, int e)
{
	if (err && errlen)
		snprintf(err, errlen, "cannot clear capabilities: %s: %s", what, strerror(e));
	return -1;
}

static int bounding_clear(char *err, size_t errlen)
{
	struct __user_cap_data_struct data[NW_CAP_WORDS];

	/* Without an effective CAP_SETPCAP the bounding set cannot shrink. */
	if (caps_get(data) != 0)
		return caps_fail(err, errlen, "capget", errno);
	if (!(data[CAP_SETPCAP / 32].effective & (UINT32_C(1) << (CAP_SETPCAP % 32))))
		return 0;

	for (unsigned long cap = 0; cap < 256; cap++) {
		int r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (r < 0)
			break; /* EINVAL: beyond the kernel's last capability */
		if (r == 0)
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
			if (errno == EPERM)
				return 0;
			return caps_fail(err, errlen, "PR_CAPBSET_DROP", errno);
		}
	}
	return 0;
}

int nw_caps_clear(char *err, size_t errlen)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[NW_CAP_WORDS];

	if (bounding_clear(err, errlen) != 0)
		return -1;

#if defined(PR_CAP_AMBIENT) && defined(PR_CAP_AMBIENT_CLEAR_ALL)
	/* EINVAL: a kernel older than 4.3 has no ambient set. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
		return caps_fail(err, errlen, "PR_CAP_AMBIENT_CLEAR_ALL", errno);
#endif

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capset, &hdr, data) != 0)
		return caps_fail(err, errlen, "capset", errno);

#ifdef PR_SET_NO_NEW_PRIVS
	/* EINVAL: a kernel older than 3.5. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 && errno != EINVAL)
		return caps_fail(err, errlen, "PR_SET_NO_NEW_PRIVS", errno);
#endif

	if (caps_get(data) != 0)
		return caps_fail(err, errlen, "capget", errno);
	for (int i = 0; i < NW_CAP_WORDS; i++) {
		if (data[i].effective || data[i].permitted || data[i].inheritable) {
			if (err && errlen)
				snprintf(err, errlen,
					 "cannot clear capabilities: still held after capset");
			return -1;
		}
	}
	return 0;
}
