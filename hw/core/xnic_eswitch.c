// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_eswitch.c - the embedded switch between the uplink (physical port
 * 0), the PF (its queues of port 0) and the VFs.
 *
 * Entry points: xnic_esw_uplink_rx() for a frame from the wire of port 0
 * (after its XDP hook), xnic_esw_vport_tx() for a frame the PF or a VF
 * transmits. Each dispatches on the eswitch mode (xnic_esw_mode.c).
 *
 * Legacy mode, as src/xnic_hw.h describes it: no learning; forwarding by
 * destination MAC and VLAN.
 *  - A frame's VLAN is its outer tag (802.1Q or 802.1ad) or none. A VF with
 *    a port VLAN sends untagged frames (a tagged one is dropped, tx_dropped);
 *    they get its (proto, vlan, qos) tag on entry, and frames for it lose
 *    that tag on delivery. A VF without a port VLAN is in "no VLAN": it gets
 *    untagged (and priority-tagged) frames only. The uplink and the PF see
 *    every VLAN, tags as on the wire.
 *  - Unicast to the MAC of a VF in the frame's VLAN goes to that VF only; to
 *    the PF's MAC, to the PF; anything else from a VF or the PF to the
 *    uplink, from the uplink to the PF.
 *  - Broadcast and multicast go to every other vport of the frame's VLAN,
 *    the uplink and the PF.
 *  - A trusted VF in promiscuous mode also gets a copy of every frame of its
 *    VLAN that others send.
 *  - A VF whose link is down sends nothing (tx_dropped) and gets nothing.
 *  - spoofchk: a VF's frame whose source MAC is not the VF's MAC is dropped
 *    (tx_spoofed, descriptor status XNIC_DESC_ST_SPOOFED).
 *
 * Switchdev mode: none of the legacy rules apply. A frame entering the
 * eswitch goes to xnic_switchdev_ingress(): the offloaded flow rules
 * claim it there; what no rule claims goes to the slow path
 * (xnic_slowpath.c), to the representor of its source port. A VF's link
 * state still applies to what it sends (its rate limit, in xnic_queues.c,
 * to both modes).
 *
 * Counters: the PF and the VFs count what they send into the switch and
 * what it delivers to them in their struct xnic_vport_stats, the uplink in
 * port 0's counters (tx_* for what leaves on the wire); the PF's missing RX
 * buffers also count in port 0's rx_no_buf.
 */
#include "xnic_core_priv.h"

#define XNIC_ETH_P_8021Q	0x8100
#define XNIC_ETH_P_8021AD	0x88a8

/* A frame inside the switch, tagged with its source's port VLAN if any */
struct xnic_esw_frame {
	const uint8_t *data;
	size_t len;
	uint16_t src;		/* vport id of the ingress */
	bool tagged;		/* outer 802.1Q/802.1ad tag present */
	uint16_t tpid;
	uint16_t vid;		/* 0 if untagged or priority-tagged */
};

static uint16_t xnic_get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void xnic_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static bool xnic_is_vlan_tpid(uint16_t tpid)
{
	return tpid == XNIC_ETH_P_8021Q || tpid == XNIC_ETH_P_8021AD;
}

static bool xnic_frame_is_tagged(const uint8_t *frame, size_t len)
{
	return len >= XNIC_ETH_HLEN + XNIC_VLAN_HLEN &&
	       xnic_is_vlan_tpid(xnic_get_be16(frame + 12));
}

static void xnic_esw_frame_parse(struct xnic_esw_frame *f,
				 const uint8_t *data, size_t len, uint16_t src)
{
	f->data = data;
	f->len = len;
	f->src = src;
	f->tagged = xnic_frame_is_tagged(data, len);
	f->tpid = f->tagged ? xnic_get_be16(data + 12) : 0;
	f->vid = f->tagged ? xnic_get_be16(data + 14) & 0x0fff : 0;
}

static bool xnic_esw_vport_has_vlan(const struct xnic_vport *vp)
{
	return vp->vlan != 0;
}

/* Whether the VF of @vp is in the VLAN of @f (and may receive at all) */
static bool xnic_esw_vf_accepts(const struct xnic_core *core,
				const struct xnic_vport *vp,
				const struct xnic_esw_frame *f)
{
	if (!vp->fn || !vp->link_up || !core->fw_running ||
	    f->src == vp->fn->vport)
		return false;
	if (xnic_esw_vport_has_vlan(vp))
		return f->tagged && f->vid == vp->vlan &&
		       f->tpid == vp->vlan_proto;
	return f->vid == 0;
}

