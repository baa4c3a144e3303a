// SPDX-License-Identifier: GPL-2.0
/*
 * test_flow_table.c - the flow classifier: rule checks, priorities across
 * masks and ties, chains, exact-match cache invalidation on add/del/
 * replace, exact counters, FLOW_STATS paging in handle order, limits (a
 * refused rule leaves nothing behind), and a random add/del stress compared
 * with a naive linear classifier.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_flow_table.h"
#include "tap.h"

static struct xnic_flow_table *table(uint32_t rules, uint32_t masks,
				     uint32_t emc)
{
	struct xnic_flow_table_cfg cfg = {
		.max_rules = rules, .max_masks = masks, .max_chain = 15,
		.emc_entries = emc,
	};

	return xnic_flow_table_new(&cfg);
}

/* A rule with one OUTPUT action to @port */
static void rule_init(struct xnic_flow_rule *r, uint64_t handle,
		      uint32_t chain, uint16_t prio, uint16_t port)
{
	memset(r, 0, sizeof(*r));
	r->handle = htole64(handle);
	r->chain = htole32(chain);
	r->prio = htole16(prio);
	r->num_actions = htole16(1);
	r->actions[0].type = htole16(XNIC_FLOW_ACT_OUTPUT);
	r->actions[0].output.port = htole16(port);
}

static void match_dst(struct xnic_flow_rule *r, uint32_t ip, uint32_t mask)
{
	r->key.eth_type = htobe16(0x0800);
	r->mask.eth_type = 0xffff;
	r->key.ip_dst[0] = htobe32(ip);
	r->mask.ip_dst[0] = htobe32(mask);
}

static void key_ip(struct xnic_flow_key *k, uint32_t dst, uint16_t dport)
{
	memset(k, 0, sizeof(*k));
	k->in_port = htole16(XNIC_PORT_PF);
	k->eth_type = htobe16(0x0800);
	k->ip_proto = 6;
	k->ip_dst[0] = htobe32(dst);
	k->l4_dst = htobe16(dport);
}

static uint64_t handle_of(const struct xnic_flow_entry *e)
{
	return e ? xnic_flow_entry_handle(e) : 0;
}

static uint16_t check_refs(void *opaque, const struct xnic_flow_action *a)
{
	(void)opaque;
	if (le16toh(a->type) == XNIC_FLOW_ACT_OUTPUT)
		return le16toh(a->output.port) == XNIC_PORT_VF(9) ?
		       XNIC_CMD_ST_EINVAL : XNIC_CMD_ST_OK;
	return le32toh(a->ref.id) < 4 ? XNIC_CMD_ST_OK : XNIC_CMD_ST_ENOENT;
}

