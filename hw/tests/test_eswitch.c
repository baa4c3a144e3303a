// SPDX-License-Identifier: GPL-2.0
/*
 * test_eswitch.c - the legacy eswitch between the uplink, the PF and the
 * VFs: forwarding by MAC and VLAN, isolation, port VLAN push and strip,
 * spoofchk, trust and promiscuous mode, VF link state and its events, and
 * the transmit rate limiter on a fake clock.
 */
#include "sriov_host.h"
#include "tap.h"

static void test_forwarding(void)
{
	struct fake_host *pf = pf_setup(4);
	struct fake_host *vf[3];
	uint8_t f[128], m0[6], m1[6], m2[6];
	unsigned int i, len;

	for (i = 0; i < 3; i++)
		vf[i] = vf_setup(pf, i);
	vf_mac(m0, 0);
	vf_mac(m1, 1);
	vf_mac(m2, 2);

	/* uplink -> VF by MAC */
	eth_frame(f, m1, wire_mac, 0, 0, 100);
	CHECK_EQ(XNIC_RX_DELIVERED, xnic_core_port_rx(pf->core, 0, f, 100),
		 "uplink to VF1's MAC delivered");
	CHECK_EQ(1, rx_count(vf[1]), "VF1 got it");
	CHECK(!memcmp(rx_frame(vf[1], 0, &len), f, 100) && len == 100,
	      "bytes intact");
	CHECK_EQ(XNIC_PORT_VF(1), le16toh(rx_desc(vf[1], 0, 0)->meta),
		 "VF's RX meta names its own port");
	CHECK(rx_count(pf) == 0 && rx_count(vf[0]) == 0 && rx_count(vf[2]) == 0,
	      "nobody else got it");

	/* uplink unknown unicast -> PF only */
	eth_frame(f, unknown_mac, wire_mac, 0, 0, 80);
	xnic_core_port_rx(pf->core, 0, f, 80);
	CHECK_EQ(1, rx_count(pf), "unknown unicast from the uplink to the PF");
	CHECK_EQ(0, rx_count(vf[0]) + rx_count(vf[2]), "not to the VFs");

	/* VF0 -> VF2 */
	eth_frame(f, m2, m0, 0, 0, 90);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(vf[0], f, 90), "VF0 sends to VF2");
	CHECK_EQ(1, rx_count(vf[2]), "VF2 got it");
	CHECK_EQ(XNIC_PORT_VF(2), le16toh(rx_desc(vf[2], 0, 0)->meta),
		 "meta of VF2's frame");
	CHECK_EQ(0, pf->ntx, "not on the wire");
	CHECK_EQ(1, rx_count(vf[1]), "isolation: VF1 did not see it");
	CHECK_EQ(1, rx_count(pf), "nor did the PF");

	/* VF -> unknown unicast: uplink */
	eth_frame(f, unknown_mac, m0, 0, 0, 70);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(vf[0], f, 70), "VF0 to unknown");
	CHECK_EQ(1, pf->ntx, "unknown unicast went to the uplink");
	CHECK(pf->tx[0].len == 70 && !memcmp(pf->tx[0].data, f, 70),
	      "untouched on the wire");
	CHECK(rx_count(vf[1]) == 1 && rx_count(vf[2]) == 1,
	      "isolation: no VF saw it");

	/* VF -> PF's MAC */
	eth_frame(f, pf_mac, m1, 0, 0, 64);
	send_frame(vf[1], f, 64);
	CHECK_EQ(2, rx_count(pf), "VF1 to the PF's MAC: to the PF");
	CHECK_EQ(XNIC_PORT_VF(1), le16toh(rx_desc(pf, 0, 1)->meta),
		 "PF's RX meta names the source VF");
	CHECK_EQ(1, pf->ntx, "not on the wire");

	/* PF -> VF's MAC */
	eth_frame(f, m0, pf_mac, 0, 0, 64);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(pf, f, 64), "PF sends to VF0");
	CHECK_EQ(1, rx_count(vf[0]), "VF0 got the PF's frame");
	CHECK_EQ(1, pf->ntx, "not on the wire");

	/* broadcast from VF1: everyone else in its VLAN, uplink, PF */
	eth_frame(f, bcast, m1, 0, 0, 60);
	send_frame(vf[1], f, 60);
	CHECK_EQ(2, pf->ntx, "broadcast on the wire");
	CHECK_EQ(3, rx_count(pf), "broadcast to the PF");
	CHECK(rx_count(vf[0]) == 2 && rx_count(vf[2]) == 2,
	      "broadcast to VF0 and VF2");
	CHECK_EQ(1, rx_count(vf[1]), "not back to VF1");
	CHECK_EQ(1, vf_stat(pf, 0, V_RX_BROADCAST), "VF0 rx_broadcast");

	/* broadcast from the wire */
	xnic_core_port_rx(pf->core, 0, f, 60);
	CHECK(rx_count(vf[0]) == 3 && rx_count(vf[1]) == 2 &&
	      rx_count(vf[2]) == 3 && rx_count(pf) == 4,
	      "wire broadcast to the PF and every VF");

	/* counters */
	CHECK_EQ(2, vf_stat(pf, 0, V_TX_PACKETS), "VF0 tx_packets");
	CHECK_EQ(160, vf_stat(pf, 0, V_TX_BYTES), "VF0 tx_bytes");
	CHECK_EQ(3, vf_stat(pf, 0, V_RX_PACKETS), "VF0 rx_packets");
	CHECK_EQ(64 + 60 + 60, vf_stat(pf, 0, V_RX_BYTES), "VF0 rx_bytes");

	/* a VF without RX buffers drops and counts, the wire is not held */
	wr(vf[2], XNIC_REG_CTRL, XNIC_CTRL_RESET);
	cmdq_setup(vf[2], CMDQ_ENTRIES);
	CHECK_EQ(0, rd(vf[2], XNIC_REG_QP(0, XNIC_QP_RX_PROD)),
		 "VF2 reset: its queues are gone");
	eth_frame(f, m2, wire_mac, 0, 0, 64);
	CHECK_EQ(XNIC_RX_DROPPED, xnic_core_port_rx(pf->core, 0, f, 64),
		 "frame for a VF without RX queue: dropped, not retried");
	CHECK_EQ(1, vf_stat(pf, 2, V_RX_DROPPED), "VF2 rx_dropped");

	for (i = 0; i < 3; i++)
		host_vf_free(vf[i], i);
	host_free(pf);
}

