/* capture.c: packet capture through libpcap (live, pcap and pcapng files); see capture.h. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/errbuf.h"
#include "base/timeutil.h"
#include "sys/capture.h"
#include "sys/priv.h"
#include "wire/pkt.h"

#define READ_TIMEOUT_MS 10 /* pcap_set_timeout(): also the poll period without a selectable fd */

struct nw_cap {
	pcap_t *p;
	bool live;
	bool nano;
	int fd;
	int64_t period_ns; /* see nw_cap_poll_period_ns() */
};

static struct nw_cap *cap_new(pcap_t *p, bool live)
{
	struct nw_cap *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->p = p;
	c->live = live;
	c->fd = -1;
	c->period_ns = 0; /* a file: always readable */
#ifdef HAVE_PCAP_SET_TSTAMP_PRECISION
	c->nano = pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO;
#endif
	return c;
}

int nw_cap_set_filter(struct nw_cap *c, const char *bpf, char *err, size_t errlen)
{
	struct bpf_program prog;

	if (!bpf)
		bpf = "";
	if (pcap_compile(c->p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) == -1) {
		nw_err_set(err, errlen, "bad filter '%s': %s", bpf, pcap_geterr(c->p));
		return -1;
	}
	if (pcap_setfilter(c->p, &prog) == -1) {
		nw_err_set(err, errlen, "cannot set filter '%s': %s", bpf, pcap_geterr(c->p));
		pcap_freecode(&prog);
		return -1;
	}
	pcap_freecode(&prog);
	return 0;
}

/* One line for what pcap_activate() returned. */
static void activate_error(pcap_t *p, int rc, const char *dev, char *err, size_t errlen)
{
	const char *detail = pcap_geterr(p);

	switch (rc) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		nw_err_set(err, errlen, "cannot capture on '%s': No such device exists", dev);
		break;
	case PCAP_ERROR_PERM_DENIED:
		nw_err_set(err, errlen,
			   "cannot capture on '%s': permission denied (need root or cap_net_raw)",
			   dev);
		break;
	case PCAP_ERROR_IFACE_NOT_UP:
		nw_err_set(err, errlen, "cannot capture on '%s': interface is down", dev);
		break;
	case PCAP_ERROR_RFMON_NOTSUP:
		nw_err_set(err, errlen, "cannot capture on '%s': monitor mode not supported", dev);
		break;
	default:
		if (detail && *detail)
			nw_err_set(err, errlen, "cannot capture on '%s': %s", dev, detail);
		else
			nw_err_set(err, errlen, "cannot capture on '%s': %s", dev,
				   pcap_statustostr(rc));
		break;
	}
}

/*
 * How a live handle can be waited for (pcap_get_selectable_fd(3PCAP)): a
 * descriptor poll() wakes on, or none (-1), and then the handle is read
 * every read timeout.  Where libpcap asks for a periodic wakeup even with a
 * descriptor (pcap_get_required_select_timeout(3PCAP)), that period wins.
 */
static void selectable(struct nw_cap *c)
{
	c->fd = pcap_get_selectable_fd(c->p);
	c->period_ns = c->fd < 0 ? READ_TIMEOUT_MS * NW_NS_PER_MS : -1;
#ifdef HAVE_PCAP_GET_REQUIRED_SELECT_TIMEOUT
	const struct timeval *tv = pcap_get_required_select_timeout(c->p);
	if (tv)
		c->period_ns =
		    (int64_t)tv->tv_sec * NW_NS_PER_S + (int64_t)tv->tv_usec * NW_NS_PER_US;
#endif
}

/* Wrap an opened handle and set its filter; closes p on failure. */
static struct nw_cap *cap_finish(pcap_t *p, bool live, const char *bpf, char *err, size_t errlen)
{
	struct nw_cap *c = cap_new(p, live);
	if (!c) {
		nw_err_set(err, errlen, "out of memory");
		pcap_close(p);
		return NULL;
	}
	if (bpf && nw_cap_set_filter(c, bpf, err, errlen) == -1) {
		nw_cap_close(c);
		return NULL;
	}
	if (live)
		selectable(c);
	return c;
}

struct nw_cap *nw_cap_open_live(const char *ifname, const char *bpf, int snaplen, char *err,
				size_t errlen)
{
	return nw_cap_open_live_buffer(ifname, bpf, snaplen, 0, err, errlen);
}