static void test_checks(void)
{
	struct xnic_flow_table_cfg cfg = {
		.max_rules = 16, .max_masks = 4, .max_chain = 3,
		.emc_entries = 16, .check_action = check_refs,
	};
	struct xnic_flow_table *t = xnic_flow_table_new(&cfg);
	struct xnic_flow_table_usage u0, u;
	struct xnic_flow_rule r;

	xnic_flow_table_usage(t, &u0);
#define REFUSED(exp, what) do {						\
		CHECK_EQ(exp, xnic_flow_table_add(t, &r), what);	\
	} while (0)
	rule_init(&r, 1, 4, 1, XNIC_PORT_PF);
	REFUSED(XNIC_CMD_ST_EINVAL, "chain above max_chain");
	rule_init(&r, 1, 0, 1, XNIC_PORT_PF);
	r.num_actions = 0;
	REFUSED(XNIC_CMD_ST_EINVAL, "no action");
	r.num_actions = htole16(XNIC_FLOW_MAX_ACTIONS + 1);
	REFUSED(XNIC_CMD_ST_EINVAL, "17 actions");
	rule_init(&r, 1, 0, 1, XNIC_PORT_PF);
	r.actions[0].type = htole16(13);
	REFUSED(XNIC_CMD_ST_EINVAL, "unknown action type");
	rule_init(&r, 1, 0, 1, XNIC_PORT_PF);
	r.rsvd = 1;
	REFUSED(XNIC_CMD_ST_EINVAL, "rule rsvd set");
	rule_init(&r, 1, 0, 1, XNIC_PORT_PF);
	r.mask.rsvd1[3] = 1;
	REFUSED(XNIC_CMD_ST_EINVAL, "mask bit in a reserved field");
	rule_init(&r, 1, 2, 1, XNIC_PORT_PF);
	r.actions[0].type = htole16(XNIC_FLOW_ACT_GOTO);
	r.actions[0].ref.id = htole32(2);
	REFUSED(XNIC_CMD_ST_EINVAL, "goto the same chain");
	r.actions[0].ref.id = htole32(1);
	REFUSED(XNIC_CMD_ST_EINVAL, "goto a lower chain");
	r.actions[0].ref.id = htole32(4);
	REFUSED(XNIC_CMD_ST_EINVAL, "goto beyond max_chain");
	r.actions[0].ref.id = htole32(3);
	CHECK_EQ(XNIC_CMD_ST_OK, xnic_flow_table_add(t, &r), "goto higher");
	CHECK_EQ(XNIC_CMD_ST_EEXIST, xnic_flow_table_add(t, &r),
		 "same handle again");
	CHECK_EQ(XNIC_CMD_ST_OK, xnic_flow_table_del(t, 1), "del");
	r.num_actions = htole16(2);
	r.actions[1].type = htole16(XNIC_FLOW_ACT_SLOWPATH);
	REFUSED(XNIC_CMD_ST_EINVAL, "action after goto");

	rule_init(&r, 1, 0, 1, 0);
	r.actions[0].type = htole16(XNIC_FLOW_ACT_PEDIT);
	r.actions[0].pedit.htype = XNIC_FLOW_HDR_IP4;
	r.actions[0].pedit.offset = htole16(14);
	REFUSED(XNIC_CMD_ST_EINVAL, "pedit offset not a multiple of 4");
	r.actions[0].pedit.offset = htole16(60);
	REFUSED(XNIC_CMD_ST_EINVAL, "pedit offset past the IPv4 header");
	r.actions[0].pedit.htype = 6;
	r.actions[0].pedit.offset = htole16(0);
	REFUSED(XNIC_CMD_ST_EINVAL, "pedit unknown header");
	r.actions[0].pedit.htype = XNIC_FLOW_HDR_UDP;
	r.actions[0].pedit.offset = htole16(4);
	CHECK_EQ(XNIC_CMD_ST_OK, xnic_flow_table_add(t, &r), "pedit udp+4");
	xnic_flow_table_del(t, 1);

	rule_init(&r, 1, 0, 1, XNIC_PORT_VF(9));
	REFUSED(XNIC_CMD_ST_EINVAL, "output port check_action refuses");
	rule_init(&r, 1, 0, 1, XNIC_PORT_PF);
	r.actions[0].type = htole16(XNIC_FLOW_ACT_ENCAP);
	r.actions[0].ref.id = htole32(7);
	REFUSED(XNIC_CMD_ST_ENOENT, "unknown encap id");
	r.actions[0].type = htole16(XNIC_FLOW_ACT_DECAP);
	r.actions[0].ref.id = 0;
	REFUSED(XNIC_CMD_ST_EINVAL, "decap without a tunnel match");
	r.key.tun_type = XNIC_FLOW_TUN_VXLAN;
	r.mask.tun_type = 0xff;
	CHECK_EQ(XNIC_CMD_ST_OK, xnic_flow_table_add(t, &r),
		 "decap on a VXLAN match");
	xnic_flow_table_del(t, 1);
	rule_init(&r, 1, 0, 1, XNIC_PORT_PF);
	r.actions[0].type = htole16(XNIC_FLOW_ACT_CSUM);
	r.actions[0].csum.flags = htole32(0x10);
	REFUSED(XNIC_CMD_ST_EINVAL, "unknown csum flag");
	r.actions[0].type = htole16(XNIC_FLOW_ACT_VLAN_PUSH);
	r.actions[0].csum.flags = 0;
	r.actions[0].vlan.tpid = htobe16(0x0800);
	REFUSED(XNIC_CMD_ST_EINVAL, "vlan push with a bad TPID");
	r.actions[0].type = htole16(XNIC_FLOW_ACT_DROP);
	r.actions[0].vlan.tpid = 0;
	r.num_actions = htole16(2);
	r.actions[1].type = htole16(XNIC_FLOW_ACT_SLOWPATH);
	REFUSED(XNIC_CMD_ST_EINVAL, "action after drop");
