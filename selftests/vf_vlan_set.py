#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Set a VF's port VLAN with a raw rtnetlink request, bypassing iproute2.

  vf_vlan_set.py DEV VF VLAN QOS PROTO

sends RTM_SETLINK for DEV with IFLA_VFINFO_LIST / IFLA_VF_INFO /
IFLA_VF_VLAN_LIST holding one struct ifla_vf_vlan_info {VF, VLAN, QOS,
PROTO}. PROTO is a number (0x8100, 0x88a8, ...). iproute2 refuses VLAN ids
above 4095 and protocols other than 802.1Q/802.1ad itself, so the driver's
own checks can only be reached this way. Prints "RTNETLINK answers: ERROR"
and exits 1 if the kernel refuses, as ip does.
"""

import os
import socket
import struct
import sys

RTM_SETLINK = 19
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLMSG_ERROR = 2
NLA_F_NESTED = 0x8000
IFLA_VFINFO_LIST = 22
IFLA_VF_INFO = 1
IFLA_VF_VLAN_LIST = 12
IFLA_VF_VLAN_INFO = 1


def nla(atype, payload):
    length = 4 + len(payload)
    pad = (4 - length % 4) % 4
    return struct.pack("=HH", length, atype) + payload + b"\0" * pad


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    dev, vf, vlan, qos, proto = sys.argv[1:]
    index = socket.if_nametoindex(dev)
    info = struct.pack("=III", int(vf), int(vlan), int(qos))
    info += struct.pack(">H", int(proto, 0)) + b"\0\0"
    attrs = nla(IFLA_VFINFO_LIST | NLA_F_NESTED,
                nla(IFLA_VF_INFO | NLA_F_NESTED,
                    nla(IFLA_VF_VLAN_LIST | NLA_F_NESTED,
                        nla(IFLA_VF_VLAN_INFO, info))))
    ifinfo = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, index, 0, 0)
    body = ifinfo + attrs
    msg = struct.pack("=IHHII", 16 + len(body), RTM_SETLINK,
                      NLM_F_REQUEST | NLM_F_ACK, 1, 0) + body

    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                         socket.NETLINK_ROUTE)
    sock.bind((0, 0))
    sock.send(msg)
    reply = sock.recv(65536)
    _, mtype, _, _, _ = struct.unpack("=IHHII", reply[:16])
    if mtype != NLMSG_ERROR:
        sys.exit("unexpected netlink reply type %d" % mtype)
    (err,) = struct.unpack("=i", reply[16:20])
    if err:
        print("RTNETLINK answers: " + os.strerror(-err), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
