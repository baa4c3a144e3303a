// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_slowpath.c - the switchdev slow path: the channel between the
 * eswitch and the representors the PF's driver keeps for the uplink, the
 * PF and each VF.
 *
 * To the representors: a frame that entered the switchdev eswitch and that
 * no offloaded rule claimed goes, unchanged, to one of the PF's RX queues of
 * port XNIC_PORT_SLOWPATH, chosen by the flow hash as RSS chooses, with its
 * source port id as meta. No such queue, or no free buffer in the chosen
 * one: the frame is dropped. The eswitch counts both (slowpath_packets,
 * slowpath_dropped); the wire is never held back for the slow path.
 *
 * From the representors: a PF frame with XNIC_DESC_F_META naming the PF
 * (XNIC_PORT_PF) or an enabled VF goes straight to that vport's RX queues,
 * as the switch would deliver it, in switchdev mode only. It counts as the
 * vport's rx; if it cannot be delivered (a VF's link is down, the vport has
 * no RX queue or no free buffer), it counts in the vport's rx_dropped and
 * the descriptor says XNIC_DESC_ST_DROPPED. The PF's RX meta is then
 * XNIC_PORT_SLOWPATH (the frame's source); a VF's is its own port, as
 * always. META naming a physical port is plain transmit, in xnic_queues.c.
 */
#include "xnic_core_priv.h"

bool xnic_slowpath_rx(struct xnic_core *core, uint16_t src,
		      const uint8_t *frame, size_t len)
{
	if (xnic_func_rx(&core->pf, XNIC_PORT_SLOWPATH, src, frame, len) ==
	    XNIC_RX_DELIVERED) {
		core->esw.slowpath_packets++;
		return true;
	}
	core->esw.slowpath_dropped++;
	return false;
}

bool xnic_repr_tx_vport_ok(struct xnic_core *core, uint16_t meta)
{
	return xnic_esw_is_switchdev(core) &&
	       (meta == XNIC_PORT_PF ||
		((meta & XNIC_PORT_TYPE_MASK) == XNIC_PORT_TYPE_VF &&
		 xnic_core_func_of_vport(core, meta)));
}

uint8_t xnic_repr_tx_vport(struct xnic_core *core, uint16_t meta,
			   const uint8_t *frame, size_t len)
{
	struct xnic_func *fn = xnic_core_func_of_vport(core, meta);
	struct xnic_vport *vp;
	uint16_t rx_meta;

	if (!fn)
		return XNIC_DESC_ST_BAD_META;
	vp = xnic_vport_of(fn);
	rx_meta = fn->is_vf ? fn->vport : XNIC_PORT_SLOWPATH;
	if ((fn->is_vf && !vp->link_up) ||
	    xnic_func_rx(fn, XNIC_PORT_PHYS(0), rx_meta, frame, len) !=
	    XNIC_RX_DELIVERED) {
		xnic_vport_count(vp, XNIC_VSTAT_RX_DROPPED, 1);
		return XNIC_DESC_ST_DROPPED;
	}
	xnic_vport_count_rx(vp, frame, len);
	return XNIC_DESC_ST_OK;
}
