# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared helpers of the xnic selftests (sourced, not run). The tests run as
# root inside the VM of scripts/vm, where port 0 of the NIC is wired to a
# virtio-net NIC "peer0" in network namespace "peer".
#
# Output is kselftest-style TAP: each test point prints "ok N - name" or
# "not ok N - name"; diagnostics are "# ..." lines. A test point is
#
#	begin "what it checks"
#	check_eq "tx_packets delta" 100 "$seen"   # any number of checks
#	end
#
# A failed check prints what it expected and what it saw and marks the
# point failed; the script goes on. "skip REASON" instead of "end" reports
# the point as skipped. Everything a test changes is undone by the EXIT
# trap (module unloaded, firmware path restored, addresses flushed), so one
# failing test does not break the next.

SELFTESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SELFTESTS/.." && pwd)
FW_PATH_PARAM=/sys/module/firmware_class/parameters/path
FW_PATH_DEFAULT=$REPO/build/firmware
FW_IMAGE=$FW_PATH_DEFAULT/xnic/xnic.fw
XNIC_FW_TOOL=$REPO/build/xnic-fw
XNIC_PF_DEVICE_ID=0x10f0
PEER_NS=peer
PEER_DEV=peer0
PF_IP=192.0.2.1
PEER_IP=192.0.2.2
PREFIX=24

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# --- TAP ---------------------------------------------------------------------
T_NUM=0
T_NAME=
T_FAILED=0
T_ANY_FAILED=0

diag() { echo "# $*"; }

begin() {
	[ -n "$T_NAME" ] && end
	T_NAME=$1
	T_FAILED=0
}

end() {
	[ -n "$T_NAME" ] || return 0
	T_NUM=$((T_NUM + 1))
	if [ "$T_FAILED" -eq 0 ]; then
		echo "ok $T_NUM - $T_NAME"
	else
		echo "not ok $T_NUM - $T_NAME"
		T_ANY_FAILED=1
	fi
	T_NAME=
}

skip() {
	[ -n "$T_NAME" ] || return 0
	T_NUM=$((T_NUM + 1))
	echo "ok $T_NUM - $T_NAME # SKIP $*"
	T_NAME=
}

fail() {
	diag "FAIL: $*"
	T_FAILED=1
	return 1
}

# --- checks: each returns 0 if it held, else prints and returns 1 ------------
check_eq() { # WHAT EXPECTED SEEN
	[ "$2" = "$3" ] && return 0
	fail "$1: expected '$2', saw '$3'"
}

check_ne() { # WHAT UNEXPECTED SEEN
	[ "$2" != "$3" ] && return 0
	fail "$1: expected anything but '$2', saw '$3'"
}

check_ge() { # WHAT MIN SEEN
	[[ "$3" =~ ^-?[0-9]+$ ]] && [ "$3" -ge "$2" ] && return 0
	fail "$1: expected at least $2, saw '$3'"
}

check_le() { # WHAT MAX SEEN
	[[ "$3" =~ ^-?[0-9]+$ ]] && [ "$3" -le "$2" ] && return 0
	fail "$1: expected at most $2, saw '$3'"
}

check_match() { # WHAT EXTENDED-REGEX TEXT
	grep -qE -- "$2" <<<"$3" && return 0
	fail "$1: expected a match of /$2/, saw:"
	sed 's/^/#   /' <<<"$3"
	return 1
}

check_no_match() { # WHAT EXTENDED-REGEX TEXT
	local hits
	hits=$(grep -E -- "$2" <<<"$3") || return 0
	fail "$1: expected no match of /$2/, saw:"
	sed 's/^/#   /' <<<"$hits"
	return 1
}

# check_cmd WHAT CMD...: CMD must succeed; its output is shown if it fails
check_cmd() {
	local what=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ $rc -eq 0 ] && return 0
	fail "$what: '$*' exited with $rc, expected 0; its output:"
	sed 's/^/#   /' <<<"${out:-(none)}"
	return 1
}

# check_cmd_fails WHAT CMD...: CMD must fail
check_cmd_fails() {
	local what=$1 out
	shift
	out=$("$@" 2>&1) || return 0
	fail "$what: '$*' succeeded, expected it to fail; its output:"
	sed 's/^/#   /' <<<"${out:-(none)}"
	return 1
}

# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.2
	done
}

# --- kernel log --------------------------------------------------------------
# dmesg_mark: put a unique marker in the kernel log; dmesg_since prints what
# was logged after the last marker
DMESG_MARK=
dmesg_mark() {
	DMESG_MARK="xnic-selftest-mark-$$-$RANDOM-$SECONDS"
	echo "$DMESG_MARK" >/dev/kmsg
}

dmesg_since() {
	dmesg | sed -n "/$DMESG_MARK/,\$p" | sed 1d
}

# kernel messages that mean a bug, whichever test caused them
KERNEL_BUG_RE='WARNING:|BUG:|Oops|general protection|Call Trace|KASAN|UBSAN|refcount_t|list_(add|del) corruption|double free|use-after-free|[Ll]eak'

check_dmesg_clean() { # WHAT
	check_no_match "$1: kernel log" "$KERNEL_BUG_RE" "$(dmesg_since)"
}

# --- the driver and its netdevs ----------------------------------------------
xnic_loaded() { [ -d /sys/module/xnic ]; }

xnic_load() { # [module parameters]
	modprobe xnic "$@"
}

xnic_unload() {
	xnic_loaded || return 0
	timeout 60 modprobe -r xnic
}

# xnic_netdevs: every netdev whose device is bound to the xnic driver
xnic_netdevs() {
	local n drv
	for n in /sys/class/net/*; do
		drv=$(readlink "$n/device/driver" 2>/dev/null) || continue
		[ "${drv##*/}" = xnic ] && echo "${n##*/}"
	done
	return 0
}

# xnic_pf_netdev: the PF's netdev of physical port 0 (the PCI function with
# the PF device ID, dev_port 0); prints nothing if there is none. In
# switchdev mode the representors share the PF's PCI device: the PF netdev
# is the oldest of the candidates (lowest ifindex), created at probe before
# any representor.
xnic_pf_netdev() {
	local n id port
	for n in $(xnic_netdevs); do
		id=$(cat "/sys/class/net/$n/device/device" 2>/dev/null)
		read -r port <"/sys/class/net/$n/dev_port" 2>/dev/null
		[ "$id" = "$XNIC_PF_DEVICE_ID" ] && [ "${port:-0}" = 0 ] || continue
		case "$(cat "/sys/class/net/$n/phys_port_name" 2>/dev/null)" in
		*vf*) continue ;;
		esac
		echo "$(cat "/sys/class/net/$n/ifindex") $n"
	done | sort -n | awk 'NR == 1 { print $2 }'
	return 0
}

# xnic_pci_devices: PCI functions with the xnic PF device ID
xnic_pci_devices() {
	local d
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor")" = 0x1af4 ] &&
			[ "$(cat "$d/device")" = "$XNIC_PF_DEVICE_ID" ] && echo "${d##*/}"
	done
	return 0
}

# xnic_irqs: lines of /proc/interrupts that belong to xnic
xnic_irqs() { grep -E '\bxnic' /proc/interrupts || true; }

# load the module and find the PF netdev: sets PF, or fails the point
xnic_load_pf() {
	check_cmd "modprobe xnic" xnic_load "$@" || return 1
	PF=$(xnic_pf_netdev)
	[ -n "$PF" ] && return 0
	fail "no xnic PF netdev after modprobe xnic; netdevs: $(ls /sys/class/net | tr '\n' ' ')"
	if [ -n "$DMESG_MARK" ]; then dmesg_since; else dmesg; fi |
		grep -i xnic | tail -n 10 | sed "s/^/#   /"
	return 1
}

