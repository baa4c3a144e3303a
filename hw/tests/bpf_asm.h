/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf_asm.h - hand assembly of eBPF programs for the engine's unit tests:
 * one macro per instruction form, in the spirit of the kernel's
 * include/linux/filter.h, producing struct xnic_bpf_insn (the wire layout).
 * LD_IMM64 and LD_MAP expand to two instructions.
 */
#ifndef XNIC_TESTS_BPF_ASM_H
#define XNIC_TESTS_BPF_ASM_H

#include <endian.h>
#include <stdint.h>

#include "xnic_bpf.h"

#define INSN(c, d, s, o, i) ((struct xnic_bpf_insn){			\
	.code = (uint8_t)(c),						\
	.regs = (uint8_t)(((d) & 0xf) | ((s) & 0xf) << 4),		\
	.off = htole16((uint16_t)(int16_t)(o)),				\
	.imm = htole32((uint32_t)(int32_t)(i)) })

#define ALU64_REG(op, d, s)	INSN(XBPF_ALU64 | (op) | XBPF_X, d, s, 0, 0)
#define ALU64_IMM(op, d, i)	INSN(XBPF_ALU64 | (op) | XBPF_K, d, 0, 0, i)
#define ALU32_REG(op, d, s)	INSN(XBPF_ALU | (op) | XBPF_X, d, s, 0, 0)
#define ALU32_IMM(op, d, i)	INSN(XBPF_ALU | (op) | XBPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)		ALU64_REG(XBPF_MOV, d, s)
#define MOV64_IMM(d, i)		ALU64_IMM(XBPF_MOV, d, i)
#define MOV32_IMM(d, i)		ALU32_IMM(XBPF_MOV, d, i)
#define NEG64(d)		INSN(XBPF_ALU64 | XBPF_NEG, d, 0, 0, 0)
#define NEG32(d)		INSN(XBPF_ALU | XBPF_NEG, d, 0, 0, 0)
#define ENDIAN(type, d, bits)	INSN(XBPF_ALU | XBPF_END | (type), d, 0, 0, bits)
#define LD_IMM64(d, v)							\
	INSN(XBPF_LD | XBPF_DW | XBPF_IMM, d, 0, 0, (uint32_t)(uint64_t)(v)), \
	INSN(0, 0, 0, 0, (uint32_t)((uint64_t)(v) >> 32))
#define LD_MAP(d, handle)						\
	INSN(XBPF_LD | XBPF_DW | XBPF_IMM, d, XNIC_BPF_PSEUDO_MAP_HANDLE, 0, \
	     handle),							\
	INSN(0, 0, 0, 0, 0)
#define LDX_MEM(sz, d, s, o)	INSN(XBPF_LDX | XBPF_MEM | (sz), d, s, o, 0)
#define STX_MEM(sz, d, s, o)	INSN(XBPF_STX | XBPF_MEM | (sz), d, s, o, 0)
#define ST_MEM(sz, d, o, i)	INSN(XBPF_ST | XBPF_MEM | (sz), d, 0, o, i)
#define ATOMIC(sz, d, s, o, op)	INSN(XBPF_STX | XBPF_ATOMIC | (sz), d, s, o, op)
#define JMP_IMM(op, d, i, o)	INSN(XBPF_JMP | (op) | XBPF_K, d, 0, o, i)
#define JMP_REG(op, d, s, o)	INSN(XBPF_JMP | (op) | XBPF_X, d, s, o, 0)
#define JMP32_IMM(op, d, i, o)	INSN(XBPF_JMP32 | (op) | XBPF_K, d, 0, o, i)
#define JMP32_REG(op, d, s, o)	INSN(XBPF_JMP32 | (op) | XBPF_X, d, s, o, 0)
#define JA(o)			INSN(XBPF_JMP | XBPF_JA, 0, 0, o, 0)
#define CALL(id)		INSN(XBPF_JMP | XBPF_CALL, 0, 0, 0, id)
#define CALL_REL(rel)		INSN(XBPF_JMP | XBPF_CALL, 0, XNIC_BPF_PSEUDO_CALL, 0, rel)
#define EXIT()			INSN(XBPF_JMP | XBPF_EXIT, 0, 0, 0, 0)

#define NINSNS(a)		((uint32_t)(sizeof(a) / sizeof((a)[0])))

/* Registers by name */
enum { R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10 };

#endif /* XNIC_TESTS_BPF_ASM_H */
