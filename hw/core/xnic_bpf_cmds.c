// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_bpf_cmds.c - the eBPF offload commands (src/xnic_hw.h, "eBPF
 * offload"): BPF_INFO, MAP_CREATE/DESTROY/LOOKUP/UPDATE/DELETE/GET_NEXT,
 * PROG_LOAD/UNLOAD/STATS. PF only (the dispatcher refuses VFs); each needs
 * firmware with XNIC_CAP_BPF, else EOPNOTSUPP. Every request field is
 * validated; reserved fields must be zero.
 */
#include <stdio.h>
#include <stdlib.h>

#include "xnic_core_priv.h"
#include "xnic_bpf.h"

static uint16_t xnic_bpf_cmd_ok(struct xnic_core *core)
{
	if (!(core->fw.caps & XNIC_CAP_BPF) || !core->bpf)
		return XNIC_CMD_ST_EOPNOTSUPP;
	return XNIC_CMD_ST_OK;
}

static const unsigned int xnic_bpf_helpers[] = {
	XNIC_BPF_FUNC_MAP_LOOKUP_ELEM, XNIC_BPF_FUNC_MAP_UPDATE_ELEM,
	XNIC_BPF_FUNC_MAP_DELETE_ELEM, XNIC_BPF_FUNC_KTIME_GET_NS,
	XNIC_BPF_FUNC_GET_PRANDOM_U32, XNIC_BPF_FUNC_XDP_ADJUST_HEAD,
	XNIC_BPF_FUNC_XDP_ADJUST_TAIL,
};

uint16_t xnic_cmd_bpf_info(struct xnic_core *core, struct xnic_cmd_ctx *ctx)
{
	struct xnic_bpf_info_resp r;
	uint64_t helpers[2] = { 0, 0 };
	uint16_t st = xnic_bpf_cmd_ok(core);
	size_t i;

	if (st)
		return st;
	if (ctx->in_len || ctx->buf_len)
		return XNIC_CMD_ST_EINVAL;
	memset(&r, 0, sizeof(r));
	r.max_insns = xnic_cpu_to_le32(core->fw.max_bpf_insns);
	r.max_maps = xnic_cpu_to_le32(XNIC_BPF_MAX_MAPS);
	r.max_entries = xnic_cpu_to_le32(XNIC_BPF_MAX_ENTRIES);
	r.entries_used = xnic_cpu_to_le32(core->bpf->entries_used);
	r.maps_used = xnic_cpu_to_le32(core->bpf->maps_used);
	r.max_key_size = xnic_cpu_to_le16(XNIC_BPF_MAX_KEY_SIZE);
	r.max_value_size = xnic_cpu_to_le16(XNIC_BPF_MAX_VALUE_SIZE);
	r.stack_size = xnic_cpu_to_le16(XNIC_BPF_STACK_SIZE);
	r.max_call_depth = xnic_cpu_to_le16(XNIC_BPF_MAX_CALL_DEPTH);
	r.insn_budget = xnic_cpu_to_le32(XNIC_BPF_INSN_BUDGET);
	r.headroom = xnic_cpu_to_le32(XNIC_BPF_HEADROOM);
	r.map_types = xnic_cpu_to_le32(1u << XNIC_BPF_MAP_HASH |
				       1u << XNIC_BPF_MAP_ARRAY);
	for (i = 0; i < sizeof(xnic_bpf_helpers) / sizeof(xnic_bpf_helpers[0]);
	     i++)
		helpers[xnic_bpf_helpers[i] / 64] |=
			1ull << (xnic_bpf_helpers[i] % 64);
	r.helpers[0] = xnic_cpu_to_le64(helpers[0]);
	r.helpers[1] = xnic_cpu_to_le64(helpers[1]);
	return xnic_cmd_reply(ctx, &r, sizeof(r));
}

uint16_t xnic_cmd_bpf_map_create(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx)
{
	struct xnic_bpf_map_create_req req;
	struct xnic_bpf_map_handle r;
	uint16_t st = xnic_bpf_cmd_ok(core);
	uint32_t handle;

	if (st)
		return st;
	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)))
		return XNIC_CMD_ST_EINVAL;
	if (req.rsvd)
		return XNIC_CMD_ST_EINVAL;
	st = xnic_bpf_map_create(core->bpf, xnic_le32(req.type),
				 xnic_le32(req.key_size),
				 xnic_le32(req.value_size),
				 xnic_le32(req.max_entries),
				 xnic_le32(req.flags), &handle);
	if (st)
		return st;
	memset(&r, 0, sizeof(r));
	r.handle = xnic_cpu_to_le32(handle);
	return xnic_cmd_reply(ctx, &r, sizeof(r));
}

uint16_t xnic_cmd_bpf_map_destroy(struct xnic_core *core,
				  struct xnic_cmd_ctx *ctx)
{
	struct xnic_bpf_map_handle req;
	uint16_t st = xnic_bpf_cmd_ok(core);

