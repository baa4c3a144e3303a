#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the NIC cannot run is refused at load time, with a message naming
# the instruction or helper in the verifier log: an unsupported helper,
# XDP_REDIRECT, a program larger than the NIC's engine. Maps the NIC
# cannot hold are refused when they are created: a per-CPU array (the
# kernel offloads hash and array maps only) and a hash map of more entries
# than the NIC has (the driver logs why). Nothing is left attached or
# allocated, and a good program still loads afterwards.
. "$(dirname "$0")/lib.sh"
xnic_test_init

# load NAME: try to load selftests/bpf/NAME.c for the PF; prints the output
load() {
	bpftool -d prog load "$(xdp_obj "$1")" "$BPF_PIN/$1" type xdp dev "$PF" 2>&1
}

# refused NAME REGEX: the load fails and its output matches REGEX
refused() {
	local out
	if out=$(load "$1"); then
		fail "$1: loaded, expected a refusal"
		return 1
	fi
	check_match "$1: refusal message" "$2" "$out"
	check_eq "$1: not pinned" no "$(test -e "$BPF_PIN/$1" && echo yes || echo no)"
}

dmesg_mark
begin "setup"
xnic_load_pf || { end; exit 1; }
ip link set dev "$PF" up
bpf_pin_dir
progs0=$(bpftool prog show | grep -c offloaded_to)
end

begin "unsupported helper: refused, the log names insn and helper"
refused xdp_bad_helper '\[xnic\] insn [0-9]+: helper 8 is not supported by the NIC'
end

begin "XDP_REDIRECT: refused by the driver's verifier hook"
refused xdp_redirect '\[xnic\] insn [0-9]+: the program may return XDP_REDIRECT'
end

begin "program larger than the NIC's engine: refused with both sizes"
refused xdp_large "\\[xnic\\] program of [0-9]+ instructions is larger than the NIC's 4096"
end

begin "per-CPU array map: not offloadable"
refused xdp_percpu_map "map 'pcpu'.*(Invalid argument|-22)"
end

begin "hash map larger than the NIC: the driver says why"
dmesg_mark
refused xdp_big_map "map 'big'.*(Operation not supported|-95|-524)"
check_match "kernel log" "map of key 4, value 8 bytes, 100000 entries exceeds the NIC's limits" \
	"$(dmesg_since)"
end

begin "nothing left behind; a good program still loads and attaches"
check_eq "offloaded programs" "$progs0" "$(bpftool prog show 2>/dev/null | grep -c offloaded_to)"
check_eq "offloaded maps" 0 "$(bpftool map show 2>/dev/null | grep -c offloaded_to)"
check_eq "ip link XDP mode" "" "$(xdp_attached "$PF")"
check_cmd "load xdp_pass" bpftool prog load "$(xdp_obj xdp_pass)" \
	"$BPF_PIN/pass" type xdp dev "$PF"
check_cmd "attach xdp_pass" ip link set dev "$PF" xdpoffload pinned "$BPF_PIN/pass"
check_eq "ip link XDP mode" xdpoffload "$(xdp_attached "$PF")"
check_cmd "detach" ip link set dev "$PF" xdpoffload off
end

begin "no kernel warnings"
check_dmesg_clean "refusals"
end
