// SPDX-License-Identifier: GPL-2.0
/*
 * xdp.c - native (driver mode) XDP on every port netdev, PF or VF.
 *
 * The program runs in the NAPI poll on each received frame, in place in
 * the RX buffer (an skb whose head the device wrote). Verdicts:
 *  - PASS: the skb goes on to the stack, trimmed to what the program left;
 *  - DROP, ABORTED: the buffer is freed;
 *  - TX: the same skb is queued on the TX ring of the queue pair it came
 *    in on (shared with ndo_start_xmit under the TX queue lock, accounted
 *    in BQL like any frame), without a copy;
 *  - REDIRECT: the frame is copied into a page of its own (the RX buffer
 *    is an skb head, not a page the target could own) and handed to
 *    xdp_do_redirect(); xdp_do_flush() runs at the end of the poll.
 * ndo_xdp_xmit turns each frame into an skb (xdp_build_skb_from_frame())
 * and queues it on the TX ring of the current CPU's queue pair.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/filter.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/xdp.h>

#include "xnic.h"

/**
 * xnic_xdp_port_init() - register the XDP RX queue info of a port's queues
 * @port: the port, its queue pairs initialised
 *
 * Context: process context.
 * Return: 0 or a negative errno; nothing is left registered on failure.
 */
int xnic_xdp_port_init(struct xnic_port *port)
{
	struct xnic_qp *qp;
	u32 i;
	int err;

	for (i = 0; i < port->xnic->qps_per_port; i++) {
		qp = &port->qps[i];
		u64_stats_init(&qp->xdp_stats.syncp);
		u64_stats_init(&qp->xdp_xmit_stats.syncp);
		err = xdp_rxq_info_reg(&qp->xdp_rxq, port->netdev, i, 0);
		if (err)
			goto err_unreg;
		err = xdp_rxq_info_reg_mem_model(&qp->xdp_rxq,
						 MEM_TYPE_PAGE_SHARED, NULL);
		if (err) {
			xdp_rxq_info_unreg(&qp->xdp_rxq);
			goto err_unreg;
		}
	}
	return 0;

err_unreg:
	while (i--)
		xdp_rxq_info_unreg(&port->qps[i].xdp_rxq);
	return err;
}

/**
 * xnic_xdp_port_fini() - unregister what xnic_xdp_port_init() registered
 * @port: the port, no longer polled
 */
void xnic_xdp_port_fini(struct xnic_port *port)
{
	u32 i;

	for (i = 0; i < port->xnic->qps_per_port; i++)
		if (xdp_rxq_info_is_reg(&port->qps[i].xdp_rxq))
			xdp_rxq_info_unreg(&port->qps[i].xdp_rxq);
}

/**
 * xnic_xdp_setup() - attach, replace or detach the native XDP program
 * @port: the port
 * @bpf: XDP_SETUP_PROG; the driver owns the reference to @bpf->prog
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno.
 */
int xnic_xdp_setup(struct xnic_port *port, struct netdev_bpf *bpf)
{
	struct bpf_prog *old;

	if (bpf->prog && bpf->prog->aux->offload) {
		NL_SET_ERR_MSG_MOD(bpf->extack,
				   "program is bound to the device: attach it with xdpoffload");
		return -EINVAL;
	}
	old = rcu_replace_pointer(port->xdp_prog, bpf->prog, lockdep_rtnl_is_held());
	/* freed after an RCU grace period: a running poll still holds it */
	if (old)
		bpf_prog_put(old);
	return 0;
}

/* ------------------------------------------------------------------------
 * Transmit of XDP frames
 */

/*
 * Queue @skb on @qp's TX ring. The TX queue lock is held and the port is
 * up. Return: true if queued; otherwise @skb is freed (a full ring counts
 * as a drop, as the caller's verdict counters say).
 */
static bool xnic_xdp_tx_locked(struct xnic_qp *qp, struct netdev_queue *txq,
			       struct sk_buff *skb)
{
	int len = xnic_tx_post(qp, skb, 0, 0);

	if (len == -ENOSPC)
		dev_kfree_skb_any(skb);
	if (len < 0)
		return false;
	netdev_tx_sent_queue(txq, len);
	writel((u16)qp->tx.prod, qp->tx.doorbell);
	return true;
}

/*
 * With @txq (@qp's TX queue) locked: may frames be queued? xnic_port_down()
 * clears port->up, then takes this lock to stop the queue, before it frees
 * the ring.
 */
static bool xnic_xdp_tx_ok(struct xnic_qp *qp, struct netdev_queue *txq)
{
	return READ_ONCE(qp->port->up) && !netif_tx_queue_stopped(txq);
}

