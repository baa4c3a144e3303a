// SPDX-License-Identifier: GPL-2.0
/*
 * flower.c - TC flower rules on the representors, offloaded to the NIC's
 * eswitch flow table (src/xnic_hw.h, "Flower offload").
 *
 * Every representor (uplink, PF, VF) offers a clsact ingress block; a
 * flower rule bound there is translated into one struct xnic_flow_rule:
 * in_port is the representor's port, the match keys map one to one onto
 * struct xnic_flow_key, and the tc actions onto XNIC_FLOW_ACT_*. The rule
 * goes to the NIC with FLOW_ADD in a DMA buffer; a rule the NIC refuses
 * leaves nothing behind (its meter is deleted again). Rules are kept in an
 * rhashtable keyed by (tc cookie, representor netdev) and in an xarray by
 * their NIC handle, which the stats work uses to file the FLOW_STATS dump
 * it fetches every second; FLOW_CLS_STATS reports the cached counters.
 *
 * One mutex per PF serialises REPLACE, DESTROY, STATS and the stats work:
 * tc may call an unlocked block callback concurrently from several CPUs.
 * Each rule counts in the eswitch's offloaded rule count, which refuses a
 * mode change while any exist. VXLAN and Geneve (encap entries, rules on
 * the tunnel devices' blocks, decap) are flower_tunnel.c's.
 */
#include <linux/idr.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/flow_offload.h>
#include <net/pkt_cls.h>
#include <net/tc_act/tc_csum.h>

#include "xnic.h"
#include "cmdq.h"
#include "eswitch.h"
#include "flower.h"
#include "flower_tunnel.h"
#include "repr.h"

#define XNIC_FLOWER_STATS_PERIOD	HZ
/*
 * A dump of every rule's counters may take at most this share of the time
 * (1/N): with many rules, dumps come further apart than the period
 */
#define XNIC_FLOWER_STATS_SHARE		10
/* rules per FLOW_STATS page: 64 KiB, 489 commands per dump of 1M rules */
#define XNIC_FLOWER_STATS_ENTRIES	2048

/**
 * struct xnic_flower_key - what identifies a tc rule
 * @cookie: tc's cookie of the rule
 * @netdev: the representor it is bound on
 */
struct xnic_flower_key {
	unsigned long cookie;
	struct net_device *netdev;
};

/**
 * struct xnic_flower_mask_key - a class of rules the NIC keeps in one
 * subtable: same chain, same mask
 * @chain: tc chain
 * @mask: the rule's NIC mask
 */
struct xnic_flower_mask_key {
	u32 chain;
	struct xnic_flow_key mask;
};

/**
 * struct xnic_flower_mask - a (chain, mask) class with rules in the NIC
 * @node: in xnic_flower.masks
 * @key: (chain, mask)
 * @rules: rules of the class; the entry goes with the last one
 */
struct xnic_flower_mask {
	struct rhash_head node;
	struct xnic_flower_mask_key key;
	u32 rules;
};

/**
 * struct xnic_flower_rule - one offloaded rule
 * @node: in xnic_flower.rules
 * @key: (cookie, netdev)
 * @handle: the NIC's handle of the rule
 * @mask: the rule's (chain, mask) class
 * @meter: the rule's meter id, or -1
 * @encap: the rule's encap entry id, or -1
 * @pkts: packets the NIC counted, from the last stats dump
 * @bytes: bytes the NIC counted
 * @lastused: jiffies of the last match, 0 if none seen yet
 * @rep_pkts: @pkts already reported to tc
 * @rep_bytes: @bytes already reported to tc
 */
struct xnic_flower_rule {
	struct rhash_head node;
	struct xnic_flower_key key;
	u32 handle;
	struct xnic_flower_mask *mask;
	int meter;
	int encap;
	u64 pkts;
	u64 bytes;
	u64 lastused;
	u64 rep_pkts;
	u64 rep_bytes;
};

/**
 * struct xnic_flower - flower offload state of the PF
 * @xnic: the PF
 * @lock: serialises rule changes, stats reads and the stats work
 * @rules: the rules by (cookie, netdev)
 * @masks: the (chain, mask) classes of the rules, which the NIC has a
 *         subtable for
 * @handles: the rules by NIC handle (allocated here, from 1)
 * @meters: meter ids in use
 * @max_meters: the NIC's policers
 * @max_rules: the NIC's flow table size
 * @stats_buf: DMA buffer of the FLOW_STATS dumps
 * @stats_work: the periodic stats dump, scheduled while rules exist
 * @stats_delay: jiffies from one dump to the next: the period, or
 *               XNIC_FLOWER_STATS_SHARE times the last dump's duration
 */
struct xnic_flower {
	struct xnic *xnic;
	struct mutex lock;	/* see above */
	struct rhashtable rules;
	struct rhashtable masks;
	struct xarray handles;
	struct ida meters;
	u32 max_meters;
	u32 max_rules;
	struct xnic_cmd_buf *stats_buf;
	struct delayed_work stats_work;
	unsigned long stats_delay;
};

static const struct rhashtable_params xnic_flower_ht_params = {
	.key_len = sizeof(struct xnic_flower_key),
	.key_offset = offsetof(struct xnic_flower_rule, key),
	.head_offset = offsetof(struct xnic_flower_rule, node),
	.automatic_shrinking = true,
};

static const struct rhashtable_params xnic_flower_mask_params = {
	.key_len = sizeof(struct xnic_flower_mask_key),
	.key_offset = offsetof(struct xnic_flower_mask, key),
	.head_offset = offsetof(struct xnic_flower_mask, node),
	.automatic_shrinking = true,
};

#define XNIC_FLOWER_KEYS						\
	(BIT(FLOW_DISSECTOR_KEY_CONTROL) | BIT(FLOW_DISSECTOR_KEY_BASIC) | \
	 BIT(FLOW_DISSECTOR_KEY_ETH_ADDRS) | BIT(FLOW_DISSECTOR_KEY_VLAN) | \
	 BIT(FLOW_DISSECTOR_KEY_CVLAN) | BIT(FLOW_DISSECTOR_KEY_IPV4_ADDRS) | \
	 BIT(FLOW_DISSECTOR_KEY_IPV6_ADDRS) | BIT(FLOW_DISSECTOR_KEY_IP) | \
	 BIT(FLOW_DISSECTOR_KEY_PORTS) | BIT(FLOW_DISSECTOR_KEY_TCP) |	\
	 BIT(FLOW_DISSECTOR_KEY_ICMP))

