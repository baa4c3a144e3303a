#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Native (driver mode) XDP, "ip link set ... xdpdrv": the programs of the
# offload tests run in the driver's NAPI poll instead of on the NIC. DROP,
# PASS and TX (bounce on the queue pair's TX ring) with the per-queue
# verdict counters of ethtool -S; REDIRECT back out of the same netdev
# through ndo_xdp_xmit; a map-driven verdict with host maps; and XDP on a
# VF netdev.
. "$(dirname "$0")/lib.sh"
xnic_test_init

N=50

# xdp_sum DEV NAME: a native XDP counter summed over the queues
xdp_sum() { ethtool_sum "$1" "^(rx|tx)q[0-9]+_$2\$"; }

dmesg_mark
begin "drop by port in driver mode"
xnic_load_pf || { end; exit 1; }
addr_setup "$PF"
neigh_setup "$PF"
wait_carrier "$PF"
bpf_pin_dir
check_cmd "bpftool prog load (not bound)" \
	bpftool prog load "$(xdp_obj xdp_drop_port)" "$BPF_PIN/drop" type xdp
check_cmd "ip link set xdpdrv" ip link set dev "$PF" xdpdrv pinned "$BPF_PIN/drop"
check_eq "ip link XDP mode" xdp "$(xdp_attached "$PF")"
rx0=$(ethtool_sum "$PF" '^rxq[0-9]+_packets$')
ready=$(mktemp -u /tmp/xnic-ready.XXXXXX)
out=$(mktemp /tmp/xnic-recv.XXXXXX)
defer "rm -f '$ready' '$out'"
spawn "$SELFTESTS/netxfer.py" udp-recv "$PF_IP" 10 $N 20 "$ready" >"$out"
recv_pid=${BG_PIDS[-1]}
wait_for 20 test -e "$ready" || fail "the receiver did not start"
peer "$SELFTESTS/netxfer.py" udp-send "$PEER_IP" "$PF_IP" 9 $N 64
peer "$SELFTESTS/netxfer.py" udp-send "$PEER_IP" "$PF_IP" 10 $N 64
wait "$recv_pid"
check_eq "datagrams to port 10 received" "$N 3200" "$(cat "$out")"
check_eq "xdp_drop" $N "$(xdp_sum "$PF" xdp_drop)"
check_eq "xdp_pass" $N "$(xdp_sum "$PF" xdp_pass)"
# (the netdev's rx_packets are the NIC's vport counters: they count what
# the NIC delivered, dropped by the driver's XDP or not)
check_eq "driver rxq packets to the stack: the passed frames" $N \
	"$(($(ethtool_sum "$PF" '^rxq[0-9]+_packets$') - rx0))"
check_eq "NIC: no offload runs" 0 "$(ethtool_stat "$PF" xdp_offload_runs)"
end

begin "bounce (XDP_TX) in driver mode"
check_cmd "bpftool prog load bounce" \
	bpftool prog load "$(xdp_obj xdp_bounce)" "$BPF_PIN/bounce" type xdp
check_cmd "replace" ip -force link set dev "$PF" xdpdrv pinned "$BPF_PIN/bounce"
ptx0=$(ethtool_stat "$PF" port_tx_packets)
got=$(peer "$XDP_UDP" echo "$PEER_IP" "$PF_IP" 7 $N 100 3)
check_eq "datagrams sent and bounced back" "$N $N" "$got"
check_eq "xdp_tx" $N "$(xdp_sum "$PF" xdp_tx)"
check_eq "xdp_tx_errors" 0 "$(xdp_sum "$PF" xdp_tx_errors)"
check_eq "port tx_packets: the bounced frames" $N \
	"$(($(ethtool_stat "$PF" port_tx_packets) - ptx0))"
end

begin "bounce by XDP_REDIRECT to the same netdev (ndo_xdp_xmit)"
check_cmd "bpftool prog load bounce_redirect" bpftool prog load \
	"$(xdp_obj xdp_bounce_redirect)" "$BPF_PIN/redir" type xdp
