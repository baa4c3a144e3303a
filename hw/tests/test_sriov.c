// SPDX-License-Identifier: GPL-2.0
/*
 * test_sriov.c - the VFs as PCIe functions: their registers, what a VF may
 * and may not command, the PF's VF_* commands and their validation (a bad
 * request changes nothing), VFs coming and going, and PF reset.
 */
#include "sriov_host.h"
#include "tap.h"

static void test_config(void)
{
	struct xnic_core_config cfg = {
		.num_ports = 1, .max_qps = 4, .mac = { 0x02, 0, 0, 0, 0, 0x10 },
		.speed_mbps = 1000, .total_vfs = 64, .vf_qps = 1,
	};

	CHECK_EQ(0, xnic_core_config_check(&cfg, NULL), "64 VFs accepted");
	cfg.total_vfs = XNIC_CORE_MAX_VFS + 1;
	CHECK_EQ(-1, xnic_core_config_check(&cfg, NULL), "256 VFs refused");
	cfg.total_vfs = 4;
	cfg.vf_qps = 0;
	CHECK_EQ(-1, xnic_core_config_check(&cfg, NULL), "vf-queues 0 refused");
	cfg.vf_qps = XNIC_MAX_QPS + 1;
	CHECK_EQ(-1, xnic_core_config_check(&cfg, NULL), "vf-queues 65 refused");
	cfg.vf_qps = 3;
	CHECK_EQ(4, xnic_core_vf_num_vectors(&cfg), "VF vectors = 1 + queues");
	cfg.total_vfs = 0;
	cfg.vf_qps = 0;
	CHECK_EQ(0, xnic_core_config_check(&cfg, NULL),
		 "no SR-IOV: vf-queues not looked at");
}

static void test_vf_registers(void)
{
	struct fake_host *pf = host_new_sriov(1, 4, 8, 2);
	struct fake_host *vf;

	CHECK(xnic_core_vf_bind(pf->core, 8, NULL) == NULL,
	      "VF 8 of 8 cannot be bound");
	vf = host_vf_new(pf, 7);
	CHECK(xnic_core_vf_bind(pf->core, 7, NULL) == NULL,
	      "VF 7 cannot be bound twice");
	CHECK_EQ(XNIC_ID_MAGIC, rd(vf, XNIC_REG_ID), "VF ID");
	CHECK_EQ(XNIC_FUNC_VF | 7, rd(vf, XNIC_REG_FUNC), "FUNC: VF 7");
	CHECK_EQ(0, rd(pf, XNIC_REG_FUNC), "FUNC of the PF: 0");
	CHECK_EQ(2, rd(vf, XNIC_REG_MAX_QPS), "VF MAX_QPS = vf-queues");
	CHECK_EQ(3, rd(vf, XNIC_REG_NUM_VECTORS), "VF NUM_VECTORS");
	CHECK_EQ(5, rd(pf, XNIC_REG_NUM_VECTORS), "PF NUM_VECTORS unchanged");
	CHECK_EQ(XNIC_STATUS_READY, rd(vf, XNIC_REG_STATUS),
		 "VF STATUS: no firmware");
	host_boot(pf);
	CHECK_EQ(XNIC_STATUS_READY | XNIC_STATUS_FW_RUNNING,
		 rd(vf, XNIC_REG_STATUS), "VF STATUS follows the PF's firmware");
	CHECK_EQ(XNIC_FW_VERSION(1, 0, 0), rd(vf, XNIC_REG_FW_VERSION),
		 "VF FW_VERSION");
	port_cmd(pf, XNIC_CMD_PORT_ENABLE, 0, 1);
	xnic_core_port_rx(pf->core, 0, (const uint8_t *)
			  "\xff\xff\xff\xff\xff\xff\x02\0\0\0\0\1\x88\xb5", 14);
	CHECK(rd(pf, XNIC_REG_PORT_STAT_LO(0, 4)) == 1 &&
	      rd(vf, XNIC_REG_PORT_STAT_LO(0, 4)) == 0,
	      "port counters read 0 from a VF");
	wr(vf, XNIC_REG_SCRATCH, 0x1234);
	CHECK(rd(vf, XNIC_REG_SCRATCH) == 0x1234 && rd(pf, XNIC_REG_SCRATCH) == 0,
	      "SCRATCH is per function");
	CHECK_EQ(0, rd(vf, XNIC_REG_QP(2, XNIC_QP_TX_PROD)),
		 "queue pair 2 of a 2-queue VF reads 0");
	host_vf_free(vf, 7);
	host_free(pf);
}

