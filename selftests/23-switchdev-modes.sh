#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Eswitch mode changes with four VFs as tenants in netns vf0..vf3:
#
#   - switchdev mode refuses "ip link set PF vf 0 vlan 10" (a port VLAN is a
#     legacy rule) and accepts vlan 0; an unknown mode name is refused and
#     changes nothing;
#   - back to legacy, legacy behaviour returns: the representors are gone,
#     VF <-> VF and VF <-> peer0 work by MAC forwarding without a bridge,
#     N datagrams VF 0 -> VF 1 move the NIC's VF counters (ip -s link show
#     PF) and the netdevs by exactly N, and port VLANs are accepted again;
#   - mode changes with traffic running (iperf3 VF 0 -> peer0 and VF 2 ->
#     VF 1, the representors bridged in each switchdev period): the streams
#     still carry data after the last change, and the kernel log stays clean;
#   - 10 round trips legacy <-> switchdev lose no memory (unreclaimable slab,
#     MemAvailable with the per-CPU page lists counted as free, after one
#     warm-up round trip);
#   - "modprobe -r xnic" in switchdev mode, representors bridged and traffic
#     running: no module, netdev, representor, devlink instance, VF or IRQ
#     left, the bridge without ports, /sys/class/net as before the load; and
#     load / switchdev / unload cycles lose no memory.
. "$(dirname "$0")/lib.sh"
xnic_test_init

XFER=$SELFTESTS/netxfer.py
NVF=4
N=${XNIC_COUNT_PACKETS:-50}
PAYLOAD=100
FRAME=$((14 + 20 + 8 + PAYLOAD))
ROUNDS=${XNIC_ESW_ROUNDS:-10}
CYCLES=${XNIC_ESW_LOAD_CYCLES:-5}
SLAB_TOLERANCE_KB=$((64 * ROUNDS))
MEMAVAIL_NOISE_KB=4096
MEMAVAIL_TOLERANCE_KB=$((1024 * ROUNDS + MEMAVAIL_NOISE_KB))

ready=$(mktemp -u /tmp/xnic-ready.XXXXXX)
out=$(mktemp /tmp/xnic-recv.XXXXXX)
defer "rm -f '$ready' '$out'"

# netdev_names: the netdevs of the initial netns but REP_BRIDGE, one line
netdev_names() {
	local d
	for d in /sys/class/net/*; do
		[ "${d##*/}" = "$REP_BRIDGE" ] || echo "${d##*/}"
	done
}
links_before=$(netdev_names)

dmesg_mark
begin "$NVF VFs as tenants with carrier"
xnic_vfs_up $NVF || { end; exit 1; }
vf_neigh_mesh $NVF
end

begin "switchdev: vf 0 vlan 10 refused, vlan 0 accepted"
switchdev_on "$PF_PCI" $NVF
out_vlan=$(ip link set dev "$PF" vf 0 vlan 10 2>&1)
check_ne "exit status of ip link set $PF vf 0 vlan 10" 0 "$?"
diag "refused with: $out_vlan"
check_no_match "ip link show $PF: vf 0 without a port VLAN" 'vlan [1-9]' "$(vf_line 0)"
check_cmd "ip link set $PF vf 0 vlan 0" ip link set dev "$PF" vf 0 vlan 0
end

begin "switchdev: unknown mode name refused, nothing changed"
before=$(xnic_reps)
check_cmd_fails "eswitch set mode bogus" esw_set "$PF_PCI" bogus
check_eq "mode" switchdev "$(esw_mode "$PF_PCI")"
check_eq "representors" "$before" "$(xnic_reps)"
end

begin "back to legacy: representors gone, VF <-> VF and VF <-> peer0 without a bridge"
check_cmd "eswitch set mode legacy" esw_set "$PF_PCI" legacy
check_eq "mode" legacy "$(esw_mode "$PF_PCI")"
wait_reps 0 30
check_cmd "ping vf0 -> vf1" vfx 0 ping -c 3 -i 0.2 -W 3 "$(vf_ip 1)"
check_cmd "ping vf3 -> peer0" vfx 3 ping -c 3 -i 0.2 -W 3 "$PEER_IP"
check_cmd "ping PF -> vf2" ping -c 3 -i 0.2 -W 3 "$(vf_ip 2)"
end

