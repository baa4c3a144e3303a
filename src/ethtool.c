// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool.c - ethtool operations of a port netdev (PF port or VF).
 *
 * The statistics start with the NIC's counters: on the PF, the physical
 * port's (port_*, what crossed the wire); on a VF and on the PF's uplink
 * (port 0), the function's own vport in the eswitch (vport_*, what the
 * netdev's counters come from); then what each queue counted.
 */
#include <linux/ethtool.h>
#include <linux/log2.h>
#include <linux/netdevice.h>

#include "xnic.h"
#include "cmdq.h"
#include "flower.h"

/* struct xnic_port_stats order */
static const char xnic_port_stat_names[][ETH_GSTRING_LEN] = {
	"port_rx_packets",
	"port_rx_bytes",
	"port_tx_packets",
	"port_tx_bytes",
	"port_rx_no_buf",
	"port_rx_oversize",
	"port_tx_errors",
	"port_tx_dropped",
	"port_rx_multicast",
	"port_rx_broadcast",
};

/* struct xnic_vport_stats order */
static const char xnic_vport_stat_names[][ETH_GSTRING_LEN] = {
	"vport_rx_packets",
	"vport_rx_bytes",
	"vport_tx_packets",
	"vport_tx_bytes",
	"vport_rx_broadcast",
	"vport_rx_multicast",
	"vport_rx_dropped",
	"vport_tx_dropped",
	"vport_tx_spoofed",
	"vport_tx_rate_limited",
};

static const char * const xnic_rxq_stat_names[] = {
	"packets", "bytes", "errors", "alloc_fail",
};

static const char * const xnic_txq_stat_names[] = {
	"packets", "bytes", "errors", "dropped", "stopped",
};

#define XNIC_QUEUE_NUM_STATS	(ARRAY_SIZE(xnic_rxq_stat_names) + \
				 ARRAY_SIZE(xnic_txq_stat_names))

static void xnic_get_drvinfo(struct net_device *netdev,
			     struct ethtool_drvinfo *info)
{
	struct xnic_port *port = netdev_priv(netdev);
	struct xnic *xnic = port->xnic;

	strscpy(info->driver, XNIC_DRV_NAME, sizeof(info->driver));
	snprintf(info->fw_version, sizeof(info->fw_version), "%u.%u.%u %s",
		 xnic->fw_version >> 16, (xnic->fw_version >> 8) & 0xff,
		 xnic->fw_version & 0xff, xnic->fw_name);
	strscpy(info->bus_info, pci_name(xnic->pdev), sizeof(info->bus_info));
}

static void xnic_get_ringparam(struct net_device *netdev,
			       struct ethtool_ringparam *ring,
			       struct kernel_ethtool_ringparam *kring,
			       struct netlink_ext_ack *extack)
{
	struct xnic_port *port = netdev_priv(netdev);

	ring->rx_max_pending = XNIC_RING_MAX;
	ring->tx_max_pending = XNIC_RING_MAX;
	ring->rx_pending = port->cfg.rx_ring_size;
	ring->tx_pending = port->cfg.tx_ring_size;
}

static bool xnic_ring_size_valid(u32 size)
{
	return size >= XNIC_RING_MIN && size <= XNIC_RING_MAX &&
	       is_power_of_2(size);
}

static int xnic_set_ringparam(struct net_device *netdev,
			      struct ethtool_ringparam *ring,
			      struct kernel_ethtool_ringparam *kring,
			      struct netlink_ext_ack *extack)
{
	struct xnic_port *port = netdev_priv(netdev);
	struct xnic_port_cfg cfg = port->cfg;

