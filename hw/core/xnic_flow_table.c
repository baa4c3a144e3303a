// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_flow_table.c - the eswitch's flow classifier.
 *
 * Tuple space search. The 128-byte key is handled as 16 64-bit words. A
 * rule lives in the subtable of its (chain, mask): one chained hash table
 * whose mask lists only the words the mask touches, so a rule stores just
 * those words of key & mask (a 5-tuple rule: 6 words) and a probe hashes
 * and compares just those. A lookup in a chain probes each subtable of the
 * chain once: cost O(subtables), independent of the number of rules.
 *
 * Priority across masks: each subtable knows the best (lowest) prio among
 * its rules, kept exactly by a small sorted (prio, count) list (tc puts few
 * prios in one mask). The subtables sit in one array sorted by (chain,
 * best prio); a lookup walks its chain's run in that order and stops at the
 * first subtable whose best prio is worse than the match found so far, so
 * the high-priority rules cost only the subtables before them. Equal prio:
 * the lowest handle wins, also between duplicates in one subtable (the
 * probe scans its whole bucket chain). Subtables are probed 16 at a time,
 * hashes first with their buckets prefetched, so that with many rules the
 * cache misses of one lookup overlap.
 *
 * Exact-match cache (EMC): a 4-way set-associative cache in front,
 * (chain, full key) -> result, no-match included, tagged with the table's
 * generation. Every add, del and flush bumps the generation, which
 * invalidates every slot at once: a cached answer is always the one the subtables would give.
 * A hit costs one full-key hash, four tag compares and one 128-byte
 * compare.
 *
 * Handles: a crit-bit tree (PATRICIA) over the 64-bit handles, n-1 inner
 * nodes of 24 bytes for n rules. It finds a handle for FLOW_DEL and walks
 * the handles in order for FLOW_STATS ("first handle >= from"), with at
 * most 64 steps whatever the number of rules (about log2(n) in practice).
 *
 * Costs: add and del are O(1) average in the number of rules (a bucket
 * insert, tables doubling or halving amortised) plus the bounded handle
 * tree walk; O(masks) to find or create the subtable, and O(masks) when a
 * subtable's best prio changes and it moves in the order. Lookup: EMC hit
 * O(1); miss O(masks visited) with O(1) average per probe. Memory: a rule
 * is a 56-byte header + its mask's words + 16 bytes per action, plus a
 * handle tree node and one to two 16-byte buckets (load 1/2..1, a bucket
 * keeps its first rule's hash so most probes of a wrong subtable never
 * touch a rule); no space is reserved for max_rules up front.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_flow_table.h"

#define KEY_WORDS	(sizeof(struct xnic_flow_key) / sizeof(uint64_t))
#define MIN_BUCKETS	16u

/* A rule; its words and actions follow in data[] */
struct xnic_flow_entry {
	struct xnic_flow_entry *next;	/* bucket chain */
	struct xnic_flow_subtable *st;
	uint64_t handle;
	uint64_t packets;
	uint64_t bytes;
	uint64_t last_used_ns;
	uint32_t hash;			/* of the masked words */
	uint16_t prio;
	uint8_t num_actions;
	uint8_t rsvd;
	uint64_t data[];	/* st->nwords words of key & mask, actions */
};

/*
 * A hash bucket: its chain, and the hash of the chain's first rule, so
 * that a probe of a bucket holding one other rule (the common miss) does
 * not touch the rule
 */
struct bucket {
	struct xnic_flow_entry *head;
	uint32_t head_hash;
	uint32_t n;			/* rules in the chain */
};

struct prio_count {
	uint16_t prio;
	uint32_t count;
};

/* The rules of one (chain, mask) */
struct xnic_flow_subtable {
	uint32_t chain;
	uint16_t best_prio;		/* prios[0].prio */
	uint8_t nwords;			/* mask words not zero */
	uint8_t widx[KEY_WORDS];	/* their indexes in the key */
	uint64_t mask[KEY_WORDS];	/* their mask values */
	uint32_t count;			/* rules */
	uint32_t nbuckets;		/* power of two */
	struct bucket *buckets;
	struct prio_count *prios;	/* sorted by prio, counts > 0 */
	uint32_t nprios, prios_cap;
};

struct emc_slot {
	uint64_t gen;			/* valid if the table's */
	uint32_t chain;
	uint32_t hash;			/* emc_hash(key, chain) */
	struct xnic_flow_entry *rule;	/* NULL: no match */
	uint64_t key[KEY_WORDS];
};

