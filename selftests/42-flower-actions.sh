#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TC flower actions executed by the NIC (switchdev mode, two VFs as tenants
# in netns vf0 and vf1, peer0 on the uplink, the representors up with
# clsact, no bridge). Each point adds skip_sw rules, sends N datagrams
# (netxfer.py) or crafted frames (flow_frames.py) and checks what arrived
# where, that the rules are in_hw and counted every frame, and that no
# representor's CPU-hit counter (the slow path) moved unless the actions
# say so:
#
#   - drop; redirect to another VF's representor, to the uplink, from the
#     uplink; mirror and redirect to three ports in one rule; a mirror
#     alone also leaves the frame to the software path;
#   - vlan push (802.1ad, priority), pop, modify, seen by tcpdump or by a
#     socket that only takes untagged frames;
#   - pedit of the Ethernet addresses, of IPv4 address, TTL and DSCP, of
#     IPv6 address, hop limit and traffic class, of UDP and TCP ports, with
#     csum: the receiving sockets get every datagram and the whole TCP
#     stream (the kernel delivers only frames with good checksums), the
#     same rewrite without csum is dropped by the receiver's IP/UDP
#     checksum check (its SNMP counters count it);
#   - goto chain with the frame as modified in chain 0;
#   - police: UDP sent at twice the rate arrives at the rate within 15 %.
. "$(dirname "$0")/lib.sh"
xnic_test_init

NVF=2
N=${XNIC_FRAME_COUNT:-10}
IP0=$(vf_ip 0)
IP1=$(vf_ip 1)
FAKE_IP=192.0.2.99	# VF 0's neighbour with VF 1's MAC; rules rewrite it
BOGUS_MAC=02:00:00:00:99:01
NEWMAC=02:00:00:00:77:01

dmesg_mark
begin "$NVF VFs as tenants, switchdev mode, representors up with clsact"
flower_setup $NVF || { end; exit 1; }
RPF=$(rep_netdev pf0)
ns_neigh vf0 "${VF_DEV[0]}" "$FAKE_IP" "$MAC1"
end

ctr_reset
for p in "${FL_REPS[@]}"; do
	ctr_add "$p cpu_hit rx" "cpu_hit $(rep_netdev "$p") rx"
