// SPDX-License-Identifier: GPL-2.0
/*
 * test_flow_cmds.c - the flower offload commands: FLOW_INFO, FLOW_ADD,
 * FLOW_DEL, FLOW_STATS (paging through the DMA buffer), FLOW_ENCAP_SET/DEL
 * and FLOW_METER_SET/DEL with every refusal (nothing left behind), EPERM
 * from a VF, EBUSY in legacy mode, the references that hold encap entries
 * and meters, the rule count that holds the eswitch mode, and reset and
 * firmware change freeing everything (ASan checks for leaks).
 */
#include "flow_host.h"
#include "tap.h"
#include "xnic_flow_actions.h"

/* A NIC with 2 VFs (VF0 up), firmware @caps, switchdev if @swd */
static struct fake_host *setup(uint32_t caps, bool swd,
			       struct fake_host **vf0)
{
	struct fake_host *pf = pf_setup_caps(2, 2, caps);

	*vf0 = vf_setup(pf, 0);
	if (swd && esw_set(pf, XNIC_ESW_MODE_SWITCHDEV))
		host_die("switchdev refused", 0);
	return pf;
}

/* A simple valid rule: from VF0 to the uplink */
static void good_rule(struct xnic_flow_rule *r, uint64_t handle)
{
	rule_init(r, handle, 0, 1);
	rule_in_port(r, XNIC_PORT_VF(0));
	act_output(r, XNIC_PORT_PHYS(0));
}

static void test_no_flower(void)
{
	struct fake_host *pf = host_new_sriov(1, 2, 1, 1);
	struct xnic_flow_info_resp info;
	struct xnic_flow_rule r;

	cmdq_setup(pf, CMDQ_ENTRIES);
	CHECK_EQ(XNIC_CMD_ST_ENOFW, flow_info(pf, &info),
		 "FLOW_INFO before firmware: ENOFW");
	host_boot_caps(pf, XNIC_CAP_L2 | XNIC_CAP_SWITCHDEV);
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP, flow_info(pf, &info),
		 "firmware without flower: FLOW_INFO EOPNOTSUPP");
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev without flower");
	good_rule(&r, 1);
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP, flow_add(pf, &r),
		 "firmware without flower: FLOW_ADD EOPNOTSUPP");
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP, meter_set(pf, 0, 1000, 100),
		 "firmware without flower: METER_SET EOPNOTSUPP");
	host_free(pf);
}

static void test_info_and_rights(void)
{
	struct fake_host *vf0, *pf = setup(FLOW_CAPS, false, &vf0);
	struct xnic_flow_info_resp info;
	struct xnic_flow_rule r;
	struct xnic_cmd done;
	uint16_t st;

	st = cmd_exec(pf, XNIC_CMD_FLOW_INFO, NULL, 0, 0, 0, &done);
	memcpy(&info, done.data, sizeof(info));
	CHECK_EQ(XNIC_CMD_ST_OK, st, "FLOW_INFO");
	CHECK_EQ(sizeof(info), le16toh(done.out_len), "FLOW_INFO out_len");
	CHECK_EQ(FLOW_MAX_RULES, le32toh(info.max_rules),
		 "max_rules = the firmware's max_flows");
	CHECK_EQ(0, le32toh(info.num_rules), "no rules");
	CHECK_EQ(1024, le32toh(info.max_masks), "max_masks");
	CHECK_EQ(0, le32toh(info.num_masks), "no masks");
	CHECK_EQ(4096, le32toh(info.max_encaps), "max_encaps");
	CHECK_EQ(4096, le32toh(info.max_meters), "max_meters");
	CHECK_EQ(XNIC_FLOW_MAX_ACTIONS, le32toh(info.max_actions),
		 "max_actions");
	CHECK_EQ(255, le32toh(info.max_chain), "max_chain");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_simple(pf, XNIC_CMD_FLOW_INFO, "x", 1),
		 "FLOW_INFO with data: EINVAL");

	/* a VF may not touch the flow table */
	good_rule(&r, 1);
	CHECK_EQ(XNIC_CMD_ST_EPERM, flow_info(vf0, &info),
		 "VF FLOW_INFO: EPERM");
	CHECK_EQ(XNIC_CMD_ST_EPERM, flow_add(vf0, &r), "VF FLOW_ADD: EPERM");
	CHECK_EQ(XNIC_CMD_ST_EPERM, flow_del(vf0, 1), "VF FLOW_DEL: EPERM");
	CHECK_EQ(XNIC_CMD_ST_EPERM, meter_set(vf0, 0, 1000, 100),
		 "VF METER_SET: EPERM");
	CHECK_EQ(XNIC_CMD_ST_EPERM, id_cmd(vf0, XNIC_CMD_FLOW_ENCAP_DEL, 0),
		 "VF ENCAP_DEL: EPERM");

	/* legacy mode: no rule */
	CHECK_EQ(XNIC_CMD_ST_EBUSY, flow_add(pf, &r),
		 "FLOW_ADD in legacy mode: EBUSY");
	CHECK_EQ(0, flow_count(pf), "legacy refusal left nothing");
	host_vf_free(vf0, 0);
	host_free(pf);
}

