# shellcheck shell=bash
#
# scan.sh: what the nw-scan live tests share (source after netns.sh and
# nw_setup): a scanner and a target namespace on one veth pair (IPv4 and
# IPv6), a ground truth on the target (listeners, and an nftables table
# that drops, rejects with ICMP admin-prohibited or with a TCP reset; see
# scan_truth.py), a /16 of hosts with one port (scan_sweep_build), a
# policer; readers of nw-scan's --json and of nmap's -oX into one form,
# "ADDR PORT STATE REASON" lines, sorted, to compare with diff.

SCAN_LIB=${NW_SRCDIR:-.}/tests/lib
# shellcheck disable=SC2034 # used by the tests that source this file
SCAN_S4=198.18.0.1 SCAN_S6=2001:db8::1 SCAN_T4=198.18.0.2 SCAN_T6=2001:db8::2
# shellcheck disable=SC2034
SCAN_SMAC=02:00:00:00:00:01 SCAN_TMAC=02:00:00:00:00:02
SCAN_SEED=""
# shellcheck disable=SC2034 # for the callers (bench/scan stops it)
SCAN_LISTEN_PID=""

# scan_pair: hosts "scanner" (198.18.0.1, 2001:db8::1) and "target"
# (198.18.0.2, 2001:db8::2) on one veth pair.  The target sends its ICMP
# errors without the kernel's rate limit (a scan asks for hundreds at once;
# nmap's users meet the same limit as "filtered" ports turning silent).
scan_pair() {
	nw_pair scanner target # the addresses and MACs above
	scan_no_icmp_limit target
	# Listeners take a backlog of 4096 (a connect() scan completes handshakes).
	nw_sysctl target net.core.somaxconn 4096
}

# scan_no_icmp_limit HOST: HOST's ICMP and ICMPv6 errors are not rate limited.
scan_no_icmp_limit() {
	nw_sysctl "$1" net.ipv4.icmp_ratelimit 0
	nw_sysctl "$1" net.ipv4.icmp_msgs_per_sec 1000000
	nw_sysctl "$1" net.ipv4.icmp_msgs_burst 1000000
	nw_sysctl "$1" net.ipv6.icmp.ratelimit 0
}

# scan_seed: the seed of this run's ground truth ($NW_SCAN_SEED to replay
# one), logged.
scan_seed() {
	SCAN_SEED=${NW_SCAN_SEED:-$((RANDOM * 32768 + RANDOM))}
	nw_log "ground truth seed $SCAN_SEED (NW_SCAN_SEED=$SCAN_SEED replays it)"
}

# scan_truth_build LO HI DUAL V4ONLY V6ONLY DROP ADMIN RST [ADDR6]: on the
# target, over ports LO..HI: DUAL ports listening on IPv4 and IPv6, V4ONLY
# and V6ONLY on one family, DROP dropped, ADMIN rejected with ICMP
# admin-prohibited, RST (plus two listening ones) with a TCP reset, the
# rest closed.  The expected tables are $NW_TMP/truth.syn and
# $NW_TMP/truth.connect (for $SCAN_T4 and ADDR6, default $SCAN_T6; '-' for
# IPv4 only).
scan_truth_build() {
	[ -n "$SCAN_SEED" ] || scan_seed
	python3 "$SCAN_LIB/scan_truth.py" "$NW_TMP" "$SCAN_SEED" "$1" "$2" "$SCAN_T4" "${9:-$SCAN_T6}" \
		"$3" "$4" "$5" "$6" "$7" "$8" || nw_fail "scan_truth.py failed"
	nw_in target nft -f "$NW_TMP/rules.nft" || nw_fail "cannot load the target's rules"
	scan_listen target
	nw_log "truth: $(awk '{ n[$3 " " $4]++ } END { for (k in n) printf "%s %d, ", k, n[k] }' "$NW_TMP/truth.syn")"
}

# scan_listen HOST [ARGS]: start scan_listen.py in HOST with ARGS (default:
# $NW_TMP/listen.args) and wait (at most 10 s) until it listens; its pid
# is $SCAN_LISTEN_PID.
scan_listen() {
	local ready=$NW_TMP/listen.$1.ready args
	args=${2:-$(cat "$NW_TMP/listen.args")}
	rm -f "$ready"
	# shellcheck disable=SC2086 # args: option words
	nw_bg "$1" python3 "$SCAN_LIB/scan_listen.py" "$ready" $args >"$NW_TMP/listen.$1.log" 2>&1
	# shellcheck disable=SC2034 # for the callers
	SCAN_LISTEN_PID=$NW_BG_PID
	nw_wait_until 10 test -s "$ready" || nw_fail "listener in $1 did not start: $(cat "$NW_TMP/listen.$1.log")"
}

