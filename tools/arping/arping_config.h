/*
 * arping_config.h: nw-arping's settings, as main.c parses them from the
 * command line (types only: every file of the tool includes it, it
 * includes none of theirs).
 */
#ifndef NW_ARPING_CONFIG_H
#define NW_ARPING_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/addr.h"

enum arping_mode {
	ARPING_REQUEST,	       /* ask who has TARGET, print each reply */
	ARPING_DAD,	       /* -D: RFC 5227 probe, sender IP 0.0.0.0 (or ::) */
	ARPING_ANNOUNCE,       /* -U: RFC 5227 announce (gratuitous request) */
	ARPING_REPLY_ANNOUNCE, /* -A: unsolicited reply */
	ARPING_SCAN,	       /* --scan CIDR: sweep a block, one line per host */
};

struct arping_config {
	enum arping_mode mode;
	int family;	     /* AF_INET (ARP) or AF_INET6 (neighbor discovery) */
	const char *target;  /* operand as typed: address, name or "gateway" */
	const char *ifname;  /* -I; NULL: chosen by route lookup */
	uint64_t count;	     /* -c; 0: until deadline or interrupted */
	int64_t interval_ns; /* -i */
	int64_t deadline_ns; /* -w; 0: none */
	int64_t timeout_ns;  /* -W: wait for a reply to one probe; -1: mode default */
	bool has_src_mac;
	uint8_t src_mac[6]; /* -s */
	bool has_src_ip;
	struct nw_addr src_ip; /* -S */
	bool has_dst_mac;
	uint8_t dst_mac[6];  /* -t: unicast the requests to this MAC */
	bool broadcast_only; /* -b: never switch to unicast after a reply */
	bool quiet;	     /* -q */
	bool json;	     /* --json */
	/* --scan */
	struct nw_addr scan_net;
	int scan_prefix;
	uint64_t scan_rate;    /* --rate: probes per second */
	uint64_t scan_retries; /* --retries: extra probes for hosts that stay silent */
};

#define ARPING_DEFAULTS                                                                            \
	{                                                                                          \
		.mode = ARPING_REQUEST, .family = 0, .count = 0, .interval_ns = 1000000000,        \
		.deadline_ns = 0, .timeout_ns = -1, .scan_rate = 1000, .scan_retries = 2,          \
	}

#endif
