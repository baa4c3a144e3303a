// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_queues.c - queue pairs of a function: QUEUE_CREATE/DESTROY, the
 * doorbells, the TX rings, delivery into RX rings, and the per-queue-pair
 * interrupt.
 *
 * Rings hold struct xnic_tx_desc / xnic_rx_desc. The driver's producer index
 * (TX_PROD, RX_PROD) and the device's consumer index are free-running 16-bit
 * counters; index & (size - 1) is the slot. The device completes descriptors
 * in order, writing each back with XNIC_DESC_F_DONE and a status. A ring
 * whose descriptors cannot be read or written is marked broken and ignored
 * until it is destroyed.
 *
 * The PF's rings belong to a physical port or to the switchdev slow path
 * (XNIC_PORT_SLOWPATH). What the PF sends on port 0 without
 * XNIC_DESC_F_META enters the eswitch as the PF's vport (XNIC_PORT_PF names
 * the same rings in QUEUE_CREATE); on port 1 it goes straight to the wire;
 * on a slow-path ring it needs META. With META, from any PF ring, it goes
 * straight to the port META names: a physical port's wire, or (switchdev
 * only) the RX rings of the PF or a VF (xnic_slowpath.c). A VF's rings all
 * belong to its vport: what it sends enters the eswitch, held back while
 * its rate limit allows nothing.
 *
 * Interrupts: IRQ_ARM with bit 0 set arms vector 1 + qp for exactly one
 * interrupt, fired on the next TX or RX completion of the queue pair, or at
 * once if one happened while the vector was not armed; IRQ_ARM = 0 disarms.
 */
#include "xnic_core_priv.h"
#include "xnic_flow_hash.h"

#define XNIC_RING_LOG2_MIN	6	/* XNIC_RING_MIN */
#define XNIC_RING_LOG2_MAX	12	/* XNIC_RING_MAX */

_Static_assert((1 << XNIC_RING_LOG2_MIN) == XNIC_RING_MIN, "ring min");
_Static_assert((1 << XNIC_RING_LOG2_MAX) == XNIC_RING_MAX, "ring max");

static uint64_t xnic_ring_slot(const struct xnic_ring *r, uint16_t idx)
{
	return r->addr + (uint64_t)(idx & (r->size - 1)) * 16;
}

static bool xnic_ring_usable(const struct xnic_ring *r)
{
	return r->created && !r->broken;
}

/* A PF ring of a physical port (not of the slow path) */
static bool xnic_ring_is_phys(const struct xnic_ring *r)
{
	return r->port != XNIC_PORT_SLOWPATH;
}

/* A TX or RX completion on @qp: fire its vector if armed, else remember */
static void xnic_qp_complete(struct xnic_func *fn, unsigned int qp)
{
	struct xnic_qp *q = &fn->qps[qp];

	if (q->irq_armed) {
		q->irq_armed = false;
		q->irq_pending = false;
		xnic_func_irq(fn, XNIC_VEC_QP(qp));
	} else {
		q->irq_pending = true;
	}
}

static void xnic_irq_arm(struct xnic_func *fn, unsigned int qp, bool arm)
{
	struct xnic_qp *q = &fn->qps[qp];

	if (!arm) {
		q->irq_armed = false;
		return;
	}
	if (q->irq_pending) {
		q->irq_pending = false;
		q->irq_armed = false;
		xnic_func_irq(fn, XNIC_VEC_QP(qp));
	} else {
		q->irq_armed = true;
	}
}

/* Accepts a producer index unless it claims more descriptors than slots */
static bool xnic_ring_set_prod(struct xnic_ring *r, uint32_t val)
{
	uint16_t prod = (uint16_t)val;

	if (!xnic_ring_usable(r) || (uint16_t)(prod - r->cons) > r->size)
		return false;
	r->prod = prod;
	return true;
}

void xnic_qp_reg_write(struct xnic_func *fn, unsigned int qp,
		       unsigned int reg, uint32_t val)
{
	struct xnic_qp *q = &fn->qps[qp];

	switch (reg) {
	case XNIC_QP_TX_PROD:
		if (xnic_ring_set_prod(&q->tx, val) && q->tx.prod != q->tx.cons)
			xnic_core_schedule(fn->core);
		break;
	case XNIC_QP_RX_PROD:
		/* only the PF's port rings hold back frames from the wire */
		if (xnic_ring_set_prod(&q->rx, val) && !fn->is_vf &&
		    xnic_ring_is_phys(&q->rx))
			xnic_core_rx_ready(fn->core, q->rx.port);
		break;
	case XNIC_QP_IRQ_ARM:
		xnic_irq_arm(fn, qp, val & 1);
		break;
	default:
		break;
	}
}

