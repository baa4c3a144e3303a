/* SPDX-License-Identifier: GPL-2.0 */
/*
 * slowpath.h - the PF's switchdev slow-path queue pair.
 */
#ifndef _XNIC_SLOWPATH_H
#define _XNIC_SLOWPATH_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/types.h>

struct xnic;
struct xnic_slowpath;

struct xnic_slowpath *xnic_slowpath_create(struct xnic *xnic, u16 max_vfs,
					   struct xnic_slowpath **stuck);
bool xnic_slowpath_destroy(struct xnic_slowpath *sp);
void xnic_slowpath_free(struct xnic_slowpath *sp);
void xnic_slowpath_set_netdev(struct xnic_slowpath *sp, u16 port_id,
			      struct net_device *netdev);
void xnic_slowpath_sync(struct xnic_slowpath *sp);
netdev_tx_t xnic_slowpath_xmit(struct xnic_slowpath *sp, struct sk_buff *skb,
			       u16 port_id, struct net_device *netdev);
void xnic_slowpath_rx(struct xnic_slowpath *sp, struct napi_struct *napi,
		      struct sk_buff *skb, u16 src_port);
void xnic_slowpath_tx_done(struct xnic_slowpath *sp);

#endif /* _XNIC_SLOWPATH_H */
