// SPDX-License-Identifier: GPL-2.0
/*
 * eswitch.c - the eswitch modes of the PF: legacy (the NIC's MAC/VLAN
 * switch, configured with ip link set vf) and switchdev (every frame no
 * offloaded rule claims reaches the representor of its source port).
 *
 * To switchdev: create the slow-path queues, then the representors (the
 * uplink, the PF, each VF), register for the tunnel devices' tc blocks
 * (flower_tunnel.c), then tell the NIC (ESW_SET_MODE); only then does
 * physical port 0 belong to its representor. Back to legacy: tell the NIC
 * first, unregister from the tunnel devices' blocks, give port 0 back to
 * the PF netdev, then remove the representors and the slow path. A change
 * that fails half-way is undone completely: legacy mode then works as
 * before and nothing stays registered.
 *
 * Everything here runs under the devlink instance lock: the devlink ops
 * hold it, and SR-IOV changes (sriov.c) take it, so VFs get and lose their
 * representors consistently with the mode. RTNL is taken inside it only
 * to flip xnic->switchdev and hand port 0 over.
 */
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/devlink.h>

#include "xnic.h"
#include "cmdq.h"
#include "eswitch.h"
#include "flower_tunnel.h"
#include "repr.h"
#include "slowpath.h"

/**
 * struct xnic_esw - eswitch mode state of the PF
 * @mode: DEVLINK_ESWITCH_MODE_LEGACY or _SWITCHDEV
 * @sp: the slow path, in switchdev mode
 * @uplink: representor of physical port 0; also read by link events under
 *          xnic->port_lock, so it is set and cleared under that lock too
 * @pf: representor of the PF's vport
 * @vfs: representors of the VFs, @max_vfs entries, NULL where none
 * @max_vfs: the NIC's TotalVFs
 * @num_offloaded_rules: offloaded flow rules the driver holds (flower.c,
 *                       under its lock); a mode change is refused while
 *                       any exist
 * @stuck_sp: a slow path whose queues the NIC did not release: freed after
 *            the device reset in remove
 */
struct xnic_esw {
	u16 mode;
	struct xnic_slowpath *sp;
	struct xnic_repr *uplink;
	struct xnic_repr *pf;
	struct xnic_repr **vfs;
	u16 max_vfs;
	atomic_t num_offloaded_rules;
	struct xnic_slowpath *stuck_sp;
};

/**
 * xnic_esw_init() - set up the eswitch state of the PF (legacy mode)
 * @xnic: the PF
 *
 * Context: process context (probe).
 * Return: 0 or -ENOMEM.
 */
int xnic_esw_init(struct xnic *xnic)
{
	struct xnic_esw *esw;

	esw = kzalloc(sizeof(*esw), GFP_KERNEL);
	if (!esw)
		return -ENOMEM;
	esw->mode = DEVLINK_ESWITCH_MODE_LEGACY;
	esw->max_vfs = pci_sriov_get_totalvfs(xnic->pdev);
	if (esw->max_vfs) {
		esw->vfs = kcalloc(esw->max_vfs, sizeof(*esw->vfs), GFP_KERNEL);
		if (!esw->vfs) {
			kfree(esw);
			return -ENOMEM;
		}
	}
	xnic->esw = esw;
	return 0;
}

/**
 * xnic_esw_free() - free the eswitch state
 * @xnic: the PF, its device reset (a stuck slow path may be freed now)
 */
void xnic_esw_free(struct xnic *xnic)
{
	struct xnic_esw *esw = xnic->esw;

	if (!esw)
		return;
	if (esw->stuck_sp)
		xnic_slowpath_free(esw->stuck_sp);
	kfree(esw->vfs);
	kfree(esw);
	xnic->esw = NULL;
}

/**
 * xnic_esw_mode() - the eswitch mode in effect
 * @xnic: the PF
 *
 * Return: DEVLINK_ESWITCH_MODE_LEGACY or DEVLINK_ESWITCH_MODE_SWITCHDEV.
 */
u16 xnic_esw_mode(const struct xnic *xnic)
{
	return xnic->esw->mode;
}

/**
 * xnic_esw_rules_changed() - offloaded rules were added or removed
 * @xnic: the PF
 * @delta: +1 for a rule the NIC took, -1 for one it dropped
 *
 * Context: any; the flower lock serialises the callers.
 */
