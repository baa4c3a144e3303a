// SPDX-License-Identifier: GPL-2.0
/*
 * test_datapath.c - TX and RX through the physical ports: descriptors,
 * validation, counters (by command and by register), RX queue selection by
 * flow, full rings, interrupt arming, bounded work per run.
 */
#include "fake_host.h"
#include "tap.h"

static const uint8_t mac_a[6] = { 0x02, 0, 0, 0, 0xaa, 0x01 };
static const uint8_t mac_b[6] = { 0x02, 0, 0, 0, 0xbb, 0x02 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };

static uint64_t stat_cmd(struct fake_host *h, uint16_t port, unsigned int i)
{
	struct xnic_cmd_port_req req = { .port = htole16(port) };
	struct xnic_port_stats st;
	struct xnic_cmd done;
	__le64 v[sizeof(st) / 8];

	if (cmd_exec(h, XNIC_CMD_PORT_STATS, &req, sizeof(req), 0, 0, &done))
		return ~0ull;
	memcpy(v, done.data, sizeof(v));
	return le64toh(v[i]);
}

static uint64_t stat_reg(struct fake_host *h, unsigned int port,
			 unsigned int i)
{
	uint64_t lo = rd(h, XNIC_REG_PORT_STAT_LO(port, i));

	return lo | (uint64_t)rd(h, XNIC_REG_PORT_STAT_HI(port, i)) << 32;
}

enum { RX_PACKETS, RX_BYTES, TX_PACKETS, TX_BYTES, RX_NO_BUF, RX_OVERSIZE,
       TX_ERRORS, TX_DROPPED, RX_MULTICAST, RX_BROADCAST };

/* Booted, both ports up and enabled, TX and RX queue 0 on port 0 */
static struct fake_host *setup(unsigned int qps)
{
	struct fake_host *h = host_new_cfg(2, qps);

	host_boot(h);
	xnic_core_set_link(h->core, 0, true);
	xnic_core_set_link(h->core, 1, true);
	if (port_cmd(h, XNIC_CMD_PORT_ENABLE, 0, 1) ||
	    port_cmd(h, XNIC_CMD_PORT_ENABLE, 1, 1) ||
	    queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0, XNIC_QTYPE_TX, 8, 0,
		      RING_ADDR(0, 0)) ||
	    queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0, XNIC_QTYPE_RX, 6, 0,
		      RING_ADDR(0, 1)))
		host_die("data path setup failed", 0);
	host_run(h);
	return h;
}

static void tx_post(struct fake_host *h, unsigned int qp, unsigned int slot,
		    uint64_t addr, uint16_t len, uint8_t flags, uint16_t meta)
{
	struct xnic_tx_desc *d = tx_desc(h, qp, slot);

	d->addr = htole64(addr);
	d->len = htole16(len);
	d->rsvd = 0;
	d->meta = htole16(meta);
	d->flags = flags;
	d->status = 0xee;
}

static void rx_post(struct fake_host *h, unsigned int qp, unsigned int slot,
		    uint64_t addr, uint16_t buf_len)
{
	struct xnic_rx_desc *d = rx_desc(h, qp, slot);

	memset(d, 0, sizeof(*d));
	d->addr = htole64(addr);
	d->buf_len = htole16(buf_len);
}

