#!/bin/bash
# priv_all.sh: privileges, for every tool and mode that starts privileged,
# read from /proc/PID/status while the tool runs.  Each one is started as
# root and as user nobody running a copy of the binary with file
# capabilities (setcap cap_net_raw+ep), then stopped.  Running, it must
# be user and group nobody with no capability in any set (the bounding set
# too when started as root), no supplementary group, no new privileges,
# and, built with libseccomp (its --version features say "seccomp"), a
# seccomp filter.  Also: the copy with capabilities works for nobody, one
# without them fails with exit 3 and a clear line, and $NW_USER chooses
# the user.  nw-traceroute's socket mode runs as nobody with nothing at
# all (the plain binary) and must end up the same.  See docs/HACKING.md, "Privileges".
#
# me veth0 198.18.0.2 2001:db8::2 (02:00:00:00:00:02) <-> a veth0 198.18.0.1 2001:db8::1
# Nothing answers at 198.18.0.99: a connection or a query to it waits.
# Helpers called only through nw_wait_until look unreachable to shellcheck.
# shellcheck disable=SC2317
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-arping nw-handshake nw-resolve nw-traceroute nw-scan nw-watch python3 setcap getcap setpriv timeout mkfifo
nw_setup

NOBODY_UID=$(id -u nobody 2>/dev/null) || nw_skip "no user nobody"
NOGROUP=$(id -gn nobody 2>/dev/null) || nw_skip "no group for nobody"
NOBODY_GID=$(id -g nobody)
PCAP=${NW_PCAPS:-$NW_SRCDIR/tests/pcaps/tcpdump}/tcp-handshake-nano.pcap
[ -r "$PCAP" ] || nw_skip "no capture $PCAP"

# Built with the seccomp filter?  Then every dropped tool has one (mode 2).
SECCOMP=0
if nw-arping --version | grep -Eq '^features:.* seccomp( |$)'; then
	SECCOMP=2
fi
nw_log "seccomp filter expected: Seccomp $SECCOMP"

# A directory nobody can reach, holding copies of the tools: nwc-* with
# file capabilities, nw-arping-plain without.
mkdir -m 755 "$NW_TMP/bin" || nw_fail "mkdir"
for t in arping handshake resolve traceroute scan; do
	cp "$(command -v "nw-$t")" "$NW_TMP/bin/nwc-$t" || nw_fail "copy nw-$t"
	chmod 755 "$NW_TMP/bin/nwc-$t"
	if ! setcap cap_net_raw+ep "$NW_TMP/bin/nwc-$t" 2>"$NW_TMP/setcap.err"; then
		nw_skip "setcap refused on $NW_TMP (no xattrs?): $(cat "$NW_TMP/setcap.err")"
	fi
	getcap "$NW_TMP/bin/nwc-$t" | grep -q 'cap_net_raw' ||
		nw_skip "capabilities did not stick on nwc-$t: $(getcap "$NW_TMP/bin/nwc-$t")"
done
# nw-watch needs no packet socket: its copy gets what reads other users' descriptors.
{ cp "$(command -v nw-watch)" "$NW_TMP/bin/nwc-watch" && chmod 755 "$NW_TMP/bin/nwc-watch"; } || nw_fail "copy nw-watch"
setcap cap_sys_ptrace,cap_dac_read_search+ep "$NW_TMP/bin/nwc-watch" || nw_fail "setcap nwc-watch"
PLAIN=$NW_TMP/bin/nw-arping-plain
{ cp "$(command -v nw-arping)" "$PLAIN" && chmod 755 "$PLAIN"; } || nw_fail "copy nw-arping"
if findmnt -n -o OPTIONS -T "$PLAIN" 2>/dev/null | grep -qw nosuid; then
	nw_skip "$NW_TMP is on a nosuid mount: file capabilities would be ignored"
fi

nw_host me
nw_host a
nw_link me veth0 a veth0 02:00:00:00:00:02 02:00:00:00:00:01
nw_addr me veth0 198.18.0.2/24
nw_addr a veth0 198.18.0.1/24
nw_addr me veth0 2001:db8::2/64
nw_addr a veth0 2001:db8::1/64

AS_NOBODY=(setpriv "--reuid=$NOBODY_UID" "--regid=$NOBODY_GID" --clear-groups --inh-caps=-all)
ZERO=0000000000000000

