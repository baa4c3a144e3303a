// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_core.c - lifecycle, reset, the BAR0 register file and the deferred
 * work loop of the xnic core.
 */
#include <stdlib.h>

#include "xnic_core_priv.h"

int xnic_core_config_check(const struct xnic_core_config *cfg,
			   const char **why)
{
	const char *reason = NULL;

	if (cfg->num_ports < 1 || cfg->num_ports > XNIC_MAX_PHYS_PORTS)
		reason = "ports must be 1 or 2";
	else if (cfg->max_qps < 1 || cfg->max_qps > XNIC_MAX_QPS)
		reason = "queues must be between 1 and 64";
	else if (cfg->mac[0] & 0x01)
		reason = "the MAC address must be unicast";
	else if (cfg->mac[5] > 0xff - (cfg->num_ports - 1))
		reason = "the last MAC byte must leave room for one address per port";
	if (why)
		*why = reason;
	return reason ? -1 : 0;
}

unsigned int xnic_core_num_vectors(const struct xnic_core_config *cfg)
{
	return 1 + cfg->max_qps;
}

struct xnic_core *xnic_core_new(const struct xnic_core_config *cfg,
				const struct xnic_core_ops *ops, void *opaque)
{
	struct xnic_core *core;

	if (xnic_core_config_check(cfg, NULL))
		return NULL;
	core = calloc(1, sizeof(*core));
	if (!core)
		return NULL;
	core->cfg = *cfg;
	core->ops = ops;
	core->opaque = opaque;
	xnic_core_reset(core);
	return core;
}

void xnic_core_free(struct xnic_core *core)
{
	if (!core)
		return;
	xnic_fw_staging_discard(core);
	free(core);
}

void xnic_core_reset(struct xnic_core *core)
{
	unsigned int p;

	xnic_fw_staging_discard(core);
	core->fw_running = false;
	memset(&core->fw, 0, sizeof(core->fw));
	memset(&core->cmdq, 0, sizeof(core->cmdq));
	memset(&core->evq, 0, sizeof(core->evq));
	core->evq_lost = 0;
	core->ev_seq = 0;
	core->scratch = 0;
	core->stat_latch = 0;
	memset(core->qps, 0, sizeof(core->qps));
	for (p = 0; p < XNIC_MAX_PHYS_PORTS; p++) {
		struct xnic_port *port = &core->ports[p];

		port->enabled = false;
		port->mtu = XNIC_MTU_DEFAULT;
		memset(port->stats, 0, sizeof(port->stats));
	}
	/*
	 * Frames held back by the host now meet a disabled port: drop them.
	 * Ask for a run even if one was pending, as a host may have cancelled
	 * its pending work when it reset the device.
	 */
	for (p = 0; p < core->cfg.num_ports; p++)
		core->rx_ready_ports |= 1u << p;
	core->work_scheduled = false;
	xnic_core_schedule(core);
	core->status = XNIC_STATUS_READY;
}

void xnic_core_schedule(struct xnic_core *core)
{
	if (core->work_scheduled)
		return;
	core->work_scheduled = true;
	core->ops->schedule(core->opaque);
}

void xnic_core_rx_ready(struct xnic_core *core, unsigned int port)
{
	core->rx_ready_ports |= 1u << port;
	xnic_core_schedule(core);
}

void xnic_core_process(struct xnic_core *core)
{
	bool more;
	unsigned int p;

	core->work_scheduled = false;
	more = xnic_cmdq_process(core);
	if (xnic_tx_process(core))
		more = true;
	for (p = 0; p < core->cfg.num_ports; p++) {
		if (core->rx_ready_ports & (1u << p)) {
			core->rx_ready_ports &= ~(1u << p);
			core->ops->rx_ready(core->opaque, p);
		}
	}
	if (more)
		xnic_core_schedule(core);
}

/* PORT_STAT_LO latches the 64-bit counter, PORT_STAT_HI returns its top */
static uint32_t xnic_port_stat_read(struct xnic_core *core, uint32_t offset)
{
	uint32_t rel = offset - XNIC_REG_PORT_STATS_BASE;
	unsigned int port = rel / XNIC_PORT_STATS_STRIDE;
	unsigned int idx = (rel % XNIC_PORT_STATS_STRIDE) / 8;

	if (port >= core->cfg.num_ports || idx >= XNIC_STAT_COUNT)
		return 0;
	if (rel % 8 == 0) {
		uint64_t v = core->ports[port].stats[idx];

		core->stat_latch = v >> 32;
		return (uint32_t)v;
	}
	return (uint32_t)core->stat_latch;
}

