// SPDX-License-Identifier: GPL-2.0
/*
 * vf.c - the administrator's VF settings on the PF (ip link set PF vf N ...).
 *
 * Each setting is checked here, sent to the NIC as VF_SET_CONFIG with the
 * one XNIC_VF_CFG_* bit it changes, checked again by the NIC and enforced
 * there. The PF's copy (struct xnic_vf_info) changes only when the NIC
 * accepted. All of this runs under RTNL, which also guards xnic->vfs.
 *
 * In switchdev mode the NIC applies no port VLAN and no spoof check (the
 * representors and offloaded rules decide): setting them is refused, as
 * mlx5 does, except the neutral values (VLAN 0, spoofchk off) that
 * libvirt writes. MAC, trust, link state and rate still apply.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>

#include "xnic.h"
#include "cmdq.h"

static struct xnic *xnic_of(struct net_device *netdev)
{
	struct xnic_port *port = netdev_priv(netdev);

	return port->xnic;
}

/*
 * The device of the uplink netdev and the VF's settings, or NULL if there is
 * no such VF (reported if @report: a set request, not a listing).
 */
static struct xnic_vf_info *xnic_vf_lookup(struct net_device *netdev, int vf,
					   struct xnic **xnicp, bool report)
{
	struct xnic_port *port = netdev_priv(netdev);
	struct xnic *xnic = port->xnic;

	ASSERT_RTNL();
	*xnicp = xnic;
	if (vf < 0 || vf >= xnic->num_vfs || !xnic->vfs) {
		if (report)
			netdev_err(netdev, "VF %d does not exist (%u VFs enabled)\n",
				   vf, xnic->num_vfs);
		return NULL;
	}
	return &xnic->vfs[vf];
}

static void xnic_vf_config_fill(struct xnic_vf_config *cfg, u16 vf,
				const struct xnic_vf_info *info, u16 valid)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->vf = cpu_to_le16(vf);
	cfg->valid = cpu_to_le16(valid);
	ether_addr_copy(cfg->mac, info->mac);
	cfg->vlan_proto = cpu_to_le16(be16_to_cpu(info->vlan_proto));
	cfg->vlan = cpu_to_le16(info->vlan);
	cfg->qos = info->qos;
	cfg->spoofchk = info->spoofchk;
	cfg->trust = info->trust;
	switch (info->link_state) {
	case IFLA_VF_LINK_STATE_ENABLE:
		cfg->link_state = XNIC_VF_LINK_ENABLE;
		break;
	case IFLA_VF_LINK_STATE_DISABLE:
		cfg->link_state = XNIC_VF_LINK_DISABLE;
		break;
	default:
		cfg->link_state = XNIC_VF_LINK_AUTO;
		break;
	}
	cfg->max_tx_rate = cpu_to_le32(info->max_tx_rate);
}

/* Decode the NIC's view of a VF into @info; -EIO if it makes no sense. */
static int xnic_vf_config_parse(struct xnic_vf_info *info,
				const struct xnic_vf_config *cfg)
{
	u16 proto = le16_to_cpu(cfg->vlan_proto);

	ether_addr_copy(info->mac, cfg->mac);
	if (proto == XNIC_VLAN_PROTO_8021AD)
		info->vlan_proto = htons(ETH_P_8021AD);
	else
		info->vlan_proto = htons(ETH_P_8021Q);
	info->vlan = le16_to_cpu(cfg->vlan);
	info->qos = cfg->qos;
	info->spoofchk = cfg->spoofchk;
	info->trust = cfg->trust;
	switch (cfg->link_state) {
	case XNIC_VF_LINK_AUTO:
		info->link_state = IFLA_VF_LINK_STATE_AUTO;
		break;
	case XNIC_VF_LINK_ENABLE:
		info->link_state = IFLA_VF_LINK_STATE_ENABLE;
		break;
	case XNIC_VF_LINK_DISABLE:
		info->link_state = IFLA_VF_LINK_STATE_DISABLE;
		break;
	default:
		return -EIO;
	}
	info->max_tx_rate = le32_to_cpu(cfg->max_tx_rate);
	/* without a port VLAN, a protocol of 0 means the default 802.1Q */
	if (!proto && !info->vlan)
		proto = XNIC_VLAN_PROTO_8021Q;
	if (info->vlan > VLAN_VID_MASK || info->qos > 7 ||
	    (proto != XNIC_VLAN_PROTO_8021Q && proto != XNIC_VLAN_PROTO_8021AD))
		return -EIO;
	return 0;
}

