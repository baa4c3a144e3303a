// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - xnic PCI driver: probe, remove, shutdown, reset, MSI-X, for the
 * PF and its VFs.
 *
 * Probe: enable the function, map BAR0, check the ID and interface
 * version, reset, allocate MSI-X vectors, start the command and event
 * queues on vector 0. The PF then loads the firmware, reads GET_INFO,
 * registers one netdev per physical port and enables num_vfs VFs. A VF
 * loads no firmware: GET_INFO must show the PF's firmware running, then it
 * registers the netdev of its virtual port. Every step is undone in reverse
 * on failure and in remove(). Ring memory is freed only after the device
 * has been reset and bus mastering disabled, so the NIC never writes into
 * freed memory.
 */
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>

#include "xnic.h"
#include "cmdq.h"
#include "devlink.h"
#include "devlink_resource.h"
#include "eswitch.h"
#include "flower.h"

#define XNIC_RESET_POLL_US	1000
#define XNIC_RESET_TIMEOUT_MS	5000

static const struct pci_device_id xnic_pci_ids[] = {
	{ PCI_DEVICE(XNIC_PCI_VENDOR_ID, XNIC_PCI_DEVICE_ID_PF) },
	{ PCI_DEVICE(XNIC_PCI_VENDOR_ID, XNIC_PCI_DEVICE_ID_VF) },
	{ }
};
MODULE_DEVICE_TABLE(pci, xnic_pci_ids);

static bool xnic_reset_done(struct xnic *xnic)
{
	u32 status = xnic_rd32(xnic, XNIC_REG_STATUS);
	u32 ctrl = xnic_rd32(xnic, XNIC_REG_CTRL);

	if (status == ~0U)	/* device gone */
		return false;
	return (status & XNIC_STATUS_READY) && !(ctrl & XNIC_CTRL_RESET);
}

/* Reset the NIC: stops all queues and DMA, clears queue registers. */
static int xnic_reset(struct xnic *xnic)
{
	bool done;
	int err;

	xnic_wr32(xnic, XNIC_REG_CTRL, XNIC_CTRL_RESET);
	err = read_poll_timeout(xnic_reset_done, done, done, XNIC_RESET_POLL_US,
				XNIC_RESET_TIMEOUT_MS * USEC_PER_MSEC, false, xnic);
	if (err)
		dev_err(xnic_dev(xnic), "reset did not complete in %u ms (status 0x%08x)\n",
			XNIC_RESET_TIMEOUT_MS,
			xnic_rd32(xnic, XNIC_REG_STATUS));
	return err;
}

static int xnic_check_id(struct xnic *xnic)
{
	struct device *dev = xnic_dev(xnic);
	u32 id, version, func;

	id = xnic_rd32(xnic, XNIC_REG_ID);
	if (id != XNIC_ID_MAGIC) {
		dev_err(dev, "ID register reads 0x%08x, expected 0x%08x: not an xnic or not responding\n",
			id, XNIC_ID_MAGIC);
		return -ENODEV;
	}
	version = xnic_rd32(xnic, XNIC_REG_HW_VERSION);
	if (version >> 16 != XNIC_HW_VERSION_MAJOR) {
		dev_err(dev, "hardware interface version %u.%u is not supported (driver supports %u.x)\n",
			version >> 16, version & 0xffff, XNIC_HW_VERSION_MAJOR);
		return -ENODEV;
	}
	func = xnic_rd32(xnic, XNIC_REG_FUNC);
	if (!!(func & XNIC_FUNC_VF) != xnic->is_vf) {
		dev_err(dev, "function register 0x%08x does not match the %s device ID\n",
			func, xnic->is_vf ? "VF" : "PF");
		return -ENODEV;
	}
	xnic->vf_index = func & XNIC_FUNC_VF_INDEX_MASK;
	return 0;
}

/*
 * Read the function's resources after reset and size the queue pairs. A PF
 * that can have VFs keeps one queue pair and its vector back for the
 * switchdev slow path (the last vector it asks for).
 */