uint32_t xnic_core_reg_read(struct xnic_core *core, uint32_t offset)
{
	if (offset >= XNIC_REG_QP_BASE &&
	    offset < XNIC_REG_QP(core->cfg.max_qps, 0))
		return xnic_qp_reg_read(core,
					(offset - XNIC_REG_QP_BASE) / XNIC_QP_STRIDE,
					offset % XNIC_QP_STRIDE);
	if (offset >= XNIC_REG_PORT_STATS_BASE &&
	    offset < XNIC_REG_PORT_STAT_LO(XNIC_MAX_PHYS_PORTS, 0))
		return xnic_port_stat_read(core, offset);

	switch (offset) {
	case XNIC_REG_ID:
		return XNIC_ID_MAGIC;
	case XNIC_REG_HW_VERSION:
		return XNIC_HW_VERSION;
	case XNIC_REG_CTRL:
		return 0;	/* RESET self-clears: reset is synchronous */
	case XNIC_REG_STATUS:
		return core->status;
	case XNIC_REG_FUNC:
		return 0;	/* the PF */
	case XNIC_REG_MAX_QPS:
		return core->cfg.max_qps;
	case XNIC_REG_NUM_PORTS:
		return core->cfg.num_ports;
	case XNIC_REG_NUM_VECTORS:
		return xnic_core_num_vectors(&core->cfg);
	case XNIC_REG_FW_VERSION:
		return core->fw_running ? core->fw.fw_version : 0;
	case XNIC_REG_SCRATCH:
		return core->scratch;
	case XNIC_REG_CMDQ_BASE_LO:
		return (uint32_t)core->cmdq.base;
	case XNIC_REG_CMDQ_BASE_HI:
		return (uint32_t)(core->cmdq.base >> 32);
	case XNIC_REG_CMDQ_SIZE:
		return core->cmdq.size;
	case XNIC_REG_CMDQ_PROD:
		return core->cmdq.prod;
	case XNIC_REG_CMDQ_CONS:
		return core->cmdq.cons;
	case XNIC_REG_CMDQ_CTRL:
		return core->cmdq.ctrl;
	case XNIC_REG_EVQ_BASE_LO:
		return (uint32_t)core->evq.base;
	case XNIC_REG_EVQ_BASE_HI:
		return (uint32_t)(core->evq.base >> 32);
	case XNIC_REG_EVQ_SIZE:
		return core->evq.size;
	case XNIC_REG_EVQ_PROD:
		return core->evq.prod;
	case XNIC_REG_EVQ_CONS:
		return core->evq.cons;
	case XNIC_REG_EVQ_CTRL:
		return core->evq.ctrl;
	case XNIC_REG_EVQ_LOST:
		return core->evq_lost;
	default:
		return 0;
	}
}

/* Ring base and size registers change only while their queue is disabled */
static void xnic_mbox_set_base(struct xnic_mbox *q, bool hi, uint32_t val)
{
	if (q->ctrl & XNIC_QCTRL_ENABLE)
		return;
	if (hi)
		q->base = (q->base & 0xffffffffull) | ((uint64_t)val << 32);
	else
		q->base = (q->base & ~0xffffffffull) | val;
}

static void xnic_mbox_set_size(struct xnic_mbox *q, uint32_t val)
{
	if (!(q->ctrl & XNIC_QCTRL_ENABLE))
		q->size = val;
}

void xnic_core_reg_write(struct xnic_core *core, uint32_t offset,
			 uint32_t val)
{
	if (offset >= XNIC_REG_QP_BASE &&
	    offset < XNIC_REG_QP(core->cfg.max_qps, 0)) {
		xnic_qp_reg_write(core, (offset - XNIC_REG_QP_BASE) /
				  XNIC_QP_STRIDE, offset % XNIC_QP_STRIDE, val);
		return;
	}

	switch (offset) {
	case XNIC_REG_CTRL:
		if (val & XNIC_CTRL_RESET)
			xnic_core_reset(core);
		break;
	case XNIC_REG_SCRATCH:
		core->scratch = val;
		break;
	case XNIC_REG_CMDQ_BASE_LO:
	case XNIC_REG_CMDQ_BASE_HI:
		xnic_mbox_set_base(&core->cmdq,
				   offset == XNIC_REG_CMDQ_BASE_HI, val);
		break;
	case XNIC_REG_CMDQ_SIZE:
		xnic_mbox_set_size(&core->cmdq, val);
		break;
	case XNIC_REG_CMDQ_PROD:
		xnic_cmdq_doorbell(core, val);
		break;
	case XNIC_REG_CMDQ_CTRL:
		xnic_cmdq_write_ctrl(core, val);
		break;
	case XNIC_REG_EVQ_BASE_LO:
	case XNIC_REG_EVQ_BASE_HI:
		xnic_mbox_set_base(&core->evq,
				   offset == XNIC_REG_EVQ_BASE_HI, val);
		break;
	case XNIC_REG_EVQ_SIZE:
		xnic_mbox_set_size(&core->evq, val);
		break;
	case XNIC_REG_EVQ_CONS:
		xnic_evq_write_cons(core, val);
		break;
	case XNIC_REG_EVQ_CTRL:
		xnic_evq_write_ctrl(core, val);
		break;
	default:
		break;		/* read-only or unassigned: ignored */
	}
}
