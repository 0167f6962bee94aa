/*
 * nw-lab-delay: a delay line for one link of the lab (Linux only).
 *
 * This kernel has no netem and no fq qdisc, so a link's one-way delay and
 * random loss are made here: iptables rules in the namespace at one end of
 * the link send every IP packet that comes in on the link's interface
 * (PREROUTING) or leaves by it (POSTROUTING) to NFQUEUE number QUEUE;
 * this program, started in the same namespace, takes each packet's id
 * from the queue (nfnetlink_queue, metadata only: the packet itself stays
 * in the kernel), drops it with probability -l, and otherwise gives the
 * kernel its "accept" verdict DELAY after it arrived.  The delay is the
 * same for every packet, so the queue stays in arrival order (a FIFO of
 * ids and due times).  Both directions of the link go through one queue:
 * each packet crosses the link once, so each direction gets DELAY.
 *
 * Bounded: at most -c packets are held (the kernel's queue has the same
 * length; beyond it the kernel drops, as a full router queue does), and
 * the program ends on SIGTERM or SIGINT (the lab and the test harness kill
 * every process of a namespace before deleting it) or after -t.  On the
 * way out it lets every held packet go at once.  It speaks netlink
 * directly, so it needs no library beyond the C library.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <linux/netlink.h>

#include "base/timeutil.h"
#include "cli/cli.h"

enum { OPT_SEED = NW_LONG_TOOL_BASE };

/* clang-format off */
static const struct nw_option delay_options[] = {
	{'Q', "queue", NW_ARG_REQUIRED, "NUM", "the NFQUEUE number to serve (0..65535; required)"},
	{'d', "delay", NW_ARG_REQUIRED, "TIME", "hold every packet for TIME (default 0; units ns us ms s)"},
	{'l', "loss", NW_ARG_REQUIRED, "PERCENT", "drop PERCENT of the packets at random (0..100, default 0)"},
	NW_OPT_COUNT("hold at most COUNT packets at once (default 4096)"),
	{'t', "time-limit", NW_ARG_REQUIRED, "TIME", "end after TIME (default: on SIGTERM or SIGINT only)"},
	{OPT_SEED, "seed", NW_ARG_REQUIRED, "N", "seed of the loss draws (default: from the clock)"},
	NW_OPT_HELP,
	NW_OPT_VERSION,
	NW_OPT_END,
};
/* clang-format on */

static const struct nw_tool delay_tool = {
    .name = "nw-lab-delay",
    .synopsis = "-Q NUM [-d TIME] [-l PERCENT] [-c COUNT] [-t TIME]",
    .summary = "Hold the packets of NFQUEUE NUM for a fixed delay and drop some at random\n"
	       "(one link of nw-lab; run inside the link's namespace).",
    .epilog = "Exit status: 0 ended by a signal or -t, 2 usage error, 3 runtime error.",
    .options = delay_options,
};

struct delay_config {
	uint16_t queue;
	int64_t delay_ns;
	unsigned loss_pct;
	uint32_t cap;
	int64_t limit_ns; /* 0: none */
	uint64_t seed;
};

/* A held packet: its id in the kernel's queue and when it may go. */
struct held {
	uint32_t id;
	int64_t due_ns;
};

struct delay_line {
	int fd;
	uint16_t queue;
	struct held *ring;
	uint32_t cap, head, count;
	uint64_t rng;
	uint64_t passed, dropped, overflow;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* xorshift64*: the loss draws (no need for more). */
static uint32_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (uint32_t)((*s * 0x2545f4914f6cdd1dULL) >> 32);
}

/* One nfnetlink message for our queue: header, nfgenmsg, then attributes. */
struct nl_req {
	union {
		struct nlmsghdr h;
		char buf[256];
	};
};

static void req_init(struct nl_req *r, uint16_t type, uint16_t flags, uint16_t queue)
{
	memset(r, 0, sizeof(*r));
	r->h.nlmsg_len = NLMSG_LENGTH(sizeof(struct nfgenmsg));
	r->h.nlmsg_type = (uint16_t)((NFNL_SUBSYS_QUEUE << 8) | type);
	r->h.nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
	struct nfgenmsg g = {
	    .nfgen_family = AF_UNSPEC, .version = NFNETLINK_V0, .res_id = htons(queue)};
	memcpy(NLMSG_DATA(&r->h), &g, sizeof(g));
}

static void req_attr(struct nl_req *r, uint16_t type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(r->h.nlmsg_len);
	struct nlattr a = {.nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type};
	/* Our attributes are a few bytes: the buffer always has room. */
	memcpy(r->buf + off, &a, sizeof(a));
	memcpy(r->buf + off + NLA_HDRLEN, data, len);
	r->h.nlmsg_len = (uint32_t)(off + NLA_ALIGN(NLA_HDRLEN + len));
}

