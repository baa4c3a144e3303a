/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xnic_hw.h - the one hardware/firmware interface contract of the xnic NIC.
 *
 * Included by the Linux driver (src/) and by the device model (hw/), so that
 * nothing about the interface is defined twice. Documentation/hw-interface.rst
 * is the prose specification of this file.
 *
 * Everything the device reads from or writes to host memory is little endian
 * and uses the __le types of <linux/types.h>; registers are 32 bits wide and
 * little endian.
 */
#ifndef _XNIC_HW_H
#define _XNIC_HW_H

#include <linux/types.h>
#ifdef __KERNEL__
#include <linux/build_bug.h>
#else
#include <assert.h>
#endif

/* ------------------------------------------------------------------------
 * PCI identity
 */
#define XNIC_PCI_VENDOR_ID		0x1af4
#define XNIC_PCI_DEVICE_ID_PF		0x10f0
#define XNIC_PCI_DEVICE_ID_VF		0x10f1
#define XNIC_PCI_REVISION		0x01
/* The PF carries a PCIe Device Serial Number capability (pci_get_dsn()) */

/* BAR0: registers and doorbells; BAR2: MSI-X table and PBA */
#define XNIC_BAR_REGS			0
#define XNIC_BAR_MSIX			2
#define XNIC_BAR_REGS_SIZE		0x10000

/* ------------------------------------------------------------------------
 * BAR0 global registers (32 bit)
 */
#define XNIC_REG_ID			0x0000	/* RO: XNIC_ID_MAGIC */
#define XNIC_ID_MAGIC			0x43494e58	/* "XNIC" */
#define XNIC_REG_HW_VERSION		0x0004	/* RO: XNIC_HW_VERSION */
#define XNIC_HW_VERSION_MAJOR		1
#define XNIC_HW_VERSION_MINOR		0
#define XNIC_HW_VERSION			((XNIC_HW_VERSION_MAJOR << 16) | \
					 XNIC_HW_VERSION_MINOR)
#define XNIC_REG_CTRL			0x0008	/* RW: XNIC_CTRL_* */
#define XNIC_CTRL_RESET			0x00000001 /* W1: reset, self-clearing */
#define XNIC_REG_STATUS			0x000c	/* RO: XNIC_STATUS_* */
#define XNIC_STATUS_READY		0x00000001 /* reset finished */
#define XNIC_STATUS_FW_RUNNING		0x00000002 /* firmware active */
#define XNIC_STATUS_FATAL		0x00000004 /* firmware fault */
#define XNIC_REG_FUNC			0x0010	/* RO: XNIC_FUNC_* */
#define XNIC_FUNC_VF			0x00008000 /* this function is a VF */
#define XNIC_FUNC_VF_INDEX_MASK		0x00000fff /* VF index if VF */
#define XNIC_REG_MAX_QPS		0x0014	/* RO: queue pairs of function */
#define XNIC_REG_NUM_PORTS		0x0018	/* RO: physical ports (1..2) */
#define XNIC_REG_NUM_VECTORS		0x001c	/* RO: MSI-X vectors */
#define XNIC_REG_FW_VERSION		0x0020	/* RO: running fw, 0 if none */
#define XNIC_REG_SCRATCH		0x0024	/* RW: no effect, for tests */

/*
 * Physical port counters, readable without a command (so from atomic
 * context): 64-bit counter i of port p, in struct xnic_port_stats order, at
 * XNIC_REG_PORT_STAT_LO(p, i) and _HI(p, i). Reading LO latches the whole
 * 64-bit value; the next HI read of the same function returns its upper half.
 */
#define XNIC_REG_PORT_STATS_BASE	0x0400
#define XNIC_PORT_STATS_STRIDE		0x0100
#define XNIC_REG_PORT_STAT_LO(p, i)	(XNIC_REG_PORT_STATS_BASE + \
					 (p) * XNIC_PORT_STATS_STRIDE + (i) * 8)
#define XNIC_REG_PORT_STAT_HI(p, i)	(XNIC_REG_PORT_STAT_LO(p, i) + 4)

/*
 * The function's own vport counters, readable without a command: 64-bit
 * counter i of struct xnic_vport_stats of the reading function's vport (the
 * PF: its vport in the eswitch; VF n: VF n's vport) at
 * XNIC_REG_VPORT_STAT_LO(i) and _HI(i). Same latch as the port counters:
 * reading LO latches the whole 64-bit value for the next HI read.
 */
#define XNIC_REG_VPORT_STATS_BASE	0x0600
#define XNIC_REG_VPORT_STAT_LO(i)	(XNIC_REG_VPORT_STATS_BASE + (i) * 8)
#define XNIC_REG_VPORT_STAT_HI(i)	(XNIC_REG_VPORT_STAT_LO(i) + 4)

/*
 * Every vport's counters, for the PF only (representors; a VF reads 0):
 * 64-bit counter i of struct xnic_vport_stats of vport v at
 * XNIC_REG_ESW_VPORT_STAT_LO(v, i) and _HI(v, i), v = XNIC_ESW_VPORT_PF (0)
 * for the PF's vport and XNIC_ESW_VPORT_VF(n) (1 + n) for VF n. Same latch
 * as above. Counters of a vport beyond the enabled VFs read 0.
 */
#define XNIC_REG_ESW_VPORT_STATS_BASE	0x2000
#define XNIC_ESW_VPORT_STATS_STRIDE	0x80
#define XNIC_ESW_VPORT_PF		0
#define XNIC_ESW_VPORT_VF(n)		(1 + (n))
#define XNIC_ESW_MAX_VPORTS		256	/* the PF and up to 255 VFs */
#define XNIC_REG_ESW_VPORT_STAT_LO(v, i) (XNIC_REG_ESW_VPORT_STATS_BASE + \
					 (v) * XNIC_ESW_VPORT_STATS_STRIDE + \
					 (i) * 8)
#define XNIC_REG_ESW_VPORT_STAT_HI(v, i) (XNIC_REG_ESW_VPORT_STAT_LO(v, i) + 4)

/*
 * Command queue registers. The ring is XNIC_REG_CMDQ_SIZE entries of
 * struct xnic_cmd (a power of two, 2..XNIC_CMDQ_MAX_ENTRIES). The driver
 * writes the free-running producer index to XNIC_REG_CMDQ_PROD (doorbell);
 * the device writes back each command in place and advances the free-running
 * consumer index XNIC_REG_CMDQ_CONS.
 */
#define XNIC_REG_CMDQ_BASE_LO		0x0100
#define XNIC_REG_CMDQ_BASE_HI		0x0104
#define XNIC_REG_CMDQ_SIZE		0x0108
#define XNIC_REG_CMDQ_PROD		0x010c	/* WO doorbell */
#define XNIC_REG_CMDQ_CONS		0x0110	/* RO */
#define XNIC_REG_CMDQ_CTRL		0x0114	/* RW: XNIC_QCTRL_* */
#define XNIC_CMDQ_MAX_ENTRIES		1024

/*
 * Event queue registers. A ring of struct xnic_event written by the device.
 * XNIC_REG_EVQ_PROD is the device's free-running producer index; the driver
 * writes its free-running consumer index to XNIC_REG_EVQ_CONS. When the ring
 * is full, the device drops new events and counts them in XNIC_REG_EVQ_LOST.
 */
#define XNIC_REG_EVQ_BASE_LO		0x0120
#define XNIC_REG_EVQ_BASE_HI		0x0124
#define XNIC_REG_EVQ_SIZE		0x0128
#define XNIC_REG_EVQ_PROD		0x012c	/* RO */
#define XNIC_REG_EVQ_CONS		0x0130	/* WO */
#define XNIC_REG_EVQ_CTRL		0x0134	/* RW: XNIC_QCTRL_* */
#define XNIC_REG_EVQ_LOST		0x0138	/* RO: events dropped */
#define XNIC_EVQ_MAX_ENTRIES		1024

/* CMDQ/EVQ control: enable bit; the MSI-X vector is always vector 0 */
#define XNIC_QCTRL_ENABLE		0x00000001
#define XNIC_QCTRL_IRQ_EN		0x00000002 /* raise vector 0 */

