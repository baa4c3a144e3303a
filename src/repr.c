// SPDX-License-Identifier: GPL-2.0
/*
 * repr.c - representor netdevs of switchdev mode: one for physical port 0
 * (the uplink), one for the PF's vport and one per VF.
 *
 * A representor has no queues of its own: what it transmits crosses the
 * slow path (slowpath.c) to the port it stands for, and what that port
 * sends into the eswitch, unless an offloaded rule claims it, is received
 * on it. Its software counters (tstats) count exactly that traffic and are
 * its CPU-hit offload statistics; ndo_get_stats64 reports the NIC's
 * counters of the port, from the representor's side of the cable: for a
 * VF or the PF, what the function sent is what its representor received
 * (as nfp does).
 *
 * Each representor has a devlink port carrying the switch id and the port's
 * identity (physical port 0, pf 0, pf 0 vf n): phys_port_name ("p0", "pf0",
 * "pf0vfN") and phys_switch_id come from it (devlink_compat_*), so the
 * netdev ops leave ndo_get_phys_port_name and ndo_get_port_parent_id out.
 *
 * The uplink representor owns physical port 0 in switchdev mode: opening
 * and closing it enables and disables the port, and its MTU is the port's
 * (xnic_port_owns_phys() tells the PF netdev to keep its hands off).
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/pkt_cls.h>

#include "xnic.h"
#include "devlink.h"
#include "flower.h"
#include "repr.h"
#include "slowpath.h"

static bool xnic_repr_is_uplink(const struct xnic_repr *repr)
{
	return repr->port_id == XNIC_PORT_PHYS(0);
}

/* the NIC's eswitch vport number of a PF or VF representor */
static u16 xnic_repr_vport(const struct xnic_repr *repr)
{
	if ((repr->port_id & XNIC_PORT_TYPE_MASK) == XNIC_PORT_TYPE_VF)
		return XNIC_ESW_VPORT_VF(repr->port_id & XNIC_PORT_INDEX_MASK);
	return XNIC_ESW_VPORT_PF;
}

static int xnic_repr_open(struct net_device *netdev)
{
	struct xnic_repr *repr = netdev_priv(netdev);
	int err;

	if (xnic_repr_is_uplink(repr) && repr->xnic->switchdev) {
		err = xnic_phys_port_cmd(repr->xnic, 0, XNIC_CMD_PORT_ENABLE, 1);
		if (err) {
			netdev_err(netdev, "PORT_ENABLE failed (%d)\n", err);
			return err;
		}
	}
	netif_start_queue(netdev);
	return 0;
}

static int xnic_repr_stop(struct net_device *netdev)
{
	struct xnic_repr *repr = netdev_priv(netdev);
	int err;

	netif_stop_queue(netdev);
	if (xnic_repr_is_uplink(repr) && repr->xnic->switchdev) {
		err = xnic_phys_port_cmd(repr->xnic, 0, XNIC_CMD_PORT_ENABLE, 0);
		if (err)
			netdev_warn(netdev, "PORT_ENABLE 0 failed (%d)\n", err);
	}
	return 0;
}

static netdev_tx_t xnic_repr_xmit(struct sk_buff *skb,
				  struct net_device *netdev)
{
	struct xnic_repr *repr = netdev_priv(netdev);

	return xnic_slowpath_xmit(repr->sp, skb, repr->port_id, netdev);
}

/**
 * xnic_repr_uplink_apply() - give physical port 0 the uplink
 * representor's MTU and admin state
 * @repr: the uplink representor
 *
 * Called when switchdev mode takes effect.
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno.
 */
int xnic_repr_uplink_apply(struct xnic_repr *repr)
{
	struct net_device *netdev = repr->netdev;
	int err;

	ASSERT_RTNL();
	err = xnic_phys_port_cmd(repr->xnic, 0, XNIC_CMD_PORT_SET_MTU,
				 netdev->mtu);
	if (err)
		return err;
	return xnic_phys_port_cmd(repr->xnic, 0, XNIC_CMD_PORT_ENABLE,
				  netif_running(netdev));
}

