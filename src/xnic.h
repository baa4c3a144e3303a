/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnic.h - driver-wide structures of the xnic driver.
 *
 * One struct xnic per PCI function (the PF or a VF), one struct xnic_port
 * (the private area of a netdev) per port: each physical port of the PF, or
 * the one virtual port of a VF; one struct xnic_qp per queue pair.
 */
#ifndef _XNIC_H
#define _XNIC_H

#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/xdp.h>

#include "xnic_hw.h"

#define XNIC_DRV_NAME		"xnic"
#define XNIC_FW_FILE		"xnic/xnic.fw"

#define XNIC_RING_DEFAULT	512	/* TX/RX descriptors per ring */
#define XNIC_EVQ_ENTRIES	256

/* struct xnic_port_stats is an array of this many 64-bit counters */
#define XNIC_PORT_NUM_STATS	(sizeof(struct xnic_port_stats) / sizeof(__le64))
#define XNIC_PSTAT(f)		(offsetof(struct xnic_port_stats, f) / \
				 sizeof(__le64))
/* struct xnic_vport_stats likewise; XNIC_VSTAT(f): index of counter @f */
#define XNIC_VPORT_NUM_STATS	(sizeof(struct xnic_vport_stats) / sizeof(__le64))
#define XNIC_VSTAT(f)		(offsetof(struct xnic_vport_stats, f) / \
				 sizeof(__le64))

struct xnic_cmdq;
struct xnic_esw;
struct xnic_flower;
struct xnic_tunnel;
struct xnic_slowpath;
struct xnic_bpf;

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
 * struct xnic_xdp_stats - native XDP verdicts of one RX queue (NAPI)
 * @pass: XDP_PASS, handed to the stack
 * @drop: XDP_DROP
 * @tx: XDP_TX, queued on the queue pair's TX ring
 * @redirect: XDP_REDIRECT accepted by xdp_do_redirect()
 * @aborted: XDP_ABORTED and unknown verdicts
 * @tx_errors: XDP_TX frames dropped (TX ring full, port stopping, DMA)
 * @redirect_errors: XDP_REDIRECT frames dropped (no memory, bad target)
 * @syncp: u64_stats synchronisation
 */
struct xnic_xdp_stats {
	u64 pass;
	u64 drop;
	u64 tx;
	u64 redirect;
	u64 aborted;
	u64 tx_errors;
	u64 redirect_errors;
	struct u64_stats_sync syncp;
};

/**
 * struct xnic_xdp_xmit_stats - ndo_xdp_xmit frames of one TX queue
 * @xmit: frames queued for transmission
 * @errors: frames dropped (ring full, port stopped, no memory)
 * @syncp: u64_stats synchronisation; written under the TX queue lock
 */
