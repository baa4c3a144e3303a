// SPDX-License-Identifier: GPL-2.0
/*
 * vport.c - a VF's own virtual port: MAC, RX mode, link and administrator
 * changes, through the commands a VF may send (VPORT_*).
 *
 * The VF driver belongs to a tenant; the NIC checks what it asks for. The
 * MAC the administrator sets on the PF (ip link set PF vf N mac) reaches the
 * VF as XNIC_EV_VPORT_CHANGED, after which the VF re-reads VPORT_INFO and
 * applies MAC, link and trust. The same happens for link events.
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include "xnic.h"
#include "cmdq.h"

static int xnic_vport_info(struct xnic_port *port,
			   struct xnic_vport_info_resp *info)
{
	return xnic_cmd(port->xnic, XNIC_CMD_VPORT_INFO, NULL, 0, info,
			sizeof(*info));
}

static int xnic_vport_cmd_set_mac(struct xnic_port *port, const u8 *mac)
{
	struct xnic_vport_mac_req req = {};

	ether_addr_copy(req.mac, mac);
	return xnic_cmd(port->xnic, XNIC_CMD_VPORT_SET_MAC, &req, sizeof(req),
			NULL, 0);
}

/**
 * xnic_vport_init() - settings of a VF's netdev from VPORT_INFO
 * @port: the VF's port, netdev not registered yet
 * @link_up: result: the vport's link state
 *
 * If neither the administrator nor an earlier driver gave the VF a MAC, a
 * random one is chosen and given to the NIC, which forwards by it.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int xnic_vport_init(struct xnic_port *port, bool *link_up)
{
	struct xnic_vport_info_resp info = {};
	struct net_device *netdev = port->netdev;
	struct device *dev = xnic_dev(port->xnic);
	u32 mtu;
	int err;

	err = xnic_vport_info(port, &info);
	if (err) {
		dev_err(dev, "VPORT_INFO failed (%d)\n", err);
		return err;
	}

	if (is_valid_ether_addr(info.mac)) {
		eth_hw_addr_set(netdev, info.mac);
	} else {
		if (!is_zero_ether_addr(info.mac))
			dev_warn(dev, "NIC reports an invalid MAC %pM, choosing a random one\n",
				 info.mac);
		eth_hw_addr_random(netdev);
		err = xnic_vport_cmd_set_mac(port, netdev->dev_addr);
		if (err) {
			dev_err(dev, "VPORT_SET_MAC %pM failed (%d)\n",
				netdev->dev_addr, err);
			return err;
		}
	}

	port->trusted = info.trusted;
	port->speed = le32_to_cpu(info.speed);
	/* the uplink's MTU is the natural default; a VF may pick another */
	mtu = le32_to_cpu(info.mtu);
	if (mtu < XNIC_MTU_MIN || mtu > XNIC_MTU_MAX)
		mtu = ETH_DATA_LEN;
	netdev->mtu = mtu;
	port->cfg.mtu = mtu;
	*link_up = info.link_up;
	return 0;
}

/**
 * xnic_vport_changed() - re-read VPORT_INFO and apply it to the netdev
 * @port: the VF's port, registered
 *
 * A MAC the administrator set replaces the netdev's address (under RTNL,
 * with a NETDEV_CHANGEADDR notification, and the neighbours are told as
 * after a migration). If the administrator cleared it
 * and the NIC has no MAC for the VF, the netdev's address is given back to
 * the NIC. The carrier follows the vport's link. If the VF became trusted,
 * a refused promiscuous mode is asked for again.
 *
 * Context: process context (event work), xnic->port_lock held.
 */
void xnic_vport_changed(struct xnic_port *port)
{
	struct xnic_vport_info_resp info = {};
	struct net_device *netdev = port->netdev;
	int err;

	err = xnic_vport_info(port, &info);
	if (err) {
		netdev_err(netdev, "VPORT_INFO failed (%d)\n", err);
		return;
	}

	port->speed = le32_to_cpu(info.speed);
	rtnl_lock();
	if (is_valid_ether_addr(info.mac) &&
	    !ether_addr_equal(info.mac, netdev->dev_addr)) {
		eth_hw_addr_set(netdev, info.mac);
		call_netdevice_notifiers(NETDEV_CHANGEADDR, netdev);
		/* neighbours still have the old MAC: gratuitous ARP / NA */
		if (netif_running(netdev))
			__netdev_notify_peers(netdev);
		netdev_info(netdev, "MAC changed to %pM by the %s\n", info.mac,
			    info.admin_mac ? "administrator" : "NIC");
	} else if (is_zero_ether_addr(info.mac)) {
		err = xnic_vport_cmd_set_mac(port, netdev->dev_addr);
		if (err)
			netdev_err(netdev, "the NIC has no MAC for this VF and refused %pM (%d)\n",
				   netdev->dev_addr, err);
	}
	rtnl_unlock();

	if (info.trusted != port->trusted) {
		port->trusted = info.trusted;
		netdev_info(netdev, "VF is %strusted now\n",
			    info.trusted ? "" : "not ");
		if (info.trusted && port->rx_mode_refused)
			schedule_work(&port->rx_mode_work);
	}
	xnic_port_set_link(port, info.link_up);
}

