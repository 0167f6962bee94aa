/*
 * test_dns_wire.c: the annotated walk of a DNS message (common/dns/dns_wire.c)
 * that nw-resolve --wire prints: header fields, labels and pointers,
 * record fields, EDNS options, long RDATA in chunks, and the point where a
 * malformed message stops decoding.
 */
#include "config.h"

#include <string.h>

#include "dns/dns.h"
#include "testlib.h"

static char lines[8192];

/* "OFF:N:note" per call, one per line. */
static void collect(void *ctx, size_t off, const uint8_t *p, size_t n, const char *note)
{
	size_t used = strlen(lines);
	(void)ctx;
	(void)p;
	snprintf(lines + used, sizeof lines - used, "%04zx:%zu:%s\n", off, n, note);
}

static enum nw_status walk(const uint8_t *m, size_t n, const char **why)
{
	lines[0] = '\0';
	return nw_dns_wire_walk(m, n, collect, NULL, why);
}

#define HAS(s) CHECK(strstr(lines, s) != NULL)

int main(void)
{
	/* clang-format off */
	static const uint8_t msg[] = {
		0x12, 0x34, 0x85, 0x80, 0, 1, 0, 1, 0, 0, 0, 1,
		3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1,
		0xc0, 12, 0, 16, 0, 1, 0, 0, 0x0e, 0x10, 0, 21,
		20, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p',
		'q', 'r', 's', 't',
		0, 0, 41, 0x10, 0, 0, 0, 0x80, 0, 0, 7, 0, 3, 0, 3, 'n', 's', '1',
	};
	/* clang-format on */
	const char *why = NULL;

	CHECK_INT(walk(msg, sizeof msg, &why), NW_OK);
	HAS("0000:0:header\n");
	HAS("0000:2:ID 4660\n");
	HAS("0002:2:flags: qr aa rd ra; opcode QUERY; rcode NOERROR\n");
	HAS("000a:2:ARCOUNT 1\n");
	HAS("000c:0:question 1\n");
	HAS("000c:4:label \"www\"\n");
	HAS("0010:8:label \"example\"\n");
	HAS("0018:1:root\n");
	HAS("0019:2:QTYPE A\n");
	HAS("001d:2:pointer to 0x000c: www.example.\n");
	HAS("001f:2:TYPE TXT\n");
	HAS("0023:4:TTL 3600\n");
	HAS("0027:2:RDLENGTH 21\n");
	HAS("0029:16:RDATA \"abcdefghijklmnopqrst\"\n");
	HAS("0039:5:\n"); /* the rest of the RDATA, no note */
	HAS("003e:1:root\n");
	HAS("0041:2:UDP payload size 4096\n");
	HAS("0043:4:extended rcode 0, EDNS version 0, flags: do\n");
	HAS("0049:4:option 3 NSID, length 3\n");
	HAS("004d:3:NSID: 6e 73 31 (\"ns1\")\n");

	/* Trailing octets are shown, not hidden. */
	uint8_t more[sizeof msg + 2];
	memcpy(more, msg, sizeof msg);
	more[sizeof msg] = 0xde;
	more[sizeof msg + 1] = 0xad;
	CHECK_INT(walk(more, sizeof more, &why), NW_OK);
	HAS("0050:2:trailing octets after the last record\n");

	/* A loop in the answer's owner: decoded up to there, then the rest raw. */
	uint8_t bad[sizeof msg];
	memcpy(bad, msg, sizeof msg);
	bad[30] = 29; /* the pointer at 29 now points to itself */
	CHECK_INT(walk(bad, sizeof bad, &why), NW_MALFORMED);
	HAS("0019:2:QTYPE A\n");
	HAS("001d:16:malformed: compression pointer forward (or to itself)\n");

	/* Cut inside the TTL; and shorter than a header. */
	CHECK_INT(walk(msg, 36, &why), NW_TRUNCATED);
	HAS("001d:2:pointer to 0x000c: www.example.\n");
	HAS("001f:5:malformed: message ends inside a field\n");
	CHECK_INT(walk(msg, 5, &why), NW_TRUNCATED);
	HAS("0000:5:malformed: DNS message shorter than its 12-octet header\n");
	CHECK_INT(walk(msg, 12, &why), NW_TRUNCATED);
	HAS("000c:0:malformed: message ends inside a name\n");
	return nw_test_result("test_dns_wire");
}