#define EMC_WAYS	4		/* slots per set */

/* Handle tree: an inner node; a tagged pointer (bit 0) in the tree */
struct cb_node {
	uintptr_t child[2];
	uint8_t bit;			/* bit of the handle it tests */
};

struct xnic_flow_table {
	struct xnic_flow_table_cfg cfg;
	uint32_t num_rules;
	uint32_t nsubs;
	struct xnic_flow_subtable **subs;	/* by (chain, best_prio) */
	uintptr_t root;				/* handle tree */
	uint64_t gen;
	struct emc_slot *emc;
	uint32_t emc_mask;			/* sets - 1 */
	uint32_t emc_victim;			/* round robin in a set */
	uint64_t emc_hits, emc_misses;
	size_t mem;
};

/* ---- hashing ---- */

static uint64_t hash_word(uint64_t h, uint64_t w)
{
	h ^= w * 0x9e3779b97f4a7c15ull;
	h = (h << 29 | h >> 35) * 0xbf58476d1ce4e5b9ull;
	return h;
}

static uint32_t hash_final(uint64_t h)
{
	h ^= h >> 31;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 29;
	return (uint32_t)h;
}

/* ---- memory accounting ---- */

static void *tbl_alloc(struct xnic_flow_table *t, size_t n)
{
	void *p = calloc(1, n);

	if (p)
		t->mem += n;
	return p;
}

static void tbl_free(struct xnic_flow_table *t, void *p, size_t n)
{
	if (p) {
		t->mem -= n;
		free(p);
	}
}

static size_t entry_size(uint8_t nwords, uint8_t nact)
{
	return sizeof(struct xnic_flow_entry) + nwords * sizeof(uint64_t) +
	       nact * sizeof(struct xnic_flow_action);
}

static void entry_free(struct xnic_flow_table *t, struct xnic_flow_entry *e,
		       uint8_t nwords)
{
	tbl_free(t, e, entry_size(nwords, e->num_actions));
}

/* ---- handle tree ---- */

static bool cb_inner(uintptr_t p)
{
	return p & 1;
}

static struct cb_node *cb_node(uintptr_t p)
{
	return (struct cb_node *)(p & ~(uintptr_t)1);
}

static struct xnic_flow_entry *cb_leaf(uintptr_t p)
{
	return (struct xnic_flow_entry *)p;
}

static unsigned int cb_dir(uint64_t h, const struct cb_node *n)
{
	return (h >> n->bit) & 1;
}

/* The leaf the bits of @h lead to (the only candidate for equality) */
static struct xnic_flow_entry *cb_closest(const struct xnic_flow_table *t,
					  uint64_t h)
{
	uintptr_t p = t->root;

	if (!p)
		return NULL;
	while (cb_inner(p))
		p = cb_node(p)->child[cb_dir(h, cb_node(p))];
	return cb_leaf(p);
}

static int crit_bit(uint64_t diff)
{
	return 63 - __builtin_clzll(diff);
}

/* Link @e, whose handle is not in the tree, using inner node @n if needed */
static void cb_insert(struct xnic_flow_table *t, struct xnic_flow_entry *e,
		      struct cb_node *n)
{
	struct xnic_flow_entry *near = cb_closest(t, e->handle);
	uintptr_t *slot = &t->root;
	unsigned int dir;
	int crit;

	if (!near) {
		t->root = (uintptr_t)e;
		return;
	}
	crit = crit_bit(near->handle ^ e->handle);
	while (cb_inner(*slot) && cb_node(*slot)->bit > crit)
		slot = &cb_node(*slot)->child[cb_dir(e->handle,
						     cb_node(*slot))];
	dir = (e->handle >> crit) & 1;
	n->bit = (uint8_t)crit;
	n->child[dir] = (uintptr_t)e;
	n->child[!dir] = *slot;
	*slot = (uintptr_t)n | 1;
}

/* Unlink the leaf of @handle (present); returns the freed inner node */
static struct cb_node *cb_remove(struct xnic_flow_table *t, uint64_t handle)
{
	uintptr_t *slot = &t->root, *pslot = NULL;
	struct cb_node *p;
	unsigned int dir = 0;

	while (cb_inner(*slot)) {
		pslot = slot;
		dir = cb_dir(handle, cb_node(*slot));
		slot = &cb_node(*slot)->child[dir];
	}
	if (!pslot) {
		t->root = 0;
		return NULL;
	}
	p = cb_node(*pslot);
	*pslot = p->child[!dir];
	return p;
}