static int xnic_read_resources(struct xnic *xnic)
{
	struct device *dev = xnic_dev(xnic);
	u32 num_vectors, qpp, resv;

	/* a VF has one port, its own, whatever the physical ports are */
	xnic->num_ports = xnic->is_vf ? 1 : xnic_rd32(xnic, XNIC_REG_NUM_PORTS);
	xnic->max_qps = xnic_rd32(xnic, XNIC_REG_MAX_QPS);
	num_vectors = xnic_rd32(xnic, XNIC_REG_NUM_VECTORS);

	if (!xnic->num_ports || xnic->num_ports > XNIC_MAX_PHYS_PORTS) {
		dev_err(dev, "device reports %u ports (supported 1..%u)\n",
			xnic->num_ports, XNIC_MAX_PHYS_PORTS);
		return -EIO;
	}
	xnic->max_qps = min_t(u32, xnic->max_qps, XNIC_MAX_QPS);
	num_vectors = min_t(u32, num_vectors, 1 + XNIC_MAX_QPS);
	xnic->has_slowpath = !xnic->is_vf &&
			     pci_sriov_get_totalvfs(xnic->pdev) > 0 &&
			     xnic->max_qps > xnic->num_ports &&
			     num_vectors > 1 + xnic->num_ports;
	resv = xnic->has_slowpath;
	qpp = min3(num_online_cpus(), (xnic->max_qps - resv) / xnic->num_ports,
		   num_vectors > resv ?
		   (num_vectors - 1 - resv) / xnic->num_ports : 0);
	if (!qpp) {
		dev_err(dev, "device offers %u queue pairs and %u vectors for %u ports\n",
			xnic->max_qps, num_vectors, xnic->num_ports);
		return -EIO;
	}
	xnic->qps_per_port = qpp;
	return 0;
}

static int xnic_irq_vectors_alloc(struct xnic *xnic)
{
	int resv = xnic->has_slowpath;
	int want = 1 + xnic->num_ports * xnic->qps_per_port + resv;
	int nvec;

	nvec = pci_alloc_irq_vectors(xnic->pdev, 1 + xnic->num_ports + resv,
				     want, PCI_IRQ_MSIX);
	if (nvec < 0) {
		dev_err(xnic_dev(xnic), "cannot allocate %d..%d MSI-X vectors (%d)\n",
			1 + xnic->num_ports + resv, want, nvec);
		return nvec;
	}
	xnic->num_vecs = nvec;
	xnic->qps_per_port = (nvec - 1 - resv) / xnic->num_ports;
	/* the slow path's queue pair follows the ports'; vector 1 + qp */
	xnic->slowpath_qp = xnic->num_ports * xnic->qps_per_port;
	return 0;
}

static irqreturn_t xnic_misc_irq(int irq, void *data)
{
	struct xnic *xnic = data;

	xnic_cmdq_irq(xnic->cmdq);
	xnic_evq_irq(xnic);
	return IRQ_HANDLED;
}

static int xnic_misc_irq_request(struct xnic *xnic)
{
	int irq, err;

	snprintf(xnic->misc_irq_name, sizeof(xnic->misc_irq_name), "%s-%s-cmd",
		 XNIC_DRV_NAME, pci_name(xnic->pdev));
	irq = pci_irq_vector(xnic->pdev, XNIC_VEC_CMD);
	if (irq < 0)
		return irq;
	err = request_irq(irq, xnic_misc_irq, 0, xnic->misc_irq_name, xnic);
	if (err) {
		dev_err(xnic_dev(xnic), "cannot request vector 0 (%d)\n", err);
		return err;
	}
	xnic->misc_irq_requested = true;
	return 0;
}

static void xnic_misc_irq_free(struct xnic *xnic)
{
	if (!xnic->misc_irq_requested)
		return;
	free_irq(pci_irq_vector(xnic->pdev, XNIC_VEC_CMD), xnic);
	xnic->misc_irq_requested = false;
}

