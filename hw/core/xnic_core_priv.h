/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xnic_core_priv.h - state shared by the files of the xnic core. Not for
 * the glue or the tests, which use xnic_core.h.
 */
#ifndef XNIC_CORE_PRIV_H
#define XNIC_CORE_PRIV_H

#include <string.h>

#include "xnic_core.h"
#include "fw_image.h"

/* Work done per xnic_core_process() call before it reschedules itself */
#define XNIC_CMDQ_BUDGET	32	/* commands */
#define XNIC_TX_BUDGET		64	/* descriptors per TX queue */

#define XNIC_NUM_PORT_STATS \
	(sizeof(struct xnic_port_stats) / sizeof(__le64))

#define XNIC_MTU_DEFAULT	1500
#define XNIC_ETH_HLEN		14
#define XNIC_VLAN_HLEN		4
#define XNIC_FRAME_MIN		XNIC_ETH_HLEN

/* Counters of a physical port, in struct xnic_port_stats order */
enum xnic_port_stat {
	XNIC_STAT_RX_PACKETS,
	XNIC_STAT_RX_BYTES,
	XNIC_STAT_TX_PACKETS,
	XNIC_STAT_TX_BYTES,
	XNIC_STAT_RX_NO_BUF,
	XNIC_STAT_RX_OVERSIZE,
	XNIC_STAT_TX_ERRORS,
	XNIC_STAT_TX_DROPPED,
	XNIC_STAT_RX_MULTICAST,
	XNIC_STAT_RX_BROADCAST,
	XNIC_STAT_COUNT
};

struct xnic_port {
	bool link_up;		/* the wire's state, kept over reset */
	bool enabled;		/* PORT_ENABLE */
	uint32_t mtu;
	uint64_t stats[XNIC_STAT_COUNT];
};

/* One TX or RX descriptor ring */
struct xnic_ring {
	bool created;
	bool broken;		/* a ring access failed: stopped until destroyed */
	uint64_t addr;		/* DMA address of descriptor 0 */
	uint32_t size;		/* descriptors, a power of two */
	uint16_t port;		/* physical port index */
	uint16_t prod;		/* driver's free-running producer index */
	uint16_t cons;		/* device's free-running consumer index */
};

struct xnic_qp {
	struct xnic_ring tx, rx;
	bool irq_armed;		/* IRQ_ARM: fire on the next completion */
	bool irq_pending;	/* a completion happened while not armed */
};

/* Command queue or event queue registers */
struct xnic_mbox {
	uint64_t base;
	uint32_t size;		/* entries, valid while enabled */
	uint32_t prod;		/* free-running */
	uint32_t cons;		/* free-running */
	uint32_t ctrl;		/* XNIC_QCTRL_* */
};

/* Firmware image being uploaded with FW_LOAD_CHUNK */
struct xnic_fw_staging {
	uint8_t *buf;		/* NULL when no load is in progress */
	uint32_t total_len;
	uint32_t received;
};

struct xnic_core {
	struct xnic_core_config cfg;
	const struct xnic_core_ops *ops;
	void *opaque;

	uint32_t status;	/* XNIC_STATUS_* */
	uint32_t scratch;

	bool fw_running;
	struct xnic_fw_info fw;	/* valid while fw_running */
	struct xnic_fw_staging fw_staging;

	struct xnic_mbox cmdq;
	struct xnic_mbox evq;
	uint32_t evq_lost;
	uint32_t ev_seq;

	uint64_t stat_latch;	/* upper half for the next PORT_STAT_HI */

	struct xnic_port ports[XNIC_MAX_PHYS_PORTS];
	struct xnic_qp qps[XNIC_MAX_QPS];
	uint32_t rx_ready_ports;	/* bit n: tell the host port n may
					 * receive again */
	bool work_scheduled;
	uint8_t tx_frame[XNIC_BUF_MAX];	/* frame being transmitted */
};

_Static_assert(XNIC_STAT_COUNT == XNIC_NUM_PORT_STATS,
	       "enum xnic_port_stat matches struct xnic_port_stats");

