/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devlink.h - the PF's devlink instance.
 */
#ifndef _XNIC_DEVLINK_H
#define _XNIC_DEVLINK_H

#include <linux/netdevice.h>
#include <net/devlink.h>

struct xnic;

int xnic_devlink_alloc(struct xnic *xnic);
void xnic_devlink_register(struct xnic *xnic);
void xnic_devlink_unregister(struct xnic *xnic);
void xnic_devlink_free(struct xnic *xnic);
void xnic_devlink_switch_id(struct xnic *xnic, struct netdev_phys_item_id *id);

#endif /* _XNIC_DEVLINK_H */
