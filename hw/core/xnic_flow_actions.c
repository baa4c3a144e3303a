// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_flow_actions.c - the frame-editing steps of flow actions (see
 * xnic_flow_actions.h). Each checks everything it will touch before it
 * writes anything, so a step that fails leaves the frame as it was.
 */
#include <endian.h>
#include <string.h>

#include "xnic_flow_actions.h"

#define ETH_ALEN_	6
#define ETH_HLEN_	14
#define VLAN_HLEN_	4
#define ETH_P_IP_	0x0800
#define ETH_P_IPV6_	0x86dd
#define ETH_P_8021Q_	0x8100
#define ETH_P_8021AD_	0x88a8
#define ETH_P_TEB_	0x6558
#define IPPROTO_ICMP_	1
#define IPPROTO_TCP_	6
#define IPPROTO_UDP_	17
#define IPPROTO_ICMPV6_	58
#define IP4_DF		0x4000
#define DEFAULT_TTL	64
#define UDP_HLEN_	8
#define TUN_HLEN	8		/* VXLAN, Geneve without options */
#define VXLAN_FLAG_VNI	0x08
#define SPORT_BASE	49152u		/* encap source ports 49152..65535 */
#define NS_PER_S	1000000000ull

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) << 16 | rd16(p + 2);
}

static void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, (uint16_t)(v >> 16));
	wr16(p + 2, (uint16_t)v);
}

static uint8_t *frame(const struct xnic_flow_pkt *pkt)
{
	return pkt->buf + pkt->off;
}

static bool is_vlan_tpid(uint16_t tpid)
{
	return tpid == ETH_P_8021Q_ || tpid == ETH_P_8021AD_;
}

/* ---- VLAN ---- */

int xnic_flow_vlan_push(struct xnic_flow_pkt *pkt, uint16_t tpid,
			uint16_t tci)
{
	uint8_t *f;

	if (!is_vlan_tpid(tpid) || pkt->len < ETH_HLEN_ ||
	    pkt->off < VLAN_HLEN_)
		return -1;
	pkt->off -= VLAN_HLEN_;
	pkt->len += VLAN_HLEN_;
	f = frame(pkt);
	memmove(f, f + VLAN_HLEN_, 2 * ETH_ALEN_);
	wr16(f + 2 * ETH_ALEN_, tpid);
	wr16(f + 2 * ETH_ALEN_ + 2, tci);
	return 0;
}

int xnic_flow_vlan_pop(struct xnic_flow_pkt *pkt)
{
	uint8_t *f = frame(pkt);

	if (pkt->len < ETH_HLEN_ + VLAN_HLEN_ ||
	    !is_vlan_tpid(rd16(f + 2 * ETH_ALEN_)))
		return -1;
	memmove(f + VLAN_HLEN_, f, 2 * ETH_ALEN_);
	pkt->off += VLAN_HLEN_;
	pkt->len -= VLAN_HLEN_;
	return 0;
}

int xnic_flow_vlan_modify(struct xnic_flow_pkt *pkt, uint16_t tci,
			  uint16_t mask)
{
	uint8_t *f = frame(pkt);
	uint16_t old;

	if (pkt->len < ETH_HLEN_ + VLAN_HLEN_ ||
	    !is_vlan_tpid(rd16(f + 2 * ETH_ALEN_)))
		return -1;
	old = rd16(f + 2 * ETH_ALEN_ + 2);
	wr16(f + 2 * ETH_ALEN_ + 2, (uint16_t)((old & ~mask) | (tci & mask)));
	return 0;
}

/* ---- checksums ---- */

uint32_t xnic_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += rd16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	/* keep room for more: fold the carries now and then */
	return (sum & 0xffff) + (sum >> 16);
}

uint16_t xnic_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static bool parsed_ipv4(const struct xnic_flow_parsed *p)
{
	return p->l3_off && p->key.eth_type == htobe16(ETH_P_IP_);
}

static bool parsed_ipv6(const struct xnic_flow_parsed *p)
{
	return p->l3_off && p->key.eth_type == htobe16(ETH_P_IPV6_);
}

