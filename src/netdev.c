// SPDX-License-Identifier: GPL-2.0
/*
 * netdev.c - one netdev per port: creation, open/stop, MTU, statistics and
 * reconfiguration.
 *
 * A port is a physical port of the PF or the virtual port of a VF; both use
 * the same rings, NAPI and ethtool code. They differ in what the NIC lets
 * them do: the PF reads PORT_INFO, enables its port and sets the port MTU
 * (PORT_* commands, PF only); a VF reads VPORT_INFO (vport.c), its queues
 * are always its own port's and its MTU only sizes its RX buffers.
 *
 * Everything that changes a port's configuration or its queues runs under
 * RTNL. The event work reaches a port only through xnic->ports[] under
 * xnic->port_lock.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "xnic.h"
#include "cmdq.h"
#include "eswitch.h"

/**
 * xnic_phys_port_cmd() - send PORT_ENABLE or PORT_SET_MTU for a physical port
 * @xnic: the PF
 * @index: physical port index
 * @opcode: XNIC_CMD_PORT_ENABLE or XNIC_CMD_PORT_SET_MTU
 * @arg: 1/0 to enable/disable, or the MTU
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int xnic_phys_port_cmd(struct xnic *xnic, u32 index, u16 opcode, u32 arg)
{
	struct xnic_cmd_port_req req = {
		.port = cpu_to_le16(index),
		.arg = cpu_to_le32(arg),
	};

	return xnic_cmd(xnic, opcode, &req, sizeof(req), NULL, 0);
}

static int xnic_port_cmd(struct xnic_port *port, u16 opcode, u32 arg)
{
	return xnic_phys_port_cmd(port->xnic, port->index, opcode, arg);
}

/**
 * xnic_port_owns_phys() - whether the netdev of a port sets the admin state
 * and MTU of its physical port (PORT_ENABLE, PORT_SET_MTU)
 * @port: the port
 *
 * A VF never does. In switchdev mode physical port 0 belongs to its
 * representor (repr.c) and the PF netdev of port 0 is only the PF's vport,
 * whose MTU sizes its RX buffers as a VF's does.
 *
 * Context: RTNL held (xnic->switchdev changes under RTNL).
 */
bool xnic_port_owns_phys(const struct xnic_port *port)
{
	return !port->xnic->is_vf &&
	       !(port->index == 0 && port->xnic->switchdev);
}

/**
 * xnic_port_info() - query PORT_INFO
 * @port: the port
 * @info: response
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int xnic_port_info(struct xnic_port *port, struct xnic_cmd_port_info_resp *info)
{
	struct xnic_cmd_port_req req = { .port = cpu_to_le16(port->index) };

	return xnic_cmd(port->xnic, XNIC_CMD_PORT_INFO, &req, sizeof(req),
			info, sizeof(*info));
}

/**
 * xnic_port_set_link() - apply a link state reported by the NIC
 * @port: the port
 * @up: link is up
 *
 * Context: process context, xnic->port_lock held.
 */
void xnic_port_set_link(struct xnic_port *port, bool up)
{
	struct net_device *netdev = port->netdev;

	/* in switchdev mode the uplink representor shows port 0's link too */
	if (!port->xnic->is_vf && port->index == 0)
		xnic_esw_uplink_link(port->xnic, up);
	if (up == netif_carrier_ok(netdev))
		return;
	if (up) {
		netif_carrier_on(netdev);
		netdev_info(netdev, "link up, %u Mb/s\n", port->speed);
	} else {
		netif_carrier_off(netdev);
		netdev_info(netdev, "link down\n");
	}
}

/*
 * @n 64-bit counters whose LO registers are 8 bytes apart from @lo0:
 * reading LO latches HI, so each pair stays together under stats_lock.
 */
static void xnic_read_hw_counters(struct xnic *xnic, u32 lo0, u32 n, u64 *vals)
{
	unsigned long flags;
	u32 lo, hi, i;

	spin_lock_irqsave(&xnic->stats_lock, flags);
	for (i = 0; i < n; i++) {
		lo = xnic_rd32(xnic, lo0 + i * 8);
		hi = xnic_rd32(xnic, lo0 + i * 8 + 4);
		vals[i] = (u64)hi << 32 | lo;
	}
	spin_unlock_irqrestore(&xnic->stats_lock, flags);
}

