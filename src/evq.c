// SPDX-License-Identifier: GPL-2.0
/*
 * evq.c - the xnic event queue: notices the device sends the driver.
 *
 * The device writes struct xnic_event entries into a DMA ring, advances
 * XNIC_REG_EVQ_PROD and raises vector 0; a work item consumes the entries
 * and writes the consumer index back to XNIC_REG_EVQ_CONS.
 *
 * Vector 0 also signals every command completion, far more often than
 * events come. The work clears each entry it consumed (no event has type
 * 0), so the interrupt handler sees from the entry at the consumer index
 * whether an event is waiting, and leaves the work and its register
 * accesses out when none is.
 */
#include <linux/dma-mapping.h>
#include <linux/workqueue.h>

#include "xnic.h"

/*
 * On a VF, a link event or XNIC_EV_VPORT_CHANGED: re-read VPORT_INFO (MAC set
 * by the administrator, link, trust). The VF has only its own port, so an
 * event naming another one (the uplink whose link it follows) still means
 * "look again".
 */
static void xnic_evq_vport(struct xnic *xnic, u16 port_id)
{
	struct xnic_port *port;

	if (!xnic->is_vf) {
		dev_dbg(xnic_dev(xnic), "ignoring vport event for port 0x%04x\n",
			port_id);
		return;
	}
	mutex_lock(&xnic->port_lock);
	port = xnic->ports[0];
	if (port && port->registered)
		xnic_vport_changed(port);
	mutex_unlock(&xnic->port_lock);
}

static void xnic_evq_link(struct xnic *xnic, u16 port_id, u32 up)
{
	u32 index = port_id & XNIC_PORT_INDEX_MASK;
	struct xnic_port *port;

	if (xnic->is_vf) {
		xnic_evq_vport(xnic, port_id);
		return;
	}

	if ((port_id & XNIC_PORT_TYPE_MASK) != XNIC_PORT_TYPE_PHYS ||
	    index >= xnic->num_ports) {
		dev_warn_ratelimited(xnic_dev(xnic),
				     "link event for unknown port 0x%04x\n",
				     port_id);
		return;
	}

	mutex_lock(&xnic->port_lock);
	port = xnic->ports[index];
	if (port && port->registered)
		xnic_port_set_link(port, up != 0);
	mutex_unlock(&xnic->port_lock);
}

static void xnic_evq_handle(struct xnic *xnic, const struct xnic_event *ev)
{
	u16 type = le16_to_cpu(ev->type);
	u16 port = le16_to_cpu(ev->port);
	u32 data = le32_to_cpu(ev->data);

	switch (type) {
	case XNIC_EV_LINK:
		xnic_evq_link(xnic, port, data);
		break;
	case XNIC_EV_VPORT_CHANGED:
		xnic_evq_vport(xnic, port);
		break;
	case XNIC_EV_FW_FAULT:
		dev_err(xnic_dev(xnic), "firmware fault, code 0x%08x (event %u)\n",
			data, le32_to_cpu(ev->seq));
		break;
	default:
		dev_dbg(xnic_dev(xnic), "ignoring event type 0x%04x\n", type);
		break;
	}
}

/* Has the device written the entry at the consumer index? */
static bool xnic_evq_pending(const struct xnic_evq *evq)
{
	u32 cons = READ_ONCE(evq->cons);

	return READ_ONCE(evq->ring[cons & (evq->size - 1)].type) != 0;
}