static const uint16_t forbidden[] = {
	XNIC_CMD_FW_LOAD_CHUNK, XNIC_CMD_FW_LOAD_COMMIT, XNIC_CMD_FW_LOAD_ABORT,
	XNIC_CMD_PORT_INFO, XNIC_CMD_PORT_ENABLE, XNIC_CMD_PORT_SET_MTU,
	XNIC_CMD_PORT_STATS, XNIC_CMD_VF_SET_CONFIG, XNIC_CMD_VF_GET_CONFIG,
	XNIC_CMD_VF_STATS,
};

static void test_vf_rights(void)
{
	struct fake_host *pf = host_new_sriov(1, 2, 4, 1);
	struct fake_host *vf = host_vf_new(pf, 1);
	struct xnic_cmd_port_req preq = { .port = 0, .arg = htole32(0) };
	struct xnic_vf_config c;
	struct xnic_cmd done;
	uint8_t f[64], m1[6];
	unsigned int i;

	cmdq_setup(vf, CMDQ_ENTRIES);
	CHECK_EQ(XNIC_CMD_ST_ENOFW, cmd_simple(vf, XNIC_CMD_NOP, NULL, 0),
		 "VF before the PF's firmware: ENOFW");
	CHECK_EQ(XNIC_CMD_ST_EPERM,
		 cmd_simple(vf, XNIC_CMD_FW_LOAD_ABORT, NULL, 0),
		 "VF FW_LOAD_ABORT without firmware: EPERM");
	host_boot(pf);
	port_cmd(pf, XNIC_CMD_PORT_ENABLE, 0, 1);
	xnic_core_set_link(pf->core, 0, true);
	CHECK_EQ(XNIC_CMD_ST_OK, cmd_simple(vf, XNIC_CMD_NOP, NULL, 0),
		 "VF NOP with firmware running");
	CHECK_EQ(XNIC_CMD_ST_OK,
		 cmd_exec(vf, XNIC_CMD_GET_INFO, NULL, 0, 0, 0, &done),
		 "VF GET_INFO");
	CHECK(le16toh(((struct xnic_cmd_info_resp *)done.data)->max_qps) == 1 &&
	      le16toh(((struct xnic_cmd_info_resp *)done.data)->num_vectors) == 2,
	      "GET_INFO: the VF's own queues and vectors");
	for (i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++)
		CHECK_EQ(XNIC_CMD_ST_EPERM,
			 cmd_simple(vf, forbidden[i], &preq, sizeof(preq)),
			 "VF opcode 0x%04x: EPERM", forbidden[i]);
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP, cmd_simple(vf, 0x7777, NULL, 0),
		 "unknown opcode: EOPNOTSUPP");
	CHECK_EQ(1, pf->core != NULL && rd(pf, XNIC_REG_STATUS) &
		 XNIC_STATUS_FW_RUNNING ? 1 : 0, "the PF's firmware still runs");

	/* a VF's queues are its own, whatever port it names */
	CHECK_EQ(XNIC_CMD_ST_OK,
		 queue_cmd(vf, XNIC_CMD_QUEUE_CREATE, 0, XNIC_QTYPE_RX, 6,
			   XNIC_PORT_PHYS(1), RING_ADDR(0, 1)),
		 "VF RX queue naming physical port 1: created");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 queue_cmd(vf, XNIC_CMD_QUEUE_CREATE, 1, XNIC_QTYPE_RX, 6, 0,
			   RING_ADDR(1, 1)),
		 "VF queue pair 1 of 1: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EIO,
		 queue_cmd(vf, XNIC_CMD_QUEUE_CREATE, 0, XNIC_QTYPE_TX, 6, 0,
			   MEM_BASE + MEM_SIZE),
		 "VF ring outside its memory: EIO");
	rx_fill(vf);
	vf_mac(m1, 1);
	CHECK_EQ(XNIC_CMD_ST_OK, vport_set_mac(vf, m1), "VF sets its MAC");
	eth_frame(f, m1, wire_mac, 0, 0, 64);
	xnic_core_port_rx(pf->core, 0, f, 64);
	CHECK_EQ(1, rx_count(vf), "the frame for the VF's MAC reached its ring");
	CHECK(le64toh(*(uint64_t *)gmem(pf, RING_ADDR(0, 1))) == 0,
	      "the PF's memory at the same address untouched");
	CHECK_EQ(XNIC_CMD_ST_OK, vf_get(pf, 1, &c), "PF reads VF1's config");
	CHECK(!memcmp(c.mac, m1, 6), "the VF's own MAC is in effect");
	host_vf_free(vf, 1);
	host_free(pf);
}

