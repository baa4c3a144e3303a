// SPDX-License-Identifier: GPL-2.0
/*
 * test_vport_stats.c - each function's own vport counters at
 * XNIC_REG_VPORT_STAT_LO/HI: the PF's move by exactly what the eswitch
 * delivered to its queues and what its queues sent into it (uplink and
 * VFs both ways, nothing else), a VF's by exactly its own traffic and
 * match VF_STATS, and no function sees another's.
 */
#include "sriov_host.h"
#include "tap.h"

#define NSTATS	(sizeof(struct xnic_vport_stats) / sizeof(__le64))

static const char *const stat_names[NSTATS] = {
	"rx_packets", "rx_bytes", "tx_packets", "tx_bytes", "rx_broadcast",
	"rx_multicast", "rx_dropped", "tx_dropped", "tx_spoofed",
	"tx_rate_limited",
};

/* Counter @i of the reading function's own vport, from its registers */
static uint64_t vreg(struct fake_host *h, unsigned int i)
{
	uint32_t lo = rd(h, XNIC_REG_VPORT_STAT_LO(i));
	uint32_t hi = rd(h, XNIC_REG_VPORT_STAT_HI(i));

	return (uint64_t)hi << 32 | lo;
}

/* The counters a function had at the last check */
struct snap {
	struct fake_host *h;
	const char *name;
	uint64_t v[NSTATS];
};

static void snap_take(struct snap *s)
{
	unsigned int i;

	for (i = 0; i < NSTATS; i++)
		s->v[i] = vreg(s->h, i);
}

/*
 * One test point: since the last check, @s's counters moved by exactly
 * @want (the counters not named there: by 0). @want lists pairs of counter
 * index and delta, ended by -1.
 */
static void expect(struct snap *s, const char *what, const int *want)
{
	uint64_t delta[NSTATS] = { 0 }, now[NSTATS];
	unsigned int i;
	bool ok = true;

	for (; *want >= 0; want += 2)
		delta[want[0]] = (uint64_t)want[1];
	for (i = 0; i < NSTATS; i++) {
		now[i] = vreg(s->h, i);
		if (now[i] - s->v[i] != delta[i]) {
			printf("#   %s %s: expected +%llu, saw +%llu\n", s->name,
			       stat_names[i], (unsigned long long)delta[i],
			       (unsigned long long)(now[i] - s->v[i]));
			ok = false;
		}
		s->v[i] = now[i];
	}
	CHECK(ok, "%s: %s counters", what, s->name);
}

static const int NONE[] = { -1 };

#define RX(len)	V_RX_PACKETS, 1, V_RX_BYTES, (len)
#define TX(len)	V_TX_PACKETS, 1, V_TX_BYTES, (len)