# --- firmware ----------------------------------------------------------------
fw_path_set() { echo -n "$1" >"$FW_PATH_PARAM"; }
fw_path_reset() { fw_path_set "$FW_PATH_DEFAULT"; }

# --- the link partner in netns "peer" ----------------------------------------
peer() { ip netns exec "$PEER_NS" "$@"; }

ipv6_off() { # DEV [NETNS]
	# the slash form: DEV may contain dots (VLAN devices, "peer0.10")
	if [ -n "${2:-}" ]; then
		ip netns exec "$2" sysctl -qw "net/ipv6/conf/$1/disable_ipv6=1"
	else
		sysctl -qw "net/ipv6/conf/$1/disable_ipv6=1"
	fi
}

# addr_setup PF: IPv6 off on both ends (no ND/MLD noise), PF_IP on the PF,
# PEER_IP on peer0, both up
addr_setup() {
	ipv6_off "$1"
	ipv6_off "$PEER_DEV" "$PEER_NS"
	ip addr flush dev "$1"
	ip addr add "$PF_IP/$PREFIX" dev "$1"
	ip link set dev "$1" up
	ip -n "$PEER_NS" addr flush dev "$PEER_DEV"
	ip -n "$PEER_NS" addr add "$PEER_IP/$PREFIX" dev "$PEER_DEV"
	ip -n "$PEER_NS" link set dev "$PEER_DEV" up
}

# neigh_setup PF: permanent neighbour entries both ways, so no ARP is sent
neigh_setup() {
	local pf_mac peer_mac
	pf_mac=$(cat "/sys/class/net/$1/address")
	peer_mac=$(peer cat "/sys/class/net/$PEER_DEV/address")
	ip neigh replace "$PEER_IP" lladdr "$peer_mac" dev "$1" nud permanent
	ip -n "$PEER_NS" neigh replace "$PF_IP" lladdr "$pf_mac" \
		dev "$PEER_DEV" nud permanent
}

operstate() { cat "/sys/class/net/$1/operstate"; }
carrier_up() { [ "$(operstate "$1")" = up ]; }

# wait_carrier PF [SECONDS]: the PF reports carrier
wait_carrier() {
	wait_for "${2:-15}" carrier_up "$1" && return 0
	fail "$1 operstate: expected 'up', saw '$(operstate "$1")' after ${2:-15} s"
}

# --- counters ----------------------------------------------------------------
# netdev_stat DEV NAME [NETNS]: /sys/class/net/DEV/statistics/NAME
netdev_stat() {
	if [ -n "${3:-}" ]; then
		ip netns exec "$3" cat "/sys/class/net/$1/statistics/$2"
	else
		cat "/sys/class/net/$1/statistics/$2"
	fi
}

# ethtool_stat DEV NAME: one value of ethtool -S
ethtool_stat() {
	ethtool -S "$1" | awk -v k="$2:" '$1 == k { print $2; found = 1 }
		END { if (!found) print "missing" }'
}

# --- SR-IOV: VFs as tenants in their own network namespaces -----------------
# VF n's netdev lives in netns "vfN" (the tenant), with IPv6 off there (no
# ND/MLD noise) and address 192.0.2.(10+n) on the PF's subnet. VF_DEV[n] is
# the netdev's name (it keeps the name it had in the initial netns).
XNIC_VF_DEVICE_ID=0x10f1
VF_DEV=()

vf_ns() { echo "vf$1"; }
vf_ip() { echo "192.0.2.$((10 + $1))"; }

# vfx N CMD...: run CMD in tenant N's netns
vfx() {
	local n=$1
	shift
	ip netns exec "vf$n" "$@"
}

# xnic_pf_pci PF-NETDEV: the PF's PCI address (e.g. 0000:01:00.0)
xnic_pf_pci() { basename "$(readlink -f "/sys/class/net/$1/device")"; }

# sriov_numvfs / sriov_totalvfs PF-PCI: the sysfs value, "none" if the PF
# has no SR-IOV capability
sriov_numvfs() { cat "/sys/bus/pci/devices/$1/sriov_numvfs" 2>/dev/null || echo none; }
sriov_totalvfs() { cat "/sys/bus/pci/devices/$1/sriov_totalvfs" 2>/dev/null || echo none; }

# sriov_set PCI N: write N to sriov_numvfs; prints the error if refused
sriov_set() {
	( echo "$2" >"/sys/bus/pci/devices/$1/sriov_numvfs" ) 2>&1 |
		sed 's/^.*: //'
	return "${PIPESTATUS[0]}"
}

# vf_pci PF-PCI N: VF N's PCI address, empty if it has none
vf_pci() {
	local l
	l=$(readlink -f "/sys/bus/pci/devices/$1/virtfn$2" 2>/dev/null) || return 0
	basename "$l"
}

# vf_netdev PF-PCI N: VF N's netdev in the current netns, empty if none
vf_netdev() {
	local d
	for d in /sys/bus/pci/devices/"$1"/virtfn"$2"/net/*; do
		[ -e "$d" ] && { echo "${d##*/}"; return 0; }
	done
	return 0
}

# vf_netdev_count PF-PCI: how many VFs have a netdev in the current netns
# (sysfs shows a device's net/ entries of its own netns only)
vf_netdev_count() {
	local v n=0
	for v in /sys/bus/pci/devices/"$1"/virtfn*; do
		[ -e "$v" ] || continue
		compgen -G "$v/net/*" >/dev/null && n=$((n + 1))
	done
	echo "$n"
}

vf_netdevs_are() { [ "$(vf_netdev_count "$1")" = "$2" ]; }

# wait_vf_netdevs PF-PCI N [SECONDS]: exactly N VFs have a netdev
wait_vf_netdevs() {
	wait_for "${3:-60}" vf_netdevs_are "$1" "$2" && return 0
	fail "VF netdevs of $1: expected $2, saw $(vf_netdev_count "$1") after ${3:-60} s"
}

# vf_tenant PF-PCI N: move VF N's netdev into a new netns "vfN" with IPv6
# off, give it vf_ip N, bring it up; sets VF_DEV[N]
vf_tenant() {
	local pci=$1 n=$2 ns dev
	ns=$(vf_ns "$n")
	dev=$(vf_netdev "$pci" "$n")
	[ -n "$dev" ] || { fail "VF $n of $pci has no netdev"; return 1; }
	ip netns del "$ns" 2>/dev/null
	ip netns add "$ns" || { fail "ip netns add $ns"; return 1; }
	# a netdev moved into a netns takes that netns' default IPv6 config
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip -n "$ns" link set dev lo up
	ip link set dev "$dev" netns "$ns" ||
		{ fail "moving $dev into netns $ns failed"; return 1; }
	VF_DEV[n]=$dev
	ip -n "$ns" addr add "$(vf_ip "$n")/$PREFIX" dev "$dev"
	ip -n "$ns" link set dev "$dev" up
}

vf_carrier_up() { vfx "$1" cat "/sys/class/net/${VF_DEV[$1]}/carrier" 2>/dev/null | grep -qx 1; }
vf_carrier_down() { vfx "$1" cat "/sys/class/net/${VF_DEV[$1]}/carrier" 2>/dev/null | grep -qx 0; }
vf_carrier() { vfx "$1" cat "/sys/class/net/${VF_DEV[$1]}/carrier" 2>/dev/null || echo none; }

# wait_vf_carrier N [SECONDS]: tenant N's VF netdev reports carrier
wait_vf_carrier() {
	wait_for "${2:-15}" vf_carrier_up "$1" && return 0
	fail "VF $1 (${VF_DEV[$1]} in netns vf$1) carrier: expected 1, saw '$(vf_carrier "$1")' after ${2:-15} s"
}

