/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xnic_flow.h - the flower offload's state inside the core, shared by
 * xnic_flow_state.c (lifetime), xnic_flow_cmds.c (FLOW_* commands) and
 * xnic_flow_datapath.c (the action runner). Not for the glue or tests.
 */
#ifndef XNIC_FLOW_H
#define XNIC_FLOW_H

#include "xnic_core_priv.h"
#include "xnic_flow_actions.h"
#include "xnic_flow_table.h"

/* Fixed sizes the flow engine reports in FLOW_INFO */
#define XNIC_FLOW_MAX_MASKS	1024	/* distinct (chain, mask) pairs */
#define XNIC_FLOW_MAX_ENCAPS	4096
#define XNIC_FLOW_MAX_METERS	4096
#define XNIC_FLOW_MAX_CHAIN	255
/* Lookups a frame may make: chain 0 and one per GOTO (chains only rise) */
#define XNIC_FLOW_MAX_LOOKUPS	(XNIC_FLOW_MAX_CHAIN + 1)
/* Room for the headers a rule's actions may add in front of a frame */
#define XNIC_FLOW_HEADROOM	512
#define XNIC_FLOW_BUF_SIZE	(XNIC_FLOW_HEADROOM + XNIC_BUF_MAX)

/* An encap entry (FLOW_ENCAP_SET) and the rules that use it */
struct xnic_flow_encap_slot {
	bool set;
	uint32_t refs;
	struct xnic_flow_encap e;	/* as the driver gave it */
};

/* A meter (FLOW_METER_SET) and the rules that use it */
struct xnic_flow_meter_slot {
	bool set;
	uint32_t refs;
	struct xnic_flow_policer pol;
};

/**
 * struct xnic_flow - the flow engine of the running firmware
 * @core: its NIC
 * @table: the rules
 * @encaps: XNIC_FLOW_MAX_ENCAPS entries
 * @meters: XNIC_FLOW_MAX_METERS entries
 * @buf: the frame being worked on, with headroom (per packet, no malloc)
 */
struct xnic_flow {
	struct xnic_core *core;
	struct xnic_flow_table *table;
	struct xnic_flow_encap_slot *encaps;
	struct xnic_flow_meter_slot *meters;
	uint8_t buf[XNIC_FLOW_BUF_SIZE];
};

#endif /* XNIC_FLOW_H */
