// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_bpf_check.c - the NIC's load-time program checker.
 *
 * The host's verifier has proved the program safe for the kernel; the NIC
 * trusts no driver and checks again what its interpreter relies on, then
 * decodes the program into the form the interpreter runs:
 *  - the size: 1..max_insns instructions (the firmware's max_bpf_insns);
 *  - every opcode known and supported by this engine, reserved fields zero,
 *    registers r0-r10 with r10 (the frame pointer) never written;
 *  - constant shifts below the operand width, no division by a constant 0;
 *  - jumps and bpf-to-bpf calls land inside the program, never on the
 *    second half of an ld_imm64;
 *  - helper calls name a supported helper (XNIC_BPF_FUNC_*);
 *  - ld_imm64 is a plain constant or names an existing map by its handle;
 *  - the last instruction is an exit or a jump, and no reachable
 *    instruction falls off the end of the program.
 * What cannot be known before running (where a pointer points, how deep
 * calls go, whether a loop ends) the interpreter bounds at run time.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_bpf.h"

struct xnic_check {
	struct xnic_bpf *bpf;
	const struct xnic_bpf_insn *raw;
	struct xnic_bpf_prog *prog;
	uint32_t len;
	uint8_t *second_half;	/* 1: insn i is the 2nd half of an ld_imm64 */
	uint32_t bad;
	char *why;
	size_t why_len;
};

static int xnic_refuse(struct xnic_check *c, uint32_t insn,
		       const char *fmt, ...)
{
	va_list ap;

	c->bad = insn;
	va_start(ap, fmt);
	vsnprintf(c->why, c->why_len, fmt, ap);
	va_end(ap);
	return -1;
}

static bool xnic_helper_supported(int32_t id)
{
	switch (id) {
	case XNIC_BPF_FUNC_MAP_LOOKUP_ELEM:
	case XNIC_BPF_FUNC_MAP_UPDATE_ELEM:
	case XNIC_BPF_FUNC_MAP_DELETE_ELEM:
	case XNIC_BPF_FUNC_KTIME_GET_NS:
	case XNIC_BPF_FUNC_GET_PRANDOM_U32:
	case XNIC_BPF_FUNC_XDP_ADJUST_HEAD:
	case XNIC_BPF_FUNC_XDP_ADJUST_TAIL:
		return true;
	default:
		return false;
	}
}

/* A jump or call from @i to @target must land on a real instruction */
static int xnic_check_target(struct xnic_check *c, uint32_t i, int64_t target,
			     const char *what)
{
	if (target < 0 || target >= c->len)
		return xnic_refuse(c, i, "insn %u: %s to %lld is outside the program (0..%u)",
				   i, what, (long long)target, c->len - 1);
	if (c->second_half[target])
		return xnic_refuse(c, i, "insn %u: %s into the middle of the ld_imm64 at %lld",
				   i, what, (long long)target - 1);
	return 0;
}

static int xnic_check_alu(struct xnic_check *c, uint32_t i,
			  const struct xnic_bpf_dinsn *d)
{
	bool is64 = XBPF_CLASS(d->code) == XBPF_ALU64;
	uint8_t op = XBPF_OP(d->code);
	unsigned int width = is64 ? 64 : 32;

	switch (op) {
	case XBPF_ADD: case XBPF_SUB: case XBPF_MUL: case XBPF_DIV:
	case XBPF_OR: case XBPF_AND: case XBPF_LSH: case XBPF_RSH:
	case XBPF_MOD: case XBPF_XOR: case XBPF_MOV: case XBPF_ARSH:
		break;
	case XBPF_NEG:
		if (XBPF_SRC(d->code) != XBPF_K || d->src || d->off || d->imm)
			return xnic_refuse(c, i, "insn %u: neg uses reserved fields", i);
		break;
	case XBPF_END:
		if (is64)
			return xnic_refuse(c, i, "insn %u: unconditional byte swap (ALU64 END) not supported", i);
		if (d->src || d->off ||
		    (d->imm != 16 && d->imm != 32 && d->imm != 64))
			return xnic_refuse(c, i, "insn %u: byte swap of %d bits", i, d->imm);
		break;
	default:
		return xnic_refuse(c, i, "insn %u: unknown ALU opcode 0x%02x", i, d->code);
	}
	if (d->dst == XBPF_REG_FP)
		return xnic_refuse(c, i, "insn %u: frame pointer r10 is read only", i);
	if (op == XBPF_NEG || op == XBPF_END)
		return 0;
	if (d->off)
		return xnic_refuse(c, i, "insn %u: ALU with nonzero offset (signed div/mod, movsx) not supported", i);
	if (XBPF_SRC(d->code) == XBPF_X) {
		if (d->imm)
			return xnic_refuse(c, i, "insn %u: ALU uses reserved fields", i);
		return 0;
	}
	if (d->src)
		return xnic_refuse(c, i, "insn %u: ALU uses reserved fields", i);
	if ((op == XBPF_DIV || op == XBPF_MOD) && d->imm == 0)
		return xnic_refuse(c, i, "insn %u: division by constant zero", i);
	if ((op == XBPF_LSH || op == XBPF_RSH || op == XBPF_ARSH) &&
	    (d->imm < 0 || (unsigned int)d->imm >= width))
		return xnic_refuse(c, i, "insn %u: shift by %d on %u bits", i, d->imm, width);
	return 0;
}

static int xnic_check_jmp(struct xnic_check *c, uint32_t i,
			  const struct xnic_bpf_dinsn *d)
{
	bool is32 = XBPF_CLASS(d->code) == XBPF_JMP32;
	uint8_t op = XBPF_OP(d->code);

	switch (op) {
	case XBPF_JA:
		if (is32)
			return xnic_refuse(c, i, "insn %u: JMP32 JA not supported", i);
		if (XBPF_SRC(d->code) || d->src || d->dst || d->imm)
			return xnic_refuse(c, i, "insn %u: ja uses reserved fields", i);
		return xnic_check_target(c, i, (int64_t)i + d->off + 1, "jump");
	case XBPF_EXIT:
		if (is32 || XBPF_SRC(d->code) || d->src || d->dst || d->off ||
		    d->imm)
			return xnic_refuse(c, i, "insn %u: bad exit", i);
		return 0;
	case XBPF_CALL:
		if (is32 || XBPF_SRC(d->code) || d->dst || d->off)
			return xnic_refuse(c, i, "insn %u: bad call", i);
		if (d->src == XNIC_BPF_PSEUDO_CALL)
			return xnic_check_target(c, i, (int64_t)i + d->imm + 1,
						 "bpf-to-bpf call");
		if (d->src)
			return xnic_refuse(c, i, "insn %u: call kind %u (kfunc?) not supported", i, d->src);
		if (!xnic_helper_supported(d->imm))
			return xnic_refuse(c, i, "insn %u: helper %d not supported by the NIC", i, d->imm);
		return 0;
	case XBPF_JEQ: case XBPF_JGT: case XBPF_JGE: case XBPF_JSET:
	case XBPF_JNE: case XBPF_JSGT: case XBPF_JSGE: case XBPF_JLT:
	case XBPF_JLE: case XBPF_JSLT: case XBPF_JSLE:
		break;
	default:
		return xnic_refuse(c, i, "insn %u: unknown jump opcode 0x%02x", i, d->code);
	}
	if (XBPF_SRC(d->code) == XBPF_K ? d->src != 0 : d->imm != 0)
		return xnic_refuse(c, i, "insn %u: jump uses reserved fields", i);
	return xnic_check_target(c, i, (int64_t)i + d->off + 1, "jump");
}

static int xnic_check_mem(struct xnic_check *c, uint32_t i,
			  const struct xnic_bpf_dinsn *d)
{
	uint8_t cls = XBPF_CLASS(d->code), mode = XBPF_MODE(d->code);

	if (cls == XBPF_STX && mode == XBPF_ATOMIC) {
		uint32_t op = (uint32_t)d->imm;

		if (XBPF_SIZE(d->code) != XBPF_W && XBPF_SIZE(d->code) != XBPF_DW)
			return xnic_refuse(c, i, "insn %u: atomic of 1 or 2 bytes", i);
		switch (op) {
		case XBPF_ADD: case XBPF_ADD | XBPF_FETCH:
		case XBPF_OR: case XBPF_OR | XBPF_FETCH:
		case XBPF_AND: case XBPF_AND | XBPF_FETCH:
		case XBPF_XOR: case XBPF_XOR | XBPF_FETCH:
		case XBPF_XCHG: case XBPF_CMPXCHG:
			break;
		default:
			return xnic_refuse(c, i, "insn %u: unknown atomic operation 0x%x", i, op);
		}
		if ((op & XBPF_FETCH) && d->src == XBPF_REG_FP)
			return xnic_refuse(c, i, "insn %u: frame pointer r10 is read only", i);
	} else if (mode != XBPF_MEM) {
		return xnic_refuse(c, i, "insn %u: memory mode 0x%02x not supported", i, mode);
	}
	if (cls == XBPF_LDX) {
		if (d->imm)
			return xnic_refuse(c, i, "insn %u: ldx uses reserved fields", i);
		if (d->dst == XBPF_REG_FP)
			return xnic_refuse(c, i, "insn %u: frame pointer r10 is read only", i);
	} else if (cls == XBPF_ST) {
		if (d->src)
			return xnic_refuse(c, i, "insn %u: st uses reserved fields", i);
	} else if (mode == XBPF_MEM && d->imm) {
		return xnic_refuse(c, i, "insn %u: stx uses reserved fields", i);
	}
	return 0;
}

static int xnic_check_ld_imm64(struct xnic_check *c, uint32_t i,
			       struct xnic_bpf_dinsn *d)
{
	const struct xnic_bpf_insn *n = &c->raw[i + 1];
	struct xnic_bpf_prog *prog = c->prog;
	struct xnic_bpf_map *map;
	uint32_t hi = xbpf_le32(n->imm);
	unsigned int k;

	if (n->code || n->regs || n->off)
		return xnic_refuse(c, i, "insn %u: bad second half of ld_imm64", i);
	if (d->dst == XBPF_REG_FP)
		return xnic_refuse(c, i, "insn %u: frame pointer r10 is read only", i);
	if (d->off)
		return xnic_refuse(c, i, "insn %u: ld_imm64 uses reserved fields", i);
	if (d->src == 0) {
		d->imm64 = (uint64_t)hi << 32 | (uint32_t)d->imm;
		return 0;
	}
	if (d->src != XNIC_BPF_PSEUDO_MAP_HANDLE)
		return xnic_refuse(c, i, "insn %u: ld_imm64 kind %u not supported (only constants and maps)", i, d->src);
	if (hi)
		return xnic_refuse(c, i, "insn %u: map reference with nonzero upper imm", i);
	map = xnic_bpf_map_get(c->bpf, (uint32_t)d->imm);
	if (!map)
		return xnic_refuse(c, i, "insn %u: map handle 0x%x does not exist on the NIC", i, (uint32_t)d->imm);
	d->imm64 = XNIC_BPF_MAPPTR_BASE + xnic_bpf_map_slot(map->handle);
	for (k = 0; k < prog->nmaps; k++)
		if (prog->maps[k] == map)
			return 0;
	prog->maps[prog->nmaps++] = map;
	map->users++;
	return 0;
}

static int xnic_check_one(struct xnic_check *c, uint32_t i)
{
	const struct xnic_bpf_insn *r = &c->raw[i];
	struct xnic_bpf_dinsn *d = &c->prog->insns[i];

	d->code = r->code;
	d->dst = r->regs & 0x0f;
	d->src = r->regs >> 4;
	d->off = (int16_t)xbpf_le16(r->off);
	d->imm = (int32_t)xbpf_le32(r->imm);
	d->imm64 = 0;
	if (d->dst >= XBPF_NREGS || d->src >= XBPF_NREGS)
		return xnic_refuse(c, i, "insn %u: register r%u out of range", i,
				   d->dst >= XBPF_NREGS ? d->dst : d->src);

	switch (XBPF_CLASS(d->code)) {
	case XBPF_ALU:
	case XBPF_ALU64:
		return xnic_check_alu(c, i, d);
	case XBPF_JMP:
	case XBPF_JMP32:
		return xnic_check_jmp(c, i, d);
	case XBPF_LDX:
	case XBPF_ST:
	case XBPF_STX:
		return xnic_check_mem(c, i, d);
	case XBPF_LD:
	default:
		if (d->code != (XBPF_LD | XBPF_IMM | XBPF_DW))
			return xnic_refuse(c, i, "insn %u: opcode 0x%02x not supported (legacy packet access?)", i, d->code);
		return xnic_check_ld_imm64(c, i, d);
	}
}

/*
 * Walks every path from instruction 0 (and into every called function):
 * an instruction that may continue to the next one must not be the last.
 */
static int xnic_check_flow(struct xnic_check *c)
{
	const struct xnic_bpf_dinsn *insns = c->prog->insns;
	uint32_t *stack, sp = 0, i;
	uint8_t *seen;
	bool exit_seen = false;
	int ret = 0;

	seen = calloc(c->len, 1);
	stack = calloc(c->len, sizeof(*stack));
	if (!seen || !stack) {
		free(seen);
		free(stack);
		return xnic_refuse(c, XNIC_BPF_INSN_NONE, "out of memory");
	}
	seen[0] = 1;
	stack[sp++] = 0;
	while (sp && !ret) {
		const struct xnic_bpf_dinsn *d;
		uint32_t succ[2];
		unsigned int nsucc = 0, k;
		uint8_t cls, op;

		i = stack[--sp];
		d = &insns[i];
		cls = XBPF_CLASS(d->code);
		op = XBPF_OP(d->code);
		if ((cls == XBPF_JMP || cls == XBPF_JMP32) && op == XBPF_EXIT) {
			exit_seen = true;
			continue;
		}
		if (cls == XBPF_JMP && op == XBPF_JA) {
			succ[nsucc++] = (uint32_t)((int64_t)i + d->off + 1);
		} else if ((cls == XBPF_JMP || cls == XBPF_JMP32) &&
			   op != XBPF_CALL) {
			succ[nsucc++] = (uint32_t)((int64_t)i + d->off + 1);
			succ[nsucc++] = i + 1;
		} else if (cls == XBPF_JMP && d->src == XNIC_BPF_PSEUDO_CALL) {
			succ[nsucc++] = (uint32_t)((int64_t)i + d->imm + 1);
			succ[nsucc++] = i + 1;
		} else if (d->code == (XBPF_LD | XBPF_IMM | XBPF_DW)) {
			succ[nsucc++] = i + 2;
		} else {
			succ[nsucc++] = i + 1;
		}
		for (k = 0; k < nsucc; k++) {
			if (succ[k] >= c->len) {
				ret = xnic_refuse(c, i, "insn %u: execution falls off the end of the program", i);
				break;
			}
			if (!seen[succ[k]]) {
				seen[succ[k]] = 1;
				stack[sp++] = succ[k];
			}
		}
	}
	if (!ret && !exit_seen)
		ret = xnic_refuse(c, XNIC_BPF_INSN_NONE, "no exit is reachable");
	free(seen);
	free(stack);
	return ret;
}

void xnic_bpf_prog_free(struct xnic_bpf_prog *prog)
{
	unsigned int k;

	if (!prog)
		return;
	for (k = 0; k < prog->nmaps; k++)
		prog->maps[k]->users--;
	free(prog->insns);
	free(prog);
}

struct xnic_bpf_prog *xnic_bpf_prog_check(struct xnic_bpf *bpf,
					  const struct xnic_bpf_insn *insns,
					  uint32_t cnt, uint32_t max_insns,
					  uint32_t *bad_insn, char *why,
					  size_t why_len)
{
	struct xnic_check c = {
		.bpf = bpf, .raw = insns, .len = cnt, .why = why,
		.why_len = why_len, .bad = XNIC_BPF_INSN_NONE,
	};
	int ret = 0;
	uint32_t i;

	if (!cnt || cnt > max_insns) {
		xnic_refuse(&c, XNIC_BPF_INSN_NONE,
			    "program has %u instructions, the NIC runs 1 to %u",
			    cnt, max_insns);
		*bad_insn = c.bad;
		return NULL;
	}
	c.prog = calloc(1, sizeof(*c.prog));
	c.second_half = calloc(cnt, 1);
	if (c.prog)
		c.prog->insns = calloc(cnt, sizeof(*c.prog->insns));
	if (!c.prog || !c.second_half || !c.prog->insns) {
		ret = xnic_refuse(&c, XNIC_BPF_INSN_NONE, "out of memory");
		goto out;
	}
	c.prog->len = cnt;

	/* first the ld_imm64 pairs, which jumps must not split */
	for (i = 0; i < cnt; i++) {
		if (insns[i].code != (XBPF_LD | XBPF_IMM | XBPF_DW))
			continue;
		if (i + 1 == cnt) {
			ret = xnic_refuse(&c, i, "insn %u: ld_imm64 without its second half", i);
			goto out;
		}
		c.second_half[++i] = 1;
	}
	/* as the kernel: the last instruction leaves, reachable or not */
	if (insns[cnt - 1].code != (XBPF_JMP | XBPF_EXIT) &&
	    insns[cnt - 1].code != (XBPF_JMP | XBPF_JA)) {
		ret = xnic_refuse(&c, cnt - 1, "insn %u: last instruction is not an exit or jump: execution falls off the end",
				  cnt - 1);
		goto out;
	}
	for (i = 0; i < cnt && !ret; i++) {
		ret = xnic_check_one(&c, i);
		if (c.prog->insns[i].code == (XBPF_LD | XBPF_IMM | XBPF_DW))
			i++;
	}
	if (!ret)
		ret = xnic_check_flow(&c);
out:
	free(c.second_half);
	if (ret) {
		*bad_insn = c.bad;
		xnic_bpf_prog_free(c.prog);
		return NULL;
	}
	return c.prog;
}
