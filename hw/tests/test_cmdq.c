// SPDX-License-Identifier: GPL-2.0
/*
 * test_cmdq.c - the command queue: batching, write-back, validation of every
 * request field, ENOFW before firmware, firmware upload (good, damaged,
 * truncated, out of order), port and queue commands.
 */
#include "fake_host.h"
#include "tap.h"

static void test_batch(void)
{
	struct fake_host *h = host_new_cfg(1, 4);
	struct xnic_cmd *c[6];
	struct xnic_cmd_info_resp info;
	uint32_t irqs;

	cmdq_setup(h, 8);
	host_run(h);
	irqs = h->irqs[0];
	c[0] = cmd_post(h, XNIC_CMD_NOP, NULL, 0, 0, 0);
	c[1] = cmd_post(h, XNIC_CMD_GET_INFO, NULL, 0, 0, 0);
	c[2] = cmd_post(h, 0x7777, NULL, 0, 0, 0);
	c[3] = cmd_post(h, XNIC_CMD_NOP, NULL, 0, 0, 0);
	c[3]->in_len = htole16(XNIC_CMD_DATA_LEN + 1);
	c[4] = cmd_post(h, XNIC_CMD_PORT_INFO, NULL, 0, 0, 0);
	c[5] = cmd_post(h, XNIC_CMD_NOP, NULL, 0, BUF_ADDR, 4);

	wr(h, XNIC_REG_CMDQ_PROD, h->cmdq_prod);
	CHECK_EQ(0, rd(h, XNIC_REG_CMDQ_CONS),
		 "doorbell only schedules: nothing done inside the write");
	CHECK(h->scheduled, "doorbell asked for deferred work");
	host_run(h);

	CHECK_EQ(6, rd(h, XNIC_REG_CMDQ_CONS), "6 commands, one doorbell");
	CHECK_EQ(irqs + 1, h->irqs[0], "one vector 0 interrupt for the batch");
	CHECK(le16toh(c[0]->flags) & le16toh(c[5]->flags) & XNIC_CMD_F_DONE,
	      "first and last marked DONE");
	CHECK_EQ(XNIC_CMD_ST_OK, le16toh(c[0]->status), "NOP ok");
	CHECK_EQ(XNIC_CMD_ST_OK, le16toh(c[1]->status), "GET_INFO ok");
	CHECK_EQ(sizeof(info), le16toh(c[1]->out_len), "GET_INFO out_len");
	memcpy(&info, c[1]->data, sizeof(info));
	CHECK_EQ(0, le32toh(info.fw_version), "GET_INFO: no firmware yet");
	CHECK_EQ(1, le16toh(info.num_ports), "GET_INFO num_ports");
	CHECK_EQ(4, le16toh(info.max_qps), "GET_INFO max_qps");
	CHECK_EQ(5, le16toh(info.num_vectors), "GET_INFO num_vectors");
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP, le16toh(c[2]->status),
		 "unknown opcode: EOPNOTSUPP");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, le16toh(c[3]->status),
		 "in_len beyond the inline data: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_ENOFW, le16toh(c[4]->status),
		 "PORT_INFO before firmware: ENOFW");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, le16toh(c[5]->status),
		 "NOP with an external buffer: EINVAL");
	CHECK_EQ(2, le16toh(c[2]->tag), "tag echoed");
	CHECK_EQ(0, le16toh(c[2]->out_len), "no response data on error");

	/* wrap around the 8-entry ring several times */
	{
		unsigned int i, ok = 0;

		for (i = 0; i < 20; i++)
			ok += cmd_simple(h, XNIC_CMD_NOP, NULL, 0) ==
			      XNIC_CMD_ST_OK;
		CHECK_EQ(20, ok, "20 commands through an 8-entry ring");
		CHECK_EQ(26, rd(h, XNIC_REG_CMDQ_CONS), "CONS is free-running");
	}

	/* a producer more than a ring ahead is ignored */
	wr(h, XNIC_REG_CMDQ_PROD, h->cmdq_prod + 9);
	host_run(h);
	CHECK_EQ(26, rd(h, XNIC_REG_CMDQ_CONS),
		 "PROD beyond CONS + size ignored");
	CHECK_EQ(XNIC_CMD_ST_OK, cmd_simple(h, XNIC_CMD_NOP, NULL, 0),
		 "queue still works after a bad doorbell");
	host_free(h);
}