void xnic_esw_rules_changed(struct xnic *xnic, int delta)
{
	atomic_add(delta, &xnic->esw->num_offloaded_rules);
}

/**
 * xnic_esw_num_offloaded_rules() - offloaded rules the driver holds
 * @xnic: the PF
 *
 * Context: any.
 * Return: the count xnic_esw_rules_changed() keeps.
 */
u32 xnic_esw_num_offloaded_rules(const struct xnic *xnic)
{
	return atomic_read(&xnic->esw->num_offloaded_rules);
}

/**
 * xnic_esw_uplink_link() - a link change of physical port 0
 * @xnic: the PF
 * @up: link is up
 *
 * The uplink representor's carrier follows the port's link.
 *
 * Context: xnic->port_lock held.
 */
void xnic_esw_uplink_link(struct xnic *xnic, bool up)
{
	lockdep_assert_held(&xnic->port_lock);
	if (xnic->esw && xnic->esw->uplink)
		xnic_repr_set_link(xnic->esw->uplink, up);
}

static int xnic_esw_cmd_set_mode(struct xnic *xnic, u8 mode)
{
	struct xnic_esw_mode_req req = { .mode = mode };

	return xnic_cmd(xnic, XNIC_CMD_ESW_SET_MODE, &req, sizeof(req), NULL, 0);
}

/* Unpublish the representors in @reprs, wait once, then destroy them */
static void xnic_esw_reprs_destroy(struct xnic *xnic, struct xnic_repr **reprs,
				   u32 n)
{
	struct xnic_esw *esw = xnic->esw;
	u32 i;

	for (i = 0; i < n; i++)
		if (reprs[i])
			xnic_repr_unpublish(reprs[i]);
	xnic_slowpath_sync(esw->sp);
	xnic_reprs_destroy(reprs, n);
}

/* Representors of VFs @first..@last-1 */
static int xnic_esw_vf_reprs_create(struct xnic *xnic, u16 first, u16 last)
{
	struct xnic_esw *esw = xnic->esw;
	struct xnic_repr *repr;
	u16 vf;

	for (vf = first; vf < last; vf++) {
		repr = xnic_repr_create(xnic, esw->sp, XNIC_PORT_VF(vf));
		if (IS_ERR(repr)) {
			xnic_esw_reprs_destroy(xnic, &esw->vfs[first],
					       vf - first);
			return PTR_ERR(repr);
		}
		esw->vfs[vf] = repr;
	}
	return 0;
}

static void xnic_esw_all_reprs_destroy(struct xnic *xnic)
{
	struct xnic_esw *esw = xnic->esw;
	struct xnic_repr *fixed[] = { esw->pf, esw->uplink };

	mutex_lock(&xnic->port_lock);
	esw->uplink = NULL;
	mutex_unlock(&xnic->port_lock);
	esw->pf = NULL;
	xnic_esw_reprs_destroy(xnic, esw->vfs, esw->max_vfs);
	xnic_esw_reprs_destroy(xnic, fixed, ARRAY_SIZE(fixed));
}

static int xnic_esw_all_reprs_create(struct xnic *xnic)
{
	struct xnic_esw *esw = xnic->esw;
	struct xnic_repr *repr;
	int err;

	repr = xnic_repr_create(xnic, esw->sp, XNIC_PORT_PHYS(0));
	if (IS_ERR(repr))
		return PTR_ERR(repr);
	mutex_lock(&xnic->port_lock);
	esw->uplink = repr;
	xnic_repr_set_link(repr, netif_carrier_ok(xnic->ports[0]->netdev));
	mutex_unlock(&xnic->port_lock);

	repr = xnic_repr_create(xnic, esw->sp, XNIC_PORT_PF);
	if (IS_ERR(repr)) {
		err = PTR_ERR(repr);
		goto err_destroy;
	}
	esw->pf = repr;
	err = xnic_esw_vf_reprs_create(xnic, 0, xnic->num_vfs);
	if (err)
		goto err_destroy;
	return 0;

err_destroy:
	xnic_esw_all_reprs_destroy(xnic);
	return err;
}

/* Stop and free the slow path; a stuck one waits for the device reset */
static void xnic_esw_slowpath_destroy(struct xnic *xnic)
{
	struct xnic_esw *esw = xnic->esw;

	if (!xnic_slowpath_destroy(esw->sp))
		esw->stuck_sp = esw->sp;
	esw->sp = NULL;
}

