# fish completion for nw-arping(1).  The options are checked against
# `nw-arping --list-options` by tests/docs_agree.sh.

# Operands are addresses and names, never files.
complete -c nw-arping -f

function __nw_arping_local_macs
    for f in /sys/class/net/*/address
        string match -v 00:00:00:00:00:00 <$f
    end 2>/dev/null
end

function __nw_arping_local_addrs
    command -q ip; and ip -o addr show 2>/dev/null | string replace -rf '^\S+\s+(\S+)\s+inet6?\s+([^/\s]+).*' '$2\t$1'
end

function __nw_arping_local_nets
    command -q ip; and ip -o -4 route show scope link 2>/dev/null | string replace -rf '^(\S+/\d+)\s+dev\s+(\S+).*' '$1\t$2'
end

set -l modes '__fish_contains_opt -s D dad -s U unsolicited -s A reply-announce scan'

# TARGET: 'gateway' or a host name; none with --scan.
complete -c nw-arping -n 'not __fish_contains_opt scan' -a gateway -d 'Default gateway of the routing table'
complete -c nw-arping -n 'not __fish_contains_opt scan' -a '(__fish_print_hostnames)' -d Host

complete -c nw-arping -s c -l count -r -f -d 'Stop after sending COUNT requests'
complete -c nw-arping -s i -l interval -r -f -a '1s 500ms 200ms 100ms 10ms' -d 'Wait TIME between requests (default 1s)'
complete -c nw-arping -s w -l deadline -r -f -d 'Stop after TIME in all'
complete -c nw-arping -s W -l timeout -r -f -a '1s 500ms 200ms 100ms' -d 'Wait TIME for the reply to each request (default 1s; 250ms with --scan)'
complete -c nw-arping -s I -l interface -r -f -a '(__fish_print_interfaces)' -d 'Send on IFACE (default: the one that routes to TARGET)'
complete -c nw-arping -s s -l source-mac -r -f -a '(__nw_arping_local_macs)' -d "Sender MAC address (default: the interface's)"
complete -c nw-arping -s S -l source-ip -r -f -a '(__nw_arping_local_addrs)' -d "Sender IP address (default: the interface's)"
complete -c nw-arping -s t -l target-mac -r -f -d 'Send requests to MAC instead of broadcast'
complete -c nw-arping -s b -l broadcast -d 'Keep broadcasting (no unicast after a reply)'
complete -c nw-arping -s D -l dad -n "not $modes" -d 'Duplicate address detection (RFC 5227 probe)'
complete -c nw-arping -s U -l unsolicited -n "not $modes" -d 'Announce TARGET as ours (gratuitous ARP)'
complete -c nw-arping -s A -l reply-announce -n "not $modes" -d 'Announce TARGET as ours with unsolicited replies'
complete -c nw-arping -l scan -n 'not __fish_contains_opt -s D dad -s U unsolicited -s A reply-announce' -r -f -a '(__nw_arping_local_nets)' -d 'Sweep every address of an IPv4 block (CIDR)'
complete -c nw-arping -l rate -r -f -d 'With --scan: at most PPS probes per second (default 1000)'
complete -c nw-arping -l retries -r -f -d 'With --scan: probe silent addresses N more times (default 2)'
complete -c nw-arping -s 4 -l ipv4 -n 'not __fish_contains_opt -s 6 ipv6' -d 'Use IPv4 (ARP)'
complete -c nw-arping -s 6 -l ipv6 -n 'not __fish_contains_opt -s 4 ipv4 scan' -d 'Use IPv6 (neighbor discovery)'
complete -c nw-arping -s q -l quiet -d 'Print only the summary'
complete -c nw-arping -l json -d 'Print JSON Lines for scripts'
complete -c nw-arping -s h -l help -d 'Show help and exit'
complete -c nw-arping -s V -l version -d 'Show version and compiled-in features, and exit'
