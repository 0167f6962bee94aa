/*
 * stats.c: min/avg/max/mdev of RTT samples, as ping prints them.  mdev is
 * the population standard deviation sqrt(E[x^2] - E[x]^2); rounding can
 * make that variance a tiny negative number, which is clamped to 0, and a
 * run of identical samples gives exactly 0.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "base/stats.h"

void nw_stats_init(struct nw_stats *s)
{
	s->n = 0;
	s->min = s->max = s->sum = s->sumsq = 0.0;
}

/* NaN and infinities are not samples: they are ignored. */
void nw_stats_add(struct nw_stats *s, double v)
{
	if (!isfinite(v))
		return;
	if (s->n == 0 || v < s->min)
		s->min = v;
	if (s->n == 0 || v > s->max)
		s->max = v;
	s->n++;
	s->sum += v;
	s->sumsq += v * v;
}

double nw_stats_avg(const struct nw_stats *s)
{
	return s->n ? s->sum / (double)s->n : 0.0;
}

double nw_stats_mdev(const struct nw_stats *s)
{
	if (s->n < 2 || s->min == s->max)
		return 0.0;
	double n = (double)s->n;
	double mean = s->sum / n;
	double var = s->sumsq / n - mean * mean;
	return var > 0.0 ? sqrt(var) : 0.0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double nw_median(double *v, size_t n)
{
	if (n == 0)
		return 0.0;
	qsort(v, n, sizeof v[0], cmp_double);
	if (n % 2)
		return v[n / 2];
	return v[n / 2 - 1] + (v[n / 2] - v[n / 2 - 1]) / 2.0;
}