# vf_mac N: tenant N's VF netdev MAC
vf_mac() { vfx "$1" cat "/sys/class/net/${VF_DEV[$1]}/address"; }

# vf_stat N NAME: a netdev counter of tenant N's VF netdev
vf_stat() { netdev_stat "${VF_DEV[$1]}" "$2" "vf$1"; }

# xnic_vfs_up N: load the driver, PF up with PF_IP, N VFs through
# sriov_numvfs, each a tenant (vf_tenant) with carrier. Sets PF, PF_PCI and
# VF_DEV; fails the current point on any error
xnic_vfs_up() {
	local n=$1 i out
	xnic_load_pf || return 1
	PF_PCI=$(xnic_pf_pci "$PF")
	addr_setup "$PF"
	wait_carrier "$PF" || return 1
	if ! out=$(sriov_set "$PF_PCI" "$n"); then
		fail "echo $n > sriov_numvfs of $PF_PCI: $out"
		return 1
	fi
	wait_vf_netdevs "$PF_PCI" "$n" || return 1
	for ((i = 0; i < n; i++)); do
		vf_tenant "$PF_PCI" "$i" || return 1
	done
	for ((i = 0; i < n; i++)); do
		wait_vf_carrier "$i" || return 1
	done
}

# ns_neigh NETNS DEV IP MAC: permanent neighbour (NETNS "" = initial netns)
ns_neigh() {
	if [ -n "$1" ]; then
		ip -n "$1" neigh replace "$3" lladdr "$4" dev "$2" nud permanent
	else
		ip neigh replace "$3" lladdr "$4" dev "$2" nud permanent
	fi
}

# vf_neigh_mesh N: permanent neighbours between peer0, the PF and tenants
# 0..N-1, every pair both ways: no ARP, so counters can be exact
vf_neigh_mesh() {
	local n=$1 i j
	local nss=("$PEER_NS" "") devs=("$PEER_DEV" "$PF") ips=("$PEER_IP" "$PF_IP") macs
	macs=("$(peer cat "/sys/class/net/$PEER_DEV/address")"
	      "$(cat "/sys/class/net/$PF/address")")
	for ((i = 0; i < n; i++)); do
		nss+=("vf$i")
		devs+=("${VF_DEV[i]}")
		ips+=("$(vf_ip "$i")")
		macs+=("$(vf_mac "$i")")
	done
	for i in "${!nss[@]}"; do
		for j in "${!nss[@]}"; do
			[ "$i" = "$j" ] && continue
			ns_neigh "${nss[i]}" "${devs[i]}" "${ips[j]}" "${macs[j]}"
		done
	done
}

# vf_json PF N: VF N's entry of "ip -j -s link show PF", one line
vf_json() {
	ip -j -s link show dev "$1" | jq -c ".[0].vfinfo_list[]? | select(.vf == $2)"
}

# vf_info PF N JQ-FILTER: one value of VF N's entry (e.g. .trust); "missing"
# if absent
vf_info() {
	local v
	v=$(vf_json "$1" "$2" |
	    jq -r "$3 | if . == null then \"missing\" else tostring end" 2>/dev/null)
	echo "${v:-missing}"
}

# vf_nic_stat PF N NAME: VF N's counter in the NIC, as "ip -s link show PF"
# prints it. NAME: rx_packets rx_bytes rx_broadcast rx_multicast rx_dropped
# tx_packets tx_bytes tx_dropped (iproute2's JSON names the tx counters
# "tx_packets"/"tx_bytes" inside "tx")
vf_nic_stat() {
	local f
	case "$3" in
	rx_packets) f='.stats.rx.packets' ;;
	rx_bytes) f='.stats.rx.bytes' ;;
	rx_broadcast) f='.stats.rx.broadcast' ;;
	rx_multicast) f='.stats.rx.multicast' ;;
	rx_dropped) f='.stats.rx.dropped' ;;
	tx_packets) f='(.stats.tx.tx_packets // .stats.tx.packets)' ;;
	tx_bytes) f='(.stats.tx.tx_bytes // .stats.tx.bytes)' ;;
	tx_dropped) f='.stats.tx.dropped' ;;
	*) echo "missing"; return 0 ;;
	esac
	vf_info "$1" "$2" "$f"
}

# vf_line N: VF N's line in "ip link show $PF", empty if none
vf_line() { ip link show dev "$PF" | grep -E "^ +vf $1 "; }

# pf_link_show PF: "ip link show PF" without counters, to compare before and
# after a refused command
pf_link_show() { ip -d link show dev "$1"; }

# vf_tenants_reset: delete the tenant netns and the links tests added to
# netns peer (VLAN devices on peer0)
vf_tenants_reset() {
	local ns l
	for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^vf[0-9]+$/ { print $1 }'); do
		ip netns del "$ns"
	done
	for l in $(ip -n "$PEER_NS" -o link show 2>/dev/null |
		   awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
		[ "$l" = lo ] || [ "$l" = "$PEER_DEV" ] || ip -n "$PEER_NS" link del "$l"
	done
	VF_DEV=()
}

# --- switchdev: eswitch mode, representors, devlink ports --------------------
# The eswitch mode is devlink's (pci/PF-PCI). In switchdev mode the driver
# creates one representor netdev per VF (phys_port_name pf0vfN), one for
# physical port 0 (p0, the uplink) and one for the PF (pf0), each with a
# devlink port and the same phys_switch_id. Representors keep the kernel's
# names (ethN: no udev in the VM), so tests find them by phys_port_name.
REP_BRIDGE=xbr0
REP_PPN_RE='^(p[0-9]+|pf[0-9]+|pf[0-9]+vf[0-9]+)$'
IPV6_DEFAULT_SAVED=

# esw_show PF-PCI FIELD: one field of "devlink dev eswitch show" (mode,
# inline-mode, encap-mode); "missing" if absent, "error" if devlink fails
esw_show() {
	local json v
	json=$(devlink -j dev eswitch show "pci/$1" 2>/dev/null) || { echo error; return 0; }
	v=$(jq -r --arg f "$2" '.dev[] | .[$f] // "missing" | tostring' <<<"$json" 2>/dev/null)
	echo "${v:-missing}"
}

esw_mode() { esw_show "$1" mode; }

# esw_set PF-PCI MODE: devlink dev eswitch set pci/PF-PCI mode MODE
esw_set() { devlink dev eswitch set "pci/$1" mode "$2"; }

# dl_dev_info PF-PCI JQ-FILTER: one value of "devlink -j dev info", the
# filter applied to the device's object (e.g. .serial_number); "missing"
dl_dev_info() {
	local v
	v=$(devlink -j dev info "pci/$1" 2>/dev/null |
	    jq -r ".info[] | $2 | if . == null then \"missing\" else tostring end" 2>/dev/null)
	echo "${v:-missing}"
}

# ipv6_off_new_links: IPv6 off on netdevs created from now on in the
# initial netns (representors, bridges), so that no ND/MLD frame crosses
# the slow path; xnic_reset_state restores the setting
ipv6_off_new_links() {
	[ -n "$IPV6_DEFAULT_SAVED" ] ||
		IPV6_DEFAULT_SAVED=$(sysctl -n net.ipv6.conf.default.disable_ipv6)
	sysctl -qw net.ipv6.conf.default.disable_ipv6=1
}

ipv6_new_links_restore() {
	[ -n "$IPV6_DEFAULT_SAVED" ] || return 0
	sysctl -qw net.ipv6.conf.default.disable_ipv6="$IPV6_DEFAULT_SAVED"
	IPV6_DEFAULT_SAVED=
}

netdev_ppn() { cat "/sys/class/net/$1/phys_port_name" 2>/dev/null; }
netdev_switch_id() { cat "/sys/class/net/$1/phys_switch_id" 2>/dev/null; }

# xnic_reps: "NETDEV PHYS_PORT_NAME" of each representor in the initial
# netns (a netdev other than $PF with a phys_switch_id and a representor's
# phys_port_name), sorted by phys_port_name
xnic_reps() {
	local d n ppn sid
	# builtin reads, no fork per netdev: 64 VFs make 130 netdevs
	for d in /sys/class/net/*; do
		n=${d##*/}
		[ "$n" = "${PF:-}" ] && continue
		ppn= sid=
		{ read -r ppn <"$d/phys_port_name"; } 2>/dev/null
		[[ "$ppn" =~ $REP_PPN_RE ]] || continue
		{ read -r sid <"$d/phys_switch_id"; } 2>/dev/null
		[ -n "$sid" ] || continue
		echo "$n $ppn"
	done | sort -V -k2,2
	return 0
}