static struct xnic_flow_entry *cb_leftmost(uintptr_t p)
{
	while (cb_inner(p))
		p = cb_node(p)->child[0];
	return cb_leaf(p);
}

/* The rule with the smallest handle >= @from, NULL if none */
static struct xnic_flow_entry *cb_lower_bound(const struct xnic_flow_table *t,
					      uint64_t from)
{
	struct xnic_flow_entry *near = cb_closest(t, from);
	uintptr_t p = t->root, succ = 0;
	int crit;

	if (!near || near->handle == from)
		return near;
	/*
	 * Above the first differing bit @from follows the path to @near;
	 * below it the whole subtree is on one side of @from.
	 */
	crit = crit_bit(near->handle ^ from);
	while (cb_inner(p) && cb_node(p)->bit > crit) {
		unsigned int dir = cb_dir(from, cb_node(p));

		if (!dir)
			succ = cb_node(p)->child[1];
		p = cb_node(p)->child[dir];
	}
	if (!((from >> crit) & 1))
		return cb_leftmost(p);
	return succ ? cb_leftmost(succ) : NULL;
}

/* ---- subtables ---- */

static const uint64_t *entry_words(const struct xnic_flow_entry *e)
{
	return e->data;
}

static uint32_t subtable_hash(const struct xnic_flow_subtable *st,
			      const uint64_t *kw)
{
	uint64_t h = st->chain;
	unsigned int i;

	for (i = 0; i < st->nwords; i++)
		h = hash_word(h, kw[st->widx[i]] & st->mask[i]);
	return hash_final(h);
}

static bool entry_matches(const struct xnic_flow_subtable *st,
			  const struct xnic_flow_entry *e, const uint64_t *kw)
{
	const uint64_t *w = entry_words(e);
	unsigned int i;

	for (i = 0; i < st->nwords; i++)
		if ((kw[st->widx[i]] & st->mask[i]) != w[i])
			return false;
	return true;
}

/* Does @a beat @b (NULL: anything does)? */
static bool entry_better(const struct xnic_flow_entry *a,
			 const struct xnic_flow_entry *b)
{
	return !b || a->prio < b->prio ||
	       (a->prio == b->prio && a->handle < b->handle);
}

static struct xnic_flow_entry *
subtable_lookup(const struct xnic_flow_subtable *st, const uint64_t *kw,
		uint32_t h)
{
	const struct bucket *b = &st->buckets[h & (st->nbuckets - 1)];
	struct xnic_flow_entry *e, *best = NULL;

	if (!b->n || (b->n == 1 && b->head_hash != h))
		return NULL;
	for (e = b->head; e; e = e->next)
		if (e->hash == h && entry_matches(st, e, kw) &&
		    entry_better(e, best))
			best = e;
	return best;
}

static void bucket_push(struct bucket *b, struct xnic_flow_entry *e)
{
	e->next = b->head;
	b->head = e;
	b->head_hash = e->hash;
	b->n++;
}

static void bucket_unlink(struct bucket *b, struct xnic_flow_entry *e)
{
	struct xnic_flow_entry **pp;

	for (pp = &b->head; *pp != e; pp = &(*pp)->next)
		;
	*pp = e->next;
	if (b->head)
		b->head_hash = b->head->hash;
	b->n--;
}

/* Rehash @st into @n buckets; on allocation failure keep the old ones */
static void subtable_resize(struct xnic_flow_table *t,
			    struct xnic_flow_subtable *st, uint32_t n)
{
	struct bucket *nb = tbl_alloc(t, n * sizeof(*nb));
	uint32_t i;

	if (!nb)
		return;
	for (i = 0; i < st->nbuckets; i++) {
		struct xnic_flow_entry *e = st->buckets[i].head, *next;

		for (; e; e = next) {
			next = e->next;
			bucket_push(&nb[e->hash & (n - 1)], e);
		}
	}
	tbl_free(t, st->buckets, st->nbuckets * sizeof(*nb));
	st->buckets = nb;
	st->nbuckets = n;
}

static void subtable_free(struct xnic_flow_table *t,
			  struct xnic_flow_subtable *st)
{
	tbl_free(t, st->buckets, st->nbuckets * sizeof(*st->buckets));
	tbl_free(t, st->prios, st->prios_cap * sizeof(*st->prios));
	tbl_free(t, st, sizeof(*st));
}

