/* SPDX-License-Identifier: GPL-2.0 */
/*
 * repr.h - switchdev representor netdevs.
 */
#ifndef _XNIC_REPR_H
#define _XNIC_REPR_H

#include <linux/netdevice.h>
#include <linux/types.h>
#include <net/devlink.h>

struct xnic;
struct xnic_slowpath;

/**
 * struct xnic_repr - one representor (the private area of its netdev)
 * @xnic: the PF
 * @netdev: the representor netdev
 * @sp: the slow path its frames cross
 * @port_id: the NIC port it stands for: XNIC_PORT_PHYS(0) (the uplink),
 *           XNIC_PORT_PF or XNIC_PORT_VF(n)
 * @dl_port: its devlink port (flavour physical, pcipf or pcivf)
 */
struct xnic_repr {
	struct xnic *xnic;
	struct net_device *netdev;
	struct xnic_slowpath *sp;
	u16 port_id;
	u32 num_flower_rules;	/* rules of its block in the NIC; flower lock */
	struct devlink_port dl_port;
};

struct xnic_repr *xnic_repr_create(struct xnic *xnic,
				   struct xnic_slowpath *sp, u16 port_id);
void xnic_repr_unpublish(struct xnic_repr *repr);
void xnic_reprs_destroy(struct xnic_repr **reprs, u32 n);
void xnic_repr_set_link(struct xnic_repr *repr, bool up);
int xnic_repr_uplink_apply(struct xnic_repr *repr);
struct xnic_repr *xnic_repr_of_netdev(const struct net_device *netdev);

static inline struct xnic_repr *xnic_repr_of_dl_port(struct devlink_port *p)
{
	return container_of(p, struct xnic_repr, dl_port);
}

#endif /* _XNIC_REPR_H */