/* The uplink's MTU is physical port 0's; the others' limit only the stack */
static int xnic_repr_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct xnic_repr *repr = netdev_priv(netdev);
	int err;

	if (xnic_repr_is_uplink(repr) && repr->xnic->switchdev) {
		err = xnic_phys_port_cmd(repr->xnic, 0, XNIC_CMD_PORT_SET_MTU,
					 new_mtu);
		if (err) {
			netdev_err(netdev, "PORT_SET_MTU %d failed (%d)\n",
				   new_mtu, err);
			return err;
		}
	}
	WRITE_ONCE(netdev->mtu, new_mtu);
	return 0;
}

/*
 * The NIC's counters of the represented port, read from BAR0 (no command,
 * so atomic context is fine): physical port 0's own counters for the
 * uplink; for the PF and VFs, their vport counters with rx and tx swapped.
 */
static void xnic_repr_get_stats64(struct net_device *netdev,
				  struct rtnl_link_stats64 *s)
{
	struct xnic_repr *repr = netdev_priv(netdev);
	struct xnic *xnic = repr->xnic;

	if (xnic_repr_is_uplink(repr)) {
		u64 v[XNIC_PORT_NUM_STATS];

		if (!xnic->ports[0])
			return;
		xnic_port_read_hw_stats(xnic->ports[0], v);
		xnic_port_stats_to_link(v, s);
		s->tx_errors = v[XNIC_PSTAT(tx_errors)];
		s->rx_errors = s->rx_length_errors;
	} else {
		u64 v[XNIC_VPORT_NUM_STATS];

		xnic_esw_vport_read_hw_stats(xnic, xnic_repr_vport(repr), v);
		xnic_vport_stats_to_link(v, s, true);
	}
}

static bool xnic_repr_has_offload_stats(const struct net_device *netdev,
					int attr_id)
{
	return attr_id == IFLA_OFFLOAD_XSTATS_CPU_HIT;
}

/* CPU hit: what crossed the slow path, counted by the representor itself */
static int xnic_repr_get_offload_stats(int attr_id,
				       const struct net_device *netdev,
				       void *attr_data)
{
	if (attr_id != IFLA_OFFLOAD_XSTATS_CPU_HIT)
		return -EINVAL;
	memset(attr_data, 0, sizeof(struct rtnl_link_stats64));
	dev_fetch_sw_netstats(attr_data, netdev->tstats);
	return 0;
}

/* TC offload: flower rules on the clsact ingress block (flower.c) */
static int xnic_repr_setup_tc(struct net_device *netdev,
			      enum tc_setup_type type, void *type_data)
{
	return xnic_flower_setup_tc(netdev_priv(netdev), type, type_data);
}

/* hw-tc-offload stays on while rules of this representor are in the NIC */
static int xnic_repr_set_features(struct net_device *netdev,
				  netdev_features_t features)
{
	struct xnic_repr *repr = netdev_priv(netdev);

	if ((netdev->features & NETIF_F_HW_TC) && !(features & NETIF_F_HW_TC) &&
	    xnic_flower_repr_busy(repr)) {
		netdev_err(netdev, "cannot disable hw-tc-offload: flower rules are offloaded, remove them first\n");
		return -EBUSY;
	}
	return 0;
}

static struct devlink_port *xnic_repr_get_devlink_port(struct net_device *dev)
{
	struct xnic_repr *repr = netdev_priv(dev);

	return &repr->dl_port;
}

