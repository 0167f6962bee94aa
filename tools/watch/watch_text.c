/* watch_text.c: the snapshot as a table (ss -tan's columns, plus the timer and the process). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "base/timeutil.h"
#include "cli/output.h"
#include "watch_text.h"

#define ENDPOINT_LEN 64 /* "[" INET6_ADDRSTRLEN "]:65535" */
#define OWNERS_LEN   256

const char *watch_endpoint(const struct nw_addr *a, uint16_t port, char *buf, size_t len)
{
	char addr[48], num[8];

	nw_addr_ntop(a, addr, sizeof addr);
	if (port)
		snprintf(num, sizeof num, "%u", port);
	snprintf(buf, len, "%s%s%s:%s", a->family == AF_INET6 ? "[" : "", addr,
		 a->family == AF_INET6 ? "]" : "", port ? num : "*");
	return buf;
}

const char *watch_owner_text(const struct watch_sock *s, char *buf, size_t len)
{
	const char *none = watch_sock_no_owner(s);
	size_t n = 0;

	if (none) {
		snprintf(buf, len, "(%s: no process)", none);
		return buf;
	}
	snprintf(buf, len, "-");
	for (size_t i = 0; i < s->nowners && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%d/%s", i ? "," : "", s->owners[i].pid,
				      s->owners[i].comm);
	return buf;
}

static void timer_text(const struct watch_sock *s, char *buf, size_t len)
{
	const char *name = watch_sock_timer_name(s);

	if (!name)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%s %.1fs", name, s->d.expires_ms / 1000.0);
}

/* The widest local and peer endpoints, so that the columns line up. */
static void widths(const struct watch_snap *s, int *local, int *peer)
{
	char buf[ENDPOINT_LEN];

	*local = (int)strlen("Local Address:Port");
	*peer = (int)strlen("Peer Address:Port");
	for (size_t i = 0; i < s->n; i++) {
		int l =
		    (int)strlen(watch_endpoint(&s->v[i].d.src, s->v[i].d.sport, buf, sizeof buf));
		int p =
		    (int)strlen(watch_endpoint(&s->v[i].d.dst, s->v[i].d.dport, buf, sizeof buf));
		*local = l > *local ? l : *local;
		*peer = p > *peer ? p : *peer;
	}
}

static void print_row(const struct watch_sock *w, int lw, int pw)
{
	char local[ENDPOINT_LEN], peer[ENDPOINT_LEN], timer[32], owners[OWNERS_LEN];

	watch_endpoint(&w->d.src, w->d.sport, local, sizeof local);
	watch_endpoint(&w->d.dst, w->d.dport, peer, sizeof peer);
	timer_text(w, timer, sizeof timer);
	watch_owner_text(w, owners, sizeof owners);
	printf("%-12s %6u %6u %-*s %-*s %-18s %s\n", watch_sock_state_name(w), w->d.rqueue,
	       w->d.wqueue, lw, local, pw, peer, timer, owners);
}

/* "--- 7 TCP sockets: 2 LISTEN, 3 ESTABLISHED, ... ---" */
static void print_counts(const struct watch_snap *s, const struct watch_config *cfg)
{
	const char *sep = ": ";

	printf("--- %zu %s %s", s->n, cfg->udp ? "UDP" : "TCP",
	       nw_plural(s->n, "socket", "sockets"));
	for (int st = NW_TCPS_CLOSED; st <= NW_TCPS_UNKNOWN; st++) {
		if (!s->count[st])
			continue;
		printf("%s%u %s", sep, s->count[st], watch_state_label((enum nw_tcps)st, cfg->udp));
		sep = ", ";
	}
	printf(" ---\n");
}

void watch_text_snapshot(const struct watch_snap *s, const struct watch_config *cfg)
{
	int lw, pw;

	if (!cfg->quiet) {
		widths(s, &lw, &pw);
		printf("%-12s %6s %6s %-*s %-*s %-18s %s\n", "State", "Recv-Q", "Send-Q", lw,
		       "Local Address:Port", pw, "Peer Address:Port", "Timer", "Process");
		for (size_t i = 0; i < s->n; i++)
			print_row(&s->v[i], lw, pw);
	}
	print_counts(s, cfg);
	fflush(stdout);
	watch_warn_owners(s);
}

void watch_warn_owners(const struct watch_snap *s)
{
	if (s->owners_error)
		nw_warn("no process names: %s", s->owners_why);
	else if (s->owners.unreadable)
		nw_warn("could not read the descriptors of %u %s: their sockets name no process "
			"(needs root, or CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH)",
			s->owners.unreadable,
			nw_plural(s->owners.unreadable, "process", "processes"));
}

