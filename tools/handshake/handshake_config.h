/*
 * handshake_config.h: nw-handshake's settings, as main.c parses them from
 * the command line (types only: every file of the tool includes it, it
 * includes none of theirs).
 */
#ifndef NW_HANDSHAKE_CONFIG_H
#define NW_HANDSHAKE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/addr.h"

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

#endif
