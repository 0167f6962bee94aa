# shellcheck shell=bash
# netns-lib.sh: the network-namespace primitives shared by nw-lab
# (lab-net.sh, installed with the lab's data) and the test harness
# (tests/lib/netns.sh sources this file from the source tree).  Each takes
# real namespace names, does one thing, and returns non-zero on failure:
# the caller says what failed in its own words and decides whether to stop.

# ns_addr_ok ADDR[/LEN]: succeed if ADDR is in 198.18.0.0/15 or 2001:db8::/32,
# the only addresses a lab or test host may be given or sent to.
ns_addr_ok() {
	local a=${1%%/*}
	a=${a,,} # lower case, in the shell: a tr per address cost 1 s of nw-lab up
	case "$a" in
	198.18.* | 198.19.*) [[ "$a" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] ;;
	2001:db8:* | 2001:0db8:*) return 0 ;;
	*) return 1 ;;
	esac
}

# ns_sysctl NS KEY VALUE: set a sysctl inside NS (a missing key is ignored).
ns_sysctl() {
	ip netns exec "$1" sysctl -qw "$2=$3" >/dev/null 2>&1 || true
}

# ns_make NS FORWARD: a namespace with lo up, IPv6 addresses usable at once
# (no DAD), no router advertisements or solicitations, no reverse-path
# filter, and IPv4/IPv6 forwarding FORWARD (0 or 1).  The sysctls in one
# process: an `ip netns exec` each (15) took 0.4 s of every namespace.
ns_make() {
	local k set=
	ip netns add "$1" || return 1
	ip -n "$1" link set lo up || return 1
	for k in all default; do
		set="$set net.ipv6.conf.$k.accept_dad=0 net.ipv6.conf.$k.dad_transmits=0"
		set="$set net.ipv6.conf.$k.accept_ra=0 net.ipv6.conf.$k.router_solicitations=0"
		set="$set net.ipv4.conf.$k.rp_filter=0 net.ipv4.conf.$k.forwarding=$2"
		set="$set net.ipv6.conf.$k.forwarding=$2"
	done
	# -e: a key this kernel lacks is skipped, the others still set.
	# shellcheck disable=SC2086
	ip netns exec "$1" sysctl -qew $set "net.ipv4.ip_forward=$2" >/dev/null 2>&1 || true
}

# ns_load_guard NS FILE: load the guard (templates/guard.nft) into NS: it
# drops and counts anything NS would send or forward outside the ranges.
ns_load_guard() {
	ip netns exec "$1" nft -f "$2"
}

# ns_bridge NS BR: a bridge, up, without STP (ports forward at once) and
# without multicast snooping (IPv6 neighbor solicitations reach every port).
ns_bridge() {
	ip -n "$1" link add "$2" type bridge stp_state 0 forward_delay 0 mcast_snooping 0 &&
		ip -n "$1" link set "$2" up
}

# ns_veth NSA IFA NSB IFB [MACA [MACB]]: a veth pair made inside the
# namespaces (never in the host's), with the MAC addresses given (empty:
# the kernel's), both ends up.
ns_veth() {
	ip -n "$1" link add "$2" type veth peer name "$4" netns "$3" || return 1
	if [ -n "${5:-}" ]; then ip -n "$1" link set "$2" address "$5" || return 1; fi
	if [ -n "${6:-}" ]; then ip -n "$3" link set "$4" address "$6" || return 1; fi
	ip -n "$1" link set "$2" up && ip -n "$3" link set "$4" up
}

# ns_port NS IF BR: put NS's interface IF on bridge BR, up.
ns_port() {
	ip -n "$1" link set "$2" master "$3" && ip -n "$1" link set "$2" up
}

# ns_addr NS IF CIDR: add an address (IPv6 without DAD: usable at once).
ns_addr() {
	case "$3" in
	*:*) ip -n "$1" -6 addr add "$3" dev "$2" nodad ;;
	*) ip -n "$1" addr add "$3" dev "$2" ;;
	esac
}

# ns_kill_procs NS: TERM every process in NS, wait up to 2 s, then KILL
# (and wait up to 1 s more).
ns_kill_procs() {
	local pids
	pids=$(ip netns pids "$1" 2>/dev/null)
	[ -n "$pids" ] || return 0
	# shellcheck disable=SC2086 # pids are numbers
	kill -TERM $pids 2>/dev/null
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		pids=$(ip netns pids "$1" 2>/dev/null)
		[ -n "$pids" ] || return 0
		sleep 0.1
	done
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[ -n "$(ip netns pids "$1" 2>/dev/null)" ] || return 0
		sleep 0.1
	done
	return 0
}

# ns_delay NS IF QUEUE DELAY LOSS PROG: a link's one-way delay and random
# loss, made at NS's end of the link (IF): PROG (nw-lab-delay) serves
# NFQUEUE QUEUE inside NS, holding each packet DELAY milliseconds (a
# decimal) and dropping LOSS percent at random, and iptables/ip6tables
# rules send it every IP packet that comes in on IF or leaves by it, so
# each direction of the link gets DELAY (this kernel has no netem; see
# docs/lab.md).  Returns once the program serves the queue (a queue with
# no program drops what it is sent).  The program runs until the
# namespace's processes are killed (ns_kill_procs).  Three commands in
# all: each one costs a noticeable time on a loaded machine.
ns_delay() {
	local ns=$1 ifn=$2 q=$3 d=$4 loss=$5 prog=$6 t
	# In a subshell: not a job of the caller's shell (nothing to wait for).
	(ip netns exec "$ns" setsid "$prog" -Q "$q" -d "${d}ms" -l "$loss" </dev/null >/dev/null 2>&1 &)
	for t in iptables ip6tables; do
		printf '*mangle\n-A PREROUTING -i %s -j NFQUEUE --queue-num %s\n-A POSTROUTING -o %s -j NFQUEUE --queue-num %s\nCOMMIT\n' \
			"$ifn" "$q" "$ifn" "$q" | ip netns exec "$ns" "$t-restore" -w 5 -n || return 1
	done
	for _ in $(seq 1 100); do
		ns_queue_bound "$ns" "$q" && return 0
		sleep 0.05
	done
	return 1
}

# ns_queue_bound NS QUEUE: succeed if a program serves NFQUEUE QUEUE in NS
# (read in /proc/PID/net of a process in NS, without entering it).
ns_queue_bound() {
	local pid n
	for pid in $(ip netns pids "$1" 2>/dev/null); do
		while read -r n _; do
			[ "$n" = "$2" ] && return 0
		done <"/proc/$pid/net/netfilter/nfnetlink_queue"
	done 2>/dev/null
	return 1
}