/*
 * Start a change of VF @vf's settings: @want gets a copy of the PF's, to
 * be changed and then sent with xnic_vf_apply(). -EINVAL if there is no
 * such VF.
 */
static int xnic_vf_edit(struct net_device *netdev, int vf,
			struct xnic_vf_info *want)
{
	struct xnic_vf_info *info;
	struct xnic *xnic;

	info = xnic_vf_lookup(netdev, vf, &xnic, true);
	if (!info)
		return -EINVAL;
	*want = *info;
	return 0;
}

/*
 * Send @want (the VF's settings with one change) as VF_SET_CONFIG with
 * @valid; on success it becomes the PF's copy.
 */
static int xnic_vf_commit(struct xnic *xnic, int vf,
			  const struct xnic_vf_info *want, u16 valid)
{
	struct xnic_vf_config cfg;
	int err;

	xnic_vf_config_fill(&cfg, vf, want, valid);
	err = xnic_cmd(xnic, XNIC_CMD_VF_SET_CONFIG, &cfg, sizeof(cfg), NULL, 0);
	if (!err)
		xnic->vfs[vf] = *want;
	return err;
}

/* xnic_vf_commit(), reporting a refusal on the uplink netdev */
static int xnic_vf_apply(struct net_device *netdev, int vf,
			 const struct xnic_vf_info *want, u16 valid,
			 const char *what)
{
	int err;

	err = xnic_vf_commit(xnic_of(netdev), vf, want, valid);
	if (err) {
		netdev_err(netdev, "VF %d: the NIC refused the %s (%d)\n",
			   vf, what, err);
		return err;
	}
	return 0;
}

/**
 * xnic_vf_set_mac() - set a VF's MAC, enforced by the NIC
 * @xnic: the PF
 * @vf: VF index
 * @mac: unicast MAC; all zero clears the administrator's MAC
 * @extack: for the reason of a refusal, may be NULL
 *
 * The VF driver is told by an event and takes the MAC at once. Used by
 * ip link set vf mac and by devlink port function set hw_addr.
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL (no such VF, multicast MAC) or the NIC's answer.
 */
int xnic_vf_set_mac(struct xnic *xnic, int vf, const u8 *mac,
		    struct netlink_ext_ack *extack)
{
	struct device *dev = xnic_dev(xnic);
	struct xnic_vf_info want;
	int err;

	ASSERT_RTNL();
	if (vf < 0 || vf >= xnic->num_vfs || !xnic->vfs) {
		NL_SET_ERR_MSG_MOD(extack, "no such VF");
		dev_err(dev, "VF %d does not exist (%u VFs enabled)\n", vf,
			xnic->num_vfs);
		return -EINVAL;
	}
	if (is_multicast_ether_addr(mac)) {
		NL_SET_ERR_MSG_MOD(extack, "a VF's MAC must be unicast");
		dev_err(dev, "VF %d: %pM is a multicast MAC\n", vf, mac);
		return -EINVAL;
	}
	want = xnic->vfs[vf];
	ether_addr_copy(want.mac, mac);
	err = xnic_vf_commit(xnic, vf, &want, XNIC_VF_CFG_MAC);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "the NIC refused the MAC");
		dev_err(dev, "VF %d: the NIC refused the MAC (%d)\n", vf, err);
	}
	return err;
}

/**
 * xnic_ndo_set_vf_mac() - ndo_set_vf_mac: the VF's MAC, enforced by the NIC
 * @netdev: the PF's uplink netdev
 * @vf: VF index
 * @mac: unicast MAC; all zero clears the administrator's MAC
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL (no such VF, multicast MAC) or the NIC's answer.
 */
