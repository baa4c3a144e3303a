// SPDX-License-Identifier: GPL-2.0
/*
 * test_bpf_run.c - the eBPF interpreter, driven directly: every ALU op in
 * 64 and 32 bits (division and modulo by zero as the kernel defines them),
 * byte swaps, every jump condition of JMP and JMP32, packet parsing and
 * rewriting, stack, map values and atomics, helpers (maps, adjust_head and
 * adjust_tail), bpf-to-bpf calls, and the run-time bounds: a read past
 * data_end, a write past a map value, an endless loop, too deep calls;
 * the opcodes dispatched in one jump, each in its K and X form.
 */
#include <stdio.h>
#include <string.h>

#include "bpf_asm.h"
#include "bpf_progs.h"
#include "tap.h"

static uint64_t fake_clock = 123456789;

static uint64_t clock_ns(void *opaque)
{
	(void)opaque;
	return fake_clock;
}

static struct xnic_bpf *bpf;

/* The frame buffer a run gets: headroom, then the frame */
static uint8_t pktbuf[XNIC_BPF_PKT_BUF_SIZE];
static struct xnic_bpf_pkt pkt;

static void set_frame(const uint8_t *frame, size_t len)
{
	memset(pktbuf, 0xee, sizeof(pktbuf));
	memcpy(pktbuf + XNIC_BPF_HEADROOM, frame, len);
	pkt.buf = pktbuf;
	pkt.buf_size = sizeof(pktbuf);
	pkt.data = XNIC_BPF_HEADROOM;
	pkt.data_end = (uint32_t)(XNIC_BPF_HEADROOM + len);
	pkt.ifindex = 9;
	pkt.rx_queue = 0;
}

static const char *last_fault;
static uint64_t last_insns;
static char last_why[XNIC_BPF_MSG_LEN];

/* Checks and runs @n instructions on the current frame; 0xdead if refused */
static uint32_t run(const struct xnic_bpf_insn *insns, uint32_t n)
{
	struct xnic_bpf_prog *prog;
	uint32_t bad, v;

	prog = xnic_bpf_prog_check(bpf, insns, n, 4096, &bad, last_why,
				   sizeof(last_why));
	if (!prog) {
		printf("# refused: %s\n", last_why);
		return 0xdead;
	}
	v = xnic_bpf_run(bpf, prog, &pkt, &last_fault, &last_insns);
	xnic_bpf_prog_free(prog);
	return v;
}

/* r0 after @body (at most 16 instructions), all 64 bits of it */
static uint64_t run64(const struct xnic_bpf_insn *body, uint32_t n)
{
	struct xnic_bpf_insn p[20];
	uint64_t lo, hi;

	memcpy(p, body, n * sizeof(*p));
	p[n] = EXIT();
	lo = run(p, n + 1);
	p[n] = ALU64_IMM(XBPF_RSH, R0, 32);
	p[n + 1] = EXIT();
	hi = run(p, n + 2);
	return hi << 32 | lo;
}

#define ALU_CASE(exp, name, ...) do {					\
	struct xnic_bpf_insn b_[] = { __VA_ARGS__ };			\
	uint64_t got_ = run64(b_, NINSNS(b_));				\
	tap_n++;							\
	if (got_ == (uint64_t)(exp)) {					\
		printf("ok %d - %s\n", tap_n, name);			\
	} else {							\
		tap_failed++;						\
		printf("not ok %d - %s\n#   expected 0x%llx, saw 0x%llx\n", \
		       tap_n, name, (unsigned long long)(uint64_t)(exp), \
		       (unsigned long long)got_);			\
	}								\
} while (0)

