// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_flow_state.c - lifetime of the flower offload's state: the flow
 * table (sized by the firmware header's max_flows; memory grows with the
 * rules), the encap entries and the meters (fixed tables). The state exists
 * while firmware with XNIC_CAP_FLOWER runs: it is made when such firmware
 * is committed, and dropped, every rule with it, when other firmware is
 * committed, on reset (CTRL.RESET, PCI reset, FLR of the PF) and when the
 * core is freed. Dropped rules leave the eswitch's rule count.
 *
 * Also what the table cannot judge itself about a new rule's actions
 * (xnic_flow_check_action): whether an OUTPUT port exists now, whether an
 * ENCAP or POLICE id is set up.
 */
#include <stdlib.h>

#include "xnic_flow.h"

static uint16_t xnic_flow_check_action(void *opaque,
				       const struct xnic_flow_action *a)
{
	struct xnic_flow *fl = opaque;
	uint16_t port;
	uint32_t id;

	switch (xnic_le16(a->type)) {
	case XNIC_FLOW_ACT_OUTPUT:
		port = xnic_le16(a->output.port);
		if (port == XNIC_PORT_PHYS(0) || port == XNIC_PORT_PF)
			return XNIC_CMD_ST_OK;
		if ((port & XNIC_PORT_TYPE_MASK) == XNIC_PORT_TYPE_VF &&
		    xnic_core_func_of_vport(fl->core, port))
			return XNIC_CMD_ST_OK;
		return XNIC_CMD_ST_EINVAL;
	case XNIC_FLOW_ACT_ENCAP:
		id = xnic_le32(a->ref.id);
		return id < XNIC_FLOW_MAX_ENCAPS && fl->encaps[id].set ?
		       XNIC_CMD_ST_OK : XNIC_CMD_ST_ENOENT;
	case XNIC_FLOW_ACT_POLICE:
		id = xnic_le32(a->ref.id);
		return id < XNIC_FLOW_MAX_METERS && fl->meters[id].set ?
		       XNIC_CMD_ST_OK : XNIC_CMD_ST_ENOENT;
	default:
		return XNIC_CMD_ST_EINVAL;
	}
}

static void xnic_flow_free(struct xnic_flow *fl)
{
	if (!fl)
		return;
	xnic_flow_table_free(fl->table);
	free(fl->encaps);
	free(fl->meters);
	free(fl);
}

static struct xnic_flow *xnic_flow_new(struct xnic_core *core,
				       uint32_t max_rules)
{
	struct xnic_flow_table_cfg cfg;
	struct xnic_flow *fl;

	fl = calloc(1, sizeof(*fl));
	if (!fl)
		return NULL;
	fl->core = core;
	fl->encaps = calloc(XNIC_FLOW_MAX_ENCAPS, sizeof(*fl->encaps));
	fl->meters = calloc(XNIC_FLOW_MAX_METERS, sizeof(*fl->meters));
	memset(&cfg, 0, sizeof(cfg));
	cfg.max_rules = max_rules;
	cfg.max_masks = XNIC_FLOW_MAX_MASKS;
	cfg.max_chain = XNIC_FLOW_MAX_CHAIN;
	cfg.emc_entries = XNIC_FLOW_EMC_DEFAULT;
	cfg.check_action = xnic_flow_check_action;
	cfg.opaque = fl;
	if (fl->encaps && fl->meters)
		fl->table = xnic_flow_table_new(&cfg);
	if (!fl->table) {
		xnic_flow_free(fl);
		return NULL;
	}
	return fl;
}

void xnic_flow_destroy(struct xnic_core *core)
{
	struct xnic_flow_table_usage u;

	if (!core->flow)
		return;
	xnic_flow_table_usage(core->flow->table, &u);
	while (u.rules--)
		xnic_esw_rule_removed(core);
	xnic_flow_free(core->flow);
	core->flow = NULL;
}

bool xnic_flow_fw_changed(struct xnic_core *core)
{
	xnic_flow_destroy(core);
	if (!(core->fw.caps & XNIC_CAP_FLOWER) || !core->fw.max_flows)
		return true;
	core->flow = xnic_flow_new(core, core->fw.max_flows);
	return core->flow != NULL;
}
