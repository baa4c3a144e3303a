/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnic.h - driver-wide structures of the xnic driver.
 *
 * One struct xnic per PCI function, one struct xnic_port (the private area
 * of a netdev) per physical port, one struct xnic_qp per queue pair.
 */
#ifndef _XNIC_H
#define _XNIC_H

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

#include "xnic_hw.h"

#define XNIC_DRV_NAME		"xnic"
#define XNIC_FW_FILE		"xnic/xnic.fw"

#define XNIC_RING_DEFAULT	512	/* TX/RX descriptors per ring */
#define XNIC_EVQ_ENTRIES	256

/* struct xnic_port_stats is an array of this many 64-bit counters */
#define XNIC_PORT_NUM_STATS	(sizeof(struct xnic_port_stats) / sizeof(__le64))

struct xnic_cmdq;

/**
 * struct xnic_evq - device-to-driver event ring
 * @ring: DMA-coherent ring of events written by the device
 * @dma: bus address of @ring
 * @size: entries in @ring (power of two)
 * @cons: free-running consumer index, written back to XNIC_REG_EVQ_CONS
 * @lost: last value read from XNIC_REG_EVQ_LOST
 * @work: processes the ring; scheduled from the vector 0 handler
 */
struct xnic_evq {
	struct xnic_event *ring;
	dma_addr_t dma;
	u32 size;
	u32 cons;
	u32 lost;
	struct work_struct work;
};

/**
 * struct xnic_tx_buf - driver state of one TX descriptor
 * @skb: the frame, NULL when the slot is free
 * @dma: its mapping
 * @len: mapped length
 */
struct xnic_tx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
	u32 len;
};

/**
 * struct xnic_rx_buf - driver state of one RX descriptor
 * @skb: the empty buffer posted to the device, NULL if none
 * @dma: its mapping (struct xnic_rx_ring.buf_len bytes)
 */
struct xnic_rx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

/**
 * struct xnic_tx_stats - per TX queue counters written by the NAPI poll
 * @packets: frames the device completed successfully
 * @bytes: their bytes
 * @errors: frames completed with a descriptor error status
 * @syncp: u64_stats synchronisation
 */
struct xnic_tx_stats {
	u64 packets;
	u64 bytes;
	u64 errors;
	struct u64_stats_sync syncp;
};

/**
 * struct xnic_xmit_stats - per TX queue counters written by ndo_start_xmit
 * @dropped: frames dropped by the driver (linearize, padding, DMA mapping)
 * @stopped: times the queue was stopped because the ring was full
 * @syncp: u64_stats synchronisation
 */
struct xnic_xmit_stats {
	u64 dropped;
	u64 stopped;
	struct u64_stats_sync syncp;
};

/**
 * struct xnic_rx_stats - per RX queue counters written by the NAPI poll
 * @packets: frames passed to the stack
 * @bytes: their bytes
 * @errors: frames completed with an error status or a bad length
 * @alloc_fail: buffer allocation or mapping failures while refilling
 * @syncp: u64_stats synchronisation
 */
struct xnic_rx_stats {
	u64 packets;
	u64 bytes;
	u64 errors;
	u64 alloc_fail;
	struct u64_stats_sync syncp;
};

/**
 * struct xnic_tx_ring - transmit ring of one queue pair
 * @desc: DMA-coherent descriptor ring
 * @dma: bus address of @desc
 * @bufs: per descriptor driver state
 * @size: descriptors (power of two)
 * @prod: free-running producer index (written by xmit)
 * @clean: free-running index of the oldest uncompleted descriptor
 * @doorbell: XNIC_QP_TX_PROD register of the queue pair
 * @hw_created: QUEUE_CREATE succeeded and no QUEUE_DESTROY yet
 * @stats: completion counters
 * @xmit_stats: xmit-side counters
 */
struct xnic_tx_ring {
	struct xnic_tx_desc *desc;
	dma_addr_t dma;
	struct xnic_tx_buf *bufs;
	u32 size;
	u32 prod;
	u32 clean;
	void __iomem *doorbell;
	bool hw_created;
	struct xnic_tx_stats stats;
	struct xnic_xmit_stats xmit_stats;
};

/**
 * struct xnic_rx_ring - receive ring of one queue pair
 * @desc: DMA-coherent descriptor ring
 * @dma: bus address of @desc
 * @bufs: per descriptor driver state
 * @size: descriptors (power of two)
 * @buf_len: bytes of every posted buffer
 * @prod: free-running producer index (buffers posted)
 * @clean: free-running index of the oldest posted buffer
 * @doorbell: XNIC_QP_RX_PROD register of the queue pair
 * @hw_created: QUEUE_CREATE succeeded and no QUEUE_DESTROY yet
 * @stats: counters
 */
struct xnic_rx_ring {
	struct xnic_rx_desc *desc;
	dma_addr_t dma;
	struct xnic_rx_buf *bufs;
	u32 size;
	u32 buf_len;
	u32 prod;
	u32 clean;
	void __iomem *doorbell;
	bool hw_created;
	struct xnic_rx_stats stats;
};

/**
 * struct xnic_qp - one queue pair: a TX and an RX ring sharing a vector
 * @port: owning port
 * @napi: NAPI context of both rings
 * @qp: global queue pair index on the device
 * @index: index among the port's queues (= netdev queue index)
 * @irq: Linux IRQ number of MSI-X vector XNIC_VEC_QP(@qp)
 * @irq_requested: @irq is requested
 * @irq_arm: XNIC_QP_IRQ_ARM register
 * @irq_name: name shown in /proc/interrupts
 * @tx: transmit ring
 * @rx: receive ring
 */
