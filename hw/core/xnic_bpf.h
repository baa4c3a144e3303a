/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xnic_bpf.h - the NIC's eBPF program engine: offloaded maps
 * (xnic_bpf_maps.c), the load-time checker (xnic_bpf_check.c) and the
 * interpreter (xnic_bpf_run.c). Plain C11, independent of the rest of the
 * core, so the unit tests drive it directly; the command handlers and the
 * port ingress hook (xnic_bpf_cmds.c, xnic_bpf_ingress.c) put it in the NIC.
 *
 * The address space a program sees. Registers hold 64-bit NIC addresses
 * that the interpreter decodes and bounds-checks on every access; none is
 * a host pointer:
 *
 *   packet  XNIC_BPF_PKT_BASE + offset in the frame buffer (32 bits, as
 *           xdp_md.data and data_end are u32); valid in [data, data_end)
 *   ctx     XNIC_BPF_CTX_BASE + offset in struct xdp_md (read only, u32)
 *   stack   XNIC_BPF_STACK_BASE + offset in the stack of all frames
 *   value   XNIC_BPF_VALUE_TAG | map slot << 50 | element << 32 |
 *           (XNIC_BPF_VALUE_OFF + offset in the value)
 *   map     XNIC_BPF_MAPPTR_BASE + map slot (what ld_imm64 of a map loads;
 *           only helpers take it)
 */
#ifndef XNIC_BPF_H
#define XNIC_BPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../src/xnic_hw.h"

/* eBPF instruction encoding (the kernel's, defined here for the NIC) */
#define XBPF_CLASS(c)	((c) & 0x07)
#define XBPF_LD		0x00
#define XBPF_LDX	0x01
#define XBPF_ST		0x02
#define XBPF_STX	0x03
#define XBPF_ALU	0x04
#define XBPF_JMP	0x05
#define XBPF_JMP32	0x06
#define XBPF_ALU64	0x07

#define XBPF_SIZE(c)	((c) & 0x18)
#define XBPF_W		0x00
#define XBPF_H		0x08
#define XBPF_B		0x10
#define XBPF_DW		0x18
#define XBPF_MODE(c)	((c) & 0xe0)
#define XBPF_IMM	0x00
#define XBPF_ABS	0x20
#define XBPF_IND	0x40
#define XBPF_MEM	0x60
#define XBPF_ATOMIC	0xc0

#define XBPF_OP(c)	((c) & 0xf0)
#define XBPF_SRC(c)	((c) & 0x08)
#define XBPF_K		0x00
#define XBPF_X		0x08

#define XBPF_ADD	0x00
#define XBPF_SUB	0x10
#define XBPF_MUL	0x20
#define XBPF_DIV	0x30
#define XBPF_OR		0x40
#define XBPF_AND	0x50
#define XBPF_LSH	0x60
#define XBPF_RSH	0x70
#define XBPF_NEG	0x80
#define XBPF_MOD	0x90
#define XBPF_XOR	0xa0
#define XBPF_MOV	0xb0
#define XBPF_ARSH	0xc0
#define XBPF_END	0xd0
#define XBPF_TO_LE	0x00
#define XBPF_TO_BE	0x08

#define XBPF_JA		0x00
#define XBPF_JEQ	0x10
#define XBPF_JGT	0x20
#define XBPF_JGE	0x30
#define XBPF_JSET	0x40
#define XBPF_JNE	0x50
#define XBPF_JSGT	0x60
#define XBPF_JSGE	0x70
#define XBPF_CALL	0x80
#define XBPF_EXIT	0x90
#define XBPF_JLT	0xa0
#define XBPF_JLE	0xb0
#define XBPF_JSLT	0xc0
#define XBPF_JSLE	0xd0

/* BPF_ATOMIC imm */
#define XBPF_FETCH	0x01
#define XBPF_XCHG	(0xe0 | XBPF_FETCH)
#define XBPF_CMPXCHG	(0xf0 | XBPF_FETCH)

#define XBPF_REG_FP	10
#define XBPF_NREGS	11

/* NIC addresses */
#define XNIC_BPF_PKT_BASE	0x40000000ull
#define XNIC_BPF_CTX_BASE	0x0000000100000000ull
#define XNIC_BPF_STACK_BASE	0x0000000200000000ull
#define XNIC_BPF_MAPPTR_BASE	0x0000000300000000ull
#define XNIC_BPF_VALUE_TAG	0x0100000000000000ull
#define XNIC_BPF_VALUE_OFF	0x80000000u
#define XNIC_BPF_CTX_SIZE	24	/* struct xdp_md */

/* Frame buffer of the ingress hook: headroom, then the largest frame */
#define XNIC_BPF_PKT_BUF_SIZE	(XNIC_BPF_HEADROOM + XNIC_BUF_MAX)
#define XNIC_BPF_ETH_HLEN	14

struct xnic_bpf_map {
	uint32_t handle;
	uint32_t type;		/* XNIC_BPF_MAP_* */
	uint32_t key_size, value_size, max_entries;
	unsigned int users;	/* loaded programs that refer to it */
	size_t key_stride;	/* key bytes in an element, 8-aligned */
	size_t elem_size;	/* key_stride + value, 8-aligned */
	uint8_t *elems;		/* max_entries elements */
	/* hash maps: chains of element index + 1, 0 ends a chain */
	uint32_t nbuckets;	/* a power of two */
	uint32_t *buckets;
	uint32_t *next;		/* per element: next in chain or free list */
	uint32_t free_head;	/* index + 1 of the first free element */
	uint32_t count;		/* elements in use */
	uint32_t seed;
};

