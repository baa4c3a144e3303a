/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf_progs.h - XDP programs that several engine tests and the benchmark
 * run, hand assembled with bpf_asm.h. Each is an initializer (bpf_asm.h's
 * instructions are compound literals, so not for static storage):
 *
 *	const struct xnic_bpf_insn drop7[] = BPF_PROG_DROP_UDP7;
 */
#ifndef XNIC_TESTS_BPF_PROGS_H
#define XNIC_TESTS_BPF_PROGS_H

#include "bpf_asm.h"

/* IPv4 UDP to port 7: DROP; everything else: PASS */
#define BPF_PROG_DROP_UDP7 {						\
	LDX_MEM(XBPF_W, R2, R1, 0),					\
	LDX_MEM(XBPF_W, R3, R1, 4),					\
	MOV64_REG(R4, R2), ALU64_IMM(XBPF_ADD, R4, 38),			\
	JMP_REG(XBPF_JGT, R4, R3, 9),					\
	LDX_MEM(XBPF_H, R5, R2, 12),					\
	JMP_IMM(XBPF_JNE, R5, 0x0008, 7),				\
	LDX_MEM(XBPF_B, R5, R2, 23),					\
	JMP_IMM(XBPF_JNE, R5, 17, 5),					\
	LDX_MEM(XBPF_H, R5, R2, 36),					\
	ENDIAN(XBPF_TO_BE, R5, 16),					\
	JMP_IMM(XBPF_JNE, R5, 7, 2),					\
	MOV64_IMM(R0, XNIC_XDP_DROP), EXIT(),				\
	MOV64_IMM(R0, XNIC_XDP_PASS), EXIT(),				\
}

/* Swap the MAC addresses and bounce (TX); ABORTED if shorter than 14 */
#define BPF_PROG_SWAP_MAC_TX {						\
	LDX_MEM(XBPF_W, R2, R1, 0),					\
	LDX_MEM(XBPF_W, R3, R1, 4),					\
	MOV64_REG(R4, R2), ALU64_IMM(XBPF_ADD, R4, 14),			\
	JMP_REG(XBPF_JGT, R4, R3, 10),					\
	LDX_MEM(XBPF_W, R5, R2, 0), LDX_MEM(XBPF_H, R6, R2, 4),		\
	LDX_MEM(XBPF_W, R7, R2, 6), LDX_MEM(XBPF_H, R8, R2, 10),	\
	STX_MEM(XBPF_W, R2, R7, 0), STX_MEM(XBPF_H, R2, R8, 4),		\
	STX_MEM(XBPF_W, R2, R5, 6), STX_MEM(XBPF_H, R2, R6, 10),	\
	MOV64_IMM(R0, XNIC_XDP_TX), EXIT(),				\
	MOV64_IMM(R0, XNIC_XDP_ABORTED), EXIT(),			\
}

#endif /* XNIC_TESTS_BPF_PROGS_H */
