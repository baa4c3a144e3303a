// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_flow_parse.c - frame to struct xnic_flow_key (see xnic_flow_parse.h).
 *
 * One pass over the headers, each step checking that the bytes it reads
 * are inside the frame (and, above L3, inside the IP packet, so Ethernet
 * padding is never taken for a header). A step that cannot complete stops
 * the parse and leaves the later fields zero. Tunnel frames are parsed
 * twice: the outer headers, whose addresses move to tun_*, then the inner
 * frame from scratch.
 */
#include <endian.h>
#include <string.h>

#include "xnic_flow_parse.h"

#define ETH_HLEN_	14
#define ETH_P_IP_	0x0800
#define ETH_P_IPV6_	0x86dd
#define ETH_P_8021Q_	0x8100
#define ETH_P_8021AD_	0x88a8
#define ETH_P_TEB_	0x6558		/* Geneve: Ethernet inside */
#define VLAN_TCI_NO_DEI	0xefff

#define IPPROTO_ICMP_	1
#define IPPROTO_TCP_	6
#define IPPROTO_UDP_	17
#define IPPROTO_ICMPV6_	58
#define IPPROTO_SCTP_	132
#define IPV6_HOPOPTS_	0
#define IPV6_ROUTING_	43
#define IPV6_FRAGMENT_	44
#define IPV6_DSTOPTS_	60
#define IPV6_MAX_EXTHDRS 8

#define IP4_MF		0x2000
#define IP4_OFFSET	0x1fff
#define TCP_FLAGS_MASK	0x0fff

#define UDP_HLEN	8
#define VXLAN_HLEN	8
#define VXLAN_FLAG_VNI	0x08
#define GENEVE_HLEN	8

