// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_evq.c - the event queue of a function: device-to-driver notices (link
 * changes, VF configuration changes) in a DMA ring of struct xnic_event. EVQ_PROD is the device's free-running
 * producer index, EVQ_CONS the driver's. An event that finds the ring full,
 * or whose slot cannot be written, is dropped and counted in EVQ_LOST. Each
 * posted event raises vector 0 if EVQ_CTRL.IRQ_EN is set.
 */
#include "xnic_core_priv.h"

void xnic_evq_post(struct xnic_func *fn, uint16_t type, uint16_t port,
		   uint32_t data)
{
	struct xnic_mbox *q = &fn->evq;
	struct xnic_event ev;
	uint64_t addr;

	if (!(q->ctrl & XNIC_QCTRL_ENABLE))
		return;
	if (q->prod - q->cons >= q->size) {
		fn->evq_lost++;
		return;
	}
	memset(&ev, 0, sizeof(ev));
	ev.type = xnic_cpu_to_le16(type);
	ev.port = xnic_cpu_to_le16(port);
	ev.data = xnic_cpu_to_le32(data);
	ev.seq = xnic_cpu_to_le32(fn->ev_seq++);
	addr = q->base + (uint64_t)(q->prod & (q->size - 1)) * sizeof(ev);
	if (xnic_dma_write(fn, addr, &ev, sizeof(ev))) {
		fn->evq_lost++;
		return;
	}
	q->prod++;
	if (q->ctrl & XNIC_QCTRL_IRQ_EN)
		xnic_func_irq(fn, XNIC_VEC_CMD);
}

/* The driver's consumer index may not pass the producer */
void xnic_evq_write_cons(struct xnic_func *fn, uint32_t cons)
{
	struct xnic_mbox *q = &fn->evq;

	if (!(q->ctrl & XNIC_QCTRL_ENABLE) || q->prod - cons > q->size)
		return;
	q->cons = cons;
}

/* As for the command queue: ENABLE sticks only with a valid EVQ_SIZE */
void xnic_evq_write_ctrl(struct xnic_func *fn, uint32_t val)
{
	struct xnic_mbox *q = &fn->evq;
	bool was_on = q->ctrl & XNIC_QCTRL_ENABLE;

	val &= XNIC_QCTRL_ENABLE | XNIC_QCTRL_IRQ_EN;
	if ((val & XNIC_QCTRL_ENABLE) && !was_on) {
		if (!xnic_is_pow2(q->size) || q->size < 2 ||
		    q->size > XNIC_EVQ_MAX_ENTRIES)
			val &= ~XNIC_QCTRL_ENABLE;
		q->prod = 0;
		q->cons = 0;
		fn->evq_lost = 0;
	}
	q->ctrl = val;
}

void xnic_core_set_link(struct xnic_core *core, unsigned int port, bool up)
{
	if (port >= core->cfg.num_ports || core->ports[port].link_up == up)
		return;
	core->ports[port].link_up = up;
	xnic_evq_post(&core->pf, XNIC_EV_LINK, XNIC_PORT_PHYS(port), up ? 1 : 0);
	/* VFs whose link follows the uplink's */
	xnic_vports_link_update(core);
}