/**
 * xnic_port_read_hw_stats() - read the NIC's counters of a physical port
 * @port: the port (PF only)
 * @vals: XNIC_PORT_NUM_STATS values in struct xnic_port_stats order
 *
 * Context: any context except hard interrupt; does not sleep.
 */
void xnic_port_read_hw_stats(struct xnic_port *port, u64 *vals)
{
	xnic_read_hw_counters(port->xnic,
			      XNIC_REG_PORT_STAT_LO(port->index, 0),
			      XNIC_PORT_NUM_STATS, vals);
}

/**
 * xnic_vport_read_hw_stats() - read the NIC's counters of the function's
 * own vport (the PF's in the eswitch, or the VF's)
 * @xnic: the device
 * @vals: XNIC_VPORT_NUM_STATS values in struct xnic_vport_stats order
 *
 * Context: any context except hard interrupt; does not sleep.
 */
void xnic_vport_read_hw_stats(struct xnic *xnic, u64 *vals)
{
	BUILD_BUG_ON(XNIC_REG_VPORT_STAT_HI(0) != XNIC_REG_VPORT_STAT_LO(0) + 4);
	xnic_read_hw_counters(xnic, XNIC_REG_VPORT_STAT_LO(0),
			      XNIC_VPORT_NUM_STATS, vals);
}

/**
 * xnic_esw_vport_read_hw_stats() - read the NIC's counters of any vport
 * @xnic: the PF
 * @vport: XNIC_ESW_VPORT_PF or XNIC_ESW_VPORT_VF(n)
 * @vals: XNIC_VPORT_NUM_STATS values in struct xnic_vport_stats order
 *
 * Context: any context except hard interrupt; does not sleep.
 */
void xnic_esw_vport_read_hw_stats(struct xnic *xnic, u16 vport, u64 *vals)
{
	xnic_read_hw_counters(xnic, XNIC_REG_ESW_VPORT_STAT_LO(vport, 0),
			      XNIC_VPORT_NUM_STATS, vals);
}

/**
 * xnic_port_stats_to_link() - a physical port's NIC counters as link stats
 * @v: XNIC_PORT_NUM_STATS values (xnic_port_read_hw_stats())
 * @s: filled: packets, bytes, multicast, drops and length errors
 */
void xnic_port_stats_to_link(const u64 *v, struct rtnl_link_stats64 *s)
{
	s->rx_packets = v[XNIC_PSTAT(rx_packets)];
	s->rx_bytes = v[XNIC_PSTAT(rx_bytes)];
	s->tx_packets = v[XNIC_PSTAT(tx_packets)];
	s->tx_bytes = v[XNIC_PSTAT(tx_bytes)];
	s->multicast = v[XNIC_PSTAT(rx_multicast)];
	s->rx_dropped = v[XNIC_PSTAT(rx_no_buf)];
	s->rx_length_errors = v[XNIC_PSTAT(rx_oversize)];
	s->tx_dropped = v[XNIC_PSTAT(tx_dropped)];
}

/**
 * xnic_vport_stats_to_link() - a vport's NIC counters as link stats
 * @v: XNIC_VPORT_NUM_STATS values
 * @s: filled: packets, bytes and drops
 * @switch_side: false: as the function sees them (its netdev); true: as the
 *               switch sees them (its representor: what the function sent
 *               is what the representor received), as nfp reports
 */
void xnic_vport_stats_to_link(const u64 *v, struct rtnl_link_stats64 *s,
			      bool switch_side)
{
	u64 rx_packets = v[XNIC_VSTAT(rx_packets)];
	u64 rx_bytes = v[XNIC_VSTAT(rx_bytes)];
	u64 rx_dropped = v[XNIC_VSTAT(rx_dropped)];
	u64 tx_packets = v[XNIC_VSTAT(tx_packets)];
	u64 tx_bytes = v[XNIC_VSTAT(tx_bytes)];
	u64 tx_dropped = v[XNIC_VSTAT(tx_dropped)] + v[XNIC_VSTAT(tx_spoofed)];

	if (switch_side) {
		swap(rx_packets, tx_packets);
		swap(rx_bytes, tx_bytes);
		swap(rx_dropped, tx_dropped);
	} else {
		s->multicast = v[XNIC_VSTAT(rx_multicast)];
	}
	s->rx_packets = rx_packets;
	s->rx_bytes = rx_bytes;
	s->rx_dropped = rx_dropped;
	s->tx_packets = tx_packets;
	s->tx_bytes = tx_bytes;
	s->tx_dropped = tx_dropped;
}

