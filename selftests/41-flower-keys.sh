#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TC flower match keys, each alone and in combination, executed by the NIC
# (switchdev mode, two VFs as tenants in netns vf0 and vf1, peer0 on the
# uplink, the representors up with clsact, no bridge).
#
# Each point adds one skip_sw rule "KEYS -> drop" (the combination point:
# -> redirect to VF 1) on a representor and sends crafted frames
# (selftests/flow_frames.py) from a VF or from peer0: N that match and N
# of each variant that differs in one matched field. The rule must be
# in_hw and count exactly N frames and N frames' bytes; the source port's
# representor (CPU-hit counter: the slow path) must see exactly the
# non-matching frames and none of the matching ones. Keys: ingress port
# (rules on pf0vf1 and p0), dst/src MAC, EtherType, VLAN id/priority, the
# inner VLAN (cvlan), IPv4 and IPv6 source/destination with masks,
# ip_proto, ip_tos (DSCP, IPv6 traffic class), ip_ttl / hop limit,
# ip_flags frag/firstfrag (IPv4 and IPv6), TCP/UDP/SCTP ports, tcp_flags,
# ICMP and ICMPv6 type/code.
. "$(dirname "$0")/lib.sh"
xnic_test_init

NVF=2
N=${XNIC_FRAME_COUNT:-8}

dmesg_mark
begin "$NVF VFs as tenants, switchdev mode, representors up with clsact"
flower_setup $NVF || { end; exit 1; }
end

# base_fields FROM: the addresses of a frame from FROM to the other VF
base_fields() {
	case "$1" in
	vf0) echo "src=$MAC0 dst=$MAC1" ;;
	vf1) echo "src=$MAC1 dst=$MAC0" ;;
	peer) echo "src=$PEER_MAC dst=$MAC0" ;;
	esac
}

