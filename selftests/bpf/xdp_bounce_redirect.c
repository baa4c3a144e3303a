// SPDX-License-Identifier: GPL-2.0
/*
 * Native mode only: UDP to port 7 is sent back with swapped addresses by
 * XDP_REDIRECT to the netdev it came in on (ndo_xdp_xmit); the rest passes.
 */
#include "xdp_common.h"

SEC("xdp")
int xdp_bounce_redirect(struct xdp_md *ctx)
{
	struct udphdr *udp = udp_of(ctx);

	if (!udp || udp->dest != bpf_htons(7))
		return XDP_PASS;
	bounce(udp);
	return bpf_redirect(ctx->ingress_ifindex, 0);
}

char _license[] SEC("license") = "GPL";
