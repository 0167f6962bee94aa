/* tcppath.c: shortest paths in RFC 9293's state diagram (3.3.2), as Linux moves a socket. */
#include "config.h"

#include "tcp/tcppath.h"

#define NSTATES NW_TCPS_UNKNOWN

/* The edges besides "any state -> CLOSED", the usual ones first; CLOSED ->
 * SYN_RECEIVED is a listener's new socket (passive), CLOSED -> SYN_SENT a connect(). */
static const struct {
	enum nw_tcps from, to;
} edges[] = {
    {NW_TCPS_CLOSED, NW_TCPS_LISTEN},		{NW_TCPS_CLOSED, NW_TCPS_SYN_SENT},
    {NW_TCPS_CLOSED, NW_TCPS_SYN_RECEIVED},	{NW_TCPS_SYN_SENT, NW_TCPS_ESTABLISHED},
    {NW_TCPS_SYN_SENT, NW_TCPS_SYN_RECEIVED},	{NW_TCPS_SYN_RECEIVED, NW_TCPS_ESTABLISHED},
    {NW_TCPS_SYN_RECEIVED, NW_TCPS_FIN_WAIT_1}, {NW_TCPS_ESTABLISHED, NW_TCPS_FIN_WAIT_1},
    {NW_TCPS_ESTABLISHED, NW_TCPS_CLOSE_WAIT},	{NW_TCPS_FIN_WAIT_1, NW_TCPS_FIN_WAIT_2},
    {NW_TCPS_FIN_WAIT_1, NW_TCPS_CLOSING},	{NW_TCPS_FIN_WAIT_1, NW_TCPS_TIME_WAIT},
    {NW_TCPS_FIN_WAIT_2, NW_TCPS_TIME_WAIT},	{NW_TCPS_CLOSING, NW_TCPS_TIME_WAIT},
    {NW_TCPS_CLOSE_WAIT, NW_TCPS_LAST_ACK},
};

/* The edge e of the table (or, past it, a -> CLOSED) when it leaves a and suits passive. */
static bool edge_from(size_t e, enum nw_tcps a, bool passive, enum nw_tcps *b)
{
	size_t n = sizeof edges / sizeof edges[0];

	if (e == n) { /* a reset or an abort: from anywhere but CLOSE_WAIT, whose usual */
		*b = NW_TCPS_CLOSED; /* end (close(): LAST_ACK) is the better guess for a poller */
		return a != NW_TCPS_CLOSED && a != NW_TCPS_CLOSE_WAIT;
	}
	if (edges[e].from != a)
		return false;
	*b = edges[e].to;
	return !(a == NW_TCPS_CLOSED && *b == (passive ? NW_TCPS_SYN_SENT : NW_TCPS_SYN_RECEIVED));
}

int nw_tcps_path(enum nw_tcps from, enum nw_tcps to, bool passive, enum nw_tcps *via, size_t max)
{
	int prev[NSTATES], queue[NSTATES], head = 0, tail = 0, n = 0;
	enum nw_tcps rev[NSTATES];

	if ((unsigned)from >= NSTATES || (unsigned)to >= NSTATES || from == to)
		return -1;
	for (int s = 0; s < NSTATES; s++)
		prev[s] = -2; /* not reached */
	prev[from] = -1;
	queue[tail++] = from;
	while (head < tail && prev[to] == -2) { /* breadth first: the first path is a shortest */
		int a = queue[head++];
		enum nw_tcps b;
		/* In the table's order: the usual way first (SYN_SENT -> ESTABLISHED
		 * before a simultaneous open's SYN_RECEIVED). */
		for (size_t e = 0; e <= sizeof edges / sizeof edges[0]; e++) {
			if (edge_from(e, (enum nw_tcps)a, passive, &b) && prev[b] == -2) {
				prev[b] = a;
				queue[tail++] = b;
			}
		}
	}
	if (prev[to] == -2)
		return -1;
	for (int s = prev[to]; s != (int)from; s = prev[s])
		rev[n++] = (enum nw_tcps)s;
	for (int i = 0; i < n && (size_t)i < max; i++)
		via[i] = rev[n - 1 - i];
	return n;
}
