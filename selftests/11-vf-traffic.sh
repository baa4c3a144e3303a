#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Traffic through the NIC's legacy eswitch, with three VFs as tenants in
# netns vf0..vf2: ping VF <-> VF and VF <-> peer0 (the uplink) and VF <-> PF,
# TCP streams VF -> VF and VF -> peer0 checked by length and SHA-256, and
# isolation: with IPv6 off and permanent neighbours (no other frame
# crosses), N datagrams to VF 2 (from peer0 and from VF 0) and to peer0
# (from VF 2) reach their destination exactly and never VF 1, even with
# VF 1 promiscuous (it is untrusted). The NIC's per-VF counters in
# "ip -s link show PF" move by exactly what was sent, the uplink's port
# counters (ethtool -S PF) only for what crossed the wire, and the PF
# netdev's counters not at all (none of it was the PF's).
. "$(dirname "$0")/lib.sh"
xnic_test_init

XFER=$SELFTESTS/netxfer.py
NVF=3
N=${XNIC_COUNT_PACKETS:-100}
PAYLOAD=100
FRAME=$((14 + 20 + 8 + PAYLOAD))
TCP_BYTES=${XNIC_TCP_BYTES:-4194304}

ready=$(mktemp -u /tmp/xnic-ready.XXXXXX)
out=$(mktemp /tmp/xnic-recv.XXXXXX)
defer "rm -f '$ready' '$out'"

dmesg_mark
begin "$NVF VFs as tenants in netns vf0..vf$((NVF - 1)) with carrier"
xnic_vfs_up $NVF || { end; exit 1; }
for ((i = 0; i < NVF; i++)); do
	diag "VF $i: ${VF_DEV[i]} in netns vf$i, $(vf_ip $i), $(vf_mac $i)"
done
end

# ping_ok WHAT NETNS DST
ping_ok() {
	check_cmd "$1" ip netns exec "$2" ping -c 3 -i 0.2 -W 3 "$3"
}

begin "ping VF 0 <-> VF 1"
ping_ok "ping vf0 -> vf1" vf0 "$(vf_ip 1)"
ping_ok "ping vf1 -> vf0" vf1 "$(vf_ip 0)"
end

begin "ping VF <-> peer0 (uplink) and VF <-> PF"
ping_ok "ping vf0 -> peer0" vf0 "$PEER_IP"
ping_ok "ping peer0 -> vf2" "$PEER_NS" "$(vf_ip 2)"
ping_ok "ping vf1 -> PF" vf1 "$PF_IP"
check_cmd "ping PF -> vf2" ping -c 3 -i 0.2 -W 3 "$(vf_ip 2)"
end

# tcp_stream WHAT SRC-NETNS DST-NETNS DST-IP PORT
tcp_stream() {
	local pid sent got
	rm -f "$ready"
	spawn ip netns exec "$3" "$XFER" tcp-recv "$4" "$5" "$ready" >"$out"
	pid=${BG_PIDS[-1]}
	if wait_for 20 test -e "$ready"; then
		sent=$(ip netns exec "$2" "$XFER" tcp-send "$4" "$5" "$TCP_BYTES" 2>&1)
		wait "$pid"
		got=$(cat "$out")
		check_eq "$1: bytes and sha256 received" "$sent" "$got"
		check_match "$1: bytes sent" "^$TCP_BYTES " "$sent"
	else
		fail "$1: the receiver in netns $3 did not start"
	fi
}

begin "TCP stream VF 0 -> VF 1 arrives intact"
tcp_stream "vf0 -> vf1" vf0 vf1 "$(vf_ip 1)" 5501
end

begin "TCP stream VF 1 -> peer0 arrives intact"
tcp_stream "vf1 -> peer0" vf1 "$PEER_NS" "$PEER_IP" 5502
end

begin "TCP stream peer0 -> VF 2 arrives intact"
tcp_stream "peer0 -> vf2" "$PEER_NS" vf2 "$(vf_ip 2)" 5503
end

# --- isolation, exact counters ------------------------------------------------
begin "setup for exact counting: permanent neighbours, VF 1 promiscuous"
vf_neigh_mesh $NVF
check_cmd "promisc on VF 1" vfx 1 ip link set dev "${VF_DEV[1]}" promisc on
check_eq "VF 1 trust" false "$(vf_info "$PF" 1 .trust)"
sleep 1
end

