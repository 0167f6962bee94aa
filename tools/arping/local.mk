# nw-arping: ARP and neighbor discovery (included by Makefile.am; paths from
# the top directory).
bin_PROGRAMS += nw-arping
NW_FILE_CAPS += nw-arping:cap_net_raw
nw_arping_SOURCES = tools/arping/main.c \
	tools/arping/arping.h tools/arping/arping.c \
	tools/arping/arping_config.h tools/arping/arping_session.h \
	tools/arping/arping_loop.h tools/arping/arping_loop.c \
	tools/arping/arping_scan.h tools/arping/arping_scan.c \
	tools/arping/arping_arp.h tools/arping/arping_arp.c \
	tools/arping/arping_ndp.h tools/arping/arping_ndp.c \
	tools/arping/arping_report.h tools/arping/arping_report.c
nw_arping_LDADD = $(NW_LIBS)
dist_man1_MANS += man/nw-arping.1
dist_bashcomp_DATA += completions/bash/nw-arping
dist_zshcomp_DATA += completions/zsh/_nw-arping
dist_fishcomp_DATA += completions/fish/nw-arping.fish
NW_SCRIPT_TESTS += \
	tests/live/arping_basic.sh \
	tests/live/arping_dad.sh \
	tests/live/arping_scan.sh \
	tests/live/arping_ndp.sh \
	tests/live/arping_conflict.sh \
	tests/live/arping_errors.sh \
	tests/live/arping_diff.sh \
	tests/live/arping_late.sh \
	tests/live/arping_flood.sh
EXTRA_DIST += tests/lib/arping.sh
NW_BENCHES += bench/arping
