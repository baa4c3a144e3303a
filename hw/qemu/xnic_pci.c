/*
 * xnic: the PCIe function of the xnic SmartNIC model
 *
 * BAR0 holds the registers and doorbells (src/xnic_hw.h), BAR2 the MSI-X
 * table and PBA with 1 + queues vectors. No INTx: the driver uses MSI-X.
 * Register writes only record state and schedule a bottom half, which runs
 * the command queue and TX rings of every function (xnic_core_process()).
 * The device is not migratable.
 *
 * SR-IOV: with total-vfs (default 64, up to 255; 0 disables SR-IOV) the PF
 * has an SR-IOV capability (VF device id XNIC_PCI_DEVICE_ID_VF, VF offset
 * and stride 1) and an ARI capability, so that more than 8 functions fit
 * behind a root port. Each VF (xnic-vf, xnic_vf.c) has vf-queues queue
 * pairs (default 1). A NumVFs above TotalVFs is refused in the config write
 * (QEMU 7.2 does not check it everywhere); a reset or FLR of the PF
 * disables the VFs. The VFs' rate limits run on QEMU_CLOCK_VIRTUAL, the
 * clock the guest's own time follows, so that a rate holds as the guest
 * measures it, and stops while the VM is stopped.
 *
 * The PF has a PCIe Device Serial Number capability (the driver's
 * pci_get_dsn(), devlink's serial number): the serial property, or by
 * default the EUI-64 of port 0's MAC address, as NICs derive it: the MAC's
 * first three bytes, ff fe, its last three (52:54:00:12:34:56 gives
 * 0x525400fffe123456). The serial is then stable for a given MAC.
 *
 * Usage (q35, behind a PCIe root port):
 *   -device pcie-root-port,id=rp0,chassis=1
 *   -device xnic,bus=rp0,netdev=n0[,mac=...][,ports=2,netdev1=n1][,queues=4]
 *           [,total-vfs=64][,vf-queues=1][,serial=0x...]
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_aer.h"
#include "hw/pci/pcie_sriov.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "migration/vmstate.h"
#include "sysemu/dma.h"

#include "xnic.h"

#define XNIC_PCIE_CAP_OFFSET    0x80
#define XNIC_AER_OFFSET         0x100
#define XNIC_ARI_OFFSET         0x150
#define XNIC_SRIOV_OFFSET       0x160
#define XNIC_DSN_OFFSET         0x1a0   /* after SR-IOV's 0x40 bytes */
#define XNIC_VF_OFFSET          1       /* routing ID of VF 0 - the PF's */
#define XNIC_VF_STRIDE          1
#define XNIC_DEFAULT_SPEED      10000   /* Mb/s */

/*
 * What the core asks of the host. DMA and interrupts act for one function,
 * whose opaque is its PCIDevice: the XnicState of the PF or the XnicVfState
 * of a VF.
 */

static int xnic_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
    return pci_dma_read(PCI_DEVICE(opaque), addr, buf, len) == MEMTX_OK ?
           0 : -1;
}

static int xnic_dma_write(void *opaque, uint64_t addr, const void *buf,
                          size_t len)
{
    return pci_dma_write(PCI_DEVICE(opaque), addr, buf, len) == MEMTX_OK ?
           0 : -1;
}

static void xnic_irq(void *opaque, unsigned int vector)
{
    PCIDevice *pci = PCI_DEVICE(opaque);

    /* msix_notify() asserts on a vector beyond the table */
    if (vector < pci->msix_entries_nr && msix_enabled(pci)) {
        msix_notify(pci, vector);
    }
}

static void xnic_port_tx(void *opaque, unsigned int port,
                         const uint8_t *frame, size_t len)
{
    xnic_net_port_tx(opaque, port, frame, len);
}

static void xnic_rx_ready(void *opaque, unsigned int port)
{
    xnic_net_rx_ready(opaque, port);
}

static void xnic_schedule(void *opaque)
{
    XnicState *s = opaque;

    qemu_bh_schedule(s->bh);
}

static uint64_t xnic_now_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void xnic_timer_mod(void *opaque, uint64_t expire_ns)
{
    XnicState *s = opaque;

    timer_mod(s->rate_timer, expire_ns);
}

const struct xnic_core_ops xnic_core_ops = {
    .dma_read = xnic_dma_read,
    .dma_write = xnic_dma_write,
    .irq = xnic_irq,
    .port_tx = xnic_port_tx,
    .rx_ready = xnic_rx_ready,
    .schedule = xnic_schedule,
    .now_ns = xnic_now_ns,
    .timer_mod = xnic_timer_mod,
};

static void xnic_rate_timer_cb(void *opaque)
{
    XnicState *s = opaque;

    xnic_core_timer_expired(s->core);
}

static void xnic_bh(void *opaque)
{
    XnicState *s = opaque;

    xnic_core_process(s->core);
}

/* Device */

