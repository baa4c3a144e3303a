/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xnic_core.h - the xnic NIC's logic, independent of any emulator.
 *
 * The core is one NIC (struct xnic_core: the physical ports, the firmware,
 * the eswitch and the administrator's configuration of each VF) with PCIe
 * functions (struct xnic_func): the PF, function 0, always there, and VF n
 * while the host has it enabled (xnic_core_vf_bind()). Each function has its
 * own register file, command queue, event queue, queue pairs and MSI-X
 * vectors. The core touches the outside world only through struct
 * xnic_core_ops, which the QEMU glue (hw/qemu) or a unit test (hw/tests)
 * provides:
 *
 *  - guest memory through dma_read/dma_write, which may fail, and MSI-X
 *    vectors through irq, each on behalf of one function;
 *  - the wire through port_tx (and xnic_core_port_rx() the other way);
 *  - deferred work through schedule: the core never walks a ring inside a
 *    register write. A doorbell records the new index and asks to be run;
 *    the glue then calls xnic_core_process() from a bottom half;
 *  - time through now_ns and timer_mod, for the VFs' transmit rate limits.
 *
 * Every value the guest supplies is validated; bad input gets a status code
 * and never an abort.
 */
#ifndef XNIC_CORE_H
#define XNIC_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../src/xnic_hw.h"

struct xnic_core;
struct xnic_func;

/**
 * struct xnic_core_ops - what the core needs from its host
 *
 * dma_read, dma_write and irq act for one PCIe function and get that
 * function's opaque (the one given to xnic_core_new() for the PF, to
 * xnic_core_vf_bind() for a VF); the others get the NIC's (xnic_core_new()).
 *
 * @dma_read: copy @len bytes of guest memory at @addr to @buf; 0 or -1
 * @dma_write: copy @len bytes from @buf to guest memory at @addr; 0 or -1
 * @irq: raise MSI-X vector @vector of the function (always below its
 *       NUM_VECTORS register)
 * @port_tx: put the frame on the wire of physical port @port
 * @rx_ready: physical port @port may take frames again (RX buffers were
 *            posted, the port was disabled or lost its queues): the host
 *            retries the frames it held back. Called from process only.
 * @schedule: call xnic_core_process() soon, outside the current call
 * @now_ns: a monotonic clock in nanoseconds, the one the guest sees pass
 * @timer_mod: call xnic_core_timer_expired() once the now_ns clock reaches
 *             @expire_ns (a later call replaces an earlier deadline)
 */
struct xnic_core_ops {
	int (*dma_read)(void *opaque, uint64_t addr, void *buf, size_t len);
	int (*dma_write)(void *opaque, uint64_t addr, const void *buf,
			 size_t len);
	void (*irq)(void *opaque, unsigned int vector);
	void (*port_tx)(void *opaque, unsigned int port, const uint8_t *frame,
			size_t len);
	void (*rx_ready)(void *opaque, unsigned int port);
	void (*schedule)(void *opaque);
	uint64_t (*now_ns)(void *opaque);
	void (*timer_mod)(void *opaque, uint64_t expire_ns);
};

/**
 * struct xnic_core_config - the NIC's fixed properties
 * @num_ports: physical ports, 1..XNIC_MAX_PHYS_PORTS
 * @max_qps: queue pairs of the PF, 1..XNIC_MAX_QPS
 * @mac: MAC address of port 0; port n has this address plus n
 * @speed_mbps: link speed reported by PORT_INFO
 * @total_vfs: VFs the NIC can have, 0..XNIC_CORE_MAX_VFS (0: no SR-IOV)
 * @vf_qps: queue pairs of each VF, 1..XNIC_MAX_QPS (ignored without VFs)
 */
struct xnic_core_config {
	unsigned int num_ports;
	unsigned int max_qps;
	uint8_t mac[6];
	uint32_t speed_mbps;
	unsigned int total_vfs;
	unsigned int vf_qps;
};

/* Default number of queue pairs of the PF and of each VF */
#define XNIC_CORE_DEFAULT_QPS		4
#define XNIC_CORE_DEFAULT_VF_QPS	1
/* VF routing IDs follow the PF's: with ARI, 255 fit behind a port */
#define XNIC_CORE_MAX_VFS		255
#define XNIC_CORE_DEFAULT_VFS		64

/* Returns 0 if @cfg is usable, else -1 with *@why set to the reason. */
int xnic_core_config_check(const struct xnic_core_config *cfg,
			   const char **why);

/* MSI-X vectors the PF needs: vector 0 plus one per queue pair. */
unsigned int xnic_core_num_vectors(const struct xnic_core_config *cfg);

/* MSI-X vectors each VF needs: vector 0 plus one per queue pair. */
unsigned int xnic_core_vf_num_vectors(const struct xnic_core_config *cfg);

/*
 * Creates a core in the reset state, or returns NULL if @cfg is invalid or
 * memory is short. @ops and @opaque must outlive the core.
 */
struct xnic_core *xnic_core_new(const struct xnic_core_config *cfg,
				const struct xnic_core_ops *ops, void *opaque);
void xnic_core_free(struct xnic_core *core);

/*
 * Device reset (power on, PCI reset or FLR of the PF, the PF's CTRL.RESET):
 * every queue, the command and event queues, port state and the running
 * firmware are discarded, and the eswitch is back in legacy mode; so are
 * the queues of every VF, and each VF's configuration returns to its
 * default. Link state, being the wire's, is
 * kept. Bound VFs stay bound: disabling them (VF Enable) is the host's.
 */
void xnic_core_reset(struct xnic_core *core);

/* The PF, function 0 */
struct xnic_func *xnic_core_pf(struct xnic_core *core);

/*
 * VF @vf (0..total_vfs-1) comes into existence with DMA and interrupts
 * through @opaque: it is reset, in the eswitch with the default
 * configuration, and takes its register accesses. NULL if @vf is out of
 * range, already bound, or memory is short.
 */
struct xnic_func *xnic_core_vf_bind(struct xnic_core *core, unsigned int vf,
				    void *opaque);
/* VF @vf goes away: its queues, configuration and counters are discarded */
void xnic_core_vf_unbind(struct xnic_core *core, unsigned int vf);

/* Reset of one function: a VF's FLR; for the PF, xnic_core_reset() */
void xnic_func_reset(struct xnic_func *fn);

/* BAR0 access of any function, 32 bits at a 4-byte aligned @offset */
uint32_t xnic_func_reg_read(struct xnic_func *fn, uint32_t offset);
void xnic_func_reg_write(struct xnic_func *fn, uint32_t offset, uint32_t val);

/*
 * The deferred work: command queues and TX rings of every function, a
 * bounded amount per call
 */
void xnic_core_process(struct xnic_core *core);

/* The deadline given to the timer_mod op has passed */
void xnic_core_timer_expired(struct xnic_core *core);

/* What happened to a frame handed to xnic_core_port_rx() */
enum xnic_rx_result {
	XNIC_RX_DELIVERED,	/* written to an RX buffer */
	XNIC_RX_DROPPED,	/* consumed and counted, not delivered */
	XNIC_RX_RETRY,		/* the RX ring is full: offer it again after
				 * the rx_ready op for this port */
};

/*
 * A frame arrived on physical port @port. Port 0 is the eswitch's uplink:
 * the frame goes to the PF, to VFs, or both (legacy mode), or to the slow
 * path (switchdev mode). A port that is disabled or a PF without RX queue
 * for it drops (counting rx_no_buf), so a shared wire never stalls; if the
 * legacy PF is to get the frame and its chosen RX ring has no free buffer,
 * the answer is XNIC_RX_RETRY (a VF or the slow path without room drops).
 */
enum xnic_rx_result xnic_core_port_rx(struct xnic_core *core,
				      unsigned int port,
				      const uint8_t *frame, size_t len);

/*
 * False when port @port would answer XNIC_RX_RETRY for every frame: it is
 * enabled and none of its RX rings has a free buffer.
 */
bool xnic_core_can_receive(struct xnic_core *core, unsigned int port);

/* The wire of @port went up or down; posts XNIC_EV_LINK on a change. */
void xnic_core_set_link(struct xnic_core *core, unsigned int port, bool up);

#endif /* XNIC_CORE_H */
