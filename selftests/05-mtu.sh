#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# MTU: 9000 on the PF and peer0 carries unfragmented 9000-byte packets
# (ping -M do -s 8972), 1500 goes back, and an MTU above the NIC's maximum
# (9600) is refused.
. "$(dirname "$0")/lib.sh"
xnic_test_init

MTU_MAX=9600

mtu() { cat "/sys/class/net/$1/mtu"; }

dmesg_mark
begin "PF max_mtu is $MTU_MAX"
xnic_load_pf || { end; exit 1; }
addr_setup "$PF"
wait_carrier "$PF"
maxmtu=$(ip -d link show dev "$PF" | grep -oE 'maxmtu [0-9]+' | cut -d' ' -f2)
check_eq "maxmtu (ip -d link)" "$MTU_MAX" "$maxmtu"
end

begin "MTU 9000: jumbo ping without fragmentation"
check_cmd "ip link set mtu 9000" ip link set dev "$PF" mtu 9000
check_cmd "peer0 mtu 9000" ip -n "$PEER_NS" link set dev "$PEER_DEV" mtu 9000
check_eq "PF mtu" 9000 "$(mtu "$PF")"
wait_carrier "$PF"
check_cmd "ping -M do -s 8972 PF -> peer0" \
	ping -M "do" -s 8972 -c 3 -i 0.2 -W 3 "$PEER_IP"
check_cmd "ping -M do -s 8972 peer0 -> PF" \
	peer ping -M "do" -s 8972 -c 3 -i 0.2 -W 3 "$PF_IP"
check_cmd_fails "ping -M do -s 8973 (over the MTU) is refused locally" \
	ping -M "do" -s 8973 -c 1 -W 1 "$PEER_IP"
end

begin "MTU 1500 again"
check_cmd "ip link set mtu 1500" ip link set dev "$PF" mtu 1500
check_cmd "peer0 mtu 1500" ip -n "$PEER_NS" link set dev "$PEER_DEV" mtu 1500
check_eq "PF mtu" 1500 "$(mtu "$PF")"
wait_carrier "$PF"
check_cmd "ping -M do -s 1472" ping -M "do" -s 1472 -c 3 -i 0.2 -W 3 "$PEER_IP"
end

begin "MTU $MTU_MAX accepted, $((MTU_MAX + 1)) refused"
check_cmd "ip link set mtu $MTU_MAX" ip link set dev "$PF" mtu "$MTU_MAX"
check_eq "PF mtu" "$MTU_MAX" "$(mtu "$PF")"
check_cmd_fails "ip link set mtu $((MTU_MAX + 1))" \
	ip link set dev "$PF" mtu $((MTU_MAX + 1))
check_eq "PF mtu after the refused change" "$MTU_MAX" "$(mtu "$PF")"
check_cmd "ip link set mtu 1500" ip link set dev "$PF" mtu 1500
end

begin "no kernel warnings"
check_dmesg_clean "mtu"
end
