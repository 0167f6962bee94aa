/* watch_json.c: the snapshot as JSON Lines (docs/watch.md lists the keys). */
#include "config.h"

#include <stdio.h>

#include "base/timeutil.h"
#include "watch_json.h"

static void addr_key(struct nw_json *j, const char *key, const struct nw_addr *a)
{
	char buf[48];

	nw_json_str(j, key, nw_addr_ntop(a, buf, sizeof buf));
}

static void owner_keys(struct nw_json *j, const struct watch_sock *w)
{
	nw_json_begin_array(j, "processes");
	for (size_t i = 0; i < w->nowners; i++) {
		nw_json_begin_object(j, NULL);
		nw_json_int(j, "pid", w->owners[i].pid);
		nw_json_str(j, "comm", w->owners[i].comm);
		nw_json_int(j, "fd", w->owners[i].fd);
		nw_json_end_object(j);
	}
	nw_json_end_array(j);
	nw_json_str(j, "no_process", watch_sock_no_owner(w));
}

void watch_json_sock_keys(struct nw_json *j, const struct watch_sock *w)
{
	const char *timer = watch_sock_timer_name(w);

	nw_json_str(j, "proto", w->udp ? "udp" : "tcp");
	nw_json_str(j, "state", watch_sock_state_name(w));
	addr_key(j, "local", &w->d.src);
	nw_json_uint(j, "local_port", w->d.sport);
	addr_key(j, "peer", &w->d.dst);
	nw_json_uint(j, "peer_port", w->d.dport);
	nw_json_uint(j, "recv_q", w->d.rqueue);
	nw_json_uint(j, "send_q", w->d.wqueue);
	nw_json_str(j, "timer", timer);
	if (timer)
		nw_json_uint(j, "timer_ms", w->d.expires_ms);
	nw_json_uint(j, "retrans", w->d.retrans);
	if (w->d.has_info) {
		nw_json_double(j, "rtt_ms", w->d.rtt_us / 1000.0, 3);
		nw_json_double(j, "rto_ms", w->d.rto_us / 1000.0, 3);
		nw_json_uint(j, "cwnd", w->d.snd_cwnd);
	}
	nw_json_uint(j, "uid", w->d.uid);
	nw_json_uint(j, "inode", w->d.inode);
	nw_json_uint(j, "cookie", w->d.cookie);
	owner_keys(j, w);
}

static void summary(struct nw_json *j, const struct watch_snap *s, const struct watch_config *cfg)
{
	nw_json_begin(j);
	nw_json_str(j, "type", "summary");
	nw_json_str(j, "proto", cfg->udp ? "udp" : "tcp");
	nw_json_uint(j, "sockets", s->n);
	nw_json_begin_object(j, "states");
	for (int st = NW_TCPS_CLOSED; st <= NW_TCPS_UNKNOWN; st++)
		if (s->count[st])
			nw_json_uint(j, watch_state_label((enum nw_tcps)st, cfg->udp),
				     s->count[st]);
	nw_json_end_object(j);
	nw_json_uint(j, "processes_unreadable", s->owners.unreadable);
	nw_json_str(j, "processes_error", s->owners_error ? s->owners_why : NULL);
	nw_json_end(j);
}

void watch_json_snapshot(const struct watch_snap *s, const struct watch_config *cfg)
{
	struct nw_json j;

	nw_json_init(&j, stdout);
	for (size_t i = 0; i < s->n && !cfg->quiet; i++) {
		nw_json_begin(&j);
		nw_json_str(&j, "type", "socket");
		watch_json_sock_keys(&j, &s->v[i]);
		nw_json_end_buffered(&j);
	}
	summary(&j, s, cfg);
}

void watch_json_follow_start(const struct watch_stats *st, const struct watch_config *cfg)
{
	struct nw_json j;

	nw_json_init(&j, stdout);
	nw_json_begin(&j);
	nw_json_str(&j, "type", "start");
	nw_json_str(&j, "backend", st->backend);
	nw_json_double(&j, "poll_ms", cfg->poll_ns / 1e6, 3);
	nw_json_uint(&j, "sockets", st->sockets_at_start);
	nw_json_bool(&j, "may_miss", true);
	nw_json_end(&j);
}

