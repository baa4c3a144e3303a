/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flow_host.h - helpers for the flower offload tests: the FLOW_* commands
 * as a driver sends them (rules through the DMA buffer), rule building,
 * and the switchdev setup of a NIC with VFs and slow-path queues.
 */
#ifndef XNIC_TESTS_FLOW_HOST_H
#define XNIC_TESTS_FLOW_HOST_H

#include "sriov_host.h"

#define FLOW_CAPS	(XNIC_CAP_L2 | XNIC_CAP_SRIOV | XNIC_CAP_SWITCHDEV | \
			 XNIC_CAP_FLOWER)
#define FLOW_MAX_RULES	4096	/* fw_build_caps()'s max_flows */
#define RULE_ADDR	BUF_ADDR
#define STATS_ADDR	(BUF_ADDR + 0x1000)

static inline uint16_t esw_set(struct fake_host *pf, uint8_t mode)
{
	struct xnic_esw_mode_req req = { .mode = mode };

	return cmd_simple(pf, XNIC_CMD_ESW_SET_MODE, &req, sizeof(req));
}

static inline uint32_t esw_num_rules(struct fake_host *pf)
{
	struct xnic_esw_mode_resp r;
	struct xnic_cmd done;

	if (cmd_exec(pf, XNIC_CMD_ESW_GET_MODE, NULL, 0, 0, 0, &done))
		return ~0u;
	memcpy(&r, done.data, sizeof(r));
	return le32toh(r.num_rules);
}

static inline uint16_t flow_info(struct fake_host *pf,
				 struct xnic_flow_info_resp *r)
{
	struct xnic_cmd done;
	uint16_t st = cmd_exec(pf, XNIC_CMD_FLOW_INFO, NULL, 0, 0, 0, &done);

	memcpy(r, done.data, sizeof(*r));
	return st;
}

/* Rules installed as FLOW_INFO tells (~0 if it fails) */
static inline uint32_t flow_count(struct fake_host *pf)
{
	struct xnic_flow_info_resp r;

	return flow_info(pf, &r) ? ~0u : le32toh(r.num_rules);
}

/* An empty rule: @handle in @chain at @prio, everything wildcarded */
static inline void rule_init(struct xnic_flow_rule *r, uint64_t handle,
			     uint32_t chain, uint16_t prio)
{
	memset(r, 0, sizeof(*r));
	r->handle = htole64(handle);
	r->chain = htole32(chain);
	r->prio = htole16(prio);
}

/* Match on the source port only */
static inline void rule_in_port(struct xnic_flow_rule *r, uint16_t port)
{
	r->key.in_port = htole16(port);
	r->mask.in_port = 0xffff;
}

static inline struct xnic_flow_action *rule_act(struct xnic_flow_rule *r,
						uint16_t type)
{
	uint16_t n = le16toh(r->num_actions);
	struct xnic_flow_action *a = &r->actions[n];

	if (n >= XNIC_FLOW_MAX_ACTIONS)
		host_die("too many actions in a test rule", n);
	memset(a, 0, sizeof(*a));
	a->type = htole16(type);
	r->num_actions = htole16((uint16_t)(n + 1));
	return a;
}

static inline void act_output(struct xnic_flow_rule *r, uint16_t port)
{
	rule_act(r, XNIC_FLOW_ACT_OUTPUT)->output.port = htole16(port);
}

static inline void act_ref(struct xnic_flow_rule *r, uint16_t type,
			   uint32_t id)
{
	rule_act(r, type)->ref.id = htole32(id);
}

/* FLOW_ADD of @r through the DMA buffer, @buf_len bytes of it */
static inline uint16_t flow_add_len(struct fake_host *pf,
				    const struct xnic_flow_rule *r,
				    uint64_t addr, uint32_t buf_len)
{
	if (addr >= MEM_BASE && addr + sizeof(*r) <= MEM_BASE + MEM_SIZE)
		memcpy(gmem(pf, addr), r, sizeof(*r));
	return cmd_exec(pf, XNIC_CMD_FLOW_ADD, NULL, 0, addr, buf_len, NULL);
}