static int xnic_get_info(struct xnic *xnic)
{
	struct xnic_cmd_info_resp info = {};
	struct device *dev = xnic_dev(xnic);
	int err;

	err = xnic_cmd(xnic, XNIC_CMD_GET_INFO, NULL, 0, &info, sizeof(info));
	if (err) {
		dev_err(dev, "GET_INFO failed (%d)\n", err);
		return err;
	}
	xnic->fw_version = le32_to_cpu(info.fw_version);
	xnic->fw_caps = le32_to_cpu(info.caps);
	memcpy(xnic->fw_name, info.fw_name, sizeof(info.fw_name));
	xnic->fw_name[sizeof(info.fw_name)] = '\0';

	/*
	 * A VF cannot load firmware: the PF's driver does before it enables
	 * VFs. Without it there is nothing to wait for (no VF exists until the
	 * PF's driver creates it), so this is -ENODEV, not -EPROBE_DEFER.
	 */
	if (!xnic->fw_version ||
	    !(xnic_rd32(xnic, XNIC_REG_STATUS) & XNIC_STATUS_FW_RUNNING)) {
		if (xnic->is_vf) {
			dev_err(dev, "the PF's firmware is not running: bind the PF to its driver (and firmware) first\n");
			return -ENODEV;
		}
		dev_err(dev, "firmware is not running after the load\n");
		return -EIO;
	}
	if (xnic->is_vf)
		return 0;
	if (le16_to_cpu(info.num_ports) != xnic->num_ports ||
	    le16_to_cpu(info.max_qps) != xnic_rd32(xnic, XNIC_REG_MAX_QPS))
		dev_warn(dev, "GET_INFO (%u ports, %u queue pairs) disagrees with the registers (%u, %u); using the registers\n",
			 le16_to_cpu(info.num_ports), le16_to_cpu(info.max_qps),
			 xnic->num_ports, xnic_rd32(xnic, XNIC_REG_MAX_QPS));
	return 0;
}

/*
 * Stop every source of DMA and interrupts: command queue off, vector 0
 * freed, event queue off and its work finished, device reset, bus
 * mastering off. Idempotent.
 */
static void xnic_hw_quiesce(struct xnic *xnic)
{
	xnic_cmdq_stop(xnic->cmdq);
	xnic_misc_irq_free(xnic);
	xnic_evq_stop(xnic);
	xnic_reset(xnic);
	pci_clear_master(xnic->pdev);
}

static int xnic_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct xnic *xnic;
	u32 p;
	int err;

	xnic = kzalloc(sizeof(*xnic), GFP_KERNEL);
	if (!xnic)
		return -ENOMEM;
	xnic->pdev = pdev;
	xnic->is_vf = id->device == XNIC_PCI_DEVICE_ID_VF;
	mutex_init(&xnic->port_lock);
	spin_lock_init(&xnic->stats_lock);
	pci_set_drvdata(pdev, xnic);

	err = pci_enable_device(pdev);
	if (err) {
		dev_err(dev, "cannot enable PCI device (%d)\n", err);
		goto err_free;
	}
	err = pci_request_regions(pdev, XNIC_DRV_NAME);
	if (err) {
		dev_err(dev, "cannot claim PCI regions (%d)\n", err);
		goto err_disable;
	}
	if (!(pci_resource_flags(pdev, XNIC_BAR_REGS) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, XNIC_BAR_REGS) < XNIC_BAR_REGS_SIZE) {
		dev_err(dev, "BAR%d is not a %u byte memory BAR\n",
			XNIC_BAR_REGS, XNIC_BAR_REGS_SIZE);
		err = -ENODEV;
		goto err_release;
	}
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (err) {
		dev_err(dev, "no usable 64-bit DMA (%d)\n", err);
		goto err_release;
	}
	xnic->regs = pci_iomap(pdev, XNIC_BAR_REGS, XNIC_BAR_REGS_SIZE);
	if (!xnic->regs) {
		dev_err(dev, "cannot map BAR%d\n", XNIC_BAR_REGS);
		err = -ENOMEM;
		goto err_release;
	}

	err = xnic_check_id(xnic);
	if (err)
		goto err_unmap;
	if (!xnic->is_vf) {
		err = xnic_devlink_alloc(xnic);
		if (err)
			goto err_unmap;
		err = xnic_esw_init(xnic);
		if (err)
			goto err_unmap;
	}
	pci_set_master(pdev);
	err = xnic_reset(xnic);
	if (err)
		goto err_clear_master;
	err = xnic_read_resources(xnic);
	if (err)
		goto err_clear_master;
	err = xnic_irq_vectors_alloc(xnic);
	if (err)
		goto err_clear_master;

	err = xnic_cmdq_init(xnic);
	if (err)
		goto err_free_vectors;
	err = xnic_evq_init(xnic);
	if (err)
		goto err_free_cmdq;
	err = xnic_misc_irq_request(xnic);
	if (err)
		goto err_quiesce;
	xnic_cmdq_start(xnic->cmdq);
	xnic_evq_start(xnic);

	if (!xnic->is_vf) {
		err = xnic_fw_load(xnic);
		if (err)
			goto err_quiesce;
	}
	err = xnic_get_info(xnic);
	if (err)
		goto err_quiesce;
	err = xnic_bpf_init(xnic);
	if (err)
		goto err_quiesce;
	err = xnic_flower_init(xnic);
	if (err) {
		xnic_bpf_fini(xnic);
		goto err_quiesce;
	}
	err = xnic_devlink_resources_register(xnic);
	if (err) {
		xnic_flower_free(xnic);
		xnic_bpf_fini(xnic);
		goto err_quiesce;
	}

	for (p = 0; p < xnic->num_ports; p++) {
		err = xnic_port_create(xnic, p);
		if (err)
			goto err_ports;
	}

	if (xnic->is_vf) {
		/* the netdev's line says the rest; 64 VFs make enough lines */
		dev_dbg(dev, "VF %u, %d vectors\n", xnic->vf_index,
			xnic->num_vecs);
		return 0;
	}
	dev_info(dev, "%u ports, %u queue pairs per port%s, %d vectors, firmware %u.%u.%u %s\n",
		 xnic->num_ports, xnic->qps_per_port,
		 xnic->has_slowpath ? " + 1 for the slow path" : "",
		 xnic->num_vecs, xnic->fw_version >> 16,
		 (xnic->fw_version >> 8) & 0xff, xnic->fw_version & 0xff,
		 xnic->fw_name);
	xnic_sriov_probe(xnic);
	/* last: devlink users may act on the PF from now on */
	xnic_devlink_register(xnic);
	return 0;

