#!/bin/bash
# lab_updown.sh: 'nw-lab up' and 'nw-lab down', twice in a row, leave
# nothing behind (namespaces, processes, /etc/netns entries, state
# files); 'up' on a lab that is up changes nothing and restarts a server
# that died, naming it, and on a lab missing a host or a link says what
# it repaired; a second 'down' says the lab was not up (exit 0); 'status' reports up (exit 0) and down (exit 1); 'down' never
# touches a namespace it did not make.  See docs/lab.md.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
PATH=$PATH:/usr/sbin:/sbin
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
. "${NW_SRCDIR:-.}/tests/lib/lab.sh"
nw_require_root nw-lab nft nsd unbound nginx dig curl python3 timeout flock
nw_setup
lab_setup l-

HOSTS="laptop nas home-router isp1 isp2 isp3 resolver root-ns com-ns google-ns www"

# Namespaces that are not the lab's: one with the harness prefix (which
# the lab's prefix extends) and one named like a lab host without the
# lab's prefix.  'down' must leave both.
nw_host other
nw_host l-laptopx

# nothing_left: no namespace, /etc/netns entry, state directory or
# process of the lab remains.
nothing_left() {
	local what=$1 h pid
	for h in $HOSTS; do
		[ -e "/run/netns/$LAB$h" ] && nw_fail "$what: namespace $LAB$h left"
		[ -e "/etc/netns/$LAB$h" ] && nw_fail "$what: /etc/netns/$LAB$h left"
	done
	[ -e "/run/nw-lab/$LAB" ] && nw_fail "$what: /run/nw-lab/$LAB left"
	[ -e "/run/nw-lab/.lock-$LAB" ] && nw_fail "$what: lock file left"
	for pid in $PIDS; do
		if kill -0 "$pid" 2>/dev/null && [ "$(cut -d ' ' -f 3 "/proc/$pid/stat" 2>/dev/null)" != Z ]; then
			nw_fail "$what: process $pid ($(cat "/proc/$pid/comm" 2>/dev/null)) left"
		fi
	done
	[ -e "/run/netns/${NW_PREFIX}other" ] || nw_fail "$what: removed a namespace it did not make (${NW_PREFIX}other)"
	[ -e "/run/netns/${NW_PREFIX}l-laptopx" ] || nw_fail "$what: removed ${NW_PREFIX}l-laptopx"
	nw_pass "$what: nothing left, foreign namespaces kept"
}

# lab_pids: every process inside the lab's namespaces.
lab_pids() {
	local h
	for h in $HOSTS; do
		ip netns pids "$LAB$h" 2>/dev/null
	done | tr '\n' ' '
}

# repaired_by_up WHAT ERE: 'up' exits 0 saying what it did (a line matching
# ERE), and 'status' then finds the lab whole (exit 0).
repaired_by_up() {
	nw_run 60 - nw-lab -p "$LAB" up
	nw_assert_status "$1" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "$1: says what it did" "$2" "$NW_OUT"
	nw_run 60 - nw-lab -p "$LAB" status
	nw_assert_status "$1: status after" 0 "$NW_RC" "$NW_OUT$NW_ERR"
}

nw_run 10 - nw-lab -p "$LAB" status
nw_assert_status "status before up: down" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "status says down" 'lab down$' "$NW_OUT"