static void test_alu(void)
{
	uint8_t f[64] = { 0 };

	set_frame(f, sizeof(f));
	ALU_CASE(0x100000005ull, "add64 reg",
		 LD_IMM64(R0, 0xffffffffull), MOV64_IMM(R1, 6),
		 ALU64_REG(XBPF_ADD, R0, R1));
	ALU_CASE(5, "add32 wraps and zero-extends",
		 LD_IMM64(R0, 0x12345678ffffffffull), ALU32_IMM(XBPF_ADD, R0, 6));
	ALU_CASE((uint64_t)-1, "sub64 imm below zero",
		 MOV64_IMM(R0, 2), ALU64_IMM(XBPF_SUB, R0, 3));
	ALU_CASE(0xffffffffull, "sub32 below zero",
		 MOV64_IMM(R0, 2), ALU32_IMM(XBPF_SUB, R0, 3));
	ALU_CASE(0x2000000000ull, "mul64",
		 LD_IMM64(R0, 0x200000000ull), ALU64_IMM(XBPF_MUL, R0, 16));
	ALU_CASE(0, "mul32 truncates",
		 LD_IMM64(R0, 0x80000000ull), ALU32_IMM(XBPF_MUL, R0, 2));
	ALU_CASE(0x0666666666666666ull, "div64",
		 LD_IMM64(R0, 0x3333333333333333ull), MOV64_IMM(R1, 8),
		 ALU64_REG(XBPF_DIV, R0, R1));
	ALU_CASE(0x7fffffffffffffffull, "div64 is unsigned",
		 MOV64_IMM(R0, -1), ALU64_IMM(XBPF_DIV, R0, 2));
	ALU_CASE(0, "div64 by zero register: 0",
		 MOV64_IMM(R0, 77), MOV64_IMM(R1, 0), ALU64_REG(XBPF_DIV, R0, R1));
	ALU_CASE(0, "div32 by zero register: 0",
		 LD_IMM64(R0, 0x500000077ull), MOV64_IMM(R1, 0),
		 ALU32_REG(XBPF_DIV, R0, R1));
	ALU_CASE(0x7fffffffull, "div32 unsigned",
		 MOV32_IMM(R0, -1), ALU32_IMM(XBPF_DIV, R0, 2));
	ALU_CASE(3, "mod64", MOV64_IMM(R0, 23), ALU64_IMM(XBPF_MOD, R0, 5));
	ALU_CASE(0x500000077ull, "mod64 by zero register: unchanged",
		 LD_IMM64(R0, 0x500000077ull), MOV64_IMM(R1, 0),
		 ALU64_REG(XBPF_MOD, R0, R1));
	ALU_CASE(0x77, "mod32 by zero register: low 32 bits kept",
		 LD_IMM64(R0, 0x500000077ull), MOV64_IMM(R1, 0),
		 ALU32_REG(XBPF_MOD, R0, R1));
	ALU_CASE(4, "mod32", MOV64_IMM(R0, 24), ALU32_IMM(XBPF_MOD, R0, 5));
	ALU_CASE(0xf0f0ull | 0x0f0f, "or64",
		 MOV64_IMM(R0, 0xf0f0), ALU64_IMM(XBPF_OR, R0, 0x0f0f));
	ALU_CASE(0xffffffffffffffffull, "or64 imm sign-extends",
		 MOV64_IMM(R0, 0xffff), ALU64_IMM(XBPF_OR, R0, (int32_t)0xffff0000));
	ALU_CASE(0xffff0000ull | 0xffff, "or32 zero-extends",
		 MOV64_IMM(R0, 0xffff), ALU32_IMM(XBPF_OR, R0, (int32_t)0xffff0000));
	ALU_CASE(0x0f00, "and64",
		 MOV64_IMM(R0, 0x0ff0), ALU64_IMM(XBPF_AND, R0, 0xff00));
	ALU_CASE(0x10, "and32",
		 LD_IMM64(R0, 0xff00000010ull), MOV64_IMM(R1, -1),
		 ALU32_REG(XBPF_AND, R0, R1));
	ALU_CASE(0x100000000ull, "lsh64",
		 MOV64_IMM(R0, 1), ALU64_IMM(XBPF_LSH, R0, 32));
	ALU_CASE(0x80000000ull, "lsh32",
		 MOV64_IMM(R0, 1), ALU32_IMM(XBPF_LSH, R0, 31));
	ALU_CASE(2, "lsh64 register count masked to 6 bits",
		 MOV64_IMM(R0, 1), MOV64_IMM(R1, 65), ALU64_REG(XBPF_LSH, R0, R1));
	ALU_CASE(1, "rsh64", LD_IMM64(R0, 0x8000000000000000ull),
		 ALU64_IMM(XBPF_RSH, R0, 63));
	ALU_CASE(0x7fffffff, "rsh32", MOV64_IMM(R0, -1),
		 ALU32_IMM(XBPF_RSH, R0, 1));
	ALU_CASE(0xfffffffffffffff0ull, "arsh64",
		 MOV64_IMM(R0, -256), ALU64_IMM(XBPF_ARSH, R0, 4));
	ALU_CASE(0xfffffff0ull, "arsh32",
		 MOV32_IMM(R0, -256), ALU32_IMM(XBPF_ARSH, R0, 4));
	ALU_CASE(0x0fffffff, "arsh32 of a positive value",
		 MOV32_IMM(R0, 0x7fffffff), MOV64_IMM(R1, 3),
		 ALU32_REG(XBPF_ARSH, R0, R1));
	ALU_CASE((uint64_t)-5, "neg64", MOV64_IMM(R0, 5), NEG64(R0));
	ALU_CASE(0xfffffffbull, "neg32", MOV64_IMM(R0, 5), NEG32(R0));
	ALU_CASE(0xff00ff00ff00ff00ull ^ 0xffff, "xor64",
		 LD_IMM64(R0, 0xff00ff00ff00ff00ull), ALU64_IMM(XBPF_XOR, R0, 0xffff));
	ALU_CASE(0xff00ff00ull ^ 0xffff0000ull, "xor32",
		 LD_IMM64(R0, 0x11ff00ff00ull), MOV64_IMM(R1, (int32_t)0xffff0000),
		 ALU32_REG(XBPF_XOR, R0, R1));
	ALU_CASE(0xfffffffffffffffeull, "mov64 imm sign-extends",
		 MOV64_IMM(R0, -2));
	ALU_CASE(0xfffffffeull, "mov32 imm zero-extends", MOV32_IMM(R0, -2));
	ALU_CASE(0x89abcdefull, "mov32 reg zero-extends",
		 LD_IMM64(R1, 0x0123456789abcdefull), ALU32_REG(XBPF_MOV, R0, R1));
	ALU_CASE(0x3412, "be16", LD_IMM64(R0, 0xffff1234ull),
		 ENDIAN(XBPF_TO_BE, R0, 16));
	ALU_CASE(0x78563412, "be32", LD_IMM64(R0, 0xff12345678ull),
		 ENDIAN(XBPF_TO_BE, R0, 32));
	ALU_CASE(0xefcdab8967452301ull, "be64",
		 LD_IMM64(R0, 0x0123456789abcdefull), ENDIAN(XBPF_TO_BE, R0, 64));
	ALU_CASE(0x1234, "le16 truncates", LD_IMM64(R0, 0xffff1234ull),
		 ENDIAN(XBPF_TO_LE, R0, 16));
	ALU_CASE(0x12345678, "le32 truncates", LD_IMM64(R0, 0xff12345678ull),
		 ENDIAN(XBPF_TO_LE, R0, 32));
	ALU_CASE(0x0123456789abcdefull, "le64 unchanged",
		 LD_IMM64(R0, 0x0123456789abcdefull), ENDIAN(XBPF_TO_LE, R0, 64));
}

struct jcase {
	uint8_t op;
	const char *name;
	uint64_t a, b;
	bool taken64, taken32;
};