# snapshot: netdev rx/tx packets of every VF, peer0 and the PF, then the
# NIC's VF counters
snapshot() {
	local i s
	for ((i = 0; i < NVF; i++)); do
		s=/sys/class/net/${VF_DEV[i]}/statistics
		printf '%s ' "$(vfx "$i" cat "$s/rx_packets" "$s/rx_bytes" "$s/tx_packets" "$s/tx_bytes" | tr '\n' ' ')"
	done
	s=/sys/class/net/$PEER_DEV/statistics
	printf '%s ' "$(peer cat "$s/rx_packets" "$s/tx_packets" | tr '\n' ' ')"
	printf '%s %s ' "$(netdev_stat "$PF" rx_packets)" "$(netdev_stat "$PF" tx_packets)"
	printf '%s %s ' "$(ethtool_stat "$PF" port_rx_packets)" "$(ethtool_stat "$PF" port_tx_packets)"
	# the NIC's VF counters, one dump
	ip -j -s link show dev "$PF" | jq -r --argjson n $NVF '[.[0].vfinfo_list[]? |
		select(.vf < $n) | .stats // {} |
		(.rx.packets, .rx.bytes, (.tx.tx_packets // .tx.packets),
		 (.tx.tx_bytes // .tx.bytes)) // "missing"] | map(tostring) | join(" ")'
}
NAMES=()
for ((i = 0; i < NVF; i++)); do
	NAMES+=("vf$i netdev rx_packets" "vf$i netdev rx_bytes" "vf$i netdev tx_packets" "vf$i netdev tx_bytes")
done
NAMES+=("peer0 rx_packets" "peer0 tx_packets"
	"PF netdev rx_packets (the PF's own, not the uplink's)"
	"PF netdev tx_packets (the PF's own, not the uplink's)"
	"uplink port_rx_packets (ethtool -S PF)" "uplink port_tx_packets (ethtool -S PF)")
for ((i = 0; i < NVF; i++)); do
	NAMES+=("NIC VF $i rx_packets (ip -s link)" "NIC VF $i rx_bytes (ip -s link)"
		"NIC VF $i tx_packets (ip -s link)" "NIC VF $i tx_bytes (ip -s link)")
done

# want SRC DST: the expected deltas (same order as NAMES) when N datagrams
# go from SRC to DST; SRC and DST are a VF index or "peer"
want() {
	local w=() i
	for ((i = 0; i < NVF; i++)); do
		if [ "$2" = "$i" ]; then w+=("$N" "$((N * FRAME))"); else w+=(0 0); fi
		if [ "$1" = "$i" ]; then w+=("$N" "$((N * FRAME))"); else w+=(0 0); fi
	done
	[ "$2" = peer ] && w+=("$N") || w+=(0)
	[ "$1" = peer ] && w+=("$N") || w+=(0)
	w+=(0 0)
	[ "$1" = peer ] && w+=("$N") || w+=(0)
	[ "$2" = peer ] && w+=("$N") || w+=(0)
	for ((i = 0; i < NVF; i++)); do
		if [ "$2" = "$i" ]; then w+=("$N" "$((N * FRAME))"); else w+=(0 0); fi
		if [ "$1" = "$i" ]; then w+=("$N" "$((N * FRAME))"); else w+=(0 0); fi
	done
	echo "${w[*]}"
}

# exact SRC DST PORT: N datagrams SRC -> DST, every counter checked
exact() {
	local src=$1 dst=$2 port=$3 sns dns sip dip b a w i pid
	if [ "$src" = peer ]; then sns=$PEER_NS sip=$PEER_IP; else sns=vf$src sip=$(vf_ip "$src"); fi
	if [ "$dst" = peer ]; then dns=$PEER_NS dip=$PEER_IP; else dns=vf$dst dip=$(vf_ip "$dst"); fi
	# the snapshot first: it takes seconds on a loaded machine, and the
	# receiver gives up after 20 s without a datagram
	read -ra b <<<"$(snapshot)"
	rm -f "$ready"
	spawn ip netns exec "$dns" "$XFER" udp-recv "$dip" "$port" "$N" 20 "$ready" >"$out"
	pid=${BG_PIDS[-1]}
	if ! wait_for 20 test -e "$ready"; then
		fail "the receiver in netns $dns did not start"
		return 1
	fi
	ip netns exec "$sns" "$XFER" udp-send "$sip" "$dip" "$port" "$N" "$PAYLOAD"
	wait "$pid"
	sleep 1
	read -ra a <<<"$(snapshot)"
	check_eq "datagrams and bytes received in netns $dns" "$N $((N * PAYLOAD))" "$(cat "$out")"
	read -ra w <<<"$(want "$src" "$dst")"
	for i in "${!NAMES[@]}"; do
		if [[ "${a[i]}" =~ ^[0-9]+$ ]] && [[ "${b[i]}" =~ ^[0-9]+$ ]]; then
			check_eq "${NAMES[i]} delta" "${w[i]}" "$((a[i] - b[i]))"
		else
			fail "${NAMES[i]}: unreadable (before '${b[i]}', after '${a[i]}')"
		fi
	done
}

begin "$N datagrams peer0 -> VF 2: only VF 2 receives, not promiscuous VF 1"
exact peer 2 5601
end

begin "$N datagrams VF 0 -> VF 2: only VF 2 receives, nothing leaves the uplink"
exact 0 2 5602
end

begin "$N datagrams VF 2 -> peer0: peer0 receives, no VF does"
exact 2 peer 5603
end

begin "$N datagrams VF 1 -> VF 0: exact NIC VF counters both sides"
exact 1 0 5604
end

begin "no kernel warnings"
check_dmesg_clean "VF traffic"
end
