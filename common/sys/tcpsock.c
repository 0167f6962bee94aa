/* tcpsock.c: non-blocking TCP sockets; see tcpsock.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sys/tcpsock.h"

int nw_tcp_socket_nonblock(int family)
{
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
	return socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#else
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd >= 0 && (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0 ||
			fcntl(fd, F_SETFD, FD_CLOEXEC) != 0)) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
#endif
}
