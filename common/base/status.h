/*
 * status.h: the outcome of reading bytes or text (enum nw_status), shared
 * by every parser: packets, DNS messages, files.
 */
#ifndef NW_STATUS_H
#define NW_STATUS_H

/* Outcome of a parse.  Anything but NW_OK is a normal, reported result. */
enum nw_status {
	NW_OK = 0,
	NW_TRUNCATED,	/* the bytes end before the header/field does */
	NW_MALFORMED,	/* a field has a value the protocol forbids */
	NW_UNSUPPORTED, /* a valid packet of a kind we do not decode */
};

const char *nw_status_name(enum nw_status s);

#endif