static __be16 xnic_flower_tci(u16 vid, u8 prio)
{
	return cpu_to_be16((u16)(prio & 7) << 13 | (vid & VLAN_VID_MASK));
}

/* Refuse a rule using match key @k, naming the key */
static void xnic_flower_key_refusal(unsigned int k,
				    struct netlink_ext_ack *extack)
{
	switch (k) {
	case FLOW_DISSECTOR_KEY_PORTS_RANGE:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: port ranges");
		break;
	case FLOW_DISSECTOR_KEY_TIPC:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: tipc");
		break;
	case FLOW_DISSECTOR_KEY_ARP:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: arp");
		break;
	case FLOW_DISSECTOR_KEY_FLOW_LABEL:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: flow label");
		break;
	case FLOW_DISSECTOR_KEY_GRE_KEYID:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: gre key id");
		break;
	case FLOW_DISSECTOR_KEY_MPLS_ENTROPY:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: mpls entropy");
		break;
	case FLOW_DISSECTOR_KEY_ENC_KEYID:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: enc_key_id (tunnel keys: on a vxlan or geneve device)");
		break;
	case FLOW_DISSECTOR_KEY_ENC_IPV4_ADDRS:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: enc ipv4 addresses (tunnel keys: on a vxlan or geneve device)");
		break;
	case FLOW_DISSECTOR_KEY_ENC_IPV6_ADDRS:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: enc ipv6 addresses (tunnel keys: on a vxlan or geneve device)");
		break;
	case FLOW_DISSECTOR_KEY_ENC_CONTROL:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: enc control (tunnel keys: on a vxlan or geneve device)");
		break;
	case FLOW_DISSECTOR_KEY_ENC_PORTS:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: enc ports (tunnel keys: on a vxlan or geneve device)");
		break;
	case FLOW_DISSECTOR_KEY_MPLS:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: mpls");
		break;
	case FLOW_DISSECTOR_KEY_ENC_IP:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: enc tos/ttl (tunnel keys: on a vxlan or geneve device)");
		break;
	case FLOW_DISSECTOR_KEY_ENC_OPTS:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: enc options");
		break;
	case FLOW_DISSECTOR_KEY_META:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: meta (ingress ifindex)");
		break;
	case FLOW_DISSECTOR_KEY_CT:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: ct state");
		break;
	case FLOW_DISSECTOR_KEY_HASH:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: hash");
		break;
	case FLOW_DISSECTOR_KEY_NUM_OF_VLANS:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: number of vlans");
		break;
	case FLOW_DISSECTOR_KEY_PPPOE:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: pppoe");
		break;
	case FLOW_DISSECTOR_KEY_L2TPV3:
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: l2tpv3");
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack, "unsupported flower match key");
	}
}

static int xnic_flower_check_keys(struct flow_rule *rule, unsigned int keys,
				  struct netlink_ext_ack *extack)
{
	unsigned int used = rule->match.dissector->used_keys;
	unsigned int bad = used & ~keys;

	if (!bad)
		return 0;
	xnic_flower_key_refusal(__ffs(bad), extack);
	return -EOPNOTSUPP;
}

/*
 * Fill the match of @r from @rule bound on @netdev, whose frames enter the
 * eswitch by @in_port; a tunnel device's rule also matches the tunnel key
 */
static int xnic_flower_match(struct net_device *netdev, u16 in_port,
			     struct flow_rule *rule, struct xnic_flow_rule *r,
			     struct netlink_ext_ack *extack)
{
	struct xnic_flow_key *k = &r->key, *m = &r->mask;
	bool tunnel = xnic_tunnel_netdev(netdev);
	u16 addr_type = 0;
	int err;

	err = xnic_flower_check_keys(rule, XNIC_FLOWER_KEYS |
				     (tunnel ? XNIC_TUNNEL_KEYS : 0), extack);
	if (err)
		return err;
	if (tunnel) {
		err = xnic_tunnel_match(netdev, rule, k, m, extack);
		if (err)
			return err;
	}

