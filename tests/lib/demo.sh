#!/bin/bash
# demo.sh: `make demo`.  Brings up the lab (nw-lab: a laptop behind a NAT
# home router, three ISP routers, DNS and a web server for www.google.com,
# all in network namespaces), walks "typing google.com" from the laptop in
# order with the tools that exist today, shows NAT at work with a capture
# on both sides of home-router, and tears the lab down.  Needs root.
#
# Usage: demo.sh [BUILDDIR]   (the directory holding nw-arping and nw-lab)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

BUILDDIR=${1:-.}
PATH="$(cd "$BUILDDIR" && pwd):$PATH:/usr/sbin:/sbin"
export PATH
# nw-lab finds its data next to itself in the build tree.
unset NW_LAB_DATADIR NW_LAB_DELAY
NW_LAB_PREFIX="nwdemo$$-"
export NW_LAB_PREFIX

die() {
	echo "demo: $*" >&2
	exit 1
}

if [ "$(id -u)" != 0 ]; then
	die "needs root (it builds network namespaces); try: sudo make demo"
fi
for c in nw-arping nw-lab; do
	command -v "$c" >/dev/null 2>&1 || die "no $c in $BUILDDIR (run make first)"
done
for c in dig curl tcpdump timeout; do
	command -v "$c" >/dev/null 2>&1 || die "'$c' not found (sudo sh scripts/deps.sh installs it)"
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nwdemo.XXXXXX") || die "mktemp failed"
PIDS=()
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	local rc=$? pid
	trap - EXIT INT TERM
	for pid in "${PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	wait 2>/dev/null
	step "Tearing the lab down"
	nw-lab down
	rm -rf -- "$TMP"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() {
	if [ -t 1 ]; then
		printf '\n\033[1m== %s\033[0m\n' "$*"
	else
		printf '\n== %s\n' "$*"
	fi
}
# show HOST CMD...: print the command as typed in HOST, then run it there.
show() {
	local h=$1
	shift
	printf '%s$ %s\n' "$h" "$*"
	nw-lab exec "$h" "$@"
}
# have TOOL: TOOL exists (a later netwalk tool, once it is written).
have() {
	command -v "$1" >/dev/null 2>&1
}

# can TOOL OPTION: the tool exists and its --help lists OPTION (a tool can
# land before all of its features do).
can() {
	have "$1" && "$1" --help 2>&1 | grep -q -- "$2"
}

step "Building the lab: laptop -- home-router (NAT) -- isp1 -- isp2 -- isp3 -- DNS servers and www.google.com"
nw-lab up || die "nw-lab up failed"
nw-lab topology | sed -n '/^servers:/,$p'

step "1. The laptop knows its gateway from the routing table"
show laptop ip route
show laptop ip -6 route show default

step "2. ...and must learn the gateway's MAC address before sending anything: ARP"
show laptop nw-arping -c 3 -i 0.5 gateway || die "nw-arping failed"

step "3. What is www.google.com's address? Ask the resolver in resolv.conf"
show laptop cat /etc/resolv.conf
if have nw-resolve; then
	show laptop nw-resolve www.google.com || die "nw-resolve failed"
else
	show laptop dig www.google.com A || die "dig failed"
fi

step "3b. The same, walked from the lab's root: . -> com. -> google.com."
if can nw-resolve --trace; then
	show laptop nw-resolve --trace www.google.com || die "nw-resolve --trace failed"
else
	show laptop dig +trace www.google.com A || die "dig +trace failed"
fi

step "4. The path: every router on the way answers with ICMP time exceeded; the ISP's links add 2, 5 and 3 ms each way (nw-lab's link delays), so the RTTs grow hop by hop"
if have nw-traceroute; then
	show laptop nw-traceroute -4 www.google.com || die "nw-traceroute failed"
elif have traceroute; then
	show laptop traceroute -4 -n -q 1 -w 2 www.google.com || die "traceroute failed"
else
	die "neither nw-traceroute nor traceroute found (sudo sh scripts/deps.sh installs traceroute)"
fi

step "5. Open a TCP connection to port 80 and ask for / (HTTP), watched on both sides of home-router"
filter='tcp port 80 and host 198.19.100.80'
timeout 15 ip netns exec "${NW_LAB_PREFIX}home-router" tcpdump -l -n -i br-lan -c 4 "$filter" >"$TMP/lan.txt" 2>"$TMP/lan.err" &
PIDS+=("$!")
timeout 15 ip netns exec "${NW_LAB_PREFIX}home-router" tcpdump -l -n -i wan0 -c 4 "$filter" >"$TMP/wan.txt" 2>"$TMP/wan.err" &
PIDS+=("$!")
for _ in $(seq 50); do
	grep -q 'listening on' "$TMP/lan.err" && grep -q 'listening on' "$TMP/wan.err" && break
	sleep 0.1
done
if can nw-handshake --http; then
	# IPv4: the NAT watchers on home-router follow the IPv4 connection.
	show laptop nw-handshake connect -4 www.google.com 80 --http / || die "nw-handshake failed"
else
	show laptop curl -4 -sS -i http://www.google.com/ || die "curl failed"
fi
wait "${PIDS[@]}" 2>/dev/null
PIDS=()

step "6. NAT at work: the same packets on home-router's LAN side and on its public side"
echo "LAN side (br-lan): the laptop's private address 198.18.0.2 and its port"
sed 's/^/  /' "$TMP/lan.txt"
echo "public side (wan0): the source rewritten to home-router's public address 198.19.1.2"
echo "(the source port too, when another connection already holds it)"
sed 's/^/  /' "$TMP/wan.txt"
echo "and www.google.com's own log sees only the public address:"
tail -n 1 "/run/nw-lab/$NW_LAB_PREFIX/www/access.log" | sed 's/^/  /'

step "7. The port forward: from the public side (isp3), home-router's port 8080 reaches the LAN's nas"
show isp3 curl -sS -o /dev/null -w '%{http_code} from %{remote_ip}:%{remote_port}\n' http://198.19.1.2:8080/ ||
	die "port forward failed"
echo "nas's log: the client is isp3's address, as forwarded"
tail -n 1 "/run/nw-lab/$NW_LAB_PREFIX/nas/access.log" | sed 's/^/  /'

step "8. IPv6: no NAT, www.google.com sees the laptop's own address"
show laptop curl -6 -sS -o /dev/null -w '%{http_code} from %{remote_ip}\n' http://www.google.com/ || die "IPv6 HTTP failed"
tail -n 1 "/run/nw-lab/$NW_LAB_PREFIX/www/access.log" | sed 's/^/  /'
exit 0
