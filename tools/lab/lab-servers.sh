# shellcheck shell=bash
# lab-servers.sh: the lab's servers: generate their zone files and
# configurations from the templates, start them inside their hosts, wait
# (bounded) until each answers, and check them for 'status'.  Configuration
# and state live in $LAB_STATE/HOST/, removed by 'down'.

# lab_fill TEMPLATE OUT HOST [NAME=VALUE...]: copy TEMPLATE (from the
# templates directory) to OUT, replacing @HOST@, @DIR@, @ADDR4@, @ADDR6@,
# the servers' addresses (@ROOT4@ ...), @SERIAL@ and each @NAME@ given.
lab_fill() {
	local tpl=$LAB_DATADIR/templates/$1 out=$2 h=$3 kv
	shift 3
	local -a sed_args=(
		-e "s|@HOST@|$h|g" -e "s|@DIR@|$LAB_STATE/$h|g"
		-e "s|@ADDR4@|$(lab_ip "$h" 4)|g" -e "s|@ADDR6@|$(lab_ip "$h" 6)|g"
		-e "s|@ROOT4@|$(lab_ip root-ns 4)|g" -e "s|@ROOT6@|$(lab_ip root-ns 6)|g"
		-e "s|@COM4@|$(lab_ip com-ns 4)|g" -e "s|@COM6@|$(lab_ip com-ns 6)|g"
		-e "s|@GOOGLE4@|$(lab_ip google-ns 4)|g" -e "s|@GOOGLE6@|$(lab_ip google-ns 6)|g"
		-e "s|@WWW4@|$(lab_ip www 4)|g" -e "s|@WWW6@|$(lab_ip www 6)|g"
		-e "s|@SERIAL@|$(date -u +%Y%m%d)01|g"
	)
	for kv in "$@"; do
		sed_args+=(-e "s|@${kv%%=*}@|${kv#*=}|g")
	done
	[ -r "$tpl" ] || lab_die "template $tpl missing (NW_LAB_DATADIR=$LAB_DATADIR)"
	sed "${sed_args[@]}" "$tpl" >"$out" || lab_die "cannot write $out"
}

# lab_hostdir HOST: make and print $LAB_STATE/HOST (world-readable: nginx
# workers read the page as an unprivileged user).
lab_hostdir() {
	local d=$LAB_STATE/$1
	mkdir -p "$d" || lab_die "cannot create $d"
	chmod 755 "$d" || lab_die "cannot chmod $d"
	printf '%s\n' "$d"
}

# lab_start_nsd HOST ZONE ZONEFILE: an authoritative nsd for ZONE on HOST.
lab_start_nsd() {
	local h=$1 d
	d=$(lab_hostdir "$h")
	lab_fill "$3" "$d/$3" "$h"
	lab_fill nsd.conf "$d/nsd.conf" "$h" "ZONE=$2" "ZONEFILE=$3"
	nsd-checkzone "$2" "$d/$3" >"$d/checkzone.log" 2>&1 ||
		lab_die "zone $2 does not check: $(tail -n 1 "$d/checkzone.log")"
	ip netns exec "$(lab_ns "$h")" nsd -c "$d/nsd.conf" >"$d/start.log" 2>&1 ||
		lab_die "nsd on $h did not start: $(tail -n 1 "$d/start.log")"
}

# lab_start_unbound HOST: the recursive resolver, the lab root as hints.
lab_start_unbound() {
	local h=$1 d
	d=$(lab_hostdir "$h")
	lab_fill root.hints "$d/root.hints" "$h"
	lab_fill unbound.conf "$d/unbound.conf" "$h"
	unbound-checkconf "$d/unbound.conf" >"$d/checkconf.log" 2>&1 ||
		lab_die "unbound configuration does not check: $(tail -n 1 "$d/checkconf.log")"
	ip netns exec "$(lab_ns "$h")" unbound -c "$d/unbound.conf" >"$d/start.log" 2>&1 ||
		lab_die "unbound on $h did not start: $(tail -n 1 "$d/start.log")"
}