	k->in_port = cpu_to_le16(in_port);
	m->in_port = cpu_to_le16(0xffff);

	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_CONTROL)) {
		struct flow_match_control mt;

		flow_rule_match_control(rule, &mt);
		/* flower's IPv4 and IPv6 keys share storage: this says which */
		addr_type = mt.key->addr_type;
		if (mt.mask->flags & ~(FLOW_DIS_IS_FRAGMENT |
				       FLOW_DIS_FIRST_FRAG)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "unsupported flower control flags (only frag and firstfrag)");
			return -EOPNOTSUPP;
		}
		if (mt.key->flags & FLOW_DIS_IS_FRAGMENT)
			k->ip_frag |= XNIC_FLOW_FRAG_IS;
		if (mt.key->flags & FLOW_DIS_FIRST_FRAG)
			k->ip_frag |= XNIC_FLOW_FRAG_FIRST;
		if (mt.mask->flags & FLOW_DIS_IS_FRAGMENT)
			m->ip_frag |= XNIC_FLOW_FRAG_IS;
		if (mt.mask->flags & FLOW_DIS_FIRST_FRAG)
			m->ip_frag |= XNIC_FLOW_FRAG_FIRST;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_BASIC)) {
		struct flow_match_basic mt;

		flow_rule_match_basic(rule, &mt);
		k->eth_type = mt.key->n_proto;
		m->eth_type = mt.mask->n_proto;
		k->ip_proto = mt.key->ip_proto;
		m->ip_proto = mt.mask->ip_proto;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ETH_ADDRS)) {
		struct flow_match_eth_addrs mt;

		flow_rule_match_eth_addrs(rule, &mt);
		ether_addr_copy(k->eth_dst, mt.key->dst);
		ether_addr_copy(m->eth_dst, mt.mask->dst);
		ether_addr_copy(k->eth_src, mt.key->src);
		ether_addr_copy(m->eth_src, mt.mask->src);
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_VLAN)) {
		struct flow_match_vlan mt;

		flow_rule_match_vlan(rule, &mt);
		k->vlan_tpid = mt.key->vlan_tpid;
		m->vlan_tpid = mt.mask->vlan_tpid;
		k->vlan_tci = xnic_flower_tci(mt.key->vlan_id,
					      mt.key->vlan_priority);
		m->vlan_tci = xnic_flower_tci(mt.mask->vlan_id,
					      mt.mask->vlan_priority);
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_CVLAN)) {
		struct flow_match_vlan mt;

		flow_rule_match_cvlan(rule, &mt);
		k->cvlan_tpid = mt.key->vlan_tpid;
		m->cvlan_tpid = mt.mask->vlan_tpid;
		k->cvlan_tci = xnic_flower_tci(mt.key->vlan_id,
					       mt.key->vlan_priority);
		m->cvlan_tci = xnic_flower_tci(mt.mask->vlan_id,
					       mt.mask->vlan_priority);
	}
	if (addr_type == FLOW_DISSECTOR_KEY_IPV4_ADDRS &&
	    flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_IPV4_ADDRS)) {
		struct flow_match_ipv4_addrs mt;

		flow_rule_match_ipv4_addrs(rule, &mt);
		k->ip_src[0] = mt.key->src;
		m->ip_src[0] = mt.mask->src;
		k->ip_dst[0] = mt.key->dst;
		m->ip_dst[0] = mt.mask->dst;
	}
	if (addr_type == FLOW_DISSECTOR_KEY_IPV6_ADDRS &&
	    flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_IPV6_ADDRS)) {
		struct flow_match_ipv6_addrs mt;

		flow_rule_match_ipv6_addrs(rule, &mt);
		memcpy(k->ip_src, &mt.key->src, sizeof(k->ip_src));
		memcpy(m->ip_src, &mt.mask->src, sizeof(m->ip_src));
		memcpy(k->ip_dst, &mt.key->dst, sizeof(k->ip_dst));
		memcpy(m->ip_dst, &mt.mask->dst, sizeof(m->ip_dst));
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_IP)) {
		struct flow_match_ip mt;

		flow_rule_match_ip(rule, &mt);
		k->ip_tos = mt.key->tos;
		m->ip_tos = mt.mask->tos;
		k->ip_ttl = mt.key->ttl;
		m->ip_ttl = mt.mask->ttl;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_PORTS)) {
		struct flow_match_ports mt;

		flow_rule_match_ports(rule, &mt);
		k->l4_src = mt.key->src;
		m->l4_src = mt.mask->src;
		k->l4_dst = mt.key->dst;
		m->l4_dst = mt.mask->dst;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_TCP)) {
		struct flow_match_tcp mt;

		flow_rule_match_tcp(rule, &mt);
		k->tcp_flags = mt.key->flags;
		m->tcp_flags = mt.mask->flags;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ICMP)) {
		struct flow_match_icmp mt;

		flow_rule_match_icmp(rule, &mt);
		k->icmp_type = mt.key->type;
		m->icmp_type = mt.mask->type;
		k->icmp_code = mt.key->code;
		m->icmp_code = mt.mask->code;
	}
	return 0;
}

/* The port of a representor of this NIC, or -EOPNOTSUPP */
static int xnic_flower_out_port(struct xnic *xnic, struct net_device *dev,
				struct netlink_ext_ack *extack)
{
	struct xnic_repr *to = dev ? xnic_repr_of_netdev(dev) : NULL;

	if (!to || to->xnic != xnic) {
		NL_SET_ERR_MSG_MOD(extack,
				   "redirect to a device outside this NIC's switch");
		return -EOPNOTSUPP;
	}
	return to->port_id;
}

static int xnic_flower_csum(u32 tc_flags, struct netlink_ext_ack *extack)
{
	u32 flags = 0;

	if (tc_flags & ~(TCA_CSUM_UPDATE_FLAG_IPV4HDR |
			 TCA_CSUM_UPDATE_FLAG_ICMP | TCA_CSUM_UPDATE_FLAG_TCP |
			 TCA_CSUM_UPDATE_FLAG_UDP)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "csum: only ip4h, icmp, tcp and udp checksums are offloaded");
		return -EOPNOTSUPP;
	}
	if (tc_flags & TCA_CSUM_UPDATE_FLAG_IPV4HDR)
		flags |= XNIC_FLOW_CSUM_IP4;
	if (tc_flags & TCA_CSUM_UPDATE_FLAG_ICMP)
		flags |= XNIC_FLOW_CSUM_ICMP;
	if (tc_flags & TCA_CSUM_UPDATE_FLAG_TCP)
		flags |= XNIC_FLOW_CSUM_TCP;
	if (tc_flags & TCA_CSUM_UPDATE_FLAG_UDP)
		flags |= XNIC_FLOW_CSUM_UDP;
	return flags;
}

