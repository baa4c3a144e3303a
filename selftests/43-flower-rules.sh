#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TC flower rule management in the NIC (switchdev mode, two VFs as tenants
# in netns vf0 and vf1, the representors up with clsact, no bridge):
#
#   - priorities: of two overlapping rules the better preference wins
#     whatever the order they came in; deleted, the other takes over;
#   - chains: chain 0 jumps to chain 1, whose rules of two preferences
#     drop or redirect; what chain 1 does not match reaches the slow path;
#   - tc filter replace (same preference and handle) twice and delete,
#     each under a paced UDP stream VF 0 -> VF 1: every datagram arrives
#     exactly once (replace), or either at VF 1 or on the slow path
#     (delete), none lost, none twice;
#   - counters: packets and bytes exact for N frames of known size, the
#     last-used time moves with traffic and ages without;
#   - refusals with their extack message and nothing left in the NIC: an
#     unsupported key (port range), unsupported actions (skbedit, a
#     police without drop on exceed, an action after drop), a redirect to
#     a veth, a goto to a lower chain (refused by the NIC: EINVAL), the
#     NIC's table full (ENOSPC, with a firmware image of 4 rules);
#     hw-tc-offload off (EBUSY) and eswitch mode legacy (EBUSY) while a
#     rule exists.
. "$(dirname "$0")/lib.sh"
xnic_test_init

NVF=2
N=${XNIC_FRAME_COUNT:-10}
IP0=$(vf_ip 0)
IP1=$(vf_ip 1)

dmesg_mark
begin "$NVF VFs as tenants, switchdev mode, representors up with clsact"
flower_setup $NVF || { end; exit 1; }
end

ctr_reset
ctr_add "pf0vf0 cpu_hit rx" "cpu_hit $R0 rx"
ctr_add "pf0vf1 cpu_hit rx" "cpu_hit $R1 rx"

# pkts_of DEV PREF...: the hardware packet counts of rules, space-separated
pkts_of() {
	local dev=$1 p vals=()
	shift
	for p; do vals+=("$(flt_pkts "$dev" "$p")"); done
	echo "${vals[*]}"
}

begin "priorities: the better preference wins, deleted the other takes over"
EXPECT=()
tc_add "pref 20 redirect to VF 1" dev "$R0" ingress pref 20 protocol ip flower skip_sw \
	dst_mac "$MAC1" action mirred egress redirect dev "$R1"
tc_add "pref 10 drop (overlaps, added later)" dev "$R0" ingress pref 10 protocol ip \
	flower skip_sw ip_proto udp dst_ip "$IP1" action drop
check_eq "esw_flow_rules" 2 "$(esw_rules)"
before=$(ctr_snap)
udp_xfer vf1 "$IP1" 8001 vf0 "$IP0" "$IP1" 8001
check_eq "datagrams VF 1 received with both rules" 0 "$XFER_GOT"
flt_settle "$R0" 10 "$N"
check_eq "hardware packets of pref 10, pref 20" "$N 0" "$(pkts_of "$R0" 10 20)"
check_cmd "tc filter del pref 10" tc filter del dev "$R0" ingress pref 10
udp_xfer vf1 "$IP1" 8001 vf0 "$IP0" "$IP1" 8001
check_eq "datagrams VF 1 received after pref 10 is gone" "$N" "$XFER_GOT"
flt_settle "$R0" 20 "$N"
after=$(ctr_snap)
check_eq "hardware packets of pref 20" "$N" "$(flt_pkts "$R0" 20)"
ctr_check_deltas "$before" "$after"
tc filter del dev "$R0" ingress 2>/dev/null
check_eq "esw_flow_rules after the deletes" 0 "$(esw_rules)"
end

begin "chains: chain 0 jumps to chain 1; its misses reach the slow path"
tc_add "chain 0: udp -> goto 1" dev "$R0" ingress chain 0 pref 10 protocol ip \
	flower skip_sw ip_proto udp action goto chain 1
tc_add "chain 1 pref 1: port 8011 dropped" dev "$R0" ingress chain 1 pref 1 \
	protocol ip flower skip_sw ip_proto udp dst_port 8011 action drop
tc_add "chain 1 pref 2: port 8012 to VF 1" dev "$R0" ingress chain 1 pref 2 \
	protocol ip flower skip_sw ip_proto udp dst_port 8012 \
	action mirred egress redirect dev "$R1"
