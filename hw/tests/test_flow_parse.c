// SPDX-License-Identifier: GPL-2.0
/*
 * test_flow_parse.c - the eswitch frame parser: every key field from
 * hand-built frames (Ethernet, two VLAN tags, IPv4 with options and
 * fragments, IPv6 extension headers, TCP/UDP/SCTP/ICMP/ICMPv6, VXLAN and
 * Geneve from port 0 only), header offsets, then a fuzz: every truncation
 * of every frame and random mutations, each an exact-size heap copy so
 * that AddressSanitizer catches any read past the end.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_flow_parse.h"
#include "tap.h"

struct fb {
	uint8_t b[600];
	size_t n;
};

static const uint8_t MAC_D[6] = { 0x02, 0, 0, 0, 0, 0x0d };
static const uint8_t MAC_S[6] = { 0x02, 0, 0, 0, 0, 0x05 };

static void put(struct fb *f, const void *p, size_t n)
{
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static void put8(struct fb *f, uint8_t v)
{
	f->b[f->n++] = v;
}

static void put16(struct fb *f, uint16_t v)
{
	put8(f, (uint8_t)(v >> 8));
	put8(f, (uint8_t)v);
}

static void put32(struct fb *f, uint32_t v)
{
	put16(f, (uint16_t)(v >> 16));
	put16(f, (uint16_t)v);
}

static void set16(struct fb *f, size_t at, uint16_t v)
{
	f->b[at] = (uint8_t)(v >> 8);
	f->b[at + 1] = (uint8_t)v;
}

static void eth(struct fb *f)
{
	f->n = 0;
	put(f, MAC_D, 6);
	put(f, MAC_S, 6);
}

/* IPv4 header with @optw option words; returns its offset (fix_len later) */
static size_t ipv4(struct fb *f, uint8_t proto, uint32_t src, uint32_t dst,
		   uint16_t frag, unsigned int optw)
{
	size_t at = f->n;
	unsigned int i;

	put8(f, (uint8_t)(0x40 | (5 + optw)));
	put8(f, 0xb8);			/* tos */
	put16(f, 0);			/* total length: fix_ip4 */
	put16(f, 0x1234);
	put16(f, frag);
	put8(f, 33);			/* ttl */
	put8(f, proto);
	put16(f, 0);
	put32(f, src);
	put32(f, dst);
	for (i = 0; i < optw; i++)
		put32(f, 0x01010101);	/* NOPs */
	return at;
}

static void fix_ip4(struct fb *f, size_t at)
{
	set16(f, at + 2, (uint16_t)(f->n - at));
}

