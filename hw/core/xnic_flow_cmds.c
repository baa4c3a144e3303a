// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_flow_cmds.c - the flower offload commands (src/xnic_hw.h, "Flower
 * offload"): FLOW_INFO, FLOW_ADD, FLOW_DEL, FLOW_STATS, FLOW_ENCAP_SET/DEL
 * and FLOW_METER_SET/DEL. PF only (the dispatch table of xnic_cmdq.c),
 * with running firmware; without XNIC_CAP_FLOWER they answer EOPNOTSUPP.
 *
 * FLOW_ADD needs the eswitch in switchdev mode (EBUSY in legacy mode). Each
 * installed rule holds a reference on the encap entries and meters its
 * actions name, so that FLOW_ENCAP_DEL and FLOW_METER_DEL answer EBUSY while
 * a rule uses the entry; FLOW_ENCAP_SET/FLOW_METER_SET may update an entry
 * in use (the rules see the new values at once). Every rule counts in the
 * eswitch's rule count (xnic_esw_rule_added), which holds the mode.
 */
#include "xnic_flow.h"

/* Entries FLOW_STATS gathers per DMA write */
#define XNIC_FLOW_STATS_BATCH	64

static bool xnic_flow_zero(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

/* Take (@delta 1) or drop (-1) the references of a rule's actions */
static void xnic_flow_rule_refs(struct xnic_flow *fl,
				const struct xnic_flow_action *acts,
				unsigned int n, int delta)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		uint16_t type = xnic_le16(acts[i].type);
		uint32_t id = xnic_le32(acts[i].ref.id);

		if (type == XNIC_FLOW_ACT_ENCAP)
			fl->encaps[id].refs += (uint32_t)delta;
		else if (type == XNIC_FLOW_ACT_POLICE)
			fl->meters[id].refs += (uint32_t)delta;
	}
}

uint16_t xnic_cmd_flow_info(struct xnic_core *core, struct xnic_cmd_ctx *ctx)
{
	struct xnic_flow_table_usage u;
	struct xnic_flow_info_resp r;
	struct xnic_flow *fl;

	fl = core->flow;
	if (!fl)
		return XNIC_CMD_ST_EOPNOTSUPP;
	if (ctx->in_len || ctx->buf_len)
		return XNIC_CMD_ST_EINVAL;
	xnic_flow_table_usage(fl->table, &u);
	memset(&r, 0, sizeof(r));
	r.max_rules = xnic_cpu_to_le32(core->fw.max_flows);
	r.num_rules = xnic_cpu_to_le32(u.rules);
	r.max_masks = xnic_cpu_to_le32(XNIC_FLOW_MAX_MASKS);
	r.num_masks = xnic_cpu_to_le32(u.masks);
	r.max_encaps = xnic_cpu_to_le32(XNIC_FLOW_MAX_ENCAPS);
	r.max_meters = xnic_cpu_to_le32(XNIC_FLOW_MAX_METERS);
	r.max_actions = xnic_cpu_to_le32(XNIC_FLOW_MAX_ACTIONS);
	r.max_chain = xnic_cpu_to_le32(XNIC_FLOW_MAX_CHAIN);
	return xnic_cmd_reply(ctx, &r, sizeof(r));
}

