/* trace_sock_none.c: no socket mode off Linux (no ping sockets, no error queue); see trace_sock.h.
 */
#include "config.h"

#include <errno.h>

#include "base/errbuf.h"
#include "sys/trace_sock.h"

int nw_trace_sock_open(struct nw_trace_config *tc, char *err, size_t errlen)
{
	(void)tc;
	errno = ENOSYS;
	return nw_err_set(err, errlen, "socket mode needs Linux (IP_RECVERR, ping sockets)");
}

int nw_trace_sock_send(int fd, const struct nw_trace_packet *p)
{
	(void)fd;
	(void)p;
	errno = ENOSYS;
	return -1;
}

int nw_trace_sock_recv(int fd, const struct nw_trace_config *tc, struct nw_trace_answer *a,
		       uint8_t *buf, size_t buflen, int64_t *at_ns, char *err, size_t errlen)
{
	(void)fd;
	(void)tc;
	(void)a;
	(void)buf;
	(void)buflen;
	(void)at_ns;
	return nw_err_set(err, errlen, "socket mode needs Linux");
}
