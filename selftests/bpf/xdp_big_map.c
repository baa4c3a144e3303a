// SPDX-License-Identifier: GPL-2.0
/* Refused: a hash map of more entries than the NIC holds (65536). */
#include "xdp_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 100000);
	__type(key, __u32);
	__type(value, __u64);
} big SEC(".maps");

SEC("xdp")
int xdp_big_map(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *c = bpf_map_lookup_elem(&big, &key);

	return c ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
