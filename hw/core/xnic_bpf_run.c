// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_bpf_run.c - the NIC's eBPF interpreter and helpers.
 *
 * Runs a program the checker accepted. Semantics are the kernel's on a
 * little-endian machine, whatever the host's byte order: 64- and 32-bit ALU
 * (32-bit results zero-extended; shift counts masked to the width; x / 0 =
 * 0 and x % 0 = x, as the kernel defines them), byte swaps, all jump
 * conditions of JMP and JMP32, loads and stores of 1, 2, 4 and 8 bytes,
 * atomics (add, and, or, xor with and without fetch, xchg, cmpxchg),
 * ld_imm64, helper calls and bpf-to-bpf calls (each frame its own 512-byte
 * stack, r6-r9 preserved, at most XNIC_BPF_MAX_CALL_DEPTH frames).
 *
 * Dispatch: the opcodes packet programs are made of (loads and stores,
 * the common ALU operations, conditional jumps, exit) are reached by one
 * switch on the whole opcode byte; every other instruction, and a
 * bpf-to-bpf return, takes the general switch on class, then operation.
 * Both use the same helpers (xnic_alu64(), xnic_cond(), xnic_bpf_mem()...),
 * so the results are the same whichever way an instruction goes.
 *
 * Every memory access goes through xnic_bpf_mem() (loads and stores in the
 * packet window through its inline first test, xnic_bpf_mem_fast()), which
 * decodes the NIC address (see xnic_bpf.h) and checks that the whole access
 * lies in the packet window [data, data_end), the ctx (read only, u32
 * fields), the live stack frames or one map value. Anything else, a bad
 * helper argument, too deep a call or an exhausted instruction budget stops
 * the run: the verdict is ABORTED with the fault's reason. Nothing a
 * program does can reach host memory or crash the NIC.
 */
#include <string.h>

#include "xnic_bpf.h"

#define XNIC_EINVAL	22
#define XNIC_ENOENT	2
#define XNIC_EEXIST	17
#define XNIC_E2BIG	7

struct xnic_frame {
	uint32_t ret_pc;
	uint64_t saved[5];	/* r6-r9, r10 */
};

struct xnic_run {
	struct xnic_bpf *bpf;
	struct xnic_bpf_pkt *pkt;
	unsigned int depth;	/* current frame, 0 = the program's */
	const char *fault;
	uint8_t ctx[XNIC_BPF_CTX_SIZE];
	uint8_t stack[XNIC_BPF_MAX_CALL_DEPTH * XNIC_BPF_STACK_SIZE];
};

static void xnic_put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/*
 * Little-endian loads and stores of 1, 2, 4 or 8 bytes, spelt out per size
 * (not as a loop over the bytes) so that the compiler makes each a single
 * move on a little-endian host: they are most of a packet program's work.
 */