/* A new empty subtable for @chain and mask words @mw, not yet listed */
static struct xnic_flow_subtable *subtable_new(struct xnic_flow_table *t,
					       uint32_t chain,
					       const uint64_t *mw)
{
	struct xnic_flow_subtable *st = tbl_alloc(t, sizeof(*st));
	unsigned int i;

	if (!st)
		return NULL;
	st->chain = chain;
	for (i = 0; i < KEY_WORDS; i++) {
		if (!mw[i])
			continue;
		st->widx[st->nwords] = (uint8_t)i;
		st->mask[st->nwords++] = mw[i];
	}
	st->nbuckets = MIN_BUCKETS;
	st->buckets = tbl_alloc(t, MIN_BUCKETS * sizeof(*st->buckets));
	if (!st->buckets) {
		tbl_free(t, st, sizeof(*st));
		return NULL;
	}
	return st;
}

static bool subtable_has_mask(const struct xnic_flow_subtable *st,
			      uint32_t chain, const uint64_t *mw)
{
	unsigned int i, j = 0;

	if (st->chain != chain)
		return false;
	for (i = 0; i < KEY_WORDS; i++) {
		if (!mw[i])
			continue;
		if (j == st->nwords || st->widx[j] != i || st->mask[j] != mw[i])
			return false;
		j++;
	}
	return j == st->nwords;
}

/* Room for one more prio in @st's list: false if memory is short */
static bool prios_reserve(struct xnic_flow_table *t,
			  struct xnic_flow_subtable *st)
{
	uint32_t cap = st->prios_cap ? st->prios_cap * 2 : 4;
	struct prio_count *p;

	if (st->nprios < st->prios_cap)
		return true;
	p = tbl_alloc(t, cap * sizeof(*p));
	if (!p)
		return false;
	if (st->nprios)
		memcpy(p, st->prios, st->nprios * sizeof(*p));
	tbl_free(t, st->prios, st->prios_cap * sizeof(*p));
	st->prios = p;
	st->prios_cap = cap;
	return true;
}

static uint32_t prio_pos(const struct xnic_flow_subtable *st, uint16_t prio)
{
	uint32_t i = 0;

	while (i < st->nprios && st->prios[i].prio < prio)
		i++;
	return i;
}

/* Count a rule of @prio in (room reserved) */
static void prio_add(struct xnic_flow_subtable *st, uint16_t prio)
{
	uint32_t i = prio_pos(st, prio);

	if (i == st->nprios || st->prios[i].prio != prio) {
		memmove(&st->prios[i + 1], &st->prios[i],
			(st->nprios - i) * sizeof(st->prios[0]));
		st->prios[i].prio = prio;
		st->prios[i].count = 0;
		st->nprios++;
	}
	st->prios[i].count++;
	st->best_prio = st->prios[0].prio;
}

static void prio_sub(struct xnic_flow_subtable *st, uint16_t prio)
{
	uint32_t i = prio_pos(st, prio);

	if (--st->prios[i].count == 0) {
		st->nprios--;
		memmove(&st->prios[i], &st->prios[i + 1],
			(st->nprios - i) * sizeof(st->prios[0]));
	}
	if (st->nprios)
		st->best_prio = st->prios[0].prio;
}

/* ---- the ordered subtable array ---- */

static bool sub_before(const struct xnic_flow_subtable *a,
		       const struct xnic_flow_subtable *b)
{
	return a->chain < b->chain ||
	       (a->chain == b->chain && a->best_prio < b->best_prio);
}

/* Index of the first subtable of @chain (or of a later chain) */
static uint32_t subs_chain_start(const struct xnic_flow_table *t,
				 uint32_t chain)
{
	uint32_t lo = 0, hi = t->nsubs;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->subs[mid]->chain < chain)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void subs_insert(struct xnic_flow_table *t,
			struct xnic_flow_subtable *st)
{
	uint32_t i = 0;

	while (i < t->nsubs && !sub_before(st, t->subs[i]))
		i++;
	memmove(&t->subs[i + 1], &t->subs[i],
		(t->nsubs - i) * sizeof(t->subs[0]));
	t->subs[i] = st;
	t->nsubs++;
}

static void subs_remove(struct xnic_flow_table *t,
			struct xnic_flow_subtable *st)
{
	uint32_t i = 0;

	while (t->subs[i] != st)
		i++;
	t->nsubs--;
	memmove(&t->subs[i], &t->subs[i + 1],
		(t->nsubs - i) * sizeof(t->subs[0]));
}

/* ---- rule checks ---- */