static void test_vlan(void)
{
	struct fake_host *pf = pf_setup(4);
	struct fake_host *vf[4];
	struct xnic_vf_config c;
	uint8_t f[128], m[4][6];
	const uint8_t *g;
	unsigned int i, len;

	for (i = 0; i < 4; i++) {
		vf[i] = vf_setup(pf, i);
		vf_mac(m[i], i);
	}
	/* VF0, VF2: VLAN 10 802.1Q qos 5; VF1: VLAN 20 802.1ad qos 3 */
	memset(&c, 0, sizeof(c));
	c.vlan = htole16(10);
	c.qos = 5;
	c.vlan_proto = htole16(XNIC_VLAN_PROTO_8021Q);
	CHECK_EQ(XNIC_CMD_ST_OK, vf_set(pf, &c, 0, XNIC_VF_CFG_VLAN),
		 "VF0 vlan 10 qos 5");
	vf_set(pf, &c, 2, XNIC_VF_CFG_VLAN);
	c.vlan = htole16(20);
	c.qos = 3;
	c.vlan_proto = htole16(XNIC_VLAN_PROTO_8021AD);
	CHECK_EQ(XNIC_CMD_ST_OK, vf_set(pf, &c, 1, XNIC_VF_CFG_VLAN),
		 "VF1 vlan 20 qos 3 802.1ad");

	/* push on the way out */
	eth_frame(f, unknown_mac, m[0], 0, 0, 100);
	send_frame(vf[0], f, 100);
	CHECK_EQ(1, pf->ntx, "VF0's frame on the wire");
	g = pf->tx[0].data;
	CHECK_EQ(104, pf->tx[0].len, "4 bytes longer");
	CHECK(g[12] == 0x81 && g[13] == 0x00, "802.1Q TPID pushed");
	CHECK_EQ((5 << 13) | 10, g[14] << 8 | g[15], "TCI: qos 5, vlan 10");
	CHECK(!memcmp(g + 16, f + 12, 88) && !memcmp(g, f, 12),
	      "rest of the frame intact");
	eth_frame(f, unknown_mac, m[1], 0, 0, 100);
	send_frame(vf[1], f, 100);
	g = pf->tx[1].data;
	CHECK(g[12] == 0x88 && g[13] == 0xa8, "802.1ad TPID pushed");
	CHECK_EQ((3 << 13) | 20, g[14] << 8 | g[15], "TCI: qos 3, vlan 20");

	/* strip on the way in */
	eth_frame(f, m[0], wire_mac, 0x8100, 10, 104);
	CHECK_EQ(XNIC_RX_DELIVERED, xnic_core_port_rx(pf->core, 0, f, 104),
		 "tagged 10 to VF0's MAC");
	g = rx_frame(vf[0], 0, &len);
	CHECK_EQ(100, len, "VF0 got it untagged");
	CHECK(g[12] == 0x88 && g[13] == 0xb5, "tag stripped");
	eth_frame(f, m[0], wire_mac, 0x8100, 11, 104);
	xnic_core_port_rx(pf->core, 0, f, 104);
	CHECK_EQ(1, rx_count(vf[0]), "VLAN 11 to VF0's MAC: not for VF0");
	CHECK_EQ(1, rx_count(pf), "it went to the PF");
	eth_frame(f, m[0], wire_mac, 0, 0, 100);
	xnic_core_port_rx(pf->core, 0, f, 100);
	CHECK_EQ(1, rx_count(vf[0]), "untagged to VF0's MAC: not for VF0");
	eth_frame(f, m[1], wire_mac, 0x8100, 20, 104);
	xnic_core_port_rx(pf->core, 0, f, 104);
	CHECK_EQ(0, rx_count(vf[1]), "VLAN 20 with the wrong TPID: not VF1's");
	eth_frame(f, m[1], wire_mac, 0x88a8, 20, 104);
	xnic_core_port_rx(pf->core, 0, f, 104);
	CHECK_EQ(1, rx_count(vf[1]), "802.1ad VLAN 20: VF1's");

	/* VF to VF in one VLAN: untagged; other VLANs see nothing */
	eth_frame(f, m[2], m[0], 0, 0, 90);
	send_frame(vf[0], f, 90);
	CHECK_EQ(1, rx_count(vf[2]), "VF0 to VF2 in VLAN 10");
	g = rx_frame(vf[2], 0, &len);
	CHECK(len == 90 && !memcmp(g, f, 90), "delivered untagged, intact");
	CHECK_EQ(2, pf->ntx, "not on the wire");
	eth_frame(f, m[1], m[0], 0, 0, 90);
	send_frame(vf[0], f, 90);
	CHECK_EQ(1, rx_count(vf[1]), "VF0 cannot reach VF1 in VLAN 20");
	CHECK_EQ(3, pf->ntx, "that frame went to the uplink, tagged 10");
	CHECK_EQ(10, pf->tx[2].data[15], "with VLAN 10");

	/* broadcast stays in its VLAN */
	eth_frame(f, bcast, m[2], 0, 0, 60);
	send_frame(vf[2], f, 60);
	CHECK_EQ(2, rx_count(vf[0]), "VF0 (VLAN 10) got VF2's broadcast");
	CHECK_EQ(1, rx_count(vf[1]), "VF1 (VLAN 20) did not");
	CHECK_EQ(0, rx_count(vf[3]), "VF3 (no VLAN) did not");
	CHECK_EQ(4, pf->ntx, "the uplink did, tagged");
	CHECK_EQ(64, pf->tx[3].len, "tagged broadcast length");

	/* a tagged frame from a port-VLAN VF: dropped, counted */
	eth_frame(f, unknown_mac, m[0], 0x8100, 30, 100);
	CHECK_EQ(XNIC_DESC_ST_DROPPED, send_frame(vf[0], f, 100),
		 "tagged frame from VF0: DROPPED");
	CHECK_EQ(1, vf_stat(pf, 0, V_TX_DROPPED), "VF0 tx_dropped");
	CHECK_EQ(4, pf->ntx, "nothing on the wire");

	/* clearing the VLAN: back to untagged */
	memset(&c, 0, sizeof(c));
	c.vlan_proto = htole16(XNIC_VLAN_PROTO_8021Q);
	vf_set(pf, &c, 0, XNIC_VF_CFG_VLAN);
	eth_frame(f, unknown_mac, m[0], 0, 0, 100);
	send_frame(vf[0], f, 100);
	CHECK(pf->tx[4].len == 100 && pf->tx[4].data[12] == 0x88,
	      "VLAN cleared: sent untagged");

	for (i = 0; i < 4; i++)
		host_vf_free(vf[i], i);
	host_free(pf);
}

