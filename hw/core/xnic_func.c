// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_func.c - the PCIe functions of the NIC: the BAR0 register file each
 * of them has, function reset, and VFs coming and going (bind/unbind).
 *
 * A VF's BAR0 has the PF's layout. XNIC_REG_FUNC tells them apart, MAX_QPS
 * and NUM_VECTORS are the VF's own, STATUS shows the PF's firmware, and the
 * physical port counters read 0 (they are the PF's business). The vport
 * counters of each function are those of its own vport; the window of every
 * vport's counters (ESW_VPORT_STAT, for the representors) is the PF's, and
 * reads 0 on a VF. CTRL.RESET of a VF resets that VF only; of the PF, the
 * whole NIC.
 */
#include <stdlib.h>

#include "xnic_core_priv.h"

void xnic_func_init(struct xnic_func *fn, struct xnic_core *core,
		    void *opaque, bool is_vf, unsigned int vf)
{
	memset(fn, 0, sizeof(*fn));
	fn->core = core;
	fn->opaque = opaque;
	fn->is_vf = is_vf;
	fn->vf = vf;
	fn->max_qps = is_vf ? core->cfg.vf_qps : core->cfg.max_qps;
	fn->num_vectors = is_vf ? xnic_core_vf_num_vectors(&core->cfg) :
				  xnic_core_num_vectors(&core->cfg);
	fn->vport = is_vf ? XNIC_PORT_VF(vf) : XNIC_PORT_PF;
}

/* The function's own state back to its reset values */
void xnic_func_clear(struct xnic_func *fn)
{
	fn->scratch = 0;
	memset(&fn->cmdq, 0, sizeof(fn->cmdq));
	memset(&fn->evq, 0, sizeof(fn->evq));
	fn->evq_lost = 0;
	fn->ev_seq = 0;
	fn->stat_latch = 0;
	memset(fn->qps, 0, sizeof(fn->qps));
}

void xnic_func_reset(struct xnic_func *fn)
{
	struct xnic_vport *vp;

	if (!fn->is_vf) {
		xnic_core_reset(fn->core);
		return;
	}
	xnic_func_clear(fn);
	/* what the VF driver set goes with it; the administrator's stays */
	vp = xnic_vport_of(fn);
	vp->rx_mode = 0;
	vp->rate.held = false;
	xnic_rate_idle(&vp->rate);
}

struct xnic_func *xnic_core_vf_bind(struct xnic_core *core, unsigned int vf,
				    void *opaque)
{
	struct xnic_vport *vp;
	struct xnic_func *fn;

	if (vf >= core->cfg.total_vfs || core->vfs[vf].fn)
		return NULL;
	fn = malloc(sizeof(*fn));
	if (!fn)
		return NULL;
	xnic_func_init(fn, core, opaque, true, vf);
	vp = &core->vfs[vf];
	xnic_vport_defaults(core, vp);
	vp->fn = fn;
	return fn;
}

void xnic_core_vf_unbind(struct xnic_core *core, unsigned int vf)
{
	struct xnic_vport *vp;

	if (vf >= core->cfg.total_vfs || !core->vfs[vf].fn)
		return;
	vp = &core->vfs[vf];
	free(vp->fn);
	vp->fn = NULL;
	xnic_vport_defaults(core, vp);
}

struct xnic_func *xnic_core_func_of_vport(struct xnic_core *core,
					  uint16_t vport)
{
	unsigned int idx = vport & XNIC_PORT_INDEX_MASK;

	switch (vport & XNIC_PORT_TYPE_MASK) {
	case XNIC_PORT_TYPE_PF:
		return idx ? NULL : &core->pf;
	case XNIC_PORT_TYPE_VF:
		return idx < core->cfg.total_vfs ? core->vfs[idx].fn : NULL;
	default:
		return NULL;
	}
}

/*
 * A 64-bit counter @v read through its LO/HI pair: the LO read (@rel, the
 * offset in the window, a multiple of 8) latches the whole value and
 * returns the lower half; the HI read returns the latched upper half.
 */
static uint32_t xnic_stat_latch_read(struct xnic_func *fn, uint32_t rel,
				     uint64_t v)
{
	if (rel % 8 == 0) {
		fn->stat_latch = v >> 32;
		return (uint32_t)v;
	}
	return (uint32_t)fn->stat_latch;
}

/* PORT_STAT_LO latches the 64-bit counter, PORT_STAT_HI returns its top */
static uint32_t xnic_port_stat_read(struct xnic_func *fn, uint32_t offset)
{
	struct xnic_core *core = fn->core;
	uint32_t rel = offset - XNIC_REG_PORT_STATS_BASE;
	unsigned int port = rel / XNIC_PORT_STATS_STRIDE;
	unsigned int idx = (rel % XNIC_PORT_STATS_STRIDE) / 8;

	if (fn->is_vf || port >= core->cfg.num_ports || idx >= XNIC_STAT_COUNT)
		return 0;
	return xnic_stat_latch_read(fn, rel, core->ports[port].stats[idx]);
}

/* VPORT_STAT_LO/HI: the same latch, on the function's own vport */
static uint32_t xnic_vport_stat_read(struct xnic_func *fn, uint32_t offset)
{
	uint32_t rel = offset - XNIC_REG_VPORT_STATS_BASE;

	return xnic_stat_latch_read(fn, rel, xnic_vport_of(fn)->stats[rel / 8]);
}

/* The vport of eswitch index @v (XNIC_ESW_VPORT_*) if it exists */
static struct xnic_vport *xnic_esw_vport(struct xnic_core *core,
					 unsigned int v)
{
	if (v == XNIC_ESW_VPORT_PF)
		return &core->pf_vport;
	if (v - XNIC_ESW_VPORT_VF(0) < core->cfg.total_vfs &&
	    core->vfs[v - XNIC_ESW_VPORT_VF(0)].fn)
		return &core->vfs[v - XNIC_ESW_VPORT_VF(0)];
	return NULL;
}

/* ESW_VPORT_STAT_LO/HI(v, i): the same latch, on vport v, for the PF */
static uint32_t xnic_esw_vport_stat_read(struct xnic_func *fn,
					 uint32_t offset)
{
	uint32_t rel = offset - XNIC_REG_ESW_VPORT_STATS_BASE;
	unsigned int idx = (rel % XNIC_ESW_VPORT_STATS_STRIDE) / 8;
	struct xnic_vport *vp;

	if (fn->is_vf || idx >= XNIC_VSTAT_COUNT)
		return 0;
	vp = xnic_esw_vport(fn->core, rel / XNIC_ESW_VPORT_STATS_STRIDE);
	if (!vp)
		return 0;
	return xnic_stat_latch_read(fn, rel, vp->stats[idx]);
}

static uint32_t xnic_func_status(const struct xnic_func *fn)
{
	const struct xnic_core *core = fn->core;

	if (!fn->is_vf)
		return core->status;
	return XNIC_STATUS_READY |
	       (core->status & (XNIC_STATUS_FW_RUNNING | XNIC_STATUS_FATAL));
}

uint32_t xnic_func_reg_read(struct xnic_func *fn, uint32_t offset)
{
	struct xnic_core *core = fn->core;

	if (offset >= XNIC_REG_QP_BASE &&
	    offset < XNIC_REG_QP(fn->max_qps, 0))
		return xnic_qp_reg_read(fn,
					(offset - XNIC_REG_QP_BASE) / XNIC_QP_STRIDE,
					offset % XNIC_QP_STRIDE);
	if (offset >= XNIC_REG_PORT_STATS_BASE &&
	    offset < XNIC_REG_PORT_STAT_LO(XNIC_MAX_PHYS_PORTS, 0))
		return xnic_port_stat_read(fn, offset);
	if (offset >= XNIC_REG_VPORT_STATS_BASE &&
	    offset < XNIC_REG_VPORT_STAT_LO(XNIC_VSTAT_COUNT))
		return xnic_vport_stat_read(fn, offset);
	if (offset >= XNIC_REG_ESW_VPORT_STATS_BASE &&
	    offset < XNIC_REG_ESW_VPORT_STAT_LO(XNIC_ESW_MAX_VPORTS, 0))
		return xnic_esw_vport_stat_read(fn, offset);

	switch (offset) {
	case XNIC_REG_ID:
		return XNIC_ID_MAGIC;
	case XNIC_REG_HW_VERSION:
		return XNIC_HW_VERSION;
	case XNIC_REG_CTRL:
		return 0;	/* RESET self-clears: reset is synchronous */
	case XNIC_REG_STATUS:
		return xnic_func_status(fn);
	case XNIC_REG_FUNC:
		return fn->is_vf ? XNIC_FUNC_VF | fn->vf : 0;
	case XNIC_REG_MAX_QPS:
		return fn->max_qps;
	case XNIC_REG_NUM_PORTS:
		return core->cfg.num_ports;
	case XNIC_REG_NUM_VECTORS:
		return fn->num_vectors;
	case XNIC_REG_FW_VERSION:
		return core->fw_running ? core->fw.fw_version : 0;
	case XNIC_REG_SCRATCH:
		return fn->scratch;
	case XNIC_REG_CMDQ_BASE_LO:
		return (uint32_t)fn->cmdq.base;
	case XNIC_REG_CMDQ_BASE_HI:
		return (uint32_t)(fn->cmdq.base >> 32);
	case XNIC_REG_CMDQ_SIZE:
		return fn->cmdq.size;
	case XNIC_REG_CMDQ_PROD:
		return fn->cmdq.prod;
	case XNIC_REG_CMDQ_CONS:
		return fn->cmdq.cons;
	case XNIC_REG_CMDQ_CTRL:
		return fn->cmdq.ctrl;
	case XNIC_REG_EVQ_BASE_LO:
		return (uint32_t)fn->evq.base;
	case XNIC_REG_EVQ_BASE_HI:
		return (uint32_t)(fn->evq.base >> 32);
	case XNIC_REG_EVQ_SIZE:
		return fn->evq.size;
	case XNIC_REG_EVQ_PROD:
		return fn->evq.prod;
	case XNIC_REG_EVQ_CONS:
		return fn->evq.cons;
	case XNIC_REG_EVQ_CTRL:
		return fn->evq.ctrl;
	case XNIC_REG_EVQ_LOST:
		return fn->evq_lost;
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

void xnic_func_reg_write(struct xnic_func *fn, uint32_t offset, uint32_t val)
{
	if (offset >= XNIC_REG_QP_BASE &&
	    offset < XNIC_REG_QP(fn->max_qps, 0)) {
		xnic_qp_reg_write(fn, (offset - XNIC_REG_QP_BASE) /
				  XNIC_QP_STRIDE, offset % XNIC_QP_STRIDE, val);
		return;
	}

	switch (offset) {
	case XNIC_REG_CTRL:
		if (val & XNIC_CTRL_RESET)
			xnic_func_reset(fn);
		break;
	case XNIC_REG_SCRATCH:
		fn->scratch = val;
		break;
	case XNIC_REG_CMDQ_BASE_LO:
	case XNIC_REG_CMDQ_BASE_HI:
		xnic_mbox_set_base(&fn->cmdq,
				   offset == XNIC_REG_CMDQ_BASE_HI, val);
		break;
	case XNIC_REG_CMDQ_SIZE:
		xnic_mbox_set_size(&fn->cmdq, val);
		break;
	case XNIC_REG_CMDQ_PROD:
		xnic_cmdq_doorbell(fn, val);
		break;
	case XNIC_REG_CMDQ_CTRL:
		xnic_cmdq_write_ctrl(fn, val);
		break;
	case XNIC_REG_EVQ_BASE_LO:
	case XNIC_REG_EVQ_BASE_HI:
		xnic_mbox_set_base(&fn->evq,
				   offset == XNIC_REG_EVQ_BASE_HI, val);
		break;
	case XNIC_REG_EVQ_SIZE:
		xnic_mbox_set_size(&fn->evq, val);
		break;
	case XNIC_REG_EVQ_CONS:
		xnic_evq_write_cons(fn, val);
		break;
	case XNIC_REG_EVQ_CTRL:
		xnic_evq_write_ctrl(fn, val);
		break;
	default:
		break;		/* read-only or unassigned: ignored */
	}
}
