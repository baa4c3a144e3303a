// SPDX-License-Identifier: GPL-2.0
/*
 * test_flow_actions.c - the frame-editing steps of flow actions: VLAN
 * push/pop/modify, PEDIT, checksums (checked against a known IPv4 header
 * and by an independent one's-complement sum), VXLAN/Geneve encap read back
 * by the parser and decap, the policer's exact token arithmetic, and random
 * frames through every step (AddressSanitizer watches the buffer).
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_flow_actions.h"
#include "tap.h"

#define HEADROOM	128

struct buf {
	uint8_t b[HEADROOM + 600];
	struct xnic_flow_pkt pkt;
};

static void buf_init(struct buf *b, const uint8_t *f, size_t len,
		     size_t headroom)
{
	memset(b->b, 0xee, sizeof(b->b));
	memcpy(b->b + headroom, f, len);
	b->pkt = (struct xnic_flow_pkt){ .buf = b->b, .size = sizeof(b->b),
					 .off = headroom, .len = len };
}

static const uint8_t *fr(const struct buf *b)
{
	return b->b + b->pkt.off;
}

static void parse(const struct buf *b, uint16_t port,
		  struct xnic_flow_parsed *p)
{
	xnic_flow_parse(fr(b), b->pkt.len, port, p);
}

/* Independent check: the one's complement sum of a region incl. its csum */
static uint16_t ones_sum(const uint8_t *a, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i < n; i++)
		sum += i % 2 ? a[i] : (uint32_t)a[i] << 8;
	while (sum > 0xffff)
		sum = (sum >> 16) + (sum & 0xffff);
	return (uint16_t)sum;
}

static uint32_t pseudo4(const uint8_t *ip, uint8_t proto, size_t len)
{
	return ones_sum(ip + 12, 8, 0) + proto + (uint32_t)len;
}

static uint32_t pseudo6(const uint8_t *ip, uint8_t proto, size_t len)
{
	return ones_sum(ip + 8, 32, 0) + proto + (uint32_t)len;
}

/* eth / IPv4 / TCP (or UDP, ICMP) with payload; checksums left zero */
static size_t frame4(uint8_t *f, uint8_t proto, bool vlan)
{
	size_t o = 12, ip, l4len = proto == 6 ? 20 : 8;

	memset(f, 0, 200);
	memcpy(f, "\x02\0\0\0\0\x0d\x02\0\0\0\0\x05", 12);
	if (vlan) {
		memcpy(f + o, "\x81\x00\x20\x0a", 4);
		o += 4;
	}
	memcpy(f + o, "\x08\x00", 2);
	ip = o + 2;
	f[ip] = 0x45;
	f[ip + 2] = 0;
	f[ip + 3] = (uint8_t)(20 + l4len + 13);
	f[ip + 8] = 64;
	f[ip + 9] = proto;
	memcpy(f + ip + 12, "\x0a\0\0\x01\x0a\0\0\x02", 8);
	memcpy(f + ip + 20, "\x04\xd2\x00\x50", 4);	/* 1234 -> 80 */
	if (proto == 6)
		f[ip + 32] = 0x50;
	if (proto == 17)
		f[ip + 25] = (uint8_t)(8 + 13);
	if (proto == 1)
		memcpy(f + ip + 20, "\x08\x00\x00\x00\x12\x34\x00\x01", 8);
	memcpy(f + ip + 20 + l4len, "hello, world!", 13);
	return ip + 20 + l4len + 13;
}

static size_t frame6_udp(uint8_t *f, uint8_t nh)
{
	memset(f, 0, 200);
	memcpy(f, "\x02\0\0\0\0\x0d\x02\0\0\0\0\x05\x86\xdd", 14);
	f[14] = 0x60;
	f[19] = 8 + 9;
	f[20] = nh;
	f[21] = 9;
	f[22] = 0x20;
	f[23] = 0x01;
	f[37] = 1;
	f[38] = 0x20;
	f[39] = 0x01;
	f[53] = 2;
	memcpy(f + 54, "\x13\x88\x13\x89\x00\x11\x00\x00", 8);
	if (nh == 58)
		memcpy(f + 54, "\x80\x00\x00\x00\x00\x01\x00\x01", 8);
	memcpy(f + 62, "ninebytes", 9);
	return 71;
}

