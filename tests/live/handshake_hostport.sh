#!/bin/bash
# handshake_hostport.sh: ports and endpoints written as users write them
# (issue 17), with python3 -m http.server in another namespace:
#   1. nw-handshake connect HOST:PORT and connect [ADDR]:PORT (IPv6), the
#      same connection as connect HOST PORT;
#   2. service names from /etc/services wherever a port is taken:
#      connect HOST http, nw-handshake -r FILE -p http (= -p 80),
#      nw-scan -p http,https (= -p 80,443), nw-traceroute -T -p http;
#   3. mistakes: an IPv6 address with a port but no brackets, a service
#      that does not exist, a missing port: exit 2, one line naming it.
#
# c veth0 198.18.0.1 2001:db8::1 <-> s veth0 198.18.0.2 2001:db8::2.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-handshake nw-scan nw-traceroute python3 ss timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/handshake.sh"

hs_pair offload
nw_addr c veth0 2001:db8::1/64
nw_addr s veth0 2001:db8::2/64
{ mkdir -p "$NW_TMP/www" && echo "hello from s" >"$NW_TMP/www/index.html"; } || nw_fail "mkdir"
chmod 777 "$NW_TMP" # -w writes after the drop to nobody
nw_bg s python3 -m http.server -b 198.18.0.2 --directory "$NW_TMP/www" 80 >"$NW_TMP/http4.log" 2>&1
hs_wait_listen s 80
nw_bg s python3 -m http.server -b 2001:db8::2 --directory "$NW_TMP/www" 80 >"$NW_TMP/http6.log" 2>&1
# shellcheck disable=SC2317 # called through nw_wait_until
listening6() { [ -n "$(nw_in s ss -Htln 'src [2001:db8::2]:80')" ]; }
nw_wait_until 5 listening6 || nw_fail "nothing listens on [2001:db8::2]:80"
# IPv6 duplicate address detection must be over before the connection.
nw_wait_until 5 nw_in c ping -6 -c 1 -W 1 2001:db8::2 >/dev/null || nw_fail "no IPv6 between c and s"

# connected WHAT ARGS...: nw-handshake ARGS connects to s and shows the answer.
connected() {
	local what=$1
	shift
	nw_run 15 c nw-handshake --oneline "$@" --http /index.html
	nw_assert_status "$what" 0 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "$what: the answer" '^answer: .* first line "HTTP/1\.0 200 OK"$' "$NW_OUT"
}

# 1. HOST:PORT and [ADDR]:PORT.
connected "connect HOST PORT" connect 198.18.0.2 80
connected "connect HOST:PORT" connect 198.18.0.2:80
nw_assert_match "HOST:PORT: to port 80" ' > 198\.18\.0\.2:80 SYN ' "$NW_OUT"
connected "connect [ADDR]:PORT" connect '[2001:db8::2]:80'
nw_assert_match "[ADDR]:PORT: to port 80 over IPv6" '2001:db8::2\]?[:.]80 SYN ' "$NW_OUT"

# 2. Service names.
connected "connect HOST http" connect 198.18.0.2 http
connected "connect HOST:http" -w "$NW_TMP/c.pcap" connect 198.18.0.2:http
by_name=$(nw-handshake --summary -p http -r "$NW_TMP/c.pcap" 2>&1) || nw_fail "-p http: $by_name"
by_number=$(nw-handshake --summary -p 80 -r "$NW_TMP/c.pcap" 2>&1) || nw_fail "-p 80: $by_number"
nw_assert_eq "-r FILE -p http = -p 80" "$by_number" "$by_name"
nw_assert_match "-p http: the connection" '198\.18\.0\.2:80 ' "$by_name"

nw_run 20 c nw-scan -p http,https 198.18.0.2
nw_assert_status "nw-scan -p http,https" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "nw-scan -p http: 80 open" '^80/tcp +open ' "$NW_OUT"
nw_assert_match "nw-scan -p https: 443 closed" '^443/tcp +closed |closed tcp ports' "$NW_OUT"

nw_run 20 c nw-traceroute -T -p http -q 1 -w 1 198.18.0.2
nw_assert_status "nw-traceroute -T -p http" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "nw-traceroute -T -p http: reached" '^ 1  198\.18\.0\.2 ' "$NW_OUT"

# 3. Mistakes: exit 2, the first line names the operand.
mistake() {
	local what=$1 re=$2
	shift 2
	nw_run 10 c "$@"
	nw_assert_status "$what" 2 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "$what: says why" "$re" "$NW_ERR"
}
mistake "IPv6 with a port, no brackets" "invalid HOST:PORT '2001:db8::2:80': .*\[ADDR\]:PORT" \
	nw-handshake connect 2001:db8::2:80
mistake "unknown service" "invalid port 'nosuchservice': no such service" \
	nw-handshake connect 198.18.0.2 nosuchservice
mistake "HOST: without a port" "invalid HOST:PORT '198\.18\.0\.2:': missing port" \
	nw-handshake connect 198.18.0.2:
mistake "nw-scan unknown service" "nosuchservice.*no such service" nw-scan -p nosuchservice 198.18.0.2

nw_log "handshake_hostport: all checks passed"
exit 0
