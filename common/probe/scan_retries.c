/*
 * scan_retries.c: how many times a silent probe is sent again.  With
 * cfg.retries_max set, the allowance starts at cfg.retries and grows by
 * one each time a probe is answered only by its last allowed send: that
 * answer says the path loses enough for a probe to need every send it had,
 * so a silent probe may be a lost one too (nmap grows its tries from the
 * highest one that was answered, up to --max-retries, the same way).  On a
 * path that loses nothing, no probe needs a retry and silent (filtered)
 * ports cost no more than cfg.retries sends.  Losses come in bursts (a
 * policer overshot, a queue full): probes answered on their last send in
 * a burst raise the allowance while the others lost in it still wait, and
 * those get one more send.
 */
#include "config.h"

#include "probe/scan_internal.h"

unsigned nw_scan_retries_cap(const struct nw_scan *s)
{
	return s->cfg.retries_max > s->cfg.retries ? s->cfg.retries_max : s->cfg.retries;
}

void nw_scan_retries_learn(struct nw_scan *s, const struct nw_probe_result *res)
{
	unsigned allowed = s->stats.retries_allowed;

	if (!s->cfg.retries_max || res->outcome != NW_PROBE_ANSWERED ||
	    allowed >= s->cfg.retries_max)
		return;
	if (res->attempts < allowed + 1)
		return; /* answered with sends to spare */
	s->stats.retries_allowed = allowed + 1;
	nw_probe_set_retries(s->engine, allowed + 1);
}