static void test_vlan(void)
{
	uint8_t f[200];
	size_t len = frame4(f, 6, false);
	struct xnic_flow_parsed p;
	struct buf b;
	int r1, r2;

	buf_init(&b, f, len, HEADROOM);
	CHECK_EQ(0, xnic_flow_vlan_push(&b.pkt, 0x88a8, 0x6064), "push");
	parse(&b, XNIC_PORT_PF, &p);
	CHECK(be16toh(p.key.vlan_tpid) == 0x88a8 &&
	      be16toh(p.key.vlan_tci) == 0x6064 &&
	      be16toh(p.key.l4_dst) == 80 && b.pkt.len == len + 4,
	      "pushed tag parsed, L4 intact");
	CHECK_EQ(0, xnic_flow_vlan_push(&b.pkt, 0x8100, 7), "push a second");
	CHECK_EQ(0, xnic_flow_vlan_modify(&b.pkt, 0xe005, 0xf000),
		 "modify pcp only");
	parse(&b, XNIC_PORT_PF, &p);
	CHECK(be16toh(p.key.vlan_tci) == 0xe007 &&
	      be16toh(p.key.cvlan_tci) == 0x6064, "modify kept vid 7");
	r1 = xnic_flow_vlan_pop(&b.pkt);
	r2 = xnic_flow_vlan_pop(&b.pkt);
	CHECK(!r1 && !r2, "pop both");
	CHECK(b.pkt.len == len && !memcmp(fr(&b), f, len),
	      "push, push, pop, pop: the original frame");
	CHECK_EQ(-1, xnic_flow_vlan_pop(&b.pkt), "pop untagged refused");
	CHECK_EQ(-1, xnic_flow_vlan_modify(&b.pkt, 1, 0xfff),
		 "modify untagged refused");
	CHECK_EQ(-1, xnic_flow_vlan_push(&b.pkt, 0x0800, 1),
		 "push with a bad TPID refused");
	buf_init(&b, f, len, 3);
	r1 = xnic_flow_vlan_push(&b.pkt, 0x8100, 1);
	CHECK(r1 == -1 && b.pkt.off == 3 && !memcmp(fr(&b), f, len),
	      "push without headroom: refused, frame unchanged");
}

static void test_pedit(void)
{
	uint8_t f[200];
	size_t len = frame4(f, 6, true);
	struct xnic_flow_parsed p;
	struct buf b;

	buf_init(&b, f, len, HEADROOM);
	parse(&b, XNIC_PORT_PF, &p);
	CHECK_EQ(0, xnic_flow_pedit(&b.pkt, &p, XNIC_FLOW_HDR_IP4, 16, 0,
				    0xc0a80007), "pedit ip dst");
	CHECK_EQ(0, xnic_flow_pedit(&b.pkt, &p, XNIC_FLOW_HDR_TCP, 0,
				    0xffff0000, 0x1f90), "pedit tcp dport");
	CHECK_EQ(0, xnic_flow_pedit(&b.pkt, &p, XNIC_FLOW_HDR_ETH, 0,
				    0x0000ffff, 0x0a0b0000), "pedit eth dst");
	parse(&b, XNIC_PORT_PF, &p);
	CHECK_EQ(0xc0a80007, be32toh(p.key.ip_dst[0]), "new ip dst");
	CHECK(be16toh(p.key.l4_dst) == 8080 && be16toh(p.key.l4_src) == 1234,
	      "new dport, sport kept");
	CHECK(!memcmp(p.key.eth_dst, "\x0a\x0b\0\0\0\x0d", 6),
	      "eth dst: masked bits kept");
	CHECK_EQ(-1, xnic_flow_pedit(&b.pkt, &p, XNIC_FLOW_HDR_IP4, 20, 0, 0),
		 "IPv4 word past a 20-byte header");
	CHECK_EQ(-1, xnic_flow_pedit(&b.pkt, &p, XNIC_FLOW_HDR_UDP, 0, 0, 0),
		 "UDP header on a TCP packet");
	CHECK_EQ(-1, xnic_flow_pedit(&b.pkt, &p, XNIC_FLOW_HDR_IP6, 0, 0, 0),
		 "IPv6 header on an IPv4 packet");
	CHECK_EQ(-1, xnic_flow_pedit(&b.pkt, &p, XNIC_FLOW_HDR_TCP, 2, 0, 0),
		 "unaligned offset");
	CHECK_EQ(-1, xnic_flow_pedit(&b.pkt, &p, XNIC_FLOW_HDR_TCP, 20, 0, 0),
		 "TCP word past a 20-byte header");
}

