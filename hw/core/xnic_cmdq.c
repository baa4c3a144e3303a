// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_cmdq.c - the command queue (firmware mailbox): a DMA ring of struct
 * xnic_cmd that the driver fills and rings with CMDQ_PROD. The device
 * executes the commands in order, several per doorbell, writes each back in
 * place with its status, response and XNIC_CMD_F_DONE, advances CMDQ_CONS
 * and raises vector 0 once per batch if CMDQ_CTRL.IRQ_EN is set and some
 * command of the batch lacked XNIC_CMD_F_NO_IRQ.
 *
 * If the ring itself cannot be read or written (a bad CMDQ_BASE), the device
 * cannot report per command, so it stops: CMDQ_CTRL.ENABLE reads back 0.
 *
 * Every function has its own command queue. A VF may send only the
 * commands marked for VFs below (anything else answers EPERM), and only
 * while the PF's firmware runs (else ENOFW); its commands act on its own
 * queues and vport and DMA through the VF alone.
 */
#include "xnic_core_priv.h"

typedef uint16_t (*xnic_cmd_handler)(struct xnic_core *core,
				     struct xnic_cmd_ctx *ctx);

struct xnic_cmd_desc {
	uint16_t opcode;
	bool needs_fw;
	bool vf_ok;		/* a VF may send it */
	xnic_cmd_handler handler;
};

static uint16_t xnic_cmd_nop(struct xnic_core *core, struct xnic_cmd_ctx *ctx)
{
	(void)core;
	if (ctx->in_len || ctx->buf_len)
		return XNIC_CMD_ST_EINVAL;
	return XNIC_CMD_ST_OK;
}

static uint16_t xnic_cmd_get_info(struct xnic_core *core,
				  struct xnic_cmd_ctx *ctx)
{
	struct xnic_func *fn = ctx->fn;
	struct xnic_cmd_info_resp r;

	if (ctx->in_len || ctx->buf_len)
		return XNIC_CMD_ST_EINVAL;
	memset(&r, 0, sizeof(r));
	if (core->fw_running) {
		r.fw_version = xnic_cpu_to_le32(core->fw.fw_version);
		r.caps = xnic_cpu_to_le32(core->fw.caps);
		r.max_flows = xnic_cpu_to_le32(core->fw.max_flows);
		r.max_bpf_insns = xnic_cpu_to_le32(core->fw.max_bpf_insns);
		memcpy(r.fw_name, core->fw.name, sizeof(r.fw_name) - 1);
	}
	r.num_ports = xnic_cpu_to_le16((uint16_t)core->cfg.num_ports);
	r.max_qps = xnic_cpu_to_le16((uint16_t)fn->max_qps);
	r.num_vectors = xnic_cpu_to_le16((uint16_t)fn->num_vectors);
	return xnic_cmd_reply(ctx, &r, sizeof(r));
}