/* MSI-X: vector 0 is the command queue and events, vector 1 + n queue pair n */
#define XNIC_VEC_CMD			0
#define XNIC_VEC_QP(n)			(1 + (n))

/*
 * Queue pair doorbells: XNIC_REG_QP_BASE + qp * XNIC_QP_STRIDE.
 * TX_PROD/RX_PROD take the driver's free-running producer index (16 bit,
 * wraps at 65536; ring sizes are powers of two so index & (size - 1) is the
 * slot). IRQ_ARM arms the queue pair's vector for exactly one interrupt:
 * the device fires it on the next TX or RX completion, or at once if a
 * completion happened while the vector was not armed.
 */
#define XNIC_REG_QP_BASE		0x1000
#define XNIC_QP_STRIDE			0x10
#define XNIC_QP_TX_PROD			0x0
#define XNIC_QP_RX_PROD			0x4
#define XNIC_QP_IRQ_ARM			0x8
#define XNIC_MAX_QPS			64
#define XNIC_REG_QP(qp, reg)		(XNIC_REG_QP_BASE + \
					 (qp) * XNIC_QP_STRIDE + (reg))

/* Ring sizes for TX/RX queues, in descriptors */
#define XNIC_RING_MIN			64
#define XNIC_RING_MAX			4096
#define XNIC_BUF_MAX			16384	/* largest RX/TX buffer */

/* ------------------------------------------------------------------------
 * Port identifiers, used in descriptor metadata and commands.
 */
#define XNIC_PORT_TYPE_MASK		0xf000
#define XNIC_PORT_TYPE_PHYS		0x0000	/* physical port n (uplink) */
#define XNIC_PORT_TYPE_PF		0x1000	/* the PF's own queues */
#define XNIC_PORT_TYPE_VF		0x2000	/* VF n */
#define XNIC_PORT_INDEX_MASK		0x0fff
#define XNIC_PORT_PHYS(n)		(XNIC_PORT_TYPE_PHYS | (n))
#define XNIC_PORT_PF			XNIC_PORT_TYPE_PF
#define XNIC_PORT_VF(n)			(XNIC_PORT_TYPE_VF | (n))
#define XNIC_PORT_TYPE_SLOWPATH		0x3000	/* switchdev slow path (PF) */
#define XNIC_PORT_SLOWPATH		XNIC_PORT_TYPE_SLOWPATH
#define XNIC_MAX_PHYS_PORTS		2

/* ------------------------------------------------------------------------
 * TX/RX descriptors (16 bytes). The device sets XNIC_DESC_F_DONE when it
 * has finished with a descriptor; the driver clears it when it posts one.
 */
#define XNIC_DESC_F_DONE		0x01	/* device: completed */
#define XNIC_DESC_F_META		0x02	/* tx: meta names the egress port */

/**
 * struct xnic_tx_desc - transmit descriptor, one buffer per packet
 * @addr: DMA address of the frame
 * @len: frame length in bytes (14..XNIC_BUF_MAX)
 * @rsvd: zero
 * @meta: egress port id when XNIC_DESC_F_META is set (PF only); else 0
 * @flags: XNIC_DESC_F_*; the driver writes META, the device sets DONE
 * @status: device: XNIC_DESC_ST_*
 */
struct xnic_tx_desc {
	__le64 addr;
	__le16 len;
	__le16 rsvd;
	__le16 meta;
	__u8 flags;
	__u8 status;
};

/**
 * struct xnic_rx_desc - receive descriptor, one buffer per packet
 * @addr: driver: DMA address of an empty buffer
 * @buf_len: driver: size of that buffer
 * @pkt_len: device: length of the frame it wrote
 * @meta: device: source port id of the frame
 * @flags: device sets XNIC_DESC_F_DONE
 * @status: device: XNIC_DESC_ST_*
 */
struct xnic_rx_desc {
	__le64 addr;
	__le16 buf_len;
	__le16 pkt_len;
	__le16 meta;
	__u8 flags;
	__u8 status;
};

#define XNIC_DESC_ST_OK			0
#define XNIC_DESC_ST_BAD_LEN		1	/* tx: length out of range */
#define XNIC_DESC_ST_DMA_ERR		2	/* address not accessible */
#define XNIC_DESC_ST_BAD_META		3	/* tx: port meta refused */
#define XNIC_DESC_ST_DROPPED		4	/* tx: port down / no route */
#define XNIC_DESC_ST_SPOOFED		5	/* tx: VF source MAC refused */

/* ------------------------------------------------------------------------
 * Command queue entries (256 bytes): header plus inline payload.
 */
#define XNIC_CMD_DATA_LEN		224

/**
 * struct xnic_cmd - one command and, written back in place, its completion
 * @opcode: XNIC_CMD_*
 * @flags: driver writes 0 or XNIC_CMD_F_NO_IRQ; the device sets
 *         XNIC_CMD_F_DONE on completion
 * @tag: driver's tag, echoed; lets the driver match late completions
 * @status: device: XNIC_CMD_ST_*
 * @in_len: bytes of @data the request carries
 * @out_len: device: bytes of @data the response carries
 * @buf_len: length of the external DMA buffer, 0 if none
 * @buf_addr: external DMA buffer for bulk data (firmware chunks, counters)
 * @rsvd: zero
 * @data: inline request, overwritten by the inline response
 */
struct xnic_cmd {
	__le16 opcode;
	__le16 flags;
	__le16 tag;
	__le16 status;
	__le16 in_len;
	__le16 out_len;
	__le32 buf_len;
	__le64 buf_addr;
	__le64 rsvd;
	__u8 data[XNIC_CMD_DATA_LEN];
};

#define XNIC_CMD_F_DONE			0x0001
/*
 * Set by the driver: this command's completion needs no interrupt. The
 * device raises vector 0 after a batch only if some command of the batch
 * lacked the flag (and CMDQ_CTRL.IRQ_EN is set).
 */
#define XNIC_CMD_F_NO_IRQ		0x0002

/* Command status codes */
#define XNIC_CMD_ST_OK			0
#define XNIC_CMD_ST_EINVAL		1	/* malformed or out of range */
#define XNIC_CMD_ST_EPERM		2	/* not allowed to this function */
#define XNIC_CMD_ST_ENOENT		3	/* no such object */
#define XNIC_CMD_ST_EEXIST		4	/* object exists */
#define XNIC_CMD_ST_ENOSPC		5	/* table full */
#define XNIC_CMD_ST_EBUSY		6	/* state does not allow it now */
#define XNIC_CMD_ST_EOPNOTSUPP		7	/* unknown opcode or feature */
#define XNIC_CMD_ST_EIO			8	/* DMA failed */
#define XNIC_CMD_ST_ENOFW		9	/* needs running firmware */
#define XNIC_CMD_ST_EBADIMG		10	/* firmware image refused */
#define XNIC_CMD_ST_EBADPROG		11	/* bpf program refused */

/* Opcodes. Before firmware runs only NOP, GET_INFO and FW_* are accepted. */
#define XNIC_CMD_NOP			0x0001
#define XNIC_CMD_GET_INFO		0x0002
#define XNIC_CMD_FW_LOAD_CHUNK		0x0010
#define XNIC_CMD_FW_LOAD_COMMIT		0x0011
#define XNIC_CMD_FW_LOAD_ABORT		0x0012
#define XNIC_CMD_PORT_INFO		0x0020
#define XNIC_CMD_PORT_ENABLE		0x0021
#define XNIC_CMD_PORT_SET_MTU		0x0022
#define XNIC_CMD_PORT_STATS		0x0023
#define XNIC_CMD_QUEUE_CREATE		0x0030
#define XNIC_CMD_QUEUE_DESTROY		0x0031
/* 0x0100-0x013f: SR-IOV, PF only: the administrator's view of each VF */
#define XNIC_CMD_VF_SET_CONFIG		0x0100
#define XNIC_CMD_VF_GET_CONFIG		0x0101
#define XNIC_CMD_VF_STATS		0x0102
/* 0x0140-0x017f: a function's own virtual port (VF or PF) */
#define XNIC_CMD_VPORT_INFO		0x0140
#define XNIC_CMD_VPORT_SET_MAC		0x0141
#define XNIC_CMD_VPORT_SET_RX_MODE	0x0142
/* 0x0180-0x01ff: eswitch, PF only */
#define XNIC_CMD_ESW_GET_MODE		0x0180
#define XNIC_CMD_ESW_SET_MODE		0x0181
/* 0x0200-0x02ff: flower; 0x0300-0x03ff: bpf */