begin "legacy again: $N datagrams VF 0 -> VF 1, exact NIC VF counters"
ctr_reset
for i in 0 1 2; do
	ctr_add "NIC VF $i rx_packets (ip -s link show $PF)" "vf_nic $i rx_packets"
	ctr_add "NIC VF $i tx_packets (ip -s link show $PF)" "vf_nic $i tx_packets"
	ctr_add "NIC VF $i tx_bytes (ip -s link show $PF)" "vf_nic $i tx_bytes"
	ctr_add "vf$i netdev rx_packets" "ns vf$i ${VF_DEV[i]} rx_packets"
done
ctr_add "peer0 rx_packets" "ns $PEER_NS $PEER_DEV rx_packets"
EXPECT["NIC VF 0 tx_packets (ip -s link show $PF)"]=$N
EXPECT["NIC VF 0 tx_bytes (ip -s link show $PF)"]=$((N * FRAME))
EXPECT["NIC VF 1 rx_packets (ip -s link show $PF)"]=$N
EXPECT["vf1 netdev rx_packets"]=$N
snap0=$(ctr_snap)
rm -f "$ready"
spawn ip netns exec vf1 "$XFER" udp-recv "$(vf_ip 1)" 5801 "$N" 20 "$ready" >"$out"
if wait_for 20 test -e "$ready"; then
	vfx 0 "$XFER" udp-send "$(vf_ip 0)" "$(vf_ip 1)" 5801 "$N" "$PAYLOAD"
	wait "${BG_PIDS[-1]}"
	sleep 1
	snap1=$(ctr_snap)
	check_eq "datagrams and bytes VF 1 received" "$N $((N * PAYLOAD))" "$(cat "$out")"
	ctr_check_deltas "$snap0" "$snap1"
else
	fail "the receiver in netns vf1 did not start"
fi
end

begin "legacy again: port VLANs accepted"
check_cmd "ip link set $PF vf 0 vlan 10" ip link set dev "$PF" vf 0 vlan 10
check_match "ip link show $PF: vf 0 vlan 10" 'vlan 10' "$(vf_line 0)"
check_cmd "ip link set $PF vf 0 vlan 0" ip link set dev "$PF" vf 0 vlan 0
check_dmesg_clean "mode changes and refusals"
end

# --- traffic across mode changes ---------------------------------------------
listening() { ip netns exec "$1" sh -c "ss -ltn | grep -q ':$2 '"; }
# data_lines LOG: iperf3 interval lines with a non-zero rate
data_lines() { grep -E '[0-9.]+ [KMG]bits/sec' "$1" | grep -cvE ' 0\.00 bits/sec'; }
rate_lines() { grep -cE 'bits/sec' "$1"; }

