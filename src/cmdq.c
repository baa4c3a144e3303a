// SPDX-License-Identifier: GPL-2.0
/*
 * cmdq.c - the xnic command queue, the driver's mailbox to the firmware.
 *
 * A DMA-coherent ring of struct xnic_cmd. Callers (process context) fill one
 * or several consecutive slots and ring the doorbell once; the device writes
 * every command back in place with XNIC_CMD_F_DONE and raises MSI-X vector 0.
 * Waiters sleep on a wait queue that vector 0 wakes, and re-check their slot
 * every XNIC_CMDQ_POLL_MS in case no interrupt arrives (polled fallback).
 *
 * A command that times out is not taken back: its slot is marked abandoned
 * and keeps a reference to its DMA buffer until the device completes it (it
 * is then reaped when the slot is needed again) or the device is reset
 * (xnic_cmdq_free()). So the device never writes into reused or freed memory.
 *
 * Each slot of a PF's queue has a DMA payload area that lives as long as
 * the queue (struct xnic_cmd_req.data): a command's data needs no buffer
 * of its own. The PF may also post commands (xnic_cmdq_post()): the caller
 * does not wait, the device runs them in queue order. A posted
 * command is checked when its slot is reclaimed; one that failed is logged
 * and counted (xnic_cmdq_posted_errors()). Flower rule insertion posts its
 * commands: a round trip to the device costs more than the rest of a rule.
 * Posted commands carry XNIC_CMD_F_NO_IRQ, all but one in every
 * XNIC_CMDQ_POST_IRQ_EVERY slots: nobody waits for them, and an interrupt
 * per rule costs the CPU more than the rule itself. The exceptions wake,
 * often enough, a caller that waits for a slot behind posted commands.
 */
#include <linux/atomic.h>
#include <linux/dma-mapping.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "xnic.h"
#include "cmdq.h"

#define XNIC_CMDQ_ENTRIES	256
#define XNIC_CMDQ_POLL_MS	10
/* a posted command in this many slots asks for the completion interrupt */
#define XNIC_CMDQ_POST_IRQ_EVERY	(XNIC_CMDQ_ENTRIES / 4)

static unsigned int cmd_timeout_ms = 5000;
module_param(cmd_timeout_ms, uint, 0644);
MODULE_PARM_DESC(cmd_timeout_ms,
		 "Command queue timeout in milliseconds (default 5000)");

enum xnic_cmd_slot_state {
	XNIC_SLOT_FREE,
	XNIC_SLOT_BUSY,		/* submitted, its caller is waiting */
	XNIC_SLOT_ABANDONED,	/* timed out, still owned by the device */
	XNIC_SLOT_POSTED,	/* posted, nobody waits for it */
};

/**
 * struct xnic_cmd_slot - driver state of one command queue entry
 * @state: enum xnic_cmd_slot_state
 * @tag: tag written into the entry
 * @opcode: opcode written into the entry, for messages
 * @buf: DMA buffer the command references (one reference held), or NULL
 */
struct xnic_cmd_slot {
	enum xnic_cmd_slot_state state;
	u16 tag;
	u16 opcode;
	struct xnic_cmd_buf *buf;
};

/**
 * struct xnic_cmdq - the command queue
 * @xnic: the device
 * @ring: DMA-coherent ring of commands
 * @dma: bus address of @ring
 * @size: entries (power of two)
 * @lock: protects @prod, @hw_cons, @next_tag, @dead and the state of @slots
 * @prod: free-running producer index, the last value written to CMDQ_PROD
 * @hw_cons: last CMDQ_CONS value read
 * @next_tag: tag of the next command
 * @dead: the queue is stopped; new commands fail with -ENODEV
 * @slots: per entry driver state
 * @wq: waiters for completions and for free slots
 * @wake_seq: bumped on every interrupt and every slot release
 * @post_va: payload area, XNIC_CMDQ_POST_LEN per slot, of commands
 *           with struct xnic_cmd_req.data (NULL on a VF)
 * @post_dma: bus address of @post_va
 * @posted_errors: posted commands that completed with an error status
 */
