// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_flow_hash.c - flow hash for spreading RX traffic over a port's
 * queues. The tuple (addresses, protocol, L4 ports) is hashed with 32-bit
 * FNV-1a and a final avalanche, so that flows differing in one port still
 * land on different queues.
 */
#include "xnic_flow_hash.h"

#define ETH_P_IPV4	0x0800
#define ETH_P_IPV6	0x86dd
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8
#define IPPROTO_TCP_	6
#define IPPROTO_UDP_	17
#define IPPROTO_SCTP_	132

static uint32_t fnv1a(uint32_t h, const uint8_t *p, size_t len)
{
	while (len--) {
		h ^= *p++;
		h *= 16777619u;
	}
	return h;
}

static uint32_t avalanche(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	h *= 0x846ca68bu;
	h ^= h >> 16;
	return h;
}

static uint16_t be16_at(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static int has_l4_ports(uint8_t proto)
{
	return proto == IPPROTO_TCP_ || proto == IPPROTO_UDP_ ||
	       proto == IPPROTO_SCTP_;
}

uint32_t xnic_flow_hash(const uint8_t *frame, size_t len)
{
	uint32_t h = 2166136261u;
	size_t off = 12;
	uint16_t type;
	int tags;

	if (len < 14)
		return 0;
	type = be16_at(frame + off);
	off += 2;
	for (tags = 0; tags < 2 && (type == ETH_P_8021Q ||
				    type == ETH_P_8021AD); tags++) {
		if (len < off + 4)
			return 0;
		type = be16_at(frame + off + 2);
		off += 4;
	}

	if (type == ETH_P_IPV4) {
		const uint8_t *ip = frame + off;
		size_t ihl;
		uint8_t proto;

		if (len < off + 20 || (ip[0] >> 4) != 4)
			return 0;
		ihl = (size_t)(ip[0] & 0x0f) * 4;
		if (ihl < 20 || len < off + ihl)
			return 0;
		proto = ip[9];
		h = fnv1a(h, ip + 12, 8);		/* saddr, daddr */
		h = fnv1a(h, &proto, 1);
		/* only the first fragment carries ports; hash none for any */
		if (has_l4_ports(proto) && !(be16_at(ip + 6) & 0x3fff) &&
		    len >= off + ihl + 4)
			h = fnv1a(h, ip + ihl, 4);	/* sport, dport */
		return avalanche(h);
	}
	if (type == ETH_P_IPV6) {
		const uint8_t *ip = frame + off;
		uint8_t proto;

		if (len < off + 40 || (ip[0] >> 4) != 6)
			return 0;
		proto = ip[6];
		h = fnv1a(h, ip + 8, 32);		/* saddr, daddr */
		h = fnv1a(h, &proto, 1);
		if (has_l4_ports(proto) && len >= off + 40 + 4)
			h = fnv1a(h, ip + 40, 4);
		return avalanche(h);
	}
	return 0;
}
