#!/usr/bin/env python3
"""dns_hostile.py: a small DNS responder for the nw-resolve live tests.

    dns_hostile.py ADDR PORT ALT_ADDR [LIFETIME]

Answers UDP (and TCP) queries on ADDR:PORT.  What it answers depends on the
first label of the query name, so one process serves every case:

  good       a correct answer: A 198.18.0.10
  spoofthen  first a copy with a wrong ID, then the correct answer
  wrongid    only an answer with a wrong ID
  wrongport  only an answer sent from another source port (PORT+1)
  wrongsrc   only an answer sent from ALT_ADDR:PORT
  question   only an answer whose question names another name
  loop       an answer whose owner name is a compression loop
  ptrend     an answer whose owner is a pointer past the end of the message
  longlabel  an answer whose owner has a 64-octet label (0x40 length octet)
  longname   an answer whose owner is 256 octets long, built with pointers
  counts     a header claiming 50 answers and none present
  rdata      an A record whose RDLENGTH runs past the end of the message
  shortrdata an A record with 3 octets of RDATA
  (any name, type NSEC3)  a correct NSEC3 answer (NSD does not serve NSEC3
             to queries; the name should be a hash label, as dig checks)
  servfail / refused / nxdomain / nodata   that rcode (nodata: NOERROR, empty)
  pres-CASE  one record of PRESENTATION[CASE]: RDATA edge cases (escapes,
             SVCB keys, long hex and base64, IPv4-mapped AAAA ...) to compare
             with dig's presentation; the record has the type of the case
  silent     no answer at all

Every answer is built by hand here (struct), so the bytes are exactly the
defect named; the process exits after LIFETIME seconds (default 120).
"""
import select
import socket
import struct
import sys
import time

A_ADDR = bytes([198, 18, 0, 10])
NSEC3_RDATA = (bytes([1, 1, 0, 12, 4, 0xAA, 0xBB, 0xCC, 0xDD, 20]) + bytes(range(20)) +
               bytes([0, 1, 0x40]))


def _name(*labels):
    return b"".join(bytes([len(x)]) + x for x in labels) + b"\x00"


def _svc(key, value):
    return struct.pack("!HH", key, len(value)) + value


# CASE -> (type, RDATA): records NSD cannot hold or does not serve.
PRESENTATION = {
    "txtodd": (16, b"\x0b" + b"\x00\x7f\x80\"\\;@ ()$" + b"\x00"),
    "txtmany": (16, b"".join(bytes([3]) + b"abc" for _ in range(5))),
    "namesp": (5, _name(b"a.b", b"c d", b"@$", b"(x);", b"\x7f\xff\"", b"ok")),
    "svcbfull": (64, struct.pack("!H", 16) + _name(b"svc", b"example") +
                 _svc(0, struct.pack("!HH", 1, 4)) +
                 _svc(1, b"\x02h2\x04h,\\x\x02h3") + _svc(2, b"") + _svc(3, b"\x01\xbb") +
                 _svc(4, bytes([198, 18, 0, 1, 198, 18, 0, 2])) +
                 _svc(5, bytes(range(40))) +
                 _svc(6, bytes(15) + b"\x01" + bytes([0x20, 1, 0xd, 0xb8]) + bytes(12)) +
                 _svc(7, b"/dns-query{?dns}") + _svc(65000, b"a\"b\x01")),
    "svcbalias": (65, struct.pack("!H", 0) + _name(b"alias", b"example")),
    "caaflag": (257, b"\x80\x05issue" + b"ca;x=\"y\""),
    "nsecwin": (47, _name(b"next", b"example") + bytes([0, 1, 0x40, 1, 1, 0xc0])),
    "generic": (65000, bytes(range(100, 140))),
    "dnskeylong": (48, b"\x01\x00\x03\x08" + bytes((i * 7) & 0xff for i in range(260))),
    "ds384": (43, struct.pack("!HBB", 1, 14, 4) + bytes(range(48))),
    "aaaamapped": (28, bytes(10) + b"\xff\xff" + bytes([198, 18, 0, 7])),
    "aaaacompat": (28, bytes(12) + bytes([198, 18, 0, 7])),
    "aaaafull": (28, bytes([0x20, 1, 0xd, 0xb8, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1])),
    "rrsigfar": (46, struct.pack("!HBBIIIH", 28, 15, 2, 60, 0xF0000000, 0x7FFFFFFF, 1) +
                 _name(b"example") + bytes(range(64))),
    "naptresc": (35, struct.pack("!HH", 1, 2) + b"\x01U\x07E2U+sip" +
                 b"\x1b!^.*$!sip:info@example.net!" + b"\x00"),
    "sshfp1": (44, bytes([1, 1]) + bytes(range(20))),
    "tlsalong": (52, bytes([0, 0, 1]) + bytes(range(64))),
    "hinfoesc": (13, b"\x03a b\x02\"\\"),
    "srvroot": (33, struct.pack("!HHH", 0, 0, 0) + b"\x00"),
    "mxroot": (15, struct.pack("!H", 0) + b"\x00"),
}


def parse_query(data):
    """(id, flags, qname labels, question bytes) of a query, or None."""
    if len(data) < 12:
        return None
    qid, flags, qd = struct.unpack("!HHH", data[:6])
    if qd != 1:
        return None
    pos, labels = 12, []
    while pos < len(data) and data[pos] != 0:
        n = data[pos]
        if n > 63 or pos + 1 + n > len(data):
            return None
        labels.append(data[pos + 1:pos + 1 + n].decode("ascii", "replace").lower())
        pos += 1 + n
    end = pos + 5
    if end > len(data):
        return None
    return qid, flags, labels, data[12:end]


