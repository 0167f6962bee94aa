# nw-scan: which TCP ports answer (included by Makefile.am; paths from the
# top directory).
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