static void test_vf_commands(void)
{
	struct fake_host *pf = pf_setup(8);
	struct fake_host *vf0 = vf_setup(pf, 0), *vf1 = vf_setup(pf, 1);
	struct xnic_vf_config c, before, after;
	struct xnic_vf_req req;
	uint8_t m0[6];
	const uint8_t admin[6] = { 0x02, 0, 0, 0, 0xad, 0x09 };

	vf_mac(m0, 0);
	CHECK_EQ(XNIC_CMD_ST_OK, vf_get(pf, 0, &c), "VF_GET_CONFIG");
	CHECK(le16toh(c.valid) == XNIC_VF_CFG_ALL && c.spoofchk == 1 &&
	      c.trust == 0 && c.link_state == XNIC_VF_LINK_AUTO &&
	      le16toh(c.vlan) == 0 &&
	      le16toh(c.vlan_proto) == XNIC_VLAN_PROTO_8021Q &&
	      !memcmp(c.mac, m0, 6), "defaults, with the VF's own MAC");

	/* one good request, every field */
	memcpy(c.mac, admin, 6);
	c.vlan = htole16(4095);
	c.qos = 7;
	c.vlan_proto = htole16(XNIC_VLAN_PROTO_8021AD);
	c.spoofchk = 0;
	c.trust = 1;
	c.link_state = XNIC_VF_LINK_ENABLE;
	c.max_tx_rate = htole32(25000);
	c.min_tx_rate = 0;
	CHECK_EQ(XNIC_CMD_ST_OK, vf_set(pf, &c, 0, XNIC_VF_CFG_ALL),
		 "VF_SET_CONFIG of every field");
	vf_get(pf, 0, &after);
	CHECK(!memcmp(after.mac, admin, 6) && le16toh(after.vlan) == 4095 &&
	      after.qos == 7 &&
	      le16toh(after.vlan_proto) == XNIC_VLAN_PROTO_8021AD &&
	      after.spoofchk == 0 && after.trust == 1 &&
	      after.link_state == XNIC_VF_LINK_ENABLE &&
	      le32toh(after.max_tx_rate) == 25000, "all of it applied");
	memset(c.mac, 0, 6);
	vf_set(pf, &c, 0, XNIC_VF_CFG_MAC);
	vf_get(pf, 0, &after);
	CHECK(!memcmp(after.mac, m0, 6), "zero MAC clears the admin MAC");
	vf_set(pf, &c, 0, XNIC_VF_CFG_MAC);

	/* bad requests: each its status, nothing changed */
	vf_get(pf, 0, &before);
	/* each request has a good MAC and VLAN beside the one bad field */
#define BAD(desc, vfn, bits, expr, status) do {				\
		struct xnic_vf_config b = before;			\
		memcpy(b.mac, admin, 6);				\
		b.vlan = htole16(100);					\
		expr;							\
		CHECK_EQ(status, vf_set(pf, &b, vfn, bits), desc);	\
		vf_get(pf, 0, &after);					\
		CHECK(!memcmp(&before, &after, sizeof(before)),		\
		      "%s: nothing changed", desc);			\
	} while (0)
	BAD("VF 2 (only 2 enabled)", 2, XNIC_VF_CFG_MAC, (void)0,
	    XNIC_CMD_ST_ENOENT);
	BAD("VF 8 of 8", 8, XNIC_VF_CFG_MAC, (void)0, XNIC_CMD_ST_ENOENT);
	BAD("VF 4000", 4000, XNIC_VF_CFG_RATE, b.max_tx_rate = htole32(10),
	    XNIC_CMD_ST_ENOENT);
	BAD("multicast MAC", 0, XNIC_VF_CFG_MAC, b.mac[0] = 0x01,
	    XNIC_CMD_ST_EINVAL);
	BAD("VLAN 4096", 0, XNIC_VF_CFG_MAC | XNIC_VF_CFG_VLAN,
	    b.vlan = htole16(4096), XNIC_CMD_ST_EINVAL);
	BAD("qos 8", 0, XNIC_VF_CFG_MAC | XNIC_VF_CFG_VLAN, b.qos = 8,
	    XNIC_CMD_ST_EINVAL);
	BAD("proto 0x0800", 0, XNIC_VF_CFG_MAC | XNIC_VF_CFG_VLAN,
	    b.vlan_proto = htole16(0x0800), XNIC_CMD_ST_EINVAL);
	BAD("spoofchk 2", 0, XNIC_VF_CFG_MAC | XNIC_VF_CFG_SPOOFCHK,
	    b.spoofchk = 2, XNIC_CMD_ST_EINVAL);
	BAD("trust 2", 0, XNIC_VF_CFG_MAC | XNIC_VF_CFG_TRUST, b.trust = 2,
	    XNIC_CMD_ST_EINVAL);
	BAD("link_state 3", 0, XNIC_VF_CFG_MAC | XNIC_VF_CFG_LINK_STATE,
	    b.link_state = 3, XNIC_CMD_ST_EINVAL);
	BAD("max_tx_rate above the link speed", 0,
	    XNIC_VF_CFG_MAC | XNIC_VF_CFG_RATE,
	    b.max_tx_rate = htole32(25001), XNIC_CMD_ST_EINVAL);
	BAD("min_tx_rate", 0, XNIC_VF_CFG_MAC | XNIC_VF_CFG_RATE,
	    b.min_tx_rate = htole32(5), XNIC_CMD_ST_EOPNOTSUPP);
	BAD("unknown valid bit", 0, XNIC_VF_CFG_MAC | 0x0100, (void)0,
	    XNIC_CMD_ST_EINVAL);
	BAD("reserved field", 0, XNIC_VF_CFG_MAC, b.rsvd = htole16(1),
	    XNIC_CMD_ST_EINVAL);
