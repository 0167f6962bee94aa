/* scan_services.h: TCP service names by port (/etc/services), read before the sandbox. */
#ifndef NW_SCAN_SERVICES_H
#define NW_SCAN_SERVICES_H

#include <stdint.h>

/*
 * Read the system's service names (getservent) for the TCP ports in use.
 * Done before the privileges go: later lookups would open files and
 * sockets (nscd), which the sandbox refuses.
 */
void scan_services_load(void);
/* The name of port's TCP service, or "unknown". */
const char *scan_service_name(uint16_t port);

#endif
