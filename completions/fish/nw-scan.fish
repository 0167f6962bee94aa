# fish completion for nw-scan(1).  The options are checked against
# `nw-scan --list-options` by tests/docs_agree.sh.

complete -c nw-scan -f
complete -c nw-scan -a '(__fish_print_hostnames)' -d Target

complete -c nw-scan -s p -l ports -x -a '- 1-1024 22,80,443' -d 'Ports: 22,80,1000-2000; - is 1-65535'
complete -c nw-scan -s s -x -a 'S\t"SYN scan" T\t"connect() scan"' -d 'Scan method: -sS or -sT'
complete -c nw-scan -l method -x -a 'syn connect auto' -d 'How ports are probed'
complete -c nw-scan -l input-file -r -F -d 'Read targets from FILE (as -iL)'
complete -c nw-scan -l exclude -x -d 'Leave out these targets (comma separated)'
complete -c nw-scan -l exclude-file -r -F -d 'Leave out the targets in FILE'
complete -c nw-scan -l rate -x -d 'Send at most PPS probes a second'
complete -c nw-scan -l max-rate -x -d 'A cap on the rate, adaptive or not'
complete -c nw-scan -l retries -x -d 'Send a silent probe N more times (default 2, growing up to 10)'
complete -c nw-scan -l no-adaptive -d 'Keep the rate fixed'
complete -c nw-scan -s W -l timeout -x -a '100ms 500ms 1s' -d 'Wait TIME for each answer'
complete -c nw-scan -s w -l deadline -x -a '10s 1m' -d 'Stop after TIME in all'
complete -c nw-scan -l seed -x -d "The order's key"
complete -c nw-scan -l shard -x -a '1/2 2/2 1/3 2/3 3/3' -d 'Scan the I-th of N equal parts'
complete -c nw-scan -l resume -r -F -d 'Keep the position in FILE'
complete -c nw-scan -l open -d 'Show only open ports'
complete -c nw-scan -l explain -d "Show each open port's half-open handshake (SYN scan)"
complete -c nw-scan -l handshake -d 'The same as --explain'
complete -c nw-scan -l banners -d "Show the first bytes each open port's service sends"
complete -c nw-scan -l banner-wait -x -a '500ms 2s 5s' -d 'Wait TIME for a banner (default 2s)'
complete -c nw-scan -s I -l interface -x -a '(__fish_print_interfaces)' -d 'Capture on IFACE'
complete -c nw-scan -s S -l source -x -d 'Send from ADDR'
complete -c nw-scan -l ttl -x -d "SYN probes' TTL or hop limit (default 64)"
complete -c nw-scan -s n -l numeric -d "Accepted for nmap's habit (never looks names up)"
complete -c nw-scan -s 4 -l ipv4 -d 'Use IPv4'
complete -c nw-scan -s 6 -l ipv6 -d 'Use IPv6'
complete -c nw-scan -l json -d 'Print JSON Lines for scripts'
complete -c nw-scan -s q -l quiet -d 'Print only the summary'
complete -c nw-scan -s h -l help -d 'Show help and exit'
complete -c nw-scan -s V -l version -d 'Show version and compiled-in features, and exit'
