// SPDX-License-Identifier: GPL-2.0
/*
 * flower_tunnel.c - VXLAN and Geneve in the flower offload (flower.c), on
 * the NIC's encap entries and tunnel keys (src/xnic_hw.h, "Flower offload").
 *
 * Encapsulation: "tunnel_key set ... + mirred redirect dev <vxlan|geneve>"
 * on a representor becomes XNIC_FLOW_ACT_ENCAP naming an encap entry. The
 * entry's outer headers come from the kernel's view: the IPv4 route to the
 * tunnel destination (it must leave by this NIC's uplink representor),
 * the uplink representor's MAC as source, the next hop's neighbour as
 * destination MAC. An unresolved neighbour refuses the rule with EBUSY
 * after starting resolution (neigh_event_send): nothing half-installed,
 * the rule can be added again once ARP has answered. Rules with the same
 * tunnel share one entry (refcounted here; the NIC refuses ENCAP_DEL while
 * a rule uses it). A netevent notifier follows the neighbours: when a next
 * hop's MAC changes, the entries using it get ENCAP_SET again (the NIC's
 * rules use the new headers at once). A neighbour that fails keeps its
 * last MAC in the entry.
 *
 * Decapsulation: while the eswitch is in switchdev mode the driver takes
 * part in indirect block offload (flow_indr_dev_register): a clsact
 * ingress block of a vxlan or geneve device binds here, and its flower
 * rules become rules on physical port 0 matching the NIC's tunnel key
 * (tun_type of the device, enc_* keys) whose actions start with
 * XNIC_FLOW_ACT_DECAP: the software path sees the inner frame on the
 * tunnel device, so the NIC strips the outer headers first.
 *
 * Not offloaded (refused with EOPNOTSUPP and a message): IPv6 outer
 * headers, tunnel options (the NIC's Geneve header carries none), other
 * tunnel types, a route that does not leave by the uplink representor, a
 * VXLAN device whose UDP port is not 4789 (the NIC decodes VXLAN on 4789
 * and Geneve on 6081 only).
 *
 * Locking: xnic_tunnel.lock protects the encap entries and the bound tunnel
 * devices; it nests inside the flower lock (encap get/put run under it).
 */
#include <linux/container_of.h>
#include <linux/etherdevice.h>
#include <linux/idr.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/arp.h>
#include <net/geneve.h>
#include <net/neighbour.h>
#include <net/netevent.h>
#include <net/pkt_cls.h>
#include <net/route.h>
#include <net/vxlan.h>

#include "xnic.h"
#include "cmdq.h"
#include "flower.h"
#include "flower_tunnel.h"
#include "repr.h"

#define XNIC_TUNNEL_VNI_MAX	0xffffff

/**
 * struct xnic_tunnel_encap - one encap entry of the NIC
 * @node: in xnic_tunnel.encaps
 * @refs: rules using it
 * @hw: what the NIC holds (the last ENCAP_SET); @hw.id is the entry's id
 * @dev: the uplink representor the route leaves by
 * @nh: the next hop on @dev whose MAC is @hw.eth_dst
 */
struct xnic_tunnel_encap {
	struct list_head node;
	u32 refs;
	struct xnic_flow_encap hw;
	struct net_device *dev;
	__be32 nh;
};

/**
 * struct xnic_tunnel_indr - a tunnel device whose ingress block is bound
 * @node: in xnic_tunnel.indr
 * @tun: the PF's tunnel state
 * @netdev: the vxlan or geneve device
 */
struct xnic_tunnel_indr {
	struct list_head node;
	struct xnic_tunnel *tun;
	struct net_device *netdev;
};

/**
 * struct xnic_tunnel - tunnel offload state of the PF
 * @xnic: the PF
 * @lock: protects @encaps, @ids and @indr
 * @encaps: the encap entries in the NIC
 * @ids: encap ids in use
 * @max_encaps: the NIC's encap table size
 * @indr: the tunnel devices bound
 * @registered: taking part in indirect block offload (switchdev mode);
 *              under the devlink instance lock
 * @netevent_nb: neighbour updates
 * @neigh_work: re-reads the next hops' MACs after a neighbour update
 */