#undef BAD
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_simple(pf, XNIC_CMD_VF_SET_CONFIG, &before, 20),
		 "short VF_SET_CONFIG: EINVAL");
	memset(&req, 0, sizeof(req));
	req.vf = htole16(5);
	CHECK_EQ(XNIC_CMD_ST_ENOENT,
		 cmd_simple(pf, XNIC_CMD_VF_STATS, &req, sizeof(req)),
		 "VF_STATS of a VF that does not exist: ENOENT");
	CHECK_EQ(XNIC_CMD_ST_ENOENT,
		 cmd_simple(pf, XNIC_CMD_VF_GET_CONFIG, &req, sizeof(req)),
		 "VF_GET_CONFIG of a VF that does not exist: ENOENT");
	req.vf = 0;
	req.rsvd[1] = htole16(1);
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_simple(pf, XNIC_CMD_VF_STATS, &req, sizeof(req)),
		 "VF_STATS with reserved bits: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, vport_rx_mode(vf1, 0x4),
		 "unknown RX mode flag: EINVAL");

	/* the PF's own vport */
	{
		struct xnic_vport_info_resp info;
		const uint8_t pf_new[6] = { 0x02, 0, 0, 0, 0x10, 0x42 };

		CHECK_EQ(XNIC_CMD_ST_OK, vport_info(pf, &info),
			 "PF VPORT_INFO");
		CHECK(!memcmp(info.mac, pf_mac, 6) && info.link_up == 1,
		      "PF vport: port 0's MAC and link");
		CHECK_EQ(XNIC_CMD_ST_OK, vport_set_mac(pf, pf_new),
			 "PF VPORT_SET_MAC");
		vport_info(pf, &info);
		CHECK(!memcmp(info.mac, pf_new, 6), "PF vport MAC changed");
	}
	host_vf_free(vf0, 0);
	host_vf_free(vf1, 1);
	host_free(pf);
}

