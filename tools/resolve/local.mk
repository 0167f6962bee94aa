# nw-resolve: DNS (included by Makefile.am; paths from the top directory).
# It needs no capability: not in NW_FILE_CAPS.
bin_PROGRAMS += nw-resolve
nw_resolve_SOURCES = tools/resolve/main.c \
	tools/resolve/resolve.h tools/resolve/resolve.c \
	tools/resolve/resolve_config.h \
	tools/resolve/resolve_query.h tools/resolve/resolve_query.c \
	tools/resolve/resolve_result.h tools/resolve/resolve_result.c \
	tools/resolve/resolve_transport.h tools/resolve/resolve_transport.c \
	tools/resolve/resolve_output.h tools/resolve/resolve_output.c \
	tools/resolve/resolve_bulk.h tools/resolve/resolve_bulk.c \
	tools/resolve/resolve_trace.h tools/resolve/resolve_trace.c
nw_resolve_LDADD = $(NW_LIBS)
dist_man1_MANS += man/nw-resolve.1
dist_bashcomp_DATA += completions/bash/nw-resolve
dist_zshcomp_DATA += completions/zsh/_nw-resolve
dist_fishcomp_DATA += completions/fish/nw-resolve.fish
NW_SCRIPT_TESTS += \
	tests/live/resolve_types.sh \
	tests/live/resolve_tc.sh \
	tests/live/resolve_status.sh \
	tests/live/resolve_hostile.sh \
	tests/live/resolve_bulk.sh \
	tests/live/resolve_trace.sh \
	tests/live/resolve_limits.sh \
	tests/live/resolve_failover.sh \
	tests/live/resolve_lab.sh
EXTRA_DIST += tests/lib/dns_common.sh tests/lib/dns_zone.sh tests/lib/dns_lab.sh \
	tests/lib/dns_hostile.py \
	tests/lib/dns_hier.sh
NW_BENCHES += bench/resolve