# status_field PID FIELD: the value of FIELD in /proc/PID/status, tabs as spaces.
status_field() {
	awk -v f="$2:" '$1 == f { $1 = ""; sub(/^ /, ""); print }' "/proc/$1/status" 2>/dev/null
}
show_status() {
	grep -E '^(Name|Uid|Gid|Groups|Cap[A-Za-z]+|NoNewPrivs|Seccomp):' "/proc/$1/status" 2>/dev/null >&2
}
# dropped PID COMM UID GID BOUNDING: running COMM as UID/GID (all four ids)
# with no capability in any set (BOUNDING: the bounding set as well), no
# new privileges and the expected seccomp mode.  A mode that keeps some
# capabilities permitted says which in WANT_PRM (a CapPrm mask) and its
# seccomp mode in WANT_SECCOMP.
dropped() {
	local f
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] || return 1
	[ "$(status_field "$1" Uid)" = "$3 $3 $3 $3" ] || return 1
	[ "$(status_field "$1" Gid)" = "$4 $4 $4 $4" ] || return 1
	for f in CapEff CapInh CapAmb; do
		[ "$(status_field "$1" "$f")" = "$ZERO" ] || return 1
	done
	[ "$(status_field "$1" CapPrm)" = "${WANT_PRM:-$ZERO}" ] || return 1
	if [ "$5" = yes ]; then
		[ "$(status_field "$1" CapBnd)" = "$ZERO" ] || return 1
	fi
	[ "$(status_field "$1" NoNewPrivs)" = 1 ] || return 1
	[ "$(status_field "$1" Seccomp)" = "${WANT_SECCOMP:-$SECCOMP}" ]
}
groups_ok() { # groups_ok PID GID: no supplementary group but GID
	case " $(status_field "$1" Groups) " in
	"  " | " $2 ") return 0 ;;
	esac
	return 1
}
out_has() { # out_has FILE ERE
	grep -Eq "$2" "$1" 2>/dev/null
}

# check WHAT HOW COMM READY CMD...: start CMD in me (HOW: root, or nobody
# for a copy with capabilities), wait until it has dropped everything, then
# stop it (SIGINT): it must end by itself, never by SIGSYS (a call the
# filter kills), and its output must match READY (an ERE; '' for none):
# the work it did after the drop.
check() {
	local what=$1 how=$2 comm=$3 ready=$4 pid rc bounding=no
	shift 4
	local out="$NW_TMP/$comm.$how.out"
	# (A background job starts with SIGINT ignored: env gives it back.)
	if [ "$how" = root ]; then
		bounding=yes
		nw_bg me env --default-signal=INT "$@" >"$out" 2>&1
	else
		nw_bg me env --default-signal=INT "${AS_NOBODY[@]}" "$@" >"$out" 2>&1
	fi
	pid=$NW_BG_PID
	if ! nw_wait_until 5 dropped "$pid" "$comm" "$NOBODY_UID" "$NOBODY_GID" "$bounding"; then
		show_status "$pid"
		nw_fail "$what ($how, pid $pid): not nobody with capabilities ${WANT_PRM:-$ZERO} permitted, none effective, NoNewPrivs 1 and Seccomp ${WANT_SECCOMP:-$SECCOMP} within 5 s: $(cat "$out")"
	fi
	groups_ok "$pid" "$NOBODY_GID" ||
		nw_fail "$what ($how): supplementary groups left: '$(status_field "$pid" Groups)'"
	# Some output is buffered until the end: give it a moment to work first.
	[ -n "$ready" ] && nw_wait_until 3 out_has "$out" "$ready"
	kill -INT "$pid" 2>/dev/null
	nw_wait_pid "$pid" 5
	rc=$?
	case $rc in
	0 | 1 | 3 | 4 | 130) ;; # 4: nw-arping --scan cut short by the SIGINT
	*) nw_fail "$what ($how): ended with status $rc (159 is SIGSYS: a call the filter kills): $(cat "$out")" ;;
	esac
	if [ -n "$ready" ] && ! out_has "$out" "$ready"; then
		nw_fail "$what ($how): no line matching '$ready' after the drop: $(cat "$out")"
	fi
	nw_pass "$what ($how): nobody, permitted ${WANT_PRM:-$ZERO}, no other capability$([ "$bounding" = yes ] && echo ' (bounding set too)'), NoNewPrivs 1, Seccomp ${WANT_SECCOMP:-$SECCOMP}; status $rc"
}