/**
 * struct xnic_cmd_info_resp - GET_INFO response
 * @fw_version: running firmware version (XNIC_FW_VERSION()), 0 if none
 * @caps: XNIC_CAP_* of the running firmware
 * @num_ports: physical ports
 * @max_qps: queue pairs of this function
 * @num_vectors: MSI-X vectors of this function
 * @max_flows: flow table size of the running firmware
 * @max_bpf_insns: program engine size of the running firmware
 * @fw_name: NUL-padded firmware build name
 */
struct xnic_cmd_info_resp {
	__le32 fw_version;
	__le32 caps;
	__le16 num_ports;
	__le16 max_qps;
	__le16 num_vectors;
	__le16 rsvd;
	__le32 max_flows;
	__le32 max_bpf_insns;
	char fw_name[32];
};

/**
 * struct xnic_cmd_fw_chunk - FW_LOAD_CHUNK request; bytes come from buf_addr
 * @offset: where this chunk goes in the image
 * @total_len: size of the whole image (same for every chunk of one load)
 *
 * Chunks must arrive in order (offset == bytes received so far). FW_LOAD_COMMIT
 * (no payload) verifies the staged image and, if it is good, makes it the
 * running firmware; if not, it answers XNIC_CMD_ST_EBADIMG and the running
 * firmware, if any, stays. FW_LOAD_ABORT discards the staged bytes.
 */
struct xnic_cmd_fw_chunk {
	__le32 offset;
	__le32 total_len;
};

#define XNIC_FW_CHUNK_MAX		65536

/**
 * struct xnic_cmd_port_req - request naming a physical port
 * @port: physical port index
 * @rsvd: zero
 * @arg: PORT_ENABLE: 1 enable, 0 disable; PORT_SET_MTU: the MTU
 */
struct xnic_cmd_port_req {
	__le16 port;
	__le16 rsvd;
	__le32 arg;
};

#define XNIC_MTU_MIN			68
#define XNIC_MTU_MAX			9600

/**
 * struct xnic_cmd_port_info_resp - PORT_INFO response
 * @mac: factory MAC address of the port
 * @link_up: 1 if the link is up
 * @rsvd: zero
 * @mtu: current MTU
 * @speed: link speed in Mb/s
 */
struct xnic_cmd_port_info_resp {
	__u8 mac[6];
	__u8 link_up;
	__u8 rsvd;
	__le32 mtu;
	__le32 speed;
};

/**
 * struct xnic_port_stats - PORT_STATS response: the port's own counters
 *
 * rx_* count what arrived from the wire, tx_* what left on it;
 * rx_no_buf counts frames dropped for want of an RX descriptor,
 * rx_oversize frames larger than the MTU allows, tx_errors bad descriptors.
 */
struct xnic_port_stats {
	__le64 rx_packets;
	__le64 rx_bytes;
	__le64 tx_packets;
	__le64 tx_bytes;
	__le64 rx_no_buf;
	__le64 rx_oversize;
	__le64 tx_errors;
	__le64 tx_dropped;
	__le64 rx_multicast;
	__le64 rx_broadcast;
};

/**
 * struct xnic_cmd_queue_req - QUEUE_CREATE / QUEUE_DESTROY request
 * @qp: queue pair index (0..max_qps-1)
 * @type: XNIC_QTYPE_TX or XNIC_QTYPE_RX
 * @log2_size: ring size as a power of two
 * @port: for RX: the port id whose traffic this queue receives;
 *        for TX: the port id that transmits from it
 * @rsvd: zero
 * @ring_addr: DMA address of the descriptor ring
 *
 * RX traffic of a port is spread over that port's RX queues by a hash of the
 * flow (addresses and L4 ports), so one flow stays on one queue.
 */
struct xnic_cmd_queue_req {
	__le16 qp;
	__u8 type;
	__u8 log2_size;
	__le16 port;
	__le16 rsvd;
	__le64 ring_addr;
};

#define XNIC_QTYPE_TX			0
#define XNIC_QTYPE_RX			1

/* ------------------------------------------------------------------------
 * SR-IOV. Each VF is a PCIe function with the same BAR0 layout as the PF
 * (XNIC_REG_FUNC has XNIC_FUNC_VF set), its own MSI-X vectors, queue pairs,
 * command queue and event queue. A VF's queues always belong to its own
 * port XNIC_PORT_VF(n), whatever the port field says.
 *
 * Rights. A VF may send NOP, GET_INFO, QUEUE_CREATE/DESTROY (own queues),
 * VPORT_INFO, VPORT_SET_MAC and VPORT_SET_RX_MODE; anything else answers
 * XNIC_CMD_ST_EPERM. The PF may send everything; PORT_* and VF_* are PF
 * only. VF commands work while the PF's firmware runs, else ENOFW.
 *
 * The legacy eswitch forwards by destination MAC and VLAN between the
 * uplink (physical port 0), the PF (its netdev of port 0) and the VFs:
 * unicast to a VF's MAC in the VF's VLAN goes to that VF only; to the PF's
 * MAC, to the PF; any other unicast from a VF or the PF goes to the uplink
 * and from the uplink to the PF. Broadcast and multicast go to every other
 * vport of the same VLAN (and the uplink and PF). A VF with a port VLAN
 * sends untagged frames, which leave the VF tagged with (proto, vlan, qos),
 * and receives the frames of that VLAN untagged; a tagged frame sent by such
 * a VF is dropped and counted (tx_dropped).
 */

/**
 * struct xnic_vf_config - one VF's administrative configuration
 * @vf: VF index
 * @valid: XNIC_VF_CFG_* bits: which fields VF_SET_CONFIG applies; others
 *         keep their values. VF_GET_CONFIG returns all bits set.
 * @mac: the VF's MAC (VF_SET_CONFIG: the administrator's; all zero clears
 *       it). VF_GET_CONFIG: the MAC in effect (the administrator's, else
 *       the one the VF set itself, else zero)
 * @vlan_proto: XNIC_VLAN_PROTO_8021Q or _8021AD (network order values)
 * @vlan: port VLAN id, 0 = none (1..4095)
 * @qos: 802.1p priority of the port VLAN (0..7)
 * @spoofchk: 1: frames with a source MAC other than the VF's are dropped
 * @trust: 1: the VF may change its MAC and go promiscuous
 * @link_state: XNIC_VF_LINK_*
 * @rsvd: zero
 * @max_tx_rate: Mb/s the VF may transmit, 0 = unlimited
 * @min_tx_rate: must be 0: guaranteed rates are not implemented (EOPNOTSUPP)
 */
struct xnic_vf_config {
	__le16 vf;
	__le16 valid;
	__u8 mac[6];
	__le16 vlan_proto;
	__le16 vlan;
	__u8 qos;
	__u8 spoofchk;
	__u8 trust;
	__u8 link_state;
	__le16 rsvd;
	__le32 max_tx_rate;
	__le32 min_tx_rate;
};

#define XNIC_VF_CFG_MAC			0x0001
#define XNIC_VF_CFG_VLAN		0x0002	/* vlan, qos and vlan_proto */
#define XNIC_VF_CFG_SPOOFCHK		0x0004
#define XNIC_VF_CFG_TRUST		0x0008
#define XNIC_VF_CFG_LINK_STATE		0x0010
#define XNIC_VF_CFG_RATE		0x0020	/* max and min tx rate */
#define XNIC_VF_CFG_ALL			0x003f