#undef REFUSED
	xnic_flow_table_usage(t, &u);
	CHECK(u.rules == 0 && u.masks == 0 && u.mem_bytes == u0.mem_bytes,
	      "refused and deleted rules leave nothing (%zu/%zu bytes)",
	      u.mem_bytes, u0.mem_bytes);
	xnic_flow_table_free(t);
}

static void test_priorities(void)
{
	struct xnic_flow_table *t = table(64, 8, 64);
	struct xnic_flow_rule r;
	struct xnic_flow_key k;

	key_ip(&k, 0x0a000005, 80);
	rule_init(&r, 10, 0, 20, XNIC_PORT_VF(0));
	match_dst(&r, 0x0a000005, 0xffffffff);		/* /32, prio 20 */
	xnic_flow_table_add(t, &r);
	rule_init(&r, 11, 0, 10, XNIC_PORT_VF(1));
	match_dst(&r, 0x0a000000, 0xffffff00);		/* /24, prio 10 */
	xnic_flow_table_add(t, &r);
	CHECK_EQ(11, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "lower prio wins although its mask is shorter");
	rule_init(&r, 12, 0, 5, XNIC_PORT_VF(2));
	match_dst(&r, 0x0a000000, 0xffff0000);		/* /16, prio 5 */
	r.key.l4_dst = htobe16(81);
	r.mask.l4_dst = 0xffff;
	xnic_flow_table_add(t, &r);
	CHECK_EQ(11, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "best-prio subtable without a match does not stop the search");
	rule_init(&r, 9, 0, 10, XNIC_PORT_VF(3));
	match_dst(&r, 0x0a000005, 0xffffffff);		/* /32, prio 10 */
	xnic_flow_table_add(t, &r);
	CHECK_EQ(9, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "equal prio across masks: lowest handle");
	rule_init(&r, 8, 0, 10, XNIC_PORT_VF(3));
	match_dst(&r, 0x0a000005, 0xffffffff);		/* duplicate key */
	xnic_flow_table_add(t, &r);
	CHECK_EQ(8, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "equal prio and key in one mask: lowest handle");
	xnic_flow_table_del(t, 8);
	xnic_flow_table_del(t, 9);
	xnic_flow_table_del(t, 11);
	CHECK_EQ(10, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "after deleting the better rules, the /32 prio 20");
	k.l4_dst = htobe16(81);
	CHECK_EQ(12, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "dport 81 meets the prio 5 rule");
	k.ip_dst[0] = htobe32(0x0b000005);
	CHECK_EQ(0, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "other network: no match");
	rule_init(&r, 13, 0, 100, XNIC_PORT_PF);	/* match everything */
	xnic_flow_table_add(t, &r);
	CHECK_EQ(13, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "empty mask catches the rest");
	xnic_flow_table_free(t);
}

