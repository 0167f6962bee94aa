#!/bin/bash
# install.sh: make install and make uninstall from the build tree, as a
# user or a package does.  Into a DESTDIR staging tree: every program,
# man page, the three completions where each shell looks (bash:
# bash-completion's completionsdir from pkg-config when it is there), the
# lab's data where the installed nw-lab looks, no file capability and no
# setuid bit; uninstall leaves no file.  As root, into a prefix: each tool
# of 'make print-file-caps' gets exactly its capabilities, the others none.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
B=${NW_BUILDDIR:-.}
MAKE=${MAKE:-make}
# A make of our own in the build tree: not the one running the tests (its -w would print
# "Entering directory" into the values read below, and its jobserver is not ours).
unset MAKEFLAGS MFLAGS MAKELEVEL
[ -f "$B/Makefile" ] || nw_skip "no Makefile in $B"
command -v getcap >/dev/null 2>&1 || nw_skip "getcap not found (libcap2-bin)"
NW_TMP=$(mktemp -d "${TMPDIR:-/tmp}/nwinstall.XXXXXX") || nw_fail "mktemp"
trap 'rm -rf -- "$NW_TMP"' EXIT

# mk TARGET VAR=VALUE...: make in the build tree, quietly, or fail.
mk() {
	"$MAKE" -C "$B" -s "$@" >"$NW_TMP/make.out" 2>&1 ||
		nw_fail "make $*: $(tail -5 "$NW_TMP/make.out")"
}
# var NAME: a directory make install uses, as the Makefile expands it.
var() {
	"$MAKE" -C "$B" -s --no-print-directory -f Makefile -f - print-var V="$1" <<'EOF'
print-var:
	@echo $($(V))
EOF
}
# no_files DIR: nothing but empty directories under DIR.
no_files() {
	local left
	left=$(find "$1" ! -type d | head -5)
	[ -z "$left" ] || nw_fail "$2: left behind: $left"
	nw_pass "$2: no file left"
}

progs="nw-arping nw-resolve nw-traceroute nw-handshake nw-scan nw-watch nw-lab"
D=$NW_TMP/stage
mk install DESTDIR="$D"
bindir=$(var bindir) mandir=$(var mandir) labdir=$(var labdir)
bash_dir=$(var bashcompdir) zsh_dir=$(var zshcompdir) fish_dir=$(var fishcompdir)
for p in $progs; do
	[ -x "$D$bindir/$p" ] || nw_fail "no $bindir/$p in DESTDIR"
	[ -f "$D$mandir/man1/$p.1" ] || nw_fail "no man page $mandir/man1/$p.1"
	[ -f "$D$bash_dir/$p" ] || nw_fail "no bash completion $bash_dir/$p"
	[ -f "$D$zsh_dir/_$p" ] || nw_fail "no zsh completion $zsh_dir/_$p"
	[ -f "$D$fish_dir/$p.fish" ] || nw_fail "no fish completion $fish_dir/$p.fish"
	[ -z "$(getcap "$D$bindir/$p")" ] || nw_fail "DESTDIR: $p has file capabilities"
	if [ -u "$D$bindir/$p" ] || [ -g "$D$bindir/$p" ]; then nw_fail "$p is setuid or setgid"; fi
done
nw_pass "DESTDIR: 7 programs, man pages, completions; no capability, no setuid"
nw_assert_match "bash completions in bash-completion's directory" '/bash-completion/completions$' "$bash_dir"
if pc=$(pkg-config --variable=completionsdir bash-completion 2>/dev/null) && [ -n "$pc" ] &&
	[ "$(var prefix)" = /usr ]; then
	nw_assert_eq "bash completions: pkg-config's completionsdir" "$pc" "$bash_dir"
fi
nw_assert_match "zsh: site-functions" '/zsh/site-functions$' "$zsh_dir"
nw_assert_match "fish: vendor_completions.d" '/fish/vendor_completions.d$' "$fish_dir"
# The installed nw-lab looks for its data where it was installed.
nw_run 10 - "$D$bindir/nw-lab" --version
nw_assert_match "installed nw-lab: data in labdir" "^data: $labdir\$" "$NW_OUT"
for f in lab-plan.sh templates/guard.nft; do
	[ -r "$D$labdir/$f" ] || nw_fail "the lab's $f is not in $labdir"
done
if [ "$(uname)" = Linux ]; then
	nw_assert_match "installed nw-lab: nw-lab-delay" "^nw-lab-delay: $(var pkglibexecdir)/nw-lab-delay\$" "$NW_OUT"
	[ -x "$D$(var pkglibexecdir)/nw-lab-delay" ] || nw_fail "no nw-lab-delay in pkglibexecdir"
fi
nw_pass "lab data and nw-lab-delay where the installed nw-lab looks"
mk uninstall DESTDIR="$D"
no_files "$D" "DESTDIR uninstall"

[ "$(id -u)" = 0 ] || nw_skip "not root: the file capabilities of make install not checked"
P=$NW_TMP/prefix
mk install prefix="$P"
grep -q '^setcap ' "$NW_TMP/make.out" ||
	nw_skip "setcap refused on $NW_TMP (no xattrs?): $(grep note: "$NW_TMP/make.out" | head -1)"
want=$("$MAKE" -C "$B" -s --no-print-directory print-file-caps)
[ -n "$want" ] || nw_fail "make print-file-caps lists nothing"
for p in $progs; do
	exp=$(printf '%s\n' "$want" | sed -n "s/^$p //p")
	got=$(getcap "$P/bin/$p" | sed 's/^[^ ]* //; s/=/+/')
	nw_assert_eq "$p: file capabilities" "$exp" "$got"
	[ ! -u "$P/bin/$p" ] || nw_fail "$p is setuid"
done
mk uninstall prefix="$P"
no_files "$P" "prefix uninstall"
echo "# install: all checks passed"
