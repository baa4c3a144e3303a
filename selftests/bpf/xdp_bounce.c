// SPDX-License-Identifier: GPL-2.0
/* Send UDP to port 7 (echo) back where it came from; pass the rest. */
#include "xdp_common.h"

SEC("xdp")
int xdp_bounce(struct xdp_md *ctx)
{
	struct udphdr *udp = udp_of(ctx);

	if (!udp || udp->dest != bpf_htons(7))
		return XDP_PASS;
	bounce(udp);
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