static void test_chains(void)
{
	struct xnic_flow_table *t = table(64, 8, 64);
	struct xnic_flow_rule r;
	struct xnic_flow_key k;
	unsigned int n;
	const struct xnic_flow_action *a;

	key_ip(&k, 0x0a000005, 80);
	rule_init(&r, 1, 0, 1, 0);
	r.actions[0].type = htole16(XNIC_FLOW_ACT_GOTO);
	r.actions[0].ref.id = htole32(3);
	xnic_flow_table_add(t, &r);
	rule_init(&r, 2, 3, 1, XNIC_PORT_VF(4));
	match_dst(&r, 0x0a000005, 0xffffffff);
	xnic_flow_table_add(t, &r);
	a = xnic_flow_entry_actions(xnic_flow_table_lookup(t, 0, &k), &n);
	CHECK(n == 1 && le16toh(a->type) == XNIC_FLOW_ACT_GOTO &&
	      le32toh(a->ref.id) == 3, "chain 0: the goto rule, actions kept");
	CHECK_EQ(2, handle_of(xnic_flow_table_lookup(t, 3, &k)),
		 "chain 3: its own rule");
	CHECK_EQ(3, xnic_flow_entry_chain(xnic_flow_table_find(t, 2)),
		 "entry chain");
	CHECK_EQ(0, handle_of(xnic_flow_table_lookup(t, 2, &k)),
		 "chain 2: empty");
	xnic_flow_table_free(t);
}

static void test_emc(void)
{
	struct xnic_flow_table *t = table(64, 8, 1024);
	struct xnic_flow_table_usage u;
	struct xnic_flow_rule r;
	struct xnic_flow_key k;

	key_ip(&k, 0x0a000005, 80);
	CHECK_EQ(0, handle_of(xnic_flow_table_lookup(t, 0, &k)), "empty");
	CHECK_EQ(0, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "empty again (cached miss)");
	xnic_flow_table_usage(t, &u);
	CHECK(u.emc_hits == 1 && u.emc_misses == 1,
	      "EMC: 1 hit, 1 miss (saw %llu, %llu)",
	      (unsigned long long)u.emc_hits,
	      (unsigned long long)u.emc_misses);
	rule_init(&r, 5, 0, 10, XNIC_PORT_VF(0));
	match_dst(&r, 0x0a000005, 0xffffffff);
	xnic_flow_table_add(t, &r);
	CHECK_EQ(5, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "add invalidates the cached miss");
	CHECK_EQ(5, handle_of(xnic_flow_table_lookup(t, 0, &k)), "cached");
	rule_init(&r, 4, 0, 9, XNIC_PORT_VF(1));
	match_dst(&r, 0x0a000000, 0xff000000);
	xnic_flow_table_add(t, &r);
	CHECK_EQ(4, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "a better rule in another mask replaces the cached one");
	xnic_flow_table_del(t, 4);
	CHECK_EQ(5, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "del invalidates");
	/* tc replace: del and add with the same handle, other action */
	xnic_flow_table_del(t, 5);
	rule_init(&r, 5, 0, 10, XNIC_PORT_VF(7));
	match_dst(&r, 0x0a000005, 0xffffffff);
	xnic_flow_table_add(t, &r);
	{
		unsigned int n;
		const struct xnic_flow_action *a = xnic_flow_entry_actions(
			xnic_flow_table_lookup(t, 0, &k), &n);

		CHECK_EQ(XNIC_PORT_VF(7), le16toh(a->output.port),
			 "replace: the new rule's action");
	}
	xnic_flow_table_flush(t);
	CHECK_EQ(0, handle_of(xnic_flow_table_lookup(t, 0, &k)),
		 "flush invalidates");
	xnic_flow_table_free(t);
}