struct xnic_tunnel {
	struct xnic *xnic;
	struct mutex lock;	/* see above */
	struct list_head encaps;
	struct ida ids;
	u32 max_encaps;
	struct list_head indr;
	bool registered;
	struct notifier_block netevent_nb;
	struct work_struct neigh_work;
};

/* the block callbacks of all PFs, for flow_block_cb_is_busy() */
static LIST_HEAD(xnic_tunnel_block_cb_list);

static u8 xnic_tunnel_type(const struct net_device *netdev)
{
	if (netif_is_vxlan(netdev))
		return XNIC_FLOW_TUN_VXLAN;
	if (netif_is_geneve(netdev))
		return XNIC_FLOW_TUN_GENEVE;
	return XNIC_FLOW_TUN_NONE;
}

/* The UDP port the NIC decodes tunnels of @type on */
static __be16 xnic_tunnel_port(u8 type)
{
	return htons(type == XNIC_FLOW_TUN_VXLAN ? IANA_VXLAN_UDP_PORT :
		     GENEVE_UDP_PORT);
}

/**
 * xnic_tunnel_netdev() - is a netdev a tunnel device the NIC can offload
 * @netdev: any netdev
 *
 * Return: true for a vxlan or geneve device.
 */
bool xnic_tunnel_netdev(const struct net_device *netdev)
{
	return xnic_tunnel_type(netdev) != XNIC_FLOW_TUN_NONE;
}

/* ---- decapsulation: the tunnel keys ---- */

/* A vxlan device receives on the port the NIC decodes */
static int xnic_tunnel_dev_port_check(const struct net_device *netdev,
				      struct netlink_ext_ack *extack)
{
	const struct vxlan_dev *vxlan;

	if (!netif_is_vxlan(netdev))
		return 0;	/* geneve keeps its port private */
	vxlan = netdev_priv(netdev);
	if (vxlan->cfg.dst_port != htons(IANA_VXLAN_UDP_PORT)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the vxlan device's dstport is not 4789, the only VXLAN port the NIC decodes");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int xnic_tunnel_match_ports(struct flow_rule *rule, u8 type,
				   struct xnic_flow_key *k,
				   struct xnic_flow_key *m,
				   struct netlink_ext_ack *extack)
{
	struct flow_match_ports mt;

	flow_rule_match_enc_ports(rule, &mt);
	if (mt.mask->src) {
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported flower match key: enc_src_port");
		return -EOPNOTSUPP;
	}
	if (!mt.mask->dst)
		return 0;
	if (mt.mask->dst != htons(0xffff) ||
	    mt.key->dst != xnic_tunnel_port(type)) {
		if (type == XNIC_FLOW_TUN_VXLAN)
			NL_SET_ERR_MSG_MOD(extack,
					   "enc_dst_port: the NIC decodes VXLAN on UDP port 4789 only");
		else
			NL_SET_ERR_MSG_MOD(extack,
					   "enc_dst_port: the NIC decodes Geneve on UDP port 6081 only");
		return -EOPNOTSUPP;
	}
	k->tun_dport = mt.key->dst;
	m->tun_dport = mt.mask->dst;
	return 0;
}

/**
 * xnic_tunnel_match() - the tunnel part of a rule on a tunnel device
 * @netdev: the vxlan or geneve device the rule is bound on
 * @rule: the flower rule; its keys are within XNIC_FLOWER_KEYS and
 *        XNIC_TUNNEL_KEYS
 * @k: the NIC key to fill
 * @m: its mask
 * @extack: for the reason of a refusal
 *
 * The rule matches the tunnel type of @netdev and the enc_* keys.
 *
 * Return: 0, -EOPNOTSUPP for what the NIC cannot match (IPv6 outer
 * addresses, tunnel options, enc_src_port, another UDP port than the one
 * the NIC decodes), -EINVAL for a key id that cannot be a VNI.
 */
int xnic_tunnel_match(const struct net_device *netdev, struct flow_rule *rule,
		      struct xnic_flow_key *k, struct xnic_flow_key *m,
		      struct netlink_ext_ack *extack)
{
	u8 type = xnic_tunnel_type(netdev);
	u16 addr_type = 0;
	int err;