static uint16_t be16_at(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

/* What the outer pass needs to decide whether a frame is a tunnel */
struct parse_state {
	const uint8_t *f;
	size_t len;		/* bytes of the frame */
	size_t end;		/* end of the L3 packet: L4 reads stay below */
	size_t l3, l4;		/* offsets, 0: not reached */
};

static void parse_l4(struct parse_state *s, struct xnic_flow_key *k)
{
	const uint8_t *p = s->f + s->l4;
	size_t avail = s->end - s->l4;

	switch (k->ip_proto) {
	case IPPROTO_TCP_:
		if (avail < 4)
			return;
		memcpy(&k->l4_src, p, 2);
		memcpy(&k->l4_dst, p + 2, 2);
		if (avail >= 14)
			k->tcp_flags = htobe16(be16_at(p + 12) & TCP_FLAGS_MASK);
		break;
	case IPPROTO_UDP_:
	case IPPROTO_SCTP_:
		if (avail < 4)
			return;
		memcpy(&k->l4_src, p, 2);
		memcpy(&k->l4_dst, p + 2, 2);
		break;
	case IPPROTO_ICMP_:
		if (k->eth_type != htobe16(ETH_P_IP_) || avail < 2)
			return;
		k->icmp_type = p[0];
		k->icmp_code = p[1];
		break;
	case IPPROTO_ICMPV6_:
		if (k->eth_type != htobe16(ETH_P_IPV6_) || avail < 2)
			return;
		k->icmp_type = p[0];
		k->icmp_code = p[1];
		break;
	default:
		return;
	}
}

/*
 * IPv4 at @off: sets s->l3 if the header is there, returns 1 if the L4
 * header may be parsed (then at s->l4)
 */
static int parse_ipv4(struct parse_state *s, size_t off,
		      struct xnic_flow_key *k)
{
	const uint8_t *ip = s->f + off;
	size_t avail = s->len - off, ihl, tot;
	uint16_t frag;

	if (avail < 20 || (ip[0] >> 4) != 4)
		return 0;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	tot = be16_at(ip + 2);
	if (ihl < 20 || ihl > avail)
		return 0;
	s->l3 = off;
	k->ip_tos = ip[1];
	k->ip_ttl = ip[8];
	k->ip_proto = ip[9];
	memcpy(&k->ip_src[0], ip + 12, 4);
	memcpy(&k->ip_dst[0], ip + 16, 4);
	frag = be16_at(ip + 6);
	if (frag & (IP4_MF | IP4_OFFSET)) {
		k->ip_frag = XNIC_FLOW_FRAG_IS;
		if (!(frag & IP4_OFFSET))
			k->ip_frag |= XNIC_FLOW_FRAG_FIRST;
	}
	if (tot < ihl)		/* malformed: trust no L4 */
		return 0;
	s->end = off + (tot < avail ? tot : avail);
	if (frag & IP4_OFFSET)
		return 0;
	s->l4 = off + ihl;
	return 1;
}

/* IPv6 at @l3 and its extension headers, as parse_ipv4() */
static int parse_ipv6(struct parse_state *s, size_t l3,
		      struct xnic_flow_key *k)
{
	const uint8_t *ip = s->f + l3;
	size_t avail = s->len - l3, off, plen;
	uint8_t nh;
	int i;

	if (avail < 40 || (ip[0] >> 4) != 6)
		return 0;
	s->l3 = l3;
	k->ip_tos = (uint8_t)(((ip[0] & 0x0f) << 4) | (ip[1] >> 4));
	k->ip_ttl = ip[7];
	memcpy(k->ip_src, ip + 8, 16);
	memcpy(k->ip_dst, ip + 24, 16);
	plen = be16_at(ip + 4);
	s->end = l3 + (40 + plen < avail ? 40 + plen : avail);
	nh = ip[6];
	off = l3 + 40;
	for (i = 0; i < IPV6_MAX_EXTHDRS; i++) {
		const uint8_t *h = s->f + off;
		size_t hlen;

		k->ip_proto = nh;
		if (nh != IPV6_HOPOPTS_ && nh != IPV6_ROUTING_ &&
		    nh != IPV6_DSTOPTS_ && nh != IPV6_FRAGMENT_)
			break;
		if (s->end - off < 8)
			return 0;
		if (nh == IPV6_FRAGMENT_) {
			uint16_t fo = be16_at(h + 2);

			hlen = 8;
			k->ip_frag = XNIC_FLOW_FRAG_IS;
			if (!(fo & 0xfff8))
				k->ip_frag |= XNIC_FLOW_FRAG_FIRST;
		} else {
			hlen = ((size_t)h[1] + 1) * 8;
		}
		if (s->end - off < hlen)
			return 0;
		nh = h[0];
		off += hlen;
		k->ip_proto = nh;
		if (k->ip_frag && !(k->ip_frag & XNIC_FLOW_FRAG_FIRST))
			return 0;
	}
	if (i == IPV6_MAX_EXTHDRS)
		return 0;
	s->l4 = off;
	return 1;
}

/* Ethernet, VLANs, IP, L4 of the frame in @s into @k (in_port untouched) */
static void parse_frame(struct parse_state *s, struct xnic_flow_key *k)
{
	size_t off = 12;
	uint16_t type;
	int tags;

	if (s->len >= 6)
		memcpy(k->eth_dst, s->f, 6);
	if (s->len >= 12)
		memcpy(k->eth_src, s->f + 6, 6);
	if (s->len < ETH_HLEN_)
		return;
	type = be16_at(s->f + off);
	off += 2;
	for (tags = 0; tags < 2 && (type == ETH_P_8021Q_ ||
				    type == ETH_P_8021AD_); tags++) {
		__be16 tpid = htobe16(type), tci;

		if (s->len - off < 4)
			break;
		tci = htobe16(be16_at(s->f + off) & VLAN_TCI_NO_DEI);
		if (!tags) {
			k->vlan_tpid = tpid;
			k->vlan_tci = tci;
		} else {
			k->cvlan_tpid = tpid;
			k->cvlan_tci = tci;
		}
		type = be16_at(s->f + off + 2);
		off += 4;
	}
	k->eth_type = htobe16(type);
	if ((type == ETH_P_IP_ && parse_ipv4(s, off, k)) ||
	    (type == ETH_P_IPV6_ && parse_ipv6(s, off, k)))
		parse_l4(s, k);
}

/*
 * A VXLAN or Geneve header after the UDP header at s->l4: the tunnel type,
 * @vni and the offset of the inner frame; XNIC_FLOW_TUN_NONE if the packet
 * is not one the NIC decodes.
 */
static uint8_t parse_tunnel(const struct parse_state *s,
			    const struct xnic_flow_key *k, uint32_t *vni,
			    size_t *inner)
{
	size_t th = s->l4 + UDP_HLEN;
	const uint8_t *p = s->f + th;
	uint16_t dport = be16toh(k->l4_dst);

	if (k->ip_proto != IPPROTO_UDP_ || k->ip_frag ||
	    s->end - s->l4 < UDP_HLEN + 8)
		return XNIC_FLOW_TUN_NONE;
	*vni = (uint32_t)p[4] << 16 | (uint32_t)p[5] << 8 | p[6];
	if (dport == XNIC_FLOW_VXLAN_PORT) {
		if (!(p[0] & VXLAN_FLAG_VNI))
			return XNIC_FLOW_TUN_NONE;
		*inner = th + VXLAN_HLEN;
		return XNIC_FLOW_TUN_VXLAN;
	}
	if (dport == XNIC_FLOW_GENEVE_PORT) {
		size_t opt_len = (size_t)(p[0] & 0x3f) * 4;

		if ((p[0] >> 6) != 0 || be16_at(p + 2) != ETH_P_TEB_ ||
		    s->end - th < GENEVE_HLEN + opt_len)
			return XNIC_FLOW_TUN_NONE;
		*inner = th + GENEVE_HLEN + opt_len;
		return XNIC_FLOW_TUN_GENEVE;
	}
	return XNIC_FLOW_TUN_NONE;
}

void xnic_flow_parse(const uint8_t *frame, size_t len, uint16_t in_port,
		     struct xnic_flow_parsed *out)
{
	struct parse_state s = { .f = frame, .len = len, .end = len };
	struct xnic_flow_key *k = &out->key;
	struct xnic_flow_key outer;
	size_t inner = 0;
	uint32_t vni = 0;
	uint8_t tun;

	memset(out, 0, sizeof(*out));
	parse_frame(&s, k);
	if (in_port == XNIC_PORT_PHYS(0) && s.l4) {
		tun = parse_tunnel(&s, k, &vni, &inner);
		if (tun != XNIC_FLOW_TUN_NONE) {
			outer = *k;
			memset(k, 0, sizeof(*k));
			memcpy(k->tun_src, outer.ip_src, sizeof(k->tun_src));
			memcpy(k->tun_dst, outer.ip_dst, sizeof(k->tun_dst));
			k->tun_vni = htobe32(vni);
			k->tun_dport = outer.l4_dst;
			k->tun_tos = outer.ip_tos;
			k->tun_ttl = outer.ip_ttl;
			k->tun_type = tun;
			/* the inner frame ends where the outer packet does */
			s = (struct parse_state){ .f = frame + inner,
						  .len = s.end - inner };
			s.end = s.len;
			parse_frame(&s, k);
			out->inner_off = (uint32_t)inner;
		}
	}
	k->in_port = htole16(in_port);
	out->l3_off = s.l3 ? (uint32_t)(out->inner_off + s.l3) : 0;
	out->l4_off = s.l4 ? (uint32_t)(out->inner_off + s.l4) : 0;
	out->l3_end = s.l3 ? (uint32_t)(out->inner_off + s.end) : 0;
}
