/*
 * service.h: the port of a service name ("http" -> 80, "https" -> 443)
 * from the services database (/etc/services), as getaddrinfo reads it.
 * Call it while parsing options, before a sandbox hides the file.
 */
#ifndef NW_SERVICE_H
#define NW_SERVICE_H

#include <stddef.h>
#include <stdint.h>

/* Does s[0..len) look like a service name (it starts with a letter)? */
int nw_service_like(const char *s, size_t len);
/* The port of the service s[0..len) (TCP's, else any protocol's): 0, or -1 with *why. */
int nw_service_port(const char *s, size_t len, uint16_t *port, const char **why);

#endif
