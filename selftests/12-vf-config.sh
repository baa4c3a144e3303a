#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every "ip link set PF vf N ..." attribute shown in traffic, with three VFs
# as tenants in netns vf0..vf2, each attribute also visible in
# "ip link show PF":
#
#   mac        the VF's netdev takes the MAC at once (event), traffic to it
#              arrives
#   trust off  the VF cannot change its administrator-set MAC (EPERM) and,
#              promiscuous, gets no unknown unicast; trust on: it can, and
#              does
#   spoofchk   frames with a forged source MAC never reach peer0 and are
#              counted as the VF's tx dropped; with the right source they
#              arrive; spoofchk off lets forged frames through
#   state      disable: the VF loses carrier and traffic stops; enable:
#              back; auto: follows the uplink (up here: the guest cannot take
#              the QEMU-side link down, so only "auto with the uplink up" is
#              tested)
#   vlan       vlan 10 qos 3 and vlan 20 proto 802.1ad: tcpdump on peer0 sees
#              the tag (TPID, VLAN id, priority) on the VF's frames; frames
#              peer0 sends in that VLAN reach the VF untagged; broadcasts of
#              one VLAN reach only the VFs of that VLAN; a tagged frame sent
#              by a VF with a port VLAN is dropped and counted
#
# Frame counts are exact: IPv6 is off everywhere and neighbours are
# permanent, so nothing else crosses while frames are counted.
. "$(dirname "$0")/lib.sh"
xnic_test_init

XFER=$SELFTESTS/netxfer.py
NVF=3
N=${XNIC_COUNT_PACKETS:-50}
ETYPE=0x88b5 # IEEE 802 local experimental EtherType
SIZE=100
ADMIN_MAC0=02:00:00:00:00:10
OWN_MAC0=02:00:00:00:01:10
FORGED_MAC=02:00:00:00:99:02
UNKNOWN_MAC=02:00:00:00:77:77
BCAST=ff:ff:ff:ff:ff:ff

vf_line() { ip link show dev "$PF" | grep -E "^ +vf $1 "; }
pflags() { vfx "$1" ip link set dev "${VF_DEV[$1]}" "${@:2}"; }
peer_rx() { netdev_stat "$PEER_DEV" rx_packets "$PEER_NS"; }

dmesg_mark
begin "$NVF VFs as tenants with carrier"
xnic_vfs_up $NVF || { end; exit 1; }
PEER_MAC=$(peer cat "/sys/class/net/$PEER_DEV/address")
end

# --- mac ----------------------------------------------------------------------
begin "vf 0 mac: VF netdev takes the MAC at once, traffic follows"
check_cmd "ip link set $PF vf 0 mac $ADMIN_MAC0" ip link set dev "$PF" vf 0 mac "$ADMIN_MAC0"
wait_for 5 sh -c "[ \"\$(ip netns exec vf0 cat /sys/class/net/${VF_DEV[0]}/address)\" = $ADMIN_MAC0 ]"
check_eq "VF 0 netdev MAC (within 5 s)" "$ADMIN_MAC0" "$(vf_mac 0)"
check_match "ip link show: vf 0 MAC" "^ +vf 0 +link/ether $ADMIN_MAC0" "$(vf_line 0)"
ip -n "$PEER_NS" neigh flush dev "$PEER_DEV"
check_cmd "ping peer0 -> vf0 at its new MAC" peer ping -c 3 -i 0.2 -W 3 "$(vf_ip 0)"
check_eq "peer0's neighbour entry for vf0" "$ADMIN_MAC0" \
	"$(ip -n "$PEER_NS" neigh show "$(vf_ip 0)" dev "$PEER_DEV" |
	   awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }')"
end

# from here on, no ARP: permanent neighbours among everyone
vf_neigh_mesh $NVF
sleep 1

# --- trust --------------------------------------------------------------------
begin "trust off: the VF cannot change an administrator-set MAC"
check_match "ip link show: vf 0 trust off" 'trust off' "$(vf_line 0)"
pflags 0 down
out=$(pflags 0 address "$OWN_MAC0" 2>&1)
rc=$?
pflags 0 up
check_ne "exit status of ip link set address in vf0" 0 "$rc"
check_match "error" 'Operation not permitted|Permission denied' "$out"
check_eq "VF 0 netdev MAC" "$ADMIN_MAC0" "$(vf_mac 0)"
check_match "ip link show: vf 0 MAC" "link/ether $ADMIN_MAC0" "$(vf_line 0)"
wait_vf_carrier 0
end

