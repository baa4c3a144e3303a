// SPDX-License-Identifier: GPL-2.0
/* Drop UDP to port 9 (discard), pass everything else. */
#include "xdp_common.h"

SEC("xdp")
int xdp_drop_port(struct xdp_md *ctx)
{
	struct udphdr *udp = udp_of(ctx);

	if (udp && udp->dest == bpf_htons(9))
		return XDP_DROP;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
