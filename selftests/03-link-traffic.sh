#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Link and traffic through physical port 0: the PF netdev gets carrier,
# pings go both ways, and a TCP stream arrives intact (same byte count and
# SHA-256 at both ends) and at a measurable rate (iperf3).
. "$(dirname "$0")/lib.sh"
xnic_test_init

XFER=$SELFTESTS/netxfer.py
TCP_BYTES=${XNIC_TCP_BYTES:-4194304}

dmesg_mark
begin "PF netdev comes up with carrier"
xnic_load_pf || { end; exit 1; }
addr_setup "$PF"
wait_carrier "$PF"
check_eq "peer0 operstate" up "$(peer cat /sys/class/net/$PEER_DEV/operstate)"
end

begin "ping PF -> peer0"
check_cmd "ping $PEER_IP" ping -c 3 -i 0.2 -W 3 "$PEER_IP"
end

begin "ping peer0 -> PF"
check_cmd "ping $PF_IP from netns $PEER_NS" peer ping -c 3 -i 0.2 -W 3 "$PF_IP"
end

begin "TCP stream PF -> peer0 arrives intact"
ready=$(mktemp -u /tmp/xnic-ready.XXXXXX)
out=$(mktemp /tmp/xnic-recv.XXXXXX)
defer "rm -f '$ready' '$out'"
spawn peer "$XFER" tcp-recv "$PEER_IP" 5201 "$ready" >"$out"
recv_pid=${BG_PIDS[-1]}
if wait_for 20 test -e "$ready"; then
	sent=$("$XFER" tcp-send "$PEER_IP" 5201 "$TCP_BYTES" 2>&1)
	wait "$recv_pid"
	got=$(cat "$out")
	check_eq "bytes and sha256 received" "$sent" "$got"
	check_match "bytes sent" "^$TCP_BYTES " "$sent"
else
	fail "the receiver in netns $PEER_NS did not start"
fi
end

begin "TCP stream peer0 -> PF arrives intact"
rm -f "$ready"
spawn "$XFER" tcp-recv "$PF_IP" 5202 "$ready" >"$out"
recv_pid=${BG_PIDS[-1]}
if wait_for 20 test -e "$ready"; then
	sent=$(peer "$XFER" tcp-send "$PF_IP" 5202 "$TCP_BYTES" 2>&1)
	wait "$recv_pid"
	got=$(cat "$out")
	check_eq "bytes and sha256 received" "$sent" "$got"
	check_match "bytes sent" "^$TCP_BYTES " "$sent"
else
	fail "the receiver did not start"
fi
end

begin "iperf3 PF -> peer0 for 3 s"
spawn peer iperf3 -s -1 -B "$PEER_IP" -p 5203 >/dev/null 2>&1
if wait_for 20 peer sh -c "ss -ltn | grep -q ':5203 '"; then
	json=$(iperf3 -c "$PEER_IP" -p 5203 -t 3 -J 2>&1)
	rbytes=$(/usr/bin/python3 -c 'import json,sys
d = json.load(sys.stdin)
print(int(d["end"]["sum_received"]["bytes"]))' <<<"$json" 2>/dev/null)
	check_ge "bytes received by iperf3" 1 "${rbytes:-none}" ||
		diag "iperf3 said: $(head -c 600 <<<"$json")"
	[ -n "$rbytes" ] && diag "iperf3: $((rbytes * 8 / 3000000)) Mbit/s"
else
	fail "iperf3 server in netns $PEER_NS did not start"
fi
end

begin "no kernel warnings during traffic"
check_dmesg_clean "traffic"
end
