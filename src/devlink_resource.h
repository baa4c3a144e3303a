/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devlink_resource.h - the NIC's tables as devlink resources.
 */
#ifndef _XNIC_DEVLINK_RESOURCE_H
#define _XNIC_DEVLINK_RESOURCE_H

struct xnic;

int xnic_devlink_resources_register(struct xnic *xnic);
void xnic_devlink_resources_unregister(struct xnic *xnic);

#endif /* _XNIC_DEVLINK_RESOURCE_H */