uint32_t xnic_qp_reg_read(struct xnic_func *fn, unsigned int qp,
			  unsigned int reg)
{
	struct xnic_qp *q = &fn->qps[qp];

	switch (reg) {
	case XNIC_QP_TX_PROD:
		return q->tx.prod;
	case XNIC_QP_RX_PROD:
		return q->rx.prod;
	case XNIC_QP_IRQ_ARM:
		return q->irq_armed;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------------
 * QUEUE_CREATE / QUEUE_DESTROY
 */

static uint16_t xnic_queue_req(struct xnic_func *fn,
			       struct xnic_cmd_ctx *ctx,
			       struct xnic_cmd_queue_req *req,
			       struct xnic_ring **ring)
{
	unsigned int qp;

	if (!xnic_cmd_take_req(ctx, req, sizeof(*req)))
		return XNIC_CMD_ST_EINVAL;
	qp = xnic_le16(req->qp);
	if (qp >= fn->max_qps)
		return XNIC_CMD_ST_EINVAL;
	if (req->type == XNIC_QTYPE_TX)
		*ring = &fn->qps[qp].tx;
	else if (req->type == XNIC_QTYPE_RX)
		*ring = &fn->qps[qp].rx;
	else
		return XNIC_CMD_ST_EINVAL;
	return XNIC_CMD_ST_OK;
}

/*
 * A VF's queues always belong to its own vport: the port field is not
 * looked at. The PF names a physical port, XNIC_PORT_PF (its vport in the
 * eswitch: the queues of physical port 0) or XNIC_PORT_SLOWPATH.
 */
uint16_t xnic_cmd_queue_create(struct xnic_core *core,
			       struct xnic_cmd_ctx *ctx)
{
	struct xnic_func *fn = ctx->fn;
	struct xnic_cmd_queue_req req;
	struct xnic_tx_desc probe;
	struct xnic_ring *r;
	uint64_t addr;
	uint32_t size;
	uint16_t port, st;

	st = xnic_queue_req(fn, ctx, &req, &r);
	if (st != XNIC_CMD_ST_OK)
		return st;
	port = fn->is_vf ? XNIC_PORT_PHYS(0) : xnic_le16(req.port);
	if (port == XNIC_PORT_PF)
		port = XNIC_PORT_PHYS(0);
	addr = xnic_le64(req.ring_addr);
	if (req.log2_size < XNIC_RING_LOG2_MIN ||
	    req.log2_size > XNIC_RING_LOG2_MAX)
		return XNIC_CMD_ST_EINVAL;
	/* a physical port id is its index: XNIC_PORT_PHYS(n) == n */
	if (port != XNIC_PORT_SLOWPATH && port >= core->cfg.num_ports)
		return XNIC_CMD_ST_EINVAL;
	size = 1u << req.log2_size;
	if (addr % 16 || addr + (uint64_t)size * 16 < addr)
		return XNIC_CMD_ST_EINVAL;
	if (r->created)
		return XNIC_CMD_ST_EEXIST;
	/* the ring must be reachable at both ends */
	if (xnic_dma_read(fn, addr, &probe, sizeof(probe)) ||
	    xnic_dma_read(fn, addr + (uint64_t)(size - 1) * 16, &probe,
			  sizeof(probe)))
		return XNIC_CMD_ST_EIO;

	memset(r, 0, sizeof(*r));
	r->created = true;
	r->addr = addr;
	r->size = size;
	r->port = port;
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_queue_destroy(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx)
{
	struct xnic_func *fn = ctx->fn;
	struct xnic_cmd_queue_req req;
	struct xnic_ring *r;
	unsigned int qp;
	uint16_t st;

	st = xnic_queue_req(fn, ctx, &req, &r);
	if (st != XNIC_CMD_ST_OK)
		return st;
	if (!r->created)
		return XNIC_CMD_ST_ENOENT;
	if (req.type == XNIC_QTYPE_RX && !fn->is_vf && xnic_ring_is_phys(r))
		xnic_core_rx_ready(core, r->port);	/* now: drop */
	memset(r, 0, sizeof(*r));

	qp = xnic_le16(req.qp);
	if (!fn->qps[qp].tx.created && !fn->qps[qp].rx.created) {
		fn->qps[qp].irq_armed = false;
		fn->qps[qp].irq_pending = false;
	}
	return XNIC_CMD_ST_OK;
}

/* ------------------------------------------------------------------------
 * TX
 */

void xnic_port_count(struct xnic_core *core, unsigned int port,
		     enum xnic_port_stat stat, uint64_t n)
{
	core->ports[port].stats[stat] += n;
}

/*
 * A bad PF descriptor: a port error; if it was for the eswitch (not
 * direct), also a drop of the PF's vport
 */
static void xnic_pf_tx_error(struct xnic_core *core, unsigned int egress,
			     bool direct)
{
	xnic_port_count(core, egress, XNIC_STAT_TX_ERRORS, 1);
	if (!direct)
		xnic_vport_count(&core->pf_vport, XNIC_VSTAT_TX_DROPPED, 1);
}

/*
 * One descriptor of a PF ring; returns its XNIC_DESC_ST_*. Errors count
 * on the physical port the frame was for (@egress); those of a frame for a
 * vport, or refused on a slow-path ring, on port 0, the eswitch's uplink.
 */
static uint8_t xnic_pf_tx_one(struct xnic_func *fn, const struct xnic_ring *r,
			      const struct xnic_tx_desc *d)
{
	struct xnic_core *core = fn->core;
	unsigned int egress = xnic_ring_is_phys(r) ? r->port : 0;
	uint16_t len = xnic_le16(d->len);
	bool direct = egress != 0, to_vport = false;
	uint16_t meta = xnic_le16(d->meta);
	struct xnic_port *port;

	if (d->flags & XNIC_DESC_F_META) {
		if (meta < core->cfg.num_ports) {	/* XNIC_PORT_PHYS(n) */
			egress = meta;
		} else if (xnic_repr_tx_vport_ok(core, meta)) {
			egress = 0;
			to_vport = true;
		} else {
			xnic_port_count(core, egress, XNIC_STAT_TX_ERRORS, 1);
			return XNIC_DESC_ST_BAD_META;
		}
		direct = true;
	} else if (!xnic_ring_is_phys(r)) {
		xnic_port_count(core, egress, XNIC_STAT_TX_ERRORS, 1);
		return XNIC_DESC_ST_BAD_META;
	}
	port = &core->ports[egress];

	if (len < XNIC_FRAME_MIN || len > XNIC_BUF_MAX ||
	    len > port->mtu + XNIC_ETH_HLEN + XNIC_VLAN_HLEN) {
		xnic_pf_tx_error(core, egress, direct);
		return XNIC_DESC_ST_BAD_LEN;
	}
	if (direct && !to_vport && (!port->enabled || !port->link_up)) {
		xnic_port_count(core, egress, XNIC_STAT_TX_DROPPED, 1);
		return XNIC_DESC_ST_DROPPED;
	}
	if (xnic_dma_read(fn, xnic_le64(d->addr), core->tx_frame, len)) {
		xnic_pf_tx_error(core, egress, direct);
		return XNIC_DESC_ST_DMA_ERR;
	}
	if (to_vport)
		return xnic_repr_tx_vport(core, meta, core->tx_frame, len);
	if (!direct)
		return xnic_esw_vport_tx(fn, core->tx_frame, len);
	core->ops->port_tx(core->opaque, egress, core->tx_frame, len);
	xnic_port_count(core, egress, XNIC_STAT_TX_PACKETS, 1);
	xnic_port_count(core, egress, XNIC_STAT_TX_BYTES, len);
	return XNIC_DESC_ST_OK;
}

/* One descriptor of a VF ring; returns its XNIC_DESC_ST_* */
static uint8_t xnic_vf_tx_one(struct xnic_func *fn,
			      const struct xnic_tx_desc *d)
{
	struct xnic_core *core = fn->core;
	struct xnic_vport *vp = xnic_vport_of(fn);
	uint16_t len = xnic_le16(d->len);
	uint8_t st;

	if (d->flags & XNIC_DESC_F_META)
		st = XNIC_DESC_ST_BAD_META;	/* the PF's privilege */
	else if (len < XNIC_FRAME_MIN || len > XNIC_BUF_MAX ||
		 len > core->ports[0].mtu + XNIC_ETH_HLEN + XNIC_VLAN_HLEN)
		st = XNIC_DESC_ST_BAD_LEN;
	else if (xnic_dma_read(fn, xnic_le64(d->addr), core->tx_frame, len))
		st = XNIC_DESC_ST_DMA_ERR;
	else
		return xnic_esw_vport_tx(fn, core->tx_frame, len);
	xnic_vport_count(vp, XNIC_VSTAT_TX_DROPPED, 1);
	return st;
}

/*
 * A VF under a rate limit may send the frame of @d now; if not, its TX is
 * held and the timer set for when it may.
 */
static bool xnic_vf_tx_allowed(struct xnic_func *fn,
			       const struct xnic_tx_desc *d)
{
	struct xnic_core *core = fn->core;
	struct xnic_vport *vp = xnic_vport_of(fn);
	uint64_t now, wait;

	if (!vp->rate.rate_bps)
		return true;
	now = core->ops->now_ns(core->opaque);
	if (xnic_rate_may_send(&vp->rate, xnic_le16(d->len), now, &wait)) {
		vp->rate.held = false;
		return true;
	}
	if (!vp->rate.held) {
		vp->rate.held = true;
		xnic_vport_count(vp, XNIC_VSTAT_TX_RATE_LIMITED, 1);
	}
	xnic_core_timer_at(core, now + wait);
	return false;
}

/*
 * Completes up to XNIC_TX_BUDGET descriptors of the TX ring of @qp. Returns
 * true if more are posted and may go now; *@held is set when the rate
 * limiter holds the ring (the timer brings it back).
 */
static bool xnic_tx_ring(struct xnic_func *fn, unsigned int qp, bool *held)
{
	struct xnic_ring *r = &fn->qps[qp].tx;
	unsigned int done = 0;

	while (xnic_ring_usable(r) && r->cons != r->prod &&
	       done < XNIC_TX_BUDGET) {
		uint64_t slot = xnic_ring_slot(r, r->cons);
		struct xnic_tx_desc d;

		if (xnic_dma_read(fn, slot, &d, sizeof(d))) {
			r->broken = true;
			break;
		}
		if (fn->is_vf) {
			if (!xnic_vf_tx_allowed(fn, &d)) {
				*held = true;
				break;
			}
			d.status = xnic_vf_tx_one(fn, &d);
			if (d.status == XNIC_DESC_ST_OK)
				xnic_rate_charge(&xnic_vport_of(fn)->rate,
						 xnic_le16(d.len));
		} else {
			d.status = xnic_pf_tx_one(fn, r, &d);
		}
		d.flags |= XNIC_DESC_F_DONE;
		if (xnic_dma_write(fn, slot, &d, sizeof(d))) {
			r->broken = true;
			break;
		}
		r->cons++;
		done++;
	}
	if (done)
		xnic_qp_complete(fn, qp);
	return !*held && xnic_ring_usable(r) && r->cons != r->prod;
}

bool xnic_tx_process(struct xnic_func *fn)
{
	bool more = false, held = false;
	unsigned int qp;

	for (qp = 0; qp < fn->max_qps && !held; qp++)
		if (xnic_tx_ring(fn, qp, &held))
			more = true;
	if (fn->is_vf && !more && !held)
		xnic_rate_idle(&xnic_vport_of(fn)->rate);
	return more && !held;
}

/* ------------------------------------------------------------------------
 * RX
 */

static bool xnic_rx_ring_of(const struct xnic_func *fn,
			    const struct xnic_ring *r, unsigned int port)
{
	return xnic_ring_usable(r) && (fn->is_vf || r->port == port);
}

/* The RX ring of @fn (PF: of @port) that @frame goes to, or -1 if none */
static int xnic_rx_pick_qp(struct xnic_func *fn, unsigned int port,
			   const uint8_t *frame, size_t len)
{
	unsigned int qps[XNIC_MAX_QPS];
	unsigned int n = 0, qp;
	uint32_t hash;

	for (qp = 0; qp < fn->max_qps; qp++)
		if (xnic_rx_ring_of(fn, &fn->qps[qp].rx, port))
			qps[n++] = qp;
	if (!n)
		return -1;
	hash = xnic_flow_hash(frame, len);
	return (int)qps[hash % n];
}

bool xnic_func_has_rx(const struct xnic_func *fn, unsigned int port)
{
	unsigned int qp;

	for (qp = 0; qp < fn->max_qps; qp++)
		if (xnic_rx_ring_of(fn, &fn->qps[qp].rx, port))
			return true;
	return false;
}

bool xnic_core_can_receive(struct xnic_core *core, unsigned int port)
{
	struct xnic_func *pf = &core->pf;
	bool any = false;
	unsigned int qp;

	if (port >= core->cfg.num_ports || !core->ports[port].enabled ||
	    xnic_bpf_port_has_prog(core, port) ||
	    (port == 0 && xnic_esw_is_switchdev(core)))
		return true;	/* dropped, the program or the slow path */
	for (qp = 0; qp < pf->max_qps; qp++) {
		const struct xnic_ring *r = &pf->qps[qp].rx;

		if (!xnic_rx_ring_of(pf, r, port))
			continue;
		if (r->cons != r->prod)
			return true;
		any = true;
	}
	return !any;		/* no RX ring at all: accept and drop */
}

enum xnic_rx_result xnic_func_rx(struct xnic_func *fn, unsigned int port,
				 uint16_t meta, const uint8_t *frame,
				 size_t len)
{
	struct xnic_rx_desc d;
	struct xnic_ring *r;
	uint64_t slot;
	int qp;

	qp = xnic_rx_pick_qp(fn, port, frame, len);
	if (qp < 0)
		return XNIC_RX_DROPPED;
	r = &fn->qps[qp].rx;
	if (r->cons == r->prod)
		return XNIC_RX_RETRY;

	slot = xnic_ring_slot(r, r->cons);
	if (xnic_dma_read(fn, slot, &d, sizeof(d))) {
		r->broken = true;
		return XNIC_RX_DROPPED;
	}
	d.meta = xnic_cpu_to_le16(meta);
	d.flags = XNIC_DESC_F_DONE;
	if (xnic_le16(d.buf_len) < len) {
		d.status = XNIC_DESC_ST_BAD_LEN;
		d.pkt_len = 0;
	} else if (xnic_dma_write(fn, xnic_le64(d.addr), frame, len)) {
		d.status = XNIC_DESC_ST_DMA_ERR;
		d.pkt_len = 0;
	} else {
		d.status = XNIC_DESC_ST_OK;
		d.pkt_len = xnic_cpu_to_le16((uint16_t)len);
	}
	if (xnic_dma_write(fn, slot, &d, sizeof(d))) {
		r->broken = true;
		return XNIC_RX_DROPPED;
	}
	r->cons++;
	xnic_qp_complete(fn, (unsigned int)qp);
	/* a buffer that did not fit or could not be written: dropped */
	return d.status == XNIC_DESC_ST_OK ? XNIC_RX_DELIVERED :
					     XNIC_RX_DROPPED;
}

static void xnic_rx_count(struct xnic_core *core, unsigned int port,
			  const uint8_t *frame, size_t len)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	xnic_port_count(core, port, XNIC_STAT_RX_PACKETS, 1);
	xnic_port_count(core, port, XNIC_STAT_RX_BYTES, len);
	if (!memcmp(frame, bcast, sizeof(bcast)))
		xnic_port_count(core, port, XNIC_STAT_RX_BROADCAST, 1);
	else if (frame[0] & 0x01)
		xnic_port_count(core, port, XNIC_STAT_RX_MULTICAST, 1);
}

enum xnic_rx_result xnic_core_port_rx(struct xnic_core *core,
				      unsigned int port,
				      const uint8_t *frame, size_t len)
{
	enum xnic_rx_result res;
	struct xnic_port *p;
	bool xdp = false;

	if (port >= core->cfg.num_ports || len < XNIC_FRAME_MIN)
		return XNIC_RX_DROPPED;
	p = &core->ports[port];
	if (!p->enabled) {
		xnic_port_count(core, port, XNIC_STAT_RX_NO_BUF, 1);
		return XNIC_RX_DROPPED;
	}
	if (len > XNIC_BUF_MAX ||
	    len > (size_t)p->mtu + XNIC_ETH_HLEN + XNIC_VLAN_HLEN) {
		xnic_port_count(core, port, XNIC_STAT_RX_OVERSIZE, 1);
		return XNIC_RX_DROPPED;
	}
	if (xnic_bpf_port_has_prog(core, port)) {
		/* the offloaded XDP program: before the eswitch and queues */
		if (!xnic_bpf_port_ingress(core, port, &frame, &len))
			return XNIC_RX_DROPPED;
		xdp = true;
	}
	if (port == 0)
		res = xnic_esw_uplink_rx(core, frame, len, !xdp);
	else
		res = xnic_func_rx(&core->pf, port, XNIC_PORT_PHYS(port),
				   frame, len);
	/* the program has run on it: it cannot be offered again */
	if (res == XNIC_RX_RETRY && xdp)
		res = XNIC_RX_DROPPED;
	if (res == XNIC_RX_DELIVERED)
		xnic_rx_count(core, port, frame, len);
	else if (res == XNIC_RX_DROPPED)
		xnic_port_count(core, port, XNIC_STAT_RX_NO_BUF, 1);
	return res;
}
