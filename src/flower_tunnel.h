/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flower_tunnel.h - VXLAN and Geneve in the flower offload: encap entries
 * for "tunnel_key set + redirect to a tunnel device", the tunnel keys of
 * rules on a tunnel device's ingress (indirect blocks), decap.
 */
#ifndef _XNIC_FLOWER_TUNNEL_H
#define _XNIC_FLOWER_TUNNEL_H

#include <linux/bits.h>
#include <linux/netdevice.h>
#include <linux/types.h>
#include <net/flow_offload.h>
#include <net/ip_tunnels.h>

#include "xnic_hw.h"

struct xnic;

/* match keys of a rule on a tunnel device, beside the plain flower keys */
#define XNIC_TUNNEL_KEYS						\
	(BIT(FLOW_DISSECTOR_KEY_ENC_CONTROL) |				\
	 BIT(FLOW_DISSECTOR_KEY_ENC_IPV4_ADDRS) |			\
	 BIT(FLOW_DISSECTOR_KEY_ENC_IPV6_ADDRS) |			\
	 BIT(FLOW_DISSECTOR_KEY_ENC_KEYID) |				\
	 BIT(FLOW_DISSECTOR_KEY_ENC_PORTS) |				\
	 BIT(FLOW_DISSECTOR_KEY_ENC_IP) |				\
	 BIT(FLOW_DISSECTOR_KEY_ENC_OPTS))

int xnic_tunnel_init(struct xnic *xnic, u32 max_encaps);
void xnic_tunnel_free(struct xnic *xnic);
int xnic_tunnel_offload_start(struct xnic *xnic);
void xnic_tunnel_offload_stop(struct xnic *xnic);
bool xnic_tunnel_netdev(const struct net_device *netdev);
int xnic_tunnel_match(const struct net_device *netdev, struct flow_rule *rule,
		      struct xnic_flow_key *k, struct xnic_flow_key *m,
		      struct netlink_ext_ack *extack);
int xnic_tunnel_encap_get(struct xnic *xnic, const struct ip_tunnel_info *info,
			  struct net_device *tun_dev, u32 *id,
			  struct netlink_ext_ack *extack);
void xnic_tunnel_encap_put(struct xnic *xnic, u32 id);

#endif /* _XNIC_FLOWER_TUNNEL_H */