static void xnic_evq_work(struct work_struct *work)
{
	struct xnic_evq *evq = container_of(work, struct xnic_evq, work);
	struct xnic *xnic = container_of(evq, struct xnic, evq);
	struct xnic_event ev, *slot;
	u32 prod, lost;

	prod = xnic_rd32(xnic, XNIC_REG_EVQ_PROD);
	if (prod - evq->cons > evq->size) {
		dev_err(xnic_dev(xnic),
			"event queue producer %u out of range (consumer %u), skipping\n",
			prod, evq->cons);
		evq->cons = prod;
		memset(evq->ring, 0, evq->size * sizeof(*evq->ring));
	}

	/* readl() of the producer orders the entry reads after it */
	while (evq->cons != prod) {
		slot = &evq->ring[evq->cons & (evq->size - 1)];
		ev = *slot;
		WRITE_ONCE(slot->type, 0);
		xnic_evq_handle(xnic, &ev);
		WRITE_ONCE(evq->cons, evq->cons + 1);
	}
	xnic_wr32(xnic, XNIC_REG_EVQ_CONS, evq->cons);
	/* an event posted after the producer read may have found the
	 * interrupt handler looking at the slot just cleared
	 */
	if (xnic_evq_pending(evq))
		schedule_work(&evq->work);

	lost = xnic_rd32(xnic, XNIC_REG_EVQ_LOST);
	if (lost != evq->lost) {
		dev_warn(xnic_dev(xnic), "%u device events lost (ring full)\n",
			 lost - evq->lost);
		evq->lost = lost;
	}
}

/**
 * xnic_evq_irq() - vector 0 fired: schedule event processing
 * @xnic: the device
 *
 * Context: hard interrupt.
 */
void xnic_evq_irq(struct xnic *xnic)
{
	if (xnic_evq_pending(&xnic->evq))
		schedule_work(&xnic->evq.work);
}

/**
 * xnic_evq_init() - allocate the event ring and program its registers
 * @xnic: the device, freshly reset
 *
 * Return: 0 or -ENOMEM.
 */
int xnic_evq_init(struct xnic *xnic)
{
	struct xnic_evq *evq = &xnic->evq;

	INIT_WORK(&evq->work, xnic_evq_work);
	evq->size = XNIC_EVQ_ENTRIES;
	evq->cons = 0;
	evq->lost = 0;
	evq->ring = dma_alloc_coherent(xnic_dev(xnic),
				       evq->size * sizeof(*evq->ring),
				       &evq->dma, GFP_KERNEL);
	if (!evq->ring)
		return -ENOMEM;

	xnic_wr32(xnic, XNIC_REG_EVQ_CTRL, 0);
	xnic_wr32(xnic, XNIC_REG_EVQ_BASE_LO, lower_32_bits(evq->dma));
	xnic_wr32(xnic, XNIC_REG_EVQ_BASE_HI, upper_32_bits(evq->dma));
	xnic_wr32(xnic, XNIC_REG_EVQ_SIZE, evq->size);
	xnic_wr32(xnic, XNIC_REG_EVQ_CONS, 0);
	return 0;
}

/**
 * xnic_evq_start() - enable event delivery
 * @xnic: the device; vector 0 must be requested
 */
void xnic_evq_start(struct xnic *xnic)
{
	/* enabling starts the ring at index 0 with no events lost */
	xnic->evq.cons = 0;
	xnic->evq.lost = 0;
	xnic_wr32(xnic, XNIC_REG_EVQ_CTRL,
		  XNIC_QCTRL_ENABLE | XNIC_QCTRL_IRQ_EN);
}

/**
 * xnic_evq_stop() - disable event delivery and wait for the event work
 * @xnic: the device; vector 0 must be freed so the work is not rescheduled
 */
void xnic_evq_stop(struct xnic *xnic)
{
	xnic_wr32(xnic, XNIC_REG_EVQ_CTRL, 0);
	cancel_work_sync(&xnic->evq.work);
}

/**
 * xnic_evq_free() - free the event ring
 * @xnic: the device; xnic_evq_stop() done and the device reset (or bus
 *        mastering disabled)
 */
void xnic_evq_free(struct xnic *xnic)
{
	struct xnic_evq *evq = &xnic->evq;

	if (!evq->ring)
		return;
	dma_free_coherent(xnic_dev(xnic), evq->size * sizeof(*evq->ring),
			  evq->ring, evq->dma);
	evq->ring = NULL;
}
