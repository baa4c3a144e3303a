// SPDX-License-Identifier: GPL-2.0
/* Every frame: XDP_PASS. */
#include "xdp_common.h"

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