static const struct net_device_ops xnic_repr_netdev_ops = {
	.ndo_open		= xnic_repr_open,
	.ndo_stop		= xnic_repr_stop,
	.ndo_start_xmit		= xnic_repr_xmit,
	.ndo_change_mtu		= xnic_repr_change_mtu,
	.ndo_get_stats64	= xnic_repr_get_stats64,
	.ndo_has_offload_stats	= xnic_repr_has_offload_stats,
	.ndo_get_offload_stats	= xnic_repr_get_offload_stats,
	.ndo_setup_tc		= xnic_repr_setup_tc,
	.ndo_set_features	= xnic_repr_set_features,
	.ndo_get_devlink_port	= xnic_repr_get_devlink_port,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

/**
 * xnic_repr_of_netdev() - the representor behind a netdev, if it is one
 * @netdev: any netdev
 *
 * Return: the representor, or NULL if @netdev is not an xnic representor.
 */
struct xnic_repr *xnic_repr_of_netdev(const struct net_device *netdev)
{
	if (netdev->netdev_ops != &xnic_repr_netdev_ops)
		return NULL;
	return netdev_priv(netdev);
}

static void xnic_repr_get_drvinfo(struct net_device *netdev,
				  struct ethtool_drvinfo *info)
{
	struct xnic_repr *repr = netdev_priv(netdev);

	strscpy(info->driver, XNIC_DRV_NAME, sizeof(info->driver));
	strscpy(info->bus_info, pci_name(repr->xnic->pdev),
		sizeof(info->bus_info));
	snprintf(info->fw_version, sizeof(info->fw_version), "%u.%u.%u",
		 repr->xnic->fw_version >> 16,
		 (repr->xnic->fw_version >> 8) & 0xff,
		 repr->xnic->fw_version & 0xff);
}

static const struct ethtool_ops xnic_repr_ethtool_ops = {
	.get_drvinfo		= xnic_repr_get_drvinfo,
	.get_link		= ethtool_op_get_link,
};

/* The devlink port attributes of the port @repr stands for */
static void xnic_repr_dl_port_attrs(struct xnic_repr *repr)
{
	struct devlink_port *dl = &repr->dl_port;
	struct devlink_port_attrs attrs = {};
	u16 idx = repr->port_id & XNIC_PORT_INDEX_MASK;

	xnic_devlink_switch_id(repr->xnic, &attrs.switch_id);
	switch (repr->port_id & XNIC_PORT_TYPE_MASK) {
	case XNIC_PORT_TYPE_PHYS:
		attrs.flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL;
		attrs.phys.port_number = idx;
		devlink_port_attrs_set(dl, &attrs);
		break;
	case XNIC_PORT_TYPE_PF:
		dl->attrs.switch_id = attrs.switch_id;
		devlink_port_attrs_pci_pf_set(dl, 0, 0, false);
		break;
	default:
		dl->attrs.switch_id = attrs.switch_id;
		devlink_port_attrs_pci_vf_set(dl, 0, 0, idx, false);
		break;
	}
}

/**
 * xnic_repr_create() - create and register the representor of a port
 * @xnic: the PF
 * @sp: the slow path its frames will cross
 * @port_id: XNIC_PORT_PHYS(0), XNIC_PORT_PF or XNIC_PORT_VF(n)
 *
 * Registers its devlink port, then its netdev, ties the two together and
 * makes the slow path deliver the port's frames to it.
 *
 * Context: process context, the devlink instance lock held, not RTNL.
 * Return: the representor or an ERR_PTR(); nothing is left on failure.
 */
struct xnic_repr *xnic_repr_create(struct xnic *xnic,
				   struct xnic_slowpath *sp, u16 port_id)
{
	struct net_device *netdev;
	struct xnic_repr *repr;
	int err;

	devl_assert_locked(xnic->devlink);
	netdev = alloc_etherdev(sizeof(*repr));
	if (!netdev)
		return ERR_PTR(-ENOMEM);
	SET_NETDEV_DEV(netdev, xnic_dev(xnic));
	repr = netdev_priv(netdev);
	repr->xnic = xnic;
	repr->netdev = netdev;
	repr->sp = sp;
	repr->port_id = port_id;

	netdev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!netdev->tstats) {
		err = -ENOMEM;
		goto err_free_netdev;
	}
	netdev->netdev_ops = &xnic_repr_netdev_ops;
	netdev->ethtool_ops = &xnic_repr_ethtool_ops;
	netdev->min_mtu = XNIC_MTU_MIN;
	netdev->max_mtu = XNIC_MTU_MAX;
	/* the uplink starts with the MTU the port has (the PF netdev's) */
	if (xnic_repr_is_uplink(repr) && xnic->ports[0])
		netdev->mtu = xnic->ports[0]->netdev->mtu;
	netdev->hw_features |= NETIF_F_HW_TC;
	netdev->features |= NETIF_F_HW_TC;
	/* xmit takes a spinlock that the NAPI poll takes too */
	netdev->priv_flags |= IFF_DISABLE_NETPOLL | IFF_LIVE_ADDR_CHANGE;
	eth_hw_addr_random(netdev);

	xnic_repr_dl_port_attrs(repr);
	err = devl_port_register(xnic->devlink, &repr->dl_port, port_id);
	if (err) {
		dev_err(xnic_dev(xnic), "cannot register the devlink port of port 0x%04x (%d)\n",
			port_id, err);
		goto err_free_stats;
	}

	netif_carrier_off(netdev);
	err = register_netdev(netdev);
	if (err) {
		dev_err(xnic_dev(xnic), "cannot register the representor of port 0x%04x (%d)\n",
			port_id, err);
		goto err_port_unregister;
	}
	devlink_port_type_eth_set(&repr->dl_port, netdev);
	/* the cable between the eswitch and a PF or VF is always there */
	if (!xnic_repr_is_uplink(repr))
		netif_carrier_on(netdev);
	xnic_slowpath_set_netdev(sp, port_id, netdev);
	return repr;

err_port_unregister:
	devl_port_unregister(&repr->dl_port);
err_free_stats:
	free_percpu(netdev->tstats);
err_free_netdev:
	free_netdev(netdev);
	return ERR_PTR(err);
}