/* Delivers @f to the VF of @vp, without its tag if it has a port VLAN */
static bool xnic_esw_to_vf(struct xnic_core *core, struct xnic_vport *vp,
			   const struct xnic_esw_frame *f)
{
	const uint8_t *data = f->data;
	size_t len = f->len;

	if (xnic_esw_vport_has_vlan(vp)) {
		uint8_t *u = core->esw_untagged;

		memcpy(u, data, 12);
		memcpy(u + 12, data + 12 + XNIC_VLAN_HLEN,
		       len - 12 - XNIC_VLAN_HLEN);
		data = u;
		len -= XNIC_VLAN_HLEN;
	}
	if (xnic_func_rx(vp->fn, 0, vp->fn->vport, data, len) !=
	    XNIC_RX_DELIVERED) {
		xnic_vport_count(vp, XNIC_VSTAT_RX_DROPPED, 1);
		return false;
	}
	xnic_vport_count_rx(vp, data, len);
	return true;
}

/*
 * Delivers @f to the PF's queues of port 0. If @may_retry, a full RX ring
 * answers XNIC_RX_RETRY (the wire holds the frame back) and counts nothing;
 * otherwise the frame is delivered or dropped.
 */
static enum xnic_rx_result xnic_esw_to_pf(struct xnic_core *core,
					  const struct xnic_esw_frame *f,
					  bool may_retry)
{
	struct xnic_vport *vp = &core->pf_vport;
	enum xnic_rx_result r;

	r = xnic_func_rx(&core->pf, 0, f->src, f->data, f->len);
	if (r == XNIC_RX_RETRY && may_retry)
		return r;
	if (r != XNIC_RX_DELIVERED) {
		xnic_vport_count(vp, XNIC_VSTAT_RX_DROPPED, 1);
		return XNIC_RX_DROPPED;
	}
	xnic_vport_count_rx(vp, f->data, f->len);
	return r;
}

/* Puts @f on the wire of port 0; false if the port cannot send */
static bool xnic_esw_to_uplink(struct xnic_core *core,
			       const struct xnic_esw_frame *f)
{
	struct xnic_port *port = &core->ports[0];

	if (!port->enabled || !port->link_up) {
		xnic_port_count(core, 0, XNIC_STAT_TX_DROPPED, 1);
		return false;
	}
	core->ops->port_tx(core->opaque, 0, f->data, f->len);
	xnic_port_count(core, 0, XNIC_STAT_TX_PACKETS, 1);
	xnic_port_count(core, 0, XNIC_STAT_TX_BYTES, f->len);
	return true;
}

/* The VF whose MAC is @mac and that takes @f, or NULL */
static struct xnic_vport *xnic_esw_vf_by_mac(struct xnic_core *core,
					     const uint8_t *mac,
					     const struct xnic_esw_frame *f)
{
	unsigned int i;

	for (i = 0; i < core->cfg.total_vfs; i++) {
		struct xnic_vport *vp = &core->vfs[i];
		uint8_t vf_mac[6];

		if (!vp->fn)
			continue;
		xnic_vport_mac(vp, vf_mac);
		if (!memcmp(vf_mac, mac, 6) && !xnic_mac_is_zero(vf_mac) &&
		    xnic_esw_vf_accepts(core, vp, f))
			return vp;
	}
	return NULL;
}

/*
 * Copies to the VFs: every VF of the frame's VLAN if @flood, else the
 * promiscuous ones (but not @skip, which got it already). Returns how many
 * took it.
 */
static unsigned int xnic_esw_to_vfs(struct xnic_core *core,
				    const struct xnic_esw_frame *f,
				    bool flood, const struct xnic_vport *skip)
{
	unsigned int i, n = 0;

	for (i = 0; i < core->cfg.total_vfs; i++) {
		struct xnic_vport *vp = &core->vfs[i];

		if (vp == skip || !xnic_esw_vf_accepts(core, vp, f))
			continue;
		if (!flood && !(vp->trust &&
				(vp->rx_mode & XNIC_RX_MODE_PROMISC)))
			continue;
		if (xnic_esw_to_vf(core, vp, f))
			n++;
	}
	return n;
}