/* A policer the NIC can run: a byte rate, exceed drop, conform pipe/ok */
static int xnic_flower_police_check(const struct flow_action_entry *act,
				    bool last, struct netlink_ext_ack *extack)
{
	if (act->police.rate_pkt_ps || act->police.peakrate_bytes_ps ||
	    act->police.avrate || act->police.overhead) {
		NL_SET_ERR_MSG_MOD(extack,
				   "police: only a byte rate and a burst are offloaded");
		return -EOPNOTSUPP;
	}
	if (!act->police.rate_bytes_ps || !act->police.burst) {
		NL_SET_ERR_MSG_MOD(extack, "police: rate and burst must be set");
		return -EOPNOTSUPP;
	}
	if (act->police.exceed.act_id != FLOW_ACTION_DROP) {
		NL_SET_ERR_MSG_MOD(extack, "police: exceed action must be drop");
		return -EOPNOTSUPP;
	}
	if (act->police.notexceed.act_id != FLOW_ACTION_PIPE &&
	    !(act->police.notexceed.act_id == FLOW_ACTION_ACCEPT && last)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "police: conform action must be pipe, or ok as the last action");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int xnic_flower_meter_set(struct xnic *xnic, int id,
				 const struct flow_action_entry *act)
{
	struct xnic_flow_meter req = {
		.id = cpu_to_le32(id),
		.burst = cpu_to_le32(act->police.burst),
		.rate_bps = cpu_to_le64(act->police.rate_bytes_ps * 8),
	};

	return xnic_cmd(xnic, XNIC_CMD_FLOW_METER_SET, &req, sizeof(req),
			NULL, 0);
}

static void xnic_flower_meter_del(struct xnic_flower *fl, int id)
{
	struct xnic_flow_id_req req = { .id = cpu_to_le32(id) };
	int err;

	err = xnic_cmd(fl->xnic, XNIC_CMD_FLOW_METER_DEL, &req, sizeof(req),
		       NULL, 0);
	if (err)
		dev_warn(xnic_dev(fl->xnic), "FLOW_METER_DEL %d failed (%d)\n",
			 id, err);
	ida_free(&fl->meters, id);
}

/* Append an action; -EOPNOTSUPP past XNIC_FLOW_MAX_ACTIONS */
static struct xnic_flow_action *xnic_flower_act(struct xnic_flow_rule *r,
						u16 type,
						struct netlink_ext_ack *extack)
{
	u16 n = le16_to_cpu(r->num_actions);
	struct xnic_flow_action *a;

	if (n >= XNIC_FLOW_MAX_ACTIONS) {
		NL_SET_ERR_MSG_MOD(extack,
				   "too many actions: the NIC runs at most 16 per rule");
		return ERR_PTR(-EOPNOTSUPP);
	}
	a = &r->actions[n];
	a->type = cpu_to_le16(type);
	r->num_actions = cpu_to_le16(n + 1);
	return a;
}

/*
 * The redirect or mirror of @act to a tunnel device, after the tunnel_key
 * set @info: an ENCAP action naming the tunnel's encap entry, which the
 * rule @fr then holds
 */
static int xnic_flower_encap(struct xnic_flower *fl,
			     const struct flow_action_entry *act,
			     const struct ip_tunnel_info *info,
			     struct xnic_flow_rule *r, struct xnic_flower_rule *fr,
			     struct netlink_ext_ack *extack)
{
	struct xnic_flow_action *a;
	u32 id;
	int err;

	if (fr->encap >= 0) {
		NL_SET_ERR_MSG_MOD(extack, "one tunnel encap per rule is offloaded");
		return -EOPNOTSUPP;
	}
	a = xnic_flower_act(r, XNIC_FLOW_ACT_ENCAP, extack);
	if (IS_ERR(a))
		return PTR_ERR(a);
	err = xnic_tunnel_encap_get(fl->xnic, info, act->dev, &id, extack);
	if (err)
		return err;
	fr->encap = id;
	a->ref.id = cpu_to_le32(id);
	return 0;
}

/*
 * Translate the actions of @rule into @r. A policer gets a meter and a
 * tunnel encap an encap entry, created in the NIC here; @fr says which
 * (-1: none), for the caller to delete if the rule does not make it. A rule
 * of a tunnel device (@decap) strips the tunnel headers first, as the
 * software path sees the inner frame there.
 */
static int xnic_flower_actions(struct xnic_flower *fl, struct flow_rule *rule,
			       struct xnic_flow_rule *r,
			       struct xnic_flower_rule *fr, bool decap,
			       struct netlink_ext_ack *extack)
{
	const struct ip_tunnel_info *tun_info = NULL;
	const struct flow_action_entry *act;
	struct xnic_flow_action *a;
	bool terminal = false;
	int i, err, v;

	if (!flow_action_has_entries(&rule->action)) {
		NL_SET_ERR_MSG_MOD(extack, "a rule without actions is not offloaded");
		return -EOPNOTSUPP;
	}
	if (!flow_action_hw_stats_check(&rule->action, extack,
					FLOW_ACTION_HW_STATS_DELAYED_BIT))
		return -EOPNOTSUPP;
	if (decap) {
		a = xnic_flower_act(r, XNIC_FLOW_ACT_DECAP, extack);
		if (IS_ERR(a))
			return PTR_ERR(a);
	}

	flow_action_for_each(i, act, &rule->action) {
		if (terminal) {
			NL_SET_ERR_MSG_MOD(extack,
					   "actions after drop, redirect or goto are not offloaded");
			return -EOPNOTSUPP;
		}
		switch (act->id) {
		case FLOW_ACTION_DROP:
			a = xnic_flower_act(r, XNIC_FLOW_ACT_DROP, extack);
			terminal = true;
			break;
		case FLOW_ACTION_REDIRECT:
		case FLOW_ACTION_MIRRED:
			terminal = act->id == FLOW_ACTION_REDIRECT;
			if (tun_info || (act->dev && xnic_tunnel_netdev(act->dev))) {
				err = xnic_flower_encap(fl, act, tun_info, r, fr,
							extack);
				if (err)
					return err;
				tun_info = NULL;
				continue;
			}
			v = xnic_flower_out_port(fl->xnic, act->dev, extack);
			if (v < 0)
				return v;
			a = xnic_flower_act(r, XNIC_FLOW_ACT_OUTPUT, extack);
			if (!IS_ERR(a))
				a->output.port = cpu_to_le16(v);
			break;
		case FLOW_ACTION_GOTO:
			if (decap) {
				NL_SET_ERR_MSG_MOD(extack,
						   "goto in a rule of a tunnel device is not offloaded");
				return -EOPNOTSUPP;
			}
			a = xnic_flower_act(r, XNIC_FLOW_ACT_GOTO, extack);
			if (!IS_ERR(a))
				a->ref.id = cpu_to_le32(act->chain_index);
			terminal = true;
			break;
		case FLOW_ACTION_VLAN_PUSH:
			a = xnic_flower_act(r, XNIC_FLOW_ACT_VLAN_PUSH, extack);
			if (!IS_ERR(a)) {
				a->vlan.tpid = act->vlan.proto;
				a->vlan.tci = xnic_flower_tci(act->vlan.vid,
							      act->vlan.prio);
			}
			break;
		case FLOW_ACTION_VLAN_POP:
			a = xnic_flower_act(r, XNIC_FLOW_ACT_VLAN_POP, extack);
			break;
		case FLOW_ACTION_VLAN_MANGLE:
			a = xnic_flower_act(r, XNIC_FLOW_ACT_VLAN_MODIFY, extack);
			if (!IS_ERR(a)) {
				a->vlan.tci = xnic_flower_tci(act->vlan.vid,
							      act->vlan.prio);
				/*
				 * tc keeps the frame's priority unless the
				 * action sets one; the offload API passes no
				 * priority as 0, so 0 keeps it here too
				 */
				a->vlan.tci_mask = cpu_to_be16(act->vlan.prio ?
							       0xefff :
							       VLAN_VID_MASK);
			}
			break;
		case FLOW_ACTION_MANGLE:
			if (act->mangle.htype < FLOW_ACT_MANGLE_HDR_TYPE_ETH ||
			    act->mangle.htype > FLOW_ACT_MANGLE_HDR_TYPE_UDP) {
				NL_SET_ERR_MSG_MOD(extack,
						   "pedit: only eth, ip4, ip6, tcp and udp headers are offloaded");
				return -EOPNOTSUPP;
			}
			if (act->mangle.offset % 4) {
				NL_SET_ERR_MSG_MOD(extack,
						   "pedit: offset not a multiple of 4");
				return -EOPNOTSUPP;
			}
			a = xnic_flower_act(r, XNIC_FLOW_ACT_PEDIT, extack);
			if (!IS_ERR(a)) {
				/* pedit keeps both in wire order, as the NIC */
				a->pedit.htype = act->mangle.htype;
				a->pedit.offset = cpu_to_le16(act->mangle.offset);
				a->pedit.mask = (__force __be32)act->mangle.mask;
				a->pedit.val = (__force __be32)act->mangle.val;
			}
			break;
		case FLOW_ACTION_CSUM:
			v = xnic_flower_csum(act->csum_flags, extack);
			if (v < 0)
				return v;
			a = xnic_flower_act(r, XNIC_FLOW_ACT_CSUM, extack);
			if (!IS_ERR(a))
				a->csum.flags = cpu_to_le32(v);
			break;
		case FLOW_ACTION_POLICE:
			err = xnic_flower_police_check(act, i == rule->action.num_entries - 1,
						       extack);
			if (err)
				return err;
			if (fr->meter >= 0) {
				NL_SET_ERR_MSG_MOD(extack,
						   "one policer per rule is offloaded");
				return -EOPNOTSUPP;
			}
			a = xnic_flower_act(r, XNIC_FLOW_ACT_POLICE, extack);
			if (IS_ERR(a))
				return PTR_ERR(a);
			v = ida_alloc_max(&fl->meters, fl->max_meters - 1,
					  GFP_KERNEL);
			if (v < 0) {
				NL_SET_ERR_MSG_MOD(extack, "NIC meter table full");
				return v == -ENOSPC ? -ENOSPC : v;
			}
			err = xnic_flower_meter_set(fl->xnic, v, act);
			if (err) {
				ida_free(&fl->meters, v);
				NL_SET_ERR_MSG_MOD(extack,
						   "the NIC refused the policer");
				return err;
			}
			fr->meter = v;
			a->ref.id = cpu_to_le32(v);
			break;
		case FLOW_ACTION_TUNNEL_ENCAP:
			/* the redirect to the tunnel device that follows */
			if (tun_info) {
				NL_SET_ERR_MSG_MOD(extack,
						   "tunnel_key set twice before a redirect");
				return -EOPNOTSUPP;
			}
			tun_info = act->tunnel;
			continue;
		case FLOW_ACTION_TUNNEL_DECAP:
			/* tunnel_key unset: done by the DECAP put first */
			if (!decap) {
				NL_SET_ERR_MSG_MOD(extack,
						   "tunnel_key unset is offloaded on a vxlan or geneve device only");
				return -EOPNOTSUPP;
			}
			continue;
		default:
			NL_SET_ERR_MSG_MOD(extack, "unsupported flower action");
			return -EOPNOTSUPP;
		}
		if (IS_ERR(a))
			return PTR_ERR(a);
	}
	if (tun_info) {
		NL_SET_ERR_MSG_MOD(extack,
				   "tunnel_key set must be followed by a redirect to a vxlan or geneve device");
		return -EOPNOTSUPP;
	}
	if (decap && !terminal) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a rule of a tunnel device must end in a redirect or drop");
		return -EOPNOTSUPP;
	}
	/* no verdict of its own: the frame goes on to the software path */
	if (!terminal) {
		a = xnic_flower_act(r, XNIC_FLOW_ACT_SLOWPATH, extack);
		if (IS_ERR(a))
			return PTR_ERR(a);
	}
	return 0;
}

