/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fake_host.h - a fake host for driving the xnic core in unit tests: guest
 * memory (a window of MEM_SIZE bytes at MEM_BASE; everything else fails
 * DMA, and so does any range set in fail_lo..fail_hi), interrupt counters
 * per vector, a wire that records transmitted frames, a fake clock with
 * the core's timer, and the deferred work run on demand by host_run().
 * Helpers play the driver: command queue, event queue, firmware upload,
 * queue creation, descriptor posting.
 *
 * One struct fake_host per PCIe function: host_new_cfg() makes the NIC and
 * its PF, host_vf_new() binds a VF with a guest memory of its own (so a VF
 * reaches only its own memory). The wire, the clock and the deferred work
 * are the NIC's, kept in the PF's fake_host (h->nic).
 */
#ifndef XNIC_TESTS_FAKE_HOST_H
#define XNIC_TESTS_FAKE_HOST_H

#include <endian.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_core.h"
#include "fw_image.h"

#define MEM_BASE	0x100000ull
#define MEM_SIZE	0x400000ull

/* Guest memory layout used by the helpers */
#define CMDQ_ADDR	(MEM_BASE + 0x000000)	/* up to 256 commands */
#define CMDQ_ENTRIES	64
#define EVQ_ADDR	(MEM_BASE + 0x010000)
#define BUF_ADDR	(MEM_BASE + 0x020000)	/* command buffers, 1.1 MiB */
#define RING_ADDR(qp, rx) (MEM_BASE + 0x200000 + (qp) * 0x20000 + \
			   (rx) * 0x10000)	/* qp < 8 */
#define PKT_ADDR(i)	(MEM_BASE + 0x300000 + (uint64_t)(i) * 2048)

#define MAX_FRAMES	256

/* A broken test fixture or a core that misbehaves badly: stop loudly */
static inline void host_die(const char *what, long v)
{
	printf("Bail out! %s (%ld)\n", what, v);
	fflush(stdout);
	abort();
}

struct fake_frame {
	unsigned int port;
	size_t len;
	uint8_t data[2048];
};

struct fake_host {
	struct xnic_core *core;
	struct xnic_func *fn;		/* the function this host drives */
	struct fake_host *nic;		/* the PF's host: wire, clock, work */
	struct xnic_core_config cfg;
	unsigned int num_vectors;	/* of this function */
	uint8_t *mem;
	uint64_t fail_lo, fail_hi;	/* DMA to [lo, hi) fails */
	unsigned int irqs[1 + XNIC_MAX_QPS];
	unsigned int schedules;
	bool scheduled;
	unsigned int rx_ready[XNIC_MAX_PHYS_PORTS];
	struct fake_frame *tx;		/* MAX_FRAMES frames sent */
	unsigned int ntx;
	uint32_t cmdq_prod;		/* driver's CMDQ producer */
	uint16_t tx_prod;		/* driver's TX producer of queue 0 */
	uint64_t now_ns;		/* the fake clock */
	bool timer_armed;
	uint64_t timer_expire_ns;
};

static inline bool fake_ok(struct fake_host *h, uint64_t addr, size_t len)
{
	if (addr < MEM_BASE || len > MEM_SIZE || addr - MEM_BASE > MEM_SIZE - len)
		return false;
	return addr + len <= h->fail_lo || addr >= h->fail_hi;
}

static inline int fake_dma_read(void *opaque, uint64_t addr, void *buf,
				size_t len)
{
	struct fake_host *h = opaque;

	if (!fake_ok(h, addr, len))
		return -1;
	memcpy(buf, h->mem + (addr - MEM_BASE), len);
	return 0;
}

static inline int fake_dma_write(void *opaque, uint64_t addr, const void *buf,
				 size_t len)
{
	struct fake_host *h = opaque;

	if (!fake_ok(h, addr, len))
		return -1;
	memcpy(h->mem + (addr - MEM_BASE), buf, len);
	return 0;
}

static inline void fake_irq(void *opaque, unsigned int vector)
{
	struct fake_host *h = opaque;

	if (vector >= h->num_vectors)
		host_die("core raised a vector beyond the table", vector);
	h->irqs[vector]++;
}

static inline void fake_port_tx(void *opaque, unsigned int port,
				const uint8_t *frame, size_t len)
{
	struct fake_host *h = opaque;
	struct fake_frame *f;

	if (port >= h->cfg.num_ports || len > sizeof(f->data) ||
	    h->ntx >= MAX_FRAMES)
		host_die("bad port_tx from the core, port", port);
	f = &h->tx[h->ntx++];
	f->port = port;
	f->len = len;
	memcpy(f->data, frame, len);
}