struct xnic_cmdq {
	struct xnic *xnic;
	struct xnic_cmd *ring;
	dma_addr_t dma;
	u32 size;
	struct mutex lock;	/* see kernel-doc above */
	u32 prod;
	u32 hw_cons;
	u16 next_tag;
	bool dead;
	struct xnic_cmd_slot *slots;
	wait_queue_head_t wq;
	atomic_t wake_seq;
	void *post_va;
	dma_addr_t post_dma;
	u64 posted_errors;
};

/**
 * xnic_cmd_status_to_errno() - map a command status to an errno
 * @status: XNIC_CMD_ST_*
 *
 * Return: 0 for XNIC_CMD_ST_OK, a negative errno otherwise (-EIO for codes
 * this driver does not know).
 */
int xnic_cmd_status_to_errno(u16 status)
{
	switch (status) {
	case XNIC_CMD_ST_OK:
		return 0;
	case XNIC_CMD_ST_EINVAL:
		return -EINVAL;
	case XNIC_CMD_ST_EPERM:
		return -EPERM;
	case XNIC_CMD_ST_ENOENT:
		return -ENOENT;
	case XNIC_CMD_ST_EEXIST:
		return -EEXIST;
	case XNIC_CMD_ST_ENOSPC:
		return -ENOSPC;
	case XNIC_CMD_ST_EBUSY:
		return -EBUSY;
	case XNIC_CMD_ST_EOPNOTSUPP:
		return -EOPNOTSUPP;
	case XNIC_CMD_ST_EIO:
		return -EIO;
	case XNIC_CMD_ST_ENOFW:
		return -ENODEV;
	case XNIC_CMD_ST_EBADIMG:
		return -ENOEXEC;
	case XNIC_CMD_ST_EBADPROG:
		return -EINVAL;
	default:
		return -EIO;
	}
}

/**
 * xnic_cmd_opcode_name() - printable name of an opcode
 * @opcode: XNIC_CMD_*
 *
 * Return: a static string, "unknown" for opcodes without a name.
 */
const char *xnic_cmd_opcode_name(u16 opcode)
{
	switch (opcode) {
	case XNIC_CMD_NOP:
		return "NOP";
	case XNIC_CMD_GET_INFO:
		return "GET_INFO";
	case XNIC_CMD_FW_LOAD_CHUNK:
		return "FW_LOAD_CHUNK";
	case XNIC_CMD_FW_LOAD_COMMIT:
		return "FW_LOAD_COMMIT";
	case XNIC_CMD_FW_LOAD_ABORT:
		return "FW_LOAD_ABORT";
	case XNIC_CMD_PORT_INFO:
		return "PORT_INFO";
	case XNIC_CMD_PORT_ENABLE:
		return "PORT_ENABLE";
	case XNIC_CMD_PORT_SET_MTU:
		return "PORT_SET_MTU";
	case XNIC_CMD_PORT_STATS:
		return "PORT_STATS";
	case XNIC_CMD_QUEUE_CREATE:
		return "QUEUE_CREATE";
	case XNIC_CMD_QUEUE_DESTROY:
		return "QUEUE_DESTROY";
	case XNIC_CMD_VF_SET_CONFIG:
		return "VF_SET_CONFIG";
	case XNIC_CMD_VF_GET_CONFIG:
		return "VF_GET_CONFIG";
	case XNIC_CMD_VF_STATS:
		return "VF_STATS";
	case XNIC_CMD_VPORT_INFO:
		return "VPORT_INFO";
	case XNIC_CMD_VPORT_SET_MAC:
		return "VPORT_SET_MAC";
	case XNIC_CMD_VPORT_SET_RX_MODE:
		return "VPORT_SET_RX_MODE";
	default:
		return "unknown";
	}
}

/**
 * xnic_cmd_buf_alloc() - allocate a DMA buffer for commands
 * @cq: command queue
 * @size: bytes
 *
 * Context: process context.
 * Return: the buffer with one reference held by the caller, or NULL.
 */