static void test_add_del(void)
{
	struct fake_host *vf0, *pf = setup(FLOW_CAPS, true, &vf0);
	struct xnic_flow_info_resp info;
	struct xnic_flow_rule r;

	good_rule(&r, 7);
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(pf, &r), "FLOW_ADD");
	CHECK_EQ(1, flow_count(pf), "one rule");
	CHECK_EQ(1, esw_num_rules(pf), "the eswitch counts it");
	CHECK_EQ(XNIC_CMD_ST_EBUSY, esw_set(pf, XNIC_ESW_MODE_LEGACY),
		 "mode change with a rule: EBUSY");
	CHECK_EQ(XNIC_CMD_ST_EEXIST, flow_add(pf, &r), "same handle: EEXIST");
	CHECK_EQ(1, flow_count(pf), "still one rule");

	/* another mask: two masks in use */
	rule_init(&r, 8, 0, 2);
	r.key.eth_type = htobe16(0x0800);
	r.mask.eth_type = 0xffff;
	act_output(&r, XNIC_PORT_VF(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(pf, &r), "second rule, to VF0");
	CHECK_EQ(XNIC_CMD_ST_OK, flow_info(pf, &info), "FLOW_INFO");
	CHECK(le32toh(info.num_rules) == 2 && le32toh(info.num_masks) == 2,
	      "2 rules, 2 masks (saw %u, %u)", le32toh(info.num_rules),
	      le32toh(info.num_masks));

	CHECK_EQ(XNIC_CMD_ST_OK, flow_del(pf, 7), "FLOW_DEL");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, flow_del(pf, 7), "FLOW_DEL again: ENOENT");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_simple(pf, XNIC_CMD_FLOW_DEL, "\1\0\0\0", 4),
		 "FLOW_DEL short request: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_OK, flow_del(pf, 8), "FLOW_DEL the second");
	CHECK_EQ(0, flow_count(pf), "table empty");
	CHECK_EQ(0, esw_num_rules(pf), "eswitch count back to 0");
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_LEGACY),
		 "mode change without rules");
	host_vf_free(vf0, 0);
	host_free(pf);
}

/* One refused FLOW_ADD: @st, and nothing left in the NIC */
static void refused(struct fake_host *pf, const struct xnic_flow_rule *r,
		    uint16_t st, const char *what)
{
	CHECK_EQ(st, flow_add(pf, r), "%s: status", what);
	CHECK(flow_count(pf) == 0 && esw_num_rules(pf) == 0,
	      "%s: nothing left (rules %u, eswitch %u)", what,
	      flow_count(pf), esw_num_rules(pf));
}

