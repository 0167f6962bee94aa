/*
 * scan_resume.c: the --resume file.  Three lines, numbers in fixed width
 * so that every save is the same size and rewrites the file in place:
 *
 *   nw-scan resume 1 scan 0123456789abcdef
 *   seed 00000000000000012345
 *   position 00000000000000000000
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/siphash.h"
#include "cli/cli.h"
#include "scan_resume.h"

#define RESUME_FORMAT                                                                              \
	"nw-scan resume 1 scan %016" PRIx64 "\nseed %020" PRIu64 "\nposition %020" PRIu64 "\n"
#define RESUME_SIZE 256
/* Addresses hashed into the scan's id, spread over the set (all of a small set). */
#define RESUME_SAMPLES 1024

struct id_hash {
	struct nw_siphash h;
	size_t words;
};

static void hash_u64(struct id_hash *h, uint64_t v)
{
	nw_siphash_word(&h->h, v);
	h->words++;
}

static void hash_addr(struct id_hash *h, const struct nw_addr *a)
{
	uint64_t w[2] = {0, 0};

	if (a->family == AF_INET)
		memcpy(&w[0], &a->u.v4, sizeof(a->u.v4));
	else
		memcpy(w, &a->u.v6, sizeof(w));
	hash_u64(h, (uint64_t)a->family);
	hash_u64(h, w[0]);
	hash_u64(h, w[1]);
}

/* What is scanned, as one number: counts, sampled addresses, every port, the shard. */
static uint64_t scan_id(const struct nw_scan_config *c)
{
	static const uint8_t key[NW_SIPHASH_KEY_LEN] = "nw-scan --resume";
	uint64_t n = nw_addrset_count(c->targets), step;
	uint32_t np = nw_portset_count(c->ports);
	struct id_hash h = {.words = 0};
	struct nw_addr a;

	nw_siphash_init(&h.h, key);
	hash_u64(&h, n);
	hash_u64(&h, np);
	step = n > RESUME_SAMPLES ? n / RESUME_SAMPLES : 1;
	for (uint64_t i = 0; i < n && i / step < RESUME_SAMPLES; i += step) {
		nw_addrset_at(c->targets, i, &a);
		hash_addr(&h, &a);
	}
	for (uint32_t i = 0; i < np; i++)
		hash_u64(&h, nw_portset_at(c->ports, i));
	hash_u64(&h, c->shard.index);
	hash_u64(&h, c->shard.count);
	return nw_siphash_finish(h.h, 8 * h.words);
}

void scan_resume_open(struct scan_resume *r, const char *path, const struct nw_scan_config *c)
{
	char text[RESUME_SIZE + 1];
	uint64_t id;
	ssize_t n;

	*r = (struct scan_resume){.fd = -1, .path = path, .scan_id = scan_id(c)};
	r->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (r->fd < 0)
		nw_usage_error("cannot open '%s': %s", path, strerror(errno));
	n = read(r->fd, text, RESUME_SIZE);
	if (n < 0)
		nw_usage_error("cannot read '%s': %s", path, strerror(errno));
	if (n == 0)
		return; /* a new file: the scan starts */
	text[n] = '\0';
	if (sscanf(text, "nw-scan resume 1 scan %" SCNx64 " seed %" SCNu64 " position %" SCNu64,
		   &id, &r->seed, &r->position) != 3)
		nw_usage_error("'%s' is not an nw-scan --resume file", path);
	if (id != r->scan_id)
		nw_usage_error("'%s' holds the position of another scan (other targets, ports or "
			       "shard): remove it or give the same command line",
			       path);
	r->found = true;
}

int scan_resume_save(struct scan_resume *r, uint64_t seed, uint64_t position)
{
	char text[RESUME_SIZE];
	int len = snprintf(text, sizeof(text), RESUME_FORMAT, r->scan_id, seed, position);

	if (r->fd < 0)
		return 0;
	if (lseek(r->fd, 0, SEEK_SET) != 0 || write(r->fd, text, (size_t)len) != len)
		return -1;
	return 0;
}

void scan_resume_close(struct scan_resume *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}
