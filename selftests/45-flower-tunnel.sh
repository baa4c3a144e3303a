#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VXLAN and Geneve offload of TC flower (switchdev mode, VF 0 a tenant in
# netns vf0). The underlay is 198.51.100.0/24 between the uplink
# representor p0 (.1, the host's tunnel endpoint; its frames cross the slow
# path) and peer0 (.2). In netns peer a kernel vxlan (then geneve) device
# "tun0" towards .1 carries the overlay: PEER_IP on tun0, VF 0's address on
# VF 0. The host has vxlan0 / geneve0 in external (collect_md) mode.
#
#   - an encap rule before the tunnel's next hop is resolved is refused
#     (EBUSY, resolution started); once ARP has answered it is taken;
#   - encap: "tunnel_key set ... + redirect vxlan0" on pf0vf0: VF 0 pings the
#     peer's overlay address; tun0 in netns peer receives exactly the echo
#     requests, with the rule's TOS and TTL on the outer header (tcpdump on
#     peer0), the rule is in_hw and its hardware counter moves by the count,
#     pf0vf0 saw none of them; the replies, without a decap rule, take the
#     slow path: p0 and vxlan0 in software count them;
#   - decap: a rule on vxlan0's ingress (indirect block) with enc_* keys,
#     "tunnel_key unset + redirect pf0vf0": now every reply reaches VF 0,
#     the rule counts them, p0 and vxlan0 see nothing;
#   - two encap rules share one tunnel: either alone still carries traffic;
#   - peer0 changes its MAC (gratuitous ARP): the driver follows the
#     neighbour, traffic still arrives;
#   - the same for Geneve;
#   - a decap rule counts in the rule count: eswitch mode legacy is refused
#     while it exists; back in legacy mode no rule of vxlan0 is offloaded;
#     modprobe -r with a decap rule installed is clean;
#   - refusals with their message, nothing left (esw_flow_rules 0): a route
#     not via the NIC, IPv6 outer, geneve options (encap and match), a
#     gretap device, enc_dst_port 4790, a vxlan device on port 8472, enc
#     keys on a representor, tunnel_key unset on a representor.
. "$(dirname "$0")/lib.sh"
xnic_test_init

N=${XNIC_PING_COUNT:-10}
UL_HOST=198.51.100.1
UL_PEER=198.51.100.2
UL_PREFIX=24
VNI_VXLAN=42
VNI_GENEVE=43
TUN_TOS=0x10
TUN_TTL=32
PEER_NEWMAC=02:00:00:00:45:02

dmesg_mark
begin "VF 0 as a tenant, switchdev mode, underlay on p0, vxlan0 and geneve0"
xnic_vfs_up 1 || { end; exit 1; }
switchdev_on "$PF_PCI" 1 || { end; exit 1; }
RUP=$(rep_netdev p0)
R0=$(rep_netdev pf0vf0)
for r in "$RUP" "$R0"; do
	ipv6_off "$r"
	check_cmd "ip link set $r up" ip link set dev "$r" up
	check_cmd "tc qdisc add dev $r clsact" tc qdisc add dev "$r" clsact
done
wait_for 15 carrier_up "$RUP" ||
	fail "uplink representor $RUP operstate: expected 'up', saw '$(operstate "$RUP")'"
check_cmd "underlay address on $RUP" ip addr add "$UL_HOST/$UL_PREFIX" dev "$RUP"
ip -n "$PEER_NS" addr flush dev "$PEER_DEV"
check_cmd "underlay address on peer0" \
	ip -n "$PEER_NS" addr add "$UL_PEER/$UL_PREFIX" dev "$PEER_DEV"
PEER_MAC=$(peer cat "/sys/class/net/$PEER_DEV/address")
defer "ip -n $PEER_NS link set dev $PEER_DEV address $PEER_MAC"
defer "ip netns exec $PEER_NS sysctl -qw net.ipv4.conf.$PEER_DEV.arp_notify=0"
ns_neigh "$PEER_NS" "$PEER_DEV" "$UL_HOST" "$(cat "/sys/class/net/$RUP/address")"
check_cmd "ip link add vxlan0 (external)" \
	ip link add vxlan0 type vxlan dstport 4789 external
