/*
 * tcpfmt.h: TCP flags and endpoints as the tools print them: "SA" as
 * tcpdump's letters, "SYN,ACK" as words, "198.18.0.1:80" and
 * "[2001:db8::1]:80".  Shared by nw-handshake's printers and nw-scan
 * --explain.
 */
#ifndef NW_TCPFMT_H
#define NW_TCPFMT_H

#include <stddef.h>
#include <stdint.h>

#include "tcp/tcpconn.h"

void nw_tcp_flags_letters(uint16_t flags, char *buf, size_t n); /* "SA" */
void nw_tcp_flags_words(uint16_t flags, char *buf, size_t n);	/* "SYN,ACK"; "none" */
const char *nw_tcp_endpoint_str(const struct nw_tcp_endpoint *ep, char *buf, size_t n);

#endif
