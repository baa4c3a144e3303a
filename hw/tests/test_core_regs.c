// SPDX-License-Identifier: GPL-2.0
/*
 * test_core_regs.c - the xnic core's configuration checks, identity
 * registers, scratch, command/event queue control registers and reset.
 */
#include "fake_host.h"
#include "tap.h"

static void test_config_check(void)
{
	struct xnic_core_config cfg = {
		.num_ports = 1, .max_qps = 4,
		.mac = { 0x02, 0, 0, 0, 0, 0x10 }, .speed_mbps = 1000,
	};
	const char *why = "unset";

	CHECK_EQ(0, xnic_core_config_check(&cfg, &why), "good config accepted");
	CHECK(why == NULL, "no reason for a good config");

	cfg.num_ports = 0;
	CHECK_EQ(-1, xnic_core_config_check(&cfg, &why), "0 ports refused");
	CHECK(why && strstr(why, "ports"), "reason names ports: %s", why);
	cfg.num_ports = 3;
	CHECK_EQ(-1, xnic_core_config_check(&cfg, NULL), "3 ports refused");
	cfg.num_ports = 2;
	cfg.max_qps = 0;
	CHECK_EQ(-1, xnic_core_config_check(&cfg, NULL), "0 queues refused");
	cfg.max_qps = XNIC_MAX_QPS + 1;
	CHECK_EQ(-1, xnic_core_config_check(&cfg, NULL), "65 queues refused");
	CHECK(xnic_core_new(&cfg, &fake_ops, NULL) == NULL,
	      "xnic_core_new refuses a bad config");
	cfg.max_qps = XNIC_MAX_QPS;
	cfg.mac[0] = 0x01;
	CHECK_EQ(-1, xnic_core_config_check(&cfg, NULL), "multicast MAC refused");
	cfg.mac[0] = 0x02;
	cfg.mac[5] = 0xff;
	CHECK_EQ(-1, xnic_core_config_check(&cfg, NULL),
		 "MAC ending ff with 2 ports refused (no carry)");
	cfg.num_ports = 1;
	CHECK_EQ(0, xnic_core_config_check(&cfg, NULL),
		 "MAC ending ff with 1 port accepted");
	CHECK_EQ(XNIC_MAX_QPS + 1, xnic_core_num_vectors(&cfg),
		 "vectors = 1 + queue pairs");
}

static void test_identity(void)
{
	struct fake_host *h = host_new_cfg(2, 8);
	unsigned int sched;

	CHECK_EQ(XNIC_ID_MAGIC, rd(h, XNIC_REG_ID), "ID");
	CHECK_EQ(XNIC_HW_VERSION, rd(h, XNIC_REG_HW_VERSION), "HW_VERSION");
	CHECK_EQ(XNIC_STATUS_READY, rd(h, XNIC_REG_STATUS),
		 "STATUS: ready, no firmware");
	CHECK_EQ(0, rd(h, XNIC_REG_FUNC), "FUNC: the PF");
	CHECK_EQ(8, rd(h, XNIC_REG_MAX_QPS), "MAX_QPS");
	CHECK_EQ(2, rd(h, XNIC_REG_NUM_PORTS), "NUM_PORTS");
	CHECK_EQ(9, rd(h, XNIC_REG_NUM_VECTORS), "NUM_VECTORS");
	CHECK_EQ(0, rd(h, XNIC_REG_FW_VERSION), "FW_VERSION 0 before load");

	wr(h, XNIC_REG_ID, 0);
	wr(h, XNIC_REG_STATUS, 0);
	CHECK_EQ(XNIC_ID_MAGIC, rd(h, XNIC_REG_ID), "ID is read-only");
	CHECK_EQ(XNIC_STATUS_READY, rd(h, XNIC_REG_STATUS),
		 "STATUS is read-only");
	CHECK_EQ(0, rd(h, 0x0ffc), "unassigned register reads 0");
	wr(h, 0x0ffc, 0xdeadbeef);
	CHECK_EQ(0, rd(h, 0x0ffc), "unassigned register ignores writes");
	CHECK_EQ(0, rd(h, XNIC_REG_QP(8, XNIC_QP_IRQ_ARM)),
		 "doorbell of a queue pair beyond MAX_QPS reads 0");
	host_run(h);
	sched = h->schedules;
	wr(h, XNIC_REG_QP(8, XNIC_QP_TX_PROD), 5);
	wr(h, XNIC_REG_QP(63, XNIC_QP_IRQ_ARM), 1);
	CHECK_EQ(sched, h->schedules + h->irqs[0],
		 "doorbells beyond MAX_QPS do nothing");
	CHECK_EQ(0, rd(h, XNIC_REG_PORT_STAT_LO(1, 10)),
		 "stat index beyond the counters reads 0");
	host_free(h);
}