/* A decoded, checked instruction */
struct xnic_bpf_dinsn {
	uint8_t code;
	uint8_t dst;
	uint8_t src;
	int16_t off;
	int32_t imm;
	uint64_t imm64;		/* ld_imm64: the constant or map address */
};

struct xnic_bpf_prog_counters {
	uint64_t runs, pass, drop, tx, aborted, faults, insns;
};

struct xnic_bpf_prog {
	uint32_t len;		/* instructions */
	struct xnic_bpf_dinsn *insns;
	uint32_t ifindex;
	unsigned int nmaps;	/* distinct maps it refers to */
	struct xnic_bpf_map *maps[XNIC_BPF_MAX_MAPS];
	struct xnic_bpf_prog_counters stats;
};

/* The engine: the maps and each physical port's program */
struct xnic_bpf {
	struct xnic_bpf_map *maps[XNIC_BPF_MAX_MAPS];	/* by slot */
	uint32_t handle_gen;
	uint32_t entries_used;
	unsigned int maps_used;
	struct xnic_bpf_prog *progs[XNIC_MAX_PHYS_PORTS];
	uint64_t (*now_ns)(void *opaque);
	void *opaque;
	uint64_t prng;
	uint32_t insn_budget;	/* XNIC_BPF_INSN_BUDGET; tests may lower it */
	uint8_t pkt[XNIC_BPF_PKT_BUF_SIZE];	/* the ingress hook's frame */
};

/* A packet as a program sees it: offsets of @buf */
struct xnic_bpf_pkt {
	uint8_t *buf;
	uint32_t buf_size;	/* at most XNIC_BPF_PKT_BUF_SIZE */
	uint32_t data;		/* first byte of the frame */
	uint32_t data_end;	/* one past its last byte */
	uint32_t ifindex;
	uint32_t rx_queue;
};

_Static_assert(XNIC_BPF_MAX_ENTRIES <= (1u << 18),
	       "an element index fits the 18 index bits of a value address");

/* Little-endian fields of the contract, independent of the host's order */
static inline uint16_t xbpf_le16(__le16 v)
{
	const uint8_t *b = (const uint8_t *)&v;

	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t xbpf_le32(__le32 v)
{
	const uint8_t *b = (const uint8_t *)&v;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

/* Engine lifecycle; @now_ns is the clock of bpf_ktime_get_ns() */
struct xnic_bpf *xnic_bpf_new(uint64_t (*now_ns)(void *opaque), void *opaque);
void xnic_bpf_free(struct xnic_bpf *bpf);
/* Every program and map goes (device reset) */
void xnic_bpf_clear(struct xnic_bpf *bpf);

/*
 * Maps (xnic_bpf_maps.c). Each returns an XNIC_CMD_ST_* status; the key
 * and value sizes are the map's, checked by the callers.
 */
uint16_t xnic_bpf_map_create(struct xnic_bpf *bpf, uint32_t type,
			     uint32_t key_size, uint32_t value_size,
			     uint32_t max_entries, uint32_t flags,
			     uint32_t *handle);
uint16_t xnic_bpf_map_destroy(struct xnic_bpf *bpf, uint32_t handle);
struct xnic_bpf_map *xnic_bpf_map_get(struct xnic_bpf *bpf, uint32_t handle);
unsigned int xnic_bpf_map_slot(uint32_t handle);
/* The value of @key, NULL if absent; *@index is its element index */
uint8_t *xnic_bpf_map_lookup(struct xnic_bpf_map *map, const uint8_t *key,
			     uint32_t *index);
uint16_t xnic_bpf_map_update(struct xnic_bpf_map *map, const uint8_t *key,
			     const uint8_t *value, uint32_t flags);
uint16_t xnic_bpf_map_delete(struct xnic_bpf_map *map, const uint8_t *key);
/* The key after @key (NULL: the first) into @next; ENOENT at the end */
uint16_t xnic_bpf_map_get_next(struct xnic_bpf_map *map, const uint8_t *key,
			       uint8_t *next);
/* Value bytes of element @index (in use or not), NULL if out of range */
uint8_t *xnic_bpf_map_elem_value(struct xnic_bpf_map *map, uint32_t index);

/*
 * The checker (xnic_bpf_check.c): checks @cnt instructions against the
 * engine's maps and @max_insns and builds a program. On refusal returns
 * NULL with *@bad_insn (XNIC_BPF_INSN_NONE if about the whole program) and
 * @why (@why_len bytes, NUL-terminated) set; also NULL with "out of memory".
 * The program holds a reference (users) on each map it names.
 */
struct xnic_bpf_prog *xnic_bpf_prog_check(struct xnic_bpf *bpf,
					  const struct xnic_bpf_insn *insns,
					  uint32_t cnt, uint32_t max_insns,
					  uint32_t *bad_insn, char *why,
					  size_t why_len);
/* Drops the program's map references and frees it */
void xnic_bpf_prog_free(struct xnic_bpf_prog *prog);

/*
 * The interpreter (xnic_bpf_run.c): runs @prog on @pkt, which the helpers
 * may move (adjust_head/tail) within the buffer. Returns the verdict, an
 * XNIC_XDP_* value as the program returned it (unknown values included);
 * a fault returns XNIC_XDP_ABORTED with *@fault set to what went wrong
 * (else NULL). *@insns counts the instructions executed.
 */
uint32_t xnic_bpf_run(struct xnic_bpf *bpf, const struct xnic_bpf_prog *prog,
		      struct xnic_bpf_pkt *pkt, const char **fault,
		      uint64_t *insns);

#endif /* XNIC_BPF_H */
