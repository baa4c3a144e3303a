#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad "ip link set PF vf ..." input, with four VFs: a VF index out of range
# (for each attribute), a multicast MAC, VLAN 4096, qos 8, an unknown VLAN
# protocol, a rate on a VF that does not exist. Each is refused with its
# errno and "ip -d link show PF" is unchanged. A zero MAC is not an error:
# it clears the administrator's MAC (src/xnic_hw.h, struct xnic_vf_config),
# after which the untrusted VF may set its own MAC again.
. "$(dirname "$0")/lib.sh"
xnic_test_init

NVF=4
MAC=02:00:00:00:00:20
VF_OWN_MAC=02:00:00:00:02:20

vf_line() { ip link show dev "$PF" | grep -E "^ +vf $1 "; }

# refused WHAT ERRNO-REGEX ARGS...: "ip link set PF ARGS" fails with a
# message matching ERRNO-REGEX and changes nothing; when the kernel refused
# it (not iproute2 itself), the driver's log says why, naming the VF
refused() {
	local what=$1 re=$2 before out rc outer_mark=$DMESG_MARK
	shift 2
	before=$(pf_link_show "$PF")
	dmesg_mark
	out=$(ip link set dev "$PF" "$@" 2>&1)
	rc=$?
	check_ne "$what: exit status of ip link set $PF $*" 0 "$rc"
	check_match "$what: error message" "$re" "$out"
	if [[ "$out" == RTNETLINK* ]]; then
		check_match "$what: kernel log" 'xnic.*VF [0-9]+' "$(dmesg_since)"
	fi
	DMESG_MARK=$outer_mark
	check_eq "$what: ip -d link show $PF" "$before" "$(pf_link_show "$PF")"
}

dmesg_mark
begin "$NVF VFs, VF 0 as tenant"
xnic_load_pf || { end; exit 1; }
PF_PCI=$(xnic_pf_pci "$PF")
addr_setup "$PF"
check_cmd "echo $NVF > sriov_numvfs" sriov_set "$PF_PCI" $NVF || { end; exit 1; }
if ! wait_vf_netdevs "$PF_PCI" $NVF || ! vf_tenant "$PF_PCI" 0; then
	end
	exit 1
fi
end

INVAL='RTNETLINK answers: Invalid argument'
begin "VF index $NVF (out of range) refused for each attribute"
refused "mac" "$INVAL" vf $NVF mac "$MAC"
refused "vlan" "$INVAL" vf $NVF vlan 10
refused "spoofchk" "$INVAL" vf $NVF spoofchk on
refused "trust" "$INVAL" vf $NVF trust on
refused "state" "$INVAL" vf $NVF state disable
refused "rate (legacy IFLA_VF_TX_RATE, reaches the driver)" "$INVAL" vf $NVF rate 10
refused "vf 65535" "$INVAL" vf 65535 mac "$MAC"
end

begin "max_tx_rate on a VF that does not exist refused"
# iproute2 reads the VF's current rates first and stops there itself
refused "max_tx_rate" "Cannot find VF $NVF|$INVAL" vf $NVF max_tx_rate 10
end

begin "multicast MAC refused"
refused "01:00:5e:00:00:01" "$INVAL" vf 0 mac 01:00:5e:00:00:01
refused "ff:ff:ff:ff:ff:ff" "$INVAL" vf 0 mac ff:ff:ff:ff:ff:ff
end

# refused_raw WHAT ERRNO-REGEX VF VLAN QOS PROTO: as refused, through
# vf_vlan_set.py (iproute2 refuses VLAN > 4095 and other protocols itself,
# so the driver would never see them)
refused_raw() {
	local what=$1 re=$2 before out rc outer_mark=$DMESG_MARK
	shift 2
	before=$(pf_link_show "$PF")
	dmesg_mark
	out=$("$SELFTESTS/vf_vlan_set.py" "$PF" "$@" 2>&1)
	rc=$?
	check_ne "$what: exit status of vf_vlan_set.py $PF $*" 0 "$rc"
	check_match "$what: error message" "$re" "$out"
	check_match "$what: kernel log" 'xnic.*VF [0-9]+' "$(dmesg_since)"
	DMESG_MARK=$outer_mark
	check_eq "$what: ip -d link show $PF" "$before" "$(pf_link_show "$PF")"
}

begin "VLAN 4096, qos 8, unknown VLAN protocol refused by the driver"
# the raw path works: a good VLAN through it is taken, then removed
check_cmd "vf_vlan_set.py vf 0 vlan 10 qos 3 802.1Q" \
	"$SELFTESTS/vf_vlan_set.py" "$PF" 0 10 3 0x8100
check_match "ip link show: vf 0 vlan 10, qos 3" 'vlan 10, qos 3' "$(vf_line 0)"
check_cmd "vf_vlan_set.py vf 0 vlan 0" "$SELFTESTS/vf_vlan_set.py" "$PF" 0 0 0 0x8100
refused_raw "vlan 4096" "$INVAL" 0 4096 0 0x8100
refused_raw "vlan 10 qos 8" "$INVAL" 0 10 8 0x8100
refused "vlan 10 qos 8 (ip)" "$INVAL" vf 0 vlan 10 qos 8
refused_raw "vlan 10 proto 0x9100" 'RTNETLINK answers: Protocol not supported' 0 10 0 0x9100
refused_raw "vlan 4096 on VF $NVF" "$INVAL" $NVF 4096 0 0x8100
end

begin "zero MAC clears the administrator's MAC"
check_cmd "ip link set $PF vf 0 mac $MAC" ip link set dev "$PF" vf 0 mac "$MAC"
wait_for 5 sh -c "[ \"\$(ip netns exec vf0 cat /sys/class/net/${VF_DEV[0]}/address)\" = $MAC ]"
check_eq "VF 0 netdev MAC" "$MAC" "$(vf_mac 0)"
vfx 0 ip link set dev "${VF_DEV[0]}" down
check_cmd_fails "untrusted VF sets its MAC while the administrator's is set" \
	vfx 0 ip link set dev "${VF_DEV[0]}" address "$VF_OWN_MAC"
check_cmd "ip link set $PF vf 0 mac 00:00:00:00:00:00" \
	ip link set dev "$PF" vf 0 mac 00:00:00:00:00:00
check_cmd "untrusted VF sets its own MAC after the clear" \
	vfx 0 ip link set dev "${VF_DEV[0]}" address "$VF_OWN_MAC"
vfx 0 ip link set dev "${VF_DEV[0]}" up
check_eq "VF 0 netdev MAC" "$VF_OWN_MAC" "$(vf_mac 0)"
check_match "ip link show: vf 0 shows the VF's own MAC" "link/ether $VF_OWN_MAC" "$(vf_line 0)"
end

begin "no kernel warnings"
check_dmesg_clean "bad VF input"
end
