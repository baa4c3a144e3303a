#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The slow path in switchdev mode, with three VFs as tenants in netns
# vf0..vf2 and the representors up:
#
#   - without a bridge, the legacy L2 rules are gone: datagrams VF 0 -> VF 1
#     and peer0 -> VF 1 never reach VF 1; they arrive on the representor of
#     the port they came from (pf0vf0, p0), whose NIC counters (ip -s link)
#     and CPU-hit counters (ip stats ... offload subgroup cpu_hit) count them;
#   - what is sent on a representor leaves by the port it represents: raw
#     frames sent on pf0vf1, p0 and pf0 reach VF 1, peer0 and the PF netdev;
#   - with every representor in a Linux bridge: ping VF <-> VF, VF <-> peer0,
#     PF <-> VF; TCP streams checked by length and SHA-256; a short iperf3
#     run; tcpdump on pf0vf0 sees VF 0's datagrams;
#   - exact counters through the bridge (IPv6 off everywhere, permanent
#     neighbours, static FDB entries: nothing else crosses): for N datagrams
#     VF 0 -> VF 2, peer0 -> VF 1, VF 2 -> peer0 and PF -> VF 0, every
#     representor's NIC counters (a VF's or the PF's representor: rx = what
#     that function sent, tx = what it received; the uplink's: the port's
#     wire counters) and CPU-hit counters, and the netdevs at both ends, move
#     by exactly what crossed, the others not at all.
. "$(dirname "$0")/lib.sh"
xnic_test_init

XFER=$SELFTESTS/netxfer.py
NVF=3
N=${XNIC_COUNT_PACKETS:-50}
PAYLOAD=100
FRAME=$((14 + 20 + 8 + PAYLOAD))
ETYPE=0x88b5 # IEEE 802 local experimental EtherType
RAW_SIZE=100
RAW_FRAME=$((14 + RAW_SIZE))
RAW_SRC=02:00:00:00:99:01
TCP_BYTES=${XNIC_TCP_BYTES:-2097152}
REPS=(p0 pf0)
for ((i = 0; i < NVF; i++)); do REPS+=("pf0vf$i"); done

ready=$(mktemp -u /tmp/xnic-ready.XXXXXX)
out=$(mktemp /tmp/xnic-recv.XXXXXX)
defer "rm -f '$ready' '$out'"

dmesg_mark
begin "$NVF VFs as tenants, switchdev mode, representors up"
switchdev_tenants_up $NVF "${REPS[@]}" || { end; exit 1; }
sleep 1
end

# counters, read by name (see ctr_add in lib.sh)
ctr_reset
for p in "${REPS[@]}"; do
	r=$(rep_netdev "$p")
	for c in rx_packets rx_bytes tx_packets tx_bytes; do
		ctr_add "$p $c (ip -s link)" "sys $r $c"
	done
	ctr_add "$p cpu_hit rx packets" "cpu_hit $r rx"
	ctr_add "$p cpu_hit tx packets" "cpu_hit $r tx"
done
for ((i = 0; i < NVF; i++)); do
	ctr_add "vf$i netdev rx_packets" "ns vf$i ${VF_DEV[i]} rx_packets"
	ctr_add "vf$i netdev tx_packets" "ns vf$i ${VF_DEV[i]} tx_packets"
done
ctr_add "peer0 rx_packets" "ns $PEER_NS $PEER_DEV rx_packets"
ctr_add "peer0 tx_packets" "ns $PEER_NS $PEER_DEV tx_packets"
ctr_add "$PF netdev rx_packets" "sys $PF rx_packets"
ctr_add "$PF netdev tx_packets" "sys $PF tx_packets"

# where SRC DST: netns and address of an end ("peer", "pf" or a VF index)
where() {
	case "$1" in
	peer) echo "$PEER_NS $PEER_IP" ;;
	pf) echo "- $PF_IP" ;;
	*) echo "vf$1 $(vf_ip "$1")" ;;
	esac
}

# in_ns NETNS CMD...: CMD in NETNS ("-": the initial netns)
in_ns() {
	local ns=$1
	shift
	if [ "$ns" = - ]; then "$@"; else ip netns exec "$ns" "$@"; fi
}