struct nw_cap *nw_cap_open_live_buffer(const char *ifname, const char *bpf, int snaplen,
				       size_t buffer, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	const char *dev = ifname ? ifname : "any";
	pcap_t *p;
	int rc;

	p = pcap_create(ifname, ebuf);
	if (!p) {
		nw_err_set(err, errlen, "cannot capture on '%s': %s", dev, ebuf);
		return NULL;
	}
	if (snaplen <= 0)
		snaplen = 262144;
	if (pcap_set_snaplen(p, snaplen) != 0 || pcap_set_promisc(p, 0) != 0 ||
	    pcap_set_immediate_mode(p, 1) != 0 || pcap_set_timeout(p, READ_TIMEOUT_MS) != 0) {
		nw_err_set(err, errlen, "cannot capture on '%s': cannot set capture options", dev);
		pcap_close(p);
		return NULL;
	}
	if (buffer && buffer <= INT_MAX && pcap_set_buffer_size(p, (int)buffer) != 0) {
		nw_err_set(err, errlen, "cannot capture on '%s': cannot set the buffer size", dev);
		pcap_close(p);
		return NULL;
	}
#ifdef HAVE_PCAP_SET_TSTAMP_PRECISION
	/* Not every platform has nanosecond timestamps: then stay at microseconds. */
	if (pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO) != 0)
		(void)pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_MICRO);
#endif
	/* The only call that needs a capability (a packet socket): raised for it alone. */
	if (nw_priv_raise(err, errlen) != 0) {
		pcap_close(p);
		return NULL;
	}
	rc = pcap_activate(p);
	if (nw_priv_lower(err, errlen) != 0) {
		pcap_close(p);
		return NULL;
	}
	if (rc < 0) {
		activate_error(p, rc, dev, err, errlen);
		pcap_close(p);
		return NULL;
	}
	/* rc > 0 is a warning (promiscuous mode not supported, ...): go on. */
	if (pcap_setnonblock(p, 1, ebuf) == -1) {
		nw_err_set(err, errlen, "cannot capture on '%s': %s", dev, ebuf);
		pcap_close(p);
		return NULL;
	}
	return cap_finish(p, true, bpf, err, errlen);
}

struct nw_cap *nw_cap_open_file(const char *path, const char *bpf, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p;

#ifdef HAVE_PCAP_SET_TSTAMP_PRECISION
	p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, ebuf);
#else
	p = pcap_open_offline(path, ebuf);
#endif
	if (!p) {
		/* libpcap often starts its message with the path again. */
		size_t pl = strlen(path);
		const char *msg = ebuf;

		if (strncmp(msg, path, pl) == 0 && msg[pl] == ':' && msg[pl + 1] == ' ')
			msg += pl + 2;
		nw_err_set(err, errlen, "cannot read '%s': %s", path, msg);
		return NULL;
	}
	return cap_finish(p, false, bpf, err, errlen);
}

int nw_cap_fd(const struct nw_cap *c)
{
	return c->fd;
}

int64_t nw_cap_poll_period_ns(const struct nw_cap *c)
{
	return c->period_ns;
}

int nw_cap_linktype(const struct nw_cap *c)
{
	int dlt = pcap_datalink(c->p);

	/*
	 * pcap_datalink() gives the platform's DLT_ value; a few differ from
	 * the LINKTYPE_ numbers in files (raw IP is DLT_RAW, 12 or 14, but
	 * LINKTYPE_RAW 101).  Hand out the LINKTYPE_ numbers nw_decode() knows.
	 */
#ifdef DLT_RAW
	if (dlt == DLT_RAW)
		return NW_LINK_RAW;
#endif
#ifdef DLT_LOOP
	if (dlt == DLT_LOOP)
		return NW_LINK_LOOP;
#endif
	return dlt;
}

bool nw_cap_nanosecond(const struct nw_cap *c)
{
	return c->nano;
}

const char *nw_cap_clock_name(const struct nw_cap *c)
{
	if (c->live)
		return c->nano ? "pcap ns timestamps" : "pcap us timestamps";
	return c->nano ? "pcap file ns timestamps" : "pcap file us timestamps";
}

int nw_cap_next(struct nw_cap *c, struct nw_cap_pkt *out, char *err, size_t errlen)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc = pcap_next_ex(c->p, &h, &data);

	switch (rc) {
	case 1:
		out->ts_ns = (int64_t)h->ts.tv_sec * 1000000000 +
			     (int64_t)h->ts.tv_usec * (c->nano ? 1 : 1000);
		out->caplen = h->caplen;
		out->len = h->len;
		out->data = data;
		return 1;
	case 0:
		return 0;
	case PCAP_ERROR_BREAK:
		return -1;
	default:
		nw_err_set(err, errlen, "capture failed: %s", pcap_geterr(c->p));
		return -2;
	}
}

int nw_cap_stats(struct nw_cap *c, struct nw_cap_stats *out)
{
	struct pcap_stat st;

	memset(out, 0, sizeof(*out));
	if (pcap_stats(c->p, &st) != 0)
		return -1;
	out->received = st.ps_recv;
	out->dropped = st.ps_drop;
	out->if_dropped = st.ps_ifdrop;
	return 0;
}

void nw_cap_close(struct nw_cap *c)
{
	if (!c)
		return;
	pcap_close(c->p);
	free(c);
}