/**
 * xnic_port_in_eswitch() - whether the port's netdev is a vport of the
 * eswitch (a VF, or the PF's port 0, the uplink), whose own traffic the
 * vport counters count; the PF's other ports have only their port counters
 * @port: the port
 */
bool xnic_port_in_eswitch(const struct xnic_port *port)
{
	return port->xnic->is_vf || port->index == 0;
}

/**
 * xnic_port_refresh_speed() - re-read the link speed from the NIC
 * @port: the port
 *
 * PORT_INFO on the PF, VPORT_INFO on a VF; the cached speed stays if the
 * NIC does not answer.
 *
 * Context: process context.
 */
void xnic_port_refresh_speed(struct xnic_port *port)
{
	struct xnic_cmd_port_info_resp pinfo = {};
	struct xnic_vport_info_resp vinfo = {};

	if (port->xnic->is_vf) {
		if (!xnic_cmd(port->xnic, XNIC_CMD_VPORT_INFO, NULL, 0,
			      &vinfo, sizeof(vinfo)))
			port->speed = le32_to_cpu(vinfo.speed);
	} else if (!xnic_port_info(port, &pinfo)) {
		port->speed = le32_to_cpu(pinfo.speed);
	}
}

/* What the driver counted itself: frames that never reached the NIC */
struct xnic_drv_stats {
	u64 rx_errors;
	u64 tx_errors;
	u64 tx_dropped;
};

static void xnic_read_drv_stats(struct xnic_port *port,
				struct xnic_drv_stats *d)
{
	unsigned int start, i;
	u64 rx_errors, tx_errors, tx_dropped;
	struct xnic_qp *qp;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < port->xnic->qps_per_port; i++) {
		qp = &port->qps[i];
		do {
			start = u64_stats_fetch_begin(&qp->rx.stats.syncp);
			rx_errors = qp->rx.stats.errors;
		} while (u64_stats_fetch_retry(&qp->rx.stats.syncp, start));
		do {
			start = u64_stats_fetch_begin(&qp->tx.stats.syncp);
			tx_errors = qp->tx.stats.errors;
		} while (u64_stats_fetch_retry(&qp->tx.stats.syncp, start));
		do {
			start = u64_stats_fetch_begin(&qp->tx.xmit_stats.syncp);
			tx_dropped = qp->tx.xmit_stats.dropped;
		} while (u64_stats_fetch_retry(&qp->tx.xmit_stats.syncp, start));
		d->rx_errors += rx_errors;
		d->tx_errors += tx_errors;
		d->tx_dropped += tx_dropped;
	}
}

/*
 * A netdev's counters come from the NIC, read from BAR0 without a command
 * (this may run in atomic context): a VF's and the PF uplink's are those
 * of the function's own vport in the eswitch (the physical port's also
 * include the VFs' traffic to and from the wire: ethtool -S shows them as
 * port_*); the PF's other ports are not in the eswitch and their port
 * counters are their own. Added to them: the frames the driver dropped
 * before they reached the NIC (tx_dropped), and the completions the driver
 * found in error (rx_errors, tx_errors; the NIC also counts most of these
 * as dropped).
 */
static void xnic_get_stats64(struct net_device *netdev,
			     struct rtnl_link_stats64 *s)
{
	struct xnic_port *port = netdev_priv(netdev);
	struct xnic_drv_stats d;

	xnic_read_drv_stats(port, &d);
	if (xnic_port_in_eswitch(port)) {
		u64 v[XNIC_VPORT_NUM_STATS];

		xnic_vport_read_hw_stats(port->xnic, v);
		xnic_vport_stats_to_link(v, s, false);
	} else {
		u64 v[XNIC_PORT_NUM_STATS];

		xnic_port_read_hw_stats(port, v);
		xnic_port_stats_to_link(v, s);
	}
	s->rx_errors = d.rx_errors + s->rx_length_errors;
	s->tx_errors = d.tx_errors;
	s->tx_dropped += d.tx_dropped;
}

/* Create the RX and TX queues of the port's active queue pairs. */
static int xnic_port_queues_create(struct xnic_port *port)
{
	return xnic_qps_hw_create(port->xnic, port->qps, port->cfg.num_qps,
				  port->port_id);
}