static void test_jumps(void)
{
	static const struct jcase cases[] = {
		{ XBPF_JEQ, "jeq", 0x100000005ull, 5, false, true },
		{ XBPF_JNE, "jne", 0x100000005ull, 5, true, false },
		{ XBPF_JGT, "jgt", 0x100000000ull, 1, true, false },
		{ XBPF_JGE, "jge", 7, 7, true, true },
		{ XBPF_JLT, "jlt", 1, 0x100000000ull, true, false },
		{ XBPF_JLE, "jle", 0x1ffffffffull, 0xffffffffull, false, true },
		{ XBPF_JSET, "jset", 0x100000000ull, 0x100000001ull, true, false },
		{ XBPF_JSGT, "jsgt", 1, (uint64_t)-1, true, true },
		{ XBPF_JSGT, "jsgt 32-bit sign", 0x80000000ull, 1, true, false },
		{ XBPF_JSGE, "jsge", (uint64_t)-3, (uint64_t)-3, true, true },
		{ XBPF_JSLT, "jslt", (uint64_t)-1, 0, true, true },
		{ XBPF_JSLT, "jslt 32-bit sign", 0xffffffffull, 0, false, true },
		{ XBPF_JSLE, "jsle", 5, 4, false, false },
	};
	uint8_t f[64] = { 0 };
	size_t i;

	set_frame(f, sizeof(f));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct jcase *c = &cases[i];
		struct xnic_bpf_insn reg64[] = {
			LD_IMM64(R1, c->a), LD_IMM64(R2, c->b),
			JMP_REG(c->op, R1, R2, 2),
			MOV64_IMM(R0, 0), EXIT(), MOV64_IMM(R0, 1), EXIT(),
		};
		struct xnic_bpf_insn reg32[] = {
			LD_IMM64(R1, c->a), LD_IMM64(R2, c->b),
			JMP32_REG(c->op, R1, R2, 2),
			MOV64_IMM(R0, 0), EXIT(), MOV64_IMM(R0, 1), EXIT(),
		};

		CHECK_EQ(c->taken64, run(reg64, NINSNS(reg64)), "JMP %s reg", c->name);
		CHECK_EQ(c->taken32, run(reg32, NINSNS(reg32)), "JMP32 %s reg", c->name);
	}
	/* immediates: 64-bit compares sign-extend imm, 32-bit take it as is */
	{
		struct xnic_bpf_insn p[] = {
			MOV64_IMM(R1, -1), JMP_IMM(XBPF_JEQ, R1, -1, 2),
			MOV64_IMM(R0, 0), EXIT(), MOV64_IMM(R0, 1), EXIT(),
		};
		struct xnic_bpf_insn q[] = {
			MOV32_IMM(R1, -1), JMP_IMM(XBPF_JEQ, R1, -1, 2),
			MOV64_IMM(R0, 0), EXIT(), MOV64_IMM(R0, 1), EXIT(),
		};
		struct xnic_bpf_insn r[] = {
			MOV32_IMM(R1, -1), JMP32_IMM(XBPF_JEQ, R1, -1, 2),
			MOV64_IMM(R0, 0), EXIT(), MOV64_IMM(R0, 1), EXIT(),
		};
		struct xnic_bpf_insn s[] = {
			MOV64_IMM(R1, 10), JMP_IMM(XBPF_JSLT, R1, -5, 4),
			JMP_IMM(XBPF_JGT, R1, 9, 1), JA(2),
			MOV64_IMM(R0, 7), EXIT(), MOV64_IMM(R0, 1), EXIT(),
		};

		CHECK_EQ(1, run(p, NINSNS(p)), "JMP imm -1 equals 64-bit -1");
		CHECK_EQ(0, run(q, NINSNS(q)), "JMP imm -1 differs from 0xffffffff");
		CHECK_EQ(1, run(r, NINSNS(r)), "JMP32 imm -1 equals 0xffffffff");
		CHECK_EQ(7, run(s, NINSNS(s)), "chain of jsle/jgt/ja");
	}
}

/*
 * The opcodes the interpreter dispatches in one jump (see xnic_bpf_run()):
 * each in its K and its X form, against a reference computed here, and
 * loads and stores of every size exactly up to data_end and one byte past.
 */
static uint64_t ref_alu64(uint8_t op, uint64_t a, uint64_t b)
{
	switch (op) {
	case XBPF_ADD: return a + b;
	case XBPF_SUB: return a - b;
	case XBPF_AND: return a & b;
	case XBPF_OR: return a | b;
	case XBPF_XOR: return a ^ b;
	case XBPF_LSH: return a << (b % 64);
	case XBPF_RSH: return a >> (b % 64);
	default: return b;	/* XBPF_MOV */
	}
}

static bool ref_cond(uint8_t op, uint64_t a, uint64_t b)
{
	switch (op) {
	case XBPF_JEQ: return a == b;
	case XBPF_JNE: return a != b;
	case XBPF_JGT: return a > b;
	case XBPF_JGE: return a >= b;
	case XBPF_JLT: return a < b;
	case XBPF_JLE: return a <= b;
	default: return (a & b) != 0;	/* XBPF_JSET */
	}
}