static inline void fake_rx_ready(void *opaque, unsigned int port)
{
	struct fake_host *h = opaque;

	if (port >= h->cfg.num_ports)
		host_die("rx_ready for a bad port", port);
	h->rx_ready[port]++;
}

static inline void fake_schedule(void *opaque)
{
	struct fake_host *h = opaque;

	h->schedules++;
	h->scheduled = true;
}

static inline uint64_t fake_now_ns(void *opaque)
{
	struct fake_host *h = opaque;

	return h->now_ns;
}

static inline void fake_timer_mod(void *opaque, uint64_t expire_ns)
{
	struct fake_host *h = opaque;

	h->timer_armed = true;
	h->timer_expire_ns = expire_ns;
}

static const struct xnic_core_ops fake_ops = {
	.dma_read = fake_dma_read,
	.dma_write = fake_dma_write,
	.irq = fake_irq,
	.port_tx = fake_port_tx,
	.rx_ready = fake_rx_ready,
	.schedule = fake_schedule,
	.now_ns = fake_now_ns,
	.timer_mod = fake_timer_mod,
};

/* A NIC with SR-IOV (@vfs VFs of @vf_qps queue pairs) and its PF's host */
static inline struct fake_host *host_new_sriov(unsigned int ports,
					       unsigned int qps,
					       unsigned int vfs,
					       unsigned int vf_qps)
{
	struct fake_host *h = calloc(1, sizeof(*h));

	if (!h)
		host_die("out of memory", 0);
	h->mem = calloc(1, MEM_SIZE);
	h->tx = calloc(MAX_FRAMES, sizeof(*h->tx));
	if (!h->mem || !h->tx)
		host_die("out of memory", 0);
	h->cfg.num_ports = ports;
	h->cfg.max_qps = qps;
	memcpy(h->cfg.mac, "\x02\x00\x00\x00\x10\x00", 6);
	h->cfg.speed_mbps = 25000;
	h->cfg.total_vfs = vfs;
	h->cfg.vf_qps = vf_qps;
	h->nic = h;
	h->num_vectors = xnic_core_num_vectors(&h->cfg);
	h->core = xnic_core_new(&h->cfg, &fake_ops, h);
	if (!h->core)
		host_die("xnic_core_new failed", 0);
	h->fn = xnic_core_pf(h->core);
	return h;
}

static inline struct fake_host *host_new_cfg(unsigned int ports,
					     unsigned int qps)
{
	return host_new_sriov(ports, qps, 0, 0);
}

/* VF @vf comes into existence, driven by a host of its own */
static inline struct fake_host *host_vf_new(struct fake_host *pf,
					    unsigned int vf)
{
	struct fake_host *h = calloc(1, sizeof(*h));

	if (!h)
		host_die("out of memory", 0);
	h->mem = calloc(1, MEM_SIZE);
	if (!h->mem)
		host_die("out of memory", 0);
	h->cfg = pf->cfg;
	h->nic = pf;
	h->core = pf->core;
	h->num_vectors = xnic_core_vf_num_vectors(&h->cfg);
	h->fn = xnic_core_vf_bind(pf->core, vf, h);
	if (!h->fn)
		host_die("xnic_core_vf_bind failed, VF", vf);
	return h;
}

/* VF @vf goes away (VF Enable cleared) */
static inline void host_vf_free(struct fake_host *h, unsigned int vf)
{
	xnic_core_vf_unbind(h->core, vf);
	free(h->mem);
	free(h);
}

static inline void host_free(struct fake_host *h)
{
	xnic_core_free(h->core);
	free(h->mem);
	free(h->tx);
	free(h);
}

/* Runs the deferred work as a bottom half would; returns the rounds run */
static inline unsigned int host_run(struct fake_host *h)
{
	struct fake_host *nic = h->nic;
	unsigned int rounds = 0;

	while (nic->scheduled && rounds < 10000) {
		nic->scheduled = false;
		xnic_core_process(nic->core);
		rounds++;
	}
	return rounds;
}

