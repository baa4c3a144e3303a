// SPDX-License-Identifier: GPL-2.0
/*
 * test_flow_datapath.c - offloaded flow rules on the switchdev eswitch,
 * end to end through the core: frames injected on the uplink and sent from
 * VF queues meet rules installed with FLOW_ADD. Redirect VF->VF,
 * VF->uplink, uplink->VF, mirror to two ports, drop, VLAN push/pop/modify
 * as seen on the wire and by the VFs, PEDIT of MACs, IPv4 addresses and
 * TCP/UDP ports with correct checksums (checked by this file's own sum),
 * VXLAN and Geneve encap seen on the uplink and decap of frames arriving on
 * it, GOTO chains, priorities, POLICE holding its rate with the fake clock,
 * exact rule counters, the slow path for what no rule matches, and a rule
 * to a VF that went away.
 */
#include "flow_host.h"
#include "tap.h"

#define PF_QPS		3
#define SP_QP		1	/* the slow path: RX on queue pair 1 */
#define SP_BUFS		64
#define SP_BUF(i)	PKT_ADDR(256 + (i))

static const uint8_t host_a[6] = { 0x02, 0, 0, 0, 0xaa, 0x01 };
static const uint8_t host_b[6] = { 0x02, 0, 0, 0, 0xbb, 0x02 };

struct rig {
	struct fake_host *pf;
	struct fake_host *vf[2];
};

static void rig_up(struct rig *g)
{
	unsigned int i;

	g->pf = pf_setup_caps(2, PF_QPS, FLOW_CAPS);
	g->vf[0] = vf_setup(g->pf, 0);
	g->vf[1] = vf_setup(g->pf, 1);
	if (queue_cmd(g->pf, XNIC_CMD_QUEUE_CREATE, SP_QP, XNIC_QTYPE_RX, 6,
		      XNIC_PORT_SLOWPATH, RING_ADDR(SP_QP, 1)))
		host_die("slow-path queue refused", 0);
	for (i = 0; i < SP_BUFS; i++) {
		struct xnic_rx_desc *d = rx_desc(g->pf, SP_QP, i);

		memset(d, 0, sizeof(*d));
		d->addr = htole64(SP_BUF(i));
		d->buf_len = htole16(2048);
	}
	wr(g->pf, XNIC_REG_QP(SP_QP, XNIC_QP_RX_PROD), SP_BUFS);
	if (esw_set(g->pf, XNIC_ESW_MODE_SWITCHDEV))
		host_die("switchdev refused", 0);
}

static void rig_down(struct rig *g)
{
	if (g->vf[1])
		host_vf_free(g->vf[1], 1);
	host_vf_free(g->vf[0], 0);
	host_free(g->pf);
}

static unsigned int sp_count(struct fake_host *pf)
{
	unsigned int i, n = 0;

	for (i = 0; i < SP_BUFS; i++)
		if (rx_desc(pf, SP_QP, i)->flags & XNIC_DESC_F_DONE)
			n++;
	return n;
}

static uint64_t vport_stat(struct fake_host *pf, unsigned int v,
			   unsigned int i)
{
	uint64_t lo = rd(pf, XNIC_REG_ESW_VPORT_STAT_LO(v, i));

	return lo | (uint64_t)rd(pf, XNIC_REG_ESW_VPORT_STAT_HI(v, i)) << 32;
}

/* ---- frames and an independent checksum ---- */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += get16(p + i);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* Whether the IPv4 header at @ip and its TCP/UDP checksum are right */
static bool csums_ok(const uint8_t *ip)
{
	size_t ihl = (size_t)(ip[0] & 15) * 4, l4len = get16(ip + 2) - ihl;
	uint32_t s;

	if (fold(sum16(ip, ihl, 0)) != 0xffff)
		return false;
	s = sum16(ip + 12, 8, 0) + ip[9] + (uint32_t)l4len;
	return fold(sum16(ip + ihl, l4len, s)) == 0xffff;
}

/*
 * An IPv4 frame @dst <- @src, 10.0.0.1:1000 -> 10.0.0.2:2000, @proto TCP
 * or UDP, @len bytes, checksums right
 */