static const struct xnic_cmd_desc xnic_cmds[] = {
	{ XNIC_CMD_NOP,			false,	true,	xnic_cmd_nop },
	{ XNIC_CMD_GET_INFO,		false,	true,	xnic_cmd_get_info },
	{ XNIC_CMD_FW_LOAD_CHUNK,	false,	false,	xnic_cmd_fw_load_chunk },
	{ XNIC_CMD_FW_LOAD_COMMIT,	false,	false,	xnic_cmd_fw_load_commit },
	{ XNIC_CMD_FW_LOAD_ABORT,	false,	false,	xnic_cmd_fw_load_abort },
	{ XNIC_CMD_PORT_INFO,		true,	false,	xnic_cmd_port_info },
	{ XNIC_CMD_PORT_ENABLE,		true,	false,	xnic_cmd_port_enable },
	{ XNIC_CMD_PORT_SET_MTU,	true,	false,	xnic_cmd_port_set_mtu },
	{ XNIC_CMD_PORT_STATS,		true,	false,	xnic_cmd_port_stats },
	{ XNIC_CMD_QUEUE_CREATE,	true,	true,	xnic_cmd_queue_create },
	{ XNIC_CMD_QUEUE_DESTROY,	true,	true,	xnic_cmd_queue_destroy },
	{ XNIC_CMD_VF_SET_CONFIG,	true,	false,	xnic_cmd_vf_set_config },
	{ XNIC_CMD_VF_GET_CONFIG,	true,	false,	xnic_cmd_vf_get_config },
	{ XNIC_CMD_VF_STATS,		true,	false,	xnic_cmd_vf_stats },
	{ XNIC_CMD_VPORT_INFO,		true,	true,	xnic_cmd_vport_info },
	{ XNIC_CMD_VPORT_SET_MAC,	true,	true,	xnic_cmd_vport_set_mac },
	{ XNIC_CMD_VPORT_SET_RX_MODE,	true,	true,	xnic_cmd_vport_set_rx_mode },
	{ XNIC_CMD_ESW_GET_MODE,	true,	false,	xnic_cmd_esw_get_mode },
	{ XNIC_CMD_ESW_SET_MODE,	true,	false,	xnic_cmd_esw_set_mode },
	{ XNIC_CMD_FLOW_INFO,		true,	false,	xnic_cmd_flow_info },
	{ XNIC_CMD_FLOW_ADD,		true,	false,	xnic_cmd_flow_add },
	{ XNIC_CMD_FLOW_DEL,		true,	false,	xnic_cmd_flow_del },
	{ XNIC_CMD_FLOW_STATS,		true,	false,	xnic_cmd_flow_stats },
	{ XNIC_CMD_FLOW_ENCAP_SET,	true,	false,	xnic_cmd_flow_encap_set },
	{ XNIC_CMD_FLOW_ENCAP_DEL,	true,	false,	xnic_cmd_flow_encap_del },
	{ XNIC_CMD_FLOW_METER_SET,	true,	false,	xnic_cmd_flow_meter_set },
	{ XNIC_CMD_FLOW_METER_DEL,	true,	false,	xnic_cmd_flow_meter_del },
	{ XNIC_CMD_BPF_INFO,		true,	false,	xnic_cmd_bpf_info },
	{ XNIC_CMD_BPF_MAP_CREATE,	true,	false,	xnic_cmd_bpf_map_create },
	{ XNIC_CMD_BPF_MAP_DESTROY,	true,	false,	xnic_cmd_bpf_map_destroy },
	{ XNIC_CMD_BPF_MAP_LOOKUP,	true,	false,	xnic_cmd_bpf_map_lookup },
	{ XNIC_CMD_BPF_MAP_UPDATE,	true,	false,	xnic_cmd_bpf_map_update },
	{ XNIC_CMD_BPF_MAP_DELETE,	true,	false,	xnic_cmd_bpf_map_delete },
	{ XNIC_CMD_BPF_MAP_GET_NEXT,	true,	false,	xnic_cmd_bpf_map_get_next },
	{ XNIC_CMD_BPF_PROG_LOAD,	true,	false,	xnic_cmd_bpf_prog_load },
	{ XNIC_CMD_BPF_PROG_UNLOAD,	true,	false,	xnic_cmd_bpf_prog_unload },
	{ XNIC_CMD_BPF_PROG_STATS,	true,	false,	xnic_cmd_bpf_prog_stats },
};

static uint16_t xnic_cmd_execute(struct xnic_func *fn, struct xnic_cmd *cmd,
				 uint8_t *out, uint16_t *out_len)
{
	struct xnic_core *core = fn->core;
	uint16_t opcode = xnic_le16(cmd->opcode);
	struct xnic_cmd_ctx ctx;
	uint16_t st;
	size_t i;

	for (i = 0; i < sizeof(xnic_cmds) / sizeof(xnic_cmds[0]); i++)
		if (xnic_cmds[i].opcode == opcode)
			break;
	if (i == sizeof(xnic_cmds) / sizeof(xnic_cmds[0]))
		return XNIC_CMD_ST_EOPNOTSUPP;
	if (fn->is_vf && !xnic_cmds[i].vf_ok)
		return XNIC_CMD_ST_EPERM;
	if ((xnic_cmds[i].needs_fw || fn->is_vf) && !core->fw_running)
		return XNIC_CMD_ST_ENOFW;

	ctx.fn = fn;
	ctx.in = cmd->data;
	ctx.in_len = xnic_le16(cmd->in_len);
	ctx.buf_len = xnic_le32(cmd->buf_len);
	ctx.buf_addr = xnic_le64(cmd->buf_addr);
	ctx.out = out;
	ctx.out_len = 0;
	if (ctx.in_len > XNIC_CMD_DATA_LEN)
		return XNIC_CMD_ST_EINVAL;

	st = xnic_cmds[i].handler(core, &ctx);
	/* a refused program's reason is the one response an error carries */
	*out_len = st == XNIC_CMD_ST_OK || st == XNIC_CMD_ST_EBADPROG ?
		   ctx.out_len : 0;
	return st;
}

