#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Crafted frames for the flower offload tests: every header field a flower
key can match, set on the command line, sent through a packet socket.

  flow_frames.py send IFACE COUNT [FIELD=VALUE...] [/ FIELD=VALUE...]...
        build one Ethernet frame per group of fields (groups separated by
        "/"), send each COUNT times on IFACE, in order, and print their
        lengths in bytes, one a line

FIELDs (all optional):
  dst, src          MAC addresses (default 02:00:00:00:00:02 / :01)
  vlan=VID[.PRIO]   an outer 802.1Q tag (vlan_tpid=0x88a8 for 802.1ad)
  cvlan=VID[.PRIO]  an inner 802.1Q tag after the outer one
  l3=ip4|ip6|arp    the network header (default ip4); any other value is a
                    raw EtherType (e.g. l3=0x88b5) followed by the payload
  sip, dip          addresses (defaults 192.0.2.101 -> 192.0.2.102, or
                    2001:db8::101 -> 2001:db8::102)
  tos, ttl          IPv4 TOS / IPv6 traffic class, TTL / hop limit
  frag=first|later  an IPv4 fragment (MF set, offset 0) or a later one
                    (offset 1480); for IPv6 a fragment extension header
  proto=udp|tcp|sctp|icmp|icmp6|NUMBER   (default udp)
  sport, dport      TCP/UDP/SCTP ports (default 1000 -> 2000)
  flags=N           TCP flags (default 0x10, ACK)
  type, code        ICMP / ICMPv6 type and code (default 8/0 or 128/0)
  len=N             payload bytes after the L4 header (default 32)

IPv4 header, UDP, TCP, ICMP and ICMPv6 checksums are correct; SCTP's CRC32c
is computed as well, so a receiving stack accepts every frame.
"""

import socket
import struct
import sys

PROTOS = {"icmp": 1, "tcp": 6, "udp": 17, "icmp6": 58, "sctp": 132}


def mac(text):
    return bytes(int(b, 16) for b in text.split(":"))


def num(text):
    return int(text, 0)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return ~crc & 0xFFFFFFFF


def tag(text, tpid):
    vid, _, prio = text.partition(".")
    return struct.pack("!HH", tpid, (num(prio or "0") << 13) | num(vid))


def l4_header(f, proto, v6, payload):
    """The L4 header with a zero checksum field, and the checksum offset"""
    sport, dport = num(f.get("sport", "1000")), num(f.get("dport", "2000"))
    if proto == PROTOS["udp"]:
        return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0), 6
    if proto == PROTOS["tcp"]:
        flags = num(f.get("flags", "0x10"))
        return struct.pack("!HHIIHHHH", sport, dport, 1, 1,
                           (5 << 12) | flags, 65535, 0, 0), 16
    if proto == PROTOS["sctp"]:
        return struct.pack("!HHII", sport, dport, 1, 0), None
    if proto in (PROTOS["icmp"], PROTOS["icmp6"]):
        dtype = 128 if v6 else 8
        return struct.pack("!BBHHH", num(f.get("type", str(dtype))),
                           num(f.get("code", "0")), 0, 1, 1), 2
    return b"", None


def l4_segment(f, proto, v6, pseudo):
    payload = bytes(range(256)) * 8
    payload = payload[: num(f.get("len", "32"))]
    hdr, at = l4_header(f, proto, v6, payload)
    seg = bytearray(hdr + payload)
    if proto == PROTOS["sctp"]:
        seg[8:12] = struct.pack("<I", crc32c(bytes(seg)))
    elif at is not None:
        ps = b"" if proto == PROTOS["icmp"] else pseudo(len(seg))
        c = csum(ps + bytes(seg))
        if proto == PROTOS["udp"] and c == 0:
            c = 0xFFFF
        seg[at:at + 2] = struct.pack("!H", c)
    return bytes(seg)


def ipv4(f, proto):
    sip = socket.inet_aton(f.get("sip", "192.0.2.101"))
    dip = socket.inet_aton(f.get("dip", "192.0.2.102"))
    frag = f.get("frag", "")
    seg = l4_segment(f, proto, False, lambda n: sip + dip + struct.pack(
        "!BBH", 0, proto, n))
    off = {"": 0, "first": 0x2000, "later": 1480 // 8}[frag]
    hdr = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45,
                                num(f.get("tos", "0")), 20 + len(seg), 1,
                                off, num(f.get("ttl", "64")), proto, 0,
                                sip, dip))
    hdr[10:12] = struct.pack("!H", csum(bytes(hdr)))
    return 0x0800, bytes(hdr) + seg


def ipv6(f, proto):
    sip = socket.inet_pton(socket.AF_INET6, f.get("sip", "2001:db8::101"))
    dip = socket.inet_pton(socket.AF_INET6, f.get("dip", "2001:db8::102"))
    seg = l4_segment(f, proto, True, lambda n: sip + dip + struct.pack(
        "!IxxxB", n, proto))
    nh, ext = proto, b""
    frag = f.get("frag", "")
    if frag:
        ext = struct.pack("!BBHI", proto, 0,
                          1 if frag == "first" else (1480 | 1), 1)
        nh = 44
    tc = num(f.get("tos", "0"))
    return 0x86DD, struct.pack("!IHBB16s16s", (6 << 28) | (tc << 20),
                               len(ext) + len(seg), nh,
                               num(f.get("ttl", "64")), sip, dip) + ext + seg


def arp(f):
    return 0x0806, struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1,
                               mac(f.get("src", "02:00:00:00:00:01")),
                               socket.inet_aton(f.get("sip", "192.0.2.101")),
                               b"\0" * 6,
                               socket.inet_aton(f.get("dip", "192.0.2.102")))


def build(f):
    l3 = f.get("l3", "ip4")
    proto = f.get("proto", "udp")
    proto = PROTOS[proto] if proto in PROTOS else num(proto)
    if l3 == "ip4":
        etype, body = ipv4(f, proto)
    elif l3 == "ip6":
        etype, body = ipv6(f, proto)
    elif l3 == "arp":
        etype, body = arp(f)
    else:
        etype, body = num(l3), bytes(range(46))
    frame = mac(f.get("dst", "02:00:00:00:00:02"))
    frame += mac(f.get("src", "02:00:00:00:00:01"))
    if "vlan" in f:
        frame += tag(f["vlan"], num(f.get("vlan_tpid", "0x8100")))
    if "cvlan" in f:
        frame += tag(f["cvlan"], 0x8100)
    return frame + struct.pack("!H", etype) + body


def parse_fields(fields):
    f = {}
    for item in fields:
        k, sep, v = item.partition("=")
        if not sep:
            sys.exit("bad field '%s' (want FIELD=VALUE)\n%s" % (item, __doc__))
        f[k] = v
    return f


def send(iface, count, *args):
    groups = [[]]
    for a in args:
        if a == "/":
            groups.append([])
        else:
            groups[-1].append(a)
    frames = [build(parse_fields(g)) for g in groups]
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((iface, 0))
    for frame in frames:
        for _ in range(int(count)):
            sock.send(frame)
    for frame in frames:
        print(len(frame))


def main():
    if len(sys.argv) < 4 or sys.argv[1] != "send":
        sys.exit(__doc__)
    send(*sys.argv[2:])


if __name__ == "__main__":
    main()