#define XNIC_VLAN_PROTO_8021Q		0x8100
#define XNIC_VLAN_PROTO_8021AD		0x88a8

#define XNIC_VF_LINK_AUTO		0	/* follows the uplink */
#define XNIC_VF_LINK_ENABLE		1
#define XNIC_VF_LINK_DISABLE		2

/**
 * struct xnic_vf_req - VF_GET_CONFIG / VF_STATS request
 * @vf: VF index
 * @rsvd: zero
 */
struct xnic_vf_req {
	__le16 vf;
	__le16 rsvd[3];
};

/**
 * struct xnic_vport_stats - a vport's counters in the NIC: a VF's in the
 * VF_STATS response, and the reading function's own (PF or VF) at
 * XNIC_REG_VPORT_STAT_LO/HI
 *
 * rx_* count what the eswitch delivered to the function's queues, tx_* what
 * its queues sent into the eswitch (for the PF: the queues of port 0, to and
 * from the uplink and the VFs; not other ports, nor XNIC_DESC_F_META
 * frames); tx_spoofed frames dropped by spoofchk, tx_dropped by other rules
 * (link disabled, tagged frame with a port VLAN, bad descriptor, uplink
 * down), rx_dropped frames for the function that found no RX buffer;
 * tx_rate_limited counts how often the rate limiter held the VF's transmit
 * queues. The PF's tx_spoofed and tx_rate_limited stay 0.
 */
struct xnic_vport_stats {
	__le64 rx_packets;
	__le64 rx_bytes;
	__le64 tx_packets;
	__le64 tx_bytes;
	__le64 rx_broadcast;
	__le64 rx_multicast;
	__le64 rx_dropped;
	__le64 tx_dropped;
	__le64 tx_spoofed;
	__le64 tx_rate_limited;
};

/**
 * struct xnic_vport_info_resp - VPORT_INFO response: a function's own port
 * @mac: MAC in effect (zero if none yet: the VF driver then picks a random
 *       one and sets it with VPORT_SET_MAC)
 * @link_up: 1 if the vport's link is up
 * @admin_mac: 1 if the MAC was set by the administrator
 * @trusted: 1 if the VF is trusted
 * @rsvd: zero
 * @mtu: MTU of the uplink
 * @speed: link speed in Mb/s
 */
struct xnic_vport_info_resp {
	__u8 mac[6];
	__u8 link_up;
	__u8 admin_mac;
	__u8 trusted;
	__u8 rsvd[3];
	__le32 mtu;
	__le32 speed;
};

/**
 * struct xnic_vport_mac_req - VPORT_SET_MAC request
 * @mac: unicast, non-zero MAC. Refused (EPERM) for an untrusted VF whose MAC
 *       the administrator set; EINVAL for a multicast or zero MAC.
 * @rsvd: zero
 */
struct xnic_vport_mac_req {
	__u8 mac[6];
	__le16 rsvd;
};

/**
 * struct xnic_vport_rx_mode_req - VPORT_SET_RX_MODE request
 * @flags: XNIC_RX_MODE_*; PROMISC for an untrusted VF answers EPERM
 * @rsvd: zero
 */
struct xnic_vport_rx_mode_req {
	__le32 flags;
	__le32 rsvd;
};

#define XNIC_RX_MODE_PROMISC		0x0001	/* every frame of its VLAN */
#define XNIC_RX_MODE_ALLMULTI		0x0002

/* ------------------------------------------------------------------------
 * Eswitch modes (XNIC_CAP_SWITCHDEV for switchdev). PF only.
 *
 * LEGACY (after reset): the MAC/VLAN L2 switch described under SR-IOV.
 *
 * SWITCHDEV: the legacy rules (MAC/VLAN forwarding, port VLAN, spoofchk,
 * the PF's RSS share of uplink traffic) are not applied. Every frame that
 * enters the eswitch (from physical port 0 after its XDP hook, from the
 * PF's queues of port XNIC_PORT_PF, from a VF's queues) and that no
 * offloaded rule claims goes to the slow path: to one of the PF's RX queues
 * created with port XNIC_PORT_SLOWPATH (chosen by the flow hash, as RSS
 * does), unchanged, with the source port id (XNIC_PORT_PHYS(0),
 * XNIC_PORT_PF, XNIC_PORT_VF(n)) in struct xnic_rx_desc.meta. Without a
 * slow-path RX queue, or without a free buffer there, the frame is dropped
 * and counted in slowpath_dropped. A VF's link state and max_tx_rate still
 * apply in switchdev mode. Physical port 1, if present, stays outside the
 * eswitch in both modes.
 *
 * Representor transmit: a frame on any PF TX queue with XNIC_DESC_F_META
 * goes straight to the port in meta, bypassing the eswitch: XNIC_PORT_PHYS(n)
 * out of that physical port (both modes); XNIC_PORT_PF to the PF's RX
 * queues of port XNIC_PORT_PF, XNIC_PORT_VF(n) to VF n's RX queues (counted
 * as that vport's rx; dropped and counted in its rx_dropped if the VF has
 * no RX queue or buffer, or its link is down) -- these two only in
 * switchdev mode, else XNIC_DESC_ST_BAD_META, as for a VF that is not
 * enabled. A frame on a slow-path TX queue without META: BAD_META.
 *
 * QUEUE_CREATE with port XNIC_PORT_SLOWPATH is allowed for the PF in both
 * modes (in legacy mode its RX queues receive nothing), so that the driver
 * can create the slow path before it switches. ESW_SET_MODE to the mode in
 * effect is a no-op that answers OK. ESW_SET_MODE answers EINVAL for an
 * unknown mode, EOPNOTSUPP for switchdev without XNIC_CAP_SWITCHDEV, and
 * EBUSY while the eswitch holds offloaded flow rules (num_rules != 0).
 */
#define XNIC_ESW_MODE_LEGACY		0
#define XNIC_ESW_MODE_SWITCHDEV		1

/**
 * struct xnic_esw_mode_req - ESW_SET_MODE request
 * @mode: XNIC_ESW_MODE_*
 * @rsvd: zero
 */
struct xnic_esw_mode_req {
	__u8 mode;
	__u8 rsvd[7];
};

/**
 * struct xnic_esw_mode_resp - ESW_GET_MODE response
 * @mode: XNIC_ESW_MODE_* in effect
 * @rsvd: zero
 * @num_rules: offloaded flow rules the eswitch holds
 * @slowpath_packets: frames delivered to the slow path since reset
 * @slowpath_dropped: slow-path frames dropped for lack of a queue or buffer
 */
struct xnic_esw_mode_resp {
	__u8 mode;
	__u8 rsvd[3];
	__le32 num_rules;
	__le64 slowpath_packets;
	__le64 slowpath_dropped;
};

/* ------------------------------------------------------------------------
 * eBPF offload (XNIC_CAP_BPF). The NIC keeps hash and array maps and runs
 * one XDP program per physical port on that port's ingress, before the
 * eswitch. All these commands are PF only (a VF gets EPERM) and need running
 * firmware with XNIC_CAP_BPF (else ENOFW / EOPNOTSUPP).
 *
 * Instructions are the kernel's eBPF encoding (struct xnic_bpf_insn is the
 * byte layout of struct bpf_insn on a little-endian host) after the
 * verifier, with two rules for the driver's translation:
 *  - an ld_imm64 of a map (src_reg BPF_PSEUDO_MAP_FD) carries the NIC's map
 *    handle in the first imm and 0 in the second, src_reg staying
 *    XNIC_BPF_PSEUDO_MAP_HANDLE (== BPF_PSEUDO_MAP_FD); other ld_imm64 are
 *    plain constants (src_reg 0);
 *  - helper calls carry the helper's BPF_FUNC_* id in imm (src_reg 0);
 *    bpf-to-bpf calls are src_reg XNIC_BPF_PSEUDO_CALL with the relative
 *    target in imm, as the kernel encodes them.
 * Context accesses are the program's own struct xdp_md loads (4 bytes at
 * offsets 0 data, 4 data_end, 8 data_meta, 12 ingress_ifindex, 16
 * rx_queue_index, 20 egress_ifindex), not the kernel's converted ones.
 * Packet pointers are 32-bit NIC addresses, other pointers 64-bit NIC
 * addresses: no host address is ever visible to a program.
 */
