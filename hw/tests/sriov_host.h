/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sriov_host.h - helpers for the SR-IOV tests: a NIC with VFs where each
 * function's driver has queue pair 0 with 64 RX buffers posted, VF
 * administration through the PF's command queue, frames in and out.
 */
#ifndef XNIC_TESTS_SRIOV_HOST_H
#define XNIC_TESTS_SRIOV_HOST_H

#include "fake_host.h"

#define RX_BUFS		64
#define RX_BUF(i)	PKT_ADDR(128 + (i))
#define TX_BUF(i)	PKT_ADDR((i) % 128)
#define TX_LOG2		8

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t wire_mac[6] = { 0x02, 0, 0, 0, 0x77, 0x01 };
static const uint8_t unknown_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };
static const uint8_t pf_mac[6] = { 0x02, 0, 0, 0, 0x10, 0x00 };

static inline bool xnic_mac_is_zero_test(const uint8_t *mac)
{
	static const uint8_t zero[6];

	return !memcmp(mac, zero, 6);
}

/* The MAC VF @n sets for itself */
static inline void vf_mac(uint8_t *mac, unsigned int n)
{
	memcpy(mac, "\x02\x00\x00\x00\xf0", 5);
	mac[5] = (uint8_t)n;
}

static inline void rx_fill(struct fake_host *h)
{
	unsigned int i;

	for (i = 0; i < RX_BUFS; i++) {
		struct xnic_rx_desc *d = rx_desc(h, 0, i);

		memset(d, 0, sizeof(*d));
		d->addr = htole64(RX_BUF(i));
		d->buf_len = htole16(2048);
	}
	wr(h, XNIC_REG_QP(0, XNIC_QP_RX_PROD), RX_BUFS);
}

/* Frames the function received so far (RX buffers completed) */
static inline unsigned int rx_count(struct fake_host *h)
{
	unsigned int i, n = 0;

	for (i = 0; i < RX_BUFS; i++)
		if (rx_desc(h, 0, i)->flags & XNIC_DESC_F_DONE)
			n++;
	return n;
}

static inline const uint8_t *rx_frame(struct fake_host *h, unsigned int i,
				      unsigned int *len)
{
	*len = le16toh(rx_desc(h, 0, i)->pkt_len);
	return gmem(h, RX_BUF(i));
}

/* Queue pair 0 (TX and RX) of a function, RX buffers posted */
static inline void func_queues(struct fake_host *h, uint16_t port)
{
	if (queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0, XNIC_QTYPE_TX, TX_LOG2, port,
		      RING_ADDR(0, 0)) ||
	    queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0, XNIC_QTYPE_RX, 6, port,
		      RING_ADDR(0, 1)))
		host_die("queue setup failed", 0);
	rx_fill(h);
	host_run(h);
}

static inline uint16_t vport_set_mac(struct fake_host *h, const uint8_t *mac)
{
	struct xnic_vport_mac_req req;

	memset(&req, 0, sizeof(req));
	memcpy(req.mac, mac, 6);
	return cmd_simple(h, XNIC_CMD_VPORT_SET_MAC, &req, sizeof(req));
}

static inline uint16_t vport_rx_mode(struct fake_host *h, uint32_t flags)
{
	struct xnic_vport_rx_mode_req req = { .flags = htole32(flags) };

	return cmd_simple(h, XNIC_CMD_VPORT_SET_RX_MODE, &req, sizeof(req));
}

static inline uint16_t vport_info(struct fake_host *h,
				  struct xnic_vport_info_resp *r)
{
	struct xnic_cmd done;
	uint16_t st = cmd_exec(h, XNIC_CMD_VPORT_INFO, NULL, 0, 0, 0, &done);

	memcpy(r, done.data, sizeof(*r));
	return st;
}

/*
 * A NIC with @qps PF queue pairs booted with firmware of @caps, port 0 up
 * and enabled, the PF's queue pair 0 on port 0
 */
static inline struct fake_host *pf_setup_caps(unsigned int vfs,
					      unsigned int qps, uint32_t caps)
{
	struct fake_host *pf = host_new_sriov(1, qps, vfs, 1);

	host_boot_caps(pf, caps);
	xnic_core_set_link(pf->core, 0, true);
	if (port_cmd(pf, XNIC_CMD_PORT_ENABLE, 0, 1))
		host_die("port enable failed", 0);
	func_queues(pf, XNIC_PORT_PHYS(0));
	return pf;
}

/* A booted NIC, port 0 up and enabled, the PF's queues on port 0 */
static inline struct fake_host *pf_setup(unsigned int vfs)
{
	return pf_setup_caps(vfs, 2, XNIC_CAP_L2 | XNIC_CAP_FLOWER);
}