/* Destroy every queue of the port the NIC knows. If the NIC does not
 * confirm one, the port is marked hw_stuck: its ring memory is kept until
 * the device is reset.
 */
static void xnic_port_queues_destroy(struct xnic_port *port)
{
	if (xnic_qps_hw_destroy(port->xnic, port->qps,
				port->xnic->qps_per_port))
		port->hw_stuck = true;
}

static void xnic_port_napi_stop(struct xnic_port *port, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		xnic_qp_irq_free(&port->qps[i]);
		napi_disable(&port->qps[i].napi);
		netif_napi_del(&port->qps[i].napi);
	}
}

static void xnic_port_rings_free(struct xnic_port *port)
{
	u32 i;

	if (port->hw_stuck)
		return;
	for (i = 0; i < port->xnic->qps_per_port; i++)
		xnic_qp_free(&port->qps[i]);
}

/**
 * xnic_port_up() - allocate and start the port's queues
 * @port: the port
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno; on failure nothing is left running.
 */
int xnic_port_up(struct xnic_port *port)
{
	struct net_device *netdev = port->netdev;
	u32 i, n = port->cfg.num_qps;
	int err;

	ASSERT_RTNL();
	if (port->up)
		return 0;
	if (port->hw_stuck) {
		netdev_err(netdev, "queues were not released by the NIC; reload the driver\n");
		return -EIO;
	}

	for (i = 0; i < n; i++) {
		err = xnic_qp_alloc(&port->qps[i], &port->cfg);
		if (err)
			goto err_free;
	}
	err = netif_set_real_num_tx_queues(netdev, n);
	if (err)
		goto err_free;
	err = netif_set_real_num_rx_queues(netdev, n);
	if (err)
		goto err_free;

	err = xnic_port_queues_create(port);
	if (err)
		goto err_destroy;
	for (i = 0; i < n; i++)
		xnic_qp_fill_rx(&port->qps[i]);

	for (i = 0; i < n; i++) {
		netif_napi_add(netdev, &port->qps[i].napi, xnic_napi_poll);
		napi_enable(&port->qps[i].napi);
		err = xnic_qp_irq_request(&port->qps[i]);
		if (err) {
			napi_disable(&port->qps[i].napi);
			netif_napi_del(&port->qps[i].napi);
			goto err_napi;
		}
	}

	/* a VF's port is enabled by its queues; PORT_* is PF only */
	if (xnic_port_owns_phys(port)) {
		err = xnic_port_cmd(port, XNIC_CMD_PORT_ENABLE, 1);
		if (err) {
			netdev_err(netdev, "PORT_ENABLE failed (%d)\n", err);
			goto err_napi;
		}
	}

	for (i = 0; i < n; i++)
		writel(1, port->qps[i].irq_arm);
	port->up = true;
	netif_tx_wake_all_queues(netdev);
	return 0;

err_napi:
	xnic_port_napi_stop(port, i);
err_destroy:
	xnic_port_queues_destroy(port);
err_free:
	xnic_port_rings_free(port);
	return err;
}

/**
 * xnic_port_down() - stop and free the port's queues
 * @port: the port
 *
 * Context: RTNL held.
 */
void xnic_port_down(struct xnic_port *port)
{
	struct net_device *netdev = port->netdev;
	u32 i;
	int err;

	ASSERT_RTNL();
	if (!port->up)
		return;
	port->up = false;

	/* no NAPI poll may wake a TX queue once they are disabled */
	for (i = 0; i < port->cfg.num_qps; i++)
		napi_disable(&port->qps[i].napi);
	netif_tx_disable(netdev);

	if (xnic_port_owns_phys(port)) {
		err = xnic_port_cmd(port, XNIC_CMD_PORT_ENABLE, 0);
		if (err)
			netdev_warn(netdev, "PORT_ENABLE 0 failed (%d)\n", err);
	}
	xnic_port_queues_destroy(port);

	for (i = 0; i < port->cfg.num_qps; i++) {
		xnic_qp_irq_free(&port->qps[i]);
		netif_napi_del(&port->qps[i].napi);
	}
	xnic_port_rings_free(port);
}

static int xnic_ndo_open(struct net_device *netdev)
{
	return xnic_port_up(netdev_priv(netdev));
}

static int xnic_ndo_stop(struct net_device *netdev)
{
	xnic_port_down(netdev_priv(netdev));
	return 0;
}

