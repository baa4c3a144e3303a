#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load and unload the driver 20 times. Afterwards nothing may be left:
# no xnic netdev, no xnic interrupt, no module, no kernel warning, and no
# lost memory.
#
# Memory: Debian's kernel has no kmemleak (CONFIG_DEBUG_KMEMLEAK unset), so
# the check compares unreclaimable slab (SUnreclaim in /proc/meminfo) after
# dropping caches, before and after the loop. One load/unload runs first so
# that one-time allocations (slab caches, sysfs, the firmware loader) are in
# the baseline. The tolerance (SLAB_TOLERANCE_KB, 64 KiB per cycle) is
# noise from the rest of the system; a leak of a netdev, its queues or a
# command buffer per cycle exceeds it. Leaks of whole pages (DMA rings, RX
# buffers) are not in slab: free memory (MemAvailable plus the per-CPU
# page lists, see mem_available in lib.sh) is compared too, with a bound of
# 1 MiB per cycle, which catches a leaked RX ring's buffers (megabytes per
# cycle).
. "$(dirname "$0")/lib.sh"
xnic_test_init

CYCLES=${XNIC_LOAD_CYCLES:-20}
SLAB_TOLERANCE_KB=$((64 * CYCLES))
MEMAVAIL_TOLERANCE_KB=$((1024 * CYCLES))


begin "first load finds the NIC and creates the PF netdev"
dmesg_mark
xnic_load_pf && check_ne "PF netdev" "" "$PF"
check_cmd "modprobe -r xnic" xnic_unload
end

mem_mark

begin "load/unload $CYCLES times"
dmesg_mark
for ((i = 1; i <= CYCLES; i++)); do
	if ! out=$(xnic_load 2>&1); then
		fail "cycle $i: modprobe xnic failed: $out"
		break
	fi
	n=$(xnic_pf_netdev)
	if ! out=$(xnic_unload 2>&1); then
		fail "cycle $i: modprobe -r xnic failed: $out"
		break
	fi
	if [ -z "$n" ]; then
		fail "cycle $i: no PF netdev after modprobe xnic"
		break
	fi
done
check_eq "cycles completed" "$CYCLES" "$((i - 1))"
end

begin "nothing left after unloading"
check_eq "xnic module loaded" no "$(xnic_loaded && echo yes || echo no)"
check_eq "xnic netdevs" "" "$(xnic_netdevs)"
check_eq "xnic interrupts in /proc/interrupts" "" "$(xnic_irqs)"
for d in $(xnic_pci_devices); do
	check_eq "driver bound to $d" "" \
		"$(readlink "/sys/bus/pci/devices/$d/driver" 2>/dev/null)"
done
check_dmesg_clean "load/unload cycles"
end

begin "no memory lost over $CYCLES cycles"
check_mem_kept "$SLAB_TOLERANCE_KB" "$MEMAVAIL_TOLERANCE_KB"
end
