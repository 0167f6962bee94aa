# nw-traceroute: the path through the routers (included by Makefile.am;
# paths from the top directory).
bin_PROGRAMS += nw-traceroute
NW_FILE_CAPS += nw-traceroute:cap_net_raw
nw_traceroute_SOURCES = tools/traceroute/main.c tools/traceroute/traceroute.h \
	tools/traceroute/traceroute_config.h tools/traceroute/traceroute.c \
	tools/traceroute/traceroute_out.h \
	tools/traceroute/traceroute_print.h tools/traceroute/traceroute_print.c \
	tools/traceroute/traceroute_hostname.h tools/traceroute/traceroute_hostname.c \
	tools/traceroute/traceroute_text.h tools/traceroute/traceroute_text.c \
	tools/traceroute/traceroute_json.h tools/traceroute/traceroute_json.c \
	tools/traceroute/traceroute_names.h tools/traceroute/traceroute_names.c \
	tools/traceroute/traceroute_rounds.h tools/traceroute/traceroute_rounds.c \
	tools/traceroute/traceroute_paths.h tools/traceroute/traceroute_paths.c \
	tools/traceroute/traceroute_nat.h tools/traceroute/traceroute_nat.c
nw_traceroute_LDADD = $(NW_LIBS)
dist_man1_MANS += man/nw-traceroute.1
dist_bashcomp_DATA += completions/bash/nw-traceroute
dist_zshcomp_DATA += completions/zsh/_nw-traceroute
dist_fishcomp_DATA += completions/fish/nw-traceroute.fish
NW_SCRIPT_TESTS += tests/live/traceroute_chain.sh
EXTRA_DIST += tests/lib/chain.sh tests/lib/icmp_ext.py
NW_SCRIPT_TESTS += tests/live/traceroute_rounds.sh
NW_SCRIPT_TESTS += tests/live/traceroute_delay.sh
NW_BENCHES += bench/traceroute
NW_SCRIPT_TESTS += tests/live/traceroute_mtu.sh
NW_SCRIPT_TESTS += tests/live/traceroute_ecmp.sh
EXTRA_DIST += tests/lib/diamond.sh
NW_SCRIPT_TESTS += tests/live/traceroute_nat.sh
NW_SCRIPT_TESTS += tests/live/traceroute_replies.sh
NW_SCRIPT_TESTS += tests/live/traceroute_replies6.sh
EXTRA_DIST += tests/lib/traceroute.sh
NW_SCRIPT_TESTS += tests/live/traceroute_lab.sh
NW_SCRIPT_TESTS += tests/live/traceroute_unpriv.sh