static bool xnic_check_properties(XnicState *s, Error **errp)
{
    if (s->num_ports < 1 || s->num_ports > XNIC_MAX_PHYS_PORTS) {
        error_setg(errp, "xnic: ports=%u, must be 1 or %u", s->num_ports,
                   XNIC_MAX_PHYS_PORTS);
        return false;
    }
    if (s->num_queues < 1 || s->num_queues > XNIC_MAX_QPS) {
        error_setg(errp, "xnic: queues=%u, must be 1..%u", s->num_queues,
                   XNIC_MAX_QPS);
        return false;
    }
    if (s->num_ports < 2 && s->port[1].conf.peers.ncs[0]) {
        error_setg(errp, "xnic: netdev1 needs ports=2");
        return false;
    }
    if (s->total_vfs > XNIC_CORE_MAX_VFS) {
        error_setg(errp, "xnic: total-vfs=%u, must be 0..%u", s->total_vfs,
                   XNIC_CORE_MAX_VFS);
        return false;
    }
    if (s->total_vfs &&
        PCI_DEVICE(s)->devfn + XNIC_VF_OFFSET +
        (s->total_vfs - 1) * XNIC_VF_STRIDE > PCI_DEVFN_MAX - 1) {
        error_setg(errp, "xnic: total-vfs=%u VFs do not fit on the bus "
                   "after function %02x.%x: put the PF at slot 0 of a PCIe "
                   "root port", s->total_vfs, PCI_SLOT(PCI_DEVICE(s)->devfn),
                   PCI_FUNC(PCI_DEVICE(s)->devfn));
        return false;
    }
    if (s->vf_queues < 1 || s->vf_queues > XNIC_MAX_QPS) {
        error_setg(errp, "xnic: vf-queues=%u, must be 1..%u", s->vf_queues,
                   XNIC_MAX_QPS);
        return false;
    }
    return true;
}

/* EUI-64 of a MAC-48: OUI, then ff fe, then the NIC-specific half */
static uint64_t xnic_serial_from_mac(const MACAddr *mac)
{
    const uint8_t *a = mac->a;

    return (uint64_t)a[0] << 56 | (uint64_t)a[1] << 48 |
           (uint64_t)a[2] << 40 | 0xfffeull << 24 |
           (uint64_t)a[3] << 16 | (uint64_t)a[4] << 8 | a[5];
}

static void xnic_sriov_init(XnicState *s)
{
    PCIDevice *pci = PCI_DEVICE(s);
    uint8_t bar_type = PCI_BASE_ADDRESS_SPACE_MEMORY |
                       PCI_BASE_ADDRESS_MEM_TYPE_64;

    pcie_sriov_pf_init(pci, XNIC_SRIOV_OFFSET, TYPE_XNIC_VF,
                       XNIC_PCI_DEVICE_ID_VF, s->total_vfs, s->total_vfs,
                       XNIC_VF_OFFSET, XNIC_VF_STRIDE);
    pcie_sriov_pf_init_vf_bar(pci, XNIC_BAR_REGS, bar_type,
                              XNIC_BAR_REGS_SIZE);
    pcie_sriov_pf_init_vf_bar(pci, XNIC_BAR_MSIX, bar_type,
                              XNIC_VF_MSIX_BAR_SIZE);
}

static void xnic_realize(PCIDevice *pci, Error **errp)
{
    XnicState *s = XNIC(pci);
    struct xnic_core_config cfg = { 0 };
    unsigned int i, num_vectors;
    const char *why;

    if (!xnic_check_properties(s, errp)) {
        return;
    }

    qemu_macaddr_default_if_unset(&s->port[0].conf.macaddr);
    cfg.num_ports = s->num_ports;
    cfg.max_qps = s->num_queues;
    cfg.speed_mbps = s->speed_mbps;
    cfg.total_vfs = s->total_vfs;
    cfg.vf_qps = s->vf_queues;
    memcpy(cfg.mac, s->port[0].conf.macaddr.a, sizeof(cfg.mac));
    if (xnic_core_config_check(&cfg, &why)) {
        error_setg(errp, "xnic: %s", why);
        return;
    }
    for (i = 1; i < s->num_ports; i++) {
        s->port[i].conf.macaddr = s->port[0].conf.macaddr;
        s->port[i].conf.macaddr.a[5] += i;
    }
    pci->config[PCI_INTERRUPT_PIN] = 0;
    xnic_regs_bar_init(&s->regs, OBJECT(s), "xnic-regs");
    pci_register_bar(pci, XNIC_BAR_REGS, PCI_BASE_ADDRESS_SPACE_MEMORY,
                     &s->regs.mr);

    num_vectors = xnic_core_num_vectors(&cfg);
    if (msix_init_exclusive_bar(pci, num_vectors, XNIC_BAR_MSIX, errp)) {
        return;
    }
    if (!xnic_pcie_func_init(pci, num_vectors, XNIC_PCIE_CAP_OFFSET, errp)) {
        goto err_msix;
    }
    if (pcie_aer_init(pci, PCI_ERR_VER, XNIC_AER_OFFSET, PCI_ERR_SIZEOF,
                      errp) < 0) {
        goto err_pcie;
    }

    s->bh = qemu_bh_new_guarded(xnic_bh, s, &DEVICE(s)->mem_reentrancy_guard);
    s->rate_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, xnic_rate_timer_cb, s);
    s->core = xnic_core_new(&cfg, &xnic_core_ops, s);
    if (!s->core) {
        error_setg(errp, "xnic: out of memory");
        goto err_bh;
    }
    s->regs.fn = xnic_core_pf(s->core);
    if (s->total_vfs) {
        pcie_ari_init(pci, XNIC_ARI_OFFSET, 0);
        xnic_sriov_init(s);
    }
    pcie_dev_ser_num_init(pci, XNIC_DSN_OFFSET, s->serial ? s->serial :
                          xnic_serial_from_mac(&s->port[0].conf.macaddr));
    xnic_net_init(s);
    return;