struct xnic_cmd_buf *xnic_cmd_buf_alloc(struct xnic_cmdq *cq, size_t size)
{
	struct xnic_cmd_buf *buf;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return NULL;
	buf->dev = xnic_dev(cq->xnic);
	buf->size = size;
	buf->va = dma_alloc_coherent(buf->dev, size, &buf->dma, GFP_KERNEL);
	if (!buf->va) {
		kfree(buf);
		return NULL;
	}
	refcount_set(&buf->ref, 1);
	return buf;
}

/**
 * xnic_cmd_buf_put() - drop a reference to a command DMA buffer
 * @buf: the buffer, may be NULL
 *
 * The memory is freed when the last in-flight command using it has
 * completed (or the device has been reset).
 *
 * Context: process context.
 */
void xnic_cmd_buf_put(struct xnic_cmd_buf *buf)
{
	if (!buf || !refcount_dec_and_test(&buf->ref))
		return;
	dma_free_coherent(buf->dev, buf->size, buf->va, buf->dma);
	kfree(buf);
}

static bool xnic_cmd_entry_done(const struct xnic_cmd *e)
{
	return le16_to_cpu(READ_ONCE(e->flags)) & XNIC_CMD_F_DONE;
}

/* Give a slot back to the driver; cq->lock held. */
static void xnic_cmdq_slot_release(struct xnic_cmdq *cq,
				   struct xnic_cmd_slot *slot)
{
	xnic_cmd_buf_put(slot->buf);
	slot->buf = NULL;
	slot->state = XNIC_SLOT_FREE;
	atomic_inc(&cq->wake_seq);
	wake_up(&cq->wq);
}

/*
 * Reclaim slot @idx if it was abandoned or posted and the device has since
 * completed it; cq->lock held.
 */
static void xnic_cmdq_reap(struct xnic_cmdq *cq, u32 idx)
{
	struct xnic_cmd_slot *slot = &cq->slots[idx];
	struct xnic_cmd *e = &cq->ring[idx];
	u16 status;

	if ((slot->state != XNIC_SLOT_ABANDONED &&
	     slot->state != XNIC_SLOT_POSTED) || !xnic_cmd_entry_done(e))
		return;
	dma_rmb();
	status = le16_to_cpu(e->status);
	if (slot->state == XNIC_SLOT_ABANDONED) {
		dev_warn(xnic_dev(cq->xnic),
			 "late completion of command %s (0x%04x) tag %u: status %u\n",
			 xnic_cmd_opcode_name(slot->opcode), slot->opcode,
			 slot->tag, status);
	} else if (status != XNIC_CMD_ST_OK) {
		cq->posted_errors++;
		dev_err_ratelimited(xnic_dev(cq->xnic),
				    "posted command %s (0x%04x) tag %u failed: status %u\n",
				    xnic_cmd_opcode_name(slot->opcode),
				    slot->opcode, slot->tag, status);
	}
	xnic_cmdq_slot_release(cq, slot);
}

/* Are the @n slots from cq->prod on free?  cq->lock held. */
static bool xnic_cmdq_has_room(struct xnic_cmdq *cq, unsigned int n)
{
	unsigned int i;
	u32 idx;

	/* The device ignores a doorbell claiming more than size outstanding
	 * commands, and a slot may show F_DONE before CMDQ_CONS moves past it.
	 */
	if (cq->prod + n - cq->hw_cons > cq->size) {
		cq->hw_cons = xnic_rd32(cq->xnic, XNIC_REG_CMDQ_CONS);
		if (cq->prod + n - cq->hw_cons > cq->size)
			return false;
	}

	for (i = 0; i < n; i++) {
		idx = (cq->prod + i) & (cq->size - 1);
		xnic_cmdq_reap(cq, idx);
		if (cq->slots[idx].state != XNIC_SLOT_FREE)
			return false;
	}
	return true;
}

