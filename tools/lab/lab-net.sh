# shellcheck shell=bash
# lab-net.sh: build and remove the lab's hosts (network namespaces), links
# (veth pairs made inside the namespaces), bridges, addresses, routes and
# home-router's NAT.  Touches only namespaces named PREFIX+HOST for the
# lab's own host names, and /etc/netns/PREFIX+HOST.

# lab_ns_exists HOST: succeed if HOST's namespace exists.
lab_ns_exists() {
	[ -e "/run/netns/$(lab_ns "$1")" ]
}

# lab_make_host HOST: a namespace (ns_make), forwarding on for routers.
lab_make_host() {
	local fwd=0
	lab_is_router "$1" && fwd=1
	ns_make "$(lab_ns "$1")" "$fwd" || lab_die "cannot create namespace $(lab_ns "$1")"
}

# lab_make_guard HOST: templates/guard.nft: HOST drops every packet it
# would send or forward to an address outside the lab's ranges, counting
# it.  The lab has no link out of the machine; this keeps even a mistyped
# address or a tool's built-in default from leaving a host.
lab_make_guard() {
	ns_load_guard "$(lab_ns "$1")" "$LAB_DATADIR/templates/guard.nft" ||
		lab_die "cannot load $1's guard rules"
}

# lab_make_bridge HOST BR: a bridge (ns_bridge).
lab_make_bridge() {
	ns_bridge "$(lab_ns "$1")" "$2" || lab_die "cannot create bridge $2 in $(lab_ns "$1")"
}

# lab_make_link HOSTA IFA HOSTB IFB [BRIDGE]: a veth pair, both ends up,
# HOSTB's end on BRIDGE if given.
lab_make_link() {
	local b
	b=$(lab_ns "$3")
	ns_veth "$(lab_ns "$1")" "$2" "$b" "$4" || lab_die "cannot create veth $1:$2 <-> $3:$4"
	if [ -n "${5:-}" ]; then
		ns_port "$b" "$4" "$5" || lab_die "cannot add $3:$4 to $5"
	fi
}

# lab_guard ADDR: die unless ADDR is in 198.18.0.0/15 or 2001:db8::/32.
lab_guard() {
	ns_addr_ok "$1" || lab_die "address $1 is outside 198.18.0.0/15 and 2001:db8::/32"
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
			ns_addr "$ns" "${f[1]}" "$w" || lab_die "cannot add $w to ${f[0]}:${f[1]}"
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

# lab_delay_prog: the path of nw-lab-delay: $LAB_DELAY_PROG (where make
# install put it), else the one on PATH (a build directory's, for tests).
lab_delay_prog() {
	if [ -x "$LAB_DELAY_PROG" ]; then
		printf '%s\n' "$LAB_DELAY_PROG"
	else
		command -v nw-lab-delay
	fi
}

# lab_make_delays: every link delay and loss of LAB_DELAYS (ns_delay in
# the link's second host, on its end; the queue is the link's number in
# LAB_LINKS), written to $LAB_STATE/delays for status.
lab_make_delays() {
	local l link prog q
	local -a f g
	: >"$LAB_STATE/delays" || lab_die "cannot write $LAB_STATE/delays"
	for l in "${LAB_DELAYS[@]}"; do
		read -r -a f <<<"$l"
		[ "${f[2]}" = 0 ] && [ "${f[3]}" = 0 ] && continue
		link=$(lab_link "${f[0]}" "${f[1]}") || lab_die "no link joins ${f[0]} and ${f[1]}"
		read -r -a g <<<"$link"
		[ -z "${g[4]:-}" ] || lab_die "${f[0]}-${f[1]}: a link through a bridge takes no delay"
		if [ -z "${prog:-}" ]; then
			prog=$(lab_delay_prog) || lab_die "nw-lab-delay not found ($LAB_DELAY_PROG; or set NW_LAB_DELAY)"
			if ! command -v iptables >/dev/null 2>&1 || ! command -v ip6tables >/dev/null 2>&1; then
				lab_die "missing iptables (Debian package iptables), needed for link delays"
			fi
		fi
		for q in "${!LAB_LINKS[@]}"; do
			[ "${LAB_LINKS[$q]}" = "$link" ] && break
		done
		ns_delay "$(lab_ns "${g[2]}")" "${g[3]}" "$((q + 1))" "${f[2]}" "${f[3]}" "$prog" ||
			lab_die "cannot start the delay of ${g[0]}-${g[2]} (nw-lab-delay in ${g[2]})"
		printf '%s %s %s %s %s %s\n' "${g[0]}" "${g[2]}" "${g[2]}" "${g[3]}" "${f[2]}" "${f[3]}" >>"$LAB_STATE/delays"
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
	lab_make_delays
}

# lab_teardown: remove everything the lab with this prefix made: its
# processes, namespaces (and so veths and bridges), /etc/netns entries
# and its state directory.  Safe to run when nothing exists.
# lab_present: succeed if anything of this lab exists (a namespace, an
# /etc/netns entry, the state directory), up or half made.
lab_present() {
	local h ns
	[ -d "$LAB_STATE" ] && return 0
	for h in "${LAB_HOSTS[@]}"; do
		ns=$(lab_ns "$h")
		[ -e "/run/netns/$ns" ] || [ -d "/etc/netns/$ns" ] && return 0
	done
	return 1
}

lab_teardown() {
	local h ns
	for h in "${LAB_HOSTS[@]}"; do
		ns=$(lab_ns "$h")
		if [ -e "/run/netns/$ns" ]; then
			ns_kill_procs "$ns"
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
