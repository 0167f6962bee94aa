#!/bin/bash
# deb_package.sh: the Debian package, as a user gets it.  Builds the .deb
# from the release tree (make distdir; dpkg-buildpackage -b, nocheck, -j2),
# lintian reports no error or warning, installs it, checks each tool's
# file capabilities against make print-file-caps, runs each installed
# tool's --version and one real job as nobody (nw-arping against a
# namespace peer through its file capability), then purges it: no file of
# the package is left.  Root only; run once (skipped in the sanitizer
# build).  See debian/.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
PATH=$PATH:/usr/sbin:/sbin
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-arping dpkg-buildpackage dh dpkg lintian getcap setpriv timeout
B=${NW_BUILDDIR:-.}
MAKE=${MAKE:-make}
nw-arping --version | grep -q 'asan' && nw_skip "sanitizer build: the package is tested in the other pass"
dpkg -s netwalk >/dev/null 2>&1 && nw_skip "a netwalk package is installed here: not replacing it"
NOBODY_UID=$(id -u nobody 2>/dev/null) || nw_skip "no user nobody"
NOBODY_GID=$(id -g nobody)
AS_NOBODY=(setpriv "--reuid=$NOBODY_UID" "--regid=$NOBODY_GID" --clear-groups --inh-caps=-all)
nw_setup
# shellcheck disable=SC2317 # run by the EXIT trap
purge_on_exit() {
	local rc=$?
	trap - EXIT INT TERM
	nw_guard_report || { [ "$rc" = 0 ] && rc=1; }
	dpkg -s netwalk >/dev/null 2>&1 && dpkg --purge netwalk >/dev/null 2>&1
	nw_cleanup
	exit "$rc"
}
trap purge_on_exit EXIT

# Build from what the release tarball holds.
"$MAKE" -C "$B" -s distdir distdir="$NW_TMP/src" >"$NW_TMP/distdir.out" 2>&1 ||
	nw_fail "make distdir: $(tail -5 "$NW_TMP/distdir.out")"
(cd "$NW_TMP/src" && DEB_BUILD_OPTIONS="nocheck parallel=2" timeout 170 \
	dpkg-buildpackage -us -uc -b >"$NW_TMP/build.out" 2>&1) ||
	nw_fail "dpkg-buildpackage: $(tail -15 "$NW_TMP/build.out")"
deb=
for f in "$NW_TMP"/netwalk_*_*.deb; do deb=$f; done
[ -f "$deb" ] || nw_fail "no netwalk_*.deb built"
nw_pass "built $(basename "$deb")"
nw_run 120 - lintian --fail-on error,warning "${deb%.deb}.changes"
nw_assert_status "lintian: no error, no warning" 0 "$NW_RC" "$NW_OUT$NW_ERR"

nw_run 60 - dpkg -i "$deb"
nw_assert_status "dpkg -i" 0 "$NW_RC" "$NW_OUT$NW_ERR"
dpkg -L netwalk | while read -r f; do [ -d "$f" ] || printf '%s\n' "$f"; done >"$NW_TMP/files"
nw_assert_match "the package installs /usr/bin/nw-arping" '^/usr/bin/nw-arping$' "$(cat "$NW_TMP/files")"

# The postinst's capabilities are the one list's.
want=$("$MAKE" -C "$B" -s --no-print-directory print-file-caps)
for p in nw-arping nw-resolve nw-traceroute nw-handshake nw-scan nw-watch nw-lab; do
	exp=$(printf '%s\n' "$want" | sed -n "s/^$p //p")
	got=$(getcap "/usr/bin/$p" | sed 's/^[^ ]* //; s/=/+/')
	nw_assert_eq "installed $p: file capabilities" "$exp" "$got"
	nw_run 10 - "${AS_NOBODY[@]}" "/usr/bin/$p" --version
	nw_assert_status "installed $p --version as nobody" 0 "$NW_RC" "$NW_ERR"
	nw_assert_match "$p --version" "^$p \\(netwalk\\) " "$NW_OUT"
done

# One real job as nobody: nw-arping's raw socket comes from its file capability.
nw_host me
nw_host peer
nw_link me veth0 peer veth0 02:00:00:00:00:02 02:00:00:00:00:01
nw_addr me veth0 198.18.0.2/24
nw_addr peer veth0 198.18.0.1/24
nw_run 15 me "${AS_NOBODY[@]}" /usr/bin/nw-arping -c 2 -w 10 -I veth0 198.18.0.1
nw_assert_status "installed nw-arping as nobody" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "reply from the peer's MAC" '^reply from 198\.18\.0\.1 02:00:00:00:00:01 ' "$NW_OUT"

nw_run 60 - dpkg --purge netwalk
nw_assert_status "dpkg --purge" 0 "$NW_RC" "$NW_OUT$NW_ERR"
left=$(while read -r f; do [ -e "$f" ] && printf '%s ' "$f"; done <"$NW_TMP/files")
nw_assert_eq "no file of the package left" "" "$left"
for d in /usr/share/netwalk /usr/libexec/netwalk; do
	[ ! -e "$d" ] || nw_fail "$d is left"
done
nw_pass "purged: nothing left"
echo "# deb_package: all checks passed"