	err = xnic_tunnel_dev_port_check(netdev, extack);
	if (err)
		return err;
	k->tun_type = type;
	m->tun_type = 0xff;
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ENC_CONTROL)) {
		struct flow_match_control mt;

		flow_rule_match_enc_control(rule, &mt);
		addr_type = mt.key->addr_type;
		if (mt.mask->flags) {
			NL_SET_ERR_MSG_MOD(extack,
					   "unsupported flower match key: enc control flags");
			return -EOPNOTSUPP;
		}
	}
	if (addr_type == FLOW_DISSECTOR_KEY_IPV6_ADDRS) {
		NL_SET_ERR_MSG_MOD(extack,
				   "IPv6 outer headers are not offloaded");
		return -EOPNOTSUPP;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ENC_OPTS)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "tunnel options are not offloaded");
		return -EOPNOTSUPP;
	}
	if (addr_type == FLOW_DISSECTOR_KEY_IPV4_ADDRS &&
	    flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ENC_IPV4_ADDRS)) {
		struct flow_match_ipv4_addrs mt;

		flow_rule_match_enc_ipv4_addrs(rule, &mt);
		k->tun_src[0] = mt.key->src;
		m->tun_src[0] = mt.mask->src;
		k->tun_dst[0] = mt.key->dst;
		m->tun_dst[0] = mt.mask->dst;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ENC_KEYID)) {
		struct flow_match_enc_keyid mt;

		flow_rule_match_enc_keyid(rule, &mt);
		if (be32_to_cpu(mt.key->keyid & mt.mask->keyid) >
		    XNIC_TUNNEL_VNI_MAX) {
			NL_SET_ERR_MSG_MOD(extack,
					   "enc_key_id above 24 bits: no VXLAN or Geneve VNI");
			return -EINVAL;
		}
		k->tun_vni = mt.key->keyid;
		m->tun_vni = mt.mask->keyid;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ENC_PORTS)) {
		err = xnic_tunnel_match_ports(rule, type, k, m, extack);
		if (err)
			return err;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ENC_IP)) {
		struct flow_match_ip mt;

		flow_rule_match_enc_ip(rule, &mt);
		k->tun_tos = mt.key->tos;
		m->tun_tos = mt.mask->tos;
		k->tun_ttl = mt.key->ttl;
		m->tun_ttl = mt.mask->ttl;
	}
	return 0;
}

/* ---- encapsulation: the encap entries ---- */

/* What tunnel_key set asks for, as far as the NIC can do it */
static int xnic_tunnel_info_check(const struct ip_tunnel_info *info,
				  const struct net_device *tun_dev,
				  struct netlink_ext_ack *extack)
{
	if (!xnic_tunnel_netdev(tun_dev)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "tunnel_key set: only a redirect to a vxlan or geneve device is offloaded");
		return -EOPNOTSUPP;
	}
	if (!info) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a redirect to a tunnel device needs tunnel_key set before it");
		return -EOPNOTSUPP;
	}
	if (ip_tunnel_info_af(info) != AF_INET) {
		NL_SET_ERR_MSG_MOD(extack,
				   "IPv6 outer headers are not offloaded");
		return -EOPNOTSUPP;
	}
	if (info->options_len) {
		NL_SET_ERR_MSG_MOD(extack,
				   "tunnel options are not offloaded");
		return -EOPNOTSUPP;
	}
	if (info->key.tp_src) {
		NL_SET_ERR_MSG_MOD(extack,
				   "tunnel_key set: a fixed outer UDP source port is not offloaded");
		return -EOPNOTSUPP;
	}
	if (be32_to_cpu(tunnel_id_to_key32(info->key.tun_id)) >
	    XNIC_TUNNEL_VNI_MAX) {
		NL_SET_ERR_MSG_MOD(extack,
				   "tunnel_key set: id above 24 bits is no VXLAN or Geneve VNI");
		return -EINVAL;
	}
	if (!info->key.u.ipv4.dst) {
		NL_SET_ERR_MSG_MOD(extack, "tunnel_key set: no dst_ip");
		return -EINVAL;
	}
	return 0;
}

