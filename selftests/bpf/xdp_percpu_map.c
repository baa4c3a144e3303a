// SPDX-License-Identifier: GPL-2.0
/* Refused: a per-CPU array, a map type the NIC does not have. */
#include "xdp_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} pcpu SEC(".maps");

SEC("xdp")
int xdp_percpu_map(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *c = bpf_map_lookup_elem(&pcpu, &key);

	if (c)
		*c += 1;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
