# shellcheck shell=bash
# lab-report.sh: 'nw-lab topology' (the plan) and 'nw-lab status' (what
# exists now and whether each server answers), as text or JSON Lines.

# lab_js STRING: STRING as a JSON string (quotes, backslashes and control
# characters escaped).
lab_js() {
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\n'/\\n}
	s=${s//$'\t'/\\t}
	s=${s//$'\r'/\\r}
	# other control characters dropped, in bash (a tr per string made
	# 'topology --json' take seconds); bash strings hold no NUL
	s=${s//[$'\001'-$'\010'$'\013'$'\014'$'\016'-$'\037']/}
	printf '"%s"' "$s"
}

# lab_js_list WORD...: a JSON array of strings.
lab_js_list() {
	local w sep=""
	printf '['
	for w in "$@"; do
		printf '%s%s' "$sep" "$(lab_js "$w")"
		sep=,
	done
	printf ']'
}

# lab_lines_array TEXT: the non-empty lines of TEXT into the array LAB_L.
lab_lines_array() {
	LAB_L=()
	local line
	while IFS= read -r line; do
		[ -n "$line" ] && LAB_L+=("$line")
	done <<<"$1"
}

# lab_topology: print the plan.
lab_topology() {
	local h l ifn cidr extra
	local -a f
	if [ "$LAB_JSON" = 1 ]; then
		printf '{"type":"lab","prefix":%s,"ipv4":"198.18.0.0/15","ipv6":"2001:db8::/32","lan":"198.18.0.0/24","lan6":"2001:db8::/64","public":"198.19.0.0/16"}\n' \
			"$(lab_js "$LAB_PREFIX")"
		for h in "${LAB_HOSTS[@]}"; do
			local ifs="" sep=""
			local -a ifnames=()
			while read -r ifn cidr; do
				[[ " ${ifnames[*]} " == *" $ifn "* ]] || ifnames+=("$ifn")
			done < <(lab_cidrs "$h")
			for ifn in "${ifnames[@]}"; do
				lab_lines_array "$(lab_cidrs "$h" "$ifn" | awk '{ print $2 }')"
				ifs+="$sep{\"name\":$(lab_js "$ifn"),\"addresses\":$(lab_js_list "${LAB_L[@]}")}"
				sep=,
			done
			lab_lines_array "$(lab_routes "$h")"
			printf '{"type":"host","name":%s,"namespace":%s,"role":%s,"router":%s,"interfaces":[%s],"routes":%s}\n' \
				"$(lab_js "$h")" "$(lab_js "$(lab_ns "$h")")" "$(lab_js "$(lab_role "$h")")" \
				"$(lab_is_router "$h" && echo true || echo false)" "$ifs" "$(lab_js_list "${LAB_L[@]}")"
		done
		for l in "${LAB_LINKS[@]}"; do
			read -r -a f <<<"$l"
			lab_delay_of "${f[0]}" "${f[2]}"
			printf '{"type":"link","a":%s,"a_if":%s,"b":%s,"b_if":%s,"bridge":%s,"delay_ms":%s,"loss_pct":%s}\n' \
				"$(lab_js "${f[0]}")" "$(lab_js "${f[1]}")" "$(lab_js "${f[2]}")" "$(lab_js "${f[3]}")" \
				"$([ -n "${f[4]:-}" ] && lab_js "${f[4]}" || echo null)" "$LAB_MS" "$LAB_LOSS"
		done
		for l in "${LAB_SERVERS[@]}"; do
			read -r -a f <<<"$l"
			printf '{"type":"server","name":%s,"host":%s,"software":%s,"port":%s,"addresses":%s,"serves":%s}\n' \
				"$(lab_js "${f[0]}")" "$(lab_js "${f[1]}")" "$(lab_js "${f[2]}")" "${f[3]}" \
				"$(lab_js_list "$(lab_ip "${f[1]}" 4)" "$(lab_ip "${f[1]}" 6)")" "$(lab_js "${f[*]:4}")"
		done
		printf '{"type":"nat","host":"home-router","masquerade":{"from":"198.18.0.0/24","out":"wan0","to":%s},"forward":{"proto":"tcp","address":%s,"port":%s,"to":%s,"to_port":%s}}\n' \
			"$(lab_js "$(lab_ip home-router 4 wan0)")" "$(lab_js "$(lab_ip home-router 4 wan0)")" \
			"$LAB_FWD_PORT" "$(lab_js "$LAB_FWD_TO4")" "$LAB_FWD_TO_PORT"
		return 0
	fi
	printf 'nw-lab topology (prefix %s; IPv4 from 198.18.0.0/15, IPv6 from 2001:db8::/32)\n\n' "$LAB_PREFIX"
	printf 'hosts:\n'
	for h in "${LAB_HOSTS[@]}"; do
		printf '  %-12s %s%s\n' "$h" "$(lab_role "$h")" "$(lab_is_router "$h" && echo ' [forwards]')"
		while read -r ifn cidr; do
			printf '  %-12s   %-10s %s\n' "" "$ifn" "$cidr"
		done < <(lab_cidrs "$h")
		while IFS= read -r l; do
			printf '  %-12s   route      %s\n' "" "$l"
		done < <(lab_routes "$h")
	done
	printf '\nlinks:\n'
	for l in "${LAB_LINKS[@]}"; do
		read -r -a f <<<"$l"
		lab_delay_of "${f[0]}" "${f[2]}"
		extra=""
		[ "$LAB_MS" = 0 ] || extra+=", $LAB_MS ms each way"
		[ "$LAB_LOSS" = 0 ] || extra+=", $LAB_LOSS% loss each way"
		printf '  %s:%s <-> %s:%s%s%s\n' "${f[0]}" "${f[1]}" "${f[2]}" "${f[3]}" "${f[4]:+ (port of ${f[4]})}" "$extra"
	done
	printf '\nservers:\n'
	for l in "${LAB_SERVERS[@]}"; do
		read -r -a f <<<"$l"
		printf '  %-10s %-8s on %-10s %s [%s]:%s  %s\n' "${f[0]}" "${f[2]}" "${f[1]}" \
			"$(lab_ip "${f[1]}" 4):${f[3]}" "$(lab_ip "${f[1]}" 6)" "${f[3]}" "${f[*]:4}"
	done
	printf '\nNAT on home-router: 198.18.0.0/24 masqueraded to %s out of wan0;\n' "$(lab_ip home-router 4 wan0)"
	printf '  port forward tcp %s:%s -> %s:%s (nas). IPv6: no NAT.\n' \
		"$(lab_ip home-router 4 wan0)" "$LAB_FWD_PORT" "$LAB_FWD_TO4" "$LAB_FWD_TO_PORT"
}

# lab_status: what exists now.  Returns 0 when every host exists and
# every server answers on IPv4 and IPv6, 1 otherwise.
lab_status() {
	local h ns l name up=0 answering=0 nh=0 ns_up=0 nserv=0 pid ok4 ok6 r4 r6
	local -a f
	[ "$LAB_JSON" = 1 ] || printf 'nw-lab status (prefix %s)\n\nhosts:\n' "$LAB_PREFIX"
	for h in "${LAB_HOSTS[@]}"; do
		ns=$(lab_ns "$h")
		nh=$((nh + 1))
		local exists=false addrs="" routes=""
		if lab_ns_exists "$h"; then
			exists=true
			ns_up=$((ns_up + 1))
			addrs=$(ip -n "$ns" -o addr show scope global 2>/dev/null | awk '{ print $2, $4 }')
			routes=$( { ip -n "$ns" route show; ip -n "$ns" -6 route show | grep -v '^fe80'; } 2>/dev/null)
		fi
		if [ "$LAB_JSON" = 1 ]; then
			lab_lines_array "$addrs"
			local a_json
			a_json=$(lab_js_list "${LAB_L[@]}")
			lab_lines_array "$routes"
			printf '{"type":"host","name":%s,"namespace":%s,"exists":%s,"addresses":%s,"routes":%s}\n' \
				"$(lab_js "$h")" "$(lab_js "$ns")" "$exists" "$a_json" "$(lab_js_list "${LAB_L[@]}")"
		else
			if [ "$exists" = true ]; then
				printf '  %-12s %s\n' "$h" "$ns"
				printf '%s\n' "$addrs" | sed '/^$/d; s/^/      addr  /'
				printf '%s\n' "$routes" | sed '/^$/d; s/^/      route /'
			else
				printf '  %-12s %s: missing\n' "$h" "$ns"
			fi
		fi
	done
	[ "$LAB_JSON" = 1 ] || printf '\nservers:\n'
	for l in "${LAB_SERVERS[@]}"; do
		read -r -a f <<<"$l"
		name=${f[0]}
		nserv=$((nserv + 1))
		pid=$(lab_server_pid "$name") || pid=""
		ok4=false ok6=false r4="not running" r6="not running"
		if [ -n "$pid" ] && lab_ns_exists laptop; then
			r4=$(lab_check_server "$name" 4) && ok4=true
			r6=$(lab_check_server "$name" 6) && ok6=true
		fi
		[ "$ok4" = true ] && [ "$ok6" = true ] && answering=$((answering + 1))
		if [ "$LAB_JSON" = 1 ]; then
			printf '{"type":"server","name":%s,"host":%s,"software":%s,"pid":%s,"running":%s,"answers_ipv4":%s,"answers_ipv6":%s,"check_ipv4":%s,"check_ipv6":%s}\n' \
				"$(lab_js "$name")" "$(lab_js "${f[1]}")" "$(lab_js "${f[2]}")" "${pid:-null}" \
				"$([ -n "$pid" ] && echo true || echo false)" "$ok4" "$ok6" "$(lab_js "$r4")" "$(lab_js "$r6")"
		else
			printf '  %-10s %-8s pid %-7s IPv4 %-3s %s\n' "$name" "${f[2]}" "${pid:--}" \
				"$([ "$ok4" = true ] && echo ok || echo NO)" "$r4"
			printf '  %-10s %-8s %-11s IPv6 %-3s %s\n' "" "" "" \
				"$([ "$ok6" = true ] && echo ok || echo NO)" "$r6"
		fi
	done
	lab_status_delays
	[ "$ns_up" = "$nh" ] && [ "$answering" = "$nserv" ] && up=1
	if [ "$LAB_JSON" = 1 ]; then
		printf '{"type":"summary","prefix":%s,"up":%s,"hosts":%s,"hosts_present":%s,"servers":%s,"servers_answering":%s,"exit":%s}\n' \
			"$(lab_js "$LAB_PREFIX")" "$([ "$up" = 1 ] && echo true || echo false)" "$nh" "$ns_up" "$nserv" "$answering" \
			"$([ "$up" = 1 ] && echo 0 || echo 1)"
	else
		local word=degraded
		[ "$ns_up" = 0 ] && word=down
		[ "$up" = 1 ] && word=up
		printf '\n%s hosts of %s present, %s servers of %s answering: lab %s\n' "$ns_up" "$nh" "$answering" "$nserv" "$word"
	fi
	[ "$up" = 1 ]
}

# lab_status_delays: the link delays 'up' made ($LAB_STATE/delays), and
# whether each one's nw-lab-delay still serves its queue.
lab_status_delays() {
	local a b at ifn ms loss q running
	[ -s "$LAB_STATE/delays" ] || return 0
	[ "$LAB_JSON" = 1 ] || printf '\nlink delays (nw-lab-delay):\n'
	while read -r a b at ifn ms loss; do
		running=false
		q=$(ip netns exec "$(lab_ns "$at")" iptables -S -t mangle 2>/dev/null |
			awk -v i="$ifn" '$4 == i && / NFQUEUE / { for (k = 1; k < NF; k++) if ($k == "--queue-num") print $(k + 1); exit }')
		[ -n "$q" ] && ns_queue_bound "$(lab_ns "$at")" "$q" && running=true
		if [ "$LAB_JSON" = 1 ]; then
			printf '{"type":"delay","a":%s,"b":%s,"at":%s,"interface":%s,"delay_ms":%s,"loss_pct":%s,"running":%s}\n' \
				"$(lab_js "$a")" "$(lab_js "$b")" "$(lab_js "$at")" "$(lab_js "$ifn")" "$ms" "$loss" "$running"
		else
			printf '  %-22s %s ms each way, %s%% loss, at %s:%s  %s\n' "$a-$b" "$ms" "$loss" "$at" "$ifn" \
				"$([ "$running" = true ] && echo running || echo 'NOT RUNNING')"
		fi
	done <"$LAB_STATE/delays"
}