# key_case WHAT PROTOCOL "FLOWER-KEYS" "HIT-FIELDS" "MISS-FIELDS[|MISS-FIELDS...]"
# One rule "protocol PROTOCOL flower skip_sw FLOWER-KEYS action drop" on
# K_REP (default pf0vf0); N frames with HIT-FIELDS from K_HIT (default
# vf0), N of each MISS variant from K_MISS (default K_HIT). K_ACTION
# replaces "drop"; K_DELIVER names a tenant whose VF must receive the hits.
key_case() {
	local what=$1 proto=$2 keys=$3 hit=$4 misses=$5
	local rep=${K_REP:-$R0} hfrom=${K_HIT:-vf0} mfrom=${K_MISS:-${K_HIT:-vf0}}
	local m ms lens before after st hargs=() margs=() slow
	begin "$what"
	# shellcheck disable=SC2086 # KEYS and ACTION are lists of words
	tc_add "rule" dev "$rep" ingress pref 10 protocol "$proto" flower skip_sw \
		$keys action ${K_ACTION:-drop} || { end; return; }
	# shellcheck disable=SC2206,SC2207 # lists of FIELD=VALUE words
	hargs=($(base_fields "$hfrom") $hit)
	IFS='|' read -ra ms <<<"$misses"
	for m in "${ms[@]}"; do
		# shellcheck disable=SC2206,SC2207
		margs+=(/ $(base_fields "$mfrom") $m)
	done
	slow="slow path of $mfrom ($(from_rep "$mfrom") cpu_hit rx)"
	ctr_reset
	ctr_add "$slow" "cpu_hit $(from_rep "$mfrom") rx"
	[ "$mfrom" != "$hfrom" ] &&
		ctr_add "slow path of $hfrom ($(from_rep "$hfrom") cpu_hit rx)" \
			"cpu_hit $(from_rep "$hfrom") rx"
	[ -n "${K_DELIVER:-}" ] &&
		ctr_add "rx_packets of VF ${K_DELIVER#vf}" \
			"ns $K_DELIVER ${VF_DEV[${K_DELIVER#vf}]} rx_packets"
	before=$(ctr_snap)
	if [ "$mfrom" = "$hfrom" ]; then
		lens=$(frames_from "$hfrom" "$N" "${hargs[@]}" "${margs[@]}")
	else
		lens=$(frames_from "$hfrom" "$N" "${hargs[@]}") &&
			frames_from "$mfrom" "$N" "${margs[@]:1}" >/dev/null
	fi
	flt_settle "$rep" 10 "$N"
	after=$(ctr_snap)
	read -ra st <<<"$(flt_stats "$rep" 10)"
	check_eq "rule in_hw" true "${st[0]}"
	check_eq "rule in_hw_count" 1 "${st[1]}"
	check_eq "hardware packets of the rule" "$N" "${st[2]}"
	check_eq "hardware bytes of the rule ($N frames of ${lens%%$'\n'*} bytes)" \
		"$((N * ${lens%%$'\n'*}))" "${st[3]}"
	EXPECT=()
	EXPECT[$slow]=$((N * ${#ms[@]}))
	[ -n "${K_DELIVER:-}" ] && EXPECT["rx_packets of VF ${K_DELIVER#vf}"]=$N
	ctr_check_deltas "$before" "$after"
	check_cmd "tc filter del dev $rep ingress pref 10" tc filter del dev "$rep" ingress pref 10
	end
}

# --- ingress port ---
K_REP=$R1 K_HIT=vf1 K_MISS=vf0 key_case \
	"ingress port: a rule on pf0vf1 takes VF 1's frames, not VF 0's" \
	ip "ip_proto udp" "proto=udp" "proto=udp"
K_REP=$RUP K_HIT=peer K_MISS=vf0 key_case \
	"ingress port: a rule on p0 takes peer0's frames, not VF 0's" \
	ip "ip_proto udp" "proto=udp" "proto=udp"

# --- Ethernet ---
key_case "dst_mac" all "dst_mac $MAC1" "" "dst=02:00:00:00:99:01"
key_case "dst_mac with a mask (multicast bit)" all \
	"dst_mac 01:00:00:00:00:00/01:00:00:00:00:00" \
	"dst=01:00:5e:00:00:fb" "dst=02:00:5e:00:00:fb"
key_case "src_mac" all "src_mac $MAC0" "" "src=02:00:00:00:99:02"
key_case "eth_type (protocol 0x88b5)" 0x88b5 "" "l3=0x88b5" "l3=0x88b6|l3=ip4"
key_case "eth_type ipv6 (protocol ipv6)" ipv6 "" "l3=ip6" "l3=ip4"

# --- VLAN ---
key_case "vlan_id" 802.1Q "vlan_id 10" "vlan=10" "vlan=11|l3=ip4"
key_case "vlan_prio" 802.1Q "vlan_prio 5" "vlan=10.5" "vlan=10.3"
key_case "vlan_id, vlan_prio and vlan_ethtype" 802.1Q \
	"vlan_id 10 vlan_prio 5 vlan_ethtype ipv4" "vlan=10.5" \
	"vlan=10.5 l3=ip6|vlan=10.4|vlan=12.5"
key_case "802.1ad outer tag" 802.1ad "vlan_id 100" \
	"vlan=100 vlan_tpid=0x88a8" "vlan=100"
key_case "cvlan_id and cvlan_prio (QinQ inner tag)" 802.1ad \
	"vlan_id 100 vlan_ethtype 802.1Q cvlan_id 20 cvlan_prio 2 cvlan_ethtype ipv4" \
	"vlan=100 vlan_tpid=0x88a8 cvlan=20.2" \
	"vlan=100 vlan_tpid=0x88a8 cvlan=21.2|vlan=100 vlan_tpid=0x88a8 cvlan=20.3|vlan=100 vlan_tpid=0x88a8 cvlan=20.2 l3=ip6"

# --- IPv4 / IPv6 addresses ---
key_case "IPv4 src_ip with a /24 mask" ip "src_ip 198.51.100.0/24" \
	"sip=198.51.100.7" "sip=198.51.101.7"
key_case "IPv4 dst_ip" ip "dst_ip 192.0.2.102" "dip=192.0.2.102" \
	"dip=192.0.2.103"
key_case "IPv4 src_ip and dst_ip with masks" ip \
	"src_ip 10.1.0.0/16 dst_ip 10.2.3.0/28" "sip=10.1.200.1 dip=10.2.3.15" \
	"sip=10.3.200.1 dip=10.2.3.15|sip=10.1.200.1 dip=10.2.3.16"
key_case "IPv6 src_ip with a /48 mask" ipv6 "src_ip 2001:db8:1::/48" \
	"l3=ip6 sip=2001:db8:1:ff::7" "l3=ip6 sip=2001:db8:2::7"
key_case "IPv6 dst_ip" ipv6 "dst_ip 2001:db8::102" "l3=ip6" \
	"l3=ip6 dip=2001:db8::103|l3=ip4"
key_case "IPv6 src_ip and dst_ip with masks" ipv6 \
	"src_ip 2001:db8:a::/64 dst_ip 2001:db8:b::/120" \
	"l3=ip6 sip=2001:db8:a::1:2 dip=2001:db8:b::ff" \
	"l3=ip6 sip=2001:db8:a:1::2 dip=2001:db8:b::ff|l3=ip6 sip=2001:db8:a::1:2 dip=2001:db8:b::100"

# --- IP header fields ---
key_case "ip_proto" ip "ip_proto tcp" "proto=tcp" "proto=udp|proto=icmp"
key_case "ip_proto (IPv6)" ipv6 "ip_proto udp" "l3=ip6 proto=udp" \
	"l3=ip6 proto=tcp"
key_case "ip_tos: DSCP 46 (mask 0xfc, any ECN)" ip "ip_tos 0xb8/0xfc" \
	"tos=0xb9" "tos=0xb0|tos=0"
key_case "ip_tos: IPv6 traffic class" ipv6 "ip_tos 0x28" "l3=ip6 tos=0x28" \
	"l3=ip6 tos=0x29"
key_case "ip_ttl" ip "ip_ttl 5" "ttl=5" "ttl=6|ttl=64"
key_case "ip_ttl: IPv6 hop limit" ipv6 "ip_ttl 255" "l3=ip6 ttl=255" \
	"l3=ip6 ttl=254"
key_case "ip_flags frag: any fragment" ip "ip_flags frag" \
	"frag=later" "frag=|proto=tcp"
key_case "ip_flags frag/firstfrag: the first fragment" ip \
	"ip_flags frag/firstfrag" "frag=first" "frag=later|proto=udp"
key_case "ip_flags nofrag" ip "ip_flags nofrag" "proto=udp" "frag=first|frag=later"
key_case "ip_flags frag/nofirstfrag (IPv6 fragment header)" ipv6 \
	"ip_flags frag/nofirstfrag" "l3=ip6 frag=later" "l3=ip6 frag=first|l3=ip6"

# --- L4 ---
key_case "TCP dst_port and src_port" ip "ip_proto tcp src_port 1000 dst_port 80" \
	"proto=tcp dport=80" "proto=tcp dport=81|proto=tcp sport=1001 dport=80|proto=udp dport=80"
key_case "UDP src_port" ip "ip_proto udp src_port 53" "sport=53" "sport=54"
key_case "UDP dst_port (IPv6)" ipv6 "ip_proto udp dst_port 4000" \
	"l3=ip6 dport=4000" "l3=ip6 dport=4001"
key_case "SCTP dst_port" ip "ip_proto sctp dst_port 9" "proto=sctp dport=9" \
	"proto=sctp dport=10|proto=udp dport=9"
key_case "tcp_flags SYN without ACK (0x2/0x12)" ip "ip_proto tcp tcp_flags 0x2/0x12" \
	"proto=tcp flags=0x02" "proto=tcp flags=0x12|proto=tcp flags=0x10"
key_case "ICMP type and code (echo request)" ip "ip_proto icmp type 8 code 0" \
	"proto=icmp type=8" "proto=icmp type=0|proto=icmp type=8 code=1"
key_case "ICMP code alone (port unreachable)" ip "ip_proto icmp code 3" \
	"proto=icmp type=3 code=3" "proto=icmp type=3 code=1"
key_case "ICMPv6 type and code (echo request)" ipv6 "ip_proto icmpv6 type 128 code 0" \
	"l3=ip6 proto=icmp6 type=128" "l3=ip6 proto=icmp6 type=129|l3=ip6 proto=icmp6 type=128 code=4"

# --- combinations ---
K_ACTION="mirred egress redirect dev $R1" K_DELIVER=vf1 key_case \
	"MAC, addresses, ports, TOS and TTL together: redirected to VF 1" ip \
	"dst_mac $MAC1 src_ip 192.0.2.101 dst_ip 192.0.2.102 ip_proto udp src_port 1000 dst_port 2000 ip_tos 0x10 ip_ttl 64" \
	"tos=0x10" \
	"tos=0x10 dst=02:00:00:00:99:01|tos=0x10 sip=192.0.2.100|tos=0x10 dport=2001|tos=0x10 sport=999|tos=0|tos=0x10 ttl=63|tos=0x10 proto=tcp"
K_REP=$RUP K_HIT=peer key_case \
	"uplink: VLAN, IPv6, UDP port and hop limit together from peer0" 802.1Q \
	"vlan_id 7 vlan_ethtype ipv6 dst_ip 2001:db8::102 ip_proto udp dst_port 2000 ip_ttl 9" \
	"vlan=7 l3=ip6 ttl=9" \
	"vlan=8 l3=ip6 ttl=9|vlan=7 l3=ip6 ttl=9 dport=2001|vlan=7 l3=ip6 ttl=10|l3=ip6 ttl=9"

begin "the NIC's table is empty after the deletes; no kernel warnings"
check_eq "esw_flow_rules (ethtool -S $PF)" 0 "$(esw_rules)"
check_no_posted_errors
check_dmesg_clean "flower keys"
end