dmesg_mark
begin "mode changes with iperf3 VF 0 -> peer0 and VF 2 -> VF 1 running"
log0=$(mktemp /tmp/xnic-iperf.XXXXXX)
log2=$(mktemp /tmp/xnic-iperf.XXXXXX)
defer "rm -f '$log0' '$log2'"
spawn ip netns exec "$PEER_NS" iperf3 -s -1 -B "$PEER_IP" -p 5811 >/dev/null 2>&1
spawn ip netns exec vf1 iperf3 -s -1 -B "$(vf_ip 1)" -p 5812 >/dev/null 2>&1
if wait_for 20 listening "$PEER_NS" 5811 && wait_for 20 listening vf1 5812; then
	spawn ip netns exec vf0 iperf3 -c "$PEER_IP" -p 5811 -t 600 -i 1 --forceflush >"$log0" 2>&1
	spawn ip netns exec vf2 iperf3 -c "$(vf_ip 1)" -p 5812 -t 600 -i 1 --forceflush >"$log2" 2>&1
	wait_for 20 grep -qE '[KM]bits/sec' "$log0" ||
		fail "iperf3 vf0 -> peer0 did not run: $(tail -n 3 "$log0")"
	wait_for 20 grep -qE '[KM]bits/sec' "$log2" ||
		fail "iperf3 vf2 -> vf1 did not run: $(tail -n 3 "$log2")"
	for round in 1 2; do
		t0=$(date +%s.%N)
		switchdev_on "$PF_PCI" $NVF || break
		switchdev_bridge $NVF || break
		t1=$(date +%s.%N)
		sleep 5
		check_cmd "round $round: eswitch set mode legacy" esw_set "$PF_PCI" legacy || break
		wait_reps 0 30 || break
		diag "$(awk -v a="$t0" -v b="$t1" -v c="$(date +%s.%N)" -v r=$round \
			'BEGIN { printf "round %d: to switchdev + bridge %.1f s, back to legacy %.1f s", r, b - a, c - b - 5 }')"
		sleep 3
	done
	# after the last change: both streams carry data again
	n0=$(wc -l <"$log0")
	n2=$(wc -l <"$log2")
	sleep 8
	check_ge "iperf3 vf0 -> peer0: intervals with data in the 8 s after the last change" 1 \
		"$(tail -n +"$((n0 + 1))" "$log0" | grep -E 'bits/sec' | grep -cvE ' 0\.00 bits/sec')"
	check_ge "iperf3 vf2 -> vf1: intervals with data in the 8 s after the last change" 1 \
		"$(tail -n +"$((n2 + 1))" "$log2" | grep -E 'bits/sec' | grep -cvE ' 0\.00 bits/sec')"
	check_no_match "iperf3 vf0 -> peer0 errors" 'error|unable' "$(cat "$log0")"
	check_no_match "iperf3 vf2 -> vf1 errors" 'error|unable' "$(cat "$log2")"
	diag "intervals with data: vf0 -> peer0 $(data_lines "$log0") of $(rate_lines "$log0")," \
		"vf2 -> vf1 $(data_lines "$log2") of $(rate_lines "$log2")"
else
	fail "iperf3 servers did not start"
fi
for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null; done
BG_PIDS=()
check_dmesg_clean "mode changes under traffic"
end

# --- leaks -------------------------------------------------------------------
# round_trip: legacy -> switchdev -> legacy with NVF VFs; fails the point and
# returns 1 on the first problem
round_trip() {
	local out
	if ! out=$(esw_set "$PF_PCI" switchdev 2>&1); then
		fail "$1: eswitch set mode switchdev: $out"
		return 1
	fi
	wait_reps $((NVF + 2)) 30 || return 1
	if ! out=$(esw_set "$PF_PCI" legacy 2>&1); then
		fail "$1: eswitch set mode legacy: $out"
		return 1
	fi
	wait_reps 0 30
}

begin "warm-up round trip"
dmesg_mark
ipv6_off_new_links
round_trip "warm-up"
end

mem_mark

begin "$ROUNDS round trips legacy <-> switchdev with $NVF VFs"
t0=$SECONDS
for ((i = 1; i <= ROUNDS; i++)); do
	round_trip "round $i" || break
done
check_eq "round trips completed" "$ROUNDS" "$((i - 1))"
diag "$ROUNDS round trips in $((SECONDS - t0)) s"
check_eq "mode" legacy "$(esw_mode "$PF_PCI")"
check_dmesg_clean "round trips"
end

begin "no memory lost over $ROUNDS round trips"
check_mem_kept "$SLAB_TOLERANCE_KB" "$MEMAVAIL_TOLERANCE_KB"
end