/*
 * The next hop's MAC into @mac: 0, or -EBUSY after starting its resolution
 * (an entry with a MAC the kernel does not know yet would send to nowhere)
 */
static int xnic_tunnel_neigh_mac(struct rtable *rt, __be32 daddr, u8 *mac,
				 struct netlink_ext_ack *extack)
{
	struct neighbour *n;
	int err = 0;

	n = dst_neigh_lookup(&rt->dst, &daddr);
	if (!n) {
		NL_SET_ERR_MSG_MOD(extack,
				   "no neighbour entry for the tunnel's next hop");
		return -ENOMEM;
	}
	if (READ_ONCE(n->nud_state) & NUD_VALID) {
		neigh_ha_snapshot(mac, n, rt->dst.dev);
	} else {
		neigh_event_send(n, NULL);
		NL_SET_ERR_MSG_MOD(extack,
				   "the MAC address of the tunnel's next hop is not resolved yet (resolution started): add the rule again");
		err = -EBUSY;
	}
	neigh_release(n);
	return err;
}

/*
 * The outer headers of the tunnel @info on @tun_dev into @hw (id left 0),
 * the uplink representor the route leaves by into @e
 */
static int xnic_tunnel_encap_build(struct xnic *xnic,
				   const struct ip_tunnel_info *info,
				   struct net_device *tun_dev,
				   struct xnic_tunnel_encap *e,
				   struct netlink_ext_ack *extack)
{
	const struct ip_tunnel_key *key = &info->key;
	struct xnic_flow_encap *hw = &e->hw;
	u8 type = xnic_tunnel_type(tun_dev);
	struct xnic_repr *repr;
	struct flowi4 fl4 = {
		.daddr = key->u.ipv4.dst,
		.saddr = key->u.ipv4.src,
		.flowi4_tos = RT_TOS(key->tos),
		.flowi4_proto = IPPROTO_UDP,
		.fl4_dport = key->tp_dst ?: xnic_tunnel_port(type),
	};
	struct rtable *rt;
	int err;

	rt = ip_route_output_key(dev_net(tun_dev), &fl4);
	if (IS_ERR(rt)) {
		NL_SET_ERR_MSG_MOD(extack, "no route to the tunnel destination");
		return -EOPNOTSUPP;
	}
	repr = xnic_repr_of_netdev(rt->dst.dev);
	if (!repr || repr->xnic != xnic ||
	    repr->port_id != XNIC_PORT_PHYS(0)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the route to the tunnel destination does not leave by this NIC's uplink representor");
		err = -EOPNOTSUPP;
		goto out;
	}
	e->dev = rt->dst.dev;
	e->nh = rt_nexthop(rt, fl4.daddr);
	err = xnic_tunnel_neigh_mac(rt, e->nh, hw->eth_dst, extack);
	if (err)
		goto out;
	ether_addr_copy(hw->eth_src, e->dev->dev_addr);
	hw->tun_type = type;
	hw->ip_ver = 4;
	hw->tos = key->tos;
	hw->ttl = key->ttl ?: ip4_dst_hoplimit(&rt->dst);
	hw->src[0] = fl4.saddr;
	hw->dst[0] = fl4.daddr;
	hw->dport = fl4.fl4_dport;
	hw->vni = tunnel_id_to_key32(key->tun_id);
	hw->out_port = cpu_to_le16(XNIC_PORT_PHYS(0));
out:
	ip_rt_put(rt);
	return err;
}

