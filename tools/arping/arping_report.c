/*
 * arping_report.c: everything nw-arping prints, as text or as JSON Lines
 * (docs/arping.md and the man page list the lines and the keys).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "arping_report.h"
#include "arping_session.h"
#include "cli/output.h"
#include "base/timeutil.h"

static const char *mode_name(enum arping_mode m)
{
	switch (m) {
	case ARPING_DAD:
		return "dad";
	case ARPING_ANNOUNCE:
		return "announce";
	case ARPING_REPLY_ANNOUNCE:
		return "reply-announce";
	case ARPING_SCAN:
		return "scan";
	default:
		return "request";
	}
}

/* Text lines other than the summary are suppressed by -q, JSON objects too. */
static bool chatty(const struct arping_session *s)
{
	return !s->cfg->quiet;
}

static const char *ip_str(const struct nw_addr *a, char *buf)
{
	return nw_addr_ntop(a, buf, NW_ADDRSTRLEN);
}

static const char *target_str(const struct arping_session *s, char *buf)
{
	if (s->cfg->mode != ARPING_SCAN)
		return ip_str(&s->target, buf);
	char net[NW_ADDRSTRLEN];
	snprintf(buf, NW_ADDRSTRLEN + 4, "%s/%d", ip_str(&s->cfg->scan_net, net),
		 s->cfg->scan_prefix);
	return buf;
}

static void json_start(struct arping_session *s)
{
	char t[NW_ADDRSTRLEN + 4], ip[NW_ADDRSTRLEN], mac[NW_MACSTRLEN];
	struct nw_json *j = &s->json;
	nw_json_begin(j);
	nw_json_str(j, "type", "start");
	nw_json_str(j, "mode", mode_name(s->cfg->mode));
	nw_json_str(j, "family", s->family == AF_INET6 ? "ipv6" : "ipv4");
	nw_json_str(j, "target", target_str(s, t));
	nw_json_str(j, "interface", s->ifname);
	nw_json_str(j, "source_ip", ip_str(&s->src, ip));
	nw_json_str(j, "source_mac", nw_mac_ntop(s->src_mac, mac));
	nw_json_end(j);
}

static void text_start(struct arping_session *s)
{
	char t[NW_ADDRSTRLEN + 4], ip[NW_ADDRSTRLEN], mac[NW_MACSTRLEN];
	const char *bold = nw_color(NW_BOLD), *reset = nw_color(NW_RESET);
	nw_mac_ntop(s->src_mac, mac);
	switch (s->cfg->mode) {
	case ARPING_DAD:
		printf("%sDAD %s on %s%s: probing with sender %s (%s)\n", bold, target_str(s, t),
		       s->ifname, reset, ip_str(&s->src, ip),
		       s->family == AF_INET6 ? "RFC 4862" : "RFC 5227");
		break;
	case ARPING_ANNOUNCE:
	case ARPING_REPLY_ANNOUNCE:
		printf("%sANNOUNCE %s is-at %s on %s%s (%s)\n", bold, target_str(s, t), mac,
		       s->ifname, reset,
		       s->family == AF_INET6		 ? "unsolicited advertisement"
		       : s->cfg->mode == ARPING_ANNOUNCE ? "gratuitous request"
							 : "unsolicited reply");
		break;
	case ARPING_SCAN:
		printf("%sSCAN %s on %s%s from %s: %u %s, %llu probes/s, %llu %s\n", bold,
		       target_str(s, t), s->ifname, reset, ip_str(&s->src, ip), s->scan_addresses,
		       nw_plural(s->scan_addresses, "address", "addresses"),
		       (unsigned long long)s->cfg->scan_rate,
		       (unsigned long long)s->cfg->scan_retries,
		       nw_plural(s->cfg->scan_retries, "retry", "retries"));
		break;
	default:
		printf("%sARPING %s on %s%s from %s %s\n", bold, target_str(s, t), s->ifname, reset,
		       ip_str(&s->src, ip), mac);
	}
}

void report_start(struct arping_session *s)
{
	if (!chatty(s))
		return;
	if (s->cfg->json)
		json_start(s);
	else
		text_start(s);
	fflush(stdout);
}

void report_reply(struct arping_session *s, uint64_t seq, const struct arping_event *ev,
		  double rtt_ms, bool wire, const char *note)
{
	char ip[NW_ADDRSTRLEN], mac[NW_MACSTRLEN];
	if (!chatty(s))
		return;
	if (s->cfg->json) {
		struct nw_json *j = &s->json;
		nw_json_begin(j);
		nw_json_str(j, "type", "reply");
		nw_json_uint(j, "seq", seq);
		nw_json_str(j, "ip", ip_str(&ev->ip, ip));
		nw_json_str(j, "mac", nw_mac_ntop(ev->mac, mac));
		nw_json_double(j, "rtt_ms", rtt_ms, 6);
		nw_json_str(j, "clock", wire ? "wire" : "user");
		nw_json_bool(j, "unicast", s->unicast);
		if (note && strcmp(note, "unicast") != 0)
			nw_json_str(j, "note", note);
		nw_json_end(j);
		return;
	}
	printf("reply from %s %s%s%s seq=%llu rtt=%.3f ms%s%s\n", ip_str(&ev->ip, ip),
	       nw_color(NW_GREEN), nw_mac_ntop(ev->mac, mac), nw_color(NW_RESET),
	       (unsigned long long)seq, rtt_ms, note ? " " : "", note ? note : "");
	fflush(stdout);
}

