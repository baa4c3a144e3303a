/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmdq.h - the xnic command queue (firmware mailbox) interface.
 */
#ifndef _XNIC_CMDQ_H
#define _XNIC_CMDQ_H

#include <linux/refcount.h>
#include <linux/types.h>

struct xnic;
struct xnic_cmdq;

/* Bytes of DMA payload area per slot (PF only): struct xnic_cmd_req.data */
#define XNIC_CMDQ_POST_LEN	1024

/**
 * struct xnic_cmd_buf - DMA buffer a command references through buf_addr
 * @va: CPU address
 * @dma: bus address
 * @size: bytes
 * @dev: device the buffer is mapped for
 * @ref: the caller holds one reference, every in-flight command another.
 *       A command that timed out keeps its reference until the device
 *       completes it or is reset, so the memory is never freed while the
 *       device may still access it.
 */
struct xnic_cmd_buf {
	void *va;
	dma_addr_t dma;
	size_t size;
	struct device *dev;
	refcount_t ref;
};

/**
 * struct xnic_cmd_req - one command as the caller describes it
 * @opcode: XNIC_CMD_*
 * @in: inline request payload, may be NULL if @in_len is 0
 * @in_len: bytes of @in (at most XNIC_CMD_DATA_LEN)
 * @out: where to copy the inline response, may be NULL
 * @out_size: room in @out
 * @out_min: fewer response bytes than this are a protocol error (-EIO)
 * @buf: external DMA buffer, or NULL
 * @buf_off: offset of the command's data in @buf
 * @buf_len: bytes of @buf the command uses
 * @data: command data copied into the slot's own DMA payload area (PF
 *        only, at most XNIC_CMDQ_POST_LEN), instead of @buf; may be NULL
 * @data_len: bytes of @data
 * @out_len: result: response bytes the device returned
 * @status: result: XNIC_CMD_ST_* of the device, or U16_MAX if none came
 * @err: result: 0 or a negative errno for this command
 */
struct xnic_cmd_req {
	u16 opcode;
	const void *in;
	u16 in_len;
	void *out;
	u16 out_size;
	u16 out_min;
	struct xnic_cmd_buf *buf;
	u32 buf_off;
	u32 buf_len;
	const void *data;
	u32 data_len;
	u16 out_len;
	u16 status;
	int err;
};

int xnic_cmdq_init(struct xnic *xnic);
void xnic_cmdq_start(struct xnic_cmdq *cq);
void xnic_cmdq_stop(struct xnic_cmdq *cq);
void xnic_cmdq_free(struct xnic *xnic);
void xnic_cmdq_irq(struct xnic_cmdq *cq);

int xnic_cmdq_exec(struct xnic_cmdq *cq, struct xnic_cmd_req *req);
int xnic_cmdq_exec_batch(struct xnic_cmdq *cq, struct xnic_cmd_req *reqs,
			 unsigned int n);
int xnic_cmd(struct xnic *xnic, u16 opcode, const void *in, u16 in_len,
	     void *out, u16 out_len);
int xnic_cmdq_post(struct xnic_cmdq *cq, const struct xnic_cmd_req *req);
u64 xnic_cmdq_posted_errors(struct xnic_cmdq *cq);

struct xnic_cmd_buf *xnic_cmd_buf_alloc(struct xnic_cmdq *cq, size_t size);
void xnic_cmd_buf_put(struct xnic_cmd_buf *buf);

int xnic_cmd_status_to_errno(u16 status);
const char *xnic_cmd_opcode_name(u16 opcode);

#endif /* _XNIC_CMDQ_H */
