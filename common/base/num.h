/*
 * num.h: strict parsing of the numbers users type: counts, durations,
 * ports and port ranges.  Every tool uses these; never atoi().
 * Each returns 0 on success, or -1 with *why set to a static one-line reason
 * ("must be between 1 and 65535", "not a number", ...) for the caller's
 * "nw-tool: invalid count 'x': <why>" message.
 */
#ifndef NW_NUM_H
#define NW_NUM_H

#include <stddef.h>
#include <stdint.h>

/* Decimal unsigned integer in [min, max]: no sign, no spaces, no suffix. */
int nw_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out, const char **why);
/* The same for the len characters at s (a field of a longer string). */
int nw_parse_uint_n(const char *s, size_t len, uint64_t min, uint64_t max, uint64_t *out,
		    const char **why);

/*
 * A duration: a decimal number (fraction allowed) with an optional unit
 * "ns", "us", "ms", "s", "m" or "h"; a bare number is in default_unit_ns
 * (for example 1000000000 for seconds).  Result in nanoseconds, in
 * [min_ns, max_ns].
 */
int nw_parse_duration(const char *s, int64_t default_unit_ns, int64_t min_ns, int64_t max_ns,
		      int64_t *out_ns, const char **why);

/* A port 0..65535 (min_port lets callers forbid 0), or a service name ("https"). */
int nw_parse_port(const char *s, uint16_t min_port, uint16_t *out, const char **why);

/* "80", "1-1024", "-" or "1-" style open ends are not accepted: "lo-hi" with lo <= hi. */
int nw_parse_port_range(const char *s, uint16_t *lo, uint16_t *hi, const char **why);

#endif
