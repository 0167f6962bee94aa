#!/usr/bin/env bash
# The whole test suite, as CI runs it: a -Werror build and `make check`, the
# same again under AddressSanitizer + UndefinedBehaviorSanitizer, a short
# run of every libFuzzer target, `make distcheck` (without libidn2 and
# libseccomp; the tests of 'make distcheck-tests') and a check that the
# tarball holds every file of the checkout.  Live tests need root
# (they skip, 77, without it).  The last line sums the automake test logs:
# "N passed, N failed, N skipped".  It builds from a clean copy of the
# source tree, so it works whatever state the tree is in (README's first
# command configures and builds in place, and configure refuses to build
# out of tree from a configured source directory).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # README runs it with sh
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$top/configure.ac" ] || { echo "check-all: $top is not netwalk's source tree" >&2; exit 3; }
work=${NW_CHECK_DIR:-$top/_check}
src=$work/src
jobs=${NW_JOBS:-$(nproc)}
passed=0 failed=0 skipped=0

say() { printf '\n=== %s (at %d s) ===\n' "$*" "$SECONDS"; }

# Add the counts of one automake test-suite.log to the totals.
count_log() {
	local log=$1 p f s e x
	if [ ! -f "$log" ]; then
		echo "check-all: no test log $log" >&2
		failed=$((failed + 1))
		return
	fi
	p=$(sed -n 's/^# PASS: *//p' "$log"); f=$(sed -n 's/^# FAIL: *//p' "$log")
	s=$(sed -n 's/^# SKIP: *//p' "$log"); e=$(sed -n 's/^# ERROR: *//p' "$log")
	x=$(sed -n 's/^# XPASS: *//p' "$log")
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0}))
	skipped=$((skipped + ${s:-0}))
}

# One pass/fail for a step that is not an automake test run.
count_step() {
	if [ "$1" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# Configure in a fresh directory: build_dir NAME [configure args...]
build_dir() {
	local name=$1
	shift
	rm -rf "${work:?}/$name"
	mkdir -p "$work/$name"
	(cd "$work/$name" && "$src/configure" --enable-werror "$@" >configure.out 2>&1) ||
		{ echo "check-all: configure failed in $name:" >&2; tail -20 "$work/$name/configure.out" >&2; return 1; }
}

# make check in a configured directory; prints the failing logs.
run_check() {
	local dir=$work/$1
	(cd "$dir" && make -j"$jobs" >make.out 2>&1) ||
		{ echo "check-all: build failed in $1:" >&2; tail -30 "$dir/make.out" >&2; failed=$((failed + 1)); return; }
	(cd "$dir" && make -j"$jobs" check >check.out 2>&1)
	grep -E '^(PASS|FAIL|SKIP|ERROR|XPASS|XFAIL):' "$dir/check.out" || true
	if grep -qE '^# (FAIL|ERROR|XPASS): *[1-9]' "$dir/test-suite.log" 2>/dev/null; then
		sed -n '/^FAIL:\|^ERROR:/,/^$/p' "$dir/test-suite.log" | head -40 >&2
		find "$dir/tests" -name '*.log' -newer "$dir/Makefile" -exec grep -l '^FAIL\|^ERROR' {} + 2>/dev/null |
			while read -r l; do echo "--- ${l#"$dir"/}" >&2; tail -25 "${l%.trs}" >&2; done
	fi
	count_log "$dir/test-suite.log"
}

# in_git: the source tree is a git checkout (or worktree) and git is here.
in_git() {
	command -v git >/dev/null 2>&1 && git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1
}

# clean_copy: the source tree without what a build made, in $src: the
# files git tracks and new ones it does not ignore, or (a release tarball,
# no git) every file but $work's, cleaned with distclean if configured.
clean_copy() {
	rm -rf "${src:?}"
	mkdir -p "$src"
	if in_git; then
		(cd "$top" && git ls-files -z --cached --others --exclude-standard | grep -zv "^${work#"$top"/}/" |
			tar cf - --null --no-recursion --ignore-failed-read -T -) | tar xf - -C "$src"
	else
		(cd "$top" && tar cf - --exclude="./${work#"$top"/}" .) | tar xf - -C "$src" &&
			if [ -f "$src/config.status" ]; then (cd "$src" && make distclean >/dev/null 2>&1); fi
	fi
}

mkdir -p "$work"
say "bootstrap (a clean copy of the source tree)"
clean_copy || { echo "check-all: cannot copy the source tree to $src" >&2; exit 3; }
cd "$src" || exit 3
autoreconf -fi >"$work/autoreconf.out" 2>&1 || { cat "$work/autoreconf.out"; exit 3; }

say "build with -Werror, make check"
build_dir werror && run_check werror

say "AddressSanitizer + UndefinedBehaviorSanitizer, make check"
build_dir asan --enable-sanitizers && run_check asan

say "fuzz smoke (libFuzzer)"
if command -v clang >/dev/null 2>&1 && build_dir fuzz CC=clang --enable-fuzzing --enable-sanitizers; then
	if (cd "$work/fuzz" && make -j"$jobs" common/libnw.a >make.out 2>&1 &&
		make -j"$jobs" fuzz-bins >>make.out 2>&1); then
		NW_PCAPS="$src/tests/pcaps/tcpdump" NW_FUZZ_SECONDS=${NW_FUZZ_SECONDS:-15} \
			bash "$src/tests/fuzz/run-smoke.sh" "$work/fuzz"
		count_step $?
	else
		tail -30 "$work/fuzz/make.out" >&2
		count_step 1
	fi
else
	echo "check-all: no clang with libFuzzer: fuzz smoke not run" >&2
	count_step 1
fi

# distcheck builds the other configuration: without libidn2 (IDN names by
# our own punycode encoder) and without the seccomp filter, so that those
# fall-backs are built and tested too.  It runs 'make distcheck-tests':
# every test but the live ones the two passes above ran, and the live
# tests of the fall-backs (a third run of every live test took 16 minutes).
say "make distcheck (--without-libidn2 --without-seccomp)"
dist_tests=$(cd "$work/werror" && make -s distcheck-tests)
(cd "$work/werror" && make distcheck TESTS="$dist_tests" \
	DISTCHECK_CONFIGURE_FLAGS="--enable-werror --without-libidn2 --without-seccomp" >distcheck.out 2>&1)
rc=$?
[ $rc -eq 0 ] || tail -40 "$work/werror/distcheck.out" >&2
grep -E '^=+$|archives ready|^netwalk-.*\.tar\.gz' "$work/werror/distcheck.out" | tail -3
count_step $rc

# The tarball holds every file of the checkout but the CI's own: the live
# tests distcheck no longer runs cannot miss a helper file unnoticed.
if in_git; then
	say "the tarball holds the checkout"
	missing=$(cd "$top" && git ls-files | grep -v -E '^(\.ci/|\.gitignore$)' | sort |
		comm -23 - <(tar tzf "$work"/werror/netwalk-*.tar.gz | sed 's|^[^/]*/||' | sort))
	if [ -n "$missing" ]; then
		printf '%s\n' "$missing" | sed 's/^/check-all: not in the tarball (add to EXTRA_DIST): /' >&2
		count_step 1
	else
		echo "check-all: every file of the checkout is in the tarball"
		count_step 0
	fi
fi
say "done"

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
