// SPDX-License-Identifier: GPL-2.0
/*
 * txrx.c - queue pairs: ring memory, transmit, receive, NAPI, interrupts.
 *
 * One TX and one RX ring per queue pair, one descriptor per frame (the
 * netdev advertises no SG or TSO, so frames are linear). Indices are
 * free-running; the device sees them modulo 65536 and the slot is
 * index & (size - 1). The device sets XNIC_DESC_F_DONE on every descriptor it
 * has finished; the queue pair's vector fires once per IRQ_ARM write.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/log2.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "xnic.h"
#include "cmdq.h"
#include "slowpath.h"

static struct device *xnic_qp_dev(const struct xnic_qp *qp)
{
	return xnic_dev(qp->xnic);
}

/* the netdev whose queue this is; NULL for the slow path */
static struct net_device *xnic_qp_netdev(const struct xnic_qp *qp)
{
	return qp->port ? qp->port->netdev : NULL;
}

/**
 * xnic_tx_free() - free descriptors of a TX ring
 * @tx: the ring
 *
 * Return: descriptors xmit may still fill.
 */
u32 xnic_tx_free(const struct xnic_tx_ring *tx)
{
	return tx->size - (READ_ONCE(tx->prod) - READ_ONCE(tx->clean));
}

/**
 * xnic_tx_wake_thresh() - free descriptors at which a stopped queue wakes
 * @tx: the ring
 *
 * Return: the threshold.
 */
u32 xnic_tx_wake_thresh(const struct xnic_tx_ring *tx)
{
	return tx->size / 4;
}

/**
 * xnic_qp_init() - set up a queue pair's fixed state: index and registers
 * @qp: the queue pair; the caller sets @qp->port or @qp->sp
 * @xnic: the device
 * @index: queue pair index on the device
 */
void xnic_qp_init(struct xnic_qp *qp, struct xnic *xnic, u16 index)
{
	qp->xnic = xnic;
	qp->qp = index;
	qp->tx.doorbell = xnic->regs + XNIC_REG_QP(index, XNIC_QP_TX_PROD);
	qp->rx.doorbell = xnic->regs + XNIC_REG_QP(index, XNIC_QP_RX_PROD);
	qp->irq_arm = xnic->regs + XNIC_REG_QP(index, XNIC_QP_IRQ_ARM);
	u64_stats_init(&qp->tx.stats.syncp);
	u64_stats_init(&qp->tx.xmit_stats.syncp);
	u64_stats_init(&qp->rx.stats.syncp);
}

/* ------------------------------------------------------------------------
 * Ring memory
 */