static bool zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/* Largest PEDIT offset per header type: the last 32-bit word inside */
static int pedit_max_offset(uint8_t htype)
{
	switch (htype) {
	case XNIC_FLOW_HDR_ETH:
		return 12;	/* 14 bytes: the word at 12 covers eth_type */
	case XNIC_FLOW_HDR_IP4:
		return 56;	/* 60 with options */
	case XNIC_FLOW_HDR_IP6:
		return 36;
	case XNIC_FLOW_HDR_TCP:
		return 56;
	case XNIC_FLOW_HDR_UDP:
		return 4;
	default:
		return -1;
	}
}

static uint16_t check_action(const struct xnic_flow_table *t,
			     const struct xnic_flow_rule *r,
			     const struct xnic_flow_action *a, bool last)
{
	uint16_t type = le16toh(a->type);
	uint32_t chain = le32toh(r->chain);
	int max_off;

	if (!zero(a->rsvd, sizeof(a->rsvd)))
		return XNIC_CMD_ST_EINVAL;
	switch (type) {
	case XNIC_FLOW_ACT_DROP:
		if (!last || !zero(&a->output, sizeof(a->output)))
			return XNIC_CMD_ST_EINVAL;
		return XNIC_CMD_ST_OK;
	case XNIC_FLOW_ACT_SLOWPATH:
	case XNIC_FLOW_ACT_VLAN_POP:
		if (!zero(&a->output, sizeof(a->output)))
			return XNIC_CMD_ST_EINVAL;
		return XNIC_CMD_ST_OK;
	case XNIC_FLOW_ACT_DECAP:
		/* only what a tunnel key matched can be stripped */
		if (!zero(&a->output, sizeof(a->output)) ||
		    r->mask.tun_type != 0xff ||
		    (r->key.tun_type != XNIC_FLOW_TUN_VXLAN &&
		     r->key.tun_type != XNIC_FLOW_TUN_GENEVE))
			return XNIC_CMD_ST_EINVAL;
		return XNIC_CMD_ST_OK;
	case XNIC_FLOW_ACT_GOTO:
		if (!last || !zero(a->ref.rsvd, sizeof(a->ref.rsvd)) ||
		    le32toh(a->ref.id) <= chain ||
		    le32toh(a->ref.id) > t->cfg.max_chain)
			return XNIC_CMD_ST_EINVAL;
		return XNIC_CMD_ST_OK;
	case XNIC_FLOW_ACT_OUTPUT:
		if (!zero(a->output.rsvd, sizeof(a->output.rsvd)))
			return XNIC_CMD_ST_EINVAL;
		return t->cfg.check_action ?
		       t->cfg.check_action(t->cfg.opaque, a) : XNIC_CMD_ST_OK;
	case XNIC_FLOW_ACT_ENCAP:
	case XNIC_FLOW_ACT_POLICE:
		if (!zero(a->ref.rsvd, sizeof(a->ref.rsvd)))
			return XNIC_CMD_ST_EINVAL;
		return t->cfg.check_action ?
		       t->cfg.check_action(t->cfg.opaque, a) :
		       XNIC_CMD_ST_EOPNOTSUPP;
	case XNIC_FLOW_ACT_VLAN_PUSH:
		if ((be16toh(a->vlan.tpid) != 0x8100 &&
		     be16toh(a->vlan.tpid) != 0x88a8) ||
		    a->vlan.tci_mask || !zero(a->vlan.rsvd,
					      sizeof(a->vlan.rsvd)))
			return XNIC_CMD_ST_EINVAL;
		return XNIC_CMD_ST_OK;
	case XNIC_FLOW_ACT_VLAN_MODIFY:
		if (a->vlan.tpid || !a->vlan.tci_mask ||
		    !zero(a->vlan.rsvd, sizeof(a->vlan.rsvd)))
			return XNIC_CMD_ST_EINVAL;
		return XNIC_CMD_ST_OK;
	case XNIC_FLOW_ACT_PEDIT:
		max_off = pedit_max_offset(a->pedit.htype);
		if (max_off < 0 || a->pedit.rsvd ||
		    le16toh(a->pedit.offset) % 4 ||
		    le16toh(a->pedit.offset) > max_off)
			return XNIC_CMD_ST_EINVAL;
		return XNIC_CMD_ST_OK;
	case XNIC_FLOW_ACT_CSUM:
		if (!le32toh(a->csum.flags) ||
		    (le32toh(a->csum.flags) & ~(uint32_t)(XNIC_FLOW_CSUM_IP4 |
							  XNIC_FLOW_CSUM_TCP |
							  XNIC_FLOW_CSUM_UDP |
							  XNIC_FLOW_CSUM_ICMP)) ||
		    !zero(a->csum.rsvd, sizeof(a->csum.rsvd)))
			return XNIC_CMD_ST_EINVAL;
		return XNIC_CMD_ST_OK;
	default:
		return XNIC_CMD_ST_EINVAL;
	}
}

