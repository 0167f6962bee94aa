/*
 * dns_wire.c: a DNS message (RFC 1035 section 4.1) walked field by field
 * for an annotated hex dump: header fields and flags, each label and
 * compression pointer, each record's fixed fields and RDATA, each EDNS
 * option (RFC 6891 6.1.2).  The caller prints; this file only walks.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dns/dns_internal.h"

struct walk {
	struct nw_buf b;
	nw_dns_wire_fn fn;
	void *ctx;
	struct nw_dns_msg m; /* data/len only: what RDATA presentation needs */
	char note[2048];
};

/* n octets from the cursor, noted; long runs split into chunks. */
static void emit(struct walk *w, size_t n, const char *note)
{
	size_t off = w->b.pos;
	if (n == 0)
		w->fn(w->ctx, off, NULL, 0, note); /* an empty field: its note alone */
	for (size_t done = 0; done < n;) {
		size_t k = n - done > NW_DNS_WIRE_CHUNK ? NW_DNS_WIRE_CHUNK : n - done;
		w->fn(w->ctx, off + done, w->b.data + off + done, k, done ? "" : note);
		done += k;
	}
	w->b.pos += n;
}

static void heading(struct walk *w, const char *text)
{
	w->fn(w->ctx, w->b.pos, NULL, 0, text);
}

static uint16_t peek16(const struct walk *w)
{
	return (uint16_t)(w->b.data[w->b.pos] << 8 | w->b.data[w->b.pos + 1]);
}

