"""icmp_ext.py: the pieces of crafted ICMP and ICMPv6 errors that the
traceroute reply tests share: the Internet checksum, RFC 4884 extension
structures, RFC 4950 MPLS label stacks and RFC 5837 interface objects."""
import socket
import struct


def csum(b):
    """The Internet checksum (RFC 1071) of b."""
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def obj(cls, ctype, payload):
    """An extension object (RFC 4884 section 7)."""
    return struct.pack("!HBB", 4 + len(payload), cls, ctype) + payload


def extension(objs):
    """A version 2 extension structure holding objs, its checksum set."""
    e = struct.pack("!BBH", 0x20, 0, 0) + objs
    return e[:2] + struct.pack("!H", csum(e)) + e[4:]


def mpls(*entries):
    """An MPLS label stack object (RFC 4950) of (label, tc, s, ttl) entries."""
    return obj(1, 1, b"".join(struct.pack("!I", l << 12 | tc << 9 | s << 8 | t)
                              for l, tc, s, t in entries))


def ifinfo(ifindex, addr, name, mtu):
    """An RFC 5837 incoming-interface object with its ifIndex, address (IPv4
    or IPv6 text), name and MTU; the name's length byte counts its padding."""
    name = name.encode()
    pad = -(len(name) + 1) % 4
    sub = bytes([len(name) + 1 + pad]) + name + b"\0" * pad
    if ":" in addr:
        a = struct.pack("!HH16s", 2, 0, socket.inet_pton(socket.AF_INET6, addr))
    else:
        a = struct.pack("!HH4s", 1, 0, socket.inet_aton(addr))
    return obj(2, 0x0F, struct.pack("!I", ifindex) + a + sub + struct.pack("!I", mtu))


def serve(iface, ethertype, handle, seconds=50):
    """Say "ready", then hand every frame of ethertype seen on iface to
    handle (the packet from its IP header on) for at most seconds."""
    import select
    import time
    rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ethertype))
    rx.bind((iface, 0))
    print("ready", flush=True)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        r, _, _ = select.select([rx], [], [], 0.5)
        if r:
            f = rx.recv(2048)
            if len(f) > 14:
                handle(f[14:])