rep_count() { xnic_reps | grep -c .; }

# rep_netdev PHYS_PORT_NAME: the representor with that name, empty if none
rep_netdev() { xnic_reps | awk -v p="$1" '$2 == p { print $1; exit }'; }

reps_are() { [ "$(rep_count)" = "$1" ]; }

# wait_reps N [SECONDS]: exactly N representors exist
wait_reps() {
	wait_for "${2:-30}" reps_are "$1" && return 0
	fail "representors: expected $1, saw $(rep_count) after ${2:-30} s: $(xnic_reps | awk '{ printf "%s(%s) ", $1, $2 }')"
}

# want_reps NVF: the phys_port_names switchdev mode must show with NVF VFs,
# one a line, in xnic_reps order
want_reps() {
	local i
	{
		echo p0
		echo pf0
		for ((i = 0; i < $1; i++)); do echo "pf0vf$i"; done
	} | sort -V
}

# dl_port_json NETDEV: the devlink port whose netdev is NETDEV, as one line
# of JSON with the port's handle (pci/.../N) added as .handle; empty if none
dl_port_json() {
	devlink -j port show 2>/dev/null | jq -c --arg n "$1" \
		'.port | to_entries[] | select(.value.netdev == $n) | .value + {handle: .key}'
}

# dl_port_attr NETDEV JQ-FILTER: one attribute of NETDEV's devlink port
# (.flavour, .pfnum, .vfnum, .function.hw_addr, .handle); "missing"
dl_port_attr() {
	local v
	v=$(dl_port_json "$1" | jq -r "$2 | if . == null then \"missing\" else tostring end" 2>/dev/null)
	echo "${v:-missing}"
}

# rep_bridge_add REP...: put representors (and bring them up) into the
# Linux bridge REP_BRIDGE, created with IPv6 off if it does not exist
rep_bridge_add() {
	local r
	if [ ! -e "/sys/class/net/$REP_BRIDGE" ]; then
		ip link add "$REP_BRIDGE" type bridge || return 1
		ipv6_off "$REP_BRIDGE"
		ip link set dev "$REP_BRIDGE" up || return 1
	fi
	for r; do
		ipv6_off "$r"
		ip link set dev "$r" master "$REP_BRIDGE" || return 1
		ip link set dev "$r" up || return 1
	done
}

# rep_bridge_ports: the bridge's ports, space-separated, sorted
rep_bridge_ports() {
	bridge -j link show 2>/dev/null |
		jq -r --arg b "$REP_BRIDGE" '[.[] | select(.master == $b) | .ifname] | sort | join(" ")'
}

# switchdev_on PF-PCI NVF: switch to switchdev and wait for the NVF + 2
# representors; fails the point otherwise
switchdev_on() {
	ipv6_off_new_links
	check_cmd "devlink dev eswitch set pci/$1 mode switchdev" esw_set "$1" switchdev || return 1
	wait_reps $(($2 + 2))
}

# switchdev_tenants_up NVF PORT-NAME...: NVF VFs as tenants (xnic_vfs_up)
# with permanent neighbours everywhere (vf_neigh_mesh), switchdev mode, the
# representors of PORT-NAME... (p0, pf0, pf0vfN) up with IPv6 off, the
# uplink representor's carrier up; fails the point on any error
switchdev_tenants_up() {
	local nvf=$1 p r
	shift
	xnic_vfs_up "$nvf" || return 1
	vf_neigh_mesh "$nvf"
	switchdev_on "$PF_PCI" "$nvf" || return 1
	for p; do
		r=$(rep_netdev "$p")
		ipv6_off "$r"
		check_cmd "ip link set $r ($p) up" ip link set dev "$r" up || return 1
	done
	r=$(rep_netdev p0)
	wait_for 15 carrier_up "$r" && return 0
	fail "uplink representor $r operstate: expected 'up', saw '$(operstate "$r")'"
}

# switchdev_bridge NVF: every representor in REP_BRIDGE, with static FDB
# entries for peer0, the PF netdev and the tenants' VFs 0..NVF-1 (so the
# bridge floods nothing and counts can be exact)
switchdev_bridge() {
	local i reps
	reps=$(xnic_reps | awk '{ print $1 }')
	# shellcheck disable=SC2086
	rep_bridge_add $reps || { fail "putting representors ($reps) into $REP_BRIDGE failed"; return 1; }
	bridge fdb replace "$(peer cat "/sys/class/net/$PEER_DEV/address")" \
		dev "$(rep_netdev p0)" master static &&
	bridge fdb replace "$(cat "/sys/class/net/$PF/address")" \
		dev "$(rep_netdev pf0)" master static ||
		{ fail "static FDB entries for peer0 and $PF failed"; return 1; }
	for ((i = 0; i < $1; i++)); do
		bridge fdb replace "$(vf_mac "$i")" dev "$(rep_netdev "pf0vf$i")" master static ||
			{ fail "static FDB entry for VF $i failed"; return 1; }
	done
}

# --- packet capture ----------------------------------------------------------
# capture_start NETNS DEV COUNT FILTER...: tcpdump -e -nn in the background
# (NETNS "" = the initial netns) until COUNT frames or 60 s; capture_end
# waits for it and prints what it captured
CAP_PID=
CAP_OUT=
CAP_ERR=
capture_start() {
	local ns=$1 dev=$2 count=$3 nx=()
	shift 3
	if [ -z "$CAP_OUT" ]; then
		CAP_OUT=$(mktemp /tmp/xnic-cap.XXXXXX)
		CAP_ERR=$(mktemp /tmp/xnic-cap.XXXXXX)
		defer "rm -f '$CAP_OUT' '$CAP_ERR'"
	fi
	: >"$CAP_OUT"
	: >"$CAP_ERR"
	[ -n "$ns" ] && nx=(ip netns exec "$ns")
	spawn "${nx[@]}" timeout 60 tcpdump -i "$dev" -e -nn -l -c "$count" "$@" \
		>"$CAP_OUT" 2>"$CAP_ERR"
	CAP_PID=${BG_PIDS[-1]}
	wait_for 20 grep -q 'listening on' "$CAP_ERR" ||
		fail "tcpdump on $dev in netns '${ns:-init}' did not start: $(cat "$CAP_ERR")"
}

# (callers use seen=$(capture_end): in that subshell "wait" returns at once,
# so it polls until tcpdump has exited, a zombie of the test's shell)
capture_end() {
	proc_running "$CAP_PID" && wait_for 70 proc_gone "$CAP_PID"
	wait "$CAP_PID" 2>/dev/null
	cat "$CAP_OUT"
}

# proc_running PID: PID exists and has not exited (zombies have)
proc_running() {
	local st
	st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) && [ "$st" != Z ]
}
proc_gone() { ! proc_running "$1"; }