/* XNIC_CMD_F_NO_IRQ: a batch interrupts only if one of its commands wants it */
static void test_no_irq(void)
{
	struct fake_host *h = host_new_cfg(1, 4);
	struct xnic_cmd *c[3];
	uint32_t irqs;
	int i;

	cmdq_setup(h, 8);
	host_run(h);
	irqs = h->irqs[0];
	for (i = 0; i < 3; i++) {
		c[i] = cmd_post(h, XNIC_CMD_NOP, NULL, 0, 0, 0);
		c[i]->flags = htole16(XNIC_CMD_F_NO_IRQ);
	}
	cmdq_ring(h);
	CHECK_EQ(3, rd(h, XNIC_REG_CMDQ_CONS), "3 NO_IRQ commands done");
	CHECK_EQ(XNIC_CMD_F_NO_IRQ | XNIC_CMD_F_DONE, le16toh(c[2]->flags),
		 "NO_IRQ kept beside DONE in the write-back");
	CHECK_EQ(XNIC_CMD_ST_OK, le16toh(c[2]->status), "NO_IRQ NOP ok");
	CHECK_EQ(irqs, h->irqs[0], "a batch of NO_IRQ commands: no interrupt");

	c[0] = cmd_post(h, XNIC_CMD_NOP, NULL, 0, 0, 0);
	c[0]->flags = htole16(XNIC_CMD_F_NO_IRQ);
	c[1] = cmd_post(h, XNIC_CMD_NOP, NULL, 0, 0, 0);
	c[2] = cmd_post(h, XNIC_CMD_NOP, NULL, 0, 0, 0);
	c[2]->flags = htole16(XNIC_CMD_F_NO_IRQ);
	cmdq_ring(h);
	CHECK_EQ(6, rd(h, XNIC_REG_CMDQ_CONS), "mixed batch done");
	CHECK_EQ(irqs + 1, h->irqs[0],
		 "one command without NO_IRQ: one interrupt for the batch");

	c[0] = cmd_post(h, XNIC_CMD_NOP, NULL, 0, 0, 0);
	c[0]->flags = htole16(XNIC_CMD_F_NO_IRQ);
	wr(h, XNIC_REG_CMDQ_CTRL, XNIC_QCTRL_ENABLE);
	host_run(h);
	c[1] = cmd_post(h, XNIC_CMD_NOP, NULL, 0, 0, 0);
	cmdq_ring(h);
	CHECK_EQ(irqs + 1, h->irqs[0], "IRQ_EN clear: no interrupt at all");
	CHECK(le16toh(c[1]->flags) & XNIC_CMD_F_DONE, "still executed");
	host_free(h);
}

static void test_budget(void)
{
	struct fake_host *h = host_new_cfg(1, 4);
	unsigned int i, rounds, done = 0;
	struct xnic_cmd *first;

	cmdq_setup(h, 128);
	host_run(h);
	first = cmd_post(h, XNIC_CMD_NOP, NULL, 0, 0, 0);
	for (i = 1; i < 100; i++)
		cmd_post(h, XNIC_CMD_NOP, NULL, 0, 0, 0);
	wr(h, XNIC_REG_CMDQ_PROD, h->cmdq_prod);
	rounds = host_run(h);
	for (i = 0; i < 100; i++)
		done += !!(le16toh(first[i].flags) & XNIC_CMD_F_DONE);
	CHECK_EQ(100, done, "100 commands all completed");
	CHECK(rounds >= 100 / 32 + 1,
	      "processed in bounded batches (%u rounds)", rounds);
	host_free(h);
}