int xnic_ndo_set_vf_mac(struct net_device *netdev, int vf, u8 *mac)
{
	return xnic_vf_set_mac(xnic_of(netdev), vf, mac, NULL);
}

/**
 * xnic_ndo_set_vf_vlan() - ndo_set_vf_vlan: the VF's port VLAN
 * @netdev: the PF's uplink netdev
 * @vf: VF index
 * @vlan: VLAN id, 0 for none
 * @qos: 802.1p priority
 * @proto: ETH_P_8021Q or ETH_P_8021AD, network order
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL (no such VF, VLAN > 4095, qos > 7), -EPROTONOSUPPORT,
 * -EOPNOTSUPP (a port VLAN in switchdev mode) or the NIC's answer.
 */
int xnic_ndo_set_vf_vlan(struct net_device *netdev, int vf, u16 vlan, u8 qos,
			 __be16 proto)
{
	struct xnic_vf_info want;

	if (xnic_vf_edit(netdev, vf, &want))
		return -EINVAL;
	if (vlan > VLAN_VID_MASK || qos > 7) {
		netdev_err(netdev, "VF %d: VLAN %u qos %u out of range (VLAN 0..4095, qos 0..7)\n",
			   vf, vlan, qos);
		return -EINVAL;
	}
	if (proto != htons(ETH_P_8021Q) && proto != htons(ETH_P_8021AD)) {
		netdev_err(netdev, "VF %d: VLAN protocol 0x%04x is not supported (802.1Q or 802.1ad)\n",
			   vf, ntohs(proto));
		return -EPROTONOSUPPORT;
	}
	if (xnic_of(netdev)->switchdev && (vlan || qos)) {
		netdev_err(netdev, "VF %d: no port VLAN in switchdev mode\n", vf);
		return -EOPNOTSUPP;
	}
	want.vlan = vlan;
	want.qos = qos;
	want.vlan_proto = proto;
	return xnic_vf_apply(netdev, vf, &want, XNIC_VF_CFG_VLAN, "VLAN");
}

/**
 * xnic_ndo_set_vf_rate() - ndo_set_vf_rate: the VF's transmit rate limit
 * @netdev: the PF's uplink netdev
 * @vf: VF index
 * @min_tx_rate: must be 0: guaranteed rates are not implemented
 * @max_tx_rate: Mb/s, 0 for unlimited
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL (no such VF, negative rate), -EOPNOTSUPP (min rate)
 * or the NIC's answer.
 */
int xnic_ndo_set_vf_rate(struct net_device *netdev, int vf, int min_tx_rate,
			 int max_tx_rate)
{
	struct xnic_vf_info want;

	if (xnic_vf_edit(netdev, vf, &want))
		return -EINVAL;
	if (min_tx_rate) {
		netdev_err(netdev, "VF %d: min_tx_rate is not supported\n", vf);
		return -EOPNOTSUPP;
	}
	if (max_tx_rate < 0)
		return -EINVAL;
	want.max_tx_rate = max_tx_rate;
	return xnic_vf_apply(netdev, vf, &want, XNIC_VF_CFG_RATE,
			     "rate limit");
}

/**
 * xnic_ndo_set_vf_spoofchk() - ndo_set_vf_spoofchk: source MAC checking
 * @netdev: the PF's uplink netdev
 * @vf: VF index
 * @on: drop (and count) frames whose source MAC is not the VF's
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL (no such VF), -EOPNOTSUPP (on, in switchdev mode) or
 * the NIC's answer.
 */
int xnic_ndo_set_vf_spoofchk(struct net_device *netdev, int vf, bool on)
{
	struct xnic_vf_info want;

	if (xnic_vf_edit(netdev, vf, &want))
		return -EINVAL;
	if (xnic_of(netdev)->switchdev && on) {
		netdev_err(netdev, "VF %d: no spoof check in switchdev mode\n",
			   vf);
		return -EOPNOTSUPP;
	}
	want.spoofchk = on;
	return xnic_vf_apply(netdev, vf, &want, XNIC_VF_CFG_SPOOFCHK,
			     "spoof check");
}

