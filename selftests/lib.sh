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
# the PF device ID, dev_port 0); prints nothing if there is none
xnic_pf_netdev() {
	local n id port
	for n in $(xnic_netdevs); do
		id=$(cat "/sys/class/net/$n/device/device" 2>/dev/null)
		read -r port <"/sys/class/net/$n/dev_port" 2>/dev/null
		[ "$id" = "$XNIC_PF_DEVICE_ID" ] && [ "${port:-0}" = 0 ] || continue
		case "$(cat "/sys/class/net/$n/phys_port_name" 2>/dev/null)" in
		*vf*) continue ;;
		esac
		echo "$n"
		return 0
	done
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
	if [ -n "${2:-}" ]; then
		ip netns exec "$2" sysctl -qw "net.ipv6.conf.$1.disable_ipv6=1"
	else
		sysctl -qw "net.ipv6.conf.$1.disable_ipv6=1"
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