/* Wait until @n consecutive slots are free. Returns 0 with cq->lock held. */
static int xnic_cmdq_reserve(struct xnic_cmdq *cq, unsigned int n,
			     unsigned long deadline)
{
	long left;
	int seq;

	for (;;) {
		seq = atomic_read(&cq->wake_seq);
		mutex_lock(&cq->lock);
		if (cq->dead) {
			mutex_unlock(&cq->lock);
			return -ENODEV;
		}
		if (xnic_cmdq_has_room(cq, n))
			return 0;
		mutex_unlock(&cq->lock);

		left = (long)(deadline - jiffies);
		if (left <= 0) {
			dev_err(xnic_dev(cq->xnic),
				"command queue full for %u ms\n",
				cmd_timeout_ms);
			return -EBUSY;
		}
		wait_event_timeout(cq->wq, atomic_read(&cq->wake_seq) != seq,
				   min_t(long, left,
					 msecs_to_jiffies(XNIC_CMDQ_POLL_MS)));
	}
}

/* Fill entry @seq from @req, its slot to be in @state; cq->lock held. */
static void xnic_cmdq_write(struct xnic_cmdq *cq, u32 seq,
			    const struct xnic_cmd_req *req,
			    enum xnic_cmd_slot_state state)
{
	u32 idx = seq & (cq->size - 1);
	struct xnic_cmd_slot *slot = &cq->slots[idx];
	struct xnic_cmd *e = &cq->ring[idx];
	u32 off = idx * XNIC_CMDQ_POST_LEN;

	memset(e, 0, sizeof(*e));
	if (state == XNIC_SLOT_POSTED && idx % XNIC_CMDQ_POST_IRQ_EVERY)
		e->flags = cpu_to_le16(XNIC_CMD_F_NO_IRQ);
	e->opcode = cpu_to_le16(req->opcode);
	e->tag = cpu_to_le16(cq->next_tag);
	e->in_len = cpu_to_le16(req->in_len);
	if (req->in_len)
		memcpy(e->data, req->in, req->in_len);
	if (req->buf) {
		e->buf_addr = cpu_to_le64(req->buf->dma + req->buf_off);
		e->buf_len = cpu_to_le32(req->buf_len);
		refcount_inc(&req->buf->ref);
	} else if (req->data_len) {
		/* the area lives with the queue: nothing to reference */
		memcpy(cq->post_va + off, req->data, req->data_len);
		e->buf_addr = cpu_to_le64(cq->post_dma + off);
		e->buf_len = cpu_to_le32(req->data_len);
	}

	slot->state = state;
	slot->tag = cq->next_tag++;
	slot->opcode = req->opcode;
	slot->buf = req->buf;
}

/* Decode the completed entry of @slot into @req. */
static void xnic_cmdq_complete(struct xnic_cmdq *cq, const struct xnic_cmd *e,
			       const struct xnic_cmd_slot *slot,
			       struct xnic_cmd_req *req)
{
	struct device *dev = xnic_dev(cq->xnic);
	u16 tag = le16_to_cpu(e->tag);
	u16 out_len;

	if (tag != slot->tag) {
		dev_err(dev, "command %s (0x%04x) tag %u completed with tag %u\n",
			xnic_cmd_opcode_name(slot->opcode), slot->opcode,
			slot->tag, tag);
		req->err = -EIO;
		return;
	}

	req->status = le16_to_cpu(e->status);
	req->err = xnic_cmd_status_to_errno(req->status);
	if (req->status > XNIC_CMD_ST_EBADPROG)
		dev_err(dev, "command %s (0x%04x) tag %u: unknown status %u\n",
			xnic_cmd_opcode_name(slot->opcode), slot->opcode,
			slot->tag, req->status);

	out_len = min_t(u16, le16_to_cpu(e->out_len), XNIC_CMD_DATA_LEN);
	req->out_len = out_len;
	if (req->out)
		memcpy(req->out, e->data, min(out_len, req->out_size));
	if (!req->err && out_len < req->out_min) {
		dev_err(dev, "command %s (0x%04x) tag %u: short response, %u of %u bytes\n",
			xnic_cmd_opcode_name(slot->opcode), slot->opcode,
			slot->tag, out_len, req->out_min);
		req->err = -EIO;
	}
}

/* Wait for entry @seq until @deadline and collect its result into @req. */
static void xnic_cmdq_wait(struct xnic_cmdq *cq, u32 seq,
			   struct xnic_cmd_req *req, unsigned long deadline)
{
	u32 idx = seq & (cq->size - 1);
	struct xnic_cmd_slot *slot = &cq->slots[idx];
	struct xnic_cmd *e = &cq->ring[idx];
	long left;

