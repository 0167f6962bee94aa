/* tcpkstate.c: Linux's TCP state numbers (include/net/tcp_states.h) and RFC 9293's states. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "tcp/tcpkstate.h"

/* clang-format off */
static const enum nw_tcps from_kernel[NW_KSTATE_MAX + 1] = {
	[0] = NW_TCPS_UNKNOWN,
	[1] = NW_TCPS_ESTABLISHED,
	[2] = NW_TCPS_SYN_SENT,
	[3] = NW_TCPS_SYN_RECEIVED,
	[4] = NW_TCPS_FIN_WAIT_1,
	[5] = NW_TCPS_FIN_WAIT_2,
	[6] = NW_TCPS_TIME_WAIT,
	[7] = NW_TCPS_CLOSED,
	[8] = NW_TCPS_CLOSE_WAIT,
	[9] = NW_TCPS_LAST_ACK,
	[10] = NW_TCPS_LISTEN,
	[11] = NW_TCPS_CLOSING,
	[12] = NW_TCPS_SYN_RECEIVED, /* TCP_NEW_SYN_RECV: a request socket */
};
/* clang-format on */

enum nw_tcps nw_tcps_from_kernel(uint8_t kstate)
{
	return kstate <= NW_KSTATE_MAX ? from_kernel[kstate] : NW_TCPS_UNKNOWN;
}

uint32_t nw_tcps_kernel_mask(enum nw_tcps s)
{
	uint32_t m = 0;

	for (unsigned k = 1; k <= NW_KSTATE_MAX; k++)
		if (from_kernel[k] == s)
			m |= UINT32_C(1) << k;
	return m;
}

/* a and b equal ignoring case, with '-' and '_' the same. */
static bool same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '-' ? '_' : (char)toupper((unsigned char)*a);
		char y = *b == '-' ? '_' : (char)toupper((unsigned char)*b);
		if (x != y)
			return false;
	}
	return *a == *b;
}

/* ss's names where they differ from RFC 9293's. */
static const struct {
	const char *name;
	enum nw_tcps state;
} aliases[] = {
    {"SYN_RECV", NW_TCPS_SYN_RECEIVED},
    {"CLOSE", NW_TCPS_CLOSED},
};

int nw_tcps_parse(const char *name, enum nw_tcps *out)
{
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		if (same_name(name, aliases[i].name)) {
			*out = aliases[i].state;
			return 0;
		}
	}
	for (int s = NW_TCPS_CLOSED; s < NW_TCPS_UNKNOWN; s++) {
		if (same_name(name, nw_tcps_name((enum nw_tcps)s))) {
			*out = (enum nw_tcps)s;
			return 0;
		}
	}
	return -1;
}
