// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_flow_datapath.c - the offloaded rules on the switchdev eswitch's
 * datapath: a frame entering the eswitch is parsed, looked up in chain 0,
 * and the actions of the rule it meets run in order on a copy of it with
 * headroom (struct xnic_flow's buffer: no allocation per frame).
 *
 * - OUTPUT delivers the frame as modified so far: to physical port 0 as a
 *   representor's META frame goes to the wire (port enabled and link up,
 *   length within the MTU; port 0 tx counters, tx_dropped or tx_errors), to
 *   the PF or a VF as a representor's META frame to that vport
 *   (xnic_repr_tx_vport: the vport's rx counters, its link, rx_dropped). A
 *   VF that no longer exists (SR-IOV disabled after the rule was made) gets
 *   nothing: the rule keeps counting the frames it matches, and has the
 *   other actions run, but that copy is dropped.
 * - SLOWPATH gives the frame as modified so far to the slow path, meta the
 *   frame's source port.
 * - ENCAP sends a copy wrapped in the encap entry's headers out of the
 *   entry's out_port (as OUTPUT does); the actions after it see the frame
 *   unwrapped, as tc's actions after a mirred to a tunnel device do.
 * - VLAN_*, PEDIT, CSUM and DECAP edit the frame; POLICE drops it if its
 *   meter (clock: ops->now_ns) has no room; DROP ends the rule.
 * - GOTO looks the frame, as modified so far and parsed again, up in a
 *   higher chain; if no rule there matches, it goes to the slow path.
 * - A step that cannot apply to the frame (a VLAN_POP without a tag, a
 *   PEDIT of a header the frame lacks, no headroom left) drops it.
 *
 * Every rule met counts the frame (packets, bytes as received, last used).
 */
#include "xnic_flow.h"
#include "xnic_flow_hash.h"
#include "xnic_flow_parse.h"

/* The frame being worked on and what is known of it */
struct xnic_flow_run {
	struct xnic_core *core;
	struct xnic_flow *fl;
	uint16_t src;
	struct xnic_flow_pkt pkt;
	struct xnic_flow_parsed p;
	bool stale;		/* @p no longer describes @pkt */
	bool delivered;		/* a copy reached a port or the slow path */
};

/* Big-endian action fields, independent of the host's byte order */
static uint16_t xnic_be16_val(__be16 v)
{
	uint8_t b[2];

	memcpy(b, &v, sizeof(b));
	return (uint16_t)(b[0] << 8 | b[1]);
}

static uint32_t xnic_be32_val(__be32 v)
{
	uint8_t b[4];

	memcpy(b, &v, sizeof(b));
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static const uint8_t *xnic_flow_run_data(const struct xnic_flow_run *r)
{
	return r->pkt.buf + r->pkt.off;
}

static const struct xnic_flow_parsed *xnic_flow_run_parsed(struct xnic_flow_run
							   *r)
{
	if (r->stale) {
		xnic_flow_parse(xnic_flow_run_data(r), r->pkt.len, r->src,
				&r->p);
		r->stale = false;
	}
	return &r->p;
}

/* As a representor's META frame to physical port 0 */
static bool xnic_flow_to_uplink(struct xnic_core *core, const uint8_t *data,
				size_t len)
{
	struct xnic_port *port = &core->ports[0];

	if (len > XNIC_BUF_MAX ||
	    len > (size_t)port->mtu + XNIC_ETH_HLEN + XNIC_VLAN_HLEN) {
		xnic_port_count(core, 0, XNIC_STAT_TX_ERRORS, 1);
		return false;
	}
	if (!port->enabled || !port->link_up) {
		xnic_port_count(core, 0, XNIC_STAT_TX_DROPPED, 1);
		return false;
	}
	core->ops->port_tx(core->opaque, 0, data, len);
	xnic_port_count(core, 0, XNIC_STAT_TX_PACKETS, 1);
	xnic_port_count(core, 0, XNIC_STAT_TX_BYTES, len);
	return true;
}

/*
 * OUTPUT to port id @port (checked when the rule was added). A VF that has
 * gone since has no counters to count in (the ESW_VPORT window reads 0 for
 * it): its copy is dropped, the rule having counted the frame.
 */
static bool xnic_flow_output(struct xnic_core *core, uint16_t port,
			     const uint8_t *data, size_t len)
{
	struct xnic_func *fn;

	if (port == XNIC_PORT_PHYS(0))
		return xnic_flow_to_uplink(core, data, len);
	fn = xnic_core_func_of_vport(core, port);
	if (!fn)
		return false;
	if (len > XNIC_BUF_MAX) {
		xnic_vport_count(xnic_vport_of(fn), XNIC_VSTAT_RX_DROPPED, 1);
		return false;
	}
	return xnic_repr_tx_vport(core, port, data, len) == XNIC_DESC_ST_OK;
}

/* ENCAP: a wrapped copy out of the entry's port; the frame stays as it is */
static bool xnic_flow_encap_out(struct xnic_flow_run *r, uint32_t id)
{
	const struct xnic_flow_encap *e = &r->fl->encaps[id].e;
	struct xnic_flow_pkt saved = r->pkt;
	uint32_t hash = xnic_flow_hash(xnic_flow_run_data(r), r->pkt.len);
	bool ok;

	if (xnic_flow_encap(&r->pkt, e, hash))
		return false;
	ok = xnic_flow_output(r->core, xnic_le16(e->out_port),
			      xnic_flow_run_data(r), r->pkt.len);
	r->pkt = saved;
	r->delivered |= ok;
	return true;
}

/* The step of action @a; false: the frame is dropped */
static bool xnic_flow_step(struct xnic_flow_run *r,
			   const struct xnic_flow_action *a, uint64_t now)
{
	struct xnic_flow_pkt *pkt = &r->pkt;
	const struct xnic_flow_parsed *p;
	struct xnic_flow_meter_slot *m;
	int err = 0;

	switch (xnic_le16(a->type)) {
	case XNIC_FLOW_ACT_OUTPUT:
		r->delivered |= xnic_flow_output(r->core,
						 xnic_le16(a->output.port),
						 xnic_flow_run_data(r),
						 pkt->len);
		return true;
	case XNIC_FLOW_ACT_SLOWPATH:
		r->delivered |= xnic_slowpath_rx(r->core, r->src,
						 xnic_flow_run_data(r),
						 pkt->len);
		return true;
	case XNIC_FLOW_ACT_ENCAP:
		return xnic_flow_encap_out(r, xnic_le32(a->ref.id));
	case XNIC_FLOW_ACT_POLICE:
		m = &r->fl->meters[xnic_le32(a->ref.id)];
		return xnic_flow_policer_pass(&m->pol, pkt->len, now);
	case XNIC_FLOW_ACT_VLAN_PUSH:
		err = xnic_flow_vlan_push(pkt, xnic_be16_val(a->vlan.tpid),
					  xnic_be16_val(a->vlan.tci));
		break;
	case XNIC_FLOW_ACT_VLAN_POP:
		err = xnic_flow_vlan_pop(pkt);
		break;
	case XNIC_FLOW_ACT_VLAN_MODIFY:
		err = xnic_flow_vlan_modify(pkt, xnic_be16_val(a->vlan.tci),
					    xnic_be16_val(a->vlan.tci_mask));
		break;
	case XNIC_FLOW_ACT_PEDIT:
		p = xnic_flow_run_parsed(r);
		err = xnic_flow_pedit(pkt, p, a->pedit.htype,
				      xnic_le16(a->pedit.offset),
				      xnic_be32_val(a->pedit.mask),
				      xnic_be32_val(a->pedit.val));
		break;
	case XNIC_FLOW_ACT_CSUM:
		p = xnic_flow_run_parsed(r);
		err = xnic_flow_csum(pkt, p, xnic_le32(a->csum.flags));
		break;
	case XNIC_FLOW_ACT_DECAP:
		p = xnic_flow_run_parsed(r);
		err = xnic_flow_decap(pkt, p);
		break;
	default:	/* DROP; GOTO is the caller's */
		return false;
	}
	r->stale = true;
	return !err;
}

/*
 * Count the frame in @e and run its actions: the rule a GOTO then meets,
 * NULL when the frame's way ends
 */
static struct xnic_flow_entry *xnic_flow_run_rule(struct xnic_flow_run *r,
						  struct xnic_flow_entry *e,
						  uint32_t rx_len,
						  uint64_t now)
{
	const struct xnic_flow_action *acts;
	const struct xnic_flow_parsed *p;
	struct xnic_flow_entry *next;
	unsigned int n, i;

	xnic_flow_entry_hit(e, rx_len, now);
	acts = xnic_flow_entry_actions(e, &n);
	for (i = 0; i < n; i++) {
		if (xnic_le16(acts[i].type) != XNIC_FLOW_ACT_GOTO) {
			if (!xnic_flow_step(r, &acts[i], now))
				return NULL;
			continue;
		}
		p = xnic_flow_run_parsed(r);
		next = xnic_flow_table_lookup(r->fl->table,
					      xnic_le32(acts[i].ref.id),
					      &p->key);
		if (!next)
			r->delivered |= xnic_slowpath_rx(r->core, r->src,
							 xnic_flow_run_data(r),
							 r->pkt.len);
		return next;
	}
	return NULL;
}

bool xnic_flow_ingress(struct xnic_core *core, uint16_t src,
		       const uint8_t *frame, size_t len, bool *delivered)
{
	struct xnic_flow *fl = core->flow;
	struct xnic_flow_run r;
	struct xnic_flow_entry *e;
	uint64_t now;
	unsigned int lookups;

	*delivered = false;
	if (!fl || len > XNIC_BUF_MAX)
		return false;
	xnic_flow_parse(frame, len, src, &r.p);
	e = xnic_flow_table_lookup(fl->table, 0, &r.p.key);
	if (!e)
		return false;

	r.core = core;
	r.fl = fl;
	r.src = src;
	r.pkt.buf = fl->buf;
	r.pkt.size = sizeof(fl->buf);
	r.pkt.off = XNIC_FLOW_HEADROOM;
	r.pkt.len = len;
	r.stale = false;
	r.delivered = false;
	memcpy(fl->buf + XNIC_FLOW_HEADROOM, frame, len);
	now = core->ops->now_ns(core->opaque);

	/* chains only rise: at most one lookup per chain */
	for (lookups = 0; e && lookups < XNIC_FLOW_MAX_LOOKUPS; lookups++)
		e = xnic_flow_run_rule(&r, e, (uint32_t)len, now);
	*delivered = r.delivered;
	return true;
}