	while (!xnic_cmd_entry_done(e)) {
		left = (long)(deadline - jiffies);
		if (left <= 0)
			break;
		wait_event_timeout(cq->wq, xnic_cmd_entry_done(e),
				   min_t(long, left,
					 msecs_to_jiffies(XNIC_CMDQ_POLL_MS)));
	}

	mutex_lock(&cq->lock);
	if (!xnic_cmd_entry_done(e)) {
		/* The slot and its buffer stay the device's */
		slot->state = XNIC_SLOT_ABANDONED;
		req->err = -ETIMEDOUT;
		dev_err(xnic_dev(cq->xnic),
			"command %s (0x%04x) tag %u timed out after %u ms (index %u, device consumer %u, ctrl 0x%x)\n",
			xnic_cmd_opcode_name(slot->opcode), slot->opcode,
			slot->tag, cmd_timeout_ms, seq,
			xnic_rd32(cq->xnic, XNIC_REG_CMDQ_CONS),
			xnic_rd32(cq->xnic, XNIC_REG_CMDQ_CTRL));
	} else {
		dma_rmb();
		xnic_cmdq_complete(cq, e, slot, req);
		xnic_cmdq_slot_release(cq, slot);
	}
	mutex_unlock(&cq->lock);
}

static int xnic_cmd_req_check(const struct xnic_cmdq *cq,
			      const struct xnic_cmd_req *req)
{
	if (req->in_len > XNIC_CMD_DATA_LEN || (req->in_len && !req->in))
		return -EINVAL;
	if (req->buf && (req->buf_off > req->buf->size ||
			 req->buf_len > req->buf->size - req->buf_off))
		return -EINVAL;
	if (!req->buf && req->buf_len)
		return -EINVAL;
	if (req->data_len && (req->buf || !req->data || !cq->post_va ||
			      req->data_len > XNIC_CMDQ_POST_LEN))
		return -EINVAL;
	return 0;
}

/*
 * Check @n requests, wait for room, write them with their slots in @state
 * and ring the doorbell once; *@first is the sequence number of the first.
 */
static int xnic_cmdq_submit(struct xnic_cmdq *cq,
			    const struct xnic_cmd_req *reqs, unsigned int n,
			    enum xnic_cmd_slot_state state,
			    unsigned long deadline, u32 *first)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < n && !err; i++)
		err = xnic_cmd_req_check(cq, &reqs[i]);
	if (!err)
		err = xnic_cmdq_reserve(cq, n, deadline);
	if (err)
		return err;
	*first = cq->prod;
	for (i = 0; i < n; i++)
		xnic_cmdq_write(cq, *first + i, &reqs[i], state);
	cq->prod = *first + n;
	/* writel() orders the entries in coherent memory before the doorbell */
	xnic_wr32(cq->xnic, XNIC_REG_CMDQ_PROD, cq->prod);
	mutex_unlock(&cq->lock);
	return 0;
}

static unsigned long xnic_cmdq_deadline(void)
{
	return jiffies + msecs_to_jiffies(max(cmd_timeout_ms, 1U));
}

/**
 * xnic_cmdq_exec_batch() - execute several commands with one doorbell
 * @cq: command queue
 * @reqs: the commands, executed by the device in this order
 * @n: number of commands (at most the ring size)
 *
 * Every request gets its own @err, @status and response. A request that
 * times out reports -ETIMEDOUT; its DMA buffer, if any, stays referenced by
 * the queue until the device completes the command or is reset, so callers
 * drop their own reference with xnic_cmd_buf_put() in every case.
 *
 * Context: process context, may sleep up to the cmd_timeout_ms parameter.
 * Several callers may have commands in flight at the same time.
 * Return: 0 if all commands succeeded, else the first request error.
 */