/*
 * A well-formed rule: chain in range, reserved fields (rule, mask) zero,
 * 1..XNIC_FLOW_MAX_ACTIONS known actions with their fields in range; DROP
 * and GOTO only last; GOTO to a higher chain; PEDIT offsets 32-bit aligned
 * inside the header; DECAP only on a rule matching a tunnel type.
 */
static uint16_t check_rule(const struct xnic_flow_table *t,
			   const struct xnic_flow_rule *r)
{
	uint16_t n = le16toh(r->num_actions), st;
	unsigned int i;

	if (le32toh(r->chain) > t->cfg.max_chain || r->rsvd ||
	    n < 1 || n > XNIC_FLOW_MAX_ACTIONS ||
	    !zero(r->mask.rsvd0, sizeof(r->mask.rsvd0)) ||
	    !zero(r->mask.rsvd1, sizeof(r->mask.rsvd1)))
		return XNIC_CMD_ST_EINVAL;
	for (i = 0; i < n; i++) {
		st = check_action(t, r, &r->actions[i], i + 1 == n);
		if (st != XNIC_CMD_ST_OK)
			return st;
	}
	return XNIC_CMD_ST_OK;
}

/* ---- the table ---- */

struct xnic_flow_table *xnic_flow_table_new(const struct xnic_flow_table_cfg
					    *cfg)
{
	struct xnic_flow_table *t;

	if (!cfg->max_rules || !cfg->max_masks ||
	    (cfg->emc_entries & (cfg->emc_entries - 1)) ||
	    (cfg->emc_entries && cfg->emc_entries < EMC_WAYS))
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->mem = sizeof(*t);
	t->cfg = *cfg;
	t->gen = 1;
	t->subs = tbl_alloc(t, cfg->max_masks * sizeof(*t->subs));
	if (cfg->emc_entries) {
		t->emc = tbl_alloc(t, cfg->emc_entries * sizeof(*t->emc));
		t->emc_mask = cfg->emc_entries / EMC_WAYS - 1;
	}
	if (!t->subs || (cfg->emc_entries && !t->emc)) {
		xnic_flow_table_free(t);
		return NULL;
	}
	return t;
}

/* Free the rules of @st and @st itself */
static void subtable_flush(struct xnic_flow_table *t,
			   struct xnic_flow_subtable *st)
{
	uint32_t i;

	for (i = 0; i < st->nbuckets; i++) {
		struct xnic_flow_entry *e = st->buckets[i].head, *next;

		for (; e; e = next) {
			next = e->next;
			entry_free(t, e, st->nwords);
		}
	}
	subtable_free(t, st);
}

static void cb_free(struct xnic_flow_table *t, uintptr_t p)
{
	if (!cb_inner(p))
		return;
	cb_free(t, cb_node(p)->child[0]);
	cb_free(t, cb_node(p)->child[1]);
	tbl_free(t, cb_node(p), sizeof(struct cb_node));
}

void xnic_flow_table_flush(struct xnic_flow_table *t)
{
	uint32_t i;

	cb_free(t, t->root);
	t->root = 0;
	for (i = 0; i < t->nsubs; i++)
		subtable_flush(t, t->subs[i]);
	t->nsubs = 0;
	t->num_rules = 0;
	t->gen++;
}

void xnic_flow_table_free(struct xnic_flow_table *t)
{
	if (!t)
		return;
	if (t->subs)
		xnic_flow_table_flush(t);
	free(t->subs);
	free(t->emc);
	free(t);
}

struct xnic_flow_entry *xnic_flow_table_find(struct xnic_flow_table *t,
					     uint64_t handle)
{
	struct xnic_flow_entry *e = cb_closest(t, handle);

	return e && e->handle == handle ? e : NULL;
}