static bool xnic_esw_is_pf_mac(const struct xnic_core *core,
			       const uint8_t *mac)
{
	uint8_t pf_mac[6];

	xnic_vport_mac(&core->pf_vport, pf_mac);
	return !memcmp(pf_mac, mac, 6);
}

/* ------------------------------------------------------------------------
 * Legacy mode
 */

static enum xnic_rx_result xnic_legacy_uplink_rx(struct xnic_core *core,
						 const uint8_t *frame,
						 size_t len, bool may_retry)
{
	struct xnic_vport *dst = NULL;
	struct xnic_esw_frame f;
	bool flood = xnic_mac_is_multicast(frame);
	bool to_pf = true, pf_got = false;
	unsigned int n;

	xnic_esw_frame_parse(&f, frame, len, XNIC_PORT_PHYS(0));
	if (!flood) {
		dst = xnic_esw_vf_by_mac(core, frame, &f);
		to_pf = !dst;
	}
	if (to_pf) {
		/* the PF may hold the wire back: before any copy is made */
		enum xnic_rx_result r = xnic_esw_to_pf(core, &f, may_retry);

		if (r == XNIC_RX_RETRY)
			return r;
		pf_got = r == XNIC_RX_DELIVERED;
	}
	n = pf_got;
	if (dst && xnic_esw_to_vf(core, dst, &f))
		n++;
	n += xnic_esw_to_vfs(core, &f, flood, dst);
	return n ? XNIC_RX_DELIVERED : XNIC_RX_DROPPED;
}

/* What a VF may send: its link, port VLAN and MAC rules */
static uint8_t xnic_legacy_vf_check(struct xnic_core *core,
				    struct xnic_vport *vp,
				    const uint8_t *frame, size_t len)
{
	uint8_t mac[6];

	if (!vp->link_up || !core->fw_running) {
		xnic_vport_count(vp, XNIC_VSTAT_TX_DROPPED, 1);
		return XNIC_DESC_ST_DROPPED;
	}
	if (xnic_esw_vport_has_vlan(vp) && xnic_frame_is_tagged(frame, len)) {
		xnic_vport_count(vp, XNIC_VSTAT_TX_DROPPED, 1);
		return XNIC_DESC_ST_DROPPED;
	}
	xnic_vport_mac(vp, mac);
	if (vp->spoofchk &&
	    (xnic_mac_is_zero(mac) || memcmp(frame + 6, mac, 6))) {
		xnic_vport_count(vp, XNIC_VSTAT_TX_SPOOFED, 1);
		return XNIC_DESC_ST_SPOOFED;
	}
	return XNIC_DESC_ST_OK;
}

/* Pushes the port VLAN of @vp onto @frame, into core->esw_tagged */
static const uint8_t *xnic_esw_push_vlan(struct xnic_core *core,
					 const struct xnic_vport *vp,
					 const uint8_t *frame, size_t *len)
{
	uint8_t *t = core->esw_tagged;

	memcpy(t, frame, 12);
	xnic_put_be16(t + 12, vp->vlan_proto);
	xnic_put_be16(t + 14, (uint16_t)(vp->qos << 13 | vp->vlan));
	memcpy(t + 12 + XNIC_VLAN_HLEN, frame + 12, *len - 12);
	*len += XNIC_VLAN_HLEN;
	return t;
}