# scan_json_table: nw-scan --json on stdin -> "ADDR PORT STATE REASON" per
# port line (addresses in canonical form), sorted.
scan_json_table() {
	python3 -c '
import ipaddress, json, sys
for line in sys.stdin:
    try:
        o = json.loads(line)
    except ValueError:
        continue
    if isinstance(o, dict) and o.get("type") == "port":
        print(ipaddress.ip_address(o["addr"]), o["port"], o["state"], o["reason"])
' | LC_ALL=C sort
}

# scan_nmap MODE PORTS ADDR...: nmap -sS (MODE syn) or -sT (connect) -n
# of PORTS (LO-HI) on ADDR... (all of one family) from the scanner, as
# "ADDR PORT STATE REASON" lines, sorted, its reasons in nw-scan's words
# (reset -> rst ...).  -dd makes nmap list every port instead of folding
# the commonest state into a count; its debug lines go to stdout, so the
# XML goes to a file.  Sets NW_RC and NW_SECS (nw_run).
scan_nmap() {
	local m=S fam=""
	[ "$1" = connect ] && m=T
	case "$3" in *:*) fam=-6 ;; esac
	rm -f "$NW_TMP/nmap.xml"
	nw_run 60 scanner nmap "-s$m" $fam -n -dd --reason -p "$2" -oX "$NW_TMP/nmap.xml" "${@:3}"
	[ "$NW_RC" = 0 ] || nw_fail "nmap -s$m failed (exit $NW_RC): $NW_ERR"
	python3 -c '
import ipaddress, sys
import xml.etree.ElementTree as ET
words = {"reset": "rst", "conn-refused": "rst"}
for host in ET.parse(sys.argv[1]).getroot().iter("host"):
    addr = ipaddress.ip_address(host.find("address").get("addr"))
    for p in host.iter("port"):
        st = p.find("state")
        print(addr, p.get("portid"), st.get("state"), words.get(st.get("reason"), st.get("reason")))
' "$NW_TMP/nmap.xml" | LC_ALL=C sort
}

# scan_states: "ADDR PORT STATE REASON" on stdin -> "ADDR PORT STATE".
scan_states() {
	awk '{ print $1, $2, $3 }'
}

# scan_same WHAT EXPECTED GOT: fail unless the files EXPECTED and GOT are
# equal, showing the first lines of the difference.
scan_same() {
	if ! diff "$2" "$3" >"$NW_TMP/diff"; then
		head -n 20 "$NW_TMP/diff" >&2
		nw_fail "$1: $(grep -c '^[<>]' "$NW_TMP/diff") lines differ (< expected, > got; first 20 above)"
	fi
	nw_pass "$1 ($(wc -l <"$3") ports)"
}

# scan_open FILE: the "ADDR PORT" of the open ports of a table.
scan_open() {
	awk '$3 == "open" { print $1, $2 }' "$1"
}

# JSON keys the contract names (docs/scan.md): the objects and their keys.
SCAN_PORT_KEYS=port:addr,port,state,reason,ttl,rtt_ms,retries
SCAN_SUMMARY_KEYS=summary:complete,probes,sent,retries,retries_allowed,open,closed,filtered,rate_pps,drops

# scan_nw TIMEOUT HOST ARGS...: nw-scan --json ARGS in HOST; its output in
# $NW_TMP/scan.json, its table (scan_json_table) in $NW_TMP/scan.t; NW_RC,
# NW_ERR, NW_SECS as nw_run sets them.
scan_nw() {
	local t=$1 h=$2
	shift 2
	nw_run "$t" "$h" nw-scan --json "$@"
	printf '%s\n' "$NW_OUT" >"$NW_TMP/scan.json"
	scan_json_table <"$NW_TMP/scan.json" >"$NW_TMP/scan.t"
}

