/*
 * xnic: QEMU glue of the xnic SmartNIC model
 *
 * The NIC's logic lives in hw/core (plain C, unit-tested natively); this
 * glue gives it a PCIe function (xnic_pci.c) and network ports
 * (xnic_net.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_XNIC_H
#define HW_XNIC_H

#include "hw/pci/pci.h"
#include "net/net.h"
#include "qom/object.h"

#include "../core/xnic_core.h"

#define TYPE_XNIC "xnic"
OBJECT_DECLARE_SIMPLE_TYPE(XnicState, XNIC)

/* One physical port: a NIC net client of its own, with its own netdev */
typedef struct XnicPort {
    XnicState *s;
    unsigned int index;
    NICConf conf;
    NICState *nic;
} XnicPort;

struct XnicState {
    PCIDevice parent_obj;

    MemoryRegion mmio;
    QEMUBH *bh;
    struct xnic_core *core;
    unsigned int num_vectors;

    XnicPort port[XNIC_MAX_PHYS_PORTS];

    /* properties */
    uint8_t num_ports;
    uint32_t num_queues;
    uint32_t speed_mbps;
};

/* xnic_net.c */
void xnic_net_init(XnicState *s);
void xnic_net_cleanup(XnicState *s);
void xnic_net_port_tx(XnicState *s, unsigned int port, const uint8_t *frame,
                      size_t len);
void xnic_net_rx_ready(XnicState *s, unsigned int port);

#endif