defer "ip link del vxlan0"
check_cmd "ip link add geneve0 (external)" ip link add geneve0 type geneve external
defer "ip link del geneve0"
for d in vxlan0 geneve0; do
	check_cmd "ip link set $d up" ip link set dev "$d" up
	check_cmd "tc qdisc add dev $d ingress" tc qdisc add dev "$d" ingress
done
VF0=${VF_DEV[0]}
VF0_MAC=$(vf_mac 0)
VF0_IP=$(vf_ip 0)
end

# peer_tun TYPE VNI: the peer's tunnel device tun0 towards UL_HOST carrying
# PEER_IP, permanent overlay neighbours both ways
peer_tun() {
	local type=$1 vni=$2 opts=() mac
	[ "$type" = vxlan ] && opts=(dstport 4789)
	ip -n "$PEER_NS" link del tun0 2>/dev/null
	ip -n "$PEER_NS" link add tun0 type "$type" id "$vni" remote "$UL_HOST" "${opts[@]}" &&
		ipv6_off tun0 "$PEER_NS" &&
		ip -n "$PEER_NS" addr add "$PEER_IP/$PREFIX" dev tun0 &&
		ip -n "$PEER_NS" link set dev tun0 up || return 1
	mac=$(peer cat /sys/class/net/tun0/address)
	ns_neigh vf0 "$VF0" "$PEER_IP" "$mac" &&
		ns_neigh "$PEER_NS" tun0 "$VF0_IP" "$VF0_MAC"
}

# ul_neigh_mac: the host's neighbour entry of UL_PEER on p0 ("none")
ul_neigh_mac() {
	ip -j neigh show "$UL_PEER" dev "$RUP" |
		jq -r '[.[] | select(.state | index("REACHABLE") or index("STALE") or index("DELAY") or index("PERMANENT"))] | first | .lladdr // "none"'
}
ul_neigh_is() { [ "$(ul_neigh_mac)" = "$1" ]; }

ping_n() { vfx 0 ping -c "$N" -i 0.2 -W 2 "$PEER_IP" 2>&1; }

# encap_add PREF TYPE-DEV VNI PORT [MATCH...]: VF 0's frames to PEER_IP into
# the tunnel
encap_add() {
	local pref=$1 dev=$2 vni=$3 port=$4
	shift 4
	tc_add "encap rule $pref -> $dev" dev "$R0" ingress pref "$pref" protocol ip \
		flower skip_sw dst_ip "$PEER_IP" "$@" \
		action tunnel_key set src_ip "$UL_HOST" dst_ip "$UL_PEER" id "$vni" \
		dst_port "$port" tos "$TUN_TOS" ttl "$TUN_TTL" \
		action mirred egress redirect dev "$dev"
}

# decap_add TYPE-DEV VNI PORT: the tunnel's frames to VF 0. Not skip_sw: tc
# refuses skip_sw on a block of a device without ndo_setup_tc (indirect
# blocks); that software saw nothing is checked by the counters instead.
decap_add() {
	tc_add "decap rule on $1" dev "$1" ingress pref 10 protocol ip flower \
		enc_src_ip "$UL_PEER" enc_dst_ip "$UL_HOST" enc_key_id "$2" \
		enc_dst_port "$3" enc_ttl 64 dst_ip "$VF0_IP" \
		action tunnel_key unset action mirred egress redirect dev "$R0"
}

ctr_reset
ctr_add "pf0vf0 cpu_hit rx" "cpu_hit $R0 rx"
ctr_add "p0 cpu_hit rx" "cpu_hit $RUP rx"
ctr_add "p0 cpu_hit tx" "cpu_hit $RUP tx"
ctr_add "peer0 rx_packets" "ns $PEER_NS $PEER_DEV rx_packets"
ctr_add "peer0 tx_packets" "ns $PEER_NS $PEER_DEV tx_packets"
ctr_add "vxlan0 rx_packets" "sys vxlan0 rx_packets"
ctr_add "geneve0 rx_packets" "sys geneve0 rx_packets"
ctr_add "vf0 tx_packets" "ns vf0 $VF0 tx_packets"
ctr_add "vf0 rx_packets" "ns vf0 $VF0 rx_packets"
ctr_add "peer tun0 rx_packets" "ns $PEER_NS tun0 rx_packets"
ctr_add "peer tun0 tx_packets" "ns $PEER_NS tun0 tx_packets"