err_ports:
	while (p--)
		xnic_port_unregister(xnic, p);
	xnic_devlink_resources_unregister(xnic);
	xnic_flower_free(xnic);
	xnic_bpf_fini(xnic);
err_quiesce:
	xnic_hw_quiesce(xnic);
	for (p = 0; p < xnic->num_ports; p++)
		xnic_port_free(xnic, p);
	xnic_evq_free(xnic);
err_free_cmdq:
	xnic_cmdq_free(xnic);
err_free_vectors:
	pci_free_irq_vectors(pdev);
err_clear_master:
	pci_clear_master(pdev);
err_unmap:
	xnic_esw_free(xnic);
	xnic_devlink_free(xnic);
	pci_iounmap(pdev, xnic->regs);
err_release:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free:
	pci_set_drvdata(pdev, NULL);
	mutex_destroy(&xnic->port_lock);
	kfree(xnic);
	return err;
}

static void xnic_remove(struct pci_dev *pdev)
{
	struct xnic *xnic = pci_get_drvdata(pdev);
	u32 p;

	/*
	 * devlink first (no op runs after it), then back to legacy mode (no
	 * representor left), then the VFs: their drivers still talk to the
	 * PF's firmware.
	 */
	if (!xnic->is_vf) {
		xnic_devlink_unregister(xnic);
		xnic_esw_remove(xnic);
		xnic_sriov_remove(xnic);
	}
	for (p = xnic->num_ports; p--;)
		xnic_port_unregister(xnic, p);
	xnic_devlink_resources_unregister(xnic);
	xnic_flower_free(xnic);
	xnic_bpf_fini(xnic);
	xnic_hw_quiesce(xnic);
	for (p = 0; p < xnic->num_ports; p++)
		xnic_port_free(xnic, p);
	xnic_evq_free(xnic);
	xnic_cmdq_free(xnic);
	pci_free_irq_vectors(pdev);
	xnic_esw_free(xnic);
	xnic_devlink_free(xnic);
	pci_iounmap(pdev, xnic->regs);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
	pci_set_drvdata(pdev, NULL);
	mutex_destroy(&xnic->port_lock);
	kfree(xnic);
}

/* Reboot or kexec: close the ports and leave the NIC reset, without DMA. */
static void xnic_shutdown(struct pci_dev *pdev)
{
	struct xnic *xnic = pci_get_drvdata(pdev);
	struct xnic_port *port;
	u32 p;

	rtnl_lock();
	for (p = 0; p < xnic->num_ports; p++) {
		port = xnic->ports[p];
		if (!port)
			continue;
		if (netif_running(port->netdev))
			dev_close(port->netdev);
		netif_device_detach(port->netdev);
	}
	rtnl_unlock();
	xnic_hw_quiesce(xnic);
}

static struct pci_driver xnic_pci_driver = {
	.name = XNIC_DRV_NAME,
	.id_table = xnic_pci_ids,
	.probe = xnic_probe,
	.remove = xnic_remove,
	.shutdown = xnic_shutdown,
	.sriov_configure = xnic_sriov_configure,
};
module_pci_driver(xnic_pci_driver);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The xnic developers");
MODULE_DESCRIPTION("xnic SmartNIC PCIe driver");