static void test_fw_load(void)
{
	struct fake_host *h = host_new_cfg(2, 4);
	struct xnic_cmd_info_resp info;
	struct xnic_cmd_fw_chunk req;
	struct xnic_cmd done;
	uint8_t img[1024], bad[1024];
	size_t len, len2;

	cmdq_setup(h, 16);
	len = fw_build(img, sizeof(img), XNIC_FW_VERSION(2, 1, 7));

	CHECK_EQ(XNIC_CMD_ST_OK, fw_upload(h, img, len, 64),
		 "good image in 64-byte chunks");
	CHECK_EQ(XNIC_FW_VERSION(2, 1, 7), rd(h, XNIC_REG_FW_VERSION),
		 "FW_VERSION register");
	CHECK(rd(h, XNIC_REG_STATUS) & XNIC_STATUS_FW_RUNNING,
	      "STATUS.FW_RUNNING");
	CHECK_EQ(XNIC_CMD_ST_OK, cmd_exec(h, XNIC_CMD_GET_INFO, NULL, 0, 0, 0,
					  &done), "GET_INFO");
	memcpy(&info, done.data, sizeof(info));
	CHECK_EQ(XNIC_FW_VERSION(2, 1, 7), le32toh(info.fw_version),
		 "GET_INFO fw_version");
	CHECK_EQ(XNIC_CAP_L2 | XNIC_CAP_FLOWER, le32toh(info.caps),
		 "GET_INFO caps from the image");
	CHECK_EQ(4096, le32toh(info.max_flows), "GET_INFO max_flows");
	CHECK_EQ(1024, le32toh(info.max_bpf_insns), "GET_INFO max_bpf_insns");
	CHECK(!strcmp(info.fw_name, "xnic-unit-test"), "GET_INFO fw_name '%.32s'",
	      info.fw_name);

	/* a damaged image is refused and the running one stays */
	len2 = fw_build(bad, sizeof(bad), XNIC_FW_VERSION(3, 0, 0));
	bad[len2 - 1] ^= 0x40;
	CHECK_EQ(XNIC_CMD_ST_EBADIMG, fw_upload(h, bad, len2, 128),
		 "image with a flipped bit: EBADIMG");
	CHECK_EQ(XNIC_FW_VERSION(2, 1, 7), rd(h, XNIC_REG_FW_VERSION),
		 "running firmware unchanged after a refused image");
	CHECK_EQ(XNIC_CMD_ST_OK, port_cmd(h, XNIC_CMD_PORT_ENABLE, 0, 1),
		 "firmware still serves commands");

	/* truncated: the header promises more than was sent */
	memcpy(gmem(h, BUF_ADDR), bad, len2);
	len2 = fw_build(bad, sizeof(bad), XNIC_FW_VERSION(3, 0, 0));
	CHECK_EQ(XNIC_CMD_ST_EBADIMG, fw_upload(h, bad, len2 - 8, 256),
		 "truncated image: EBADIMG");

	/* a good replacement takes over */
	CHECK_EQ(XNIC_CMD_ST_OK, fw_upload(h, bad, len2, 1000),
		 "new good image in one chunk");
	CHECK_EQ(XNIC_FW_VERSION(3, 0, 0), rd(h, XNIC_REG_FW_VERSION),
		 "new firmware running");

	/* protocol errors */
	memcpy(gmem(h, BUF_ADDR), img, len);
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_simple(h, XNIC_CMD_FW_LOAD_COMMIT,
						NULL, 0),
		 "COMMIT with nothing staged: EINVAL");
	req.offset = htole32(0);
	req.total_len = htole32((uint32_t)len);
	CHECK_EQ(XNIC_CMD_ST_OK, cmd_exec(h, XNIC_CMD_FW_LOAD_CHUNK, &req,
					  sizeof(req), BUF_ADDR, 100, NULL),
		 "first chunk");
	req.offset = htole32(120);
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_exec(h, XNIC_CMD_FW_LOAD_CHUNK, &req,
					      sizeof(req), BUF_ADDR + 120, 10,
					      NULL),
		 "chunk out of order: EINVAL");
	req.offset = htole32(100);
	req.total_len = htole32((uint32_t)len + 1);
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_exec(h, XNIC_CMD_FW_LOAD_CHUNK, &req,
					      sizeof(req), BUF_ADDR + 100, 10,
					      NULL),
		 "chunk with another total_len: EINVAL");
	req.total_len = htole32((uint32_t)len);
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_exec(h, XNIC_CMD_FW_LOAD_CHUNK, &req,
					      sizeof(req), BUF_ADDR + 100,
					      (uint32_t)len, NULL),
		 "chunk past total_len: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EIO, cmd_exec(h, XNIC_CMD_FW_LOAD_CHUNK, &req,
					   sizeof(req), 0x10, 10, NULL),
		 "chunk from an unreachable address: EIO");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_simple(h, XNIC_CMD_FW_LOAD_COMMIT,
						NULL, 0),
		 "COMMIT of an incomplete image: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_OK, cmd_exec(h, XNIC_CMD_FW_LOAD_CHUNK, &req,
					  sizeof(req), BUF_ADDR + 100,
					  (uint32_t)len - 100, NULL),
		 "the failed chunk retried");
	CHECK_EQ(XNIC_CMD_ST_OK, cmd_simple(h, XNIC_CMD_FW_LOAD_ABORT, NULL, 0),
		 "ABORT");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_simple(h, XNIC_CMD_FW_LOAD_COMMIT,
						NULL, 0),
		 "COMMIT after ABORT: EINVAL");
	CHECK_EQ(XNIC_FW_VERSION(3, 0, 0), rd(h, XNIC_REG_FW_VERSION),
		 "aborted load leaves the firmware running");

	req.offset = htole32(0);
	req.total_len = htole32(XNIC_FW_MAX_SIZE + 1);
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_exec(h, XNIC_CMD_FW_LOAD_CHUNK, &req,
					      sizeof(req), BUF_ADDR, 64, NULL),
		 "image larger than XNIC_FW_MAX_SIZE: EINVAL");
	req.total_len = htole32(XNIC_FW_MAX_SIZE);
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_exec(h, XNIC_CMD_FW_LOAD_CHUNK, &req,
					      sizeof(req), BUF_ADDR,
					      XNIC_FW_CHUNK_MAX + 1, NULL),
		 "chunk larger than XNIC_FW_CHUNK_MAX: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_exec(h, XNIC_CMD_FW_LOAD_CHUNK, &req,
					      sizeof(req), BUF_ADDR, 0, NULL),
		 "empty chunk: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_exec(h, XNIC_CMD_FW_LOAD_CHUNK, &req,
					      4, BUF_ADDR, 64, NULL),
		 "chunk request too short: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_exec(h, XNIC_CMD_FW_LOAD_COMMIT, NULL,
					      0, BUF_ADDR, 64, NULL),
		 "COMMIT with a buffer: EINVAL");
	host_free(h);
}

