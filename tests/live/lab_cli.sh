#!/bin/bash
# lab_cli.sh: nw-lab's command line without building anything: --help,
# --version, --list-options, usage errors (exit 2), and 'topology' as text
# and JSON Lines, every address in it inside 198.18.0.0/15 or
# 2001:db8::/32; run from the build tree, it finds its data and
# nw-lab-delay next to itself.  Needs no root.  See docs/lab.md.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
unset NW_LAB_DATADIR NW_LAB_DELAY
command -v nw-lab >/dev/null 2>&1 || nw_skip "nw-lab not on PATH (build it first)"
command -v python3 >/dev/null 2>&1 || nw_skip "python3 not found"
NW_TMP=$(mktemp -d "${TMPDIR:-/tmp}/nwlabcli.XXXXXX") || nw_fail "mktemp"
trap 'rm -rf -- "$NW_TMP"' EXIT

nw_run 10 - nw-lab --version
nw_assert_status "--version" 0 "$NW_RC" "$NW_ERR"
nw_assert_match "version line" '^nw-lab \(netwalk\) [0-9]+\.[0-9]+' "$NW_OUT"

# Run from the build tree, by its path and with no build directory on
# PATH, as './nw-lab up' is: the data and nw-lab-delay next to itself.
here=$(dirname "$(readlink -f "$(command -v nw-lab)")")
nw_run 10 - env PATH=/usr/bin:/bin "$here/nw-lab" --version
nw_assert_status "--version by path" 0 "$NW_RC" "$NW_ERR"
nw_assert_match "data next to nw-lab" "^data: $here/tools/lab\$" "$NW_OUT"
nw_assert_match "nw-lab-delay next to nw-lab" "^nw-lab-delay: $here/nw-lab-delay\$" "$NW_OUT"
[ -r "$here/tools/lab/templates/guard.nft" ] || nw_fail "no lab templates in $here/tools/lab"
nw_run 10 - env PATH=/usr/bin:/bin "$here/nw-lab" topology
nw_assert_status "topology from the build tree" 0 "$NW_RC" "$NW_ERR"

nw_run 10 - nw-lab --help
nw_assert_status "--help" 0 "$NW_RC" "$NW_ERR"
for c in up down status exec shell topology; do
	nw_assert_match "--help names '$c'" "^  $c( |$)" "$NW_OUT"
done

nw_run 10 - nw-lab --list-options
nw_assert_status "--list-options" 0 "$NW_RC" "$NW_ERR"
nw_assert_match "--list-options: -p --prefix PREFIX" '^-p --prefix PREFIX$' "$NW_OUT"

# Usage errors: exit 2, one line naming nw-lab (plus the --help hint).
for args in "" "bogus" "up extra" "--bogus up" "-p" "-p bad/prefix up" "--json up" \
 "exec" "exec nosuchhost true" "exec laptop" "shell" "shell nosuchhost" "shell laptop extra" \
	"--delay isp1-isp2 up" "--delay isp1-isp9=5 up" "--delay isp1-isp2=5x up" "--delay=isp1-isp2=10000 up" \
	"--loss isp1-isp2=101 up" "--delay laptop-home-router=1 up" "--no-delay status" "--delay isp1-isp2=1 down" \
	"--delay"; do
	# shellcheck disable=SC2086 # split the arguments on purpose
	nw_run 10 - nw-lab $args
	nw_assert_status "usage error: nw-lab $args" 2 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "one-line error for '$args'" '^nw-lab: ' "$NW_ERR"
	nw_assert_eq "nothing on stdout for '$args'" "" "$NW_OUT"
done

# A missing data directory is a runtime error.
nw_run 10 - env NW_LAB_DATADIR="$NW_TMP/none" nw-lab topology
nw_assert_status "missing data directory" 3 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "names the data directory" "^nw-lab: .*$NW_TMP/none" "$NW_ERR"