static uint32_t peek32(const struct walk *w)
{
	const uint8_t *p = w->b.data + w->b.pos;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void flags_note(uint16_t f, char *buf, size_t len)
{
	static const struct {
		uint16_t bit;
		const char *name;
	} names[] = {{NW_DNS_F_QR, "qr"}, {NW_DNS_F_AA, "aa"}, {NW_DNS_F_TC, "tc"},
		     {NW_DNS_F_RD, "rd"}, {NW_DNS_F_RA, "ra"}, {NW_DNS_F_Z, "z"},
		     {NW_DNS_F_AD, "ad"}, {NW_DNS_F_CD, "cd"}};
	char op[24], rc[24];
	struct nw_sb s;
	nw_sb_init(&s, buf, len);
	nw_sb_puts(&s, "flags:");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (f & names[i].bit)
			nw_sb_printf(&s, " %s", names[i].name);
	nw_sb_printf(&s, "; opcode %s; rcode %s",
		     nw_dns_opcode_str((uint8_t)(f >> 11 & 15), op, sizeof op),
		     nw_dns_rcode_str(f & 15, rc, sizeof rc));
}

static void header(struct walk *w, struct nw_dns_header *h)
{
	static const char *const counts[] = {"QDCOUNT", "ANCOUNT", "NSCOUNT", "ARCOUNT"};
	uint16_t c[4] = {h->qdcount, h->ancount, h->nscount, h->arcount};
	heading(w, "header");
	snprintf(w->note, sizeof w->note, "ID %u", h->id);
	emit(w, 2, w->note);
	flags_note(h->flags, w->note, sizeof w->note);
	emit(w, 2, w->note);
	for (int i = 0; i < 4; i++) {
		snprintf(w->note, sizeof w->note, "%s %u", counts[i], c[i]);
		emit(w, 2, w->note);
	}
}

/* A name already checked by nw_dns_name_read: its labels up to the root or a pointer. */
static void name_fields(struct walk *w)
{
	for (;;) {
		uint8_t l = w->b.data[w->b.pos];
		if ((l & 0xc0) == 0xc0) {
			struct nw_buf at;
			struct nw_dns_name n;
			char s[NW_DNS_NAME_STRLEN];
			size_t to = (size_t)(l & 0x3f) << 8 | w->b.data[w->b.pos + 1];
			nw_buf_init(&at, w->b.data, w->b.len);
			at.pos = to;
			if (nw_dns_name_read(&at, &n, NULL) == NW_OK)
				nw_dns_name_str(&n, s, sizeof s);
			else
				snprintf(s, sizeof s, "?");
			snprintf(w->note, sizeof w->note, "pointer to 0x%04zx: %s", to, s);
			emit(w, 2, w->note);
			return;
		}
		if (l == 0) {
			emit(w, 1, "root");
			return;
		}
		struct nw_dns_name one = {.len = (uint8_t)(l + 2)};
		memcpy(one.wire, w->b.data + w->b.pos, l + 1u);
		one.wire[l + 1] = 0;
		char s[NW_DNS_NAME_STRLEN];
		nw_dns_name_str(&one, s, sizeof s);
		s[strlen(s) - 1] = '\0'; /* the label alone, without the final dot */
		snprintf(w->note, sizeof w->note, "label \"%s\"", s);
		emit(w, 1 + (size_t)l, w->note);
	}
}

static enum nw_status name(struct walk *w, const char **why)
{
	struct nw_buf probe = w->b;
	struct nw_dns_name n;
	enum nw_status st = nw_dns_name_read(&probe, &n, why);
	if (st == NW_OK)
		name_fields(w);
	return st;
}

static enum nw_status need(struct walk *w, size_t n, const char **why)
{
	if (nw_buf_has(&w->b, n))
		return NW_OK;
	if (why)
		*why = "message ends inside a field";
	return NW_TRUNCATED;
}

static void opt_options(struct walk *w, size_t end)
{
	char buf[NW_DNS_WIRE_CHUNK * 8];
	while (w->b.pos + 4 <= end) {
		uint16_t code = peek16(w);
		w->b.pos += 2;
		uint16_t len = peek16(w);
		w->b.pos -= 2;
		const char *name = nw_dns_edns_option_name(code);
		snprintf(w->note, sizeof w->note, "option %u %s, length %u", code, name ? name : "",
			 len);
		emit(w, 4, w->note);
		if (w->b.pos + len > end)
			break;
		const char *why = NULL;
		if (nw_dns_edns_option_str(code, w->b.data + w->b.pos, len, buf, sizeof buf,
					   &why) != NW_OK)
			snprintf(buf, sizeof buf, "(%s)", why ? why : "malformed");
		emit(w, len, buf);
	}
}

static enum nw_status record(struct walk *w, const char **why)
{
	char t[16], c[16];
	enum nw_status st = name(w, why);
	if (st == NW_OK)
		st = need(w, 10, why);
	if (st != NW_OK)
		return st;
	uint16_t type = peek16(w);
	snprintf(w->note, sizeof w->note, "TYPE %s", nw_dns_type_str(type, t, sizeof t));
	emit(w, 2, w->note);
	if (type == NW_DNS_T_OPT) {
		snprintf(w->note, sizeof w->note, "UDP payload size %u", peek16(w));
		emit(w, 2, w->note);
		uint32_t ttl = peek32(w);
		snprintf(w->note, sizeof w->note, "extended rcode %u, EDNS version %u, flags: %s",
			 ttl >> 24, (ttl >> 16) & 255, (ttl & 0x8000) ? "do" : "none");
		emit(w, 4, w->note);
	} else {
		snprintf(w->note, sizeof w->note, "CLASS %s",
			 nw_dns_class_str(peek16(w), c, sizeof c));
		emit(w, 2, w->note);
		snprintf(w->note, sizeof w->note, "TTL %u", peek32(w));
		emit(w, 4, w->note);
	}
	struct nw_dns_rr rr = {.type = type, .rdlen = peek16(w)};
	snprintf(w->note, sizeof w->note, "RDLENGTH %u", rr.rdlen);
	emit(w, 2, w->note);
	rr.rdata_off = w->b.pos;
	if ((st = need(w, rr.rdlen, why)) != NW_OK) {
		if (why)
			*why = "RDATA runs past the end of the message";
		return st;
	}
	if (type == NW_DNS_T_OPT) {
		opt_options(w, rr.rdata_off + rr.rdlen);
		w->b.pos = rr.rdata_off + rr.rdlen;
		return NW_OK;
	}
	static char text[NW_DNS_RDATA_STRLEN];
	char note[600];
	st = nw_dns_rdata_str(&w->m, &rr, text, sizeof text, why);
	snprintf(note, sizeof note, "RDATA %.500s%s", st == NW_OK ? text : "(malformed)",
		 st == NW_OK && strlen(text) > 500 ? "..." : "");
	emit(w, rr.rdlen, note);
	return st;
}

static enum nw_status question(struct walk *w, const char **why)
{
	char t[16], c[16];
	enum nw_status st = name(w, why);
	if (st == NW_OK)
		st = need(w, 4, why);
	if (st != NW_OK)
		return st;
	snprintf(w->note, sizeof w->note, "QTYPE %s", nw_dns_type_str(peek16(w), t, sizeof t));
	emit(w, 2, w->note);
	snprintf(w->note, sizeof w->note, "QCLASS %s", nw_dns_class_str(peek16(w), c, sizeof c));
	emit(w, 2, w->note);
	return NW_OK;
}

enum nw_status nw_dns_wire_walk(const uint8_t *msg, size_t len, nw_dns_wire_fn fn, void *ctx,
				const char **why)
{
	static const char *const names[] = {"question", "answer", "authority", "additional"};
	struct walk w = {.fn = fn, .ctx = ctx};
	struct nw_dns_header h;
	const char *dummy;
	enum nw_status st;

	if (!why)
		why = &dummy;
	nw_buf_init(&w.b, msg, len);
	w.m.data = msg;
	w.m.len = w.b.len;
	st = nw_dns_header_parse(msg, w.b.len, &h, why);
	if (st == NW_OK) {
		header(&w, &h);
		uint16_t counts[4] = {h.qdcount, h.ancount, h.nscount, h.arcount};
		for (int s = 0; s < 4 && st == NW_OK; s++) {
			for (unsigned i = 0; i < counts[s] && st == NW_OK; i++) {
				snprintf(w.note, sizeof w.note, "%s %u", names[s], i + 1);
				heading(&w, w.note);
				st = s == 0 ? question(&w, why) : record(&w, why);
			}
		}
	}
	if (st != NW_OK) {
		snprintf(w.note, sizeof w.note, "malformed: %s", *why ? *why : "?");
		if (nw_buf_left(&w.b))
			emit(&w, nw_buf_left(&w.b), w.note);
		else
			heading(&w, w.note);
	} else if (nw_buf_left(&w.b)) {
		emit(&w, nw_buf_left(&w.b), "trailing octets after the last record");
	}
	return st;
}