static void test_spoofchk_and_trust(void)
{
	struct fake_host *pf = pf_setup(4);
	struct fake_host *vf0 = vf_setup(pf, 0), *vf1 = vf_setup(pf, 1);
	struct fake_host *vf2 = vf_setup(pf, 2);
	struct xnic_vport_info_resp info;
	struct xnic_vf_config c;
	uint8_t f[128], m0[6], m2[6];
	const uint8_t admin[6] = { 0x02, 0, 0, 0, 0xad, 0x01 };
	const uint8_t other[6] = { 0x02, 0, 0, 0, 0xad, 0x02 };

	vf_mac(m0, 0);
	vf_mac(m2, 2);
	/* spoofchk is on by default */
	eth_frame(f, unknown_mac, other, 0, 0, 80);
	CHECK_EQ(XNIC_DESC_ST_SPOOFED, send_frame(vf0, f, 80),
		 "spoofed source MAC: SPOOFED");
	CHECK_EQ(1, vf_stat(pf, 0, V_TX_SPOOFED), "tx_spoofed counted");
	CHECK_EQ(0, vf_stat(pf, 0, V_TX_PACKETS), "not tx_packets");
	CHECK_EQ(0, pf->ntx, "nothing on the wire");
	memset(&c, 0, sizeof(c));
	vf_set(pf, &c, 0, XNIC_VF_CFG_SPOOFCHK);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(vf0, f, 80),
		 "spoofchk off: the same frame goes");
	CHECK_EQ(1, pf->ntx, "on the wire");

	/* the administrator's MAC: an untrusted VF cannot change it */
	memcpy(c.mac, admin, 6);
	CHECK_EQ(XNIC_CMD_ST_OK, vf_set(pf, &c, 1, XNIC_VF_CFG_MAC),
		 "admin sets VF1's MAC");
	CHECK_EQ(XNIC_CMD_ST_OK, vport_info(vf1, &info), "VF1 VPORT_INFO");
	CHECK(!memcmp(info.mac, admin, 6) && info.admin_mac == 1 &&
	      info.trusted == 0, "VF1 sees the admin MAC, untrusted");
	CHECK_EQ(XNIC_CMD_ST_EPERM, vport_set_mac(vf1, other),
		 "untrusted VF1 cannot change an admin MAC");
	CHECK_EQ(XNIC_CMD_ST_EPERM, vport_rx_mode(vf1, XNIC_RX_MODE_PROMISC),
		 "untrusted VF1 cannot go promiscuous");
	CHECK_EQ(XNIC_CMD_ST_OK, vport_rx_mode(vf1, XNIC_RX_MODE_ALLMULTI),
		 "allmulti is fine");
	CHECK_EQ(XNIC_CMD_ST_OK, vport_set_mac(vf0, other),
		 "VF0 without an admin MAC may set its own");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, vport_set_mac(vf0, bcast),
		 "multicast MAC: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 vport_set_mac(vf0, (const uint8_t *)"\0\0\0\0\0\0"),
		 "zero MAC: EINVAL");

	/* trust */
	c.trust = 1;
	vf_set(pf, &c, 1, XNIC_VF_CFG_TRUST);
	CHECK_EQ(XNIC_CMD_ST_OK, vport_set_mac(vf1, m0 /* any */),
		 "trusted VF1 changes its MAC");
	vf_get(pf, 1, &c);
	CHECK(!memcmp(c.mac, m0, 6), "and the new MAC is in effect");
	CHECK_EQ(XNIC_CMD_ST_OK, vport_rx_mode(vf1, XNIC_RX_MODE_PROMISC),
		 "trusted VF1 goes promiscuous");
	eth_frame(f, m2, wire_mac, 0, 0, 64);
	xnic_core_port_rx(pf->core, 0, f, 64);
	CHECK_EQ(1, rx_count(vf2), "VF2 got its frame");
	CHECK_EQ(1, rx_count(vf1), "promiscuous trusted VF1 got a copy");
	c.trust = 0;
	vf_set(pf, &c, 1, XNIC_VF_CFG_TRUST);
	xnic_core_port_rx(pf->core, 0, f, 64);
	CHECK_EQ(1, rx_count(vf1), "trust revoked: promiscuous mode gone");
	CHECK_EQ(2, rx_count(vf2), "VF2 still gets its frames");

	host_vf_free(vf0, 0);
	host_vf_free(vf1, 1);
	host_vf_free(vf2, 2);
	host_free(pf);
}