struct xnic_xdp_xmit_stats {
	u64 xmit;
	u64 errors;
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
 * @xnic: the device
 * @port: owning port; NULL for the switchdev slow path
 * @sp: the switchdev slow path this queue pair serves, else NULL: received
 *      frames go to the representor of their source port and completed
 *      transmits wake the representors instead of a netdev queue
 * @napi: NAPI context of both rings
 * @qp: global queue pair index on the device
 * @index: index among the port's queues (= netdev queue index)
 * @irq: Linux IRQ number of MSI-X vector XNIC_VEC_QP(@qp)
 * @irq_requested: @irq is requested
 * @irq_arm: XNIC_QP_IRQ_ARM register
 * @irq_name: name shown in /proc/interrupts
 * @tx: transmit ring
 * @rx: receive ring
 * @xdp_rxq: XDP receive queue info of @rx (xdp.c)
 * @xdp_stats: native XDP verdicts of @rx (xdp.c, NAPI)
 * @xdp_xmit_stats: frames queued on @tx by ndo_xdp_xmit (xdp.c)
 */
struct xnic_qp {
	struct xnic *xnic;
	struct xnic_port *port;
	struct xnic_slowpath *sp;
	struct napi_struct napi;
	u16 qp;
	u16 index;
	int irq;
	bool irq_requested;
	void __iomem *irq_arm;
	char irq_name[32];
	struct xnic_tx_ring tx;
	struct xnic_rx_ring rx;
	struct xdp_rxq_info xdp_rxq;
	struct xnic_xdp_stats xdp_stats;
	struct xnic_xdp_xmit_stats xdp_xmit_stats;
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
 * struct xnic_port - a port and its netdev (the netdev's private area)
 * @xnic: the device
 * @netdev: the netdev
 * @index: physical port index on the PF; 0 on a VF
 * @port_id: the NIC's port id: XNIC_PORT_PHYS(@index) or XNIC_PORT_VF(n)
 * @speed: link speed in Mb/s from PORT_INFO or VPORT_INFO
 * @cfg: current configuration; changed only under RTNL
 * @qps: XNIC->qps_per_port queue pairs; the first @cfg.num_qps are used
 * @up: rings are allocated and created on the device
 * @hw_stuck: the device did not confirm QUEUE_DESTROY; ring memory is kept
 *            until the device is reset and the port cannot be opened again
 * @registered: the netdev is registered
 * @rx_mode_work: VF: sends VPORT_SET_RX_MODE (ndo_set_rx_mode is atomic)
 * @rx_mode_want: VF: XNIC_RX_MODE_* the netdev flags ask for
 * @rx_mode_hw: VF: XNIC_RX_MODE_* the NIC accepted last
 * @rx_mode_refused: VF: the NIC refused promiscuous mode (logged once)
 * @trusted: VF: the NIC reports the VF as trusted (VPORT_INFO)
 * @xdp_prog: native (driver mode) XDP program, NULL if none; set under
 *            RTNL, read in NAPI under RCU
 * @xdp_hw_prog: program the NIC runs on this port's ingress (offload),
 *               NULL if none; under RTNL
 * @bpf_registered: the netdev is registered with the BPF offload device
 */
struct xnic_port {
	struct xnic *xnic;
	struct net_device *netdev;
	u32 index;
	u16 port_id;
	u32 speed;
	struct xnic_port_cfg cfg;
	struct xnic_qp *qps;
	bool up;
	bool hw_stuck;
	bool registered;
	struct work_struct rx_mode_work;
	u32 rx_mode_want;
	u32 rx_mode_hw;
	bool rx_mode_refused;
	bool trusted;
	struct bpf_prog __rcu *xdp_prog;
	struct bpf_prog *xdp_hw_prog;
	bool bpf_registered;
};

/**
 * struct xnic_vf_info - the PF's copy of one VF's administrative settings
 * @mac: MAC set by the administrator, zero if none
 * @vlan_proto: port VLAN protocol, network order (ETH_P_8021Q/ETH_P_8021AD)
 * @vlan: port VLAN id, 0 if none
 * @qos: 802.1p priority of the port VLAN
 * @spoofchk: source MAC check on
 * @trust: the VF may change its MAC and go promiscuous
 * @link_state: IFLA_VF_LINK_STATE_*
 * @max_tx_rate: Mb/s, 0 = unlimited
 *
 * Changed only under RTNL and only after the NIC accepted the change.
 */
struct xnic_vf_info {
	u8 mac[ETH_ALEN];
	__be16 vlan_proto;
	u16 vlan;
	u8 qos;
	bool spoofchk;
	bool trust;
	int link_state;
	u32 max_tx_rate;
};

/**
 * struct xnic - one xnic PCI function
 * @pdev: the PCI device
 * @regs: BAR0 mapping
 * @is_vf: this function is a VF
 * @vf_index: VF only: its index (XNIC_REG_FUNC)
 * @num_ports: PF: physical ports; VF: 1 (its virtual port)
 * @max_qps: queue pairs of the function (XNIC_REG_MAX_QPS)
 * @qps_per_port: queue pairs (and vectors) reserved for each port
 * @has_slowpath: a queue pair and vector are reserved for the switchdev
 *                slow path (the PF, when it can have VFs)
 * @slowpath_qp: that queue pair (its vector is XNIC_VEC_QP(@slowpath_qp))
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
 * @stats_lock: serialises XNIC_REG_PORT_STAT_LO/HI and VPORT_STAT_LO/HI
 *              pairs (LO latches HI; one latch per function)
 * @vfs: PF only: settings of the enabled VFs; NULL when SR-IOV is off.
 *       Set, cleared and read under RTNL.
 * @num_vfs: PF only: entries in @vfs (VFs enabled); under RTNL
 * @devlink: PF only: the devlink instance (its priv points back here)
 * @esw: PF only: eswitch mode state (eswitch.c)
 * @switchdev: PF only: switchdev mode is in effect on the NIC, so physical
 *             port 0 belongs to its representor and the PF netdev of port
 *             0 is only the PF's vport. Changed under RTNL and the devlink
 *             lock; read under either.
 * @bpf: PF with XNIC_CAP_BPF firmware only: the BPF offload device (bpf.c)
 * @flower: PF with XNIC_CAP_FLOWER firmware only: flower offload (flower.c)
 * @tunnel: with @flower: its VXLAN and Geneve offload (flower_tunnel.c)
 */
struct xnic {
	struct pci_dev *pdev;
	void __iomem *regs;
	bool is_vf;
	u16 vf_index;
	u32 num_ports;
	u32 max_qps;
	u32 qps_per_port;
	bool has_slowpath;
	u16 slowpath_qp;
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
	spinlock_t stats_lock;	/* serialises counter LO/HI reads */
	struct xnic_vf_info *vfs;
	u16 num_vfs;
	struct devlink *devlink;
	struct xnic_esw *esw;
	bool switchdev;
	struct xnic_bpf *bpf;
	struct xnic_flower *flower;
	struct xnic_tunnel *tunnel;
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
void xnic_vport_read_hw_stats(struct xnic *xnic, u64 *vals);
void xnic_esw_vport_read_hw_stats(struct xnic *xnic, u16 vport, u64 *vals);
void xnic_port_stats_to_link(const u64 *v, struct rtnl_link_stats64 *s);
void xnic_vport_stats_to_link(const u64 *v, struct rtnl_link_stats64 *s,
			      bool switch_side);
bool xnic_port_in_eswitch(const struct xnic_port *port);
bool xnic_port_owns_phys(const struct xnic_port *port);
int xnic_phys_port_cmd(struct xnic *xnic, u32 index, u16 opcode, u32 arg);
void xnic_port_set_link(struct xnic_port *port, bool up);

void xnic_port_refresh_speed(struct xnic_port *port);

/* vport.c: a VF's own virtual port */
int xnic_vport_init(struct xnic_port *port, bool *link_up);
void xnic_vport_changed(struct xnic_port *port);
int xnic_vport_set_mac(struct net_device *netdev, void *addr);
void xnic_vport_set_rx_mode(struct net_device *netdev);
void xnic_vport_rx_mode_work(struct work_struct *work);

/* sriov.c: enabling and disabling VFs on the PF */
int xnic_sriov_configure(struct pci_dev *pdev, int num_vfs);
void xnic_sriov_probe(struct xnic *xnic);
void xnic_sriov_remove(struct xnic *xnic);

/* vf.c: the PF's ip link set vf operations */
int xnic_ndo_set_vf_mac(struct net_device *netdev, int vf, u8 *mac);
int xnic_ndo_set_vf_vlan(struct net_device *netdev, int vf, u16 vlan, u8 qos,
			 __be16 proto);
int xnic_ndo_set_vf_rate(struct net_device *netdev, int vf, int min_tx_rate,
			 int max_tx_rate);
int xnic_ndo_set_vf_spoofchk(struct net_device *netdev, int vf, bool on);
int xnic_ndo_set_vf_trust(struct net_device *netdev, int vf, bool on);
int xnic_ndo_set_vf_link_state(struct net_device *netdev, int vf, int state);
int xnic_ndo_get_vf_config(struct net_device *netdev, int vf,
			   struct ifla_vf_info *ivi);
int xnic_ndo_get_vf_stats(struct net_device *netdev, int vf,
			  struct ifla_vf_stats *vf_stats);
int xnic_vf_read_configs(struct xnic *xnic, struct xnic_vf_info *vfs, u16 n);
int xnic_vf_set_mac(struct xnic *xnic, int vf, const u8 *mac,
		    struct netlink_ext_ack *extack);

/* txrx.c */
int xnic_qp_alloc(struct xnic_qp *qp, const struct xnic_port_cfg *cfg);
void xnic_qp_init(struct xnic_qp *qp, struct xnic *xnic, u16 index);
int xnic_qps_hw_create(struct xnic *xnic, struct xnic_qp *qps, u32 n,
		       u16 port_id);
int xnic_qps_hw_destroy(struct xnic *xnic, struct xnic_qp *qps, u32 n);
int xnic_tx_post(struct xnic_qp *qp, struct sk_buff *skb, u16 meta, u8 flags);
u32 xnic_tx_free(const struct xnic_tx_ring *tx);
u32 xnic_tx_wake_thresh(const struct xnic_tx_ring *tx);
void xnic_qp_free(struct xnic_qp *qp);
void xnic_qp_fill_rx(struct xnic_qp *qp);
int xnic_qp_irq_request(struct xnic_qp *qp);
void xnic_qp_irq_free(struct xnic_qp *qp);
netdev_tx_t xnic_start_xmit(struct sk_buff *skb, struct net_device *netdev);
int xnic_napi_poll(struct napi_struct *napi, int budget);

/* bpf.c: eBPF/XDP offload to the NIC's program engine */
int xnic_bpf_init(struct xnic *xnic);
void xnic_bpf_fini(struct xnic *xnic);
void xnic_bpf_port_register(struct xnic_port *port);
void xnic_bpf_unregister_netdev(struct xnic_port *port);
int xnic_ndo_bpf(struct net_device *netdev, struct netdev_bpf *bpf);
u32 xnic_bpf_stats_count(const struct xnic_port *port);
void xnic_bpf_get_strings(const struct xnic_port *port, u8 **data);
void xnic_bpf_get_stats(struct xnic_port *port, u64 *data);

/* xdp.c: native (driver mode) XDP */
int xnic_xdp_port_init(struct xnic_port *port);
void xnic_xdp_port_fini(struct xnic_port *port);
int xnic_xdp_setup(struct xnic_port *port, struct netdev_bpf *bpf);
struct sk_buff *xnic_xdp_rx(struct xnic_qp *qp, struct sk_buff *skb, u32 len);
void xnic_xdp_rx_done(struct xnic_qp *qp);
int xnic_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames,
		  u32 flags);
u32 xnic_xdp_stats_count(const struct xnic_port *port);
void xnic_xdp_get_strings(const struct xnic_port *port, u8 **data);
void xnic_xdp_get_stats(struct xnic_port *port, u64 *data);

/* ethtool.c */
extern const struct ethtool_ops xnic_ethtool_ops;

#endif /* _XNIC_H */
