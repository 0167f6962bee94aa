#!/bin/bash
# resolve_hostile.sh: nw-resolve against a hostile responder
# (tests/lib/dns_hostile.py): answers with a wrong ID, from a wrong source
# port or address, or for another question are counted and ignored (the
# query then times out, or the genuine answer that follows is taken);
# compression loops, pointers past the end, over-long labels and names,
# counts beyond the message and truncated or short RDATA are malformed
# answers (exit 7) with the reason; nothing crashes (the suite also runs
# under AddressSanitizer).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-resolve nsd nsd-checkzone dig python3 timeout
nw_setup
. "${NW_SRCDIR:-.}/tests/lib/dns_lab.sh"
dns_lab_up

ask() { # CASE: one try of 0.5 s at the responder, JSON out
	nw_run 10 me nw-resolve --json -W 0.5 --tries 1 @"$EVIL" "$1.hostile.test"
	if [ "$NW_RC" -gt 7 ]; then
		nw_fail "$1: exit $NW_RC (crash?): $NW_ERR"
	fi
}

# The genuine answer after a spoofed one is taken; the spoof is counted.
ask spoofthen
nw_assert_status "spoof then answer" 0 "$NW_RC" "$NW_ERR"
nw_assert_match "spoof counted" '"wrong_id":1' "$NW_OUT"
nw_assert_match "genuine answer" '"data":"198\.18\.0\.10"' "$NW_OUT"

# Spoofs only: ignored, counted, and the query times out.
for c in wrongid:wrong_id wrongport:wrong_source wrongsrc:wrong_source question:wrong_question; do
	ask "${c%%:*}"
	nw_assert_status "${c%%:*}: ignored, timeout" 1 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "${c%%:*}: counted" "\"${c#*:}\":1" "$NW_OUT"
	nw_assert_match "${c%%:*}: nothing accepted (answer empty)" '"answer":\[\]' "$NW_OUT"
	nw_assert_nomatch "${c%%:*}: no record" '"data":' "$NW_OUT"
done

# Malformed answers: exit 7 with the reason.
for c in "loop:compression pointer loop" \
	"ptrend:compression pointer past the end" \
	"longlabel:label longer than 63 octets" \
	"longname:name longer than 255 octets" \
	"counts:record counts larger than the message" \
	"rdata:RDATA runs past the end of the message" \
	"shortrdata:A RDATA is not 4 octets"; do
	ask "${c%%:*}"
	nw_assert_status "${c%%:*}: malformed" 7 "$NW_RC" "$NW_OUT$NW_ERR"
	nw_assert_match "${c%%:*}: reason" "\"error\":\"${c#*:}" "$NW_OUT"
done

# The default output says the same in words, and the tool keeps working.
nw_run 10 me nw-resolve -W 0.5 --tries 1 @"$EVIL" loop.hostile.test
nw_assert_match "text: malformed" 'malformed answer: compression pointer loop' "$NW_OUT"
nw_run 10 me nw-resolve --wire -W 0.5 --tries 1 @"$EVIL" longlabel.hostile.test
nw_assert_match "wire: the malformed answer, up to its defect" \
	'^0028  40 61 61 .* malformed: label longer than 63 octets' "$NW_OUT"
nw_run 10 me nw-resolve -W 0.5 --tries 1 @"$EVIL" wrongid.hostile.test
nw_assert_match "text: ignored" 'ignored 1 response: wrong source 0, wrong id 1' "$NW_OUT"
ask good
nw_assert_status "still fine" 0 "$NW_RC" "$NW_ERR"
exit 0
