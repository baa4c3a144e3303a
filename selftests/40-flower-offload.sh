#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TC flower offload on the representors (switchdev mode, two VFs as tenants
# in netns vf0 and vf1, the representors up, no bridge):
#
#   - skip_sw rules "dst_mac VF n -> mirred redirect to pf0vfn" on pf0vf0 and
#     pf0vf1: VF 0 pings VF 1 through the NIC alone; tc reports the rules
#     in_hw, their counters move by the ping count, the representors' CPU-hit
#     counters do not move, and ethtool -S on the PF counts 2 esw_flow_rules;
#   - a drop rule of a better priority stops the ping and counts it, the
#     redirect rule no longer moves;
#   - goto chain: a chain 0 rule jumping to chain 1, whose rule redirects;
#   - police: UDP VF 0 -> VF 1 at full speed through a 2 Mbit/s policer
#     arrives at 2 Mbit/s within 15%;
#   - vlan push: VF 0 -> uplink with a VLAN 100 tag, seen by tcpdump on peer0;
#   - pedit: a rule rewriting the source MAC on the way to peer0;
#   - while a rule exists: devlink eswitch mode legacy is refused (EBUSY,
#     with the message), ethtool -K hw-tc-offload off is refused; both work
#     once the rules are gone; modprobe -r with a rule offloaded is clean;
#   - refusals with their extack message, the NIC table empty after: arp
#     keys, ct_state, a redirect to a veth, a tunnel action; an egress block.
. "$(dirname "$0")/lib.sh"
xnic_test_init

NVF=2
N=${XNIC_PING_COUNT:-10}

dmesg_mark
begin "$NVF VFs as tenants, switchdev mode, representors up with clsact"
flower_setup $NVF || { end; exit 1; }
end

ping_n() { vfx "$1" ping -c "$N" -i 0.2 -W 2 "$2" 2>&1; }

ctr_reset
for p in "${FL_REPS[@]}"; do
	ctr_add "$p cpu_hit rx packets" "cpu_hit $(rep_netdev "$p") rx"
	ctr_add "$p cpu_hit tx packets" "cpu_hit $(rep_netdev "$p") tx"
done

begin "redirect rules both ways: VF 0 pings VF 1 through the NIC only"
tc_add "VF0 -> VF1" dev "$R0" ingress pref 10 protocol ip flower skip_sw \
	dst_mac "$MAC1" action mirred egress redirect dev "$R1"
tc_add "VF1 -> VF0" dev "$R1" ingress pref 10 protocol ip flower skip_sw \
	dst_mac "$MAC0" action mirred egress redirect dev "$R0"
check_eq "$R0 rule in_hw" true "$(flt "$R0" 10 .in_hw)"
check_eq "$R1 rule in_hw" true "$(flt "$R1" 10 .in_hw)"
check_eq "esw_flow_rules (ethtool -S $PF)" 2 "$(esw_rules)"
p0=$(flt_pkts "$R0" 10)
p1=$(flt_pkts "$R1" 10)
EXPECT=()
before=$(ctr_snap)
out=$(ping_n 0 "$(vf_ip 1)")
check_match "ping vf0 -> vf1 through the offloaded rules" " $N received" "$out"
sleep 2.5
after=$(ctr_snap)
check_eq "hardware packets of the $R0 rule" "$((p0 + N))" "$(flt_pkts "$R0" 10)"
check_eq "hardware packets of the $R1 rule" "$((p1 + N))" "$(flt_pkts "$R1" 10)"
ctr_check_deltas "$before" "$after"
end

begin "drop of a better priority stops the ping and counts it"
tc_add "drop icmp to VF1" dev "$R0" ingress pref 5 protocol ip flower skip_sw \
	ip_proto icmp dst_ip "$(vf_ip 1)" action drop
check_eq "esw_flow_rules" 3 "$(esw_rules)"
p0=$(flt_pkts "$R0" 10)
out=$(ping_n 0 "$(vf_ip 1)")
check_match "ping vf0 -> vf1 with the drop rule" " 0 received" "$out"
sleep 2.5
check_eq "hardware packets of the drop rule" "$N" "$(flt_pkts "$R0" 5)"
check_eq "hardware packets of the redirect rule (unchanged)" "$p0" "$(flt_pkts "$R0" 10)"
check_cmd "tc filter del dev $R0 ingress pref 5" tc filter del dev "$R0" ingress pref 5
out=$(ping_n 0 "$(vf_ip 1)")
check_match "ping vf0 -> vf1 after the drop rule is gone" " $N received" "$out"
end

