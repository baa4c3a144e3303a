#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Representors in switchdev mode, with four VFs as tenants in netns
# vf0..vf3:
#
#   - switching creates exactly 4 VF representors (phys_port_name pf0vf0..3),
#     one uplink representor (p0) and one PF representor (pf0), all with the
#     same non-empty phys_switch_id; each has a devlink port of flavour
#     pcivf (pfnum 0, vfnum N) / physical / pcipf (pfnum 0) naming it as its
#     netdev, and hw-tc-offload on in ethtool -k;
#   - "devlink port function set PORT hw_addr MAC" on VF 2's port: the VF's
#     netdev in its netns takes the MAC, "ip link show PF" shows it in the
#     vf 2 line and the devlink port reports it;
#   - VFs removed in switchdev mode lose their representors, VFs created
#     afterwards get them;
#   - 64 VFs in switchdev mode: 64 VF representors (+ uplink + PF), each
#     with its devlink vfnum; back to legacy: none; then 0 VFs.
. "$(dirname "$0")/lib.sh"
xnic_test_init

NVF=4
MAX=64
HW_ADDR2=02:00:00:00:02:22

dmesg_mark
begin "$NVF VFs as tenants with carrier"
xnic_vfs_up $NVF || { end; exit 1; }
end

begin "switchdev: $NVF VF representors, uplink and PF representors"
switchdev_on "$PF_PCI" $NVF
check_eq "mode" switchdev "$(esw_mode "$PF_PCI")"
check_eq "representors (phys_port_name)" "$(want_reps $NVF | tr '\n' ' ')" \
	"$(xnic_reps | awk '{ printf "%s ", $2 }')"
xnic_reps | while read -r n p; do diag "$p: $n"; done
end

begin "one common, non-empty switch id"
ids=$(xnic_reps | while read -r n _; do netdev_switch_id "$n"; done | sort -u)
check_eq "distinct phys_switch_id values" 1 "$(grep -c . <<<"$ids")"
check_match "phys_switch_id" '^[0-9a-f]+$' "$ids"
diag "switch id $ids"
end

# port_check NETDEV FLAVOUR PFNUM VFNUM: its devlink port (VFNUM "missing"
# for ports that have none)
port_check() {
	local what
	what="devlink port of $1 ($(netdev_ppn "$1"))"
	check_ne "$what" "" "$(dl_port_json "$1")" || return 1
	check_eq "$what: flavour" "$2" "$(dl_port_attr "$1" .flavour)"
	[ "$3" = missing ] || check_eq "$what: pfnum" "$3" "$(dl_port_attr "$1" .pfnum)"
	check_eq "$what: vfnum" "$4" "$(dl_port_attr "$1" .vfnum)"
	check_match "$what: handle" "^pci/$PF_PCI/[0-9]+\$" "$(dl_port_attr "$1" .handle)"
}

begin "devlink ports: flavour, pfnum, vfnum, netdev"
port_check "$(rep_netdev p0)" physical missing missing
check_eq "devlink port of p0: port number" 0 "$(dl_port_attr "$(rep_netdev p0)" .port)"
port_check "$(rep_netdev pf0)" pcipf 0 missing
for ((i = 0; i < NVF; i++)); do
	port_check "$(rep_netdev "pf0vf$i")" pcivf 0 "$i"
done
ports=$(devlink -j port show 2>/dev/null | jq -r --arg pci "pci/$PF_PCI/" \
	'.port | to_entries[] | select(.key | startswith($pci)) | .value.flavour' | sort | uniq -c |
	awk '{ printf "%s=%s ", $2, $1 }')
diag "devlink ports of pci/$PF_PCI: $ports"
check_match "pcivf ports" "pcivf=$NVF " "$ports"
check_match "pcipf ports" "pcipf=1 " "$ports"
end

begin "representors have hw-tc-offload"
while read -r n p; do
	check_match "ethtool -k $n ($p)" '^hw-tc-offload: on' "$(ethtool -k "$n" 2>&1)"
done < <(xnic_reps)
end

