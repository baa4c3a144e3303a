// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_esw_mode.c - the eswitch's mode: ESW_GET_MODE and ESW_SET_MODE (PF
 * only), the count of offloaded flow rules that holds the mode, and what
 * reset and new firmware do to it.
 *
 * The mode is legacy after reset (power on, PCI reset or FLR of the PF,
 * CTRL.RESET); VFs coming and going do not change it. Switchdev needs
 * running firmware with XNIC_CAP_SWITCHDEV: firmware without it, loaded
 * over firmware that had it, takes the eswitch back to legacy. A mode
 * change is refused (EBUSY) while the eswitch holds offloaded flow rules,
 * which belong to the mode they were made in.
 */
#include "xnic_core_priv.h"

bool xnic_esw_is_switchdev(const struct xnic_core *core)
{
	return core->esw.mode == XNIC_ESW_SWITCHDEV;
}

void xnic_esw_reset(struct xnic_core *core)
{
	memset(&core->esw, 0, sizeof(core->esw));
	core->esw.mode = XNIC_ESW_LEGACY;
}

/* Frames the wire held back for the legacy PF may go now, to the new mode */
static void xnic_esw_set(struct xnic_core *core, enum xnic_esw_mode mode)
{
	if (core->esw.mode == mode)
		return;
	core->esw.mode = mode;
	xnic_core_rx_ready(core, 0);
}

void xnic_esw_fw_changed(struct xnic_core *core)
{
	if (!(core->fw.caps & XNIC_CAP_SWITCHDEV))
		xnic_esw_set(core, XNIC_ESW_LEGACY);
}

void xnic_esw_rule_added(struct xnic_core *core)
{
	core->esw.num_rules++;
}

void xnic_esw_rule_removed(struct xnic_core *core)
{
	if (core->esw.num_rules)
		core->esw.num_rules--;
}

uint16_t xnic_cmd_esw_get_mode(struct xnic_core *core,
			       struct xnic_cmd_ctx *ctx)
{
	struct xnic_esw_mode_resp r;

	if (ctx->in_len || ctx->buf_len)
		return XNIC_CMD_ST_EINVAL;
	memset(&r, 0, sizeof(r));
	r.mode = (uint8_t)core->esw.mode;
	r.num_rules = xnic_cpu_to_le32(core->esw.num_rules);
	r.slowpath_packets = xnic_cpu_to_le64(core->esw.slowpath_packets);
	r.slowpath_dropped = xnic_cpu_to_le64(core->esw.slowpath_dropped);
	return xnic_cmd_reply(ctx, &r, sizeof(r));
}

uint16_t xnic_cmd_esw_set_mode(struct xnic_core *core,
			       struct xnic_cmd_ctx *ctx)
{
	static const uint8_t zero[sizeof(((struct xnic_esw_mode_req *)0)->rsvd)];
	struct xnic_esw_mode_req req;

	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)) ||
	    memcmp(req.rsvd, zero, sizeof(zero)))
		return XNIC_CMD_ST_EINVAL;
	if (req.mode != XNIC_ESW_MODE_LEGACY &&
	    req.mode != XNIC_ESW_MODE_SWITCHDEV)
		return XNIC_CMD_ST_EINVAL;
	if (req.mode == core->esw.mode)
		return XNIC_CMD_ST_OK;
	if (req.mode == XNIC_ESW_MODE_SWITCHDEV &&
	    !(core->fw.caps & XNIC_CAP_SWITCHDEV))
		return XNIC_CMD_ST_EOPNOTSUPP;
	if (core->esw.num_rules)
		return XNIC_CMD_ST_EBUSY;
	xnic_esw_set(core, (enum xnic_esw_mode)req.mode);
	return XNIC_CMD_ST_OK;
}