/*
 * Runs one command in place and sets *@irq if its completion wants the
 * interrupt; returns -1 if the ring cannot be accessed
 */
static int xnic_cmdq_run_one(struct xnic_func *fn, uint64_t addr, bool *irq)
{
	uint8_t out[XNIC_CMD_DATA_LEN];
	uint16_t out_len = 0;
	struct xnic_cmd cmd;
	uint16_t st;

	if (xnic_dma_read(fn, addr, &cmd, sizeof(cmd)))
		return -1;
	if (!(xnic_le16(cmd.flags) & XNIC_CMD_F_NO_IRQ))
		*irq = true;
	memset(out, 0, sizeof(out));
	st = xnic_cmd_execute(fn, &cmd, out, &out_len);

	memcpy(cmd.data, out, sizeof(cmd.data));
	cmd.status = xnic_cpu_to_le16(st);
	cmd.out_len = xnic_cpu_to_le16(out_len);
	cmd.flags = xnic_cpu_to_le16(xnic_le16(cmd.flags) | XNIC_CMD_F_DONE);
	return xnic_dma_write(fn, addr, &cmd, sizeof(cmd));
}

/* Returns true if commands remain after this batch */
bool xnic_cmdq_process(struct xnic_func *fn)
{
	struct xnic_mbox *q = &fn->cmdq;
	unsigned int done = 0;
	bool irq = false;

	if (!(q->ctrl & XNIC_QCTRL_ENABLE))
		return false;
	while (q->cons != q->prod && done < XNIC_CMDQ_BUDGET) {
		uint64_t addr = q->base + (uint64_t)(q->cons & (q->size - 1)) *
					  sizeof(struct xnic_cmd);

		if (xnic_cmdq_run_one(fn, addr, &irq)) {
			q->ctrl &= ~XNIC_QCTRL_ENABLE;
			break;
		}
		q->cons++;
		done++;
	}
	if (irq && (q->ctrl & XNIC_QCTRL_IRQ_EN))
		xnic_func_irq(fn, XNIC_VEC_CMD);
	return (q->ctrl & XNIC_QCTRL_ENABLE) && q->cons != q->prod;
}

void xnic_cmdq_doorbell(struct xnic_func *fn, uint32_t prod)
{
	struct xnic_mbox *q = &fn->cmdq;

	/* more outstanding commands than slots is a driver bug: ignore it */
	if (!(q->ctrl & XNIC_QCTRL_ENABLE) || prod - q->cons > q->size)
		return;
	q->prod = prod;
	if (q->prod != q->cons)
		xnic_core_schedule(fn->core);
}

/*
 * Setting ENABLE starts the ring at index 0 if CMDQ_SIZE is valid; with an
 * invalid size ENABLE does not stick.
 */
void xnic_cmdq_write_ctrl(struct xnic_func *fn, uint32_t val)
{
	struct xnic_mbox *q = &fn->cmdq;
	bool was_on = q->ctrl & XNIC_QCTRL_ENABLE;

	val &= XNIC_QCTRL_ENABLE | XNIC_QCTRL_IRQ_EN;
	if ((val & XNIC_QCTRL_ENABLE) && !was_on) {
		if (!xnic_is_pow2(q->size) || q->size < 2 ||
		    q->size > XNIC_CMDQ_MAX_ENTRIES)
			val &= ~XNIC_QCTRL_ENABLE;
		q->prod = 0;
		q->cons = 0;
	}
	q->ctrl = val;
}
