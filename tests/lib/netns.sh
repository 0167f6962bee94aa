# shellcheck shell=bash
#
# netns.sh: the network-namespace harness every live test sources.
#
# A test builds its own little network out of namespaces ("hosts"), veth
# pairs, bridges, routes and nftables rules, runs the tools inside it as a
# user would, and checks what they print.  Nothing here touches the host's
# own interfaces, routes or namespaces: every namespace carries a per-run
# prefix ("nwt<pid>-"), veth pairs are created directly inside the
# namespaces, and nw_cleanup (run by a trap on EXIT, INT and TERM) kills the
# processes the test started and deletes only the namespaces with that prefix.
#
# Addresses: only 198.18.0.0/15 and 2001:db8::/32 (plus loopback and IPv6
# link-local); nw_addr and nw_route refuse anything else.  Every wait is
# bounded.
#
# Typical use:
#   . "$NW_SRCDIR/tests/lib/netns.sh"
#   nw_require_root nw-arping
#   nw_setup
#   nw_host a; nw_host b
#   nw_link a veth0 b veth0 02:00:00:00:00:01 02:00:00:00:00:02
#   nw_addr a veth0 198.18.0.1/24; nw_addr b veth0 198.18.0.2/24
#   out=$(nw_in a nw-arping -c 1 198.18.0.2) || nw_fail "no reply"
#
# Exit codes follow automake: 0 pass, 1 fail, 77 skip.

NW_PREFIX=""     # per-run namespace prefix, set by nw_setup
NW_TMP=""        # per-run scratch directory, removed by nw_cleanup
NW_BG_PID=""     # pid of the last process nw_bg started
NW_PIDS=()       # every pid nw_bg started
NW_CLEANED=0
NW_FG_PID=""     # the command nw_run is waiting for

# nw_log MSG...: a progress line on stderr (kept in the test's .log file).
nw_log() {
	printf '# %s\n' "$*" >&2
}

# nw_skip REASON: skip the test (exit 77) saying why.
nw_skip() {
	printf 'SKIP: %s\n' "$*" >&2
	exit 77
}

# nw_fail MSG: fail the test (exit 1) with a clear message; the EXIT trap
# still cleans up.
nw_fail() {
	printf 'FAIL: %s\n' "$*" >&2
	exit 1
}

# nw_pass MSG: note a check that passed.
nw_pass() {
	printf 'ok: %s\n' "$*" >&2
}

# nw_assert_eq WHAT EXPECTED ACTUAL: fail unless EXPECTED = ACTUAL (strings).
nw_assert_eq() {
	if [ "$2" != "$3" ]; then
		nw_fail "$1: expected '$2', got '$3'"
	fi
	nw_pass "$1 = '$3'"
}

# nw_assert_match WHAT ERE TEXT: fail unless some line of TEXT matches the
# extended regular expression ERE; prints TEXT on failure.
nw_assert_match() {
	if ! printf '%s\n' "$3" | grep -Eq -- "$2"; then
		printf -- '--- output was:\n%s\n---\n' "$3" >&2
		nw_fail "$1: no line matches /$2/"
	fi
	nw_pass "$1"
}

# nw_assert_nomatch WHAT ERE TEXT: fail if any line of TEXT matches ERE.
nw_assert_nomatch() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		printf -- '--- output was:\n%s\n---\n' "$3" >&2
		nw_fail "$1: unexpected line matching /$2/"
	fi
	nw_pass "$1"
}

