/* service.c: service names to ports through getservbyname() (/etc/services). */
#include "config.h"

#include <ctype.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>

#include "base/service.h"

int nw_service_like(const char *s, size_t len)
{
	return len > 0 && isalpha((unsigned char)s[0]);
}

int nw_service_port(const char *s, size_t len, uint16_t *port, const char **why)
{
	char name[64];
	if (!nw_service_like(s, len) || len >= sizeof(name)) {
		*why = "not a port number or a service name";
		return -1;
	}
	memcpy(name, s, len);
	name[len] = '\0';
	/* TCP's entry first: the tools that take ports mostly speak TCP. */
	const struct servent *se = getservbyname(name, "tcp");
	if (!se)
		se = getservbyname(name, NULL);
	endservent();
	if (!se || ntohs((uint16_t)se->s_port) == 0) {
		*why = "no such service in /etc/services";
		return -1;
	}
	*port = ntohs((uint16_t)se->s_port);
	return 0;
}