# unknown_unicast_to_vf1: N frames from peer0 to a MAC nobody has; prints
# VF 1's netdev rx_packets delta
unknown_unicast_to_vf1() {
	local b
	b=$(vf_stat 1 rx_packets)
	peer "$XFER" raw-send "$PEER_DEV" "$PEER_MAC" "$UNKNOWN_MAC" "$ETYPE" "$N" "$SIZE"
	sleep 1
	echo $(($(vf_stat 1 rx_packets) - b))
}

begin "trust off: promiscuous VF 1 gets no unknown unicast"
check_match "ip link show: vf 1 trust off" 'trust off' "$(vf_line 1)"
check_cmd "promisc on in vf1" pflags 1 promisc on
sleep 1
check_eq "VF 1 rx_packets delta for $N frames to $UNKNOWN_MAC" 0 "$(unknown_unicast_to_vf1)"
pflags 1 promisc off
end

begin "trust on: the VF changes its MAC, traffic follows"
check_cmd "ip link set $PF vf 0 trust on" ip link set dev "$PF" vf 0 trust on
check_match "ip link show: vf 0 trust on" 'trust on' "$(vf_line 0)"
pflags 0 down
check_cmd "ip link set address $OWN_MAC0 in vf0" pflags 0 address "$OWN_MAC0"
pflags 0 up
check_eq "VF 0 netdev MAC" "$OWN_MAC0" "$(vf_mac 0)"
diag "ip link show: $(vf_line 0)"
wait_vf_carrier 0
ns_neigh "$PEER_NS" "$PEER_DEV" "$(vf_ip 0)" "$OWN_MAC0"
check_cmd "ping peer0 -> vf0 at the MAC the VF set" peer ping -c 3 -i 0.2 -W 3 "$(vf_ip 0)"
end

begin "trust on: promiscuous VF 1 gets unknown unicast"
check_cmd "ip link set $PF vf 1 trust on" ip link set dev "$PF" vf 1 trust on
check_match "ip link show: vf 1 trust on" 'trust on' "$(vf_line 1)"
check_cmd "promisc on in vf1" pflags 1 promisc on
sleep 1
check_eq "VF 1 rx_packets delta for $N frames to $UNKNOWN_MAC" "$N" "$(unknown_unicast_to_vf1)"
pflags 1 promisc off
ip link set dev "$PF" vf 1 trust off
end

# --- spoofchk -----------------------------------------------------------------
# spoof_send SRC-MAC: N frames from VF 2 to peer0; prints "PEER-RX TX-DROPPED"
# deltas (peer0's netdev, the NIC's VF 2 counter)
spoof_send() {
	local p d
	p=$(peer_rx)
	d=$(vf_nic_stat "$PF" 2 tx_dropped)
	vfx 2 "$XFER" raw-send "${VF_DEV[2]}" "$1" "$PEER_MAC" "$ETYPE" "$N" "$SIZE"
	sleep 1
	echo "$(($(peer_rx) - p)) $(($(vf_nic_stat "$PF" 2 tx_dropped) - d))"
}

begin "spoofchk on: forged source MAC dropped and counted"
check_cmd "ip link set $PF vf 2 spoofchk on" ip link set dev "$PF" vf 2 spoofchk on
check_match "ip link show: vf 2 spoof checking on" 'spoof checking on' "$(vf_line 2)"
read -r prx drop <<<"$(spoof_send "$FORGED_MAC")"
check_eq "peer0 rx_packets delta ($N frames from $FORGED_MAC)" 0 "$prx"
check_eq "NIC VF 2 tx dropped delta (ip -s link show $PF)" "$N" "$drop"
end

begin "spoofchk on: the VF's own source MAC passes"
read -r prx drop <<<"$(spoof_send "$(vf_mac 2)")"
check_eq "peer0 rx_packets delta ($N frames from the VF's MAC)" "$N" "$prx"
check_eq "NIC VF 2 tx dropped delta" 0 "$drop"
end

begin "spoofchk off: forged source MAC passes"
check_cmd "ip link set $PF vf 2 spoofchk off" ip link set dev "$PF" vf 2 spoofchk off
check_match "ip link show: vf 2 spoof checking off" 'spoof checking off' "$(vf_line 2)"
read -r prx drop <<<"$(spoof_send "$FORGED_MAC")"
check_eq "peer0 rx_packets delta ($N frames from $FORGED_MAC)" "$N" "$prx"
check_eq "NIC VF 2 tx dropped delta" 0 "$drop"
ip link set dev "$PF" vf 2 spoofchk on
end