static uint64_t xnic_ld(const uint8_t *p, unsigned int size)
{
	switch (size) {
	case 1:
		return p[0];
	case 2:
		return (uint64_t)p[0] | (uint64_t)p[1] << 8;
	case 4:
		return (uint64_t)p[0] | (uint64_t)p[1] << 8 |
		       (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
	default:
		return (uint64_t)p[0] | (uint64_t)p[1] << 8 |
		       (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
		       (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
		       (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
	}
}

static void xnic_st(uint8_t *p, unsigned int size, uint64_t v)
{
	switch (size) {
	case 8:
		p[7] = (uint8_t)(v >> 56);
		p[6] = (uint8_t)(v >> 48);
		p[5] = (uint8_t)(v >> 40);
		p[4] = (uint8_t)(v >> 32);
		/* fall through */
	case 4:
		p[3] = (uint8_t)(v >> 24);
		p[2] = (uint8_t)(v >> 16);
		/* fall through */
	case 2:
		p[1] = (uint8_t)(v >> 8);
		/* fall through */
	default:
		p[0] = (uint8_t)v;
	}
}

/* struct xdp_md as the program reads it, after each move of the window */
static void xnic_ctx_refresh(struct xnic_run *r)
{
	const struct xnic_bpf_pkt *pkt = r->pkt;

	xnic_put_le32(r->ctx + 0, (uint32_t)(XNIC_BPF_PKT_BASE + pkt->data));
	xnic_put_le32(r->ctx + 4,
		      (uint32_t)(XNIC_BPF_PKT_BASE + pkt->data_end));
	xnic_put_le32(r->ctx + 8, (uint32_t)(XNIC_BPF_PKT_BASE + pkt->data));
	xnic_put_le32(r->ctx + 12, pkt->ifindex);
	xnic_put_le32(r->ctx + 16, pkt->rx_queue);
	xnic_put_le32(r->ctx + 20, 0);
}

static uint64_t xnic_value_addr(unsigned int slot, uint32_t index)
{
	return XNIC_BPF_VALUE_TAG | (uint64_t)slot << 50 |
	       (uint64_t)index << 32 | XNIC_BPF_VALUE_OFF;
}

/* Host address of @size bytes at NIC address @addr, NULL (fault) if none */
static uint8_t *xnic_bpf_mem(struct xnic_run *r, uint64_t addr, uint32_t size,
			     bool write)
{
	uint32_t lo = (uint32_t)addr;

	if (addr >> 32 == 0) {
		uint64_t start = XNIC_BPF_PKT_BASE + r->pkt->data;
		uint64_t end = XNIC_BPF_PKT_BASE + r->pkt->data_end;

		if (addr >= start && addr + size <= end)
			return r->pkt->buf + (addr - XNIC_BPF_PKT_BASE);
		r->fault = addr + size > end && addr >= start ?
			   "packet access past data_end" :
			   "access to an invalid address";
		return NULL;
	}
	if (addr >> 32 == XNIC_BPF_CTX_BASE >> 32) {
		if (write || size != 4 || lo % 4 || lo >= XNIC_BPF_CTX_SIZE) {
			r->fault = "ctx access other than a u32 load";
			return NULL;
		}
		return r->ctx + lo;
	}
	if (addr >> 32 == XNIC_BPF_STACK_BASE >> 32) {
		if (lo <= (r->depth + 1) * XNIC_BPF_STACK_SIZE &&
		    size <= (r->depth + 1) * XNIC_BPF_STACK_SIZE - lo)
			return r->stack + lo;
		r->fault = "stack access out of bounds";
		return NULL;
	}
	if ((addr & 0xff00000000000000ull) == XNIC_BPF_VALUE_TAG) {
		struct xnic_bpf_map *map = r->bpf->maps[(addr >> 50) & 0x3f];
		uint32_t index = (uint32_t)(addr >> 32) & 0x3ffff;
		uint32_t off = lo - XNIC_BPF_VALUE_OFF;

		if (map && lo >= XNIC_BPF_VALUE_OFF && off <= map->value_size &&
		    size <= map->value_size - off &&
		    index < map->max_entries)
			return xnic_bpf_map_elem_value(map, index) + off;
		r->fault = "map value access out of bounds";
		return NULL;
	}
	r->fault = "access to an invalid address";
	return NULL;
}

/*
 * xnic_bpf_mem() with the packet window, where most loads go, checked
 * inline; anything else (and every fault) is left to xnic_bpf_mem()
 */
static inline uint8_t *xnic_bpf_mem_fast(struct xnic_run *r, uint64_t addr,
					 uint32_t size, bool write)
{
	const struct xnic_bpf_pkt *pkt = r->pkt;

	if (addr >= XNIC_BPF_PKT_BASE + pkt->data &&
	    addr + size <= XNIC_BPF_PKT_BASE + pkt->data_end)
		return pkt->buf + (addr - XNIC_BPF_PKT_BASE);
	return xnic_bpf_mem(r, addr, size, write);
}

static struct xnic_bpf_map *xnic_map_arg(struct xnic_run *r, uint64_t v)
{
	struct xnic_bpf_map *map = NULL;

	if (v >= XNIC_BPF_MAPPTR_BASE &&
	    v < XNIC_BPF_MAPPTR_BASE + XNIC_BPF_MAX_MAPS)
		map = r->bpf->maps[v - XNIC_BPF_MAPPTR_BASE];
	if (!map)
		r->fault = "helper argument is not a map";
	return map;
}

static int64_t xnic_errno_of(uint16_t st)
{
	switch (st) {
	case XNIC_CMD_ST_OK:
		return 0;
	case XNIC_CMD_ST_ENOENT:
		return -XNIC_ENOENT;
	case XNIC_CMD_ST_EEXIST:
		return -XNIC_EEXIST;
	case XNIC_CMD_ST_ENOSPC:
		return -XNIC_E2BIG;
	default:
		return -XNIC_EINVAL;
	}
}

/* Moves the packet window; the new bytes a grow exposes are zeroed */
static int64_t xnic_adjust(struct xnic_run *r, uint64_t ctx, int32_t delta,
			   bool head)
{
	struct xnic_bpf_pkt *pkt = r->pkt;
	int64_t data = pkt->data, end = pkt->data_end;

	if (ctx != XNIC_BPF_CTX_BASE) {
		r->fault = "xdp_adjust helper without the ctx";
		return 0;
	}
	if (head)
		data += delta;
	else
		end += delta;
	if (data < 0 || end > pkt->buf_size ||
	    end - data < XNIC_BPF_ETH_HLEN || end - data > XNIC_BUF_MAX)
		return -XNIC_EINVAL;
	if (data < pkt->data)
		memset(pkt->buf + data, 0, (size_t)(pkt->data - data));
	if (end > pkt->data_end)
		memset(pkt->buf + pkt->data_end, 0,
		       (size_t)(end - pkt->data_end));
	pkt->data = (uint32_t)data;
	pkt->data_end = (uint32_t)end;
	xnic_ctx_refresh(r);
	return 0;
}

static uint64_t xnic_prandom(struct xnic_bpf *bpf)
{
	uint64_t x = bpf->prng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	bpf->prng = x;
	return (x * 0x2545f4914f6cdd1dull) >> 32;
}

static uint64_t xnic_helper(struct xnic_run *r, int32_t id, const uint64_t *reg)
{
	uint8_t key[XNIC_BPF_MAX_KEY_SIZE], value[XNIC_BPF_MAX_VALUE_SIZE];
	struct xnic_bpf_map *map;
	const uint8_t *p;
	uint8_t *v;
	uint32_t index;

	switch (id) {
	case XNIC_BPF_FUNC_KTIME_GET_NS:
		return r->bpf->now_ns ? r->bpf->now_ns(r->bpf->opaque) : 0;
	case XNIC_BPF_FUNC_GET_PRANDOM_U32:
		return xnic_prandom(r->bpf);
	case XNIC_BPF_FUNC_XDP_ADJUST_HEAD:
		return (uint64_t)xnic_adjust(r, reg[1], (int32_t)reg[2], true);
	case XNIC_BPF_FUNC_XDP_ADJUST_TAIL:
		return (uint64_t)xnic_adjust(r, reg[1], (int32_t)reg[2], false);
	default:
		break;
	}
	/* the map helpers */
	map = xnic_map_arg(r, reg[1]);
	if (!map)
		return 0;
	p = xnic_bpf_mem(r, reg[2], map->key_size, false);
	if (!p)
		return 0;
	memcpy(key, p, map->key_size);
	switch (id) {
	case XNIC_BPF_FUNC_MAP_LOOKUP_ELEM:
		v = xnic_bpf_map_lookup(map, key, &index);
		return v ? xnic_value_addr(xnic_bpf_map_slot(map->handle),
					   index) : 0;
	case XNIC_BPF_FUNC_MAP_UPDATE_ELEM:
		p = xnic_bpf_mem(r, reg[3], map->value_size, false);
		if (!p)
			return 0;
		memcpy(value, p, map->value_size);
		return (uint64_t)xnic_errno_of(xnic_bpf_map_update(map, key,
								   value,
								   (uint32_t)reg[4]));
	case XNIC_BPF_FUNC_MAP_DELETE_ELEM:
		return (uint64_t)xnic_errno_of(xnic_bpf_map_delete(map, key));
	default:
		r->fault = "unsupported helper";	/* the checker stops these */
		return 0;
	}
}

static uint64_t xnic_bswap(uint64_t v, unsigned int bits)
{
	uint64_t out = 0;
	unsigned int i;

	for (i = 0; i < bits / 8; i++, v >>= 8)
		out = out << 8 | (v & 0xff);
	return out;
}

static inline uint64_t xnic_alu64(uint8_t op, uint64_t a, uint64_t b)
{
	switch (op) {
	case XBPF_ADD: return a + b;
	case XBPF_SUB: return a - b;
	case XBPF_MUL: return a * b;
	case XBPF_DIV: return b ? a / b : 0;
	case XBPF_OR: return a | b;
	case XBPF_AND: return a & b;
	case XBPF_LSH: return a << (b & 63);
	case XBPF_RSH: return a >> (b & 63);
	case XBPF_NEG: return 0 - a;
	case XBPF_MOD: return b ? a % b : a;
	case XBPF_XOR: return a ^ b;
	case XBPF_MOV: return b;
	case XBPF_ARSH:
		b &= 63;
		return a >> 63 ? ~(~a >> b) : a >> b;
	default: return a;	/* the checker allows no other */
	}
}

static inline uint32_t xnic_alu32(uint8_t op, uint32_t a, uint32_t b)
{
	switch (op) {
	case XBPF_ADD: return a + b;
	case XBPF_SUB: return a - b;
	case XBPF_MUL: return (uint32_t)((uint64_t)a * b);
	case XBPF_DIV: return b ? a / b : 0;
	case XBPF_OR: return a | b;
	case XBPF_AND: return a & b;
	case XBPF_LSH: return a << (b & 31);
	case XBPF_RSH: return a >> (b & 31);
	case XBPF_NEG: return 0 - a;
	case XBPF_MOD: return b ? a % b : a;
	case XBPF_XOR: return a ^ b;
	case XBPF_MOV: return b;
	case XBPF_ARSH:
		b &= 31;
		return a >> 31 ? ~(~a >> b) : a >> b;
	default: return a;
	}
}

static inline bool xnic_cond(uint8_t op, uint64_t a, uint64_t b, bool is32)
{
	int64_t sa, sb;

	if (is32) {
		a = (uint32_t)a;
		b = (uint32_t)b;
		sa = (int32_t)(uint32_t)a;
		sb = (int32_t)(uint32_t)b;
	} else {
		sa = (int64_t)a;
		sb = (int64_t)b;
	}
	switch (op) {
	case XBPF_JEQ: return a == b;
	case XBPF_JGT: return a > b;
	case XBPF_JGE: return a >= b;
	case XBPF_JSET: return a & b;
	case XBPF_JNE: return a != b;
	case XBPF_JSGT: return sa > sb;
	case XBPF_JSGE: return sa >= sb;
	case XBPF_JLT: return a < b;
	case XBPF_JLE: return a <= b;
	case XBPF_JSLT: return sa < sb;
	case XBPF_JSLE: return sa <= sb;
	default: return false;
	}
}

static unsigned int xnic_size(uint8_t code)
{
	switch (XBPF_SIZE(code)) {
	case XBPF_B: return 1;
	case XBPF_H: return 2;
	case XBPF_W: return 4;
	default: return 8;
	}
}

/* BPF_ATOMIC at @p; false if the result register cannot be written */
static void xnic_atomic(uint8_t *p, unsigned int size, int32_t imm,
			uint64_t *reg, uint8_t src)
{
	uint64_t mask = size == 4 ? 0xffffffffull : ~0ull;
	uint64_t old = xnic_ld(p, size), val = reg[src] & mask, res;

	switch ((uint32_t)imm) {
	case XBPF_XCHG:
		xnic_st(p, size, val);
		reg[src] = old;
		return;
	case XBPF_CMPXCHG:
		if ((reg[0] & mask) == old)
			xnic_st(p, size, val);
		reg[0] = old;
		return;
	default:
		break;
	}
	switch ((uint32_t)imm & ~XBPF_FETCH) {
	case XBPF_ADD: res = old + val; break;
	case XBPF_OR: res = old | val; break;
	case XBPF_AND: res = old & val; break;
	default: res = old ^ val; break;	/* XBPF_XOR */
	}
	xnic_st(p, size, res & mask);
	if (imm & XBPF_FETCH)
		reg[src] = old;
}

/*
 * Cases of xnic_bpf_run()'s first switch, on the whole opcode byte: the K
 * and X forms of an operation share one body, which ends the instruction
 * with "continue"
 */
#define XNIC_FAST_LDX(SIZE, BYTES)					\
	case XBPF_LDX | XBPF_MEM | (SIZE):				\
		p = xnic_bpf_mem_fast(&r, reg[d->src] +			\
				      (uint64_t)(int64_t)d->off,	\
				      (BYTES), false);			\
		if (!p)							\
			goto out;					\
		reg[d->dst] = xnic_ld(p, (BYTES));			\
		pc++;							\
		continue;
#define XNIC_FAST_STX(SIZE, BYTES)					\
	case XBPF_STX | XBPF_MEM | (SIZE):				\
		p = xnic_bpf_mem_fast(&r, reg[d->dst] +			\
				      (uint64_t)(int64_t)d->off,	\
				      (BYTES), true);			\
		if (!p)							\
			goto out;					\
		xnic_st(p, (BYTES), reg[d->src]);			\
		pc++;							\
		continue;
#define XNIC_FAST_ALU64(OP)						\
	case XBPF_ALU64 | (OP) | XBPF_K:				\
	case XBPF_ALU64 | (OP) | XBPF_X:				\
		src = XBPF_SRC(d->code) ? reg[d->src] :			\
					  (uint64_t)(int64_t)d->imm;	\
		reg[d->dst] = xnic_alu64((OP), reg[d->dst], src);	\
		pc++;							\
		continue;
#define XNIC_FAST_ALU32(OP)						\
	case XBPF_ALU | (OP) | XBPF_K:					\
	case XBPF_ALU | (OP) | XBPF_X:					\
		src = XBPF_SRC(d->code) ? reg[d->src] : (uint64_t)d->imm; \
		reg[d->dst] = xnic_alu32((OP), (uint32_t)reg[d->dst],	\
					 (uint32_t)src);		\
		pc++;							\
		continue;
#define XNIC_FAST_JMP(CLS, OP)						\
	case (CLS) | (OP) | XBPF_K:					\
	case (CLS) | (OP) | XBPF_X:					\
		src = XBPF_SRC(d->code) ? reg[d->src] :			\
					  (uint64_t)(int64_t)d->imm;	\
		if (xnic_cond((OP), reg[d->dst], src, (CLS) == XBPF_JMP32)) \
			pc = (uint32_t)((int64_t)pc + d->off + 1);	\
		else							\
			pc++;						\
		continue;

uint32_t xnic_bpf_run(struct xnic_bpf *bpf, const struct xnic_bpf_prog *prog,
		      struct xnic_bpf_pkt *pkt, const char **fault,
		      uint64_t *insns)
{
	struct xnic_frame frames[XNIC_BPF_MAX_CALL_DEPTH];
	struct xnic_run r;
	uint64_t reg[XBPF_NREGS];
	uint64_t n = 0, budget = bpf->insn_budget;
	uint32_t pc = 0, verdict = XNIC_XDP_ABORTED;
	unsigned int k;

	r.bpf = bpf;
	r.pkt = pkt;
	r.depth = 0;
	r.fault = NULL;
	if (pkt->buf_size > XNIC_BPF_PKT_BUF_SIZE || pkt->data > pkt->data_end ||
	    pkt->data_end > pkt->buf_size) {
		r.fault = "bad packet window";
		goto out;
	}
	xnic_ctx_refresh(&r);
	memset(reg, 0, sizeof(reg));
	reg[1] = XNIC_BPF_CTX_BASE;
	reg[XBPF_REG_FP] = XNIC_BPF_STACK_BASE + XNIC_BPF_STACK_SIZE;

	for (;;) {
		const struct xnic_bpf_dinsn *d;
		uint8_t cls, op;
		uint64_t src;
		uint8_t *p;

		if (n >= budget) {
			r.fault = "instruction budget exhausted";
			goto out;
		}
		n++;
		d = &prog->insns[pc];
		/*
		 * The common opcodes first, each its own case so that one jump
		 * on the whole opcode reaches it (the general switch below
		 * would take two or three); same helpers, same semantics.
		 */
		switch (d->code) {
		XNIC_FAST_LDX(XBPF_B, 1)
		XNIC_FAST_LDX(XBPF_H, 2)
		XNIC_FAST_LDX(XBPF_W, 4)
		XNIC_FAST_LDX(XBPF_DW, 8)
		XNIC_FAST_STX(XBPF_B, 1)
		XNIC_FAST_STX(XBPF_H, 2)
		XNIC_FAST_STX(XBPF_W, 4)
		XNIC_FAST_STX(XBPF_DW, 8)
		XNIC_FAST_ALU64(XBPF_ADD)
		XNIC_FAST_ALU64(XBPF_SUB)
		XNIC_FAST_ALU64(XBPF_AND)
		XNIC_FAST_ALU64(XBPF_OR)
		XNIC_FAST_ALU64(XBPF_XOR)
		XNIC_FAST_ALU64(XBPF_LSH)
		XNIC_FAST_ALU64(XBPF_RSH)
		XNIC_FAST_ALU64(XBPF_MOV)
		XNIC_FAST_ALU32(XBPF_ADD)
		XNIC_FAST_ALU32(XBPF_AND)
		XNIC_FAST_ALU32(XBPF_MOV)
		XNIC_FAST_JMP(XBPF_JMP, XBPF_JEQ)
		XNIC_FAST_JMP(XBPF_JMP, XBPF_JNE)
		XNIC_FAST_JMP(XBPF_JMP, XBPF_JGT)
		XNIC_FAST_JMP(XBPF_JMP, XBPF_JGE)
		XNIC_FAST_JMP(XBPF_JMP, XBPF_JLT)
		XNIC_FAST_JMP(XBPF_JMP, XBPF_JLE)
		XNIC_FAST_JMP(XBPF_JMP, XBPF_JSET)
		XNIC_FAST_JMP(XBPF_JMP32, XBPF_JEQ)
		XNIC_FAST_JMP(XBPF_JMP32, XBPF_JNE)
		case XBPF_JMP | XBPF_JA:
			pc = (uint32_t)((int64_t)pc + d->off + 1);
			continue;
		case XBPF_JMP | XBPF_EXIT:
			if (!r.depth) {
				verdict = (uint32_t)reg[0];
				goto out;
			}
			break;	/* a bpf-to-bpf return: below */
		default:
			break;
		}
		cls = XBPF_CLASS(d->code);
		op = XBPF_OP(d->code);
		switch (cls) {
		case XBPF_ALU64:
			src = XBPF_SRC(d->code) ? reg[d->src] :
						  (uint64_t)(int64_t)d->imm;
			if (op == XBPF_END)	/* refused by the checker */
				goto bad_insn;
			reg[d->dst] = xnic_alu64(op, reg[d->dst], src);
			pc++;
			break;
		case XBPF_ALU:
			src = XBPF_SRC(d->code) ? reg[d->src] : (uint64_t)d->imm;
			if (op == XBPF_END) {
				unsigned int bits = (unsigned int)d->imm;
				uint64_t v = reg[d->dst];

				if (bits < 64)
					v &= (1ull << bits) - 1;
				reg[d->dst] = XBPF_SRC(d->code) == XBPF_TO_BE ?
					      xnic_bswap(v, bits) : v;
			} else {
				reg[d->dst] = xnic_alu32(op,
							 (uint32_t)reg[d->dst],
							 (uint32_t)src);
			}
			pc++;
			break;
		case XBPF_JMP:
		case XBPF_JMP32:
			if (op == XBPF_EXIT) {
				if (!r.depth) {
					verdict = (uint32_t)reg[0];
					goto out;
				}
				r.depth--;
				for (k = 0; k < 5; k++)
					reg[6 + k] = frames[r.depth].saved[k];
				pc = frames[r.depth].ret_pc;
				break;
			}
			if (op == XBPF_CALL) {
				if (d->src != XNIC_BPF_PSEUDO_CALL) {
					reg[0] = xnic_helper(&r, d->imm, reg);
					if (r.fault)
						goto out;
					pc++;
					break;
				}
				if (r.depth + 1 >= XNIC_BPF_MAX_CALL_DEPTH) {
					r.fault = "call depth exceeded";
					goto out;
				}
				frames[r.depth].ret_pc = pc + 1;
				for (k = 0; k < 5; k++)
					frames[r.depth].saved[k] = reg[6 + k];
				r.depth++;
				reg[XBPF_REG_FP] = XNIC_BPF_STACK_BASE +
					(uint64_t)(r.depth + 1) * XNIC_BPF_STACK_SIZE;
				pc = (uint32_t)((int64_t)pc + d->imm + 1);
				break;
			}
			src = XBPF_SRC(d->code) ? reg[d->src] :
						  (uint64_t)(int64_t)d->imm;
			if (op == XBPF_JA ||
			    xnic_cond(op, reg[d->dst], src, cls == XBPF_JMP32))
				pc = (uint32_t)((int64_t)pc + d->off + 1);
			else
				pc++;
			break;
		case XBPF_LDX:
			p = xnic_bpf_mem(&r, reg[d->src] + (uint64_t)(int64_t)d->off,
					 xnic_size(d->code), false);
			if (!p)
				goto out;
			reg[d->dst] = xnic_ld(p, xnic_size(d->code));
			pc++;
			break;
		case XBPF_ST:
		case XBPF_STX:
			p = xnic_bpf_mem(&r, reg[d->dst] + (uint64_t)(int64_t)d->off,
					 xnic_size(d->code), true);
			if (!p)
				goto out;
			if (XBPF_MODE(d->code) == XBPF_ATOMIC)
				xnic_atomic(p, xnic_size(d->code), d->imm, reg,
					    d->src);
			else
				xnic_st(p, xnic_size(d->code),
					cls == XBPF_ST ? (uint64_t)(int64_t)d->imm :
							 reg[d->src]);
			pc++;
			break;
		case XBPF_LD:
			reg[d->dst] = d->imm64;
			pc += 2;
			break;
		default:
			goto bad_insn;
		}
	}
bad_insn:
	r.fault = "instruction the checker should have refused";
out:
	*fault = r.fault;
	*insns = n;
	return r.fault ? XNIC_XDP_ABORTED : verdict;
}
