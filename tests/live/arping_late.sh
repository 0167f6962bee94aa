#!/bin/bash
# arping_late.sh: replies that come twice, after -W, or too late to be ours.
# A responder (raw socket, below) answers every request for 198.18.0.1 after
# a set delay, once or twice; nw-arping must mark the second copy
# "duplicate", a reply after -W (within its 100 ms grace) "late" and still
# count it, and a reply later than that a foreign one.  See docs/arping.md.
#
# One veth:
#   me    veth0 198.18.0.2   02:00:00:00:00:02  (runs nw-arping)
#   peer  veth0 (no address) 02:00:00:00:00:01  (the responder answers for 198.18.0.1)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${NW_SRCDIR:-.}/tests/lib/netns.sh"
nw_require_root nw-arping python3 timeout
nw_setup

. "${NW_SRCDIR:-.}/tests/lib/arping.sh" # TYPES, SUMMARY

nw_host me
nw_host peer
nw_link me veth0 peer veth0 02:00:00:00:00:02 02:00:00:00:00:01
nw_addr me veth0 198.18.0.2/24

# responder.py IFACE DELAY_S COPIES GAP_S: for each ARP request for
# 198.18.0.1, COPIES replies, the first DELAY_S after the request, the next
# GAP_S apart; ends by itself after 30 s.
cat >"$NW_TMP/responder.py" <<'EOF'
import heapq, select, socket, struct, sys, time
ifname, delay, copies, gap = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
IP = socket.inet_aton("198.18.0.1")
MAC = bytes.fromhex("020000000001")
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
s.bind((ifname, 0))
print("ready", flush=True)
pending = []
end = time.monotonic() + 30
while time.monotonic() < end:
    now = time.monotonic()
    wait = min([t for t, _ in pending] + [now + 0.5]) - now
    r, _, _ = select.select([s], [], [], max(wait, 0))
    if r:
        f = s.recv(128)
        if len(f) >= 42 and f[12:14] == b"\x08\x06" and f[20:22] == b"\x00\x01" and f[38:42] == IP:
            sha, spa = f[22:28], f[28:32]
            reply = sha + MAC + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + MAC + IP + sha + spa
            t0 = time.monotonic() + delay
            for k in range(copies):
                heapq.heappush(pending, (t0 + k * gap, reply))
    now = time.monotonic()
    while pending and pending[0][0] <= now:
        s.send(heapq.heappop(pending)[1])
EOF

# responder DELAY COPIES GAP: start it in peer (stopped by the next call or at exit).
resp_pid=""
responder() {
	[ -z "$resp_pid" ] || nw_wait_pid "$resp_pid" 0 >/dev/null 2>&1
	rm -f "$NW_TMP/resp.out"
	nw_bg peer timeout -k 2 40 python3 "$NW_TMP/responder.py" veth0 "$@" >"$NW_TMP/resp.out" 2>&1
	resp_pid=$NW_BG_PID
	nw_wait_until 5 grep -q ready "$NW_TMP/resp.out" || nw_fail "responder did not start: $(cat "$NW_TMP/resp.out")"
}

NUM='[0-9]+(\.[0-9]+)?'
R='^reply from 198\.18\.0\.1 02:00:00:00:00:01'

# 1. Two copies of every reply, 30 ms apart: the second is a duplicate,
# counted once.
responder 0 2 0.03
nw_run 10 me nw-arping -c 2 -i 0.3 -W 0.2 198.18.0.1
nw_assert_status "duplicates: answered" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "first reply" "$R seq=1 rtt=$NUM ms$" "$NW_OUT"
nw_assert_match "its copy: duplicate" "$R seq=1 rtt=$NUM ms duplicate$" "$NW_OUT"
nw_assert_match "second reply, unicast" "$R seq=2 rtt=$NUM ms unicast$" "$NW_OUT"
# The run ends at the last probe's answer, before that answer's copy.
nw_assert_eq "three reply lines" 3 "$(printf '%s\n' "$NW_OUT" | grep -c '^reply from')"
nw_assert_match "duplicates counted once" "^2 sent, 2 received, 0% loss" "$NW_OUT"

