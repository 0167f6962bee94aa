# shellcheck shell=bash disable=SC2034 # the plan is read by the other lab files
# lab-plan.sh: the lab's address plan as data (hosts, links, addresses,
# routes, servers), and the lookups the other lab files use.  Addresses
# only from 198.18.0.0/15 and 2001:db8::/32; docs/lab.md explains the plan.
#
#   198.18.0.0/24   the home LAN ("private"; NAT to home-router's public address)
#   198.19.N.0/24   public links, IPv6 2001:db8:N::/64 beside each
#   2001:db8::/64   the home LAN's IPv6 (global, routed, no NAT)

# Every host, in the order 'up' builds and 'status' shows them.
LAB_HOSTS=(laptop nas home-router isp1 isp2 isp3 resolver root-ns com-ns google-ns www)

# Hosts that forward packets.
LAB_ROUTERS=" home-router isp1 isp2 isp3 "

# HOST ROLE (one line each).
LAB_ROLES=(
	"laptop client on the home LAN; resolv.conf points at the resolver"
	"nas a web server on the home LAN, reached through home-router's port forward"
	"home-router the home's router: NAT (masquerade) and a port forward, LAN switch br-lan"
	"isp1 the ISP's first router; the resolver hangs off it"
	"isp2 a transit router"
	"isp3 the data centre router; switch br-dc for the servers"
	"resolver recursive DNS resolver (unbound), the lab root as its hints"
	"root-ns a.root-servers.net: the root zone '.' (nsd)"
	"com-ns a.gtld-servers.net: the 'com.' zone (nsd)"
	"google-ns ns1.google.com: the 'google.com.' zone (nsd)"
	"www www.google.com: a web server (nginx), IPv4 and IPv6"
)

# Bridges: HOST BRIDGE.
LAB_BRIDGES=("home-router br-lan" "isp3 br-dc")

# Links: HOSTA IFA HOSTB IFB [BRIDGE] (IFB enslaved to BRIDGE in HOSTB).
LAB_LINKS=(
	"laptop eth0 home-router lan-laptop br-lan"
	"nas eth0 home-router lan-nas br-lan"
	"home-router wan0 isp1 eth0"
	"isp1 eth1 isp2 eth0"
	"isp1 eth2 resolver eth0"
	"isp2 eth1 isp3 eth0"
	"root-ns eth0 isp3 dc-root-ns br-dc"
	"com-ns eth0 isp3 dc-com-ns br-dc"
	"google-ns eth0 isp3 dc-google-ns br-dc"
	"www eth0 isp3 dc-www br-dc"
)

# Link delay and random loss: HOSTA HOSTB ONE-WAY-MS LOSS-PERCENT, for
# links of LAB_LINKS that join two hosts directly (not through a bridge).
# The ISP's links get a few ms each, so the RTTs grow hop by hop along the
# laptop's path as on the internet (home-router ~0, isp1 4 ms, isp2 14 ms,
# isp3 and the servers 20 ms).  Made by nw-lab-delay in HOSTB, on HOSTB's
# end of the link (see docs/lab.md); 'nw-lab up --delay/--loss' change
# them, '--no-delay' leaves every link without.
LAB_DELAYS=(
	"home-router isp1 2 0"
	"isp1 isp2 5 0"
	"isp2 isp3 3 0"
)

# Addresses: HOST IF CIDR...
LAB_ADDRS=(
	"laptop eth0 198.18.0.2/24 2001:db8::2/64"
	"nas eth0 198.18.0.10/24 2001:db8::10/64"
	"home-router br-lan 198.18.0.1/24 2001:db8::1/64"
	"home-router wan0 198.19.1.2/24 2001:db8:1::2/64"
	"isp1 eth0 198.19.1.1/24 2001:db8:1::1/64"
	"isp1 eth1 198.19.2.1/24 2001:db8:2::1/64"
	"isp1 eth2 198.19.4.1/24 2001:db8:4::1/64"
	"isp2 eth0 198.19.2.2/24 2001:db8:2::2/64"
	"isp2 eth1 198.19.3.1/24 2001:db8:3::1/64"
	"isp3 eth0 198.19.3.2/24 2001:db8:3::2/64"
	"isp3 br-dc 198.19.100.1/24 2001:db8:100::1/64"
	"resolver eth0 198.19.4.53/24 2001:db8:4::53/64"
	"root-ns eth0 198.19.100.10/24 2001:db8:100::10/64"
	"com-ns eth0 198.19.100.20/24 2001:db8:100::20/64"
	"google-ns eth0 198.19.100.30/24 2001:db8:100::30/64"
	"www eth0 198.19.100.80/24 2001:db8:100::80/64"
)