begin "devlink port function set hw_addr sets VF 2's MAC"
port2=$(dl_port_attr "$(rep_netdev pf0vf2)" .handle)
if check_ne "devlink port of pf0vf2" missing "$port2"; then
	check_cmd "devlink port function set $port2 hw_addr $HW_ADDR2" \
		devlink port function set "$port2" hw_addr "$HW_ADDR2"
	wait_for 5 sh -c "[ \"\$(ip netns exec vf2 cat /sys/class/net/${VF_DEV[2]}/address)\" = $HW_ADDR2 ]"
	check_eq "VF 2 netdev MAC in netns vf2 (within 5 s)" "$HW_ADDR2" "$(vf_mac 2)"
	check_eq "ip link show $PF: vf 2 MAC" "$HW_ADDR2" "$(vf_info "$PF" 2 .address)"
	check_eq "devlink port function hw_addr" "$HW_ADDR2" "$(dl_port_attr "$(rep_netdev pf0vf2)" .function.hw_addr)"
	check_ne "ip link show $PF: vf 1 MAC untouched" "$HW_ADDR2" "$(vf_info "$PF" 1 .address)"
fi
end

begin "hw_addr: a multicast MAC refused, VF 2 keeps its MAC"
check_cmd_fails "devlink port function set $port2 hw_addr 03:00:00:00:00:01 (multicast)" \
	devlink port function set "$port2" hw_addr 03:00:00:00:00:01
check_eq "VF 2 MAC after the refusal" "$HW_ADDR2" "$(vf_info "$PF" 2 .address)"
check_eq "VF 2 netdev MAC after the refusal" "$HW_ADDR2" "$(vf_mac 2)"
end

vf_tenants_reset

begin "VFs removed in switchdev mode lose their representors"
check_cmd "echo 0 > sriov_numvfs" sriov_set "$PF_PCI" 0
wait_reps 2 30
check_eq "representors" "$(want_reps 0 | tr '\n' ' ')" "$(xnic_reps | awk '{ printf "%s ", $2 }')"
check_eq "mode" switchdev "$(esw_mode "$PF_PCI")"
end

begin "VFs created in switchdev mode get representors"
check_cmd "echo 2 > sriov_numvfs" sriov_set "$PF_PCI" 2
wait_vf_netdevs "$PF_PCI" 2
wait_reps 4 30
check_eq "representors" "$(want_reps 2 | tr '\n' ' ')" "$(xnic_reps | awk '{ printf "%s ", $2 }')"
for i in 0 1; do
	port_check "$(rep_netdev "pf0vf$i")" pcivf 0 "$i"
done
end

begin "$MAX VFs in switchdev mode: $MAX VF representors + uplink + PF"
check_cmd "echo 0 > sriov_numvfs" sriov_set "$PF_PCI" 0
wait_reps 2 30
t0=$(date +%s.%N)
if check_cmd "echo $MAX > sriov_numvfs" sriov_set "$PF_PCI" $MAX; then
	wait_vf_netdevs "$PF_PCI" $MAX 300
	wait_reps $((MAX + 2)) 300
	diag "$(awk -v a="$t0" -v b="$(date +%s.%N)" \
		'BEGIN { printf "64 VFs with netdevs and representors after %.1f s", b - a }')"
	check_eq "representors (phys_port_name)" "$(want_reps $MAX | tr '\n' ' ')" \
		"$(xnic_reps | awk '{ printf "%s ", $2 }')"
	vfnums=$(devlink -j port show 2>/dev/null | jq -r --arg pci "pci/$PF_PCI/" \
		'[.port | to_entries[] | select(.key | startswith($pci)) |
		  select(.value.flavour == "pcivf") | .value.vfnum] | sort | map(tostring) | join(" ")')
	check_eq "vfnum of the pcivf devlink ports" "$(seq -s ' ' 0 $((MAX - 1)))" "$vfnums"
	check_eq "pf0vf63's devlink vfnum" 63 "$(dl_port_attr "$(rep_netdev pf0vf63)" .vfnum)"
fi
end

begin "$MAX VFs: back to legacy, then 0 VFs"
t0=$(date +%s.%N)
check_cmd "eswitch set mode legacy" esw_set "$PF_PCI" legacy
wait_reps 0 120
diag "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "switch to legacy with 64 VFs: %.1f s", b - a }')"
check_eq "mode" legacy "$(esw_mode "$PF_PCI")"
check_eq "VF netdevs still there" $MAX "$(vf_netdev_count "$PF_PCI")"
check_cmd "echo 0 > sriov_numvfs" sriov_set "$PF_PCI" 0
check_eq "VF netdevs" 0 "$(vf_netdev_count "$PF_PCI")"
check_eq "sriov_numvfs" 0 "$(sriov_numvfs "$PF_PCI")"
check_eq "xnic netdevs" "$PF" "$(xnic_netdevs)"
end

begin "no kernel warnings"
check_dmesg_clean "representors"
end
