#!/bin/bash
# scan_errors.sh: nw-scan's usage errors: a port above 65535, an inverted
# port range, a bad CIDR, an inverted address range, a bad line in an -iL
# file, a target set that excludes everything: exit 2, nothing on stdout,
# one line on stderr naming the tool and quoting the bad value as typed
# (then, as with every netwalk tool's usage errors, at most the "Try
# 'nw-scan --help'." hint).  Needs no root and sends nothing (every case
# fails before a socket is opened).  See docs/scan.md ("Targets", "Ports").
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
command -v nw-scan >/dev/null 2>&1 || nw_skip "nw-scan not on PATH"
command -v timeout >/dev/null 2>&1 || nw_skip "timeout not on PATH"

# usage_error WHAT LINE ARGS...: nw-scan ARGS exits 2 with nothing on
# stdout and LINE on stderr, alone or followed by the --help hint.
usage_error() {
	local what=$1 line=$2 out rc
	shift 2
	out=$(timeout -k 2 10 nw-scan "$@" 2>"$ERR_FILE" </dev/null)
	rc=$?
	printf '$ nw-scan %s  (exit %s)\n' "$*" "$rc" >&2
	nw_assert_status "$what" 2 "$rc" "$out$(cat "$ERR_FILE")"
	nw_assert_eq "$what: nothing on stdout" "" "$out"
	nw_assert_eq "$what: the error line" "$line" "$(sed -n 1p "$ERR_FILE")"
	case "$(sed -n '2,$p' "$ERR_FILE")" in
	"" | "Try 'nw-scan --help'.") nw_pass "$what: nothing but the error and the hint" ;;
	*) nw_fail "$what: more on stderr than the error and the hint: $(cat "$ERR_FILE")" ;;
	esac
}

ERR_FILE=$(mktemp "${TMPDIR:-/tmp}/nwt$$.XXXXXX") || nw_fail "mktemp"
LIST_FILE=$(mktemp "${TMPDIR:-/tmp}/nwt$$.XXXXXX") || nw_fail "mktemp"
trap 'rm -f -- "$ERR_FILE" "$LIST_FILE"' EXIT
chmod 644 "$LIST_FILE"
printf '198.18.0.1 # fine\n\n198.18.0.300\n' >"$LIST_FILE"

usage_error "port 70000" "nw-scan: invalid port range '70000': port above 65535" \
	-p 70000 198.18.0.2
usage_error "inverted port range" "nw-scan: invalid port range '200-100': start of range is above its end" \
	-p 22,200-100 198.18.0.2
usage_error "bad CIDR" "nw-scan: invalid target '198.18.0.0/33': prefix length above 32" \
	-p 22 198.18.0.0/33
usage_error "inverted address range" "nw-scan: invalid target '198.18.0.9-3': range start is above its end" \
	-p 22 198.18.0.9-3
usage_error "bad target in -iL" "nw-scan: $LIST_FILE: line 3: invalid target '198.18.0.300': not an IP address" \
	-p 22 -iL "$LIST_FILE"
usage_error "everything excluded" "nw-scan: every target is excluded" \
	-p 22 --exclude 198.18.0.0/24 198.18.0.0/25 198.18.0.128-255
usage_error "everything excluded (file)" "nw-scan: every target is excluded" \
	-p 22 --exclude-file /dev/null --exclude 2001:db8::/120 2001:db8::7

nw_log "scan_errors: all checks passed"
exit 0