# Routes: HOST [-6] ROUTE... (as 'ip route add' takes them).  Nothing
# beyond home-router knows the home LAN's IPv4 block: only NAT gets the
# laptop's packets back.  IPv6 is routed end to end.
LAB_ROUTES=(
	"laptop default via 198.18.0.1"
	"laptop -6 default via 2001:db8::1"
	"nas default via 198.18.0.1"
	"nas -6 default via 2001:db8::1"
	"home-router default via 198.19.1.1"
	"home-router -6 default via 2001:db8:1::1"
	"isp1 default via 198.19.2.2"
	"isp1 -6 default via 2001:db8:2::2"
	"isp1 -6 2001:db8::/64 via 2001:db8:1::2"
	"isp2 198.19.1.0/24 via 198.19.2.1"
	"isp2 198.19.4.0/24 via 198.19.2.1"
	"isp2 198.19.100.0/24 via 198.19.3.2"
	"isp2 -6 2001:db8::/64 via 2001:db8:2::1"
	"isp2 -6 2001:db8:1::/64 via 2001:db8:2::1"
	"isp2 -6 2001:db8:4::/64 via 2001:db8:2::1"
	"isp2 -6 2001:db8:100::/64 via 2001:db8:3::2"
	"isp3 default via 198.19.3.1"
	"isp3 -6 default via 2001:db8:3::1"
	"resolver default via 198.19.4.1"
	"resolver -6 default via 2001:db8:4::1"
	"root-ns default via 198.19.100.1"
	"root-ns -6 default via 2001:db8:100::1"
	"com-ns default via 198.19.100.1"
	"com-ns -6 default via 2001:db8:100::1"
	"google-ns default via 198.19.100.1"
	"google-ns -6 default via 2001:db8:100::1"
	"www default via 198.19.100.1"
	"www -6 default via 2001:db8:100::1"
)

# Servers: NAME HOST SOFTWARE PORT WHAT.
LAB_SERVERS=(
	"root-ns root-ns nsd 53 zone . (a.root-servers.net)"
	"com-ns com-ns nsd 53 zone com. (a.gtld-servers.net)"
	"google-ns google-ns nsd 53 zone google.com. (ns1.google.com)"
	"resolver resolver unbound 53 recursive DNS for 198.18.0.0/15 and 2001:db8::/32"
	"www www nginx 80 http://www.google.com/"
	"nas nas nginx 80 the LAN web server behind the port forward"
)

# The port forward on home-router: public TCP port -> LAN address:port.
LAB_FWD_PORT=8080
LAB_FWD_TO4=198.18.0.10
LAB_FWD_TO_PORT=80

# lab_is_host NAME: succeed if NAME is one of the lab's hosts.
lab_is_host() {
	local h
	for h in "${LAB_HOSTS[@]}"; do
		[ "$h" = "$1" ] && return 0
	done
	return 1
}

# lab_is_router NAME: succeed if NAME forwards packets.
lab_is_router() {
	[[ $LAB_ROUTERS == *" $1 "* ]]
}

# lab_role NAME: print NAME's role.
lab_role() {
	local l
	for l in "${LAB_ROLES[@]}"; do
		[ "${l%% *}" = "$1" ] && printf '%s\n' "${l#* }"
	done
	return 0
}