	if (ring->rx_mini_pending || ring->rx_jumbo_pending) {
		NL_SET_ERR_MSG_MOD(extack, "mini and jumbo rings are not supported");
		return -EINVAL;
	}
	if (!xnic_ring_size_valid(ring->rx_pending) ||
	    !xnic_ring_size_valid(ring->tx_pending)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "ring sizes must be powers of two from 64 to 4096");
		return -EINVAL;
	}
	cfg.rx_ring_size = ring->rx_pending;
	cfg.tx_ring_size = ring->tx_pending;
	if (cfg.rx_ring_size == port->cfg.rx_ring_size &&
	    cfg.tx_ring_size == port->cfg.tx_ring_size)
		return 0;
	return xnic_port_reconfigure(port, &cfg);
}

static void xnic_get_channels(struct net_device *netdev,
			      struct ethtool_channels *ch)
{
	struct xnic_port *port = netdev_priv(netdev);

	ch->max_combined = port->xnic->qps_per_port;
	ch->combined_count = port->cfg.num_qps;
}

static int xnic_set_channels(struct net_device *netdev,
			     struct ethtool_channels *ch)
{
	struct xnic_port *port = netdev_priv(netdev);
	struct xnic_port_cfg cfg = port->cfg;

	if (ch->rx_count || ch->tx_count || ch->other_count ||
	    !ch->combined_count ||
	    ch->combined_count > port->xnic->qps_per_port)
		return -EINVAL;
	if (ch->combined_count == port->cfg.num_qps)
		return 0;
	cfg.num_qps = ch->combined_count;
	return xnic_port_reconfigure(port, &cfg);
}

static int xnic_get_link_ksettings(struct net_device *netdev,
				   struct ethtool_link_ksettings *cmd)
{
	struct xnic_port *port = netdev_priv(netdev);

	xnic_port_refresh_speed(port);

	ethtool_link_ksettings_zero_link_mode(cmd, supported);
	ethtool_link_ksettings_zero_link_mode(cmd, advertising);
	cmd->base.port = PORT_OTHER;
	cmd->base.autoneg = AUTONEG_DISABLE;
	if (netif_carrier_ok(netdev)) {
		cmd->base.speed = port->speed;
		cmd->base.duplex = DUPLEX_FULL;
	} else {
		cmd->base.speed = SPEED_UNKNOWN;
		cmd->base.duplex = DUPLEX_UNKNOWN;
	}
	return 0;
}

/* port counters shown: the PF's physical port counters; none on a VF */
static u32 xnic_port_stats_shown(const struct xnic_port *port)
{
	return port->xnic->is_vf ? 0 : XNIC_PORT_NUM_STATS;
}

/* vport counters shown: on a VF and on the PF's eswitch uplink */
static u32 xnic_vport_stats_shown(const struct xnic_port *port)
{
	return xnic_port_in_eswitch(port) ? XNIC_VPORT_NUM_STATS : 0;
}

/*
 * the NIC's flow table occupancy, and the rule commands the driver posted
 * (did not wait for) that the NIC refused all the same: on the PF's port 0
 * with flower firmware
 */
static const char * const xnic_flower_stat_names[] = {
	"esw_flow_rules", "esw_flow_rules_max", "esw_flow_posted_errors",
};

static u32 xnic_flower_stats_shown(const struct xnic_port *port)
{
	return port->xnic->flower && port->index == 0 ?
	       ARRAY_SIZE(xnic_flower_stat_names) : 0;
}