void report_timeout(struct arping_session *s, uint64_t seq)
{
	if (!chatty(s))
		return;
	if (s->cfg->json) {
		nw_json_begin(&s->json);
		nw_json_str(&s->json, "type", "timeout");
		nw_json_uint(&s->json, "seq", seq);
		nw_json_end(&s->json);
		return;
	}
	printf("no reply to seq=%llu within %.3f s\n", (unsigned long long)seq,
	       (double)s->timeout_ns / NW_NS_PER_S);
	fflush(stdout);
}

void report_foreign(struct arping_session *s, const struct arping_event *ev)
{
	char ip[NW_ADDRSTRLEN], mac[NW_MACSTRLEN], to_ip[NW_ADDRSTRLEN], to_mac[NW_MACSTRLEN];
	if (!chatty(s))
		return;
	ip_str(&ev->ip, ip);
	ip_str(&ev->to_ip, to_ip);
	nw_mac_ntop(ev->mac, mac);
	nw_mac_ntop(ev->to_mac, to_mac);
	if (s->cfg->json) {
		struct nw_json *j = &s->json;
		nw_json_begin(j);
		nw_json_str(j, "type", "foreign");
		nw_json_str(j, "ip", ip);
		nw_json_str(j, "mac", mac);
		nw_json_str(j, "to_ip", to_ip);
		nw_json_str(j, "to_mac", to_mac);
		nw_json_end(j);
		return;
	}
	printf("%sforeign reply: %s %s answered %s (not our request)%s\n", nw_color(NW_DIM), ip,
	       mac, to_ip, nw_color(NW_RESET));
	fflush(stdout);
}

void report_conflict(struct arping_session *s, const struct arping_event *ev)
{
	char ip[NW_ADDRSTRLEN], mac[NW_MACSTRLEN];
	ip_str(&ev->ip, ip);
	if (s->cfg->json) {
		struct nw_json *j = &s->json;
		nw_json_begin(j);
		nw_json_str(j, "type", "conflict");
		nw_json_str(j, "ip", ip);
		nw_json_begin_array(j, "macs");
		for (int i = 0; i < s->nmacs; i++)
			nw_json_str(j, NULL, nw_mac_ntop(s->macs[i], mac));
		nw_json_end_array(j);
		nw_json_end(j);
		return;
	}
	/* Printed even with -q: two MACs for one address is what the user must see. */
	printf("%sCONFLICT: %s is claimed by ", nw_color(NW_RED), ip);
	for (int i = 0; i < s->nmacs; i++)
		printf("%s%s",
		       i == 0		   ? ""
		       : i + 1 == s->nmacs ? " and "
					   : ", ",
		       nw_mac_ntop(s->macs[i], mac));
	printf(" (duplicate address or ARP spoofing)%s\n", nw_color(NW_RESET));
	fflush(stdout);
}

void report_in_use(struct arping_session *s, const struct arping_event *ev)
{
	char ip[NW_ADDRSTRLEN], mac[NW_MACSTRLEN];
	ip_str(&s->target, ip);
	nw_mac_ntop(ev->mac, mac);
	if (s->cfg->json) {
		if (!chatty(s))
			return;
		nw_json_begin(&s->json);
		nw_json_str(&s->json, "type", "in_use");
		nw_json_str(&s->json, "ip", ip);
		nw_json_str(&s->json, "mac", mac);
		nw_json_end(&s->json);
		return;
	}
	printf("%s%s is in use by %s%s\n", nw_color(NW_RED), ip, mac, nw_color(NW_RESET));
	fflush(stdout);
}

void report_sent(struct arping_session *s, uint64_t seq)
{
	if (!chatty(s))
		return;
	if (s->cfg->json) {
		nw_json_begin(&s->json);
		nw_json_str(&s->json, "type", "sent");
		nw_json_uint(&s->json, "seq", seq);
		nw_json_end(&s->json);
		return;
	}
	printf("sent seq=%llu\n", (unsigned long long)seq);
	fflush(stdout);
}

void report_host(struct arping_session *s, const struct arping_event *ev, double rtt_ms)
{
	char ip[NW_ADDRSTRLEN], mac[NW_MACSTRLEN];
	if (!chatty(s))
		return;
	ip_str(&ev->ip, ip);
	nw_mac_ntop(ev->mac, mac);
	if (s->cfg->json) {
		nw_json_begin(&s->json);
		nw_json_str(&s->json, "type", "host");
		nw_json_str(&s->json, "ip", ip);
		nw_json_str(&s->json, "mac", mac);
		nw_json_double(&s->json, "rtt_ms", rtt_ms, 6);
		nw_json_end(&s->json);
		return;
	}
	if (nw_progress_wanted())
		fputs("\r\033[K", stderr); /* clear the progress line before the host line */
	printf("%s\t%s\t%.3f\n", ip, mac, rtt_ms);
	fflush(stdout);
}

