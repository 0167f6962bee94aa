/*
 * stats.h: running min/avg/max/mdev of RTT samples, as ping prints them
 * (mdev is the population standard deviation).
 */
#ifndef NW_STATS_H
#define NW_STATS_H

#include <stddef.h>

struct nw_stats {
	size_t n;
	double min, max, sum, sumsq;
};

void nw_stats_init(struct nw_stats *s);
void nw_stats_add(struct nw_stats *s, double v);
double nw_stats_avg(const struct nw_stats *s);
double nw_stats_mdev(const struct nw_stats *s);
/* Median of v[0..n) (sorts v in place); 0 when n == 0. */
double nw_median(double *v, size_t n);

#endif
