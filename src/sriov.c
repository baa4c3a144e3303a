// SPDX-License-Identifier: GPL-2.0
/*
 * sriov.c - enabling and disabling the PF's virtual functions.
 *
 * VFs are enabled by the num_vfs module parameter at the end of the PF's
 * probe and through /sys/bus/pci/devices/$PF/sriov_numvfs. The PCI core only
 * asks for 0 -> N and N -> 0 and checks N against TotalVFs, which is what
 * the NIC's SR-IOV capability says. The VFs are PCI functions of their own;
 * this module binds them too (vport.c and main.c), usually while
 * pci_enable_sriov() adds them.
 *
 * When the VFs exist, the PF reads their settings from the NIC (they are the
 * NIC's defaults, or what an earlier driver left) into xnic->vfs, which the
 * ip link set vf operations (vf.c) use under RTNL.
 *
 * Enabling and disabling VFs holds the devlink instance lock, as eswitch
 * mode changes do: in switchdev mode new VFs get representors and VFs
 * lose theirs before they go (eswitch.c).
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/devlink.h>

#include "xnic.h"
#include "eswitch.h"

static unsigned int num_vfs;
module_param(num_vfs, uint, 0444);
MODULE_PARM_DESC(num_vfs,
		 "Number of VFs each PF enables at probe (default 0, at most the NIC's TotalVFs)");

static int xnic_sriov_enable(struct xnic *xnic, int n)
{
	struct pci_dev *pdev = xnic->pdev;
	struct device *dev = xnic_dev(xnic);
	struct xnic_vf_info *vfs;
	int total, err;

	total = pci_sriov_get_totalvfs(pdev);
	if (n > total) {
		dev_err(dev, "cannot enable %d VFs: the NIC has %d\n", n, total);
		return -ERANGE;
	}
	vfs = kcalloc(n, sizeof(*vfs), GFP_KERNEL);
	if (!vfs)
		return -ENOMEM;

	err = pci_enable_sriov(pdev, n);
	if (err) {
		dev_err(dev, "cannot enable %d VFs (%d)\n", n, err);
		goto err_free;
	}
	err = xnic_vf_read_configs(xnic, vfs, n);
	if (err) {
		dev_err(dev, "cannot read the VFs' settings from the NIC (%d); disabling SR-IOV\n",
			err);
		goto err_disable;
	}

	rtnl_lock();
	xnic->vfs = vfs;
	xnic->num_vfs = n;
	rtnl_unlock();
	err = xnic_esw_vfs_enabled(xnic);
	if (err) {
		dev_err(dev, "cannot create the VFs' representors (%d); disabling SR-IOV\n",
			err);
		goto err_forget;
	}
	dev_info(dev, "%d VFs enabled\n", n);
	return n;

err_forget:
	rtnl_lock();
	xnic->vfs = NULL;
	xnic->num_vfs = 0;
	rtnl_unlock();
err_disable:
	pci_disable_sriov(pdev);
err_free:
	kfree(vfs);
	return err;
}

/* Forget the VFs' settings: no ip link set vf operation can see them now. */
static void xnic_sriov_forget(struct xnic *xnic)
{
	struct xnic_vf_info *vfs;

	rtnl_lock();
	vfs = xnic->vfs;
	xnic->vfs = NULL;
	xnic->num_vfs = 0;
	rtnl_unlock();
	kfree(vfs);
}

static int xnic_sriov_disable(struct xnic *xnic)
{
	struct pci_dev *pdev = xnic->pdev;
	int assigned;

	if (!pci_num_vf(pdev))
		return 0;
	assigned = pci_vfs_assigned(pdev);
	if (assigned) {
		dev_err(xnic_dev(xnic), "cannot disable SR-IOV: %d VFs are assigned to guests\n",
			assigned);
		return -EPERM;
	}
	xnic_esw_vfs_disabling(xnic);
	xnic_sriov_forget(xnic);
	/* removes the VF devices, unbinding their drivers first */
	pci_disable_sriov(pdev);
	dev_info(xnic_dev(xnic), "SR-IOV disabled\n");
	return 0;
}

/**
 * xnic_sriov_configure() - the PCI driver's sriov_configure callback
 * @pdev: the PF
 * @n: VFs wanted: 0 disables; else SR-IOV is off (the PCI core checks)
 *
 * Context: process context, the PF's device lock held; takes the devlink
 * instance lock.
 * Return: @n on success, 0 after disabling, or a negative errno: -EPERM if
 * VFs are assigned to guests, -ERANGE above TotalVFs, -EBUSY if VFs are
 * already enabled, or the error of enabling.
 */
int xnic_sriov_configure(struct pci_dev *pdev, int n)
{
	struct xnic *xnic = pci_get_drvdata(pdev);
	int ret;

	if (!xnic || xnic->is_vf)
		return -ENODEV;
	if (n < 0)
		return -EINVAL;
	devl_lock(xnic->devlink);
	if (!n) {
		ret = xnic_sriov_disable(xnic);
	} else if (pci_num_vf(pdev)) {
		dev_err(xnic_dev(xnic), "%d VFs are enabled: set 0 first\n",
			pci_num_vf(pdev));
		ret = -EBUSY;
	} else {
		ret = xnic_sriov_enable(xnic, n);
	}
	devl_unlock(xnic->devlink);
	return ret;
}

/**
 * xnic_sriov_probe() - enable num_vfs VFs at the end of the PF's probe
 * @xnic: the PF, its netdevs registered
 *
 * A failure is reported and the PF works without VFs.
 *
 * Context: process context (probe).
 */
void xnic_sriov_probe(struct xnic *xnic)
{
	struct device *dev = xnic_dev(xnic);
	int total, n = num_vfs, err;

	if (!n)
		return;
	total = pci_sriov_get_totalvfs(xnic->pdev);
	if (!total) {
		dev_warn(dev, "num_vfs=%d: the NIC has no SR-IOV capability, continuing without VFs\n",
			 n);
		return;
	}
	if (n > total) {
		dev_warn(dev, "num_vfs=%d is more than the NIC's %d VFs, enabling %d\n",
			 n, total, total);
		n = total;
	}
	devl_lock(xnic->devlink);
	err = xnic_sriov_enable(xnic, n);
	devl_unlock(xnic->devlink);
	if (err < 0)
		dev_warn(dev, "continuing without VFs (%d)\n", err);
}

/**
 * xnic_sriov_remove() - disable SR-IOV before the PF goes away
 * @xnic: the PF, still fully working
 *
 * The VF devices, and so their drivers, go first. VFs assigned to guests
 * are left enabled (the PCI core would block on them); the PF's reset that
 * follows stops them in the NIC.
 *
 * Context: process context (remove).
 */
void xnic_sriov_remove(struct xnic *xnic)
{
	struct pci_dev *pdev = xnic->pdev;

	devl_lock(xnic->devlink);
	if (!pci_num_vf(pdev)) {
		xnic_sriov_forget(xnic);
	} else if (pci_vfs_assigned(pdev)) {
		dev_warn(xnic_dev(xnic), "removing the PF while %d VFs are assigned to guests: they stop working\n",
			 pci_vfs_assigned(pdev));
		xnic_esw_vfs_disabling(xnic);
		xnic_sriov_forget(xnic);
	} else {
		xnic_sriov_disable(xnic);
	}
	devl_unlock(xnic->devlink);
}
