/* watch_sock.c: the names nw-watch prints for a socket's state, timer and missing owner. */
#include "config.h"

#include "watch_sock.h"

#define KSTATE_TIME_WAIT    6
#define KSTATE_NEW_SYN_RECV 12

const char *watch_state_label(enum nw_tcps state, bool udp)
{
	return udp && state == NW_TCPS_CLOSED ? "UNCONN" : nw_tcps_name(state);
}

const char *watch_sock_state_name(const struct watch_sock *s)
{
	return watch_state_label(s->state, s->udp);
}

const char *watch_sock_timer_name(const struct watch_sock *s)
{
	switch (s->d.timer) {
	case NW_SOCKDIAG_TIMER_RETRANS:
		return "retrans";
	case NW_SOCKDIAG_TIMER_KEEPALIVE:
		return "keepalive";
	case NW_SOCKDIAG_TIMER_TIMEWAIT:
		return "timewait";
	case NW_SOCKDIAG_TIMER_PROBE:
		return "probe";
	default:
		return NULL;
	}
}

const char *watch_sock_no_owner(const struct watch_sock *s)
{
	if (s->d.inode != 0)
		return NULL;
	if (s->d.kstate == KSTATE_TIME_WAIT)
		return "time-wait";
	if (s->d.kstate == KSTATE_NEW_SYN_RECV)
		return "request";
	return "orphan"; /* closed by its process, the kernel still finishing it (FIN_WAIT_2...) */
}
