#!/bin/bash
# scan_banners.sh: nw-scan --banners against real services in a target
# namespace, in both methods (-sS, -sT), text and JSON:
#   - a service that speaks first (port 2222, "SSH-2.0-nwtest_1.0\r\n"):
#     its greeting, escaped;
#   - python3 -m http.server (port 8000): says nothing until asked, so
#     the banner is its answer to HEAD: "HTTP/1.0 200 OK\r\nServer: SimpleHTTP...";
#   - a service that accepts and stays silent (port 2323): no banner,
#     after --banner-wait (the scan waits for it, no longer);
#   - closed ports get no banner line.
# scanner veth0 198.18.0.1 <-> target veth0 198.18.0.2
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-scan python3 timeout
nw_setup

. "${NW_SRCDIR:-.}/tests/lib/scan.sh"
scan_pair

nw_bg target python3 "$NW_SRCDIR/tests/lib/scan_greeter.py" 198.18.0.2 2222 'SSH-2.0-nwtest_1.0\r\n' 2323 \
	>"$NW_TMP/greeter.out" 2>&1
nw_bg target python3 -m http.server -b 198.18.0.2 8000 >"$NW_TMP/http.out" 2>&1
ready() { grep -q ready "$NW_TMP/greeter.out" && ip netns exec "$(nw_ns target)" ss -Htln | grep -q ':8000 '; }
nw_wait_until 10 ready || nw_fail "the services did not start: $(cat "$NW_TMP/greeter.out" "$NW_TMP/http.out")"

PORTS=2222,8000,2323,2224
# under_row PORT: the lines after PORT's row in the table, up to the next row.
under_row() {
	printf '%s\n' "$NW_OUT" | awk -v p="$1/tcp" '$1 == p { on = 1; next } /^[0-9]+\/tcp/ || /^$/ { on = 0 } on'
}
for m in -sS -sT; do
	nw_run 20 scanner nw-scan "$m" --banners --banner-wait 1s --json -p "$PORTS" 198.18.0.2
	nw_assert_status "$m --banners --json" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_json_check "$m --banners --json" "$NW_OUT"
	banners=$(printf '%s\n' "$NW_OUT" | grep '"type":"banner"')
	nw_assert_eq "$m: a banner line per open port" 3 "$(printf '%s\n' "$banners" | grep -c .)"
	nw_assert_match "$m: the greeting, escaped" \
		'"port":2222,"banner":"SSH-2\.0-nwtest_1\.0\\\\r\\\\n","bytes":20' "$banners"
	nw_assert_match "$m: the web server's answer to HEAD" \
		'"port":8000,"banner":"HTTP/1\.0 200 OK\\\\r\\\\nServer: SimpleHTTP/' "$banners"
	nw_assert_match "$m: the silent service: no banner" '"port":2323,"banner":null,"bytes":0' "$banners"
	nw_assert_nomatch "$m: no banner for a closed port" '"port":2224' "$banners"
	# The silent one is waited for the whole --banner-wait, not longer.
	nw_lt "$NW_SECS" 6 || nw_fail "$m --banners took $NW_SECS s with --banner-wait 1s"

	nw_run 20 scanner nw-scan "$m" --banners --banner-wait 1s -p "$PORTS" 198.18.0.2
	nw_assert_status "$m --banners" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_eq "$m: text, the greeting under its row" '|_ SSH-2.0-nwtest_1.0\r\n' \
		"$(under_row 2222)"
	nw_assert_eq "$m: text, the silent service" '|_ (no banner: the service said nothing)' \
		"$(under_row 2323)"
	nw_assert_eq "$m: text, nothing under a closed port" "" "$(under_row 2224)"
done

# Without --banners, nothing connects again: no banner line at all.
nw_run 20 scanner nw-scan --json -p "$PORTS" 198.18.0.2
nw_assert_nomatch "no --banners: no banner line" '"type":"banner"' "$NW_OUT"
nw_run 5 scanner nw-scan --banner-wait 1s -p 22 198.18.0.2
nw_assert_status "--banner-wait without --banners" 2 "$NW_RC" "$NW_ERR"
nw_pass "banners"