/*
 * Physical port 0 changes hands: in switchdev mode its representor's state
 * and MTU apply, in legacy mode the PF netdev's.
 */
static void xnic_esw_port0_handover(struct xnic *xnic, bool switchdev)
{
	struct xnic_port *port = xnic->ports[0];
	struct net_device *netdev = port->netdev;
	int err;

	rtnl_lock();
	xnic->switchdev = switchdev;
	if (switchdev) {
		err = xnic_repr_uplink_apply(xnic->esw->uplink);
	} else {
		err = xnic_phys_port_cmd(xnic, 0, XNIC_CMD_PORT_SET_MTU,
					 port->cfg.mtu);
		if (!err)
			err = xnic_phys_port_cmd(xnic, 0, XNIC_CMD_PORT_ENABLE,
						 port->up);
	}
	rtnl_unlock();
	if (err)
		netdev_warn(netdev, "cannot apply the %s MTU and state to physical port 0 (%d)\n",
			    switchdev ? "uplink representor's" : "PF netdev's",
			    err);
}

static int xnic_esw_to_switchdev(struct xnic *xnic,
				 struct netlink_ext_ack *extack)
{
	struct xnic_esw *esw = xnic->esw;
	int err;

	if (!(xnic->fw_caps & XNIC_CAP_SWITCHDEV)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the running firmware has no switchdev capability");
		return -EOPNOTSUPP;
	}
	if (!xnic->has_slowpath) {
		NL_SET_ERR_MSG_MOD(extack,
				   "no queue pair or MSI-X vector is left for the slow path");
		return -EOPNOTSUPP;
	}

	if (esw->stuck_sp) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the NIC did not release the last slow-path queues: reload the driver");
		return -EIO;
	}
	esw->sp = xnic_slowpath_create(xnic, esw->max_vfs, &esw->stuck_sp);
	if (IS_ERR(esw->sp)) {
		err = PTR_ERR(esw->sp);
		esw->sp = NULL;
		NL_SET_ERR_MSG_MOD(extack, "cannot create the slow-path queues");
		return err;
	}
	err = xnic_esw_all_reprs_create(xnic);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot create the representors");
		goto err_slowpath;
	}
	/* rules of tunnel devices (indirect blocks) bind from now on */
	err = xnic_tunnel_offload_start(xnic);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "cannot register for the tunnel devices' tc blocks");
		goto err_reprs;
	}
	err = xnic_esw_cmd_set_mode(xnic, XNIC_ESW_MODE_SWITCHDEV);
	if (err) {
		if (err == -EBUSY)
			NL_SET_ERR_MSG_MOD(extack,
					   "the NIC holds offloaded rules: remove them first");
		else if (err == -EOPNOTSUPP)
			NL_SET_ERR_MSG_MOD(extack,
					   "the NIC does not support switchdev mode");
		else
			NL_SET_ERR_MSG_MOD(extack, "the NIC refused switchdev mode");
		goto err_tunnel;
	}
	esw->mode = DEVLINK_ESWITCH_MODE_SWITCHDEV;
	xnic_esw_port0_handover(xnic, true);
	dev_info(xnic_dev(xnic), "eswitch in switchdev mode, %u VF representors\n",
		 xnic->num_vfs);
	return 0;

err_tunnel:
	xnic_tunnel_offload_stop(xnic);
err_reprs:
	xnic_esw_all_reprs_destroy(xnic);
err_slowpath:
	xnic_esw_slowpath_destroy(xnic);
	return err;
}

static int xnic_esw_to_legacy(struct xnic *xnic, struct netlink_ext_ack *extack)
{
	struct xnic_esw *esw = xnic->esw;
	int err;

	err = xnic_esw_cmd_set_mode(xnic, XNIC_ESW_MODE_LEGACY);
	if (err) {
		if (err == -EBUSY)
			NL_SET_ERR_MSG_MOD(extack,
					   "the NIC holds offloaded rules: remove them first");
		else
			NL_SET_ERR_MSG_MOD(extack, "the NIC refused legacy mode");
		return err;
	}
	esw->mode = DEVLINK_ESWITCH_MODE_LEGACY;
	xnic_tunnel_offload_stop(xnic);
	xnic_esw_port0_handover(xnic, false);
	xnic_esw_all_reprs_destroy(xnic);
	xnic_esw_slowpath_destroy(xnic);
	dev_info(xnic_dev(xnic), "eswitch in legacy mode\n");
	return 0;
}