static void test_refusals(void)
{
	struct fake_host *vf0, *pf = setup(FLOW_CAPS, true, &vf0);
	struct xnic_flow_encap e;
	struct xnic_flow_rule r;

	good_rule(&r, 1);
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 flow_add_len(pf, &r, RULE_ADDR, sizeof(r) - 1),
		 "short buffer: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 flow_add_len(pf, &r, RULE_ADDR, sizeof(r) + 8),
		 "long buffer: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_exec(pf, XNIC_CMD_FLOW_ADD, "x", 1, RULE_ADDR, sizeof(r),
			  NULL), "inline data too: EINVAL");
	pf->fail_lo = RULE_ADDR;
	pf->fail_hi = RULE_ADDR + 1;
	CHECK_EQ(XNIC_CMD_ST_EIO, flow_add(pf, &r), "DMA read fails: EIO");
	pf->fail_lo = pf->fail_hi = 0;
	CHECK_EQ(XNIC_CMD_ST_EIO,
		 flow_add_len(pf, &r, MEM_BASE + MEM_SIZE, sizeof(r)),
		 "buffer outside memory: EIO");

	good_rule(&r, 1);
	r.actions[0].output.port = htole16(XNIC_PORT_VF(1));
	refused(pf, &r, XNIC_CMD_ST_EINVAL, "OUTPUT to a disabled VF");
	r.actions[0].output.port = htole16(XNIC_PORT_VF(2));
	refused(pf, &r, XNIC_CMD_ST_EINVAL, "OUTPUT to a VF beyond total_vfs");
	r.actions[0].output.port = htole16(XNIC_PORT_PHYS(1));
	refused(pf, &r, XNIC_CMD_ST_EINVAL, "OUTPUT to a port off the eswitch");
	r.actions[0].output.port = htole16(XNIC_PORT_SLOWPATH);
	refused(pf, &r, XNIC_CMD_ST_EINVAL, "OUTPUT to the slow-path id");
	r.actions[0].type = htole16(99);
	refused(pf, &r, XNIC_CMD_ST_EINVAL, "unknown action");
	good_rule(&r, 1);
	r.num_actions = 0;
	refused(pf, &r, XNIC_CMD_ST_EINVAL, "no action");
	good_rule(&r, 1);
	r.chain = htole32(256);
	refused(pf, &r, XNIC_CMD_ST_EINVAL, "chain above max_chain");
	rule_init(&r, 1, 5, 1);
	act_ref(&r, XNIC_FLOW_ACT_GOTO, 3);
	refused(pf, &r, XNIC_CMD_ST_EINVAL, "GOTO to a lower chain");
	good_rule(&r, 1);
	act_ref(&r, XNIC_FLOW_ACT_ENCAP, 0);
	refused(pf, &r, XNIC_CMD_ST_ENOENT, "ENCAP id not set up");
	good_rule(&r, 1);
	act_ref(&r, XNIC_FLOW_ACT_ENCAP, 4096);
	refused(pf, &r, XNIC_CMD_ST_ENOENT, "ENCAP id beyond max_encaps");
	good_rule(&r, 1);
	act_ref(&r, XNIC_FLOW_ACT_POLICE, 3);
	refused(pf, &r, XNIC_CMD_ST_ENOENT, "POLICE id not set up");

	/* refused after the good parts: the encap's reference is not kept */
	encap_init(&e, 5, XNIC_FLOW_TUN_VXLAN, 42);
	CHECK_EQ(XNIC_CMD_ST_OK, encap_set(pf, &e), "encap 5");
	rule_init(&r, 1, 0, 1);
	act_ref(&r, XNIC_FLOW_ACT_ENCAP, 5);
	act_output(&r, XNIC_PORT_VF(1));
	refused(pf, &r, XNIC_CMD_ST_EINVAL, "ENCAP then a bad OUTPUT");
	CHECK_EQ(XNIC_CMD_ST_OK, id_cmd(pf, XNIC_CMD_FLOW_ENCAP_DEL, 5),
		 "encap 5 free to go: no reference left");
	host_vf_free(vf0, 0);
	host_free(pf);
}

