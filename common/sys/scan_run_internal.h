/* scan_run_internal.h: the scan runner's state, shared by scan_run*.c; not an interface. */
#ifndef NW_SYS_SCAN_RUN_INTERNAL_H
#define NW_SYS_SCAN_RUN_INTERNAL_H

#include <net/if.h>

#include "probe/idmap.h"
#include "sys/capture.h"
#include "sys/craft.h"
#include "sys/loop.h"
#include "sys/scan_run.h"
#include "sys/sendbatch.h"
#include "wire/synstamp.h"

/* CONNECT: one connect() in progress (or ended, its outcome not yet handed over). */
struct nw_scan_conn {
	struct nw_scan_run *run;
	uint64_t j;
	int fd;	   /* -1: the slot is free */
	int watch; /* the loop's watch; -1: none (the outcome is queued) */
	int error; /* a queued outcome: what connect() said */
};

struct nw_scan_run {
	struct nw_scan_run_config cfg;
	struct nw_scan *scan;
	struct nw_loop *loop;
	struct nw_timer tick, progress;
	const struct nw_scan_run_ops *ops;
	void *ctx;
	unsigned interrupts;
	bool failed;
	char *err;
	size_t errlen;

	/* SYN: [0] IPv4, [1] IPv6 (a capture is shared when both use one interface) */
	struct nw_craft *craft[2];
	struct nw_syn_template syn[2]; /* each family's SYN, built once by craft */
	struct nw_sendbatch *batch[2]; /* SYNs waiting for the end of the tick */
	uint64_t send_lost;	       /* SYNs the system refused or had no room for */
	struct nw_cap *cap[2];
	int linktype[2];
	char ifname[2][IF_NAMESIZE];
	char ifnames[2 * IF_NAMESIZE + 1];

	/* CONNECT */
	struct nw_scan_conn *conns;
	uint32_t nconns;
	uint32_t *free_slots, nfree;
	struct nw_idmap by_probe;     /* probe number -> slot */
	uint32_t *queued, nqueued;    /* slots whose outcome came at once (loopback) */
	struct nw_timer queued_timer; /* hands them over after the descriptors are read */
};

/* scan_run_raw.c: SYN probes on raw sockets, answers from the captures. */
int nw_scan_raw_open(struct nw_scan_run *r, char *err, size_t errlen);
int nw_scan_raw_send(struct nw_scan_run *r, const struct nw_scan_probe *p);
/* Send the SYNs batched so far (at the end of every tick). */
void nw_scan_raw_flush(struct nw_scan_run *r);
int nw_scan_raw_watch(struct nw_scan_run *r);
/* Feed the model what the captures hold now; -1 on a capture failure (the run failed). */
int nw_scan_raw_read(struct nw_scan_run *r);
uint64_t nw_scan_raw_drops(struct nw_scan_run *r);
void nw_scan_raw_close(struct nw_scan_run *r);

/* scan_run_connect.c: connect() probes, as many at once as the file limit allows. */
int nw_scan_connect_open(struct nw_scan_run *r, char *err, size_t errlen);
int nw_scan_connect_send(struct nw_scan_run *r, const struct nw_scan_probe *p);
/* Probe j's socket is done with (its result is out, or it is sent again). */
void nw_scan_connect_release(struct nw_scan_run *r, uint64_t j);
int nw_scan_connect_watch(struct nw_scan_run *r);
void nw_scan_connect_close(struct nw_scan_run *r);

/*
 * scan_run.c: read what has come in (SYN: the captures, so that no probe
 * is timed out while its answer waits unread), tick the model now and
 * sleep until its next action (or stop when done).
 */
void nw_scan_run_step(struct nw_scan_run *r);
/* A failure that ends the run: err set, the loop stopped. */
void nw_scan_run_fail(struct nw_scan_run *r, const char *what);

#endif