static int xnic_tx_ring_alloc(struct xnic_qp *qp, u32 size)
{
	struct xnic_tx_ring *tx = &qp->tx;

	tx->size = size;
	tx->prod = 0;
	tx->clean = 0;
	tx->bufs = kcalloc(size, sizeof(*tx->bufs), GFP_KERNEL);
	if (!tx->bufs)
		return -ENOMEM;
	tx->desc = dma_alloc_coherent(xnic_qp_dev(qp), size * sizeof(*tx->desc),
				      &tx->dma, GFP_KERNEL);
	if (!tx->desc) {
		kfree(tx->bufs);
		tx->bufs = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void xnic_tx_ring_free(struct xnic_qp *qp)
{
	struct xnic_tx_ring *tx = &qp->tx;
	struct device *dev = xnic_qp_dev(qp);
	struct xnic_tx_buf *buf;
	u32 i;

	if (!tx->desc)
		return;
	for (i = 0; i < tx->size; i++) {
		buf = &tx->bufs[i];
		if (!buf->skb)
			continue;
		dma_unmap_single(dev, buf->dma, buf->len, DMA_TO_DEVICE);
		dev_kfree_skb_any(buf->skb);
		buf->skb = NULL;
	}
	if (qp->port)
		netdev_tx_reset_queue(netdev_get_tx_queue(qp->port->netdev,
							  qp->index));
	dma_free_coherent(dev, tx->size * sizeof(*tx->desc), tx->desc, tx->dma);
	tx->desc = NULL;
	kfree(tx->bufs);
	tx->bufs = NULL;
}

static int xnic_rx_ring_alloc(struct xnic_qp *qp, u32 size, u32 buf_len)
{
	struct xnic_rx_ring *rx = &qp->rx;

	rx->size = size;
	rx->buf_len = buf_len;
	rx->prod = 0;
	rx->clean = 0;
	rx->bufs = kcalloc(size, sizeof(*rx->bufs), GFP_KERNEL);
	if (!rx->bufs)
		return -ENOMEM;
	rx->desc = dma_alloc_coherent(xnic_qp_dev(qp), size * sizeof(*rx->desc),
				      &rx->dma, GFP_KERNEL);
	if (!rx->desc) {
		kfree(rx->bufs);
		rx->bufs = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void xnic_rx_ring_free(struct xnic_qp *qp)
{
	struct xnic_rx_ring *rx = &qp->rx;
	struct device *dev = xnic_qp_dev(qp);
	struct xnic_rx_buf *buf;
	u32 i;

	if (!rx->desc)
		return;
	for (i = 0; i < rx->size; i++) {
		buf = &rx->bufs[i];
		if (!buf->skb)
			continue;
		dma_unmap_single(dev, buf->dma, rx->buf_len, DMA_FROM_DEVICE);
		dev_kfree_skb_any(buf->skb);
		buf->skb = NULL;
	}
	dma_free_coherent(dev, rx->size * sizeof(*rx->desc), rx->desc, rx->dma);
	rx->desc = NULL;
	kfree(rx->bufs);
	rx->bufs = NULL;
}

/*
 * Post empty buffers until the ring is full or allocation fails. @napi: in
 * the NAPI poll (atomic) rather than at open (may sleep). Returns the number
 * of buffers posted; the caller rings the doorbell.
 */
static u32 xnic_rx_refill(struct xnic_qp *qp, bool napi)
{
	struct net_device *netdev = xnic_qp_netdev(qp);
	struct device *dev = xnic_qp_dev(qp);
	struct xnic_rx_ring *rx = &qp->rx;
	struct xnic_rx_desc *desc;
	struct sk_buff *skb;
	u32 idx, posted = 0;
	dma_addr_t dma;

	while (rx->prod - rx->clean < rx->size) {
		if (napi)
			skb = napi_alloc_skb(&qp->napi, rx->buf_len);
		else
			skb = __netdev_alloc_skb_ip_align(netdev, rx->buf_len,
							  GFP_KERNEL);
		if (!skb)
			goto fail;
		dma = dma_map_single(dev, skb->data, rx->buf_len,
				     DMA_FROM_DEVICE);
		if (dma_mapping_error(dev, dma)) {
			dev_kfree_skb_any(skb);
			goto fail;
		}

		idx = rx->prod & (rx->size - 1);
		rx->bufs[idx].skb = skb;
		rx->bufs[idx].dma = dma;
		desc = &rx->desc[idx];
		desc->addr = cpu_to_le64(dma);
		desc->buf_len = cpu_to_le16(rx->buf_len);
		desc->pkt_len = 0;
		desc->meta = 0;
		desc->status = 0;
		desc->flags = 0;
		rx->prod++;
		posted++;
	}
	return posted;

fail:
	u64_stats_update_begin(&rx->stats.syncp);
	rx->stats.alloc_fail++;
	u64_stats_update_end(&rx->stats.syncp);
	return posted;
}

/**
 * xnic_qp_alloc() - allocate a queue pair's rings and RX buffers
 * @qp: the queue pair
 * @cfg: ring sizes and MTU to use
 *
 * The RX buffers are written into the ring but not announced to the device:
 * xnic_qp_fill_rx() does that once the queue exists on the NIC.
 *
 * Context: process context.
 * Return: 0 or -ENOMEM; on failure xnic_qp_free() releases what was made.
 */
int xnic_qp_alloc(struct xnic_qp *qp, const struct xnic_port_cfg *cfg)
{
	int err;

	err = xnic_tx_ring_alloc(qp, cfg->tx_ring_size);
	if (err)
		return err;
	err = xnic_rx_ring_alloc(qp, cfg->rx_ring_size,
				 cfg->mtu + ETH_HLEN + VLAN_HLEN);
	if (err)
		return err;
	if (!xnic_rx_refill(qp, false))
		return -ENOMEM;
	return 0;
}

/**
 * xnic_qp_free() - free a queue pair's rings and buffers
 * @qp: the queue pair; the NIC must no longer use its rings
 *
 * Safe on a queue pair that has nothing allocated.
 */
void xnic_qp_free(struct xnic_qp *qp)
{
	xnic_rx_ring_free(qp);
	xnic_tx_ring_free(qp);
}

/**
 * xnic_qp_fill_rx() - announce the posted RX buffers (RX_PROD doorbell)
 * @qp: the queue pair, created on the NIC
 */
void xnic_qp_fill_rx(struct xnic_qp *qp)
{
	writel((u16)qp->rx.prod, qp->rx.doorbell);
}

/* ------------------------------------------------------------------------
 * Queues on the NIC
 */

/**
 * struct xnic_queue_batch - QUEUE_CREATE/QUEUE_DESTROY commands of queue pairs
 * @reqs: the commands, in the form xnic_cmdq_exec_batch() takes
 * @qreqs: their payloads
 * @created: the hw_created flag of the ring each command is about
 * @n: number of commands
 */
struct xnic_queue_batch {
	struct xnic_cmd_req *reqs;
	struct xnic_cmd_queue_req *qreqs;
	bool **created;
	u32 n;
};

static int xnic_queue_batch_alloc(struct xnic_queue_batch *b, u32 max)
{
	b->n = 0;
	b->reqs = kcalloc(max, sizeof(*b->reqs), GFP_KERNEL);
	b->qreqs = kcalloc(max, sizeof(*b->qreqs), GFP_KERNEL);
	b->created = kcalloc(max, sizeof(*b->created), GFP_KERNEL);
	if (b->reqs && b->qreqs && b->created)
		return 0;
	kfree(b->created);
	kfree(b->qreqs);
	kfree(b->reqs);
	return -ENOMEM;
}

static void xnic_queue_batch_free(struct xnic_queue_batch *b)
{
	kfree(b->created);
	kfree(b->qreqs);
	kfree(b->reqs);
}

static void xnic_queue_batch_add(struct xnic_queue_batch *b, u16 opcode,
				 u16 port_id, struct xnic_qp *qp, u8 type)
{
	struct xnic_cmd_queue_req *q = &b->qreqs[b->n];
	bool rx = type == XNIC_QTYPE_RX;

	q->qp = cpu_to_le16(qp->qp);
	q->type = type;
	if (opcode == XNIC_CMD_QUEUE_CREATE) {
		q->log2_size = ilog2(rx ? qp->rx.size : qp->tx.size);
		q->port = cpu_to_le16(port_id);
		q->ring_addr = cpu_to_le64(rx ? qp->rx.dma : qp->tx.dma);
	}
	b->reqs[b->n].opcode = opcode;
	b->reqs[b->n].in = q;
	b->reqs[b->n].in_len = sizeof(*q);
	b->created[b->n] = rx ? &qp->rx.hw_created : &qp->tx.hw_created;
	b->n++;
}

/**
 * xnic_qps_hw_create() - create queue pairs' RX and TX queues on the NIC
 * @xnic: the device
 * @qps: the queue pairs, their rings allocated
 * @n: how many
 * @port_id: the port the queues belong to (XNIC_PORT_*)
 *
 * One doorbell for all commands. Rings whose QUEUE_CREATE succeeded are
 * marked hw_created, also when others failed.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int xnic_qps_hw_create(struct xnic *xnic, struct xnic_qp *qps, u32 n,
		       u16 port_id)
{
	struct xnic_queue_batch b;
	u32 i;
	int err;

	err = xnic_queue_batch_alloc(&b, 2 * n);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		xnic_queue_batch_add(&b, XNIC_CMD_QUEUE_CREATE, port_id,
				     &qps[i], XNIC_QTYPE_RX);
		xnic_queue_batch_add(&b, XNIC_CMD_QUEUE_CREATE, port_id,
				     &qps[i], XNIC_QTYPE_TX);
	}

	err = xnic_cmdq_exec_batch(xnic->cmdq, b.reqs, b.n);
	for (i = 0; i < b.n; i++)
		*b.created[i] = !b.reqs[i].err;
	if (err)
		dev_err(xnic_dev(xnic), "QUEUE_CREATE for port 0x%04x failed (%d)\n",
			port_id, err);
	xnic_queue_batch_free(&b);
	return err;
}

/**
 * xnic_qps_hw_destroy() - destroy every queue of queue pairs the NIC knows
 * @xnic: the device
 * @qps: the queue pairs
 * @n: how many
 *
 * One doorbell for all commands.
 *
 * Context: process context.
 * Return: 0, or a negative errno if the NIC did not confirm every
 * QUEUE_DESTROY: the ring memory must then be kept until the device is
 * reset.
 */
int xnic_qps_hw_destroy(struct xnic *xnic, struct xnic_qp *qps, u32 n)
{
	struct xnic_queue_batch b;
	bool stuck = false;
	u32 i;
	int err;

	err = xnic_queue_batch_alloc(&b, 2 * n);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		if (qps[i].rx.hw_created)
			xnic_queue_batch_add(&b, XNIC_CMD_QUEUE_DESTROY, 0,
					     &qps[i], XNIC_QTYPE_RX);
		if (qps[i].tx.hw_created)
			xnic_queue_batch_add(&b, XNIC_CMD_QUEUE_DESTROY, 0,
					     &qps[i], XNIC_QTYPE_TX);
	}

	err = xnic_cmdq_exec_batch(xnic->cmdq, b.reqs, b.n);
	for (i = 0; i < b.n; i++) {
		if (b.reqs[i].err)
			stuck = true;
		else
			*b.created[i] = false;
	}
	if (err)
		dev_err(xnic_dev(xnic), "QUEUE_DESTROY failed (%d)%s\n", err,
			stuck ? "; keeping ring memory until the device is reset" :
				"");
	xnic_queue_batch_free(&b);
	return stuck ? (err ?: -EIO) : 0;
}

/* ------------------------------------------------------------------------
 * Interrupts
 */

static irqreturn_t xnic_qp_irq(int irq, void *data)
{
	struct xnic_qp *qp = data;

	napi_schedule_irqoff(&qp->napi);
	return IRQ_HANDLED;
}

/**
 * xnic_qp_irq_request() - install the handler of the queue pair's vector
 * @qp: the queue pair; its NAPI context must be added
 *
 * Return: 0 or a negative errno.
 */
int xnic_qp_irq_request(struct xnic_qp *qp)
{
	struct pci_dev *pdev = qp->xnic->pdev;
	int err;

	if (qp->port)
		snprintf(qp->irq_name, sizeof(qp->irq_name), "%s-%s-p%u-q%u",
			 XNIC_DRV_NAME, pci_name(pdev), qp->port->index,
			 qp->index);
	else
		snprintf(qp->irq_name, sizeof(qp->irq_name), "%s-%s-slowpath",
			 XNIC_DRV_NAME, pci_name(pdev));
	qp->irq = pci_irq_vector(pdev, XNIC_VEC_QP(qp->qp));
	if (qp->irq < 0)
		return qp->irq;
	err = request_irq(qp->irq, xnic_qp_irq, 0, qp->irq_name, qp);
	if (err) {
		dev_err(xnic_dev(qp->xnic), "cannot request IRQ %s (%d)\n",
			qp->irq_name, err);
		return err;
	}
	qp->irq_requested = true;
	return 0;
}

/**
 * xnic_qp_irq_free() - remove the handler of the queue pair's vector
 * @qp: the queue pair
 */
void xnic_qp_irq_free(struct xnic_qp *qp)
{
	if (!qp->irq_requested)
		return;
	free_irq(qp->irq, qp);
	qp->irq_requested = false;
}

/* ------------------------------------------------------------------------
 * Transmit
 */

static void xnic_xmit_dropped(struct xnic_tx_ring *tx)
{
	u64_stats_update_begin(&tx->xmit_stats.syncp);
	tx->xmit_stats.dropped++;
	u64_stats_update_end(&tx->xmit_stats.syncp);
}

/**
 * xnic_tx_post() - put one frame on a TX ring, without the doorbell
 * @qp: the queue pair; the caller serialises posts to its TX ring
 * @skb: the frame
 * @meta: descriptor meta (egress port id with XNIC_DESC_F_META), else 0
 * @flags: XNIC_DESC_F_META or 0
 *
 * Return: the frame's length once it is on the ring (the skb then belongs
 * to the ring: the completion may free it at any time); -ENOSPC if the ring
 * is full (the skb is untouched); another negative errno if the frame was
 * dropped (freed and counted in xmit_stats.dropped).
 */
int xnic_tx_post(struct xnic_qp *qp, struct sk_buff *skb, u16 meta, u8 flags)
{
	struct device *dev = xnic_qp_dev(qp);
	struct xnic_tx_ring *tx = &qp->tx;
	struct xnic_tx_desc *desc;
	dma_addr_t dma;
	u32 idx, len;
	int err = -ENOMEM;

	if (unlikely(!xnic_tx_free(tx)))
		return -ENOSPC;
	if (skb_linearize(skb))
		goto drop;
	/* frees the skb on failure */
	if (skb_put_padto(skb, ETH_ZLEN))
		goto dropped;
	len = skb->len;
	if (unlikely(len > XNIC_BUF_MAX)) {
		err = -EMSGSIZE;
		goto drop;
	}

	dma = dma_map_single(dev, skb->data, len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		goto drop;

	idx = tx->prod & (tx->size - 1);
	tx->bufs[idx].skb = skb;
	tx->bufs[idx].dma = dma;
	tx->bufs[idx].len = len;
	desc = &tx->desc[idx];
	desc->addr = cpu_to_le64(dma);
	desc->len = cpu_to_le16(len);
	desc->rsvd = 0;
	desc->meta = cpu_to_le16(meta);
	desc->status = 0;
	desc->flags = flags;
	skb_tx_timestamp(skb);

	/* descriptor and buffer state before the index the poll reads */
	smp_wmb();
	WRITE_ONCE(tx->prod, tx->prod + 1);
	return len;

drop:
	dev_kfree_skb_any(skb);
dropped:
	xnic_xmit_dropped(tx);
	return err;
}

/**
 * xnic_start_xmit() - ndo_start_xmit: queue one linear frame
 * @skb: the frame
 * @netdev: the port's netdev
 *
 * Return: NETDEV_TX_OK, or NETDEV_TX_BUSY if the ring is unexpectedly full.
 */
netdev_tx_t xnic_start_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct xnic_port *port = netdev_priv(netdev);
	u16 qidx = skb_get_queue_mapping(skb);
	struct xnic_qp *qp = &port->qps[qidx];
	struct xnic_tx_ring *tx = &qp->tx;
	struct netdev_queue *txq;
	int len;

	txq = netdev_get_tx_queue(netdev, qidx);
	len = xnic_tx_post(qp, skb, 0, 0);
	if (unlikely(len == -ENOSPC)) {
		netif_tx_stop_queue(txq);
		netdev_err_once(netdev, "TX queue %u full while awake\n", qidx);
		return NETDEV_TX_BUSY;
	}
	if (unlikely(len < 0)) {
		/* earlier frames may have been queued without a doorbell */
		if (!netdev_xmit_more())
			writel((u16)tx->prod, tx->doorbell);
		return NETDEV_TX_OK;
	}

	if (unlikely(!xnic_tx_free(tx))) {
		netif_tx_stop_queue(txq);
		u64_stats_update_begin(&tx->xmit_stats.syncp);
		tx->xmit_stats.stopped++;
		u64_stats_update_end(&tx->xmit_stats.syncp);
		/* pairs with the barrier in xnic_tx_clean() */
		smp_mb();
		if (xnic_tx_free(tx) >= xnic_tx_wake_thresh(tx))
			netif_tx_start_queue(txq);
	}

	if (__netdev_tx_sent_queue(txq, len, netdev_xmit_more()))
		writel((u16)tx->prod, tx->doorbell);
	return NETDEV_TX_OK;
}

/* Reclaim completed TX descriptors; wake the queue if it has room again. */
static void xnic_tx_clean(struct xnic_qp *qp, int budget)
{
	struct device *dev = xnic_qp_dev(qp);
	struct xnic_tx_ring *tx = &qp->tx;
	u32 pkts = 0, bytes = 0, errors = 0, done = 0, done_bytes = 0;
	struct netdev_queue *txq;
	struct xnic_tx_desc *desc;
	struct xnic_tx_buf *buf;
	u32 clean, prod, idx;

	prod = READ_ONCE(tx->prod);
	/* pairs with smp_wmb() in xnic_start_xmit() */
	smp_rmb();
	for (clean = tx->clean; clean != prod; clean++) {
		idx = clean & (tx->size - 1);
		desc = &tx->desc[idx];
		if (!(READ_ONCE(desc->flags) & XNIC_DESC_F_DONE))
			break;
		dma_rmb();
		buf = &tx->bufs[idx];
		dma_unmap_single(dev, buf->dma, buf->len, DMA_TO_DEVICE);
		if (desc->status == XNIC_DESC_ST_OK) {
			pkts++;
			bytes += buf->len;
		} else {
			errors++;
		}
		done++;
		done_bytes += buf->len;
		napi_consume_skb(buf->skb, budget);
		buf->skb = NULL;
	}
	if (!done)
		return;

	u64_stats_update_begin(&tx->stats.syncp);
	tx->stats.packets += pkts;
	tx->stats.bytes += bytes;
	tx->stats.errors += errors;
	u64_stats_update_end(&tx->stats.syncp);

	if (qp->sp) {
		WRITE_ONCE(tx->clean, clean);
		xnic_slowpath_tx_done(qp->sp);
		return;
	}
	txq = netdev_get_tx_queue(qp->port->netdev, qp->index);
	netdev_tx_completed_queue(txq, done, done_bytes);
	WRITE_ONCE(tx->clean, clean);
	/* pairs with the barrier in xnic_start_xmit() */
	smp_mb();
	if (unlikely(netif_tx_queue_stopped(txq)) &&
	    xnic_tx_free(tx) >= xnic_tx_wake_thresh(tx))
		netif_tx_wake_queue(txq);
}

/* ------------------------------------------------------------------------
 * Receive
 */

static int xnic_rx_poll(struct xnic_qp *qp, int budget)
{
	struct device *dev = xnic_qp_dev(qp);
	struct xnic_rx_ring *rx = &qp->rx;
	u32 pkts = 0, bytes = 0, errors = 0;
	struct xnic_rx_desc *desc;
	struct xnic_rx_buf *buf;
	struct sk_buff *skb;
	u32 idx, len;
	int done = 0;

	while (done < budget && rx->clean != rx->prod) {
		idx = rx->clean & (rx->size - 1);
		desc = &rx->desc[idx];
		if (!(READ_ONCE(desc->flags) & XNIC_DESC_F_DONE))
			break;
		dma_rmb();
		len = le16_to_cpu(desc->pkt_len);
		buf = &rx->bufs[idx];
		skb = buf->skb;
		dma_unmap_single(dev, buf->dma, rx->buf_len, DMA_FROM_DEVICE);
		buf->skb = NULL;
		rx->clean++;
		done++;

		if (unlikely(desc->status != XNIC_DESC_ST_OK ||
			     len < ETH_HLEN || len > rx->buf_len)) {
			errors++;
			dev_kfree_skb_any(skb);
			continue;
		}
		if (qp->sp) {
			/* to the representor of the source port */
			skb_put(skb, len);
			xnic_slowpath_rx(qp->sp, &qp->napi, skb,
					 le16_to_cpu(desc->meta));
		} else {
			skb = xnic_xdp_rx(qp, skb, len);
			if (!skb)
				continue;
			len = skb->len;
			skb_record_rx_queue(skb, qp->index);
			skb->protocol = eth_type_trans(skb, qp->port->netdev);
			napi_gro_receive(&qp->napi, skb);
		}
		pkts++;
		bytes += len;
	}

	if (!qp->sp)
		xnic_xdp_rx_done(qp);
	if (done) {
		u64_stats_update_begin(&rx->stats.syncp);
		rx->stats.packets += pkts;
		rx->stats.bytes += bytes;
		rx->stats.errors += errors;
		u64_stats_update_end(&rx->stats.syncp);
	}
	if (xnic_rx_refill(qp, true))
		xnic_qp_fill_rx(qp);
	return done;
}

/**
 * xnic_napi_poll() - NAPI poll of a queue pair
 * @napi: the queue pair's NAPI context
 * @budget: RX frames allowed
 *
 * Cleans TX, receives up to @budget frames, refills RX and, when done,
 * re-arms the vector (the device fires at once if something completed
 * while it was not armed).
 *
 * Return: RX frames processed.
 */
int xnic_napi_poll(struct napi_struct *napi, int budget)
{
	struct xnic_qp *qp = container_of(napi, struct xnic_qp, napi);
	int done;

	xnic_tx_clean(qp, budget);
	if (!budget)
		return 0;

	done = xnic_rx_poll(qp, budget);
	if (done == budget)
		return budget;
	/* no buffer posted: poll again to retry the allocation */
	if (unlikely(qp->rx.prod == qp->rx.clean))
		return budget;

	if (napi_complete_done(napi, done))
		writel(1, qp->irq_arm);
	return done;
}