int xnic_cmdq_exec_batch(struct xnic_cmdq *cq, struct xnic_cmd_req *reqs,
			 unsigned int n)
{
	unsigned long deadline;
	unsigned int i;
	int err;
	u32 first;

	if (!n)
		return 0;
	if (n > cq->size) {
		for (i = 0; i < n; i++)
			reqs[i].err = -E2BIG;
		return -E2BIG;
	}

	deadline = xnic_cmdq_deadline();
	err = xnic_cmdq_submit(cq, reqs, n, XNIC_SLOT_BUSY, deadline, &first);
	for (i = 0; i < n; i++) {
		reqs[i].status = U16_MAX;
		reqs[i].out_len = 0;
		reqs[i].err = err;
	}
	if (err)
		return err;

	err = 0;
	for (i = 0; i < n; i++) {
		xnic_cmdq_wait(cq, first + i, &reqs[i], deadline);
		if (reqs[i].err && !err)
			err = reqs[i].err;
	}
	return err;
}

/**
 * xnic_cmdq_exec() - execute one command
 * @cq: command queue
 * @req: the command
 *
 * See xnic_cmdq_exec_batch().
 *
 * Return: 0 or a negative errno (-ETIMEDOUT, -EIO or a mapped status).
 */
int xnic_cmdq_exec(struct xnic_cmdq *cq, struct xnic_cmd_req *req)
{
	return xnic_cmdq_exec_batch(cq, req, 1);
}

/**
 * xnic_cmd() - execute one command with inline payloads only
 * @xnic: the device
 * @opcode: XNIC_CMD_*
 * @in: request payload, may be NULL
 * @in_len: its size
 * @out: response buffer, may be NULL
 * @out_len: size of @out; a shorter response is an error (-EIO)
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int xnic_cmd(struct xnic *xnic, u16 opcode, const void *in, u16 in_len,
	     void *out, u16 out_len)
{
	struct xnic_cmd_req req = {
		.opcode = opcode,
		.in = in,
		.in_len = in_len,
		.out = out,
		.out_size = out_len,
		.out_min = out_len,
	};

	return xnic_cmdq_exec(xnic->cmdq, &req);
}

/**
 * xnic_cmdq_post() - submit a command without waiting for its completion
 * @cq: command queue (a PF's)
 * @req: the command; its results are not filled in. Its data goes in
 *       @data (copied into the slot's payload area) or @buf (referenced
 *       until the device completes it).
 *
 * The device runs commands in queue order, so every command submitted
 * after this one, posted or waited for, sees its effect. Nobody sees its
 * result: callers post only commands they have checked the device will
 * accept. One that fails all the same is logged and counted when its slot
 * is reclaimed (xnic_cmdq_posted_errors()).
 *
 * Context: process context; may sleep while the queue is full, up to the
 * cmd_timeout_ms parameter.
 * Return: 0 once submitted; -EINVAL for a bad request, -ENODEV or -EBUSY if
 * the queue is stopped or stays full.
 */
int xnic_cmdq_post(struct xnic_cmdq *cq, const struct xnic_cmd_req *req)
{
	u32 first;

	return xnic_cmdq_submit(cq, req, 1, XNIC_SLOT_POSTED,
				xnic_cmdq_deadline(), &first);
}

/**
 * xnic_cmdq_posted_errors() - posted commands that failed so far
 * @cq: command queue
 *
 * Reclaims every completed posted command first, so the count covers all
 * posted commands the device has completed.
 *
 * Context: process context.
 * Return: the number of posted commands that completed with an error.
 */
u64 xnic_cmdq_posted_errors(struct xnic_cmdq *cq)
{
	u64 n;
	u32 i;

	mutex_lock(&cq->lock);
	for (i = 0; i < cq->size; i++)
		xnic_cmdq_reap(cq, i);
	n = cq->posted_errors;
	mutex_unlock(&cq->lock);
	return n;
}

/**
 * xnic_cmdq_irq() - vector 0 fired: wake command waiters
 * @cq: command queue
 *
 * Context: hard interrupt.
 */
void xnic_cmdq_irq(struct xnic_cmdq *cq)
{
	atomic_inc(&cq->wake_seq);
	wake_up(&cq->wq);
}

/**
 * xnic_cmdq_init() - allocate the command queue and program its registers
 * @xnic: the device, freshly reset
 *
 * The queue is not enabled until xnic_cmdq_start().
 *
 * Return: 0 or -ENOMEM.
 */
