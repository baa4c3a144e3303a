#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Traffic endpoints for the xnic selftests, with exact accounting.

  netxfer.py tcp-recv ADDR PORT READYFILE      accept one connection, read to
                                               EOF, print "BYTES SHA256"
  netxfer.py tcp-send ADDR PORT BYTES          send BYTES of seeded pseudo-random
                                               data, print "BYTES SHA256"
  netxfer.py udp-recv ADDR PORT COUNT SECONDS READYFILE
                                               count datagrams until COUNT or
                                               SECONDS of silence, print
                                               "DATAGRAMS BYTES" (ADDR IPv4 or
                                               IPv6)
  netxfer.py udp-send SRC DST PORT COUNT SIZE  send COUNT datagrams of SIZE
                                               payload bytes from SRC to DST
  netxfer.py raw-send IFACE SRCMAC DSTMAC ETHERTYPE COUNT SIZE
                                               send COUNT Ethernet frames of
                                               SIZE payload bytes through a
                                               packet socket on IFACE, with
                                               any source MAC (to forge one)

READYFILE is created once the socket listens, so the caller can wait for it.
"""

import hashlib
import random
import socket
import sys


def ready(path):
    with open(path, "w") as f:
        f.write("ready\n")


def tcp_recv(addr, port, readyfile):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, int(port)))
    srv.listen(1)
    srv.settimeout(60)
    ready(readyfile)
    conn, _ = srv.accept()
    conn.settimeout(60)
    digest = hashlib.sha256()
    total = 0
    while True:
        chunk = conn.recv(1 << 16)
        if not chunk:
            break
        digest.update(chunk)
        total += len(chunk)
    conn.close()
    print(total, digest.hexdigest())


def tcp_send(addr, port, nbytes):
    nbytes = int(nbytes)
    rng = random.Random(0x584e4943)
    digest = hashlib.sha256()
    sock = socket.create_connection((addr, int(port)), timeout=60)
    sent = 0
    while sent < nbytes:
        chunk = rng.randbytes(min(1 << 16, nbytes - sent))
        sock.sendall(chunk)
        digest.update(chunk)
        sent += len(chunk)
    sock.shutdown(socket.SHUT_WR)
    # wait for the receiver to close: everything was read
    sock.recv(1)
    sock.close()
    print(sent, digest.hexdigest())


# Linux's SO_RCVBUFFORCE; Python's socket module does not name it
SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)


def udp_recv(addr, port, count, seconds, readyfile):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    # a burst can arrive while the receiver is not scheduled (one vCPU
    # under TCG): room for all of it, beyond net.core.rmem_max (root)
    sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 1 << 24)
    sock.bind((addr, int(port)))
    sock.settimeout(float(seconds))
    ready(readyfile)
    got = 0
    total = 0
    while got < int(count):
        try:
            data = sock.recv(1 << 16)
        except socket.timeout:
            break
        got += 1
        total += len(data)
    print(got, total)


def udp_send(src, dst, port, count, size):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((src, 0))
    payload = bytes(range(256)) * (int(size) // 256 + 1)
    payload = payload[: int(size)]
    for _ in range(int(count)):
        sock.sendto(payload, (dst, int(port)))


def mac_bytes(mac):
    parts = mac.split(":")
    if len(parts) != 6:
        sys.exit("bad MAC address: " + mac)
    return bytes(int(p, 16) for p in parts)


def raw_send(iface, src, dst, ethertype, count, size):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((iface, 0))
    header = mac_bytes(dst) + mac_bytes(src) + int(ethertype, 0).to_bytes(2, "big")
    payload = bytes(range(256)) * (int(size) // 256 + 1)
    frame = header + payload[: int(size)]
    for _ in range(int(count)):
        sock.send(frame)
    sock.close()


COMMANDS = {
    "tcp-recv": (tcp_recv, 3),
    "tcp-send": (tcp_send, 3),
    "udp-recv": (udp_recv, 5),
    "udp-send": (udp_send, 5),
    "raw-send": (raw_send, 6),
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    func, nargs = COMMANDS[sys.argv[1]]
    if len(sys.argv) != nargs + 2:
        sys.exit(__doc__)
    func(*sys.argv[2:])


if __name__ == "__main__":
    main()