/*
 * Make @cfg the port's configuration (port stopped). The PF's MTU goes to
 * the NIC; a VF's MTU only sizes its RX buffers (the VF has no PORT_* right),
 * and so does the PF's port 0 in switchdev mode (see xnic_port_owns_phys()).
 */
static int xnic_port_apply(struct xnic_port *port,
			   const struct xnic_port_cfg *cfg)
{
	int err;

	if (cfg->mtu != port->cfg.mtu && !xnic_port_owns_phys(port)) {
		WRITE_ONCE(port->netdev->mtu, cfg->mtu);
	} else if (cfg->mtu != port->cfg.mtu) {
		err = xnic_port_cmd(port, XNIC_CMD_PORT_SET_MTU, cfg->mtu);
		if (err) {
			netdev_err(port->netdev, "PORT_SET_MTU %u failed (%d)\n",
				   cfg->mtu, err);
			return err;
		}
		WRITE_ONCE(port->netdev->mtu, cfg->mtu);
	}
	port->cfg = *cfg;
	return 0;
}

/**
 * xnic_port_reconfigure() - change MTU, queue count or ring sizes
 * @port: the port
 * @cfg: the new configuration
 *
 * A running port is stopped, reconfigured and restarted. If it does not
 * restart, the previous configuration is restored and restarted.
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno (the old configuration is then in force).
 */
int xnic_port_reconfigure(struct xnic_port *port,
			  const struct xnic_port_cfg *cfg)
{
	bool running = netif_running(port->netdev);
	struct xnic_port_cfg old = port->cfg;
	int err, err2;

	ASSERT_RTNL();
	if (running)
		xnic_port_down(port);

	err = xnic_port_apply(port, cfg);
	if (err)
		goto restart;
	if (!running)
		return 0;
	err = xnic_port_up(port);
	if (!err)
		return 0;
	netdev_err(port->netdev, "cannot restart with the new configuration (%d), restoring the previous one\n",
		   err);
	err2 = xnic_port_apply(port, &old);
	if (err2)
		return err;

restart:
	if (running) {
		err2 = xnic_port_up(port);
		if (err2)
			netdev_err(port->netdev, "cannot restart with the previous configuration (%d); the port stays down until it is closed and opened\n",
				   err2);
	}
	return err;
}

static int xnic_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct xnic_port *port = netdev_priv(netdev);
	struct xnic_port_cfg cfg = port->cfg;

	cfg.mtu = new_mtu;
	return xnic_port_reconfigure(port, &cfg);
}

static void xnic_tx_timeout(struct net_device *netdev, unsigned int txqueue)
{
	struct xnic_port *port = netdev_priv(netdev);
	struct xnic_tx_ring *tx;

	if (txqueue >= port->cfg.num_qps)
		return;
	tx = &port->qps[txqueue].tx;
	netdev_err(netdev, "TX queue %u timed out: producer %u, cleaned %u\n",
		   txqueue, READ_ONCE(tx->prod), READ_ONCE(tx->clean));
}

static int xnic_get_phys_port_name(struct net_device *netdev, char *name,
				   size_t len)
{
	struct xnic_port *port = netdev_priv(netdev);
	int n;

	n = snprintf(name, len, "p%u", port->index);
	return n >= len ? -EOPNOTSUPP : 0;
}

/* What every xnic netdev, PF port or VF, does the same way */
#define XNIC_NETDEV_OPS_COMMON					\
	.ndo_open		= xnic_ndo_open,			\
	.ndo_stop		= xnic_ndo_stop,			\
	.ndo_start_xmit		= xnic_start_xmit,		\
	.ndo_get_stats64	= xnic_get_stats64,		\
	.ndo_change_mtu		= xnic_change_mtu,		\
	.ndo_validate_addr	= eth_validate_addr,		\
	.ndo_tx_timeout		= xnic_tx_timeout,		\
	.ndo_bpf		= xnic_ndo_bpf,			\
	.ndo_xdp_xmit		= xnic_xdp_xmit

/* ... and every PF physical port: its MAC is the host's to set */
#define XNIC_PF_NETDEV_OPS_COMMON				\
	XNIC_NETDEV_OPS_COMMON,					\
	.ndo_set_mac_address	= eth_mac_addr,			\
	.ndo_get_phys_port_name	= xnic_get_phys_port_name