# --- exact counter deltas ------------------------------------------------------
# A set of named counters: ctr_add NAME SOURCE, SOURCE one of
#	sys DEV STAT        /sys/class/net/DEV/statistics/STAT, initial netns
#	ns NETNS DEV STAT   the same in NETNS
#	cpu_hit DEV rx|tx   DEV's CPU-hit packets ("ip stats show dev DEV group
#	                    offload subgroup cpu_hit": what crossed the slow path)
#	vf_nic N STAT       VF N's counter in the NIC (vf_nic_stat $PF N STAT;
#	                    rx_packets rx_bytes tx_packets tx_bytes)
# ctr_snap reads them all in one line, with one process per netns and one
# for all CPU-hit and all VF counters (under TCG a fork costs); after
# setting EXPECT[NAME] (unset: 0; "ge:N": at least N), ctr_check_deltas
# "$before" "$after" checks every delta.
CTR_NAMES=()
CTR_SRCS=()
declare -A EXPECT

ctr_reset() { CTR_NAMES=(); CTR_SRCS=(); EXPECT=(); }
ctr_add() { CTR_NAMES+=("$1"); CTR_SRCS+=("$2"); }

ctr_snap() {
	local src kind a b c v f ns line need_cpu=0 need_vf=0 vals=()
	local -A files=() got=()
	for src in "${CTR_SRCS[@]}"; do
		read -r kind a b c <<<"$src"
		case "$kind" in
		ns) files[$a]+=" /sys/class/net/$b/statistics/$c" ;;
		cpu_hit) need_cpu=1 ;;
		vf_nic) need_vf=1 ;;
		esac
	done
	for ns in "${!files[@]}"; do
		# shellcheck disable=SC2086 # a list of paths without blanks
		while IFS=: read -r f v; do
			got["ns $ns $f"]=$v
		done < <(ip netns exec "$ns" grep -H . ${files[$ns]} 2>/dev/null)
	done
	if [ $need_cpu = 1 ]; then
		while read -r f a b; do
			got["cpu_hit $f rx"]=$a
			got["cpu_hit $f tx"]=$b
		done < <(ip -j stats show group offload subgroup cpu_hit 2>/dev/null |
			 jq -r '.[] | .ifname as $n | [.. | objects | select(has("rx") and has("tx"))] |
				first | select(. != null) | "\($n) \(.rx.packets) \(.tx.packets)"' 2>/dev/null)
	fi
	if [ $need_vf = 1 ]; then
		while read -r line; do
			read -r f a b c v <<<"$line"
			got["vf_nic $f rx_packets"]=$a
			got["vf_nic $f rx_bytes"]=$b
			got["vf_nic $f tx_packets"]=$c
			got["vf_nic $f tx_bytes"]=$v
		done < <(ip -j -s link show dev "$PF" 2>/dev/null | jq -r '.[0].vfinfo_list[]? |
			.stats as $s | [.vf, $s.rx.packets, $s.rx.bytes,
			($s.tx.tx_packets // $s.tx.packets), ($s.tx.tx_bytes // $s.tx.bytes)] |
			map(tostring) | join(" ")' 2>/dev/null)
	fi
	for src in "${CTR_SRCS[@]}"; do
		read -r kind a b c <<<"$src"
		v=
		case "$kind" in
		sys) { read -r v <"/sys/class/net/$a/statistics/$b"; } 2>/dev/null ;;
		ns) v=${got["ns $a /sys/class/net/$b/statistics/$c"]} ;;
		cpu_hit) v=${got["cpu_hit $a $b"]} ;;
		vf_nic) v=${got["vf_nic $a $b"]} ;;
		esac
		[[ "$v" =~ ^[0-9]+$ ]] || v=missing
		vals+=("$v")
	done
	echo "${vals[*]}"
}

ctr_check_deltas() { # BEFORE AFTER
	local b a i w
	read -ra b <<<"$1"
	read -ra a <<<"$2"
	for i in "${!CTR_NAMES[@]}"; do
		w=${EXPECT[${CTR_NAMES[i]}]:-0}
		if ! [[ "${a[i]}" =~ ^[0-9]+$ && "${b[i]}" =~ ^[0-9]+$ ]]; then
			fail "${CTR_NAMES[i]}: unreadable (before '${b[i]}', after '${a[i]}')"
		elif [[ "$w" == ge:* ]]; then
			check_ge "${CTR_NAMES[i]} delta" "${w#ge:}" "$((a[i] - b[i]))"
		else
			check_eq "${CTR_NAMES[i]} delta" "$w" "$((a[i] - b[i]))"
		fi
	done
}

# --- throughput ------------------------------------------------------------------
# iperf_json SERVER-NETNS CLIENT-NETNS SERVER-IP PORT SECONDS [IPERF3-ARGS...]:
# one iperf3 run (a one-off server, the client with -J); prints the client's
# JSON, or fails with a message on stderr. NETNS "" is the initial netns.
iperf_json() {
	local sns=$1 cns=$2 ip=$3 port=$4 secs=$5 json spid
	shift 5
	local sx=() cx=()
	[ -n "$sns" ] && sx=(ip netns exec "$sns")
	[ -n "$cns" ] && cx=(ip netns exec "$cns")
	"${sx[@]}" iperf3 -s -1 -B "$ip" -p "$port" >/dev/null 2>&1 &
	spid=$!
	if ! wait_for 20 "${sx[@]}" sh -c "ss -ltn | grep -q ':$port '"; then
		echo "iperf3 server in netns '${sns:-init}' did not start" >&2
		kill "$spid" 2>/dev/null
		return 1
	fi
	json=$("${cx[@]}" timeout $((secs + 30)) iperf3 -c "$ip" -p "$port" -t "$secs" -J "$@" 2>&1)
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	echo "$json"
}

# iperf_rate UNIT SERVER-NETNS CLIENT-NETNS SERVER-IP PORT SECONDS
# [IPERF3-ARGS...]: one iperf3 TCP run; prints the rate the server received
# in UNIT bit/s (1e6: Mbit/s, 1e3: kbit/s; an integer), or fails with
# iperf3's error on stderr. NETNS "" is the initial netns.
iperf_rate() {
	local unit=$1 json r
	shift
	json=$(iperf_json "$@") || return 1
	r=$(iperf_received <<<"$json") || return 1
	awk -v u="$unit" '{ printf "%.0f\n", $3 / u }' <<<"$r"
}

# iperf_received: reads iperf3's JSON on stdin; prints "BYTES SECONDS
# BITS-PER-SECOND" of what the server received, or fails with iperf3's
# error on stderr
iperf_received() {
	/usr/bin/python3 -c 'import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    sys.exit("iperf3 gave no JSON")
if "error" in d:
    sys.exit("iperf3: " + d["error"])
r = d["end"]["sum_received"]
print(r["bytes"], r["seconds"], r["bits_per_second"])'
}

# iperf_mbps SERVER-NETNS CLIENT-NETNS SERVER-IP PORT SECONDS [ARGS...]
iperf_mbps() { iperf_rate 1e6 "$@"; }

# iperf_udp SERVER-NETNS CLIENT-NETNS SERVER-IP PORT SECONDS PAYLOAD: one
# iperf3 UDP run at full speed (-b 0) with datagrams of PAYLOAD bytes;
# prints what the server received: "PACKETS-PER-SECOND MBIT/S" (integers,
# payload bits), or fails with iperf3's error on stderr
iperf_udp() {
	local json r len=$6
	json=$(iperf_json "$1" "$2" "$3" "$4" "$5" -u -b 0 -l "$len") || return 1
	r=$(iperf_received <<<"$json") || return 1
	awk -v len="$len" '$2 <= 0 { print "iperf3: no receive time" > "/dev/stderr"; exit 1 }
		{ printf "%.0f %.0f\n", $1 / len / $2, $3 / 1e6 }' <<<"$r"
}