# nw_assert_status WHAT EXPECTED ACTUAL [OUTPUT]: fail unless the exit
# status ACTUAL equals EXPECTED; prints OUTPUT (if given) on failure.
nw_assert_status() {
	if [ "$2" != "$3" ]; then
		[ $# -ge 4 ] && printf -- '--- output was:\n%s\n---\n' "$4" >&2
		nw_fail "$1: expected exit status $2, got $3"
	fi
	nw_pass "$1 (exit $3)"
}

# nw_require_root [CMD...]: skip (exit 77), saying why, unless we are root,
# 'ip netns' works and ip plus every CMD given (e.g. nw-arping nft python3)
# is on PATH.
nw_require_root() {
	local c
	if [ "$(id -u)" != 0 ]; then
		nw_skip "live test needs root (network namespaces)"
	fi
	for c in ip "$@"; do
		command -v "$c" >/dev/null 2>&1 || nw_skip "required command '$c' not found on PATH"
	done
	if ! ip netns list >/dev/null 2>&1; then
		nw_skip "'ip netns' does not work here"
	fi
}

# nw_setup: choose the per-run prefix (nwt<pid>-), make a scratch directory
# ($NW_TMP) and install the cleanup trap on EXIT, INT and TERM.
nw_setup() {
	NW_PREFIX="nwt$$-"
	NW_TMP=$(mktemp -d "${TMPDIR:-/tmp}/nwt$$.XXXXXX") || nw_fail "mktemp failed"
	# Run as root, the tools become nobody before they open a file (nw-handshake
	# -r, nw-resolve -f): they may pass through to the run's files (not list it).
	chmod 711 "$NW_TMP" || nw_fail "chmod $NW_TMP"
	# A walk from the root (nw-resolve --trace) must name the test's own
	# root (--root-hints, or nw-lab exec's): one that forgets fails on this
	# missing file instead of starting at the real root servers.
	export NW_ROOT_HINTS="$NW_TMP/tests-name-their-own-root-hints"
	trap 'nw__on_exit' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	# A namespace must actually be creatable (some containers refuse).
	if ! ip netns add "${NW_PREFIX}probe" 2>/dev/null; then
		nw_skip "cannot create network namespaces here"
	fi
	ip netns del "${NW_PREFIX}probe"
}

nw__on_exit() {
	local rc=$?
	trap - EXIT INT TERM
	nw_guard_report || { [ "$rc" = 0 ] && rc=1; }
	nw_cleanup
	exit "$rc"
}

# The guard (tools/lab/templates/guard.nft) every test host gets: packets
# for addresses outside the test ranges are dropped and counted.
NW_GUARD_NFT=${NW_SRCDIR:-.}/tools/lab/templates/guard.nft
# The namespace primitives the lab uses too (ns_make, ns_veth, ...).
# shellcheck source=/dev/null
. "${NW_SRCDIR:-.}/tools/lab/netns-lib.sh"

# nw_guard_report: fail (1, with a line per host) when a guard of this run
# dropped anything: some test or tool tried to reach an outside address.
nw_guard_report() {
	local ns n bad=0
	[ -n "$NW_PREFIX" ] || return 0
	for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
		case "$ns" in "$NW_PREFIX"*) ;; *) continue ;; esac
		n=$(ip netns exec "$ns" nft list counter inet lab_guard outside 2>/dev/null |
			awk '{ for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }')
		if [ -n "$n" ] && [ "$n" != 0 ]; then
			printf 'FAIL: %s dropped %s packets for addresses outside 198.18.0.0/15 and 2001:db8::/32\n' \
				"${ns#"$NW_PREFIX"}" "$n" >&2
			bad=1
		fi
	done
	return "$bad"
}

# nw_ns NAME: print the real namespace name of host NAME (with the prefix).
nw_ns() {
	printf '%s%s' "$NW_PREFIX" "$1"
}

# nw_sysctl HOST KEY VALUE: set a sysctl inside HOST (missing keys ignored).
nw_sysctl() {
	ns_sysctl "$(nw_ns "$1")" "$2" "$3"
}

# nw_host NAME: create host NAME, a namespace with lo up and sane sysctls
# (ns_make: no IPv6 DAD delay, no router advertisements, no reverse-path
# filter, forwarding off) and the guard (nothing for an address outside
# the test ranges leaves it; see nw_guard_report).  ARP settings stay at the
# kernel defaults (arp_ignore=0, arp_accept=0) so hosts behave like ordinary
# Linux machines; tests that need otherwise set them and say why.
nw_host() {
	nw__make_host "$1" 0
}

# nw_router NAME: a host (see nw_host) that forwards IPv4 and IPv6.
nw_router() {
	nw__make_host "$1" 1
}