/* PF physical ports other than the uplink of the eswitch */
static const struct net_device_ops xnic_netdev_ops = {
	XNIC_PF_NETDEV_OPS_COMMON,
};

/* PF port 0, the eswitch uplink: also the administrator's VF settings */
static const struct net_device_ops xnic_uplink_netdev_ops = {
	XNIC_PF_NETDEV_OPS_COMMON,
	.ndo_set_vf_mac		= xnic_ndo_set_vf_mac,
	.ndo_set_vf_vlan	= xnic_ndo_set_vf_vlan,
	.ndo_set_vf_rate	= xnic_ndo_set_vf_rate,
	.ndo_set_vf_spoofchk	= xnic_ndo_set_vf_spoofchk,
	.ndo_set_vf_trust	= xnic_ndo_set_vf_trust,
	.ndo_set_vf_link_state	= xnic_ndo_set_vf_link_state,
	.ndo_get_vf_config	= xnic_ndo_get_vf_config,
	.ndo_get_vf_stats	= xnic_ndo_get_vf_stats,
};

/* the virtual port of a VF: MAC and RX mode go to the NIC, checked there */
static const struct net_device_ops xnic_vf_netdev_ops = {
	XNIC_NETDEV_OPS_COMMON,
	.ndo_set_mac_address	= xnic_vport_set_mac,
	.ndo_set_rx_mode	= xnic_vport_set_rx_mode,
};

static void xnic_port_init_qps(struct xnic_port *port)
{
	struct xnic *xnic = port->xnic;
	struct xnic_qp *qp;
	u32 i;

	for (i = 0; i < xnic->qps_per_port; i++) {
		qp = &port->qps[i];
		qp->port = port;
		qp->index = i;
		xnic_qp_init(qp, xnic, port->index * xnic->qps_per_port + i);
	}
}

/* Settings from PORT_INFO: MAC, speed, MTU; @link_up: its link state. */
static int xnic_port_init_from_info(struct xnic_port *port, bool *link_up)
{
	struct xnic_cmd_port_info_resp info = {};
	struct net_device *netdev = port->netdev;
	struct device *dev = xnic_dev(port->xnic);
	u32 mtu;
	int err;

	err = xnic_port_info(port, &info);
	if (err) {
		dev_err(dev, "PORT_INFO of port %u failed (%d)\n", port->index, err);
		return err;
	}

	if (is_valid_ether_addr(info.mac)) {
		eth_hw_addr_set(netdev, info.mac);
	} else {
		eth_hw_addr_random(netdev);
		dev_warn(dev, "port %u has no valid MAC address (%pM), using random %pM\n",
			 port->index, info.mac, netdev->dev_addr);
	}

	port->speed = le32_to_cpu(info.speed);
	mtu = le32_to_cpu(info.mtu);
	if (mtu < XNIC_MTU_MIN || mtu > XNIC_MTU_MAX) {
		mtu = ETH_DATA_LEN;
		err = xnic_port_cmd(port, XNIC_CMD_PORT_SET_MTU, mtu);
		if (err) {
			dev_err(dev, "PORT_SET_MTU of port %u failed (%d)\n",
				port->index, err);
			return err;
		}
	}
	netdev->mtu = mtu;
	port->cfg.mtu = mtu;
	*link_up = info.link_up;
	return 0;
}

/**
 * xnic_port_create() - create and register the netdev of a port
 * @xnic: the device, firmware running
 * @index: physical port index on the PF; 0 (the virtual port) on a VF
 *
 * Context: process context (probe).
 * Return: 0 or a negative errno; nothing is left allocated on failure.
 */