	if (st)
		return st;
	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)))
		return XNIC_CMD_ST_EINVAL;
	if (req.rsvd)
		return XNIC_CMD_ST_EINVAL;
	return xnic_bpf_map_destroy(core->bpf, xnic_le32(req.handle));
}

/*
 * Parses an element request: the map, its key (NULL for GET_NEXT's "first")
 * and for UPDATE the inline value (NULL: it is in the buffer)
 */
static uint16_t xnic_bpf_elem_req(struct xnic_core *core,
				  struct xnic_cmd_ctx *ctx, bool get_next,
				  struct xnic_bpf_map **mapp,
				  const uint8_t **key, const uint8_t **value,
				  uint32_t *flags)
{
	struct xnic_bpf_map_elem_req req;
	struct xnic_bpf_map *map;
	uint16_t st = xnic_bpf_cmd_ok(core);
	uint32_t klen, vlen;

	if (st)
		return st;
	if (ctx->in_len < XNIC_BPF_ELEM_HDR_LEN)
		return XNIC_CMD_ST_EINVAL;
	memset(&req, 0, sizeof(req));
	memcpy(&req, ctx->in, ctx->in_len);
	klen = xnic_le16(req.key_len);
	vlen = xnic_le16(req.value_len);
	if (req.rsvd || ctx->in_len != XNIC_BPF_ELEM_HDR_LEN + klen + vlen)
		return XNIC_CMD_ST_EINVAL;
	map = xnic_bpf_map_get(core->bpf, xnic_le32(req.handle));
	if (!map)
		return XNIC_CMD_ST_ENOENT;
	if (klen != map->key_size && !(get_next && klen == 0))
		return XNIC_CMD_ST_EINVAL;
	if (vlen && (!value || vlen != map->value_size))
		return XNIC_CMD_ST_EINVAL;
	*flags = xnic_le32(req.flags);
	*mapp = map;
	*key = klen ? ctx->in + XNIC_BPF_ELEM_HDR_LEN : NULL;
	if (value)
		*value = vlen ? ctx->in + XNIC_BPF_ELEM_HDR_LEN + klen : NULL;
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_bpf_map_lookup(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx)
{
	struct xnic_bpf_map *map;
	const uint8_t *key;
	uint32_t flags;
	uint8_t *v;
	uint16_t st;

	st = xnic_bpf_elem_req(core, ctx, false, &map, &key, NULL, &flags);
	if (st)
		return st;
	if (flags)
		return XNIC_CMD_ST_EINVAL;
	if (ctx->buf_len ? ctx->buf_len != map->value_size :
			   map->value_size > XNIC_CMD_DATA_LEN)
		return XNIC_CMD_ST_EINVAL;
	v = xnic_bpf_map_lookup(map, key, NULL);
	if (!v)
		return XNIC_CMD_ST_ENOENT;
	if (ctx->buf_len) {
		if (xnic_dma_write(ctx->fn, ctx->buf_addr, v, map->value_size))
			return XNIC_CMD_ST_EIO;
		return XNIC_CMD_ST_OK;
	}
	memcpy(ctx->out, v, map->value_size);
	ctx->out_len = (uint16_t)map->value_size;
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_bpf_map_update(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx)
{
	uint8_t value[XNIC_BPF_MAX_VALUE_SIZE];
	const uint8_t *key, *inline_value;
	struct xnic_bpf_map *map;
	uint32_t flags;
	uint16_t st;

	st = xnic_bpf_elem_req(core, ctx, false, &map, &key, &inline_value,
			       &flags);
	if (st)
		return st;
	if (inline_value ? ctx->buf_len != 0 :
			   ctx->buf_len != map->value_size)
		return XNIC_CMD_ST_EINVAL;
	if (inline_value)
		memcpy(value, inline_value, map->value_size);
	else if (xnic_dma_read(ctx->fn, ctx->buf_addr, value, map->value_size))
		return XNIC_CMD_ST_EIO;
	return xnic_bpf_map_update(map, key, value, flags);
}

/*
 * MAP_DELETE (@get_next false) and MAP_GET_NEXT: requests that name a key
 * only (GET_NEXT: or none, for the first), no flags and no buffer
 */
static uint16_t xnic_bpf_key_cmd(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx, bool get_next)
{
	struct xnic_bpf_map *map;
	const uint8_t *key;
	uint32_t flags;
	uint16_t st;

	st = xnic_bpf_elem_req(core, ctx, get_next, &map, &key, NULL, &flags);
	if (st)
		return st;
	if (flags || ctx->buf_len)
		return XNIC_CMD_ST_EINVAL;
	if (!get_next)
		return xnic_bpf_map_delete(map, key);
	st = xnic_bpf_map_get_next(map, key, ctx->out);
	if (st)
		return st;
	ctx->out_len = (uint16_t)map->key_size;
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_bpf_map_delete(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx)
{
	return xnic_bpf_key_cmd(core, ctx, false);
}

uint16_t xnic_cmd_bpf_map_get_next(struct xnic_core *core,
				   struct xnic_cmd_ctx *ctx)
{
	return xnic_bpf_key_cmd(core, ctx, true);
}

/* Parses a struct xnic_bpf_prog_req; the port index or -1 */
static int xnic_bpf_prog_port(struct xnic_core *core, struct xnic_cmd_ctx *ctx)
{
	struct xnic_bpf_prog_req req;
	unsigned int port;

	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)))
		return -1;
	port = xnic_le16(req.port);
	if (req.rsvd[0] || req.rsvd[1] || req.rsvd[2] ||
	    port >= core->cfg.num_ports)
		return -1;
	return (int)port;
}

