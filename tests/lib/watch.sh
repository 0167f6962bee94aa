# shellcheck shell=bash
# watch.sh: what nw-watch's live tests share.  watch_hosts makes host a
# (198.18.0.1, 2001:db8::1), where the sockets are made and nw-watch runs,
# joined to an idle host b (198.18.0.2, 2001:db8::2) so that a's addresses
# exist.  Source tests/lib/netns.sh and call nw_setup first.
watch_hosts() {
	nw_pair a b
}