static inline uint16_t flow_add(struct fake_host *pf,
				const struct xnic_flow_rule *r)
{
	return flow_add_len(pf, r, RULE_ADDR, sizeof(*r));
}

static inline uint16_t flow_del(struct fake_host *pf, uint64_t handle)
{
	struct xnic_flow_handle_req req = { .handle = htole64(handle) };

	return cmd_simple(pf, XNIC_CMD_FLOW_DEL, &req, sizeof(req));
}

/* FLOW_STATS from @from into @max entries at STATS_ADDR; resp in *@r */
static inline uint16_t flow_stats(struct fake_host *pf, uint64_t from,
				  uint32_t max,
				  struct xnic_flow_stats_resp *r)
{
	struct xnic_flow_stats_req req = { .from = htole64(from) };
	struct xnic_cmd done;
	uint16_t st;

	st = cmd_exec(pf, XNIC_CMD_FLOW_STATS, &req, sizeof(req), STATS_ADDR,
		      max * (uint32_t)sizeof(struct xnic_flow_stats), &done);
	memcpy(r, done.data, sizeof(*r));
	return st;
}

static inline const struct xnic_flow_stats *stats_at(struct fake_host *pf,
						     unsigned int i)
{
	return (const struct xnic_flow_stats *)gmem(pf, STATS_ADDR) + i;
}

/* The counters of rule @handle (packets, bytes); false if not found */
static inline bool rule_stats(struct fake_host *pf, uint64_t handle,
			      uint64_t *packets, uint64_t *bytes)
{
	struct xnic_flow_stats_resp r;

	if (flow_stats(pf, handle, 1, &r) || le32toh(r.count) != 1 ||
	    le64toh(stats_at(pf, 0)->handle) != handle)
		return false;
	*packets = le64toh(stats_at(pf, 0)->packets);
	if (bytes)
		*bytes = le64toh(stats_at(pf, 0)->bytes);
	return true;
}

static inline uint64_t rule_packets(struct fake_host *pf, uint64_t handle)
{
	uint64_t p;

	return rule_stats(pf, handle, &p, NULL) ? p : ~0ull;
}

/* A VXLAN IPv4 encap entry @id: VNI @vni to 192.0.2.2 from 192.0.2.1 */
static inline void encap_init(struct xnic_flow_encap *e, uint32_t id,
			      uint8_t tun_type, uint32_t vni)
{
	memset(e, 0, sizeof(*e));
	e->id = htole32(id);
	e->tun_type = tun_type;
	e->ip_ver = 4;
	e->ttl = 64;
	memcpy(e->eth_dst, "\x02\x00\x00\x00\x77\x01", 6);
	memcpy(e->eth_src, "\x02\x00\x00\x00\x10\x00", 6);
	e->src[0] = htobe32(0xc0000201);
	e->dst[0] = htobe32(0xc0000202);
	e->dport = htobe16(tun_type == XNIC_FLOW_TUN_VXLAN ? 4789 : 6081);
	e->vni = htobe32(vni);
	e->out_port = htole16(XNIC_PORT_PHYS(0));
}

static inline uint16_t encap_set(struct fake_host *pf,
				 const struct xnic_flow_encap *e)
{
	return cmd_simple(pf, XNIC_CMD_FLOW_ENCAP_SET, e, sizeof(*e));
}

static inline uint16_t id_cmd(struct fake_host *pf, uint16_t opcode,
			      uint32_t id)
{
	struct xnic_flow_id_req req = { .id = htole32(id) };

	return cmd_simple(pf, opcode, &req, sizeof(req));
}

static inline uint16_t meter_set(struct fake_host *pf, uint32_t id,
				 uint64_t rate_bps, uint32_t burst)
{
	struct xnic_flow_meter m = {
		.id = htole32(id),
		.burst = htole32(burst),
		.rate_bps = htole64(rate_bps),
	};

	return cmd_simple(pf, XNIC_CMD_FLOW_METER_SET, &m, sizeof(m));
}

#endif /* XNIC_TESTS_FLOW_HOST_H */