struct xnic_qp {
	struct xnic_port *port;
	struct napi_struct napi;
	u16 qp;
	u16 index;
	int irq;
	bool irq_requested;
	void __iomem *irq_arm;
	char irq_name[32];
	struct xnic_tx_ring tx;
	struct xnic_rx_ring rx;
};

/**
 * struct xnic_port_cfg - the configuration a port (re)starts with
 * @mtu: MTU
 * @num_qps: active queue pairs
 * @tx_ring_size: TX descriptors per queue
 * @rx_ring_size: RX descriptors per queue
 */
struct xnic_port_cfg {
	u32 mtu;
	u32 num_qps;
	u32 tx_ring_size;
	u32 rx_ring_size;
};

/**
 * struct xnic_port - a physical port and its netdev (the netdev's private area)
 * @xnic: the device
 * @netdev: the netdev
 * @index: physical port index
 * @speed: link speed in Mb/s from PORT_INFO
 * @cfg: current configuration; changed only under RTNL
 * @qps: XNIC->qps_per_port queue pairs; the first @cfg.num_qps are used
 * @up: rings are allocated and created on the device
 * @hw_stuck: the device did not confirm QUEUE_DESTROY; ring memory is kept
 *            until the device is reset and the port cannot be opened again
 * @registered: the netdev is registered
 */
struct xnic_port {
	struct xnic *xnic;
	struct net_device *netdev;
	u32 index;
	u32 speed;
	struct xnic_port_cfg cfg;
	struct xnic_qp *qps;
	bool up;
	bool hw_stuck;
	bool registered;
};

/**
 * struct xnic - one xnic PCI function
 * @pdev: the PCI device
 * @regs: BAR0 mapping
 * @num_ports: physical ports
 * @max_qps: queue pairs of the function (XNIC_REG_MAX_QPS)
 * @qps_per_port: queue pairs (and vectors) reserved for each port
 * @num_vecs: MSI-X vectors allocated
 * @misc_irq_name: name of vector 0 in /proc/interrupts
 * @misc_irq_requested: vector 0 handler installed
 * @cmdq: command queue
 * @evq: event queue
 * @fw_version: running firmware version (XNIC_FW_VERSION encoding)
 * @fw_caps: XNIC_CAP_* of the running firmware
 * @fw_name: running firmware build name
 * @port_lock: protects @ports against the event work
 * @ports: ports, NULL when not (or no longer) present
 * @stats_lock: serialises XNIC_REG_PORT_STAT_LO/HI pairs (LO latches HI)
 */
struct xnic {
	struct pci_dev *pdev;
	void __iomem *regs;
	u32 num_ports;
	u32 max_qps;
	u32 qps_per_port;
	int num_vecs;
	char misc_irq_name[32];
	bool misc_irq_requested;
	struct xnic_cmdq *cmdq;
	struct xnic_evq evq;
	u32 fw_version;
	u32 fw_caps;
	char fw_name[33];
	struct mutex port_lock;	/* protects ports[] for the event work */
	struct xnic_port *ports[XNIC_MAX_PHYS_PORTS];
	spinlock_t stats_lock;	/* serialises port counter LO/HI reads */
};

static inline u32 xnic_rd32(const struct xnic *xnic, u32 reg)
{
	return readl(xnic->regs + reg);
}

static inline void xnic_wr32(const struct xnic *xnic, u32 reg, u32 val)
{
	writel(val, xnic->regs + reg);
}

static inline struct device *xnic_dev(const struct xnic *xnic)
{
	return &xnic->pdev->dev;
}

/* evq.c */
int xnic_evq_init(struct xnic *xnic);
void xnic_evq_start(struct xnic *xnic);
void xnic_evq_stop(struct xnic *xnic);
void xnic_evq_free(struct xnic *xnic);
void xnic_evq_irq(struct xnic *xnic);

/* fw.c */
int xnic_fw_load(struct xnic *xnic);

/* netdev.c */
int xnic_port_create(struct xnic *xnic, u32 index);
void xnic_port_unregister(struct xnic *xnic, u32 index);
void xnic_port_free(struct xnic *xnic, u32 index);
int xnic_port_up(struct xnic_port *port);
void xnic_port_down(struct xnic_port *port);
int xnic_port_reconfigure(struct xnic_port *port,
			  const struct xnic_port_cfg *cfg);
int xnic_port_info(struct xnic_port *port,
		   struct xnic_cmd_port_info_resp *info);
void xnic_port_read_hw_stats(struct xnic_port *port, u64 *vals);
void xnic_port_set_link(struct xnic_port *port, bool up);

/* txrx.c */
int xnic_qp_alloc(struct xnic_qp *qp, const struct xnic_port_cfg *cfg);
void xnic_qp_free(struct xnic_qp *qp);
void xnic_qp_fill_rx(struct xnic_qp *qp);
int xnic_qp_irq_request(struct xnic_qp *qp);
void xnic_qp_irq_free(struct xnic_qp *qp);
netdev_tx_t xnic_start_xmit(struct sk_buff *skb, struct net_device *netdev);
int xnic_napi_poll(struct napi_struct *napi, int budget);

/* ethtool.c */
extern const struct ethtool_ops xnic_ethtool_ops;

#endif /* _XNIC_H */