check_eq "esw_flow_rules" 3 "$(esw_rules)"
EXPECT=()
EXPECT["pf0vf0 cpu_hit rx"]=$N
before=$(ctr_snap)
udp_xfer vf1 "$IP1" 8011 vf0 "$IP0" "$IP1" 8011
check_eq "datagrams to port 8011 received" 0 "$XFER_GOT"
udp_xfer vf1 "$IP1" 8012 vf0 "$IP0" "$IP1" 8012
check_eq "datagrams to port 8012 received" "$N" "$XFER_GOT"
udp_xfer vf1 "$IP1" 8013 vf0 "$IP0" "$IP1" 8013
check_eq "datagrams to port 8013 (no chain 1 rule) received" 0 "$XFER_GOT"
flt_settle "$R0" 10 $((3 * N))
after=$(ctr_snap)
check_eq "hardware packets of the chain 0 rule" $((3 * N)) "$(flt_pkts "$R0" 10)"
check_eq "hardware packets of chain 1 pref 1, pref 2" "$N $N" \
	"$(FLT_CHAIN=1 pkts_of "$R0" 1 2)"
ctr_check_deltas "$before" "$after"
tc filter del dev "$R0" ingress chain 1 2>/dev/null
tc filter del dev "$R0" ingress 2>/dev/null
check_eq "esw_flow_rules after the deletes" 0 "$(esw_rules)"
end

# stream_start PORT SECONDS: VF 0 sends 100 datagrams/s to VF 1:PORT for
# SECONDS (selftests/xdp_udp.py stream); VF 1's receiver counts them
STREAM_OUT=$(mktemp /tmp/xnic-stream.XXXXXX)
defer "rm -f '$STREAM_OUT'"
stream_start() {
	xfer_start vf1 udp-recv "$IP1" "$1" 100000 10
	spawn ip netns exec vf0 "$SELFTESTS/xdp_udp.py" stream "$IP0" "$IP1" "$1" "$2" 100 100 \
		>"$STREAM_OUT"
	STREAM_PID=${BG_PIDS[-1]}
}

# vf1_rx_past N: VF 1's netdev has received more than N frames in all
vf1_rx_past() { [ "$(vf_stat 1 rx_packets)" -gt "$1" ]; }

# stream_flowing: wait until 20 more datagrams of the stream reached VF 1
stream_flowing() {
	wait_for 30 vf1_rx_past $(($(vf_stat 1 rx_packets) + 20)) ||
		fail "the stream VF 0 -> VF 1 does not flow"
}

# stream_end: wait for both ends; sets SENT and GOT
stream_end() {
	wait "$STREAM_PID" 2>/dev/null
	SENT=$(cat "$STREAM_OUT")
	xfer_end
	GOT=${XFER_RESULT%% *}
}

begin "tc filter replace under traffic: every datagram arrives exactly once"
tc_add "pref 10 handle 1: redirect to VF 1" dev "$R0" ingress pref 10 handle 1 \
	protocol ip flower skip_sw dst_mac "$MAC1" action mirred egress redirect dev "$R1"
ctr_reset
ctr_add "pf0vf0 cpu_hit rx" "cpu_hit $R0 rx"
ctr_add "peer0 rx_packets" "ns $PEER_NS $PEER_DEV rx_packets"
# the copies to peer0 carry VF 1's MAC: virtio-net filters them unless promiscuous
ip -n "$PEER_NS" link set dev "$PEER_DEV" promisc on
defer "ip -n '$PEER_NS' link set dev '$PEER_DEV' promisc off"
before=$(ctr_snap)
stream_start 8021 8
stream_flowing
check_cmd "tc filter replace: mirror to the uplink, then redirect to VF 1" \
	tc filter replace dev "$R0" ingress pref 10 handle 1 protocol ip flower skip_sw \
	dst_mac "$MAC1" action mirred egress mirror dev "$RUP" pipe \
	action mirred egress redirect dev "$R1"
stream_flowing
check_cmd "tc filter replace: redirect to VF 1 again" \
	tc filter replace dev "$R0" ingress pref 10 handle 1 protocol ip flower skip_sw \
	dst_mac "$MAC1" action mirred egress redirect dev "$R1"
