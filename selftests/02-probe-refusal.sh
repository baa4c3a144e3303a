#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The driver refuses to bring up a NIC whose firmware image is missing,
# truncated or corrupt, and leaves nothing behind; with the good image
# back, a normal load works.
#
# firmware_class.path is switched at run time to a tmpfs directory holding
# the bad image. request_firmware() also searches /lib/firmware, which has
# no xnic/ directory (checked below), so "missing" really is missing.
# modprobe itself may succeed while the PCI probe fails: what counts is that
# no xnic netdev exists, that the kernel log names the reason, and that
# nothing stays bound or allocated.
. "$(dirname "$0")/lib.sh"
xnic_test_init

BAD=$(mktemp -d /tmp/xnic-badfw.XXXXXX)
defer "rm -rf '$BAD'"

begin "the good image and the tool agree"
check_cmd "xnic-fw verify of the built image" "$XNIC_FW_TOOL" verify "$FW_IMAGE"
check_eq "/lib/firmware/xnic exists" no \
	"$([ -e /lib/firmware/xnic ] && echo yes || echo no)"
end

size=$(stat -c %s "$FW_IMAGE")
# header_len: little-endian u16 at offset 6 of the header
hlen=$(od -An -tu2 -j6 -N2 --endian=little "$FW_IMAGE" | tr -d ' ')

# refuse CASE EXPECTED-LOG-REGEX: load with $BAD as firmware path, expect
# refusal with that message and nothing left behind
refuse() {
	local out
	fw_path_set "$BAD"
	dmesg_mark
	out=$(xnic_load 2>&1)
	diag "$1: modprobe xnic exited with $? ${out:+($out)}"
	check_eq "$1: xnic netdevs" "" "$(xnic_netdevs)"
	check_match "$1: kernel log" "$2" "$(dmesg_since | grep -i xnic)"
	check_cmd "$1: modprobe -r xnic" xnic_unload
	check_eq "$1: xnic interrupts" "" "$(xnic_irqs)"
	check_eq "$1: module gone" no "$(xnic_loaded && echo yes || echo no)"
	check_dmesg_clean "$1"
	fw_path_reset
}

begin "missing image is refused"
rm -rf "${BAD:?}"/*
mkdir -p "$BAD/xnic"
refuse missing 'xnic\.fw.* not found'
end

begin "truncated image (header cut) is refused"
head -c $((hlen / 2)) "$FW_IMAGE" >"$BAD/xnic/xnic.fw"
refuse "truncated header" 'xnic\.fw truncated'
end

begin "truncated image (payload cut) is refused"
if [ "$size" -gt "$((hlen + 1))" ]; then
	head -c $((size - 1)) "$FW_IMAGE" >"$BAD/xnic/xnic.fw"
	check_cmd_fails "xnic-fw verify of the truncated image" \
		"$XNIC_FW_TOOL" verify "$BAD/xnic/xnic.fw"
	refuse "truncated payload" 'xnic\.fw truncated'
	end
else
	skip "the image has no payload"
fi

begin "corrupt image (one payload byte flipped) is refused"
if [ "$size" -gt "$hlen" ]; then
	cp "$FW_IMAGE" "$BAD/xnic/xnic.fw"
	byte=$(od -An -tu1 -j"$hlen" -N1 "$FW_IMAGE" | tr -d ' ')
	printf "\\x$(printf %02x $((byte ^ 0x01)))" |
		dd of="$BAD/xnic/xnic.fw" bs=1 seek="$hlen" conv=notrunc status=none
	check_eq "cmp status of the flipped copy" 1 \
		"$(cmp -s "$FW_IMAGE" "$BAD/xnic/xnic.fw"; echo $?)"
	check_cmd_fails "xnic-fw verify of the corrupt image" \
		"$XNIC_FW_TOOL" verify "$BAD/xnic/xnic.fw"
	refuse corrupt 'xnic\.fw rejected'
	end
else
	skip "the image has no payload"
fi

begin "a normal load works after the refusals"
fw_path_reset
check_eq "firmware path" "$FW_PATH_DEFAULT" "$(cat "$FW_PATH_PARAM")"
dmesg_mark
xnic_load_pf
check_cmd "modprobe -r xnic" xnic_unload
check_dmesg_clean "normal load"
end
