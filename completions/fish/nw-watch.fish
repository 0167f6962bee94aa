# fish completion for nw-watch(1).  The options are checked against
# `nw-watch --list-options` by tests/docs_agree.sh.

# No operands.
complete -c nw-watch -f

function __nw_watch_local_addrs
    command -q ip; and ip -o addr show 2>/dev/null | string replace -rf '^\S+\s+(\S+)\s+inet6?\s+([^/\s]+).*' '$2\t$1'
end

set -l states LISTEN SYN-SENT SYN-RECV ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 CLOSING TIME-WAIT CLOSE-WAIT LAST-ACK CLOSED UNCONN

complete -c nw-watch -s p -l port -r -f -d 'Only sockets with PORT at either end'
complete -c nw-watch -l host -r -f -a '(__nw_watch_local_addrs)' -d 'Only sockets with address ADDR at either end'
complete -c nw-watch -l state -r -f -a "$states" -d 'Only sockets in these states (comma list)'
complete -c nw-watch -s l -l listening -d 'Only listening sockets (UDP: unconnected ones)'
complete -c nw-watch -s u -l udp -d 'UDP sockets instead of TCP'
complete -c nw-watch -s n -l numeric -d 'Print addresses as numbers (the default)'
complete -c nw-watch -s 4 -l ipv4 -n 'not __fish_contains_opt -s 6 ipv6' -d 'Only IPv4 sockets'
complete -c nw-watch -s 6 -l ipv6 -n 'not __fish_contains_opt -s 4 ipv4' -d 'Only IPv6 sockets'
complete -c nw-watch -s q -l quiet -d 'Print only the counts per state (-f: the first and last lines)'
complete -c nw-watch -s f -l follow -d 'Print each state change as it happens'
complete -c nw-watch -l poll -r -f -a '100ms 50ms 20ms 10ms 1s' -d 'With -f: time between two snapshots (default 100ms)'
complete -c nw-watch -l netns -r -f -a '(command ls /run/netns 2>/dev/null)' -d 'The sockets of network namespace NAME (/run/netns/NAME)'
complete -c nw-watch -l summary -d 'With -f: at exit, the connections, transitions per kind and durations'
complete -c nw-watch -s c -l count -r -f -d 'With -f: stop after COUNT changes'
complete -c nw-watch -s w -l deadline -r -f -d 'With -f: stop after TIME'
complete -c nw-watch -l json -d 'Print JSON Lines for scripts'
complete -c nw-watch -s h -l help -d 'Show help and exit'
complete -c nw-watch -s V -l version -d 'Show version and compiled-in features, and exit'
