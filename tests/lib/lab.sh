# shellcheck shell=bash
# lab.sh: for tests that run nw-lab (source after netns.sh).  nw-lab takes
# its data from the build tree, next to itself (as './nw-lab up' does);
# lab_setup SUFFIX (after nw_setup) names the test's own lab "<harness
# prefix><SUFFIX>" in $LAB, so it never meets a user's lab, and takes it
# down on exit before the harness cleans up.
unset NW_LAB_DATADIR NW_LAB_DELAY

lab_setup() {
	LAB=${NW_PREFIX}$1
	trap lab_cleanup EXIT
}

# shellcheck disable=SC2317 # run by the EXIT trap
lab_cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	nw_guard_report || { [ "$rc" = 0 ] && rc=1; } # the lab's hosts carry the harness prefix too
	nw-lab -q -p "$LAB" down >/dev/null 2>&1
	nw_cleanup
	exit "$rc"
}

# lab_up: bring the test's lab up (bounded), or fail.  2 minutes: on 2
# cores shared with a parallel make check (load average 10 to 24), 'up'
# took 56 s without the link delays, and its 60 s bound failed tests.
lab_up() {
	nw_run 120 - nw-lab -p "$LAB" up
	nw_assert_status "lab up" 0 "$NW_RC" "$NW_OUT$NW_ERR"
}

# lab_at HOST CMD...: nw_run CMD inside lab host HOST (nw-lab exec), 20 s at most.
lab_at() {
	local h=$1
	shift
	nw_run 20 - nw-lab -p "$LAB" exec "$h" "$@"
}
