#include "config.h"

/*
 * priv_linux.c: the capability backend of priv.h on Linux, with the
 * capget/capset system calls and prctl: no libcap.
 *
 * nw_caps_limit: the ambient set emptied, then capset() with the permitted
 * set trimmed to the capabilities asked for and the effective and
 * inheritable sets empty (always allowed: it only lowers them), then
 * PR_SET_NO_NEW_PRIVS so that no execve() can bring capabilities back, and
 * last a capget() to verify.  nw_caps_effective raises the permitted set
 * into the effective set, or lowers it, around the calls that need it.
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

static int caps_set(struct __user_cap_data_struct data[NW_CAP_WORDS])
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};

	return (int)syscall(SYS_capset, &hdr, data);
}

static int caps_fail(char *err, size_t errlen, const char *what, int e)
{
	if (err && errlen)
		snprintf(err, errlen, "cannot set capabilities: %s: %s", what, strerror(e));
	return -1;
}

static bool has_cap(const struct __user_cap_data_struct data[NW_CAP_WORDS], unsigned cap)
{
	return data[cap / 32].effective & (UINT32_C(1) << (cap % 32));
}

/* NW_PRIV_* as the kernel's capability mask. */
static uint64_t kernel_mask(unsigned caps)
{
	uint64_t m = 0;

	if (caps & NW_PRIV_NET_RAW)
		m |= UINT64_C(1) << CAP_NET_RAW;
	if (caps & NW_PRIV_NET_ADMIN)
		m |= UINT64_C(1) << CAP_NET_ADMIN;
	if (caps & NW_PRIV_PROC_FDS)
		m |= UINT64_C(1) << CAP_SYS_PTRACE | UINT64_C(1) << CAP_DAC_READ_SEARCH;
	if (caps & NW_PRIV_SYS_ADMIN)
		m |= UINT64_C(1) << CAP_SYS_ADMIN;
	return m;
}

bool nw_caps_supported(void)
{
	return true;
}

int nw_caps_bounding_clear(char *err, size_t errlen)
{
	struct __user_cap_data_struct data[NW_CAP_WORDS];

	/* Without an effective CAP_SETPCAP the bounding set cannot shrink. */
	if (caps_get(data) != 0)
		return caps_fail(err, errlen, "capget", errno);
	if (!has_cap(data, CAP_SETPCAP))
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

int nw_caps_keep_on_setuid(bool keep, char *err, size_t errlen)
{
	if (prctl(PR_SET_KEEPCAPS, keep ? 1 : 0, 0, 0, 0) != 0)
		return caps_fail(err, errlen, "PR_SET_KEEPCAPS", errno);
	return 0;
}

int nw_caps_limit(unsigned caps, char *err, size_t errlen)
{
	struct __user_cap_data_struct data[NW_CAP_WORDS];
	uint64_t keep = kernel_mask(caps);

#if defined(PR_CAP_AMBIENT) && defined(PR_CAP_AMBIENT_CLEAR_ALL)
	/* EINVAL: a kernel older than 4.3 has no ambient set. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
		return caps_fail(err, errlen, "PR_CAP_AMBIENT_CLEAR_ALL", errno);
#endif

	if (caps_get(data) != 0)
		return caps_fail(err, errlen, "capget", errno);
	for (int i = 0; i < NW_CAP_WORDS; i++) {
		data[i].permitted &= (uint32_t)(keep >> (32 * i));
		data[i].effective = data[i].inheritable = 0;
	}
	if (caps_set(data) != 0)
		return caps_fail(err, errlen, "capset", errno);

#ifdef PR_SET_NO_NEW_PRIVS
	/* EINVAL: a kernel older than 3.5. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 && errno != EINVAL)
		return caps_fail(err, errlen, "PR_SET_NO_NEW_PRIVS", errno);
#endif

	if (caps_get(data) != 0)
		return caps_fail(err, errlen, "capget", errno);
	for (int i = 0; i < NW_CAP_WORDS; i++) {
		if (data[i].effective || data[i].inheritable ||
		    (data[i].permitted & ~(uint32_t)(keep >> (32 * i)))) {
			if (err && errlen)
				snprintf(
				    err, errlen,
				    "cannot set capabilities: more held than asked after capset");
			return -1;
		}
	}
	return 0;
}

int nw_caps_effective(bool raise, char *err, size_t errlen)
{
	struct __user_cap_data_struct data[NW_CAP_WORDS];

	if (caps_get(data) != 0)
		return caps_fail(err, errlen, "capget", errno);
	for (int i = 0; i < NW_CAP_WORDS; i++)
		data[i].effective = raise ? data[i].permitted : 0;
	if (caps_set(data) != 0)
		return caps_fail(err, errlen, raise ? "capset (raise)" : "capset (lower)", errno);
	return 0;
}
