// SPDX-License-Identifier: GPL-2.0
/*
 * test_bpf_check.c - the NIC's load-time checker refuses what its
 * interpreter must not run, naming the instruction and the reason:
 * unknown opcodes, jumps out of the program or into an ld_imm64, bad
 * registers, writes to r10, unsupported helpers, unknown map handles,
 * programs too large or falling off their end; and accepts the rest.
 */
#include <stdio.h>
#include <string.h>

#include "bpf_asm.h"
#include "tap.h"

static struct xnic_bpf *bpf;
static char why[XNIC_BPF_MSG_LEN];
static uint32_t bad;

/* Whether the checker refuses @insns, at instruction @at, saying @word */
static void refuses(const struct xnic_bpf_insn *insns, uint32_t n,
		    uint32_t max, uint32_t at, const char *word,
		    const char *name)
{
	struct xnic_bpf_prog *prog;

	why[0] = 0;
	bad = 12345;
	prog = xnic_bpf_prog_check(bpf, insns, n, max, &bad, why, sizeof(why));
	CHECK(!prog, "%s: refused", name);
	CHECK_EQ(at, bad, "%s: names insn %d", name, (int)at);
	CHECK(strstr(why, word) != NULL, "%s: reason \"%s\" mentions \"%s\"",
	      name, why, word);
	xnic_bpf_prog_free(prog);
}

static void accepts(const struct xnic_bpf_insn *insns, uint32_t n,
		    const char *name)
{
	struct xnic_bpf_prog *prog;

	prog = xnic_bpf_prog_check(bpf, insns, n, 4096, &bad, why, sizeof(why));
	CHECK(prog != NULL, "%s: accepted%s%s", name, prog ? "" : ": ",
	      prog ? "" : why);
	xnic_bpf_prog_free(prog);
}