def header(qid, rcode, an, qd=1, ns=0, ar=0, flags=0x8400):
    return struct.pack("!HHHHHH", qid, flags | rcode, qd, an, ns, ar)


def rr(owner, rtype, rdata, rdlen=None):
    if rdlen is None:
        rdlen = len(rdata)
    return owner + struct.pack("!HHIH", rtype, 1, 300, rdlen) + rdata


def answers(qid, labels, question):
    """[(bytes, how)]: how is 'same', 'port' or 'addr' (where to send from)."""
    mode = labels[0] if labels else ""
    if struct.unpack("!H", question[-4:-2])[0] == 50:
        mode = "nsec3"
    good = header(qid, 0, 1) + question + rr(b"\xc0\x0c", 1, A_ADDR)
    if mode == "good":
        return [(good, "same")]
    if mode == "spoofthen":
        return [(header(qid ^ 0x5555, 0, 1) + question + rr(b"\xc0\x0c", 1, A_ADDR), "same"),
                (good, "same")]
    if mode == "wrongid":
        return [(header(qid ^ 0x5555, 0, 1) + question + rr(b"\xc0\x0c", 1, A_ADDR), "same")]
    if mode == "wrongport":
        return [(good, "port")]
    if mode == "wrongsrc":
        return [(good, "addr")]
    if mode == "question":
        other = b"\x05other\x04test\x00" + question[-4:]
        return [(header(qid, 0, 1) + other + rr(b"\xc0\x0c", 1, A_ADDR), "same")]
    body = header(qid, 0, 1) + question
    if mode == "loop":
        # owner at offset len(body): label "x", then a pointer back to that label
        here = len(body)
        return [(body + rr(b"\x01x" + struct.pack("!H", 0xC000 | here), 1, A_ADDR), "same")]
    if mode == "ptrend":
        return [(body + rr(b"\xc3\xff", 1, A_ADDR), "same")]
    if mode == "longlabel":
        return [(body + rr(b"\x40" + b"a" * 64 + b"\x00", 1, A_ADDR), "same")]
    if mode == "longname":
        return [(_longname(qid, question), "same")]
    if mode == "counts":
        return [(header(qid, 0, 50) + question, "same")]
    if mode == "rdata":
        return [(body + rr(b"\xc0\x0c", 1, A_ADDR, rdlen=40), "same")]
    if mode == "shortrdata":
        return [(body + rr(b"\xc0\x0c", 1, A_ADDR[:3]), "same")]
    if mode == "nsec3":
        return [(body + rr(b"\xc0\x0c", 50, NSEC3_RDATA), "same")]
    if mode.startswith("pres-") and mode[5:] in PRESENTATION:
        rtype, rdata = PRESENTATION[mode[5:]]
        return [(body + rr(b"\xc0\x0c", rtype, rdata), "same")]
    codes = {"servfail": 2, "refused": 5, "nxdomain": 3}
    if mode in codes:
        return [(header(qid, codes[mode], 0) + question, "same")]
    if mode == "nodata":
        return [(header(qid, 0, 0) + question, "same")]
    return []


def _longname(qid, question):
    """An answer whose owner is four 63-octet labels, then a pointer to the
    query name: more than 255 octets once decompressed."""
    owner = b""
    for i in range(4):
        owner += b"\x3f" + bytes([ord("a") + i]) * 63
    owner += b"\xc0\x0c"
    return header(qid, 0, 1) + question + rr(owner, 1, A_ADDR)


def serve(addr, port, alt, lifetime):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    udp = socket.socket(fam, socket.SOCK_DGRAM)
    udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    udp.bind((addr, port))
    other_port = socket.socket(fam, socket.SOCK_DGRAM)
    other_port.bind((addr, port + 1))
    other_addr = socket.socket(fam, socket.SOCK_DGRAM)
    other_addr.bind((alt, port))
    tcp = socket.socket(fam, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((addr, port))
    tcp.listen(8)
    senders = {"same": udp, "port": other_port, "addr": other_addr}
    end = time.monotonic() + lifetime
    print("ready", flush=True)
    while time.monotonic() < end:
        r, _, _ = select.select([udp, tcp], [], [], 0.5)
        if udp in r:
            data, peer = udp.recvfrom(65535)
            q = parse_query(data)
            if q:
                for msg, how in answers(q[0], q[2], q[3]):
                    senders[how].sendto(msg, peer)
        if tcp in r:
            conn, _ = tcp.accept()
            conn.settimeout(2)
            try:
                raw = conn.recv(2)
                if len(raw) == 2:
                    n = struct.unpack("!H", raw)[0]
                    data = b""
                    while len(data) < n:
                        chunk = conn.recv(n - len(data))
                        if not chunk:
                            break
                        data += chunk
                    q = parse_query(data)
                    if q:
                        for msg, how in answers(q[0], q[2], q[3]):
                            if how == "same":
                                conn.sendall(struct.pack("!H", len(msg)) + msg)
            except OSError:
                pass
            conn.close()


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), sys.argv[3],
          float(sys.argv[4]) if len(sys.argv) > 4 else 120.0)
