# nw-handshake: TCP connections as ladders (included by Makefile.am; paths
# from the top directory).
bin_PROGRAMS += nw-handshake
NW_FILE_CAPS += nw-handshake:cap_net_raw
nw_handshake_SOURCES = tools/handshake/main.c \
	tools/handshake/handshake.h tools/handshake/handshake.c \
	tools/handshake/handshake_config.h \
	tools/handshake/handshake_session.h tools/handshake/handshake_session.c \
	tools/handshake/handshake_connect.h tools/handshake/handshake_connect.c \
	tools/handshake/handshake_out.h tools/handshake/handshake_out.c \
	tools/handshake/handshake_text.h tools/handshake/handshake_text.c \
	tools/handshake/handshake_json.h tools/handshake/handshake_json.c \
	tools/handshake/handshake_write.h tools/handshake/handshake_write.c
nw_handshake_LDADD = $(NW_LIBS)
dist_man1_MANS += man/nw-handshake.1
dist_bashcomp_DATA += completions/bash/nw-handshake
dist_zshcomp_DATA += completions/zsh/_nw-handshake
dist_fishcomp_DATA += completions/fish/nw-handshake.fish
# Golden cases (tests/golden/run.sh) and the live tests; tcp_craft plays
# both ends of a crafted connection (simultaneous open/close).
NW_SCRIPT_TESTS += \
	tests/golden/handshake_golden.sh \
	tests/live/handshake_tshark.sh \
	tests/live/handshake_live.sh \
	tests/live/handshake_connect.sh \
	tests/live/handshake_mss.sh \
	tests/live/handshake_simultaneous.sh \
	tests/live/handshake_silent.sh \
	tests/live/handshake_hostport.sh \
	tests/live/handshake_zone.sh
EXTRA_DIST += tests/golden/handshake tests/lib/handshake.sh tests/lib/tcp_peer.py
check_PROGRAMS += tests/lib/tcp_craft
tests_lib_tcp_craft_SOURCES = tests/lib/tcp_craft.c
NW_BENCHES += bench/handshake