static void xnic_flower_add_extack(int err, struct netlink_ext_ack *extack)
{
	switch (err) {
	case -ENOSPC:
		NL_SET_ERR_MSG_MOD(extack, "NIC flow table full");
		break;
	case -EEXIST:
		NL_SET_ERR_MSG_MOD(extack, "the NIC already holds a rule with this handle");
		break;
	case -EBUSY:
		NL_SET_ERR_MSG_MOD(extack, "the eswitch is not in switchdev mode");
		break;
	case -EOPNOTSUPP:
		NL_SET_ERR_MSG_MOD(extack, "the NIC's firmware does not support this rule");
		break;
	case -EINVAL:
		NL_SET_ERR_MSG_MOD(extack,
				   "the NIC refused the rule (bad port, chain or action)");
		break;
	case -ENOENT:
		NL_SET_ERR_MSG_MOD(extack, "the NIC does not know the rule's meter");
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack, "FLOW_ADD failed");
		break;
	}
}

/* The DMA buffer *@buf of @size bytes, allocated again when dropped */
static struct xnic_cmd_buf *xnic_flower_buf(struct xnic_flower *fl,
					    struct xnic_cmd_buf **buf,
					    size_t size)
{
	if (!*buf)
		*buf = xnic_cmd_buf_alloc(fl->xnic->cmdq, size);
	return *buf;
}

/*
 * A command that timed out still owns its buffer (cmdq.c): the device may
 * write or read it later, so it is not reused; the next command gets a new
 * one.
 */
static void xnic_flower_buf_used(struct xnic_cmd_buf **buf, int err)
{
	if (err != -ETIMEDOUT)
		return;
	xnic_cmd_buf_put(*buf);
	*buf = NULL;
}

/*
 * Count a rule in its (chain, mask) class, which is created with the first
 * one. Sets *@known if the class had rules already: the NIC then has its
 * subtable. fl->lock held. Return: the class, or NULL (no memory).
 */
static struct xnic_flower_mask *
xnic_flower_mask_get(struct xnic_flower *fl, const struct xnic_flow_rule *r,
		     bool *known)
{
	struct xnic_flower_mask_key key = {};
	struct xnic_flower_mask *m;

	lockdep_assert_held(&fl->lock);
	key.chain = le32_to_cpu(r->chain);
	key.mask = r->mask;
	m = rhashtable_lookup_fast(&fl->masks, &key, xnic_flower_mask_params);
	*known = !!m;
	if (!m) {
		m = kzalloc(sizeof(*m), GFP_KERNEL);
		if (!m)
			return NULL;
		m->key = key;
		if (rhashtable_insert_fast(&fl->masks, &m->node,
					   xnic_flower_mask_params)) {
			kfree(m);
			return NULL;
		}
	}
	m->rules++;
	return m;
}

/* Uncount a rule of class @m; fl->lock held */
static void xnic_flower_mask_put(struct xnic_flower *fl,
				 struct xnic_flower_mask *m)
{
	lockdep_assert_held(&fl->lock);
	if (--m->rules)
		return;
	rhashtable_remove_fast(&fl->masks, &m->node, xnic_flower_mask_params);
	kfree(m);
}

