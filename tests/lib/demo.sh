#!/bin/bash
# demo.sh: `make demo`.  Builds a tiny "home LAN" in two network namespaces
# (a laptop and its home router, the laptop's default route via the
# router) and shows the walk's first step from the laptop: find the
# gateway in the routing table, then ask for its MAC with nw-arping.
# Everything is removed on exit.  Needs root.
#
# Usage: demo.sh [BUILDDIR]   (the directory holding nw-arping; default .)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

BUILDDIR=${1:-.}
PATH="$(cd "$BUILDDIR" && pwd):$PATH"
export PATH
# shellcheck source=netns.sh
. "$(dirname "${BASH_SOURCE[0]}")/netns.sh"

if [ "$(id -u)" != 0 ]; then
	echo "demo: needs root (it builds network namespaces); try: sudo make demo" >&2
	exit 1
fi
command -v nw-arping >/dev/null 2>&1 || { echo "demo: no nw-arping in $BUILDDIR (run make first)" >&2; exit 1; }
nw_require_root nw-arping
nw_setup

step() {
	if [ -t 1 ]; then
		printf '\n\033[1m== %s\033[0m\n' "$*"
	else
		printf '\n== %s\n' "$*"
	fi
}
# show HOST CMD...: print the command as typed in HOST, then run it there.
show() {
	local h=$1
	shift
	printf '%s$ %s\n' "$h" "$*"
	nw_in "$h" "$@"
}

step "Building a home LAN: laptop (198.18.0.2) -- home-router (198.18.0.1), default route via the router"
nw_host laptop
nw_router home-router
nw_link laptop veth0 home-router lan0 02:00:00:00:00:02 02:00:00:00:00:01
nw_addr laptop veth0 198.18.0.2/24
nw_addr home-router lan0 198.18.0.1/24
nw_route laptop default via 198.18.0.1

step "The laptop knows its gateway's IP from the routing table"
show laptop ip route

step "...and must learn the gateway's MAC before sending anything: ask with ARP"
show laptop nw-arping -c 3 -i 0.5 gateway || { echo "demo: nw-arping failed" >&2; exit 1; }

step "The same, as JSON Lines for scripts"
show laptop nw-arping --json -c 1 gateway || { echo "demo: nw-arping --json failed" >&2; exit 1; }

step "Duplicate address detection: from the router, is 198.18.0.2 free? (exit 1: in use, by the laptop)"
show home-router nw-arping -D -c 2 -i 0.5 -W 0.5 198.18.0.2
rc=$?
if [ "$rc" = 1 ]; then
	echo "(exit 1: the address is taken, by the laptop's MAC 02:00:00:00:00:02)"
else
	echo "demo: expected exit 1 (address in use), got $rc" >&2
	exit 1
fi

step "Cleaning up the namespaces"
exit 0