/* XDP_TX: queue @skb on @qp's TX ring. Return: true if queued, else freed. */
static bool xnic_xdp_tx(struct xnic_qp *qp, struct sk_buff *skb)
{
	struct netdev_queue *txq;
	bool queued = false;

	txq = netdev_get_tx_queue(qp->port->netdev, qp->index);
	__netif_tx_lock(txq, smp_processor_id());
	if (xnic_xdp_tx_ok(qp, txq))
		queued = xnic_xdp_tx_locked(qp, txq, skb);
	else
		dev_kfree_skb_any(skb);
	if (queued)
		txq_trans_cond_update(txq);
	__netif_tx_unlock(txq);
	return queued;
}

/**
 * xnic_xdp_xmit() - ndo_xdp_xmit: transmit frames redirected to this port
 * @netdev: the port's netdev
 * @n: frames
 * @frames: the frames
 * @flags: XDP_XMIT_FLUSH or 0 (each frame rings the doorbell anyway)
 *
 * Context: softirq (another device's NAPI poll), RCU read side.
 * Return: frames consumed (queued, or dropped and freed here), or a
 * negative errno; the caller frees the others.
 */
int xnic_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames,
		  u32 flags)
{
	struct xnic_port *port = netdev_priv(netdev);
	u32 queued = 0, dropped = 0;
	struct netdev_queue *txq;
	struct xnic_qp *qp;
	struct sk_buff *skb;
	int i;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	if (unlikely(!READ_ONCE(port->up)))
		return -ENETDOWN;
	qp = &port->qps[smp_processor_id() % READ_ONCE(port->cfg.num_qps)];
	txq = netdev_get_tx_queue(netdev, qp->index);
	__netif_tx_lock(txq, smp_processor_id());
	if (!xnic_xdp_tx_ok(qp, txq)) {
		__netif_tx_unlock(txq);
		return -ENETDOWN;
	}

	for (i = 0; i < n; i++) {
		skb = xdp_build_skb_from_frame(frames[i], netdev);
		if (!skb)
			break;
		/* eth_type_trans() pulled the Ethernet header */
		skb_push(skb, skb->data - skb_mac_header(skb));
		if (xnic_xdp_tx_locked(qp, txq, skb))
			queued++;
		else
			dropped++;
	}
	if (queued)
		txq_trans_cond_update(txq);

	/* under the TX queue lock: one writer */
	u64_stats_update_begin(&qp->xdp_xmit_stats.syncp);
	qp->xdp_xmit_stats.xmit += queued;
	qp->xdp_xmit_stats.errors += dropped + (n - i);
	u64_stats_update_end(&qp->xdp_xmit_stats.syncp);
	__netif_tx_unlock(txq);
	return i;
}

/* ------------------------------------------------------------------------
 * Receive
 */

/* Copy the frame of @xdp into a page of its own and redirect it. */
static int xnic_xdp_redirect(struct xnic_qp *qp, struct xdp_buff *xdp,
			     struct bpf_prog *prog)
{
	u32 len = xdp->data_end - xdp->data;
	struct xdp_buff copy;
	struct page *page;
	int err;

	if (XDP_PACKET_HEADROOM + len +
	    SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) > PAGE_SIZE)
		return -E2BIG;
	page = dev_alloc_page();
	if (!page)
		return -ENOMEM;
	memcpy(page_address(page) + XDP_PACKET_HEADROOM, xdp->data, len);
	xdp_init_buff(&copy, PAGE_SIZE, &qp->xdp_rxq);
	xdp_prepare_buff(&copy, page_address(page), XDP_PACKET_HEADROOM, len,
			 false);
	err = xdp_do_redirect(qp->port->netdev, &copy, prog);
	if (err)
		put_page(page);
	return err;
}

/**
 * xnic_xdp_rx() - run the native XDP program on a received frame
 * @qp: the queue pair (NAPI context)
 * @skb: the RX buffer, @len bytes written by the device at skb->data
 * @len: frame length
 *
 * Without a program, only sets the skb's length.
 *
 * Return: @skb, holding the frame to pass to the stack, or NULL if the
 * program consumed it (dropped, transmitted or redirected).
 */
struct sk_buff *xnic_xdp_rx(struct xnic_qp *qp, struct sk_buff *skb, u32 len)
{
	struct xnic_xdp_stats *st = &qp->xdp_stats;
	struct net_device *netdev = qp->port->netdev;
	struct bpf_prog *prog;
	struct xdp_buff xdp;
	u32 act, frame_sz;

	rcu_read_lock();
	prog = rcu_dereference(qp->port->xdp_prog);
	if (!prog) {
		rcu_read_unlock();
		skb_put(skb, len);
		return skb;
	}

