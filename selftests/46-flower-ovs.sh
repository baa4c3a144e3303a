#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Open vSwitch as a real client of the flower offload, and the flow_rules
# devlink resource. Switchdev mode, two VFs as tenants in netns vf0 and vf1,
# peer0 in netns "peer" on the wire; IPv6 off everywhere and permanent
# neighbours, so nothing but the test's own packets cross:
#
#   - devlink resource flow_rules: its size is the NIC's table size
#     (ethtool -S esw_flow_rules_max), fixed (a resize is refused); its occ
#     follows tc rules added and deleted by hand;
#   - ovsdb-server and ovs-vswitchd started by hand on tmpfs with
#     other_config:hw-offload=true (tc-policy none), the representors p0,
#     pf0vf0 and pf0vf1 in one bridge (the NORMAL action: MAC learning);
#   - VF 0 pings VF 1, then peer0. Expected slow-path traffic: the first
#     echo request meets no rule in the NIC, reaches the representor of its
#     source port (pf0vf0) and OVS's kernel datapath upcalls it;
#     ovs-vswitchd learns VF 0's MAC, floods the request (p0 and pf0vf1,
#     sent by those representors) and installs a megaflow (in_port, eth
#     src/dst, eth_type ipv4, frag=no) that it offloads as a flower rule
#     on pf0vf0's ingress (mirror to p0, redirect to pf0vf1). The first
#     reply is upcalled the same way from the destination's representor
#     and gets a unicast flow; the revalidator then narrows the flood flow
#     to one output (tc replaces the rule). Requests sent while an upcall
#     is handled (about a second under TCG) take the slow path as well. So
#     pf0vf0 sees at least one of the echo requests (1 to 5 here), and the
#     test waits until dpctl/dump-flows type=offloaded shows the unicast
#     flows both ways;
#   - then a burst of UDP datagrams VF 0 -> VF 1 and VF 0 -> peer0 matches
#     those same megaflows: exactly the burst arrives, the pf0vf0 rule's
#     hardware counter (tc -s, in_hw) and the OVS flow's counter move by
#     exactly the burst, and no representor sees one packet of it (CPU-hit
#     counters unchanged in both directions);
#   - every rule OVS installed is in_hw and the devlink occ equals the NIC's
#     own count; OVS stopped (bridge deleted, vswitchd exit --cleanup), no
#     rule is left on the representors or in the NIC; the driver unloads
#     cleanly with its devlink resource.
. "$(dirname "$0")/lib.sh"
xnic_test_init
defer ovs_stop

XFER=$SELFTESTS/netxfer.py
NVF=2
N=${XNIC_COUNT_PACKETS:-200}
PINGS=${XNIC_PING_COUNT:-5}
PAYLOAD=100
BR=xovs0
REPS=(p0 pf0vf0 pf0vf1)

ready=$(mktemp -u /tmp/xnic-ready.XXXXXX)
out=$(mktemp /tmp/xnic-recv.XXXXXX)
defer "rm -f '$ready' '$out'"

dmesg_mark
begin "$NVF VFs as tenants, switchdev mode, representors up"
switchdev_tenants_up $NVF "${REPS[@]}" || { end; exit 1; }
R0=$(rep_netdev pf0vf0)
R1=$(rep_netdev pf0vf1)
RUP=$(rep_netdev p0)
MAC0=$(vf_mac 0)
MAC1=$(vf_mac 1)
PEER_MAC=$(peer cat "/sys/class/net/$PEER_DEV/address")
end

occ() { dl_resource "$PF_PCI" flow_rules occ; }

begin "devlink resource flow_rules: the NIC's fixed table size, occ follows tc rules"
size=$(dl_resource "$PF_PCI" flow_rules size)
check_eq "size (devlink resource show)" "$(ethtool_stat "$PF" esw_flow_rules_max)" "$size"
check_eq "unit" entry "$(dl_resource "$PF_PCI" flow_rules unit)"
check_eq "occ without rules" 0 "$(occ)"
check_cmd "tc qdisc add dev $R0 ingress" tc qdisc add dev "$R0" ingress
check_cmd "rule to VF 1" tc filter add dev "$R0" ingress pref 10 protocol ip \
	flower skip_sw dst_mac "$MAC1" action mirred egress redirect dev "$R1"
check_eq "occ after one rule" 1 "$(occ)"
check_cmd "rule to peer0" tc filter add dev "$R0" ingress pref 20 protocol ip \
	flower skip_sw dst_mac "$PEER_MAC" action mirred egress redirect dev "$RUP"
check_eq "occ after two rules" 2 "$(occ)"
check_eq "esw_flow_rules (the NIC's count)" 2 "$(ethtool_stat "$PF" esw_flow_rules)"
check_cmd "tc filter del pref 10" tc filter del dev "$R0" ingress pref 10
check_eq "occ after deleting one" 1 "$(occ)"
check_cmd "tc qdisc del dev $R0 ingress" tc qdisc del dev "$R0" ingress
check_eq "occ after the qdisc went" 0 "$(occ)"
out_set=$(devlink resource set "pci/$PF_PCI" path /flow_rules size $((size / 2)) 2>&1)
check_ne "devlink resource set size $((size / 2)): exit status" 0 "$?"
check_match "its message" "Size smaller than minimum" "$out_set"
check_eq "size after the refused resize" "$size" "$(dl_resource "$PF_PCI" flow_rules size)"
check_eq "size_new after the refused resize" missing "$(dl_resource "$PF_PCI" flow_rules size_new)"
end

