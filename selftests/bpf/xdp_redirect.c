// SPDX-License-Identifier: GPL-2.0
/* Refused by the NIC: returns XDP_REDIRECT. */
#include "xdp_common.h"

SEC("xdp")
int xdp_redirect(struct xdp_md *ctx)
{
	struct udphdr *udp = udp_of(ctx);

	if (udp && udp->dest == bpf_htons(9))
		return XDP_REDIRECT;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