/*
 * Install rule @r, counted in fl->rules already. When the NIC's answer is
 * known the command is posted, not waited for: the driver checked the keys
 * and actions, and the NIC has room for the rule (the driver's count is the
 * NIC's) and a subtable for its class (@known). A rule that needs a new
 * subtable waits for the NIC's answer, which may be that its masks are
 * all taken. fl->lock held.
 */
static int xnic_flower_nic_add(struct xnic_flower *fl,
			       const struct xnic_flow_rule *r, bool known)
{
	struct xnic_cmd_req req = {
		.opcode = XNIC_CMD_FLOW_ADD,
		.data = r,
		.data_len = sizeof(*r),
	};

	static_assert(sizeof(*r) <= XNIC_CMDQ_POST_LEN);
	lockdep_assert_held(&fl->lock);
	if (known && atomic_read(&fl->rules.nelems) <= fl->max_rules)
		return xnic_cmdq_post(fl->xnic->cmdq, &req);
	return xnic_cmdq_exec(fl->xnic->cmdq, &req);
}

/* FLOW_DEL of a rule the NIC holds cannot fail: it is posted */
static int xnic_flower_nic_del(struct xnic *xnic, u32 handle)
{
	struct xnic_flow_handle_req del = { .handle = cpu_to_le64(handle) };
	struct xnic_cmd_req req = {
		.opcode = XNIC_CMD_FLOW_DEL,
		.in = &del,
		.in_len = sizeof(del),
	};

	return xnic_cmdq_post(xnic->cmdq, &req);
}

/* Drop what the actions of a rule created: its meter and encap entry */
static void xnic_flower_rule_release(struct xnic_flower *fl,
				     struct xnic_flower_rule *fr)
{
	if (fr->meter >= 0)
		xnic_flower_meter_del(fl, fr->meter);
	if (fr->encap >= 0)
		xnic_tunnel_encap_put(fl->xnic, fr->encap);
}

/*
 * Count a rule of @netdev's block in or out: the eswitch's count (mode
 * changes) and, on a representor, its own (hw-tc-offload). fl->lock held.
 */
static void xnic_flower_rules_changed(struct xnic_flower *fl,
				      struct net_device *netdev, int delta)
{
	struct xnic_repr *repr = xnic_repr_of_netdev(netdev);

	lockdep_assert_held(&fl->lock);
	xnic_esw_rules_changed(fl->xnic, delta);
	if (repr)
		repr->num_flower_rules += delta;
}

static int xnic_flower_replace(struct xnic_flower *fl,
			       struct net_device *netdev, u16 in_port,
			       struct flow_cls_offload *f)
{
	struct flow_rule *rule = flow_cls_offload_flow_rule(f);
	struct netlink_ext_ack *extack = f->common.extack;
	struct xnic_flower_rule *fr;
	struct xnic_flow_rule *r;
	bool known;
	u32 handle;
	int err;

	fr = kzalloc(sizeof(*fr), GFP_KERNEL);
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!fr || !r) {
		err = -ENOMEM;
		goto err_free;
	}
	fr->key.cookie = f->cookie;
	fr->key.netdev = netdev;
	fr->meter = -1;
	fr->encap = -1;
	r->chain = cpu_to_le32(f->common.chain_index);
	/* tc_cls_common_offload_init() already made it the 16-bit pref */
	r->prio = cpu_to_le16(f->common.prio);

	err = xnic_flower_match(netdev, in_port, rule, r, extack);
	if (err)
		goto err_free;

	mutex_lock(&fl->lock);
	if (rhashtable_lookup_fast(&fl->rules, &fr->key,
				   xnic_flower_ht_params)) {
		/* tc replaces by destroy + add; a second add is a bug */
		NL_SET_ERR_MSG_MOD(extack, "rule already offloaded");
		err = -EEXIST;
		goto err_unlock;
	}
	err = xnic_flower_actions(fl, rule, r, fr, xnic_tunnel_netdev(netdev),
				  extack);
	if (err)
		goto err_release;
	err = xa_alloc(&fl->handles, &handle, fr, xa_limit_32b, GFP_KERNEL);
	if (err)
		goto err_release;
	fr->handle = handle;
	r->handle = cpu_to_le64(handle);
	err = rhashtable_insert_fast(&fl->rules, &fr->node,
				     xnic_flower_ht_params);
	if (err)
		goto err_handle;
	fr->mask = xnic_flower_mask_get(fl, r, &known);
	if (!fr->mask) {
		err = -ENOMEM;
		goto err_remove;
	}
	err = xnic_flower_nic_add(fl, r, known);
	if (err) {
		xnic_flower_add_extack(err, extack);
		goto err_mask;
	}
	xnic_flower_rules_changed(fl, netdev, 1);
	schedule_delayed_work(&fl->stats_work, READ_ONCE(fl->stats_delay));
	mutex_unlock(&fl->lock);
	kfree(r);
	return 0;

err_mask:
	xnic_flower_mask_put(fl, fr->mask);
err_remove:
	rhashtable_remove_fast(&fl->rules, &fr->node, xnic_flower_ht_params);
err_handle:
	xa_erase(&fl->handles, handle);
err_release:
	xnic_flower_rule_release(fl, fr);
err_unlock:
	mutex_unlock(&fl->lock);
err_free:
	kfree(r);
	kfree(fr);
	return err;
}

static int xnic_flower_destroy(struct xnic_flower *fl,
			       struct net_device *netdev,
			       struct flow_cls_offload *f)
{
	struct xnic_flower_key key = {
		.cookie = f->cookie,
		.netdev = netdev,
	};
	struct xnic_flower_rule *fr;
	int err;

	mutex_lock(&fl->lock);
	fr = rhashtable_lookup_fast(&fl->rules, &key, xnic_flower_ht_params);
	if (!fr) {
		mutex_unlock(&fl->lock);
		return -ENOENT;
	}
	err = xnic_flower_nic_del(fl->xnic, fr->handle);
	/*
	 * tc forgets the rule whatever we answer; a rule the NIC still
	 * holds after a failure is gone at its next reset.
	 */
	if (err)
		netdev_err(netdev, "FLOW_DEL of rule %u failed (%d)\n",
			   fr->handle, err);
	xnic_flower_rule_release(fl, fr);
	xnic_flower_mask_put(fl, fr->mask);
	rhashtable_remove_fast(&fl->rules, &fr->node, xnic_flower_ht_params);
	xa_erase(&fl->handles, fr->handle);
	xnic_flower_rules_changed(fl, netdev, -1);
	mutex_unlock(&fl->lock);
	kfree(fr);
	return 0;
}