begin "ovs-vswitchd with hw-offload=true, $RUP $R0 $R1 in bridge $BR"
# max-idle 10 min: no flow may expire while the test runs under TCG
ovs_start hw-offload=true max-idle=600000 >/dev/null 2>&1 ||
	{ fail "starting ovsdb-server and ovs-vswitchd failed"; ovs_log_tail; end; exit 1; }
check_cmd "ovs-vsctl add-br $BR" ovs-vsctl --timeout=60 add-br "$BR"
for r in "$RUP" "$R0" "$R1"; do
	check_cmd "ovs-vsctl add-port $BR $r" ovs-vsctl --timeout=60 add-port "$BR" "$r"
done
check_match "ovs-vswitchd log" "netdev: Flow API Enabled" "$(cat "$OVS_DIR/ovs-vswitchd.log")"
for r in "$RUP" "$R0" "$R1"; do
	wait_for 30 grep -q "$r: Assigned flow API 'linux_tc'" "$OVS_DIR/ovs-vswitchd.log" ||
		{ fail "ovs-vswitchd did not take $r for TC offload"; ovs_log_tail; }
done
end

# ovs_unicast_flow IN SRC DST OUT: an offloaded datapath flow IN -> OUT for
# frames SRC -> DST, with that single output
ovs_unicast_flow() {
	ovs_offloaded_flows | grep -F "in_port($1),eth(src=$2,dst=$3)" |
		grep -qE "actions:$4\$"
}

# ovs_flow_pkts IN SRC DST: packets of that offloaded flow, "none"
ovs_flow_pkts() {
	local v
	v=$(ovs_offloaded_flows | grep -F "in_port($1),eth(src=$2,dst=$3)" |
	    sed -nE 's/.* packets:([0-9]+),.*/\1/p' | head -1)
	echo "${v:-none}"
}

# rule_json DEV DST-MAC: DEV's ingress flower rule matching DST-MAC
rule_json() {
	tc -s -j filter show dev "$1" ingress 2>/dev/null |
		jq -c --arg m "$2" '[.[] | select(.options.keys.dst_mac == $m) | .options] | first'
}

