/* tcpsock.h: a TCP socket for a connect() waited for in the loop: non-blocking, close-on-exec. */
#ifndef NW_SYS_TCPSOCK_H
#define NW_SYS_TCPSOCK_H

/* The descriptor, or -1 with errno (the flags set in socket() itself where the system can). */
int nw_tcp_socket_nonblock(int family);

#endif
