// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_port_cmds.c - commands on the physical ports: PORT_INFO,
 * PORT_ENABLE, PORT_SET_MTU and PORT_STATS. A port index out of range
 * answers XNIC_CMD_ST_EINVAL.
 */
#include "xnic_core_priv.h"

/* Parses a struct xnic_cmd_port_req; NULL if malformed */
static struct xnic_port *xnic_port_req(struct xnic_core *core,
				       struct xnic_cmd_ctx *ctx,
				       unsigned int *index, uint32_t *arg)
{
	struct xnic_cmd_port_req req;
	unsigned int p;

	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)))
		return NULL;
	p = xnic_le16(req.port);
	if (p >= core->cfg.num_ports)
		return NULL;
	*index = p;
	*arg = xnic_le32(req.arg);
	return &core->ports[p];
}

uint16_t xnic_cmd_port_info(struct xnic_core *core, struct xnic_cmd_ctx *ctx)
{
	struct xnic_cmd_port_info_resp r;
	struct xnic_port *port;
	unsigned int p;
	uint32_t arg;

	port = xnic_port_req(core, ctx, &p, &arg);
	if (!port)
		return XNIC_CMD_ST_EINVAL;
	memset(&r, 0, sizeof(r));
	memcpy(r.mac, core->cfg.mac, sizeof(r.mac));
	r.mac[5] = (uint8_t)(r.mac[5] + p);
	r.link_up = port->link_up;
	r.mtu = xnic_cpu_to_le32(port->mtu);
	r.speed = xnic_cpu_to_le32(core->cfg.speed_mbps);
	return xnic_cmd_reply(ctx, &r, sizeof(r));
}

uint16_t xnic_cmd_port_enable(struct xnic_core *core,
			      struct xnic_cmd_ctx *ctx)
{
	struct xnic_port *port;
	unsigned int p;
	uint32_t arg;

	port = xnic_port_req(core, ctx, &p, &arg);
	if (!port || arg > 1)
		return XNIC_CMD_ST_EINVAL;
	if (port->enabled != (arg == 1)) {
		port->enabled = arg == 1;
		/* held-back frames are now deliverable or to be dropped */
		xnic_core_rx_ready(core, p);
	}
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_port_set_mtu(struct xnic_core *core,
			       struct xnic_cmd_ctx *ctx)
{
	struct xnic_port *port;
	unsigned int p;
	uint32_t mtu;

	port = xnic_port_req(core, ctx, &p, &mtu);
	if (!port || mtu < XNIC_MTU_MIN || mtu > XNIC_MTU_MAX)
		return XNIC_CMD_ST_EINVAL;
	port->mtu = mtu;
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_port_stats(struct xnic_core *core, struct xnic_cmd_ctx *ctx)
{
	__le64 r[XNIC_STAT_COUNT];
	struct xnic_port *port;
	unsigned int p, i;
	uint32_t arg;

	port = xnic_port_req(core, ctx, &p, &arg);
	if (!port)
		return XNIC_CMD_ST_EINVAL;
	for (i = 0; i < XNIC_STAT_COUNT; i++)
		r[i] = xnic_cpu_to_le64(port->stats[i]);
	return xnic_cmd_reply(ctx, r, sizeof(r));
}
