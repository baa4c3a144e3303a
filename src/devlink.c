// SPDX-License-Identifier: GPL-2.0
/*
 * devlink.c - the PF's devlink instance: device info, eswitch mode, and the
 * port function (MAC) of the VFs' representor ports.
 *
 * Locking (6.1): devlink calls these ops with the instance lock held
 * (devl_lock); they may take RTNL inside it, never the other way round.
 * The instance is allocated early in probe, registered last, and
 * unregistered first in remove, so no op runs on a half-built or
 * half-torn-down PF.
 */
#include <linux/etherdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <asm/unaligned.h>
#include <net/devlink.h>

#include "xnic.h"
#include "cmdq.h"
#include "devlink.h"
#include "eswitch.h"
#include "repr.h"

static struct xnic *xnic_of_devlink(struct devlink *devlink)
{
	return *(struct xnic **)devlink_priv(devlink);
}

/**
 * xnic_devlink_switch_id() - the switch id all representor ports share
 * @xnic: the PF
 * @id: result: the PCIe Device Serial Number (8 bytes, big endian), or the
 *      factory MAC of port 0 if the NIC has no DSN capability
 */
void xnic_devlink_switch_id(struct xnic *xnic, struct netdev_phys_item_id *id)
{
	u64 dsn = pci_get_dsn(xnic->pdev);

	memset(id, 0, sizeof(*id));
	if (dsn) {
		put_unaligned_be64(dsn, id->id);
		id->id_len = sizeof(dsn);
	} else if (xnic->ports[0]) {
		ether_addr_copy(id->id, xnic->ports[0]->netdev->perm_addr);
		id->id_len = ETH_ALEN;
	}
}

/*
 * Versions: fixed asic.id and asic.rev (the hardware interface version
 * register), running fw (x.y.z) and fw.app (the build name), both from
 * GET_INFO at probe. There are no stored versions: the driver loads the
 * firmware at probe and the NIC has no flash the driver can read yet.
 */
static int xnic_devlink_info_get(struct devlink *devlink,
				 struct devlink_info_req *req,
				 struct netlink_ext_ack *extack)
{
	struct xnic *xnic = xnic_of_devlink(devlink);
	u32 hw = xnic_rd32(xnic, XNIC_REG_HW_VERSION);
	u64 dsn = pci_get_dsn(xnic->pdev);
	char buf[32];
	u8 dsn_be[8];
	int err;

	err = devlink_info_driver_name_put(req, XNIC_DRV_NAME);
	if (err)
		return err;
	if (dsn) {
		put_unaligned_be64(dsn, dsn_be);
		snprintf(buf, sizeof(buf), "%8phD", dsn_be);
		err = devlink_info_serial_number_put(req, buf);
		if (err)
			return err;
	}
	snprintf(buf, sizeof(buf), "%u", hw >> 16);
	err = devlink_info_version_fixed_put(req,
					     DEVLINK_INFO_VERSION_GENERIC_ASIC_ID,
					     buf);
	if (err)
		return err;
	snprintf(buf, sizeof(buf), "%u", hw & 0xffff);
	err = devlink_info_version_fixed_put(req,
					     DEVLINK_INFO_VERSION_GENERIC_ASIC_REV,
					     buf);
	if (err)
		return err;
	snprintf(buf, sizeof(buf), "%u.%u.%u", xnic->fw_version >> 16,
		 (xnic->fw_version >> 8) & 0xff, xnic->fw_version & 0xff);
	err = devlink_info_version_running_put(req,
					       DEVLINK_INFO_VERSION_GENERIC_FW,
					       buf);
	if (err)
		return err;
	return devlink_info_version_running_put(req,
						DEVLINK_INFO_VERSION_GENERIC_FW_APP,
						xnic->fw_name);
}

static int xnic_devlink_eswitch_mode_get(struct devlink *devlink, u16 *mode)
{
	*mode = xnic_esw_mode(xnic_of_devlink(devlink));
	return 0;
}

static int xnic_devlink_eswitch_mode_set(struct devlink *devlink, u16 mode,
					 struct netlink_ext_ack *extack)
{
	return xnic_esw_mode_set(xnic_of_devlink(devlink), mode, extack);
}

/* The NIC matches on whatever headers a rule names: no minimal inline mode */
static int xnic_devlink_eswitch_inline_mode_get(struct devlink *devlink,
						u8 *mode)
{
	*mode = DEVLINK_ESWITCH_INLINE_MODE_NONE;
	return 0;
}

static int xnic_devlink_eswitch_inline_mode_set(struct devlink *devlink,
						u8 mode,
						struct netlink_ext_ack *extack)
{
	if (mode == DEVLINK_ESWITCH_INLINE_MODE_NONE)
		return 0;
	NL_SET_ERR_MSG_MOD(extack,
			   "only inline-mode none is supported: the NIC needs no inline headers");
	return -EOPNOTSUPP;
}

static int
xnic_devlink_eswitch_encap_mode_get(struct devlink *devlink,
				    enum devlink_eswitch_encap_mode *mode)
{
	*mode = DEVLINK_ESWITCH_ENCAP_MODE_BASIC;
	return 0;
}

