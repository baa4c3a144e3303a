/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the xnic selftest XDP programs: UDP/IPv4 parsing. */
#ifndef XDP_COMMON_H
#define XDP_COMMON_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* The UDP header of an IPv4 frame without options, or NULL. */
static __always_inline struct udphdr *udp_of(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *udp = (void *)(ip + 1);

	if ((void *)(udp + 1) > end)
		return NULL;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5 ||
	    ip->protocol != IPPROTO_UDP)
		return NULL;
	return udp;
}

/*
 * Swap the MAC and IPv4 addresses and the UDP ports of the frame whose
 * UDP header udp_of() returned: send it back.
 */
static __always_inline void bounce(struct udphdr *udp)
{
	struct iphdr *ip = (void *)udp - sizeof(*ip);
	struct ethhdr *eth = (void *)ip - sizeof(*eth);
	unsigned char mac[ETH_ALEN];
	__u32 addr;
	__u16 port;

	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	addr = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = addr;
	port = udp->source;
	udp->source = udp->dest;
	udp->dest = port;
}

#endif
