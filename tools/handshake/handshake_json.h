/*
 * handshake_json.h: nw-handshake --json: one object per traced packet and
 * one per connection leaving the table.
 */
#ifndef NW_HANDSHAKE_JSON_H
#define NW_HANDSHAKE_JSON_H

#include "tcp/tcpconn.h"
#include "handshake_out.h"

void hs_json_conn(struct hs_out *o, const struct nw_tcpconn *c, enum nw_tcp_evict why);
void hs_json_packet(struct hs_out *o, const struct hs_packet *p);

#endif
