#!/bin/bash
# arping_caps.sh: privileges.  A copy of nw-arping with file capabilities
# (setcap cap_net_raw,cap_net_admin+ep) works for user nobody, and clears
# its capabilities once running; without them it fails with exit 3 and a
# clear permission message; run as root it drops to nobody (or $NW_USER)
# with no capabilities left, and still works.  See docs/arping.md,
# "Privileges".
#
# me veth0 198.18.0.2 (02:00:00:00:00:02) <-> a veth0 198.18.0.1 (02:00:00:00:00:01)
# Helpers called only through nw_wait_until look unreachable to shellcheck.
# shellcheck disable=SC2317
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-arping setcap getcap setpriv timeout
nw_setup

NOBODY_UID=$(id -u nobody 2>/dev/null) || nw_skip "no user nobody"
NOGROUP=$(id -gn nobody 2>/dev/null) || nw_skip "no group for nobody"
NOBODY_GID=$(id -g nobody)
BIN=$(command -v nw-arping)

# A directory nobody can reach, holding two copies of the tool.
chmod 711 "$NW_TMP" || nw_fail "chmod $NW_TMP"
mkdir -m 755 "$NW_TMP/bin" || nw_fail "mkdir"
CAPBIN=$NW_TMP/bin/nw-arping-caps
PLAIN=$NW_TMP/bin/nw-arping-plain
{ cp "$BIN" "$CAPBIN" && cp "$BIN" "$PLAIN" && chmod 755 "$CAPBIN" "$PLAIN"; } || nw_fail "copy $BIN"
if ! setcap cap_net_raw,cap_net_admin+ep "$CAPBIN" 2>"$NW_TMP/setcap.err"; then
	nw_skip "setcap refused on $NW_TMP (no xattrs?): $(cat "$NW_TMP/setcap.err")"
fi
getcap "$CAPBIN" | grep -q 'cap_net_admin.*cap_net_raw\|cap_net_raw.*cap_net_admin' ||
	nw_skip "capabilities did not stick on $CAPBIN: $(getcap "$CAPBIN")"
if findmnt -n -o OPTIONS -T "$CAPBIN" 2>/dev/null | grep -qw nosuid; then
	nw_skip "$NW_TMP is on a nosuid mount: file capabilities would be ignored"
fi

nw_host me
nw_host a
nw_link me veth0 a veth0 02:00:00:00:00:02 02:00:00:00:00:01
nw_addr me veth0 198.18.0.2/24
nw_addr a veth0 198.18.0.1/24

AS_NOBODY=(setpriv "--reuid=$NOBODY_UID" "--regid=$NOBODY_GID" --clear-groups --inh-caps=-all)

# (The helpers below are called through nw_wait_until.)
# status_field PID FIELD: the value of FIELD in /proc/PID/status, tabs as spaces.
status_field() {
	awk -v f="$2:" '$1 == f { $1 = ""; sub(/^ /, ""); print }' "/proc/$1/status" 2>/dev/null
}
comm_is() { # comm_is PID NAME
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]
}
dropped_to() { # dropped_to PID COMM UID GID: running COMM with all ids UID/GID
	comm_is "$1" "$2" &&
		[ "$(status_field "$1" Uid)" = "$3 $3 $3 $3" ] &&
		[ "$(status_field "$1" Gid)" = "$4 $4 $4 $4" ]
}
caps_clear() { # caps_clear PID: no effective, permitted, inheritable or ambient capability
	local f
	for f in CapEff CapPrm CapInh CapAmb; do
		[ "$(status_field "$1" "$f")" = 0000000000000000 ] || return 1
	done
}
show_status() {
	grep -E '^(Name|Uid|Gid|Groups|Cap[A-Za-z]+):' "/proc/$1/status" 2>/dev/null >&2
}

# 1. As nobody, with file capabilities: works.
nw_run 10 me "${AS_NOBODY[@]}" "$CAPBIN" -c 2 -i 0.2 198.18.0.1
nw_assert_status "nobody + file capabilities" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "nobody + caps: the right MAC" '^reply from 198\.18\.0\.1 02:00:00:00:00:01 seq=1 ' "$NW_OUT"
nw_assert_match "nobody + caps: counts" '^2 sent, 2 received' "$NW_OUT"

