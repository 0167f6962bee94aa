/*
 * handshake.h: nw-handshake's settings and its core entry point.
 *
 * main.c parses the command line into struct handshake_config;
 * handshake_run() reads packets (file or interface), follows every TCP
 * connection with the core's connection table (common/tcp/tcpconn.h) and
 * prints it as a ladder, one line per packet, one line per connection, or
 * JSON Lines.
 */
#ifndef NW_HANDSHAKE_H
#define NW_HANDSHAKE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/addr.h"
#include "tcp/tcpconn.h"

enum handshake_format {
	HS_AUTO,    /* ladder on a TTY, one line per packet otherwise */
	HS_LADDER,  /* --ladder */
	HS_ONELINE, /* --oneline */
	HS_SUMMARY, /* --summary */
	HS_JSON,    /* --json */
};

struct handshake_config {
	const char *read_file;	/* -r */
	const char *ifname;	/* -i */
	const char *write_file; /* -w */
	const char *bpf;	/* operands joined: a capture filter */
	enum handshake_format format;
	bool absolute; /* -S: absolute seq/ack */
	bool has_port;
	uint16_t port; /* -p */
	bool has_host;
	struct nw_addr host; /* --host */
	uint64_t conn;	     /* --conn; 0: all */
	uint64_t count;	     /* -c: stop after COUNT traced packets; 0: no limit */
	int64_t idle_ns;     /* --idle-timeout */
	uint64_t max_conns;  /* --max-conns */
	/* connect HOST PORT: an active connection, traced through its close */
	const char *connect_host;
	uint16_t connect_port;
	const char *send; /* --send STRING (escapes already decoded) */
	size_t send_len;
	const char *http_path; /* --http PATH */
	int64_t timeout_ns;    /* -W: bound on each wait of the connect mode */
	int family;	       /* -4/-6: connect's address family; 0: the first the name has */
};

#define HANDSHAKE_DEFAULTS                                                                         \
	{                                                                                          \
		.format = HS_AUTO, .idle_ns = INT64_C(300) * 1000000000, .max_conns = 100000,      \
		.timeout_ns = INT64_C(5) * 1000000000,                                             \
	}

int handshake_run(const struct handshake_config *cfg);

/* ---- internals shared by the tool's files ---------------------------- */
#include "sys/capture.h"
#include "sys/loop.h"
#include "cli/json.h"
#include "wire/pkt.h"

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
	bool waiting;	       /* the capture ran dry: the next wake-up expires idle connections */
	bool failed;	       /* reading the capture failed (reported) */
	struct nw_timer quiet; /* wakes a dry capture now and then to expire connections */
};

/* handshake.c: the steps of a run, shared with the connect mode. */
void hs_setup(struct hs_run *r, const struct handshake_config *cfg);
void hs_open_writer(struct hs_run *r); /* after r->cap is open */
void hs_handle(struct hs_run *r, const struct nw_cap_pkt *cp);
void hs_finish(struct hs_run *r);
/* The event loop, with SIGINT and SIGTERM setting r->stop; freed by hs_close_loop. */
void hs_open_loop(struct hs_run *r);
void hs_close_loop(struct hs_run *r);
/* handshake_connect.c: connect HOST PORT. */
int hs_connect_run(const struct handshake_config *cfg);

void hs_out_init(struct hs_out *o, const struct handshake_config *cfg, FILE *f);
void hs_print_packet(struct hs_out *o, const struct hs_packet *p);
void hs_print_conn(struct hs_out *o, const struct nw_tcpconn *c, enum nw_tcp_evict why);
/* A frame that could not be decoded as far as TCP. */
void hs_print_skip(struct hs_out *o, uint64_t frame, const char *why);
/* connect mode: what the socket sent and got back. */
void hs_print_answer(struct hs_out *o, uint64_t sent, uint64_t received, const char *first_line,
		     const char *error);

/* Text helpers shared by the printers. */
void hs_flags_letters(uint16_t flags, char *buf, size_t n); /* "SA" */
void hs_flags_words(uint16_t flags, char *buf, size_t n);   /* "SYN,ACK" */
const char *hs_endpoint(const struct nw_tcp_endpoint *ep, char *buf, size_t n);
void hs_json_conn(struct hs_out *o, const struct nw_tcpconn *c, enum nw_tcp_evict why);
void hs_json_packet(struct hs_out *o, const struct hs_packet *p);

/* -w: the traced packets to a pcap file. */
struct hs_writer;
struct hs_writer *hs_writer_open(const char *path, int linktype, char *err, size_t errlen);
void hs_writer_packet(struct hs_writer *w, int64_t ts_ns, const uint8_t *data, uint32_t caplen,
		      uint32_t len);
int hs_writer_close(struct hs_writer *w, char *err, size_t errlen);

#endif