static int xnic_flower_stats(struct xnic_flower *fl, struct net_device *netdev,
			     struct flow_cls_offload *f)
{
	struct xnic_flower_key key = {
		.cookie = f->cookie,
		.netdev = netdev,
	};
	struct xnic_flower_rule *fr;

	mutex_lock(&fl->lock);
	fr = rhashtable_lookup_fast(&fl->rules, &key, xnic_flower_ht_params);
	if (!fr) {
		mutex_unlock(&fl->lock);
		return -ENOENT;
	}
	flow_stats_update(&f->stats, fr->bytes - fr->rep_bytes,
			  fr->pkts - fr->rep_pkts, 0, fr->lastused,
			  FLOW_ACTION_HW_STATS_DELAYED);
	fr->rep_bytes = fr->bytes;
	fr->rep_pkts = fr->pkts;
	mutex_unlock(&fl->lock);
	return 0;
}

/* File the @n entries of one FLOW_STATS dump page */
static void xnic_flower_stats_file(struct xnic_flower *fl,
				   const struct xnic_flow_stats *s, u32 n)
{
	struct xnic_flower_rule *fr;
	u64 idle, now = jiffies;
	u32 i;

	for (i = 0; i < n; i++) {
		fr = xa_load(&fl->handles, le64_to_cpu(s[i].handle));
		if (!fr)
			continue;
		fr->pkts = le64_to_cpu(s[i].packets);
		fr->bytes = le64_to_cpu(s[i].bytes);
		idle = le64_to_cpu(s[i].idle_ns);
		if (idle != U64_MAX)
			fr->lastused = now - nsecs_to_jiffies64(idle);
	}
}

/*
 * Fetch one page of rule counters, from handle @from on, and file them;
 * sets @from to the next page's first handle, 0 after the last page.
 * Context: the stats work (the only user of stats_buf), fl->lock held.
 */
static int xnic_flower_stats_page(struct xnic_flower *fl, u64 *from)
{
	struct xnic_flow_stats_resp resp;
	struct xnic_flow_stats_req sreq;
	struct xnic_cmd_buf *buf;
	struct xnic_cmd_req req;
	u32 n;
	int err;

	lockdep_assert_held(&fl->lock);
	buf = xnic_flower_buf(fl, &fl->stats_buf, XNIC_FLOWER_STATS_ENTRIES *
			      sizeof(struct xnic_flow_stats));
	if (!buf)
		return -ENOMEM;
	sreq.from = cpu_to_le64(*from);
	req = (struct xnic_cmd_req) {
		.opcode = XNIC_CMD_FLOW_STATS,
		.in = &sreq,
		.in_len = sizeof(sreq),
		.out = &resp,
		.out_size = sizeof(resp),
		.out_min = sizeof(resp),
		.buf = buf,
		.buf_len = buf->size,
	};
	err = xnic_cmdq_exec(fl->xnic->cmdq, &req);
	xnic_flower_buf_used(&fl->stats_buf, err);
	if (err)
		return err;
	n = min_t(u32, le32_to_cpu(resp.count), XNIC_FLOWER_STATS_ENTRIES);
	xnic_flower_stats_file(fl, buf->va, n);
	*from = le32_to_cpu(resp.more) ? le64_to_cpu(resp.next) : 0;
	return 0;
}

/*
 * Fetch the counters of every rule, a page at a time. fl->lock is held
 * per page only: with many rules a whole dump takes many commands, which
 * must not hold rule changes up. A page is fetched and filed under the
 * lock, so a handle in it still names the rule it was read from.
 */
static int xnic_flower_stats_fetch(struct xnic_flower *fl)
{
	u64 from = 0;
	int err;

	do {
		mutex_lock(&fl->lock);
		err = xnic_flower_stats_page(fl, &from);
		mutex_unlock(&fl->lock);
	} while (!err && from);
	return err;
}

static void xnic_flower_stats_work(struct work_struct *work)
{
	struct xnic_flower *fl = container_of(to_delayed_work(work),
					      struct xnic_flower, stats_work);
	unsigned long start = jiffies;
	int err;

	/* a rule added after this test schedules the work again */
	if (!atomic_read(&fl->rules.nelems))
		return;
	err = xnic_flower_stats_fetch(fl);
	if (err)
		dev_warn_ratelimited(xnic_dev(fl->xnic),
				     "FLOW_STATS failed (%d)\n", err);
	WRITE_ONCE(fl->stats_delay,
		   max_t(unsigned long, XNIC_FLOWER_STATS_PERIOD,
			 (jiffies - start) * XNIC_FLOWER_STATS_SHARE));
	/* a timed-out queue would keep failing: stop until the next rule */
	if (err != -ETIMEDOUT)
		schedule_delayed_work(&fl->stats_work, fl->stats_delay);
}

/**
 * xnic_flower_offload() - a flower command of a block bound to this PF
 * @xnic: the PF
 * @netdev: the device the block belongs to: a representor, or a tunnel
 *          device (indirect block, flower_tunnel.c)
 * @in_port: the port @netdev's frames enter the eswitch by
 * @f: FLOW_CLS_REPLACE, _DESTROY or _STATS
 *
 * Context: process context; tc's block callback.
 * Return: 0 or a negative errno (with an extack message for a refused rule,
 * nothing of which then stays in the NIC).
 */
int xnic_flower_offload(struct xnic *xnic, struct net_device *netdev,
			u16 in_port, struct flow_cls_offload *f)
{
	struct xnic_flower *fl = xnic->flower;

	switch (f->command) {
	case FLOW_CLS_REPLACE:
		return xnic_flower_replace(fl, netdev, in_port, f);
	case FLOW_CLS_DESTROY:
		return xnic_flower_destroy(fl, netdev, f);
	case FLOW_CLS_STATS:
		return xnic_flower_stats(fl, netdev, f);
	default:
		return -EOPNOTSUPP;
	}
}

static int xnic_flower_block_cb(enum tc_setup_type type, void *type_data,
				void *cb_priv)
{
	struct xnic_repr *repr = cb_priv;
	struct flow_cls_offload *f = type_data;

	if (type != TC_SETUP_CLSFLOWER)
		return -EOPNOTSUPP;
	if (!tc_can_offload_extack(repr->netdev, f->common.extack))
		return -EOPNOTSUPP;
	return xnic_flower_offload(repr->xnic, repr->netdev, repr->port_id, f);
}

