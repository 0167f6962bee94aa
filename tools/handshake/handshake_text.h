/*
 * handshake_text.h: nw-handshake's printers: the ladder, one line per
 * packet, one line per connection (handing --json to handshake_json.c).
 */
#ifndef NW_HANDSHAKE_TEXT_H
#define NW_HANDSHAKE_TEXT_H

#include <stdint.h>

#include "tcp/tcpconn.h"
#include "handshake_out.h"

void hs_print_packet(struct hs_out *o, const struct hs_packet *p);
void hs_print_conn(struct hs_out *o, const struct nw_tcpconn *c, enum nw_tcp_evict why);
/* "nw-handshake: MESSAGE" on stderr, after what stdout holds so far. */
void hs_print_note(struct hs_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A frame that could not be decoded as far as TCP. */
void hs_print_skip(struct hs_out *o, uint64_t frame, const char *why);
/* connect mode: what the socket sent and got back. */
void hs_print_answer(struct hs_out *o, uint64_t sent, uint64_t received, const char *first_line,
		     const char *error);

#endif
