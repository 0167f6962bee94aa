/*
 * handshake_write.h: nw-handshake -w: the traced packets to a pcap file.
 */
#ifndef NW_HANDSHAKE_WRITE_H
#define NW_HANDSHAKE_WRITE_H

#include <stddef.h>
#include <stdint.h>

struct hs_writer;
struct hs_writer *hs_writer_open(const char *path, int linktype, char *err, size_t errlen);
void hs_writer_packet(struct hs_writer *w, int64_t ts_ns, const uint8_t *data, uint32_t caplen,
		      uint32_t len);
int hs_writer_close(struct hs_writer *w, char *err, size_t errlen);

#endif
