// SPDX-License-Identifier: GPL-2.0
/*
 * bench_flow_table.c - microbenchmark of the flow classifier (not part of
 * check): for 1K, 100K and 1M rules spread over 1, 16 and 64 masks (all
 * in chain 0 at one prio, so a miss in the exact-match cache probes every
 * subtable), the cost of a lookup answered by the EMC and of one that
 * misses it, insert and delete rates, and heap bytes per rule (beyond
 * the empty table's fixed part, the cache and the subtable array).
 *
 *   make -C hw/tests bench
 *
 * Built with -O2 and without sanitizers. Every lookup's answer is checked
 * against the rule it must find. Times are the thread's CPU time, so that
 * other load on a shared machine inflates them less (it still evicts the
 * caches). Absolute figures depend on the machine.
 */
#include <endian.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xnic_flow_table.h"

#define HIT_LOOKUPS	1000000u
#define MISS_LOOKUPS	200000u
#define HOT_FLOWS	1024u

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * Mask @m: eth_type and ip_dst always (ip_dst = rule index keeps the keys
 * unique), plus in_port, ip_proto, ip_src/24, l4_dst, l4_src and the VLAN
 * id by the bits of @m, so 64 masks are 64 distinct subtables.
 */
static void bench_mask(struct xnic_flow_key *mk, unsigned int m)
{
	memset(mk, 0, sizeof(*mk));
	mk->eth_type = 0xffff;
	mk->ip_dst[0] = 0xffffffff;
	if (m & 1)
		mk->in_port = 0xffff;
	if (m & 2)
		mk->ip_proto = 0xff;
	if (m & 4)
		mk->ip_src[0] = htobe32(0xffffff00);
	if (m & 8)
		mk->l4_dst = 0xffff;
	if (m & 16)
		mk->l4_src = 0xffff;
	if (m & 32)
		mk->vlan_tci = htobe16(0x0fff);
}

/* The packet of rule @i; @salt varies fields no mask covers */
static void bench_key(struct xnic_flow_key *k, uint32_t i, uint32_t salt)
{
	memset(k, 0, sizeof(*k));
	k->in_port = htole16(XNIC_PORT_VF(1));
	k->eth_type = htobe16(0x0800);
	k->ip_proto = 6;
	k->ip_src[0] = htobe32(0x0a000001);
	k->ip_dst[0] = htobe32(i);
	k->l4_src = htobe16(40000);
	k->l4_dst = htobe16(443);
	k->vlan_tci = htobe16(100);
	k->ip_ttl = (uint8_t)salt;
	k->tcp_flags = htobe16((uint16_t)(salt >> 8));
	k->ip_tos = (uint8_t)(salt >> 24);
}