static int req_send(int fd, const struct nl_req *r)
{
	struct sockaddr_nl to = {.nl_family = AF_NETLINK};
	ssize_t n;
	do
		n = sendto(fd, r->buf, r->h.nlmsg_len, 0, (struct sockaddr *)&to, sizeof(to));
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)r->h.nlmsg_len ? 0 : -1;
}

/* Wait (bounded) for the kernel's answer to an NLM_F_ACK request. */
static int req_ack(int fd)
{
	union {
		struct nlmsghdr h;
		char buf[4096];
	} in;
	struct pollfd p = {.fd = fd, .events = POLLIN};
	if (poll(&p, 1, 2000) <= 0)
		return errno = ETIMEDOUT, -1;
	ssize_t n = recv(fd, in.buf, sizeof(in.buf), 0);
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) || in.h.nlmsg_type != NLMSG_ERROR)
		return errno = EPROTO, -1;
	struct nlmsgerr e;
	memcpy(&e, NLMSG_DATA(&in.h), sizeof(e));
	if (e.error != 0)
		return errno = -e.error, -1;
	return 0;
}

static void queue_config(int fd, uint16_t queue, uint16_t attr, const void *data, size_t len,
			 const char *what)
{
	struct nl_req r;
	req_init(&r, NFQNL_MSG_CONFIG, NLM_F_ACK, queue);
	req_attr(&r, attr, data, len);
	if (req_send(fd, &r) < 0 || req_ack(fd) < 0)
		nw_fatal_errno("queue %u: %s", queue, what);
}

static void verdict(struct delay_line *d, uint32_t id, uint32_t v)
{
	struct nl_req r;
	struct nfqnl_msg_verdict_hdr vh = {.verdict = htonl(v), .id = htonl(id)};
	req_init(&r, NFQNL_MSG_VERDICT, 0, d->queue);
	req_attr(&r, NFQA_VERDICT_HDR, &vh, sizeof(vh));
	if (req_send(d->fd, &r) < 0)
		nw_fatal_errno("queue %u: verdict", d->queue);
}

/* Open the netlink socket and bind it to the queue, metadata only. */
static int queue_open(const struct delay_config *c)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	if (fd < 0)
		nw_fatal_errno("netlink socket");
	int one = 1, rcv = 4 << 20;
	/* A burst larger than the socket buffer must not stop the program. */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof(one));
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv));
	struct sockaddr_nl me = {.nl_family = AF_NETLINK};
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0)
		nw_fatal_errno("netlink bind");

	struct nfqnl_msg_config_cmd cmd = {.command = NFQNL_CFG_CMD_BIND, .pf = htons(AF_INET)};
	queue_config(fd, c->queue, NFQA_CFG_CMD, &cmd, sizeof(cmd),
		     "bind (is another program serving it?)");
	struct nfqnl_msg_config_params params = {.copy_range = htonl(0),
						 .copy_mode = NFQNL_COPY_META};
	queue_config(fd, c->queue, NFQA_CFG_PARAMS, &params, sizeof(params), "copy mode");
	uint32_t maxlen = htonl(c->cap);
	queue_config(fd, c->queue, NFQA_CFG_QUEUE_MAXLEN, &maxlen, sizeof(maxlen), "queue length");
	return fd;
}

/* The packet id of one NFQNL_MSG_PACKET message; -1 if it has none. */
static int64_t packet_id(const struct nlmsghdr *h)
{
	size_t len = h->nlmsg_len, off = NLMSG_LENGTH(sizeof(struct nfgenmsg));
	const char *base = (const char *)h;
	off = NLMSG_ALIGN(off);
	while (off + NLA_HDRLEN <= len) {
		struct nlattr a;
		memcpy(&a, base + off, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || off + a.nla_len > len)
			return -1;
		if ((a.nla_type & NLA_TYPE_MASK) == NFQA_PACKET_HDR &&
		    a.nla_len >= NLA_HDRLEN + sizeof(struct nfqnl_msg_packet_hdr)) {
			struct nfqnl_msg_packet_hdr ph;
			memcpy(&ph, base + off + NLA_HDRLEN, sizeof(ph));
			return ntohl(ph.packet_id);
		}
		off += NLA_ALIGN(a.nla_len);
	}
	return -1;
}

/* A packet arrived at now_ns: drop it, or hold it until now_ns + delay. */
static void take(struct delay_line *d, const struct delay_config *c, uint32_t id, int64_t now_ns)
{
	if (c->loss_pct > 0 && rng_next(&d->rng) % 100 < c->loss_pct) {
		verdict(d, id, NF_DROP);
		d->dropped++;
		return;
	}
	if (c->delay_ns == 0) {
		verdict(d, id, NF_ACCEPT);
		d->passed++;
		return;
	}
	if (d->count == d->cap) { /* cannot happen while the kernel keeps to maxlen */
		verdict(d, id, NF_DROP);
		d->overflow++;
		return;
	}
	d->ring[(d->head + d->count) % d->cap] =
	    (struct held){.id = id, .due_ns = now_ns + c->delay_ns};
	d->count++;
}