static void test_table_full(void)
{
	struct fake_host *vf0, *pf = setup(FLOW_CAPS, true, &vf0);
	struct xnic_flow_stats_resp sr;
	struct xnic_flow_rule r;
	unsigned int i, bad = 0;

	for (i = 0; i < FLOW_MAX_RULES; i++) {
		rule_init(&r, 1000 + i, 0, 1);
		r.key.ip_dst[0] = htobe32(i);
		r.mask.ip_dst[0] = 0xffffffff;
		act_output(&r, XNIC_PORT_PF);
		if (flow_add(pf, &r))
			bad++;
	}
	CHECK_EQ(0, bad, "%u rules added", FLOW_MAX_RULES);
	CHECK_EQ(FLOW_MAX_RULES, flow_count(pf), "table full");
	r.handle = htole64(99);
	r.key.ip_dst[0] = htobe32(0xffffff);
	CHECK_EQ(XNIC_CMD_ST_ENOSPC, flow_add(pf, &r), "one more: ENOSPC");
	CHECK_EQ(FLOW_MAX_RULES, flow_count(pf), "still full, no more");
	CHECK_EQ(FLOW_MAX_RULES, esw_num_rules(pf), "eswitch count matches");
	/* more entries than the device gathers per DMA write */
	CHECK_EQ(XNIC_CMD_ST_OK, flow_stats(pf, 0, 200, &sr), "200 stats");
	for (i = 0, bad = 0; i < 200; i++)
		if (le64toh(stats_at(pf, i)->handle) != 1000 + i)
			bad++;
	CHECK(le32toh(sr.count) == 200 && le32toh(sr.more) &&
	      le64toh(sr.next) == 1200 && !bad,
	      "200 entries in handle order, next 1200 (count %u, %u wrong)",
	      le32toh(sr.count), bad);
	CHECK_EQ(XNIC_CMD_ST_OK, flow_del(pf, 1000), "room again");
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(pf, &r), "and the new rule fits");
	/* the NIC is freed with its rules in it: ASan sees no leak */
	host_vf_free(vf0, 0);
	host_free(pf);
}

static void test_stats_paging(void)
{
	struct fake_host *vf0, *pf = setup(FLOW_CAPS, true, &vf0);
	struct xnic_flow_stats_resp sr;
	struct xnic_flow_rule r;
	uint64_t handles[10], from = 0, seen[16];
	unsigned int i, pages = 0, n = 0;
	bool order_ok = true;

	for (i = 0; i < 10; i++) {
		handles[i] = 100 + 7 * (9 - i);	/* added out of order */
		rule_init(&r, handles[i], 0, 1);
		r.key.l4_dst = htobe16((uint16_t)i);
		r.mask.l4_dst = 0xffff;
		act_output(&r, XNIC_PORT_PF);
		flow_add(pf, &r);
	}
	CHECK_EQ(10, flow_count(pf), "10 rules");
	for (;;) {
		CHECK_EQ(XNIC_CMD_ST_OK, flow_stats(pf, from, 3, &sr),
			 "FLOW_STATS page %u", pages);
		pages++;
		for (i = 0; i < le32toh(sr.count) && n < 16; i++) {
			const struct xnic_flow_stats *s = stats_at(pf, i);

			seen[n++] = le64toh(s->handle);
			if (le64toh(s->packets) || le64toh(s->bytes) ||
			    le64toh(s->idle_ns) != UINT64_MAX)
				order_ok = false;
		}
		if (!le32toh(sr.more) || pages > 10)
			break;
		from = le64toh(sr.next);
	}
	CHECK_EQ(4, pages, "10 rules by 3: 4 pages");
	CHECK_EQ(10, n, "every rule reported once");
	for (i = 0; i < n; i++)
		if (seen[i] != 100 + 7 * i)
			order_ok = false;
	CHECK(order_ok, "handle order, zero counters, never used");
	CHECK_EQ(0, le64toh(sr.next), "last page: next 0");

	CHECK_EQ(XNIC_CMD_ST_OK, flow_stats(pf, 101, 2, &sr), "from 101");
	CHECK(le32toh(sr.count) == 2 &&
	      le64toh(stats_at(pf, 0)->handle) == 107 &&
	      le32toh(sr.more) == 1 && le64toh(sr.next) == 121,
	      "from between handles: 107, 114, next 121 (saw %u, %llu, %llu)",
	      le32toh(sr.count),
	      (unsigned long long)le64toh(stats_at(pf, 0)->handle),
	      (unsigned long long)le64toh(sr.next));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_stats(pf, 1000, 4, &sr), "past the end");
	CHECK(!le32toh(sr.count) && !le32toh(sr.more), "nothing, no more");
	CHECK_EQ(XNIC_CMD_ST_OK, flow_stats(pf, 0, 100, &sr), "all in one");
	CHECK(le32toh(sr.count) == 10 && !le32toh(sr.more), "10, no more");

	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_exec(pf, XNIC_CMD_FLOW_STATS, &from, 8, STATS_ADDR, 33,
			  NULL), "buffer not a multiple of 32: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_exec(pf, XNIC_CMD_FLOW_STATS, &from, 8, 0, 0, NULL),
		 "no buffer: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_exec(pf, XNIC_CMD_FLOW_STATS, &from, 4, STATS_ADDR, 32,
			  NULL), "short request: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EIO,
		 cmd_exec(pf, XNIC_CMD_FLOW_STATS, &from, 8,
			  MEM_BASE + MEM_SIZE, 64, NULL),
		 "buffer outside memory: EIO");
	host_vf_free(vf0, 0);
	host_free(pf);
}

