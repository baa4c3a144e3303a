// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_core.c - lifecycle and reset of the NIC, the deferred work loop over
 * its functions, and the timer of the rate limiters.
 */
#include <stdlib.h>

#include "xnic_core_priv.h"
#include "xnic_bpf.h"

int xnic_core_config_check(const struct xnic_core_config *cfg,
			   const char **why)
{
	const char *reason = NULL;

	if (cfg->num_ports < 1 || cfg->num_ports > XNIC_MAX_PHYS_PORTS)
		reason = "ports must be 1 or 2";
	else if (cfg->max_qps < 1 || cfg->max_qps > XNIC_MAX_QPS)
		reason = "queues must be between 1 and 64";
	else if (cfg->mac[0] & 0x01)
		reason = "the MAC address must be unicast";
	else if (cfg->mac[5] > 0xff - (cfg->num_ports - 1))
		reason = "the last MAC byte must leave room for one address per port";
	else if (cfg->total_vfs > XNIC_CORE_MAX_VFS)
		reason = "total-vfs must be between 0 and 255";
	else if (cfg->total_vfs &&
		 (cfg->vf_qps < 1 || cfg->vf_qps > XNIC_MAX_QPS))
		reason = "vf-queues must be between 1 and 64";
	if (why)
		*why = reason;
	return reason ? -1 : 0;
}

unsigned int xnic_core_num_vectors(const struct xnic_core_config *cfg)
{
	return 1 + cfg->max_qps;
}

unsigned int xnic_core_vf_num_vectors(const struct xnic_core_config *cfg)
{
	return 1 + cfg->vf_qps;
}

struct xnic_core *xnic_core_new(const struct xnic_core_config *cfg,
				const struct xnic_core_ops *ops, void *opaque)
{
	struct xnic_core *core;
	unsigned int i;

	if (xnic_core_config_check(cfg, NULL))
		return NULL;
	core = calloc(1, sizeof(*core));
	if (!core)
		return NULL;
	if (cfg->total_vfs) {
		core->vfs = calloc(cfg->total_vfs, sizeof(*core->vfs));
		if (!core->vfs) {
			free(core);
			return NULL;
		}
	}
	core->bpf = xnic_bpf_new(ops->now_ns, opaque);
	if (!core->bpf) {
		free(core->vfs);
		free(core);
		return NULL;
	}
	core->cfg = *cfg;
	core->ops = ops;
	core->opaque = opaque;
	xnic_func_init(&core->pf, core, opaque, false, 0);
	core->pf_vport.fn = &core->pf;
	for (i = 0; i < cfg->total_vfs; i++)
		xnic_vport_defaults(core, &core->vfs[i]);
	xnic_core_reset(core);
	return core;
}

void xnic_core_free(struct xnic_core *core)
{
	unsigned int i;

	if (!core)
		return;
	for (i = 0; i < core->cfg.total_vfs; i++)
		xnic_core_vf_unbind(core, i);
	xnic_fw_staging_discard(core);
	xnic_flow_destroy(core);
	xnic_bpf_free(core->bpf);
	free(core->vfs);
	free(core);
}

void xnic_core_reset(struct xnic_core *core)
{
	unsigned int p, i;

	xnic_fw_staging_discard(core);
	xnic_bpf_clear(core->bpf);
	xnic_flow_destroy(core);
	xnic_esw_reset(core);
	core->fw_running = false;
	memset(&core->fw, 0, sizeof(core->fw));
	xnic_func_clear(&core->pf);
	xnic_vport_defaults(core, &core->pf_vport);
	memcpy(core->pf_vport.own_mac, core->cfg.mac, 6);
	for (i = 0; i < core->cfg.total_vfs; i++) {
		struct xnic_vport *vp = &core->vfs[i];

		if (vp->fn)
			xnic_func_clear(vp->fn);
		xnic_vport_defaults(core, vp);
	}
	for (p = 0; p < XNIC_MAX_PHYS_PORTS; p++) {
		struct xnic_port *port = &core->ports[p];

		port->enabled = false;
		port->mtu = XNIC_MTU_DEFAULT;
		memset(port->stats, 0, sizeof(port->stats));
	}
	/*
	 * Frames held back by the host now meet a disabled port: drop them.
	 * Ask for a run even if one was pending, as a host may have cancelled
	 * its pending work when it reset the device.
	 */
	for (p = 0; p < core->cfg.num_ports; p++)
		core->rx_ready_ports |= 1u << p;
	core->work_scheduled = false;
	xnic_core_schedule(core);
	core->status = XNIC_STATUS_READY;
}

struct xnic_func *xnic_core_pf(struct xnic_core *core)
{
	return &core->pf;
}

void xnic_core_schedule(struct xnic_core *core)
{
	if (core->work_scheduled)
		return;
	core->work_scheduled = true;
	core->ops->schedule(core->opaque);
}

void xnic_core_rx_ready(struct xnic_core *core, unsigned int port)
{
	core->rx_ready_ports |= 1u << port;
	xnic_core_schedule(core);
}

/* Asks for a run at @expire_ns unless an earlier one is already due */
void xnic_core_timer_at(struct xnic_core *core, uint64_t expire_ns)
{
	if (core->timer_armed && core->timer_expire_ns <= expire_ns)
		return;
	core->timer_armed = true;
	core->timer_expire_ns = expire_ns;
	core->ops->timer_mod(core->opaque, expire_ns);
}

void xnic_core_timer_expired(struct xnic_core *core)
{
	core->timer_armed = false;
	xnic_core_schedule(core);
}

/* Command queue and TX rings of one function; true if work remains */
static bool xnic_func_process(struct xnic_func *fn)
{
	bool more = xnic_cmdq_process(fn);

	if (xnic_tx_process(fn))
		more = true;
	return more;
}

void xnic_core_process(struct xnic_core *core)
{
	bool more;
	unsigned int p, i;

	core->work_scheduled = false;
	more = xnic_func_process(&core->pf);
	for (i = 0; i < core->cfg.total_vfs; i++)
		if (core->vfs[i].fn && xnic_func_process(core->vfs[i].fn))
			more = true;
	for (p = 0; p < core->cfg.num_ports; p++) {
		if (core->rx_ready_ports & (1u << p)) {
			core->rx_ready_ports &= ~(1u << p);
			core->ops->rx_ready(core->opaque, p);
		}
	}
	if (more)
		xnic_core_schedule(core);
}
