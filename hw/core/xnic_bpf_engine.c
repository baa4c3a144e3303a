// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_bpf_engine.c - lifecycle of the program engine: created with the
 * NIC, emptied (every program detached, every map destroyed) by a device
 * reset, freed with the NIC.
 */
#include <stdlib.h>

#include "xnic_bpf.h"

struct xnic_bpf *xnic_bpf_new(uint64_t (*now_ns)(void *opaque), void *opaque)
{
	struct xnic_bpf *bpf = calloc(1, sizeof(*bpf));

	if (!bpf)
		return NULL;
	bpf->now_ns = now_ns;
	bpf->opaque = opaque;
	bpf->insn_budget = XNIC_BPF_INSN_BUDGET;
	bpf->prng = 0x9e3779b97f4a7c15ull ^ (uintptr_t)bpf;
	if (now_ns)
		bpf->prng ^= now_ns(opaque);
	if (!bpf->prng)
		bpf->prng = 1;
	return bpf;
}

void xnic_bpf_clear(struct xnic_bpf *bpf)
{
	unsigned int i;

	for (i = 0; i < XNIC_MAX_PHYS_PORTS; i++) {
		xnic_bpf_prog_free(bpf->progs[i]);
		bpf->progs[i] = NULL;
	}
	for (i = 0; i < XNIC_BPF_MAX_MAPS; i++)
		if (bpf->maps[i])
			xnic_bpf_map_destroy(bpf, bpf->maps[i]->handle);
}

void xnic_bpf_free(struct xnic_bpf *bpf)
{
	if (!bpf)
		return;
	xnic_bpf_clear(bpf);
	free(bpf);
}
