#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Counters are exact: N UDP datagrams of a known size, sent PF -> peer0 and
# then peer0 -> PF, move the netdev counters (tx on the sender, rx on the
# receiver), the NIC's port counters and the PF's vport counters (ethtool
# -S port_*, vport_*) by exactly N packets and N frames' worth of bytes. No other packet may cross: IPv6 is off on
# both ends (no ND/MLD) and the neighbours are permanent (no ARP).
. "$(dirname "$0")/lib.sh"
xnic_test_init

XFER=$SELFTESTS/netxfer.py
N=${XNIC_COUNT_PACKETS:-100}
PAYLOAD=100
FRAME=$((14 + 20 + 8 + PAYLOAD)) # Ethernet + IPv4 + UDP headers, no FCS

dmesg_mark
begin "setup without background traffic"
xnic_load_pf || { end; exit 1; }
addr_setup "$PF"
neigh_setup "$PF"
wait_carrier "$PF"
# let anything queued by the link coming up drain
sleep 1
end

ready=$(mktemp -u /tmp/xnic-ready.XXXXXX)
out=$(mktemp /tmp/xnic-recv.XXXXXX)
defer "rm -f '$ready' '$out'"

# snapshot: all counters of both ends, one line
snapshot() {
	local s=/sys/class/net/$PEER_DEV/statistics
	echo "$(netdev_stat "$PF" tx_packets) $(netdev_stat "$PF" tx_bytes)" \
	     "$(netdev_stat "$PF" rx_packets) $(netdev_stat "$PF" rx_bytes)" \
	     "$(ethtool -S "$PF" 2>/dev/null | awk '{ v[$1] = $2 }
		function get(k) { return (k ":") in v ? v[k ":"] : "missing" }
		END { print get("port_tx_packets"), get("port_tx_bytes"),
			    get("port_rx_packets"), get("port_rx_bytes"),
			    get("vport_tx_packets"), get("vport_tx_bytes"),
			    get("vport_rx_packets"), get("vport_rx_bytes") }')" \
	     "$(peer cat $s/tx_packets $s/tx_bytes $s/rx_packets $s/rx_bytes | tr '\n' ' ')"
}

# deltas DIRECTION BEFORE AFTER: check every counter against what was sent
deltas() {
	local dir=$1 b a i
	read -ra b <<<"$2"
	read -ra a <<<"$3"
	local names=(pf_tx_packets pf_tx_bytes pf_rx_packets pf_rx_bytes
		     port_tx_packets port_tx_bytes port_rx_packets port_rx_bytes
		     vport_tx_packets vport_tx_bytes vport_rx_packets vport_rx_bytes
		     peer0_tx_packets peer0_tx_bytes peer0_rx_packets peer0_rx_bytes)
	local want
	if [ "$dir" = out ]; then
		want=("$N" "$((N * FRAME))" 0 0 "$N" "$((N * FRAME))" 0 0
		      "$N" "$((N * FRAME))" 0 0 0 0 "$N" "$((N * FRAME))")
	else
		want=(0 0 "$N" "$((N * FRAME))" 0 0 "$N" "$((N * FRAME))"
		      0 0 "$N" "$((N * FRAME))" "$N" "$((N * FRAME))" 0 0)
	fi
	for i in "${!names[@]}"; do
		if [[ "${a[i]}" =~ ^[0-9]+$ ]] && [[ "${b[i]}" =~ ^[0-9]+$ ]]; then
			check_eq "${names[i]} delta" "${want[i]}" "$((a[i] - b[i]))"
		else
			fail "${names[i]}: unreadable (before '${b[i]}', after '${a[i]}')"
		fi
	done
}

begin "$N UDP datagrams PF -> peer0: exact tx/rx counters"
before=$(snapshot)
spawn peer "$XFER" udp-recv "$PEER_IP" 5301 "$N" 20 "$ready" >"$out"
pid=${BG_PIDS[-1]}
if wait_for 20 test -e "$ready"; then
	"$XFER" udp-send "$PF_IP" "$PEER_IP" 5301 "$N" "$PAYLOAD"
	wait "$pid"
	sleep 1
	after=$(snapshot)
	check_eq "datagrams and bytes the peer application received" \
		"$N $((N * PAYLOAD))" "$(cat "$out")"
	deltas out "$before" "$after"
else
	fail "the receiver in netns $PEER_NS did not start"
fi
end

begin "$N UDP datagrams peer0 -> PF: exact tx/rx counters"
rm -f "$ready"
before=$(snapshot)
spawn "$XFER" udp-recv "$PF_IP" 5302 "$N" 20 "$ready" >"$out"
pid=${BG_PIDS[-1]}
if wait_for 20 test -e "$ready"; then
	peer "$XFER" udp-send "$PEER_IP" "$PF_IP" 5302 "$N" "$PAYLOAD"
	wait "$pid"
	sleep 1
	after=$(snapshot)
	check_eq "datagrams and bytes the PF application received" \
		"$N $((N * PAYLOAD))" "$(cat "$out")"
	deltas in "$before" "$after"
else
	fail "the receiver did not start"
fi
end

begin "no kernel warnings"
check_dmesg_clean "counters"
end
