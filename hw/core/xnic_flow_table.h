/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xnic_flow_table.h - the eswitch's flow classifier: the rules of FLOW_ADD
 * (src/xnic_hw.h, "Flower offload"), found by handle for FLOW_DEL and
 * FLOW_STATS and by frame key for the datapath. See xnic_flow_table.c for
 * the design and its costs.
 */
#ifndef XNIC_FLOW_TABLE_H
#define XNIC_FLOW_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../src/xnic_hw.h"

struct xnic_flow_table;
struct xnic_flow_entry;

/**
 * struct xnic_flow_table_cfg - size and policy of a flow table
 * @max_rules: rules it holds (FLOW_INFO max_rules), at least 1
 * @max_masks: distinct (chain, mask) pairs it holds, at least 1
 * @max_chain: highest chain index a rule or a GOTO may name
 * @emc_entries: exact-match cache slots, a power of two >= 4; 0: none
 * @check_action: optional; judges what the table cannot know about an
 *                action that passed its own checks: whether an OUTPUT
 *                port exists, an ENCAP or POLICE id is set up. Returns
 *                XNIC_CMD_ST_OK or the status to refuse the rule with.
 *                Without it OUTPUT is accepted and ENCAP/POLICE refused
 *                with XNIC_CMD_ST_EOPNOTSUPP.
 * @opaque: for @check_action
 */
struct xnic_flow_table_cfg {
	uint32_t max_rules;
	uint32_t max_masks;
	uint32_t max_chain;
	uint32_t emc_entries;
	uint16_t (*check_action)(void *opaque,
				 const struct xnic_flow_action *act);
	void *opaque;
};

/* Exact-match cache slots of a table that gives none (cfg.emc_entries) */
#define XNIC_FLOW_EMC_DEFAULT	8192

/*
 * A new empty table, NULL if @cfg is out of range or memory is short.
 * Memory grows with the rules; nothing of size max_rules is allocated.
 */
struct xnic_flow_table *xnic_flow_table_new(const struct xnic_flow_table_cfg
					    *cfg);
void xnic_flow_table_free(struct xnic_flow_table *t);

/*
 * FLOW_ADD: check @rule (a FLOW_ADD buffer as the driver wrote it, little
 * endian) and add it. XNIC_CMD_ST_OK, or EINVAL (malformed, see the .c),
 * EOPNOTSUPP/ENOENT/EINVAL from cfg.check_action, EEXIST (handle in use),
 * ENOSPC (max_rules, max_masks, or memory); a refused rule changes nothing.
 */
uint16_t xnic_flow_table_add(struct xnic_flow_table *t,
			     const struct xnic_flow_rule *rule);

/* FLOW_DEL: XNIC_CMD_ST_OK or XNIC_CMD_ST_ENOENT */
uint16_t xnic_flow_table_del(struct xnic_flow_table *t, uint64_t handle);

/* Delete every rule (FLOW tables are emptied on reset and mode change) */
void xnic_flow_table_flush(struct xnic_flow_table *t);

/*
 * The rule a frame with @key meets in @chain: among the rules of the chain
 * whose key equals @key under their mask, the lowest prio, then the lowest
 * handle; NULL if none. The entry stays valid until the next add, del or
 * flush.
 */
struct xnic_flow_entry *xnic_flow_table_lookup(struct xnic_flow_table *t,
					       uint32_t chain,
					       const struct xnic_flow_key *key);

/* The rule with @handle, NULL if none */
struct xnic_flow_entry *xnic_flow_table_find(struct xnic_flow_table *t,
					     uint64_t handle);

/* Count a frame of @bytes bytes matched by @e at time @now_ns */
void xnic_flow_entry_hit(struct xnic_flow_entry *e, uint32_t bytes,
			 uint64_t now_ns);

uint64_t xnic_flow_entry_handle(const struct xnic_flow_entry *e);
uint16_t xnic_flow_entry_prio(const struct xnic_flow_entry *e);
uint32_t xnic_flow_entry_chain(const struct xnic_flow_entry *e);
/* The rule's actions (as given, little endian); *@n gets their number */
const struct xnic_flow_action *
xnic_flow_entry_actions(const struct xnic_flow_entry *e, unsigned int *n);

/*
 * FLOW_STATS: the counters of the rules with the smallest handles >= @from,
 * in handle order, into @out (at most @max entries, little endian, idle_ns
 * relative to @now_ns). Returns the number written; *@more says whether
 * rules with larger handles remain, *@next is then the first of them
 * (0 otherwise).
 */
uint32_t xnic_flow_table_stats(struct xnic_flow_table *t, uint64_t from,
			       uint64_t now_ns, struct xnic_flow_stats *out,
			       uint32_t max, bool *more, uint64_t *next);

/**
 * struct xnic_flow_table_usage - what a table holds
 * @rules: rules installed
 * @masks: (chain, mask) subtables in use
 * @mem_bytes: heap bytes the table requested (rules, subtables, indexes,
 *             cache), without the allocator's own overhead
 * @emc_hits: lookups the exact-match cache answered
 * @emc_misses: lookups that searched the subtables
 */
struct xnic_flow_table_usage {
	uint32_t rules;
	uint32_t masks;
	size_t mem_bytes;
	uint64_t emc_hits;
	uint64_t emc_misses;
};

void xnic_flow_table_usage(const struct xnic_flow_table *t,
			   struct xnic_flow_table_usage *u);

#endif /* XNIC_FLOW_TABLE_H */
