#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Offloaded programs under traffic: replace and detach while peer0 sends
# (1000 frames/s, which the TCG guest's QEMU hub delivers without loss),
# with the NIC's port counters accounting for every frame sent; then
# "modprobe -r xnic" with a program and its maps attached: no warning,
# nothing left offloaded, the pinned map orphaned (its accesses fail),
# no memory lost over load / attach / unload cycles.
. "$(dirname "$0")/lib.sh"
xnic_test_init

CYCLES=${XNIC_XDP_CYCLES:-6}
SLAB_TOLERANCE_KB=$((64 * CYCLES))

dmesg_mark
begin "replace and detach under traffic"
xnic_load_pf || { end; exit 1; }
addr_setup "$PF"
neigh_setup "$PF"
wait_carrier "$PF"
bpf_pin_dir
# two instances of xdp_maps sharing their maps: config says drop port 9,
# counters[DROP] counts on the NIC whichever instance runs
check_cmd "load A" bpftool prog load "$(xdp_obj xdp_maps)" "$BPF_PIN/a" \
	type xdp dev "$PF" pinmaps "$BPF_PIN/m"
check_cmd "load B (same maps)" bpftool prog load "$(xdp_obj xdp_maps)" \
	"$BPF_PIN/b" type xdp dev "$PF" \
	map name config pinned "$BPF_PIN/m/config" \
	map name counters pinned "$BPF_PIN/m/counters"
check_cmd "config: port 9 -> DROP" bpftool map update pinned \
	"$BPF_PIN/m/config" key 9 0 value 1 0 0 0
check_cmd "attach A" ip link set dev "$PF" xdpoffload pinned "$BPF_PIN/a"
rx0=$(netdev_stat "$PF" rx_packets)
nobuf0=$(ethtool_stat "$PF" port_rx_no_buf)
ptx0=$(netdev_stat "$PEER_DEV" tx_packets "$PEER_NS")
sent_file=$(mktemp /tmp/xnic-sent.XXXXXX)
defer "rm -f '$sent_file'"
spawn peer "$XDP_UDP" stream "$PEER_IP" "$PF_IP" 9 12 64 1000 >"$sent_file"
stream_pid=${BG_PIDS[-1]}
sleep 2
for i in 1 2 3; do
	check_cmd "replace A with B ($i)" \
		ip -force link set dev "$PF" xdpoffload pinned "$BPF_PIN/b"
	sleep 0.5
	check_cmd "replace B with A ($i)" \
		ip -force link set dev "$PF" xdpoffload pinned "$BPF_PIN/a"
	sleep 0.5
done
check_cmd "detach under traffic" ip link set dev "$PF" xdpoffload off
sleep 1
check_cmd "attach again under traffic" \
	ip link set dev "$PF" xdpoffload pinned "$BPF_PIN/b"
wait "$stream_pid"
sleep 1
sent=$(cat "$sent_file")
ptx=$(($(netdev_stat "$PEER_DEV" tx_packets "$PEER_NS") - ptx0))
dropped=$(bpf_map_u64 "$BPF_PIN/m/counters" 1 0 0 0)
rx=$(($(netdev_stat "$PF" rx_packets) - rx0))
nobuf=$(($(ethtool_stat "$PF" port_rx_no_buf) - nobuf0))
diag "peer0: $sent datagrams sent, $ptx frames transmitted; dropped on the NIC $dropped, received by the host $rx, no RX buffer $nobuf"
check_ge "datagrams sent" 100 "${sent:-0}"
check_ge "dropped on the NIC" 1 "$dropped"
check_ge "received by the host while detached" 1 "$rx"
check_eq "every frame peer0 sent: dropped on the NIC or received" "$ptx" \
	"$((dropped + rx + nobuf))"
check_eq "ip link XDP mode" xdpoffload "$(xdp_attached "$PF")"
end

begin "modprobe -r with a program and maps attached"
check_cmd "load maps prog" bpftool prog load "$(xdp_obj xdp_maps)" \
	"$BPF_PIN/maps_prog" type xdp dev "$PF" pinmaps "$BPF_PIN/maps"
check_cmd "attach maps prog" ip -force link set dev "$PF" xdpoffload \
	pinned "$BPF_PIN/maps_prog"
check_cmd "modprobe -r xnic" xnic_unload
check_eq "module gone" no "$(xnic_loaded && echo yes || echo no)"
check_eq "offloaded programs" 0 "$(bpftool prog show 2>/dev/null | grep -c offloaded_to)"
check_eq "offloaded maps" 0 "$(bpftool map show 2>/dev/null | grep -c offloaded_to)"
check_cmd_fails "lookup in the orphaned map" bpftool map lookup pinned \
	"$BPF_PIN/maps/counters" key 0 0 0 0
rm -rf "$BPF_PIN"/*
end

begin "load / attach offloaded program and maps / unload $CYCLES times: no memory lost"
mem_settle
slab0=$(meminfo SUnreclaim)
for ((i = 1; i <= CYCLES; i++)); do
	xnic_load || { fail "cycle $i: modprobe xnic"; break; }
	pf=$(xnic_pf_netdev)
	ip link set dev "$pf" up
	bpftool prog load "$(xdp_obj xdp_maps)" "$BPF_PIN/p$i" type xdp 2>/dev/null \
		dev "$pf" pinmaps "$BPF_PIN/m$i" &&
		ip link set dev "$pf" xdpoffload pinned "$BPF_PIN/p$i" ||
		{ fail "cycle $i: load and attach"; break; }
	rm -rf "$BPF_PIN/p$i" "$BPF_PIN/m$i"
	xnic_unload || { fail "cycle $i: modprobe -r xnic"; break; }
done
check_eq "cycles completed" "$CYCLES" "$((i - 1))"
mem_settle
slab1=$(meminfo SUnreclaim)
diag "SUnreclaim ${slab0} -> ${slab1} kB"
check_le "SUnreclaim growth (kB)" "$SLAB_TOLERANCE_KB" "$((slab1 - slab0))"
end

begin "no kernel warnings"
check_dmesg_clean "offload lifecycle"
end