static void test_tx(void)
{
	struct fake_host *h = setup(4);
	uint8_t f[1600];
	unsigned int i;

	for (i = 0; i < 3; i++) {
		make_frame(gmem(h, PKT_ADDR(i)), mac_b, mac_a, 0, 60 + i,
			   (uint8_t)i);
		tx_post(h, 0, i, PKT_ADDR(i), (uint16_t)(60 + i), 0, 0);
	}
	wr(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD), 3);
	CHECK_EQ(0, h->ntx, "TX doorbell sends nothing by itself");
	host_run(h);
	CHECK_EQ(3, h->ntx, "3 frames on the wire");
	CHECK(h->tx[0].port == 0 && h->tx[2].port == 0, "on port 0");
	CHECK(h->tx[1].len == 61 && !memcmp(h->tx[1].data, gmem(h, PKT_ADDR(1)),
					      61), "frame 1 bytes intact");
	CHECK_EQ(XNIC_DESC_F_DONE, tx_desc(h, 0, 2)->flags, "descriptor DONE");
	CHECK_EQ(XNIC_DESC_ST_OK, tx_desc(h, 0, 2)->status, "status OK");
	CHECK_EQ(3, stat_cmd(h, 0, TX_PACKETS), "tx_packets by PORT_STATS");
	CHECK_EQ(183, stat_cmd(h, 0, TX_BYTES), "tx_bytes by PORT_STATS");
	CHECK_EQ(183, stat_reg(h, 0, TX_BYTES), "tx_bytes by register");
	CHECK_EQ(0, stat_reg(h, 1, TX_PACKETS), "port 1 sent nothing");

	/* bad descriptors each get a status and a counter */
	make_frame(f, mac_b, mac_a, 0, 1600, 0);
	memcpy(gmem(h, PKT_ADDR(10)), f, sizeof(f));
	tx_post(h, 0, 3, PKT_ADDR(10), 13, 0, 0);		/* runt */
	tx_post(h, 0, 4, PKT_ADDR(10), 1500 + 18 + 1, 0, 0);	/* > MTU */
	tx_post(h, 0, 5, 0x20, 64, 0, 0);			/* bad addr */
	tx_post(h, 0, 6, PKT_ADDR(10), 64, XNIC_DESC_F_META,
		XNIC_PORT_VF(3));				/* bad meta */
	tx_post(h, 0, 7, PKT_ADDR(10), 64, XNIC_DESC_F_META,
		XNIC_PORT_PHYS(2));				/* no port 2 */
	tx_post(h, 0, 8, PKT_ADDR(10), 1518, 0, 0);		/* max ok */
	tx_post(h, 0, 9, PKT_ADDR(10), 70, XNIC_DESC_F_META,
		XNIC_PORT_PHYS(1));				/* to port 1 */
	wr(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD), 10);
	host_run(h);
	CHECK_EQ(XNIC_DESC_ST_BAD_LEN, tx_desc(h, 0, 3)->status, "13 bytes: BAD_LEN");
	CHECK_EQ(XNIC_DESC_ST_BAD_LEN, tx_desc(h, 0, 4)->status,
		 "MTU + 19 bytes: BAD_LEN");
	CHECK_EQ(XNIC_DESC_ST_DMA_ERR, tx_desc(h, 0, 5)->status,
		 "unreachable buffer: DMA_ERR");
	CHECK_EQ(XNIC_DESC_ST_BAD_META, tx_desc(h, 0, 6)->status,
		 "VF meta: BAD_META");
	CHECK_EQ(XNIC_DESC_ST_BAD_META, tx_desc(h, 0, 7)->status,
		 "meta port 2 of 2: BAD_META");
	CHECK_EQ(XNIC_DESC_ST_OK, tx_desc(h, 0, 8)->status,
		 "MTU + 18 (VLAN) bytes: OK");
	CHECK_EQ(XNIC_DESC_ST_OK, tx_desc(h, 0, 9)->status, "meta port 1: OK");
	CHECK(tx_desc(h, 0, 5)->flags & XNIC_DESC_F_DONE,
	      "failed descriptors are completed too");
	CHECK_EQ(5, h->ntx, "2 more frames sent");
	CHECK_EQ(1, h->tx[4].port, "META steered the frame to port 1");
	CHECK_EQ(5, stat_reg(h, 0, TX_ERRORS), "5 tx_errors");
	CHECK_EQ(1, stat_reg(h, 1, TX_PACKETS), "port 1 tx_packets");

	/* disabled port and link down: dropped, counted */
	port_cmd(h, XNIC_CMD_PORT_ENABLE, 0, 0);
	tx_post(h, 0, 10, PKT_ADDR(10), 64, 0, 0);
	wr(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD), 11);
	host_run(h);
	CHECK_EQ(XNIC_DESC_ST_DROPPED, tx_desc(h, 0, 10)->status,
		 "disabled port: DROPPED");
	port_cmd(h, XNIC_CMD_PORT_ENABLE, 0, 1);
	xnic_core_set_link(h->core, 0, false);
	tx_post(h, 0, 11, PKT_ADDR(10), 64, 0, 0);
	wr(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD), 12);
	host_run(h);
	CHECK_EQ(XNIC_DESC_ST_DROPPED, tx_desc(h, 0, 11)->status,
		 "link down: DROPPED");
	CHECK_EQ(2, stat_reg(h, 0, TX_DROPPED), "2 tx_dropped");
	CHECK_EQ(5, h->ntx, "nothing sent while down");

	/* a producer index more than a ring ahead is ignored */
	wr(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD), 12 + 257);
	host_run(h);
	CHECK_EQ(12, rd(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD)),
		 "TX_PROD beyond the ring ignored");
	host_free(h);
}