/* The same tunnel: every outer header field but the next hop's MAC */
static bool xnic_tunnel_encap_same(const struct xnic_flow_encap *a,
				   const struct xnic_flow_encap *b)
{
	struct xnic_flow_encap x = *a, y = *b;

	x.id = 0;
	y.id = 0;
	eth_zero_addr(x.eth_dst);
	eth_zero_addr(y.eth_dst);
	return !memcmp(&x, &y, sizeof(x));
}

static struct xnic_tunnel_encap *xnic_tunnel_encap_by_id(struct xnic_tunnel *tun,
							 u32 id)
{
	struct xnic_tunnel_encap *e;

	list_for_each_entry(e, &tun->encaps, node)
		if (le32_to_cpu(e->hw.id) == id)
			return e;
	return NULL;
}

static int xnic_tunnel_encap_set(struct xnic_tunnel *tun,
				 const struct xnic_flow_encap *hw)
{
	return xnic_cmd(tun->xnic, XNIC_CMD_FLOW_ENCAP_SET, hw, sizeof(*hw),
			NULL, 0);
}

/* A new entry for @new in the NIC; Context: tun->lock held */
static int xnic_tunnel_encap_add(struct xnic_tunnel *tun,
				 struct xnic_tunnel_encap *new,
				 struct netlink_ext_ack *extack)
{
	int id, err;

	lockdep_assert_held(&tun->lock);
	if (!tun->max_encaps) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the NIC's firmware has no encap entries");
		return -EOPNOTSUPP;
	}
	id = ida_alloc_max(&tun->ids, tun->max_encaps - 1, GFP_KERNEL);
	if (id < 0) {
		NL_SET_ERR_MSG_MOD(extack, "NIC encap table full");
		return id;
	}
	new->hw.id = cpu_to_le32(id);
	err = xnic_tunnel_encap_set(tun, &new->hw);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the NIC refused the tunnel's encap entry");
		ida_free(&tun->ids, id);
		return err;
	}
	new->refs = 1;
	list_add(&new->node, &tun->encaps);
	return 0;
}

/**
 * xnic_tunnel_encap_get() - the encap entry of a tunnel_key set + redirect
 * @xnic: the PF
 * @info: the tunnel of tunnel_key set (NULL: none came before the redirect)
 * @tun_dev: the redirect's target
 * @id: the entry's id, for XNIC_FLOW_ACT_ENCAP
 * @extack: for the reason of a refusal
 *
 * Takes a reference on an existing entry of the same tunnel, or creates one
 * in the NIC (FLOW_ENCAP_SET). Drop it with xnic_tunnel_encap_put().
 *
 * Context: process context; may sleep.
 * Return: 0; -EOPNOTSUPP for a tunnel the NIC cannot send (not a vxlan or
 * geneve device, IPv6, options, a route not by the uplink representor);
 * -EINVAL for a bad VNI or no destination; -EBUSY while the next hop's MAC
 * is being resolved; -ENOSPC when the NIC's encap table is full; another
 * negative errno if the NIC refused. Every refusal leaves an extack message
 * and nothing in the NIC.
 */
int xnic_tunnel_encap_get(struct xnic *xnic, const struct ip_tunnel_info *info,
			  struct net_device *tun_dev, u32 *id,
			  struct netlink_ext_ack *extack)
{
	struct xnic_tunnel *tun = xnic->tunnel;
	struct xnic_tunnel_encap *new, *e;
	int err;

	err = xnic_tunnel_info_check(info, tun_dev, extack);
	if (err)
		return err;
	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	err = xnic_tunnel_encap_build(xnic, info, tun_dev, new, extack);
	if (err)
		goto err_free;