static const char *clock_text(const struct arping_session *s)
{
	static char buf[96];
	if (s->user_clock_used)
		return "user space CLOCK_MONOTONIC (our frames were not all seen leaving)";
	snprintf(buf, sizeof(buf), "wire, %s", nw_cap_clock_name(s->cap));
	return buf;
}

static void json_summary(struct arping_session *s, int64_t elapsed_ns, int status)
{
	char t[NW_ADDRSTRLEN + 4];
	struct nw_json *j = &s->json;
	nw_json_begin(j);
	nw_json_str(j, "type", "summary");
	nw_json_str(j, "target", target_str(s, t));
	nw_json_uint(j, "sent", s->sent);
	nw_json_uint(j, "received", s->received);
	nw_json_uint(j, "extra", s->extra);
	double loss = s->sent ? 100.0 * (double)(s->sent - s->received) / (double)s->sent : 0.0;
	nw_json_double(j, "loss_pct", loss, 1);
	nw_json_double(j, "elapsed_ms", nw_ns_to_ms(elapsed_ns), 3);
	if (s->rtt.n) {
		nw_json_begin_object(j, "rtt_ms");
		nw_json_double(j, "min", s->rtt.min, 6);
		nw_json_double(j, "avg", nw_stats_avg(&s->rtt), 6);
		nw_json_double(j, "max", s->rtt.max, 6);
		nw_json_double(j, "mdev", nw_stats_mdev(&s->rtt), 6);
		nw_json_end_object(j);
	} else {
		nw_json_null(j, "rtt_ms");
	}
	nw_json_str(j, "clock", s->user_clock_used ? "user" : "wire");
	nw_json_bool(j, "conflict", s->conflict);
	if (s->cfg->mode == ARPING_DAD)
		nw_json_bool(j, "in_use", s->in_use);
	if (s->cfg->mode == ARPING_SCAN) {
		nw_json_uint(j, "addresses", s->scan_addresses);
		nw_json_uint(j, "scanned", s->scan_probed);
		nw_json_bool(j, "complete", s->scan_complete);
		nw_json_uint(j, "hosts", s->hosts_up);
	}
	nw_json_int(j, "exit", status);
	nw_json_end(j);
}

static void text_summary(struct arping_session *s, int64_t elapsed_ns)
{
	char t[NW_ADDRSTRLEN + 4];
	double secs = (double)elapsed_ns / NW_NS_PER_S;
	switch (s->cfg->mode) {
	case ARPING_DAD:
		if (!s->in_use)
			printf("%s%s is free%s: %llu %s, no answer\n", nw_color(NW_GREEN),
			       target_str(s, t), nw_color(NW_RESET), (unsigned long long)s->sent,
			       nw_plural(s->sent, "probe", "probes"));
		return;
	case ARPING_ANNOUNCE:
	case ARPING_REPLY_ANNOUNCE:
		printf("%llu %s sent\n", (unsigned long long)s->sent,
		       nw_plural(s->sent, "announcement", "announcements"));
		return;
	case ARPING_SCAN:
		if (s->scan_complete)
			printf("--- %llu %s up, %u %s scanned in %.3f s ---\n",
			       (unsigned long long)s->hosts_up,
			       nw_plural(s->hosts_up, "host", "hosts"), s->scan_addresses,
			       nw_plural(s->scan_addresses, "address", "addresses"), secs);
		else
			printf("--- scan cut short: %u of %u address%s probed, %llu host%s up in "
			       "%.3f s ---\n",
			       s->scan_probed, s->scan_addresses,
			       s->scan_addresses == 1 ? "" : "es", (unsigned long long)s->hosts_up,
			       s->hosts_up == 1 ? "" : "s", secs);
		return;
	default:
		break;
	}
	unsigned long long sent = s->sent, recv = s->received;
	printf("\n--- %s statistics ---\n", target_str(s, t));
	printf("%llu sent, %llu received, %.0f%% loss", sent, recv,
	       sent ? 100.0 * (double)(sent - recv) / (double)sent : 0.0);
	if (s->extra)
		printf(", %llu extra", (unsigned long long)s->extra); /* Habets' word */
	printf(", time %.3f s\n", secs);
	if (s->rtt.n)
		printf("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms (clock: %s)\n", s->rtt.min,
		       nw_stats_avg(&s->rtt), s->rtt.max, nw_stats_mdev(&s->rtt), clock_text(s));
}

void report_summary(struct arping_session *s, int64_t elapsed_ns, int status)
{
	if (s->cfg->json)
		json_summary(s, elapsed_ns, status);
	else
		text_summary(s, elapsed_ns);
	fflush(stdout);
}