/* Bytes allocated from the heap and in separately mapped large blocks */
static size_t heap_used(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

/* One table size: returns non-zero if a lookup gave a wrong answer */
static int bench_one(uint32_t nrules, unsigned int nmasks)
{
	struct xnic_flow_table_cfg cfg = {
		.max_rules = nrules, .max_masks = 64, .max_chain = 0,
		.emc_entries = XNIC_FLOW_EMC_DEFAULT,
	};
	struct xnic_flow_table_usage u0, u, uh;
	struct xnic_flow_table *t;
	struct xnic_flow_rule r;
	struct xnic_flow_key k;
	uint64_t t0, t_ins, t_hit, t_miss, t_del;
	size_t heap0;
	uint32_t i, wrong = 0, salt = 1;

	t = xnic_flow_table_new(&cfg);
	if (!t)
		return 1;
	heap0 = heap_used();
	xnic_flow_table_usage(t, &u0);
	memset(&r, 0, sizeof(r));
	r.num_actions = htole16(1);
	r.actions[0].type = htole16(XNIC_FLOW_ACT_OUTPUT);
	r.actions[0].output.port = htole16(XNIC_PORT_PF);
	r.prio = htole16(1);

	t0 = now_ns();
	for (i = 0; i < nrules; i++) {
		r.handle = htole64((uint64_t)i + 1);
		bench_key(&r.key, i, 0);
		bench_mask(&r.mask, i % nmasks);
		if (xnic_flow_table_add(t, &r) != XNIC_CMD_ST_OK) {
			printf("bench: add %u refused\n", i);
			return 1;
		}
	}
	t_ins = now_ns() - t0;
	xnic_flow_table_usage(t, &u);
	/* the heap figure includes the allocator's per-block overhead */
	{
		size_t heap = heap_used() - heap0;

		/* EMC hits: a hot set of flows, each seen before */
		for (i = 0; i < HOT_FLOWS; i++) {
			bench_key(&k, (i * 2654435761u) % nrules, 0);
			xnic_flow_table_lookup(t, 0, &k);
		}
		xnic_flow_table_usage(t, &uh);
		t0 = now_ns();
		for (i = 0; i < HIT_LOOKUPS; i++) {
			uint32_t rule = ((i % HOT_FLOWS) * 2654435761u) %
					nrules;
			struct xnic_flow_entry *e;

			bench_key(&k, rule, 0);
			e = xnic_flow_table_lookup(t, 0, &k);
			wrong += !e || xnic_flow_entry_handle(e) != rule + 1;
		}
		t_hit = now_ns() - t0;
		xnic_flow_table_usage(t, &u);
		double hit_rate = (double)(u.emc_hits - uh.emc_hits) /
				  HIT_LOOKUPS;

		/* EMC misses: every key new (salt), spread over all rules */
		uh = u;
		t0 = now_ns();
		for (i = 0; i < MISS_LOOKUPS; i++) {
			uint32_t rule = (i * 2654435761u) % nrules;
			struct xnic_flow_entry *e;

			bench_key(&k, rule, salt++);
			e = xnic_flow_table_lookup(t, 0, &k);
			wrong += !e || xnic_flow_entry_handle(e) != rule + 1;
		}
		t_miss = now_ns() - t0;
		xnic_flow_table_usage(t, &u);
		double miss_rate = (double)(u.emc_misses - uh.emc_misses) /
				   MISS_LOOKUPS;

		t0 = now_ns();
		for (i = 0; i < nrules; i++)
			if (xnic_flow_table_del(t, (uint64_t)i + 1) !=
			    XNIC_CMD_ST_OK)
				wrong++;
		t_del = now_ns() - t0;

		printf("%8u %5u %9.1f %5.1f%% %9.1f %5.1f%% %9.2f %9.2f "
		       "%7.1f %7.1f\n", nrules, nmasks,
		       (double)t_hit / HIT_LOOKUPS, 100 * hit_rate,
		       (double)t_miss / MISS_LOOKUPS, 100 * miss_rate,
		       nrules / (t_ins / 1e9) / 1e6,
		       nrules / (t_del / 1e9) / 1e6,
		       (double)(u.mem_bytes - u0.mem_bytes) / nrules,
		       (double)heap / nrules);
	}
	xnic_flow_table_free(t);
	if (wrong)
		printf("bench: %u wrong answers\n", wrong);
	return wrong != 0;
}

int main(void)
{
	static const uint32_t sizes[] = { 1000, 100000, 1000000 };
	static const unsigned int masks[] = { 1, 16, 64 };
	unsigned int s, m;
	int bad = 0;

	printf("flow table: ns per lookup (EMC hit / EMC miss, with the "
	       "share of\nlookups that took that path), M inserts/s, "
	       "M deletes/s, bytes per rule\n(table's own count; heap "
	       "incl. allocator overhead)\n\n");
	printf("%8s %5s %9s %6s %9s %6s %9s %9s %7s %7s\n", "rules",
	       "masks", "hit ns", "hit%", "miss ns", "miss%", "Mins/s",
	       "Mdel/s", "B/rule", "heap B");
	for (s = 0; s < 3; s++)
		for (m = 0; m < 3; m++)
			bad |= bench_one(sizes[s], masks[m]);
	return bad;
}
