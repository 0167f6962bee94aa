# shellcheck shell=bash
# lab-net.sh: build and remove the lab's hosts (network namespaces), links
# (veth pairs made inside the namespaces), bridges, addresses, routes and
# home-router's NAT.  Touches only namespaces named PREFIX+HOST for the
# lab's own host names, and /etc/netns/PREFIX+HOST.

# lab_sysctl HOST KEY VALUE: set a sysctl inside HOST (missing keys ignored).
lab_sysctl() {
	ip netns exec "$(lab_ns "$1")" sysctl -qw "$2=$3" >/dev/null 2>&1 || true
}

# lab_ns_exists HOST: succeed if HOST's namespace exists.
lab_ns_exists() {
	[ -e "/run/netns/$(lab_ns "$1")" ]
}

# lab_make_host HOST: a namespace with lo up, no IPv6 DAD or router
# advertisements, no reverse-path filter; forwarding on for routers.
lab_make_host() {
	local ns k fwd=0
	ns=$(lab_ns "$1")
	ip netns add "$ns" || lab_die "cannot create namespace $ns"
	ip -n "$ns" link set lo up || lab_die "cannot bring lo up in $ns"
	lab_is_router "$1" && fwd=1
	for k in all default; do
		lab_sysctl "$1" "net.ipv6.conf.$k.accept_dad" 0
		lab_sysctl "$1" "net.ipv6.conf.$k.accept_ra" 0
		lab_sysctl "$1" "net.ipv6.conf.$k.router_solicitations" 0
		lab_sysctl "$1" "net.ipv4.conf.$k.rp_filter" 0
		lab_sysctl "$1" "net.ipv4.conf.$k.forwarding" "$fwd"
		lab_sysctl "$1" "net.ipv6.conf.$k.forwarding" "$fwd"
	done
	lab_sysctl "$1" net.ipv4.ip_forward "$fwd"
}

# lab_make_guard HOST: templates/guard.nft: HOST drops every packet it
# would send or forward to an address outside the lab's ranges, counting
# it.  The lab has no link out of the machine; this keeps even a mistyped
# address or a tool's built-in default from leaving a host.
lab_make_guard() {
	ip netns exec "$(lab_ns "$1")" nft -f "$LAB_DATADIR/templates/guard.nft" ||
		lab_die "cannot load $1's guard rules"
}

# lab_make_bridge HOST BR: a bridge without STP delay or multicast snooping.
lab_make_bridge() {
	local ns
	ns=$(lab_ns "$1")
	ip -n "$ns" link add "$2" type bridge stp_state 0 forward_delay 0 mcast_snooping 0 ||
		lab_die "cannot create bridge $2 in $ns"
	ip -n "$ns" link set "$2" up || lab_die "cannot bring $2 up in $ns"
}

# lab_make_link HOSTA IFA HOSTB IFB [BRIDGE]: a veth pair, both ends up.
lab_make_link() {
	local a b
	a=$(lab_ns "$1")
	b=$(lab_ns "$3")
	ip -n "$a" link add "$2" type veth peer name "$4" netns "$b" ||
		lab_die "cannot create veth $1:$2 <-> $3:$4"
	if [ -n "${5:-}" ]; then
		ip -n "$b" link set "$4" master "$5" || lab_die "cannot add $3:$4 to $5"
	fi
	ip -n "$a" link set "$2" up || lab_die "cannot bring $1:$2 up"
	ip -n "$b" link set "$4" up || lab_die "cannot bring $3:$4 up"
}

# lab_guard ADDR: die unless ADDR is in 198.18.0.0/15 or 2001:db8::/32.
lab_guard() {
	case "${1%/*}" in
	198.18.* | 198.19.* | 2001:db8:*) ;;
	*) lab_die "address $1 is outside 198.18.0.0/15 and 2001:db8::/32" ;;
	esac
}

# lab_make_addrs: every address of the plan (IPv6 without DAD).
lab_make_addrs() {
	local l w ns
	local -a f
	for l in "${LAB_ADDRS[@]}"; do
		read -r -a f <<<"$l"
		ns=$(lab_ns "${f[0]}")
		for w in "${f[@]:2}"; do
			lab_guard "$w"
			case "$w" in
			*:*) ip -n "$ns" -6 addr add "$w" dev "${f[1]}" nodad ;;
			*) ip -n "$ns" addr add "$w" dev "${f[1]}" ;;
			esac || lab_die "cannot add $w to ${f[0]}:${f[1]}"
		done
	done
}

