// SPDX-License-Identifier: GPL-2.0
/*
 * Refused: more instructions than the NIC's engine holds (4096 in the
 * default firmware image); the kernel itself takes it.
 */
#include "xdp_common.h"

#define STEP(v)	do { v = v * 7 + 3; asm volatile("" : "+r"(v)); } while (0)
#define S4(v)	do { STEP(v); STEP(v); STEP(v); STEP(v); } while (0)
#define S16(v)	do { S4(v); S4(v); S4(v); S4(v); } while (0)
#define S64(v)	do { S16(v); S16(v); S16(v); S16(v); } while (0)
#define S256(v)	do { S64(v); S64(v); S64(v); S64(v); } while (0)

SEC("xdp")
int xdp_large(struct xdp_md *ctx)
{
	__u64 v = ctx->ingress_ifindex;

	S256(v); S256(v); S256(v); S256(v); S256(v); S256(v);
	S256(v); S256(v); S256(v); S256(v); S256(v); S256(v);
	return v == 12345 ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
