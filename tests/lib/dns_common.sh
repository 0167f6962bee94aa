# shellcheck shell=bash
#
# dns_common.sh: what the DNS test helpers (dns_zone.sh, dns_lab.sh,
# dns_hier.sh) share: a zone file's head and an NSD started in a test host.
# Each of them sources it (once is enough: a second source returns at
# once); source them after netns.sh and nw_setup.
#
#   dns_zone_head FILE TTL SOA-RDATA NS...       # $TTL, SOA and NS at the apex
#   dns_nsd_conf DIR ADDR...                     # DIR/nsd.conf, server part
#   dns_nsd_start HOST DIR ADDRS ZONE FILE [ZONE FILE ...]
#                                                # NSD in HOST serving each zone

[ -n "${DNS_COMMON_LOADED:-}" ] && return 0
DNS_COMMON_LOADED=1

# dns_zone_head FILE TTL SOA-RDATA NS...: start zone FILE with its default
# TTL, the apex SOA (MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM) and
# one NS record per NS; the caller appends the rest.
dns_zone_head() {
	local file=$1 ttl=$2 soa=$3 ns
	shift 3
	# shellcheck disable=SC2016 # $TTL is a zone file directive
	printf '$TTL %s\n@\tIN SOA\t%s\n' "$ttl" "$soa" >"$file" || nw_fail "cannot write $file"
	for ns in "$@"; do
		printf '@\tIN NS\t%s\n' "$ns" >>"$file"
	done
}

# dns_nsd_conf DIR ADDR...: write DIR/nsd.conf's server part for an NSD that
# listens on each ADDR (ADDR@PORT for another port than 53), keeps
# everything in DIR and runs unprivileged in the foreground; callers append
# their "zone:" entries.
dns_nsd_conf() {
	local dir=$1 a
	shift
	{
		echo "server:"
		for a in "$@"; do printf '\tip-address: %s\n' "$a"; done
		cat <<CONF
	port: 53
	username: ""
	chroot: ""
	zonesdir: "$dir"
	database: ""
	zonelistfile: "$dir/zone.list"
	xfrdfile: "$dir/xfrd.state"
	xfrdir: "$dir"
	pidfile: "$dir/nsd.pid"
	logfile: "$dir/nsd.log"
	server-count: 1
	verbosity: 1
remote-control:
	control-enable: no
CONF
	} >"$dir/nsd.conf"
}

# dns_nsd_start HOST DIR ADDRS ZONE FILE [ZONE FILE ...]: NSD inside HOST,
# listening on port 53 of each of ADDRS (a space-separated list), serving each ZONE
# from DIR/FILE (every zone checked with nsd-checkzone first).  Returns
# once the first ZONE's SOA comes back to me from the first address, at
# most 10 s (the test fails otherwise).  NSD runs under nw_bg: the harness
# kills it on exit.
dns_nsd_start() {
	local host=$1 dir=$2 addrs=$3 zone=$4 z f
	shift 3
	# shellcheck disable=SC2086 # $addrs: one word per address
	dns_nsd_conf "$dir" $addrs
	while [ $# -ge 2 ]; do
		z=$1 f=$2
		shift 2
		printf 'zone:\n\tname: "%s"\n\tzonefile: "%s"\n' "$z" "$f" >>"$dir/nsd.conf"
		nsd-checkzone "$z" "$dir/$f" >&2 || nw_fail "zone $z does not load"
	done
	nw_bg "$host" nsd -d -c "$dir/nsd.conf" >"$dir/nsd.out" 2>&1
	nw_wait_until 10 nw_in me dig +norecurse +tries=1 +time=1 @"${addrs%% *}" "$zone" SOA ||
		nw_fail "NSD for $zone did not start: $(cat "$dir/nsd.out" "$dir/nsd.log" 2>/dev/null)"
}
