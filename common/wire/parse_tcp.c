/*
 * parse_tcp.c: the TCP header, RFC 9293, and its options: MSS, window scale
 * and timestamps (RFC 7323), SACK (RFC 2018), Fast Open (RFC 7413), MPTCP
 * (RFC 8684, presence only).
 */
#include "config.h"

#include "wire/parse_internal.h"

#define TCP_MIN_HDR	20
#define TCP_FLAG_AE_BIT 0x01 /* low bit of byte 12, above the 8 of byte 13 */

#define TCPOPT_EOL	      0
#define TCPOPT_NOP	      1
#define TCPOPT_MSS	      2
#define TCPOPT_WSCALE	      3
#define TCPOPT_SACK_PERMITTED 4
#define TCPOPT_SACK	      5
#define TCPOPT_TIMESTAMP      8
#define TCPOPT_MPTCP	      30
#define TCPOPT_FASTOPEN	      34
#define TCPOPT_EXPERIMENT     254
#define TCPOPT_TFO_MAGIC      0xf989
#define TFO_COOKIE_MIN	      4

/* A Fast Open cookie: empty (a request) or 4 to 16 bytes (RFC 7413 4.1.1). */
static enum nw_status tfo_cookie(struct nw_buf *opt, struct nw_tcp *out, const char **why)
{
	size_t n = nw_buf_left(opt);

	if (n != 0 && (n < TFO_COOKIE_MIN || n > NW_TCP_MAX_TFO))
		return nw_fail(why, NW_MALFORMED, "TCP Fast Open cookie of wrong length");
	nw_buf_copy(opt, out->tfo_cookie, n);
	out->tfo_cookie_len = (uint8_t)n;
	out->has_tfo = true;
	return NW_OK;
}

/* Kind 254 is shared by experiments (RFC 6994); only TFO's magic is ours. */
static enum nw_status opt_experiment(struct nw_buf *opt, struct nw_tcp *out, const char **why)
{
	uint16_t magic;

	if (!nw_buf_u16(opt, &magic) || magic != TCPOPT_TFO_MAGIC) {
		out->unknown_options++;
		return NW_OK;
	}
	return tfo_cookie(opt, out, why);
}

static enum nw_status opt_sack(struct nw_buf *opt, struct nw_tcp *out, const char **why)
{
	size_t n = nw_buf_left(opt);

	if (n == 0 || n % 8 != 0 || n / 8 > NW_TCP_MAX_SACK)
		return nw_fail(why, NW_MALFORMED, "TCP SACK option of wrong length");
	out->sack_count = 0;
	while (out->sack_count < (int)(n / 8)) {
		struct nw_tcp_sack *s = &out->sack[out->sack_count++];
		nw_buf_u32(opt, &s->left);
		nw_buf_u32(opt, &s->right);
	}
	return NW_OK;
}

/* The fixed-size options: their data length, or -1 for the others. */
static int fixed_len(uint8_t kind)
{
	switch (kind) {
	case TCPOPT_MSS:
		return 2;
	case TCPOPT_WSCALE:
		return 1;
	case TCPOPT_SACK_PERMITTED:
		return 0;
	case TCPOPT_TIMESTAMP:
		return 8;
	default:
		return -1;
	}
}

/* One option with a length byte; opt holds its data (after kind and length). */
static enum nw_status parse_option(uint8_t kind, struct nw_buf *opt, struct nw_tcp *out,
				   const char **why)
{
	int want = fixed_len(kind);

	if (want >= 0 && nw_buf_left(opt) != (size_t)want)
		return nw_fail(why, NW_MALFORMED, "TCP option of wrong length");
	switch (kind) {
	case TCPOPT_MSS:
		out->has_mss = nw_buf_u16(opt, &out->mss);
		return NW_OK;
	case TCPOPT_WSCALE:
		out->has_wscale = nw_buf_u8(opt, &out->wscale);
		return NW_OK;
	case TCPOPT_SACK_PERMITTED:
		out->sack_permitted = true;
		return NW_OK;
	case TCPOPT_TIMESTAMP:
		out->has_ts = nw_buf_u32(opt, &out->ts_val) && nw_buf_u32(opt, &out->ts_ecr);
		return NW_OK;
	case TCPOPT_SACK:
		return opt_sack(opt, out, why);
	case TCPOPT_FASTOPEN:
		return tfo_cookie(opt, out, why);
	case TCPOPT_EXPERIMENT:
		return opt_experiment(opt, out, why);
	case TCPOPT_MPTCP:
		out->has_mptcp = true;
		return NW_OK;
	default:
		out->unknown_options++;
		return NW_OK;
	}
}

/* The option list (RFC 9293 3.2): kind, then for all but EOL/NOP a length >= 2. */
static enum nw_status parse_options(struct nw_buf *b, struct nw_tcp *out, const char **why)
{
	uint8_t kind, len;
	struct nw_buf opt;

	while (nw_buf_u8(b, &kind)) {
		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP)
			continue;
		if (!nw_buf_u8(b, &len) || len < 2 || !nw_buf_sub(b, (size_t)len - 2, &opt))
			return nw_fail(why, NW_MALFORMED,
				       "TCP option length invalid or past the header");
		enum nw_status st = parse_option(kind, &opt, out, why);
		if (st != NW_OK)
			return st;
	}
	return NW_OK;
}

static enum nw_status read_fixed(struct nw_buf *b, struct nw_tcp *out, const char **why)
{
	uint8_t off, flags;

	if (!nw_buf_u16(b, &out->sport) || !nw_buf_u16(b, &out->dport) ||
	    !nw_buf_u32(b, &out->seq) || !nw_buf_u32(b, &out->ack) || !nw_buf_u8(b, &off) ||
	    !nw_buf_u8(b, &flags) || !nw_buf_u16(b, &out->window) ||
	    !nw_buf_u16(b, &out->checksum) || !nw_buf_u16(b, &out->urgent))
		return nw_fail(why, NW_TRUNCATED, "TCP header cut short");
	out->doff = (uint8_t)((off >> 4) * 4);
	out->flags = flags;
	if (off & TCP_FLAG_AE_BIT)
		out->flags |= NW_TCP_AE;
	if (out->doff < TCP_MIN_HDR)
		return nw_fail(why, NW_MALFORMED, "TCP data offset below 20");
	return NW_OK;
}

enum nw_status nw_parse_tcp(struct nw_buf *b, struct nw_tcp *out, const char **why)
{
	struct nw_buf opts;
	enum nw_status st;

	memset(out, 0, sizeof(*out));
	st = read_fixed(b, out, why);
	if (st != NW_OK)
		return st;
	if (!nw_buf_sub(b, (size_t)out->doff - TCP_MIN_HDR, &opts))
		return nw_fail(why, NW_TRUNCATED, "TCP options cut short");
	st = parse_options(&opts, out, why);
	if (st != NW_OK)
		return st;
	out->payload = nw_buf_cur(b);
	out->payload_len = nw_buf_left(b);
	return NW_OK;
}