static size_t ip4_frame(uint8_t *f, const uint8_t *dst, const uint8_t *src,
			uint8_t proto, size_t len)
{
	uint8_t *ip = f + 14, *l4 = f + 34;
	size_t l4len = len - 34;
	uint32_t s;

	memset(f, 0, len);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	put16(f + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(len - 14));
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	put16(ip + 10, (uint16_t)~fold(sum16(ip, 20, 0)));
	put16(l4, 1000);
	put16(l4 + 2, 2000);
	if (proto == 6) {
		l4[12] = 0x50;
		memset(l4 + 20, 0x3c, l4len - 20);
	} else {
		put16(l4 + 4, (uint16_t)l4len);
		memset(l4 + 8, 0x3c, l4len - 8);
	}
	s = sum16(ip + 12, 8, 0) + proto + (uint32_t)l4len;
	put16(l4 + (proto == 6 ? 16 : 6), (uint16_t)~fold(sum16(l4, l4len, s)));
	return len;
}

/* Match the source port and nothing else */
static void from_port(struct xnic_flow_rule *r, uint64_t h, uint16_t port)
{
	rule_init(r, h, 0, 1);
	rule_in_port(r, port);
}

/* The last frame on the wire (and how many there were) */
static const struct fake_frame *wire_last(struct fake_host *pf)
{
	return pf->ntx ? &pf->tx[pf->ntx - 1] : NULL;
}

/* ---- tests ---- */