/**
 * xnic_vport_set_mac() - ndo_set_mac_address of a VF
 * @netdev: the VF's netdev
 * @addr: struct sockaddr with the new MAC
 *
 * The NIC refuses (EPERM) when the administrator set the VF's MAC and the
 * VF is not trusted; the netdev's address changes only when it agrees.
 *
 * Context: RTNL held.
 * Return: 0, -EADDRNOTAVAIL for an invalid MAC, -EPERM, or another errno.
 */
int xnic_vport_set_mac(struct net_device *netdev, void *addr)
{
	struct xnic_port *port = netdev_priv(netdev);
	struct sockaddr *sa = addr;
	int err;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	if (ether_addr_equal(sa->sa_data, netdev->dev_addr))
		return 0;

	err = xnic_vport_cmd_set_mac(port, sa->sa_data);
	if (err == -EPERM) {
		netdev_err(netdev, "the administrator set this VF's MAC and the VF is not trusted: MAC change refused\n");
		return err;
	}
	if (err) {
		netdev_err(netdev, "VPORT_SET_MAC %pM failed (%d)\n",
			   sa->sa_data, err);
		return err;
	}
	eth_hw_addr_set(netdev, sa->sa_data);
	return 0;
}

/**
 * xnic_vport_set_rx_mode() - ndo_set_rx_mode of a VF
 * @netdev: the VF's netdev
 *
 * Records the mode the flags ask for; a work item sends it to the NIC, as
 * commands sleep and this runs under the netdev's address lock.
 *
 * Context: atomic.
 */
void xnic_vport_set_rx_mode(struct net_device *netdev)
{
	struct xnic_port *port = netdev_priv(netdev);
	u32 mode = 0;

	if (netdev->flags & IFF_PROMISC)
		mode |= XNIC_RX_MODE_PROMISC;
	if (netdev->flags & IFF_ALLMULTI)
		mode |= XNIC_RX_MODE_ALLMULTI;
	WRITE_ONCE(port->rx_mode_want, mode);
	schedule_work(&port->rx_mode_work);
}

static int xnic_vport_cmd_rx_mode(struct xnic_port *port, u32 mode)
{
	struct xnic_vport_rx_mode_req req = { .flags = cpu_to_le32(mode) };

	return xnic_cmd(port->xnic, XNIC_CMD_VPORT_SET_RX_MODE, &req,
			sizeof(req), NULL, 0);
}

/**
 * xnic_vport_rx_mode_work() - send the RX mode the netdev asks for
 * @work: struct xnic_port.rx_mode_work
 *
 * An untrusted VF may not be promiscuous: the NIC answers EPERM, which is
 * logged once (until the mode is accepted again), and the rest of the mode
 * (all-multicast) is applied without it.
 *
 * Context: process context (system workqueue).
 */
void xnic_vport_rx_mode_work(struct work_struct *work)
{
	struct xnic_port *port = container_of(work, struct xnic_port,
					      rx_mode_work);
	u32 mode = READ_ONCE(port->rx_mode_want);
	int err;

	if (mode == port->rx_mode_hw && !port->rx_mode_refused)
		return;
	err = xnic_vport_cmd_rx_mode(port, mode);
	if (err == -EPERM && (mode & XNIC_RX_MODE_PROMISC)) {
		if (!port->rx_mode_refused)
			netdev_warn(port->netdev, "promiscuous mode refused: the VF is not trusted\n");
		port->rx_mode_refused = true;
		mode &= ~XNIC_RX_MODE_PROMISC;
		if (mode == port->rx_mode_hw)
			return;
		err = xnic_vport_cmd_rx_mode(port, mode);
	} else if (!err) {
		port->rx_mode_refused = false;
	}
	if (err) {
		netdev_err(port->netdev, "VPORT_SET_RX_MODE 0x%x failed (%d)\n",
			   mode, err);
		return;
	}
	port->rx_mode_hw = mode;
}