static void test_fast_opcodes(void)
{
	static const uint8_t alu64[] = { XBPF_ADD, XBPF_SUB, XBPF_AND, XBPF_OR,
					 XBPF_XOR, XBPF_LSH, XBPF_RSH, XBPF_MOV };
	static const uint8_t alu32[] = { XBPF_ADD, XBPF_AND, XBPF_MOV };
	static const uint8_t jmp[] = { XBPF_JEQ, XBPF_JNE, XBPF_JGT, XBPF_JGE,
				       XBPF_JLT, XBPF_JLE, XBPF_JSET };
	static const int32_t imms[] = { -3, 7, 5, 0x40000001, 0 };
	/* its low 32 bits compare otherwise than all 64 with 7, 5, 1 << 30 */
	const uint64_t a = 0xffffffff00000005ull;
	const size_t nimms = sizeof(imms) / sizeof(imms[0]);
	uint8_t f[64] = { 0 };
	char name[64];
	size_t i, j, size;

	set_frame(f, sizeof(f));
	for (i = 0; i < sizeof(alu64); i++) {
		for (j = 0; j < nimms; j++) {
			int32_t imm = imms[j];
			uint64_t b = (uint64_t)(int64_t)imm;
			/* the checker takes only shift immediates below 64 */
			int32_t imm_k = alu64[i] == XBPF_LSH ||
					alu64[i] == XBPF_RSH ? imm & 63 : imm;
			uint64_t exp = ref_alu64(alu64[i], a, b);
			uint64_t exp32 = (uint32_t)ref_alu64(alu32[i % 3],
							     (uint32_t)a,
							     (uint32_t)imm);

			snprintf(name, sizeof(name), "ALU64 K op 0x%x imm %d",
				 alu64[i], imm);
			ALU_CASE(exp, name,
				 LD_IMM64(R0, a), ALU64_IMM(alu64[i], R0, imm_k));
			name[6] = 'X';
			ALU_CASE(exp, name,
				 LD_IMM64(R0, a), MOV64_IMM(R1, imm),
				 ALU64_REG(alu64[i], R0, R1));
			/* X takes the low 32 bits of the source register */
			snprintf(name, sizeof(name), "ALU32 K op 0x%x imm %d",
				 alu32[i % 3], imm);
			ALU_CASE(exp32, name,
				 LD_IMM64(R0, a), ALU32_IMM(alu32[i % 3], R0, imm));
			name[6] = 'X';
			ALU_CASE(exp32, name,
				 LD_IMM64(R0, a),
				 LD_IMM64(R1, 0xdead000000000000ull | (uint32_t)imm),
				 ALU32_REG(alu32[i % 3], R0, R1));
		}
	}
	for (i = 0; i < sizeof(jmp); i++) {
		for (j = 0; j < nimms; j++) {
			int32_t imm = imms[j];
			uint64_t b = (uint64_t)(int64_t)imm;
			struct xnic_bpf_insn k64[] = {
				LD_IMM64(R1, a), JMP_IMM(jmp[i], R1, imm, 2),
				MOV64_IMM(R0, 0), EXIT(), MOV64_IMM(R0, 1), EXIT(),
			};
			struct xnic_bpf_insn x64[] = {
				LD_IMM64(R1, a), MOV64_IMM(R2, imm),
				JMP_REG(jmp[i], R1, R2, 2),
				MOV64_IMM(R0, 0), EXIT(), MOV64_IMM(R0, 1), EXIT(),
			};
			struct xnic_bpf_insn k32[] = {
				LD_IMM64(R1, a), JMP32_IMM(jmp[i], R1, imm, 2),
				MOV64_IMM(R0, 0), EXIT(), MOV64_IMM(R0, 1), EXIT(),
			};
			struct xnic_bpf_insn x32[] = {
				LD_IMM64(R1, a),
				LD_IMM64(R2, 0x5555000000000000ull | (uint32_t)imm),
				JMP32_REG(jmp[i], R1, R2, 2),
				MOV64_IMM(R0, 0), EXIT(), MOV64_IMM(R0, 1), EXIT(),
			};
			bool t64 = ref_cond(jmp[i], a, b);
			bool t32 = ref_cond(jmp[i], (uint32_t)a, (uint32_t)imm);

			CHECK_EQ(t64, run(k64, NINSNS(k64)), "JMP K op 0x%x imm %d",
				 jmp[i], imm);
			CHECK_EQ(t64, run(x64, NINSNS(x64)), "JMP X op 0x%x imm %d",
				 jmp[i], imm);
			CHECK_EQ(t32, run(k32, NINSNS(k32)), "JMP32 K op 0x%x imm %d",
				 jmp[i], imm);
			CHECK_EQ(t32, run(x32, NINSNS(x32)), "JMP32 X op 0x%x imm %d",
				 jmp[i], imm);
		}
	}
	for (size = 1; size <= 8; size *= 2) {
		uint8_t sz = size == 1 ? XBPF_B : size == 2 ? XBPF_H :
			     size == 4 ? XBPF_W : XBPF_DW;
		uint64_t mask = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
		/* a load and a store one byte past data_end */
		struct xnic_bpf_insn ld_past[] = {
			LDX_MEM(XBPF_W, R3, R1, 4),
			LDX_MEM(sz, R0, R3, 1 - (int16_t)size),
			MOV64_IMM(R0, 2), EXIT(),
		};
		struct xnic_bpf_insn st_past[] = {
			LDX_MEM(XBPF_W, R3, R1, 4),
			STX_MEM(sz, R3, R1, 1 - (int16_t)size),
			MOV64_IMM(R0, 2), EXIT(),
		};

		set_frame(f, sizeof(f));
		snprintf(name, sizeof(name),
			 "%zu-byte store and load ending at data_end", size);
		ALU_CASE(0x8877665544332211ull & mask, name,
			 LDX_MEM(XBPF_W, R3, R1, 4),
			 LD_IMM64(R4, 0x8877665544332211ull),
			 STX_MEM(sz, R3, R4, -(int16_t)size),
			 LDX_MEM(sz, R0, R3, -(int16_t)size));
		CHECK_EQ(0x11, pktbuf[pkt.data_end - size],
			 "%zu-byte store little-endian in the packet", size);
		CHECK_EQ(XNIC_XDP_ABORTED, run(ld_past, NINSNS(ld_past)),
			 "%zu-byte load one byte past data_end: ABORTED", size);
		CHECK(last_fault && !strcmp(last_fault, "packet access past data_end"),
		      "fault: %s", last_fault ? last_fault : "none");
		CHECK_EQ(XNIC_XDP_ABORTED, run(st_past, NINSNS(st_past)),
			 "%zu-byte store one byte past data_end: ABORTED", size);
		CHECK_EQ(0xee, pktbuf[pkt.data_end], "nothing written past data_end");
	}
}