static uint8_t xnic_legacy_vport_tx(struct xnic_func *fn,
				    const uint8_t *frame, size_t len)
{
	struct xnic_core *core = fn->core;
	struct xnic_vport *vp = xnic_vport_of(fn);
	struct xnic_vport *dst = NULL;
	struct xnic_esw_frame f;
	bool flood = xnic_mac_is_multicast(frame);
	bool to_uplink = true, uplink_failed = false;
	size_t sent_len = len;
	unsigned int n = 0;

	if (fn->is_vf) {
		uint8_t st = xnic_legacy_vf_check(core, vp, frame, len);

		if (st != XNIC_DESC_ST_OK)
			return st;
		if (xnic_esw_vport_has_vlan(vp))
			frame = xnic_esw_push_vlan(core, vp, frame, &len);
	}
	xnic_esw_frame_parse(&f, frame, len, fn->vport);

	if (!flood) {
		dst = xnic_esw_vf_by_mac(core, frame, &f);
		if (dst) {
			to_uplink = false;
			if (xnic_esw_to_vf(core, dst, &f))
				n++;
		} else if (fn->is_vf && xnic_esw_is_pf_mac(core, frame)) {
			to_uplink = false;
			if (xnic_esw_to_pf(core, &f, false) ==
			    XNIC_RX_DELIVERED)
				n++;
			else
				xnic_port_count(core, 0, XNIC_STAT_RX_NO_BUF, 1);
		}
	} else if (fn->is_vf) {
		if (xnic_esw_to_pf(core, &f, false) == XNIC_RX_DELIVERED)
			n++;
		else if (xnic_func_has_rx(&core->pf, 0))
			xnic_port_count(core, 0, XNIC_STAT_RX_NO_BUF, 1);
	}
	n += xnic_esw_to_vfs(core, &f, flood, dst);
	if (to_uplink) {
		if (xnic_esw_to_uplink(core, &f))
			n++;
		else
			uplink_failed = true;
	}

	if (!n && uplink_failed) {
		xnic_vport_count(vp, XNIC_VSTAT_TX_DROPPED, 1);
		return XNIC_DESC_ST_DROPPED;
	}
	xnic_vport_count(vp, XNIC_VSTAT_TX_PACKETS, 1);
	xnic_vport_count(vp, XNIC_VSTAT_TX_BYTES, sent_len);
	return XNIC_DESC_ST_OK;
}

/* ------------------------------------------------------------------------
 * Switchdev mode
 */

/*
 * A frame entering the switchdev eswitch from port id @src meets the
 * offloaded flow rules (xnic_flow_datapath.c); a frame no rule claims goes
 * to the slow path. True if it was delivered: taken by a rule (which
 * counts it, whatever its actions did), or given to the slow path.
 */
static bool xnic_switchdev_ingress(struct xnic_core *core, uint16_t src,
				   const uint8_t *frame, size_t len)
{
	bool delivered;

	if (xnic_flow_ingress(core, src, frame, len, &delivered))
		return true;
	return xnic_slowpath_rx(core, src, frame, len);
}

/* Never held back: a frame without slow-path buffer is dropped, counted */
static enum xnic_rx_result xnic_switchdev_uplink_rx(struct xnic_core *core,
						    const uint8_t *frame,
						    size_t len)
{
	return xnic_switchdev_ingress(core, XNIC_PORT_PHYS(0), frame, len) ?
	       XNIC_RX_DELIVERED : XNIC_RX_DROPPED;
}

/*
 * The vport sent the frame into the eswitch (tx counters) whatever the
 * slow path then does with it; only a VF whose link is down sends nothing.
 */
static uint8_t xnic_switchdev_vport_tx(struct xnic_func *fn,
				       const uint8_t *frame, size_t len)
{
	struct xnic_core *core = fn->core;
	struct xnic_vport *vp = xnic_vport_of(fn);

	if (fn->is_vf && (!vp->link_up || !core->fw_running)) {
		xnic_vport_count(vp, XNIC_VSTAT_TX_DROPPED, 1);
		return XNIC_DESC_ST_DROPPED;
	}
	xnic_switchdev_ingress(core, fn->vport, frame, len);
	xnic_vport_count(vp, XNIC_VSTAT_TX_PACKETS, 1);
	xnic_vport_count(vp, XNIC_VSTAT_TX_BYTES, len);
	return XNIC_DESC_ST_OK;
}

/* ------------------------------------------------------------------------
 * Mode dispatch
 */

enum xnic_rx_result xnic_esw_uplink_rx(struct xnic_core *core,
				       const uint8_t *frame, size_t len,
				       bool may_retry)
{
	if (xnic_esw_is_switchdev(core))
		return xnic_switchdev_uplink_rx(core, frame, len);
	return xnic_legacy_uplink_rx(core, frame, len, may_retry);
}

uint8_t xnic_esw_vport_tx(struct xnic_func *fn, const uint8_t *frame,
			  size_t len)
{
	if (xnic_esw_is_switchdev(fn->core))
		return xnic_switchdev_vport_tx(fn, frame, len);
	return xnic_legacy_vport_tx(fn, frame, len);
}
