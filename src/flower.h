/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flower.h - TC flower offload on the representors, executed by the NIC's
 * eswitch flow table.
 */
#ifndef _XNIC_FLOWER_H
#define _XNIC_FLOWER_H

#include <linux/netdevice.h>
#include <linux/types.h>
#include <net/pkt_cls.h>

struct xnic;
struct xnic_repr;

int xnic_flower_init(struct xnic *xnic);
void xnic_flower_free(struct xnic *xnic);
int xnic_flower_setup_tc(struct xnic_repr *repr, enum tc_setup_type type,
			 void *type_data);
int xnic_flower_offload(struct xnic *xnic, struct net_device *netdev,
			u16 in_port, struct flow_cls_offload *f);
bool xnic_flower_repr_busy(struct xnic_repr *repr);
int xnic_flower_nic_rules(struct xnic *xnic, u32 *num, u32 *max);
u32 xnic_flower_max_rules(const struct xnic *xnic);

#endif /* _XNIC_FLOWER_H */