static void test_link_state(void)
{
	struct fake_host *pf = pf_setup(2);
	struct fake_host *vf = vf_setup(pf, 0);
	struct xnic_vport_info_resp info;
	struct xnic_vf_config c;
	uint8_t f[128], m0[6];
	const uint8_t admin[6] = { 0x02, 0, 0, 0, 0xad, 0x05 };

	vf_mac(m0, 0);
	evq_on(vf);
	vf->irqs[XNIC_VEC_CMD] = 0;
	memset(&c, 0, sizeof(c));
	c.link_state = XNIC_VF_LINK_DISABLE;
	CHECK_EQ(XNIC_CMD_ST_OK, vf_set(pf, &c, 0, XNIC_VF_CFG_LINK_STATE),
		 "link_state disable");
	CHECK_EQ(2, rd(vf, XNIC_REG_EVQ_PROD), "VF got two events");
	CHECK(le16toh(ev_at(vf, 0)->type) == XNIC_EV_LINK &&
	      le32toh(ev_at(vf, 0)->data) == 0, "LINK down");
	CHECK_EQ(XNIC_EV_VPORT_CHANGED, le16toh(ev_at(vf, 1)->type),
		 "VPORT_CHANGED");
	CHECK_EQ(XNIC_PORT_VF(0), le16toh(ev_at(vf, 1)->port),
		 "event names the VF's port");
	CHECK_EQ(2, vf->irqs[XNIC_VEC_CMD], "on the VF's vector 0");
	CHECK_EQ(0, rd(pf, XNIC_REG_EVQ_PROD), "nothing on the PF's events");
	vport_info(vf, &info);
	CHECK_EQ(0, info.link_up, "VPORT_INFO: link down");

	eth_frame(f, unknown_mac, m0, 0, 0, 64);
	CHECK_EQ(XNIC_DESC_ST_DROPPED, send_frame(vf, f, 64),
		 "link down: TX DROPPED");
	CHECK_EQ(1, vf_stat(pf, 0, V_TX_DROPPED), "tx_dropped");
	CHECK_EQ(0, pf->ntx, "nothing on the wire");
	eth_frame(f, m0, wire_mac, 0, 0, 64);
	xnic_core_port_rx(pf->core, 0, f, 64);
	CHECK_EQ(0, rx_count(vf), "link down: the VF gets nothing");
	CHECK_EQ(1, rx_count(pf), "its unicast went to the PF as unknown");

	c.link_state = XNIC_VF_LINK_AUTO;
	vf_set(pf, &c, 0, XNIC_VF_CFG_LINK_STATE);
	CHECK_EQ(4, rd(vf, XNIC_REG_EVQ_PROD), "auto, uplink up: link up");
	CHECK_EQ(1, le32toh(ev_at(vf, 2)->data), "LINK up");
	xnic_core_set_link(pf->core, 0, false);
	CHECK_EQ(6, rd(vf, XNIC_REG_EVQ_PROD), "auto follows the uplink down");
	CHECK_EQ(0, le32toh(ev_at(vf, 4)->data), "LINK down");
	c.link_state = XNIC_VF_LINK_ENABLE;
	vf_set(pf, &c, 0, XNIC_VF_CFG_LINK_STATE);
	CHECK_EQ(8, rd(vf, XNIC_REG_EVQ_PROD), "enable: up with the uplink down");
	eth_frame(f, pf_mac, m0, 0, 0, 64);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(vf, f, 64),
		 "enabled VF reaches the PF while the wire is down");
	CHECK_EQ(2, rx_count(pf), "PF got it");
	xnic_core_set_link(pf->core, 0, true);
	CHECK_EQ(8, rd(vf, XNIC_REG_EVQ_PROD),
		 "enable: uplink changes do not concern the VF");

	/* an admin MAC change is announced */
	memcpy(c.mac, admin, 6);
	vf_set(pf, &c, 0, XNIC_VF_CFG_MAC);
	CHECK_EQ(9, rd(vf, XNIC_REG_EVQ_PROD), "admin MAC: one event");
	CHECK_EQ(XNIC_EV_VPORT_CHANGED, le16toh(ev_at(vf, 8)->type),
		 "VPORT_CHANGED");
	vf_set(pf, &c, 0, XNIC_VF_CFG_MAC);
	CHECK_EQ(9, rd(vf, XNIC_REG_EVQ_PROD), "the same MAC again: no event");

	host_vf_free(vf, 0);
	host_free(pf);
}