	mutex_lock(&tun->lock);
	list_for_each_entry(e, &tun->encaps, node) {
		if (xnic_tunnel_encap_same(&e->hw, &new->hw)) {
			e->refs++;
			*id = le32_to_cpu(e->hw.id);
			mutex_unlock(&tun->lock);
			kfree(new);
			return 0;
		}
	}
	err = xnic_tunnel_encap_add(tun, new, extack);
	if (!err)
		*id = le32_to_cpu(new->hw.id);
	mutex_unlock(&tun->lock);
	if (!err)
		return 0;
err_free:
	kfree(new);
	return err;
}

/**
 * xnic_tunnel_encap_put() - a rule no longer uses an encap entry
 * @xnic: the PF
 * @id: the entry, from xnic_tunnel_encap_get()
 *
 * The last user's put deletes the entry in the NIC (FLOW_ENCAP_DEL; call it
 * after the rule's FLOW_DEL).
 *
 * Context: process context; may sleep.
 */
void xnic_tunnel_encap_put(struct xnic *xnic, u32 id)
{
	struct xnic_tunnel *tun = xnic->tunnel;
	struct xnic_flow_id_req req = { .id = cpu_to_le32(id) };
	struct xnic_tunnel_encap *e;
	int err;

	mutex_lock(&tun->lock);
	e = xnic_tunnel_encap_by_id(tun, id);
	if (WARN_ON(!e) || --e->refs) {
		mutex_unlock(&tun->lock);
		return;
	}
	err = xnic_cmd(xnic, XNIC_CMD_FLOW_ENCAP_DEL, &req, sizeof(req),
		       NULL, 0);
	if (err)
		dev_warn(xnic_dev(xnic), "FLOW_ENCAP_DEL %u failed (%d)\n",
			 id, err);
	list_del(&e->node);
	ida_free(&tun->ids, id);
	mutex_unlock(&tun->lock);
	kfree(e);
}

/* ---- neighbour updates ---- */

/* Send @e again if its next hop's MAC changed; Context: tun->lock held */
static void xnic_tunnel_encap_refresh(struct xnic_tunnel *tun,
				      struct xnic_tunnel_encap *e)
{
	struct xnic_flow_encap hw = e->hw;
	struct neighbour *n;
	int err;

	n = neigh_lookup(&arp_tbl, &e->nh, e->dev);
	if (!n)
		return;
	if (READ_ONCE(n->nud_state) & NUD_VALID)
		neigh_ha_snapshot(hw.eth_dst, n, e->dev);
	neigh_release(n);
	if (ether_addr_equal(hw.eth_dst, e->hw.eth_dst))
		return;
	err = xnic_tunnel_encap_set(tun, &hw);
	if (err) {
		dev_warn(xnic_dev(tun->xnic),
			 "FLOW_ENCAP_SET %u for the new MAC of %pI4 failed (%d)\n",
			 le32_to_cpu(hw.id), &e->nh, err);
		return;
	}
	e->hw = hw;
	dev_dbg(xnic_dev(tun->xnic), "encap %u: next hop %pI4 now at %pM\n",
		le32_to_cpu(hw.id), &e->nh, hw.eth_dst);
}

static void xnic_tunnel_neigh_work(struct work_struct *work)
{
	struct xnic_tunnel *tun = container_of(work, struct xnic_tunnel,
					       neigh_work);
	struct xnic_tunnel_encap *e;

	mutex_lock(&tun->lock);
	list_for_each_entry(e, &tun->encaps, node)
		xnic_tunnel_encap_refresh(tun, e);
	mutex_unlock(&tun->lock);
}

/* A neighbour on one of our representors changed: check the entries */
static int xnic_tunnel_netevent(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct xnic_tunnel *tun = container_of(nb, struct xnic_tunnel,
					       netevent_nb);
	struct neighbour *n = ptr;
	struct xnic_repr *repr;

	if (event != NETEVENT_NEIGH_UPDATE || n->tbl != &arp_tbl)
		return NOTIFY_DONE;
	repr = xnic_repr_of_netdev(n->dev);
	if (repr && repr->xnic == tun->xnic)
		schedule_work(&tun->neigh_work);
	return NOTIFY_DONE;
}

