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

struct xnic_bpf;
struct xnic_flow;

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
	uint16_t port;		/* PF: port id, XNIC_PORT_PHYS(n) (== n) or
				 * XNIC_PORT_SLOWPATH; VF: unused */
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

/* Counters of a vport (PF or VF), in struct xnic_vport_stats order */
enum xnic_vport_stat {
	XNIC_VSTAT_RX_PACKETS,
	XNIC_VSTAT_RX_BYTES,
	XNIC_VSTAT_TX_PACKETS,
	XNIC_VSTAT_TX_BYTES,
	XNIC_VSTAT_RX_BROADCAST,
	XNIC_VSTAT_RX_MULTICAST,
	XNIC_VSTAT_RX_DROPPED,
	XNIC_VSTAT_TX_DROPPED,
	XNIC_VSTAT_TX_SPOOFED,
	XNIC_VSTAT_TX_RATE_LIMITED,
	XNIC_VSTAT_COUNT
};

/* Token bucket of a VF's transmit rate limit (xnic_rate.c) */
struct xnic_rate {
	uint64_t rate_bps;	/* 0: unlimited */
	uint64_t burst;	/* bucket depth, millibits */
	uint64_t tokens;	/* millibits that may be sent now */
	uint64_t last_ns;	/* when tokens was last refilled */
	bool held;		/* the VF's TX is waiting for tokens */
	bool backlog;		/* frames waited since the rings were last empty */
};

/*
 * One PCIe function: its registers, command and event queues and queue
 * pairs. The PF is function 0; VF n has vf = n.
 */
struct xnic_func {
	struct xnic_core *core;
	void *opaque;		/* for dma_read, dma_write, irq */
	bool is_vf;
	unsigned int vf;	/* VF index if is_vf */
	unsigned int max_qps;
	unsigned int num_vectors;
	uint16_t vport;		/* XNIC_PORT_PF or XNIC_PORT_VF(vf) */

	uint32_t scratch;
	struct xnic_mbox cmdq;
	struct xnic_mbox evq;
	uint32_t evq_lost;
	uint32_t ev_seq;
	uint64_t stat_latch;	/* upper half for the next (V)PORT_STAT_HI */

	struct xnic_qp qps[XNIC_MAX_QPS];
};

/*
 * A virtual port of the legacy eswitch: the PF's (of port 0) or a VF's.
 * For a VF, the administrator's configuration (VF_SET_CONFIG), what the VF
 * set itself (VPORT_*) and its rate limiter; for both, its counters.
 */
struct xnic_vport {
	struct xnic_func *fn;	/* NULL: the VF does not exist */
	uint8_t admin_mac[6];	/* all zero: none */
	uint8_t own_mac[6];	/* set by the function, all zero: none */
	uint16_t vlan_proto;	/* XNIC_VLAN_PROTO_* */
	uint16_t vlan;		/* port VLAN, 0 = none */
	uint8_t qos;
	bool spoofchk;
	bool trust;
	uint8_t link_state;	/* XNIC_VF_LINK_* */
	bool link_up;		/* in effect, last reported to the VF */
	uint32_t max_tx_rate;	/* Mb/s, 0 = unlimited */
	uint32_t rx_mode;	/* XNIC_RX_MODE_* in effect */
	struct xnic_rate rate;
	uint64_t stats[XNIC_VSTAT_COUNT];
};

/* Eswitch modes, by their XNIC_ESW_MODE_* values (xnic_eswitch.c) */
enum xnic_esw_mode {
	XNIC_ESW_LEGACY = XNIC_ESW_MODE_LEGACY,
	XNIC_ESW_SWITCHDEV = XNIC_ESW_MODE_SWITCHDEV,
};

/*
 * The eswitch's own state (xnic_esw_mode.c): its mode, the offloaded flow
 * rules it holds (the flow table counts them in num_rules) and the slow
 * path's counters. All of it returns to zero, legacy mode, on reset.
 */
struct xnic_esw {
	enum xnic_esw_mode mode;
	uint32_t num_rules;
	uint64_t slowpath_packets;	/* delivered to a slow-path RX queue */
	uint64_t slowpath_dropped;	/* no slow-path queue or buffer */
};

struct xnic_core {
	struct xnic_core_config cfg;
	const struct xnic_core_ops *ops;
	void *opaque;

	uint32_t status;	/* XNIC_STATUS_* */