static void test_csum(void)
{
	static const uint8_t hdr[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};
	uint8_t f[200];
	struct xnic_flow_parsed p;
	struct buf b;
	size_t len;
	const uint8_t *ip, *l4;

	CHECK_EQ(0xb861, xnic_csum_fold(xnic_csum_add(0, hdr, 20)),
		 "known IPv4 header checksum");

	len = frame4(f, 6, false);
	buf_init(&b, f, len, HEADROOM);
	parse(&b, XNIC_PORT_PF, &p);
	CHECK_EQ(0, xnic_flow_csum(&b.pkt, &p, XNIC_FLOW_CSUM_IP4 |
				   XNIC_FLOW_CSUM_TCP | XNIC_FLOW_CSUM_UDP),
		 "csum ip4+tcp+udp on TCP");
	ip = fr(&b) + p.l3_off;
	l4 = fr(&b) + p.l4_off;
	CHECK_EQ(0xffff, ones_sum(ip, 20, 0), "IPv4 header sums to ~0");
	CHECK_EQ(0xffff, ones_sum(l4, p.l3_end - p.l4_off,
				  pseudo4(ip, 6, p.l3_end - p.l4_off)),
		 "TCP with pseudo-header sums to ~0");

	len = frame4(f, 17, false);
	buf_init(&b, f, len, HEADROOM);
	parse(&b, XNIC_PORT_PF, &p);
	xnic_flow_csum(&b.pkt, &p, XNIC_FLOW_CSUM_UDP);
	CHECK_EQ(0, fr(&b)[p.l4_off + 6] | fr(&b)[p.l4_off + 7],
		 "IPv4 UDP without checksum stays without");
	f[14 + 20 + 7] = 1;
	buf_init(&b, f, len, HEADROOM);
	xnic_flow_csum(&b.pkt, &p, XNIC_FLOW_CSUM_UDP);
	ip = fr(&b) + p.l3_off;
	CHECK_EQ(0xffff, ones_sum(fr(&b) + p.l4_off, 21,
				  pseudo4(ip, 17, 21)),
		 "IPv4 UDP with checksum recomputed");

	len = frame4(f, 1, false);
	buf_init(&b, f, len, HEADROOM);
	parse(&b, XNIC_PORT_PF, &p);
	xnic_flow_csum(&b.pkt, &p, XNIC_FLOW_CSUM_ICMP);
	CHECK_EQ(0xffff, ones_sum(fr(&b) + p.l4_off, p.l3_end - p.l4_off, 0),
		 "ICMP checksum");

	len = frame6_udp(f, 17);
	buf_init(&b, f, len, HEADROOM);
	parse(&b, XNIC_PORT_PF, &p);
	xnic_flow_csum(&b.pkt, &p, XNIC_FLOW_CSUM_UDP);
	ip = fr(&b) + p.l3_off;
	CHECK_EQ(0xffff, ones_sum(fr(&b) + p.l4_off, 17, pseudo6(ip, 17, 17)),
		 "IPv6 UDP with pseudo-header");
	len = frame6_udp(f, 58);
	buf_init(&b, f, len, HEADROOM);
	parse(&b, XNIC_PORT_PF, &p);
	xnic_flow_csum(&b.pkt, &p, XNIC_FLOW_CSUM_ICMP);
	ip = fr(&b) + p.l3_off;
	CHECK_EQ(0xffff, ones_sum(fr(&b) + p.l4_off, 17, pseudo6(ip, 58, 17)),
		 "ICMPv6 with pseudo-header");
	CHECK_EQ(-1, xnic_flow_csum(&b.pkt, &p, 0x10), "unknown flag");
}

