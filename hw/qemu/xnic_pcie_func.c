/*
 * xnic: what the PF and the VFs of the xnic SmartNIC model share as PCIe
 * functions: BAR0, the function's registers in the NIC's core, and the
 * bring-up of their MSI-X vectors and PCIe capability.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"

#include "xnic.h"

static uint64_t xnic_regs_bar_read(void *opaque, hwaddr addr, unsigned size)
{
    XnicRegsBar *bar = opaque;

    return xnic_func_reg_read(bar->fn, addr);
}

static void xnic_regs_bar_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    XnicRegsBar *bar = opaque;

    xnic_func_reg_write(bar->fn, addr, val);
}

static const MemoryRegionOps xnic_regs_bar_ops = {
    .read = xnic_regs_bar_read,
    .write = xnic_regs_bar_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 8,   /* split into two 32-bit accesses */
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

void xnic_regs_bar_init(XnicRegsBar *bar, Object *owner, const char *name)
{
    bar->fn = NULL;
    memory_region_init_io(&bar->mr, owner, &xnic_regs_bar_ops, bar, name,
                          XNIC_BAR_REGS_SIZE);
}

bool xnic_pcie_func_init(PCIDevice *pci, unsigned int num_vectors,
                         uint8_t pcie_cap_offset, Error **errp)
{
    unsigned int i;

    for (i = 0; i < num_vectors; i++) {
        msix_vector_use(pci, i);
    }
    if (pcie_endpoint_cap_init(pci, pcie_cap_offset) < 0) {
        error_setg(errp, "%s: cannot add the PCIe capability",
                   object_get_typename(OBJECT(pci)));
        msix_unuse_all_vectors(pci);
        return false;
    }
    pcie_cap_flr_init(pci);
    return true;
}
