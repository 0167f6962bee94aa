/*
 * scan_explain.h: nw-scan --explain: each open port's half-open handshake
 * as it went on the wire: our SYN, the SYN/ACK, and the RST this
 * machine's kernel answers it with (no socket holds our source port),
 * each with the seq/ack rule it follows and both sides' TCP states, as
 * nw-handshake explains them (common/tcp).
 */
#ifndef NW_SCAN_EXPLAIN_H
#define NW_SCAN_EXPLAIN_H

#include <stdint.h>
#include <stdio.h>

#include "scan_out.h"
#include "wire/pkt.h"

struct scan_explain;

struct scan_explain *scan_explain_new(void);
void scan_explain_free(struct scan_explain *e);
/* An open port's result (its RTT dates our SYN), just before its SYN/ACK comes to packet. */
void scan_explain_result(struct scan_explain *e, const struct nw_scan_result *r);
/* A captured TCP packet and what the model made of it. */
void scan_explain_packet(struct scan_explain *e, const struct nw_pkt *pkt, int64_t wire_ns,
			 enum nw_scan_feed verdict);
/* Sort, once every packet is in. */
void scan_explain_finish(struct scan_explain *e);
/* Text: the lines of a:port's handshake ("|  ..."), if it was seen. */
void scan_explain_print(const struct scan_explain *e, const struct nw_scan_run *run,
			const struct nw_addr *a, uint16_t port, FILE *f);
/* JSON: a "handshake" line per open port seen. */
void scan_explain_json(const struct scan_explain *e, const struct nw_scan_run *run);

#endif