stream_end
after=$(ctr_snap)
diag "sent $SENT datagrams, VF 1 received $GOT"
check_ge "datagrams sent" 100 "$SENT"
check_eq "datagrams VF 1 received (each once)" "$SENT" "$GOT"
read -ra b <<<"$before"
read -ra a <<<"$after"
check_eq "slow-path frames of VF 0 during the replaces" 0 "$((a[0] - b[0]))"
mirrored=$((a[1] - b[1]))
diag "peer0 got $mirrored copies while the mirroring rule was in place"
check_ge "copies on peer0 (the replacing rule ran)" 1 "$mirrored"
check_le "copies on peer0 (not before the first replace)" $((SENT - 20)) "$mirrored"
ip -n "$PEER_NS" link set dev "$PEER_DEV" promisc off
check_in_hw "the rule after the replaces" "$R0" 10
check_eq "esw_flow_rules" 1 "$(esw_rules)"
end

begin "tc filter delete under traffic: each datagram at VF 1 or on the slow path"
before=$(ctr_snap)
stream_start 8022 8
stream_flowing
check_cmd "tc filter del pref 10" tc filter del dev "$R0" ingress pref 10
stream_end
after=$(ctr_snap)
read -ra b <<<"$before"
read -ra a <<<"$after"
slow=$((a[0] - b[0]))
diag "sent $SENT datagrams: $GOT at VF 1 before the delete, $slow on the slow path after"
check_ge "datagrams VF 1 received before the delete" 1 "$GOT"
check_ge "datagrams on the slow path after the delete" 1 "$slow"
check_eq "datagrams at VF 1 + on the slow path" "$SENT" "$((GOT + slow))"
check_eq "esw_flow_rules" 0 "$(esw_rules)"
end

begin "counters: packets and bytes exact, last used moves with traffic"
tc_add "count" dev "$R0" ingress pref 10 protocol ip flower skip_sw \
	ip_proto udp dst_port 8030 action drop
t0=$SECONDS
len=$(frames_from vf0 "$N" src="$MAC0" dst="$MAC1" dport=8030 len=200)
flt_settle "$R0" 10 "$N"
read -ra st <<<"$(flt_stats "$R0" 10)"
check_eq "hardware packets" "$N" "${st[2]}"
check_eq "hardware bytes ($N frames of $len bytes)" $((N * len)) "${st[3]}"
used1=$(flt "$R0" 10 '.actions[0].last_used // "none"')
check_le "seconds since last used, at most the seconds since the burst began" \
	$((SECONDS - t0 + 1)) "$used1"
sleep 4
used2=$(flt "$R0" 10 '.actions[0].last_used // "none"')
check_ge "seconds since last used, 4 s later" $((used1 + 3)) "$used2"
t0=$SECONDS
frames_from vf0 "$N" src="$MAC0" dst="$MAC1" dport=8030 len=200 >/dev/null
flt_settle "$R0" 10 $((2 * N))
read -ra st <<<"$(flt_stats "$R0" 10)"
check_eq "hardware packets after a second burst" $((2 * N)) "${st[2]}"
check_eq "hardware bytes after a second burst" $((2 * N * len)) "${st[3]}"
used3=$(flt "$R0" 10 '.actions[0].last_used // "none"')
check_le "seconds since last used after the second burst (before it: $used2)" \
	$((SECONDS - t0 + 1)) "$used3"
check_le "last used moved back with the second burst" $((used2 - 1)) "$used3"
check_cmd "tc filter del pref 10" tc filter del dev "$R0" ingress pref 10
end

begin "refusals: unsupported keys and actions, foreign devices, lower chains"
refuse "port range" "unsupported flower match key: port ranges" \
	dev "$R0" ingress protocol ip flower skip_sw ip_proto udp dst_port 100-200 action drop
refuse "skbedit" "unsupported flower action" \
	dev "$R0" ingress protocol ip flower skip_sw ip_proto udp action skbedit mark 5
refuse "police without drop on exceed" "police: exceed action must be drop" \
	dev "$R0" ingress protocol ip flower skip_sw ip_proto udp \
	action police rate 1mbit burst 16k conform-exceed pipe/pipe \
	action mirred egress redirect dev "$R1"
refuse "an action after drop" "actions after drop, redirect or goto are not offloaded" \
	dev "$R0" ingress protocol ip flower skip_sw ip_proto udp action drop \
	action mirred egress redirect dev "$R1"
ip link add xnicveth0 type veth peer name xnicveth1
defer "ip link del xnicveth0"
refuse "redirect to a veth" "redirect to a device outside this NIC's switch" \
	dev "$R0" ingress protocol ip flower skip_sw action mirred egress redirect dev xnicveth0