static void test_counters_and_stats(void)
{
	struct xnic_flow_table *t = table(4096, 8, 0);
	struct xnic_flow_stats st[7];
	struct xnic_flow_rule r;
	struct xnic_flow_key k;
	uint64_t handles[1000], from, next, prev;
	unsigned int i, seen = 0, pages = 0, order_bad = 0, j;
	uint32_t n;
	bool more;

	key_ip(&k, 0x0a000005, 80);
	rule_init(&r, 77, 0, 1, XNIC_PORT_PF);
	match_dst(&r, 0x0a000005, 0xffffffff);
	xnic_flow_table_add(t, &r);
	rule_init(&r, 78, 0, 1, XNIC_PORT_PF);
	match_dst(&r, 0x0a000006, 0xffffffff);
	xnic_flow_table_add(t, &r);
	for (i = 0; i < 1000; i++)
		xnic_flow_entry_hit(xnic_flow_table_lookup(t, 0, &k),
				    60 + i, 1000 + i);
	n = xnic_flow_table_stats(t, 0, 5000, st, 7, &more, &next);
	CHECK(n == 2 && !more && next == 0, "two rules, no more");
	CHECK_EQ(77, le64toh(st[0].handle), "first handle");
	CHECK_EQ(1000, le64toh(st[0].packets), "packets exact");
	CHECK_EQ(1000 * 60 + 999 * 1000 / 2, le64toh(st[0].bytes),
		 "bytes exact");
	CHECK_EQ(5000 - 1999, le64toh(st[0].idle_ns), "idle_ns");
	CHECK(le64toh(st[1].packets) == 0 &&
	      le64toh(st[1].idle_ns) == UINT64_MAX, "never used: idle max");
	n = xnic_flow_table_stats(t, 78, 5000, st, 0, &more, &next);
	CHECK(n == 0 && more && next == 78, "max 0: more from 78");
	n = xnic_flow_table_stats(t, 79, 5000, st, 7, &more, &next);
	CHECK(n == 0 && !more && next == 0, "from past the last handle: none");
	n = xnic_flow_table_stats(t, 1, 5000, st, 1, &more, &next);
	CHECK(n == 1 && le64toh(st[0].handle) == 77 && more && next == 78,
	      "one per page: 77, more from 78");
	xnic_flow_table_flush(t);

	/* 1000 random handles, read back 7 at a time */
	srand(7);
	for (i = 0; i < 1000; i++) {
		handles[i] = (uint64_t)rand() << 40 ^ (uint64_t)rand() << 20 ^
			     (uint64_t)rand();
		if (i == 0)
			handles[i] = 0;
		if (i == 1)
			handles[i] = UINT64_MAX;
		rule_init(&r, handles[i], 0, 1, XNIC_PORT_PF);
		if (xnic_flow_table_add(t, &r) != XNIC_CMD_ST_OK)
			handles[i] = handles[0];	/* duplicate, rare */
	}
	from = 0;
	prev = 0;
	do {
		n = xnic_flow_table_stats(t, from, 0, st, 7, &more, &next);
		for (j = 0; j < n; j++) {
			uint64_t h = le64toh(st[j].handle);

			if (seen && h <= prev)
				order_bad++;
			prev = h;
			seen++;
		}
		pages++;
		from = next;
	} while (more && pages < 1000);
	{
		struct xnic_flow_table_usage u;

		xnic_flow_table_usage(t, &u);
		CHECK_EQ(u.rules, seen, "paging saw every rule once");
	}
	CHECK_EQ(0, order_bad, "in increasing handle order");
	CHECK_EQ(UINT64_MAX, prev, "last page ends with the largest handle");
	/* from between handles */
	for (i = 0, j = 0; i < 200; i++) {
		uint64_t f = handles[i] + 1, best = 0;
		unsigned int x;
		bool any = false;

		for (x = 0; x < 1000; x++)
			if (handles[x] >= f && f && (!any || handles[x] < best)) {
				best = handles[x];
				any = true;
			}
		if (!f)
			continue;
		n = xnic_flow_table_stats(t, f, 0, st, 1, &more, &next);
		if ((any && (n != 1 || le64toh(st[0].handle) != best)) ||
		    (!any && n))
			j++;
	}
	CHECK_EQ(0, j, "first handle >= from, from between handles");
	xnic_flow_table_free(t);
}

