#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The PF's devlink instance and the eswitch mode, without VFs:
#
#   devlink dev show     lists pci/PF-PCI once the driver is bound
#   devlink dev info     driver xnic; serial_number is the PF's PCIe Device
#                        Serial Number (as lspci reads it); a fixed asic.id;
#                        running fw is the version of the firmware image
#                        the driver loaded (xnic-fw info)
#   eswitch show         mode legacy, inline-mode none, encap-mode basic
#   eswitch set          switchdev: the uplink (p0) and PF (pf0)
#                        representors appear, nothing else; the same mode
#                        again changes nothing; inline-mode other than none
#                        and a mode name devlink does not know are refused
#                        with an error and change nothing; legacy: the
#                        representors go and the PF talks to peer0 again
#   modprobe -r          in switchdev mode leaves no devlink instance and no
#                        representor
. "$(dirname "$0")/lib.sh"
xnic_test_init

dmesg_mark
begin "devlink dev show lists the PF"
xnic_load_pf || { end; exit 1; }
PF_PCI=$(xnic_pf_pci "$PF")
diag "PF $PF at $PF_PCI"
check_match "devlink dev show" "^pci/$PF_PCI\$" "$(devlink dev show 2>&1)"
end

begin "devlink dev info: driver, serial number (PCIe DSN), versions"
check_eq "driver" xnic "$(dl_dev_info "$PF_PCI" .driver)"
dsn=$(lspci -s "$PF_PCI" -vv 2>/dev/null | sed -n 's/.*Device Serial Number \([0-9a-fA-F-]*\).*/\1/p')
serial=$(dl_dev_info "$PF_PCI" .serial_number)
diag "lspci DSN '$dsn', devlink serial_number '$serial'"
check_ne "PCIe DSN capability of $PF_PCI (lspci -vv)" "" "$dsn"
# the same 8 bytes, whatever separators the driver prints
check_eq "serial_number, hex digits" "$(tr -d ':-' <<<"${dsn,,}")" "$(tr -d ':-' <<<"${serial,,}")"
asic=$(dl_dev_info "$PF_PCI" '.versions.fixed["asic.id"]')
check_ne "fixed asic.id" missing "$asic"
check_ne "fixed asic.id" "" "$asic"
fw_want=$("$XNIC_FW_TOOL" info "$FW_IMAGE" 2>/dev/null | awk '$1 == "version:" { print $2 }')
check_ne "version of $FW_IMAGE (xnic-fw info)" "" "$fw_want"
check_eq "running fw" "$fw_want" "$(dl_dev_info "$PF_PCI" .versions.running.fw)"
diag "$(devlink dev info "pci/$PF_PCI" 2>&1 | tr -s ' \n' ' ')"
end

begin "eswitch show after load: legacy, inline-mode none, encap-mode basic"
check_eq "mode" legacy "$(esw_show "$PF_PCI" mode)"
check_eq "inline-mode" none "$(esw_show "$PF_PCI" inline-mode)"
check_eq "encap-mode" basic "$(esw_show "$PF_PCI" encap-mode)"
check_eq "representors in legacy mode" 0 "$(rep_count)"
end

begin "switchdev without VFs: uplink and PF representors only"
switchdev_on "$PF_PCI" 0
check_eq "mode" switchdev "$(esw_show "$PF_PCI" mode)"
check_eq "inline-mode" none "$(esw_show "$PF_PCI" inline-mode)"
check_eq "encap-mode" basic "$(esw_show "$PF_PCI" encap-mode)"
check_eq "representors (phys_port_name)" "$(want_reps 0 | tr '\n' ' ')" \
	"$(xnic_reps | awk '{ printf "%s ", $2 }')"
check_eq "PF netdev still $PF" "$PF" "$(xnic_pf_netdev)"
end

begin "switchdev again: no-op, same representors"
before=$(xnic_reps)
check_cmd "eswitch set mode switchdev (already)" esw_set "$PF_PCI" switchdev
check_eq "mode" switchdev "$(esw_mode "$PF_PCI")"
check_eq "representors" "$before" "$(xnic_reps)"
end

begin "inline-mode other than none refused, nothing changed"
before=$(xnic_reps)
check_cmd_fails "eswitch set inline-mode transport" \
	devlink dev eswitch set "pci/$PF_PCI" inline-mode transport
check_eq "inline-mode" none "$(esw_show "$PF_PCI" inline-mode)"
check_eq "mode" switchdev "$(esw_mode "$PF_PCI")"
check_eq "representors" "$before" "$(xnic_reps)"
end

begin "unknown mode name refused by devlink, nothing changed"
before=$(xnic_reps)
out=$(esw_set "$PF_PCI" bogus 2>&1)
check_ne "exit status of eswitch set mode bogus" 0 "$?"
diag "refused with: $out"
check_ne "error message" "" "$out"
check_eq "mode" switchdev "$(esw_mode "$PF_PCI")"
check_eq "representors" "$before" "$(xnic_reps)"
end

begin "back to legacy: representors gone, PF <-> peer0 works"
check_cmd "eswitch set mode legacy" esw_set "$PF_PCI" legacy
check_eq "mode" legacy "$(esw_mode "$PF_PCI")"
wait_reps 0 10
addr_setup "$PF"
wait_carrier "$PF" && check_cmd "ping PF -> peer0" ping -c 3 -i 0.2 -W 3 "$PEER_IP"
end

begin "legacy -> switchdev -> legacy twice more without VFs"
for i in 1 2; do
	switchdev_on "$PF_PCI" 0 || break
	check_cmd "round $i: eswitch set mode legacy" esw_set "$PF_PCI" legacy || break
	wait_reps 0 10 || break
done
check_eq "mode" legacy "$(esw_mode "$PF_PCI")"
check_cmd "ping PF -> peer0" ping -c 3 -i 0.2 -W 3 "$PEER_IP"
end

begin "modprobe -r in switchdev mode: no devlink instance, no representor"
switchdev_on "$PF_PCI" 0
check_cmd "modprobe -r xnic" xnic_unload
check_eq "devlink dev show" "" "$(devlink dev show 2>&1)"
check_eq "representors" "" "$(xnic_reps)"
check_eq "xnic netdevs" "" "$(xnic_netdevs)"
end

begin "no kernel warnings"
check_dmesg_clean "devlink and eswitch mode"
end
