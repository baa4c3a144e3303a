// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_vport.c - the virtual ports of the PF and the VFs: the
 * administrator's configuration of each VF (VF_SET_CONFIG, VF_GET_CONFIG,
 * VF_STATS, PF only), what a function may set on its own vport (VPORT_INFO,
 * VPORT_SET_MAC, VPORT_SET_RX_MODE), each VF's link, and the events that
 * tell a VF its vport changed.
 *
 * A VF exists while it is bound (the host enabled it); VF_* commands on any
 * other index answer ENOENT. A request is validated whole before anything
 * is applied: an invalid one changes nothing.
 */
#include "xnic_core_priv.h"

struct xnic_vport *xnic_vport_of(struct xnic_func *fn)
{
	struct xnic_core *core = fn->core;

	return fn->is_vf ? &core->vfs[fn->vf] : &core->pf_vport;
}

/* Everything but the binding back to its power-on value */
void xnic_vport_defaults(struct xnic_core *core, struct xnic_vport *vp)
{
	struct xnic_func *fn = vp->fn;

	memset(vp, 0, sizeof(*vp));
	vp->fn = fn;
	vp->vlan_proto = XNIC_VLAN_PROTO_8021Q;
	vp->spoofchk = true;
	vp->link_state = XNIC_VF_LINK_AUTO;
	vp->link_up = xnic_vport_link_up(core, vp);
}

/* The MAC in effect: the administrator's, else the function's own */
void xnic_vport_mac(const struct xnic_vport *vp, uint8_t *mac)
{
	memcpy(mac, xnic_mac_is_zero(vp->admin_mac) ? vp->own_mac :
	       vp->admin_mac, 6);
}

bool xnic_vport_link_up(const struct xnic_core *core,
			const struct xnic_vport *vp)
{
	switch (vp->link_state) {
	case XNIC_VF_LINK_ENABLE:
		return true;
	case XNIC_VF_LINK_DISABLE:
		return false;
	default:
		return core->ports[0].link_up;
	}
}

void xnic_vport_count(struct xnic_vport *vp, enum xnic_vport_stat stat,
		      uint64_t n)
{
	vp->stats[stat] += n;
}

void xnic_vport_count_rx(struct xnic_vport *vp, const uint8_t *frame,
			 size_t len)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	xnic_vport_count(vp, XNIC_VSTAT_RX_PACKETS, 1);
	xnic_vport_count(vp, XNIC_VSTAT_RX_BYTES, len);
	if (!memcmp(frame, bcast, sizeof(bcast)))
		xnic_vport_count(vp, XNIC_VSTAT_RX_BROADCAST, 1);
	else if (xnic_mac_is_multicast(frame))
		xnic_vport_count(vp, XNIC_VSTAT_RX_MULTICAST, 1);
}

/* Tells a VF that its vport changed (and, if it did, its link) */
static void xnic_vport_notify(struct xnic_vport *vp, bool link_changed)
{
	struct xnic_func *fn = vp->fn;

	if (!fn || !fn->is_vf)
		return;
	if (link_changed)
		xnic_evq_post(fn, XNIC_EV_LINK, fn->vport, vp->link_up);
	xnic_evq_post(fn, XNIC_EV_VPORT_CHANGED, fn->vport, 0);
}

/* Re-reads the link of @vp; true if it changed */
static bool xnic_vport_link_refresh(struct xnic_core *core,
				    struct xnic_vport *vp)
{
	bool up = xnic_vport_link_up(core, vp);

	if (up == vp->link_up)
		return false;
	vp->link_up = up;
	return true;
}

void xnic_vports_link_update(struct xnic_core *core)
{
	unsigned int i;

	for (i = 0; i < core->cfg.total_vfs; i++) {
		struct xnic_vport *vp = &core->vfs[i];

		if (vp->fn && xnic_vport_link_refresh(core, vp))
			xnic_vport_notify(vp, true);
	}
}

/* ------------------------------------------------------------------------
 * VF_* commands: the PF's view of its VFs
 */

/* The existing VF @vf, or NULL */
static struct xnic_vport *xnic_vf_lookup(struct xnic_core *core,
					 unsigned int vf)
{
	if (vf >= core->cfg.total_vfs || !core->vfs[vf].fn)
		return NULL;
	return &core->vfs[vf];
}