# lab_start_nginx HOST NAME: nginx serving a small page for NAME on HOST's
# IPv4 and IPv6 addresses, port 80.
lab_start_nginx() {
	local h=$1 d
	d=$(lab_hostdir "$h")
	mkdir -p "$d/html" "$d/tmp" || lab_die "cannot create $d/html"
	chmod 755 "$d/html" || lab_die "cannot chmod $d/html"
	lab_fill nginx.conf "$d/nginx.conf" "$h" "NAME=$2"
	lab_fill index.html "$d/html/index.html" "$h" "NAME=$2"
	chmod 644 "$d/html/index.html"
	ip netns exec "$(lab_ns "$h")" nginx -q -p "$d" -e "$d/error.log" -c "$d/nginx.conf" >"$d/start.log" 2>&1 ||
		lab_die "nginx on $h did not start: $(tail -n 1 "$d/start.log")"
}

# lab_server_pid NAME: print the pid of server NAME from its pid file, if
# that process is alive.
lab_server_pid() {
	local f pid
	for f in "$LAB_STATE/$1"/*.pid; do
		[ -r "$f" ] || continue
		read -r pid <"$f" || continue
		case "$pid" in '' | *[!0-9]*) continue ;; esac
		kill -0 "$pid" 2>/dev/null && printf '%s\n' "$pid" && return 0
	done
	return 1
}

# lab_start_server NAME: start server NAME (see LAB_SERVERS).
lab_start_server() {
	case "$1" in
	root-ns) lab_start_nsd root-ns . root.zone ;;
	com-ns) lab_start_nsd com-ns com. com.zone ;;
	google-ns) lab_start_nsd google-ns google.com. google.com.zone ;;
	resolver) lab_start_unbound resolver ;;
	www) lab_start_nginx www www.google.com ;;
	nas) lab_start_nginx nas nas.home ;;
	*) lab_die "unknown server $1" ;;
	esac
}

# lab_check_server NAME FAMILY: one bounded check (at most ~2 s) that
# server NAME answers on its IPv4 (4) or IPv6 (6) address, from the host
# that should reach it (the laptop, or for the LAN server, isp1 through
# the port forward).  Prints what was asked and what came back.
lab_check_server() {
	local name=$1 fam=$2 addr out
	case "$name" in
	root-ns | com-ns | google-ns)
		local q
		case "$name" in
		root-ns) q=". SOA" ;;
		com-ns) q="com. SOA" ;;
		*) q="google.com. SOA" ;;
		esac
		addr=$(lab_ip "$name" "$fam")
		# shellcheck disable=SC2086 # q is two words: name and type
		out=$(timeout 3 ip netns exec "$(lab_ns laptop)" dig +norecurse +time=1 +tries=1 +short @"$addr" $q 2>&1) &&
			[ -n "$out" ] && [[ $out != *";;"* ]]
		;;
	resolver)
		addr=$(lab_ip resolver "$fam")
		out=$(timeout 6 ip netns exec "$(lab_ns laptop)" dig +time=2 +tries=2 +short @"$addr" www.google.com A 2>&1) &&
			[ "$out" = "$(lab_ip www 4)" ]
		;;
	www)
		addr=$(lab_ip www "$fam")
		[ "$fam" = 6 ] && addr="[$addr]"
		out=$(timeout 3 ip netns exec "$(lab_ns laptop)" curl -sS -m 2 -o /dev/null -w '%{http_code}' "http://$addr/" 2>&1) &&
			[ "$out" = 200 ]
		;;
	nas)
		if [ "$fam" = 4 ]; then
			addr="$(lab_ip home-router 4 wan0):$LAB_FWD_PORT"
		else
			addr="[$(lab_ip nas 6)]:80"
		fi
		out=$(timeout 3 ip netns exec "$(lab_ns isp1)" curl -sS -m 2 -o /dev/null -w '%{http_code}' "http://$addr/" 2>&1) &&
			[ "$out" = 200 ]
		;;
	*) return 1 ;;
	esac
	local rc=$?
	printf '%s\n' "$addr: ${out:-no answer}" | head -n 1
	return "$rc"
}

# lab_start_servers: start every server not running yet, then wait (at
# most 10 s each) until it answers on IPv4 and IPv6.
lab_start_servers() {
	local l name i fam
	local -a f
	for l in "${LAB_SERVERS[@]}"; do
		read -r -a f <<<"$l"
		lab_server_pid "${f[0]}" >/dev/null || lab_start_server "${f[0]}"
	done
	for l in "${LAB_SERVERS[@]}"; do
		name=${l%% *}
		for fam in 4 6; do
			i=0
			until lab_check_server "$name" "$fam" >/dev/null; do
				i=$((i + 1))
				[ "$i" -lt 20 ] || lab_die "$name does not answer on IPv$fam: $(lab_check_server "$name" "$fam")"
				sleep 0.5
			done
		done
	done
}