nw__make_host() {
	[ -n "$NW_PREFIX" ] || nw_fail "nw_host before nw_setup"
	local ns
	ns=$(nw_ns "$1")
	ns_make "$ns" "$2" || nw_fail "cannot create namespace $ns"
	ns_load_guard "$ns" "$NW_GUARD_NFT" || nw_fail "cannot load the guard into $ns"
	# A name lookup the test did not set up (a tool's reverse names, say)
	# goes to loopback, refused at once, never to the machine's resolver.
	printf 'nameserver 127.0.0.1\n' | nw_etc "$1" resolv.conf
}

# nw_etc HOST FILE: stdin becomes HOST's /etc/FILE ('ip netns exec' mounts
# /etc/netns/NS/FILE over it: hosts, resolv.conf); removed by nw_cleanup.
nw_etc() {
	local dir
	dir=/etc/netns/$(nw_ns "$1")
	if ! mkdir -p "$dir" || ! cat >"$dir/$2"; then
		nw_fail "cannot write $dir/$2"
	fi
}

# nw_link HOSTA IFA HOSTB IFB [MACA MACB]: a veth pair from HOSTA's IFA to
# HOSTB's IFB (created inside the namespaces, never in the host's), with
# the given MAC addresses if any, both ends up.
nw_link() {
	ns_veth "$(nw_ns "$1")" "$2" "$(nw_ns "$3")" "$4" "${5:-}" "${6:-}" ||
		nw_fail "cannot create veth $1:$2 <-> $3:$4"
}

# nw_pair A B: hosts A (198.18.0.1, 2001:db8::1, MAC 02:00:00:00:00:01) and
# B (198.18.0.2, 2001:db8::2, MAC 02:00:00:00:00:02) joined on veth0: the
# two-host network most tests need.
nw_pair() {
	nw_host "$1"
	nw_host "$2"
	nw_link "$1" veth0 "$2" veth0 02:00:00:00:00:01 02:00:00:00:00:02
	nw_addr "$1" veth0 198.18.0.1/24
	nw_addr "$2" veth0 198.18.0.2/24
	nw_addr "$1" veth0 2001:db8::1/64
	nw_addr "$2" veth0 2001:db8::2/64
}

# nw_bridge HOST BR: a bridge BR in HOST (ns_bridge).
nw_bridge() {
	ns_bridge "$(nw_ns "$1")" "$2" || nw_fail "cannot create bridge $1:$2"
}

# nw_bridge_port HOST BR IF: enslave HOST's interface IF to bridge BR.
nw_bridge_port() {
	ns_port "$(nw_ns "$1")" "$3" "$2" || nw_fail "cannot add $1:$3 to bridge $2"
}

# nw_lan_join SWITCH BR HOST IF MAC [CIDR...]: plug host HOST (created if
# it does not exist yet) into bridge BR of host SWITCH: a veth pair from
# HOST's IF (with MAC, unless MAC is '-') to the port "p<HOST>" (cut to 15
# characters) on BR, and the addresses CIDR... on IF.
nw_lan_join() {
	local sw=$1 br=$2 h=$3 ifn=$4 mac=$5 port
	shift 5
	[ "$mac" = - ] && mac=""
	if ! ip netns list | awk '{ print $1 }' | grep -qx -- "$(nw_ns "$h")"; then
		nw_host "$h"
	fi
	port="p$h"
	port=${port:0:15}
	nw_link "$h" "$ifn" "$sw" "$port" "$mac" ""
	nw_bridge_port "$sw" "$br" "$port"
	local a
	for a in "$@"; do
		nw_addr "$h" "$ifn" "$a"
	done
}