static void test_scratch_and_reset(void)
{
	struct fake_host *h = host_new_cfg(1, 4);

	wr(h, XNIC_REG_SCRATCH, 0xa5a55a5a);
	CHECK_EQ(0xa5a55a5a, rd(h, XNIC_REG_SCRATCH), "SCRATCH reads back");

	host_boot(h);
	CHECK_EQ(XNIC_STATUS_READY | XNIC_STATUS_FW_RUNNING,
		 rd(h, XNIC_REG_STATUS), "STATUS: firmware running");
	CHECK_EQ(XNIC_FW_VERSION(1, 0, 0), rd(h, XNIC_REG_FW_VERSION),
		 "FW_VERSION of the loaded image");
	CHECK_EQ(XNIC_CMD_ST_OK, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					   XNIC_QTYPE_TX, 6, 0,
					   RING_ADDR(0, 0)),
		 "a TX queue before reset");

	wr(h, XNIC_REG_CMDQ_PROD, h->cmdq_prod + 1);
	h->scheduled = false;		/* the host drops pending work... */
	xnic_core_reset(h->core);	/* ...and resets the device */
	CHECK(h->scheduled, "reset asks for a run even with one outstanding");
	host_run(h);
	cmdq_setup(h, CMDQ_ENTRIES);
	CHECK_EQ(XNIC_CMD_ST_OK, cmd_simple(h, XNIC_CMD_NOP, NULL, 0),
		 "commands run after a host reset");
	host_boot(h);

	wr(h, XNIC_REG_CTRL, XNIC_CTRL_RESET);
	CHECK_EQ(0, rd(h, XNIC_REG_CTRL), "CTRL.RESET self-clears");
	CHECK_EQ(XNIC_STATUS_READY, rd(h, XNIC_REG_STATUS),
		 "after reset: ready, firmware gone");
	CHECK_EQ(0, rd(h, XNIC_REG_FW_VERSION), "after reset: FW_VERSION 0");
	CHECK_EQ(0, rd(h, XNIC_REG_SCRATCH), "after reset: SCRATCH 0");
	CHECK_EQ(0, rd(h, XNIC_REG_CMDQ_CTRL), "after reset: CMDQ disabled");
	CHECK_EQ(0, rd(h, XNIC_REG_CMDQ_CONS), "after reset: CMDQ_CONS 0");

	cmdq_setup(h, CMDQ_ENTRIES);
	CHECK_EQ(XNIC_CMD_ST_ENOFW, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					      XNIC_QTYPE_TX, 6, 0,
					      RING_ADDR(0, 0)),
		 "after reset: firmware must be reloaded");
	host_boot(h);
	CHECK_EQ(XNIC_CMD_ST_OK, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					   XNIC_QTYPE_TX, 6, 0,
					   RING_ADDR(0, 0)),
		 "after reset and reload: queue 0 is free again");
	host_free(h);
}

static void test_mbox_ctrl(void)
{
	struct fake_host *h = host_new_cfg(1, 4);
	static const uint32_t bad_sizes[] = { 0, 1, 3, 96, 2048, 0xffffffff };
	size_t i;

	for (i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		wr(h, XNIC_REG_CMDQ_SIZE, bad_sizes[i]);
		wr(h, XNIC_REG_CMDQ_CTRL, XNIC_QCTRL_ENABLE);
		CHECK_EQ(0, rd(h, XNIC_REG_CMDQ_CTRL) & XNIC_QCTRL_ENABLE,
			 "CMDQ size %u: ENABLE does not stick", bad_sizes[i]);
		wr(h, XNIC_REG_EVQ_SIZE, bad_sizes[i]);
		wr(h, XNIC_REG_EVQ_CTRL, XNIC_QCTRL_ENABLE);
		CHECK_EQ(0, rd(h, XNIC_REG_EVQ_CTRL) & XNIC_QCTRL_ENABLE,
			 "EVQ size %u: ENABLE does not stick", bad_sizes[i]);
	}
	wr(h, XNIC_REG_CMDQ_PROD, 1);
	host_run(h);
	CHECK_EQ(0, rd(h, XNIC_REG_CMDQ_CONS), "doorbell of a disabled CMDQ ignored");

	wr(h, XNIC_REG_CMDQ_BASE_LO, 0x12345000);
	wr(h, XNIC_REG_CMDQ_BASE_HI, 0x1);
	wr(h, XNIC_REG_CMDQ_SIZE, 1024);
	wr(h, XNIC_REG_CMDQ_CTRL, 0xffffffff);
	CHECK_EQ(XNIC_QCTRL_ENABLE | XNIC_QCTRL_IRQ_EN,
		 rd(h, XNIC_REG_CMDQ_CTRL), "CMDQ enabled, unknown bits dropped");
	wr(h, XNIC_REG_CMDQ_BASE_LO, 0);
	wr(h, XNIC_REG_CMDQ_SIZE, 2);
	CHECK_EQ(0x12345000, rd(h, XNIC_REG_CMDQ_BASE_LO),
		 "CMDQ base fixed while enabled");
	CHECK_EQ(1024, rd(h, XNIC_REG_CMDQ_SIZE), "CMDQ size fixed while enabled");

	/* the ring is outside guest memory: the queue stops, nothing breaks */
	wr(h, XNIC_REG_CMDQ_PROD, 1);
	CHECK_EQ(0, rd(h, XNIC_REG_CMDQ_CONS),
		 "no command runs inside the doorbell write");
	host_run(h);
	CHECK_EQ(0, rd(h, XNIC_REG_CMDQ_CTRL) & XNIC_QCTRL_ENABLE,
		 "CMDQ at an unreachable address stops itself");
	CHECK_EQ(0, h->irqs[0], "and raises no completion interrupt");
	host_free(h);
}

int main(void)
{
	test_config_check();
	test_identity();
	test_scratch_and_reset();
	test_mbox_ctrl();
	return tap_done();
}
