/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xnic_core.h - the xnic NIC's logic, independent of any emulator.
 *
 * The core owns the register file, the command queue (the firmware
 * mailbox), the event queue, the TX/RX queue pairs and the physical ports.
 * It touches the outside world only through struct xnic_core_ops, which the
 * QEMU glue (hw/qemu) or a unit test (hw/tests) provides:
 *
 *  - guest memory through dma_read/dma_write, which may fail;
 *  - MSI-X vectors through irq;
 *  - the wire through port_tx (and xnic_core_port_rx() the other way);
 *  - deferred work through schedule: the core never walks a ring inside a
 *    register write. A doorbell records the new index and asks to be run;
 *    the glue then calls xnic_core_process() from a bottom half.
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

/**
 * struct xnic_core_ops - what the core needs from its host
 * @dma_read: copy @len bytes of guest memory at @addr to @buf; 0 or -1
 * @dma_write: copy @len bytes from @buf to guest memory at @addr; 0 or -1
 * @irq: raise MSI-X vector @vector (always < xnic_core_num_vectors())
 * @port_tx: put the frame on the wire of physical port @port
 * @rx_ready: physical port @port may take frames again (RX buffers were
 *            posted, the port was disabled or lost its queues): the host
 *            retries the frames it held back. Called from process only.
 * @schedule: call xnic_core_process() soon, outside the current call
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
};

/**
 * struct xnic_core_config - the NIC's fixed properties
 * @num_ports: physical ports, 1..XNIC_MAX_PHYS_PORTS
 * @max_qps: queue pairs, 1..XNIC_MAX_QPS
 * @mac: MAC address of port 0; port n has this address plus n
 * @speed_mbps: link speed reported by PORT_INFO
 */
struct xnic_core_config {
	unsigned int num_ports;
	unsigned int max_qps;
	uint8_t mac[6];
	uint32_t speed_mbps;
};

/* Default number of queue pairs */
#define XNIC_CORE_DEFAULT_QPS	4

/* Returns 0 if @cfg is usable, else -1 with *@why set to the reason. */
int xnic_core_config_check(const struct xnic_core_config *cfg,
			   const char **why);

/* MSI-X vectors the device needs: vector 0 plus one per queue pair. */
unsigned int xnic_core_num_vectors(const struct xnic_core_config *cfg);

/*
 * Creates a core in the reset state, or returns NULL if @cfg is invalid or
 * memory is short. @ops and @opaque must outlive the core.
 */
struct xnic_core *xnic_core_new(const struct xnic_core_config *cfg,
				const struct xnic_core_ops *ops, void *opaque);
void xnic_core_free(struct xnic_core *core);

/*
 * Device reset (power on, PCI reset, CTRL.RESET): every queue, the command
 * and event queues, port state and the running firmware are discarded.
 * Link state, being the wire's, is kept.
 */
void xnic_core_reset(struct xnic_core *core);

/* BAR0 access, 32 bits at a 4-byte aligned @offset */
uint32_t xnic_core_reg_read(struct xnic_core *core, uint32_t offset);
void xnic_core_reg_write(struct xnic_core *core, uint32_t offset,
			 uint32_t val);

/* The deferred work: command queue and TX rings, a bounded amount per call */
void xnic_core_process(struct xnic_core *core);

/* What happened to a frame handed to xnic_core_port_rx() */
enum xnic_rx_result {
	XNIC_RX_DELIVERED,	/* written to an RX buffer */
	XNIC_RX_DROPPED,	/* consumed and counted, not delivered */
	XNIC_RX_RETRY,		/* the RX ring is full: offer it again after
				 * the rx_ready op for this port */
};

/*
 * A frame arrived on physical port @port. A port that is disabled or has no
 * RX queue drops (counting rx_no_buf), so a shared wire never stalls; a
 * port whose chosen RX ring has no free buffer answers XNIC_RX_RETRY.
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