/* The fake clock moves on by @ns; the core's timer fires if due */
static inline void host_advance(struct fake_host *h, uint64_t ns)
{
	struct fake_host *nic = h->nic;

	nic->now_ns += ns;
	if (nic->timer_armed && nic->now_ns >= nic->timer_expire_ns) {
		nic->timer_armed = false;
		xnic_core_timer_expired(nic->core);
	}
	host_run(nic);
}

static inline void *gmem(struct fake_host *h, uint64_t addr)
{
	return h->mem + (addr - MEM_BASE);
}

static inline uint32_t rd(struct fake_host *h, uint32_t reg)
{
	return xnic_func_reg_read(h->fn, reg);
}

static inline void wr(struct fake_host *h, uint32_t reg, uint32_t val)
{
	xnic_func_reg_write(h->fn, reg, val);
}

/* ------------------------------------------------------------------------
 * Command queue, as a driver uses it
 */

static inline void cmdq_setup(struct fake_host *h, uint32_t entries)
{
	wr(h, XNIC_REG_CMDQ_CTRL, 0);
	wr(h, XNIC_REG_CMDQ_BASE_LO, (uint32_t)CMDQ_ADDR);
	wr(h, XNIC_REG_CMDQ_BASE_HI, (uint32_t)(CMDQ_ADDR >> 32));
	wr(h, XNIC_REG_CMDQ_SIZE, entries);
	wr(h, XNIC_REG_CMDQ_CTRL, XNIC_QCTRL_ENABLE | XNIC_QCTRL_IRQ_EN);
	h->cmdq_prod = 0;
}

static inline struct xnic_cmd *cmd_slot(struct fake_host *h, uint32_t idx)
{
	uint32_t size = rd(h, XNIC_REG_CMDQ_SIZE);

	return gmem(h, CMDQ_ADDR + (uint64_t)(idx & (size - 1)) *
		    sizeof(struct xnic_cmd));
}

/* Writes a command into the next slot without ringing; returns it */
static inline struct xnic_cmd *cmd_post(struct fake_host *h, uint16_t opcode,
					const void *in, uint16_t in_len,
					uint64_t buf_addr, uint32_t buf_len)
{
	struct xnic_cmd *c = cmd_slot(h, h->cmdq_prod);

	memset(c, 0, sizeof(*c));
	c->opcode = htole16(opcode);
	c->tag = htole16((uint16_t)h->cmdq_prod);
	c->in_len = htole16(in_len);
	c->buf_addr = htole64(buf_addr);
	c->buf_len = htole32(buf_len);
	if (in && in_len)
		memcpy(c->data, in, in_len < XNIC_CMD_DATA_LEN ?
		       in_len : XNIC_CMD_DATA_LEN);
	h->cmdq_prod++;
	return c;
}

static inline void cmdq_ring(struct fake_host *h)
{
	wr(h, XNIC_REG_CMDQ_PROD, h->cmdq_prod);
	host_run(h);
}

/* One command, run to completion; returns its status, 0xffff if not done */
static inline uint16_t cmd_exec(struct fake_host *h, uint16_t opcode,
				const void *in, uint16_t in_len,
				uint64_t buf_addr, uint32_t buf_len,
				struct xnic_cmd *done)
{
	struct xnic_cmd *c = cmd_post(h, opcode, in, in_len, buf_addr,
				      buf_len);

	cmdq_ring(h);
	if (done)
		*done = *c;
	if (!(le16toh(c->flags) & XNIC_CMD_F_DONE))
		return 0xffff;
	return le16toh(c->status);
}

static inline uint16_t cmd_simple(struct fake_host *h, uint16_t opcode,
				  const void *in, uint16_t in_len)
{
	return cmd_exec(h, opcode, in, in_len, 0, 0, NULL);
}

/* ------------------------------------------------------------------------
 * Firmware
 */

/* Builds a good image with @caps into @buf (>= 512 bytes); its length */
static inline size_t fw_build_caps(uint8_t *buf, size_t size,
				   uint32_t version, uint32_t caps)
{
	struct xnic_fw_info fi;
	const char *why = NULL;
	int len;

	memset(&fi, 0, sizeof(fi));
	fi.fw_version = version;
	fi.caps = caps;
	fi.max_flows = 4096;
	fi.max_bpf_insns = 1024;
	fi.build_time = 1700000000ull;
	strcpy(fi.name, "xnic-unit-test");
	strcpy(fi.description, "built by the core unit tests");
	len = xnic_fw_image_build(buf, size, &fi, &why);
	if (len < 0) {
		printf("# fw build: %s\n", why);
		host_die("cannot build a firmware image", len);
	}
	return (size_t)len;
}