/* The parse results describe a packet inside this frame */
static bool parsed_fits(const struct xnic_flow_pkt *pkt,
			const struct xnic_flow_parsed *p)
{
	size_t l3min = parsed_ipv6(p) ? 40 : 20;

	return p->l3_end <= pkt->len &&
	       (!p->l3_off || p->l3_off + l3min <= p->l3_end) &&
	       p->l4_off <= p->l3_end && (!p->l4_off || p->l4_off > p->l3_off);
}

/* Sum of the pseudo-header of an L4 segment of @len bytes */
static uint32_t pseudo_sum(const uint8_t *ip, bool v6, uint8_t proto,
			   size_t len)
{
	uint8_t tail[8] = { 0 };
	uint32_t sum;

	if (v6) {
		sum = xnic_csum_add(0, ip + 8, 32);
		wr32(tail, (uint32_t)len);
		tail[7] = proto;
		return xnic_csum_add(sum, tail, 8);
	}
	sum = xnic_csum_add(0, ip + 12, 8);
	tail[1] = proto;
	wr16(tail + 2, (uint16_t)len);
	return xnic_csum_add(sum, tail, 4);
}

static void ipv4_csum(uint8_t *ip, size_t ihl)
{
	wr16(ip + 10, 0);
	wr16(ip + 10, xnic_csum_fold(xnic_csum_add(0, ip, ihl)));
}

/* L4 checksum at @at of the segment @l4 of @len bytes */
static void l4_csum(uint8_t *ip, bool v6, uint8_t *l4, size_t len,
		    size_t at, uint8_t proto, bool pseudo)
{
	uint32_t sum = pseudo ? pseudo_sum(ip, v6, proto, len) : 0;
	uint16_t c;

	wr16(l4 + at, 0);
	c = xnic_csum_fold(xnic_csum_add(sum, l4, len));
	if (proto == IPPROTO_UDP_ && !c)
		c = 0xffff;
	wr16(l4 + at, c);
}

int xnic_flow_csum(struct xnic_flow_pkt *pkt,
		   const struct xnic_flow_parsed *p, uint32_t flags)
{
	uint8_t *f = frame(pkt), *ip, *l4;
	bool v4 = parsed_ipv4(p), v6 = parsed_ipv6(p);
	uint8_t proto = p->key.ip_proto;
	size_t ihl, l4len;

	if (flags & ~(uint32_t)(XNIC_FLOW_CSUM_IP4 | XNIC_FLOW_CSUM_TCP |
				XNIC_FLOW_CSUM_UDP | XNIC_FLOW_CSUM_ICMP) ||
	    !parsed_fits(pkt, p))
		return -1;
	if (!v4 && !v6)
		return 0;
	ip = f + p->l3_off;
	if (v4 && (flags & XNIC_FLOW_CSUM_IP4)) {
		ihl = (size_t)(ip[0] & 0x0f) * 4;
		if (ihl >= 20 && p->l3_off + ihl <= p->l3_end)
			ipv4_csum(ip, ihl);
	}
	/* L4 checksums cover the whole segment: not for fragments */
	if (!p->l4_off || p->key.ip_frag)
		return 0;
	l4 = f + p->l4_off;
	l4len = p->l3_end - p->l4_off;
	if (proto == IPPROTO_TCP_ && (flags & XNIC_FLOW_CSUM_TCP) &&
	    l4len >= 20)
		l4_csum(ip, v6, l4, l4len, 16, proto, true);
	else if (proto == IPPROTO_UDP_ && (flags & XNIC_FLOW_CSUM_UDP) &&
		 l4len >= UDP_HLEN_ && (v6 || rd16(l4 + 6)))
		l4_csum(ip, v6, l4, l4len, 6, proto, true);
	else if (proto == IPPROTO_ICMP_ && v4 &&
		 (flags & XNIC_FLOW_CSUM_ICMP) && l4len >= 4)
		l4_csum(ip, false, l4, l4len, 2, proto, false);
	else if (proto == IPPROTO_ICMPV6_ && v6 &&
		 (flags & XNIC_FLOW_CSUM_ICMP) && l4len >= 4)
		l4_csum(ip, true, l4, l4len, 2, proto, true);
	return 0;
}