refuse "goto a lower chain (the NIC refuses it)" "the NIC refused the rule" \
	dev "$R0" ingress chain 2 protocol ip flower skip_sw ip_proto udp action goto chain 1
check_eq "esw_flow_rules after the refusals" 0 "$(esw_rules)"
check_no_posted_errors
check_eq "rules left on $R0" 0 \
	"$(tc -j filter show dev "$R0" ingress | jq '[.[] | select(.options)] | length')"
end

begin "while a rule exists: hw-tc-offload off and mode legacy are refused (EBUSY)"
tc_add "a rule" dev "$R1" ingress pref 10 protocol ip flower skip_sw \
	dst_mac "$MAC0" action mirred egress redirect dev "$R0"
ethtool -K "$R1" hw-tc-offload off >/dev/null 2>&1
check_eq "hw-tc-offload of $R1 after ethtool -K off" on \
	"$(ethtool -k "$R1" | awk '$1 == "hw-tc-offload:" { print $2 }')"
check_match "kernel log of the refusal (EBUSY = -16)" \
	"cannot disable hw-tc-offload: flower rules are offloaded.*|set_features\(\) failed \(-16\)" \
	"$(dmesg | tail -n 5)"
out=$(esw_set "$PF_PCI" legacy 2>&1)
check_match "devlink eswitch set mode legacy: message and EBUSY" \
	"offloaded rules exist: remove them first" "$out"
check_match "devlink eswitch set mode legacy: errno" "Device or resource busy" "$out"
check_eq "eswitch mode" switchdev "$(esw_mode "$PF_PCI")"
check_eq "esw_flow_rules" 1 "$(esw_rules)"
check_in_hw "the rule" "$R1" 10
check_cmd "tc filter del" tc filter del dev "$R1" ingress pref 10
check_eq "esw_flow_rules" 0 "$(esw_rules)"
# the refused request stays wanted: ask for on again
check_cmd "ethtool -K $R1 hw-tc-offload on" ethtool -K "$R1" hw-tc-offload on
end

begin "the NIC's table full (firmware of 4 rules): ENOSPC, nothing half-installed"
FW4=$(mktemp -d /tmp/xnic-fw4.XXXXXX)
defer "rm -rf '$FW4'"
mkdir -p "$FW4/xnic"
check_cmd "xnic-fw pack --max-flows 4" "$XNIC_FW_TOOL" pack -o "$FW4/xnic/xnic.fw" \
	--version 1.2.0 --name flows4 --caps l2,sriov,switchdev,flower,bpf --max-flows 4
xnic_unload
vf_tenants_reset
fw_path_set "$FW4"
# shellcheck disable=SC2119 # no module parameters
if xnic_load_pf && PF_PCI=$(xnic_pf_pci "$PF") && switchdev_on "$PF_PCI" 0; then
	RPF=$(rep_netdev pf0)
	ipv6_off "$RPF"
	ip link set dev "$RPF" up
	check_cmd "tc qdisc add dev $RPF clsact" tc qdisc add dev "$RPF" clsact
	check_eq "esw_flow_rules_max (ethtool -S $PF)" 4 "$(ethtool_stat "$PF" esw_flow_rules_max)"
	for p in 1 2 3 4; do
		tc_add "rule $p of 4" dev "$RPF" ingress pref "$p" protocol ip flower skip_sw \
			ip_proto udp dst_port $((9000 + p)) action drop
	done
	refuse "a fifth rule" "NIC flow table full" dev "$RPF" ingress pref 5 \
		protocol ip flower skip_sw ip_proto udp dst_port 9005 action drop
	check_eq "esw_flow_rules" 4 "$(esw_rules)"
	check_eq "rules on $RPF" 4 \
		"$(tc -j filter show dev "$RPF" ingress | jq '[.[] | select(.options)] | length')"
	tc filter del dev "$RPF" ingress pref 1
	tc_add "a rule in the freed place" dev "$RPF" ingress pref 5 protocol ip flower skip_sw \
		ip_proto udp dst_port 9005 action drop
	check_in_hw "the rule in the freed place" "$RPF" 5
	tc filter del dev "$RPF" ingress 2>/dev/null
	check_eq "esw_flow_rules after the deletes" 0 "$(esw_rules)"
fi
end

begin "no kernel warnings"
check_dmesg_clean "flower rules"
end
