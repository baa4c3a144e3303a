#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""UDP traffic for the XDP tests, with exact accounting.

  xdp_udp.py echo SRC DST PORT COUNT SIZE SECONDS
        send COUNT datagrams of SIZE bytes from SRC (one socket) to DST:PORT,
        then count the datagrams that come back to that socket from
        DST:PORT (a program bounced them) until COUNT or SECONDS of
        silence; print "SENT ECHOED"
  xdp_udp.py stream SRC DST PORT SECONDS SIZE PPS
        send datagrams for SECONDS at about PPS per second (at most; a
        TCG guest may manage fewer); print how many were sent
"""

import socket
import sys
import time


def payload(size):
    return (bytes(range(256)) * (int(size) // 256 + 1))[: int(size)]


def echo(src, dst, port, count, size, seconds):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    sock.bind((src, 0))
    data = payload(size)
    for _ in range(int(count)):
        sock.sendto(data, (dst, int(port)))
    sock.settimeout(float(seconds))
    got = 0
    while got < int(count):
        try:
            msg, peer = sock.recvfrom(1 << 16)
        except socket.timeout:
            break
        if peer == (dst, int(port)) and msg == data:
            got += 1
    print(count, got)


def stream(src, dst, port, seconds, size, pps):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((src, 0))
    data = payload(size)
    start = time.monotonic()
    end = start + float(seconds)
    sent = 0
    while True:
        now = time.monotonic()
        if now >= end:
            break
        due = int((now - start) * float(pps)) + 1
        while sent < due:
            try:
                sock.sendto(data, (dst, int(port)))
            except OSError:
                pass
            sent += 1
        time.sleep(0.005)
    print(sent)


COMMANDS = {"echo": (echo, 6), "stream": (stream, 6)}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    func, nargs = COMMANDS[sys.argv[1]]
    if len(sys.argv) != nargs + 2:
        sys.exit(__doc__)
    func(*sys.argv[2:])


if __name__ == "__main__":
    main()
