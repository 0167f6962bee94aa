#!/bin/sh
# docs_agree.sh: the man pages, the shell completions and --help must agree
# with each tool's option table (as printed by the hidden --list-options).
#
# For every tool in bin_PROGRAMS, bin_SCRIPTS and dist_bin_SCRIPTS (in
# Makefile.am and the fragments it includes, tools/<tool>/local.mk):
#   - every option (short and long) appears in man/TOOL.1 (as "Fl c",
#     "Fl \-count" or "Fl -count"), in completions/bash/TOOL,
#     completions/zsh/_TOOL and completions/fish/TOOL.fish;
#   - every option the man page (and the fish completion) names, and every
#     long option the bash and zsh completions name, exists in the table
#     (catches options that were removed or renamed);
#   - TOOL --help mentions every long option;
#   - mandoc -Tlint -W warning and groff -mandoc -ww are silent on the man
#     page (each skipped, with a note, when it is not installed).
# Prints each disagreement as "TOOL: what: where"; exit 1 if there is any.
# Runs from make check: NW_SRCDIR is the source tree, the build directory
# is first on PATH.
set -u

srcdir=${NW_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
problems=0

problem() {
	printf '%s\n' "$*"
	problems=$((problems + 1))
}

# bin_PROGRAMS and bin_SCRIPTS from Makefile.am and the fragments it
# includes ("=" and "+=", continuation lines joined; variables such as
# $(EXTRA) are not tool names and are ignored).
makefiles() {
	cat "$srcdir/Makefile.am"
	# shellcheck disable=SC2016 # $(top_srcdir) is make's, not the shell's
	sed -n 's|^include[ \t]*\$([a-z_]*srcdir)/||p' "$srcdir/Makefile.am" |
		while read -r f; do cat "$srcdir/$f"; done
}
tools=$(makefiles | awk '
	{ line = line $0 }
	/\\$/ { sub(/\\$/, "", line); next }
	{
		if (line ~ /^(bin_PROGRAMS|bin_SCRIPTS|dist_bin_SCRIPTS)[ \t]*\+?=/) {
			sub(/^(bin_PROGRAMS|bin_SCRIPTS|dist_bin_SCRIPTS)[ \t]*\+?=/, "", line)
			n = split(line, w, /[ \t]+/)
			for (i = 1; i <= n; i++)
				if (w[i] != "" && w[i] !~ /\$/)
					print w[i]
		}
		line = ""
	}')
if [ -z "$tools" ]; then
	echo "docs_agree: no bin_PROGRAMS found in $srcdir/Makefile.am and its fragments"
	exit 1
fi

if command -v mandoc >/dev/null 2>&1; then
	have_mandoc=1
else
	have_mandoc=0
	echo "docs_agree: note: mandoc not installed, man pages not linted"
fi
# groff is what man(1) renders with on Debian: its mdoc package reads some
# lines differently from mandoc (a title starting with a macro's name,
# a quoting macro given a macro first), so both must be silent.
if command -v groff >/dev/null 2>&1; then
	have_groff=1
else
	have_groff=0
	echo "docs_agree: note: groff not installed, man pages not rendered"
fi

# The options an mdoc page names with Fl, one per line:
#   "S c" for -c, "L count" for --count, "C 46bq" for a cluster "-46bq".
# Fl takes every following argument up to the next macro; delimiters
# ("," "|" ...) in between are skipped.  Only macro lines are read.
man_options() {
	awk '
	BEGIN {
		n = split("%A %B %C %D %I %J %N %O %P %Q %R %T %U %V " \
		    "Ac Ad An Ao Ap Aq Ar At Bc Bd Bf Bk Bl Bo Bq Brc Bro Brq " \
		    "Bsx Bt Bx Cd Cm D1 Db Dc Dd Dl Do Dq Dt Dv Dx Ec Ed Ef Ek " \
		    "El Em En Eo Er Es Ev Ex Fa Fc Fd Fl Fn Fo Fr Ft Fx Hf Ic " \
		    "In It Lb Li Lk Lp Ms Mt Nd Nm No Ns Nx Oc Oo Op Os Ot Ox " \
		    "Pa Pc Pf Po Pp Pq Qc Ql Qo Qq Re Rs Rv Sc Sh Sm So Sq Ss " \
		    "St Sx Sy Ta Tn Ud Ux Va Vt Xc Xo Xr", m, " ")
		for (i = 1; i <= n; i++)
			macro[m[i]] = 1
		n = split(", | . ; : ( ) [ ] ? !", d, " ")
		for (i = 1; i <= n; i++)
			delim[d[i]] = 1
	}
	/^\.\\"/ { next }
	/^[.\047]/ {
		line = substr($0, 2)
		n = split(line, t, /[ \t]+/)
		in_fl = 0
		for (i = 1; i <= n; i++) {
			tok = t[i]
			if (tok == "")
				continue
			if (tok in macro) {
				in_fl = (tok == "Fl")
				continue
			}
			if (!in_fl || (tok in delim))
				continue
			if (tok ~ /^\\-/) {
				print "L " substr(tok, 3)
			} else if (tok ~ /^-/) {
				print "L " substr(tok, 2)
			} else if (length(tok) == 1) {
				print "S " tok
			} else {
				print "C " tok
			}
		}
	}' "$1"
}

# Is word $2 (an option as typed: -c or --count) in file $1, not as part of
# a longer word?
has_word() {
	grep -Eq -- "(^|[^A-Za-z0-9_-])$2([^A-Za-z0-9_-]|$)" "$1"
}

check_tool() {
	tool=$1
	man=man/$tool.1
	bash_c=completions/bash/$tool
	zsh_c=completions/zsh/_$tool
	fish_c=completions/fish/$tool.fish

	if ! command -v "$tool" >/dev/null 2>&1; then
		problem "$tool: not found on PATH (build it first)"
		return
	fi
	if ! list=$("$tool" --list-options 2>&1); then
		problem "$tool: '$tool --list-options' failed: $list"
		return
	fi
	shorts=$(printf '%s\n' "$list" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^-[^-]$/) print substr($i, 2) }')
	longs=$(printf '%s\n' "$list" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^--./) print substr($i, 3) }')
	if [ -z "$shorts$longs" ]; then
		problem "$tool: '$tool --list-options' printed no options"
		return
	fi
	if ! help=$("$tool" --help 2>&1); then
		problem "$tool: '$tool --help' failed"
	fi

	for f in "$man" "$bash_c" "$zsh_c" "$fish_c"; do
		[ -f "$srcdir/$f" ] || problem "$tool: $f: file missing"
	done

	if [ -f "$srcdir/$man" ]; then
		documented=$(man_options "$srcdir/$man")
		for s in $shorts; do
			printf '%s\n' "$documented" | grep -qxF "S $s" ||
				problem "$tool: -$s: missing from $man (no 'Fl $s')"
		done
		for l in $longs; do
			printf '%s\n' "$documented" | grep -qxF "L $l" ||
				problem "$tool: --$l: missing from $man (no 'Fl \\-$l')"
		done
		# Conversely, everything the page names must be in the table
		# (--list-options is hidden but real).
		printf '%s\n' "$documented" | sort -u | while read -r kind name; do
			[ -n "$kind" ] || continue
			case $kind in
			L)
				[ "$name" = list-options ] && continue
				printf '%s\n' "$longs" | grep -qxF -- "$name" ||
					echo "$tool: --$name: in $man but not an option of $tool"
				;;
			S)
				printf '%s\n' "$shorts" | grep -qxF -- "$name" ||
					echo "$tool: -$name: in $man but not an option of $tool"
				;;
			C)
				for c in $(printf '%s\n' "$name" | sed 's/./& /g'); do
					printf '%s\n' "$shorts" | grep -qxF -- "$c" ||
						echo "$tool: -$c: in $man (in 'Fl $name') but not an option of $tool"
				done
				;;
			esac
		done >"$tmp/extra"
		if [ -s "$tmp/extra" ]; then
			cat "$tmp/extra"
			problems=$((problems + $(wc -l <"$tmp/extra")))
		fi
		if [ "$have_mandoc" = 1 ]; then
			if ! lint=$(mandoc -Tlint -W warning "$srcdir/$man" 2>&1) || [ -n "$lint" ]; then
				problem "$tool: $man: mandoc -Tlint -W warning is not clean:"
				printf '%s\n' "$lint" | sed 's/^/    /'
			fi
		fi
		if [ "$have_groff" = 1 ]; then
			# Both devices: each has warnings of its own.
			warn=$({ groff -mandoc -ww -z "$srcdir/$man" &&
				groff -mandoc -ww -Tutf8 "$srcdir/$man" >/dev/null; } 2>&1)
			if [ -n "$warn" ]; then
				problem "$tool: $man: groff -mandoc -ww (-z, -Tutf8) is not silent:"
				printf '%s\n' "$warn" | sed 's/^/    /'
			fi
		fi
	fi

	# bash and zsh: each option as a word; long options they name must exist.
	for f in "$bash_c" "$zsh_c"; do
		[ -f "$srcdir/$f" ] || continue
		for s in $shorts; do
			has_word "$srcdir/$f" "-$s" || problem "$tool: -$s: missing from $f"
		done
		for l in $longs; do
			has_word "$srcdir/$f" "--$l" || problem "$tool: --$l: missing from $f"
		done
		# (comments excepted; the hidden --list-options is allowed)
		grep -v '^[[:space:]]*#' "$srcdir/$f" | grep -oE -- '--[A-Za-z0-9][A-Za-z0-9-]*' |
			sed 's/^--//' | sort -u >"$tmp/named"
		while read -r l; do
			[ "$l" = list-options ] && continue
			printf '%s\n' "$longs" | grep -qxF -- "$l" ||
				problem "$tool: --$l: in $f but not an option of $tool"
		done <"$tmp/named"
	done

	# fish: "-s c" / "-l count" (or --short-option / --long-option) on the
	# "complete" lines.
	if [ -f "$srcdir/$fish_c" ]; then
		q="['\"]?"
		grep -E '^[[:space:]]*complete[[:space:]]' "$srcdir/$fish_c" >"$tmp/fish"
		for s in $shorts; do
			grep -Eq -- "[[:space:]](-s|--short-option)[ =]+$q$s${q}([[:space:]]|$)" "$tmp/fish" ||
				problem "$tool: -$s: missing from $fish_c (no '-s $s')"
		done
		for l in $longs; do
			grep -Eq -- "[[:space:]](-l|--long-option)[ =]+$q$l${q}([[:space:]]|$)" "$tmp/fish" ||
				problem "$tool: --$l: missing from $fish_c (no '-l $l')"
		done
		grep -oE -- "[[:space:]](-s|--short-option)[ =]+${q}[A-Za-z0-9]${q}([[:space:]]|$)" "$tmp/fish" |
			sed -E "s/.*(-s|--short-option)[ =]+${q}([A-Za-z0-9])${q}[[:space:]]*$/\\2/" | sort -u >"$tmp/fs"
		grep -oE -- "[[:space:]](-l|--long-option)[ =]+${q}[A-Za-z0-9][A-Za-z0-9-]*${q}([[:space:]]|$)" "$tmp/fish" |
			sed -E "s/.*(-l|--long-option)[ =]+${q}([A-Za-z0-9][A-Za-z0-9-]*)${q}[[:space:]]*$/\\2/" | sort -u >"$tmp/fl"
		while read -r s; do
			printf '%s\n' "$shorts" | grep -qxF -- "$s" ||
				problem "$tool: -$s: in $fish_c but not an option of $tool"
		done <"$tmp/fs"
		while read -r l; do
			printf '%s\n' "$longs" | grep -qxF -- "$l" ||
				problem "$tool: --$l: in $fish_c but not an option of $tool"
		done <"$tmp/fl"
	fi

	# --help names every long option.
	for l in $longs; do
		printf '%s\n' "$help" | grep -Eq -- "(^|[^A-Za-z0-9_-])--$l([^A-Za-z0-9_-]|$)" ||
			problem "$tool: --$l: missing from '$tool --help'"
	done
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/docs_agree.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

for tool in $tools; do
	check_tool "$tool"
done

if [ "$problems" -ne 0 ]; then
	echo "docs_agree: $problems disagreement(s) between the option tables and the docs"
	exit 1
fi
# shellcheck disable=SC2086 # split the tool names into "$@"
set -- $tools
echo "docs_agree: man pages, completions and --help agree with the options of: $*"
exit 0