# The same mode twice: as root (nw-TOOL) and as nobody with capabilities (nwc-TOOL).
both() { # both WHAT TOOL READY ARGS...
	local what=$1 tool=$2 ready=$3
	shift 3
	check "$what" root "nw-$tool" "$ready" "nw-$tool" "$@"
	check "$what" caps "nwc-$tool" "$ready" "$NW_TMP/bin/nwc-$tool" "$@"
}

# 1. nw-arping, every mode: it keeps working after the drop.
both "nw-arping request" arping '^reply from 198\.18\.0\.1 ' -c 600 -i 0.1 198.18.0.1
both "nw-arping -D" arping '' -D -c 600 -i 0.1 198.18.0.77
both "nw-arping -U" arping '' -U -c 600 -i 0.1 198.18.0.2
both "nw-arping --scan" arping '^198\.18\.0\.1[[:space:]]' --scan 198.18.0.0/24 --rate 2
both "nw-arping -6" arping '^reply from 2001:db8::1 ' -6 -c 600 -i 0.1 2001:db8::1

# 2. nw-handshake -i, -r and connect.  -r reads a FIFO that stays open
# after the capture's packets, so it waits, dropped, for more.
both "nw-handshake -i" handshake '' -i veth0
for how in root caps; do
	mkfifo -m 644 "$NW_TMP/feed.$how" || nw_fail "mkfifo"
	{
		cat "$PCAP"
		sleep 30
	} >"$NW_TMP/feed.$how" &
	NW_PIDS+=("$!")
	if [ "$how" = root ]; then
		check "nw-handshake -r" root nw-handshake 'SYN' nw-handshake --oneline -r "$NW_TMP/feed.$how"
	else
		check "nw-handshake -r" caps nwc-handshake 'SYN' "$NW_TMP/bin/nwc-handshake" --oneline -r "$NW_TMP/feed.$how"
	fi
done
both "nw-handshake connect" handshake '' -W 60s connect 198.18.0.99 80

# 3. nw-resolve needs no privilege: it drops everything at once.
both "nw-resolve" resolve '' --tries 1 -W 60s @198.18.0.99 name.test

# 3b. nw-traceroute: raw mode (root, and nobody with capabilities), then
# socket mode (root with --mode socket, and nobody with no capability at
# all: the plain binary), rounds to a neighbour for a minute; a hop line
# each round shows the answers still come after the drop (socket mode:
# recvmsg of the error queue, the sends after a queued error, ping replies).
nw_sysctl me net.ipv4.ping_group_range "0 2147483647"
TR=(--json --rounds 600 --interval 0.1 -n)
both "nw-traceroute raw" traceroute '"type":"hop"' "${TR[@]}" 198.18.0.1
both "nw-traceroute raw -I -6" traceroute '"type":"hop"' "${TR[@]}" -I 2001:db8::1
for m in "" -I; do
	check "nw-traceroute socket ${m:-UDP}" root nw-traceroute '"type":"hop"' \
		nw-traceroute --mode socket "${TR[@]}" ${m:+"$m"} 198.18.0.1
	check "nw-traceroute socket ${m:-UDP} -6" plain nw-traceroute '"type":"hop".*"from":"2001:db8::1"' \
		"$(command -v nw-traceroute)" "${TR[@]}" ${m:+"$m"} 2001:db8::1
done

# 3c. nw-scan: SYN (root, and nobody with capabilities) and connect() (the
# plain binary as nobody), slowly over every port of a neighbour; a port
# line shows the answers still come (and connect()s still start) after the drop.
SC=(--json --rate 50 -p - 198.18.0.1)
both "nw-scan -sS" scan '"type":"port"' -sS "${SC[@]}"
both "nw-scan -sS -6" scan '"type":"port"' -sS --rate 50 -p - --json 2001:db8::1
check "nw-scan -sT" plain nw-scan '"type":"port"' "$(command -v nw-scan)" -sT "${SC[@]}"