int xnic_port_create(struct xnic *xnic, u32 index)
{
	struct net_device *netdev;
	struct xnic_port *port;
	bool link_up;
	int err;

	netdev = alloc_etherdev_mqs(sizeof(*port), xnic->qps_per_port,
				    xnic->qps_per_port);
	if (!netdev)
		return -ENOMEM;
	SET_NETDEV_DEV(netdev, xnic_dev(xnic));
	port = netdev_priv(netdev);
	port->xnic = xnic;
	port->netdev = netdev;
	port->index = index;
	port->port_id = xnic->is_vf ? XNIC_PORT_VF(xnic->vf_index) :
				      XNIC_PORT_PHYS(index);
	INIT_WORK(&port->rx_mode_work, xnic_vport_rx_mode_work);
	port->cfg.num_qps = xnic->qps_per_port;
	port->cfg.tx_ring_size = XNIC_RING_DEFAULT;
	port->cfg.rx_ring_size = XNIC_RING_DEFAULT;

	port->qps = kcalloc(xnic->qps_per_port, sizeof(*port->qps), GFP_KERNEL);
	if (!port->qps) {
		err = -ENOMEM;
		goto err_free_netdev;
	}
	xnic_port_init_qps(port);
	err = xnic_xdp_port_init(port);
	if (err)
		goto err_free_qps;

	if (xnic->is_vf)
		netdev->netdev_ops = &xnic_vf_netdev_ops;
	else if (index == 0)
		netdev->netdev_ops = &xnic_uplink_netdev_ops;
	else
		netdev->netdev_ops = &xnic_netdev_ops;
	netdev->ethtool_ops = &xnic_ethtool_ops;
	netdev->min_mtu = XNIC_MTU_MIN;
	netdev->max_mtu = XNIC_MTU_MAX;
	netdev->dev_port = index;
	netdev->watchdog_timeo = 5 * HZ;
	netdev->priv_flags |= IFF_LIVE_ADDR_CHANGE;

	/* Events for this port wait until it is registered with the link
	 * state PORT_INFO reported, then apply in order. The carrier is set
	 * after registration so that the operational state follows it.
	 */
	mutex_lock(&xnic->port_lock);
	if (xnic->is_vf)
		err = xnic_vport_init(port, &link_up);
	else
		err = xnic_port_init_from_info(port, &link_up);
	if (err)
		goto err_unlock;
	netif_carrier_off(netdev);
	err = register_netdev(netdev);
	if (err) {
		dev_err(xnic_dev(xnic), "cannot register the netdev of port 0x%04x (%d)\n",
			port->port_id, err);
		goto err_unlock;
	}
	if (link_up)
		netif_carrier_on(netdev);
	xnic_bpf_port_register(port);
	port->registered = true;
	xnic->ports[index] = port;
	mutex_unlock(&xnic->port_lock);

	if (xnic->is_vf)
		netdev_info(netdev, "VF %u, MAC %pM, %u queue pairs, link %s\n",
			    xnic->vf_index, netdev->dev_addr, port->cfg.num_qps,
			    netif_carrier_ok(netdev) ? "up" : "down");
	else
		netdev_info(netdev, "port %u, MAC %pM, %u queue pairs, link %s\n",
			    index, netdev->dev_addr, port->cfg.num_qps,
			    netif_carrier_ok(netdev) ? "up" : "down");
	return 0;

err_unlock:
	mutex_unlock(&xnic->port_lock);
	xnic_xdp_port_fini(port);
err_free_qps:
	kfree(port->qps);
err_free_netdev:
	free_netdev(netdev);
	return err;
}

/**
 * xnic_port_unregister() - unregister a port's netdev (closing it)
 * @xnic: the device, command queue still running
 * @index: physical port index
 *
 * The port's memory stays until xnic_port_free(), after the device reset.
 */
void xnic_port_unregister(struct xnic *xnic, u32 index)
{
	struct xnic_port *port = xnic->ports[index];

	if (!port || !port->registered)
		return;
	/* no more link events for it */
	mutex_lock(&xnic->port_lock);
	port->registered = false;
	mutex_unlock(&xnic->port_lock);
	/* detaches XDP programs and leaves the BPF offload device */
	xnic_bpf_unregister_netdev(port);
	/* closing may have scheduled an RX mode change; nothing runs after */
	cancel_work_sync(&port->rx_mode_work);
}

/**
 * xnic_port_free() - free an unregistered port
 * @xnic: the device, reset and no longer mastering the bus
 * @index: physical port index
 */
void xnic_port_free(struct xnic *xnic, u32 index)
{
	struct xnic_port *port = xnic->ports[index];
	u32 i;

	if (!port)
		return;
	WARN_ON(port->registered);
	mutex_lock(&xnic->port_lock);
	xnic->ports[index] = NULL;
	mutex_unlock(&xnic->port_lock);
	/* rings the NIC never released: safe to free now the NIC is reset */
	if (port->hw_stuck)
		for (i = 0; i < xnic->qps_per_port; i++)
			xnic_qp_free(&port->qps[i]);
	xnic_xdp_port_fini(port);
	kfree(port->qps);
	free_netdev(port->netdev);
}
