/*
 * handshake_write.c: -w, the traced packets to a pcap file with nanosecond
 * timestamps, through libpcap's dump functions.
 */
#include "config.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

#include "handshake_write.h"

#define SNAPLEN 262144

struct hs_writer {
	pcap_t *dead;
	pcap_dumper_t *dump;
};

struct hs_writer *hs_writer_open(const char *path, int linktype, char *err, size_t errlen)
{
	struct hs_writer *w = calloc(1, sizeof(*w));

	if (!w) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->dead =
	    pcap_open_dead_with_tstamp_precision(linktype, SNAPLEN, PCAP_TSTAMP_PRECISION_NANO);
	if (!w->dead) {
		snprintf(err, errlen, "%s: cannot set up a pcap writer", path);
		free(w);
		return NULL;
	}
	w->dump = pcap_dump_open(w->dead, path);
	if (!w->dump) {
		snprintf(err, errlen, "%s", pcap_geterr(w->dead));
		pcap_close(w->dead);
		free(w);
		return NULL;
	}
	return w;
}

void hs_writer_packet(struct hs_writer *w, int64_t ts_ns, const uint8_t *data, uint32_t caplen,
		      uint32_t len)
{
	struct pcap_pkthdr h;

	/* With nanosecond precision the "usec" field carries nanoseconds. */
	h.ts.tv_sec = (time_t)(ts_ns / 1000000000);
	h.ts.tv_usec = (suseconds_t)(ts_ns % 1000000000);
	h.caplen = caplen;
	h.len = len;
	pcap_dump((u_char *)w->dump, &h, data);
}

int hs_writer_close(struct hs_writer *w, char *err, size_t errlen)
{
	int rc = 0;

	if (pcap_dump_flush(w->dump) != 0) {
		snprintf(err, errlen, "cannot write the pcap file");
		rc = -1;
	}
	pcap_dump_close(w->dump);
	pcap_close(w->dead);
	free(w);
	return rc;
}
