/* tcpfmt.c: TCP flags and endpoints as text; see tcpfmt.h. */
#include "config.h"

#include <stdio.h>
#include <sys/socket.h>

#include "tcp/tcpfmt.h"
#include "wire/pkt.h"

void nw_tcp_flags_letters(uint16_t flags, char *buf, size_t n)
{
	static const struct {
		uint16_t bit;
		char c;
	} t[] = {{NW_TCP_SYN, 'S'}, {NW_TCP_FIN, 'F'}, {NW_TCP_RST, 'R'},
		 {NW_TCP_PSH, 'P'}, {NW_TCP_ACK, 'A'}, {NW_TCP_URG, 'U'},
		 {NW_TCP_ECE, 'E'}, {NW_TCP_CWR, 'C'}, {NW_TCP_AE, 'N'}};
	size_t k = 0;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]) && k + 1 < n; i++)
		if (flags & t[i].bit)
			buf[k++] = t[i].c;
	buf[k] = '\0';
}

void nw_tcp_flags_words(uint16_t flags, char *buf, size_t n)
{
	static const struct {
		uint16_t bit;
		const char *w;
	} t[] = {{NW_TCP_SYN, "SYN"}, {NW_TCP_FIN, "FIN"}, {NW_TCP_RST, "RST"},
		 {NW_TCP_PSH, "PSH"}, {NW_TCP_ACK, "ACK"}, {NW_TCP_URG, "URG"},
		 {NW_TCP_ECE, "ECE"}, {NW_TCP_CWR, "CWR"}, {NW_TCP_AE, "AE"}};
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (!(flags & t[i].bit))
			continue;
		int w = snprintf(buf + k, n - k, "%s%s", k ? "," : "", t[i].w);
		if (w < 0 || (size_t)w >= n - k)
			break;
		k += (size_t)w;
	}
	if (!k)
		snprintf(buf, n, "none");
}

const char *nw_tcp_endpoint_str(const struct nw_tcp_endpoint *ep, char *buf, size_t n)
{
	char a[NW_ADDRSTRLEN];

	nw_addr_ntop(&ep->addr, a, sizeof(a));
	if (ep->addr.family == AF_INET6)
		snprintf(buf, n, "[%s]:%u", a, ep->port);
	else
		snprintf(buf, n, "%s:%u", a, ep->port);
	return buf;
}