# 2. As nobody, without capabilities: exit 3, one clear line.
nw_run 10 me "${AS_NOBODY[@]}" "$PLAIN" -c 1 198.18.0.1
nw_assert_status "nobody without capabilities" 3 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_eq "no caps: one line on stderr" 1 "$(printf '%s\n' "$NW_ERR" | grep -c .)"
printf '%s\n' "$NW_ERR" | grep -Eiq '^nw-arping: .*(permission|not permitted|cap_net_raw|setcap|root)' ||
	nw_fail "no caps: the message does not say it is about permission: $NW_ERR"
nw_pass "no caps: '$NW_ERR'"
nw_assert_nomatch "no caps: nothing claims to be sent" '^reply from|[1-9][0-9]* sent' "$NW_OUT"

# 3. As root: the running process has dropped to nobody, no capabilities,
# no supplementary groups, and keeps working.
nw_bg me nw-arping -c 20 -i 0.1 198.18.0.1 >"$NW_TMP/root.out" 2>&1
pid=$NW_BG_PID
if ! nw_wait_until 3 dropped_to "$pid" nw-arping "$NOBODY_UID" "$NOBODY_GID"; then
	show_status "$pid"
	nw_fail "as root: nw-arping (pid $pid) did not drop to uid/gid $NOBODY_UID/$NOBODY_GID within 3 s"
fi
nw_pass "as root: running as uid/gid $NOBODY_UID/$NOBODY_GID ($NOGROUP)"
caps_clear "$pid" || { show_status "$pid"; nw_fail "as root: capabilities left after the drop"; }
nw_pass "as root: CapEff/CapPrm/CapInh/CapAmb all zero"
groups=$(status_field "$pid" Groups)
case " $groups " in
"  " | " $NOBODY_GID ") nw_pass "as root: supplementary groups '$groups' (none, or only $NOGROUP)" ;;
*) nw_fail "as root: supplementary groups left after the drop: '$groups'" ;;
esac
nw_wait_pid "$pid" 6
rc=$?
nw_assert_status "as root: the dropped process finished its run" 0 "$rc" "$(cat "$NW_TMP/root.out")"
nw_assert_match "as root: 20 replies after the drop" '^20 sent, 20 received' "$(cat "$NW_TMP/root.out")"

# 4. $NW_USER chooses the user to drop to.
if id daemon >/dev/null 2>&1; then
	duid=$(id -u daemon)
	dgid=$(id -g daemon)
	nw_bg me env NW_USER=daemon nw-arping -c 20 -i 0.1 198.18.0.1 >"$NW_TMP/daemon.out" 2>&1
	pid=$NW_BG_PID
	if ! nw_wait_until 3 dropped_to "$pid" nw-arping "$duid" "$dgid"; then
		show_status "$pid"
		nw_fail "NW_USER=daemon: nw-arping did not drop to uid/gid $duid/$dgid within 3 s"
	fi
	nw_pass "NW_USER=daemon: running as uid/gid $duid/$dgid"
	caps_clear "$pid" || { show_status "$pid"; nw_fail "NW_USER=daemon: capabilities left"; }
	nw_wait_pid "$pid" 6 || nw_fail "NW_USER=daemon run failed: $(cat "$NW_TMP/daemon.out")"
fi

# 5. With file capabilities as nobody: the capabilities are cleared once
# running (they were granted at exec, so nonzero at first).
nw_bg me "${AS_NOBODY[@]}" "$CAPBIN" -c 20 -i 0.1 198.18.0.1 >"$NW_TMP/caps.out" 2>&1
pid=$NW_BG_PID
cleared() { comm_is "$1" nw-arping-caps && caps_clear "$1"; }
if ! nw_wait_until 3 cleared "$pid"; then
	show_status "$pid"
	nw_fail "file capabilities: not cleared within 3 s of starting"
fi
nw_pass "file capabilities: CapEff/CapPrm/CapInh/CapAmb zero while running"
nw_assert_eq "file capabilities: still uid nobody" "$NOBODY_UID $NOBODY_UID $NOBODY_UID $NOBODY_UID" "$(status_field "$pid" Uid)"
nw_wait_pid "$pid" 6
rc=$?
nw_assert_status "file capabilities: run completes" 0 "$rc" "$(cat "$NW_TMP/caps.out")"

nw_log "arping_caps: all checks passed"
exit 0