# datagrams SRC DST PORT WANT: N datagrams SRC -> DST, DST's application
# must get WANT of them; checks the counter deltas against EXPECT
datagrams() {
	local sns sip dns dip pid b a
	read -r sns sip <<<"$(where "$1")"
	read -r dns dip <<<"$(where "$2")"
	# the snapshot first: it takes seconds on a loaded machine
	b=$(ctr_snap)
	rm -f "$ready"
	# silence limit: the receiver must outlive the sender's start
	# (seconds under TCG); with N to get, it ends at N
	spawn in_ns "$dns" "$XFER" udp-recv "$dip" "$3" "$N" "$(($4 > 0 ? 20 : 12))" "$ready" >"$out"
	pid=${BG_PIDS[-1]}
	wait_for 20 test -e "$ready" || { fail "the receiver in netns $dns did not start"; return 1; }
	in_ns "$sns" "$XFER" udp-send "$sip" "$dip" "$3" "$N" "$PAYLOAD"
	wait "$pid"
	sleep 1
	a=$(ctr_snap)
	check_eq "datagrams and bytes received in netns $dns" "$4 $(($4 * PAYLOAD))" "$(cat "$out")"
	ctr_check_deltas "$b" "$a"
}

# expect_rep PORT-NAME DIRECTION(rx|tx) FRAMES FRAME-BYTES: a representor's
# NIC and CPU-hit counters move by FRAMES in that direction
expect_rep() {
	EXPECT["$1 $2_packets (ip -s link)"]=$3
	EXPECT["$1 $2_bytes (ip -s link)"]=$(($3 * $4))
	EXPECT["$1 cpu_hit $2 packets"]=$3
}

# --- no bridge: the slow path only ------------------------------------------
begin "no bridge: $N datagrams VF 0 -> VF 1 reach pf0vf0, not VF 1"
EXPECT=()
expect_rep pf0vf0 rx "$N" "$FRAME"
EXPECT["vf0 netdev tx_packets"]=$N
datagrams 0 1 5701 0
end

begin "no bridge: $N datagrams peer0 -> VF 1 reach p0, not VF 1"
EXPECT=()
expect_rep p0 rx "$N" "$FRAME"
EXPECT["peer0 tx_packets"]=$N
datagrams peer 1 5702 0
end

begin "no bridge: $N datagrams PF -> peer0 reach pf0, not peer0"
EXPECT=()
expect_rep pf0 rx "$N" "$FRAME"
EXPECT["$PF netdev tx_packets"]=$N
datagrams pf peer 5703 0
end

# raw_on_rep PORT-NAME DST-MAC: N raw frames sent on a representor
raw_on_rep() {
	local b a r
	r=$(rep_netdev "$1")
	b=$(ctr_snap)
	check_cmd "$N raw frames on $r ($1)" "$XFER" raw-send "$r" "$RAW_SRC" "$2" "$ETYPE" "$N" "$RAW_SIZE"
	sleep 1
	a=$(ctr_snap)
	ctr_check_deltas "$b" "$a"
}

begin "$N frames sent on pf0vf1 reach VF 1"
EXPECT=()
expect_rep pf0vf1 tx "$N" "$RAW_FRAME"
EXPECT["vf1 netdev rx_packets"]=$N
raw_on_rep pf0vf1 "$(vf_mac 1)"
end

begin "$N frames sent on p0 leave by the uplink to peer0"
EXPECT=()
expect_rep p0 tx "$N" "$RAW_FRAME"
EXPECT["peer0 rx_packets"]=$N
raw_on_rep p0 "$(peer cat "/sys/class/net/$PEER_DEV/address")"
end

begin "$N frames sent on pf0 reach the PF netdev"
EXPECT=()
expect_rep pf0 tx "$N" "$RAW_FRAME"
EXPECT["$PF netdev rx_packets"]=$N
raw_on_rep pf0 "$(cat "/sys/class/net/$PF/address")"
end

# --- representors in a bridge -----------------------------------------------
begin "every representor in bridge $REP_BRIDGE"
switchdev_bridge $NVF
check_eq "bridge ports" "$(for p in "${REPS[@]}"; do rep_netdev "$p"; done | sort | tr '\n' ' ' | sed 's/ $//')" \
	"$(rep_bridge_ports)"
end

# ping_ok WHAT NETNS DST
ping_ok() { check_cmd "$1" in_ns "$2" ping -c 3 -i 0.2 -W 3 "$3"; }

begin "ping through the bridge: VF <-> VF, VF <-> peer0, PF <-> VF"
ping_ok "ping vf0 -> vf1" vf0 "$(vf_ip 1)"
ping_ok "ping vf1 -> vf0" vf1 "$(vf_ip 0)"
ping_ok "ping vf2 -> peer0" vf2 "$PEER_IP"
ping_ok "ping peer0 -> vf0" "$PEER_NS" "$(vf_ip 0)"
ping_ok "ping PF -> vf1" - "$(vf_ip 1)"
ping_ok "ping vf2 -> PF" vf2 "$PF_IP"
end