# rule_hw_pkts DEV DST-MAC: the rule's hardware packet counter (tc -s)
rule_hw_pkts() {
	rule_json "$1" "$2" | jq -r 'if . == null then "none" else
		(.actions[0].stats.hw_packets // 0) end'
}

ctr_reset
for p in "${REPS[@]}"; do
	ctr_add "$p cpu_hit rx packets" "cpu_hit $(rep_netdev "$p") rx"
	ctr_add "$p cpu_hit tx packets" "cpu_hit $(rep_netdev "$p") tx"
done
ctr_add "vf0 netdev tx_packets" "ns vf0 ${VF_DEV[0]} tx_packets"
ctr_add "vf1 netdev rx_packets" "ns vf1 ${VF_DEV[1]} rx_packets"
ctr_add "peer0 rx_packets" "ns $PEER_NS $PEER_DEV rx_packets"

# learn NAME DST-IP DST-MAC DST-REP: VF 0 pings DST-IP; the first packets
# take the slow path; then the unicast flows both ways are offloaded
learn() {
	local b a res
	b=$(ctr_snap)
	res=$(vfx 0 ping -c "$PINGS" -i 0.3 -W 5 "$2" 2>&1)
	# replies: at least one. An echo request that reaches OVS while it
	# installs the flow can be lost (1 of 5 seen once in a fresh run);
	# the exact burst afterwards is what proves the forwarding
	check_match "ping VF 0 -> $1" " [1-9][0-9]* received" "$res"
	grep -q " $PINGS received" <<<"$res" ||
		diag "ping VF 0 -> $1 while OVS learned: $(grep -o '[0-9]* received' <<<"$res") of $PINGS"
	a=$(ctr_snap)
	read -ra b <<<"$b"
	read -ra a <<<"$a"
	diag "through the slow path while OVS learned: pf0vf0 rx $((a[2] - b[2])), rx of the destination's representor $((a[${4}] - b[${4}]))"
	check_ge "pf0vf0 CPU-hit rx packets (the first echo request is an upcall)" 1 "$((a[2] - b[2]))"
	wait_for 30 ovs_unicast_flow "$R0" "$MAC0" "$3" "$5" ||
		fail "no offloaded flow $R0 -> $5 for $MAC0 -> $3 after 30 s; offloaded flows: $(ovs_offloaded_flows | tr '\n' ' ')"
	wait_for 30 ovs_unicast_flow "$5" "$3" "$MAC0" "$R0" ||
		fail "no offloaded flow $5 -> $R0 for $3 -> $MAC0 after 30 s; offloaded flows: $(ovs_offloaded_flows | tr '\n' ' ')"
	check_eq "$R0 rule to $3 in_hw" true "$(rule_json "$R0" "$3" | jq -r .in_hw)"
	check_eq "$5 rule to $MAC0 in_hw" true "$(rule_json "$5" "$MAC0" | jq -r .in_hw)"
}

# burst DST-NS DST-IP DST-MAC PORT: N datagrams VF 0 -> DST, all through
# the offloaded flow (EXPECT set by the caller)
burst() {
	local hw0 of0 b a pid
	hw0=$(rule_hw_pkts "$R0" "$3")
	of0=$(ovs_flow_pkts "$R0" "$MAC0" "$3")
	rm -f "$ready"
	spawn ip netns exec "$1" "$XFER" udp-recv "$2" "$4" "$N" 20 "$ready" >"$out"
	pid=${BG_PIDS[-1]}
	wait_for 20 test -e "$ready" || { fail "the receiver in netns $1 did not start"; return 1; }
	b=$(ctr_snap)
	vfx 0 "$XFER" udp-send "$(vf_ip 0)" "$2" "$4" "$N" "$PAYLOAD"
	wait "$pid"
	# the driver fetches the NIC's counters every second
	sleep 2.5
	a=$(ctr_snap)
	check_eq "datagrams and bytes received in netns $1" "$N $((N * PAYLOAD))" "$(cat "$out")"
	check_eq "hardware packets of the $R0 rule to $3 (tc -s)" "$((hw0 + N))" "$(rule_hw_pkts "$R0" "$3")"
	check_eq "packets of the offloaded OVS flow $R0 -> $3" "$((of0 + N))" "$(ovs_flow_pkts "$R0" "$MAC0" "$3")"
	ctr_check_deltas "$b" "$a"
}

# indexes into a ctr_snap line: 0/1 p0 rx/tx, 2/3 pf0vf0, 4/5 pf0vf1
begin "VF 0 -> VF 1: first packets upcalled, then OVS offloads the flows"
learn "VF 1" "$(vf_ip 1)" "$MAC1" 4 "$R1"
end

begin "$N datagrams VF 0 -> VF 1: the NIC forwards them, no representor sees one"
EXPECT=()
EXPECT["vf0 netdev tx_packets"]=$N
EXPECT["vf1 netdev rx_packets"]=$N
burst vf1 "$(vf_ip 1)" "$MAC1" 5801
end

begin "VF 0 -> peer0: first packets upcalled, then OVS offloads the flows"
learn peer0 "$PEER_IP" "$PEER_MAC" 0 "$RUP"
end

begin "$N datagrams VF 0 -> peer0: the NIC forwards them, no representor sees one"
EXPECT=()
EXPECT["vf0 netdev tx_packets"]=$N
EXPECT["peer0 rx_packets"]=$N
burst "$PEER_NS" "$PEER_IP" "$PEER_MAC" 5802
end

# rules_on DEV FILTER: DEV's ingress flower rules selected by a jq FILTER
rules_on() {
	tc -j filter show dev "$1" ingress 2>/dev/null |
		jq "[.[] | select(.options) | .options | select($2)] | length"
}

begin "every OVS rule is in the NIC; devlink occ is the NIC's count"
in_hw=0
for r in "$RUP" "$R0" "$R1"; do
	check_eq "rules on $r not in_hw" 0 "$(rules_on "$r" '.in_hw != true')"
	in_hw=$((in_hw + $(rules_on "$r" '.in_hw == true')))
done
# the four unicast flows learn made, if nothing else (ARP, IPv6) crossed
check_eq "in_hw rules OVS installed" 4 "$in_hw" ||
	diag "offloaded flows: $(ovs_offloaded_flows | tr '\n' ' ')"
check_eq "esw_flow_rules (the NIC's count)" "$in_hw" "$(ethtool_stat "$PF" esw_flow_rules)"
check_eq "devlink resource flow_rules occ" "$in_hw" "$(occ)"
end

begin "OVS stopped: no rule left on the representors or in the NIC"
ovs_stop
check_eq "ovs-vswitchd running" no "$(pgrep -x ovs-vswitchd >/dev/null && echo yes || echo no)"
check_eq "ovsdb-server running" no "$(pgrep -x ovsdb-server >/dev/null && echo yes || echo no)"
for r in "$RUP" "$R0" "$R1"; do
	check_eq "rules left on $r" 0 "$(rules_on "$r" true)"
	# OVS leaves its ingress qdisc behind
	tc qdisc del dev "$r" ingress 2>/dev/null
done
check_eq "esw_flow_rules" 0 "$(ethtool_stat "$PF" esw_flow_rules)"
check_no_posted_errors
check_eq "devlink resource flow_rules occ" 0 "$(occ)"
end

begin "modprobe -r: the devlink instance and its resource go cleanly"
check_cmd "modprobe -r xnic" xnic_unload
check_eq "devlink resources of pci/$PF_PCI after unload" missing "$(occ)"
end

begin "no kernel warnings"
check_dmesg_clean "OVS offload and unload"
end
