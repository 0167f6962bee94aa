/*
 * json.h: a small streaming writer for JSON Lines: one object per line,
 * strings escaped per RFC 8259, nesting tracked so commas come out right.
 *
 *   struct nw_json j; nw_json_init(&j, stdout);
 *   nw_json_begin(&j);                  // {
 *   nw_json_str(&j, "type", "reply");
 *   nw_json_double(&j, "rtt_ms", 0.042, 3);
 *   nw_json_begin_array(&j, "macs"); nw_json_str(&j, NULL, "..."); nw_json_end_array(&j);
 *   nw_json_end(&j);                    // }\n  (and flushes)
 */
#ifndef NW_JSON_H
#define NW_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define NW_JSON_MAX_DEPTH 16

struct nw_json {
	FILE *f;
	int depth;
	bool need_comma[NW_JSON_MAX_DEPTH];
};

void nw_json_init(struct nw_json *j, FILE *f);
/* key is NULL inside arrays and for the top-level object. */
void nw_json_begin(struct nw_json *j);
void nw_json_begin_object(struct nw_json *j, const char *key);
void nw_json_end_object(struct nw_json *j);
void nw_json_begin_array(struct nw_json *j, const char *key);
void nw_json_end_array(struct nw_json *j);
void nw_json_end(struct nw_json *j); /* closes the top object, newline, fflush */
/* The same without the flush: for many lines a second, flushed by the caller now and then. */
void nw_json_end_buffered(struct nw_json *j);
void nw_json_str(struct nw_json *j, const char *key, const char *v); /* NULL v -> null */
void nw_json_int(struct nw_json *j, const char *key, int64_t v);
void nw_json_uint(struct nw_json *j, const char *key, uint64_t v);
/* NaN and infinities are written as null. */
void nw_json_double(struct nw_json *j, const char *key, double v, int decimals);
void nw_json_bool(struct nw_json *j, const char *key, bool v);
void nw_json_null(struct nw_json *j, const char *key);
/* Escape s into a JSON string literal (with quotes) on f. */
void nw_json_write_string(FILE *f, const char *s);

#endif