static int xnic_get_sset_count(struct net_device *netdev, int sset)
{
	struct xnic_port *port = netdev_priv(netdev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return xnic_port_stats_shown(port) + xnic_vport_stats_shown(port) +
	       port->cfg.num_qps * XNIC_QUEUE_NUM_STATS +
	       xnic_xdp_stats_count(port) + xnic_bpf_stats_count(port) +
	       xnic_flower_stats_shown(port);
}

static void xnic_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	struct xnic_port *port = netdev_priv(netdev);
	u32 q, i;

	if (sset != ETH_SS_STATS)
		return;
	BUILD_BUG_ON(ARRAY_SIZE(xnic_port_stat_names) != XNIC_PORT_NUM_STATS);
	BUILD_BUG_ON(ARRAY_SIZE(xnic_vport_stat_names) != XNIC_VPORT_NUM_STATS);
	for (i = 0; i < xnic_port_stats_shown(port); i++)
		ethtool_sprintf(&data, "%s", xnic_port_stat_names[i]);
	for (i = 0; i < xnic_vport_stats_shown(port); i++)
		ethtool_sprintf(&data, "%s", xnic_vport_stat_names[i]);
	for (q = 0; q < port->cfg.num_qps; q++) {
		for (i = 0; i < ARRAY_SIZE(xnic_rxq_stat_names); i++)
			ethtool_sprintf(&data, "rxq%u_%s", q,
					xnic_rxq_stat_names[i]);
		for (i = 0; i < ARRAY_SIZE(xnic_txq_stat_names); i++)
			ethtool_sprintf(&data, "txq%u_%s", q,
					xnic_txq_stat_names[i]);
	}
	xnic_xdp_get_strings(port, &data);
	xnic_bpf_get_strings(port, &data);
	for (i = 0; i < xnic_flower_stats_shown(port); i++)
		ethtool_sprintf(&data, "%s", xnic_flower_stat_names[i]);
}

static void xnic_get_ethtool_stats(struct net_device *netdev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct xnic_port *port = netdev_priv(netdev);
	struct xnic_rx_stats *rs;
	struct xnic_tx_stats *ts;
	struct xnic_xmit_stats *xs;
	unsigned int start;
	u32 q;

	if (xnic_port_stats_shown(port)) {
		xnic_port_read_hw_stats(port, data);
		data += XNIC_PORT_NUM_STATS;
	}
	if (xnic_vport_stats_shown(port)) {
		xnic_vport_read_hw_stats(port->xnic, data);
		data += XNIC_VPORT_NUM_STATS;
	}

	for (q = 0; q < port->cfg.num_qps; q++) {
		rs = &port->qps[q].rx.stats;
		do {
			start = u64_stats_fetch_begin(&rs->syncp);
			data[0] = rs->packets;
			data[1] = rs->bytes;
			data[2] = rs->errors;
			data[3] = rs->alloc_fail;
		} while (u64_stats_fetch_retry(&rs->syncp, start));
		data += ARRAY_SIZE(xnic_rxq_stat_names);

		ts = &port->qps[q].tx.stats;
		xs = &port->qps[q].tx.xmit_stats;
		do {
			start = u64_stats_fetch_begin(&ts->syncp);
			data[0] = ts->packets;
			data[1] = ts->bytes;
			data[2] = ts->errors;
		} while (u64_stats_fetch_retry(&ts->syncp, start));
		do {
			start = u64_stats_fetch_begin(&xs->syncp);
			data[3] = xs->dropped;
			data[4] = xs->stopped;
		} while (u64_stats_fetch_retry(&xs->syncp, start));
		data += ARRAY_SIZE(xnic_txq_stat_names);
	}
	xnic_xdp_get_stats(port, data);
	data += xnic_xdp_stats_count(port);
	xnic_bpf_get_stats(port, data);
	data += xnic_bpf_stats_count(port);
	if (xnic_flower_stats_shown(port)) {
		u32 num = 0, max = 0;

		/* FLOW_INFO; zeros if the NIC does not answer */
		xnic_flower_nic_rules(port->xnic, &num, &max);
		data[0] = num;
		data[1] = max;
		/* after FLOW_INFO, so every command posted before is done */
		data[2] = xnic_cmdq_posted_errors(port->xnic->cmdq);
	}
}

const struct ethtool_ops xnic_ethtool_ops = {
	.get_drvinfo		= xnic_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= xnic_get_link_ksettings,
	.get_ringparam		= xnic_get_ringparam,
	.set_ringparam		= xnic_set_ringparam,
	.get_channels		= xnic_get_channels,
	.set_channels		= xnic_set_channels,
	.get_sset_count		= xnic_get_sset_count,
	.get_strings		= xnic_get_strings,
	.get_ethtool_stats	= xnic_get_ethtool_stats,
};
