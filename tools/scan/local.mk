# nw-scan: which TCP ports answer (included by Makefile.am; paths from the top directory).
bin_PROGRAMS += nw-scan
NW_FILE_CAPS += nw-scan:cap_net_raw
nw_scan_SOURCES = tools/scan/main.c tools/scan/scan.h tools/scan/scan.c \
	tools/scan/scan_config.h tools/scan/scan_out.h \
	tools/scan/scan_targets.h tools/scan/scan_targets.c \
	tools/scan/scan_resume.h tools/scan/scan_resume.c \
	tools/scan/scan_store.h tools/scan/scan_store.c \
	tools/scan/scan_services.h tools/scan/scan_services.c \
	tools/scan/scan_explain.h tools/scan/scan_explain.c \
	tools/scan/scan_text.h tools/scan/scan_text.c \
	tools/scan/scan_json.h tools/scan/scan_json.c
nw_scan_LDADD = $(NW_LIBS)
dist_man1_MANS += man/nw-scan.1
dist_bashcomp_DATA += completions/bash/nw-scan
dist_zshcomp_DATA += completions/zsh/_nw-scan
dist_fishcomp_DATA += completions/fish/nw-scan.fish
NW_SCRIPT_TESTS += tests/live/scan_banners.sh
EXTRA_DIST += tests/lib/scan_greeter.py
NW_SCRIPT_TESTS += tests/live/scan_explain.sh
EXTRA_DIST += tests/lib/scan_explain_check.py
NW_SCRIPT_TESTS += \
	tests/live/scan_errors.sh \
	tests/live/scan_truth.sh \
	tests/live/scan_sweep.sh \
	tests/live/scan_loss.sh \
	tests/live/scan_shard.sh \
	tests/live/scan_ulimit.sh
EXTRA_DIST += tests/lib/scan.sh tests/lib/scan_peers.sh \
	tests/lib/scan_truth.py tests/lib/scan_listen.py
NW_BENCHES += bench/scan