/**
 * xnic_ndo_set_vf_trust() - ndo_set_vf_trust
 * @netdev: the PF's uplink netdev
 * @vf: VF index
 * @on: the VF may change its MAC and go promiscuous
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL (no such VF) or the NIC's answer.
 */
int xnic_ndo_set_vf_trust(struct net_device *netdev, int vf, bool on)
{
	struct xnic_vf_info want;

	if (xnic_vf_edit(netdev, vf, &want))
		return -EINVAL;
	want.trust = on;
	return xnic_vf_apply(netdev, vf, &want, XNIC_VF_CFG_TRUST,
			     "trust setting");
}

/**
 * xnic_ndo_set_vf_link_state() - ndo_set_vf_link_state
 * @netdev: the PF's uplink netdev
 * @vf: VF index
 * @state: IFLA_VF_LINK_STATE_AUTO (follow the uplink), _ENABLE or _DISABLE
 *
 * The VF's carrier follows through a VPORT_CHANGED event.
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL (no such VF, unknown state) or the NIC's answer.
 */
int xnic_ndo_set_vf_link_state(struct net_device *netdev, int vf, int state)
{
	struct xnic_vf_info want;

	if (xnic_vf_edit(netdev, vf, &want))
		return -EINVAL;
	if (state != IFLA_VF_LINK_STATE_AUTO &&
	    state != IFLA_VF_LINK_STATE_ENABLE &&
	    state != IFLA_VF_LINK_STATE_DISABLE)
		return -EINVAL;
	want.link_state = state;
	return xnic_vf_apply(netdev, vf, &want, XNIC_VF_CFG_LINK_STATE,
			     "link state");
}

/**
 * xnic_ndo_get_vf_config() - ndo_get_vf_config, for ip link show
 * @netdev: the PF's uplink netdev
 * @vf: VF index
 * @ivi: result
 *
 * The MAC shown is the one in effect, which VF_GET_CONFIG reports (the
 * administrator's, else the one the VF driver set); the rest is the PF's
 * copy, which is what the NIC accepted. If the NIC does not answer, the
 * administrator's MAC is shown.
 *
 * Context: RTNL held.
 * Return: 0 or -EINVAL (no such VF).
 */
int xnic_ndo_get_vf_config(struct net_device *netdev, int vf,
			   struct ifla_vf_info *ivi)
{
	struct xnic_vf_req req = { .vf = cpu_to_le16(vf) };
	struct xnic_vf_config cfg = {};
	struct xnic_vf_info *info;
	struct xnic *xnic;

	/*
	 * Listings ask only for VFs the PCI core has; while VFs are being
	 * enabled or disabled the driver may not know them yet: no message.
	 * Anything else is a request for a VF that does not exist (the
	 * kernel asks this before ndo_set_vf_rate).
	 */
	info = xnic_vf_lookup(netdev, vf, &xnic,
			      vf < 0 || vf >= pci_num_vf(xnic_of(netdev)->pdev));
	if (!info)
		return -EINVAL;

	ivi->vf = vf;
	if (!xnic_cmd(xnic, XNIC_CMD_VF_GET_CONFIG, &req, sizeof(req),
		      &cfg, sizeof(cfg)) && le16_to_cpu(cfg.vf) == vf)
		ether_addr_copy(ivi->mac, cfg.mac);
	else
		ether_addr_copy(ivi->mac, info->mac);
	ivi->vlan = info->vlan;
	ivi->qos = info->qos;
	ivi->vlan_proto = info->vlan_proto;
	ivi->spoofchk = info->spoofchk;
	ivi->trusted = info->trust;
	ivi->linkstate = info->link_state;
	ivi->max_tx_rate = info->max_tx_rate;
	ivi->min_tx_rate = 0;
	ivi->rss_query_en = 0;
	return 0;
}

/**
 * xnic_ndo_get_vf_stats() - ndo_get_vf_stats: the NIC's counters of a VF
 * @netdev: the PF's uplink netdev
 * @vf: VF index
 * @vf_stats: result; rx is what the VF received, tx what it sent. Frames
 *            dropped by the spoof check count as tx_dropped.
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno (@vf_stats then untouched).
 */
