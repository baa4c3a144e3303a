#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ethtool on the PF netdev: driver info with a firmware version, link
# settings, ring sizes (-g/-G, traffic still flows after a change), channels
# (-l/-L) and the port counters of -S.
. "$(dirname "$0")/lib.sh"
xnic_test_init

dmesg_mark
begin "ethtool -i: driver xnic, firmware version"
xnic_load_pf || { end; exit 1; }
info=$(ethtool -i "$PF" 2>&1)
check_match "ethtool -i driver" '^driver: xnic$' "$info"
fwv=$(sed -n 's/^firmware-version: *//p' <<<"$info")
check_match "ethtool -i firmware-version" '^[0-9]+\.[0-9]+\.[0-9]+' "$fwv"
check_match "ethtool -i bus-info" "^bus-info: $(basename "$(readlink -f /sys/class/net/$PF/device)")$" "$info"
end

addr_setup "$PF"
wait_carrier "$PF" >/dev/null

begin "ethtool DEV: speed and link detected"
out=$(ethtool "$PF" 2>&1)
check_match "ethtool speed" 'Speed: [0-9]+Mb/s' "$out"
check_match "ethtool link" 'Link detected: yes' "$out"
end

# ring VALUE: "RX TX" current ring sizes
rings() {
	ethtool -g "$PF" | awk '/^Current hardware settings/ { cur = 1 }
		cur && $1 == "RX:" { rx = $2 } cur && $1 == "TX:" { tx = $2 }
		END { print rx, tx }'
}

begin "ethtool -g/-G: ring sizes change and traffic still flows"
out=$(ethtool -g "$PF" 2>&1)
check_match "ethtool -g maxima" 'Pre-set maximums' "$out"
read -r rx0 tx0 <<<"$(rings)"
check_ge "RX ring" 1 "$rx0"
check_ge "TX ring" 1 "$tx0"
new=256
[ "$rx0" = 256 ] && new=512
if check_cmd "ethtool -G rx $new tx $new" ethtool -G "$PF" rx "$new" tx "$new"; then
	check_eq "rings after -G" "$new $new" "$(rings)"
	wait_carrier "$PF" >/dev/null
	check_cmd "ping after -G" ping -c 3 -i 0.2 -W 3 "$PEER_IP"
fi
check_cmd_fails "ethtool -G rx above the maximum" ethtool -G "$PF" rx 1000000
check_cmd "ethtool -G back" ethtool -G "$PF" rx "$rx0" tx "$tx0"
check_eq "rings restored" "$rx0 $tx0" "$(rings)"
end

# combined CURRENT|MAX: combined channel count
combined() {
	ethtool -l "$PF" | awk -v want="$1" '
		/^Pre-set maximums/ { sect = "max" } /^Current hardware/ { sect = "cur" }
		$1 == "Combined:" && sect == want { print $2 }'
}

begin "ethtool -l/-L: channel count changes and traffic still flows"
max=$(combined max)
cur=$(combined cur)
check_ge "combined channels" 1 "$cur"
check_ge "max combined channels" "${cur:-1}" "$max"
if [[ "$max" =~ ^[0-9]+$ ]] && [ "$max" -ge 2 ]; then
	want=$((cur == 1 ? 2 : 1))
	if check_cmd "ethtool -L combined $want" ethtool -L "$PF" combined "$want"; then
		check_eq "combined after -L" "$want" "$(combined cur)"
		wait_carrier "$PF" >/dev/null
		check_cmd "ping after -L" ping -c 3 -i 0.2 -W 3 "$PEER_IP"
	fi
	check_cmd_fails "ethtool -L above the maximum" \
		ethtool -L "$PF" combined $((max + 1))
	check_cmd "ethtool -L back" ethtool -L "$PF" combined "$cur"
	end
else
	check_cmd_fails "ethtool -L above the maximum" \
		ethtool -L "$PF" combined $((max + 1))
	end
	diag "only one channel available: the -L change was not exercised"
fi

begin "ethtool -S: port counters"
out=$(ethtool -S "$PF" 2>&1)
for k in port_rx_packets port_tx_packets port_rx_bytes port_tx_bytes; do
	check_match "ethtool -S $k" "^ +$k: [0-9]+$" "$out"
done
check_ge "port_tx_packets after pings" 1 "$(ethtool_stat "$PF" port_tx_packets)"
end

begin "no kernel warnings"
check_dmesg_clean "ethtool"
end