# --- cleanup -------------------------------------------------------------------
BG_PIDS=()
CLEANUPS=()

# defer CMD...: run CMD (a string, eval'd) when the test exits, last first
defer() { CLEANUPS+=("$*"); }

# spawn CMD...: start CMD in the background; it is killed when the test exits
spawn() {
	"$@" &
	BG_PIDS+=($!)
}

xnic_reset_state() {
	local p
	for p in "${BG_PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	BG_PIDS=()
	fw_path_reset 2>/dev/null
	xnic_unload >/dev/null 2>&1
	vf_tenants_reset >/dev/null 2>&1
	ip link del "$REP_BRIDGE" 2>/dev/null
	ipv6_new_links_restore 2>/dev/null
	# nothing of an earlier test may still send from the peer's side (a
	# process, or a socket of one that is gone: TCP retransmits, ARP)
	ip netns pids "$PEER_NS" 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns exec "$PEER_NS" ss -K -a >/dev/null 2>&1
	ip -n "$PEER_NS" addr flush dev "$PEER_DEV" 2>/dev/null
	ip -n "$PEER_NS" neigh flush dev "$PEER_DEV" 2>/dev/null
	ip -n "$PEER_NS" link set dev "$PEER_DEV" mtu 1500 up 2>/dev/null
	return 0
}

xnic_test_exit() {
	local rc=$? i
	if [ -n "$T_NAME" ]; then
		fail "the test script stopped inside this point"
		end
	fi
	for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUPS[i]}" >/dev/null 2>&1
	done
	xnic_reset_state
	[ "$T_NUM" -gt 0 ] && echo "1..$T_NUM"
	[ $T_ANY_FAILED -eq 0 ] && exit $rc
	exit 1
}

# xnic_test_init: every test script calls this first
xnic_test_init() {
	[ "$(id -u)" -eq 0 ] || { echo "# must run as root (in scripts/vm)"; exit 1; }
	trap xnic_test_exit EXIT
	xnic_reset_state
}

# --- XDP and eBPF offload -----------------------------------------------------
# The test programs (selftests/bpf/*.c) are built on the host by
# "make bpf-progs" (part of scripts/prepare); xdp_obj builds them if missing.
XDP_OBJ_DIR=$REPO/build/selftests-bpf
XDP_UDP=$SELFTESTS/xdp_udp.py

# xdp_obj NAME: path of selftests/bpf/NAME.c compiled
xdp_obj() {
	[ -e "$XDP_OBJ_DIR/$1.o" ] || make -s -C "$SELFTESTS/bpf" >/dev/null 2>&1
	echo "$XDP_OBJ_DIR/$1.o"
}

# bpf_pin_dir: bpffs mounted; sets BPF_PIN to a fresh directory in it that
# the EXIT trap removes (unpinning what the test pinned there)
bpf_pin_dir() {
	grep -q ' /sys/fs/bpf bpf ' /proc/mounts || mount -t bpf bpf /sys/fs/bpf
	BPF_PIN=/sys/fs/bpf/xnic-$$-$RANDOM
	mkdir "$BPF_PIN" || fail "cannot make $BPF_PIN"
	defer "rm -rf '$BPF_PIN'"
}

# xdp_attached DEV: the XDP attachment mode ip link shows for DEV
# ("xdpoffload", "xdp" (driver mode), "xdpgeneric", "xdpmulti"; empty if none)
xdp_attached() {
	ip link show dev "$1" | head -1 |
		grep -oE ' xdp(offload|generic|multi)? ' | tr -d ' '
}

# bpf_map_u64 PIN KEYBYTES...: a map value read as a little-endian u64
# (bpftool map lookup), or "none"
bpf_map_u64() {
	local pin=$1
	shift
	bpftool -j map lookup pinned "$pin" key "$@" 2>/dev/null |
		/usr/bin/python3 -c 'import json, sys
d = json.load(sys.stdin)
v = d.get("value", d.get("formatted", {}).get("value"))
print(int.from_bytes(bytes(int(b, 16) for b in v), "little"))' 2>/dev/null || echo none
}

# bpf_map_count PIN: entries "bpftool map dump" shows
bpf_map_count() {
	bpftool -j map dump pinned "$1" 2>/dev/null |
		/usr/bin/python3 -c 'import json, sys; print(len(json.load(sys.stdin)))' \
			2>/dev/null || echo none
}

# ethtool_sum DEV REGEX: sum of the ethtool -S counters whose name matches
ethtool_sum() {
	ethtool -S "$1" | awk -v re="$2" '{ n = $1; sub(":", "", n) }
		n ~ re { s += $2 } END { print s + 0 }'
}

# --- memory, for leak checks -------------------------------------------------
# Debian's kernel has no kmemleak. Leak checks compare unreclaimable slab
# (netdevs, skbs, command buffers) and free memory (whole pages: DMA rings)
# before and after load/unload cycles. MemAvailable alone swings by up to
# 30 MiB with nothing leaking: freed pages park in the per-CPU page lists
# (a "high" of ~7000 pages per CPU in a 2 GiB guest), which /proc/meminfo
# does not count as free. mem_available adds them back from /proc/zoneinfo.
meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }

mem_settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
}

# pcp_free_kb: kB of free pages held in the per-CPU page lists of all zones
pcp_free_kb() {
	awk '$1 == "count:" { n += $2 } END { print n * 4 }' /proc/zoneinfo
}

# mem_available: MemAvailable plus the per-CPU lists' free pages, in kB;
# the best of 3 readings after dropping caches
mem_available() {
	local best=0 v i
	for ((i = 0; i < 3; i++)); do
		mem_settle
		v=$(($(meminfo MemAvailable) + $(pcp_free_kb)))
		((v > best)) && best=$v
	done
	echo "$best"
}

# mem_mark: the baseline of check_mem_kept (free memory, unreclaimable slab)
mem_mark() {
	MEM_AVAIL0=$(mem_available)
	MEM_SLAB0=$(meminfo SUnreclaim)
}

# check_mem_kept SLAB-KB AVAIL-KB: since mem_mark, unreclaimable slab grew
# by at most SLAB-KB and free memory fell by at most AVAIL-KB
check_mem_kept() {
	local avail1 slab1
	avail1=$(mem_available)
	slab1=$(meminfo SUnreclaim)
	diag "SUnreclaim ${MEM_SLAB0} -> ${slab1} kB, MemAvailable ${MEM_AVAIL0} -> ${avail1} kB"
	check_le "SUnreclaim growth (kB)" "$1" "$((slab1 - MEM_SLAB0))"
	check_le "MemAvailable loss (kB)" "$2" "$((MEM_AVAIL0 - avail1))"
}

# --- TC flower offload (selftests 40-46) --------------------------------------
# The flower tests (40-43) run in switchdev mode with NVF VFs as tenants,
# every representor up with a clsact qdisc and no bridge: a frame that no
# offloaded rule claims reaches the representor of its source port (its
# CPU-hit counter) and goes no further. flower_setup sets R0, R1 (the
# representors pf0vf0, pf0vf1), RUP (p0), FL_REPS (every representor's
# phys_port_name), MAC0, MAC1 (the VFs' MACs) and PEER_MAC.
FLOW_FRAMES=$SELFTESTS/flow_frames.py

# flower_setup NVF: the set-up above; fails the current point on any error
flower_setup() {
	local nvf=$1 i p r
	FL_REPS=(p0 pf0)
	for ((i = 0; i < nvf; i++)); do FL_REPS+=("pf0vf$i"); done
	switchdev_tenants_up "$nvf" "${FL_REPS[@]}" || return 1
	for p in "${FL_REPS[@]}"; do
		r=$(rep_netdev "$p")
		check_cmd "tc qdisc add dev $r clsact" tc qdisc add dev "$r" clsact || return 1
	done
	R0=$(rep_netdev pf0vf0)
	R1=$(rep_netdev pf0vf1)
	RUP=$(rep_netdev p0)
	MAC0=$(vf_mac 0)
	MAC1=$(vf_mac 1)
	PEER_MAC=$(peer cat "/sys/class/net/$PEER_DEV/address")
}