/* Wall-clock "15:04:05.123456" of a monotonic time (the realtime clock's offset now). */
static const char *clock_text(int64_t mono_ns, char *buf, size_t len)
{
	int64_t real = nw_realtime_ns() - nw_mono_ns() + mono_ns;
	time_t secs = (time_t)(real / NW_NS_PER_S);
	struct tm tm;

	localtime_r(&secs, &tm);
	snprintf(buf, len, "%02d:%02d:%02d.%06ld", tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (long)(real % NW_NS_PER_S / 1000));
	return buf;
}

void watch_text_follow_start(const struct watch_stats *st, const struct watch_config *cfg)
{
	printf(
	    "nw-watch: backend %s: sock_diag every %.0f ms, %zu TCP %s now; a change between two "
	    "polls can be missed: states in parentheses are inferred\n",
	    st->backend, cfg->poll_ns / 1e6, st->sockets_at_start,
	    nw_plural(st->sockets_at_start, "socket", "sockets"));
	fflush(stdout);
}

/* "ESTABLISHED -> (FIN_WAIT_1) -> FIN_WAIT_2" */
static void path_text(const struct watch_change *c)
{
	printf("%s", c->from == NW_TCPS_UNKNOWN ? "?" : nw_tcps_name(c->from));
	for (int i = 0; i < c->nvia; i++)
		printf(" -> (%s)", nw_tcps_name(c->via[i]));
	printf(" -> %s", nw_tcps_name(c->to));
	if (c->to == NW_TCPS_TIME_WAIT && c->sock->d.timer == NW_SOCKDIAG_TIMER_TIMEWAIT)
		printf(" (%.1fs)", c->sock->d.expires_ms / 1000.0);
}

/* The processes now, else the one remembered (a TIME_WAIT's, an orphan's). */
static void process_text(const struct watch_sock *w)
{
	char owners[OWNERS_LEN];

	if (w->nowners)
		printf(" %s", watch_owner_text(w, owners, sizeof owners));
	else if (w->has_owner)
		printf(" %d/%s", w->owner.pid, w->owner.comm);
	else
		printf(" -");
}

void watch_text_change(const struct watch_change *c, const struct watch_stats *st)
{
	char when[32], local[ENDPOINT_LEN], peer[ENDPOINT_LEN];
	const struct watch_sock *w = c->sock;

	(void)st;
	printf("%s +%.3fs %s %s ", clock_text(c->when_ns, when, sizeof when),
	       (c->when_ns - w->seen_ns) / 1e9,
	       watch_endpoint(&w->d.src, w->d.sport, local, sizeof local),
	       watch_endpoint(&w->d.dst, w->d.dport, peer, sizeof peer));
	path_text(c);
	process_text(w);
	printf("%s\n", c->destroyed ? " (destroy message)" : "");
	fflush(stdout);
}

static void duration_text(const char *what, const struct watch_duration *d)
{
	printf("%-15s %4" PRIu64, what, d->n);
	if (d->n)
		printf(": min %.3f s, mean %.3f s, max %.3f s", d->min_ns / 1e9,
		       watch_duration_mean(d) / 1e9, d->max_ns / 1e9);
	printf("\n");
}

static void summary_text(const struct watch_summary *s, const struct watch_config *cfg)
{
	printf("summary: %" PRIu64 " %s began (%" PRIu64 " active, %" PRIu64 " passive), %" PRIu64
	       " closed; times to within a poll (%.0f ms)\n",
	       s->connections, nw_plural(s->connections, "connection", "connections"), s->active,
	       s->passive, s->closed, cfg->poll_ns / 1e6);
	for (int a = 0; a < NW_TCPS_UNKNOWN; a++)
		for (int b = 0; b < NW_TCPS_UNKNOWN; b++)
			if (s->edges[a][b])
				printf("transition %s -> %s: %" PRIu64 " (%" PRIu64 " inferred)\n",
				       nw_tcps_name((enum nw_tcps)a), nw_tcps_name((enum nw_tcps)b),
				       s->edges[a][b], s->inferred_edges[a][b]);
	duration_text("connect time", &s->connect);
	duration_text("lifetime", &s->lifetime);
	duration_text("TIME_WAIT time", &s->time_wait);
}

void watch_text_follow_end(const struct watch_stats *st, const struct watch_summary *sum,
			   const struct watch_config *cfg)
{
	printf("--- %" PRIu64 " %s (%" PRIu64 " states inferred, %" PRIu64
	       " sockets seen only at their end) in %" PRIu64 " polls over %.1f s; %" PRIu64
	       " destroy messages, %u overruns ---\n",
	       st->changes, nw_plural(st->changes, "change", "changes"), st->inferred, st->unseen,
	       st->polls, (st->end_ns - st->start_ns) / 1e9, st->destroyed, st->overruns);
	if (sum)
		summary_text(sum, cfg);
	fflush(stdout);
}
