/*
 * xnic: QEMU glue of the xnic SmartNIC model
 *
 * The NIC's logic lives in hw/core (plain C, unit-tested natively); this
 * glue gives it a PCIe physical function with SR-IOV (xnic_pci.c), its
 * virtual functions (xnic_vf.c), what both share as PCIe functions
 * (xnic_pcie_func.c) and network ports (xnic_net.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_XNIC_H
#define HW_XNIC_H

#include "hw/pci/pci.h"
#include "net/net.h"
#include "qemu/timer.h"
#include "qom/object.h"

#include "../core/xnic_core.h"

#define TYPE_XNIC "xnic"
OBJECT_DECLARE_SIMPLE_TYPE(XnicState, XNIC)

#define TYPE_XNIC_VF "xnic-vf"
OBJECT_DECLARE_SIMPLE_TYPE(XnicVfState, XNIC_VF)

/* BAR2 of a VF: MSI-X table at 0, PBA at half way (65 vectors at most) */
#define XNIC_VF_MSIX_BAR_SIZE   0x1000
#define XNIC_VF_MSIX_PBA_OFFSET 0x800

/* BAR0 of a function, PF or VF: its registers in the core */
typedef struct XnicRegsBar {
    MemoryRegion mr;
    struct xnic_func *fn;       /* NULL until the function is in the core */
} XnicRegsBar;

/* One physical port: a NIC net client of its own, with its own netdev */
typedef struct XnicPort {
    XnicState *s;
    unsigned int index;
    NICConf conf;
    NICState *nic;
} XnicPort;

struct XnicState {
    PCIDevice parent_obj;

    XnicRegsBar regs;
    QEMUBH *bh;
    QEMUTimer *rate_timer;      /* VF transmit rate limits */
    struct xnic_core *core;

    XnicPort port[XNIC_MAX_PHYS_PORTS];

    /* properties */
    uint8_t num_ports;
    uint32_t num_queues;
    uint32_t speed_mbps;
    uint16_t total_vfs;
    uint32_t vf_queues;
    uint64_t serial;            /* PCIe Device Serial Number, 0: from MAC */
};

/* A virtual function: its own BARs and MSI-X, its function in the core */
struct XnicVfState {
    PCIDevice parent_obj;

    XnicRegsBar regs;           /* regs.fn: the VF's function, NULL if none */
    MemoryRegion msix;
};

/* xnic_pci.c: what the core asks of the host, for the PF and the VFs */
extern const struct xnic_core_ops xnic_core_ops;

/* xnic_pcie_func.c */
void xnic_regs_bar_init(XnicRegsBar *bar, Object *owner, const char *name);
/*
 * MSI-X vectors 0..@num_vectors-1 in use (MSI-X already initialised), the
 * PCIe endpoint capability at @pcie_cap_offset with FLR. On failure the
 * vectors are unused again and false returned.
 */
bool xnic_pcie_func_init(PCIDevice *pci, unsigned int num_vectors,
                         uint8_t pcie_cap_offset, Error **errp);

/* xnic_net.c */
void xnic_net_init(XnicState *s);
void xnic_net_cleanup(XnicState *s);
void xnic_net_port_tx(XnicState *s, unsigned int port, const uint8_t *frame,
                      size_t len);
void xnic_net_rx_ready(XnicState *s, unsigned int port);

#endif