#define XNIC_CMD_BPF_INFO		0x0300
#define XNIC_CMD_BPF_MAP_CREATE		0x0310
#define XNIC_CMD_BPF_MAP_DESTROY	0x0311
#define XNIC_CMD_BPF_MAP_LOOKUP		0x0312
#define XNIC_CMD_BPF_MAP_UPDATE		0x0313
#define XNIC_CMD_BPF_MAP_DELETE		0x0314
#define XNIC_CMD_BPF_MAP_GET_NEXT	0x0315
#define XNIC_CMD_BPF_PROG_LOAD		0x0320
#define XNIC_CMD_BPF_PROG_UNLOAD	0x0321
#define XNIC_CMD_BPF_PROG_STATS		0x0322

/* Limits of the program engine (BPF_INFO reports them too) */
#define XNIC_BPF_MAX_MAPS		64	/* maps on the NIC */
#define XNIC_BPF_MAX_ENTRIES		65536	/* max_entries of all maps */
#define XNIC_BPF_MAX_KEY_SIZE		64
#define XNIC_BPF_MAX_VALUE_SIZE		512
#define XNIC_BPF_STACK_SIZE		512	/* per call frame */
#define XNIC_BPF_MAX_CALL_DEPTH		8	/* frames, main included */
#define XNIC_BPF_INSN_BUDGET		0x100000 /* per packet (2^20) */
#define XNIC_BPF_HEADROOM		256	/* xdp_adjust_head room */
#define XNIC_BPF_MSG_LEN		120

/* Map types: the kernel's enum bpf_map_type values */
#define XNIC_BPF_MAP_HASH		1
#define XNIC_BPF_MAP_ARRAY		2

/* MAP_UPDATE flags: the kernel's BPF_ANY, BPF_NOEXIST, BPF_EXIST */
#define XNIC_BPF_ANY			0
#define XNIC_BPF_NOEXIST		1
#define XNIC_BPF_EXIST			2

/* Helpers a program may call: the kernel's BPF_FUNC_* ids */
#define XNIC_BPF_FUNC_MAP_LOOKUP_ELEM	1
#define XNIC_BPF_FUNC_MAP_UPDATE_ELEM	2
#define XNIC_BPF_FUNC_MAP_DELETE_ELEM	3
#define XNIC_BPF_FUNC_KTIME_GET_NS	5
#define XNIC_BPF_FUNC_GET_PRANDOM_U32	7
#define XNIC_BPF_FUNC_XDP_ADJUST_HEAD	44
#define XNIC_BPF_FUNC_XDP_ADJUST_TAIL	65

/* src_reg values of ld_imm64 and call: the kernel's BPF_PSEUDO_* */
#define XNIC_BPF_PSEUDO_MAP_HANDLE	1	/* BPF_PSEUDO_MAP_FD */
#define XNIC_BPF_PSEUDO_CALL		1	/* BPF_PSEUDO_CALL */

/* Program verdicts: the kernel's enum xdp_action values */
#define XNIC_XDP_ABORTED		0
#define XNIC_XDP_DROP			1
#define XNIC_XDP_PASS			2
#define XNIC_XDP_TX			3
#define XNIC_XDP_REDIRECT		4	/* not offloadable: ABORTED */

/**
 * struct xnic_bpf_insn - one eBPF instruction as the NIC reads it
 * @code: opcode (class, size/mode or op, source)
 * @regs: dst_reg in bits 0-3, src_reg in bits 4-7
 * @off: signed offset
 * @imm: signed immediate
 */
struct xnic_bpf_insn {
	__u8 code;
	__u8 regs;
	__le16 off;
	__le32 imm;
};

/**
 * struct xnic_bpf_info_resp - BPF_INFO response: what the engine can do
 * @max_insns: largest program (the firmware's max_bpf_insns)
 * @max_maps: XNIC_BPF_MAX_MAPS
 * @max_entries: XNIC_BPF_MAX_ENTRIES, shared by all maps
 * @entries_used: max_entries of the maps that exist now, summed
 * @maps_used: maps that exist now
 * @max_key_size: XNIC_BPF_MAX_KEY_SIZE
 * @max_value_size: XNIC_BPF_MAX_VALUE_SIZE
 * @stack_size: XNIC_BPF_STACK_SIZE
 * @max_call_depth: XNIC_BPF_MAX_CALL_DEPTH
 * @insn_budget: XNIC_BPF_INSN_BUDGET
 * @headroom: XNIC_BPF_HEADROOM
 * @map_types: bit n set: map type n is supported
 * @helpers: bit n (of 128: word n / 64, bit n % 64) set: helper BPF_FUNC
 *           id n is supported
 */
struct xnic_bpf_info_resp {
	__le32 max_insns;
	__le32 max_maps;
	__le32 max_entries;
	__le32 entries_used;
	__le32 maps_used;
	__le16 max_key_size;
	__le16 max_value_size;
	__le16 stack_size;
	__le16 max_call_depth;
	__le32 insn_budget;
	__le32 headroom;
	__le32 map_types;
	__le64 helpers[2];
};

/**
 * struct xnic_bpf_map_create_req - MAP_CREATE request
 * @type: XNIC_BPF_MAP_*
 * @key_size: 1..XNIC_BPF_MAX_KEY_SIZE; 4 for an array
 * @value_size: 1..XNIC_BPF_MAX_VALUE_SIZE
 * @max_entries: >= 1; all maps together at most XNIC_BPF_MAX_ENTRIES (else
 *               ENOSPC, as is a 65th map)
 * @flags: zero (no map flags are supported)
 * @rsvd: zero
 *
 * The response is struct xnic_bpf_map_handle: the new map's handle, never
 * 0, not reused for a long time after MAP_DESTROY. An array's elements
 * exist from the start, zeroed; a hash map starts empty.
 */
struct xnic_bpf_map_create_req {
	__le32 type;
	__le32 key_size;
	__le32 value_size;
	__le32 max_entries;
	__le32 flags;
	__le32 rsvd;
};

/**
 * struct xnic_bpf_map_handle - MAP_CREATE response, MAP_DESTROY request
 * @handle: the map's handle
 * @rsvd: zero
 *
 * MAP_DESTROY of a map a loaded program uses answers EBUSY.
 */
struct xnic_bpf_map_handle {
	__le32 handle;
	__le32 rsvd;
};

#define XNIC_BPF_ELEM_HDR_LEN		16
#define XNIC_BPF_ELEM_DATA_LEN		(XNIC_CMD_DATA_LEN - XNIC_BPF_ELEM_HDR_LEN)

/**
 * struct xnic_bpf_map_elem_req - MAP_LOOKUP/UPDATE/DELETE/GET_NEXT request
 * @handle: the map's handle (ENOENT if there is no such map)
 * @flags: MAP_UPDATE: XNIC_BPF_ANY, _NOEXIST or _EXIST; others zero
 * @key_len: the map's key size (else EINVAL); MAP_GET_NEXT: 0 asks for the
 *           first key
 * @value_len: MAP_UPDATE with the value inline: the map's value size;
 *             otherwise 0
 * @rsvd: zero
 * @data: the key, then (MAP_UPDATE, value inline) the value
 *
 * in_len is XNIC_BPF_ELEM_HDR_LEN + key_len + value_len. Values travel
 * inline or in the command's DMA buffer, whose buf_len is then exactly the
 * value size: MAP_UPDATE reads the value from the buffer when value_len is
 * 0; MAP_LOOKUP writes it to the buffer when buf_len is not 0, else inline
 * as the response (values above XNIC_CMD_DATA_LEN bytes need the buffer).
 * MAP_GET_NEXT answers the key after @data (or the first key) inline;
 * ENOENT after the last. A key that is not in the map gives the first key
 * (hash) as in the kernel; an array's keys are 0..max_entries-1.
 * Statuses: ENOENT key not found (LOOKUP, DELETE, UPDATE with EXIST),
 * EEXIST (UPDATE with NOEXIST of a present key; any array element),
 * ENOSPC hash map full, EINVAL array index out of range or DELETE on an
 * array, EIO buffer DMA failed.
 */