static uint16_t xnic_vf_config_check(struct xnic_core *core,
				     const struct xnic_vf_config *c)
{
	uint16_t valid = xnic_le16(c->valid);
	uint16_t proto = xnic_le16(c->vlan_proto);

	if (!xnic_vf_lookup(core, xnic_le16(c->vf)))
		return XNIC_CMD_ST_ENOENT;
	if ((valid & ~XNIC_VF_CFG_ALL) || xnic_le16(c->rsvd))
		return XNIC_CMD_ST_EINVAL;
	if ((valid & XNIC_VF_CFG_MAC) && xnic_mac_is_multicast(c->mac))
		return XNIC_CMD_ST_EINVAL;
	if ((valid & XNIC_VF_CFG_VLAN) &&
	    (xnic_le16(c->vlan) > 4095 || c->qos > 7 ||
	     (proto != XNIC_VLAN_PROTO_8021Q &&
	      proto != XNIC_VLAN_PROTO_8021AD)))
		return XNIC_CMD_ST_EINVAL;
	if ((valid & XNIC_VF_CFG_SPOOFCHK) && c->spoofchk > 1)
		return XNIC_CMD_ST_EINVAL;
	if ((valid & XNIC_VF_CFG_TRUST) && c->trust > 1)
		return XNIC_CMD_ST_EINVAL;
	if ((valid & XNIC_VF_CFG_LINK_STATE) &&
	    c->link_state > XNIC_VF_LINK_DISABLE)
		return XNIC_CMD_ST_EINVAL;
	if (valid & XNIC_VF_CFG_RATE) {
		if (xnic_le32(c->max_tx_rate) > core->cfg.speed_mbps)
			return XNIC_CMD_ST_EINVAL;
		if (xnic_le32(c->min_tx_rate))
			return XNIC_CMD_ST_EOPNOTSUPP;
	}
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_vf_set_config(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx)
{
	struct xnic_vf_config c;
	struct xnic_vport *vp;
	bool changed = false, link_changed;
	uint16_t valid, st;

	if (!xnic_cmd_take_req(ctx, &c, sizeof(c)))
		return XNIC_CMD_ST_EINVAL;
	st = xnic_vf_config_check(core, &c);
	if (st != XNIC_CMD_ST_OK)
		return st;

	vp = xnic_vf_lookup(core, xnic_le16(c.vf));
	valid = xnic_le16(c.valid);
	if ((valid & XNIC_VF_CFG_MAC) && memcmp(vp->admin_mac, c.mac, 6)) {
		memcpy(vp->admin_mac, c.mac, 6);
		changed = true;
	}
	if (valid & XNIC_VF_CFG_VLAN) {
		vp->vlan = xnic_le16(c.vlan);
		vp->qos = c.qos;
		vp->vlan_proto = xnic_le16(c.vlan_proto);
	}
	if (valid & XNIC_VF_CFG_SPOOFCHK)
		vp->spoofchk = c.spoofchk;
	if ((valid & XNIC_VF_CFG_TRUST) && vp->trust != c.trust) {
		vp->trust = c.trust;
		if (!vp->trust)
			vp->rx_mode &= ~XNIC_RX_MODE_PROMISC;
		changed = true;
	}
	if (valid & XNIC_VF_CFG_LINK_STATE)
		vp->link_state = c.link_state;
	if ((valid & XNIC_VF_CFG_RATE) &&
	    vp->max_tx_rate != xnic_le32(c.max_tx_rate)) {
		vp->max_tx_rate = xnic_le32(c.max_tx_rate);
		xnic_rate_set(&vp->rate, vp->max_tx_rate,
			      core->ops->now_ns(core->opaque));
		xnic_core_schedule(core);	/* held TX may go now */
	}
	link_changed = xnic_vport_link_refresh(core, vp);
	if (changed || link_changed)
		xnic_vport_notify(vp, link_changed);
	return XNIC_CMD_ST_OK;
}

/* Parses a struct xnic_vf_req naming an existing VF */
static uint16_t xnic_vf_req(struct xnic_core *core, struct xnic_cmd_ctx *ctx,
			    struct xnic_vport **vp, unsigned int *vf)
{
	struct xnic_vf_req req;
	unsigned int i;

	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)))
		return XNIC_CMD_ST_EINVAL;
	for (i = 0; i < 3; i++)
		if (xnic_le16(req.rsvd[i]))
			return XNIC_CMD_ST_EINVAL;
	*vf = xnic_le16(req.vf);
	*vp = xnic_vf_lookup(core, *vf);
	return *vp ? XNIC_CMD_ST_OK : XNIC_CMD_ST_ENOENT;
}

