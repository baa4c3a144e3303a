// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_fw_load.c - firmware upload through the command queue.
 *
 * FW_LOAD_CHUNK stages the image in order (a chunk at offset 0 starts a new
 * load), FW_LOAD_COMMIT verifies the complete image with
 * xnic_fw_image_check() and makes it the running firmware, FW_LOAD_ABORT
 * discards what was staged. A refused image leaves the running firmware,
 * if any, as it was.
 */
#include <stdlib.h>

#include "xnic_core_priv.h"

void xnic_fw_staging_discard(struct xnic_core *core)
{
	free(core->fw_staging.buf);
	memset(&core->fw_staging, 0, sizeof(core->fw_staging));
}

uint16_t xnic_cmd_fw_load_chunk(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx)
{
	struct xnic_fw_staging *s = &core->fw_staging;
	struct xnic_cmd_fw_chunk req;
	uint32_t offset, total;

	if (ctx->in_len != sizeof(req))
		return XNIC_CMD_ST_EINVAL;
	memcpy(&req, ctx->in, sizeof(req));
	offset = xnic_le32(req.offset);
	total = xnic_le32(req.total_len);

	if (total < sizeof(struct xnic_fw_header) || total > XNIC_FW_MAX_SIZE ||
	    ctx->buf_len == 0 || ctx->buf_len > XNIC_FW_CHUNK_MAX ||
	    offset > total || ctx->buf_len > total - offset)
		return XNIC_CMD_ST_EINVAL;

	if (offset == 0) {
		uint8_t *buf = malloc(total);

		if (!buf)
			return XNIC_CMD_ST_ENOSPC;
		xnic_fw_staging_discard(core);
		s->buf = buf;
		s->total_len = total;
	} else if (!s->buf || total != s->total_len || offset != s->received) {
		return XNIC_CMD_ST_EINVAL;
	}

	/* a failed read leaves the load where it was: the chunk may be retried */
	if (xnic_dma_read(ctx->fn, ctx->buf_addr, s->buf + offset, ctx->buf_len)) {
		if (offset == 0)
			xnic_fw_staging_discard(core);
		return XNIC_CMD_ST_EIO;
	}
	s->received = offset + ctx->buf_len;
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_fw_load_commit(struct xnic_core *core,
				 struct xnic_cmd_ctx *ctx)
{
	struct xnic_fw_staging *s = &core->fw_staging;
	struct xnic_fw_info info;
	int bad;

	if (ctx->in_len || ctx->buf_len)
		return XNIC_CMD_ST_EINVAL;
	if (!s->buf || s->received != s->total_len)
		return XNIC_CMD_ST_EINVAL;

	bad = xnic_fw_image_check(s->buf, s->total_len, &info, NULL);
	xnic_fw_staging_discard(core);
	if (bad)
		return XNIC_CMD_ST_EBADIMG;

	core->fw = info;
	core->fw_running = true;
	core->status |= XNIC_STATUS_FW_RUNNING;
	/* no memory for the flow engine: the firmware runs without flower */
	if (!xnic_flow_fw_changed(core))
		core->fw.caps &= ~(uint32_t)XNIC_CAP_FLOWER;
	xnic_esw_fw_changed(core);
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_fw_load_abort(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx)
{
	if (ctx->in_len || ctx->buf_len)
		return XNIC_CMD_ST_EINVAL;
	xnic_fw_staging_discard(core);
	return XNIC_CMD_ST_OK;
}