# lab_cidrs HOST [IF]: print HOST's addresses (CIDR), one per line, as
# "IF CIDR".
lab_cidrs() {
	local l w
	local -a f
	for l in "${LAB_ADDRS[@]}"; do
		read -r -a f <<<"$l"
		[ "${f[0]}" = "$1" ] || continue
		[ -z "${2:-}" ] || [ "${f[1]}" = "$2" ] || continue
		for w in "${f[@]:2}"; do
			printf '%s %s\n' "${f[1]}" "$w"
		done
	done
}

# lab_ip HOST 4|6 [IF]: print HOST's first IPv4 or IPv6 address (on IF if
# given), without the prefix length.
lab_ip() {
	local cidr
	while read -r _ cidr; do
		[ -n "$cidr" ] || continue
		case "$2:$cidr" in
		4:*:* | 6:*.*) continue ;;
		esac
		printf '%s\n' "${cidr%/*}"
		return 0
	done < <(lab_cidrs "$1" "${3:-}")
	return 1
}

# lab_routes HOST: print HOST's routes, one per line.
lab_routes() {
	local l
	for l in "${LAB_ROUTES[@]}"; do
		[ "${l%% *}" = "$1" ] && printf '%s\n' "${l#* }"
	done
	return 0
}

# lab_ns HOST: the namespace name of HOST.
lab_ns() {
	printf '%s%s' "$LAB_PREFIX" "$1"
}

# lab_same_pair A B X Y: succeed if {A, B} = {X, Y}.
lab_same_pair() {
	{ [ "$1" = "$3" ] && [ "$2" = "$4" ]; } || { [ "$1" = "$4" ] && [ "$2" = "$3" ]; }
}

# lab_link HOSTA HOSTB: print the LAB_LINKS line that joins HOSTA and
# HOSTB (in either order); fails if none does.
lab_link() {
	local l
	local -a f
	for l in "${LAB_LINKS[@]}"; do
		read -r -a f <<<"$l"
		if lab_same_pair "$1" "$2" "${f[0]}" "${f[2]}"; then
			printf '%s\n' "$l"
			return 0
		fi
	done
	return 1
}

# lab_link_split NAME: print "HOSTA HOSTB" for a link named HOSTA-HOSTB
# (host names have dashes too: every split is tried); fails if no split
# names a link of the plan.
lab_link_split() {
	local a b i
	for ((i = 1; i < ${#1}; i++)); do
		[ "${1:i:1}" = - ] || continue
		a=${1:0:i} b=${1:i+1}
		if lab_is_host "$a" && lab_is_host "$b" && lab_link "$a" "$b" >/dev/null; then
			printf '%s %s\n' "$a" "$b"
			return 0
		fi
	done
	return 1
}

# lab_delay_of HOSTA HOSTB: set LAB_MS and LAB_LOSS to the link's delay
# and loss in LAB_DELAYS (either order), 0 and 0 if it has none.  (No
# output to capture: topology calls it once per link, without a fork.)
lab_delay_of() {
	local l
	local -a f
	LAB_MS=0 LAB_LOSS=0
	for l in "${LAB_DELAYS[@]}"; do
		read -r -a f <<<"$l"
		if lab_same_pair "$1" "$2" "${f[0]}" "${f[1]}"; then
			LAB_MS=${f[2]} LAB_LOSS=${f[3]}
			return 0
		fi
	done
}

# lab_delay_set HOSTA HOSTB MS|- LOSS|-: change (or add) the link's entry
# in LAB_DELAYS; '-' keeps what it had.
lab_delay_set() {
	local i old ms loss
	local -a f
	lab_delay_of "$1" "$2"
	ms=$LAB_MS loss=$LAB_LOSS
	[ "$3" = - ] || ms=$3
	[ "$4" = - ] || loss=$4
	for i in "${!LAB_DELAYS[@]}"; do
		old=${LAB_DELAYS[$i]}
		read -r -a f <<<"$old"
		if lab_same_pair "$1" "$2" "${f[0]}" "${f[1]}"; then
			LAB_DELAYS[i]="${f[0]} ${f[1]} $ms $loss"
			return 0
		fi
	done
	LAB_DELAYS+=("$1 $2 $ms $loss")
}