static void test_limits(void)
{
	struct xnic_flow_table *t = table(10, 3, 16);
	struct xnic_flow_table_usage u0, u;
	struct xnic_flow_rule r;
	unsigned int i, ok = 0;

	for (i = 0; i < 3; i++) {
		rule_init(&r, 100 + i, 0, 1, XNIC_PORT_PF);
		match_dst(&r, 0, 0xffffffffu << (8 * i));
		ok += xnic_flow_table_add(t, &r) == XNIC_CMD_ST_OK;
	}
	CHECK_EQ(3, ok, "three masks");
	xnic_flow_table_usage(t, &u0);
	rule_init(&r, 200, 0, 1, XNIC_PORT_PF);
	match_dst(&r, 0, 0xffffffffu << 24);
	CHECK_EQ(XNIC_CMD_ST_ENOSPC, xnic_flow_table_add(t, &r),
		 "a fourth mask: ENOSPC");
	r.chain = htole32(1);
	match_dst(&r, 0, 0xffffffff);
	CHECK_EQ(XNIC_CMD_ST_ENOSPC, xnic_flow_table_add(t, &r),
		 "a known mask in another chain is another subtable");
	xnic_flow_table_usage(t, &u);
	CHECK(u.masks == 3 && u.rules == 3 && u.mem_bytes == u0.mem_bytes,
	      "nothing of the refused rules stays");
	for (i = 0; i < 7; i++) {
		rule_init(&r, 300 + i, 0, 1, XNIC_PORT_PF);
		match_dst(&r, i + 1, 0xffffffff);
		ok += xnic_flow_table_add(t, &r) == XNIC_CMD_ST_OK;
	}
	CHECK_EQ(10, ok, "up to max_rules");
	rule_init(&r, 400, 0, 1, XNIC_PORT_PF);
	match_dst(&r, 99, 0xffffffff);
	CHECK_EQ(XNIC_CMD_ST_ENOSPC, xnic_flow_table_add(t, &r),
		 "max_rules + 1: ENOSPC");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, xnic_flow_table_del(t, 400),
		 "del unknown: ENOENT");
	CHECK_EQ(XNIC_CMD_ST_OK, xnic_flow_table_del(t, 300), "del one");
	CHECK_EQ(XNIC_CMD_ST_OK, xnic_flow_table_add(t, &r),
		 "room again after del");
	xnic_flow_table_free(t);
}

/* ---- stress against a linear reference -------------------------------- */

#define REF_MAX		3000
#define NMASKS		12

struct ref_rule {
	uint64_t handle;
	uint32_t chain;
	uint16_t prio;
	struct xnic_flow_key key, mask;
};

static struct ref_rule ref[REF_MAX];
static unsigned int nref;

static uint32_t rs = 99;

static uint32_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 17;
	rs ^= rs << 5;
	return rs;
}

static bool ref_match(const struct ref_rule *r, uint32_t chain,
		      const struct xnic_flow_key *k)
{
	const uint8_t *a = (const void *)k, *rk = (const void *)&r->key,
		      *m = (const void *)&r->mask;
	size_t i;

	if (r->chain != chain)
		return false;
	for (i = 0; i < sizeof(*k); i++)
		if ((a[i] & m[i]) != (rk[i] & m[i]))
			return false;
	return true;
}

static uint64_t ref_lookup(uint32_t chain, const struct xnic_flow_key *k)
{
	const struct ref_rule *best = NULL;
	unsigned int i;

	for (i = 0; i < nref; i++)
		if (ref_match(&ref[i], chain, k) &&
		    (!best || ref[i].prio < best->prio ||
		     (ref[i].prio == best->prio &&
		      ref[i].handle < best->handle)))
			best = &ref[i];
	return best ? best->handle : 0;
}

/* Random fields from small domains, so that rules and packets meet */
static void random_key(struct xnic_flow_key *k)
{
	memset(k, 0, sizeof(*k));
	k->in_port = htole16(rnd() % 2 ? XNIC_PORT_PF : XNIC_PORT_VF(rnd() % 3));
	k->eth_type = htobe16(0x0800);
	k->ip_proto = rnd() % 2 ? 6 : 17;
	k->ip_src[0] = htobe32(0x0a000000 | (rnd() % 4) << 8 | (rnd() % 4));
	k->ip_dst[0] = htobe32(0x0a010000 | (rnd() % 4) << 8 | (rnd() % 4));
	k->l4_src = htobe16(1000 + rnd() % 4);
	k->l4_dst = htobe16(80 + rnd() % 4);
	k->vlan_tci = htobe16(rnd() % 3);
	k->tun_vni = htobe32(rnd() % 3);
}