/* Posts @n copies of frame @f on @vf's TX queue 0 at once, then runs the NIC */
static void post_frames(struct fake_host *vf, const uint8_t *f,
			unsigned int flen, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned int slot = vf->tx_prod;
		struct xnic_tx_desc *d = tx_desc(vf, 0, slot);

		memcpy(gmem(vf, TX_BUF(slot)), f, flen);
		memset(d, 0, sizeof(*d));
		d->addr = htole64(TX_BUF(slot));
		d->len = htole16((uint16_t)flen);
		vf->tx_prod++;
	}
	wr(vf, XNIC_REG_QP(0, XNIC_QP_TX_PROD), vf->tx_prod);
	host_run(vf);
}

static void test_rate_limit(void)
{
	struct fake_host *pf = pf_setup(2);
	struct fake_host *vf = vf_setup(pf, 0);
	const unsigned int frames = 240, flen = 1000;
	const uint64_t rate = 1000000;	/* 1 Mb/s */
	const uint64_t t_ns = 1500000000ull;	/* 1.5 s */
	struct xnic_vf_config c;
	uint8_t f[1000], m0[6];
	uint64_t sent_bits, t;
	unsigned int i, done;

	vf_mac(m0, 0);
	memset(&c, 0, sizeof(c));
	c.max_tx_rate = htole32(1);
	CHECK_EQ(XNIC_CMD_ST_OK, vf_set(pf, &c, 0, XNIC_VF_CFG_RATE),
		 "max_tx_rate 1 Mb/s");
	eth_frame(f, unknown_mac, m0, 0, 0, flen);
	post_frames(vf, f, flen, frames);
	CHECK(pf->ntx > 0 && pf->ntx < 20, "a burst went at once (%u frames)",
	      pf->ntx);
	CHECK(pf->timer_armed, "the rest waits for the timer");
	CHECK_EQ(1, vf_stat(pf, 0, V_TX_RATE_LIMITED), "tx_rate_limited");
	for (t = 0; t < t_ns; t += 1000000)
		host_advance(pf, 1000000);
	sent_bits = (uint64_t)pf->ntx * flen * 8;
	printf("# %u frames, %llu bits in 1.5 s at 1 Mb/s\n", pf->ntx,
	       (unsigned long long)sent_bits);
	CHECK(sent_bits >= rate * 3 / 2 &&
	      sent_bits <= rate * 3 / 2 + XNIC_BUF_MAX * 8 + flen * 8,
	      "1.5 s at 1 Mb/s: 1.5 Mbit plus at most one burst");
	CHECK(pf->ntx < frames, "not all sent yet");
	for (t = 0; t < 2 * t_ns && pf->ntx < frames; t += 1000000)
		host_advance(pf, 1000000);
	CHECK_EQ(frames, pf->ntx, "eventually every frame went");
	for (done = 0, i = 0; i < frames; i++)
		if (tx_desc(vf, 0, i)->flags & XNIC_DESC_F_DONE &&
		    tx_desc(vf, 0, i)->status == XNIC_DESC_ST_OK)
			done++;
	CHECK_EQ(frames, done, "every descriptor completed OK: none dropped");
	CHECK_EQ(0, vf_stat(pf, 0, V_TX_DROPPED), "tx_dropped 0");
	CHECK(vf_stat(pf, 0, V_TX_RATE_LIMITED) > 10,
	      "held many times (%llu)",
	      (unsigned long long)vf_stat(pf, 0, V_TX_RATE_LIMITED));

	/* unlimited again: the next frames go at once */
	c.max_tx_rate = 0;
	vf_set(pf, &c, 0, XNIC_VF_CFG_RATE);
	for (i = 0; i < 10; i++)
		send_frame(vf, f, flen);
	CHECK_EQ(frames + 10, pf->ntx, "rate 0: unlimited");
	c.min_tx_rate = htole32(1);
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP, vf_set(pf, &c, 0, XNIC_VF_CFG_RATE),
		 "min_tx_rate: EOPNOTSUPP");

	host_vf_free(vf, 0);
	host_free(pf);
}