/* Little-endian field access, independent of the host's byte order */
static inline uint16_t xnic_le16(__le16 v)
{
	uint8_t b[2];

	memcpy(b, &v, sizeof(b));
	return (uint16_t)(b[0] | (b[1] << 8));
}

static inline uint32_t xnic_le32(__le32 v)
{
	uint8_t b[4];

	memcpy(b, &v, sizeof(b));
	return (uint32_t)b[0] | ((uint32_t)b[1] << 8) |
	       ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
}

static inline uint64_t xnic_le64(__le64 v)
{
	uint8_t b[8];
	uint64_t r = 0;
	int i;

	memcpy(b, &v, sizeof(b));
	for (i = 7; i >= 0; i--)
		r = (r << 8) | b[i];
	return r;
}

static inline __le16 xnic_cpu_to_le16(uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	__le16 r;

	memcpy(&r, b, sizeof(r));
	return r;
}

static inline __le32 xnic_cpu_to_le32(uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 24) };
	__le32 r;

	memcpy(&r, b, sizeof(r));
	return r;
}

static inline __le64 xnic_cpu_to_le64(uint64_t v)
{
	uint8_t b[8];
	__le64 r;
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	memcpy(&r, b, sizeof(r));
	return r;
}

static inline bool xnic_is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

static inline int xnic_dma_read(struct xnic_core *core, uint64_t addr,
				void *buf, size_t len)
{
	if (addr + len < addr)
		return -1;
	return core->ops->dma_read(core->opaque, addr, buf, len);
}

static inline int xnic_dma_write(struct xnic_core *core, uint64_t addr,
				 const void *buf, size_t len)
{
	if (addr + len < addr)
		return -1;
	return core->ops->dma_write(core->opaque, addr, buf, len);
}

/* xnic_core.c */
void xnic_core_schedule(struct xnic_core *core);
void xnic_core_rx_ready(struct xnic_core *core, unsigned int port);

/* xnic_cmdq.c: the command queue and opcode dispatch */
void xnic_cmdq_doorbell(struct xnic_core *core, uint32_t prod);
void xnic_cmdq_write_ctrl(struct xnic_core *core, uint32_t val);
bool xnic_cmdq_process(struct xnic_core *core);

/* xnic_evq.c: the event queue */
void xnic_evq_write_ctrl(struct xnic_core *core, uint32_t val);
void xnic_evq_write_cons(struct xnic_core *core, uint32_t cons);
void xnic_evq_post(struct xnic_core *core, uint16_t type, uint16_t port,
		   uint32_t data);

/*
 * Command handlers. Each gets the request's inline data (@in, @in_len
 * bytes, already bounded by XNIC_CMD_DATA_LEN) and the command's external
 * buffer, writes its response to @out (XNIC_CMD_DATA_LEN bytes, zeroed) and
 * *@out_len, and returns an XNIC_CMD_ST_* status.
 */
struct xnic_cmd_ctx {
	const uint8_t *in;
	uint16_t in_len;
	uint32_t buf_len;
	uint64_t buf_addr;
	uint8_t *out;
	uint16_t out_len;
};

/* xnic_fw_load.c */
uint16_t xnic_cmd_fw_load_chunk(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_fw_load_commit(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_fw_load_abort(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx);
void xnic_fw_staging_discard(struct xnic_core *core);

/* xnic_port_cmds.c */
uint16_t xnic_cmd_port_info(struct xnic_core *core, struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_port_enable(struct xnic_core *core,
			      struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_port_set_mtu(struct xnic_core *core,
			       struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_port_stats(struct xnic_core *core, struct xnic_cmd_ctx *ctx);

/* xnic_queues.c: queue pairs, TX and RX data path */
uint16_t xnic_cmd_queue_create(struct xnic_core *core,
			       struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_queue_destroy(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx);
void xnic_qp_reg_write(struct xnic_core *core, unsigned int qp,
		       unsigned int reg, uint32_t val);
uint32_t xnic_qp_reg_read(struct xnic_core *core, unsigned int qp,
			  unsigned int reg);
bool xnic_tx_process(struct xnic_core *core);

#endif /* XNIC_CORE_PRIV_H */