done
CTR_BASE=${#CTR_NAMES[@]}

# ctr_only_reps: drop the counters a point added after the representors'
ctr_only_reps() {
	CTR_NAMES=("${CTR_NAMES[@]:0:CTR_BASE}")
	CTR_SRCS=("${CTR_SRCS[@]:0:CTR_BASE}")
	EXPECT=()
}

# tcpdump_v_count REGEX: frames of "tcpdump -v" output (on stdin) whose
# lines, joined, match REGEX
tcpdump_v_count() {
	awk '/^[ \t]/ { l = l " " $0; next } { if (l != "") print l; l = $0 }
		END { if (l != "") print l }' | grep -cE -- "$1"
}

# rule_counted WHAT DEV PREF N: the rule is in_hw and counted N packets
rule_counted() {
	local st
	read -ra st <<<"$(flt_stats "$2" "$3")"
	check_eq "$1: in_hw" true "${st[0]}"
	check_eq "$1: hardware packets" "$4" "${st[2]}"
}

# del_rules DEV...: remove every ingress rule of the representors
del_rules() {
	local d
	for d; do
		tc filter del dev "$d" ingress 2>/dev/null
	done
	check_eq "esw_flow_rules after the deletes" 0 "$(esw_rules)"
	check_no_posted_errors
}

# vf0_udp_case WANT PORT FLOWER-ARGS...: a rule "pref 10 protocol ip flower
# skip_sw FLOWER-ARGS" on pf0vf0, N datagrams VF 0 -> VF 1:PORT: VF 1 must
# receive WANT, the rule count N, the counters move as EXPECT says
vf0_udp_case() {
	local want=$1 port=$2 before after
	shift 2
	tc_add "the rule" dev "$R0" ingress pref 10 protocol ip flower skip_sw "$@" ||
		return 1
	before=$(ctr_snap)
	udp_xfer vf1 "$IP1" "$port" vf0 "$IP0" "$IP1" "$port"
	check_eq "datagrams VF 1 received" "$want" "$XFER_GOT"
	flt_settle "$R0" 10 "$N"
	after=$(ctr_snap)
	rule_counted "the rule" "$R0" 10 "$N"
	ctr_check_deltas "$before" "$after"
	del_rules "$R0"
}

begin "drop: UDP VF 0 -> VF 1 dropped in the NIC"
ctr_only_reps
vf0_udp_case 0 7001 ip_proto udp dst_port 7001 action drop
end

begin "redirect VF 0 -> VF 1 (another VF's representor)"
ctr_only_reps
vf0_udp_case "$N" 7002 dst_mac "$MAC1" action mirred egress redirect dev "$R1"
end

begin "redirect VF 0 -> uplink and uplink -> VF 1"
ctr_only_reps
tc_add "to the uplink" dev "$R0" ingress pref 10 protocol ip flower skip_sw \
	dst_mac "$PEER_MAC" action mirred egress redirect dev "$RUP"
tc_add "from the uplink" dev "$RUP" ingress pref 10 protocol ip flower skip_sw \
	dst_mac "$MAC1" action mirred egress redirect dev "$R1"
ptx=$(ethtool_stat "$PF" port_tx_packets)
before=$(ctr_snap)
udp_xfer "$PEER_NS" "$PEER_IP" 7003 vf0 "$IP0" "$PEER_IP" 7003
check_eq "datagrams peer0 received" "$N" "$XFER_GOT"
udp_xfer vf1 "$IP1" 7004 "$PEER_NS" "$PEER_IP" "$IP1" 7004
check_eq "datagrams VF 1 received from peer0" "$N" "$XFER_GOT"
flt_settle "$RUP" 10 "$N"
after=$(ctr_snap)
check_eq "port_tx_packets delta (ethtool -S $PF)" "$N" "$(($(ethtool_stat "$PF" port_tx_packets) - ptx))"
rule_counted "VF 0 -> uplink rule" "$R0" 10 "$N"
rule_counted "uplink -> VF 1 rule" "$RUP" 10 "$N"
ctr_check_deltas "$before" "$after"
del_rules "$R0" "$RUP"
end

begin "mirror to the uplink and the PF, redirect to VF 1: three outputs in one rule"
ctr_only_reps
ctr_add "peer0 rx_packets" "ns $PEER_NS $PEER_DEV rx_packets"
ctr_add "$PF rx_packets" "sys $PF rx_packets"
EXPECT["peer0 rx_packets"]=$N
EXPECT["$PF rx_packets"]=$N
# the copies to peer0 carry VF 1's MAC: virtio-net filters them unless promiscuous
ip -n "$PEER_NS" link set dev "$PEER_DEV" promisc on
defer "ip -n '$PEER_NS' link set dev '$PEER_DEV' promisc off"
ptx=$(ethtool_stat "$PF" port_tx_packets)
vf0_udp_case "$N" 7005 dst_mac "$MAC1" action mirred egress mirror dev "$RUP" pipe \
	action mirred egress mirror dev "$RPF" pipe \
	action mirred egress redirect dev "$R1"
check_eq "port_tx_packets delta (ethtool -S $PF)" "$N" "$(($(ethtool_stat "$PF" port_tx_packets) - ptx))"
ip -n "$PEER_NS" link set dev "$PEER_DEV" promisc off
end

begin "mirror alone: VF 1 gets a copy, the frame goes on to the software path"
ctr_only_reps
EXPECT["pf0vf0 cpu_hit rx"]=$N
vf0_udp_case "$N" 7006 dst_mac "$MAC1" action mirred egress mirror dev "$R1"
end

begin "vlan push 802.1ad id 100 priority 3 on VF 0 -> uplink"
tc_add "vlan push" dev "$R0" ingress pref 10 protocol ip flower skip_sw \
	dst_mac "$PEER_MAC" action vlan push protocol 802.1ad id 100 priority 3 pipe \
	action mirred egress redirect dev "$RUP"
capture_start "$PEER_NS" "$PEER_DEV" "$N" "vlan 100"
vfx 0 "$SELFTESTS/netxfer.py" udp-send "$IP0" "$PEER_IP" 7007 "$N" 100
wait "$CAP_PID" 2>/dev/null
seen=$(capture_end)
check_eq "802.1ad frames with VLAN 100, priority 3 on peer0" "$N" \
	"$(grep -cE "$MAC0 > $PEER_MAC, ethertype 802\.1Q-QinQ \(0x88a8\).*vlan 100, p 3, ethertype IPv4.* > $PEER_IP\.7007:" <<<"$seen")" ||
	diag "tcpdump: $(head -3 <<<"$seen" | tr '\n' ' ') $(tr '\n' ' ' <"$CAP_ERR")"
flt_settle "$R0" 10 "$N"
rule_counted "vlan push rule" "$R0" 10 "$N"
del_rules "$R0"
end

begin "vlan pop on uplink -> VF 1: VF 1's socket gets the untagged datagrams"
ctr_only_reps
tc_add "vlan pop" dev "$RUP" ingress pref 10 protocol 802.1Q flower skip_sw \
	vlan_id 100 action vlan pop pipe action mirred egress redirect dev "$R1"
before=$(ctr_snap)
xfer_start vf1 udp-recv "$IP1" 7008 "$N" 8
frames_from peer "$N" src="$PEER_MAC" dst="$MAC1" vlan=100 sip="$PEER_IP" \
	dip="$IP1" dport=7008 len=100 >/dev/null
xfer_end
check_eq "datagrams VF 1 received" "$N" "${XFER_RESULT%% *}"
flt_settle "$RUP" 10 "$N"
after=$(ctr_snap)
rule_counted "vlan pop rule" "$RUP" 10 "$N"
ctr_check_deltas "$before" "$after"
del_rules "$RUP"
end

# vlan_modify_case PRIO-ARGS WANT-PRIO: VF 0's VLAN 100 priority 1 frames
# to peer0 through "vlan modify id 200 PRIO-ARGS": peer0 sees VLAN 200 with
# priority WANT-PRIO
vlan_modify_case() {
	local seen
	# shellcheck disable=SC2086 # PRIO-ARGS: words
	tc_add "vlan modify" dev "$R0" ingress pref 10 protocol 802.1Q flower skip_sw \
		vlan_id 100 action vlan modify id 200 $1 pipe \
		action mirred egress redirect dev "$RUP" || return 1
	capture_start "$PEER_NS" "$PEER_DEV" "$N" "vlan 200"
	frames_from vf0 "$N" src="$MAC0" dst="$PEER_MAC" vlan=100.1 sip="$IP0" \
		dip="$PEER_IP" dport=7009 >/dev/null
	wait "$CAP_PID" 2>/dev/null
	seen=$(capture_end)
	check_eq "frames with VLAN 200, priority $2 on peer0" "$N" \
		"$(grep -cE "$MAC0 > $PEER_MAC, ethertype 802\.1Q \(0x8100\).*vlan 200, p $2, ethertype IPv4" <<<"$seen")" ||
		diag "tcpdump: $(head -3 <<<"$seen" | tr '\n' ' ') $(tr '\n' ' ' <"$CAP_ERR")"
	flt_settle "$R0" 10 "$N"
	rule_counted "vlan modify rule" "$R0" 10 "$N"
	del_rules "$R0"
}

begin "vlan modify id 200 priority 5 on VF 0 -> uplink"
vlan_modify_case "priority 5" 5
end

begin "vlan modify id 200 without a priority keeps the frame's priority (1)"
vlan_modify_case "" 1
end

begin "pedit eth dst and src: frames to a foreign MAC reach VF 1's socket"
ctr_only_reps
tc_add "pedit eth" dev "$R0" ingress pref 10 protocol ip flower skip_sw \
	dst_mac "$BOGUS_MAC" action pedit ex munge eth dst set "$MAC1" \
	munge eth src set "$NEWMAC" pipe action mirred egress redirect dev "$R1"
before=$(ctr_snap)
capture_start vf1 "${VF_DEV[1]}" "$N" "udp port 7010"
xfer_start vf1 udp-recv "$IP1" 7010 "$N" 8
frames_from vf0 "$N" src="$MAC0" dst="$BOGUS_MAC" sip="$IP0" dip="$IP1" \
	dport=7010 len=100 >/dev/null
xfer_end
check_eq "datagrams VF 1 received" "$N" "${XFER_RESULT%% *}"
wait "$CAP_PID" 2>/dev/null
seen=$(capture_end)
check_eq "frames $NEWMAC > $MAC1 captured on VF 1" "$N" \
	"$(grep -c "$NEWMAC > $MAC1" <<<"$seen")" || diag "tcpdump: $(head -3 <<<"$seen" | tr '\n' ' ')"
flt_settle "$R0" 10 "$N"
after=$(ctr_snap)
rule_counted "pedit eth rule" "$R0" 10 "$N"
ctr_check_deltas "$before" "$after"
del_rules "$R0"
end

# rewrite_case "SNMP-PROTO SNMP-FIELD" TO-IP TO-PORT RECV-PORT CSUM REWRITE...: a rule on
# pf0vf0 for VF 0's datagrams to TO-IP:TO-PORT: "action pedit ex REWRITE",
# "action csum CSUM" unless CSUM is "none", redirect to VF 1; N datagrams.
# Sets GOT (what VF 1's socket on RECV-PORT received) and ERRS (the delta
# of VF 1's SNMP counter, e.g. "Udp InCsumErrors")
rewrite_case() {
	local snmp=$1 to_ip=$2 to_port=$3 port=$4 csum=$5 e0 c=()
	shift 5
	# shellcheck disable=SC2206 # CSUM: the csum action's words
	[ "$csum" != none ] && c=(action csum $csum pipe)
	GOT=none ERRS=none
	tc_add "pedit" dev "$R0" ingress pref 10 protocol ip flower skip_sw \
		dst_ip "$to_ip" ip_proto udp dst_port "$to_port" \
		action pedit ex "$@" pipe "${c[@]}" \
		action mirred egress redirect dev "$R1" || return 1
	# shellcheck disable=SC2086 # "PROTO FIELD"
	e0=$(snmp_stat vf1 $snmp)
	udp_xfer vf1 "$IP1" "$port" vf0 "$IP0" "$to_ip" "$to_port"
	GOT=$XFER_GOT
	# shellcheck disable=SC2086
	ERRS=$(($(snmp_stat vf1 $snmp) - e0))
}

IP4_REWRITE=(munge ip dst set "$IP1" munge ip ttl set 9 munge ip tos set 0xb8)

begin "pedit IPv4 dst, TTL, DSCP with csum ip4h and udp: VF 1's socket gets all"
ctr_only_reps
before=$(ctr_snap)
capture_start vf1 "${VF_DEV[1]}" "$N" -v "udp port 7011"
rewrite_case "Ip InHdrErrors" "$FAKE_IP" 7011 7011 "ip4h and udp" "${IP4_REWRITE[@]}"
wait "$CAP_PID" 2>/dev/null
seen=$(capture_end)
check_eq "datagrams VF 1 received" "$N" "$GOT"
check_eq "VF 1's Ip InHdrErrors delta" 0 "$ERRS"
check_eq "frames with tos 0xb8, ttl 9 captured on VF 1" "$N" \
	"$(tcpdump_v_count "tos 0xb8, ttl 9,.*$IP0\.[0-9]+ > $IP1\.7011" <<<"$seen")"
flt_settle "$R0" 10 "$N"
after=$(ctr_snap)
rule_counted "pedit ip rule" "$R0" 10 "$N"
ctr_check_deltas "$before" "$after"
del_rules "$R0"
end

begin "the same rewrite without csum: VF 1's IP layer drops every frame"
rewrite_case "Ip InHdrErrors" "$FAKE_IP" 7011 7011 none "${IP4_REWRITE[@]}"
check_eq "datagrams VF 1 received" 0 "$GOT"
check_eq "VF 1's Ip InHdrErrors delta" "$N" "$ERRS"
del_rules "$R0"
end

begin "pedit UDP dport with csum udp: the socket on the new port gets all"
rewrite_case "Udp InCsumErrors" "$IP1" 7013 7014 udp munge udp dport set 7014
check_eq "datagrams received on port 7014" "$N" "$GOT"
check_eq "VF 1's Udp InCsumErrors delta" 0 "$ERRS"
flt_settle "$R0" 10 "$N"
rule_counted "pedit udp rule" "$R0" 10 "$N"
del_rules "$R0"
end

begin "pedit UDP dport without csum: VF 1's UDP drops every datagram"
rewrite_case "Udp InCsumErrors" "$IP1" 7013 7014 none munge udp dport set 7014
check_eq "datagrams received on port 7014" 0 "$GOT"
check_eq "VF 1's Udp InCsumErrors delta" "$N" "$ERRS"
del_rules "$R0"
end

begin "pedit TCP ports both ways with csum tcp: a stream arrives intact"
ctr_only_reps
tc_add "VF 0 -> VF 1:7015 becomes :7016" dev "$R0" ingress pref 10 protocol ip \
	flower skip_sw ip_proto tcp dst_port 7015 \
	action pedit ex munge tcp dport set 7016 pipe action csum tcp pipe \
	action mirred egress redirect dev "$R1"
tc_add "VF 1:7016 -> VF 0 becomes :7015" dev "$R1" ingress pref 10 protocol ip \
	flower skip_sw ip_proto tcp src_port 7016 \
	action pedit ex munge tcp sport set 7015 pipe action csum tcp pipe \
	action mirred egress redirect dev "$R0"
e0=$(snmp_stat vf0 Tcp InCsumErrors)
e1=$(snmp_stat vf1 Tcp InCsumErrors)
before=$(ctr_snap)
xfer_start vf1 tcp-recv "$IP1" 7016
sent=$(vfx 0 "$SELFTESTS/netxfer.py" tcp-send "$IP1" 7015 200000 2>&1)
xfer_end
check_eq "TCP stream VF 0 -> VF 1 (bytes, SHA-256) as sent" "$sent" "$XFER_RESULT"
check_eq "Tcp InCsumErrors delta of VF 0 and VF 1" "0 0" \
	"$(($(snmp_stat vf0 Tcp InCsumErrors) - e0)) $(($(snmp_stat vf1 Tcp InCsumErrors) - e1))"
flt_settle "$R0" 10 1
after=$(ctr_snap)
for d in "$R0" "$R1"; do
	read -ra st <<<"$(flt_stats "$d" 10)"
	check_eq "$d rule in_hw" true "${st[0]}"
	check_ge "$d rule hardware packets" 5 "${st[2]}"
done
ctr_check_deltas "$before" "$after"
del_rules "$R0" "$R1"
end

begin "pedit IPv6 dst, hop limit, traffic class with csum udp"
V6_1=2001:db8::11
vfx 1 sysctl -qw "net.ipv6.conf.${VF_DEV[1]}.disable_ipv6=0" \
	"net.ipv6.conf.${VF_DEV[1]}.accept_dad=0"
check_cmd "IPv6 address on VF 1" ip -n vf1 addr add "$V6_1/64" dev "${VF_DEV[1]}" nodad
tc_add "pedit ip6" dev "$R0" ingress pref 10 protocol ipv6 flower skip_sw \
	dst_ip 2001:db8::99 action pedit ex munge ip6 dst set "$V6_1" \
	munge ip6 hoplimit set 7 munge ip6 traffic_class set 0xb8 pipe \
	action csum udp pipe action mirred egress redirect dev "$R1"
capture_start vf1 "${VF_DEV[1]}" "$N" -v "ip6 and udp port 7017"
xfer_start vf1 udp-recv "$V6_1" 7017 "$N" 8
frames_from vf0 "$N" src="$MAC0" dst="$MAC1" l3=ip6 sip=2001:db8::10 \
	dip=2001:db8::99 dport=7017 len=100 >/dev/null
xfer_end
check_eq "datagrams VF 1 received on [$V6_1]:7017" "$N" "${XFER_RESULT%% *}"
wait "$CAP_PID" 2>/dev/null
seen=$(capture_end)
check_eq "frames with class 0xb8, hlim 7 captured on VF 1" "$N" \
	"$(tcpdump_v_count "class 0xb8, hlim 7,.*2001:db8::10\.[0-9]+ > $V6_1\.7017" <<<"$seen")"
flt_settle "$R0" 10 "$N"
rule_counted "pedit ip6 rule" "$R0" 10 "$N"
del_rules "$R0"
vfx 1 sysctl -qw "net.ipv6.conf.${VF_DEV[1]}.disable_ipv6=1"
end

begin "goto chain 1 with the frame as chain 0 modified it (vlan push)"
ctr_only_reps
tc_add "chain 0: push VLAN 5, goto 1" dev "$R0" ingress chain 0 pref 10 protocol ip \
	flower skip_sw dst_mac "$PEER_MAC" action vlan push id 5 pipe action goto chain 1
tc_add "chain 1: VLAN 5 to the uplink" dev "$R0" ingress chain 1 pref 10 \
	protocol 802.1Q flower skip_sw vlan_id 5 action mirred egress redirect dev "$RUP"
before=$(ctr_snap)
capture_start "$PEER_NS" "$PEER_DEV" "$N" "vlan 5"
vfx 0 "$SELFTESTS/netxfer.py" udp-send "$IP0" "$PEER_IP" 7018 "$N" 100
wait "$CAP_PID" 2>/dev/null
seen=$(capture_end)
check_eq "VLAN 5 frames from VF 0 on peer0" "$N" "$(grep -c "vlan 5, p 0, ethertype IPv4" <<<"$seen")"
flt_settle "$R0" 10 "$N"
after=$(ctr_snap)
rule_counted "chain 0 rule" "$R0" 10 "$N"
FLT_CHAIN=1 rule_counted "chain 1 rule" "$R0" 10 "$N"
ctr_check_deltas "$before" "$after"
tc filter del dev "$R0" ingress chain 1 2>/dev/null
del_rules "$R0"
end

begin "police 2 Mbit/s: UDP sent at twice the rate arrives at the rate"
RATE=2
# iperf3's TCP control connection goes through the NIC both ways too
tc_add "VF 0 -> VF 1" dev "$R0" ingress pref 20 protocol ip flower skip_sw \
	dst_mac "$MAC1" action mirred egress redirect dev "$R1"
tc_add "VF 1 -> VF 0" dev "$R1" ingress pref 20 protocol ip flower skip_sw \
	dst_mac "$MAC0" action mirred egress redirect dev "$R0"
tc_add "police" dev "$R0" ingress pref 10 protocol ip flower skip_sw \
	ip_proto udp dst_port 7019 action police rate ${RATE}mbit burst 16k \
	conform-exceed drop/pipe action mirred egress redirect dev "$R1"
json=$(iperf_json vf1 vf0 "$IP1" 7019 5 -u -b $((2 * RATE))M -l 1000 2>&1)
# frame kbit/s: 1000 bytes of payload + 42 bytes of headers
read -r sent_kbps got_kbps <<<"$(jq -r '.end | [.sum_sent, .sum_received] |
	map(.bytes / 1000 * 1042 * 8 / 1000 / .seconds | floor) | join(" ")' <<<"$json" 2>/dev/null)"
[ -n "$got_kbps" ] || diag "iperf3: $(head -c 600 <<<"$json" | tr '\n' ' ')"
diag "sent $sent_kbps kbit/s of frames, the policer let $got_kbps kbit/s through (rate $((RATE * 1000)))"
check_ge "sent kbit/s (at least 1.7 times the rate)" $((RATE * 1700)) "$sent_kbps"
check_ge "received kbit/s" $((RATE * 850)) "$got_kbps"
check_le "received kbit/s" $((RATE * 1150)) "$got_kbps"
del_rules "$R0" "$R1"
end

begin "no kernel warnings"
check_dmesg_clean "flower actions"
end