check_cmd "replace" ip -force link set dev "$PF" xdpdrv pinned "$BPF_PIN/redir"
got=$(peer "$XDP_UDP" echo "$PEER_IP" "$PF_IP" 7 $N 100 3)
check_eq "datagrams sent and bounced back" "$N $N" "$got"
check_eq "xdp_redirect" $N "$(xdp_sum "$PF" xdp_redirect)"
check_eq "xdp_xmit" $N "$(xdp_sum "$PF" xdp_xmit)"
check_eq "xdp_redirect_errors" 0 "$(xdp_sum "$PF" xdp_redirect_errors)"
end

begin "host map changes the verdict in driver mode"
check_cmd "bpftool prog load maps" bpftool prog load "$(xdp_obj xdp_maps)" \
	"$BPF_PIN/maps_prog" type xdp pinmaps "$BPF_PIN/maps"
check_cmd "replace" ip -force link set dev "$PF" xdpdrv pinned "$BPF_PIN/maps_prog"
check_cmd "config port 9 -> DROP" bpftool map update pinned \
	"$BPF_PIN/maps/config" key 9 0 value 1 0 0 0
drop0=$(xdp_sum "$PF" xdp_drop)
peer "$SELFTESTS/netxfer.py" udp-send "$PEER_IP" "$PF_IP" 9 $N 64
wait_for 10 test "$(bpf_map_u64 "$BPF_PIN/maps/counters" 1 0 0 0)" -ge $N
check_eq "counters[DROP]" $N "$(bpf_map_u64 "$BPF_PIN/maps/counters" 1 0 0 0)"
check_eq "xdp_drop" $N "$(($(xdp_sum "$PF" xdp_drop) - drop0))"
end

begin "detach; MTU change and down/up with a program attached"
check_cmd "ip link set mtu 3000 with XDP" ip link set dev "$PF" mtu 3000
check_cmd "down/up with XDP" sh -c "ip link set dev $PF down && ip link set dev $PF up"
check_cmd "detach" ip link set dev "$PF" xdpdrv off
check_cmd "mtu back" ip link set dev "$PF" mtu 1500
check_eq "ip link XDP mode" "" "$(xdp_attached "$PF")"
end

begin "native XDP on a VF netdev: drop"
xnic_unload
if xnic_vfs_up 1; then
	vfdev=${VF_DEV[0]}
	# bpffs is not visible in the tenant's netns: ip loads the object
	check_cmd "attach xdpdrv to the VF" vfx 0 ip link set dev "$vfdev" \
		xdpdrv obj "$(xdp_obj xdp_drop_port)" sec xdp
	rx0=$(vfx 0 ethtool -S "$vfdev" | awk '/rxq[0-9]+_packets:/ { s += $2 } END { print s + 0 }')
	peer ip neigh replace "$(vf_ip 0)" lladdr "$(vfx 0 cat "/sys/class/net/$vfdev/address")" \
		dev "$PEER_DEV" nud permanent
	peer "$SELFTESTS/netxfer.py" udp-send "$PEER_IP" "$(vf_ip 0)" 9 $N 64
	wait_for 10 test "$(vfx 0 ethtool -S "$vfdev" | awk '/rxq[0-9]+_xdp_drop:/ { s += $2 } END { print s + 0 }')" -ge $N
	check_eq "VF xdp_drop" $N \
		"$(vfx 0 ethtool -S "$vfdev" | awk '/rxq[0-9]+_xdp_drop:/ { s += $2 } END { print s + 0 }')"
	check_eq "VF driver rxq packets did not move" "$rx0" \
		"$(vfx 0 ethtool -S "$vfdev" | awk '/rxq[0-9]+_packets:/ { s += $2 } END { print s + 0 }')"
	check_cmd_fails "xdpoffload on a VF is refused" vfx 0 ip link set \
		dev "$vfdev" xdpoffload obj "$(xdp_obj xdp_drop_port)" sec xdp
	check_cmd "detach from the VF" vfx 0 ip link set dev "$vfdev" xdpdrv off
fi
end

begin "no kernel warnings"
check_dmesg_clean "native XDP"
end