# esw_rules: the NIC's rule count (ethtool -S PF esw_flow_rules)
esw_rules() { ethtool -S "$PF" | awk '$1 == "esw_flow_rules:" { print $2 }'; }

# check_no_posted_errors: the NIC refused none of the rule commands the
# driver posted without waiting for the answer (ethtool -S PF
# esw_flow_posted_errors; the driver posts only what it knows the NIC takes)
check_no_posted_errors() {
	check_eq "esw_flow_posted_errors (ethtool -S $PF)" 0 \
		"$(ethtool_stat "$PF" esw_flow_posted_errors)"
}

# flt DEV PREF JQ-EXPR: a field of the flower rule PREF of DEV's ingress
# (chain 0, or FLT_CHAIN)
flt() {
	tc -s -j filter show dev "$1" ingress chain "${FLT_CHAIN:-0}" pref "$2" 2>/dev/null |
		jq -r "[.[] | select(.options) | .options] | first | $3"
}
flt_pkts() { flt "$1" "$2" '.actions[0].stats.packets // "none"'; }
flt_bytes() { flt "$1" "$2" '.actions[0].stats.bytes // "none"'; }

# flt_stats DEV PREF: "IN_HW IN_HW_COUNT PACKETS BYTES" of the rule, in one
# tc call (under TCG every process costs)
flt_stats() {
	flt "$1" "$2" '"\(.in_hw) \(.in_hw_count) \(.actions[0].stats.packets // "none") \(.actions[0].stats.bytes // "none")"'
}

# flt_settle DEV PREF N: wait until the rule's hardware counters are final
# after a burst of N matching frames: the driver fetches the NIC's
# counters every second, so two periods after the burst a count above N
# shows too; a slow burst gets up to 5 s more to reach N
flt_at_least() { local v; v=$(flt_pkts "$1" "$2"); [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge "$3" ]; }
flt_settle() {
	sleep 2.2
	flt_at_least "$@" && return 0
	wait_for 5 flt_at_least "$@"
	sleep 1.2
}

# check_in_hw WHAT DEV PREF: tc reports the rule in_hw, in_hw_count 1
check_in_hw() {
	local s
	read -ra s <<<"$(flt_stats "$2" "$3")"
	check_eq "$1: in_hw" true "${s[0]}" && check_eq "$1: in_hw_count" 1 "${s[1]}"
}
# flt_act_pkts DEV PREF KIND: the packet count of rule PREF's first KIND
# action (tunnel_key keeps no counters of its own: read its rule's mirred)
flt_act_pkts() {
	flt "$1" "$2" "[.actions[] | select(.kind == \"$3\")] | first | .stats.packets // \"none\""
}

# tc_add WHAT ARGS...: tc filter add must succeed
tc_add() {
	local what=$1 out
	shift
	if ! out=$(tc filter add "$@" 2>&1); then
		fail "$what: tc filter add $*: $out"
		return 1
	fi
}

# refuse WHAT MESSAGE-REGEX ARGS...: tc filter add must fail with MESSAGE
refuse() {
	local what=$1 re=$2 out
	shift 2
	if out=$(tc filter add "$@" 2>&1); then
		fail "$what: tc filter add $* was accepted"
		tc filter del dev "$2" ingress 2>/dev/null
		return 1
	fi
	check_match "$what: tc's message" "$re" "$out"
}