int xnic_cmdq_init(struct xnic *xnic)
{
	struct xnic_cmdq *cq;

	cq = kzalloc(sizeof(*cq), GFP_KERNEL);
	if (!cq)
		return -ENOMEM;
	cq->xnic = xnic;
	cq->size = XNIC_CMDQ_ENTRIES;
	mutex_init(&cq->lock);
	init_waitqueue_head(&cq->wq);
	atomic_set(&cq->wake_seq, 0);
	cq->dead = true;

	cq->slots = kcalloc(cq->size, sizeof(*cq->slots), GFP_KERNEL);
	if (!cq->slots)
		goto err_free_cq;
	cq->ring = dma_alloc_coherent(xnic_dev(xnic),
				      cq->size * sizeof(*cq->ring), &cq->dma,
				      GFP_KERNEL);
	if (!cq->ring)
		goto err_free_slots;
	if (!xnic->is_vf) {
		cq->post_va = dma_alloc_coherent(xnic_dev(xnic),
						 cq->size * XNIC_CMDQ_POST_LEN,
						 &cq->post_dma, GFP_KERNEL);
		if (!cq->post_va)
			goto err_free_ring;
	}

	xnic_wr32(xnic, XNIC_REG_CMDQ_CTRL, 0);
	xnic_wr32(xnic, XNIC_REG_CMDQ_BASE_LO, lower_32_bits(cq->dma));
	xnic_wr32(xnic, XNIC_REG_CMDQ_BASE_HI, upper_32_bits(cq->dma));
	xnic_wr32(xnic, XNIC_REG_CMDQ_SIZE, cq->size);
	xnic->cmdq = cq;
	return 0;

err_free_ring:
	dma_free_coherent(xnic_dev(xnic), cq->size * sizeof(*cq->ring),
			  cq->ring, cq->dma);
err_free_slots:
	kfree(cq->slots);
err_free_cq:
	mutex_destroy(&cq->lock);
	kfree(cq);
	return -ENOMEM;
}

/**
 * xnic_cmdq_start() - enable the queue and its completion interrupt
 * @cq: command queue
 */
void xnic_cmdq_start(struct xnic_cmdq *cq)
{
	mutex_lock(&cq->lock);
	/* enabling starts the device at index 0 */
	cq->prod = 0;
	cq->hw_cons = 0;
	cq->dead = false;
	xnic_wr32(cq->xnic, XNIC_REG_CMDQ_CTRL,
		  XNIC_QCTRL_ENABLE | XNIC_QCTRL_IRQ_EN);
	mutex_unlock(&cq->lock);
}

/**
 * xnic_cmdq_stop() - refuse new commands and disable the queue
 * @cq: command queue
 *
 * Commands already abandoned stay owned by the device until
 * xnic_cmdq_free(), which must follow a device reset.
 */
void xnic_cmdq_stop(struct xnic_cmdq *cq)
{
	mutex_lock(&cq->lock);
	cq->dead = true;
	xnic_wr32(cq->xnic, XNIC_REG_CMDQ_CTRL, 0);
	mutex_unlock(&cq->lock);
}

/**
 * xnic_cmdq_free() - free the queue, its ring, payload area and abandoned
 * buffers
 * @xnic: the device; it must have been reset (or bus mastering disabled)
 *        so that it no longer accesses any command memory
 */
void xnic_cmdq_free(struct xnic *xnic)
{
	struct xnic_cmdq *cq = xnic->cmdq;
	u32 i;

	if (!cq)
		return;
	for (i = 0; i < cq->size; i++) {
		WARN_ON(cq->slots[i].state == XNIC_SLOT_BUSY);
		xnic_cmd_buf_put(cq->slots[i].buf);
	}
	if (cq->post_va)
		dma_free_coherent(xnic_dev(xnic),
				  cq->size * XNIC_CMDQ_POST_LEN, cq->post_va,
				  cq->post_dma);
	dma_free_coherent(xnic_dev(xnic), cq->size * sizeof(*cq->ring),
			  cq->ring, cq->dma);
	kfree(cq->slots);
	mutex_destroy(&cq->lock);
	kfree(cq);
	xnic->cmdq = NULL;
}
