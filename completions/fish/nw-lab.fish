# fish completion for nw-lab(1).  The options are checked against
# `nw-lab --list-options` by tests/docs_agree.sh.

complete -c nw-lab -f

set -l cmds up down status exec shell topology
set -l hosts laptop nas home-router isp1 isp2 isp3 resolver root-ns com-ns google-ns www

complete -c nw-lab -n "not __fish_seen_subcommand_from $cmds" -a up -d 'Build the lab and start its servers'
complete -c nw-lab -n "not __fish_seen_subcommand_from $cmds" -a down -d 'Remove everything the lab made'
complete -c nw-lab -n "not __fish_seen_subcommand_from $cmds" -a status -d 'Hosts, addresses, routes, whether each server answers'
complete -c nw-lab -n "not __fish_seen_subcommand_from $cmds" -a exec -d 'Run a command inside a lab host'
complete -c nw-lab -n "not __fish_seen_subcommand_from $cmds" -a shell -d 'An interactive shell inside a lab host'
complete -c nw-lab -n "not __fish_seen_subcommand_from $cmds" -a topology -d 'The lab plan'
complete -c nw-lab -n "__fish_seen_subcommand_from exec shell; and not __fish_seen_subcommand_from $hosts" -a "$hosts" -d 'Lab host'
complete -c nw-lab -n "__fish_seen_subcommand_from exec; and __fish_seen_subcommand_from $hosts" -a '(__fish_complete_command)'

complete -c nw-lab -s p -l prefix -r -f -d 'Namespace name prefix (default nwlab-)'
complete -c nw-lab -s q -l quiet -d 'Up and down print nothing but errors'
complete -c nw-lab -l json -d 'Status and topology as JSON Lines'
complete -c nw-lab -l delay -r -f -a 'home-router-isp1= isp1-isp2= isp2-isp3= isp1-resolver=' -d 'One-way delay of LINK=MS, each way'
complete -c nw-lab -l loss -r -f -a 'home-router-isp1= isp1-isp2= isp2-isp3= isp1-resolver=' -d 'Random loss of LINK=PCT, each way'
complete -c nw-lab -l no-delay -d 'No delay or loss on any link but those named'
complete -c nw-lab -s h -l help -d 'Show help and exit'
complete -c nw-lab -s V -l version -d 'Show version and exit'