static void test_tunnels(void)
{
	struct xnic_flow_encap e = {
		.tun_type = XNIC_FLOW_TUN_VXLAN, .ip_ver = 4, .tos = 0x10,
		.eth_dst = { 0x02, 0, 0, 0, 0, 0xaa },
		.eth_src = { 0x02, 0, 0, 0, 0, 0xbb },
	};
	struct xnic_flow_parsed p, inner;
	uint8_t f[200];
	size_t len = frame4(f, 6, true);
	struct buf b;
	uint16_t sport1, sport2;
	const uint8_t *o;
	int r;

	e.src[0] = htobe32(0xac100001);
	e.dst[0] = htobe32(0xac100002);
	e.dport = htobe16(4789);
	e.vni = htobe32(0xabcdef);
	buf_init(&b, f, len, HEADROOM);
	xnic_flow_parse(f, len, XNIC_PORT_PHYS(0), &inner);
	CHECK_EQ(0, xnic_flow_encap(&b.pkt, &e, 0x12345), "VXLAN encap");
	CHECK_EQ(len + XNIC_FLOW_ENCAP4_LEN, b.pkt.len, "encap length");
	parse(&b, XNIC_PORT_PHYS(0), &p);
	CHECK(p.key.tun_type == XNIC_FLOW_TUN_VXLAN &&
	      be32toh(p.key.tun_vni) == 0xabcdef &&
	      be32toh(p.key.tun_src[0]) == 0xac100001 &&
	      be32toh(p.key.tun_dst[0]) == 0xac100002 &&
	      p.key.tun_tos == 0x10 && p.key.tun_ttl == 64,
	      "parser reads back the outer headers");
	CHECK(!memcmp(p.key.eth_dst, inner.key.eth_dst, 12) &&
	      p.key.vlan_tci == inner.key.vlan_tci &&
	      p.key.l4_dst == inner.key.l4_dst &&
	      p.key.ip_dst[0] == inner.key.ip_dst[0],
	      "and the inner frame's fields");
	o = fr(&b);
	CHECK_EQ(0xffff, ones_sum(o + 14, 20, 0), "outer IPv4 checksum");
	sport1 = (uint16_t)(o[34] << 8 | o[35]);
	CHECK(sport1 >= 49152, "UDP source port %u in 49152..65535", sport1);
	CHECK_EQ(0, xnic_flow_decap(&b.pkt, &p), "decap");
	CHECK(b.pkt.len == len && !memcmp(fr(&b), f, len),
	      "decap gives back the original frame");
	CHECK_EQ(-1, xnic_flow_decap(&b.pkt, &inner), "decap of no tunnel");

	e.tun_type = XNIC_FLOW_TUN_GENEVE;
	e.ip_ver = 6;
	e.dport = htobe16(6081);
	e.src[0] = htobe32(0x20010db8);
	e.src[3] = htobe32(1);
	e.dst[0] = htobe32(0x20010db8);
	e.dst[3] = htobe32(2);
	buf_init(&b, f, len, HEADROOM);
	CHECK_EQ(0, xnic_flow_encap(&b.pkt, &e, 0x12345), "Geneve/IPv6 encap");
	parse(&b, XNIC_PORT_PHYS(0), &p);
	CHECK(p.key.tun_type == XNIC_FLOW_TUN_GENEVE &&
	      be32toh(p.key.tun_dst[3]) == 2 &&
	      be32toh(p.key.tun_vni) == 0xabcdef &&
	      p.inner_off == XNIC_FLOW_ENCAP6_LEN &&
	      p.key.l4_dst == inner.key.l4_dst, "Geneve/IPv6 read back");
	o = fr(&b);
	CHECK_EQ(0xffff, ones_sum(o + 54, b.pkt.len - 54,
				  pseudo6(o + 14, 17, b.pkt.len - 54)),
		 "outer IPv6 UDP checksum");
	sport2 = (uint16_t)(o[54] << 8 | o[55]);
	CHECK_EQ(sport1, sport2, "same flow hash, same source port");

	buf_init(&b, f, len, XNIC_FLOW_ENCAP6_LEN - 1);
	r = xnic_flow_encap(&b.pkt, &e, 1);
	CHECK(r == -1 && b.pkt.len == len && !memcmp(fr(&b), f, len),
	      "no headroom: refused, unchanged");
	e.ip_ver = 5;
	buf_init(&b, f, len, HEADROOM);
	CHECK_EQ(-1, xnic_flow_encap(&b.pkt, &e, 1), "bad ip_ver refused");
}

