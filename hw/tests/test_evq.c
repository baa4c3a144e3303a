// SPDX-License-Identifier: GPL-2.0
/*
 * test_evq.c - the event queue: link change events, their interrupt,
 * overflow into EVQ_LOST, consumer index checks, unreachable ring.
 */
#include "fake_host.h"
#include "tap.h"

static struct xnic_event *ev_slot(struct fake_host *h, unsigned int i)
{
	return (struct xnic_event *)gmem(h, EVQ_ADDR) + i;
}

static void evq_setup(struct fake_host *h, uint32_t entries, uint32_t ctrl)
{
	wr(h, XNIC_REG_EVQ_CTRL, 0);
	wr(h, XNIC_REG_EVQ_BASE_LO, (uint32_t)EVQ_ADDR);
	wr(h, XNIC_REG_EVQ_BASE_HI, (uint32_t)(EVQ_ADDR >> 32));
	wr(h, XNIC_REG_EVQ_SIZE, entries);
	wr(h, XNIC_REG_EVQ_CTRL, ctrl);
}

static void test_link_events(void)
{
	struct fake_host *h = host_new_cfg(2, 4);
	struct xnic_event *e;

	xnic_core_set_link(h->core, 0, true);
	CHECK_EQ(0, rd(h, XNIC_REG_EVQ_PROD), "no event while the EVQ is off");

	evq_setup(h, 4, XNIC_QCTRL_ENABLE | XNIC_QCTRL_IRQ_EN);
	CHECK_EQ(XNIC_QCTRL_ENABLE | XNIC_QCTRL_IRQ_EN, rd(h, XNIC_REG_EVQ_CTRL),
		 "EVQ enabled");
	xnic_core_set_link(h->core, 0, true);
	CHECK_EQ(0, rd(h, XNIC_REG_EVQ_PROD), "no event when the link stays up");
	xnic_core_set_link(h->core, 1, true);
	xnic_core_set_link(h->core, 0, false);
	CHECK_EQ(2, rd(h, XNIC_REG_EVQ_PROD), "two link changes, two events");
	CHECK_EQ(2, h->irqs[XNIC_VEC_CMD], "vector 0 per event");
	e = ev_slot(h, 0);
	CHECK_EQ(XNIC_EV_LINK, le16toh(e->type), "event 0 type LINK");
	CHECK_EQ(XNIC_PORT_PHYS(1), le16toh(e->port), "event 0 port 1");
	CHECK_EQ(1, le32toh(e->data), "event 0 link up");
	e = ev_slot(h, 1);
	CHECK_EQ(XNIC_PORT_PHYS(0), le16toh(e->port), "event 1 port 0");
	CHECK_EQ(0, le32toh(e->data), "event 1 link down");
	CHECK_EQ(le32toh(ev_slot(h, 0)->seq) + 1, le32toh(e->seq),
		 "sequence numbers increase");
	xnic_core_set_link(h->core, 5, true);
	CHECK_EQ(2, rd(h, XNIC_REG_EVQ_PROD), "link of port 5 ignored");

	/* overflow: 4 slots, 2 used, 4 more changes */
	xnic_core_set_link(h->core, 0, true);
	xnic_core_set_link(h->core, 0, false);
	xnic_core_set_link(h->core, 0, true);
	xnic_core_set_link(h->core, 0, false);
	CHECK_EQ(4, rd(h, XNIC_REG_EVQ_PROD), "ring full at 4 events");
	CHECK_EQ(2, rd(h, XNIC_REG_EVQ_LOST), "2 events lost");
	CHECK_EQ(4, h->irqs[XNIC_VEC_CMD], "no interrupt for lost events");
	CHECK(le32toh(ev_slot(h, 2)->data) == 1 &&
	      le32toh(ev_slot(h, 3)->data) == 0,
	      "the events that fitted are kept, the later ones dropped");

	wr(h, XNIC_REG_EVQ_CONS, 5);
	CHECK_EQ(0, rd(h, XNIC_REG_EVQ_CONS), "CONS beyond PROD ignored");
	wr(h, XNIC_REG_EVQ_CONS, 3);
	CHECK_EQ(3, rd(h, XNIC_REG_EVQ_CONS), "driver consumed 3");
	xnic_core_set_link(h->core, 1, false);
	CHECK_EQ(5, rd(h, XNIC_REG_EVQ_PROD), "room again: event posted");
	CHECK_EQ(XNIC_PORT_PHYS(1), le16toh(ev_slot(h, 0)->port),
		 "written at slot 5 & 3 = 0 (wrapped)");

	/* without IRQ_EN: events, no interrupt */
	evq_setup(h, 8, XNIC_QCTRL_ENABLE);
	CHECK_EQ(0, rd(h, XNIC_REG_EVQ_LOST), "re-enable clears EVQ_LOST");
	xnic_core_set_link(h->core, 1, true);
	CHECK_EQ(1, rd(h, XNIC_REG_EVQ_PROD), "event without IRQ_EN");
	CHECK_EQ(5, h->irqs[XNIC_VEC_CMD], "and no interrupt");

	/* an unreachable ring loses events, nothing else */
	h->fail_lo = EVQ_ADDR;
	h->fail_hi = EVQ_ADDR + 0x1000;
	xnic_core_set_link(h->core, 1, false);
	CHECK_EQ(1, rd(h, XNIC_REG_EVQ_PROD), "unreachable slot: not posted");
	CHECK_EQ(1, rd(h, XNIC_REG_EVQ_LOST), "and counted lost");
	host_free(h);
}

int main(void)
{
	test_link_events();
	return tap_done();
}