/* A UDP/IPv4 frame to @dport */
static size_t udp_frame(uint8_t *f, uint16_t dport)
{
	memset(f, 0, 64);
	memcpy(f, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
	f[12] = 0x08;
	f[14] = 0x45;
	f[23] = 17;
	f[34] = 0x30;
	f[35] = 0x39;
	f[36] = (uint8_t)(dport >> 8);
	f[37] = (uint8_t)dport;
	return 64;
}

static void test_packet(void)
{
	const struct xnic_bpf_insn drop7[] = BPF_PROG_DROP_UDP7;
	const struct xnic_bpf_insn swap[] = BPF_PROG_SWAP_MAC_TX;
	/* ctx fields as the program sees them */
	struct xnic_bpf_insn ctx[] = {
		LDX_MEM(XBPF_W, R2, R1, 0), LDX_MEM(XBPF_W, R3, R1, 4),
		LDX_MEM(XBPF_W, R4, R1, 8), LDX_MEM(XBPF_W, R5, R1, 12),
		JMP_REG(XBPF_JNE, R2, R4, 3),	/* data_meta == data */
		MOV64_REG(R0, R3), ALU64_REG(XBPF_SUB, R0, R2),
		ALU64_REG(XBPF_ADD, R0, R5), EXIT(),
	};
	/* a 64-bit ctx load is not allowed */
	struct xnic_bpf_insn ctx64[] = {
		LDX_MEM(XBPF_DW, R2, R1, 0), MOV64_IMM(R0, 2), EXIT(),
	};
	struct xnic_bpf_insn ctxw[] = {
		ST_MEM(XBPF_W, R1, 0, 0), MOV64_IMM(R0, 2), EXIT(),
	};
	/* one byte past data_end */
	struct xnic_bpf_insn past[] = {
		LDX_MEM(XBPF_W, R3, R1, 4),
		LDX_MEM(XBPF_B, R0, R3, 0), MOV64_IMM(R0, 2), EXIT(),
	};
	/* a forged host-looking pointer */
	struct xnic_bpf_insn forged[] = {
		LD_IMM64(R2, 0x00007f0012345678ull),
		LDX_MEM(XBPF_DW, R0, R2, 0), MOV64_IMM(R0, 2), EXIT(),
	};
	/* a store before data (into the headroom) */
	struct xnic_bpf_insn before[] = {
		LDX_MEM(XBPF_W, R2, R1, 0),
		ST_MEM(XBPF_B, R2, -1, 0), MOV64_IMM(R0, 2), EXIT(),
	};
	uint8_t f[64], mac[12];

	set_frame(f, udp_frame(f, 7));
	CHECK_EQ(XNIC_XDP_DROP, run(drop7, NINSNS(drop7)), "UDP port 7: DROP");
	set_frame(f, udp_frame(f, 8));
	CHECK_EQ(XNIC_XDP_PASS, run(drop7, NINSNS(drop7)), "UDP port 8: PASS");
	udp_frame(f, 7);
	f[23] = 6;
	set_frame(f, 64);
	CHECK_EQ(XNIC_XDP_PASS, run(drop7, NINSNS(drop7)), "TCP port 7: PASS");
	set_frame(f, 30);
	CHECK_EQ(XNIC_XDP_PASS, run(drop7, NINSNS(drop7)),
		 "frame too short for UDP: PASS, no fault");
	CHECK(last_fault == NULL, "bounds test in the program kept it safe");

	set_frame(f, udp_frame(f, 7));
	memcpy(mac, f, 12);
	CHECK_EQ(XNIC_XDP_TX, run(swap, NINSNS(swap)), "swap: TX");
	CHECK(!memcmp(pktbuf + pkt.data, mac + 6, 6) &&
	      !memcmp(pktbuf + pkt.data + 6, mac, 6), "MAC addresses swapped");
	CHECK(!memcmp(pktbuf + pkt.data + 12, f + 12, 52), "rest untouched");

	set_frame(f, 64);
	CHECK_EQ(64 + 9, run(ctx, NINSNS(ctx)),
		 "ctx: data_end - data + ingress_ifindex, data_meta == data");
	CHECK_EQ(XNIC_XDP_ABORTED, run(ctx64, NINSNS(ctx64)), "ctx 64-bit load: ABORTED");
	CHECK(last_fault && strstr(last_fault, "ctx"), "fault names the ctx: %s",
	      last_fault ? last_fault : "none");
	CHECK_EQ(XNIC_XDP_ABORTED, run(ctxw, NINSNS(ctxw)), "ctx store: ABORTED");
	CHECK_EQ(XNIC_XDP_ABORTED, run(past, NINSNS(past)),
		 "read at data_end: ABORTED");
	CHECK(last_fault && !strcmp(last_fault, "packet access past data_end"),
	      "fault: %s", last_fault ? last_fault : "none");
	CHECK_EQ(XNIC_XDP_ABORTED, run(forged, NINSNS(forged)),
		 "load through a forged address: ABORTED");
	CHECK_EQ(XNIC_XDP_ABORTED, run(before, NINSNS(before)),
		 "store before data: ABORTED");
	CHECK_EQ(0xee, pktbuf[XNIC_BPF_HEADROOM - 1], "headroom untouched");
}

static void test_stack_and_budget(void)
{
	struct xnic_bpf_insn stack[] = {
		LD_IMM64(R1, 0x1122334455667788ull),
		STX_MEM(XBPF_DW, R10, R1, -8),
		ST_MEM(XBPF_W, R10, -512, 0x55),
		LDX_MEM(XBPF_H, R0, R10, -6),	/* bytes 0x66 0x55 -> 0x5566 */
		LDX_MEM(XBPF_W, R2, R10, -512),
		ALU64_REG(XBPF_ADD, R0, R2), EXIT(),
	};
	struct xnic_bpf_insn below[] = {
		ST_MEM(XBPF_B, R10, -513, 1), MOV64_IMM(R0, 2), EXIT(),
	};
	struct xnic_bpf_insn above[] = {
		ST_MEM(XBPF_B, R10, 0, 1), MOV64_IMM(R0, 2), EXIT(),
	};
	struct xnic_bpf_insn loop[] = {
		MOV64_IMM(R0, 2), JMP_IMM(XBPF_JEQ, R0, 2, -1), EXIT(),
	};
	struct xnic_bpf_insn bounded[] = {
		MOV64_IMM(R0, 0), MOV64_IMM(R1, 1000),
		ALU64_IMM(XBPF_ADD, R0, 3), ALU64_IMM(XBPF_SUB, R1, 1),
		JMP_IMM(XBPF_JNE, R1, 0, -3), EXIT(),
	};
	uint8_t f[20] = { 0 };

	set_frame(f, sizeof(f));
	CHECK_EQ(0x5566 + 0x55, run(stack, NINSNS(stack)),
		 "stack: little-endian stores and loads, whole 512 bytes");
	CHECK_EQ(XNIC_XDP_ABORTED, run(below, NINSNS(below)),
		 "stack access below the frame: ABORTED");
	CHECK_EQ(XNIC_XDP_ABORTED, run(above, NINSNS(above)),
		 "stack access above the frame pointer: ABORTED");
	CHECK_EQ(XNIC_XDP_ABORTED, run(loop, NINSNS(loop)),
		 "endless loop: ABORTED");
	CHECK(last_fault && strstr(last_fault, "budget"), "fault: %s",
	      last_fault ? last_fault : "none");
	CHECK_EQ(XNIC_BPF_INSN_BUDGET, last_insns,
		 "stopped exactly at the instruction budget");
	CHECK_EQ(3000, run(bounded, NINSNS(bounded)), "bounded loop runs to its end");
	CHECK_EQ(2 + 3 * 1000 + 1, last_insns, "instructions counted");
}

static void test_maps_and_atomics(void)
{
	uint32_t arr, hash;
	uint8_t f[20] = { 0 };
	uint8_t key[4] = { 0 };

	CHECK_EQ(XNIC_CMD_ST_OK, xnic_bpf_map_create(bpf, XNIC_BPF_MAP_ARRAY, 4, 16, 4, 0, &arr),
		 "array map created");
	CHECK_EQ(XNIC_CMD_ST_OK, xnic_bpf_map_create(bpf, XNIC_BPF_MAP_HASH, 4, 8, 8, 0, &hash),
		 "hash map created");
	{
		/* counter at value offset 0 (64-bit add), 32-bit fetch-add at 8 */
		struct xnic_bpf_insn p[] = {
			ST_MEM(XBPF_W, R10, -4, 1),
			MOV64_REG(R2, R10), ALU64_IMM(XBPF_ADD, R2, -4),
			LD_MAP(R1, arr),
			CALL(XNIC_BPF_FUNC_MAP_LOOKUP_ELEM),
			JMP_IMM(XBPF_JEQ, R0, 0, 8),
			MOV64_IMM(R1, 5),
			ATOMIC(XBPF_DW, R0, R1, 0, XBPF_ADD),
			MOV64_IMM(R3, 100),
			ATOMIC(XBPF_W, R0, R3, 8, XBPF_ADD | XBPF_FETCH),
			MOV64_IMM(R4, 1),
			ATOMIC(XBPF_W, R0, R4, 12, XBPF_XCHG),
			MOV64_REG(R0, R3), EXIT(),
			MOV64_IMM(R0, 99), EXIT(),
		};
		uint8_t *v;

		set_frame(f, sizeof(f));
		CHECK_EQ(0, run(p, NINSNS(p)), "fetch-add returns the old value 0");
		CHECK_EQ(100, run(p, NINSNS(p)), "second fetch-add returns 100");
		key[0] = 1;
		v = xnic_bpf_map_lookup(xnic_bpf_map_get(bpf, arr), key, NULL);
		CHECK(v && v[0] == 10 && v[8] == 200 && v[12] == 1,
		      "atomic add 64 and 32 bits and xchg seen by the host");
	}
	{
		/* cmpxchg: swap in 7 where 1 was; and, or, xor with fetch */
		struct xnic_bpf_insn p[] = {
			ST_MEM(XBPF_W, R10, -4, 1),
			MOV64_REG(R2, R10), ALU64_IMM(XBPF_ADD, R2, -4),
			LD_MAP(R1, arr),
			CALL(XNIC_BPF_FUNC_MAP_LOOKUP_ELEM),
			JMP_IMM(XBPF_JEQ, R0, 0, 10),
			MOV64_REG(R6, R0),
			MOV64_IMM(R0, 1), MOV64_IMM(R1, 7),
			ATOMIC(XBPF_W, R6, R1, 12, XBPF_CMPXCHG),
			MOV64_IMM(R1, 0xf0),
			ATOMIC(XBPF_DW, R6, R1, 0, XBPF_OR | XBPF_FETCH),
			MOV64_IMM(R2, 0x3c),
			ATOMIC(XBPF_DW, R6, R2, 0, XBPF_AND),
			ATOMIC(XBPF_DW, R6, R2, 0, XBPF_XOR),
			EXIT(),
			MOV64_IMM(R0, 99), EXIT(),
		};
		uint8_t *v;

		CHECK_EQ(1, run(p, NINSNS(p)), "cmpxchg returns the old value");
		key[0] = 1;
		v = xnic_bpf_map_lookup(xnic_bpf_map_get(bpf, arr), key, NULL);
		CHECK(v && v[12] == 7, "cmpxchg stored");
		CHECK(v && v[0] == 4, "(10 | 0xf0) & 0x3c ^ 0x3c = 4");
	}
	{
		/* hash: update from the program, read by the host; NOEXIST */
		struct xnic_bpf_insn p[] = {
			ST_MEM(XBPF_W, R10, -4, 42),
			ST_MEM(XBPF_DW, R10, -16, 4242),
			LD_MAP(R1, hash),
			MOV64_REG(R2, R10), ALU64_IMM(XBPF_ADD, R2, -4),
			MOV64_REG(R3, R10), ALU64_IMM(XBPF_ADD, R3, -16),
			MOV64_IMM(R4, XNIC_BPF_NOEXIST),
			CALL(XNIC_BPF_FUNC_MAP_UPDATE_ELEM),
			EXIT(),
		};
		struct xnic_bpf_insn del[] = {
			ST_MEM(XBPF_W, R10, -4, 42),
			LD_MAP(R1, hash),
			MOV64_REG(R2, R10), ALU64_IMM(XBPF_ADD, R2, -4),
			CALL(XNIC_BPF_FUNC_MAP_DELETE_ELEM),
			EXIT(),
		};
		uint8_t k[4] = { 42, 0, 0, 0 };
		uint8_t *v;

		CHECK_EQ(0, run(p, NINSNS(p)), "map_update_elem from the program: 0");
		v = xnic_bpf_map_lookup(xnic_bpf_map_get(bpf, hash), k, NULL);
		CHECK(v && v[0] == (4242 & 0xff) && v[1] == (4242 >> 8),
		      "the host sees the program's update");
		CHECK_EQ((uint32_t)-17, run(p, NINSNS(p)), "NOEXIST again: -EEXIST");
		CHECK_EQ(0, run(del, NINSNS(del)), "map_delete_elem: 0");
		CHECK_EQ((uint32_t)-2, run(del, NINSNS(del)), "delete again: -ENOENT");
	}
	{
		/* write just past a 16-byte value */
		struct xnic_bpf_insn p[] = {
			ST_MEM(XBPF_W, R10, -4, 0),
			MOV64_REG(R2, R10), ALU64_IMM(XBPF_ADD, R2, -4),
			LD_MAP(R1, arr),
			CALL(XNIC_BPF_FUNC_MAP_LOOKUP_ELEM),
			JMP_IMM(XBPF_JEQ, R0, 0, 2),
			ST_MEM(XBPF_W, R0, 13, 1),
			MOV64_IMM(R0, 2), EXIT(),
		};
		struct xnic_bpf_insn oob_key[] = {
			ST_MEM(XBPF_W, R10, -4, 4),	/* index 4 of 4 */
			MOV64_REG(R2, R10), ALU64_IMM(XBPF_ADD, R2, -4),
			LD_MAP(R1, arr),
			CALL(XNIC_BPF_FUNC_MAP_LOOKUP_ELEM),
			EXIT(),
		};
		struct xnic_bpf_insn not_map[] = {
			MOV64_REG(R2, R10), ALU64_IMM(XBPF_ADD, R2, -4),
			MOV64_IMM(R1, 5),
			CALL(XNIC_BPF_FUNC_MAP_LOOKUP_ELEM),
			EXIT(),
		};

		CHECK_EQ(XNIC_XDP_ABORTED, run(p, NINSNS(p)),
			 "write past the map value: ABORTED");
		CHECK(last_fault && strstr(last_fault, "map value"), "fault: %s",
		      last_fault ? last_fault : "none");
		p[7] = ST_MEM(XBPF_W, R0, 12, 1);
		CHECK_EQ(XNIC_XDP_PASS, run(p, NINSNS(p)), "last 4 bytes of the value: fine");
		CHECK_EQ(0, run(oob_key, NINSNS(oob_key)), "array index out of range: NULL");
		CHECK_EQ(XNIC_XDP_ABORTED, run(not_map, NINSNS(not_map)),
			 "map helper on a non-map: ABORTED");
	}
	xnic_bpf_map_destroy(bpf, arr);
	xnic_bpf_map_destroy(bpf, hash);
}

static void test_helpers(void)
{
	struct xnic_bpf_insn head[] = {
		MOV64_REG(R6, R1),
		MOV64_IMM(R2, 14),
		CALL(XNIC_BPF_FUNC_XDP_ADJUST_HEAD),
		JMP_IMM(XBPF_JNE, R0, 0, 7),
		LDX_MEM(XBPF_W, R2, R6, 0), LDX_MEM(XBPF_W, R3, R6, 4),
		MOV64_REG(R4, R2), ALU64_IMM(XBPF_ADD, R4, 1),
		JMP_REG(XBPF_JGT, R4, R3, 2),
		LDX_MEM(XBPF_B, R0, R2, 0),	/* first byte after Ethernet */
		EXIT(),
		MOV64_IMM(R0, 0), EXIT(),
	};
	struct xnic_bpf_insn grow[] = {
		MOV64_REG(R6, R1),
		MOV64_IMM(R2, -4),
		CALL(XNIC_BPF_FUNC_XDP_ADJUST_HEAD),
		JMP_IMM(XBPF_JNE, R0, 0, 5),
		LDX_MEM(XBPF_W, R2, R6, 0),
		LDX_MEM(XBPF_W, R0, R2, 0),	/* the 4 new bytes: zero */
		ST_MEM(XBPF_W, R2, 0, 0x4000a888),
		ALU64_IMM(XBPF_ADD, R0, XNIC_XDP_PASS),
		EXIT(),
		MOV64_IMM(R0, 0), EXIT(),
	};
	struct xnic_bpf_insn too_far[] = {
		MOV64_IMM(R2, -(XNIC_BPF_HEADROOM + 1)),
		CALL(XNIC_BPF_FUNC_XDP_ADJUST_HEAD),
		EXIT(),
	};
	struct xnic_bpf_insn tail[] = {
		MOV64_REG(R6, R1),
		MOV64_IMM(R2, -10),
		CALL(XNIC_BPF_FUNC_XDP_ADJUST_TAIL),
		MOV64_REG(R7, R0),
		MOV64_REG(R1, R6),
		MOV64_IMM(R2, -100),	/* would leave less than 14 bytes */
		CALL(XNIC_BPF_FUNC_XDP_ADJUST_TAIL),
		ALU64_REG(XBPF_ADD, R0, R7),
		EXIT(),
	};
	struct xnic_bpf_insn not_ctx[] = {
		MOV64_IMM(R1, 0), MOV64_IMM(R2, 4),
		CALL(XNIC_BPF_FUNC_XDP_ADJUST_TAIL),
		EXIT(),
	};
	struct xnic_bpf_insn misc[] = {
		CALL(XNIC_BPF_FUNC_KTIME_GET_NS),
		MOV64_REG(R6, R0),
		CALL(XNIC_BPF_FUNC_GET_PRANDOM_U32),
		MOV64_REG(R7, R0),
		CALL(XNIC_BPF_FUNC_GET_PRANDOM_U32),
		JMP_REG(XBPF_JEQ, R0, R7, 2),	/* two draws differ */
		MOV64_REG(R0, R6),
		EXIT(),
		MOV64_IMM(R0, 0), EXIT(),
	};
	uint8_t f[64];
	uint32_t data0;

	udp_frame(f, 9);
	set_frame(f, 64);
	data0 = pkt.data;
	CHECK_EQ(0x45, run(head, NINSNS(head)), "adjust_head(+14): IP header first");
	CHECK_EQ(data0 + 14, pkt.data, "window start moved by 14");

	set_frame(f, 64);
	CHECK_EQ(XNIC_XDP_PASS, run(grow, NINSNS(grow)),
		 "adjust_head(-4): 4 zeroed bytes in front");
	CHECK_EQ(data0 - 4, pkt.data, "window grew by 4");
	CHECK(pktbuf[pkt.data] == 0x88 && pktbuf[pkt.data + 1] == 0xa8 &&
	      pktbuf[pkt.data + 4] == 0x02, "new bytes written, frame follows");

	set_frame(f, 64);
	CHECK_EQ((uint32_t)-22, run(too_far, NINSNS(too_far)),
		 "adjust_head beyond the headroom: -EINVAL");
	CHECK_EQ(data0, pkt.data, "window unchanged");

	set_frame(f, 64);
	CHECK_EQ((uint32_t)-22, run(tail, NINSNS(tail)),
		 "adjust_tail(-10) = 0, then (-100) = -EINVAL");
	CHECK_EQ(54, pkt.data_end - pkt.data, "frame shortened to 54");
	CHECK_EQ(XNIC_XDP_ABORTED, run(not_ctx, NINSNS(not_ctx)),
		 "adjust_tail without the ctx: ABORTED");

	fake_clock = 0x1234567;
	CHECK_EQ(0x1234567, run(misc, NINSNS(misc)),
		 "ktime_get_ns is the NIC clock; prandom draws differ");
}

static void test_calls(void)
{
	/* main: r6 = 1000; r0 = f(20) + f(1) + r6, f(x) = 2x + 1 with stack */
	struct xnic_bpf_insn p[] = {
		MOV64_IMM(R6, 1000),
		ST_MEM(XBPF_DW, R10, -8, 5),
		MOV64_IMM(R1, 20), CALL_REL(8),
		MOV64_REG(R7, R0),
		MOV64_IMM(R1, 1), CALL_REL(5),
		ALU64_REG(XBPF_ADD, R0, R7),
		ALU64_REG(XBPF_ADD, R0, R6),
		LDX_MEM(XBPF_DW, R1, R10, -8),	/* caller's stack intact */
		ALU64_REG(XBPF_ADD, R0, R1),
		EXIT(),
		/* f */
		MOV64_IMM(R6, 77),		/* callee clobbers r6 */
		ST_MEM(XBPF_DW, R10, -8, 0),	/* its own frame */
		STX_MEM(XBPF_DW, R10, R1, -16),
		LDX_MEM(XBPF_DW, R0, R10, -16),
		ALU64_IMM(XBPF_LSH, R0, 1), ALU64_IMM(XBPF_ADD, R0, 1),
		EXIT(),
	};
	/* recursion without end: too deep */
	struct xnic_bpf_insn deep[] = {
		CALL_REL(-1), EXIT(),
	};
	/* exactly 8 frames: main plus 7 nested calls */
	struct xnic_bpf_insn eight[] = {
		MOV64_IMM(R1, 7), CALL_REL(1), EXIT(),
		MOV64_IMM(R0, 100), JMP_IMM(XBPF_JEQ, R1, 1, 3),
		ALU64_IMM(XBPF_SUB, R1, 1), CALL_REL(-4),
		ALU64_IMM(XBPF_ADD, R0, 1),
		EXIT(),
	};
	/* callee reads its caller's stack through a pointer */
	struct xnic_bpf_insn ptr[] = {
		ST_MEM(XBPF_DW, R10, -8, 31),
		MOV64_REG(R1, R10), ALU64_IMM(XBPF_ADD, R1, -8),
		CALL_REL(1), EXIT(),
		LDX_MEM(XBPF_DW, R0, R1, 0), EXIT(),
	};
	uint8_t f[20] = { 0 };

	set_frame(f, sizeof(f));
	CHECK_EQ(41 + 3 + 1000 + 5, run(p, NINSNS(p)),
		 "bpf-to-bpf calls: results, r6 preserved, frames separate");
	CHECK_EQ(XNIC_XDP_ABORTED, run(deep, NINSNS(deep)), "endless recursion: ABORTED");
	CHECK(last_fault && strstr(last_fault, "depth"), "fault: %s",
	      last_fault ? last_fault : "none");
	CHECK_EQ(106, run(eight, NINSNS(eight)), "8 frames deep is allowed");
	CHECK_EQ(31, run(ptr, NINSNS(ptr)), "callee reads the caller's stack");
}

int main(void)
{
	bpf = xnic_bpf_new(clock_ns, NULL);
	if (!bpf)
		return 1;
	test_alu();
	test_jumps();
	test_fast_opcodes();
	test_packet();
	test_stack_and_budget();
	test_maps_and_atomics();
	test_helpers();
	test_calls();
	xnic_bpf_free(bpf);
	return tap_done();
}
