// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_bpf_ingress.c - the one place where offloaded XDP programs meet
 * traffic: a physical port's ingress, after the port's own checks (enabled,
 * size) and before the eswitch and delivery to any queue.
 *
 * The frame is copied behind XNIC_BPF_HEADROOM bytes of headroom into the
 * engine's buffer and the port's program runs on it:
 *   PASS     the frame, as the program left it (adjust_head/tail and
 *            writes), goes on to the eswitch / the PF as without a program
 *   DROP     dropped
 *   TX       sent back out of the port it came in by (counted in the
 *            port's tx counters; tx_dropped if the link is down)
 *   ABORTED  dropped; so are REDIRECT, unknown verdicts and every fault
 * and counted in the program's struct xnic_bpf_prog_stats.
 */
#include "xnic_core_priv.h"
#include "xnic_bpf.h"

bool xnic_bpf_port_has_prog(const struct xnic_core *core, unsigned int port)
{
	return core->bpf && port < XNIC_MAX_PHYS_PORTS &&
	       core->bpf->progs[port] && core->fw_running &&
	       (core->fw.caps & XNIC_CAP_BPF);
}

static void xnic_bpf_tx(struct xnic_core *core, unsigned int port,
			const uint8_t *frame, size_t len)
{
	struct xnic_port *p = &core->ports[port];

	if (!p->enabled || !p->link_up) {
		xnic_port_count(core, port, XNIC_STAT_TX_DROPPED, 1);
		return;
	}
	core->ops->port_tx(core->opaque, port, frame, len);
	xnic_port_count(core, port, XNIC_STAT_TX_PACKETS, 1);
	xnic_port_count(core, port, XNIC_STAT_TX_BYTES, len);
}

bool xnic_bpf_port_ingress(struct xnic_core *core, unsigned int port,
			   const uint8_t **frame, size_t *len)
{
	struct xnic_bpf *bpf = core->bpf;
	struct xnic_bpf_prog *prog = bpf->progs[port];
	struct xnic_bpf_pkt pkt;
	const char *fault;
	uint64_t insns;
	uint32_t verdict;

	if (*len > XNIC_BUF_MAX)
		return false;
	memcpy(bpf->pkt + XNIC_BPF_HEADROOM, *frame, *len);
	pkt.buf = bpf->pkt;
	pkt.buf_size = XNIC_BPF_PKT_BUF_SIZE;
	pkt.data = XNIC_BPF_HEADROOM;
	pkt.data_end = (uint32_t)(XNIC_BPF_HEADROOM + *len);
	pkt.ifindex = prog->ifindex;
	pkt.rx_queue = 0;

	verdict = xnic_bpf_run(bpf, prog, &pkt, &fault, &insns);
	prog->stats.runs++;
	prog->stats.insns += insns;
	if (fault)
		prog->stats.faults++;
	switch (verdict) {
	case XNIC_XDP_PASS:
		prog->stats.pass++;
		*frame = pkt.buf + pkt.data;
		*len = pkt.data_end - pkt.data;
		return true;
	case XNIC_XDP_DROP:
		prog->stats.drop++;
		return false;
	case XNIC_XDP_TX:
		prog->stats.tx++;
		xnic_bpf_tx(core, port, pkt.buf + pkt.data,
			    pkt.data_end - pkt.data);
		return false;
	default:
		prog->stats.aborted++;
		return false;
	}
}
