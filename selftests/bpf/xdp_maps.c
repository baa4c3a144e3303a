// SPDX-License-Identifier: GPL-2.0
/*
 * Verdict by UDP destination port from a map the host writes, counted in a
 * map the host reads:
 *   config (hash, u16 port in host order -> u32 verdict): XDP_DROP or XDP_TX
 *          (bounce); a port not in it, and all non-UDP, passes
 *   counters (array of u64, index = verdict): frames per verdict
 */
#include "xdp_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u16);
	__type(value, __u32);
} config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 verdict)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &verdict);

	if (c)
		__sync_fetch_and_add(c, 1);
}

SEC("xdp")
int xdp_maps(struct xdp_md *ctx)
{
	struct udphdr *udp = udp_of(ctx);
	__u32 *verdict;
	__u16 port;

	if (!udp)
		goto pass;
	port = bpf_ntohs(udp->dest);
	verdict = bpf_map_lookup_elem(&config, &port);
	if (!verdict)
		goto pass;
	if (*verdict == XDP_DROP) {
		count(XDP_DROP);
		return XDP_DROP;
	}
	if (*verdict == XDP_TX) {
		bounce(udp);
		count(XDP_TX);
		return XDP_TX;
	}
pass:
	count(XDP_PASS);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