struct xnic_bpf_map_elem_req {
	__le32 handle;
	__le32 flags;
	__le16 key_len;
	__le16 value_len;
	__le32 rsvd;
	__u8 data[XNIC_BPF_ELEM_DATA_LEN];
};

/**
 * struct xnic_bpf_prog_load_req - PROG_LOAD request
 * @port: physical port whose ingress runs the program
 * @flags: XNIC_BPF_LOAD_F_REPLACE to replace an attached program (else
 *         EBUSY if the port has one)
 * @insn_cnt: instructions, 1..max_insns; buf_len is insn_cnt * 8 and the
 *            buffer holds them as struct xnic_bpf_insn
 * @ifindex: what the program reads as xdp_md.ingress_ifindex
 * @rsvd: zero
 *
 * The NIC checks the program before it attaches it: every opcode known and
 * supported, registers in range (r10 read only), jumps and calls inside
 * the program and not into the second half of an ld_imm64, no way to fall
 * off its end, helpers from XNIC_BPF_FUNC_*, map handles that exist, size.
 * A refused program answers XNIC_CMD_ST_EBADPROG with struct
 * xnic_bpf_prog_load_resp as the response (out_len set although the status
 * is not OK), and the port keeps the program it had. Loading resets the
 * port's struct xnic_bpf_prog_stats.
 */
struct xnic_bpf_prog_load_req {
	__le16 port;
	__le16 flags;
	__le32 insn_cnt;
	__le32 ifindex;
	__le32 rsvd;
};

#define XNIC_BPF_LOAD_F_REPLACE		0x0001

/**
 * struct xnic_bpf_prog_load_resp - why PROG_LOAD refused a program
 * @insn: index of the offending instruction; 0xffffffff: the whole program
 * @rsvd: zero
 * @msg: NUL-terminated English reason, for the verifier log
 */
struct xnic_bpf_prog_load_resp {
	__le32 insn;
	__le32 rsvd;
	char msg[XNIC_BPF_MSG_LEN];
};

#define XNIC_BPF_INSN_NONE		0xffffffff

/**
 * struct xnic_bpf_prog_req - PROG_UNLOAD / PROG_STATS request
 * @port: physical port (ENOENT if it has no program)
 * @rsvd: zero
 */
struct xnic_bpf_prog_req {
	__le16 port;
	__le16 rsvd[3];
};

/**
 * struct xnic_bpf_prog_stats - PROG_STATS response
 * @runs: packets the program ran on
 * @pass: verdict PASS (frames then go on to the eswitch)
 * @drop: verdict DROP
 * @tx: verdict TX (sent back out of the port)
 * @aborted: verdict ABORTED, REDIRECT or unknown, and every run stopped by
 *           a fault; these frames are dropped
 * @faults: the runs of @aborted that the NIC stopped: an access out of
 *          bounds, a bad helper argument, call depth, instruction budget
 * @insns: instructions executed, all runs
 * @insn_cnt: size of the loaded program
 * @rsvd: zero
 */
struct xnic_bpf_prog_stats {
	__le64 runs;
	__le64 pass;
	__le64 drop;
	__le64 tx;
	__le64 aborted;
	__le64 faults;
	__le64 insns;
	__le32 insn_cnt;
	__le32 rsvd;
};

/* ------------------------------------------------------------------------
 * Events (16 bytes), written by the device to the event ring.
 */

/**
 * struct xnic_event - device-to-driver notice
 * @type: XNIC_EV_*
 * @port: port id the event concerns
 * @data: type-specific (LINK: 1 up, 0 down; FW_FAULT: code)
 * @seq: device's event sequence number
 * @rsvd: zero
 */
struct xnic_event {
	__le16 type;
	__le16 port;
	__le32 data;
	__le32 seq;
	__le32 rsvd;
};

#define XNIC_EV_LINK			0x0001
#define XNIC_EV_FW_FAULT		0x0002
#define XNIC_EV_VPORT_CHANGED		0x0003	/* VF: re-read VPORT_INFO */

/* ------------------------------------------------------------------------
 * Flower offload (XNIC_CAP_FLOWER): the eswitch's flow table, PF only, in
 * switchdev mode. Opcodes 0x0200-0x02ff.
 *
 * A rule is (chain, prio, key, mask, actions) with a 64-bit handle the
 * driver chooses. A frame entering the eswitch is parsed into a struct
 * xnic_flow_key (in_port = its source port id); lookup starts in chain 0
 * and picks, among the rules of that chain whose (key & mask) equals
 * (frame key & mask), the one with the lowest prio value (ties: the lowest
 * handle). No match: the slow path. A match runs the rule's actions in
 * order, updates its counters and last-used time; the frame is consumed
 * when the actions end (a rule that should also leave a copy for the
 * software path says so with XNIC_FLOW_ACT_SLOWPATH).
 *
 * Rules come in a DMA buffer (struct xnic_cmd buf_addr/buf_len), one rule
 * per FLOW_ADD; batch many FLOW_ADDs behind one doorbell for speed.
 * Bad rules answer EINVAL (unknown action, unknown port, chain or goto
 * loop to a lower chain, offset out of range), EOPNOTSUPP (a key or
 * action this firmware lacks), EEXIST (handle in use), ENOSPC (table,
 * encap or meter space full), ENOENT (unknown encap or meter id, handle).
 * Nothing of a refused rule stays in the NIC. FLOW_ADD in legacy mode
 * answers EBUSY (eswitch not in switchdev mode); every rule counts in
 * ESW_GET_MODE num_rules, and ESW_SET_MODE answers EBUSY while any exist.
 * The rule buffer is exactly sizeof(struct xnic_flow_rule) (else EINVAL);
 * a failed DMA read answers EIO. An OUTPUT port must exist when the rule is
 * added (XNIC_PORT_PHYS(0), XNIC_PORT_PF or an enabled VF). Rules stay when
 * a VF goes away (SR-IOV disabled): they still match and count, but their
 * copies to the missing VF are dropped. Firmware without XNIC_CAP_FLOWER
 * answers EOPNOTSUPP to every FLOW_* opcode; VFs get EPERM. Reset, FLR of
 * the PF and a firmware load empty the rule, encap and meter tables.
 */
#define XNIC_CMD_FLOW_INFO		0x0200
#define XNIC_CMD_FLOW_ADD		0x0201
#define XNIC_CMD_FLOW_DEL		0x0202
#define XNIC_CMD_FLOW_STATS		0x0203
#define XNIC_CMD_FLOW_ENCAP_SET		0x0210
#define XNIC_CMD_FLOW_ENCAP_DEL		0x0211
#define XNIC_CMD_FLOW_METER_SET		0x0220
#define XNIC_CMD_FLOW_METER_DEL		0x0221

/**
 * struct xnic_flow_info_resp - FLOW_INFO response
 * @max_rules: flow table size (the firmware header's max_flows)
 * @num_rules: rules installed
 * @max_masks: distinct (chain, mask) pairs the classifier holds (ENOSPC
 *             beyond)
 * @num_masks: (chain, mask) pairs in use
 * @max_encaps: tunnel encapsulation entries
 * @max_meters: policers
 * @max_actions: actions per rule (XNIC_FLOW_MAX_ACTIONS)
 * @max_chain: highest chain index
 */
struct xnic_flow_info_resp {
	__le32 max_rules;
	__le32 num_rules;
	__le32 max_masks;
	__le32 num_masks;
	__le32 max_encaps;
	__le32 max_meters;
	__le32 max_actions;
	__le32 max_chain;
};

