/* bytes.h: big-endian (network order) stores into byte arrays the caller sized. */
#ifndef NW_BYTES_H
#define NW_BYTES_H

#include <stdint.h>

static inline void nw_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void nw_put_be32(uint8_t *p, uint32_t v)
{
	nw_put_be16(p, (uint16_t)(v >> 16));
	nw_put_be16(p + 2, (uint16_t)v);
}

#endif