for round in 1 2; do
	nw_run 60 - nw-lab -p "$LAB" up
	nw_assert_status "up, round $round" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "up says so" "^nw-lab: lab $LAB up in " "$NW_OUT"
	for h in $HOSTS; do
		[ -e "/run/netns/$LAB$h" ] || nw_fail "round $round: no namespace $LAB$h"
	done
	nw_pass "round $round: all 11 namespaces exist"
	[ -s "/etc/netns/${LAB}laptop/resolv.conf" ] || nw_fail "no resolv.conf for the laptop"
	nw_assert_match "laptop's resolv.conf names the resolver" '^nameserver 198\.19\.4\.53$' \
		"$(cat "/etc/netns/${LAB}laptop/resolv.conf")"
	PIDS=$(lab_pids)
	[ -n "$PIDS" ] || nw_fail "no server processes in the lab"
	nw_pass "round $round: server processes $PIDS"

	if [ "$round" = 1 ]; then
		# up again: nothing changes, same processes.
		nw_run 60 - nw-lab -p "$LAB" up
		nw_assert_status "up on a lab that is up" 0 "$NW_RC" "$NW_OUT$NW_ERR"
		nw_assert_match "already up" "already up" "$NW_OUT"
		nw_assert_eq "same processes after a second up" "$PIDS" "$(lab_pids)"

		# status: up, every server answering; as JSON too.
		nw_run 60 - nw-lab -p "$LAB" status
		nw_assert_status "status when up" 0 "$NW_RC" "$NW_OUT$NW_ERR"
		nw_assert_match "status: 6 servers answering" '11 hosts of 11 present, 6 servers of 6 answering: lab up$' "$NW_OUT"
		nw_run 60 - nw-lab -p "$LAB" status --json
		nw_assert_status "status --json when up" 0 "$NW_RC" "$NW_OUT$NW_ERR"
		nw_json_check "status --json" "$NW_OUT" only=host,server,delay,summary \
			host:name,namespace,exists,addresses,routes \
			server:name,host,software,pid,running,answers_ipv4,answers_ipv6,check_ipv4,check_ipv6 \
			delay:a,b,at,interface,delay_ms,loss_pct,running \
			summary:prefix,up,hosts,hosts_present,servers,servers_answering,exit
		# The plan's link delays (docs/lab.md), each one's nw-lab-delay running.
		nw_assert_eq "status --json: the ISP links' delays" "2 5 3" \
			"$(nw_json_get "$NW_OUT" delay delay_ms | tr '\n' ' ' | sed 's/ $//')"
		nw_assert_eq "status --json: every delay line running" "true true true" \
			"$(nw_json_get "$NW_OUT" delay running | tr '\n' ' ' | sed 's/ $//')"
		nw_assert_eq "status --json: up" true "$(nw_json_get "$NW_OUT" summary up)"
		nw_assert_eq "status --json: every server answers on IPv6" "true true true true true true" \
			"$(nw_json_get "$NW_OUT" server answers_ipv6 | tr '\n' ' ' | sed 's/ $//')"

		# A server dies: status says so (exit 1), up restarts it.
		pid=$(cat "/run/nw-lab/$LAB/www/nginx.pid")
		kill -TERM "$pid"
		nw_wait_until 5 sh -c "! kill -0 $pid" || nw_fail "nginx $pid did not stop"
		nw_run 60 - nw-lab -p "$LAB" status
		nw_assert_status "status with www down" 1 "$NW_RC" "$NW_OUT$NW_ERR"
		nw_assert_match "status: www not running" '^  www +nginx +pid - ' "$NW_OUT"
		nw_assert_match "status: degraded" '5 servers of 6 answering: lab degraded$' "$NW_OUT"
		repaired_by_up "up restarts www" \
			"^nw-lab: lab $LAB is up; restarted the servers that had stopped: www\$"

		# A link and a host gone (issue 17): up says what it repaired.
		ip -n "${LAB}isp1" link del eth1 || nw_fail "cannot delete isp1:eth1"
		for pid in $(ip netns pids "${LAB}nas"); do kill -KILL "$pid" 2>/dev/null; done
		ip netns del "${LAB}nas" || nw_fail "cannot delete ${LAB}nas"
		repaired_by_up "up on a degraded lab" \
			"^nw-lab: lab $LAB was degraded \(missing: host nas, link isp1:eth1-isp2:eth0\): rebuilt\$"
		PIDS=$(lab_pids)
	fi

	nw_run 60 - nw-lab -p "$LAB" down
	nw_assert_status "down, round $round" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_wait_until 3 sh -c "for p in $PIDS; do kill -0 \$p 2>/dev/null && exit 1; done; exit 0" || true
	nothing_left "down, round $round"
	nw_run 60 - nw-lab -p "$LAB" down
	nw_assert_status "down again (nothing to do)" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_eq "down again says so" "nw-lab: lab $LAB is not up: nothing to remove" "$NW_OUT"
	nothing_left "second down, round $round"
done

nw_run 60 - nw-lab -p "$LAB" status --json
nw_assert_status "status after down" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "status --json after down: hosts present" 0 "$(nw_json_get "$NW_OUT" summary hosts_present)"

nw_log "lab_updown: all checks passed"
exit 0