/*
 * struct xnic_flow_key - what the NIC extracts from a frame; also the mask
 * layout (a set bit in the mask: this key bit must match). Packet fields
 * are in network byte order as on the wire; in_port little endian.
 * eth_type is the type after the VLAN tags; vlan_* the outer tag, cvlan_*
 * the inner (0 TPID: no tag); tci = pcp << 13 | vid (DEI is ignored).
 * IPv4 addresses are in [0] of src/dst (the rest zero). ip_frag:
 * XNIC_FLOW_FRAG_*. l4_src/l4_dst are TCP/UDP/SCTP ports; icmp_type/code
 * for ICMP and ICMPv6. tun_* are the outer headers of a VXLAN or Geneve
 * frame (tun_type XNIC_FLOW_TUN_*, tun_vni the 24-bit VNI in the low bits),
 * set only for frames that arrive on physical port 0 to a UDP port the
 * NIC decodes (4789 VXLAN, 6081 Geneve); the other fields then describe
 * the inner frame.
 */
struct xnic_flow_key {
	__le16 in_port;
	__u8 ip_proto;
	__u8 ip_tos;
	__u8 ip_ttl;
	__u8 ip_frag;
	__u8 icmp_type;
	__u8 icmp_code;
	__u8 eth_dst[6];
	__u8 eth_src[6];
	__be16 eth_type;
	__be16 vlan_tpid;
	__be16 vlan_tci;
	__be16 cvlan_tpid;
	__be16 cvlan_tci;
	__be16 l4_src;
	__be16 l4_dst;
	__be16 tcp_flags;
	__u8 rsvd0[4];
	__be32 ip_src[4];
	__be32 ip_dst[4];
	__be32 tun_src[4];
	__be32 tun_dst[4];
	__be32 tun_vni;
	__be16 tun_dport;
	__u8 tun_tos;
	__u8 tun_ttl;
	__u8 tun_type;
	__u8 rsvd1[15];
};

#define XNIC_FLOW_FRAG_IS		0x01	/* a fragment */
#define XNIC_FLOW_FRAG_FIRST		0x02	/* the first fragment */
#define XNIC_FLOW_TUN_NONE		0
#define XNIC_FLOW_TUN_VXLAN		1
#define XNIC_FLOW_TUN_GENEVE		2

/*
 * Actions, run in order. OUTPUT sends a copy of the frame as modified so
 * far out of a port (XNIC_PORT_PHYS(0), XNIC_PORT_PF, XNIC_PORT_VF(n));
 * SLOWPATH sends a copy to the slow path (meta = the frame's in_port);
 * DROP ends the rule and counts the frame as dropped by the rule; GOTO
 * continues the lookup in a higher chain with the frame as modified;
 * VLAN_PUSH adds an outer tag, VLAN_POP removes it, VLAN_MODIFY replaces
 * the tci bits set in tci_mask; PEDIT rewrites 32 bits at offset of header
 * htype (XNIC_FLOW_HDR_*): new = (old & mask) | (val & ~mask) (mask: bits
 * kept, as tc pedit); CSUM recomputes the checksums in flags
 * (XNIC_FLOW_CSUM_*); ENCAP wraps the frame in the tunnel headers of an
 * encap entry and sends that copy out of the entry's out_port (the actions
 * after it see the frame unwrapped, as tc actions after a mirred to a tunnel
 * device do); DECAP strips the outer headers a tunnel key matched;
 * POLICE passes the frame through meter id and drops what exceeds it.
 * A step that cannot apply to the frame (VLAN_POP without a tag, PEDIT of a
 * header the frame lacks, no room for more headers) drops the frame. After
 * GOTO, a frame that no rule of the new chain matches goes to the slow path
 * as modified so far. Every rule a frame meets counts it (bytes as
 * received), whatever its actions then do.
 */
#define XNIC_FLOW_ACT_DROP		1
#define XNIC_FLOW_ACT_OUTPUT		2
#define XNIC_FLOW_ACT_SLOWPATH		3
#define XNIC_FLOW_ACT_GOTO		4
#define XNIC_FLOW_ACT_VLAN_PUSH		5
#define XNIC_FLOW_ACT_VLAN_POP		6
#define XNIC_FLOW_ACT_VLAN_MODIFY	7
#define XNIC_FLOW_ACT_PEDIT		8
#define XNIC_FLOW_ACT_CSUM		9
#define XNIC_FLOW_ACT_ENCAP		10
#define XNIC_FLOW_ACT_DECAP		11
#define XNIC_FLOW_ACT_POLICE		12

#define XNIC_FLOW_HDR_ETH		1	/* = TCA_PEDIT_KEY_EX_HDR_TYPE_* */
#define XNIC_FLOW_HDR_IP4		2
#define XNIC_FLOW_HDR_IP6		3
#define XNIC_FLOW_HDR_TCP		4
#define XNIC_FLOW_HDR_UDP		5

#define XNIC_FLOW_CSUM_IP4		0x01
#define XNIC_FLOW_CSUM_TCP		0x02
#define XNIC_FLOW_CSUM_UDP		0x04
#define XNIC_FLOW_CSUM_ICMP		0x08

#define XNIC_FLOW_MAX_ACTIONS		16

/**
 * struct xnic_flow_action - one action (16 bytes)
 * @type: XNIC_FLOW_ACT_*
 * @rsvd: zero
 * @output: OUTPUT: @output.port, a port id
 * @ref: GOTO: @ref.id the chain; ENCAP: an encap id; POLICE: a meter id
 * @vlan: VLAN_PUSH: tpid and tci; VLAN_MODIFY: tci and tci_mask
 * @pedit: PEDIT: header type, byte offset (multiple of 4), mask and value
 * @csum: CSUM: XNIC_FLOW_CSUM_* flags
 */
struct xnic_flow_action {
	__le16 type;
	__u8 rsvd[2];
	union {
		struct {
			__le16 port;
			__u8 rsvd[10];
		} output;
		struct {
			__le32 id;
			__u8 rsvd[8];
		} ref;
		struct {
			__be16 tpid;
			__be16 tci;
			__be16 tci_mask;
			__u8 rsvd[6];
		} vlan;
		struct {
			__u8 htype;
			__u8 rsvd;
			__le16 offset;
			__be32 mask;
			__be32 val;
		} pedit;
		struct {
			__le32 flags;
			__u8 rsvd[8];
		} csum;
	};
};

/**
 * struct xnic_flow_rule - FLOW_ADD request, in the command's DMA buffer
 * @handle: the driver's id of the rule, unique in the NIC
 * @chain: tc chain index (0..max_chain)
 * @prio: tc priority; lower values win
 * @num_actions: 1..XNIC_FLOW_MAX_ACTIONS entries of @actions in use
 * @rsvd: zero
 * @key: match key (only bits set in @mask matter; the NIC keeps key & mask)
 * @mask: match mask
 * @actions: the actions
 */
struct xnic_flow_rule {
	__le64 handle;
	__le32 chain;
	__le16 prio;
	__le16 num_actions;
	__le64 rsvd;
	struct xnic_flow_key key;
	struct xnic_flow_key mask;
	struct xnic_flow_action actions[XNIC_FLOW_MAX_ACTIONS];
};

/**
 * struct xnic_flow_handle_req - FLOW_DEL request
 * @handle: the rule
 */
struct xnic_flow_handle_req {
	__le64 handle;
};

/**
 * struct xnic_flow_stats_req - FLOW_STATS request: dump the counters of
 * the rules in handle order, from the first handle >= @from, into the DMA
 * buffer (as many struct xnic_flow_stats as fit)
 * @from: first handle to report
 */
struct xnic_flow_stats_req {
	__le64 from;
};

/**
 * struct xnic_flow_stats_resp - FLOW_STATS response
 * @count: entries written to the buffer
 * @more: 1 if rules with larger handles remain
 * @next: the handle to ask from next: the next existing handle (0 when
 *        @more is 0)
 *
 * The buffer holds buf_len / 32 entries; buf_len must be a non-zero
 * multiple of sizeof(struct xnic_flow_stats) (else EINVAL).
 */
struct xnic_flow_stats_resp {
	__le32 count;
	__le32 more;
	__le64 next;
};

