# fish completion for nw-traceroute(1).  The options are checked against
# `nw-traceroute --list-options` by tests/docs_agree.sh.

# Operands are a host and a packet length, never files.
complete -c nw-traceroute -f
complete -c nw-traceroute -a '(__fish_print_hostnames)' -d Host

function __nw_traceroute_local_addrs
    command -q ip; and ip -o addr show 2>/dev/null | string replace -rf '^\S+\s+(\S+)\s+inet6?\s+([^/\s]+).*' '$2\t$1'
end

set -l protos '__fish_contains_opt -s U udp -s I icmp -s T tcp'

complete -c nw-traceroute -s U -l udp -n "not $protos" -d 'Probe with UDP datagrams (the default; port 33434)'
complete -c nw-traceroute -s I -l icmp -n "not $protos" -d 'Probe with ICMP echo requests'
complete -c nw-traceroute -s T -l tcp -n "not $protos" -d 'Probe with TCP SYNs (port 80)'
complete -c nw-traceroute -s p -l port -x -a '33434 53 80 443' -d 'Destination port (UDP: the first, classic flows count up from it)'
complete -c nw-traceroute -l flow -x -a 'paris classic dublin' -d 'Flow control: paris (default), classic or dublin (UDP only)'
complete -c nw-traceroute -s f -l first -x -d 'Start at TTL (default 1)'
complete -c nw-traceroute -s m -l max-hops -x -d 'Go up to TTL hops (default 30)'
complete -c nw-traceroute -s q -l queries -x -d 'Probes per hop (default 3, at most 10)'
complete -c nw-traceroute -s N -l sim-queries -x -d 'Probes in flight at once (default 16)'
complete -c nw-traceroute -s w -l wait -x -a '5s 2s 1s 500ms' -d "Wait TIME for each probe's answer (default 5s)"
complete -c nw-traceroute -s W -l timeout -x -a '5s 2s 1s 500ms' -d 'The same as -w'
complete -c nw-traceroute -s z -l sendwait -x -a '0 10ms 50ms 100ms 500ms' -d 'Wait TIME between probes (default 0)'
complete -c nw-traceroute -l deadline -x -d 'Stop after TIME in all'
complete -c nw-traceroute -l mode -x -a 'auto raw socket' -d 'Raw (CAP_NET_RAW), socket (no privilege: UDP and ping sockets) or auto (default)'
complete -c nw-traceroute -l paths -x -a '2 8 16 32' -d 'Trace N flows at once and show every path, where they split and merge'
complete -c nw-traceroute -l rounds -x -d 'Probe the path N times, as mtr: loss and RTT statistics per hop'
complete -c nw-traceroute -l report -d 'The statistics once at the end, no live table (default 10 rounds)'
complete -c nw-traceroute -l interval -x -a '1s 500ms 100ms' -d "Rounds: from one round's start to the next (default 1s)"
complete -c nw-traceroute -s i -l interface -x -a '(__fish_print_interfaces)' -d 'Capture on IFACE (default: the one that routes to HOST)'
complete -c nw-traceroute -s s -l source -x -a '(__nw_traceroute_local_addrs)' -d "Send from ADDR (default: the route's source address)"
complete -c nw-traceroute -s n -l numeric -d 'Print addresses as numbers, no names'
complete -c nw-traceroute -s 4 -l ipv4 -n 'not __fish_contains_opt -s 6 ipv6' -d 'Use IPv4'
complete -c nw-traceroute -s 6 -l ipv6 -n 'not __fish_contains_opt -s 4 ipv4' -d 'Use IPv6'
complete -c nw-traceroute -l json -d 'Print JSON Lines for scripts'
complete -c nw-traceroute -l mtu -d 'Find the path MTU: DF probes that shrink where it falls'
complete -c nw-traceroute -s h -l help -d 'Show help and exit'
complete -c nw-traceroute -s V -l version -d 'Show version and compiled-in features, and exit'
