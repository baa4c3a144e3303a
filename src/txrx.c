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
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "xnic.h"

static struct device *xnic_qp_dev(const struct xnic_qp *qp)
{
	return xnic_dev(qp->port->xnic);
}

static u32 xnic_tx_free(const struct xnic_tx_ring *tx)
{
	return tx->size - (READ_ONCE(tx->prod) - READ_ONCE(tx->clean));
}

static u32 xnic_tx_wake_thresh(const struct xnic_tx_ring *tx)
{
	return tx->size / 4;
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
	netdev_tx_reset_queue(netdev_get_tx_queue(qp->port->netdev, qp->index));
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
	struct net_device *netdev = qp->port->netdev;
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
	struct xnic_port *port = qp->port;
	struct pci_dev *pdev = port->xnic->pdev;
	int err;

	snprintf(qp->irq_name, sizeof(qp->irq_name), "%s-%s-p%u-q%u",
		 XNIC_DRV_NAME, pci_name(pdev), port->index, qp->index);
	qp->irq = pci_irq_vector(pdev, XNIC_VEC_QP(qp->qp));
	if (qp->irq < 0)
		return qp->irq;
	err = request_irq(qp->irq, xnic_qp_irq, 0, qp->irq_name, qp);
	if (err) {
		netdev_err(port->netdev, "cannot request IRQ of queue %u (%d)\n",
			   qp->index, err);
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
	struct device *dev = xnic_qp_dev(qp);
	struct xnic_tx_ring *tx = &qp->tx;
	struct netdev_queue *txq;
	struct xnic_tx_desc *desc;
	dma_addr_t dma;
	u32 idx, len;

	txq = netdev_get_tx_queue(netdev, qidx);

	if (skb_linearize(skb))
		goto drop;
	/* frees the skb on failure */
	if (skb_put_padto(skb, ETH_ZLEN))
		goto dropped;
	len = skb->len;
	if (unlikely(len > XNIC_BUF_MAX))
		goto drop;

	if (unlikely(!xnic_tx_free(tx))) {
		netif_tx_stop_queue(txq);
		netdev_err_once(netdev, "TX queue %u full while awake\n", qidx);
		return NETDEV_TX_BUSY;
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
	desc->meta = 0;
	desc->status = 0;
	desc->flags = 0;
	skb_tx_timestamp(skb);

	/* descriptor and buffer state before the index the poll reads */
	smp_wmb();
	WRITE_ONCE(tx->prod, tx->prod + 1);

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

drop:
	dev_kfree_skb_any(skb);
dropped:
	xnic_xmit_dropped(tx);
	/* earlier frames may have been queued without a doorbell */
	if (!netdev_xmit_more())
		writel((u16)tx->prod, tx->doorbell);
	return NETDEV_TX_OK;
}

/* Reclaim completed TX descriptors; wake the queue if it has room again. */
static void xnic_tx_clean(struct xnic_qp *qp, int budget)
{
	struct net_device *netdev = qp->port->netdev;
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

	txq = netdev_get_tx_queue(netdev, qp->index);
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
	struct net_device *netdev = qp->port->netdev;
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
		skb = xnic_xdp_rx(qp, skb, len);
		if (!skb)
			continue;
		len = skb->len;
		skb_record_rx_queue(skb, qp->index);
		skb->protocol = eth_type_trans(skb, netdev);
		napi_gro_receive(&qp->napi, skb);
		pkts++;
		bytes += len;
	}

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
