/* SPDX-License-Identifier: GPL-2.0 */
/*
 * eswitch.h - eswitch modes: legacy and switchdev.
 */
#ifndef _XNIC_ESWITCH_H
#define _XNIC_ESWITCH_H

#include <linux/netlink.h>
#include <linux/types.h>

struct xnic;

int xnic_esw_init(struct xnic *xnic);
void xnic_esw_remove(struct xnic *xnic);
void xnic_esw_free(struct xnic *xnic);
u16 xnic_esw_mode(const struct xnic *xnic);
int xnic_esw_mode_set(struct xnic *xnic, u16 mode,
		      struct netlink_ext_ack *extack);
int xnic_esw_vfs_enabled(struct xnic *xnic);
void xnic_esw_vfs_disabling(struct xnic *xnic);
void xnic_esw_rules_changed(struct xnic *xnic, int delta);
u32 xnic_esw_num_offloaded_rules(const struct xnic *xnic);
void xnic_esw_uplink_link(struct xnic *xnic, bool up);

#endif /* _XNIC_ESWITCH_H */