# lab_make_routes: every route of the plan.
lab_make_routes() {
	local l h ns w
	local -a f
	for l in "${LAB_ROUTES[@]}"; do
		read -r -a f <<<"$l"
		h=${f[0]}
		ns=$(lab_ns "$h")
		for w in "${f[@]:1}"; do
			case "$w" in *.*.*.* | *:*:*) lab_guard "$w" ;; esac
		done
		if [ "${f[1]}" = -6 ]; then
			ip -n "$ns" -6 route add "${f[@]:2}"
		else
			ip -n "$ns" route add "${f[@]:1}"
		fi || lab_die "cannot add route '${l#* }' in $h"
	done
}

# lab_make_nat: masquerade from the LAN out of wan0, and the port forward
# from home-router's public address to the LAN web server (nftables).
lab_make_nat() {
	ip netns exec "$(lab_ns home-router)" nft -f - <<NFT || lab_die "cannot load home-router's nftables rules"
table ip lab_nat {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		iifname "wan0" tcp dport $LAB_FWD_PORT dnat to $LAB_FWD_TO4:$LAB_FWD_TO_PORT
	}
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "wan0" ip saddr 198.18.0.0/24 masquerade
	}
}
NFT
}

# lab_make_resolv: every host's resolv.conf (/etc/netns/NS/resolv.conf,
# which 'ip netns exec' mounts over /etc/resolv.conf) names the resolver.
lab_make_resolv() {
	local h d
	if [ ! -d /etc/netns ]; then
		mkdir -p /etc/netns || lab_die "cannot create /etc/netns"
		: >"$LAB_STATE/made-etc-netns"
	fi
	for h in "${LAB_HOSTS[@]}"; do
		d=/etc/netns/$(lab_ns "$h")
		mkdir -p "$d" || lab_die "cannot create $d"
		printf 'nameserver %s\nnameserver %s\noptions timeout:1 attempts:2\n' \
			"$(lab_ip resolver 4)" "$(lab_ip resolver 6)" >"$d/resolv.conf" ||
			lab_die "cannot write $d/resolv.conf"
	done
}

# lab_build_net: every host (with its guard), bridge, link, address, route,
# NAT rule and resolv.conf of the plan.
lab_build_net() {
	local h l
	local -a f
	for h in "${LAB_HOSTS[@]}"; do
		lab_make_host "$h"
		lab_make_guard "$h"
	done
	for l in "${LAB_BRIDGES[@]}"; do
		read -r -a f <<<"$l"
		lab_make_bridge "${f[0]}" "${f[1]}"
	done
	for l in "${LAB_LINKS[@]}"; do
		read -r -a f <<<"$l"
		lab_make_link "${f[@]}"
	done
	lab_make_addrs
	lab_make_routes
	lab_make_nat
	lab_make_resolv
}

# lab_kill_ns_procs NS: TERM every process in NS, wait up to 2 s, then KILL.
lab_kill_ns_procs() {
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

# lab_teardown: remove everything the lab with this prefix made: its
# processes, namespaces (and so veths and bridges), /etc/netns entries
# and its state directory.  Safe to run when nothing exists.
lab_teardown() {
	local h ns
	for h in "${LAB_HOSTS[@]}"; do
		ns=$(lab_ns "$h")
		if [ -e "/run/netns/$ns" ]; then
			lab_kill_ns_procs "$ns"
			ip netns del "$ns" 2>/dev/null || lab_warn "cannot delete namespace $ns"
		fi
		if [ -d "/etc/netns/$ns" ]; then
			rm -rf -- "/etc/netns/$ns"
		fi
	done
	# /etc/netns itself only if this lab made it and it is empty now.
	if [ -e "$LAB_STATE/made-etc-netns" ]; then
		rmdir /etc/netns 2>/dev/null || true
	fi
	if [ -d "$LAB_STATE" ]; then
		rm -rf -- "$LAB_STATE"
	fi
	rmdir "$LAB_RUNDIR" 2>/dev/null || true
	return 0
}
