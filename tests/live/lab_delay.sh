#!/bin/bash
# lab_delay.sh: nw-lab-delay, the lab's link delay and loss (ns_delay: an
# NFQUEUE delay line at one end of a link).  The ping RTT through a link
# with D ms each way is within 10% of 2 x D for D = 2, 5 and 10 ms (the
# median of 40 pings, IPv4 and IPv6); a 20% loss each way loses about
# 1 - 0.8^2 = 36% of the pings; the program ends on SIGTERM.
#
#   a (198.18.0.1) -- b (198.18.0.2), the delay in b on b's end
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-lab-delay iptables ip6tables ping timeout
nw_setup
nw_host a
nw_host b
nw_link a eth0 b eth0
nw_addr a eth0 198.18.0.1/24
nw_addr b eth0 198.18.0.2/24
nw_addr a eth0 2001:db8::1/64
nw_addr b eth0 2001:db8::2/64
prog=$(command -v nw-lab-delay)
q=0

# median_rtt DST: the median RTT (ms) of 40 pings from a to DST.
median_rtt() {
	nw_run 30 a ping -n -c 40 -i 0.05 -W 2 "$1"
	printf '%s\n' "$NW_OUT" | sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' | sort -n |
		awk '{ v[NR] = $1 } END { if (NR < 30) print "lost"; else print v[int((NR + 1) / 2)] }'
}

# stop_delay: TERM the delay line running in b (the only process there)
# and wait until it is gone.
stop_delay() {
	local pid
	pid=$(ip netns pids "$(nw_ns b)" | head -n 1)
	[ -n "$pid" ] || nw_fail "no nw-lab-delay running in b"
	kill -TERM "$pid"
	nw_wait_until 5 sh -c "! kill -0 $pid 2>/dev/null" || nw_fail "nw-lab-delay did not end on SIGTERM"
}

# delay_on D LOSS: a fresh delay line of D ms and LOSS % on b's end (the
# one before is stopped and its rules removed).
delay_on() {
	local t
	if [ "$q" -gt 0 ]; then
		for t in iptables ip6tables; do
			nw_in b "$t" -w 5 -t mangle -F
		done
		stop_delay
	fi
	q=$((q + 1))
	ns_delay "$(nw_ns b)" eth0 "$q" "$1" "$2" "$prog" || nw_fail "ns_delay $1 ms $2%"
}

for d in 2 5 10; do
	delay_on "$d" 0
	for dst in 198.18.0.2 2001:db8::2; do
		m=$(median_rtt "$dst")
		awk -v m="$m" -v d="$d" 'BEGIN { exit !(m != "lost" && m >= 1.8 * d && m <= 2.2 * d) }' ||
			nw_fail "D=$d ms to $dst: median RTT $m ms, not within 10% of $((2 * d)) ms"
		nw_pass "D=$d ms to $dst: median RTT $m ms (2D = $((2 * d)) ms)"
	done
done

delay_on 1 20
nw_run 30 a ping -n -q -c 200 -i 0.01 -W 1 198.18.0.2
got=$(printf '%s\n' "$NW_OUT" | sed -n 's/.* \([0-9]*\) received.*/\1/p')
if [ -z "$got" ] || [ "$got" -lt 90 ] || [ "$got" -gt 165 ]; then
	nw_fail "20% loss each way: $got of 200 pings came back (expected about 128): $NW_OUT"
fi
nw_pass "20% loss each way: $got of 200 pings came back (about 128 expected)"

# SIGTERM ends it (bounded: the harness's cleanup need not kill it).
stop_delay
nw_pass "nw-lab-delay ended on SIGTERM"
exit 0
