#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Enabling and disabling VFs: sriov_totalvfs comes from the NIC (64);
# sriov_numvfs goes 0 -> 4 -> 0 -> 64 -> 0 with a VF PCI function bound to
# xnic and a VF netdev for each, and none left after 0 (the time to enable
# 64 is printed); 4 -> 5 is refused with EBUSY by the PCI core (changes go
# through 0) and more than 64 is refused, leaving 4; "modprobe xnic
# num_vfs=4" enables four VFs that "ip link show PF" lists as vf 0..3; and
# unloading the driver with VFs enabled leaves nothing behind.
. "$(dirname "$0")/lib.sh"
xnic_test_init

TOTAL=64

# vfs_check PCI N: N VF functions, each with the VF device ID, bound to
# xnic, with one netdev; nothing beyond N
vfs_check() {
	local pci=$1 n=$2 i v dev drv bad=0
	check_eq "sriov_numvfs" "$n" "$(sriov_numvfs "$pci")"
	check_eq "virtfn links" "$n" "$(compgen -G "/sys/bus/pci/devices/$pci/virtfn*" | wc -l)"
	check_eq "VF netdevs" "$n" "$(vf_netdev_count "$pci")"
	for ((i = 0; i < n; i++)); do
		v=$(vf_pci "$pci" "$i")
		dev=$(cat "/sys/bus/pci/devices/$v/device" 2>/dev/null)
		drv=$(basename "$(readlink "/sys/bus/pci/devices/$v/driver" 2>/dev/null)")
		if [ "$dev" != "$XNIC_VF_DEVICE_ID" ] || [ "$drv" != xnic ]; then
			fail "VF $i ($v): expected device $XNIC_VF_DEVICE_ID bound to xnic, saw device '$dev' driver '$drv'"
			bad=$((bad + 1))
			[ $bad -ge 3 ] && break
		fi
	done
}

dmesg_mark
begin "sriov_totalvfs is $TOTAL, sriov_numvfs 0 after load"
xnic_load_pf || { end; exit 1; }
PF_PCI=$(xnic_pf_pci "$PF")
diag "PF $PF at $PF_PCI"
check_eq "sriov_totalvfs" "$TOTAL" "$(sriov_totalvfs "$PF_PCI")"
check_eq "sriov_numvfs" 0 "$(sriov_numvfs "$PF_PCI")"
end

begin "sriov_numvfs 0 -> 4: four VFs bound to xnic with netdevs"
check_cmd "echo 4 > sriov_numvfs" sriov_set "$PF_PCI" 4 &&
	wait_vf_netdevs "$PF_PCI" 4 && vfs_check "$PF_PCI" 4
dev0=$(vf_netdev "$PF_PCI" 0)
check_match "VF 0 netdev ethtool -i driver" '^driver: xnic$' "$(ethtool -i "$dev0" 2>&1)"
mac0=$(cat "/sys/class/net/$dev0/address" 2>/dev/null)
check_match "VF 0 netdev MAC is unicast and not zero" \
	'^[0-9a-f][02468ace](:[0-9a-f]{2}){5}$' "$mac0"
check_ne "VF 0 netdev MAC" 00:00:00:00:00:00 "$mac0"
check_match "ip link show $PF lists vf 3" '^ +vf 3 ' "$(ip link show dev "$PF")"
end

begin "sriov_numvfs 4 -> 5 refused with EBUSY (must go through 0)"
out=$(sriov_set "$PF_PCI" 5)
rc=$?
check_ne "exit status of echo 5 > sriov_numvfs" 0 "$rc"
check_eq "error" "Device or resource busy" "$out"
vfs_check "$PF_PCI" 4
end

begin "sriov_numvfs $((TOTAL + 1)) (> sriov_totalvfs) refused"
out=$(sriov_set "$PF_PCI" $((TOTAL + 1)))
check_ne "exit status of echo $((TOTAL + 1)) > sriov_numvfs" 0 "$?"
diag "refused with: $out"
check_ne "error message" "" "$out"
vfs_check "$PF_PCI" 4
end

begin "sriov_numvfs 4 -> 0: VFs and their netdevs gone"
check_cmd "echo 0 > sriov_numvfs" sriov_set "$PF_PCI" 0
vfs_check "$PF_PCI" 0
check_no_match "ip link show $PF" '^ +vf [0-9]' "$(ip link show dev "$PF")"
end

begin "sriov_numvfs 0 -> $TOTAL: $TOTAL VF netdevs"
t0=$(date +%s.%N)
if check_cmd "echo $TOTAL > sriov_numvfs" sriov_set "$PF_PCI" "$TOTAL"; then
	t1=$(date +%s.%N)
	wait_vf_netdevs "$PF_PCI" "$TOTAL" 300
	t2=$(date +%s.%N)
	diag "$(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
		printf "enabling 64 VFs: write returned after %.1f s, all netdevs after %.1f s", b - a, c - a }')"
	vfs_check "$PF_PCI" "$TOTAL"
	check_eq "VF lines in ip link show $PF" "$TOTAL" \
		"$(ip link show dev "$PF" | grep -cE '^ +vf [0-9]+ ')"
fi
end

begin "sriov_numvfs $TOTAL -> 0: all gone"
t0=$(date +%s.%N)
check_cmd "echo 0 > sriov_numvfs" sriov_set "$PF_PCI" 0
diag "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "disabling 64 VFs: %.1f s", b - a }')"
vfs_check "$PF_PCI" 0
check_eq "xnic netdevs" "$PF" "$(xnic_netdevs)"
check_dmesg_clean "enable/disable cycles"
end

begin "modprobe xnic num_vfs=4: ip link show lists vf 0..3"
check_cmd "modprobe -r xnic" xnic_unload
dmesg_mark
xnic_load_pf num_vfs=4 || { end; exit 1; }
PF_PCI=$(xnic_pf_pci "$PF")
wait_vf_netdevs "$PF_PCI" 4 && vfs_check "$PF_PCI" 4
show=$(ip link show dev "$PF")
for i in 0 1 2 3; do
	check_match "ip link show $PF: vf $i" "^ +vf $i +link/ether " "$show"
done
check_no_match "ip link show $PF: no vf 4" '^ +vf 4 ' "$show"
end

begin "modprobe -r xnic with 4 VFs enabled: nothing left"
check_cmd "modprobe -r xnic" xnic_unload
check_eq "xnic module loaded" no "$(xnic_loaded && echo yes || echo no)"
check_eq "xnic netdevs" "" "$(xnic_netdevs)"
check_eq "xnic interrupts in /proc/interrupts" "" "$(xnic_irqs)"
check_eq "virtfn links of $PF_PCI" 0 "$(compgen -G "/sys/bus/pci/devices/$PF_PCI/virtfn*" | wc -l)"
check_eq "PCI functions with the VF device ID" "" \
	"$(grep -l "$XNIC_VF_DEVICE_ID" /sys/bus/pci/devices/*/device 2>/dev/null)"
check_dmesg_clean "unload with VFs"
end
