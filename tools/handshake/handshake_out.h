/*
 * handshake_out.h: what nw-handshake's printers (handshake_text.c,
 * handshake_json.c) share: the traced packet, the output's state, and the
 * text helpers both use (flags, endpoints).
 */
#ifndef NW_HANDSHAKE_OUT_H
#define NW_HANDSHAKE_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/json.h"
#include "tcp/tcpconn.h"
#include "tcp/tcpfmt.h"
#include "wire/pkt.h"
#include "handshake_config.h"

/* One traced packet, as the printers need it. */
struct hs_packet {
	uint64_t frame; /* 1-based position in the input, as tshark's frame.number */
	int64_t ts_ns;
	const struct nw_tcp *tcp;
	const struct nw_tcpseg *seg;
};

struct hs_out {
	const struct handshake_config *cfg;
	enum handshake_format format; /* resolved: never HS_AUTO */
	FILE *f;
	struct nw_json json;
	int64_t first_ts; /* of the first traced packet */
	bool have_first;
	uint64_t conns_reported;
};

/* The output's state for cfg's format, printing to f. */
void hs_out_init(struct hs_out *o, const struct handshake_config *cfg, FILE *f);

#endif