static void test_tx_budget_and_broken_ring(void)
{
	struct fake_host *h = setup(4);
	unsigned int i, rounds;

	make_frame(gmem(h, PKT_ADDR(0)), mac_b, mac_a, 0, 64, 0);
	for (i = 0; i < 200; i++)
		tx_post(h, 0, i, PKT_ADDR(0), 64, 0, 0);
	wr(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD), 200);
	h->scheduled = false;
	xnic_core_process(h->core);
	CHECK_EQ(64, h->ntx, "one run sends at most 64 from a ring");
	CHECK(h->scheduled, "and asks to run again");
	rounds = host_run(h);
	CHECK_EQ(200, h->ntx, "all 200 sent in later runs");
	CHECK_EQ(3, rounds, "in 3 more runs");

	/* the ring becomes unreachable: it stops, nothing crashes */
	h->fail_lo = RING_ADDR(0, 0);
	h->fail_hi = RING_ADDR(0, 0) + 0x10000;
	wr(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD), 210);
	host_run(h);
	CHECK_EQ(200, h->ntx, "unreachable TX ring sends nothing");
	h->fail_lo = h->fail_hi = 0;
	wr(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD), 211);
	host_run(h);
	CHECK_EQ(200, h->ntx, "a broken ring stays stopped");
	CHECK_EQ(XNIC_CMD_ST_OK, queue_cmd(h, XNIC_CMD_QUEUE_DESTROY, 0,
					   XNIC_QTYPE_TX, 0, 0, 0),
		 "a broken ring can be destroyed");
	host_free(h);
}

