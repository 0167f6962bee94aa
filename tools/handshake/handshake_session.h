/*
 * handshake_session.h: the steps of one nw-handshake run, shared by the
 * capture mode (handshake.c) and connect HOST PORT (handshake_connect.c):
 * the connection table, the frame handler, the printers, -w, the loop.
 */
#ifndef NW_HANDSHAKE_SESSION_H
#define NW_HANDSHAKE_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "sys/capture.h"
#include "sys/loop.h"
#include "tcp/tcpconn.h"
#include "handshake_config.h"
#include "handshake_out.h"
#include "handshake_write.h"

/* One run: the source, the connection table, the printers. */
struct hs_run {
	const struct handshake_config *cfg;
	struct nw_cap *cap;
	int linktype;
	struct nw_tcptab *tab;
	struct hs_out out;
	struct hs_writer *writer;
	uint64_t frame, traced;
	int64_t last_expire;
	bool finished; /* the last traced packet's connection is over (both sides) */
	struct nw_loop *loop;
	bool stop;	       /* SIGINT or SIGTERM came */
	int stop_signal;       /* which */
	bool waiting;	       /* the capture ran dry: the next wake-up expires idle connections */
	bool failed;	       /* reading the capture failed (reported) */
	struct nw_timer quiet; /* wakes a dry capture now and then to expire connections */
};

void hs_setup(struct hs_run *r, const struct handshake_config *cfg);
void hs_open_writer(struct hs_run *r); /* after r->cap is open */
void hs_handle(struct hs_run *r, const struct nw_cap_pkt *cp);
void hs_finish(struct hs_run *r);
/* The event loop, with SIGINT and SIGTERM setting r->stop; freed by hs_close_loop. */
void hs_open_loop(struct hs_run *r);
void hs_close_loop(struct hs_run *r);

#endif