# --- state --------------------------------------------------------------------
begin "state disable: VF 2 loses carrier, traffic stops"
check_cmd "ip link set $PF vf 2 state disable" ip link set dev "$PF" vf 2 state disable
check_match "ip link show: vf 2 link-state disable" 'link-state disable' "$(vf_line 2)"
wait_for 5 vf_carrier_down 2
check_eq "VF 2 carrier (within 5 s)" 0 "$(vf_carrier 2)"
check_cmd_fails "ping vf2 -> peer0" vfx 2 ping -c 2 -i 0.2 -W 1 "$PEER_IP"
check_cmd_fails "ping peer0 -> vf2" peer ping -c 2 -i 0.2 -W 1 "$(vf_ip 2)"
end

begin "state enable: carrier and traffic back"
check_cmd "ip link set $PF vf 2 state enable" ip link set dev "$PF" vf 2 state enable
check_match "ip link show: vf 2 link-state enable" 'link-state enable' "$(vf_line 2)"
wait_vf_carrier 2 5
check_cmd "ping vf2 -> peer0" vfx 2 ping -c 3 -i 0.2 -W 3 "$PEER_IP"
end

begin "state auto: carrier follows the uplink (up)"
check_cmd "ip link set $PF vf 2 state auto" ip link set dev "$PF" vf 2 state auto
check_match "ip link show: vf 2 link-state auto" 'link-state auto' "$(vf_line 2)"
check_eq "PF carrier (the uplink)" 1 "$(cat "/sys/class/net/$PF/carrier")"
wait_vf_carrier 2 5
check_cmd "ping vf2 -> peer0" vfx 2 ping -c 3 -i 0.2 -W 3 "$PEER_IP"
end

# --- vlan -----------------------------------------------------------------------
# vlan_tenant VF IP: readdress tenant VF into a VLAN subnet
vlan_tenant() {
	vfx "$1" ip addr flush dev "${VF_DEV[$1]}"
	vfx "$1" ip addr add "$2/24" dev "${VF_DEV[$1]}"
}
VLAN10_VF=198.51.100.10 VLAN10_PEER=198.51.100.2
VLAN20_VF=203.0.113.11 VLAN20_PEER=203.0.113.2

begin "vlan 10 qos 3: peer0 sees 802.1Q tag 10 priority 3, VF gets untagged"
check_cmd "ip link set $PF vf 0 vlan 10 qos 3" ip link set dev "$PF" vf 0 vlan 10 qos 3
check_match "ip link show: vf 0 vlan 10, qos 3" 'vlan 10, qos 3' "$(vf_line 0)"
check_cmd "peer0.10" ip -n "$PEER_NS" link add link "$PEER_DEV" name "$PEER_DEV.10" \
	type vlan id 10
ipv6_off "$PEER_DEV.10" "$PEER_NS"
ip -n "$PEER_NS" addr add "$VLAN10_PEER/24" dev "$PEER_DEV.10"
ip -n "$PEER_NS" link set dev "$PEER_DEV.10" up
vlan_tenant 0 "$VLAN10_VF"
ns_neigh "$PEER_NS" "$PEER_DEV.10" "$VLAN10_VF" "$(vf_mac 0)"
ns_neigh vf0 "${VF_DEV[0]}" "$VLAN10_PEER" "$PEER_MAC"
capture_start "$PEER_NS" "$PEER_DEV" 3 ether src "$(vf_mac 0)"
check_cmd "ping vf0 -> peer0.10" vfx 0 ping -c 3 -i 0.2 -W 3 "$VLAN10_PEER"
cap=$(capture_end)
check_match "tcpdump -e on peer0: 802.1Q tag, vlan 10, priority 3" \
	'ethertype 802\.1Q \(0x8100\).*vlan 10, p 3, ethertype IPv4' "$cap"
capture_start vf0 "${VF_DEV[0]}" 3 ether src "$PEER_MAC"
check_cmd "ping peer0.10 -> vf0" peer ping -c 3 -i 0.2 -W 3 "$VLAN10_VF"
cap=$(capture_end)
check_match "tcpdump -e in vf0: peer0's frames arrive" 'ethertype IPv4' "$cap"
check_no_match "tcpdump -e in vf0: untagged" 'vlan|802\.1' "$cap"
end

begin "vlan 20 proto 802.1ad: peer0 sees 802.1ad tag 20"
check_cmd "ip link set $PF vf 1 vlan 20 proto 802.1ad" \
	ip link set dev "$PF" vf 1 vlan 20 proto 802.1ad
check_match "ip link show: vf 1 vlan 20, 802.1ad" 'vlan 20, vlan protocol 802\.1ad' "$(vf_line 1)"
check_cmd "peer0.ad20" ip -n "$PEER_NS" link add link "$PEER_DEV" name "$PEER_DEV.ad20" \
	type vlan proto 802.1ad id 20