begin "goto chain 1, whose rule redirects"
check_cmd "tc filter del dev $R0 ingress pref 10" tc filter del dev "$R0" ingress pref 10
tc_add "chain 0 goto" dev "$R0" ingress chain 0 pref 10 protocol ip flower skip_sw \
	dst_mac "$MAC1" action goto chain 1
tc_add "chain 1 redirect" dev "$R0" ingress chain 1 pref 10 protocol ip flower skip_sw \
	ip_proto icmp action mirred egress redirect dev "$R1"
out=$(ping_n 0 "$(vf_ip 1)")
check_match "ping vf0 -> vf1 through chain 0 -> chain 1" " $N received" "$out"
sleep 2.5
check_eq "hardware packets of the chain 1 rule" "$N" \
	"$(tc -s -j filter show dev "$R0" ingress chain 1 | jq -r '[.[] | select(.options) | .options.actions[0].stats.packets] | first')"
check_cmd "tc filter del dev $R0 ingress chain 0" tc filter del dev "$R0" ingress chain 0
check_cmd "tc filter del dev $R0 ingress chain 1" tc filter del dev "$R0" ingress chain 1
end

begin "police: UDP VF 0 -> VF 1 through a 2 Mbit/s policer"
RATE=2
tc_add "redirect again" dev "$R0" ingress pref 10 protocol ip flower skip_sw \
	dst_mac "$MAC1" action mirred egress redirect dev "$R1"
tc_add "police" dev "$R0" ingress pref 5 protocol ip flower skip_sw \
	ip_proto udp dst_port 5801 action police rate ${RATE}mbit burst 16k \
	conform-exceed drop/pipe action mirred egress redirect dev "$R1"
check_eq "police rule in_hw" true "$(flt "$R0" 5 .in_hw)"
res=$(iperf_udp vf1 vf0 "$(vf_ip 1)" 5801 5 1000 2>&1)
diag "iperf3 UDP through the policer: $res (packets/s Mbit/s of payload)"
# the policer counts frames: payload + 42 bytes of headers
police_kbps=$(awk '{ printf "%d", $1 * 1042 * 8 / 1000 }' <<<"$res")
check_ge "policed rate, kbit/s of frames" $((RATE * 850)) "$police_kbps"
check_le "policed rate, kbit/s of frames" $((RATE * 1150)) "$police_kbps"
check_cmd "tc filter del dev $R0 ingress pref 5" tc filter del dev "$R0" ingress pref 5
check_cmd "tc filter del dev $R0 ingress pref 10" tc filter del dev "$R0" ingress pref 10
end

begin "vlan push on VF 0 -> uplink: peer0 sees VLAN 100 frames"
tc_add "vlan push" dev "$R0" ingress pref 20 protocol ip flower skip_sw \
	dst_mac "$PEER_MAC" action vlan push id 100 pipe \
	action mirred egress redirect dev "$RUP"
capture_start "$PEER_NS" "$PEER_DEV" "$N" "vlan 100 and icmp[icmptype] == icmp-echo"
vfx 0 ping -c "$N" -i 0.2 -W 1 "$PEER_IP" >/dev/null 2>&1
seen=$(capture_end)
check_eq "ICMP frames with VLAN 100 from VF 0 captured on peer0" "$N" \
	"$(grep -cE "^.*$MAC0 > $PEER_MAC, ethertype 802\.1Q .*vlan 100" <<<"$seen")" ||
	diag "tcpdump: $(head -3 <<<"$seen" | tr '\n' ' ') $(tr '\n' ' ' <"$CAP_ERR")"
check_cmd "tc filter del dev $R0 ingress pref 20" tc filter del dev "$R0" ingress pref 20
end

begin "pedit: source MAC rewritten on VF 0 -> uplink"
NEWMAC=02:00:00:00:77:01
tc_add "pedit eth src" dev "$R0" ingress pref 20 protocol ip flower skip_sw \
	dst_mac "$PEER_MAC" action pedit ex munge eth src set "$NEWMAC" pipe \
	action mirred egress redirect dev "$RUP"