static void test_pf_and_vfs(void)
{
	struct fake_host *pf = pf_setup(4);
	struct fake_host *vf[2];
	struct snap s[3];
	uint8_t f[128], m0[6], m1[6];
	const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	unsigned int i, got;

	for (i = 0; i < 2; i++)
		vf[i] = vf_setup(pf, i);
	vf_mac(m0, 0);
	vf_mac(m1, 1);
	s[0] = (struct snap){ .h = pf, .name = "PF" };
	s[1] = (struct snap){ .h = vf[0], .name = "VF0" };
	s[2] = (struct snap){ .h = vf[1], .name = "VF1" };
	for (i = 0; i < 3; i++)
		snap_take(&s[i]);
	for (i = 0; i < 3; i++)
		CHECK_EQ(0, s[i].v[V_RX_PACKETS] + s[i].v[V_TX_PACKETS],
			 "%s: no traffic yet", s[i].name);

	/* uplink -> PF */
	eth_frame(f, unknown_mac, wire_mac, 0, 0, 80);
	xnic_core_port_rx(pf->core, 0, f, 80);
	expect(&s[0], "uplink -> PF", (const int[]){ RX(80), -1 });
	expect(&s[1], "uplink -> PF", NONE);
	expect(&s[2], "uplink -> PF", NONE);

	/* uplink broadcast: the PF and both VFs */
	eth_frame(f, bcast, wire_mac, 0, 0, 60);
	xnic_core_port_rx(pf->core, 0, f, 60);
	for (i = 0; i < 3; i++)
		expect(&s[i], "uplink broadcast",
		       (const int[]){ RX(60), V_RX_BROADCAST, 1, -1 });

	/* uplink multicast */
	eth_frame(f, mcast, wire_mac, 0, 0, 62);
	xnic_core_port_rx(pf->core, 0, f, 62);
	for (i = 0; i < 3; i++)
		expect(&s[i], "uplink multicast",
		       (const int[]){ RX(62), V_RX_MULTICAST, 1, -1 });

	/* uplink -> VF1: not the PF's */
	eth_frame(f, m1, wire_mac, 0, 0, 70);
	xnic_core_port_rx(pf->core, 0, f, 70);
	expect(&s[0], "uplink -> VF1", NONE);
	expect(&s[1], "uplink -> VF1", NONE);
	expect(&s[2], "uplink -> VF1", (const int[]){ RX(70), -1 });

	/* PF -> uplink */
	eth_frame(f, unknown_mac, pf_mac, 0, 0, 72);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(pf, f, 72), "PF -> uplink sent");
	expect(&s[0], "PF -> uplink", (const int[]){ TX(72), -1 });
	expect(&s[1], "PF -> uplink", NONE);
	expect(&s[2], "PF -> uplink", NONE);

	/* PF -> VF0 */
	eth_frame(f, m0, pf_mac, 0, 0, 64);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(pf, f, 64), "PF -> VF0 sent");
	expect(&s[0], "PF -> VF0", (const int[]){ TX(64), -1 });
	expect(&s[1], "PF -> VF0", (const int[]){ RX(64), -1 });
	expect(&s[2], "PF -> VF0", NONE);

	/* VF0 -> PF */
	eth_frame(f, pf_mac, m0, 0, 0, 66);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(vf[0], f, 66), "VF0 -> PF sent");
	expect(&s[0], "VF0 -> PF", (const int[]){ RX(66), -1 });
	expect(&s[1], "VF0 -> PF", (const int[]){ TX(66), -1 });
	expect(&s[2], "VF0 -> PF", NONE);

	/* VF0 -> VF1: not the PF's */
	eth_frame(f, m1, m0, 0, 0, 90);
	send_frame(vf[0], f, 90);
	expect(&s[0], "VF0 -> VF1", NONE);
	expect(&s[1], "VF0 -> VF1", (const int[]){ TX(90), -1 });
	expect(&s[2], "VF0 -> VF1", (const int[]){ RX(90), -1 });

	/* VF1 broadcast: the PF, VF0 and the uplink */
	eth_frame(f, bcast, m1, 0, 0, 60);
	send_frame(vf[1], f, 60);
	expect(&s[0], "VF1 broadcast",
	       (const int[]){ RX(60), V_RX_BROADCAST, 1, -1 });
	expect(&s[1], "VF1 broadcast",
	       (const int[]){ RX(60), V_RX_BROADCAST, 1, -1 });
	expect(&s[2], "VF1 broadcast", (const int[]){ TX(60), -1 });

	/* VF0 spoofing: its own tx_spoofed only */
	eth_frame(f, unknown_mac, wire_mac, 0, 0, 60);
	CHECK_EQ(XNIC_DESC_ST_SPOOFED, send_frame(vf[0], f, 60),
		 "VF0 spoofing refused");
	expect(&s[0], "VF0 spoofing", NONE);
	expect(&s[1], "VF0 spoofing", (const int[]){ V_TX_SPOOFED, 1, -1 });
	expect(&s[2], "VF0 spoofing", NONE);

	/* a bad PF descriptor for the eswitch: the PF's tx_dropped */
	eth_frame(f, unknown_mac, pf_mac, 0, 0, 60);
	CHECK_EQ(XNIC_DESC_ST_BAD_LEN, send_frame(pf, f, 5), "PF short frame");
	expect(&s[0], "PF bad descriptor", (const int[]){ V_TX_DROPPED, 1, -1 });
	expect(&s[1], "PF bad descriptor", NONE);

	/* uplink down: the PF's frame to it is dropped */
	xnic_core_set_link(pf->core, 0, false);
	host_run(pf);
	CHECK_EQ(XNIC_DESC_ST_DROPPED, send_frame(pf, f, 60),
		 "PF -> uplink with the link down");
	expect(&s[0], "PF -> uplink down", (const int[]){ V_TX_DROPPED, 1, -1 });
	xnic_core_set_link(pf->core, 0, true);
	host_run(pf);
	for (i = 1; i < 3; i++)
		snap_take(&s[i]);	/* link events are not traffic */

	/* the PF's RX ring full: a VF's frame to it is the PF's rx_dropped */
	got = rx_count(pf);
	eth_frame(f, pf_mac, m0, 0, 0, 64);
	for (i = got; i < RX_BUFS; i++)
		send_frame(vf[0], f, 64);
	CHECK_EQ(RX_BUFS, rx_count(pf), "the PF's RX ring is full");
	snap_take(&s[0]);
	snap_take(&s[1]);
	send_frame(vf[0], f, 64);
	expect(&s[0], "VF0 -> full PF", (const int[]){ V_RX_DROPPED, 1, -1 });
	expect(&s[1], "VF0 -> full PF", (const int[]){ TX(64), -1 });
	expect(&s[2], "VF0 -> full PF", NONE);
	/* from the wire it is held back, not dropped */
	eth_frame(f, unknown_mac, wire_mac, 0, 0, 64);
	CHECK_EQ(XNIC_RX_RETRY, xnic_core_port_rx(pf->core, 0, f, 64),
		 "uplink -> full PF: held back");
	expect(&s[0], "uplink -> full PF", NONE);

	/* a VF's registers are its VF_STATS, never another function's */
	for (i = 0; i < 2; i++) {
		unsigned int k;
		bool same = true;

		for (k = 0; k < NSTATS; k++)
			same &= vreg(vf[i], k) == vf_stat(pf, i, k);
		CHECK(same, "VF%u registers == VF_STATS of VF%u", i, i);
	}
	CHECK(vreg(vf[0], V_TX_BYTES) != vreg(vf[1], V_TX_BYTES) &&
	      vreg(vf[0], V_TX_BYTES) != vreg(pf, V_TX_BYTES),
	      "VF0, VF1 and the PF read different tx_bytes");
	CHECK_EQ(0, rd(vf[0], XNIC_REG_VPORT_STAT_LO(NSTATS)),
		 "past the last counter: 0");

	/* PF reset: its vport counters back to 0 */
	wr(pf, XNIC_REG_CTRL, XNIC_CTRL_RESET);
	for (i = 0; i < NSTATS; i++)
		if (vreg(pf, i))
			break;
	CHECK_EQ(NSTATS, i, "PF reset zeroes the PF's vport counters");

	for (i = 0; i < 2; i++)
		host_vf_free(vf[i], i);
	host_free(pf);
}

int main(void)
{
	test_pf_and_vfs();
	return tap_done();
}
