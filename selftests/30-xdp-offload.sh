#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# XDP offload: a program loaded for the PF netdev ("bpftool prog load ...
# dev eth0") and attached with "ip link set ... xdpoffload" runs on the
# NIC. Traffic from peer0 shows each verdict: UDP to port 9 dropped, other
# frames passed, UDP to port 7 bounced back with swapped addresses. The
# program's counters on the NIC (ethtool -S xdp_offload_*) account for
# every frame, and the netdev's RX counters move only for passed frames.
. "$(dirname "$0")/lib.sh"
xnic_test_init

N=50

# offload_stat NAME: ethtool -S xdp_offload_NAME of the PF
offload_stat() { ethtool_stat "$PF" "xdp_offload_$1"; }

dmesg_mark
begin "program loaded for the PF and attached as xdpoffload"
xnic_load_pf || { end; exit 1; }
addr_setup "$PF"
neigh_setup "$PF"
wait_carrier "$PF"
bpf_pin_dir
check_cmd "bpftool prog load dev $PF" \
	bpftool prog load "$(xdp_obj xdp_drop_port)" "$BPF_PIN/drop" type xdp dev "$PF"
check_cmd "ip link set xdpoffload" \
	ip link set dev "$PF" xdpoffload pinned "$BPF_PIN/drop"
check_eq "ip link XDP mode" xdpoffload "$(xdp_attached "$PF")"
show=$(bpftool prog show pinned "$BPF_PIN/drop" 2>&1)
check_match "bpftool prog show" "offloaded_to $PF" "$show"
check_match "bpftool prog show: name" "name xdp_drop_port" "$show"
check_eq "runs before traffic" 0 "$(offload_stat runs)"
end

begin "offloaded DROP by port: dropped on the NIC, the rest passed"
rx0=$(netdev_stat "$PF" rx_packets)
ready=$(mktemp -u /tmp/xnic-ready.XXXXXX)
out=$(mktemp /tmp/xnic-recv.XXXXXX)
defer "rm -f '$ready' '$out'"
spawn "$SELFTESTS/netxfer.py" udp-recv "$PF_IP" 10 "$N" 20 "$ready" >"$out"
recv_pid=${BG_PIDS[-1]}
wait_for 20 test -e "$ready" || fail "the receiver did not start"
peer "$SELFTESTS/netxfer.py" udp-send "$PEER_IP" "$PF_IP" 9 "$N" 64
peer "$SELFTESTS/netxfer.py" udp-send "$PEER_IP" "$PF_IP" 10 "$N" 64
wait "$recv_pid"
check_eq "datagrams to port 10 received" "$N 3200" "$(cat "$out")"
check_eq "NIC: drop verdicts" "$N" "$(offload_stat drop)"
check_eq "NIC: pass verdicts" "$N" "$(offload_stat pass)"
check_eq "NIC: runs" "$((2 * N))" "$(offload_stat runs)"
check_eq "NIC: aborted" 0 "$(offload_stat aborted)"
check_ge "NIC: instructions executed" "$((2 * N))" "$(offload_stat insns)"
check_eq "netdev rx_packets: only the passed frames" "$N" \
	"$(($(netdev_stat "$PF" rx_packets) - rx0))"
end

begin "replace with a bouncing program: TX from the NIC, the host sees nothing"
check_cmd "bpftool prog load bounce" \
	bpftool prog load "$(xdp_obj xdp_bounce)" "$BPF_PIN/bounce" type xdp dev "$PF"
check_cmd "ip link set xdpoffload (replace)" \
	ip -force link set dev "$PF" xdpoffload pinned "$BPF_PIN/bounce"
check_match "bpftool: bounce offloaded" "offloaded_to $PF" \
	"$(bpftool prog show pinned "$BPF_PIN/bounce" 2>&1)"
rx0=$(netdev_stat "$PF" rx_packets)
ptx0=$(ethtool_stat "$PF" port_tx_packets)
check_eq "NIC: counters restart with the new program" 0 "$(offload_stat runs)"
got=$(peer "$XDP_UDP" echo "$PEER_IP" "$PF_IP" 7 "$N" 100 3)
check_eq "datagrams sent and bounced back to peer0" "$N $N" "$got"
check_eq "NIC: tx verdicts" "$N" "$(offload_stat tx)"
check_eq "NIC: runs" "$N" "$(offload_stat runs)"
check_eq "port tx_packets: the bounced frames" "$N" \
	"$(($(ethtool_stat "$PF" port_tx_packets) - ptx0))"
check_eq "netdev rx_packets did not move" 0 \
	"$(($(netdev_stat "$PF" rx_packets) - rx0))"
end

begin "detach: traffic reaches the host again"
check_cmd "ip link set xdpoffload off" ip link set dev "$PF" xdpoffload off
check_eq "ip link XDP mode" "" "$(xdp_attached "$PF")"
check_eq "ethtool: no program, no counts" 0 "$(offload_stat runs)"
rx0=$(netdev_stat "$PF" rx_packets)
peer "$SELFTESTS/netxfer.py" udp-send "$PEER_IP" "$PF_IP" 9 "$N" 64
wait_for 5 test "$(($(netdev_stat "$PF" rx_packets) - rx0))" -ge "$N"
check_eq "netdev rx_packets: every frame" "$N" \
	"$(($(netdev_stat "$PF" rx_packets) - rx0))"
end

begin "a program bound to the device is refused in driver mode"
check_cmd_fails "ip link set xdpdrv with a bound program" \
	ip link set dev "$PF" xdpdrv pinned "$BPF_PIN/drop"
end

begin "no kernel warnings"
check_dmesg_clean "XDP offload"
end