# nw_addr_ok ADDR[/LEN]: succeed if ADDR is one the tests may use:
# 198.18.0.0/15, 2001:db8::/32 (ns_addr_ok), loopback, IPv6 link-local,
# the unspecified address or 'default'.
nw_addr_ok() {
	local a=${1%%/*}
	a=$(printf '%s' "$a" | tr 'A-F' 'a-f')
	case "$a" in
	default | 0.0.0.0 | :: | ::1) return 0 ;;
	127.*) [[ "$a" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] ;;
	fe[89ab]?:*) return 0 ;;
	*) ns_addr_ok "$a" ;;
	esac
}

# nw_guard ADDR...: fail the test if an address-looking argument is outside
# the allowed ranges (see nw_addr_ok).  Words that are not addresses
# (keywords, interface names, numbers) pass.
nw_guard() {
	local w
	for w in "$@"; do
		if [[ "$w" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+(/[0-9]+)?$ ]] ||
			[[ "$w" =~ ^[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(/[0-9]+)?$ && "$w" == *::* ]] ||
			[[ "$w" =~ ^[0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{1,4}){7}(/[0-9]+)?$ ]]; then
			nw_addr_ok "$w" || nw_fail "address $w is outside 198.18.0.0/15 and 2001:db8::/32"
		fi
	done
}

# nw_addr HOST IF CIDR: add address CIDR to HOST's IF (IPv6 with nodad, so
# it is usable at once).  Refuses addresses outside the test ranges.
nw_addr() {
	local ns
	ns=$(nw_ns "$1")
	nw_guard "$3"
	ns_addr "$ns" "$2" "$3" || nw_fail "addr $3 on $1:$2"
}

# nw_route HOST ARGS...: 'ip route add ARGS...' inside HOST ('-6' first for
# IPv6 is fine); every address in ARGS must be in the test ranges.
nw_route() {
	local ns
	ns=$(nw_ns "$1")
	shift
	nw_guard "$@"
	if [ "${1:-}" = -6 ] || [ "${1:-}" = -4 ]; then
		local fam=$1
		shift
		ip -n "$ns" "$fam" route add "$@" || nw_fail "route $* in $ns"
	else
		ip -n "$ns" route add "$@" || nw_fail "route $* in $ns"
	fi
}

# nw_loss HOST IF PERCENT [in|out|both]: drop PERCENT% of the frames on
# HOST's IF at random (nftables netdev table, 'numgen random mod 100');
# default both directions.  No netem on this kernel.  Note: a packet capture
# on IF sees received frames *before* the netdev ingress hook, so to make a
# tool on IF miss replies, put the loss on the far end of the link (e.g.
# the bridge port) rather than on the tool's own ingress.  Each rule counts
# what it dropped (see nw_loss_dropped).
nw_loss() {
	local ns dir=${4:-both} t
	ns=$(nw_ns "$1")
	t="nwloss_$2"
	t=${t//[^A-Za-z0-9_]/_}
	case "$3" in '' | *[!0-9]*) nw_fail "nw_loss: bad percent '$3'" ;; esac
	case "$dir" in in | out | both) ;; *) nw_fail "nw_loss: direction must be in, out or both" ;; esac
	if [ "$dir" = in ] || [ "$dir" = both ]; then
		ip netns exec "$ns" nft -f - <<EOF || nw_fail "nft ingress loss on $1:$2"
table netdev $t {
	chain in {
		type filter hook ingress device "$2" priority 0; policy accept;
		numgen random mod 100 < $3 counter drop
	}
}
EOF
	fi
	if [ "$dir" = out ] || [ "$dir" = both ]; then
		ip netns exec "$ns" nft -f - <<EOF || nw_fail "nft egress loss on $1:$2"
table netdev $t {
	chain out {
		type filter hook egress device "$2" priority 0; policy accept;
		numgen random mod 100 < $3 counter drop
	}
}
EOF
	fi
}

# nw_loss_every HOST IF N: on HOST's IF, drop every Nth outgoing IPv4 TCP
# frame that carries data ('numgen inc': deterministic, where a test needs
# a loss in mid-stream for certain).  Use it on a router, not on the
# sending host: a drop on the sender's own egress is reported back to its
# TCP, which sends the segment again at once, so the wire shows no gap.
# Same table as nw_loss, so nw_loss_dropped counts it.
nw_loss_every() {
	local ns t
	ns=$(nw_ns "$1")
	t="nwloss_$2"
	t=${t//[^A-Za-z0-9_]/_}
	case "$3" in '' | *[!0-9]* | 0 | 1) nw_fail "nw_loss_every: N must be 2 or more, not '$3'" ;; esac
	ip netns exec "$ns" nft -f - <<EOF || nw_fail "nft egress loss on $1:$2"
table netdev $t {
	chain out {
		type filter hook egress device "$2" priority 0; policy accept;
		meta protocol ip ip protocol tcp ip length > 200 numgen inc mod $3 == 0 counter drop
	}
}
EOF
}

# nw_loss_dropped HOST IF: print how many frames nw_loss rules on HOST's IF
# have dropped so far (both directions together).
nw_loss_dropped() {
	local ns t
	ns=$(nw_ns "$1")
	t="nwloss_$2"
	t=${t//[^A-Za-z0-9_]/_}
	ip netns exec "$ns" nft list table netdev "$t" 2>/dev/null |
		awk '/counter packets/ { for (i = 1; i <= NF; i++) if ($i == "packets") n += $(i + 1) }
		     END { print n + 0 }'
}

# nw_in HOST CMD...: run CMD inside HOST (ip netns exec), in the foreground;
# returns CMD's status.
nw_in() {
	local ns
	ns=$(nw_ns "$1")
	shift
	ip netns exec "$ns" "$@"
}

# nw_run TIMEOUT HOST CMD...: run CMD inside HOST (HOST '-' means here,
# outside any namespace, for commands that need no network) for at most
# TIMEOUT seconds (then TERM, and KILL 2 s later).  Sets NW_OUT (stdout),
# NW_ERR (stderr), NW_RC (status; 124 when it timed out) and NW_SECS (wall
# time in seconds).  Always returns 0, so check NW_RC.
# shellcheck disable=SC2034 # NW_OUT and NW_ERR are for the caller
NW_OUT="" NW_ERR="" NW_RC=0 NW_SECS=0
# shellcheck disable=SC2034
nw_run() {
	local t=$1 h=$2 start
	shift 2
	start=$(nw_now)
	# In the background and waited for, so a TERM/INT to the test runs the
	# cleanup trap at once instead of after the command.
	if [ "$h" = - ]; then
		timeout -k 2 "$t" "$@" >"$NW_TMP/run.out" 2>"$NW_TMP/run.err" </dev/null &
	else
		timeout -k 2 "$t" ip netns exec "$(nw_ns "$h")" "$@" >"$NW_TMP/run.out" 2>"$NW_TMP/run.err" </dev/null &
	fi
	NW_FG_PID=$!
	wait "$NW_FG_PID"
	NW_RC=$?
	NW_FG_PID=""
	NW_SECS=$(nw_elapsed "$start")
	NW_OUT=$(cat "$NW_TMP/run.out")
	NW_ERR=$(cat "$NW_TMP/run.err")
	printf '$ %s  (exit %s, %s s)\n' "$*" "$NW_RC" "$NW_SECS" >&2
	return 0
}

# nw_bg HOST CMD...: start CMD inside HOST in the background; its pid is in
# $NW_BG_PID and is recorded so nw_cleanup kills it.  Redirect the call
# (nw_bg h cmd >file 2>&1) to keep its output.  'ip netns exec' execs CMD,
# so the pid is CMD's own.
nw_bg() {
	local ns
	ns=$(nw_ns "$1")
	shift
	ip netns exec "$ns" "$@" &
	NW_BG_PID=$!
	NW_PIDS+=("$NW_BG_PID")
}

# nw_wait_pid PID TIMEOUT: wait at most TIMEOUT seconds for PID (one nw_bg
# started) to end; prints nothing, returns its status, or 124 (and kills
# it) on timeout.
nw_wait_pid() {
	local pid=$1 t=$2 i=0 n
	n=$(awk -v t="$t" 'BEGIN { printf "%d", t * 10 }')
	while kill -0 "$pid" 2>/dev/null && [ "$i" -lt "$n" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		sleep 0.2
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		return 124
	fi
	wait "$pid"
}

# nw_wait_until TIMEOUT CMD...: run CMD every 0.1 s until it succeeds (0) or
# TIMEOUT seconds have passed (1).
nw_wait_until() {
	local t=$1 n i=0
	shift
	n=$(awk -v t="$t" 'BEGIN { printf "%d", t * 10 }')
	while [ "$i" -le "$n" ]; do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# nw_now: monotonic-enough wall time in seconds with fractions (for
# deadline checks).
nw_now() {
	date +%s.%N
}

# nw_elapsed START: seconds since START (from nw_now), 3 decimals.
nw_elapsed() {
	awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'
}

# nw_lt A B: succeed if number A < number B.
nw_lt() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}

# nw_mac HOST IF: print the MAC address of HOST's IF.
nw_mac() {
	ip -n "$(nw_ns "$1")" -o link show dev "$2" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'
}

# nw_json_check WHAT TEXT [SPEC...]: fail unless every non-empty line of
# TEXT is a JSON object with a string "type".  Each SPEC is either
# TYPE:KEY,KEY...  (at least one object of TYPE exists, and every object of
# TYPE has all KEYs) or only=TYPE,TYPE... (no object has another type: the
# tool's documented vocabulary).
nw_json_check() {
	local what=$1 text=$2 msg
	shift 2
	if ! msg=$(printf '%s\n' "$text" | python3 -c '
import json, sys
specs = {}
only = None
for s in sys.argv[1:]:
    if s.startswith("only="):
        only = s[5:].split(",")
        continue
    t, _, keys = s.partition(":")
    specs[t] = [k for k in keys.split(",") if k]
seen = {}
for n, line in enumerate(sys.stdin, 1):
    line = line.strip()
    if not line:
        continue
    try:
        o = json.loads(line)
    except ValueError as e:
        sys.exit("line %d is not JSON (%s): %s" % (n, e, line))
    if not isinstance(o, dict) or not isinstance(o.get("type"), str):
        sys.exit("line %d is not an object with a string \"type\": %s" % (n, line))
    if only is not None and o["type"] not in only:
        sys.exit("line %d has undocumented type %r (documented: %s): %s"
                 % (n, o["type"], ", ".join(only), line))
    seen[o["type"]] = seen.get(o["type"], 0) + 1
    for k in specs.get(o["type"], []):
        if k not in o:
            sys.exit("line %d (%s) lacks key %r: %s" % (n, o["type"], k, line))
for t in specs:
    if t not in seen:
        sys.exit("no object of type %r" % t)
' "$@" 2>&1); then
		printf -- '--- output was:\n%s\n---\n' "$text" >&2
		nw_fail "$what: $msg"
	fi
	nw_pass "$what"
}

# nw_json_get TEXT TYPE KEY: print KEY of every JSON object of type TYPE in
# TEXT, one per line (strings bare, other values as JSON, e.g. true/null).
nw_json_get() {
	printf '%s\n' "$1" | python3 -c '
import json, sys
t, k = sys.argv[1], sys.argv[2]
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    try:
        o = json.loads(line)
    except ValueError:
        continue
    if isinstance(o, dict) and o.get("type") == t and k in o:
        v = o[k]
        print(v if isinstance(v, str) else json.dumps(v))
' "$2" "$3"
}

# nw_cleanup: kill the processes nw_bg started (TERM, then KILL), any
# process left inside our namespaces, delete every namespace with our
# prefix (this removes their veths and bridges too) and the scratch
# directory.  Safe to call twice; touches nothing without our prefix.
nw_cleanup() {
	[ "$NW_CLEANED" = 1 ] && return 0
	NW_CLEANED=1
	local pid ns i
	[ -n "$NW_FG_PID" ] && NW_PIDS+=("$NW_FG_PID")
	for pid in "${NW_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for i in 1 2 3 4 5 6 7 8 9 10; do
		local alive=0
		for pid in "${NW_PIDS[@]}"; do
			kill -0 "$pid" 2>/dev/null && alive=1
		done
		[ "$alive" = 0 ] && break
		sleep 0.1
	done
	for pid in "${NW_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null
	done
	if [ -n "$NW_PREFIX" ]; then
		for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
			case "$ns" in
			"$NW_PREFIX"*)
				for pid in $(ip netns pids "$ns" 2>/dev/null); do
					kill -KILL "$pid" 2>/dev/null
				done
				ip netns del "$ns" 2>/dev/null
				;;
			esac
		done
		rm -rf -- /etc/netns/"$NW_PREFIX"*
	fi
	wait 2>/dev/null
	if [ -n "$NW_TMP" ] && [ -d "$NW_TMP" ]; then
		rm -rf -- "$NW_TMP"
	fi
	return 0
}