static void test_rx(void)
{
	struct fake_host *h = setup(4);
	uint8_t f[2000];
	struct xnic_rx_desc *d;
	unsigned int i;

	for (i = 0; i < 4; i++)
		rx_post(h, 0, i, PKT_ADDR(i), 2048);
	rx_post(h, 0, 4, PKT_ADDR(4), 100);
	rx_post(h, 0, 5, 0x40, 2048);
	wr(h, XNIC_REG_QP(0, XNIC_QP_RX_PROD), 6);
	host_run(h);

	make_frame(f, mac_a, mac_b, 1000, 200, 0x5a);
	CHECK_EQ(XNIC_RX_DELIVERED, xnic_core_port_rx(h->core, 0, f, 200),
		 "unicast frame delivered");
	d = rx_desc(h, 0, 0);
	CHECK_EQ(XNIC_DESC_F_DONE, d->flags, "RX descriptor DONE");
	CHECK_EQ(200, le16toh(d->pkt_len), "pkt_len");
	CHECK_EQ(XNIC_PORT_PHYS(0), le16toh(d->meta), "meta: source port 0");
	CHECK_EQ(2048, le16toh(d->buf_len), "buf_len left as posted");
	CHECK(!memcmp(gmem(h, PKT_ADDR(0)), f, 200), "frame bytes in the buffer");

	make_frame(f, bcast, mac_b, 0, 60, 1);
	xnic_core_port_rx(h->core, 0, f, 60);
	make_frame(f, mcast, mac_b, 0, 60, 2);
	xnic_core_port_rx(h->core, 0, f, 60);
	make_frame(f, mac_a, mac_b, 0, 1518, 3);
	CHECK_EQ(XNIC_RX_DELIVERED, xnic_core_port_rx(h->core, 0, f, 1518),
		 "MTU + 18 bytes delivered");
	CHECK_EQ(XNIC_RX_DROPPED, xnic_core_port_rx(h->core, 0, f, 1519),
		 "MTU + 19 bytes dropped");
	CHECK_EQ(1, stat_reg(h, 0, RX_OVERSIZE), "rx_oversize");
	CHECK_EQ(XNIC_RX_DROPPED, xnic_core_port_rx(h->core, 0, f, 200),
		 "200 bytes into a 100 byte buffer: dropped");
	CHECK_EQ(XNIC_DESC_ST_BAD_LEN, rx_desc(h, 0, 4)->status,
		 "small buffer completed with BAD_LEN");
	CHECK_EQ(XNIC_RX_DROPPED, xnic_core_port_rx(h->core, 0, f, 200),
		 "unreachable buffer: dropped");
	CHECK_EQ(XNIC_DESC_ST_DMA_ERR, rx_desc(h, 0, 5)->status,
		 "unreachable buffer completed with DMA_ERR");
	CHECK_EQ(XNIC_RX_DROPPED, xnic_core_port_rx(h->core, 0, f, 13),
		 "13 byte runt dropped");
	CHECK_EQ(XNIC_RX_DROPPED, xnic_core_port_rx(h->core, 7, f, 64),
		 "frame for port 7 dropped");

	CHECK_EQ(4, stat_reg(h, 0, RX_PACKETS), "rx_packets");
	CHECK_EQ(200 + 60 + 60 + 1518, stat_cmd(h, 0, RX_BYTES), "rx_bytes");
	CHECK_EQ(1, stat_reg(h, 0, RX_BROADCAST), "rx_broadcast");
	CHECK_EQ(1, stat_reg(h, 0, RX_MULTICAST), "rx_multicast");
	CHECK_EQ(2, stat_reg(h, 0, RX_NO_BUF), "rx_no_buf: 2 unusable buffers");

	/* ring empty: hold the frame back until buffers are posted */
	CHECK(!xnic_core_can_receive(h->core, 0), "can_receive false: ring used up");
	CHECK_EQ(XNIC_RX_RETRY, xnic_core_port_rx(h->core, 0, f, 64),
		 "frame on a full ring: RETRY");
	i = h->rx_ready[0];
	rx_post(h, 0, 6, PKT_ADDR(6), 2048);
	wr(h, XNIC_REG_QP(0, XNIC_QP_RX_PROD), 7);
	CHECK_EQ(i, h->rx_ready[0], "rx_ready not called inside the doorbell");
	host_run(h);
	CHECK_EQ(i + 1, h->rx_ready[0], "rx_ready(0) after buffers are posted");
	CHECK(xnic_core_can_receive(h->core, 0), "can_receive true again");
	CHECK_EQ(XNIC_RX_DELIVERED, xnic_core_port_rx(h->core, 0, f, 64),
		 "held frame delivered");

	/* no RX queue, or disabled: accept and drop */
	CHECK(xnic_core_can_receive(h->core, 1), "port 1 without RX queue can receive");
	CHECK_EQ(XNIC_RX_DROPPED, xnic_core_port_rx(h->core, 1, f, 64),
		 "port 1 without RX queue drops");
	CHECK_EQ(1, stat_reg(h, 1, RX_NO_BUF), "and counts rx_no_buf");
	port_cmd(h, XNIC_CMD_PORT_ENABLE, 0, 0);
	host_run(h);
	CHECK(xnic_core_can_receive(h->core, 0), "disabled port can receive");
	CHECK_EQ(XNIC_RX_DROPPED, xnic_core_port_rx(h->core, 0, f, 64),
		 "disabled port drops");
	CHECK_EQ(3, stat_reg(h, 0, RX_NO_BUF), "and counts rx_no_buf");

	/* destroying the RX queue releases held frames (to be dropped) */
	port_cmd(h, XNIC_CMD_PORT_ENABLE, 0, 1);
	i = h->rx_ready[0];
	queue_cmd(h, XNIC_CMD_QUEUE_DESTROY, 0, XNIC_QTYPE_RX, 0, 0, 0);
	CHECK(h->rx_ready[0] > i, "rx_ready after the RX queue is destroyed");

	/* reset: everything off again */
	wr(h, XNIC_REG_CTRL, XNIC_CTRL_RESET);
	host_run(h);
	CHECK_EQ(0, stat_reg(h, 0, RX_PACKETS), "reset clears the counters");
	CHECK_EQ(XNIC_RX_DROPPED, xnic_core_port_rx(h->core, 0, f, 64),
		 "after reset the port is disabled");
	host_free(h);
}