uint16_t xnic_cmd_flow_add(struct xnic_core *core, struct xnic_cmd_ctx *ctx)
{
	const struct xnic_flow_action *acts;
	struct xnic_flow_rule rule;
	struct xnic_flow_entry *e;
	struct xnic_flow *fl;
	unsigned int n;
	uint16_t st;

	fl = core->flow;
	if (!fl)
		return XNIC_CMD_ST_EOPNOTSUPP;
	if (ctx->in_len || ctx->buf_len != sizeof(rule))
		return XNIC_CMD_ST_EINVAL;
	if (!xnic_esw_is_switchdev(core))
		return XNIC_CMD_ST_EBUSY;
	if (xnic_dma_read(ctx->fn, ctx->buf_addr, &rule, sizeof(rule)))
		return XNIC_CMD_ST_EIO;
	st = xnic_flow_table_add(fl->table, &rule);
	if (st != XNIC_CMD_ST_OK)
		return st;
	e = xnic_flow_table_find(fl->table, xnic_le64(rule.handle));
	acts = xnic_flow_entry_actions(e, &n);
	xnic_flow_rule_refs(fl, acts, n, 1);
	xnic_esw_rule_added(core);
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_flow_del(struct xnic_core *core, struct xnic_cmd_ctx *ctx)
{
	const struct xnic_flow_action *acts;
	struct xnic_flow_handle_req req;
	struct xnic_flow_entry *e;
	struct xnic_flow *fl;
	unsigned int n;

	fl = core->flow;
	if (!fl)
		return XNIC_CMD_ST_EOPNOTSUPP;
	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)))
		return XNIC_CMD_ST_EINVAL;
	e = xnic_flow_table_find(fl->table, xnic_le64(req.handle));
	if (!e)
		return XNIC_CMD_ST_ENOENT;
	acts = xnic_flow_entry_actions(e, &n);
	xnic_flow_rule_refs(fl, acts, n, -1);
	xnic_flow_table_del(fl->table, xnic_le64(req.handle));
	xnic_esw_rule_removed(core);
	return XNIC_CMD_ST_OK;
}

/*
 * The counters of the rules from req.from on, as many as the buffer holds
 * (a multiple of struct xnic_flow_stats, at least one), gathered and written
 * a batch at a time
 */
uint16_t xnic_cmd_flow_stats(struct xnic_core *core, struct xnic_cmd_ctx *ctx)
{
	struct xnic_flow_stats batch[XNIC_FLOW_STATS_BATCH];
	struct xnic_flow_stats_resp r;
	struct xnic_flow_stats_req req;
	uint64_t from, now, next = 0;
	uint32_t room, count = 0;
	struct xnic_flow *fl;
	bool more = false;

	fl = core->flow;
	if (!fl)
		return XNIC_CMD_ST_EOPNOTSUPP;
	if (ctx->in_len != sizeof(req) ||
	    ctx->buf_len < sizeof(struct xnic_flow_stats) ||
	    ctx->buf_len % sizeof(struct xnic_flow_stats))
		return XNIC_CMD_ST_EINVAL;
	memcpy(&req, ctx->in, sizeof(req));
	from = xnic_le64(req.from);
	now = core->ops->now_ns(core->opaque);
	room = ctx->buf_len / sizeof(struct xnic_flow_stats);
	do {
		uint32_t want = room - count, got;

		if (want > XNIC_FLOW_STATS_BATCH)
			want = XNIC_FLOW_STATS_BATCH;
		got = xnic_flow_table_stats(fl->table, from, now, batch, want,
					    &more, &next);
		if (got && xnic_dma_write(ctx->fn, ctx->buf_addr +
					  (uint64_t)count * sizeof(batch[0]),
					  batch, got * sizeof(batch[0])))
			return XNIC_CMD_ST_EIO;
		count += got;
		from = next;
	} while (more && count < room);
	memset(&r, 0, sizeof(r));
	r.count = xnic_cpu_to_le32(count);
	r.more = xnic_cpu_to_le32(more);
	r.next = xnic_cpu_to_le64(more ? next : 0);
	return xnic_cmd_reply(ctx, &r, sizeof(r));
}

static bool xnic_flow_encap_ok(const struct xnic_flow_encap *e)
{
	uint16_t port = xnic_le16(e->out_port);

	if ((e->tun_type != XNIC_FLOW_TUN_VXLAN &&
	     e->tun_type != XNIC_FLOW_TUN_GENEVE) ||
	    (e->ip_ver != 4 && e->ip_ver != 6) ||
	    e->rsvd || !xnic_flow_zero(e->rsvd2, sizeof(e->rsvd2)) ||
	    port != XNIC_PORT_PHYS(0) || !e->dport ||
	    xnic_mac_is_multicast(e->eth_src))
		return false;
	/* the VNI is 24 bits, in the low bits of the big-endian word */
	if (((const uint8_t *)&e->vni)[0])
		return false;
	if (e->ip_ver == 4 &&
	    !xnic_flow_zero(&e->src[1], 3 * sizeof(e->src[0])))
		return false;
	return e->ip_ver == 6 ||
	       xnic_flow_zero(&e->dst[1], 3 * sizeof(e->dst[0]));
}