/* Builds a good image (caps L2 and FLOWER) into @buf; returns its length */
static inline size_t fw_build(uint8_t *buf, size_t size, uint32_t version)
{
	return fw_build_caps(buf, size, version,
			     XNIC_CAP_L2 | XNIC_CAP_FLOWER);
}

/* Uploads @img in @chunk byte chunks and commits; returns the first error */
static inline uint16_t fw_upload(struct fake_host *h, const uint8_t *img,
				 size_t len, size_t chunk)
{
	size_t off;

	memcpy(gmem(h, BUF_ADDR), img, len);
	for (off = 0; off < len; off += chunk) {
		struct xnic_cmd_fw_chunk req;
		size_t n = len - off < chunk ? len - off : chunk;
		uint16_t st;

		req.offset = htole32((uint32_t)off);
		req.total_len = htole32((uint32_t)len);
		st = cmd_exec(h, XNIC_CMD_FW_LOAD_CHUNK, &req, sizeof(req),
			      BUF_ADDR + off, (uint32_t)n, NULL);
		if (st)
			return st;
	}
	return cmd_simple(h, XNIC_CMD_FW_LOAD_COMMIT, NULL, 0);
}

/* Command queue up and a firmware with @caps running; aborts on failure */
static inline void host_boot_caps(struct fake_host *h, uint32_t caps)
{
	uint8_t img[1024];
	size_t len = fw_build_caps(img, sizeof(img), XNIC_FW_VERSION(1, 0, 0),
				   caps);
	uint16_t st;

	cmdq_setup(h, CMDQ_ENTRIES);
	st = fw_upload(h, img, len, 256);
	if (st)
		host_die("firmware upload failed, status", st);
}

/* Command queue up and a good firmware (fw_build()'s caps) running */
static inline void host_boot(struct fake_host *h)
{
	host_boot_caps(h, XNIC_CAP_L2 | XNIC_CAP_FLOWER);
}

/* ------------------------------------------------------------------------
 * Ports and queues
 */

static inline uint16_t port_cmd(struct fake_host *h, uint16_t opcode,
				uint16_t port, uint32_t arg)
{
	struct xnic_cmd_port_req req = {
		.port = htole16(port), .arg = htole32(arg),
	};

	return cmd_simple(h, opcode, &req, sizeof(req));
}

static inline uint16_t queue_cmd(struct fake_host *h, uint16_t opcode,
				 uint16_t qp, uint8_t type, uint8_t log2_size,
				 uint16_t port, uint64_t ring)
{
	struct xnic_cmd_queue_req req = {
		.qp = htole16(qp), .type = type, .log2_size = log2_size,
		.port = htole16(port), .ring_addr = htole64(ring),
	};

	return cmd_simple(h, opcode, &req, sizeof(req));
}

static inline struct xnic_tx_desc *tx_desc(struct fake_host *h,
					   unsigned int qp, unsigned int slot)
{
	return (struct xnic_tx_desc *)gmem(h, RING_ADDR(qp, 0)) + slot;
}

static inline struct xnic_rx_desc *rx_desc(struct fake_host *h,
					   unsigned int qp, unsigned int slot)
{
	return (struct xnic_rx_desc *)gmem(h, RING_ADDR(qp, 1)) + slot;
}

/* A frame from @src to @dst (6 bytes each) of @len bytes, IPv4/UDP when
 * @sport is not 0, tagged with @fill in the payload */
static inline size_t make_frame(uint8_t *f, const uint8_t *dst,
				const uint8_t *src, uint16_t sport,
				size_t len, uint8_t fill)
{
	memset(f, fill, len);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	if (!sport) {
		f[12] = 0x88;	/* local experimental ethertype */
		f[13] = 0xb5;
		return len;
	}
	f[12] = 0x08;
	f[13] = 0x00;
	f[14] = 0x45;			/* IPv4, IHL 5 */
	f[20] = 0;			/* no fragmentation */
	f[21] = 0;
	f[23] = 17;			/* UDP */
	memcpy(f + 26, "\xc0\x00\x02\x01\xc0\x00\x02\x02", 8);
	f[34] = (uint8_t)(sport >> 8);
	f[35] = (uint8_t)sport;
	f[36] = 0x12;
	f[37] = 0x34;
	return len;
}

#endif /* XNIC_TESTS_FAKE_HOST_H */
