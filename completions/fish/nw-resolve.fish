# fish completion for nw-resolve(1).  The options are checked against
# `nw-resolve --list-options` by tests/docs_agree.sh.

complete -c nw-resolve -f

set -l types A AAAA CNAME DNAME NS MX TXT SOA PTR SRV CAA NAPTR DS DNSKEY RRSIG NSEC NSEC3 NSEC3PARAM TLSA SSHFP SVCB HTTPS HINFO ANY

function __nw_resolve_servers
    test -r /etc/resolv.conf; and string replace -rf '^nameserver\s+(\S+).*' '@$1' </etc/resolv.conf
end

# Operands: a name, a type, or @SERVER.
complete -c nw-resolve -a "$types" -d 'Record type'
complete -c nw-resolve -a '(__nw_resolve_servers)' -d 'Name server'
complete -c nw-resolve -a '(__fish_print_hostnames)' -d Name

complete -c nw-resolve -s p -l port -r -f -d 'Send queries to PORT (default 53)'
complete -c nw-resolve -s t -l type -r -f -a "$types" -d 'Record type for names given without one'
complete -c nw-resolve -l class -r -f -a 'IN CH HS ANY' -d 'Record class for names given without one'
complete -c nw-resolve -s x -l reverse -r -f -d 'Reverse lookup: the PTR record of ADDR'
complete -c nw-resolve -s W -l timeout -r -f -a '5s 2s 1s 500ms' -d 'Wait TIME for the first answer, doubled each round'
complete -c nw-resolve -l tries -r -f -d 'Rounds over the servers'
complete -c nw-resolve -l tcp -d 'Query over TCP only'
complete -c nw-resolve -l ignore-tc -d 'Keep a truncated UDP answer'
complete -c nw-resolve -l search -d 'Apply the resolv.conf search list and ndots'
complete -c nw-resolve -l resolv-conf -r -F -d 'Read servers and settings from FILE'
complete -c nw-resolve -l short -d 'Print only the answers, as dig +short'
complete -c nw-resolve -s f -l file -r -F -d 'Resolve every name of FILE, one line each'
complete -c nw-resolve -l unordered -d 'With -f: print each name as its answer comes'
complete -c nw-resolve -l inflight -r -f -d 'With -f: at most N queries in flight (default 100)'
complete -c nw-resolve -l trace -d 'Resolve iteratively from the root, printing every step'
complete -c nw-resolve -l all-servers -d 'With --trace: ask every server of each zone, flag lame ones'
complete -c nw-resolve -l root-hints -r -F -d 'With --trace: the root servers of FILE'
complete -c nw-resolve -l wire -d 'Also print the query and answer as annotated hex'
complete -c nw-resolve -l norecurse -d 'Clear the RD bit'
complete -c nw-resolve -l dnssec -d 'Set the DO bit'
complete -c nw-resolve -l cd -d 'Set the CD bit'
complete -c nw-resolve -l ad -d 'Set the AD bit'
complete -c nw-resolve -l noedns -d 'Send no OPT record'
complete -c nw-resolve -l bufsize -r -f -d 'EDNS UDP payload size (default 1232)'
complete -c nw-resolve -l nsid -d 'Ask for the server identifier (NSID)'
complete -c nw-resolve -l cookie -d 'Send a client cookie'
complete -c nw-resolve -l subnet -r -f -d 'Send EDNS client subnet CIDR'
complete -c nw-resolve -l padding -r -f -d 'Add EDNS padding of OCTETS'
complete -c nw-resolve -s 4 -l ipv4 -n 'not __fish_contains_opt -s 6 ipv6' -d 'Use IPv4'
complete -c nw-resolve -s 6 -l ipv6 -n 'not __fish_contains_opt -s 4 ipv4' -d 'Use IPv6'
complete -c nw-resolve -s q -l quiet -d 'Print nothing, rely on the exit status'
complete -c nw-resolve -l json -d 'Print JSON Lines for scripts'
complete -c nw-resolve -s h -l help -d 'Show help and exit'
complete -c nw-resolve -s V -l version -d 'Show version and compiled-in features, and exit'