static void test_enofw(void)
{
	static const uint16_t need_fw[] = {
		XNIC_CMD_PORT_INFO, XNIC_CMD_PORT_ENABLE, XNIC_CMD_PORT_SET_MTU,
		XNIC_CMD_PORT_STATS, XNIC_CMD_QUEUE_CREATE,
		XNIC_CMD_QUEUE_DESTROY,
	};
	struct fake_host *h = host_new_cfg(1, 4);
	size_t i;

	cmdq_setup(h, 16);
	for (i = 0; i < sizeof(need_fw) / sizeof(need_fw[0]); i++)
		CHECK_EQ(XNIC_CMD_ST_ENOFW, port_cmd(h, need_fw[i], 0, 0),
			 "opcode 0x%04x before firmware: ENOFW", need_fw[i]);
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP, cmd_simple(h, 0x7f00, NULL, 0),
		 "unknown opcode before firmware: EOPNOTSUPP");
	host_free(h);
}

static void test_port_cmds(void)
{
	struct fake_host *h = host_new_cfg(2, 4);
	struct xnic_cmd_port_info_resp pi;
	struct xnic_cmd_port_req req = { .port = htole16(1) };
	struct xnic_cmd done;
	uint16_t st;

	host_boot(h);
	xnic_core_set_link(h->core, 1, true);
	st = cmd_exec(h, XNIC_CMD_PORT_INFO, &req, sizeof(req), 0, 0, &done);
	CHECK_EQ(XNIC_CMD_ST_OK, st, "PORT_INFO port 1");
	memcpy(&pi, done.data, sizeof(pi));
	CHECK(!memcmp(pi.mac, "\x02\x00\x00\x00\x10\x01", 6),
	      "port 1 MAC is the base MAC + 1");
	CHECK_EQ(1, pi.link_up, "port 1 link up");
	CHECK_EQ(1500, le32toh(pi.mtu), "default MTU 1500");
	CHECK_EQ(25000, le32toh(pi.speed), "speed from the config");
	CHECK_EQ(sizeof(pi), le16toh(done.out_len), "PORT_INFO out_len");

	CHECK_EQ(XNIC_CMD_ST_EINVAL, port_cmd(h, XNIC_CMD_PORT_INFO, 2, 0),
		 "PORT_INFO port 2 of 2: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, port_cmd(h, XNIC_CMD_PORT_ENABLE, 0xffff, 1),
		 "PORT_ENABLE port 0xffff: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, port_cmd(h, XNIC_CMD_PORT_ENABLE, 0, 2),
		 "PORT_ENABLE arg 2: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_simple(h, XNIC_CMD_PORT_ENABLE, &req, 2),
		 "PORT_ENABLE with a short request: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, port_cmd(h, XNIC_CMD_PORT_SET_MTU, 0,
					      XNIC_MTU_MIN - 1), "MTU 67: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, port_cmd(h, XNIC_CMD_PORT_SET_MTU, 0,
					      XNIC_MTU_MAX + 1),
		 "MTU 9601: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_OK, port_cmd(h, XNIC_CMD_PORT_SET_MTU, 1, 9000),
		 "MTU 9000 on port 1");
	cmd_exec(h, XNIC_CMD_PORT_INFO, &req, sizeof(req), 0, 0, &done);
	memcpy(&pi, done.data, sizeof(pi));
	CHECK_EQ(9000, le32toh(pi.mtu), "PORT_INFO shows the new MTU");

	req.port = htole16(0);
	st = cmd_exec(h, XNIC_CMD_PORT_STATS, &req, sizeof(req), 0, 0, &done);
	CHECK_EQ(XNIC_CMD_ST_OK, st, "PORT_STATS");
	CHECK_EQ(sizeof(struct xnic_port_stats), le16toh(done.out_len),
		 "PORT_STATS out_len");
	host_free(h);
}

