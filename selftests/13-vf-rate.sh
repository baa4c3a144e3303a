#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Transmit rate shaping in the NIC: "ip link set PF vf 0 max_tx_rate RATE"
# holds a TCP stream from VF 0 (netns vf0) to peer0 within 15 % of RATE
# (iperf3, first second omitted); "max_tx_rate 0" lifts it, and the stream
# then runs clearly faster than RATE again (at least 1.5 x). RATE is a third
# of what the same stream carries without a limit, at most 50 Mbit/s: the
# guest runs under TCG on a shared machine, where that capacity ranges from
# 10 to over 100 Mbit/s, and a limit near the capacity could not tell the
# limiter from a slow path. "min_tx_rate 10" is refused with EOPNOTSUPP
# (the NIC does not guarantee rates) and changes nothing.
. "$(dirname "$0")/lib.sh"
xnic_test_init

RATE_MAX=50
RATE_MIN=3
SECS=${XNIC_RATE_SECONDS:-6}

vf_line() { ip link show dev "$PF" | grep -E "^ +vf $1 "; }

# rate_of: kbit/s of VF 0 -> peer0
rate_of() { iperf_rate 1e3 "$PEER_NS" vf0 "$PEER_IP" "$1" "$SECS" -O 1; }

dmesg_mark
begin "VF 0 as tenant with carrier"
xnic_vfs_up 1 || { end; exit 1; }
end

begin "without a limit VF 0 -> peer0 runs at $((3 * RATE_MIN)) Mbit/s or more"
unlimited=$(rate_of 5701)
diag "unlimited: ${unlimited:-failed} kbit/s"
check_ge "unlimited rate (kbit/s)" $((3000 * RATE_MIN)) "${unlimited:-failed}"
end
[[ "$unlimited" =~ ^[0-9]+$ ]] || unlimited=$((3000 * RATE_MIN))
RATE=$((unlimited / 3000))
((RATE > RATE_MAX)) && RATE=$RATE_MAX
((RATE < RATE_MIN)) && RATE=$RATE_MIN
# bounds in kbit/s
LOW=$((RATE * 850))
HIGH=$((RATE * 1150))
FAST=$((RATE * 1500))

begin "max_tx_rate $RATE holds VF 0 within 15 % ($LOW..$HIGH kbit/s)"
check_cmd "ip link set $PF vf 0 max_tx_rate $RATE" ip link set dev "$PF" vf 0 max_tx_rate $RATE
check_match "ip link show: vf 0 max_tx_rate" "max_tx_rate ${RATE}Mbps" "$(vf_line 0)"
check_eq "ip -j: vf 0 rate.max_tx" "$RATE" "$(vf_info "$PF" 0 .rate.max_tx)"
limited=$(rate_of 5702)
diag "max_tx_rate $RATE: ${limited:-failed} kbit/s"
check_ge "shaped rate (kbit/s)" "$LOW" "${limited:-failed}"
check_le "shaped rate (kbit/s)" "$HIGH" "${limited:-failed}"
end

begin "min_tx_rate 10 refused with EOPNOTSUPP, nothing changed"
before=$(pf_link_show "$PF")
out=$(ip link set dev "$PF" vf 0 min_tx_rate 10 2>&1)
check_ne "exit status of ip link set vf 0 min_tx_rate 10" 0 "$?"
check_match "error" 'Operation not supported' "$out"
check_eq "ip -d link show $PF" "$before" "$(pf_link_show "$PF")"
check_eq "ip -j: vf 0 rate.min_tx" 0 "$(vf_info "$PF" 0 .rate.min_tx)"
check_eq "ip -j: vf 0 rate.max_tx" "$RATE" "$(vf_info "$PF" 0 .rate.max_tx)"
end

begin "max_tx_rate 0 lifts the limit"
check_cmd "ip link set $PF vf 0 max_tx_rate 0" ip link set dev "$PF" vf 0 max_tx_rate 0
check_no_match "ip link show: vf 0 without max_tx_rate" 'max_tx_rate' "$(vf_line 0)"
again=$(rate_of 5703)
diag "after max_tx_rate 0: ${again:-failed} kbit/s"
check_ge "rate after lifting the limit (kbit/s)" "$FAST" "${again:-failed}"
end

begin "no kernel warnings"
check_dmesg_clean "VF rate"
end