static void test_encap_meter(void)
{
	struct fake_host *vf0, *pf = setup(FLOW_CAPS, true, &vf0);
	struct xnic_flow_encap e;
	struct xnic_flow_rule r;

	encap_init(&e, 4096, XNIC_FLOW_TUN_VXLAN, 1);
	CHECK_EQ(XNIC_CMD_ST_EINVAL, encap_set(pf, &e),
		 "encap id 4096: EINVAL");
	encap_init(&e, 1, 7, 1);
	CHECK_EQ(XNIC_CMD_ST_EINVAL, encap_set(pf, &e), "tun_type 7: EINVAL");
	encap_init(&e, 1, XNIC_FLOW_TUN_VXLAN, 1);
	e.ip_ver = 5;
	CHECK_EQ(XNIC_CMD_ST_EINVAL, encap_set(pf, &e), "ip_ver 5: EINVAL");
	encap_init(&e, 1, XNIC_FLOW_TUN_VXLAN, 0x1000000);
	CHECK_EQ(XNIC_CMD_ST_EINVAL, encap_set(pf, &e), "25-bit VNI: EINVAL");
	encap_init(&e, 1, XNIC_FLOW_TUN_VXLAN, 1);
	e.out_port = htole16(XNIC_PORT_VF(0));
	CHECK_EQ(XNIC_CMD_ST_EINVAL, encap_set(pf, &e), "out_port VF: EINVAL");
	encap_init(&e, 1, XNIC_FLOW_TUN_VXLAN, 1);
	e.rsvd2[0] = 1;
	CHECK_EQ(XNIC_CMD_ST_EINVAL, encap_set(pf, &e), "reserved set: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_simple(pf, XNIC_CMD_FLOW_ENCAP_SET, &e, sizeof(e) - 1),
		 "short ENCAP_SET: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, id_cmd(pf, XNIC_CMD_FLOW_ENCAP_DEL, 1),
		 "ENCAP_DEL of an unset entry: ENOENT");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, id_cmd(pf, XNIC_CMD_FLOW_ENCAP_DEL, 5000),
		 "ENCAP_DEL out of range: EINVAL");

	encap_init(&e, 1, XNIC_FLOW_TUN_VXLAN, 1);
	CHECK_EQ(XNIC_CMD_ST_OK, encap_set(pf, &e), "encap 1");
	CHECK_EQ(XNIC_CMD_ST_OK, meter_set(pf, 2, 1000000, 1500), "meter 2");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, meter_set(pf, 2, 0, 1500),
		 "rate 0: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 meter_set(pf, 2, XNIC_FLOW_POLICE_MAX_BPS + 1, 1500),
		 "rate above the policer's: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, meter_set(pf, 2, 1000, 0),
		 "burst 0: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, meter_set(pf, 4096, 1000, 10),
		 "meter id 4096: EINVAL");

	/* two rules use both: held until the last is gone */
	rule_init(&r, 1, 0, 1);
	rule_in_port(&r, XNIC_PORT_VF(0));
	act_ref(&r, XNIC_FLOW_ACT_POLICE, 2);
	act_ref(&r, XNIC_FLOW_ACT_ENCAP, 1);
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(pf, &r), "rule 1 with meter, encap");
	r.handle = htole64(2);
	r.key.in_port = htole16(XNIC_PORT_PF);
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(pf, &r), "rule 2 with meter, encap");
	CHECK_EQ(XNIC_CMD_ST_EBUSY, id_cmd(pf, XNIC_CMD_FLOW_ENCAP_DEL, 1),
		 "ENCAP_DEL in use: EBUSY");
	CHECK_EQ(XNIC_CMD_ST_EBUSY, id_cmd(pf, XNIC_CMD_FLOW_METER_DEL, 2),
		 "METER_DEL in use: EBUSY");
	CHECK_EQ(XNIC_CMD_ST_OK, encap_set(pf, &e), "update encap in use");
	CHECK_EQ(XNIC_CMD_ST_OK, meter_set(pf, 2, 2000000, 3000),
		 "update meter in use");
	flow_del(pf, 1);
	CHECK_EQ(XNIC_CMD_ST_EBUSY, id_cmd(pf, XNIC_CMD_FLOW_ENCAP_DEL, 1),
		 "one rule left: still EBUSY");
	flow_del(pf, 2);
	CHECK_EQ(XNIC_CMD_ST_OK, id_cmd(pf, XNIC_CMD_FLOW_ENCAP_DEL, 1),
		 "ENCAP_DEL when unused");
	CHECK_EQ(XNIC_CMD_ST_OK, id_cmd(pf, XNIC_CMD_FLOW_METER_DEL, 2),
		 "METER_DEL when unused");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, id_cmd(pf, XNIC_CMD_FLOW_METER_DEL, 2),
		 "METER_DEL again: ENOENT");
	rule_init(&r, 3, 0, 1);
	act_ref(&r, XNIC_FLOW_ACT_POLICE, 2);
	CHECK_EQ(XNIC_CMD_ST_ENOENT, flow_add(pf, &r), "deleted meter: ENOENT");
	host_vf_free(vf0, 0);
	host_free(pf);
}