/* ---- PEDIT ---- */

/* Start and length of header @htype of the parsed frame, -1 if absent */
static int pedit_header(const struct xnic_flow_pkt *pkt,
			const struct xnic_flow_parsed *p, uint8_t htype,
			size_t *start, size_t *hlen)
{
	const uint8_t *f = frame(pkt);

	switch (htype) {
	case XNIC_FLOW_HDR_ETH:
		*start = 0;
		*hlen = 16;	/* the word at 12: type and 2 bytes after */
		return pkt->len >= 16 ? 0 : -1;
	case XNIC_FLOW_HDR_IP4:
		if (!parsed_ipv4(p))
			return -1;
		*start = p->l3_off;
		*hlen = (size_t)(f[p->l3_off] & 0x0f) * 4;
		return 0;
	case XNIC_FLOW_HDR_IP6:
		if (!parsed_ipv6(p))
			return -1;
		*start = p->l3_off;
		*hlen = 40;
		return 0;
	case XNIC_FLOW_HDR_TCP:
		if (!p->l4_off || p->key.ip_proto != IPPROTO_TCP_ ||
		    p->l3_end - p->l4_off < 20)
			return -1;
		*start = p->l4_off;
		*hlen = (size_t)(f[p->l4_off + 12] >> 4) * 4;
		return 0;
	case XNIC_FLOW_HDR_UDP:
		if (!p->l4_off || p->key.ip_proto != IPPROTO_UDP_)
			return -1;
		*start = p->l4_off;
		*hlen = UDP_HLEN_;
		return 0;
	default:
		return -1;
	}
}

int xnic_flow_pedit(struct xnic_flow_pkt *pkt,
		    const struct xnic_flow_parsed *p, uint8_t htype,
		    uint16_t offset, uint32_t mask, uint32_t val)
{
	size_t start, hlen, end;
	uint8_t *w;

	if (!parsed_fits(pkt, p) || offset % 4 ||
	    pedit_header(pkt, p, htype, &start, &hlen))
		return -1;
	end = htype == XNIC_FLOW_HDR_ETH ? pkt->len : p->l3_end;
	if ((size_t)offset + 4 > hlen || start + offset + 4 > end)
		return -1;
	w = frame(pkt) + start + offset;
	wr32(w, (rd32(w) & mask) | (val & ~mask));
	return 0;
}

/* ---- tunnels ---- */

int xnic_flow_encap(struct xnic_flow_pkt *pkt,
		    const struct xnic_flow_encap *e, uint32_t flow_hash)
{
	bool v6 = e->ip_ver == 6;
	size_t iphl = v6 ? 40 : 20;
	size_t need = ETH_HLEN_ + iphl + UDP_HLEN_ + TUN_HLEN;
	size_t udp_len = UDP_HLEN_ + TUN_HLEN + pkt->len;
	uint32_t vni = be32toh(e->vni);
	uint8_t ttl = e->ttl ? e->ttl : DEFAULT_TTL;
	uint8_t *o, *ip, *udp, *th;

	if ((e->tun_type != XNIC_FLOW_TUN_VXLAN &&
	     e->tun_type != XNIC_FLOW_TUN_GENEVE) ||
	    (e->ip_ver != 4 && e->ip_ver != 6) || vni > 0xffffff ||
	    pkt->off < need ||
	    (v6 ? udp_len : iphl + udp_len) > 0xffff)	/* length fields */
		return -1;
	pkt->off -= need;
	pkt->len += need;
	o = frame(pkt);
	memset(o, 0, need);
	memcpy(o, e->eth_dst, ETH_ALEN_);
	memcpy(o + ETH_ALEN_, e->eth_src, ETH_ALEN_);
	wr16(o + 12, v6 ? ETH_P_IPV6_ : ETH_P_IP_);
	ip = o + ETH_HLEN_;
	udp = ip + iphl;
	th = udp + UDP_HLEN_;
	if (v6) {
		wr32(ip, 6u << 28 | (uint32_t)e->tos << 20 |
			 (flow_hash & 0xfffff));
		wr16(ip + 4, (uint16_t)udp_len);
		ip[6] = IPPROTO_UDP_;
		ip[7] = ttl;
		memcpy(ip + 8, e->src, 16);
		memcpy(ip + 24, e->dst, 16);
	} else {
		ip[0] = 0x45;
		ip[1] = e->tos;
		wr16(ip + 2, (uint16_t)(iphl + udp_len));
		wr16(ip + 6, IP4_DF);
		ip[8] = ttl;
		ip[9] = IPPROTO_UDP_;
		memcpy(ip + 12, &e->src[0], 4);
		memcpy(ip + 16, &e->dst[0], 4);
		ipv4_csum(ip, iphl);
	}
	wr16(udp, (uint16_t)(SPORT_BASE + flow_hash % (65536 - SPORT_BASE)));
	memcpy(udp + 2, &e->dport, 2);
	wr16(udp + 4, (uint16_t)udp_len);
	if (e->tun_type == XNIC_FLOW_TUN_VXLAN)
		th[0] = VXLAN_FLAG_VNI;
	else
		wr16(th + 2, ETH_P_TEB_);	/* Geneve: version 0, no options */
	th[4] = (uint8_t)(vni >> 16);
	th[5] = (uint8_t)(vni >> 8);
	th[6] = (uint8_t)vni;
	/* IPv4: no UDP checksum, as tunnels send; IPv6 needs one */
	if (v6)
		l4_csum(ip, true, udp, udp_len, 6, IPPROTO_UDP_, true);
	return 0;
}