void watch_json_change(const struct watch_change *c, const struct watch_stats *st)
{
	const struct watch_sock *w = c->sock;
	struct nw_json j;

	(void)st;
	nw_json_init(&j, stdout);
	nw_json_begin(&j);
	nw_json_str(&j, "type", "change");
	nw_json_double(&j, "time", (nw_realtime_ns() - nw_mono_ns() + c->when_ns) / 1e9, 6);
	nw_json_double(&j, "elapsed_s", (c->when_ns - w->seen_ns) / 1e9, 3);
	addr_key(&j, "local", &w->d.src);
	nw_json_uint(&j, "local_port", w->d.sport);
	addr_key(&j, "peer", &w->d.dst);
	nw_json_uint(&j, "peer_port", w->d.dport);
	nw_json_str(&j, "from", c->from == NW_TCPS_UNKNOWN ? NULL : nw_tcps_name(c->from));
	nw_json_str(&j, "to", nw_tcps_name(c->to));
	nw_json_begin_array(&j, "inferred");
	for (int i = 0; i < c->nvia; i++)
		nw_json_str(&j, NULL, nw_tcps_name(c->via[i]));
	nw_json_end_array(&j);
	if (c->to == NW_TCPS_TIME_WAIT && w->d.timer == NW_SOCKDIAG_TIMER_TIMEWAIT)
		nw_json_uint(&j, "timer_ms", w->d.expires_ms);
	nw_json_bool(&j, "destroy_message", c->destroyed);
	owner_keys(&j, w);
	if (w->has_owner) {
		nw_json_begin_object(&j, "process");
		nw_json_int(&j, "pid", w->owner.pid);
		nw_json_str(&j, "comm", w->owner.comm);
		nw_json_end_object(&j);
	} else {
		nw_json_null(&j, "process");
	}
	nw_json_end(&j);
}

static void duration_keys(struct nw_json *j, const char *key, const struct watch_duration *d)
{
	nw_json_begin_object(j, key);
	nw_json_uint(j, "count", d->n);
	if (d->n) {
		nw_json_double(j, "min_ms", d->min_ns / 1e6, 3);
		nw_json_double(j, "mean_ms", watch_duration_mean(d) / 1e6, 3);
		nw_json_double(j, "max_ms", d->max_ns / 1e6, 3);
	}
	nw_json_end_object(j);
}

static void summary_keys(struct nw_json *j, const struct watch_summary *s)
{
	nw_json_uint(j, "connections", s->connections);
	nw_json_uint(j, "active", s->active);
	nw_json_uint(j, "passive", s->passive);
	nw_json_uint(j, "closed", s->closed);
	nw_json_begin_array(j, "transitions");
	for (int a = 0; a < NW_TCPS_UNKNOWN; a++)
		for (int b = 0; b < NW_TCPS_UNKNOWN; b++) {
			if (!s->edges[a][b])
				continue;
			nw_json_begin_object(j, NULL);
			nw_json_str(j, "from", nw_tcps_name((enum nw_tcps)a));
			nw_json_str(j, "to", nw_tcps_name((enum nw_tcps)b));
			nw_json_uint(j, "count", s->edges[a][b]);
			nw_json_uint(j, "inferred", s->inferred_edges[a][b]);
			nw_json_end_object(j);
		}
	nw_json_end_array(j);
	duration_keys(j, "connect_time", &s->connect);
	duration_keys(j, "lifetime", &s->lifetime);
	duration_keys(j, "time_wait_time", &s->time_wait);
}

void watch_json_follow_end(const struct watch_stats *st, const struct watch_summary *sum)
{
	struct nw_json j;

	nw_json_init(&j, stdout);
	nw_json_begin(&j);
	nw_json_str(&j, "type", "summary");
	nw_json_str(&j, "backend", st->backend);
	nw_json_uint(&j, "changes", st->changes);
	nw_json_uint(&j, "inferred", st->inferred);
	nw_json_uint(&j, "unseen", st->unseen);
	nw_json_uint(&j, "polls", st->polls);
	nw_json_uint(&j, "destroy_messages", st->destroyed);
	nw_json_uint(&j, "overruns", st->overruns);
	nw_json_double(&j, "seconds", (st->end_ns - st->start_ns) / 1e9, 3);
	if (sum)
		summary_keys(&j, sum);
	nw_json_end(&j);
}
