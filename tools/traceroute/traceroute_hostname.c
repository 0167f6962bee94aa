/*
 * traceroute_hostname.c: a router's reverse name, from the child process
 * that looks names up while the probes go on (sys/names.h).
 */
#include "config.h"

#include "traceroute_hostname.h"

const char *traceroute_host_name(const struct traceroute_out *o, const struct nw_addr *a)
{
	const char *name = NULL;

	if (!o->names || !nw_names_get(o->names, a, &name))
		return NULL;
	return name;
}

bool traceroute_name_ready(const struct traceroute_out *o, const struct nw_addr *a)
{
	const char *name;

	return nw_names_get(o->names, a, &name) || !nw_names_ask(o->names, a);
}