/* RX traffic of a port spread over its RX queues by flow */
static void test_rx_flows(void)
{
	struct fake_host *h = setup(4);
	unsigned int first_q[16], used[4] = { 0 }, qp, i, flow, moved = 0;
	uint8_t f[128];

	for (qp = 1; qp < 4; qp++)
		if (queue_cmd(h, XNIC_CMD_QUEUE_CREATE, qp, XNIC_QTYPE_RX, 6, 0,
			      RING_ADDR(qp, 1)))
			host_die("RX queue create", qp);
	for (qp = 0; qp < 4; qp++) {
		for (i = 0; i < 64; i++)
			rx_post(h, qp, i, PKT_ADDR(qp * 64 + i), 2048);
		wr(h, XNIC_REG_QP(qp, XNIC_QP_RX_PROD), 64);
	}
	host_run(h);

	/* 16 flows, 3 frames each; a flow's frames go to one queue */
	for (i = 0; i < 3; i++) {
		for (flow = 0; flow < 16; flow++) {
			unsigned int q = 4;

			make_frame(f, mac_a, mac_b, (uint16_t)(4000 + flow),
				   sizeof(f), (uint8_t)i);
			xnic_core_port_rx(h->core, 0, f, sizeof(f));
			/* find which queue's next slot just completed */
			for (qp = 0; qp < 4; qp++) {
				unsigned int s = used[qp];

				if (s < 64 && (rx_desc(h, qp, s)->flags &
					       XNIC_DESC_F_DONE)) {
					q = qp;
					used[qp]++;
				}
			}
			if (i == 0)
				first_q[flow] = q;
			else if (q != first_q[flow])
				moved++;
		}
	}
	CHECK_EQ(0, moved, "every flow stayed on its queue");
	for (qp = 0, i = 0; qp < 4; qp++)
		i += used[qp] > 0;
	CHECK(i >= 3, "16 flows spread over %u of 4 queues", i);
	CHECK_EQ(48, used[0] + used[1] + used[2] + used[3], "48 frames delivered");

	make_frame(f, mac_a, mac_b, 0, sizeof(f), 9);
	i = used[0];
	xnic_core_port_rx(h->core, 0, f, sizeof(f));
	CHECK(rx_desc(h, 0, i)->flags & XNIC_DESC_F_DONE,
	      "non-IP frame goes to the first queue");
	host_free(h);
}

static void test_irq_arm(void)
{
	struct fake_host *h = setup(4);
	unsigned int v = XNIC_VEC_QP(0), base;
	unsigned int slot = 0;
	uint8_t f[64];

	make_frame(gmem(h, PKT_ADDR(0)), mac_b, mac_a, 0, 64, 0);
	make_frame(f, mac_a, mac_b, 0, 64, 0);
	for (slot = 0; slot < 16; slot++)
		rx_post(h, 0, slot, PKT_ADDR(1 + slot), 2048);
	wr(h, XNIC_REG_QP(0, XNIC_QP_RX_PROD), 16);
	host_run(h);
	base = h->irqs[v];
	CHECK_EQ(0, base, "no queue interrupt before any completion");

	slot = 0;
	tx_post(h, 0, slot, PKT_ADDR(0), 64, 0, 0);
	wr(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD), ++slot);
	host_run(h);
	CHECK_EQ(0, h->irqs[v], "completion while disarmed: no interrupt");
	wr(h, XNIC_REG_QP(0, XNIC_QP_IRQ_ARM), 1);
	CHECK_EQ(1, h->irqs[v], "arming after a completion fires at once");
	CHECK_EQ(0, rd(h, XNIC_REG_QP(0, XNIC_QP_IRQ_ARM)), "and disarms");

	wr(h, XNIC_REG_QP(0, XNIC_QP_IRQ_ARM), 1);
	CHECK_EQ(1, h->irqs[v], "arming with nothing pending waits");
	CHECK_EQ(1, rd(h, XNIC_REG_QP(0, XNIC_QP_IRQ_ARM)), "armed");
	xnic_core_port_rx(h->core, 0, f, 64);
	CHECK_EQ(2, h->irqs[v], "RX completion fires the armed vector");
	xnic_core_port_rx(h->core, 0, f, 64);
	tx_post(h, 0, slot, PKT_ADDR(0), 64, 0, 0);
	wr(h, XNIC_REG_QP(0, XNIC_QP_TX_PROD), ++slot);
	host_run(h);
	CHECK_EQ(2, h->irqs[v], "exactly one interrupt per arming");

	wr(h, XNIC_REG_QP(0, XNIC_QP_IRQ_ARM), 1);
	CHECK_EQ(3, h->irqs[v], "completions while disarmed: one interrupt on arm");
	wr(h, XNIC_REG_QP(0, XNIC_QP_IRQ_ARM), 1);
	wr(h, XNIC_REG_QP(0, XNIC_QP_IRQ_ARM), 0);
	xnic_core_port_rx(h->core, 0, f, 64);
	CHECK_EQ(3, h->irqs[v], "IRQ_ARM 0 disarms");
	CHECK_EQ(0, h->irqs[XNIC_VEC_QP(1)], "other queue pairs' vectors quiet");
	host_free(h);
}

int main(void)
{
	test_tx();
	test_tx_budget_and_broken_ring();
	test_rx();
	test_rx_flows();
	test_irq_arm();
	return tap_done();
}