ipv6_off "$PEER_DEV.ad20" "$PEER_NS"
ip -n "$PEER_NS" addr add "$VLAN20_PEER/24" dev "$PEER_DEV.ad20"
ip -n "$PEER_NS" link set dev "$PEER_DEV.ad20" up
vlan_tenant 1 "$VLAN20_VF"
ns_neigh "$PEER_NS" "$PEER_DEV.ad20" "$VLAN20_VF" "$(vf_mac 1)"
ns_neigh vf1 "${VF_DEV[1]}" "$VLAN20_PEER" "$PEER_MAC"
capture_start "$PEER_NS" "$PEER_DEV" 3 ether src "$(vf_mac 1)"
check_cmd "ping vf1 -> peer0.ad20" vfx 1 ping -c 3 -i 0.2 -W 3 "$VLAN20_PEER"
cap=$(capture_end)
check_match "tcpdump -e on peer0: 802.1ad tag, vlan 20, priority 0" \
	'\(0x88a8\).*vlan 20, p 0, ethertype IPv4' "$cap"
check_cmd "ping peer0.ad20 -> vf1" peer ping -c 3 -i 0.2 -W 3 "$VLAN20_VF"
end

sleep 1
# bcast_deltas DEV: N broadcasts from peer0's DEV; prints the rx_packets
# deltas of VF 0, 1, 2
bcast_deltas() {
	local b0 b1 b2
	b0=$(vf_stat 0 rx_packets) b1=$(vf_stat 1 rx_packets) b2=$(vf_stat 2 rx_packets)
	peer "$XFER" raw-send "$1" "$PEER_MAC" "$BCAST" "$ETYPE" "$N" "$SIZE"
	sleep 1
	echo "$(($(vf_stat 0 rx_packets) - b0)) $(($(vf_stat 1 rx_packets) - b1))" \
		"$(($(vf_stat 2 rx_packets) - b2))"
}

begin "broadcasts reach only the VFs of their VLAN"
read -r d0 d1 d2 <<<"$(bcast_deltas "$PEER_DEV.10")"
check_eq "VLAN 10 broadcast: VF 0 (vlan 10) rx delta" "$N" "$d0"
check_eq "VLAN 10 broadcast: VF 1 (vlan 20 802.1ad) rx delta" 0 "$d1"
check_eq "VLAN 10 broadcast: VF 2 (no vlan) rx delta" 0 "$d2"
read -r d0 d1 d2 <<<"$(bcast_deltas "$PEER_DEV.ad20")"
check_eq "802.1ad VLAN 20 broadcast: VF 0 rx delta" 0 "$d0"
check_eq "802.1ad VLAN 20 broadcast: VF 1 rx delta" "$N" "$d1"
check_eq "802.1ad VLAN 20 broadcast: VF 2 rx delta" 0 "$d2"
read -r d0 d1 d2 <<<"$(bcast_deltas "$PEER_DEV")"
check_eq "untagged broadcast: VF 0 rx delta" 0 "$d0"
check_eq "untagged broadcast: VF 1 rx delta" 0 "$d1"
check_eq "untagged broadcast: VF 2 rx delta" "$N" "$d2"
end

begin "a VF with a port VLAN cannot send tagged frames: dropped and counted"
check_cmd "vlan 5 device in vf0" vfx 0 ip link add link "${VF_DEV[0]}" name vlan5 type vlan id 5
vfx 0 ip link set dev vlan5 up
p=$(peer_rx)
d=$(vf_nic_stat "$PF" 0 tx_dropped)
vfx 0 "$XFER" raw-send vlan5 "$(vf_mac 0)" "$PEER_MAC" "$ETYPE" "$N" "$SIZE"
sleep 1
check_eq "peer0 rx_packets delta" 0 "$(($(peer_rx) - p))"
check_eq "NIC VF 0 tx dropped delta" "$N" "$(($(vf_nic_stat "$PF" 0 tx_dropped) - d))"
vfx 0 ip link del dev vlan5
end

begin "vlan 0 removes the port VLAN"
check_cmd "ip link set $PF vf 0 vlan 0" ip link set dev "$PF" vf 0 vlan 0
check_no_match "ip link show: vf 0 without vlan" 'vlan [0-9]' "$(vf_line 0)"
vlan_tenant 0 "$(vf_ip 0)"
ns_neigh vf0 "${VF_DEV[0]}" "$PEER_IP" "$PEER_MAC"
ns_neigh "$PEER_NS" "$PEER_DEV" "$(vf_ip 0)" "$(vf_mac 0)"
check_cmd "ping vf0 -> peer0 untagged" vfx 0 ping -c 3 -i 0.2 -W 3 "$PEER_IP"
end

begin "no kernel warnings"
check_dmesg_clean "VF configuration"
end