/* Let go every held packet due by now_ns (all of them if now_ns is INT64_MAX). */
static void release(struct delay_line *d, int64_t now_ns)
{
	while (d->count > 0 && d->ring[d->head].due_ns <= now_ns) {
		verdict(d, d->ring[d->head].id, NF_ACCEPT);
		d->head = (d->head + 1) % d->cap;
		d->count--;
		d->passed++;
	}
}

/*
 * Read what the kernel queued: every message's packet is taken at the time
 * of its read.  At most 64 reads, so a flood cannot hold back the packets
 * that fall due meanwhile.
 */
static void drain(struct delay_line *d, const struct delay_config *c)
{
	union {
		struct nlmsghdr h;
		char buf[65536];
	} in;
	for (int reads = 0; reads < 64; reads++) {
		ssize_t n = recv(d->fd, in.buf, sizeof(in.buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR || errno == ENOBUFS)
				return;
			nw_fatal_errno("queue %u: recv", d->queue);
		}
		int64_t now = nw_mono_ns();
		int len = (int)n;
		for (const struct nlmsghdr *h = &in.h; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type != ((NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET))
				continue;
			int64_t id = packet_id(h);
			if (id >= 0)
				take(d, c, (uint32_t)id, now);
		}
	}
}

static void run(const struct delay_config *c)
{
	struct delay_line d = {.queue = c->queue, .cap = c->cap, .rng = c->seed ? c->seed : 1};
	d.ring = calloc(c->cap, sizeof(*d.ring));
	if (!d.ring)
		nw_fatal("out of memory");
	d.fd = queue_open(c);
	int64_t end = c->limit_ns ? nw_mono_ns() + c->limit_ns : INT64_MAX;

	/*
	 * A timed wake-up comes a little late (the scheduler, the system
	 * call): "early" is the average of how late they came (1/8 of each
	 * new one), and the loop sets out that much before a packet is due,
	 * so on average its verdict reaches the kernel when the packet is due.
	 */
	int64_t early = 0;
	while (!stop_signal) {
		int64_t now = nw_mono_ns();
		release(&d, now + early);
		if (now >= end)
			break;
		int64_t wake = d.count ? d.ring[d.head].due_ns - early : end;
		if (wake > now + NW_NS_PER_S) /* look at the signal flag once a second */
			wake = now + NW_NS_PER_S;
		struct timespec ts = nw_ns_to_ts(wake > now ? wake - now : 0);
		struct pollfd p = {.fd = d.fd, .events = POLLIN};
		int r = ppoll(&p, 1, &ts, NULL);
		if (r < 0 && errno != EINTR)
			nw_fatal_errno("ppoll");
		if (r > 0)
			drain(&d, c);
		else if (r == 0 && d.count && wake > now) {
			int64_t late = nw_mono_ns() - wake;
			if (late >= 0 && late < NW_NS_PER_MS)
				early += (late - early) / 8;
		}
	}
	release(&d, INT64_MAX);
	close(d.fd);
	free(d.ring);
}

int main(int argc, char **argv)
{
	struct delay_config c = {.cap = 4096};
	int have_queue = 0, optind_out;
	const char *arg;
	int id;

	while ((id = nw_cli_next(&delay_tool, argc, argv, &arg, &optind_out)) != -1) {
		switch (id) {
		case 'Q':
			c.queue = (uint16_t)nw_arg_uint("queue", arg, 0, 65535);
			have_queue = 1;
			break;
		case 'd':
			c.delay_ns = nw_arg_duration("delay", arg, 0, 10 * NW_NS_PER_S);
			break;
		case 'l':
			c.loss_pct = (unsigned)nw_arg_uint("loss", arg, 0, 100);
			break;
		case 'c':
			c.cap = (uint32_t)nw_arg_uint("count", arg, 1, 1 << 20);
			break;
		case 't':
			c.limit_ns = nw_arg_duration("time limit", arg, 1, 86400 * NW_NS_PER_S);
			break;
		case OPT_SEED:
			c.seed = nw_arg_uint("seed", arg, 1, UINT64_MAX);
			break;
		}
	}
	if (optind_out != argc)
		nw_usage_error("unexpected argument '%s'", argv[optind_out]);
	if (!have_queue)
		nw_usage_error("-Q NUM is required");
	if (!c.seed)
		c.seed = (uint64_t)nw_mono_ns() ^ ((uint64_t)getpid() << 32);

	/*
	 * Wake exactly when a packet is due, not up to 50 us later, and ahead
	 * of the ordinary tasks of a loaded machine (a real-time priority,
	 * when we may have one): a late wake-up is delay the link did not ask
	 * for.  The loop sleeps between packets, so it cannot starve anyone.
	 */
	(void)prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	struct sched_param sp = {.sched_priority = 1};
	(void)sched_setscheduler(0, SCHED_FIFO, &sp);
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	run(&c);
	return NW_EXIT_OK;
}
