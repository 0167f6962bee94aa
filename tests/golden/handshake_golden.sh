#!/bin/sh
# nw-handshake against the captures of tests/pcaps/tcpdump: every case of
# tests/golden/handshake/TESTLIST must print its expected output byte for
# byte (stdout and stderr, which carries the clean one-line errors of the
# malformed captures), and every --json output must agree with tshark
# (after.sh).  Regenerate with: tests/golden/run.sh --regen tests/golden/handshake
srcdir=${NW_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
exec sh "$srcdir/tests/golden/run.sh" "$srcdir/tests/golden/handshake"