int main(void)
{
	uint32_t map;

	bpf = xnic_bpf_new(NULL, NULL);
	if (!bpf || xnic_bpf_map_create(bpf, XNIC_BPF_MAP_ARRAY, 4, 8, 2, 0, &map))
		return 1;
	{
		struct xnic_bpf_insn p[] = { MOV64_IMM(R0, 2), EXIT() };

		accepts(p, NINSNS(p), "mov + exit");
		refuses(p, 0, 4096, XNIC_BPF_INSN_NONE, "instructions", "empty program");
		refuses(p, NINSNS(p), 1, XNIC_BPF_INSN_NONE, "1 to 1", "too large for max_insns");
	}
	{
		struct xnic_bpf_insn p[] = {
			MOV64_IMM(R0, 2), INSN(0xf7, 0, 0, 0, 0), EXIT(),
		};
		struct xnic_bpf_insn q[] = {
			MOV64_IMM(R0, 2), INSN(0xe6, 0, 0, 0, 0), EXIT(),
		};
		struct xnic_bpf_insn ldabs[] = {
			INSN(XBPF_LD | XBPF_ABS | XBPF_B, 0, 0, 0, 12), EXIT(),
		};
		struct xnic_bpf_insn jmp32ja[] = {
			INSN(XBPF_JMP32 | XBPF_JA, 0, 0, 0, 0), MOV64_IMM(R0, 2), EXIT(),
		};
		struct xnic_bpf_insn sdiv[] = {
			INSN(XBPF_ALU64 | XBPF_DIV | XBPF_K, 0, 0, 1, 3), EXIT(),
		};
		struct xnic_bpf_insn bswap64[] = {
			INSN(XBPF_ALU64 | XBPF_END, 0, 0, 0, 16), EXIT(),
		};

		refuses(p, NINSNS(p), 4096, 1, "unknown", "unknown ALU64 opcode");
		refuses(q, NINSNS(q), 4096, 1, "unknown", "unknown JMP32 opcode");
		refuses(ldabs, NINSNS(ldabs), 4096, 0, "legacy", "LD_ABS");
		refuses(jmp32ja, NINSNS(jmp32ja), 4096, 0, "JA", "JMP32 JA");
		refuses(sdiv, NINSNS(sdiv), 4096, 0, "signed", "signed division (off 1)");
		refuses(bswap64, NINSNS(bswap64), 4096, 0, "byte swap", "ALU64 END");
	}
	{
		struct xnic_bpf_insn out[] = {
			MOV64_IMM(R0, 2), JA(5), EXIT(),
		};
		struct xnic_bpf_insn back[] = {
			MOV64_IMM(R0, 2), JMP_IMM(XBPF_JEQ, R0, 0, -3), EXIT(),
		};
		struct xnic_bpf_insn mid[] = {
			MOV64_IMM(R0, 2), JMP_IMM(XBPF_JEQ, R0, 0, 1),
			LD_IMM64(R1, 0x1234567890ull), EXIT(),
		};
		struct xnic_bpf_insn call_mid[] = {
			CALL_REL(1), LD_IMM64(R0, 2), EXIT(),
		};
		struct xnic_bpf_insn call_out[] = {
			CALL_REL(-2), EXIT(),
		};
		struct xnic_bpf_insn half[] = {
			MOV64_IMM(R0, 2), EXIT(),
			INSN(XBPF_LD | XBPF_IMM | XBPF_DW, 0, 0, 0, 0),
		};

		refuses(out, NINSNS(out), 4096, 1, "outside", "jump out of range");
		refuses(back, NINSNS(back), 4096, 1, "outside", "jump before the start");
		refuses(mid, NINSNS(mid), 4096, 1, "middle of the ld_imm64", "jump into an ld_imm64");
		refuses(call_mid, NINSNS(call_mid), 4096, 0, "middle", "call into an ld_imm64");
		refuses(call_out, NINSNS(call_out), 4096, 0, "outside", "call out of range");
		refuses(half, NINSNS(half), 4096, 2, "second half", "ld_imm64 cut short");
	}
	{
		struct xnic_bpf_insn r11[] = {
			INSN(XBPF_ALU64 | XBPF_MOV | XBPF_K, 11, 0, 0, 1), EXIT(),
		};
		struct xnic_bpf_insn src12[] = {
			MOV64_IMM(R0, 0), INSN(XBPF_LDX | XBPF_MEM | XBPF_W, 0, 12, 0, 0), EXIT(),
		};
		struct xnic_bpf_insn fp[] = {
			MOV64_IMM(R10, 0), EXIT(),
		};
		struct xnic_bpf_insn fp_ld[] = {
			LDX_MEM(XBPF_DW, R10, R1, 0), EXIT(),
		};
		struct xnic_bpf_insn shift[] = {
			MOV64_IMM(R0, 1), ALU32_IMM(XBPF_LSH, R0, 32), EXIT(),
		};
		struct xnic_bpf_insn div0[] = {
			MOV64_IMM(R0, 1), ALU64_IMM(XBPF_DIV, R0, 0), EXIT(),
		};
		struct xnic_bpf_insn reserved[] = {
			INSN(XBPF_ALU64 | XBPF_MOV | XBPF_K, 0, 3, 0, 1), EXIT(),
		};

		refuses(r11, NINSNS(r11), 4096, 0, "r11", "destination r11");
		refuses(src12, NINSNS(src12), 4096, 1, "r12", "source r12");
		refuses(fp, NINSNS(fp), 4096, 0, "r10", "write to r10");
		refuses(fp_ld, NINSNS(fp_ld), 4096, 0, "r10", "load into r10");
		refuses(shift, NINSNS(shift), 4096, 1, "shift", "32-bit shift by 32");
		refuses(div0, NINSNS(div0), 4096, 1, "zero", "division by constant zero");
		refuses(reserved, NINSNS(reserved), 4096, 0, "reserved", "src_reg of an imm ALU");
	}
	{
		struct xnic_bpf_insn printk[] = {
			CALL(6), MOV64_IMM(R0, 2), EXIT(),
		};
		struct xnic_bpf_insn redirect[] = {
			MOV64_IMM(R0, 2), CALL(51), EXIT(),
		};
		struct xnic_bpf_insn kfunc[] = {
			INSN(XBPF_JMP | XBPF_CALL, 0, 2, 0, 5), EXIT(),
		};
		struct xnic_bpf_insn badmap[] = {
			LD_MAP(R1, map + 64), MOV64_IMM(R0, 2), EXIT(),
		};
		struct xnic_bpf_insn mapval[] = {
			INSN(XBPF_LD | XBPF_IMM | XBPF_DW, 1, 2, 0, map), INSN(0, 0, 0, 0, 0),
			MOV64_IMM(R0, 2), EXIT(),
		};
		struct xnic_bpf_insn goodmap[] = {
			LD_MAP(R1, map), MOV64_IMM(R0, 2), EXIT(),
		};
		struct xnic_bpf_prog *prog;

		refuses(printk, NINSNS(printk), 4096, 0, "helper 6", "trace_printk");
		refuses(redirect, NINSNS(redirect), 4096, 1, "helper 51", "redirect_map");
		refuses(kfunc, NINSNS(kfunc), 4096, 0, "kfunc", "kfunc call");
		refuses(badmap, NINSNS(badmap), 4096, 0, "does not exist", "unknown map handle");
		refuses(mapval, NINSNS(mapval), 4096, 0, "not supported", "direct map value");
		prog = xnic_bpf_prog_check(bpf, goodmap, NINSNS(goodmap), 4096, &bad,
					   why, sizeof(why));
		CHECK(prog != NULL, "existing map handle: accepted");
		CHECK_EQ(XNIC_CMD_ST_EBUSY, xnic_bpf_map_destroy(bpf, map),
			 "a map a program uses cannot be destroyed");
		xnic_bpf_prog_free(prog);
		CHECK_EQ(XNIC_CMD_ST_OK, xnic_bpf_map_destroy(bpf, map),
			 "after the program: destroyed");
		refuses(goodmap, NINSNS(goodmap), 4096, 0, "does not exist",
			"a destroyed map's handle");
	}
	{
		struct xnic_bpf_insn falls[] = {
			MOV64_IMM(R0, 2), JMP_IMM(XBPF_JEQ, R0, 2, 2), EXIT(),
			MOV64_IMM(R0, 1), MOV64_IMM(R0, 1), JA(-2),
		};
		struct xnic_bpf_insn noexit[] = {
			MOV64_IMM(R0, 2), JA(-1), EXIT(),
		};
		struct xnic_bpf_insn dead[] = {
			MOV64_IMM(R0, 2), EXIT(), MOV64_IMM(R0, 1),
		};
		struct xnic_bpf_insn helpers[] = {
			CALL(XNIC_BPF_FUNC_KTIME_GET_NS),
			CALL(XNIC_BPF_FUNC_GET_PRANDOM_U32),
			MOV64_IMM(R2, 0), CALL(XNIC_BPF_FUNC_XDP_ADJUST_HEAD),
			MOV64_IMM(R2, 0), CALL(XNIC_BPF_FUNC_XDP_ADJUST_TAIL),
			MOV64_IMM(R0, 2), EXIT(),
		};

		accepts(falls, NINSNS(falls), "a program ending in a jump back");
		refuses(noexit, NINSNS(noexit), 4096, XNIC_BPF_INSN_NONE, "no exit",
			"no exit reachable");
		refuses(dead, NINSNS(dead), 4096, 2, "falls off",
			"last instruction not an exit, even if dead");
		accepts(helpers, NINSNS(helpers), "the supported helpers");
	}
	xnic_bpf_free(bpf);
	return tap_done();
}