/**
 * struct xnic_flow_stats - one rule's counters in a FLOW_STATS buffer
 * @handle: the rule
 * @packets: frames the rule matched
 * @bytes: their bytes as received
 * @idle_ns: nanoseconds since the rule last matched, U64_MAX if never
 */
struct xnic_flow_stats {
	__le64 handle;
	__le64 packets;
	__le64 bytes;
	__le64 idle_ns;
};

/**
 * struct xnic_flow_encap - FLOW_ENCAP_SET request (inline): create or
 * update encap entry @id; the driver keeps the outer MACs current
 * @id: entry id (0..max_encaps-1)
 * @tun_type: XNIC_FLOW_TUN_VXLAN or _GENEVE
 * @ip_ver: 4 or 6
 * @tos: outer TOS / traffic class
 * @ttl: outer TTL / hop limit (0: 64)
 * @eth_dst: outer destination MAC (the next hop's)
 * @eth_src: outer source MAC
 * @src: outer source address (IPv4 in [0])
 * @dst: outer destination address (IPv4 in [0])
 * @dport: UDP destination port; the source port is the NIC's flow hash
 * @rsvd: zero
 * @vni: 24-bit VNI in the low bits
 * @out_port: the port the encapsulated frame leaves by (XNIC_PORT_PHYS(0))
 * @rsvd2: zero
 *
 * EINVAL: id out of range, unknown tun_type or ip_ver, VNI above 24 bits,
 * dport 0, multicast eth_src, IPv4 with address words 1..3 set, out_port
 * other than XNIC_PORT_PHYS(0), reserved bytes set. An entry in use may be
 * updated; the rules use the new headers at once.
 */
struct xnic_flow_encap {
	__le32 id;
	__u8 tun_type;
	__u8 ip_ver;
	__u8 tos;
	__u8 ttl;
	__u8 eth_dst[6];
	__u8 eth_src[6];
	__be32 src[4];
	__be32 dst[4];
	__be16 dport;
	__le16 rsvd;
	__be32 vni;
	__le16 out_port;
	__u8 rsvd2[6];
};

/**
 * struct xnic_flow_meter - FLOW_METER_SET request: create or update meter
 * @id, a token bucket of @rate_bps bits per second and @burst bytes
 * @id: meter id (0..max_meters-1)
 * @burst: bucket size in bytes
 * @rate_bps: rate in bits per second (> 0)
 *
 * EINVAL for rate 0, a rate above what the policer handles (10^15 b/s),
 * burst 0 or an id out of range. A new meter starts with a full bucket; an
 * update keeps the tokens it had, up to the new burst.
 */
struct xnic_flow_meter {
	__le32 id;
	__le32 burst;
	__le64 rate_bps;
};

/**
 * struct xnic_flow_id_req - FLOW_ENCAP_DEL / FLOW_METER_DEL request; EBUSY
 * while a rule refers to the entry
 * @id: the entry
 * @rsvd: zero
 */
struct xnic_flow_id_req {
	__le32 id;
	__le32 rsvd;
};

/* ------------------------------------------------------------------------
 * Capabilities (GET_INFO caps, firmware header caps)
 */
#define XNIC_CAP_L2			0x00000001
#define XNIC_CAP_SRIOV			0x00000002
#define XNIC_CAP_SWITCHDEV		0x00000004
#define XNIC_CAP_FLOWER			0x00000008
#define XNIC_CAP_BPF			0x00000010

/* ------------------------------------------------------------------------
 * Firmware image: header, then payload. The digest is SHA-256 over the
 * header with the digest field zeroed, followed by the payload.
 */
#define XNIC_FW_MAGIC			0x57464e58	/* "XNFW" */
#define XNIC_FW_FORMAT			1
#define XNIC_FW_MAX_SIZE		(1024 * 1024)
#define XNIC_FW_VERSION(maj, min, patch) \
	(((maj) << 16) | ((min) << 8) | (patch))
#define XNIC_FW_DIGEST_LEN		32

/**
 * struct xnic_fw_header - firmware image header (128 bytes)
 * @magic: XNIC_FW_MAGIC
 * @format: XNIC_FW_FORMAT
 * @header_len: sizeof(struct xnic_fw_header)
 * @fw_version: XNIC_FW_VERSION(major, minor, patch)
 * @caps: XNIC_CAP_* this firmware provides
 * @payload_len: bytes after the header
 * @max_flows: flow table entries
 * @max_bpf_insns: program engine size in instructions
 * @build_time: seconds since the epoch
 * @name: NUL-padded build name
 * @rsvd: zero
 * @digest: SHA-256, see above
 */
struct xnic_fw_header {
	__le32 magic;
	__le16 format;
	__le16 header_len;
	__le32 fw_version;
	__le32 caps;
	__le32 payload_len;
	__le32 max_flows;
	__le32 max_bpf_insns;
	__le32 rsvd0;
	__le64 build_time;
	char name[32];
	__u8 rsvd[24];
	__u8 digest[XNIC_FW_DIGEST_LEN];
};

/* Layout checks: the contract is the byte layout, on every compiler */
static_assert(sizeof(struct xnic_tx_desc) == 16, "xnic_tx_desc size");
static_assert(sizeof(struct xnic_rx_desc) == 16, "xnic_rx_desc size");
static_assert(sizeof(struct xnic_cmd) == 256, "xnic_cmd size");
static_assert(sizeof(struct xnic_event) == 16, "xnic_event size");
static_assert(sizeof(struct xnic_fw_header) == 128, "xnic_fw_header size");
static_assert(sizeof(struct xnic_cmd_info_resp) <= XNIC_CMD_DATA_LEN,
	      "xnic_cmd_info_resp size");
static_assert(sizeof(struct xnic_port_stats) <= XNIC_CMD_DATA_LEN,
	      "xnic_port_stats size");
static_assert(sizeof(struct xnic_vf_config) == 28, "xnic_vf_config size");
static_assert(sizeof(struct xnic_vport_stats) <= XNIC_CMD_DATA_LEN,
	      "xnic_vport_stats size");
static_assert(sizeof(struct xnic_vport_info_resp) == 20,
	      "xnic_vport_info_resp size");
static_assert(sizeof(struct xnic_esw_mode_req) == 8, "xnic_esw_mode_req size");
static_assert(sizeof(struct xnic_esw_mode_resp) == 24,
	      "xnic_esw_mode_resp size");
static_assert(sizeof(struct xnic_flow_key) == 128, "xnic_flow_key size");
static_assert(sizeof(struct xnic_flow_action) == 16, "xnic_flow_action size");
static_assert(sizeof(struct xnic_flow_rule) == 536, "xnic_flow_rule size");
static_assert(sizeof(struct xnic_flow_encap) <= XNIC_CMD_DATA_LEN,
	      "xnic_flow_encap size");
static_assert(sizeof(struct xnic_flow_stats) == 32, "xnic_flow_stats size");
static_assert(sizeof(struct xnic_bpf_insn) == 8, "xnic_bpf_insn size");
static_assert(sizeof(struct xnic_bpf_info_resp) == 56,
	      "xnic_bpf_info_resp size");
static_assert(sizeof(struct xnic_bpf_map_create_req) == 24,
	      "xnic_bpf_map_create_req size");
static_assert(sizeof(struct xnic_bpf_map_handle) == 8,
	      "xnic_bpf_map_handle size");
static_assert(sizeof(struct xnic_bpf_map_elem_req) == XNIC_CMD_DATA_LEN,
	      "xnic_bpf_map_elem_req size");
static_assert(sizeof(struct xnic_bpf_prog_load_req) == 16,
	      "xnic_bpf_prog_load_req size");
static_assert(sizeof(struct xnic_bpf_prog_load_resp) == 128,
	      "xnic_bpf_prog_load_resp size");
static_assert(sizeof(struct xnic_bpf_prog_req) == 8,
	      "xnic_bpf_prog_req size");
static_assert(sizeof(struct xnic_bpf_prog_stats) == 64,
	      "xnic_bpf_prog_stats size");

#endif /* _XNIC_HW_H */