# 3d. nw-watch.  The snapshot is over at once, so its output goes to a FIFO
# of one page that nobody reads (tests/lib/watch_hold.py) and 300 listening
# sockets make it longer: it waits in write(), dropped.  -f sees a listener
# come and go every 0.3 s (root's python3, named: the /proc scan still
# reads other users' descriptors) with its two capabilities permitted.
nw_bg me python3 "$NW_SRCDIR/tests/lib/watch_hold.py" listeners 300 "$NW_TMP/listeners.ready"
nw_wait_until 5 test -e "$NW_TMP/listeners.ready" || nw_fail "no listeners"
for how in root caps; do
	mkfifo -m 666 "$NW_TMP/snap.$how" || nw_fail "mkfifo"
	nw_bg me python3 "$NW_SRCDIR/tests/lib/watch_hold.py" fifo "$NW_TMP/snap.$how" "$NW_TMP/snap.$how.ready"
	nw_wait_until 5 test -e "$NW_TMP/snap.$how.ready" || nw_fail "the FIFO is not held"
	bin=nw-watch
	[ "$how" = caps ] && bin=$NW_TMP/bin/nwc-watch
	# shellcheck disable=SC2016 # $0 and $1 are the inner shell's
	check "nw-watch snapshot" "$how" "${bin##*/}" '' sh -c 'exec "$0" >"$1"' "$bin" "$NW_TMP/snap.$how"
done
nw_bg me python3 "$NW_SRCDIR/tests/lib/watch_hold.py" churn 0.3 60
WANT_PRM=0000000000080004 WANT_SECCOMP=0 check "nw-watch -f" root nw-watch 'CLOSED -> LISTEN [0-9]+/python3' nw-watch -f -p 8201
WANT_PRM=0000000000080004 WANT_SECCOMP=0 check "nw-watch -f" caps nwc-watch 'CLOSED -> LISTEN [0-9]+/python3' "$NW_TMP/bin/nwc-watch" -f -p 8201

# 4. As nobody: the copy with capabilities works, one without fails clearly.
nw_run 10 me "${AS_NOBODY[@]}" "$NW_TMP/bin/nwc-arping" -c 2 -i 0.2 198.18.0.1
nw_assert_status "nobody + file capabilities" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "nobody + caps: the right MAC" '^reply from 198\.18\.0\.1 02:00:00:00:00:01 seq=1 ' "$NW_OUT"
nw_assert_match "nobody + caps: counts" '^2 sent, 2 received' "$NW_OUT"

nw_run 10 me "${AS_NOBODY[@]}" "$PLAIN" -c 1 198.18.0.1
nw_assert_status "nobody without capabilities" 3 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "no caps: one line on stderr" 1 "$(printf '%s\n' "$NW_ERR" | grep -c .)"
printf '%s\n' "$NW_ERR" | grep -Eiq '^nw-arping: .*(permission|not permitted|cap_net_raw|setcap|root)' ||
	nw_fail "no caps: the message does not say it is about permission: $NW_ERR"
nw_pass "no caps: '$NW_ERR'"
nw_assert_nomatch "no caps: nothing claims to be sent" '^reply from|[1-9][0-9]* sent' "$NW_OUT"

# 5. As root the run completes after the drop; $NW_USER chooses the user.
nw_run 10 me nw-arping -c 20 -i 0.1 198.18.0.1
nw_assert_status "as root: the dropped process finished its run" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "as root: 20 replies after the drop" '^20 sent, 20 received' "$NW_OUT"
if id daemon >/dev/null 2>&1; then
	duid=$(id -u daemon)
	dgid=$(id -g daemon)
	nw_bg me env NW_USER=daemon nw-arping -c 20 -i 0.1 198.18.0.1 >"$NW_TMP/daemon.out" 2>&1
	pid=$NW_BG_PID
	if ! nw_wait_until 3 dropped "$pid" nw-arping "$duid" "$dgid" yes; then
		show_status "$pid"
		nw_fail "NW_USER=daemon: nw-arping did not drop to uid/gid $duid/$dgid within 3 s"
	fi
	nw_pass "NW_USER=daemon: running as uid/gid $duid/$dgid"
	nw_wait_pid "$pid" 6 || nw_fail "NW_USER=daemon run failed: $(cat "$NW_TMP/daemon.out")"
fi

nw_log "priv_all: all checks passed ($NOGROUP is nobody's group)"
exit 0