capture_start "$PEER_NS" "$PEER_DEV" "$N" "icmp[icmptype] == icmp-echo"
vfx 0 ping -c "$N" -i 0.2 -W 1 "$PEER_IP" >/dev/null 2>&1
seen=$(capture_end)
check_eq "ICMP frames from $NEWMAC captured on peer0" "$N" \
	"$(grep -c "^.*$NEWMAC > $PEER_MAC" <<<"$seen")" ||
	diag "tcpdump: $(head -3 <<<"$seen" | tr '\n' ' ')"
check_cmd "tc filter del dev $R0 ingress pref 20" tc filter del dev "$R0" ingress pref 20
end

begin "while rules exist: mode legacy and hw-tc-offload off are refused"
check_eq "esw_flow_rules" 1 "$(esw_rules)"
out=$(esw_set "$PF_PCI" legacy 2>&1)
rc=$?
check_ne "devlink dev eswitch set mode legacy exit status" 0 "$rc"
check_match "its message" "offloaded rules exist" "$out"
check_eq "eswitch mode" switchdev "$(esw_mode "$PF_PCI")"
out=$(ethtool -K "$R1" hw-tc-offload off 2>&1)
check_eq "hw-tc-offload of $R1 after ethtool -K off" on \
	"$(ethtool -k "$R1" | awk '$1 == "hw-tc-offload:" { print $2 }')"
check_cmd "tc filter del dev $R1 ingress pref 10" tc filter del dev "$R1" ingress pref 10
check_eq "esw_flow_rules" 0 "$(esw_rules)"
# the refused request stays wanted: ask for on, then off again
check_cmd "ethtool -K $R1 hw-tc-offload on" ethtool -K "$R1" hw-tc-offload on
check_cmd "ethtool -K $R1 hw-tc-offload off without rules" ethtool -K "$R1" hw-tc-offload off
check_cmd "ethtool -K $R1 hw-tc-offload on again" ethtool -K "$R1" hw-tc-offload on
end

begin "refusals name the reason; nothing stays in the NIC"
refuse "arp keys" "unsupported flower match key: arp" \
	dev "$R0" ingress protocol arp flower skip_sw arp_sip 192.0.2.11 action drop
refuse "ct_state" "unsupported flower match key: ct state" \
	dev "$R0" ingress protocol ip flower skip_sw ct_state +trk action drop
ip link add xnicveth0 type veth peer name xnicveth1
defer "ip link del xnicveth0"
refuse "redirect to a veth" "redirect to a device outside this NIC's switch" \
	dev "$R0" ingress protocol ip flower skip_sw action mirred egress redirect dev xnicveth0
refuse "tunnel_key set without a redirect to a tunnel device" \
	"tunnel_key set must be followed by a redirect to a vxlan or geneve device" \
	dev "$R0" ingress protocol ip flower skip_sw \
	action tunnel_key set src_ip 192.0.2.1 dst_ip 192.0.2.2 id 42 dst_port 4789
check_eq "esw_flow_rules after the refusals" 0 "$(esw_rules)"
check_no_posted_errors
check_eq "rules left on $R0" 0 "$(tc -j filter show dev "$R0" ingress | jq '[.[] | select(.options)] | length')"
end

begin "without rules: mode legacy works"
check_cmd "devlink dev eswitch set pci/$PF_PCI mode legacy" esw_set "$PF_PCI" legacy
check_eq "eswitch mode" legacy "$(esw_mode "$PF_PCI")"
wait_reps 0
end

begin "modprobe -r with a rule offloaded: the rule goes with its representor"
switchdev_on "$PF_PCI" $NVF
R0=$(rep_netdev pf0vf0)
R1=$(rep_netdev pf0vf1)
check_cmd "tc qdisc add dev $R0 clsact" tc qdisc add dev "$R0" clsact
tc_add "redirect before unload" dev "$R0" ingress pref 10 protocol ip flower skip_sw \
	dst_mac "$MAC1" action mirred egress redirect dev "$R1"
check_eq "esw_flow_rules" 1 "$(esw_rules)"
check_cmd "modprobe -r xnic" xnic_unload
check_eq "xnic module loaded after modprobe -r" no "$(xnic_loaded && echo yes || echo no)"
check_no_match "kernel log of the unload" "cannot return to legacy|FLOW_DEL" "$(dmesg_since)"
end

begin "no kernel warnings"
check_dmesg_clean "flower offload"
end