# tcp_stream WHAT SRC DST PORT: TCP through the bridge, length and sha256
tcp_stream() {
	local sns sip dns dip pid sent
	read -r sns sip <<<"$(where "$2")"
	read -r dns dip <<<"$(where "$3")"
	rm -f "$ready"
	spawn in_ns "$dns" "$XFER" tcp-recv "$dip" "$4" "$ready" >"$out"
	pid=${BG_PIDS[-1]}
	wait_for 20 test -e "$ready" || { fail "$1: the receiver in netns $dns did not start"; return 1; }
	sent=$(in_ns "$sns" "$XFER" tcp-send "$dip" "$4" "$TCP_BYTES" 2>&1)
	wait "$pid"
	check_eq "$1: bytes and sha256 received" "$sent" "$(cat "$out")"
	check_match "$1: bytes sent" "^$TCP_BYTES " "$sent"
}

begin "TCP streams through the bridge arrive intact"
tcp_stream "vf0 -> vf1" 0 1 5711
tcp_stream "vf1 -> peer0" 1 peer 5712
tcp_stream "peer0 -> vf2" peer 2 5713
end

begin "iperf3 VF 0 -> peer0 through the bridge"
rate=$(iperf_mbps "$PEER_NS" vf0 "$PEER_IP" 5714 3 2>&1)
diag "vf0 -> peer0 through the slow path: $rate Mbit/s"
check_ge "iperf3 vf0 -> peer0 Mbit/s" 1 "$rate"
end

begin "tcpdump on pf0vf0 sees VF 0's datagrams"
r0=$(rep_netdev pf0vf0)
capture_start "" "$r0" "$N" udp dst port 5721
rm -f "$ready"
spawn ip netns exec vf1 "$XFER" udp-recv "$(vf_ip 1)" 5721 "$N" 20 "$ready" >"$out"
wait_for 20 test -e "$ready" || fail "the receiver in netns vf1 did not start"
vfx 0 "$XFER" udp-send "$(vf_ip 0)" "$(vf_ip 1)" 5721 "$N" "$PAYLOAD"
seen=$(capture_end)
check_eq "datagrams VF 0 -> VF 1 captured on $r0" "$N" \
	"$(grep -cE "$(vf_mac 0) > $(vf_mac 1), .* $(vf_ip 0)\.[0-9]+ > $(vf_ip 1)\.5721: UDP" <<<"$seen")" ||
	diag "tcpdump: $(tr '\n' ' ' <"$CAP_ERR")"
wait "${BG_PIDS[-1]}" 2>/dev/null
check_eq "datagrams and bytes VF 1 received" "$N $((N * PAYLOAD))" "$(cat "$out")"
end

begin "exact: $N datagrams VF 0 -> VF 2 through the bridge"
EXPECT=()
expect_rep pf0vf0 rx "$N" "$FRAME"
expect_rep pf0vf2 tx "$N" "$FRAME"
EXPECT["vf0 netdev tx_packets"]=$N
EXPECT["vf2 netdev rx_packets"]=$N
datagrams 0 2 5731 "$N"
end

begin "exact: $N datagrams peer0 -> VF 1 through the bridge"
EXPECT=()
expect_rep p0 rx "$N" "$FRAME"
expect_rep pf0vf1 tx "$N" "$FRAME"
EXPECT["peer0 tx_packets"]=$N
EXPECT["vf1 netdev rx_packets"]=$N
datagrams peer 1 5732 "$N"
end

begin "exact: $N datagrams VF 2 -> peer0 through the bridge"
EXPECT=()
expect_rep pf0vf2 rx "$N" "$FRAME"
expect_rep p0 tx "$N" "$FRAME"
EXPECT["vf2 netdev tx_packets"]=$N
EXPECT["peer0 rx_packets"]=$N
datagrams 2 peer 5733 "$N"
end

begin "exact: $N datagrams PF -> VF 0 through the bridge"
EXPECT=()
expect_rep pf0 rx "$N" "$FRAME"
expect_rep pf0vf0 tx "$N" "$FRAME"
EXPECT["$PF netdev tx_packets"]=$N
EXPECT["vf0 netdev rx_packets"]=$N
datagrams pf 0 5734 "$N"
end

begin "no kernel warnings"
check_dmesg_clean "switchdev slow path"
end