/**
 * xnic_esw_mode_set() - change the eswitch mode
 * @xnic: the PF
 * @mode: DEVLINK_ESWITCH_MODE_LEGACY or _SWITCHDEV
 * @extack: for the reason of a refusal
 *
 * Context: devlink instance lock held.
 * Return: 0; -EBUSY while offloaded rules exist; -EOPNOTSUPP for a mode or
 * a firmware without switchdev; another negative errno if a step failed
 * (the previous mode then stays in full).
 */
int xnic_esw_mode_set(struct xnic *xnic, u16 mode,
		      struct netlink_ext_ack *extack)
{
	struct xnic_esw *esw = xnic->esw;

	devl_assert_locked(xnic->devlink);
	if (mode != DEVLINK_ESWITCH_MODE_LEGACY &&
	    mode != DEVLINK_ESWITCH_MODE_SWITCHDEV) {
		NL_SET_ERR_MSG_MOD(extack,
				   "only legacy and switchdev modes are supported");
		return -EOPNOTSUPP;
	}
	if (mode == esw->mode)
		return 0;
	if (atomic_read(&esw->num_offloaded_rules)) {
		NL_SET_ERR_MSG_MOD(extack, "offloaded rules exist: remove them first");
		return -EBUSY;
	}
	if (mode == DEVLINK_ESWITCH_MODE_SWITCHDEV)
		return xnic_esw_to_switchdev(xnic, extack);
	return xnic_esw_to_legacy(xnic, extack);
}

/**
 * xnic_esw_vfs_enabled() - VFs were enabled: give them representors
 * @xnic: the PF, xnic->num_vfs set
 *
 * Context: devlink instance lock held.
 * Return: 0 or a negative errno (no new representor is then left).
 */
int xnic_esw_vfs_enabled(struct xnic *xnic)
{
	struct xnic_esw *esw = xnic->esw;

	devl_assert_locked(xnic->devlink);
	if (esw->mode != DEVLINK_ESWITCH_MODE_SWITCHDEV)
		return 0;
	return xnic_esw_vf_reprs_create(xnic, 0, xnic->num_vfs);
}

/**
 * xnic_esw_vfs_disabling() - VFs are about to go: remove their representors
 * @xnic: the PF
 *
 * Context: devlink instance lock held.
 */
void xnic_esw_vfs_disabling(struct xnic *xnic)
{
	struct xnic_esw *esw = xnic->esw;

	devl_assert_locked(xnic->devlink);
	if (esw->mode != DEVLINK_ESWITCH_MODE_SWITCHDEV)
		return;
	xnic_esw_reprs_destroy(xnic, esw->vfs, esw->max_vfs);
}

/**
 * xnic_esw_remove() - back to legacy mode before the PF goes away
 * @xnic: the PF, its devlink instance unregistered
 *
 * If the NIC refuses (offloaded rules) or does not answer, the
 * representors and the slow path are removed anyway (taking the rules with
 * them) and legacy mode is asked for again; the device reset that follows
 * ends switchdev mode in any case.
 *
 * Context: process context (remove).
 */
void xnic_esw_remove(struct xnic *xnic)
{
	struct xnic_esw *esw = xnic->esw;
	int err;

	devl_lock(xnic->devlink);
	if (esw->mode == DEVLINK_ESWITCH_MODE_SWITCHDEV) {
		err = xnic_esw_to_legacy(xnic, NULL);
		if (err) {
			/*
			 * Offloaded rules (EBUSY) go with their representors
			 * and the tunnel devices' blocks: tc removes them when
			 * the blocks are unbound. Then the NIC may take legacy
			 * mode after all.
			 */
			esw->mode = DEVLINK_ESWITCH_MODE_LEGACY;
			xnic_tunnel_offload_stop(xnic);
			rtnl_lock();
			xnic->switchdev = false;
			rtnl_unlock();
			xnic_esw_all_reprs_destroy(xnic);
			xnic_esw_slowpath_destroy(xnic);
			if (err == -EBUSY)
				err = xnic_esw_cmd_set_mode(xnic,
							    XNIC_ESW_MODE_LEGACY);
			if (err)
				dev_warn(xnic_dev(xnic), "cannot return to legacy mode (%d); representors removed anyway\n",
					 err);
		}
	}
	devl_unlock(xnic->devlink);
}