/**
 * xnic_repr_set_link() - the uplink representor follows port 0's link
 * @repr: the representor
 * @up: link is up
 *
 * Context: any context that may change a carrier.
 */
void xnic_repr_set_link(struct xnic_repr *repr, bool up)
{
	if (up)
		netif_carrier_on(repr->netdev);
	else
		netif_carrier_off(repr->netdev);
}

/**
 * xnic_repr_unpublish() - stop delivering slow-path frames to a representor
 * @repr: the representor
 *
 * Call xnic_slowpath_sync() before xnic_reprs_destroy(): one wait for all
 * representors that go.
 *
 * Context: the devlink instance lock held.
 */
void xnic_repr_unpublish(struct xnic_repr *repr)
{
	xnic_slowpath_set_netdev(repr->sp, repr->port_id, NULL);
}

/**
 * xnic_reprs_destroy() - unregister and free representors
 * @reprs: the representors, unpublished and synced; NULL entries are
 *         skipped, the others set to NULL
 * @n: entries in @reprs
 *
 * The netdevs go in one batch (one RCU wait for all, which matters with 64
 * VFs), then their devlink ports.
 *
 * Context: process context, the devlink instance lock held, not RTNL.
 */
void xnic_reprs_destroy(struct xnic_repr **reprs, u32 n)
{
	struct net_device *netdev;
	LIST_HEAD(list);
	u32 i;

	for (i = 0; i < n; i++)
		if (reprs[i])
			devlink_port_type_clear(&reprs[i]->dl_port);
	rtnl_lock();
	for (i = 0; i < n; i++)
		if (reprs[i])
			unregister_netdevice_queue(reprs[i]->netdev, &list);
	unregister_netdevice_many(&list);
	rtnl_unlock();
	for (i = 0; i < n; i++) {
		if (!reprs[i])
			continue;
		netdev = reprs[i]->netdev;
		devl_assert_locked(reprs[i]->xnic->devlink);
		devl_port_unregister(&reprs[i]->dl_port);
		reprs[i] = NULL;
		free_percpu(netdev->tstats);
		free_netdev(netdev);
	}
}
