# fish completion for nw-handshake(1).  The options are checked against
# `nw-handshake --list-options` by tests/docs_agree.sh.

complete -c nw-handshake -s r -l read -r -F -d 'read packets from a pcap or pcapng file'
complete -c nw-handshake -s i -l interface -x -a '(string replace -r ".*/" "" /sys/class/net/*)' -d 'capture live on IFACE'
complete -c nw-handshake -s w -l write -r -F -d 'also write the traced packets to a pcap file'
complete -c nw-handshake -s p -l port -x -d 'only connections with PORT at either end'
complete -c nw-handshake -l host -x -a '(__fish_print_hostnames)' -d 'only connections with ADDR at either end'
complete -c nw-handshake -l conn -x -d 'only connection number N'
complete -c nw-handshake -s c -l count -x -d 'stop after COUNT traced packets'
complete -c nw-handshake -s S -l absolute -d 'absolute sequence and acknowledgment numbers'
complete -c nw-handshake -l ladder -d 'draw the ladder'
complete -c nw-handshake -l oneline -d 'one line per packet'
complete -c nw-handshake -l summary -d 'one line per connection'
complete -c nw-handshake -l json -d 'JSON Lines'
complete -c nw-handshake -l idle-timeout -x -d 'forget a connection idle this long'
complete -c nw-handshake -l max-conns -x -d 'follow at most N connections at once'
complete -c nw-handshake -s h -l help -d 'show help'
complete -c nw-handshake -s V -l version -d 'show version'