static int
xnic_devlink_eswitch_encap_mode_set(struct devlink *devlink,
				    enum devlink_eswitch_encap_mode mode,
				    struct netlink_ext_ack *extack)
{
	if (mode == DEVLINK_ESWITCH_ENCAP_MODE_BASIC)
		return 0;
	NL_SET_ERR_MSG_MOD(extack, "only encap-mode basic is supported");
	return -EOPNOTSUPP;
}

/* The VF index of a representor's devlink port, or -1 if it is no VF's */
static int xnic_dl_port_vf(struct devlink_port *port)
{
	struct xnic_repr *repr = xnic_repr_of_dl_port(port);

	if ((repr->port_id & XNIC_PORT_TYPE_MASK) != XNIC_PORT_TYPE_VF)
		return -1;
	return repr->port_id & XNIC_PORT_INDEX_MASK;
}

/*
 * The MAC of the function behind a port: the PF netdev's for the PF port
 * (how OVN maps a PF MAC to a pf number), the one in effect for a VF port.
 */
static int xnic_devlink_port_fn_hw_addr_get(struct devlink_port *port,
					    u8 *hw_addr, int *hw_addr_len,
					    struct netlink_ext_ack *extack)
{
	struct xnic_repr *repr = xnic_repr_of_dl_port(port);
	struct xnic *xnic = repr->xnic;
	struct ifla_vf_info ivi = {};
	int vf = xnic_dl_port_vf(port);
	int err = 0;

	if (repr->port_id == XNIC_PORT_PHYS(0))
		return -EOPNOTSUPP;
	rtnl_lock();
	if (vf < 0)
		ether_addr_copy(hw_addr, xnic->ports[0]->netdev->dev_addr);
	else
		err = xnic_ndo_get_vf_config(xnic->ports[0]->netdev, vf, &ivi);
	rtnl_unlock();
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "no such VF");
		return err;
	}
	if (vf >= 0)
		ether_addr_copy(hw_addr, ivi.mac);
	*hw_addr_len = ETH_ALEN;
	return 0;
}

/* A VF port's MAC, as ip link set PF vf N mac sets it */
static int xnic_devlink_port_fn_hw_addr_set(struct devlink_port *port,
					    const u8 *hw_addr, int hw_addr_len,
					    struct netlink_ext_ack *extack)
{
	struct xnic_repr *repr = xnic_repr_of_dl_port(port);
	int vf = xnic_dl_port_vf(port);
	int err;

	if (vf < 0) {
		NL_SET_ERR_MSG_MOD(extack, "only a VF port's MAC can be set");
		return -EOPNOTSUPP;
	}
	if (hw_addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG_MOD(extack, "a MAC address is 6 bytes");
		return -EINVAL;
	}
	rtnl_lock();
	err = xnic_vf_set_mac(repr->xnic, vf, hw_addr, extack);
	rtnl_unlock();
	return err;
}

static const struct devlink_ops xnic_devlink_ops = {
	.info_get			= xnic_devlink_info_get,
	.eswitch_mode_get		= xnic_devlink_eswitch_mode_get,
	.eswitch_mode_set		= xnic_devlink_eswitch_mode_set,
	.eswitch_inline_mode_get	= xnic_devlink_eswitch_inline_mode_get,
	.eswitch_inline_mode_set	= xnic_devlink_eswitch_inline_mode_set,
	.eswitch_encap_mode_get		= xnic_devlink_eswitch_encap_mode_get,
	.eswitch_encap_mode_set		= xnic_devlink_eswitch_encap_mode_set,
	.port_function_hw_addr_get	= xnic_devlink_port_fn_hw_addr_get,
	.port_function_hw_addr_set	= xnic_devlink_port_fn_hw_addr_set,
};

/**
 * xnic_devlink_alloc() - allocate the PF's devlink instance (not registered)
 * @xnic: the PF
 *
 * Context: process context (probe).
 * Return: 0 or -ENOMEM.
 */
int xnic_devlink_alloc(struct xnic *xnic)
{
	struct devlink *devlink;

	devlink = devlink_alloc(&xnic_devlink_ops, sizeof(xnic), xnic_dev(xnic));
	if (!devlink)
		return -ENOMEM;
	*(struct xnic **)devlink_priv(devlink) = xnic;
	xnic->devlink = devlink;
	return 0;
}

/**
 * xnic_devlink_register() - make the instance visible: the last probe step
 * @xnic: the PF, fully set up
 */
void xnic_devlink_register(struct xnic *xnic)
{
	devlink_register(xnic->devlink);
}

/**
 * xnic_devlink_unregister() - hide the instance: the first remove step
 * @xnic: the PF
 *
 * Returns once no devlink op runs any more and none can start.
 */
void xnic_devlink_unregister(struct xnic *xnic)
{
	devlink_unregister(xnic->devlink);
}

/**
 * xnic_devlink_free() - free the unregistered instance
 * @xnic: the PF
 */
void xnic_devlink_free(struct xnic *xnic)
{
	if (!xnic->devlink)
		return;
	devlink_free(xnic->devlink);
	xnic->devlink = NULL;
}