# --- unload in switchdev mode --------------------------------------------------
dmesg_mark
begin "switchdev, representors bridged, iperf3 VF 0 -> peer0 running"
switchdev_on "$PF_PCI" $NVF && switchdev_bridge $NVF
log0=$(mktemp /tmp/xnic-iperf.XXXXXX)
defer "rm -f '$log0'"
spawn ip netns exec "$PEER_NS" iperf3 -s -1 -B "$PEER_IP" -p 5821 >/dev/null 2>&1
if wait_for 20 listening "$PEER_NS" 5821; then
	spawn ip netns exec vf0 iperf3 -c "$PEER_IP" -p 5821 -t 600 -i 1 --forceflush >"$log0" 2>&1
	wait_for 30 grep -qE '[KM]bits/sec' "$log0" ||
		fail "iperf3 vf0 -> peer0 through the bridge did not run: $(tail -n 3 "$log0")"
else
	fail "iperf3 server in netns $PEER_NS did not start"
fi
end

begin "modprobe -r xnic in switchdev mode: nothing left"
t0=$SECONDS
check_cmd "modprobe -r xnic" xnic_unload
diag "unload took $((SECONDS - t0)) s"
check_eq "xnic module loaded" no "$(xnic_loaded && echo yes || echo no)"
check_eq "devlink dev show" "" "$(devlink dev show 2>&1)"
check_eq "xnic netdevs" "" "$(xnic_netdevs)"
check_eq "representors" "" "$(xnic_reps)"
check_eq "ports of bridge $REP_BRIDGE" "" "$(rep_bridge_ports)"
check_eq "/sys/class/net (besides $REP_BRIDGE)" \
	"$(tr '\n' ' ' <<<"$links_before")" "$(netdev_names | tr '\n' ' ')"
for ((i = 0; i < NVF; i++)); do
	check_eq "links in netns vf$i" lo \
		"$(ip -n "vf$i" -o link show | awk -F': ' '{ print $2 }' | tr '\n' ' ' | sed 's/ $//')"
done
check_eq "xnic interrupts in /proc/interrupts" "" "$(xnic_irqs)"
check_eq "PCI functions with the VF device ID" "" \
	"$(grep -l "$XNIC_VF_DEVICE_ID" /sys/bus/pci/devices/*/device 2>/dev/null)"
check_dmesg_clean "unload in switchdev mode"
end

for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null; done
BG_PIDS=()
vf_tenants_reset

# load_switchdev_unload: one cycle; returns 1 with a message on stdout
load_switchdev_unload() {
	local out pf pci
	out=$(xnic_load num_vfs=$NVF 2>&1) || { echo "modprobe xnic num_vfs=$NVF: $out"; return 1; }
	pf=$(xnic_pf_netdev)
	pci=$(xnic_pf_pci "$pf")
	if ! wait_for 60 vf_netdevs_are "$pci" $NVF; then
		echo "expected $NVF VF netdevs, saw $(vf_netdev_count "$pci")"
		xnic_unload
		return 1
	fi
	out=$(esw_set "$pci" switchdev 2>&1) || { echo "eswitch set mode switchdev: $out"; xnic_unload; return 1; }
	if ! wait_for 30 reps_are $((NVF + 2)); then
		echo "expected $((NVF + 2)) representors, saw $(rep_count)"
		xnic_unload
		return 1
	fi
	out=$(xnic_unload 2>&1) || { echo "modprobe -r xnic: $out"; return 1; }
}

begin "warm-up: load num_vfs=$NVF, switchdev, unload"
dmesg_mark
msg=$(load_switchdev_unload) || fail "$msg"
end

mem_mark

begin "load num_vfs=$NVF / switchdev / unload $CYCLES times"
for ((i = 1; i <= CYCLES; i++)); do
	msg=$(load_switchdev_unload) || { fail "cycle $i: $msg"; break; }
done
check_eq "cycles completed" "$CYCLES" "$((i - 1))"
check_eq "xnic netdevs" "" "$(xnic_netdevs)"
check_dmesg_clean "load/switchdev/unload cycles"
end

begin "no memory lost over $CYCLES load/switchdev/unload cycles"
check_mem_kept "$((64 * CYCLES))" "$((1024 * CYCLES + MEMAVAIL_NOISE_KB))"
end
