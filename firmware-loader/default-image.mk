# SPDX-License-Identifier: GPL-2.0
#
# Manifest of the default firmware image, build/firmware/xnic/xnic.fw, that
# the driver uploads at probe (/lib/firmware/xnic/xnic.fw once installed).
# Documentation/firmware.rst describes each field.
#
# Capabilities list only what the NIC model implements today; add one here
# when the feature lands (sriov, switchdev, flower, bpf) and bump the version.

FW_VERSION       := 1.2.0
FW_NAME          := xnic-nic
FW_CAPS          := l2,sriov,switchdev,flower,bpf
FW_MAX_FLOWS     := 1048576
FW_MAX_BPF_INSNS := 4096
FW_DESCRIPTION   := xnic NIC model firmware: L2 ports, SR-IOV legacy and switchdev eswitch, TC flower offload, XDP program engine

# Build time recorded in the image when SOURCE_DATE_EPOCH is not set, so the
# default image is byte-for-byte reproducible: the time this manifest last
# changed (2026-11-22 04:00:00 UTC). Update it with the fields above.
FW_BUILD_TIME    := 1795320000