err_bh:
    timer_free(s->rate_timer);
    s->rate_timer = NULL;
    qemu_bh_delete(s->bh);
    s->bh = NULL;
    pcie_aer_exit(pci);
err_pcie:
    pcie_cap_exit(pci);
    msix_unuse_all_vectors(pci);
err_msix:
    msix_uninit_exclusive_bar(pci);
}

static void xnic_exit(PCIDevice *pci)
{
    XnicState *s = XNIC(pci);

    /* the VFs unbind from the core as they go */
    if (s->total_vfs) {
        pcie_sriov_pf_exit(pci);
    }
    xnic_net_cleanup(s);
    timer_free(s->rate_timer);
    s->rate_timer = NULL;
    qemu_bh_delete(s->bh);
    s->bh = NULL;
    s->regs.fn = NULL;
    xnic_core_free(s->core);
    s->core = NULL;
    pcie_aer_exit(pci);
    pcie_cap_exit(pci);
    msix_unuse_all_vectors(pci);
    msix_uninit_exclusive_bar(pci);
}

/* Reset or FLR of the PF: VF Enable clears, then the NIC resets */
static void xnic_qdev_reset(DeviceState *dev)
{
    XnicState *s = XNIC(dev);

    pcie_sriov_pf_disable_vfs(PCI_DEVICE(s));
    timer_del(s->rate_timer);
    xnic_core_reset(s->core);
}

/*
 * QEMU 7.2 takes NumVFs as written; refuse a value above TotalVFs, keeping
 * the previous one, before VF Enable can act on it.
 */
static void xnic_write_config(PCIDevice *pci, uint32_t addr, uint32_t val,
                              int len)
{
    uint16_t cap = pci->exp.sriov_cap;
    uint16_t old_num_vfs = 0;

    if (cap) {
        old_num_vfs = pci_get_word(pci->config + cap + PCI_SRIOV_NUM_VF);
    }
    pci_default_write_config(pci, addr, val, len);
    if (cap && pci_get_word(pci->config + cap + PCI_SRIOV_NUM_VF) >
               pci_get_word(pci->config + cap + PCI_SRIOV_TOTAL_VF)) {
        pci_set_word(pci->config + cap + PCI_SRIOV_NUM_VF, old_num_vfs);
    }
    pcie_cap_flr_write_config(pci, addr, val, len);
}

static const VMStateDescription xnic_vmstate = {
    .name = TYPE_XNIC,
    .unmigratable = 1,
};

static Property xnic_properties[] = {
    DEFINE_NIC_PROPERTIES(XnicState, port[0].conf),
    DEFINE_PROP_NETDEV("netdev1", XnicState, port[1].conf.peers),
    DEFINE_PROP_UINT8("ports", XnicState, num_ports, 1),
    DEFINE_PROP_UINT32("queues", XnicState, num_queues,
                       XNIC_CORE_DEFAULT_QPS),
    DEFINE_PROP_UINT32("speed", XnicState, speed_mbps, XNIC_DEFAULT_SPEED),
    DEFINE_PROP_UINT16("total-vfs", XnicState, total_vfs,
                       XNIC_CORE_DEFAULT_VFS),
    DEFINE_PROP_UINT32("vf-queues", XnicState, vf_queues,
                       XNIC_CORE_DEFAULT_VF_QPS),
    DEFINE_PROP_UINT64("serial", XnicState, serial, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void xnic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = xnic_realize;
    k->exit = xnic_exit;
    k->config_write = xnic_write_config;
    k->vendor_id = XNIC_PCI_VENDOR_ID;
    k->device_id = XNIC_PCI_DEVICE_ID_PF;
    k->revision = XNIC_PCI_REVISION;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;
    dc->desc = "xnic programmable SmartNIC (PF)";
    dc->reset = xnic_qdev_reset;
    dc->vmsd = &xnic_vmstate;
    device_class_set_props(dc, xnic_properties);
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo xnic_info = {
    .name = TYPE_XNIC,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(XnicState),
    .class_init = xnic_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void xnic_register_types(void)
{
    type_register_static(&xnic_info);
}

type_init(xnic_register_types)
