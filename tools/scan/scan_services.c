/* scan_services.c: the TCP service names, read once into a table by port. */
#include "config.h"

#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "scan_services.h"

static char *names[65536];

void scan_services_load(void)
{
	struct servent *se;

	setservent(0);
	while ((se = getservent()) != NULL) {
		uint16_t port = ntohs((uint16_t)se->s_port);

		if (strcmp(se->s_proto, "tcp") == 0 && !names[port])
			names[port] = strdup(se->s_name);
	}
	endservent();
}

const char *scan_service_name(uint16_t port)
{
	return names[port] ? names[port] : "unknown";
}