uint16_t xnic_cmd_vf_get_config(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx)
{
	struct xnic_vf_config c;
	struct xnic_vport *vp;
	unsigned int vf;
	uint16_t st;

	st = xnic_vf_req(core, ctx, &vp, &vf);
	if (st != XNIC_CMD_ST_OK)
		return st;
	memset(&c, 0, sizeof(c));
	c.vf = xnic_cpu_to_le16((uint16_t)vf);
	c.valid = xnic_cpu_to_le16(XNIC_VF_CFG_ALL);
	xnic_vport_mac(vp, c.mac);
	c.vlan_proto = xnic_cpu_to_le16(vp->vlan_proto);
	c.vlan = xnic_cpu_to_le16(vp->vlan);
	c.qos = vp->qos;
	c.spoofchk = vp->spoofchk;
	c.trust = vp->trust;
	c.link_state = vp->link_state;
	c.max_tx_rate = xnic_cpu_to_le32(vp->max_tx_rate);
	return xnic_cmd_reply(ctx, &c, sizeof(c));
}

uint16_t xnic_cmd_vf_stats(struct xnic_core *core, struct xnic_cmd_ctx *ctx)
{
	__le64 r[XNIC_VSTAT_COUNT];
	struct xnic_vport *vp;
	unsigned int vf, i;
	uint16_t st;

	st = xnic_vf_req(core, ctx, &vp, &vf);
	if (st != XNIC_CMD_ST_OK)
		return st;
	for (i = 0; i < XNIC_VSTAT_COUNT; i++)
		r[i] = xnic_cpu_to_le64(vp->stats[i]);
	return xnic_cmd_reply(ctx, r, sizeof(r));
}

/* ------------------------------------------------------------------------
 * VPORT_* commands: a function's own vport
 */

uint16_t xnic_cmd_vport_info(struct xnic_core *core, struct xnic_cmd_ctx *ctx)
{
	struct xnic_vport *vp = xnic_vport_of(ctx->fn);
	struct xnic_vport_info_resp r;

	if (ctx->in_len || ctx->buf_len)
		return XNIC_CMD_ST_EINVAL;
	memset(&r, 0, sizeof(r));
	xnic_vport_mac(vp, r.mac);
	if (ctx->fn->is_vf) {
		r.link_up = vp->link_up;
		r.admin_mac = !xnic_mac_is_zero(vp->admin_mac);
		r.trusted = vp->trust;
	} else {
		r.link_up = core->ports[0].link_up;
		r.trusted = 1;
	}
	r.mtu = xnic_cpu_to_le32(core->ports[0].mtu);
	r.speed = xnic_cpu_to_le32(core->cfg.speed_mbps);
	return xnic_cmd_reply(ctx, &r, sizeof(r));
}

/*
 * An untrusted VF may set its MAC only while the administrator has not; a
 * trusted VF's MAC replaces the administrator's.
 */
uint16_t xnic_cmd_vport_set_mac(struct xnic_core *core,
				struct xnic_cmd_ctx *ctx)
{
	struct xnic_vport *vp = xnic_vport_of(ctx->fn);
	struct xnic_vport_mac_req req;

	(void)core;
	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)))
		return XNIC_CMD_ST_EINVAL;
	if (xnic_le16(req.rsvd) || xnic_mac_is_zero(req.mac) ||
	    xnic_mac_is_multicast(req.mac))
		return XNIC_CMD_ST_EINVAL;
	if (ctx->fn->is_vf && !xnic_mac_is_zero(vp->admin_mac)) {
		if (!vp->trust)
			return XNIC_CMD_ST_EPERM;
		memset(vp->admin_mac, 0, sizeof(vp->admin_mac));
	}
	memcpy(vp->own_mac, req.mac, sizeof(vp->own_mac));
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_cmd_vport_set_rx_mode(struct xnic_core *core,
				    struct xnic_cmd_ctx *ctx)
{
	struct xnic_vport *vp = xnic_vport_of(ctx->fn);
	struct xnic_vport_rx_mode_req req;
	uint32_t flags;

	(void)core;
	if (!xnic_cmd_take_req(ctx, &req, sizeof(req)))
		return XNIC_CMD_ST_EINVAL;
	flags = xnic_le32(req.flags);
	if (xnic_le32(req.rsvd) ||
	    (flags & ~(XNIC_RX_MODE_PROMISC | XNIC_RX_MODE_ALLMULTI)))
		return XNIC_CMD_ST_EINVAL;
	if ((flags & XNIC_RX_MODE_PROMISC) && ctx->fn->is_vf && !vp->trust)
		return XNIC_CMD_ST_EPERM;
	vp->rx_mode = flags;
	return XNIC_CMD_ST_OK;
}
