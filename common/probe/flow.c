/*
 * flow.c: the value that tells one probe from the others of its flow, per
 * flow mode (classic, paris, dublin; see probe/match.h).
 */
#include "config.h"

#include <sys/socket.h>

#include "probe/match.h"

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

static int shown(unsigned shows, unsigned field, uint16_t value, uint32_t *ident, const char **why,
		 const char *missing)
{
	if (!(shows & field))
		return fail(why, missing);
	*ident = value;
	return 0;
}

static int udp_ident(enum nw_flow_mode mode, const struct nw_probe_key *k, unsigned shows,
		     uint32_t *ident, const char **why)
{
	switch (mode) {
	case NW_FLOW_CLASSIC:
		*ident = (uint32_t)k->sport << 16 | k->dport;
		return 0;
	case NW_FLOW_PARIS:
		return shown(shows, NW_SHOWS_CHECKSUM, k->checksum, ident, why,
			     "a UDP answer does not show which probe of a paris flow it answers");
	case NW_FLOW_DUBLIN:
		if (k->dst.family == AF_INET)
			return shown(shows, NW_SHOWS_IP_ID, k->ip_id, ident, why,
				     "a UDP answer does not show which probe of a dublin flow it "
				     "answers");
		return shown(shows, NW_SHOWS_IP6_PLEN, k->ip6_plen, ident, why,
			     "a UDP answer does not show which probe of a dublin flow it answers");
	}
	return fail(why, "unknown flow mode");
}

int nw_probe_ident(enum nw_flow_mode mode, const struct nw_probe_key *k, unsigned shows,
		   uint32_t *ident, const char **why)
{
	switch (k->proto) {
	case NW_PROBE_UDP:
		return udp_ident(mode, k, shows, ident, why);
	case NW_PROBE_TCP:
		if (mode == NW_FLOW_DUBLIN)
			return fail(why, "dublin tells probes apart by a field a SYN/ACK does not "
					 "show: TCP probes use classic or paris");
		*ident = mode == NW_FLOW_PARIS ? k->tcp_seq : (uint32_t)k->sport << 16 | k->dport;
		return 0;
	case NW_PROBE_ICMP:
		if (mode == NW_FLOW_DUBLIN)
			return fail(why, "dublin tells probes apart by a field an echo reply does "
					 "not show: ICMP probes use classic or paris");
		*ident = k->echo_seq;
		return 0;
	}
	return fail(why, "unknown probe protocol");
}
