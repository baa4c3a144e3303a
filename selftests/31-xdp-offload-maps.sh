#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Offloaded maps: xdp_maps.c takes its verdict per UDP destination port
# from a hash map the host writes ("bpftool map update") and counts
# verdicts in an array map the host reads ("bpftool map dump/lookup"). Both
# maps live on the NIC: every host access is a NIC command, every program
# access happens on the NIC.
. "$(dirname "$0")/lib.sh"
xnic_test_init

N=40
PORT=9

# verdicts counted by the program on the NIC: counters[VERDICT]
counter() { bpf_map_u64 "$BPF_PIN/maps/counters" "$1" 0 0 0; }
# the u16 port key of the config map, in host (little-endian) byte order
port_key() { echo "$(($1 & 255)) $(($1 >> 8))"; }

dmesg_mark
begin "program with two maps offloaded"
xnic_load_pf || { end; exit 1; }
addr_setup "$PF"
neigh_setup "$PF"
wait_carrier "$PF"
bpf_pin_dir
check_cmd "bpftool prog load dev $PF pinmaps" \
	bpftool prog load "$(xdp_obj xdp_maps)" "$BPF_PIN/prog" type xdp \
	dev "$PF" pinmaps "$BPF_PIN/maps"
check_cmd "ip link set xdpoffload" \
	ip link set dev "$PF" xdpoffload pinned "$BPF_PIN/prog"
for m in config counters; do
	check_match "bpftool map show $m" "offloaded_to $PF" \
		"$(bpftool map show pinned "$BPF_PIN/maps/$m" 2>&1)"
done
check_eq "config entries" 0 "$(bpf_map_count "$BPF_PIN/maps/config")"
check_eq "counters entries (array: all exist)" 4 \
	"$(bpf_map_count "$BPF_PIN/maps/counters")"
check_eq "counters[PASS] before traffic" 0 "$(counter 2)"
end

begin "no config: the program passes and counts in the array map"
rx0=$(netdev_stat "$PF" rx_packets)
peer "$SELFTESTS/netxfer.py" udp-send "$PEER_IP" "$PF_IP" $PORT $N 64
wait_for 10 test "$(counter 2)" -ge $N
check_eq "counters[PASS]" $N "$(counter 2)"
check_eq "counters[DROP]" 0 "$(counter 1)"
check_eq "NIC: pass verdicts" $N "$(ethtool_stat "$PF" xdp_offload_pass)"
wait_for 5 test "$(($(netdev_stat "$PF" rx_packets) - rx0))" -ge $N
check_eq "netdev rx_packets" $N "$(($(netdev_stat "$PF" rx_packets) - rx0))"
end

begin "host writes config port $PORT -> XDP_DROP: the NIC drops"
check_cmd "bpftool map update config" bpftool map update pinned \
	"$BPF_PIN/maps/config" key $(port_key $PORT) value 1 0 0 0
check_eq "config[$PORT] read back" 1 \
	"$(bpf_map_u64 "$BPF_PIN/maps/config" $(port_key $PORT))"
check_eq "config entries" 1 "$(bpf_map_count "$BPF_PIN/maps/config")"
rx0=$(netdev_stat "$PF" rx_packets)
peer "$SELFTESTS/netxfer.py" udp-send "$PEER_IP" "$PF_IP" $PORT $N 64
wait_for 10 test "$(counter 1)" -ge $N
check_eq "counters[DROP]" $N "$(counter 1)"
check_eq "counters[PASS] unchanged" $N "$(counter 2)"
check_eq "NIC: drop verdicts" $N "$(ethtool_stat "$PF" xdp_offload_drop)"
check_eq "netdev rx_packets did not move" 0 \
	"$(($(netdev_stat "$PF" rx_packets) - rx0))"
end

begin "config port $PORT -> XDP_TX: the NIC bounces"
check_cmd "bpftool map update config (existing key)" bpftool map update \
	pinned "$BPF_PIN/maps/config" key $(port_key $PORT) value 3 0 0 0 exist
got=$(peer "$XDP_UDP" echo "$PEER_IP" "$PF_IP" $PORT $N 80 3)
check_eq "datagrams sent and bounced" "$N $N" "$got"
check_eq "counters[TX]" $N "$(counter 3)"
end

begin "config entry deleted: passes again"
check_cmd "bpftool map delete config" bpftool map delete pinned \
	"$BPF_PIN/maps/config" key $(port_key $PORT)
check_eq "config entries" 0 "$(bpf_map_count "$BPF_PIN/maps/config")"
check_cmd_fails "delete of a missing key" bpftool map delete pinned \
	"$BPF_PIN/maps/config" key $(port_key $PORT)
check_cmd_fails "update with noexist of ... a new key, then again" sh -c "
	bpftool map update pinned '$BPF_PIN/maps/config' key 1 0 value 2 0 0 0 noexist &&
	bpftool map update pinned '$BPF_PIN/maps/config' key 1 0 value 2 0 0 0 noexist"
check_eq "config entries" 1 "$(bpf_map_count "$BPF_PIN/maps/config")"
peer "$SELFTESTS/netxfer.py" udp-send "$PEER_IP" "$PF_IP" $PORT $N 64
wait_for 10 test "$(counter 2)" -ge $((2 * N))
check_eq "counters[PASS]" $((2 * N)) "$(counter 2)"
end

begin "host writes the array map; the program keeps counting from there"
check_cmd "bpftool map update counters" bpftool map update pinned \
	"$BPF_PIN/maps/counters" key 2 0 0 0 value 0 0 1 0 0 0 0 0
check_eq "counters[PASS] set to 65536" 65536 "$(counter 2)"
peer "$SELFTESTS/netxfer.py" udp-send "$PEER_IP" "$PF_IP" $PORT 10 64
wait_for 10 test "$(counter 2)" -ge 65546
check_eq "counters[PASS]" 65546 "$(counter 2)"
check_cmd_fails "delete from an array" bpftool map delete pinned \
	"$BPF_PIN/maps/counters" key 0 0 0 0
check_cmd_fails "array index out of range" bpftool map update pinned \
	"$BPF_PIN/maps/counters" key 4 0 0 0 value 0 0 0 0 0 0 0 0
end

begin "detach; maps freed on the NIC when the last user goes"
check_cmd "ip link set xdpoffload off" ip link set dev "$PF" xdpoffload off
rm -rf "$BPF_PIN/prog" "$BPF_PIN/maps"
wait_for 10 sh -c "! bpftool map show | grep -q 'offloaded_to $PF'"
check_eq "offloaded maps left" 0 "$(bpftool map show | grep -c "offloaded_to $PF")"
end

begin "no kernel warnings"
check_dmesg_clean "offloaded maps"
end