nw_run 10 me nw-arping --json -c 2 -i 0.3 -W 0.2 198.18.0.1
nw_assert_status "duplicates --json" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "duplicates --json" "$NW_OUT" "$TYPES" reply:seq,ip,mac,rtt_ms,clock,unicast "summary:$SUMMARY"
nw_assert_eq "json notes" "duplicate" "$(nw_json_get "$NW_OUT" reply note | tr '\n' ' ' | sed 's/ $//')"
nw_assert_eq "json seqs" "1 1 2" "$(nw_json_get "$NW_OUT" reply seq | tr '\n' ' ' | sed 's/ $//')"
nw_assert_eq "json received" 2 "$(nw_json_get "$NW_OUT" summary received)"

# 2. Replies 50 ms after -W (inside the 100 ms grace), twice: a timeout
# line, then the reply marked late and counted, then its copy a duplicate.
# (-i 0.5 so that seq=1's late reply comes before the run ends.)
responder 0.25 2 0.02
nw_run 10 me nw-arping -c 2 -i 0.5 -W 0.2 198.18.0.1
nw_assert_status "late: answered" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "timeout line" '^no reply to seq=1 within 0\.200 s$' "$NW_OUT"
nw_assert_match "late reply" "$R seq=1 rtt=$NUM ms late$" "$NW_OUT"
nw_assert_match "its copy after late: duplicate" "$R seq=1 rtt=$NUM ms duplicate$" "$NW_OUT"
# The run ends when the last probe's wait is over: seq=2's reply comes after.
nw_assert_nomatch "nothing after the last wait" "$R seq=2" "$NW_OUT"
nw_assert_eq "two timeout lines" 2 "$(printf '%s\n' "$NW_OUT" | grep -c '^no reply to seq=')"
nw_assert_match "the late reply counted" "^2 sent, 1 received, 50% loss" "$NW_OUT"
order=$(printf '%s\n' "$NW_OUT" | grep -E '^(no reply|reply from)' | head -n 3 | sed 's/ rtt=[0-9.]* ms//')
nw_assert_eq "order: timeout, late, duplicate" "no reply to seq=1 within 0.200 s
reply from 198.18.0.1 02:00:00:00:00:01 seq=1 late
reply from 198.18.0.1 02:00:00:00:00:01 seq=1 duplicate" "$order"

nw_run 10 me nw-arping --json -c 2 -i 0.5 -W 0.2 198.18.0.1
nw_assert_status "late --json: answered" 0 "$NW_RC" "$NW_OUT$NW_ERR"
nw_json_check "late --json" "$NW_OUT" "$TYPES" timeout:seq reply:seq,rtt_ms "summary:$SUMMARY"
nw_assert_eq "json notes" "late duplicate" "$(nw_json_get "$NW_OUT" reply note | tr '\n' ' ' | sed 's/ $//')"
nw_assert_eq "json timeouts" "1 2" "$(nw_json_get "$NW_OUT" timeout seq | tr '\n' ' ' | sed 's/ $//')"
nw_assert_eq "json received" 1 "$(nw_json_get "$NW_OUT" summary received)"

# 3. Replies 250 ms after -W, past the grace: not pinned on our probe, a
# foreign reply; nothing received.
responder 0.45 1 0
nw_run 10 me nw-arping -c 2 -i 0.5 -W 0.2 198.18.0.1
nw_assert_status "too late: no answer" 1 "$NW_RC" "$NW_OUT$NW_ERR"
nw_assert_match "too late: a foreign reply" '^foreign reply: 198\.18\.0\.1 02:00:00:00:00:01 answered 198\.18\.0\.2 \(not our request\)$' "$NW_OUT"
nw_assert_nomatch "too late: not ours" '^reply from' "$NW_OUT"
nw_assert_eq "too late: both timed out" 2 "$(printf '%s\n' "$NW_OUT" | grep -c '^no reply to seq=')"
nw_assert_match "too late: 0 received" "^2 sent, 0 received, 100% loss" "$NW_OUT"

nw_log "arping_late: all checks passed"
exit 0
