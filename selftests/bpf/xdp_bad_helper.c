// SPDX-License-Identifier: GPL-2.0
/* Refused by the NIC: bpf_get_smp_processor_id() (helper 8). */
#include "xdp_common.h"

SEC("xdp")
int xdp_bad_helper(struct xdp_md *ctx)
{
	return bpf_get_smp_processor_id() ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
