#!/bin/bash
# resolve_bulk.sh: nw-resolve -f against NSD: 2000 names and one record of
# every type in one run, one line per name in input order, each the same
# as dig +short for that name; --unordered gives the same lines; a
# truncated answer goes over TCP; with 10% of the queries dropped on the
# way (nftables) every name is still answered (retransmissions); JSON
# lines; stdin; a progress line on stderr only when it is a terminal
# and stdout is not; a silent server gives TIMEOUT lines within the budget;
# the exit status is that of the first name that failed.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
export PYTHONDONTWRITEBYTECODE=1
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-resolve nsd nsd-checkzone dig python3 nft timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/dns_lab.sh"
dns_lab_up

names=$NW_TMP/names
{
	for t in $DNS_ZONE_TYPES; do
		printf '%s %s\n' "$(dns_zone_owner "$t")" "$t"
	done
	echo "big.example.test"
	seq -f 'h%04g.example.test' 0 1999
} >"$names"
total=$(grep -c . "$names")

# What dig +short says for each, as one tab-separated line per name: one
# dig -f for them all (a dig per name took 140 s of the test), its answer
# sections cut to what +short prints, the records' data (after the owner,
# TTL, class and type), a query's records joined by tabs.
expect=$NW_TMP/expect
awk '{ print $1, ($2 == "" ? "A" : $2) }' "$names" >"$NW_TMP/batch"
nw_in me dig +noall +question +answer +tries=1 +time=2 @"$SRV4" -f "$NW_TMP/batch" |
	awk '
	/^;;/ { next }
	/^;/ { if (n++) print line; line = ""; next }
	/./ { sub(/^[^ \t]+[ \t]+[0-9]+[ \t]+[A-Z]+[ \t]+[A-Z0-9-]+[ \t]+/, "")
	      line = line == "" ? $0 : line "\t" $0 }
	END { if (n) print line }' >"$NW_TMP/expect"

# 1. Input order, one line per name, data as dig +short.
nw_run 60 me nw-resolve --short -f "$names" @"$SRV4"
nw_assert_status "-f" 0 "$NW_RC" "$NW_ERR"
nw_assert_eq "one line per name" "$total" "$(printf '%s\n' "$NW_OUT" | wc -l)"
if ! diff <(printf '%s\n' "$NW_OUT") "$expect" >"$NW_TMP/diff"; then
	head -20 "$NW_TMP/diff" >&2
	nw_fail "-f --short differs from dig +short"
fi
nw_pass "-f --short = dig +short for $total names, in input order"

# 1b. Progress: with stderr a terminal (script(1) gives a pty) and stdout a
# file, a progress line is drawn on stderr and erased at the end, and the
# file holds the same lines; with stdout on the terminal too, none is drawn;
# without a terminal (above) stderr stays empty.
nw_assert_eq "no progress without a terminal" "" "$NW_ERR"
nw_in me script -qec "nw-resolve --short -f $names @$SRV4 >$NW_TMP/prog.out" /dev/null >"$NW_TMP/prog.tty" ||
	nw_fail "-f under script(1) failed: $(cat "$NW_TMP/prog.tty")"
nw_assert_match "progress line on a terminal" "nw-resolve: [0-9]+/$total names, 0 timed out, [0-9]+/s" "$(cat -v "$NW_TMP/prog.tty")"
nw_assert_match "progress line erased at the end" '\^M\^\[\[K$' "$(cat -v "$NW_TMP/prog.tty")"
nw_assert_eq "stdout unchanged by the progress" "$(cat "$expect")" "$(cat "$NW_TMP/prog.out")"
nw_in me script -qec "nw-resolve --short -f $names @$SRV4" /dev/null >"$NW_TMP/prog2.tty"
nw_assert_nomatch "no progress line when stdout is the terminal" 'timed out' "$(cat "$NW_TMP/prog2.tty")"