int xnic_ndo_get_vf_stats(struct net_device *netdev, int vf,
			  struct ifla_vf_stats *vf_stats)
{
	struct xnic_vf_req req = { .vf = cpu_to_le16(vf) };
	struct xnic_vport_stats st = {};
	struct xnic *xnic;
	int err;

	if (!xnic_vf_lookup(netdev, vf, &xnic, false))
		return -EINVAL;
	err = xnic_cmd(xnic, XNIC_CMD_VF_STATS, &req, sizeof(req), &st,
		       sizeof(st));
	if (err) {
		netdev_err_once(netdev, "VF_STATS of VF %d failed (%d)\n",
				vf, err);
		return err;
	}
	vf_stats->rx_packets = le64_to_cpu(st.rx_packets);
	vf_stats->tx_packets = le64_to_cpu(st.tx_packets);
	vf_stats->rx_bytes = le64_to_cpu(st.rx_bytes);
	vf_stats->tx_bytes = le64_to_cpu(st.tx_bytes);
	vf_stats->broadcast = le64_to_cpu(st.rx_broadcast);
	vf_stats->multicast = le64_to_cpu(st.rx_multicast);
	vf_stats->rx_dropped = le64_to_cpu(st.rx_dropped);
	vf_stats->tx_dropped = le64_to_cpu(st.tx_dropped) +
			       le64_to_cpu(st.tx_spoofed);
	return 0;
}

#define XNIC_VF_READ_BATCH	64

/**
 * xnic_vf_read_configs() - read the NIC's settings of freshly enabled VFs
 * @xnic: the PF
 * @vfs: result, @n entries
 * @n: VFs enabled
 *
 * One doorbell per XNIC_VF_READ_BATCH VF_GET_CONFIG commands.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int xnic_vf_read_configs(struct xnic *xnic, struct xnic_vf_info *vfs, u16 n)
{
	struct xnic_vf_config *cfgs;
	struct xnic_cmd_req *reqs;
	struct xnic_vf_req *vreqs;
	u16 first, i, cnt;
	int err = 0;

	reqs = kcalloc(XNIC_VF_READ_BATCH, sizeof(*reqs), GFP_KERNEL);
	vreqs = kcalloc(XNIC_VF_READ_BATCH, sizeof(*vreqs), GFP_KERNEL);
	cfgs = kcalloc(XNIC_VF_READ_BATCH, sizeof(*cfgs), GFP_KERNEL);
	if (!reqs || !vreqs || !cfgs) {
		err = -ENOMEM;
		goto out;
	}

	for (first = 0; first < n && !err; first += cnt) {
		cnt = min_t(u16, n - first, XNIC_VF_READ_BATCH);
		for (i = 0; i < cnt; i++) {
			memset(&reqs[i], 0, sizeof(reqs[i]));
			vreqs[i].vf = cpu_to_le16(first + i);
			reqs[i].opcode = XNIC_CMD_VF_GET_CONFIG;
			reqs[i].in = &vreqs[i];
			reqs[i].in_len = sizeof(vreqs[i]);
			reqs[i].out = &cfgs[i];
			reqs[i].out_size = sizeof(cfgs[i]);
			reqs[i].out_min = sizeof(cfgs[i]);
		}
		err = xnic_cmdq_exec_batch(xnic->cmdq, reqs, cnt);
		if (err) {
			dev_err(xnic_dev(xnic), "VF_GET_CONFIG of VFs %u..%u failed (%d)\n",
				first, first + cnt - 1, err);
			break;
		}
		for (i = 0; i < cnt && !err; i++) {
			if (le16_to_cpu(cfgs[i].vf) != first + i)
				err = -EIO;
			else
				err = xnic_vf_config_parse(&vfs[first + i],
							   &cfgs[i]);
			if (err)
				dev_err(xnic_dev(xnic), "VF_GET_CONFIG of VF %u: malformed answer\n",
					first + i);
		}
	}
out:
	kfree(cfgs);
	kfree(vreqs);
	kfree(reqs);
	return err;
}