static void test_redirects(void)
{
	struct rig g;
	struct xnic_flow_rule r;
	uint8_t f[128], m0[6], m1[6];
	const uint8_t *got;
	unsigned int len;
	uint64_t pk, by;

	rig_up(&g);
	vf_mac(m0, 0);
	vf_mac(m1, 1);

	/* VF0 -> VF1 */
	from_port(&r, 1, XNIC_PORT_VF(0));
	act_output(&r, XNIC_PORT_VF(1));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "rule VF0 -> VF1");
	ip4_frame(f, host_a, m0, 17, 100);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(g.vf[0], f, 100), "VF0 sends");
	got = rx_frame(g.vf[1], 0, &len);
	CHECK(rx_count(g.vf[1]) == 1 && len == 100 && !memcmp(got, f, 100),
	      "VF1 got the frame unchanged (%u frames)", rx_count(g.vf[1]));
	CHECK_EQ(0, g.pf->ntx, "not on the wire");
	CHECK_EQ(0, sp_count(g.pf), "not on the slow path");
	CHECK(rule_stats(g.pf, 1, &pk, &by) && pk == 1 && by == 100,
	      "rule 1: 1 packet, 100 bytes");
	CHECK_EQ(1, vport_stat(g.pf, XNIC_ESW_VPORT_VF(1), V_RX_PACKETS),
		 "VF1 rx_packets");

	/* VF1 -> uplink */
	from_port(&r, 2, XNIC_PORT_VF(1));
	act_output(&r, XNIC_PORT_PHYS(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "rule VF1 -> uplink");
	ip4_frame(f, host_a, m1, 6, 90);
	send_frame(g.vf[1], f, 90);
	CHECK(g.pf->ntx == 1 && wire_last(g.pf)->len == 90 &&
	      !memcmp(wire_last(g.pf)->data, f, 90), "on the wire unchanged");
	CHECK_EQ(0, rx_count(g.vf[0]), "nothing for VF0");

	/* uplink -> VF0, by destination MAC */
	rule_init(&r, 3, 0, 1);
	rule_in_port(&r, XNIC_PORT_PHYS(0));
	memcpy(r.key.eth_dst, m0, 6);
	memset(r.mask.eth_dst, 0xff, 6);
	act_output(&r, XNIC_PORT_VF(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "rule uplink -> VF0");
	ip4_frame(f, m0, host_b, 17, 80);
	CHECK_EQ(XNIC_RX_DELIVERED, xnic_core_port_rx(g.pf->core, 0, f, 80),
		 "uplink frame taken");
	got = rx_frame(g.vf[0], 0, &len);
	CHECK(rx_count(g.vf[0]) == 1 && len == 80 && !memcmp(got, f, 80),
	      "VF0 got it");

	/* no rule matches: the slow path, meta = source port */
	ip4_frame(f, m1, host_b, 17, 80);
	xnic_core_port_rx(g.pf->core, 0, f, 80);
	CHECK_EQ(1, sp_count(g.pf), "unmatched uplink frame: slow path");
	CHECK_EQ(XNIC_PORT_PHYS(0), le16toh(rx_desc(g.pf, SP_QP, 0)->meta),
		 "meta PHYS(0)");
	ip4_frame(f, host_a, m0, 6, 70);	/* TCP: rule 1 still matches */
	f[12] = 0x86;				/* not IP: still VF0's */
	send_frame(g.vf[0], f, 70);
	CHECK_EQ(2, rx_count(g.vf[1]), "rule 1 matches any frame of VF0");
	CHECK(rule_stats(g.pf, 1, &pk, &by) && pk == 2 && by == 170,
	      "rule 1: 2 packets, 170 bytes");
	CHECK(rule_stats(g.pf, 3, &pk, &by) && pk == 1 && by == 80,
	      "rule 3: 1 packet, 80 bytes");
	flow_del(g.pf, 1);
	send_frame(g.vf[0], f, 70);
	CHECK_EQ(2, sp_count(g.pf), "rule gone: VF0's frame to the slow path");
	CHECK_EQ(XNIC_PORT_VF(0), le16toh(rx_desc(g.pf, SP_QP, 1)->meta),
		 "meta VF(0)");
	rig_down(&g);
}

static void test_mirror_drop_prio(void)
{
	struct rig g;
	struct xnic_flow_rule r;
	struct xnic_flow_stats_resp sr;
	uint8_t f[128];
	uint64_t pk, by;

	rig_up(&g);
	/* mirror: VF0, VF1 and the slow path */
	rule_init(&r, 10, 0, 5);
	rule_in_port(&r, XNIC_PORT_PHYS(0));
	act_output(&r, XNIC_PORT_VF(0));
	act_output(&r, XNIC_PORT_VF(1));
	rule_act(&r, XNIC_FLOW_ACT_SLOWPATH);
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "mirror rule");
	ip4_frame(f, host_a, host_b, 17, 100);
	xnic_core_port_rx(g.pf->core, 0, f, 100);
	CHECK(rx_count(g.vf[0]) == 1 && rx_count(g.vf[1]) == 1 &&
	      sp_count(g.pf) == 1, "both VFs and the slow path (%u %u %u)",
	      rx_count(g.vf[0]), rx_count(g.vf[1]), sp_count(g.pf));
	CHECK_EQ(XNIC_PORT_PHYS(0), le16toh(rx_desc(g.pf, SP_QP, 0)->meta),
		 "slow-path copy: meta PHYS(0)");

	/* a better prio wins: drop UDP */
	rule_init(&r, 20, 0, 2);
	rule_in_port(&r, XNIC_PORT_PHYS(0));
	r.key.ip_proto = 17;
	r.mask.ip_proto = 0xff;
	rule_act(&r, XNIC_FLOW_ACT_DROP);
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "drop rule, prio 2");
	CHECK_EQ(XNIC_RX_DELIVERED, xnic_core_port_rx(g.pf->core, 0, f, 100),
		 "dropped by a rule: taken, not a port drop");
	CHECK(rx_count(g.vf[0]) == 1 && rx_count(g.vf[1]) == 1 &&
	      sp_count(g.pf) == 1, "UDP dropped: nobody got it");
	ip4_frame(f, host_a, host_b, 6, 100);
	xnic_core_port_rx(g.pf->core, 0, f, 100);
	CHECK_EQ(2, rx_count(g.vf[0]), "TCP: the prio 5 mirror");

	/* equal prio: the lower handle */
	rule_init(&r, 15, 0, 5);
	rule_in_port(&r, XNIC_PORT_PHYS(0));
	r.key.ip_proto = 6;
	r.mask.ip_proto = 0xff;
	act_output(&r, XNIC_PORT_PHYS(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "TCP hairpin, prio 5");
	xnic_core_port_rx(g.pf->core, 0, f, 100);
	CHECK(rx_count(g.vf[0]) == 3 && g.pf->ntx == 0,
	      "same prio: handle 10 beats handle 15");

	CHECK_EQ(XNIC_CMD_ST_OK, flow_stats(g.pf, 0, 8, &sr), "stats");
	CHECK_EQ(3, le32toh(sr.count), "3 rules");
	CHECK(le64toh(stats_at(g.pf, 0)->packets) == 3 &&
	      le64toh(stats_at(g.pf, 1)->packets) == 0 &&
	      le64toh(stats_at(g.pf, 2)->packets) == 1,
	      "counters 10: 3, 15: 0, 20: 1");
	g.pf->now_ns += 5000;
	CHECK_EQ(XNIC_CMD_ST_OK, flow_stats(g.pf, 0, 8, &sr), "stats later");
	CHECK(le64toh(stats_at(g.pf, 0)->idle_ns) == 5000 &&
	      le64toh(stats_at(g.pf, 1)->idle_ns) == UINT64_MAX,
	      "idle_ns 5000 after use, U64_MAX never used (saw %llu)",
	      (unsigned long long)le64toh(stats_at(g.pf, 0)->idle_ns));
	CHECK(rule_stats(g.pf, 20, &pk, &by) && by == 100,
	      "dropped frame's bytes counted");
	rig_down(&g);
}