/* ---- indirect blocks of the tunnel devices ---- */

static int xnic_tunnel_block_cb(enum tc_setup_type type, void *type_data,
				void *cb_priv)
{
	struct xnic_tunnel_indr *indr = cb_priv;

	if (type != TC_SETUP_CLSFLOWER)
		return -EOPNOTSUPP;
	return xnic_flower_offload(indr->tun->xnic, indr->netdev,
				   XNIC_PORT_PHYS(0), type_data);
}

static void xnic_tunnel_indr_release(void *cb_priv)
{
	struct xnic_tunnel_indr *indr = cb_priv;
	struct xnic_tunnel *tun = indr->tun;

	mutex_lock(&tun->lock);
	list_del(&indr->node);
	mutex_unlock(&tun->lock);
	kfree(indr);
}

static struct xnic_tunnel_indr *xnic_tunnel_indr_find(struct xnic_tunnel *tun,
						      struct net_device *netdev)
{
	struct xnic_tunnel_indr *indr, *found = NULL;

	mutex_lock(&tun->lock);
	list_for_each_entry(indr, &tun->indr, node) {
		if (indr->netdev == netdev) {
			found = indr;
			break;
		}
	}
	mutex_unlock(&tun->lock);
	return found;
}

static int xnic_tunnel_indr_bind(struct xnic_tunnel *tun,
				 struct net_device *netdev,
				 /* struct Qdisc *, named without its CamelCase */
				 typeof_member(struct flow_block_indr, sch) sch,
				 struct flow_block_offload *f, void *data,
				 void (*cleanup)(struct flow_block_cb *block_cb))
{
	struct xnic_tunnel_indr *indr;
	struct flow_block_cb *block_cb;

	indr = xnic_tunnel_indr_find(tun, netdev);
	if (indr && flow_block_cb_is_busy(xnic_tunnel_block_cb, indr,
					  &xnic_tunnel_block_cb_list))
		return -EBUSY;
	indr = kzalloc(sizeof(*indr), GFP_KERNEL);
	if (!indr)
		return -ENOMEM;
	indr->tun = tun;
	indr->netdev = netdev;
	mutex_lock(&tun->lock);
	list_add(&indr->node, &tun->indr);
	mutex_unlock(&tun->lock);
	block_cb = flow_indr_block_cb_alloc(xnic_tunnel_block_cb, indr, indr,
					    xnic_tunnel_indr_release, f,
					    netdev, sch, data, tun, cleanup);
	if (IS_ERR(block_cb)) {
		xnic_tunnel_indr_release(indr);
		return PTR_ERR(block_cb);
	}
	flow_block_cb_add(block_cb, f);
	list_add_tail(&block_cb->driver_list, &xnic_tunnel_block_cb_list);
	return 0;
}

static int xnic_tunnel_indr_unbind(struct xnic_tunnel *tun,
				   struct net_device *netdev,
				   struct flow_block_offload *f)
{
	struct xnic_tunnel_indr *indr;
	struct flow_block_cb *block_cb;

	indr = xnic_tunnel_indr_find(tun, netdev);
	if (!indr)
		return -ENOENT;
	block_cb = flow_block_cb_lookup(f->block, xnic_tunnel_block_cb, indr);
	if (!block_cb)
		return -ENOENT;
	flow_indr_block_cb_remove(block_cb, f);
	list_del(&block_cb->driver_list);
	return 0;
}