	bool fw_running;
	struct xnic_fw_info fw;	/* valid while fw_running */
	struct xnic_fw_staging fw_staging;

	struct xnic_port ports[XNIC_MAX_PHYS_PORTS];
	struct xnic_func pf;
	struct xnic_vport pf_vport;	/* the PF in the eswitch */
	struct xnic_vport *vfs;		/* cfg.total_vfs entries */

	struct xnic_bpf *bpf;		/* maps and programs (xnic_bpf*.c) */
	struct xnic_flow *flow;		/* flower offload (xnic_flow_*.c);
					 * NULL without XNIC_CAP_FLOWER */
	struct xnic_esw esw;
	uint32_t rx_ready_ports;	/* bit n: tell the host port n may
					 * receive again */
	bool work_scheduled;
	bool timer_armed;
	uint64_t timer_expire_ns;
	uint8_t tx_frame[XNIC_BUF_MAX];	/* frame being transmitted */
	/* the eswitch's copies: with a port VLAN pushed, and popped */
	uint8_t esw_tagged[XNIC_BUF_MAX + XNIC_VLAN_HLEN];
	uint8_t esw_untagged[XNIC_BUF_MAX + XNIC_VLAN_HLEN];
};

_Static_assert(XNIC_VSTAT_COUNT ==
	       sizeof(struct xnic_vport_stats) / sizeof(__le64),
	       "enum xnic_vport_stat matches struct xnic_vport_stats");
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

/* DMA on behalf of function @fn */
static inline int xnic_dma_read(struct xnic_func *fn, uint64_t addr,
				void *buf, size_t len)
{
	if (addr + len < addr)
		return -1;
	return fn->core->ops->dma_read(fn->opaque, addr, buf, len);
}

static inline int xnic_dma_write(struct xnic_func *fn, uint64_t addr,
				 const void *buf, size_t len)
{
	if (addr + len < addr)
		return -1;
	return fn->core->ops->dma_write(fn->opaque, addr, buf, len);
}

static inline void xnic_func_irq(struct xnic_func *fn, unsigned int vector)
{
	if (vector < fn->num_vectors)
		fn->core->ops->irq(fn->opaque, vector);
}