uint16_t xnic_cmd_flow_encap_set(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx)
{
	struct xnic_flow_encap req;
	struct xnic_flow *fl;
	uint32_t id;

	fl = core->flow;
	if (!fl)
		return XNIC_CMD_ST_EOPNOTSUPP;
	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)) ||
	    !xnic_flow_encap_ok(&req))
		return XNIC_CMD_ST_EINVAL;
	id = xnic_le32(req.id);
	if (id >= XNIC_FLOW_MAX_ENCAPS)
		return XNIC_CMD_ST_EINVAL;
	fl->encaps[id].e = req;
	fl->encaps[id].set = true;
	return XNIC_CMD_ST_OK;
}

/*
 * The request of ENCAP_DEL and METER_DEL: an id below @max. Returns OK
 * with *@id set, or the status to answer.
 */
static uint16_t xnic_flow_take_id(struct xnic_core *core,
				  struct xnic_cmd_ctx *ctx, uint32_t max,
				  uint32_t *id)
{
	struct xnic_flow_id_req req;

	if (!core->flow)
		return XNIC_CMD_ST_EOPNOTSUPP;
	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)) || req.rsvd)
		return XNIC_CMD_ST_EINVAL;
	*id = xnic_le32(req.id);
	return *id < max ? XNIC_CMD_ST_OK : XNIC_CMD_ST_EINVAL;
}

uint16_t xnic_cmd_flow_encap_del(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx)
{
	struct xnic_flow *fl = core->flow;
	uint32_t id;
	uint16_t st;

	st = xnic_flow_take_id(core, ctx, XNIC_FLOW_MAX_ENCAPS, &id);
	if (st != XNIC_CMD_ST_OK)
		return st;
	if (!fl->encaps[id].set)
		return XNIC_CMD_ST_ENOENT;
	if (fl->encaps[id].refs)
		return XNIC_CMD_ST_EBUSY;
	memset(&fl->encaps[id], 0, sizeof(fl->encaps[id]));
	return XNIC_CMD_ST_OK;
}

/*
 * A new meter starts with a full bucket; an update keeps the tokens it
 * has, up to the new burst
 */
uint16_t xnic_cmd_flow_meter_set(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx)
{
	struct xnic_flow_meter_slot *m;
	struct xnic_flow_policer pol;
	struct xnic_flow_meter req;
	struct xnic_flow *fl;
	uint32_t id;

	fl = core->flow;
	if (!fl)
		return XNIC_CMD_ST_EOPNOTSUPP;
	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)))
		return XNIC_CMD_ST_EINVAL;
	id = xnic_le32(req.id);
	if (id >= XNIC_FLOW_MAX_METERS ||
	    xnic_flow_policer_set(&pol, xnic_le64(req.rate_bps),
				  xnic_le32(req.burst),
				  core->ops->now_ns(core->opaque)))
		return XNIC_CMD_ST_EINVAL;
	m = &fl->meters[id];
	if (m->set && m->pol.tokens < pol.tokens)
		pol.tokens = m->pol.tokens;
	m->pol = pol;
	m->set = true;
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_flow_meter_del(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx)
{
	struct xnic_flow *fl = core->flow;
	uint32_t id;
	uint16_t st;

	st = xnic_flow_take_id(core, ctx, XNIC_FLOW_MAX_METERS, &id);
	if (st != XNIC_CMD_ST_OK)
		return st;
	if (!fl->meters[id].set)
		return XNIC_CMD_ST_ENOENT;
	if (fl->meters[id].refs)
		return XNIC_CMD_ST_EBUSY;
	memset(&fl->meters[id], 0, sizeof(fl->meters[id]));
	return XNIC_CMD_ST_OK;
}