static void random_mask(struct xnic_flow_key *m, unsigned int which)
{
	memset(m, 0, sizeof(*m));
	if (which & 1)
		m->in_port = 0xffff;
	if (which & 2)
		m->ip_proto = 0xff;
	if (which & 4)
		m->ip_src[0] = htobe32(0xffffff00);
	if (which & 8)
		m->ip_dst[0] = htobe32(0xffffffff);
	if (which & 16)
		m->l4_dst = 0xffff;
	if (which & 32)
		m->l4_src = 0xffff;
	if (which & 64)
		m->vlan_tci = htobe16(0x0fff);
	if (which & 128)
		m->tun_vni = htobe32(0x00ffffff);
	m->eth_type = 0xffff;
}

static void test_stress(void)
{
	struct xnic_flow_table *t = table(REF_MAX, 64, 256);
	unsigned int masks[NMASKS], i, round, wrong = 0, lookups = 0;
	unsigned int bad_status = 0, hits = 0;
	struct xnic_flow_table_usage u0, u;
	uint64_t next_handle = 1;
	struct xnic_flow_rule r;
	struct xnic_flow_key k;

	xnic_flow_table_usage(t, &u0);
	for (i = 0; i < NMASKS; i++)
		masks[i] = rnd() & 0xff;
	for (round = 0; round < 40; round++) {
		/* grow to a random size, with random deletes */
		unsigned int target = rnd() % REF_MAX;

		for (i = 0; i < 1500; i++) {
			if (nref < target && (rnd() % 4 || !nref)) {
				struct ref_rule *x = &ref[nref];

				x->handle = (rnd() % 3) ? next_handle++ :
					    ((uint64_t)rnd() << 32 | rnd());
				x->chain = rnd() % 8 ? 0 : 1;
				x->prio = (uint16_t)(rnd() % 6);
				random_key(&x->key);
				random_mask(&x->mask, masks[rnd() % NMASKS]);
				rule_init(&r, x->handle, x->chain, x->prio,
					  XNIC_PORT_PF);
				r.key = x->key;
				r.mask = x->mask;
				if (xnic_flow_table_add(t, &r) ==
				    XNIC_CMD_ST_OK)
					nref++;
				else if (xnic_flow_table_find(t, x->handle) ==
					 NULL)
					bad_status++;
			} else if (nref) {
				unsigned int d = rnd() % nref;

				if (xnic_flow_table_del(t, ref[d].handle) !=
				    XNIC_CMD_ST_OK)
					bad_status++;
				ref[d] = ref[--nref];
			}
		}
		for (i = 0; i < 400; i++) {
			uint32_t chain = rnd() % 4 ? 0 : 1;
			uint64_t exp, got;

			random_key(&k);
			exp = ref_lookup(chain, &k);
			got = handle_of(xnic_flow_table_lookup(t, chain, &k));
			/* again: now from the EMC */
			if (got == exp)
				got = handle_of(xnic_flow_table_lookup(
					t, chain, &k));
			hits += exp != 0;
			lookups++;
			if (got != exp && wrong++ < 5)
				printf("#   round %u: expected handle %llu, "
				       "saw %llu\n", round,
				       (unsigned long long)exp,
				       (unsigned long long)got);
		}
	}
	CHECK_EQ(0, bad_status, "stress: add/del statuses");
	CHECK_EQ(0, wrong, "stress: %u lookups (%u matched) agree with "
		 "the linear classifier", lookups, hits);
	CHECK(hits > lookups / 4 && hits < lookups,
	      "stress: both matches and misses were tested (%u/%u)", hits,
	      lookups);
	while (nref)
		xnic_flow_table_del(t, ref[--nref].handle);
	xnic_flow_table_usage(t, &u);
	CHECK(u.rules == 0 && u.masks == 0 && u.mem_bytes == u0.mem_bytes,
	      "stress: all deleted, memory back to %zu (saw %zu)",
	      u0.mem_bytes, u.mem_bytes);
	xnic_flow_table_free(t);
}

int main(void)
{
	test_checks();
	test_priorities();
	test_chains();
	test_emc();
	test_counters_and_stats();
	test_limits();
	test_stress();
	return tap_done();
}
