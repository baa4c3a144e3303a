// SPDX-License-Identifier: GPL-2.0
/*
 * slowpath.c - the switchdev slow path: the PF's queue pair of port
 * XNIC_PORT_SLOWPATH, which carries every frame between the NIC and the
 * representors.
 *
 * In switchdev mode the NIC delivers each frame no offloaded rule claims
 * to this RX ring with its source port id in the descriptor's meta; the
 * NAPI poll (the queue pair code of txrx.c) hands it here and it is
 * received on the representor of that port. A representor's transmit goes
 * on this TX ring with XNIC_DESC_F_META and the port it represents, and the
 * NIC sends it straight out of that port.
 *
 * The queue pair is the one xnic_read_resources() reserved (xnic->
 * slowpath_qp, with its own MSI-X vector). Its NAPI context hangs on a
 * dummy netdev: it belongs to no representor. The TX ring is shared by all
 * representors, so posts are serialised by @tx_lock; when it fills up, the
 * representor that found it full stops its queue and every representor is
 * woken once the ring has room again.
 *
 * Representor netdevs are found by port id through an RCU-protected table
 * (slot 0 the uplink, 1 the PF, 2 + n VF n).
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "xnic.h"
#include "slowpath.h"

#define XNIC_SLOWPATH_RING	256	/* descriptors per ring */
#define XNIC_SLOT_UPLINK	0
#define XNIC_SLOT_PF		1
#define XNIC_SLOT_VF0		2

/**
 * struct xnic_slowpath - the slow-path queue pair and who it serves
 * @xnic: the PF
 * @napi_dev: dummy netdev that owns the NAPI context
 * @qp: the queue pair (port NULL, sp this)
 * @tx_lock: serialises representors' posts to @qp.tx and their stop/wake
 * @tx_stopped: a representor stopped its queue because the ring was full
 * @num_slots: entries of @netdevs
 * @netdevs: representor netdev of each port slot, NULL if none
 * @rx_no_repr: frames dropped because no running representor has their
 *              source port
 */
struct xnic_slowpath {
	struct xnic *xnic;
	struct net_device napi_dev;
	struct xnic_qp qp;
	spinlock_t tx_lock;	/* posts to qp.tx, tx_stopped */
	bool tx_stopped;
	u32 num_slots;
	struct net_device __rcu **netdevs;
	atomic_long_t rx_no_repr;
};

/* the slot of a port id, or -1 if it names no port the slow path serves */
static int xnic_slowpath_slot(const struct xnic_slowpath *sp, u16 port_id)
{
	u32 idx = port_id & XNIC_PORT_INDEX_MASK;

	switch (port_id & XNIC_PORT_TYPE_MASK) {
	case XNIC_PORT_TYPE_PHYS:
		return idx == 0 ? XNIC_SLOT_UPLINK : -1;
	case XNIC_PORT_TYPE_PF:
		return idx == 0 ? XNIC_SLOT_PF : -1;
	case XNIC_PORT_TYPE_VF:
		return idx < sp->num_slots - XNIC_SLOT_VF0 ?
		       XNIC_SLOT_VF0 + idx : -1;
	default:
		return -1;
	}
}

/**
 * xnic_slowpath_create() - create and start the slow-path queue pair
 * @xnic: the PF, with xnic->has_slowpath
 * @max_vfs: VFs whose representors it may serve (TotalVFs)
 * @stuck: set to the half-made slow path if its queues were created and the
 *         NIC did not confirm their removal: free it with
 *         xnic_slowpath_free() after the device reset
 *
 * The queues exist on the NIC once this returns (QUEUE_CREATE with port
 * XNIC_PORT_SLOWPATH is allowed in legacy mode too, where they receive
 * nothing), with RX buffers posted and the vector armed.
 *
 * Context: process context.
 * Return: the slow path or an ERR_PTR(); nothing is left on failure.
 */
struct xnic_slowpath *xnic_slowpath_create(struct xnic *xnic, u16 max_vfs,
					   struct xnic_slowpath **stuck)
{
	/* a frame of any MTU the uplink may have, plus a VLAN tag */
	const struct xnic_port_cfg cfg = {
		.mtu = XNIC_MTU_MAX,
		.num_qps = 1,
		.tx_ring_size = XNIC_SLOWPATH_RING,
		.rx_ring_size = XNIC_SLOWPATH_RING,
	};
	struct xnic_slowpath *sp;
	struct xnic_qp *qp;
	int err;