/*
 * The timer that resumes a held VF fires late on a busy host. A backlogged
 * VF still gets its rate: the bucket's 2 ms depth caps what an idle VF
 * saves up, not the tokens of a late wake-up.
 */
static void test_rate_late_timer(void)
{
	struct fake_host *pf = pf_setup(2);
	struct fake_host *vf = vf_setup(pf, 0);
	const unsigned int frames = 200, flen = 1000;
	const uint64_t rate = 100000000;	/* 100 Mb/s: a 2 ms bucket */
	const uint64_t late_ns = 5000000, t_ns = 10000000;
	struct xnic_vf_config c;
	uint8_t f[1000], m0[6];
	uint64_t sent_bits, t, burst_bits = rate / 500;
	unsigned int i;

	vf_mac(m0, 0);
	memset(&c, 0, sizeof(c));
	c.max_tx_rate = htole32(rate / 1000000);
	CHECK_EQ(XNIC_CMD_ST_OK, vf_set(pf, &c, 0, XNIC_VF_CFG_RATE),
		 "max_tx_rate 100 Mb/s");
	eth_frame(f, unknown_mac, m0, 0, 0, flen);
	post_frames(vf, f, flen, frames);
	CHECK(pf->timer_armed, "the rest waits for the timer");
	for (t = 0; t < t_ns; t += late_ns)
		host_advance(pf, late_ns);
	sent_bits = (uint64_t)pf->ntx * flen * 8;
	printf("# timer %llu ms late: %u frames, %llu bits in %llu ms at 100 Mb/s\n",
	       (unsigned long long)(late_ns / 1000000), pf->ntx,
	       (unsigned long long)sent_bits,
	       (unsigned long long)(t_ns / 1000000));
	CHECK(sent_bits >= rate / 1000 * (t_ns / 1000000) &&
	      sent_bits <= rate / 1000 * (t_ns / 1000000) + burst_bits +
			   flen * 8,
	      "%llu ms at 100 Mb/s with the timer %llu ms late: the rate, plus at most the first burst",
	      (unsigned long long)(t_ns / 1000000),
	      (unsigned long long)(late_ns / 1000000));
	for (t = 0; t < t_ns && pf->ntx < frames; t += late_ns)
		host_advance(pf, late_ns);
	CHECK_EQ(frames, pf->ntx, "every frame went");

	/* idle again: what it saves up is capped at the bucket's depth */
	host_advance(pf, 100000000);
	for (i = 0; i < 40; i++)
		send_frame(vf, f, flen);
	sent_bits = (uint64_t)(pf->ntx - frames) * flen * 8;
	CHECK(sent_bits <= burst_bits + flen * 8,
	      "after 100 ms idle, one burst goes at once (%llu bits, depth %llu)",
	      (unsigned long long)sent_bits, (unsigned long long)burst_bits);

	host_vf_free(vf, 0);
	host_free(pf);
}

int main(void)
{
	test_forwarding();
	test_vlan();
	test_spoofchk_and_trust();
	test_link_state();
	test_rate_limit();
	test_rate_late_timer();
	return tap_done();
}