static const uint8_t V6_S[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t V6_D[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 1, 2 };

static size_t ipv6(struct fb *f, uint8_t nh)
{
	size_t at = f->n;

	put8(f, 0x6a);			/* version 6, tclass 0xa5 */
	put8(f, 0x50);
	put16(f, 0);
	put16(f, 0);			/* payload length: fix_ip6 */
	put8(f, nh);
	put8(f, 7);			/* hop limit */
	put(f, V6_S, 16);
	put(f, V6_D, 16);
	return at;
}

static void fix_ip6(struct fb *f, size_t at)
{
	set16(f, at + 4, (uint16_t)(f->n - at - 40));
}

static void l4ports(struct fb *f, uint16_t sport, uint16_t dport)
{
	put16(f, sport);
	put16(f, dport);
}

static void tcp(struct fb *f, uint16_t sport, uint16_t dport, uint16_t flags)
{
	l4ports(f, sport, dport);
	put32(f, 1);
	put32(f, 0);
	put16(f, (uint16_t)(0x5000 | flags));
	put16(f, 1000);
	put32(f, 0);
}

static void udp(struct fb *f, uint16_t sport, uint16_t dport)
{
	l4ports(f, sport, dport);
	put16(f, 8);
	put16(f, 0);
}

static void parse(const struct fb *f, uint16_t port, struct xnic_flow_parsed *p)
{
	uint8_t *copy = malloc(f->n ? f->n : 1);

	memcpy(copy, f->b, f->n);
	xnic_flow_parse(copy, f->n, port, p);
	free(copy);
}

static uint32_t ip4_of(__be32 v)
{
	return be32toh(v);
}

static void test_eth_vlan_tcp4(void)
{
	struct xnic_flow_parsed p;
	struct fb f;
	size_t ip;

	eth(&f);
	put16(&f, 0x88a8);
	put16(&f, 0xb064);		/* pcp 5, DEI set, vid 100 */
	put16(&f, 0x8100);
	put16(&f, 0x2007);		/* pcp 1, vid 7 */
	put16(&f, 0x0800);
	ip = ipv4(&f, 6, 0x0a000001, 0x0a000002, 0x4000, 2);	/* DF */
	tcp(&f, 1234, 80, 0x012);	/* SYN ACK */
	put(&f, "payload", 7);
	fix_ip4(&f, ip);
	put32(&f, 0);			/* Ethernet padding */
	parse(&f, XNIC_PORT_VF(3), &p);

	CHECK_EQ(XNIC_PORT_VF(3), le16toh(p.key.in_port), "in_port");
	CHECK(!memcmp(p.key.eth_dst, MAC_D, 6) &&
	      !memcmp(p.key.eth_src, MAC_S, 6), "MACs");
	CHECK_EQ(0x88a8, be16toh(p.key.vlan_tpid), "outer TPID 802.1ad");
	CHECK_EQ(0xa064, be16toh(p.key.vlan_tci), "outer tci without DEI");
	CHECK_EQ(0x8100, be16toh(p.key.cvlan_tpid), "inner TPID");
	CHECK_EQ(0x2007, be16toh(p.key.cvlan_tci), "inner tci");
	CHECK_EQ(0x0800, be16toh(p.key.eth_type), "eth_type after tags");
	CHECK_EQ(6, p.key.ip_proto, "ip_proto");
	CHECK_EQ(0xb8, p.key.ip_tos, "ip_tos");
	CHECK_EQ(33, p.key.ip_ttl, "ip_ttl");
	CHECK_EQ(0, p.key.ip_frag, "DF is not a fragment");
	CHECK_EQ(0x0a000001, ip4_of(p.key.ip_src[0]), "ip_src");
	CHECK_EQ(0x0a000002, ip4_of(p.key.ip_dst[0]), "ip_dst");
	CHECK(!p.key.ip_src[1] && !p.key.ip_dst[3], "IPv4 rest zero");
	CHECK_EQ(1234, be16toh(p.key.l4_src), "tcp sport behind options");
	CHECK_EQ(80, be16toh(p.key.l4_dst), "tcp dport");
	CHECK_EQ(0x012, be16toh(p.key.tcp_flags), "tcp flags");
	CHECK_EQ(22, p.l3_off, "l3_off");
	CHECK_EQ(22 + 28, p.l4_off, "l4_off after options");
	CHECK_EQ(f.n - 4, p.l3_end, "l3_end excludes padding");
	CHECK_EQ(0, p.key.tun_type, "no tunnel");
	CHECK_EQ(0, p.inner_off, "no inner frame");
}

static void test_ipv4_frags_icmp(void)
{
	struct xnic_flow_parsed p;
	struct fb f;
	size_t ip;

	eth(&f);
	put16(&f, 0x0800);
	ip = ipv4(&f, 17, 1, 2, 0x2000, 0);	/* MF, offset 0 */
	udp(&f, 53, 5353);
	fix_ip4(&f, ip);
	parse(&f, XNIC_PORT_PF, &p);
	CHECK_EQ(XNIC_FLOW_FRAG_IS | XNIC_FLOW_FRAG_FIRST, p.key.ip_frag,
		 "first fragment flags");
	CHECK_EQ(5353, be16toh(p.key.l4_dst), "first fragment: ports parsed");
	CHECK_EQ(0, be16toh(p.key.vlan_tpid), "untagged: no TPID");

	eth(&f);
	put16(&f, 0x0800);
	ip = ipv4(&f, 17, 1, 2, 0x0010, 0);	/* offset 128 bytes */
	udp(&f, 53, 5353);
	fix_ip4(&f, ip);
	parse(&f, XNIC_PORT_PF, &p);
	CHECK_EQ(XNIC_FLOW_FRAG_IS, p.key.ip_frag, "later fragment flags");
	CHECK_EQ(0, p.key.l4_dst, "later fragment: no ports");
	CHECK_EQ(0, p.l4_off, "later fragment: no l4_off");
	CHECK_EQ(17, p.key.ip_proto, "later fragment keeps ip_proto");

	eth(&f);
	put16(&f, 0x0800);
	ip = ipv4(&f, 1, 1, 2, 0, 0);
	put8(&f, 8);
	put8(&f, 0);
	put16(&f, 0);
	fix_ip4(&f, ip);
	parse(&f, XNIC_PORT_PF, &p);
	CHECK(p.key.icmp_type == 8 && p.key.icmp_code == 0 &&
	      !p.key.l4_src, "ICMP echo type/code, no ports");

	eth(&f);
	put16(&f, 0x0800);
	ip = ipv4(&f, 132, 1, 2, 0, 0);
	l4ports(&f, 36412, 2905);
	put32(&f, 0);
	put32(&f, 0);
	fix_ip4(&f, ip);
	parse(&f, XNIC_PORT_PF, &p);
	CHECK(be16toh(p.key.l4_src) == 36412 &&
	      be16toh(p.key.l4_dst) == 2905, "SCTP ports");

	/* total length shorter than the header: addresses, no L4 */
	eth(&f);
	put16(&f, 0x0800);
	ip = ipv4(&f, 6, 1, 2, 0, 0);
	tcp(&f, 1, 2, 0);
	set16(&f, ip + 2, 10);
	parse(&f, XNIC_PORT_PF, &p);
	CHECK(ip4_of(p.key.ip_dst[0]) == 2 && !p.key.l4_dst && !p.l4_off,
	      "bad total length: L3 only");
}

static void test_ipv6_exthdrs(void)
{
	struct xnic_flow_parsed p;
	struct fb f;
	size_t ip;

	eth(&f);
	put16(&f, 0x86dd);
	ip = ipv6(&f, 0);		/* hop-by-hop */
	put8(&f, 43);
	put8(&f, 0);
	put(&f, "\x01\x04\0\0\0\0", 6);
	put8(&f, 60);			/* routing, 16 bytes */
	put8(&f, 1);
	put(&f, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 14);
	put8(&f, 44);			/* dest opts */
	put8(&f, 0);
	put(&f, "\x01\x04\0\0\0\0", 6);
	put8(&f, 6);			/* fragment: first, M set */
	put8(&f, 0);
	put16(&f, 0x0001);
	put32(&f, 0xabcd);
	tcp(&f, 4000, 22, 0x002);
	fix_ip6(&f, ip);
	parse(&f, XNIC_PORT_PF, &p);
	CHECK_EQ(0x86dd, be16toh(p.key.eth_type), "eth_type IPv6");
	CHECK_EQ(6, p.key.ip_proto, "ip_proto behind 4 extension headers");
	CHECK_EQ(0xa5, p.key.ip_tos, "traffic class");
	CHECK_EQ(7, p.key.ip_ttl, "hop limit");
	CHECK(!memcmp(p.key.ip_src, V6_S, 16) &&
	      !memcmp(p.key.ip_dst, V6_D, 16), "IPv6 addresses");
	CHECK_EQ(XNIC_FLOW_FRAG_IS | XNIC_FLOW_FRAG_FIRST, p.key.ip_frag,
		 "IPv6 first fragment");
	CHECK_EQ(4000, be16toh(p.key.l4_src), "tcp sport behind ext hdrs");
	CHECK_EQ(0x002, be16toh(p.key.tcp_flags), "SYN");
	CHECK_EQ(14 + 40 + 8 + 16 + 8 + 8, p.l4_off, "IPv6 l4_off");

	/* a later fragment: no L4 */
	eth(&f);
	put16(&f, 0x86dd);
	ip = ipv6(&f, 44);
	put8(&f, 17);
	put8(&f, 0);
	put16(&f, 0x0100);		/* offset 32 */
	put32(&f, 1);
	udp(&f, 1, 2);
	fix_ip6(&f, ip);
	parse(&f, XNIC_PORT_PF, &p);
	CHECK(p.key.ip_frag == XNIC_FLOW_FRAG_IS && p.key.ip_proto == 17 &&
	      !p.key.l4_dst, "IPv6 later fragment: proto, no ports");

	eth(&f);
	put16(&f, 0x86dd);
	ip = ipv6(&f, 58);
	put8(&f, 135);			/* neighbour solicitation */
	put8(&f, 0);
	put16(&f, 0);
	fix_ip6(&f, ip);
	parse(&f, XNIC_PORT_PF, &p);
	CHECK(p.key.icmp_type == 135 && p.key.ip_proto == 58,
	      "ICMPv6 type");
}

/* Outer eth/IPv4/UDP to @dport, tunnel header @th of @thlen, inner frame */
static void tunnel(struct fb *f, uint16_t dport, const uint8_t *th,
		   size_t thlen)
{
	struct fb in;
	size_t ip, u;

	eth(&in);
	put16(&in, 0x8100);
	put16(&in, 42);
	put16(&in, 0x0800);
	ip = ipv4(&in, 6, 0xc0a80001, 0xc0a80002, 0, 0);
	tcp(&in, 5555, 443, 0x010);
	fix_ip4(&in, ip);

	eth(f);
	put16(f, 0x0800);
	ip = ipv4(f, 17, 0xac100001, 0xac100002, 0, 0);
	u = f->n;
	udp(f, 49152, dport);
	put(f, th, thlen);
	put(f, in.b, in.n);
	set16(f, u + 4, (uint16_t)(f->n - u));
	fix_ip4(f, ip);
}

static void test_tunnels(void)
{
	static const uint8_t vxlan[8] = { 0x08, 0, 0, 0, 0x12, 0x34, 0x56, 0 };
	static const uint8_t geneve[16] = { 0x02, 0, 0x65, 0x58, 0, 0, 0x99,
					    0, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct xnic_flow_parsed p;
	struct fb f;

	tunnel(&f, 4789, vxlan, sizeof(vxlan));
	parse(&f, XNIC_PORT_PHYS(0), &p);
	CHECK_EQ(XNIC_FLOW_TUN_VXLAN, p.key.tun_type, "VXLAN decoded");
	CHECK_EQ(0x123456, be32toh(p.key.tun_vni), "VXLAN VNI");
	CHECK_EQ(0xac100001, ip4_of(p.key.tun_src[0]), "tun_src outer");
	CHECK_EQ(0xac100002, ip4_of(p.key.tun_dst[0]), "tun_dst outer");
	CHECK_EQ(4789, be16toh(p.key.tun_dport), "tun_dport");
	CHECK(p.key.tun_tos == 0xb8 && p.key.tun_ttl == 33, "tun tos/ttl");
	CHECK_EQ(0xc0a80001, ip4_of(p.key.ip_src[0]), "ip_src from inner");
	CHECK_EQ(443, be16toh(p.key.l4_dst), "inner tcp dport");
	CHECK_EQ(42, be16toh(p.key.vlan_tci), "inner VLAN");
	CHECK_EQ(14 + 20 + 8 + 8, p.inner_off, "VXLAN inner_off");
	CHECK_EQ(p.inner_off + 18, p.l3_off, "l3_off of the inner packet");
	CHECK_EQ(XNIC_PORT_PHYS(0), le16toh(p.key.in_port), "in_port kept");

	parse(&f, XNIC_PORT_VF(0), &p);
	CHECK(p.key.tun_type == 0 && be16toh(p.key.l4_dst) == 4789,
	      "VXLAN from a VF is plain UDP");

	tunnel(&f, 6081, geneve, sizeof(geneve));
	parse(&f, XNIC_PORT_PHYS(0), &p);
	CHECK_EQ(XNIC_FLOW_TUN_GENEVE, p.key.tun_type, "Geneve decoded");
	CHECK_EQ(0x000099, be32toh(p.key.tun_vni), "Geneve VNI");
	CHECK_EQ(14 + 20 + 8 + 16, p.inner_off, "Geneve options skipped");
	CHECK_EQ(443, be16toh(p.key.l4_dst), "Geneve inner dport");

	tunnel(&f, 4789, (const uint8_t *)"\0\0\0\0\0\0\0\0", 8);
	parse(&f, XNIC_PORT_PHYS(0), &p);
	CHECK(p.key.tun_type == 0 && p.inner_off == 0 &&
	      ip4_of(p.key.ip_src[0]) == 0xac100001,
	      "VXLAN without the I flag: not decoded");
}

static void test_odd_frames(void)
{
	struct xnic_flow_parsed p;
	struct fb f;

	f.n = 10;
	memset(f.b, 0xff, 10);
	parse(&f, XNIC_PORT_PF, &p);
	CHECK(!memcmp(p.key.eth_dst, "\xff\xff\xff\xff\xff\xff", 6) &&
	      !p.key.eth_src[0] && !p.key.eth_type,
	      "10-byte frame: eth_dst only");

	eth(&f);
	put16(&f, 0x8100);
	put16(&f, 5);
	put16(&f, 0x8100);
	put16(&f, 6);
	put16(&f, 0x8100);		/* a third tag */
	put16(&f, 7);
	put16(&f, 0x0800);
	parse(&f, XNIC_PORT_PF, &p);
	CHECK(be16toh(p.key.eth_type) == 0x8100 && !p.l3_off &&
	      be16toh(p.key.cvlan_tci) == 6, "third tag: eth_type 0x8100");

	eth(&f);
	put16(&f, 0x0806);
	put(&f, "arp-payload-bytes-ignored-here", 28);
	parse(&f, XNIC_PORT_PF, &p);
	CHECK(be16toh(p.key.eth_type) == 0x0806 && !p.l3_off &&
	      !p.key.ip_proto, "ARP: eth_type only");
}

static uint32_t rnd_state = 12345;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Offsets the parser reports must lie inside the frame */
static int sane(const struct xnic_flow_parsed *p, size_t len)
{
	return p->l3_off <= len && p->l4_off <= len && p->l3_end <= len &&
	       p->inner_off <= len && (!p->l4_off || p->l4_off >= p->l3_off);
}

static void test_fuzz(void)
{
	static const uint8_t vxlan[8] = { 0x08, 0, 0, 0, 0, 0, 1, 0 };
	static const uint8_t geneve[12] = { 0x01, 0, 0x65, 0x58, 0, 0, 2, 0 };
	struct xnic_flow_parsed p;
	struct fb seeds[4], f;
	unsigned int s, bad = 0, runs = 0, i;
	size_t len, ip;

	tunnel(&seeds[0], 4789, vxlan, sizeof(vxlan));
	tunnel(&seeds[1], 6081, geneve, sizeof(geneve));
	eth(&seeds[2]);
	put16(&seeds[2], 0x86dd);
	ip = ipv6(&seeds[2], 0);
	put8(&seeds[2], 44);
	put8(&seeds[2], 0);
	put(&seeds[2], "\0\0\0\0\0\0", 6);
	put8(&seeds[2], 6);
	put8(&seeds[2], 0);
	put16(&seeds[2], 0);
	put32(&seeds[2], 0);
	tcp(&seeds[2], 1, 2, 3);
	fix_ip6(&seeds[2], ip);
	eth(&seeds[3]);
	put16(&seeds[3], 0x8100);
	put16(&seeds[3], 1);
	put16(&seeds[3], 0x0800);
	ip = ipv4(&seeds[3], 6, 1, 2, 0, 10);
	tcp(&seeds[3], 1, 2, 3);
	fix_ip4(&seeds[3], ip);

	/* every truncation of every seed */
	for (s = 0; s < 4; s++)
		for (len = 0; len <= seeds[s].n; len++) {
			f = seeds[s];
			f.n = len;
			parse(&f, XNIC_PORT_PHYS(0), &p);
			bad += !sane(&p, len);
			runs++;
		}
	/* random mutations, random lengths, then pure noise */
	for (i = 0; i < 200000; i++) {
		f = seeds[i % 4];
		for (s = rnd() % 6; s; s--)
			f.b[rnd() % f.n] = (uint8_t)rnd();
		f.n = rnd() % (f.n + 1);
		parse(&f, XNIC_PORT_PHYS(0), &p);
		bad += !sane(&p, f.n);
		runs++;
	}
	for (i = 0; i < 20000; i++) {
		f.n = rnd() % 200;
		for (len = 0; len < f.n; len++)
			f.b[len] = (uint8_t)rnd();
		parse(&f, (uint16_t)(rnd() & 1 ? XNIC_PORT_PHYS(0) :
				     XNIC_PORT_PF), &p);
		bad += !sane(&p, f.n);
		runs++;
	}
	CHECK_EQ(0, bad, "fuzz: %u frames, offsets inside the frame", runs);
}

int main(void)
{
	test_eth_vlan_tcp4();
	test_ipv4_frags_icmp();
	test_ipv6_exthdrs();
	test_tunnels();
	test_odd_frames();
	test_fuzz();
	return tap_done();
}