	if (!xnic->has_slowpath)
		return ERR_PTR(-EOPNOTSUPP);
	sp = kzalloc(sizeof(*sp), GFP_KERNEL);
	if (!sp)
		return ERR_PTR(-ENOMEM);
	sp->xnic = xnic;
	spin_lock_init(&sp->tx_lock);
	atomic_long_set(&sp->rx_no_repr, 0);
	sp->num_slots = XNIC_SLOT_VF0 + max_vfs;
	sp->netdevs = kcalloc(sp->num_slots, sizeof(*sp->netdevs), GFP_KERNEL);
	if (!sp->netdevs) {
		err = -ENOMEM;
		goto err_free;
	}
	init_dummy_netdev(&sp->napi_dev);

	qp = &sp->qp;
	qp->sp = sp;
	xnic_qp_init(qp, xnic, xnic->slowpath_qp);
	err = xnic_qp_alloc(qp, &cfg);
	if (err)
		goto err_free_rings;
	err = xnic_qps_hw_create(xnic, qp, 1, XNIC_PORT_SLOWPATH);
	if (err)
		goto err_destroy;
	xnic_qp_fill_rx(qp);

	netif_napi_add(&sp->napi_dev, &qp->napi, xnic_napi_poll);
	napi_enable(&qp->napi);
	err = xnic_qp_irq_request(qp);
	if (err)
		goto err_napi;
	writel(1, qp->irq_arm);
	return sp;

err_napi:
	napi_disable(&qp->napi);
	netif_napi_del(&qp->napi);
err_destroy:
	if (xnic_qps_hw_destroy(xnic, qp, 1)) {
		/* the NIC may still write the rings: keep them until reset */
		*stuck = sp;
		return ERR_PTR(err);
	}
err_free_rings:
	xnic_qp_free(qp);
	kfree(sp->netdevs);
err_free:
	kfree(sp);
	return ERR_PTR(err);
}

/**
 * xnic_slowpath_destroy() - stop the slow path and remove its queues
 * @sp: the slow path; no representor may use it any more
 *
 * Context: process context.
 * Return: true if @sp was freed; false if the NIC did not confirm the
 * removal of its queues: then the ring memory must stay until the device
 * is reset, and the caller frees it with xnic_slowpath_free() afterwards.
 */
bool xnic_slowpath_destroy(struct xnic_slowpath *sp)
{
	struct xnic_qp *qp = &sp->qp;
	bool stuck;

	napi_disable(&qp->napi);
	stuck = xnic_qps_hw_destroy(sp->xnic, qp, 1) != 0;
	xnic_qp_irq_free(qp);
	netif_napi_del(&qp->napi);
	if (stuck)
		return false;
	xnic_slowpath_free(sp);
	return true;
}

/**
 * xnic_slowpath_free() - free a stopped slow path
 * @sp: the slow path; its queues no longer exist on the NIC (or the NIC
 *      has been reset)
 */
void xnic_slowpath_free(struct xnic_slowpath *sp)
{
	long lost = atomic_long_read(&sp->rx_no_repr);

	if (lost)
		dev_dbg(xnic_dev(sp->xnic), "slow path: %ld frames had no representor\n",
			lost);
	xnic_qp_free(&sp->qp);
	kfree(sp->netdevs);
	kfree(sp);
}

/**
 * xnic_slowpath_set_netdev() - make @netdev the representor of a port
 * @sp: the slow path
 * @port_id: the port it represents (XNIC_PORT_*)
 * @netdev: the representor netdev, or NULL to remove it; after removing,
 *          call xnic_slowpath_sync() before unregistering it
 *
 * Context: process context, the devlink instance lock held.
 */
void xnic_slowpath_set_netdev(struct xnic_slowpath *sp, u16 port_id,
			      struct net_device *netdev)
{
	int slot = xnic_slowpath_slot(sp, port_id);

	if (WARN_ON(slot < 0))
		return;
	rcu_assign_pointer(sp->netdevs[slot], netdev);
}

/**
 * xnic_slowpath_sync() - wait until no removed representor is in use
 * @sp: the slow path
 *
 * After it, no NAPI poll still looks at a netdev removed with
 * xnic_slowpath_set_netdev() and GRO holds none of its frames (a NAPI
 * context that is disabled has flushed GRO).
 *
 * Context: process context.
 */