# 2. The default lines: NAME TYPE STATUS DATA..., tab-separated.
nw_run 60 me nw-resolve -f "$names" @"$SRV4"
nw_assert_match "MX line" $'^mx\\.example\\.test\\.\tMX\tNOERROR\t10 mail\\.example\\.test\\.$' "$NW_OUT"
nw_assert_match "the TC name, all 200 over TCP" \
	"^big\\.example\\.test	A	NOERROR(	198\\.19\\.[0-9]+\\.[0-9]+){200}\$" "$NW_OUT"

# 3. --unordered: the same lines, any order.
nw_run 60 me nw-resolve -f "$names" --unordered @"$SRV4"
nw_assert_eq "--unordered: same lines" "$(sort <<<"$NW_OUT")" \
	"$(nw_in me nw-resolve -f "$names" @"$SRV4" | sort)"

# 4. 10% of the queries dropped before NSD: every name still answered.
nw_in srv nft -f - <<'NFT' || nw_fail "nft drop rule"
table inet loss {
	counter dropped {}
	chain in {
		type filter hook input priority 0; policy accept;
		udp dport 53 numgen random mod 10 == 0 counter name dropped drop
	}
}
NFT
# -W 3: a budget of 9 s holds MAX_SENDS sends even when load makes the RTO long,
# so a name is lost only if all 8 of its datagrams are (10^-8).
nw_run 60 me nw-resolve --json -W 3 -f "$names" @"$SRV4"
nw_assert_status "-f with loss" 0 "$NW_RC" "$NW_ERR$(grep -v NOERROR <<<"$NW_OUT" | head -5)"
nw_json_check "-f --json" "$NW_OUT" bulk:question,status,exit,tries,rtt_ms,answer only=bulk
nw_assert_eq "no name lost" 0 "$(grep -c '"status":"TIMEOUT"' <<<"$NW_OUT")"
retried=$(grep -c '"tries":[2-9]' <<<"$NW_OUT")
dropped=$(nw_in srv nft list counter inet loss dropped | awk '/packets/ { for (i = 1; i <= NF; i++) if ($i == "packets") print $(i + 1) }')
nw_log "dropped $dropped queries, $retried names needed more than one"
if [ "$retried" -eq 0 ] || [ "$dropped" -eq 0 ]; then
	nw_fail "the loss was not exercised"
fi
nw_in srv nft delete table inet loss

# 5. stdin, and the exit status of the first failure.
nw_run 20 me bash -c "printf 'a.example.test\nnosuch.example.test\na.example.test MX\n' | nw-resolve -f - @$SRV4"
nw_assert_status "first failure: NXDOMAIN" 4 "$NW_RC" "$NW_ERR"
nw_assert_eq "stdin lines" 3 "$(printf '%s\n' "$NW_OUT" | wc -l)"

# 6. A silent server: every name TIMEOUT within the budget (0.2 + 0.4 s).
head -n 50 "$names" >"$NW_TMP/few"
nw_run 20 me nw-resolve -W 0.2 --tries 2 -f "$NW_TMP/few" @"$SILENT"
nw_assert_status "silent" 1 "$NW_RC" "$NW_ERR"
nw_assert_eq "50 TIMEOUT lines" 50 "$(grep -c $'\tTIMEOUT$' <<<"$NW_OUT")"
nw_lt "$NW_SECS" 2 || nw_fail "silent -f took $NW_SECS s (budget 0.6 s)"

# 7. Usage errors.
nw_run 10 me nw-resolve -f "$names" a.example.test
nw_assert_status "-f with a NAME" 2 "$NW_RC" "$NW_ERR"
nw_run 10 me nw-resolve --unordered a.example.test
nw_assert_status "--unordered without -f" 2 "$NW_RC" "$NW_ERR"
nw_run 10 me nw-resolve -f "$NW_TMP/nonexistent" @"$SRV4"
nw_assert_status "missing file" 3 "$NW_RC" "$NW_ERR"
exit 0