static void test_vlan(void)
{
	struct rig g;
	struct xnic_flow_rule r;
	struct xnic_flow_action *a;
	uint8_t f[128], m0[6];
	const uint8_t *got;
	unsigned int len;

	rig_up(&g);
	vf_mac(m0, 0);
	/* push on VF0 -> uplink */
	from_port(&r, 1, XNIC_PORT_VF(0));
	a = rule_act(&r, XNIC_FLOW_ACT_VLAN_PUSH);
	a->vlan.tpid = htobe16(0x8100);
	a->vlan.tci = htobe16(3 << 13 | 100);
	act_output(&r, XNIC_PORT_PHYS(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "push rule");
	ip4_frame(f, host_a, m0, 17, 100);
	send_frame(g.vf[0], f, 100);
	got = wire_last(g.pf) ? wire_last(g.pf)->data : f;
	CHECK(g.pf->ntx == 1 && wire_last(g.pf)->len == 104 &&
	      get16(got + 12) == 0x8100 && get16(got + 14) == (3 << 13 | 100) &&
	      !memcmp(got, f, 12) && !memcmp(got + 16, f + 12, 88),
	      "wire: tag 8100 pcp 3 vid 100 after the MACs");

	/* pop: uplink tagged -> VF0 untagged */
	rule_init(&r, 2, 0, 1);
	rule_in_port(&r, XNIC_PORT_PHYS(0));
	r.key.vlan_tci = htobe16(100);
	r.mask.vlan_tci = htobe16(0x0fff);
	rule_act(&r, XNIC_FLOW_ACT_VLAN_POP);
	act_output(&r, XNIC_PORT_VF(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "pop rule");
	xnic_core_port_rx(g.pf->core, 0, got, 104);
	got = rx_frame(g.vf[0], 0, &len);
	CHECK(rx_count(g.vf[0]) == 1 && len == 100 && !memcmp(got, f, 100),
	      "VF0 got the untagged original");

	/* modify: vid 200 -> 300, pcp kept, to VF1 */
	rule_init(&r, 3, 0, 1);
	rule_in_port(&r, XNIC_PORT_PHYS(0));
	r.key.vlan_tci = htobe16(200);
	r.mask.vlan_tci = htobe16(0x0fff);
	a = rule_act(&r, XNIC_FLOW_ACT_VLAN_MODIFY);
	a->vlan.tci = htobe16(300);
	a->vlan.tci_mask = htobe16(0x0fff);
	act_output(&r, XNIC_PORT_VF(1));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "modify rule");
	eth_frame(f, host_a, host_b, 0x8100, 5 << 13 | 200, 90);
	xnic_core_port_rx(g.pf->core, 0, f, 90);
	got = rx_frame(g.vf[1], 0, &len);
	CHECK(rx_count(g.vf[1]) == 1 && len == 90 &&
	      get16(got + 14) == (5 << 13 | 300) && !memcmp(got, f, 14) &&
	      !memcmp(got + 16, f + 16, 74), "VF1: vid 300, pcp 5 kept");

	/* pop of an untagged frame cannot apply: dropped, counted */
	rule_init(&r, 4, 0, 0);
	rule_in_port(&r, XNIC_PORT_VF(1));
	rule_act(&r, XNIC_FLOW_ACT_VLAN_POP);
	act_output(&r, XNIC_PORT_PHYS(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "pop rule for VF1");
	ip4_frame(f, host_a, host_b, 17, 64);
	send_frame(g.vf[1], f, 64);
	CHECK(g.pf->ntx == 1 && rule_packets(g.pf, 4) == 1,
	      "untagged pop: nothing sent, the rule counts it");
	rig_down(&g);
}

static void test_pedit(void)
{
	struct rig g;
	struct xnic_flow_rule r;
	struct xnic_flow_action *a;
	uint8_t f[128], m0[6];
	const uint8_t *w;

	rig_up(&g);
	vf_mac(m0, 0);
	from_port(&r, 1, XNIC_PORT_VF(0));
	r.key.ip_proto = 17;
	r.mask.ip_proto = 0xff;
	/* eth dst bytes 0..3 := 02:00:00:00, 4..5 kept, src 10..11 */
	a = rule_act(&r, XNIC_FLOW_ACT_PEDIT);
	a->pedit.htype = XNIC_FLOW_HDR_ETH;
	a->pedit.offset = htole16(0);
	a->pedit.mask = htobe32(0);
	a->pedit.val = htobe32(0x0200005e);
	/* ipv4 dst := 192.168.1.9 */
	a = rule_act(&r, XNIC_FLOW_ACT_PEDIT);
	a->pedit.htype = XNIC_FLOW_HDR_IP4;
	a->pedit.offset = htole16(16);
	a->pedit.mask = htobe32(0);
	a->pedit.val = htobe32(0xc0a80109);
	/* udp dport := 53, sport kept */
	a = rule_act(&r, XNIC_FLOW_ACT_PEDIT);
	a->pedit.htype = XNIC_FLOW_HDR_UDP;
	a->pedit.offset = htole16(0);
	a->pedit.mask = htobe32(0xffff0000);
	a->pedit.val = htobe32(53);
	rule_act(&r, XNIC_FLOW_ACT_CSUM)->csum.flags =
		htole32(XNIC_FLOW_CSUM_IP4 | XNIC_FLOW_CSUM_UDP);
	act_output(&r, XNIC_PORT_PHYS(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "UDP pedit rule");
	ip4_frame(f, host_a, m0, 17, 100);
	send_frame(g.vf[0], f, 100);
	CHECK_EQ(1, g.pf->ntx, "one frame on the wire");
	w = g.pf->tx[0].data;
	CHECK(!memcmp(w, "\x02\x00\x00\x5e\xaa\x01", 6), "eth dst rewritten");
	CHECK_EQ(0xc0a80109, get32(w + 30), "ip dst rewritten");
	CHECK(get16(w + 34) == 1000 && get16(w + 36) == 53,
	      "udp sport kept, dport 53");
	CHECK(csums_ok(w + 14), "IPv4 and UDP checksums right");
	CHECK(!memcmp(w + 42, f + 42, 58), "payload unchanged");

	/* TCP ports, with csum */
	from_port(&r, 2, XNIC_PORT_VF(0));
	r.key.ip_proto = 6;
	r.mask.ip_proto = 0xff;
	a = rule_act(&r, XNIC_FLOW_ACT_PEDIT);
	a->pedit.htype = XNIC_FLOW_HDR_TCP;
	a->pedit.offset = htole16(0);
	a->pedit.mask = htobe32(0);
	a->pedit.val = htobe32(4444u << 16 | 8080);
	a = rule_act(&r, XNIC_FLOW_ACT_PEDIT);
	a->pedit.htype = XNIC_FLOW_HDR_IP4;
	a->pedit.offset = htole16(12);
	a->pedit.mask = htobe32(0);
	a->pedit.val = htobe32(0xc6336401);
	rule_act(&r, XNIC_FLOW_ACT_CSUM)->csum.flags =
		htole32(XNIC_FLOW_CSUM_IP4 | XNIC_FLOW_CSUM_TCP);
	act_output(&r, XNIC_PORT_PHYS(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "TCP pedit rule");
	ip4_frame(f, host_a, m0, 6, 120);
	send_frame(g.vf[0], f, 120);
	w = g.pf->tx[1].data;
	CHECK(g.pf->ntx == 2 && get16(w + 34) == 4444 &&
	      get16(w + 36) == 8080 &&
	      get32(w + 26) == 0xc6336401, "tcp ports and ip src rewritten");
	CHECK(csums_ok(w + 14), "IPv4 and TCP checksums right");
	rig_down(&g);
}

/* The outer headers of an encapsulated frame as encap_init() made them */
static bool outer_ok(const uint8_t *w, size_t len, uint16_t dport,
		     uint32_t vni, const uint8_t *inner, size_t inner_len)
{
	const uint8_t *ip = w + 14, *udp = w + 34, *th = w + 42;

	return len == inner_len + 50 &&
	       !memcmp(w, "\x02\x00\x00\x00\x77\x01\x02\x00\x00\x00\x10\x00",
		       12) && get16(w + 12) == 0x0800 &&
	       ip[0] == 0x45 && ip[9] == 17 && get16(ip + 2) == len - 14 &&
	       get32(ip + 12) == 0xc0000201 && get32(ip + 16) == 0xc0000202 &&
	       fold(sum16(ip, 20, 0)) == 0xffff &&
	       get16(udp + 2) == dport && get16(udp + 4) == len - 34 &&
	       get16(udp) >= 49152 &&
	       (get32(th + 4) >> 8) == vni &&
	       (dport == 4789 ? th[0] == 0x08 :
		th[0] == 0 && get16(th + 2) == 0x6558) &&
	       !memcmp(w + 50, inner, inner_len);
}

static void test_tunnels(void)
{
	struct rig g;
	struct xnic_flow_rule r;
	struct xnic_flow_encap e;
	uint8_t f[128], vx[256], gn[256], m0[6];
	const uint8_t *got;
	unsigned int len, vxlen, gnlen;
	uint64_t pk, by;

	rig_up(&g);
	vf_mac(m0, 0);
	encap_init(&e, 1, XNIC_FLOW_TUN_VXLAN, 0x123456);
	CHECK_EQ(XNIC_CMD_ST_OK, encap_set(g.pf, &e), "VXLAN encap entry");
	encap_init(&e, 2, XNIC_FLOW_TUN_GENEVE, 77);
	CHECK_EQ(XNIC_CMD_ST_OK, encap_set(g.pf, &e), "Geneve encap entry");

	/* VF0's UDP: VXLAN out; its TCP: Geneve out, and a plain copy to VF1 */
	from_port(&r, 1, XNIC_PORT_VF(0));
	r.key.ip_proto = 17;
	r.mask.ip_proto = 0xff;
	act_ref(&r, XNIC_FLOW_ACT_ENCAP, 1);
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "VXLAN encap rule");
	from_port(&r, 2, XNIC_PORT_VF(0));
	r.key.ip_proto = 6;
	r.mask.ip_proto = 0xff;
	act_ref(&r, XNIC_FLOW_ACT_ENCAP, 2);
	act_output(&r, XNIC_PORT_VF(1));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "Geneve encap rule");

	ip4_frame(f, host_a, m0, 17, 100);
	send_frame(g.vf[0], f, 100);
	CHECK_EQ(1, g.pf->ntx, "VXLAN frame on the wire");
	vxlen = (unsigned int)g.pf->tx[0].len;
	memcpy(vx, g.pf->tx[0].data, vxlen);
	CHECK(outer_ok(vx, vxlen, 4789, 0x123456, f, 100),
	      "VXLAN outer headers, VNI 0x123456, inner intact (len %u)",
	      vxlen);
	ip4_frame(f + 0, host_a, m0, 6, 100);
	send_frame(g.vf[0], f, 100);
	CHECK_EQ(2, g.pf->ntx, "Geneve frame on the wire");
	gnlen = (unsigned int)g.pf->tx[1].len;
	memcpy(gn, g.pf->tx[1].data, gnlen);
	CHECK(outer_ok(gn, gnlen, 6081, 77, f, 100),
	      "Geneve outer headers, VNI 77, inner intact");
	got = rx_frame(g.vf[1], 0, &len);
	CHECK(rx_count(g.vf[1]) == 1 && len == 100 && !memcmp(got, f, 100),
	      "the action after ENCAP sees the plain frame");

	/* decap on the uplink, by tunnel type and VNI, to VF0 */
	rule_init(&r, 3, 0, 1);
	rule_in_port(&r, XNIC_PORT_PHYS(0));
	r.key.tun_type = XNIC_FLOW_TUN_VXLAN;
	r.mask.tun_type = 0xff;
	r.key.tun_vni = htobe32(0x123456);
	r.mask.tun_vni = htobe32(0xffffff);
	rule_act(&r, XNIC_FLOW_ACT_DECAP);
	act_output(&r, XNIC_PORT_VF(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "VXLAN decap rule");
	rule_init(&r, 4, 0, 1);
	rule_in_port(&r, XNIC_PORT_PHYS(0));
	r.key.tun_type = XNIC_FLOW_TUN_GENEVE;
	r.mask.tun_type = 0xff;
	rule_act(&r, XNIC_FLOW_ACT_DECAP);
	act_output(&r, XNIC_PORT_VF(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "Geneve decap rule");
	xnic_core_port_rx(g.pf->core, 0, vx, vxlen);
	ip4_frame(f, host_a, m0, 17, 100);
	got = rx_frame(g.vf[0], 0, &len);
	CHECK(rx_count(g.vf[0]) == 1 && len == 100 && !memcmp(got, f, 100),
	      "VXLAN decap: VF0 got the inner frame");
	xnic_core_port_rx(g.pf->core, 0, gn, gnlen);
	ip4_frame(f, host_a, m0, 6, 100);
	got = rx_frame(g.vf[0], 1, &len);
	CHECK(rx_count(g.vf[0]) == 2 && len == 100 && !memcmp(got, f, 100),
	      "Geneve decap: VF0 got the inner frame");
	CHECK(rule_stats(g.pf, 3, &pk, &by) && pk == 1 && by == vxlen,
	      "decap rule counts the frame as received (%u bytes)", vxlen);
	/* another VNI: no rule */
	vx[46] ^= 0x01;
	xnic_core_port_rx(g.pf->core, 0, vx, vxlen);
	CHECK(rx_count(g.vf[0]) == 2 && sp_count(g.pf) == 1,
	      "VXLAN with another VNI: slow path");
	rig_down(&g);
}

static void test_goto(void)
{
	struct rig g;
	struct xnic_flow_rule r;
	struct xnic_flow_action *a;
	uint8_t f[128], m0[6];
	const uint8_t *w;
	unsigned int len;
	uint16_t meta;

	rig_up(&g);
	vf_mac(m0, 0);
	/* chain 0: VF0 frames get vid 100, then chain 7 */
	from_port(&r, 1, XNIC_PORT_VF(0));
	a = rule_act(&r, XNIC_FLOW_ACT_VLAN_PUSH);
	a->vlan.tpid = htobe16(0x8100);
	a->vlan.tci = htobe16(100);
	act_ref(&r, XNIC_FLOW_ACT_GOTO, 7);
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "chain 0 rule");
	/* chain 7: the pushed tag and UDP -> uplink */
	rule_init(&r, 2, 7, 1);
	r.key.vlan_tci = htobe16(100);
	r.mask.vlan_tci = htobe16(0x0fff);
	r.key.ip_proto = 17;
	r.mask.ip_proto = 0xff;
	act_output(&r, XNIC_PORT_PHYS(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "chain 7 rule");

	ip4_frame(f, host_a, m0, 17, 100);
	send_frame(g.vf[0], f, 100);
	w = g.pf->ntx ? g.pf->tx[0].data : f;
	CHECK(g.pf->ntx == 1 && g.pf->tx[0].len == 104 &&
	      get16(w + 12) == 0x8100 && get16(w + 14) == 100,
	      "chain 7 saw the tag chain 0 pushed");
	CHECK(rule_packets(g.pf, 1) == 1 && rule_packets(g.pf, 2) == 1,
	      "both rules count the frame");

	/* TCP misses chain 7: the slow path, frame as modified */
	ip4_frame(f, host_a, m0, 6, 100);
	send_frame(g.vf[0], f, 100);
	CHECK_EQ(1, sp_count(g.pf), "chain miss: slow path");
	len = le16toh(rx_desc(g.pf, SP_QP, 0)->pkt_len);
	meta = le16toh(rx_desc(g.pf, SP_QP, 0)->meta);
	CHECK(len == 104 && meta == XNIC_PORT_VF(0),
	      "slow path: tagged frame, meta VF(0) (len %u meta 0x%x)", len,
	      meta);
	CHECK(rule_packets(g.pf, 1) == 2 && rule_packets(g.pf, 2) == 1,
	      "chain 0 rule 2, chain 7 rule 1");
	rig_down(&g);
}

static void test_police(void)
{
	struct rig g;
	struct xnic_flow_rule r;
	uint8_t f[1100];
	const uint64_t rate = 1000000;		/* 1 Mb/s */
	const uint64_t step = 1000000;		/* a frame every 1 ms */
	const unsigned int frames = 4000;	/* 4 s of 8 Mb/s */
	unsigned int i, passed = 0;
	double got_bps;

	rig_up(&g);
	CHECK_EQ(XNIC_CMD_ST_OK, meter_set(g.pf, 9, rate, 2000), "meter 9");
	rule_init(&r, 1, 0, 1);
	rule_in_port(&r, XNIC_PORT_PHYS(0));
	act_ref(&r, XNIC_FLOW_ACT_POLICE, 9);
	act_output(&r, XNIC_PORT_PHYS(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "police rule");
	ip4_frame(f, host_a, host_b, 17, 1000);
	for (i = 0; i < frames; i++) {
		g.pf->now_ns += step;
		xnic_core_port_rx(g.pf->core, 0, f, 1000);
		passed += g.pf->ntx;
		g.pf->ntx = 0;
	}
	got_bps = (double)passed * 1000 * 8 / ((double)frames * step / 1e9);
	CHECK(got_bps > rate * 0.85 && got_bps < rate * 1.15,
	      "police: %.0f b/s passed, want 1000000 +- 15%% (%u frames)",
	      got_bps, passed);
	CHECK_EQ(frames, rule_packets(g.pf, 1),
		 "the rule counts every frame, passed or not");
	rig_down(&g);
}

static void test_vf_gone(void)
{
	struct rig g;
	struct xnic_flow_rule r;
	uint8_t f[128];

	rig_up(&g);
	rule_init(&r, 1, 0, 1);
	rule_in_port(&r, XNIC_PORT_PHYS(0));
	act_output(&r, XNIC_PORT_VF(1));
	act_output(&r, XNIC_PORT_VF(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(g.pf, &r), "rule to VF1 and VF0");
	host_vf_free(g.vf[1], 1);
	g.vf[1] = NULL;
	ip4_frame(f, host_a, host_b, 17, 100);
	xnic_core_port_rx(g.pf->core, 0, f, 100);
	CHECK_EQ(1, rx_count(g.vf[0]), "VF0 still gets its copy");
	CHECK_EQ(0, g.pf->ntx + sp_count(g.pf),
		 "the gone VF1's copy went nowhere else");
	CHECK_EQ(1, rule_packets(g.pf, 1), "the rule counts the frame");
	CHECK_EQ(1, flow_count(g.pf), "the rule stays");
	rig_down(&g);
}

int main(void)
{
	test_redirects();
	test_mirror_drop_prio();
	test_vlan();
	test_pedit();
	test_tunnels();
	test_goto();
	test_police();
	test_vf_gone();
	return tap_done();
}
