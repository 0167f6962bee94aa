# nw-watch: the sockets and their states, as ss -tanp (included by
# Makefile.am; paths from the top directory).
bin_PROGRAMS += nw-watch
# Other users' /proc/PID/fd, to name socket owners (NW_PRIV_PROC_FDS).
NW_FILE_CAPS += nw-watch:cap_dac_read_search,cap_sys_ptrace
nw_watch_SOURCES = tools/watch/main.c \
	tools/watch/watch.h tools/watch/watch.c \
	tools/watch/watch_config.h \
	tools/watch/watch_sock.h tools/watch/watch_sock.c \
	tools/watch/watch_snap.h tools/watch/watch_snap.c \
	tools/watch/watch_text.h tools/watch/watch_text.c \
	tools/watch/watch_json.h tools/watch/watch_json.c \
	tools/watch/watch_stats.h tools/watch/watch_diff.h tools/watch/watch_diff.c \
	tools/watch/watch_netns.h tools/watch/watch_netns.c \
	tools/watch/watch_summary.h tools/watch/watch_summary.c \
	tools/watch/watch_follow.h tools/watch/watch_follow.c
nw_watch_LDADD = $(NW_LIBS)
dist_man1_MANS += man/nw-watch.1
dist_bashcomp_DATA += completions/bash/nw-watch
dist_zshcomp_DATA += completions/zsh/_nw-watch
dist_fishcomp_DATA += completions/fish/nw-watch.fish
NW_SCRIPT_TESTS += \
	tests/live/watch_snapshot.sh \
	tests/live/watch_follow.sh \
	tests/live/watch_summary.sh \
	tests/live/watch_netns.sh
EXTRA_DIST += tests/lib/watch.sh tests/lib/watch_sockets.py tests/lib/watch_compare.py \
	tests/lib/watch_conns.py tests/lib/watch_paths.py tests/lib/watch_hold.py \
	tests/lib/watch_summary_check.py
