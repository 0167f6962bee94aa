/* test_tcppath.c: the states a poller infers between two it saw (tcp/tcppath.c). */
#include "config.h"

#include <stdio.h>

#include "tcp/tcppath.h"
#include "testlib.h"

/* The path from -> to as "A B" (the states between), or "-" when there is none. */
static const char *path(enum nw_tcps from, enum nw_tcps to, bool passive)
{
	static char buf[256];
	enum nw_tcps via[NW_TCPS_PATH_MAX];
	int n = nw_tcps_path(from, to, passive, via, NW_TCPS_PATH_MAX);
	size_t k = 0;

	if (n < 0)
		return "-";
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s", i ? " " : "",
				      nw_tcps_name(via[i]));
	return buf;
}

int main(void)
{
	CHECK_STR(path(NW_TCPS_SYN_SENT, NW_TCPS_ESTABLISHED, false), "");
	CHECK_STR(path(NW_TCPS_CLOSED, NW_TCPS_ESTABLISHED, false), "SYN_SENT");
	CHECK_STR(path(NW_TCPS_CLOSED, NW_TCPS_ESTABLISHED, true), "SYN_RECEIVED");
	CHECK_STR(path(NW_TCPS_ESTABLISHED, NW_TCPS_FIN_WAIT_2, false), "FIN_WAIT_1");
	CHECK_STR(path(NW_TCPS_ESTABLISHED, NW_TCPS_TIME_WAIT, false), "FIN_WAIT_1");
	CHECK_STR(path(NW_TCPS_CLOSED, NW_TCPS_TIME_WAIT, false),
		  "SYN_SENT ESTABLISHED FIN_WAIT_1");
	CHECK_STR(path(NW_TCPS_ESTABLISHED, NW_TCPS_LAST_ACK, true), "CLOSE_WAIT");
	CHECK_STR(path(NW_TCPS_CLOSE_WAIT, NW_TCPS_CLOSED, true), "LAST_ACK"); /* its close() */
	CHECK_STR(path(NW_TCPS_ESTABLISHED, NW_TCPS_CLOSED, true), "");	       /* a reset */
	CHECK_STR(path(NW_TCPS_TIME_WAIT, NW_TCPS_CLOSED, false), "");
	CHECK_STR(path(NW_TCPS_TIME_WAIT, NW_TCPS_ESTABLISHED, false), "CLOSED SYN_SENT");
	CHECK_STR(path(NW_TCPS_LISTEN, NW_TCPS_LISTEN, false), "-");
	CHECK_STR(path(NW_TCPS_CLOSED, NW_TCPS_UNKNOWN, false), "-");
	CHECK_STR(path(NW_TCPS_LISTEN, NW_TCPS_ESTABLISHED, false), "CLOSED SYN_SENT");
	return nw_test_result("test_tcppath");
}