# tunnel_points TYPE-DEV TYPE VNI PORT: encap alone, then with decap
tunnel_points() {
	local dev=$1 type=$2 vni=$3 port=$4 before after seen
	begin "$type encap: VF 0 -> $dev rule -> the peer's $type device"
	peer_tun "$type" "$vni" || fail "peer $type device tun0 not set up"
	encap_add 10 "$dev" "$vni" "$port"
	check_eq "encap rule in_hw" true "$(flt "$R0" 10 .in_hw)"
	before=$(ctr_snap)
	capture_start "$PEER_NS" "$PEER_DEV" "$N" -p -v "dst host $UL_PEER and udp dst port $port"
	out=$(ping_n)
	seen=$(capture_end)
	check_match "ping through the encap rule, replies by the slow path" " 0 received" "$out"
	sleep 2.5
	after=$(ctr_snap)
	EXPECT=(["vf0 tx_packets"]=$N ["peer tun0 rx_packets"]=$N
		["peer tun0 tx_packets"]=$N ["p0 cpu_hit rx"]=$N ["$dev rx_packets"]=$N
		["peer0 rx_packets"]=$N ["peer0 tx_packets"]=$N)
	ctr_check_deltas "$before" "$after"
	check_eq "hardware packets of the encap rule" "$N" "$(flt_act_pkts "$R0" 10 mirred)"
	check_eq "outer headers with tos $TUN_TOS ttl $TUN_TTL on peer0" "$N" \
		"$(grep -c "tos $TUN_TOS, ttl $TUN_TTL," <<<"$seen")" ||
		diag "tcpdump: $(head -2 <<<"$seen" | tr '\n' ' ')"
	end

	begin "$type decap: the peer's $type device -> decap rule on $dev -> VF 0"
	decap_add "$dev" "$vni" "$port"
	check_eq "decap rule in_hw" true "$(flt "$dev" 10 .in_hw)"
	check_eq "esw_flow_rules" 2 "$(esw_rules)"
	before=$(ctr_snap)
	out=$(ping_n)
	check_match "ping through the encap and decap rules" " $N received" "$out"
	sleep 2.5
	after=$(ctr_snap)
	EXPECT=(["vf0 tx_packets"]=$N ["vf0 rx_packets"]=$N ["peer tun0 rx_packets"]=$N
		["peer tun0 tx_packets"]=$N ["peer0 rx_packets"]=$N ["peer0 tx_packets"]=$N)
	ctr_check_deltas "$before" "$after"
	check_eq "hardware packets of the encap rule" "$((2 * N))" "$(flt_act_pkts "$R0" 10 mirred)"
	check_eq "hardware packets of the decap rule" "$N" "$(flt_act_pkts "$dev" 10 mirred)"
	end
}

begin "encap before the next hop is resolved: refused, resolution started"
ip neigh flush dev "$RUP"
refuse "encap with $UL_PEER unresolved" "not resolved yet" \
	dev "$R0" ingress pref 10 protocol ip flower skip_sw dst_ip "$PEER_IP" \
	action tunnel_key set src_ip "$UL_HOST" dst_ip "$UL_PEER" id "$VNI_VXLAN" \
	dst_port 4789 action mirred egress redirect dev vxlan0
check_eq "esw_flow_rules after the refusal" 0 "$(esw_rules)"
wait_for 10 ul_neigh_is "$PEER_MAC" ||
	fail "neighbour $UL_PEER on $RUP: expected $PEER_MAC, saw $(ul_neigh_mac)"
end

tunnel_points vxlan0 vxlan "$VNI_VXLAN" 4789

begin "vxlan: two encap rules share the tunnel; either alone carries it"
encap_add 11 vxlan0 "$VNI_VXLAN" 4789 ip_proto icmp
check_eq "second encap rule in_hw" true "$(flt "$R0" 11 .in_hw)"
check_cmd "tc filter del dev $R0 ingress pref 10" tc filter del dev "$R0" ingress pref 10
out=$(ping_n)
check_match "ping through the second encap rule" " $N received" "$out"
sleep 2.5
check_eq "hardware packets of the second encap rule" "$N" "$(flt_act_pkts "$R0" 11 mirred)"
encap_add 10 vxlan0 "$VNI_VXLAN" 4789
check_cmd "tc filter del dev $R0 ingress pref 11" tc filter del dev "$R0" ingress pref 11
out=$(ping_n)
check_match "ping through the first encap rule again" " $N received" "$out"
end