uint16_t xnic_flow_table_add(struct xnic_flow_table *t,
			     const struct xnic_flow_rule *rule)
{
	uint64_t kw[KEY_WORDS], mw[KEY_WORDS], *w;
	struct xnic_flow_subtable *st = NULL;
	uint32_t chain = le32toh(rule->chain), i;
	uint16_t prio = le16toh(rule->prio), status;
	uint8_t nact = (uint8_t)le16toh(rule->num_actions);
	struct xnic_flow_entry *e;
	struct cb_node *node = NULL;
	bool new_st = false;
	uint16_t old_best;

	status = check_rule(t, rule);
	if (status != XNIC_CMD_ST_OK)
		return status;
	if (xnic_flow_table_find(t, le64toh(rule->handle)))
		return XNIC_CMD_ST_EEXIST;
	if (t->num_rules >= t->cfg.max_rules)
		return XNIC_CMD_ST_ENOSPC;

	memcpy(kw, &rule->key, sizeof(kw));
	memcpy(mw, &rule->mask, sizeof(mw));
	for (i = 0; i < t->nsubs && !st; i++)
		if (subtable_has_mask(t->subs[i], chain, mw))
			st = t->subs[i];
	if (!st) {
		if (t->nsubs >= t->cfg.max_masks)
			return XNIC_CMD_ST_ENOSPC;
		st = subtable_new(t, chain, mw);
		if (!st)
			return XNIC_CMD_ST_ENOSPC;
		new_st = true;
	}
	e = tbl_alloc(t, entry_size(st->nwords, nact));
	if (t->root)
		node = tbl_alloc(t, sizeof(*node));
	if (!e || (t->root && !node) || !prios_reserve(t, st)) {
		tbl_free(t, node, sizeof(*node));
		if (e)
			tbl_free(t, e, entry_size(st->nwords, nact));
		if (new_st)
			subtable_free(t, st);
		return XNIC_CMD_ST_ENOSPC;
	}

	/* nothing fails from here on */
	e->handle = le64toh(rule->handle);
	e->prio = prio;
	e->num_actions = nact;
	e->st = st;
	w = e->data;
	for (i = 0; i < st->nwords; i++)
		w[i] = kw[st->widx[i]] & st->mask[i];
	memcpy(w + st->nwords, rule->actions, nact * sizeof(rule->actions[0]));
	e->hash = subtable_hash(st, kw);
	bucket_push(&st->buckets[e->hash & (st->nbuckets - 1)], e);
	st->count++;
	cb_insert(t, e, node);

	old_best = st->best_prio;
	prio_add(st, prio);
	if (new_st) {
		subs_insert(t, st);
	} else if (st->best_prio != old_best) {
		subs_remove(t, st);
		subs_insert(t, st);
	}
	if (st->count > st->nbuckets)
		subtable_resize(t, st, st->nbuckets * 2);
	t->num_rules++;
	t->gen++;
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_flow_table_del(struct xnic_flow_table *t, uint64_t handle)
{
	struct xnic_flow_entry *e = xnic_flow_table_find(t, handle);
	struct xnic_flow_subtable *st;
	uint16_t old_best, prio;

	if (!e)
		return XNIC_CMD_ST_ENOENT;
	st = e->st;
	prio = e->prio;
	bucket_unlink(&st->buckets[e->hash & (st->nbuckets - 1)], e);
	tbl_free(t, cb_remove(t, handle), sizeof(struct cb_node));
	entry_free(t, e, st->nwords);
	t->num_rules--;
	t->gen++;

	if (--st->count == 0) {
		subs_remove(t, st);
		subtable_free(t, st);
		return XNIC_CMD_ST_OK;
	}
	old_best = st->best_prio;
	prio_sub(st, prio);
	if (st->best_prio != old_best) {
		subs_remove(t, st);
		subs_insert(t, st);
	}
	if (st->nbuckets > MIN_BUCKETS && st->count < st->nbuckets / 8)
		subtable_resize(t, st, st->nbuckets / 2);
	return XNIC_CMD_ST_OK;
}

/* The whole key: four independent lanes, so the multiplies overlap */
static uint32_t emc_hash(const uint64_t *kw, uint32_t chain)
{
	uint64_t h[4] = { chain, 1, 2, 3 };
	unsigned int i;

	for (i = 0; i < KEY_WORDS; i += 4) {
		h[0] = hash_word(h[0], kw[i]);
		h[1] = hash_word(h[1], kw[i + 1]);
		h[2] = hash_word(h[2], kw[i + 2]);
		h[3] = hash_word(h[3], kw[i + 3]);
	}
	return hash_final(hash_word(hash_word(h[0], h[1]),
				    hash_word(h[2], h[3])));
}

/*
 * Search the subtables of @chain, best prio first. They are taken
 * CLASSIFY_BATCH at a time: hash all and prefetch their buckets, then
 * probe, so that the cache misses of a batch overlap instead of queueing.
 */
#define CLASSIFY_BATCH	16

static struct xnic_flow_entry *classify(const struct xnic_flow_table *t,
					uint32_t chain, const uint64_t *kw)
{
	struct xnic_flow_entry *best = NULL, *e;
	uint32_t h[CLASSIFY_BATCH];
	uint32_t i = subs_chain_start(t, chain), j, n;

	for (;;) {
		for (n = 0; n < CLASSIFY_BATCH && i + n < t->nsubs &&
		     t->subs[i + n]->chain == chain; n++) {
			const struct xnic_flow_subtable *st = t->subs[i + n];

			if (best && st->best_prio > best->prio)
				break;
			h[n] = subtable_hash(st, kw);
			__builtin_prefetch(&st->buckets[h[n] &
							(st->nbuckets - 1)]);
		}
		if (!n)
			return best;
		for (j = 0; j < n; j++) {
			const struct xnic_flow_subtable *st = t->subs[i + j];

			if (best && st->best_prio > best->prio)
				return best;
			e = subtable_lookup(st, kw, h[j]);
			if (e && entry_better(e, best))
				best = e;
		}
		i += n;
	}
}

struct xnic_flow_entry *xnic_flow_table_lookup(struct xnic_flow_table *t,
					       uint32_t chain,
					       const struct xnic_flow_key *key)
{
	uint64_t kw[KEY_WORDS];
	struct xnic_flow_entry *best;
	struct emc_slot *set = NULL, *slot = NULL;
	uint32_t h = 0, i;

	memcpy(kw, key, sizeof(kw));
	if (t->emc) {
		h = emc_hash(kw, chain);
		set = &t->emc[(h & t->emc_mask) * EMC_WAYS];
		for (i = 0; i < EMC_WAYS; i++) {
			struct emc_slot *s = &set[i];

			if (s->gen != t->gen) {
				slot = slot ? slot : s;
				continue;
			}
			if (s->hash == h && s->chain == chain &&
			    !memcmp(s->key, kw, sizeof(kw))) {
				t->emc_hits++;
				return s->rule;
			}
		}
	}
	t->emc_misses++;
	best = classify(t, chain, kw);
	if (set) {
		/* a stale slot, else the next victim of the set */
		if (!slot)
			slot = &set[t->emc_victim++ % EMC_WAYS];
		slot->gen = t->gen;
		slot->chain = chain;
		slot->hash = h;
		slot->rule = best;
		memcpy(slot->key, kw, sizeof(kw));
	}
	return best;
}

void xnic_flow_entry_hit(struct xnic_flow_entry *e, uint32_t bytes,
			 uint64_t now_ns)
{
	e->packets++;
	e->bytes += bytes;
	e->last_used_ns = now_ns;
}

uint64_t xnic_flow_entry_handle(const struct xnic_flow_entry *e)
{
	return e->handle;
}

uint16_t xnic_flow_entry_prio(const struct xnic_flow_entry *e)
{
	return e->prio;
}

uint32_t xnic_flow_entry_chain(const struct xnic_flow_entry *e)
{
	return e->st->chain;
}

const struct xnic_flow_action *
xnic_flow_entry_actions(const struct xnic_flow_entry *e, unsigned int *n)
{
	*n = e->num_actions;
	return (const struct xnic_flow_action *)(e->data + e->st->nwords);
}

uint32_t xnic_flow_table_stats(struct xnic_flow_table *t, uint64_t from,
			       uint64_t now_ns, struct xnic_flow_stats *out,
			       uint32_t max, bool *more, uint64_t *next)
{
	struct xnic_flow_entry *e = cb_lower_bound(t, from);
	uint32_t n = 0;

	for (; e && n < max; n++) {
		uint64_t idle = UINT64_MAX;

		if (e->packets)
			idle = now_ns > e->last_used_ns ?
			       now_ns - e->last_used_ns : 0;
		out[n].handle = htole64(e->handle);
		out[n].packets = htole64(e->packets);
		out[n].bytes = htole64(e->bytes);
		out[n].idle_ns = htole64(idle);
		e = e->handle == UINT64_MAX ? NULL :
		    cb_lower_bound(t, e->handle + 1);
	}
	*more = !!e;
	*next = e ? e->handle : 0;
	return n;
}

void xnic_flow_table_usage(const struct xnic_flow_table *t,
			   struct xnic_flow_table_usage *u)
{
	u->rules = t->num_rules;
	u->masks = t->nsubs;
	u->mem_bytes = t->mem;
	u->emc_hits = t->emc_hits;
	u->emc_misses = t->emc_misses;
}