static inline bool xnic_mac_is_zero(const uint8_t *mac)
{
	return !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

static inline bool xnic_mac_is_multicast(const uint8_t *mac)
{
	return mac[0] & 0x01;
}

/* xnic_core.c */
void xnic_core_schedule(struct xnic_core *core);
void xnic_core_rx_ready(struct xnic_core *core, unsigned int port);
void xnic_core_timer_at(struct xnic_core *core, uint64_t expire_ns);

/* xnic_func.c: a function's register file, reset, VF bind/unbind */
void xnic_func_init(struct xnic_func *fn, struct xnic_core *core,
		    void *opaque, bool is_vf, unsigned int vf);
void xnic_func_clear(struct xnic_func *fn);
/* The function of vport id @vport if it exists, else NULL */
struct xnic_func *xnic_core_func_of_vport(struct xnic_core *core,
					  uint16_t vport);

/* xnic_cmdq.c: the command queue and opcode dispatch */
void xnic_cmdq_doorbell(struct xnic_func *fn, uint32_t prod);
void xnic_cmdq_write_ctrl(struct xnic_func *fn, uint32_t val);
bool xnic_cmdq_process(struct xnic_func *fn);

/* xnic_evq.c: the event queue */
void xnic_evq_write_ctrl(struct xnic_func *fn, uint32_t val);
void xnic_evq_write_cons(struct xnic_func *fn, uint32_t cons);
void xnic_evq_post(struct xnic_func *fn, uint16_t type, uint16_t port,
		   uint32_t data);

/*
 * Command handlers. Each gets the function that sent the command, the
 * request's inline data (@in, @in_len bytes, already bounded by
 * XNIC_CMD_DATA_LEN) and the command's external buffer, writes its response
 * to @out (XNIC_CMD_DATA_LEN bytes, zeroed) and *@out_len, and returns an
 * XNIC_CMD_ST_* status.
 */
struct xnic_cmd_ctx {
	struct xnic_func *fn;
	const uint8_t *in;
	uint16_t in_len;
	uint32_t buf_len;
	uint64_t buf_addr;
	uint8_t *out;
	uint16_t out_len;
};

/*
 * xnic_cmd_take_req - copy a fixed-size inline request out of @ctx.
 * False (the caller answers EINVAL) unless the command carries exactly
 * @len bytes inline and no external buffer.
 */
static inline bool xnic_cmd_take_req(const struct xnic_cmd_ctx *ctx,
				     void *req, size_t len)
{
	if (ctx->in_len != len || ctx->buf_len)
		return false;
	memcpy(req, ctx->in, len);
	return true;
}

/* xnic_cmd_reply - put a fixed-size inline response into @ctx; OK status */
static inline uint16_t xnic_cmd_reply(struct xnic_cmd_ctx *ctx,
				      const void *resp, size_t len)
{
	memcpy(ctx->out, resp, len);
	ctx->out_len = (uint16_t)len;
	return XNIC_CMD_ST_OK;
}

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

/* xnic_queues.c: queue pairs, TX rings and delivery into RX rings */
uint16_t xnic_cmd_queue_create(struct xnic_core *core,
			       struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_queue_destroy(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx);
void xnic_qp_reg_write(struct xnic_func *fn, unsigned int qp,
		       unsigned int reg, uint32_t val);
uint32_t xnic_qp_reg_read(struct xnic_func *fn, unsigned int qp,
			  unsigned int reg);
bool xnic_tx_process(struct xnic_func *fn);
void xnic_port_count(struct xnic_core *core, unsigned int port,
		     enum xnic_port_stat stat, uint64_t n);
/*
 * Writes @frame into an RX ring of @fn (for the PF: one of those of port id
 * @port, a physical port or XNIC_PORT_SLOWPATH) with @meta as source port.
 * XNIC_RX_RETRY: the chosen ring is full; XNIC_RX_DROPPED: no ring, or the
 * buffer was refused.
 */
enum xnic_rx_result xnic_func_rx(struct xnic_func *fn, unsigned int port,
				 uint16_t meta, const uint8_t *frame,
				 size_t len);
/* Whether @fn has a created RX ring (for the PF: of port @port) */
bool xnic_func_has_rx(const struct xnic_func *fn, unsigned int port);

/*
 * xnic_eswitch.c: forwarding between the uplink, the PF and the VFs.
 * A frame from the uplink may be held back (XNIC_RX_RETRY, when the PF's
 * RX ring is full) only if @may_retry.
 */
enum xnic_rx_result xnic_esw_uplink_rx(struct xnic_core *core,
				       const uint8_t *frame, size_t len,
				       bool may_retry);
/*
 * A frame the function @fn transmits on its vport (the PF: on port 0
 * without META); returns its XNIC_DESC_ST_*.
 */
uint8_t xnic_esw_vport_tx(struct xnic_func *fn, const uint8_t *frame,
			  size_t len);

/* xnic_esw_mode.c: the eswitch mode, its commands and rule count */
bool xnic_esw_is_switchdev(const struct xnic_core *core);
void xnic_esw_reset(struct xnic_core *core);
/* New firmware runs: without XNIC_CAP_SWITCHDEV, back to legacy mode */
void xnic_esw_fw_changed(struct xnic_core *core);
/* The flow table gained or lost an offloaded rule */
void xnic_esw_rule_added(struct xnic_core *core);
void xnic_esw_rule_removed(struct xnic_core *core);
uint16_t xnic_cmd_esw_get_mode(struct xnic_core *core,
			       struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_esw_set_mode(struct xnic_core *core,
			       struct xnic_cmd_ctx *ctx);

/*
 * xnic_slowpath.c: the switchdev slow path between the eswitch and the
 * representors. xnic_slowpath_rx() hands a frame that entered the eswitch
 * from port id @src to a PF slow-path RX queue (meta @src); false if it was
 * dropped (counted). xnic_repr_tx_vport_ok() tells whether META @meta may
 * name a vport now; xnic_repr_tx_vport() delivers a representor's frame to
 * that vport and returns the descriptor status.
 */
bool xnic_slowpath_rx(struct xnic_core *core, uint16_t src,
		      const uint8_t *frame, size_t len);
bool xnic_repr_tx_vport_ok(struct xnic_core *core, uint16_t meta);
uint8_t xnic_repr_tx_vport(struct xnic_core *core, uint16_t meta,
			   const uint8_t *frame, size_t len);

/*
 * xnic_flow_state.c: the flower offload's state (flow table, encap entries,
 * meters), made for firmware with XNIC_CAP_FLOWER and gone with it.
 * xnic_flow_fw_changed() drops the old state and builds the new firmware's
 * (false if memory is short: the firmware then runs without flower);
 * xnic_flow_destroy() drops it (reset, core free).
 */
bool xnic_flow_fw_changed(struct xnic_core *core);
void xnic_flow_destroy(struct xnic_core *core);

/* xnic_flow_cmds.c: the FLOW_* commands (PF only) */
uint16_t xnic_cmd_flow_info(struct xnic_core *core, struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_flow_add(struct xnic_core *core, struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_flow_del(struct xnic_core *core, struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_flow_stats(struct xnic_core *core, struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_flow_encap_set(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_flow_encap_del(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_flow_meter_set(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_flow_meter_del(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx);

/*
 * xnic_flow_datapath.c: a frame entering the switchdev eswitch from port id
 * @src meets the offloaded rules. False if no rule matched (the caller
 * sends it to the slow path); true if a rule took it (*@delivered: some
 * copy of it reached a port or the slow path).
 */
bool xnic_flow_ingress(struct xnic_core *core, uint16_t src,
		       const uint8_t *frame, size_t len, bool *delivered);

/* xnic_vport.c: vport state, VF_* and VPORT_* commands */
struct xnic_vport *xnic_vport_of(struct xnic_func *fn);
void xnic_vport_defaults(struct xnic_core *core, struct xnic_vport *vp);
void xnic_vport_mac(const struct xnic_vport *vp, uint8_t *mac);
bool xnic_vport_link_up(const struct xnic_core *core,
			const struct xnic_vport *vp);
/* Re-evaluates each VF's link; posts events to those that changed */
void xnic_vports_link_update(struct xnic_core *core);
void xnic_vport_count(struct xnic_vport *vp, enum xnic_vport_stat stat,
		      uint64_t n);
/* A frame of @len bytes delivered to @vp: rx packets, bytes, bcast/mcast */
void xnic_vport_count_rx(struct xnic_vport *vp, const uint8_t *frame,
			 size_t len);
uint16_t xnic_cmd_vf_set_config(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_vf_get_config(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_vf_stats(struct xnic_core *core, struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_vport_info(struct xnic_core *core, struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_vport_set_mac(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_vport_set_rx_mode(struct xnic_core *core,
				    struct xnic_cmd_ctx *ctx);

/* xnic_bpf_cmds.c: the eBPF offload commands */
uint16_t xnic_cmd_bpf_info(struct xnic_core *core, struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_bpf_map_create(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_bpf_map_destroy(struct xnic_core *core,
				  struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_bpf_map_lookup(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_bpf_map_update(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_bpf_map_delete(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_bpf_map_get_next(struct xnic_core *core,
				   struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_bpf_prog_load(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_bpf_prog_unload(struct xnic_core *core,
				  struct xnic_cmd_ctx *ctx);
uint16_t xnic_cmd_bpf_prog_stats(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx);

/*
 * xnic_bpf_ingress.c: the XDP hook of a physical port's ingress. With a
 * program attached (xnic_bpf_port_has_prog), xnic_bpf_port_ingress() runs
 * it on the frame: true (PASS) with *@frame and *@len now the frame as the
 * program left it, in the engine's buffer; false when the frame was
 * consumed (dropped, or sent back out by TX), counted by the program.
 */
bool xnic_bpf_port_has_prog(const struct xnic_core *core, unsigned int port);
bool xnic_bpf_port_ingress(struct xnic_core *core, unsigned int port,
			   const uint8_t **frame, size_t *len);

/* xnic_rate.c: token bucket of a VF's transmit rate */
void xnic_rate_set(struct xnic_rate *r, uint32_t mbps, uint64_t now_ns);
/*
 * Whether a frame of @len bytes may go now; if not, *@wait_ns is how long
 * until it may. Refills the bucket first.
 */
bool xnic_rate_may_send(struct xnic_rate *r, size_t len, uint64_t now_ns,
			uint64_t *wait_ns);
void xnic_rate_charge(struct xnic_rate *r, size_t len);
/* The VF's TX rings are empty: the bucket is capped at its depth again */
void xnic_rate_idle(struct xnic_rate *r);

#endif /* XNIC_CORE_PRIV_H */