begin "vxlan: peer0's MAC changes, the encap entry follows the neighbour"
peer sysctl -qw "net.ipv4.conf.$PEER_DEV.arp_notify=1"
# the neighbour code ignores an update within locktime (1 s) of the last
sleep 1.5
check_cmd "peer0 address $PEER_NEWMAC" \
	ip -n "$PEER_NS" link set dev "$PEER_DEV" address "$PEER_NEWMAC"
wait_for 10 ul_neigh_is "$PEER_NEWMAC" ||
	fail "neighbour $UL_PEER on $RUP: expected $PEER_NEWMAC, saw $(ul_neigh_mac)"
# a MAC change flushes peer0's neighbours, the permanent ones too
ns_neigh "$PEER_NS" "$PEER_DEV" "$UL_HOST" "$(cat "/sys/class/net/$RUP/address")"
p=$(flt_act_pkts "$R0" 10 mirred)
out=$(ping_n)
check_match "ping to the peer at its new MAC" " $N received" "$out"
sleep 2.5
check_eq "hardware packets of the encap rule" "$((p + N))" "$(flt_act_pkts "$R0" 10 mirred)"
check_cmd "tc filter del dev $R0 ingress pref 10" tc filter del dev "$R0" ingress pref 10
check_cmd "tc filter del dev vxlan0 ingress pref 10" tc filter del dev vxlan0 ingress pref 10
check_eq "esw_flow_rules" 0 "$(esw_rules)"
end

tunnel_points geneve0 geneve "$VNI_GENEVE" 6081

begin "a decap rule holds the eswitch mode; legacy mode unbinds tunnel devices"
check_cmd "tc filter del dev $R0 ingress pref 10" tc filter del dev "$R0" ingress pref 10
check_eq "esw_flow_rules (the geneve0 decap rule)" 1 "$(esw_rules)"
out=$(esw_set "$PF_PCI" legacy 2>&1)
rc=$?
check_ne "devlink dev eswitch set mode legacy exit status" 0 "$rc"
check_match "its message" "offloaded rules exist" "$out"
check_cmd "tc filter del dev geneve0 ingress pref 10" tc filter del dev geneve0 ingress pref 10
check_cmd "devlink dev eswitch set pci/$PF_PCI mode legacy" esw_set "$PF_PCI" legacy
tc_add "rule on vxlan0 in legacy mode" dev vxlan0 ingress pref 10 protocol ip flower \
	enc_key_id 42 action tunnel_key unset action drop
check_eq "rule on vxlan0 in legacy mode: in_hw" false "$(flt vxlan0 10 '.in_hw // false')"
check_cmd "tc filter del dev vxlan0 ingress pref 10" tc filter del dev vxlan0 ingress pref 10
end

# refuse_sw_only WHAT DEV ARGS...: a rule on a tunnel device that the driver
# refuses stays in software only (no skip_sw there, see decap_add; tc hands
# the driver's message on for skip_sw rules only). The tunnel points above
# had the same rules without the refused part in the NIC.
refuse_sw_only() {
	local what=$1 dev=$2 out
	shift 2
	if ! out=$(tc filter add dev "$dev" ingress pref 99 "$@" 2>&1); then
		fail "$what: tc filter add dev $dev ingress pref 99 $*: $out"
		return 1
	fi
	check_eq "$what: in_hw" false "$(flt "$dev" 99 '.in_hw // false')"
	check_eq "$what: not_in_hw" true "$(flt "$dev" 99 '.not_in_hw // false')"
	tc filter del dev "$dev" ingress pref 99
}

