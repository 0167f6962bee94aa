/* checksum.c: the Internet checksum, RFC 1071 (one's complement sum of 16-bit words). */
#include "config.h"

#include "base/buf.h"
#include "wire/pkt.h"

/*
 * Words are taken in network byte order, so the result compares directly to a
 * checksum field read with nw_buf_u16() and is stored with a big-endian
 * write.  initial is a partial sum to add (a pseudo-header, say) in the same
 * order.  An odd trailing byte is padded with a zero byte.
 */
uint16_t nw_inet_checksum(const void *data, size_t len, uint32_t initial)
{
	struct nw_buf b;
	uint64_t sum = initial;
	uint16_t w;
	uint8_t last;

	nw_buf_init(&b, data, len);
	while (nw_buf_u16(&b, &w))
		sum += w;
	if (nw_buf_u8(&b, &last))
		sum += (uint32_t)last << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}