static void test_queue_cmds(void)
{
	struct fake_host *h = host_new_cfg(1, 4);

	host_boot(h);
	CHECK_EQ(XNIC_CMD_ST_EINVAL, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 4,
					       XNIC_QTYPE_TX, 6, 0,
					       RING_ADDR(0, 0)),
		 "qp 4 of 4: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0xffff,
					       XNIC_QTYPE_RX, 6, 0,
					       RING_ADDR(0, 1)),
		 "qp 0xffff: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0, 2,
					       6, 0, RING_ADDR(0, 0)),
		 "queue type 2: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					       XNIC_QTYPE_TX, 5, 0,
					       RING_ADDR(0, 0)),
		 "ring of 32: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					       XNIC_QTYPE_TX, 13, 0,
					       RING_ADDR(0, 0)),
		 "ring of 8192: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					       XNIC_QTYPE_TX, 6, 1,
					       RING_ADDR(0, 0)),
		 "port 1 of 1: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					       XNIC_QTYPE_TX, 6,
					       XNIC_PORT_VF(0),
					       RING_ADDR(0, 0)),
		 "VF port id for a PF queue: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					       XNIC_QTYPE_TX, 6, 0,
					       RING_ADDR(0, 0) + 8),
		 "misaligned ring: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					       XNIC_QTYPE_TX, 12, 0,
					       0xfffffffffffff000ull),
		 "ring wrapping the address space: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EIO, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					    XNIC_QTYPE_TX, 6, 0, 0x1000),
		 "unreachable ring: EIO");
	CHECK_EQ(XNIC_CMD_ST_EIO, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					    XNIC_QTYPE_TX, 12, 0,
					    MEM_BASE + MEM_SIZE - 0x800),
		 "ring whose end is unreachable: EIO");
	CHECK_EQ(XNIC_CMD_ST_OK, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					   XNIC_QTYPE_TX, 6, 0,
					   RING_ADDR(0, 0)), "TX queue 0");
	CHECK_EQ(XNIC_CMD_ST_EEXIST, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					       XNIC_QTYPE_TX, 6, 0,
					       RING_ADDR(0, 0)),
		 "TX queue 0 again: EEXIST");
	CHECK_EQ(XNIC_CMD_ST_OK, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					   XNIC_QTYPE_RX, 12, 0,
					   RING_ADDR(0, 1)), "RX queue 0");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, queue_cmd(h, XNIC_CMD_QUEUE_DESTROY, 1,
					       XNIC_QTYPE_TX, 0, 0, 0),
		 "destroy a queue never created: ENOENT");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, queue_cmd(h, XNIC_CMD_QUEUE_DESTROY, 9,
					       XNIC_QTYPE_TX, 0, 0, 0),
		 "destroy qp 9 of 4: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_OK, queue_cmd(h, XNIC_CMD_QUEUE_DESTROY, 0,
					   XNIC_QTYPE_TX, 0, 0, 0),
		 "destroy TX queue 0");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, queue_cmd(h, XNIC_CMD_QUEUE_DESTROY, 0,
					       XNIC_QTYPE_TX, 0, 0, 0),
		 "destroy it twice: ENOENT");
	CHECK_EQ(XNIC_CMD_ST_OK, queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0,
					   XNIC_QTYPE_TX, 6, 0,
					   RING_ADDR(0, 0)),
		 "TX queue 0 created again");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, cmd_simple(h, XNIC_CMD_QUEUE_CREATE,
						NULL, 0),
		 "QUEUE_CREATE without a request: EINVAL");
	host_free(h);
}

int main(void)
{
	test_batch();
	test_no_irq();
	test_budget();
	test_fw_load();
	test_enofw();
	test_port_cmds();
	test_queue_cmds();
	return tap_done();
}
