#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "modprobe -r xnic" with four VFs up in their tenants' netns and traffic
# running (iperf3 VF 0 -> VF 1 and VF 2 -> peer0): no oops or warning, and
# nothing left: no module, no xnic netdev in any netns, no interrupt, no VF
# PCI function. Then load/unload cycles with num_vfs=4, the VF netdevs
# brought up each time (so their rings are allocated), lose no memory: the
# method of 01-load-unload, with a fixed allowance of MEMAVAIL_NOISE_KB on
# free memory besides the per-cycle one; a leaked VF RX ring (512 buffers)
# per cycle still exceeds it.
. "$(dirname "$0")/lib.sh"
xnic_test_init

NVF=4
CYCLES=${XNIC_VF_LOAD_CYCLES:-8}
SLAB_TOLERANCE_KB=$((64 * CYCLES))
MEMAVAIL_NOISE_KB=4096
MEMAVAIL_TOLERANCE_KB=$((1024 * CYCLES + MEMAVAIL_NOISE_KB))


# listening NETNS PORT
listening() { ip netns exec "$1" sh -c "ss -ltn | grep -q ':$2 '"; }

dmesg_mark
begin "$NVF VFs as tenants, traffic running"
xnic_vfs_up $NVF || { end; exit 1; }
spawn ip netns exec vf1 iperf3 -s -1 -B "$(vf_ip 1)" -p 5801 >/dev/null 2>&1
spawn ip netns exec "$PEER_NS" iperf3 -s -1 -B "$PEER_IP" -p 5802 >/dev/null 2>&1
if wait_for 20 listening vf1 5801 && wait_for 20 listening "$PEER_NS" 5802; then
	log0=$(mktemp /tmp/xnic-iperf.XXXXXX)
	log2=$(mktemp /tmp/xnic-iperf.XXXXXX)
	defer "rm -f '$log0' '$log2'"
	spawn ip netns exec vf0 iperf3 -c "$(vf_ip 1)" -p 5801 -t 60 -i 1 --forceflush >"$log0" 2>&1
	spawn ip netns exec vf2 iperf3 -c "$PEER_IP" -p 5802 -t 60 -i 1 --forceflush >"$log2" 2>&1
	# running: both clients have reported an interval with data
	wait_for 20 grep -qE 'Mbits/sec|Kbits/sec' "$log0" ||
		fail "iperf3 vf0 -> vf1 did not run: $(tail -n 3 "$log0")"
	wait_for 20 grep -qE 'Mbits/sec|Kbits/sec' "$log2" ||
		fail "iperf3 vf2 -> peer0 did not run: $(tail -n 3 "$log2")"
	sleep 2
else
	fail "iperf3 servers did not start"
fi
end

begin "modprobe -r xnic under traffic"
PF_PCI=$(xnic_pf_pci "$PF")
t0=$SECONDS
check_cmd "modprobe -r xnic" xnic_unload
diag "unload took $((SECONDS - t0)) s"
end

begin "nothing left after unloading with VFs and traffic"
check_eq "xnic module loaded" no "$(xnic_loaded && echo yes || echo no)"
check_eq "xnic netdevs in the initial netns" "" "$(xnic_netdevs)"
for ((i = 0; i < NVF; i++)); do
	check_eq "links in netns vf$i" lo \
		"$(ip -n "vf$i" -o link show | awk -F': ' '{ print $2 }' | tr '\n' ' ' | sed 's/ $//')"
done
check_eq "xnic interrupts in /proc/interrupts" "" "$(xnic_irqs)"
check_eq "virtfn links of $PF_PCI" 0 "$(compgen -G "/sys/bus/pci/devices/$PF_PCI/virtfn*" | wc -l)"
check_eq "PCI functions with the VF device ID" "" \
	"$(grep -l "$XNIC_VF_DEVICE_ID" /sys/bus/pci/devices/*/device 2>/dev/null)"
check_dmesg_clean "unload under traffic"
end

vf_tenants_reset

begin "the driver loads again with num_vfs=$NVF, VF netdevs come up"
dmesg_mark
if xnic_load_pf num_vfs=$NVF && wait_vf_netdevs "$(xnic_pf_pci "$PF")" $NVF; then
	for ((v = 0; v < NVF; v++)); do
		check_cmd "VF $v netdev up" ip link set dev "$(vf_netdev "$(xnic_pf_pci "$PF")" $v)" up
	done
fi
check_cmd "modprobe -r xnic" xnic_unload
end

mem_mark

begin "load num_vfs=$NVF / unload $CYCLES times"
for ((i = 1; i <= CYCLES; i++)); do
	if ! out=$(xnic_load num_vfs=$NVF 2>&1); then
		fail "cycle $i: modprobe xnic num_vfs=$NVF failed: $out"
		break
	fi
	pf=$(xnic_pf_netdev)
	n=0
	if [ -n "$pf" ] && wait_for 60 vf_netdevs_are "$(xnic_pf_pci "$pf")" $NVF; then
		n=$NVF
		for ((v = 0; v < NVF; v++)); do
			ip link set dev "$(vf_netdev "$(xnic_pf_pci "$pf")" $v)" up || n=0
		done
	fi
	if ! out=$(xnic_unload 2>&1); then
		fail "cycle $i: modprobe -r xnic failed: $out"
		break
	fi
	if [ "$n" != $NVF ]; then
		fail "cycle $i: expected $NVF VF netdevs that come up after modprobe xnic num_vfs=$NVF"
		break
	fi
done
check_eq "cycles completed" "$CYCLES" "$((i - 1))"
check_eq "xnic netdevs" "" "$(xnic_netdevs)"
check_dmesg_clean "VF load/unload cycles"
end

begin "no memory lost over $CYCLES cycles with VFs"
check_mem_kept "$SLAB_TOLERANCE_KB" "$MEMAVAIL_TOLERANCE_KB"
end