/* VF @n enabled, its driver up with MAC vf_mac(n) and queues */
static inline struct fake_host *vf_setup(struct fake_host *pf, unsigned int n)
{
	struct fake_host *vf = host_vf_new(pf, n);
	uint8_t mac[6];

	cmdq_setup(vf, CMDQ_ENTRIES);
	vf_mac(mac, n);
	if (vport_set_mac(vf, mac))
		host_die("VF set MAC failed", n);
	func_queues(vf, 0);
	return vf;
}

static inline void evq_on(struct fake_host *h)
{
	wr(h, XNIC_REG_EVQ_CTRL, 0);
	wr(h, XNIC_REG_EVQ_BASE_LO, (uint32_t)EVQ_ADDR);
	wr(h, XNIC_REG_EVQ_BASE_HI, (uint32_t)(EVQ_ADDR >> 32));
	wr(h, XNIC_REG_EVQ_SIZE, 16);
	wr(h, XNIC_REG_EVQ_CTRL, XNIC_QCTRL_ENABLE | XNIC_QCTRL_IRQ_EN);
}

static inline struct xnic_event *ev_at(struct fake_host *h, unsigned int i)
{
	return (struct xnic_event *)gmem(h, EVQ_ADDR) + (i & 15);
}

/* The PF sets VF @vf's configuration: the fields of @valid */
static inline uint16_t vf_set(struct fake_host *pf, struct xnic_vf_config *c,
			      unsigned int vf, uint16_t valid)
{
	c->vf = htole16((uint16_t)vf);
	c->valid = htole16(valid);
	return cmd_simple(pf, XNIC_CMD_VF_SET_CONFIG, c, sizeof(*c));
}

static inline uint16_t vf_get(struct fake_host *pf, unsigned int vf,
			      struct xnic_vf_config *c)
{
	struct xnic_vf_req req = { .vf = htole16((uint16_t)vf) };
	struct xnic_cmd done;
	uint16_t st = cmd_exec(pf, XNIC_CMD_VF_GET_CONFIG, &req, sizeof(req),
			       0, 0, &done);

	memcpy(c, done.data, sizeof(*c));
	return st;
}

enum { V_RX_PACKETS, V_RX_BYTES, V_TX_PACKETS, V_TX_BYTES, V_RX_BROADCAST,
       V_RX_MULTICAST, V_RX_DROPPED, V_TX_DROPPED, V_TX_SPOOFED,
       V_TX_RATE_LIMITED };

static inline uint64_t vf_stat(struct fake_host *pf, unsigned int vf,
			       unsigned int i)
{
	struct xnic_vf_req req = { .vf = htole16((uint16_t)vf) };
	struct xnic_cmd done;
	__le64 v[sizeof(struct xnic_vport_stats) / 8];

	if (cmd_exec(pf, XNIC_CMD_VF_STATS, &req, sizeof(req), 0, 0, &done))
		return ~0ull;
	memcpy(v, done.data, sizeof(v));
	return le64toh(v[i]);
}

/* The function transmits @len bytes of @frame on queue 0; its status */
static inline uint8_t send_frame(struct fake_host *h, const uint8_t *frame,
				 size_t len)
{
	unsigned int slot = h->tx_prod & ((1u << TX_LOG2) - 1);
	struct xnic_tx_desc *d = tx_desc(h, 0, slot);

	memcpy(gmem(h, TX_BUF(h->tx_prod)), frame, len);
	memset(d, 0, sizeof(*d));
	d->addr = htole64(TX_BUF(h->tx_prod));
	d->len = htole16((uint16_t)len);
	d->status = 0xee;
	h->tx_prod++;
	wr(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD), h->tx_prod);
	host_run(h);
	return d->status;
}

/* A frame @dst <- @src, optionally with a VLAN tag, @len bytes in all */
static inline size_t eth_frame(uint8_t *f, const uint8_t *dst,
			       const uint8_t *src, uint16_t tpid, uint16_t tci,
			       size_t len)
{
	memset(f, 0x5a, len);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	if (tpid) {
		f[12] = (uint8_t)(tpid >> 8);
		f[13] = (uint8_t)tpid;
		f[14] = (uint8_t)(tci >> 8);
		f[15] = (uint8_t)tci;
		f[16] = 0x88;
		f[17] = 0xb5;
	} else {
		f[12] = 0x88;
		f[13] = 0xb5;
	}
	return len;
}

#endif /* XNIC_TESTS_SRIOV_HOST_H */