static uint16_t xnic_bpf_refuse(struct xnic_cmd_ctx *ctx, uint32_t insn,
				const char *why)
{
	struct xnic_bpf_prog_load_resp r;

	memset(&r, 0, sizeof(r));
	r.insn = xnic_cpu_to_le32(insn);
	snprintf(r.msg, sizeof(r.msg), "%s", why);
	memcpy(ctx->out, &r, sizeof(r));
	ctx->out_len = sizeof(r);
	return XNIC_CMD_ST_EBADPROG;
}

uint16_t xnic_cmd_bpf_prog_load(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx)
{
	struct xnic_bpf_prog_load_req req;
	struct xnic_bpf_insn *insns;
	struct xnic_bpf_prog *prog;
	char why[XNIC_BPF_MSG_LEN];
	uint32_t cnt, max, bad;
	unsigned int port;
	uint16_t flags, st = xnic_bpf_cmd_ok(core);

	if (st)
		return st;
	if (ctx->in_len != sizeof(req))
		return XNIC_CMD_ST_EINVAL;
	memcpy(&req, ctx->in, sizeof(req));
	port = xnic_le16(req.port);
	flags = xnic_le16(req.flags);
	cnt = xnic_le32(req.insn_cnt);
	if (req.rsvd || port >= core->cfg.num_ports ||
	    (flags & ~XNIC_BPF_LOAD_F_REPLACE) ||
	    (uint64_t)cnt * sizeof(*insns) != ctx->buf_len)
		return XNIC_CMD_ST_EINVAL;
	if (core->bpf->progs[port] && !(flags & XNIC_BPF_LOAD_F_REPLACE))
		return XNIC_CMD_ST_EBUSY;
	max = core->fw.max_bpf_insns;
	if (!cnt || cnt > max) {
		snprintf(why, sizeof(why),
			 "program has %u instructions, the NIC runs 1 to %u",
			 cnt, max);
		return xnic_bpf_refuse(ctx, XNIC_BPF_INSN_NONE, why);
	}
	insns = malloc(ctx->buf_len);
	if (!insns)
		return XNIC_CMD_ST_ENOSPC;
	if (xnic_dma_read(ctx->fn, ctx->buf_addr, insns, ctx->buf_len)) {
		free(insns);
		return XNIC_CMD_ST_EIO;
	}
	prog = xnic_bpf_prog_check(core->bpf, insns, cnt, max, &bad, why,
				   sizeof(why));
	free(insns);
	if (!prog)
		return xnic_bpf_refuse(ctx, bad, why);
	prog->ifindex = xnic_le32(req.ifindex);
	xnic_bpf_prog_free(core->bpf->progs[port]);
	core->bpf->progs[port] = prog;
	/* a program drops and bounces without RX buffers: take frames again */
	xnic_core_rx_ready(core, port);
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_bpf_prog_unload(struct xnic_core *core,
				  struct xnic_cmd_ctx *ctx)
{
	uint16_t st = xnic_bpf_cmd_ok(core);
	int port;

	if (st)
		return st;
	port = xnic_bpf_prog_port(core, ctx);
	if (port < 0)
		return XNIC_CMD_ST_EINVAL;
	if (!core->bpf->progs[port])
		return XNIC_CMD_ST_ENOENT;
	xnic_bpf_prog_free(core->bpf->progs[port]);
	core->bpf->progs[port] = NULL;
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_bpf_prog_stats(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx)
{
	struct xnic_bpf_prog_stats r;
	const struct xnic_bpf_prog *prog;
	uint16_t st = xnic_bpf_cmd_ok(core);
	int port;

	if (st)
		return st;
	port = xnic_bpf_prog_port(core, ctx);
	if (port < 0)
		return XNIC_CMD_ST_EINVAL;
	prog = core->bpf->progs[port];
	if (!prog)
		return XNIC_CMD_ST_ENOENT;
	memset(&r, 0, sizeof(r));
	r.runs = xnic_cpu_to_le64(prog->stats.runs);
	r.pass = xnic_cpu_to_le64(prog->stats.pass);
	r.drop = xnic_cpu_to_le64(prog->stats.drop);
	r.tx = xnic_cpu_to_le64(prog->stats.tx);
	r.aborted = xnic_cpu_to_le64(prog->stats.aborted);
	r.faults = xnic_cpu_to_le64(prog->stats.faults);
	r.insns = xnic_cpu_to_le64(prog->stats.insns);
	r.insn_cnt = xnic_cpu_to_le32(prog->len);
	return xnic_cmd_reply(ctx, &r, sizeof(r));
}