# --- devlink resources; Open vSwitch with TC offload ------------------------
# dl_resource PF-PCI NAME FIELD: a field (size, occ, unit, size_min ...) of
# the devlink resource NAME of "devlink -j resource show"; "missing"
dl_resource() {
	local v
	v=$(devlink -j resource show "pci/$1" 2>/dev/null |
	    jq -r --arg n "$2" --arg f "$3" '.resources[][] | select(.name == $n) |
		.[$f] // "missing" | tostring' 2>/dev/null)
	echo "${v:-missing}"
}

# Open vSwitch: ovsdb-server and ovs-vswitchd started by hand.
# The guest's root is read-only: the daemons keep their database, sockets,
# pid files and logs in OVS_DIR (tmpfs), which OVS_RUNDIR, OVS_DBDIR and
# OVS_LOGDIR point at, so plain ovs-vsctl and ovs-appctl find them. Flows
# offloaded through TC go into the NIC like any tc flower rule.
OVS_DIR=/run/xnic-ovs
OVS_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema

ovs_env() {
	export OVS_RUNDIR=$OVS_DIR OVS_DBDIR=$OVS_DIR OVS_LOGDIR=$OVS_DIR
}

# ovs_start [KEY=VALUE...]: load openvswitch.ko, create an empty database,
# set the Open_vSwitch other_config KEY=VALUE pairs (hw-offload=true ...),
# then start ovsdb-server and ovs-vswitchd; prints what failed
ovs_start() {
	local kv
	ovs_env
	modprobe openvswitch || return 1
	rm -rf "$OVS_DIR"
	mkdir -p "$OVS_DIR" &&
	ovsdb-tool create "$OVS_DIR/conf.db" "$OVS_SCHEMA" &&
	ovsdb-server "$OVS_DIR/conf.db" --remote="punix:$OVS_DIR/db.sock" \
		--pidfile --detach --log-file &&
	ovs-vsctl --no-wait init || return 1
	for kv; do
		ovs-vsctl --no-wait set Open_vSwitch . "other_config:$kv" || return 1
	done
	ovs-vswitchd "unix:$OVS_DIR/db.sock" --pidfile --detach --log-file
}

# ovs_stop: delete every bridge (OVS removes their flows, in the NIC too),
# stop ovs-vswitchd (removing its datapaths) and ovsdb-server, unload
# openvswitch.ko and remove OVS_DIR
ovs_stop() {
	local br
	ovs_env
	if [ -e "$OVS_DIR/ovs-vswitchd.pid" ]; then
		for br in $(ovs-vsctl --timeout=30 list-br 2>/dev/null); do
			ovs-vsctl --timeout=30 del-br "$br"
		done
		ovs-appctl --timeout=30 -t ovs-vswitchd exit --cleanup
	fi
	[ -e "$OVS_DIR/ovsdb-server.pid" ] &&
		ovs-appctl --timeout=30 -t ovsdb-server exit
	modprobe -r openvswitch 2>/dev/null
	rm -rf "$OVS_DIR"
	return 0
}

# ovs_offloaded_flows: the datapath flows OVS has offloaded to TC
# (ovs-appctl dpctl/dump-flows type=offloaded), one a line, port names
ovs_offloaded_flows() {
	ovs_env
	ovs-appctl dpctl/dump-flows --names type=offloaded 2>&1
}

# ovs_log_tail: the last lines of the ovs-vswitchd log, as diagnostics
ovs_log_tail() {
	tail -n "${1:-15}" "$OVS_DIR/ovs-vswitchd.log" 2>/dev/null | sed 's/^/#   /'
}

# --- benchmarks (scripts/bench-*) ---------------------------------------------
# The in-guest half of a benchmark whose traffic comes from a generator on
# the host (scripts/bench-gen.sh) talks to its host half through stdout.

# bench_window NAME SECS SAMPLE CMD...: the host's generator sends for SECS
# seconds (marks NAME and NAME.end); "SAMPLE 0" runs 1 s into it and
# "SAMPLE 1" 1 s before its end (for counters the guest reads while the
# traffic flows: behind a stream netdev the NIC holds the generator back,
# and a backlog drains after the window); returns once the window is over
# and the output of CMD (a counter the traffic moves) has stopped changing
# for 1.5 s (at most 60 s more: a flooded guest may run late). Sets
# BENCH_START and BENCH_SETTLED (date +%s.%N): when the window began, and
# the last read of CMD, every 0.5 s, that saw it move (or the window's end)
bench_window() {
	local name=$1 secs=$2 sample=$3 a b i still=0
	shift 3
	BENCH_START=$(date +%s.%N)
	echo "@window $name $secs"
	sleep 1
	"$sample" 0
	sleep $((secs - 2))
	"$sample" 1
	sleep 1
	BENCH_SETTLED=$(date +%s.%N)
	a=$("$@")
	for ((i = 0; i < 120; i++)); do
		sleep 0.5
		b=$("$@")
		if [ "$a" = "$b" ]; then
			((++still == 3)) && return 0
		else
			still=0
			BENCH_SETTLED=$(date +%s.%N)
		fi
		a=$b
	done
	echo "bench: $name: '$*' still moves 60 s after the window" >&2
}

# bench_switchdev: xnic loaded, switchdev mode without VFs, the uplink and
# PF representors up, a clsact qdisc on the uplink's; sets PF, PF_PCI, RUP
# (the representor of p0) and RPF (of pf0)
bench_switchdev() {
	xnic_load >/dev/null 2>&1
	PF=$(xnic_pf_netdev)
	[ -n "$PF" ] || { echo "bench: modprobe xnic gave no PF netdev" >&2; return 1; }
	PF_PCI=$(xnic_pf_pci "$PF")
	ipv6_off_new_links
	esw_set "$PF_PCI" switchdev && wait_reps 2 || return 1
	RUP=$(rep_netdev p0)
	RPF=$(rep_netdev pf0)
	ip link set dev "$RUP" up && ip link set dev "$RPF" up || return 1
	# clsact's egress block is not offloaded: tc warns, as it should
	tc qdisc add dev "$RUP" clsact 2>/dev/null
}

# bench_set KEY VALUE: a figure measured in the guest, for the host's summary
bench_set() { echo "@set $1 $2"; }

# cpu_jiffies_into VAR: set VAR to "BUSY TOTAL", the clock ticks of all
# CPUs since boot (/proc/stat: user nice system idle iowait irq softirq
# steal; busy is everything but idle and iowait; guest time is in user).
# Bash builtins only, so that it can sample a window it is inside of.
cpu_jiffies_into() {
	local -n _jiffies=$1
	local name u n s i w q sq st
	read -r name u n s i w q sq st _ </proc/stat
	_jiffies="$((u + n + s + q + sq + st)) $((u + n + s + i + w + q + sq + st))"
}

# cpu_jiffies: "BUSY TOTAL" (cpu_jiffies_into) on stdout
cpu_jiffies() {
	local j
	cpu_jiffies_into j
	echo "$j"
}

# cpu_busy_secs BEFORE AFTER: "BUSY ALL" CPU seconds (all CPUs) between two
# cpu_jiffies readings: busy, and busy plus idle
cpu_busy_secs() {
	awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN {
		split(a, x, " "); split(b, y, " ")
		printf "%.2f %.2f", (y[1] - x[1]) / hz, (y[2] - x[2]) / hz }'
}

# cpu_settle [MAX]: wait (at most MAX seconds, default 120) until the
# guest's CPUs were idle for 90 % of one second, so that work left behind
# by an earlier step (tc frees deleted filters in RCU work, after the
# delete returned) does not run inside the next measurement; prints the
# seconds waited. Bash builtins only: a process started inside the
# second would count as busy itself.
cpu_settle() {
	local max=${1:-120} waited=0 fd b a b_busy b_all a_busy a_all
	exec {fd}<> <(:)
	while [ "$waited" -lt "$max" ]; do
		cpu_jiffies_into b
		read -rt 1 -u "$fd" _
		cpu_jiffies_into a
		waited=$((waited + 1))
		read -r b_busy b_all <<<"$b"
		read -r a_busy a_all <<<"$a"
		[ $(((a_busy - b_busy) * 10)) -le $((a_all - b_all)) ] && break
	done
	exec {fd}<&-
	echo "$waited"
}

# --- TC flower offload: crafted frames and transfers (selftests 41-43) -------
# frames_from FROM COUNT FIELD=VALUE... [/ FIELD=VALUE...]...: send COUNT
# crafted frames of each group of fields (selftests/flow_frames.py) from
# FROM: a tenant's VF ("vf0", "vf1") or peer0 ("peer"); prints the frames'
# lengths in bytes, one a line
frames_from() {
	local from=$1 ns dev
	shift
	case "$from" in
	peer) ns=$PEER_NS dev=$PEER_DEV ;;
	vf*) ns=$from dev=${VF_DEV[${from#vf}]} ;;
	*) fail "frames_from: unknown sender '$from'"; return 1 ;;
	esac
	ip netns exec "$ns" /usr/bin/python3 "$FLOW_FRAMES" send "$dev" "$@"
}

# from_rep FROM: the representor of a frames_from sender's port
from_rep() {
	case "$1" in
	peer) echo "$RUP" ;;
	vf0) echo "$R0" ;;
	vf1) echo "$R1" ;;
	vf*) rep_netdev "pf0vf${1#vf}" ;;
	esac
}

# xfer_start NETNS netxfer.py-COMMAND ARGS...: start a netxfer.py receiver
# (udp-recv, tcp-recv; READYFILE is added) in NETNS and wait until it
# listens; xfer_end waits for it and sets XFER_RESULT to what it printed
# (call it in the test's shell: "wait" inside $(...) does not wait)
XFER_PID=
XFER_OUT=
xfer_start() {
	local ns=$1
	shift
	if [ -z "$XFER_OUT" ]; then
		XFER_OUT=$(mktemp /tmp/xnic-xfer.XXXXXX)
		defer "rm -f '$XFER_OUT' '$XFER_OUT.ready'"
	fi
	rm -f "$XFER_OUT.ready"
	spawn ip netns exec "$ns" "$SELFTESTS/netxfer.py" "$@" "$XFER_OUT.ready" >"$XFER_OUT" 2>&1
	XFER_PID=${BG_PIDS[-1]}
	wait_for 20 test -e "$XFER_OUT.ready" ||
		fail "netxfer.py $1 in netns $ns did not start: $(cat "$XFER_OUT")"
}

xfer_end() {
	wait "$XFER_PID" 2>/dev/null
	XFER_RESULT=$(cat "$XFER_OUT")
}

# udp_xfer RECV-NETNS RECV-IP RECV-PORT SEND-NETNS SEND-IP TO-IP TO-PORT:
# N datagrams of 100 bytes sent to TO-IP:TO-PORT, received on
# RECV-IP:RECV-PORT (the same unless a rule rewrites them); sets XFER_GOT
# to how many the receiver got. It waits 8 s for each datagram: under TCG
# on a loaded host the sender's python alone may take 5 s to start.
udp_xfer() {
	xfer_start "$1" udp-recv "$2" "$3" "$N" 8
	ip netns exec "$4" "$SELFTESTS/netxfer.py" udp-send "$5" "$6" "$7" "$N" 100
	xfer_end
	XFER_GOT=${XFER_RESULT%% *}
}

# snmp_stat NETNS PROTO FIELD: a counter of NETNS's /proc/net/snmp (e.g.
# Udp InCsumErrors, Ip InHdrErrors)
snmp_stat() {
	ip netns exec "$1" awk -v p="$2:" -v f="$3" '$1 == p {
		if (!c) { for (i = 2; i <= NF; i++) if ($i == f) c = i }
		else { print $c; exit } }' /proc/net/snmp
}