void xnic_slowpath_sync(struct xnic_slowpath *sp)
{
	synchronize_net();
	napi_disable(&sp->qp.napi);
	napi_enable(&sp->qp.napi);
	/* a poll cut short by the disable did not re-arm the vector */
	writel(1, sp->qp.irq_arm);
}

/**
 * xnic_slowpath_xmit() - send a frame out of the port a representor stands for
 * @sp: the slow path
 * @skb: the frame
 * @port_id: the egress port (XNIC_PORT_PHYS(0), XNIC_PORT_PF, XNIC_PORT_VF(n))
 * @netdev: the representor, whose queue stops if the ring fills up
 *
 * Counts what was sent in the representor's software counters (tstats),
 * what was dropped in its tx_dropped.
 *
 * Context: the representor's ndo_start_xmit.
 * Return: NETDEV_TX_OK, or NETDEV_TX_BUSY (skb not consumed) if the ring
 * is full.
 */
netdev_tx_t xnic_slowpath_xmit(struct xnic_slowpath *sp, struct sk_buff *skb,
			       u16 port_id, struct net_device *netdev)
{
	struct xnic_tx_ring *tx = &sp->qp.tx;
	int len;

	spin_lock(&sp->tx_lock);
	len = xnic_tx_post(&sp->qp, skb, port_id, XNIC_DESC_F_META);
	if (unlikely(len == -ENOSPC)) {
		netif_stop_queue(netdev);
		sp->tx_stopped = true;
		writel((u16)tx->prod, tx->doorbell);
		spin_unlock(&sp->tx_lock);
		return NETDEV_TX_BUSY;
	}
	if (len > 0 && unlikely(!xnic_tx_free(tx))) {
		netif_stop_queue(netdev);
		sp->tx_stopped = true;
	}
	/* another representor's xmit_more batch is covered by this write */
	if (len < 0 || !netdev_xmit_more() || netif_queue_stopped(netdev))
		writel((u16)tx->prod, tx->doorbell);
	spin_unlock(&sp->tx_lock);

	if (len > 0)
		dev_sw_netstats_tx_add(netdev, 1, len);
	else
		dev_core_stats_tx_dropped_inc(netdev);
	return NETDEV_TX_OK;
}

/**
 * xnic_slowpath_tx_done() - wake the representors once the TX ring has room
 * @sp: the slow path
 *
 * Context: NAPI poll, after completed descriptors were reclaimed.
 */
void xnic_slowpath_tx_done(struct xnic_slowpath *sp)
{
	struct net_device *netdev;
	u32 i;

	spin_lock(&sp->tx_lock);
	if (sp->tx_stopped &&
	    xnic_tx_free(&sp->qp.tx) >= xnic_tx_wake_thresh(&sp->qp.tx)) {
		sp->tx_stopped = false;
		rcu_read_lock();
		for (i = 0; i < sp->num_slots; i++) {
			netdev = rcu_dereference(sp->netdevs[i]);
			if (netdev)
				netif_wake_queue(netdev);
		}
		rcu_read_unlock();
	}
	spin_unlock(&sp->tx_lock);
}

/**
 * xnic_slowpath_rx() - receive a slow-path frame on its port's representor
 * @sp: the slow path
 * @napi: the slow path's NAPI context
 * @skb: the frame, its length set
 * @src_port: the port it entered the NIC from (the descriptor's meta)
 *
 * Counted in the representor's software counters (tstats); dropped (and
 * counted) if the port has no representor or it is down.
 *
 * Context: NAPI poll.
 */
void xnic_slowpath_rx(struct xnic_slowpath *sp, struct napi_struct *napi,
		      struct sk_buff *skb, u16 src_port)
{
	int slot = xnic_slowpath_slot(sp, src_port);
	struct net_device *netdev = NULL;
	unsigned int len = skb->len;

	rcu_read_lock();
	if (slot >= 0)
		netdev = rcu_dereference(sp->netdevs[slot]);
	if (unlikely(!netdev || !netif_running(netdev))) {
		if (netdev)
			dev_core_stats_rx_dropped_inc(netdev);
		else
			atomic_long_inc(&sp->rx_no_repr);
		rcu_read_unlock();
		dev_kfree_skb_any(skb);
		return;
	}
	skb->protocol = eth_type_trans(skb, netdev);
	dev_sw_netstats_rx_add(netdev, len);
	rcu_read_unlock();
	napi_gro_receive(napi, skb);
}