static void test_reset_and_fw(void)
{
	struct fake_host *vf0, *pf = setup(FLOW_CAPS, true, &vf0);
	struct xnic_flow_encap e;
	struct xnic_flow_rule r;

	encap_init(&e, 3, XNIC_FLOW_TUN_GENEVE, 9);
	encap_set(pf, &e);
	meter_set(pf, 3, 1000000, 1000);
	rule_init(&r, 1, 0, 1);
	act_ref(&r, XNIC_FLOW_ACT_ENCAP, 3);
	act_ref(&r, XNIC_FLOW_ACT_POLICE, 3);
	act_output(&r, XNIC_PORT_VF(0));
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(pf, &r), "rule to VF0");

	/* VF0 goes away: the rule stays */
	host_vf_free(vf0, 0);
	CHECK_EQ(1, flow_count(pf), "SR-IOV disabled: the rule stays");

	/* new firmware: the old state goes */
	host_boot_caps(pf, FLOW_CAPS);
	CHECK_EQ(0, flow_count(pf), "new firmware: no rules");
	CHECK_EQ(0, esw_num_rules(pf), "new firmware: eswitch count 0");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, id_cmd(pf, XNIC_CMD_FLOW_ENCAP_DEL, 3),
		 "new firmware: no encap entry");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, id_cmd(pf, XNIC_CMD_FLOW_METER_DEL, 3),
		 "new firmware: no meter");

	/* reset */
	encap_set(pf, &e);
	rule_init(&r, 2, 0, 1);
	act_ref(&r, XNIC_FLOW_ACT_ENCAP, 3);
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(pf, &r), "rule again");
	wr(pf, XNIC_REG_CTRL, XNIC_CTRL_RESET);
	host_boot_caps(pf, FLOW_CAPS);
	CHECK_EQ(0, flow_count(pf), "reset: no rules");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, id_cmd(pf, XNIC_CMD_FLOW_ENCAP_DEL, 3),
		 "reset: no encap entry");
	esw_set(pf, XNIC_ESW_MODE_SWITCHDEV);
	encap_set(pf, &e);
	CHECK_EQ(XNIC_CMD_ST_OK, flow_add(pf, &r), "rule after reset");
	xnic_core_reset(pf->core);	/* PCI reset or FLR of the PF */
	host_boot_caps(pf, XNIC_CAP_L2 | XNIC_CAP_SWITCHDEV);
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP, flow_add(pf, &r),
		 "FLR, firmware without flower: EOPNOTSUPP");
	host_boot_caps(pf, FLOW_CAPS);
	CHECK_EQ(0, flow_count(pf), "flower firmware again: empty table");
	host_free(pf);
}

int main(void)
{
	test_no_flower();
	test_info_and_rights();
	test_add_del();
	test_refusals();
	test_table_full();
	test_stats_paging();
	test_encap_meter();
	test_reset_and_fw();
	return tap_done();
}