begin "refusals name the reason; nothing stays in the NIC"
switchdev_on "$PF_PCI" 1
RUP=$(rep_netdev p0)
R0=$(rep_netdev pf0vf0)
check_cmd "ip link set $RUP up" ip link set dev "$RUP" up
check_cmd "underlay address on $RUP" ip addr add "$UL_HOST/$UL_PREFIX" dev "$RUP"
check_cmd "tc qdisc add dev $R0 clsact" tc qdisc add dev "$R0" clsact
wait_for 15 carrier_up "$RUP" || fail "uplink representor $RUP: no carrier"
ip neigh replace "$UL_PEER" lladdr "$PEER_NEWMAC" dev "$RUP" nud permanent
enc=(action tunnel_key set src_ip "$UL_HOST" id "$VNI_VXLAN")
ip link add xnicveth0 type veth peer name xnicveth1
defer "ip link del xnicveth0"
ip addr add 10.99.0.1/24 dev xnicveth0
ip link set dev xnicveth0 up
ip link add xnicgre0 type gretap local "$UL_HOST" remote "$UL_PEER"
defer "ip link del xnicgre0"
ip link add vxlan8472 type vxlan dstport 8472 external
defer "ip link del vxlan8472"
tc qdisc add dev vxlan8472 ingress
refuse "route not via the NIC" "does not leave by this NIC's uplink representor" \
	dev "$R0" ingress protocol ip flower skip_sw "${enc[@]}" dst_ip 10.99.0.2 \
	action mirred egress redirect dev vxlan0
refuse "IPv6 outer" "IPv6 outer headers are not offloaded" \
	dev "$R0" ingress protocol ip flower skip_sw \
	action tunnel_key set src_ip 2001:db8::1 dst_ip 2001:db8::2 id 42 \
	action mirred egress redirect dev vxlan0
refuse "geneve options (encap)" "tunnel options are not offloaded" \
	dev "$R0" ingress protocol ip flower skip_sw "${enc[@]}" dst_ip "$UL_PEER" \
	geneve_opts 0102:80:00880022 action mirred egress redirect dev geneve0
refuse "gretap" "only a redirect to a vxlan or geneve device is offloaded" \
	dev "$R0" ingress protocol ip flower skip_sw "${enc[@]}" dst_ip "$UL_PEER" \
	action mirred egress redirect dev xnicgre0
refuse "redirect to vxlan0 without tunnel_key set" "needs tunnel_key set before it" \
	dev "$R0" ingress protocol ip flower skip_sw action mirred egress redirect dev vxlan0
refuse "enc keys on a representor" "tunnel keys: on a vxlan or geneve device" \
	dev "$R0" ingress protocol ip flower skip_sw enc_key_id 42 action drop
refuse "tunnel_key unset on a representor" "tunnel_key unset is offloaded on a vxlan or geneve device only" \
	dev "$R0" ingress protocol ip flower skip_sw action tunnel_key unset \
	action mirred egress redirect dev "$RUP"
refuse_sw_only "enc_dst_port 4790" vxlan0 protocol ip flower enc_key_id 42 enc_dst_port 4790 \
	action tunnel_key unset action mirred egress redirect dev "$R0"
refuse_sw_only "vxlan device on port 8472" vxlan8472 protocol ip flower enc_key_id 42 \
	action tunnel_key unset action mirred egress redirect dev "$R0"
refuse_sw_only "geneve options (match)" geneve0 protocol ip flower enc_key_id 42 \
	geneve_opts 0102:80:00880022 action tunnel_key unset \
	action mirred egress redirect dev "$R0"
refuse_sw_only "decap rule without a verdict" vxlan0 protocol ip flower enc_key_id 42 action tunnel_key unset
check_eq "esw_flow_rules after the refusals" 0 "$(esw_rules)"
check_no_posted_errors
end

begin "modprobe -r with a decap rule offloaded is clean"
tc_add "decap before unload" dev vxlan0 ingress pref 10 protocol ip flower \
	enc_key_id "$VNI_VXLAN" dst_ip "$VF0_IP" \
	action tunnel_key unset action mirred egress redirect dev "$R0"
check_eq "esw_flow_rules" 1 "$(esw_rules)"
check_cmd "modprobe -r xnic" xnic_unload
check_eq "xnic module loaded after modprobe -r" no "$(xnic_loaded && echo yes || echo no)"
check_eq "rules left on vxlan0 marked in_hw" 0 \
	"$(tc -j filter show dev vxlan0 ingress | jq '[.[] | select(.options.in_hw == true)] | length')"
check_no_match "kernel log of the unload" "cannot return to legacy|FLOW_DEL|FLOW_ENCAP_DEL" "$(dmesg_since)"
end

begin "no kernel warnings"
check_dmesg_clean "flower tunnel offload"
end
