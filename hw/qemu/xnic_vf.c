/*
 * xnic: the virtual functions of the xnic SmartNIC model
 *
 * An xnic-vf is created by the PF's SR-IOV capability when the guest sets
 * VF Enable, never by the user. Its BAR0 has the PF's register layout
 * (XNIC_REG_FUNC says which VF it is), its BAR2 the MSI-X table and PBA with
 * 1 + vf-queues vectors. Realize binds VF n to its function in the NIC's
 * core, unrealize (VF Enable cleared, PF reset) unbinds it; a reset or FLR
 * of the VF resets that function only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_sriov.h"
#include "migration/vmstate.h"

#include "xnic.h"

#define XNIC_VF_PCIE_CAP_OFFSET 0x80
#define XNIC_VF_ARI_OFFSET      0x100

static void xnic_vf_realize(PCIDevice *pci, Error **errp)
{
    XnicVfState *vf = XNIC_VF(pci);
    PCIDevice *pf_pci = pcie_sriov_get_pf(pci);
    XnicState *pf;
    unsigned int num_vectors;
    uint16_t n;

    if (!pf_pci || !object_dynamic_cast(OBJECT(pf_pci), TYPE_XNIC)) {
        error_setg(errp, "xnic-vf: only the xnic PF creates its VFs");
        return;
    }
    pf = XNIC(pf_pci);
    n = pcie_sriov_vf_number(pci);
    num_vectors = 1 + pf->vf_queues;

    pci->config[PCI_INTERRUPT_PIN] = 0;
    xnic_regs_bar_init(&vf->regs, OBJECT(vf), "xnic-vf-regs");
    pcie_sriov_vf_register_bar(pci, XNIC_BAR_REGS, &vf->regs.mr);
    memory_region_init(&vf->msix, OBJECT(vf), "xnic-vf-msix",
                       XNIC_VF_MSIX_BAR_SIZE);
    pcie_sriov_vf_register_bar(pci, XNIC_BAR_MSIX, &vf->msix);
    if (msix_init(pci, num_vectors, &vf->msix, XNIC_BAR_MSIX, 0, &vf->msix,
                  XNIC_BAR_MSIX, XNIC_VF_MSIX_PBA_OFFSET, 0, errp)) {
        return;
    }
    if (!xnic_pcie_func_init(pci, num_vectors, XNIC_VF_PCIE_CAP_OFFSET,
                             errp)) {
        goto err_msix;
    }
    pcie_ari_init(pci, XNIC_VF_ARI_OFFSET, 0);

    vf->regs.fn = xnic_core_vf_bind(pf->core, n, vf);
    if (!vf->regs.fn) {
        error_setg(errp, "xnic-vf: VF %u cannot be bound", n);
        goto err_pcie;
    }
    return;

err_pcie:
    pcie_cap_exit(pci);
    msix_unuse_all_vectors(pci);
err_msix:
    msix_uninit(pci, &vf->msix, &vf->msix);
}

static void xnic_vf_exit(PCIDevice *pci)
{
    XnicVfState *vf = XNIC_VF(pci);
    XnicState *pf = XNIC(pcie_sriov_get_pf(pci));

    xnic_core_vf_unbind(pf->core, pcie_sriov_vf_number(pci));
    vf->regs.fn = NULL;
    pcie_cap_exit(pci);
    msix_unuse_all_vectors(pci);
    msix_uninit(pci, &vf->msix, &vf->msix);
}

static void xnic_vf_qdev_reset(DeviceState *dev)
{
    XnicVfState *vf = XNIC_VF(dev);

    if (vf->regs.fn) {
        xnic_func_reset(vf->regs.fn);
    }
}

static void xnic_vf_write_config(PCIDevice *pci, uint32_t addr, uint32_t val,
                                 int len)
{
    pci_default_write_config(pci, addr, val, len);
    pcie_cap_flr_write_config(pci, addr, val, len);
}

static const VMStateDescription xnic_vf_vmstate = {
    .name = TYPE_XNIC_VF,
    .unmigratable = 1,
};

static void xnic_vf_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = xnic_vf_realize;
    k->exit = xnic_vf_exit;
    k->config_write = xnic_vf_write_config;
    k->vendor_id = XNIC_PCI_VENDOR_ID;
    k->device_id = XNIC_PCI_DEVICE_ID_VF;
    k->revision = XNIC_PCI_REVISION;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;
    dc->desc = "xnic programmable SmartNIC (VF)";
    dc->reset = xnic_vf_qdev_reset;
    dc->vmsd = &xnic_vf_vmstate;
    dc->user_creatable = false;
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo xnic_vf_info = {
    .name = TYPE_XNIC_VF,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(XnicVfState),
    .class_init = xnic_vf_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void xnic_vf_register_types(void)
{
    type_register_static(&xnic_vf_info);
}

type_init(xnic_vf_register_types)