static void test_pf_reset_and_cycles(void)
{
	struct fake_host *pf = pf_setup(64);
	struct fake_host *vf[64];
	struct xnic_vf_config c;
	unsigned int i, bound;

	for (i = 0; i < 4; i++)
		vf[i] = vf_setup(pf, i);
	memset(&c, 0, sizeof(c));
	c.vlan = htole16(10);
	c.vlan_proto = htole16(XNIC_VLAN_PROTO_8021Q);
	vf_set(pf, &c, 2, XNIC_VF_CFG_VLAN);

	wr(pf, XNIC_REG_CTRL, XNIC_CTRL_RESET);
	CHECK_EQ(0, rd(vf[2], XNIC_REG_CMDQ_CTRL),
		 "PF reset: the VF's command queue is off");
	CHECK_EQ(0, rd(vf[2], XNIC_REG_QP(0, XNIC_QP_RX_PROD)),
		 "and its queues are gone");
	CHECK_EQ(XNIC_STATUS_READY, rd(vf[2], XNIC_REG_STATUS),
		 "no firmware for the VF");
	cmdq_setup(vf[2], CMDQ_ENTRIES);
	CHECK_EQ(XNIC_CMD_ST_ENOFW, cmd_simple(vf[2], XNIC_CMD_NOP, NULL, 0),
		 "VF commands: ENOFW");
	host_boot(pf);
	CHECK_EQ(XNIC_CMD_ST_OK, vf_get(pf, 2, &c), "VF 2 still exists");
	CHECK(le16toh(c.vlan) == 0 && xnic_mac_is_zero_test(c.mac),
	      "with its default configuration");

	/* VF Enable cycles: 4 (above) -> 0 -> 64 -> 0 */
	for (i = 0; i < 4; i++)
		host_vf_free(vf[i], i);
	CHECK_EQ(XNIC_CMD_ST_ENOENT, vf_get(pf, 0, &c), "4 -> 0: ENOENT");
	for (i = 0; i < 64; i++)
		vf[i] = vf_setup(pf, i);
	for (bound = 0, i = 0; i < 64; i++)
		if (vf_get(pf, i, &c) == XNIC_CMD_ST_OK)
			bound++;
	CHECK_EQ(64, bound, "0 -> 64: 64 VFs enabled");
	for (i = 0; i < 64; i++)
		host_vf_free(vf[i], i);
	CHECK_EQ(XNIC_CMD_ST_ENOENT, vf_get(pf, 0, &c), "all disabled: ENOENT");
	vf[0] = host_vf_new(pf, 0);
	CHECK_EQ(XNIC_CMD_ST_OK, vf_get(pf, 0, &c), "VF 0 again");
	CHECK(xnic_mac_is_zero_test(c.mac) && c.spoofchk == 1,
	      "a new VF starts from the defaults");
	host_free(pf);	/* frees the bound VF 0 with the NIC */
	free(vf[0]->mem);
	free(vf[0]);
}

int main(void)
{
	test_config();
	test_vf_registers();
	test_vf_rights();
	test_vf_commands();
	test_pf_reset_and_cycles();
	return tap_done();
}