int xnic_flow_decap(struct xnic_flow_pkt *pkt,
		    const struct xnic_flow_parsed *p)
{
	if (p->key.tun_type == XNIC_FLOW_TUN_NONE || !p->inner_off ||
	    p->inner_off + ETH_HLEN_ > pkt->len)
		return -1;
	pkt->off += p->inner_off;
	pkt->len -= p->inner_off;
	return 0;
}

/* ---- policer ---- */

int xnic_flow_policer_set(struct xnic_flow_policer *pol, uint64_t rate_bps,
			  uint32_t burst, uint64_t now_ns)
{
	if (!rate_bps || rate_bps > XNIC_FLOW_POLICE_MAX_BPS || !burst)
		return -1;
	pol->rate_bps = rate_bps;
	pol->burst_bits = (uint64_t)burst * 8;
	pol->tokens = pol->burst_bits;
	pol->frac = 0;
	pol->last_ns = now_ns;
	return 0;
}

/*
 * Add rate * elapsed time, exactly: whole seconds times the rate, then the
 * nanoseconds times the rate split in units of 1e9 and a remainder, with
 * the fraction of a bit carried in frac. Never overflows: a gap long
 * enough to fill the bucket fills it without multiplying.
 */
static void policer_refill(struct xnic_flow_policer *pol, uint64_t now_ns)
{
	uint64_t gap, secs, ns, need, add, nb;

	if (now_ns <= pol->last_ns)
		return;
	gap = now_ns - pol->last_ns;
	pol->last_ns = now_ns;
	need = pol->burst_bits - pol->tokens;
	secs = gap / NS_PER_S;
	ns = gap % NS_PER_S;
	if (!need || secs > need / pol->rate_bps) {
		pol->tokens = pol->burst_bits;
		pol->frac = 0;
		return;
	}
	add = secs * pol->rate_bps + ns * (pol->rate_bps / NS_PER_S);
	nb = ns * (pol->rate_bps % NS_PER_S) + pol->frac;
	add += nb / NS_PER_S;
	pol->frac = nb % NS_PER_S;
	if (add >= need) {
		pol->tokens = pol->burst_bits;
		pol->frac = 0;
	} else {
		pol->tokens += add;
	}
}

bool xnic_flow_policer_pass(struct xnic_flow_policer *pol, size_t len,
			    uint64_t now_ns)
{
	uint64_t cost = (uint64_t)len * 8;

	policer_refill(pol, now_ns);
	if (pol->tokens < cost)
		return false;
	pol->tokens -= cost;
	return true;
}
