/*
 * handshake_out.c: what nw-handshake's printers share: the output's state
 * (the text of flags and endpoints is common/tcp/tcpfmt.c's).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/addr.h"
#include "handshake_out.h"

void hs_out_init(struct hs_out *o, const struct handshake_config *cfg, FILE *f)
{
	memset(o, 0, sizeof(*o));
	o->cfg = cfg;
	o->f = f;
	o->format = cfg->format;
	if (o->format == HS_AUTO)
		o->format = isatty(fileno(f)) ? HS_LADDER : HS_ONELINE;
	nw_json_init(&o->json, f);
}