/* flow_indr_block_bind_cb_t: a block of some device without ndo_setup_tc */
static int xnic_tunnel_indr_cb(struct net_device *netdev,
			       typeof_member(struct flow_block_indr, sch) sch,
			       void *cb_priv, enum tc_setup_type type,
			       void *type_data, void *data,
			       void (*cleanup)(struct flow_block_cb *block_cb))
{
	struct flow_block_offload *f = type_data;
	struct xnic_tunnel *tun = cb_priv;

	if (!netdev || type != TC_SETUP_BLOCK || !xnic_tunnel_netdev(netdev))
		return -EOPNOTSUPP;
	if (f->binder_type != FLOW_BLOCK_BINDER_TYPE_CLSACT_INGRESS)
		return -EOPNOTSUPP;
	f->unlocked_driver_cb = true;
	switch (f->command) {
	case FLOW_BLOCK_BIND:
		return xnic_tunnel_indr_bind(tun, netdev, sch, f, data,
					     cleanup);
	case FLOW_BLOCK_UNBIND:
		return xnic_tunnel_indr_unbind(tun, netdev, f);
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * xnic_tunnel_offload_start() - offload rules of tunnel devices (switchdev)
 * @xnic: the PF
 *
 * Registers for indirect block offload: the clsact ingress blocks of
 * vxlan and geneve devices, existing and new, bind to this PF.
 *
 * Context: devlink instance lock held, RTNL not held.
 * Return: 0 (also without flower offload) or -ENOMEM.
 */
int xnic_tunnel_offload_start(struct xnic *xnic)
{
	struct xnic_tunnel *tun = xnic->tunnel;
	int err;

	if (!tun || tun->registered)
		return 0;
	err = flow_indr_dev_register(xnic_tunnel_indr_cb, tun);
	if (err)
		return err;
	tun->registered = true;
	return 0;
}

/**
 * xnic_tunnel_offload_stop() - no more rules of tunnel devices (legacy)
 * @xnic: the PF
 *
 * Unbinds the tunnel devices' blocks; tc destroys the rules offloaded
 * there on the way.
 *
 * Context: devlink instance lock held, RTNL not held (tc takes it).
 */
void xnic_tunnel_offload_stop(struct xnic *xnic)
{
	struct xnic_tunnel *tun = xnic->tunnel;

	if (!tun || !tun->registered)
		return;
	flow_indr_dev_unregister(xnic_tunnel_indr_cb, tun,
				 xnic_tunnel_indr_release);
	tun->registered = false;
}

/**
 * xnic_tunnel_init() - set up tunnel offload of a PF with flower offload
 * @xnic: the PF
 * @max_encaps: the NIC's encap table size (FLOW_INFO)
 *
 * Context: process context (probe).
 * Return: 0 or a negative errno.
 */
int xnic_tunnel_init(struct xnic *xnic, u32 max_encaps)
{
	struct xnic_tunnel *tun;
	int err;

	tun = kzalloc(sizeof(*tun), GFP_KERNEL);
	if (!tun)
		return -ENOMEM;
	tun->xnic = xnic;
	tun->max_encaps = max_encaps;
	mutex_init(&tun->lock);
	INIT_LIST_HEAD(&tun->encaps);
	INIT_LIST_HEAD(&tun->indr);
	ida_init(&tun->ids);
	INIT_WORK(&tun->neigh_work, xnic_tunnel_neigh_work);
	tun->netevent_nb.notifier_call = xnic_tunnel_netevent;
	err = register_netevent_notifier(&tun->netevent_nb);
	if (err) {
		mutex_destroy(&tun->lock);
		kfree(tun);
		return err;
	}
	xnic->tunnel = tun;
	return 0;
}

/**
 * xnic_tunnel_free() - tear tunnel offload down
 * @xnic: the PF, no rule left, no longer registered for indirect blocks
 *
 * Context: process context (remove).
 */
void xnic_tunnel_free(struct xnic *xnic)
{
	struct xnic_tunnel *tun = xnic->tunnel;

	if (!tun)
		return;
	unregister_netevent_notifier(&tun->netevent_nb);
	cancel_work_sync(&tun->neigh_work);
	WARN_ON(tun->registered || !list_empty(&tun->encaps));
	ida_destroy(&tun->ids);
	mutex_destroy(&tun->lock);
	kfree(tun);
	xnic->tunnel = NULL;
}
