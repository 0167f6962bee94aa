/*
 * checksum.c: the Internet checksum, RFC 1071 (one's complement sum of
 * 16-bit words), and its incremental update, RFC 1624.
 */
#include "config.h"

#include <sys/socket.h>

#include "base/buf.h"
#include "wire/checksum.h"
#include "wire/pkt.h"

/* Fold a wide one's complement sum to 16 bits (end-around carry). */
static uint16_t fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* The unfolded sum of the 16-bit words of len bytes, an odd last byte padded with zero. */
static uint64_t sum_words(const void *data, size_t len)
{
	struct nw_buf b;
	uint64_t sum = 0;
	uint16_t w;
	uint8_t last;

	nw_buf_init(&b, data, len);
	while (nw_buf_u16(&b, &w))
		sum += w;
	if (nw_buf_u8(&b, &last))
		sum += (uint32_t)last << 8;
	return sum;
}

/*
 * Words are taken in network byte order, so the result compares directly to a
 * checksum field read with nw_buf_u16() and is stored with a big-endian
 * write.  initial is a partial sum to add (a pseudo-header, say) in the same
 * order.  An odd trailing byte is padded with a zero byte.
 */
uint16_t nw_inet_checksum(const void *data, size_t len, uint32_t initial)
{
	return (uint16_t)~fold(initial + sum_words(data, len));
}

uint32_t nw_cksum_pseudo(const struct nw_addr *src, const struct nw_addr *dst, uint8_t proto,
			 uint32_t len)
{
	size_t alen = src->family == AF_INET ? 4 : 16;
	uint64_t sum = sum_words(&src->u, alen) + sum_words(&dst->u, alen);

	sum += (len >> 16) + (len & 0xffff) + proto;
	return fold(sum);
}

uint16_t nw_cksum_update(uint16_t cksum, const void *from, const void *to, size_t len)
{
	/* HC' = ~(~HC + ~m + m'): summing ~m word by word is ~(sum of m) once folded. */
	uint64_t sum = (uint16_t)~cksum;

	sum += (uint16_t)~fold(sum_words(from, len));
	sum += sum_words(to, len);
	return (uint16_t)~fold(sum);
}

uint16_t nw_cksum_update16(uint16_t cksum, uint16_t from, uint16_t to)
{
	return (uint16_t)~fold((uint64_t)(uint16_t)~cksum + (uint16_t)~from + to);
}

uint16_t nw_cksum_word_for(uint16_t cksum, uint16_t word, uint16_t want)
{
	/*
	 * The sum is ~cksum now and must become ~want: the word grows by
	 * the difference, ~want - ~cksum = ~want + cksum in one's complement.
	 */
	return fold((uint64_t)word + (uint16_t)~want + cksum);
}

bool nw_cksum_same(uint16_t a, uint16_t b)
{
	return a == b || ((a == 0 || a == 0xffff) && (b == 0 || b == 0xffff));
}