# topology, text: every host, the NAT and the port forward.
nw_run 10 - nw-lab -p nwlcli- topology
nw_assert_status "topology" 0 "$NW_RC" "$NW_ERR"
for h in laptop nas home-router isp1 isp2 isp3 resolver root-ns com-ns google-ns www; do
	nw_assert_match "topology lists $h" "^  $h " "$NW_OUT"
done
nw_assert_match "topology: the port forward" 'port forward tcp 198\.19\.1\.2:8080 -> 198\.18\.0\.10:80' "$NW_OUT"

# The ISP links' delays, and the options that change them.
nw_assert_match "topology: isp1-isp2 delay" '^  isp1:eth1 <-> isp2:eth0, 5 ms each way$' "$NW_OUT"
nw_assert_match "topology: no delay on the resolver's link" '^  isp1:eth2 <-> resolver:eth0$' "$NW_OUT"
nw_run 10 - nw-lab --no-delay --delay home-router-isp1=7.5 --loss=isp2-isp3=10 --delay isp3-isp2=1 topology
nw_assert_status "topology with delay options" 0 "$NW_RC" "$NW_ERR"
nw_assert_match "--delay" '^  home-router:wan0 <-> isp1:eth0, 7\.5 ms each way$' "$NW_OUT"
nw_assert_match "--no-delay" '^  isp1:eth1 <-> isp2:eth0$' "$NW_OUT"
nw_assert_match "--loss and --delay, either order" '^  isp2:eth1 <-> isp3:eth0, 1 ms each way, 10% loss each way$' "$NW_OUT"

# topology --json: JSON Lines with the documented types; the prefix
# option and the environment variable name the namespaces.
nw_run 10 - env NW_LAB_PREFIX=nwlenv- nw-lab topology --json
nw_assert_status "topology --json" 0 "$NW_RC" "$NW_ERR"
nw_json_check "topology --json" "$NW_OUT" only=lab,host,link,server,nat \
	lab:prefix,ipv4,ipv6 host:name,namespace,role,router,interfaces,routes \
	link:a,a_if,b,b_if,bridge,delay_ms,loss_pct server:name,host,software,port,addresses,serves \
	nat:host,masquerade,forward
nw_assert_eq "NW_LAB_PREFIX names the namespaces" nwlenv-laptop \
	"$(nw_json_get "$NW_OUT" host namespace | sed -n 1p)"
nw_run 10 - env NW_LAB_PREFIX=nwlenv- nw-lab --prefix nwlopt- topology --json
nw_assert_eq "--prefix overrides NW_LAB_PREFIX" nwlopt-laptop \
	"$(nw_json_get "$NW_OUT" host namespace | sed -n 1p)"
nw_assert_eq "eleven hosts" 11 "$(nw_json_get "$NW_OUT" host name | wc -l | tr -d ' ')"
# Every address and route in the plan is inside the lab's ranges.
printf '%s\n' "$NW_OUT" | python3 -c '
import ipaddress, json, re, sys
ok4 = ipaddress.ip_network("198.18.0.0/15")
ok6 = ipaddress.ip_network("2001:db8::/32")
n = 0
for line in sys.stdin:
    o = json.loads(line)
    words = []
    for i in o.get("interfaces", []):
        words += i["addresses"]
    for r in o.get("routes", []):
        words += r.split()
    words += o.get("addresses", [])
    for w in words:
        if not re.match(r"^[0-9a-f:.]+(/[0-9]+)?$", w) or ("." not in w and ":" not in w):
            continue
        net = ipaddress.ip_network(w, strict=False)
        inside = net.subnet_of(ok4) if net.version == 4 else net.subnet_of(ok6)
        if not inside:
            sys.exit("address %s outside the lab ranges in %s" % (w, line.strip()))
        n += 1
if n < 40:
    sys.exit("only %d addresses checked" % n)
print(n)
' >"$NW_TMP/n" 2>&1 || nw_fail "topology addresses: $(cat "$NW_TMP/n")"
nw_pass "topology: $(cat "$NW_TMP/n") addresses, all in 198.18.0.0/15 or 2001:db8::/32"

nw_log "lab_cli: all checks passed"
exit 0