static LIST_HEAD(xnic_flower_block_cb_list);

/**
 * xnic_flower_setup_tc() - ndo_setup_tc of a representor
 * @repr: the representor
 * @type: TC_SETUP_BLOCK binds or unbinds a clsact ingress block
 * @type_data: the struct flow_block_offload
 *
 * Context: RTNL held (tc block binding).
 * Return: 0 or -EOPNOTSUPP (with an extack message for a block that is
 * not an ingress block, or a NIC without flower offload).
 */
int xnic_flower_setup_tc(struct xnic_repr *repr, enum tc_setup_type type,
			 void *type_data)
{
	struct flow_block_offload *f = type_data;

	if (type != TC_SETUP_BLOCK)
		return -EOPNOTSUPP;
	if (!repr->xnic->flower) {
		NL_SET_ERR_MSG_MOD(f->extack,
				   "the NIC's firmware has no flower offload");
		return -EOPNOTSUPP;
	}
	if (f->binder_type != FLOW_BLOCK_BINDER_TYPE_CLSACT_INGRESS) {
		NL_SET_ERR_MSG_MOD(f->extack,
				   "only clsact ingress blocks are offloaded");
		return -EOPNOTSUPP;
	}
	return flow_block_cb_setup_simple(f, &xnic_flower_block_cb_list,
					  xnic_flower_block_cb, repr, repr,
					  true);
}

/**
 * xnic_flower_repr_busy() - does a representor have offloaded rules
 * @repr: the representor
 *
 * Return: true if at least one rule bound on @repr is in the NIC.
 */
bool xnic_flower_repr_busy(struct xnic_repr *repr)
{
	struct xnic_flower *fl = repr->xnic->flower;
	bool busy;

	if (!fl)
		return false;
	mutex_lock(&fl->lock);
	busy = repr->num_flower_rules;
	mutex_unlock(&fl->lock);
	return busy;
}

/**
 * xnic_flower_nic_rules() - the NIC's flow table occupancy (FLOW_INFO)
 * @xnic: the PF
 * @num: rules installed
 * @max: table size
 *
 * Context: process context.
 * Return: 0, -EOPNOTSUPP without flower offload, or the command's error.
 */
int xnic_flower_nic_rules(struct xnic *xnic, u32 *num, u32 *max)
{
	struct xnic_flow_info_resp info = {};
	int err;

	if (!xnic->flower)
		return -EOPNOTSUPP;
	err = xnic_cmd(xnic, XNIC_CMD_FLOW_INFO, NULL, 0, &info, sizeof(info));
	if (err)
		return err;
	*num = le32_to_cpu(info.num_rules);
	*max = le32_to_cpu(info.max_rules);
	return 0;
}

/**
 * xnic_flower_max_rules() - the NIC's flow table size
 * @xnic: the PF, flower offload set up (xnic->flower)
 *
 * Return: max_rules of FLOW_INFO at probe.
 */
u32 xnic_flower_max_rules(const struct xnic *xnic)
{
	return xnic->flower->max_rules;
}

/**
 * xnic_flower_init() - set up flower offload on a PF whose firmware has it
 * @xnic: the PF, command queue running, fw_caps known
 *
 * Context: process context (probe).
 * Return: 0 (also when there is nothing to offload to) or a negative errno.
 */
int xnic_flower_init(struct xnic *xnic)
{
	struct xnic_flow_info_resp info = {};
	struct xnic_flower *fl;
	int err;

	if (xnic->is_vf || !(xnic->fw_caps & XNIC_CAP_FLOWER))
		return 0;
	err = xnic_cmd(xnic, XNIC_CMD_FLOW_INFO, NULL, 0, &info, sizeof(info));
	if (err) {
		dev_err(xnic_dev(xnic), "FLOW_INFO failed (%d)\n", err);
		return err;
	}
	fl = kzalloc(sizeof(*fl), GFP_KERNEL);
	if (!fl)
		return -ENOMEM;
	fl->xnic = xnic;
	fl->max_rules = le32_to_cpu(info.max_rules);
	fl->max_meters = le32_to_cpu(info.max_meters);
	mutex_init(&fl->lock);
	xa_init_flags(&fl->handles, XA_FLAGS_ALLOC1);
	ida_init(&fl->meters);
	INIT_DELAYED_WORK(&fl->stats_work, xnic_flower_stats_work);
	fl->stats_delay = XNIC_FLOWER_STATS_PERIOD;
	fl->stats_buf = xnic_cmd_buf_alloc(xnic->cmdq,
					   XNIC_FLOWER_STATS_ENTRIES *
					   sizeof(struct xnic_flow_stats));
	if (!fl->stats_buf) {
		err = -ENOMEM;
		goto err_free;
	}
	err = rhashtable_init(&fl->rules, &xnic_flower_ht_params);
	if (err)
		goto err_put;
	err = rhashtable_init(&fl->masks, &xnic_flower_mask_params);
	if (err)
		goto err_rules;
	err = xnic_tunnel_init(xnic, le32_to_cpu(info.max_encaps));
	if (err)
		goto err_masks;
	xnic->flower = fl;
	return 0;

err_masks:
	rhashtable_destroy(&fl->masks);
err_rules:
	rhashtable_destroy(&fl->rules);
err_put:
	xnic_cmd_buf_put(fl->stats_buf);
err_free:
	mutex_destroy(&fl->lock);
	kfree(fl);
	return err;
}

/**
 * xnic_flower_free() - tear flower offload down
 * @xnic: the PF, no representor left (so no rule), command queue running
 *
 * Context: process context (remove).
 */
void xnic_flower_free(struct xnic *xnic)
{
	struct xnic_flower *fl = xnic->flower;

	if (!fl)
		return;
	xnic_tunnel_free(xnic);
	cancel_delayed_work_sync(&fl->stats_work);
	WARN_ON(atomic_read(&fl->rules.nelems));
	WARN_ON(atomic_read(&fl->masks.nelems));
	rhashtable_destroy(&fl->rules);
	rhashtable_destroy(&fl->masks);
	xa_destroy(&fl->handles);
	ida_destroy(&fl->meters);
	xnic_cmd_buf_put(fl->stats_buf);
	mutex_destroy(&fl->lock);
	kfree(fl);
	xnic->flower = NULL;
}