# scan_json_valid WHAT: the last scan_nw's output is JSON Lines of the
# documented types, a start line first, a summary line last, every port
# and summary object with the contract's keys, and the summary's counts
# equal to the port lines'; prints the summary's complete, probes and
# rate_pps.  In a SYN scan an ICMP result names who sent it ("from").
scan_json_valid() {
	nw_json_check "$1: JSON Lines" "$NW_OUT" only=start,port,summary start: \
		"$SCAN_PORT_KEYS" "$SCAN_SUMMARY_KEYS"
	local msg
	msg=$(python3 -c '
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
if objs[0]["type"] != "start" or objs[-1]["type"] != "summary":
    sys.exit("first line is %s, last %s (start, summary expected)" % (objs[0]["type"], objs[-1]["type"]))
s = objs[-1]
for st in ("open", "closed", "filtered"):
    n = sum(1 for o in objs if o["type"] == "port" and o["state"] == st)
    if s[st] != n:
        sys.exit("summary %s = %s but %d port lines say %s" % (st, s[st], n, st))
for o in objs:
    if objs[0].get("method") == "syn" and o["type"] == "port" and o.get("ttl") is not None \
            and o["reason"] not in ("syn-ack", "rst") and "from" not in o:
        sys.exit("an ICMP result without \"from\": %s" % json.dumps(o))
print(s["complete"], s["probes"], s["rate_pps"])
' "$NW_TMP/scan.json" 2>&1) || nw_fail "$1: $msg"
	nw_pass "$1: start first, summary last, counts agree (complete probes rate: $msg)"
}

# scan_sweep_build PORT NDROP: the target holds every address of
# 198.19.0.0/16 (a local route on lo) and listens on PORT on all of them;
# its nftables drop PORT for NDROP random addresses and all of
# 198.19.77.0/24.  The scanner routes the /16 to it.  The expected table,
# "ADDR PORT open syn-ack" or "ADDR PORT filtered no-response" for each of
# the 65,536 addresses, is $NW_TMP/sweep.truth; $NW_TMP/sweep.open the
# open addresses alone.
scan_sweep_build() {
	[ -n "$SCAN_SEED" ] || scan_seed
	nw_in target ip route add local 198.19.0.0/16 dev lo || nw_fail "local route in target"
	nw_route scanner 198.19.0.0/16 via "$SCAN_T4"
	nw_sysctl target net.ipv4.tcp_max_syn_backlog 65536
	python3 -c '
import ipaddress, random, sys
out, seed, port, ndrop = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
net = list(ipaddress.ip_network("198.19.0.0/16"))
block = set(ipaddress.ip_network("198.19.77.0/24"))
drop = set(random.Random(seed).sample([a for a in net if a not in block], ndrop))
with open(out + "/sweep.nft", "w") as f:
    f.write("table ip scan_sweep {\n\tset dropped {\n\t\ttype ipv4_addr; flags interval;\n")
    f.write("\t\telements = { 198.19.77.0/24, %s }\n\t}\n" % ", ".join(str(a) for a in sorted(drop)))
    f.write("\tchain input {\n\t\ttype filter hook input priority 0; policy accept;\n")
    f.write("\t\tip daddr @dropped tcp dport %s drop\n\t}\n}\n" % port)
with open(out + "/sweep.truth", "w") as t, open(out + "/sweep.open", "w") as o:
    for a in net:
        if a in drop or a in block:
            t.write("%s %s filtered no-response\n" % (a, port))
        else:
            t.write("%s %s open syn-ack\n" % (a, port))
            o.write("%s\n" % a)
' "$NW_TMP" "$SCAN_SEED" "$1" "$2" || nw_fail "sweep truth"
	LC_ALL=C sort -o "$NW_TMP/sweep.truth" "$NW_TMP/sweep.truth"
	LC_ALL=C sort -o "$NW_TMP/sweep.open" "$NW_TMP/sweep.open"
	nw_in target nft -f "$NW_TMP/sweep.nft" || nw_fail "cannot load the sweep's rules"
	scan_listen target "--v4 $1"
}

# scan_police HOST IF PPS: a policer on HOST's IF ingress: SYNs beyond PPS
# a second (burst 100) are dropped and counted (scan_policed).
scan_police() {
	nw_in "$1" nft -f - <<NFT || nw_fail "policer on $1:$2"
table netdev scan_police {
	chain in {
		type filter hook ingress device "$2" priority 0; policy accept;
		meta l4proto tcp tcp flags & (syn | ack) == syn limit rate over $3/second burst 100 packets counter drop
	}
}
NFT
}

# scan_policed HOST: how many SYNs HOST's policer dropped so far.
scan_policed() {
	nw_in "$1" nft list table netdev scan_police |
		awk '/counter packets/ { for (i = 1; i <= NF; i++) if ($i == "packets") n += $(i + 1) } END { print n + 0 }'
}

# scan_open_found WHAT EXPECTED: every open port of the table EXPECTED is
# open in the last scan_nw, and no other port is.
scan_open_found() {
	scan_open "$2" >"$NW_TMP/open.expected"
	scan_open "$NW_TMP/scan.t" >"$NW_TMP/open.got"
	scan_same "$1" "$NW_TMP/open.expected" "$NW_TMP/open.got"
}