	frame_sz = skb_end_offset(skb) +
		   SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	xdp_init_buff(&xdp, frame_sz, &qp->xdp_rxq);
	xdp_prepare_buff(&xdp, skb->head, skb_headroom(skb), len, false);
	act = bpf_prog_run_xdp(prog, &xdp);

	/* what the program left: head and tail may have moved */
	skb_reserve(skb, (int)(xdp.data - (void *)skb->data));
	skb_put(skb, xdp.data_end - xdp.data);

	u64_stats_update_begin(&st->syncp);
	switch (act) {
	case XDP_PASS:
		st->pass++;
		break;
	case XDP_TX:
		if (xnic_xdp_tx(qp, skb)) {
			st->tx++;
		} else {
			st->tx_errors++;
			trace_xdp_exception(netdev, prog, act);
		}
		skb = NULL;
		break;
	case XDP_REDIRECT:
		if (!xnic_xdp_redirect(qp, &xdp, prog)) {
			st->redirect++;
		} else {
			st->redirect_errors++;
			trace_xdp_exception(netdev, prog, act);
		}
		napi_consume_skb(skb, 1);
		skb = NULL;
		break;
	case XDP_DROP:
		st->drop++;
		napi_consume_skb(skb, 1);
		skb = NULL;
		break;
	default:
		bpf_warn_invalid_xdp_action(netdev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		trace_xdp_exception(netdev, prog, act);
		st->aborted++;
		napi_consume_skb(skb, 1);
		skb = NULL;
		break;
	}
	u64_stats_update_end(&st->syncp);
	rcu_read_unlock();
	return skb;
}

/**
 * xnic_xdp_rx_done() - end of a receive batch: flush redirected frames
 * @qp: the queue pair (NAPI context)
 */
void xnic_xdp_rx_done(struct xnic_qp *qp)
{
	if (rcu_access_pointer(qp->port->xdp_prog))
		xdp_do_flush();
}

/* ------------------------------------------------------------------------
 * ethtool -S
 */

static const char * const xnic_xdp_rxq_stat_names[] = {
	"xdp_pass", "xdp_drop", "xdp_tx", "xdp_redirect", "xdp_aborted",
	"xdp_tx_errors", "xdp_redirect_errors",
};

static const char * const xnic_xdp_txq_stat_names[] = {
	"xdp_xmit", "xdp_xmit_errors",
};

#define XNIC_XDP_QUEUE_NUM_STATS	(ARRAY_SIZE(xnic_xdp_rxq_stat_names) + \
					 ARRAY_SIZE(xnic_xdp_txq_stat_names))

/**
 * xnic_xdp_stats_count() - ethtool counters of native XDP
 * @port: the port
 *
 * Return: how many there are.
 */
u32 xnic_xdp_stats_count(const struct xnic_port *port)
{
	return port->cfg.num_qps * XNIC_XDP_QUEUE_NUM_STATS;
}

/**
 * xnic_xdp_get_strings() - names of the native XDP counters
 * @port: the port
 * @data: where the names go; advanced past them
 */
void xnic_xdp_get_strings(const struct xnic_port *port, u8 **data)
{
	u32 q, i;

	for (q = 0; q < port->cfg.num_qps; q++) {
		for (i = 0; i < ARRAY_SIZE(xnic_xdp_rxq_stat_names); i++)
			ethtool_sprintf(data, "rxq%u_%s", q,
					xnic_xdp_rxq_stat_names[i]);
		for (i = 0; i < ARRAY_SIZE(xnic_xdp_txq_stat_names); i++)
			ethtool_sprintf(data, "txq%u_%s", q,
					xnic_xdp_txq_stat_names[i]);
	}
}

/**
 * xnic_xdp_get_stats() - values of the native XDP counters
 * @port: the port
 * @data: xnic_xdp_stats_count() values
 */
void xnic_xdp_get_stats(struct xnic_port *port, u64 *data)
{
	const struct xnic_xdp_xmit_stats *xs;
	const struct xnic_xdp_stats *st;
	unsigned int start;
	u32 q;

	for (q = 0; q < port->cfg.num_qps; q++) {
		st = &port->qps[q].xdp_stats;
		do {
			start = u64_stats_fetch_begin(&st->syncp);
			data[0] = st->pass;
			data[1] = st->drop;
			data[2] = st->tx;
			data[3] = st->redirect;
			data[4] = st->aborted;
			data[5] = st->tx_errors;
			data[6] = st->redirect_errors;
		} while (u64_stats_fetch_retry(&st->syncp, start));
		xs = &port->qps[q].xdp_xmit_stats;
		do {
			start = u64_stats_fetch_begin(&xs->syncp);
			data[7] = xs->xmit;
			data[8] = xs->errors;
		} while (u64_stats_fetch_retry(&xs->syncp, start));
		data += XNIC_XDP_QUEUE_NUM_STATS;
	}
}