static void test_policer(void)
{
	struct xnic_flow_policer pol;
	uint64_t t, passed = 0;
	unsigned int n = 0;
	bool a, b;

	CHECK_EQ(-1, xnic_flow_policer_set(&pol, 0, 100, 0), "rate 0");
	CHECK_EQ(-1, xnic_flow_policer_set(&pol, 1000, 0, 0), "burst 0");
	xnic_flow_policer_set(&pol, 8000, 1500, 0);	/* 1000 bytes/s */
	a = xnic_flow_policer_pass(&pol, 1500, 0);
	b = xnic_flow_policer_pass(&pol, 1, 0);
	CHECK(a && !b, "burst, then empty");
	a = xnic_flow_policer_pass(&pol, 2, 1999999);
	b = xnic_flow_policer_pass(&pol, 2, 2000000);
	CHECK(!a && b, "2 bytes after exactly 2 ms");

	/*
	 * 3 b/s polled every ms: fractions of a bit must carry over. The
	 * 2-byte bucket never fills again, so no fraction overflows it.
	 */
	xnic_flow_policer_set(&pol, 3, 2, 0);
	for (t = 0; t <= 24000000000ull; t += 1000000)
		n += xnic_flow_policer_pass(&pol, 1, t);
	CHECK_EQ(11, n, "3 b/s, 2-byte burst, 24 s: 2 + 9 bytes");

	/* 1 Mb/s offered 8 Mb/s for 1 s */
	xnic_flow_policer_set(&pol, 1000000, 1000, 0);
	for (t = 0; t < 1000000000ull; t += 100000)
		passed += xnic_flow_policer_pass(&pol, 100, t) ? 100 : 0;
	CHECK(passed <= 1000 + 125000 && passed >= 1000 + 125000 - 100,
	      "1 Mb/s for 1 s: %llu bytes (burst + 125000)",
	      (unsigned long long)passed);

	xnic_flow_policer_set(&pol, XNIC_FLOW_POLICE_MAX_BPS, UINT32_MAX, 0);
	xnic_flow_policer_pass(&pol, UINT32_MAX, 0);
	a = xnic_flow_policer_pass(&pol, UINT32_MAX, UINT64_MAX);
	CHECK(a && pol.tokens == 0,
	      "largest rate, burst and gap: no overflow");
	xnic_flow_policer_set(&pol, XNIC_FLOW_POLICE_MAX_BPS, UINT32_MAX, 0);
	xnic_flow_policer_pass(&pol, UINT32_MAX, 0);
	a = xnic_flow_policer_pass(&pol, 1250000, 9);
	b = xnic_flow_policer_pass(&pol, 1250000, 10);
	CHECK(!a && b, "1 Pb/s: 1.25 MB after 10 ns");
}

static uint32_t rs = 4242;

static uint32_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 17;
	rs ^= rs << 5;
	return rs;
}

static void test_random_frames(void)
{
	struct xnic_flow_encap e = { .tun_type = 1, .ip_ver = 4 };
	struct xnic_flow_parsed p;
	uint8_t seed[4][200], *heap;
	size_t seedlen[4], len, head;
	unsigned int i, k, ran = 0, outside = 0;

	seedlen[0] = frame4(seed[0], 6, true);
	seedlen[1] = frame4(seed[1], 17, false);
	seedlen[2] = frame6_udp(seed[2], 17);
	seedlen[3] = frame6_udp(seed[3], 58);
	for (i = 0; i < 50000; i++) {
		struct xnic_flow_pkt pkt;
		unsigned int s = i % 4;

		len = rnd() % (seedlen[s] + 1);
		head = rnd() % 80;
		heap = malloc(head + len + 1);
		memcpy(heap + head, seed[s], len);
		for (k = rnd() % 4; k && len; k--)
			heap[head + rnd() % len] = (uint8_t)rnd();
		pkt = (struct xnic_flow_pkt){ .buf = heap,
					      .size = head + len + 1,
					      .off = head, .len = len };
		xnic_flow_parse(heap + head, len, XNIC_PORT_PHYS(0), &p);
		xnic_flow_pedit(&pkt, &p, (uint8_t)(rnd() % 7),
				(uint16_t)(rnd() % 16 * 4), rnd(), rnd());
		xnic_flow_csum(&pkt, &p, 0x0f);
		xnic_flow_vlan_modify(&pkt, (uint16_t)rnd(), 0xffff);
		if (rnd() % 2 && !xnic_flow_vlan_pop(&pkt))
			xnic_flow_vlan_push(&pkt, 0x8100, 1);
		xnic_flow_decap(&pkt, &p);
		xnic_flow_encap(&pkt, &e, rnd());
		outside += pkt.off + pkt.len > pkt.size;
		ran++;
		free(heap);
	}
	CHECK_EQ(0, outside, "%u random frames through every step: the frame "
		 "stays inside its buffer (and ASan saw no stray access)", ran);
}

int main(void)
{
	test_vlan();
	test_pedit();
	test_csum();
	test_tunnels();
	test_policer();
	test_random_frames();
	return tap_done();
}
