// SPDX-License-Identifier: GPL-2.0
/*
 * test_switchdev.c - the eswitch in switchdev mode: ESW_GET_MODE and
 * ESW_SET_MODE with their refusals, the slow path from the uplink, the PF
 * and the VFs (meta, flow hash, exact counters, drops), representor
 * transmit with META, the return to legacy forwarding, the PF's window of
 * every vport's counters, reset and VF removal, and garbage requests and
 * descriptors thrown at all of it.
 *
 * These tests hold the mode with the eswitch's rule count set through the
 * core's internal API; test_flow_cmds.c proves that real rules (FLOW_ADD)
 * keep that count and so block a mode change.
 */
#include "sriov_host.h"
#include "tap.h"
#include "xnic_core_priv.h"
#include "xnic_flow_hash.h"

#define SWD_CAPS	(XNIC_CAP_L2 | XNIC_CAP_SRIOV | XNIC_CAP_SWITCHDEV)
#define PF_QPS		4
#define SP_QP0		1	/* slow-path queue pairs 1 and 2 */
#define SP_QPS		2
#define SP_BUFS		64
#define SP_BUF(qp, i)	PKT_ADDR(256 + ((qp) - SP_QP0) * SP_BUFS + (i))
#define REPR_BUF(i)	PKT_ADDR(448 + (i) % 64)

static uint16_t esw_set(struct fake_host *pf, uint8_t mode)
{
	struct xnic_esw_mode_req req = { .mode = mode };

	return cmd_simple(pf, XNIC_CMD_ESW_SET_MODE, &req, sizeof(req));
}

/* ESW_GET_MODE into *@r; its status, out_len in *@out_len */
static uint16_t esw_get(struct fake_host *pf, struct xnic_esw_mode_resp *r,
			uint16_t *out_len)
{
	struct xnic_cmd done;
	uint16_t st = cmd_exec(pf, XNIC_CMD_ESW_GET_MODE, NULL, 0, 0, 0,
			       &done);

	memcpy(r, done.data, sizeof(*r));
	if (out_len)
		*out_len = le16toh(done.out_len);
	return st;
}

static unsigned int esw_mode(struct fake_host *pf)
{
	struct xnic_esw_mode_resp r;

	return esw_get(pf, &r, NULL) ? 0xffff : r.mode;
}

static uint64_t slowpath_packets(struct fake_host *pf)
{
	struct xnic_esw_mode_resp r;

	return esw_get(pf, &r, NULL) ? ~0ull : le64toh(r.slowpath_packets);
}

static uint64_t slowpath_dropped(struct fake_host *pf)
{
	struct xnic_esw_mode_resp r;

	return esw_get(pf, &r, NULL) ? ~0ull : le64toh(r.slowpath_dropped);
}

/* 64-bit counter @i of eswitch vport @v through the PF's window */
static uint64_t esw_stat(struct fake_host *h, unsigned int v, unsigned int i)
{
	uint64_t lo = rd(h, XNIC_REG_ESW_VPORT_STAT_LO(v, i));

	return lo | (uint64_t)rd(h, XNIC_REG_ESW_VPORT_STAT_HI(v, i)) << 32;
}

static uint64_t pf_vstat(struct fake_host *pf, unsigned int i)
{
	return esw_stat(pf, XNIC_ESW_VPORT_PF, i);
}

static uint64_t port_stat(struct fake_host *pf, unsigned int i)
{
	uint64_t lo = rd(pf, XNIC_REG_PORT_STAT_LO(0, i));

	return lo | (uint64_t)rd(pf, XNIC_REG_PORT_STAT_HI(0, i)) << 32;
}

/* @n buffers posted on the RX ring of slow-path queue pair @qp */
static void sp_fill(struct fake_host *pf, unsigned int qp, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct xnic_rx_desc *d = rx_desc(pf, qp, i);

		memset(d, 0, sizeof(*d));
		d->addr = htole64(SP_BUF(qp, i));
		d->buf_len = htole16(2048);
	}
	wr(pf, XNIC_REG_QP(qp, XNIC_QP_RX_PROD), n);
}

/* The slow path: RX on queue pairs 1 and 2 (@bufs buffers each), TX on 1 */
static void sp_queues(struct fake_host *pf, unsigned int bufs)
{
	unsigned int qp;

	for (qp = SP_QP0; qp < SP_QP0 + SP_QPS; qp++) {
		if (queue_cmd(pf, XNIC_CMD_QUEUE_CREATE, qp, XNIC_QTYPE_RX, 6,
			      XNIC_PORT_SLOWPATH, RING_ADDR(qp, 1)))
			host_die("slow-path RX queue refused, qp", qp);
		sp_fill(pf, qp, bufs);
	}
	if (queue_cmd(pf, XNIC_CMD_QUEUE_CREATE, SP_QP0, XNIC_QTYPE_TX,
		      TX_LOG2, XNIC_PORT_SLOWPATH, RING_ADDR(SP_QP0, 0)))
		host_die("slow-path TX queue refused", 0);
	host_run(pf);
}

static unsigned int sp_count_qp(struct fake_host *pf, unsigned int qp)
{
	unsigned int i, n = 0;

	for (i = 0; i < SP_BUFS; i++)
		if (rx_desc(pf, qp, i)->flags & XNIC_DESC_F_DONE)
			n++;
	return n;
}

/* Frames the slow path delivered, all queues */
static unsigned int sp_count(struct fake_host *pf)
{
	return sp_count_qp(pf, SP_QP0) + sp_count_qp(pf, SP_QP0 + 1);
}

/*
 * Frame @k on the first slow-path queue, where every non-IP frame goes
 * (flow hash 0); its meta in *@meta
 */
static const uint8_t *sp_frame(struct fake_host *pf, unsigned int k,
			       unsigned int *len, uint16_t *meta)
{
	struct xnic_rx_desc *d = rx_desc(pf, SP_QP0, k);

	*len = le16toh(d->pkt_len);
	*meta = le16toh(d->meta);
	return gmem(pf, SP_BUF(SP_QP0, k));
}

/*
 * The PF sends @frame on TX queue @qp, with XNIC_DESC_F_META and @meta if
 * @use_meta; *@prod is that ring's producer. Returns the descriptor status
 * (0xee if the device did not complete it).
 */
static uint8_t pf_send(struct fake_host *pf, unsigned int qp, uint16_t *prod,
		       const uint8_t *frame, size_t len, bool use_meta,
		       uint16_t meta)
{
	unsigned int slot = *prod & ((1u << TX_LOG2) - 1);
	struct xnic_tx_desc *d = tx_desc(pf, qp, slot);
	uint64_t buf = qp ? REPR_BUF(*prod) : TX_BUF(*prod);

	memcpy(gmem(pf, buf), frame, len);
	memset(d, 0, sizeof(*d));
	d->addr = htole64(buf);
	d->len = htole16((uint16_t)len);
	d->status = 0xee;
	if (use_meta) {
		d->flags = XNIC_DESC_F_META;
		d->meta = htole16(meta);
	}
	(*prod)++;
	wr(pf, XNIC_REG_QP(qp, XNIC_QP_TX_PROD), *prod);
	host_run(pf);
	return d->status;
}

static uint16_t vf_configure(struct fake_host *pf, unsigned int vf,
			     uint16_t valid, uint8_t link_state,
			     uint16_t vlan, uint32_t rate)
{
	struct xnic_vf_config c;

	memset(&c, 0, sizeof(c));
	c.link_state = link_state;
	c.vlan = htole16(vlan);
	c.vlan_proto = htole16(XNIC_VLAN_PROTO_8021Q);
	c.max_tx_rate = htole32(rate);
	return vf_set(pf, &c, vf, valid);
}

/* ------------------------------------------------------------------------ */

static void test_mode_cmds(void)
{
	struct fake_host *pf = host_new_sriov(1, PF_QPS, 2, 1);
	struct fake_host *vf, *plain;
	struct xnic_esw_mode_resp r;
	struct xnic_esw_mode_req req;
	uint8_t long_req[16] = { 0 };
	uint16_t out_len = 0;
	struct xnic_cmd done;
	uint8_t img[1024];
	size_t len;

	cmdq_setup(pf, CMDQ_ENTRIES);
	CHECK_EQ(XNIC_CMD_ST_ENOFW, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "SET_MODE before firmware: ENOFW");
	CHECK_EQ(XNIC_CMD_ST_ENOFW, esw_get(pf, &r, NULL),
		 "GET_MODE before firmware: ENOFW");
	host_boot_caps(pf, SWD_CAPS);
	vf = vf_setup(pf, 0);

	memset(&r, 0xaa, sizeof(r));
	CHECK_EQ(XNIC_CMD_ST_OK, esw_get(pf, &r, &out_len), "GET_MODE");
	CHECK_EQ(sizeof(r), out_len, "GET_MODE out_len");
	CHECK(r.mode == XNIC_ESW_MODE_LEGACY && !r.rsvd[0] && !r.rsvd[1] &&
	      !r.rsvd[2] && !r.num_rules && !r.slowpath_packets &&
	      !r.slowpath_dropped, "after reset: legacy, no rules, counters 0");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_simple(pf, XNIC_CMD_ESW_GET_MODE, long_req, 8),
		 "GET_MODE with a payload: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_exec(pf, XNIC_CMD_ESW_GET_MODE, NULL, 0, BUF_ADDR, 8,
			  &done), "GET_MODE with a buffer: EINVAL");

	/* refusals: the request */
	CHECK_EQ(XNIC_CMD_ST_EINVAL, esw_set(pf, 2), "SET_MODE 2: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, esw_set(pf, 0xff), "SET_MODE 255: EINVAL");
	memset(&req, 0, sizeof(req));
	req.mode = XNIC_ESW_MODE_SWITCHDEV;
	req.rsvd[6] = 1;
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_simple(pf, XNIC_CMD_ESW_SET_MODE, &req, sizeof(req)),
		 "SET_MODE with rsvd set: EINVAL");
	long_req[0] = XNIC_ESW_MODE_SWITCHDEV;
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_simple(pf, XNIC_CMD_ESW_SET_MODE, long_req, 4),
		 "SET_MODE short request: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_simple(pf, XNIC_CMD_ESW_SET_MODE, long_req, 16),
		 "SET_MODE long request: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_exec(pf, XNIC_CMD_ESW_SET_MODE, long_req, 8, BUF_ADDR, 8,
			  &done), "SET_MODE with a buffer: EINVAL");
	CHECK_EQ(XNIC_ESW_MODE_LEGACY, esw_mode(pf),
		 "refused requests changed nothing");

	/* refusals: a VF */
	CHECK_EQ(XNIC_CMD_ST_EPERM, esw_set(vf, XNIC_ESW_MODE_SWITCHDEV),
		 "VF SET_MODE: EPERM");
	CHECK_EQ(XNIC_CMD_ST_EPERM, esw_get(vf, &r, NULL), "VF GET_MODE: EPERM");
	CHECK_EQ(XNIC_ESW_MODE_LEGACY, esw_mode(pf), "the VF changed nothing");

	/* the mode itself */
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_LEGACY),
		 "legacy -> legacy: OK");
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "legacy -> switchdev: OK");
	CHECK_EQ(XNIC_ESW_MODE_SWITCHDEV, esw_mode(pf), "GET_MODE: switchdev");
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev -> switchdev: OK");

	/* offloaded rules hold the mode */
	xnic_esw_rule_added(pf->core);
	xnic_esw_rule_added(pf->core);
	CHECK_EQ(XNIC_CMD_ST_OK, esw_get(pf, &r, NULL), "GET_MODE with rules");
	CHECK_EQ(2, le32toh(r.num_rules), "num_rules counts the rules");
	CHECK_EQ(XNIC_CMD_ST_EBUSY, esw_set(pf, XNIC_ESW_MODE_LEGACY),
		 "switchdev -> legacy with 2 rules: EBUSY");
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "to the mode in effect with rules: OK");
	xnic_esw_rule_removed(pf->core);
	CHECK_EQ(XNIC_CMD_ST_EBUSY, esw_set(pf, XNIC_ESW_MODE_LEGACY),
		 "with 1 rule: EBUSY");
	CHECK_EQ(XNIC_ESW_MODE_SWITCHDEV, esw_mode(pf), "still switchdev");
	xnic_esw_rule_removed(pf->core);
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_LEGACY),
		 "switchdev -> legacy without rules: OK");
	xnic_esw_rule_added(pf->core);
	CHECK_EQ(XNIC_CMD_ST_EBUSY, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "legacy -> switchdev with a rule: EBUSY");
	xnic_esw_rule_removed(pf->core);
	xnic_esw_rule_removed(pf->core);
	CHECK_EQ(XNIC_CMD_ST_OK, esw_get(pf, &r, NULL), "GET_MODE");
	CHECK_EQ(0, le32toh(r.num_rules), "removing past zero stays 0");

	/* new firmware without the capability: back to legacy */
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev again");
	len = fw_build_caps(img, sizeof(img), XNIC_FW_VERSION(1, 0, 1),
			    SWD_CAPS);
	CHECK_EQ(XNIC_CMD_ST_OK, fw_upload(pf, img, len, 512),
		 "firmware with switchdev replaces the running one");
	CHECK_EQ(XNIC_ESW_MODE_SWITCHDEV, esw_mode(pf), "mode kept");
	len = fw_build(img, sizeof(img), XNIC_FW_VERSION(1, 0, 2));
	CHECK_EQ(XNIC_CMD_ST_OK, fw_upload(pf, img, len, 512),
		 "firmware without switchdev replaces it");
	CHECK_EQ(XNIC_ESW_MODE_LEGACY, esw_mode(pf),
		 "firmware without switchdev: back to legacy");
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev without XNIC_CAP_SWITCHDEV: EOPNOTSUPP");
	host_vf_free(vf, 0);
	host_free(pf);

	/* a NIC whose firmware never had the capability */
	plain = pf_setup(0);
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP, esw_set(plain, XNIC_ESW_MODE_SWITCHDEV),
		 "no switchdev capability: EOPNOTSUPP");
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(plain, XNIC_ESW_MODE_LEGACY),
		 "no switchdev capability, legacy: OK");
	CHECK_EQ(XNIC_ESW_MODE_LEGACY, esw_mode(plain), "still legacy");
	host_free(plain);
}

static void test_slowpath_queue_create(void)
{
	struct fake_host *pf = pf_setup_caps(1, PF_QPS, SWD_CAPS);
	struct fake_host *vf = vf_setup(pf, 0);
	uint8_t f[128];

	/* a VF's port field is ignored: its queues stay its own */
	CHECK_EQ(XNIC_CMD_ST_OK,
		 queue_cmd(vf, XNIC_CMD_QUEUE_DESTROY, 0, XNIC_QTYPE_RX, 6,
			   0, 0), "VF RX queue destroyed");
	CHECK_EQ(XNIC_CMD_ST_OK,
		 queue_cmd(vf, XNIC_CMD_QUEUE_CREATE, 0, XNIC_QTYPE_RX, 6,
			   XNIC_PORT_SLOWPATH, RING_ADDR(0, 1)),
		 "VF names the slow path: its own queue");
	rx_fill(vf);
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev");
	eth_frame(f, bcast, wire_mac, 0, 0, 64);
	xnic_core_port_rx(pf->core, 0, f, 64);
	CHECK_EQ(0, rx_count(vf), "the VF's queue is no slow path");
	CHECK_EQ(1, slowpath_dropped(pf), "no slow path: dropped");

	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 queue_cmd(pf, XNIC_CMD_QUEUE_CREATE, 1, XNIC_QTYPE_RX, 6,
			   XNIC_PORT_SLOWPATH | 1, RING_ADDR(1, 1)),
		 "slow path with an index: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 queue_cmd(pf, XNIC_CMD_QUEUE_CREATE, 1, XNIC_QTYPE_RX, 6,
			   XNIC_PORT_VF(0), RING_ADDR(1, 1)),
		 "PF queue of a VF's port: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 queue_cmd(pf, XNIC_CMD_QUEUE_CREATE, 1, XNIC_QTYPE_RX, 6,
			   XNIC_PORT_PF | 1, RING_ADDR(1, 1)),
		 "PF port with an index: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_OK,
		 queue_cmd(pf, XNIC_CMD_QUEUE_CREATE, 1, XNIC_QTYPE_RX, 6,
			   XNIC_PORT_SLOWPATH, RING_ADDR(1, 1)),
		 "PF slow-path RX queue in switchdev mode");
	CHECK_EQ(XNIC_CMD_ST_OK,
		 queue_cmd(pf, XNIC_CMD_QUEUE_DESTROY, 1, XNIC_QTYPE_RX, 6, 0, 0),
		 "and destroyed");

	/* XNIC_PORT_PF names the PF's queues of port 0 */
	CHECK_EQ(XNIC_CMD_ST_OK,
		 queue_cmd(pf, XNIC_CMD_QUEUE_DESTROY, 0, XNIC_QTYPE_RX, 6, 0, 0),
		 "PF port-0 RX queue destroyed");
	CHECK_EQ(XNIC_CMD_ST_OK,
		 queue_cmd(pf, XNIC_CMD_QUEUE_CREATE, 2, XNIC_QTYPE_RX, 6,
			   XNIC_PORT_PF, RING_ADDR(2, 1)),
		 "PF RX queue of port XNIC_PORT_PF");
	sp_fill(pf, 2, 4);
	eth_frame(f, pf_mac, unknown_mac, 0, 0, 64);
	CHECK_EQ(XNIC_DESC_ST_OK,
		 pf_send(pf, 0, &pf->tx_prod, f, 64, true, XNIC_PORT_PF),
		 "META PF");
	CHECK(rx_desc(pf, 2, 0)->flags & XNIC_DESC_F_DONE,
	      "arrived on the queue of port XNIC_PORT_PF");
	host_vf_free(vf, 0);
	host_free(pf);
}

static void test_slowpath_delivery(void)
{
	struct fake_host *pf = pf_setup_caps(2, PF_QPS, SWD_CAPS);
	struct fake_host *vf[2];
	uint8_t f[1500], m0[6], m1[6];
	const uint8_t *got;
	unsigned int len, i, port_rx;
	uint16_t meta;

	vf[0] = vf_setup(pf, 0);
	vf[1] = vf_setup(pf, 1);
	vf_mac(m0, 0);
	vf_mac(m1, 1);

	/* slow-path queues exist in legacy mode and receive nothing */
	sp_queues(pf, SP_BUFS);
	eth_frame(f, m0, wire_mac, 0, 0, 100);
	xnic_core_port_rx(pf->core, 0, f, 100);
	CHECK_EQ(1, rx_count(vf[0]), "legacy: uplink to VF0's MAC to VF0");
	eth_frame(f, unknown_mac, m1, 0, 0, 100);
	send_frame(vf[1], f, 100);
	CHECK_EQ(1, pf->ntx, "legacy: VF1 to unknown to the wire");
	CHECK_EQ(0, sp_count(pf), "legacy: slow path gets nothing");
	CHECK_EQ(0, slowpath_packets(pf) + slowpath_dropped(pf),
		 "legacy: slow-path counters 0");

	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev");
	port_rx = (unsigned int)port_stat(pf, 0);

	/* uplink, even to a VF's MAC: the slow path, meta PHYS(0) */
	eth_frame(f, m0, wire_mac, 0, 0, 100);
	f[50] = 0x11;
	CHECK_EQ(XNIC_RX_DELIVERED, xnic_core_port_rx(pf->core, 0, f, 100),
		 "uplink frame delivered");
	CHECK_EQ(1, sp_count(pf), "to the slow path");
	got = sp_frame(pf, 0, &len, &meta);
	CHECK_EQ(XNIC_PORT_PHYS(0), meta, "meta: physical port 0");
	CHECK(len == 100 && !memcmp(got, f, 100), "frame unchanged");
	CHECK_EQ(1, rx_count(vf[0]), "VF0 did not get it");
	CHECK_EQ(0, rx_count(pf), "the PF's own queue did not get it");
	CHECK_EQ(port_rx + 1, port_stat(pf, 0), "port 0 rx_packets");

	/* PF's own queue, to VF0's MAC: the slow path, meta PF */
	eth_frame(f, m0, pf_mac, 0, 0, 90);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(pf, f, 90), "PF sends");
	CHECK_EQ(2, sp_count(pf), "to the slow path");
	got = sp_frame(pf, 1, &len, &meta);
	CHECK_EQ(XNIC_PORT_PF, meta, "meta: the PF");
	CHECK(len == 90 && !memcmp(got, f, 90), "frame unchanged");
	CHECK_EQ(1, rx_count(vf[0]), "VF0 did not get it");
	CHECK_EQ(1, pf->ntx, "nor the wire");
	CHECK_EQ(1, pf_vstat(pf, V_TX_PACKETS), "PF vport tx_packets");
	CHECK_EQ(90, pf_vstat(pf, V_TX_BYTES), "PF vport tx_bytes");

	/* VF1 to VF0, broadcast, spoofed source: all to the slow path */
	eth_frame(f, m0, m1, 0, 0, 80);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(vf[1], f, 80), "VF1 to VF0");
	eth_frame(f, bcast, m1, 0, 0, 70);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(vf[1], f, 70), "VF1 broadcast");
	eth_frame(f, unknown_mac, unknown_mac, 0, 0, 60);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(vf[1], f, 60),
		 "VF1 with a foreign source MAC: spoofchk not applied");
	CHECK_EQ(5, sp_count(pf), "three more on the slow path");
	for (i = 2; i < 5; i++) {
		sp_frame(pf, i, &len, &meta);
		CHECK_EQ(XNIC_PORT_VF(1), meta, "slow-path frame %u: meta VF1", i);
	}
	got = sp_frame(pf, 4, &len, &meta);
	CHECK(len == 60 && !memcmp(got, f, 60), "spoofed frame unchanged");
	CHECK(rx_count(vf[0]) == 1 && rx_count(pf) == 0 && pf->ntx == 1,
	      "nobody else got them");
	CHECK_EQ(0, vf_stat(pf, 1, V_TX_SPOOFED), "VF1 tx_spoofed 0");
	CHECK_EQ(4, vf_stat(pf, 1, V_TX_PACKETS),
		 "VF1 tx_packets (1 legacy + 3)");
	CHECK_EQ(100 + 80 + 70 + 60, vf_stat(pf, 1, V_TX_BYTES),
		 "VF1 tx_bytes");

	/* a port VLAN is not pushed, and a tagged frame not refused */
	CHECK_EQ(XNIC_CMD_ST_OK,
		 vf_configure(pf, 0, XNIC_VF_CFG_VLAN, 0, 10, 0),
		 "VF0 port VLAN 10");
	eth_frame(f, unknown_mac, m0, 0, 0, 64);
	send_frame(vf[0], f, 64);
	got = sp_frame(pf, 5, &len, &meta);
	CHECK(len == 64 && !memcmp(got, f, 64) && meta == XNIC_PORT_VF(0),
	      "untagged frame of a VF with port VLAN: untouched");
	eth_frame(f, unknown_mac, m0, XNIC_VLAN_PROTO_8021Q, 20, 68);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(vf[0], f, 68),
		 "tagged frame of a VF with port VLAN: sent");
	got = sp_frame(pf, 6, &len, &meta);
	CHECK(len == 68 && !memcmp(got, f, 68), "tag kept as sent");
	CHECK_EQ(0, vf_stat(pf, 0, V_TX_DROPPED), "VF0 tx_dropped 0");

	/* link state still applies */
	CHECK_EQ(XNIC_CMD_ST_OK,
		 vf_configure(pf, 0, XNIC_VF_CFG_LINK_STATE,
			      XNIC_VF_LINK_DISABLE, 0, 0), "VF0 link disabled");
	CHECK_EQ(XNIC_DESC_ST_DROPPED, send_frame(vf[0], f, 68),
		 "VF0 with link down: DROPPED");
	CHECK_EQ(1, vf_stat(pf, 0, V_TX_DROPPED), "VF0 tx_dropped");
	CHECK_EQ(7, sp_count(pf), "nothing to the slow path");
	CHECK_EQ(XNIC_CMD_ST_OK,
		 vf_configure(pf, 0, XNIC_VF_CFG_LINK_STATE, XNIC_VF_LINK_AUTO,
			      0, 0), "VF0 link auto");

	CHECK_EQ(7, slowpath_packets(pf), "slowpath_packets");
	CHECK_EQ(0, slowpath_dropped(pf), "slowpath_dropped");

	/* the flow hash chooses the slow-path queue, as RSS does */
	{
		unsigned int want[SP_QPS] = {
			sp_count_qp(pf, SP_QP0), sp_count_qp(pf, SP_QP0 + 1)
		};
		unsigned int hit[SP_QPS] = { 0, 0 };

		for (i = 0; i < 16; i++) {
			size_t n = make_frame(f, unknown_mac, wire_mac,
					      (uint16_t)(1000 + i), 80,
					      (uint8_t)i);

			hit[xnic_flow_hash(f, n) % SP_QPS]++;
			xnic_core_port_rx(pf->core, 0, f, n);
		}
		CHECK(hit[0] && hit[1], "16 flows hash to both queues");
		CHECK_EQ(want[0] + hit[0], sp_count_qp(pf, SP_QP0),
			 "first slow-path queue got its flows");
		CHECK_EQ(want[1] + hit[1], sp_count_qp(pf, SP_QP0 + 1),
			 "second slow-path queue got its flows");
	}
	CHECK_EQ(7 + 16, slowpath_packets(pf), "slowpath_packets");

	host_vf_free(vf[1], 1);
	host_vf_free(vf[0], 0);
	host_free(pf);
}

static void test_slowpath_rate_limit(void)
{
	struct fake_host *pf = pf_setup_caps(1, PF_QPS, SWD_CAPS);
	struct fake_host *vf = vf_setup(pf, 0);
	uint8_t f[1400], m0[6];
	unsigned int i;

	sp_queues(pf, SP_BUFS);
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev");
	CHECK_EQ(XNIC_CMD_ST_OK, vf_configure(pf, 0, XNIC_VF_CFG_RATE, 0, 0, 1),
		 "VF0 max_tx_rate 1 Mb/s");
	vf_mac(m0, 0);
	eth_frame(f, unknown_mac, m0, 0, 0, sizeof(f));
	/* 12 frames of 1400 bytes at once: the 16 KiB bucket lets 11 go */
	for (i = 0; i < 12; i++) {
		unsigned int slot = vf->tx_prod & ((1u << TX_LOG2) - 1);
		struct xnic_tx_desc *d = tx_desc(vf, 0, slot);

		memcpy(gmem(vf, TX_BUF(vf->tx_prod)), f, sizeof(f));
		memset(d, 0, sizeof(*d));
		d->addr = htole64(TX_BUF(vf->tx_prod));
		d->len = htole16(sizeof(f));
		vf->tx_prod++;
	}
	wr(vf, XNIC_REG_QP(0, XNIC_QP_TX_PROD), vf->tx_prod);
	host_run(pf);
	CHECK_EQ(11, sp_count(pf), "11 frames within the bucket");
	CHECK_EQ(1, vf_stat(pf, 0, V_TX_RATE_LIMITED), "tx_rate_limited");
	host_advance(pf, 10000000);	/* 10 ms at 1 Mb/s: 1250 bytes more */
	CHECK_EQ(12, sp_count(pf), "the 12th after the wait");
	CHECK_EQ(12, slowpath_packets(pf), "slowpath_packets");
	host_vf_free(vf, 0);
	host_free(pf);
}

static void test_slowpath_drops(void)
{
	struct fake_host *pf = pf_setup_caps(1, PF_QPS, SWD_CAPS);
	struct fake_host *vf = vf_setup(pf, 0);
	uint8_t f[128], m0[6];
	unsigned int i, ready;
	uint64_t no_buf;

	vf_mac(m0, 0);

	/* legacy: the PF's ring full holds the wire back; switchdev does not */
	eth_frame(f, unknown_mac, wire_mac, 0, 0, 64);
	for (i = 0; i < RX_BUFS; i++)
		xnic_core_port_rx(pf->core, 0, f, 64);
	CHECK(!xnic_core_can_receive(pf->core, 0),
	      "legacy, the PF's ring full: port 0 cannot receive");
	CHECK_EQ(XNIC_RX_RETRY, xnic_core_port_rx(pf->core, 0, f, 64),
		 "legacy: held back");
	ready = pf->rx_ready[0];
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev without slow-path queues");
	CHECK_EQ(ready + 1, pf->rx_ready[0],
		 "mode change: the wire may offer its frames again");
	CHECK(xnic_core_can_receive(pf->core, 0),
	      "switchdev: port 0 can receive, the slow path decides");

	/* no slow-path queue at all */
	no_buf = port_stat(pf, XNIC_STAT_RX_NO_BUF);
	eth_frame(f, m0, wire_mac, 0, 0, 64);
	CHECK_EQ(XNIC_RX_DROPPED, xnic_core_port_rx(pf->core, 0, f, 64),
		 "uplink without slow path: dropped");
	CHECK_EQ(no_buf + 1, port_stat(pf, XNIC_STAT_RX_NO_BUF),
		 "port 0 rx_no_buf");
	CHECK_EQ(0, rx_count(vf), "not to the VF either");
	eth_frame(f, unknown_mac, m0, 0, 0, 64);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(vf, f, 64),
		 "VF sends into the switch");
	CHECK_EQ(1, vf_stat(pf, 0, V_TX_PACKETS), "VF tx_packets");
	CHECK_EQ(0, pf->ntx, "nothing on the wire");
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(pf, f, 64), "PF sends");
	CHECK_EQ(0, slowpath_packets(pf), "slowpath_packets 0");
	CHECK_EQ(3, slowpath_dropped(pf), "slowpath_dropped 3");

	/* slow-path queues with two buffers each */
	sp_queues(pf, 2);
	for (i = 0; i < 5; i++) {
		eth_frame(f, m0, wire_mac, 0, 0, 64);
		CHECK_EQ(i < 2 ? XNIC_RX_DELIVERED : XNIC_RX_DROPPED,
			 xnic_core_port_rx(pf->core, 0, f, 64),
			 "non-IP frame %u to the first queue, 2 buffers", i);
	}
	CHECK_EQ(2, sp_count(pf), "two delivered");
	CHECK_EQ(2, slowpath_packets(pf), "slowpath_packets 2");
	CHECK_EQ(3 + 3, slowpath_dropped(pf), "slowpath_dropped 6");
	CHECK(xnic_core_can_receive(pf->core, 0),
	      "full slow path: the wire still flows");
	host_vf_free(vf, 0);
	host_free(pf);
}

static void test_repr_tx(void)
{
	struct fake_host *pf = pf_setup_caps(3, PF_QPS, SWD_CAPS);
	struct fake_host *vf0 = vf_setup(pf, 0);
	struct fake_host *vf1 = host_vf_new(pf, 1);	/* no queues */
	uint8_t f[256], m0[6];
	uint16_t sp_prod = 0;
	uint64_t tx_err;
	unsigned int len;
	const uint8_t *got;

	vf_mac(m0, 0);
	sp_queues(pf, SP_BUFS);
	eth_frame(f, m0, pf_mac, 0, 0, 100);

	/* legacy: only physical ports */
	tx_err = port_stat(pf, XNIC_STAT_TX_ERRORS);
	CHECK_EQ(XNIC_DESC_ST_BAD_META,
		 pf_send(pf, SP_QP0, &sp_prod, f, 100, true, XNIC_PORT_VF(0)),
		 "legacy: META VF0: BAD_META");
	CHECK_EQ(XNIC_DESC_ST_BAD_META,
		 pf_send(pf, 0, &pf->tx_prod, f, 100, true, XNIC_PORT_PF),
		 "legacy: META PF: BAD_META");
	CHECK_EQ(XNIC_DESC_ST_BAD_META,
		 pf_send(pf, SP_QP0, &sp_prod, f, 100, false, 0),
		 "slow-path queue without META: BAD_META");
	CHECK_EQ(tx_err + 3, port_stat(pf, XNIC_STAT_TX_ERRORS),
		 "three tx_errors on port 0");
	CHECK_EQ(XNIC_DESC_ST_OK,
		 pf_send(pf, SP_QP0, &sp_prod, f, 100, true, XNIC_PORT_PHYS(0)),
		 "legacy: META PHYS(0) from the slow-path queue: OK");
	CHECK(pf->ntx == 1 && pf->tx[0].port == 0 && pf->tx[0].len == 100 &&
	      !memcmp(pf->tx[0].data, f, 100), "on the wire of port 0");
	CHECK_EQ(0, rx_count(vf0), "not through the eswitch");

	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev");

	/* to VF0 */
	eth_frame(f, bcast, pf_mac, 0, 0, 120);
	CHECK_EQ(XNIC_DESC_ST_OK,
		 pf_send(pf, SP_QP0, &sp_prod, f, 120, true, XNIC_PORT_VF(0)),
		 "META VF0: OK");
	CHECK_EQ(1, rx_count(vf0), "VF0 got it");
	got = rx_frame(vf0, 0, &len);
	CHECK(len == 120 && !memcmp(got, f, 120), "bytes intact");
	CHECK_EQ(XNIC_PORT_VF(0), le16toh(rx_desc(vf0, 0, 0)->meta),
		 "VF0's meta: its own port");
	CHECK_EQ(1, vf_stat(pf, 0, V_RX_PACKETS), "VF0 rx_packets");
	CHECK_EQ(120, vf_stat(pf, 0, V_RX_BYTES), "VF0 rx_bytes");
	CHECK_EQ(1, vf_stat(pf, 0, V_RX_BROADCAST), "VF0 rx_broadcast");
	CHECK(pf->ntx == 1 && rx_count(pf) == 0 && sp_count(pf) == 0,
	      "nothing else: not the wire, the PF, the slow path");

	/* to the PF's own vport */
	eth_frame(f, pf_mac, m0, 0, 0, 110);
	CHECK_EQ(XNIC_DESC_ST_OK,
		 pf_send(pf, 0, &pf->tx_prod, f, 110, true, XNIC_PORT_PF),
		 "META PF from the PF's own queue: OK");
	CHECK_EQ(1, rx_count(pf), "the PF's port-0 queue got it");
	got = rx_frame(pf, 0, &len);
	CHECK(len == 110 && !memcmp(got, f, 110), "bytes intact");
	CHECK_EQ(XNIC_PORT_SLOWPATH, le16toh(rx_desc(pf, 0, 0)->meta),
		 "PF's meta: from the slow path");
	CHECK_EQ(1, pf_vstat(pf, V_RX_PACKETS), "PF vport rx_packets");
	CHECK_EQ(110, pf_vstat(pf, V_RX_BYTES), "PF vport rx_bytes");
	CHECK_EQ(0, pf_vstat(pf, V_TX_PACKETS), "META is not PF vport tx");
	CHECK_EQ(0, sp_count(pf), "no loop back to the slow path");

	/* physical port in switchdev mode */
	CHECK_EQ(XNIC_DESC_ST_OK,
		 pf_send(pf, SP_QP0, &sp_prod, f, 110, true, XNIC_PORT_PHYS(0)),
		 "switchdev: META PHYS(0): OK");
	CHECK_EQ(2, pf->ntx, "on the wire");

	/* refused metas */
	tx_err = port_stat(pf, XNIC_STAT_TX_ERRORS);
	CHECK_EQ(XNIC_DESC_ST_BAD_META,
		 pf_send(pf, SP_QP0, &sp_prod, f, 110, true, XNIC_PORT_VF(2)),
		 "META of a VF that is not enabled: BAD_META");
	CHECK_EQ(XNIC_DESC_ST_BAD_META,
		 pf_send(pf, SP_QP0, &sp_prod, f, 110, true, XNIC_PORT_VF(3)),
		 "META beyond total VFs: BAD_META");
	CHECK_EQ(XNIC_DESC_ST_BAD_META,
		 pf_send(pf, SP_QP0, &sp_prod, f, 110, true, XNIC_PORT_PHYS(1)),
		 "META of a port the NIC lacks: BAD_META");
	CHECK_EQ(XNIC_DESC_ST_BAD_META,
		 pf_send(pf, SP_QP0, &sp_prod, f, 110, true, XNIC_PORT_PF | 1),
		 "META PF with an index: BAD_META");
	CHECK_EQ(XNIC_DESC_ST_BAD_META,
		 pf_send(pf, SP_QP0, &sp_prod, f, 110, true,
			 XNIC_PORT_SLOWPATH), "META slow path: BAD_META");
	CHECK_EQ(XNIC_DESC_ST_BAD_META,
		 pf_send(pf, SP_QP0, &sp_prod, f, 110, true, 0x4000),
		 "META of an unknown type: BAD_META");
	CHECK_EQ(XNIC_DESC_ST_BAD_META,
		 pf_send(pf, SP_QP0, &sp_prod, f, 110, false, 0),
		 "slow-path queue without META: BAD_META");
	CHECK_EQ(tx_err + 7, port_stat(pf, XNIC_STAT_TX_ERRORS),
		 "each a tx_error of port 0");
	CHECK_EQ(XNIC_DESC_ST_BAD_META,
		 pf_send(vf0, 0, &vf0->tx_prod, f, 110, true, XNIC_PORT_VF(0)),
		 "a VF's META: BAD_META");
	CHECK_EQ(XNIC_DESC_ST_BAD_LEN,
		 pf_send(pf, SP_QP0, &sp_prod, f, 10, true, XNIC_PORT_VF(0)),
		 "META VF0, 10 bytes: BAD_LEN");
	CHECK_EQ(1, rx_count(vf0), "VF0 got none of them");

	/* a vport that cannot take it: its rx_dropped */
	CHECK_EQ(XNIC_DESC_ST_DROPPED,
		 pf_send(pf, SP_QP0, &sp_prod, f, 110, true, XNIC_PORT_VF(1)),
		 "META VF1 without RX queue: DROPPED");
	CHECK_EQ(1, vf_stat(pf, 1, V_RX_DROPPED), "VF1 rx_dropped");
	CHECK_EQ(0, vf_stat(pf, 1, V_RX_PACKETS), "VF1 rx_packets 0");
	CHECK_EQ(XNIC_CMD_ST_OK,
		 vf_configure(pf, 0, XNIC_VF_CFG_LINK_STATE,
			      XNIC_VF_LINK_DISABLE, 0, 0), "VF0 link disabled");
	CHECK_EQ(XNIC_DESC_ST_DROPPED,
		 pf_send(pf, SP_QP0, &sp_prod, f, 110, true, XNIC_PORT_VF(0)),
		 "META VF0 with link down: DROPPED");
	CHECK_EQ(1, vf_stat(pf, 0, V_RX_DROPPED), "VF0 rx_dropped");
	CHECK_EQ(1, rx_count(vf0), "VF0 got nothing");
	CHECK_EQ(XNIC_CMD_ST_OK,
		 vf_configure(pf, 0, XNIC_VF_CFG_LINK_STATE,
			      XNIC_VF_LINK_ENABLE, 0, 0), "VF0 link enabled");
	{
		unsigned int i, sent = 0;
		uint8_t st;

		/* VF0 has 64 buffers, 1 used: fill the rest, then one more */
		for (i = 0; i < RX_BUFS; i++) {
			st = pf_send(pf, SP_QP0, &sp_prod, f, 64, true,
				     XNIC_PORT_VF(0));
			if (st == XNIC_DESC_ST_OK)
				sent++;
		}
		CHECK_EQ(RX_BUFS - 1, sent, "VF0 took 63 more");
		CHECK_EQ(XNIC_DESC_ST_DROPPED, st, "the 64th: ring full");
		CHECK_EQ(2, vf_stat(pf, 0, V_RX_DROPPED), "VF0 rx_dropped");
		CHECK_EQ(RX_BUFS, vf_stat(pf, 0, V_RX_PACKETS),
			 "VF0 rx_packets");
	}
	CHECK_EQ(0, slowpath_packets(pf) + slowpath_dropped(pf),
		 "representor transmit never touches the slow path");

	host_vf_free(vf1, 1);
	host_vf_free(vf0, 0);
	host_free(pf);
}

static void test_back_to_legacy(void)
{
	struct fake_host *pf = pf_setup_caps(1, PF_QPS, SWD_CAPS);
	struct fake_host *vf = vf_setup(pf, 0);
	uint8_t f[128], m0[6];

	vf_mac(m0, 0);
	sp_queues(pf, SP_BUFS);
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev");
	eth_frame(f, m0, wire_mac, 0, 0, 64);
	xnic_core_port_rx(pf->core, 0, f, 64);
	CHECK_EQ(1, sp_count(pf), "uplink to the slow path");
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_LEGACY), "legacy");

	xnic_core_port_rx(pf->core, 0, f, 64);
	CHECK_EQ(1, rx_count(vf), "legacy again: uplink to VF0 by MAC");
	eth_frame(f, unknown_mac, wire_mac, 0, 0, 64);
	xnic_core_port_rx(pf->core, 0, f, 64);
	CHECK_EQ(1, rx_count(pf), "unknown unicast to the PF");
	eth_frame(f, unknown_mac, unknown_mac, 0, 0, 64);
	CHECK_EQ(XNIC_DESC_ST_SPOOFED, send_frame(vf, f, 64),
		 "spoofchk applies again");
	eth_frame(f, unknown_mac, m0, 0, 0, 64);
	CHECK_EQ(XNIC_DESC_ST_OK, send_frame(vf, f, 64), "VF0 to unknown");
	CHECK_EQ(1, pf->ntx, "to the wire");
	CHECK_EQ(1, sp_count(pf), "slow path got nothing more");
	CHECK_EQ(1, slowpath_packets(pf), "slowpath_packets kept over modes");
	host_vf_free(vf, 0);
	host_free(pf);
}

static void test_stats_window(void)
{
	struct fake_host *pf = pf_setup_caps(3, PF_QPS, SWD_CAPS);
	struct fake_host *vf0 = vf_setup(pf, 0);
	struct fake_host *vf2 = vf_setup(pf, 2);
	uint8_t f[128];
	unsigned int i, v;
	bool same = true;

	eth_frame(f, unknown_mac, pf_mac, 0, 0, 100);
	send_frame(pf, f, 100);
	eth_frame(f, unknown_mac, unknown_mac, 0, 0, 90);
	send_frame(vf2, f, 90);		/* spoofed */
	send_frame(vf2, f, 90);
	for (i = 0; i < XNIC_VSTAT_COUNT; i++) {
		if (esw_stat(pf, XNIC_ESW_VPORT_VF(0), i) != vf_stat(pf, 0, i) ||
		    esw_stat(pf, XNIC_ESW_VPORT_VF(2), i) != vf_stat(pf, 2, i))
			same = false;
		if (esw_stat(pf, XNIC_ESW_VPORT_PF, i) !=
		    ((uint64_t)rd(pf, XNIC_REG_VPORT_STAT_LO(i)) |
		     (uint64_t)rd(pf, XNIC_REG_VPORT_STAT_HI(i)) << 32))
			same = false;
	}
	CHECK(same, "window == VF_STATS for VF0, VF2; == own regs for the PF");
	CHECK_EQ(2, esw_stat(pf, XNIC_ESW_VPORT_VF(2), V_TX_SPOOFED),
		 "VF2 tx_spoofed through the window");
	CHECK_EQ(100, esw_stat(pf, XNIC_ESW_VPORT_PF, V_TX_BYTES),
		 "PF tx_bytes through the window");

	/* the latch: LO takes the whole value, HI the upper half later */
	pf->core->vfs[2].stats[XNIC_VSTAT_RX_BYTES] = 0x0000000512345678ull;
	pf->core->vfs[0].stats[XNIC_VSTAT_RX_BYTES] = 0x0000000900000001ull;
	CHECK_EQ(0x12345678,
		 rd(pf, XNIC_REG_ESW_VPORT_STAT_LO(XNIC_ESW_VPORT_VF(2),
						   V_RX_BYTES)), "LO");
	pf->core->vfs[2].stats[XNIC_VSTAT_RX_BYTES] = 0x0000000712345678ull;
	CHECK_EQ(5, rd(pf, XNIC_REG_ESW_VPORT_STAT_HI(XNIC_ESW_VPORT_VF(2),
						      V_RX_BYTES)),
		 "HI: the half latched by LO, not the new value");
	CHECK_EQ(1, rd(pf, XNIC_REG_ESW_VPORT_STAT_LO(XNIC_ESW_VPORT_VF(0),
						      V_RX_BYTES)),
		 "LO of another vport");
	CHECK_EQ(9, rd(pf, XNIC_REG_ESW_VPORT_STAT_HI(XNIC_ESW_VPORT_VF(2),
						      V_RX_BYTES)),
		 "HI follows the last LO read, as VPORT_STAT's does");
	CHECK_EQ(0x0000000712345678ull,
		 esw_stat(pf, XNIC_ESW_VPORT_VF(2), V_RX_BYTES), "full value");

	/* what reads 0 */
	CHECK_EQ(0, esw_stat(vf0, XNIC_ESW_VPORT_VF(0), V_TX_PACKETS) +
		 esw_stat(vf0, XNIC_ESW_VPORT_PF, V_TX_PACKETS),
		 "a VF reads 0");
	CHECK_EQ(0, esw_stat(pf, XNIC_ESW_VPORT_VF(1), V_TX_PACKETS) +
		 rd(pf, XNIC_REG_ESW_VPORT_STAT_LO(XNIC_ESW_VPORT_VF(1), 0)),
		 "VF1, not enabled, reads 0");
	for (v = XNIC_ESW_VPORT_VF(3), same = true; v < XNIC_ESW_MAX_VPORTS;
	     v++)
		for (i = 0; i < XNIC_ESW_VPORT_STATS_STRIDE / 4; i++)
			if (rd(pf, XNIC_REG_ESW_VPORT_STAT_LO(v, 0) + i * 4))
				same = false;
	CHECK(same, "vports beyond total VFs read 0");
	for (i = XNIC_VSTAT_COUNT * 8, same = true;
	     i < XNIC_ESW_VPORT_STATS_STRIDE; i += 4)
		if (rd(pf, XNIC_REG_ESW_VPORT_STAT_LO(XNIC_ESW_VPORT_PF, 0) + i))
			same = false;
	CHECK(same, "past the last counter of a vport: 0");
	CHECK_EQ(0, rd(pf, XNIC_REG_ESW_VPORT_STAT_LO(XNIC_ESW_MAX_VPORTS, 0)),
		 "past the window: 0");

	host_vf_free(vf2, 2);
	host_vf_free(vf0, 0);
	host_free(pf);
}

static void test_reset(void)
{
	struct fake_host *pf = pf_setup_caps(2, PF_QPS, SWD_CAPS);
	struct fake_host *vf0 = vf_setup(pf, 0);
	struct fake_host *vf1 = vf_setup(pf, 1);
	struct xnic_esw_mode_resp r;
	uint8_t f[128];

	sp_queues(pf, SP_BUFS);
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev");
	eth_frame(f, bcast, wire_mac, 0, 0, 64);
	xnic_core_port_rx(pf->core, 0, f, 64);
	CHECK_EQ(1, slowpath_packets(pf), "one slow-path frame");

	/* a VF's FLR and a VF going away keep the mode */
	wr(vf0, XNIC_REG_CTRL, XNIC_CTRL_RESET);
	CHECK_EQ(XNIC_ESW_MODE_SWITCHDEV, esw_mode(pf), "VF0 FLR: switchdev");
	host_vf_free(vf1, 1);
	CHECK_EQ(XNIC_ESW_MODE_SWITCHDEV, esw_mode(pf), "VF1 gone: switchdev");
	host_vf_free(vf0, 0);
	CHECK_EQ(XNIC_ESW_MODE_SWITCHDEV, esw_mode(pf),
		 "SR-IOV disabled: switchdev kept");
	xnic_core_port_rx(pf->core, 0, f, 64);
	CHECK_EQ(2, slowpath_packets(pf), "the slow path still works");

	/* PF reset: legacy, counters 0 */
	xnic_esw_rule_added(pf->core);
	wr(pf, XNIC_REG_CTRL, XNIC_CTRL_RESET);
	host_boot_caps(pf, SWD_CAPS);
	CHECK_EQ(XNIC_CMD_ST_OK, esw_get(pf, &r, NULL), "GET_MODE after reset");
	CHECK(r.mode == XNIC_ESW_MODE_LEGACY && !r.num_rules &&
	      !r.slowpath_packets && !r.slowpath_dropped,
	      "PF reset: legacy, no rules, counters 0");
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev again");
	xnic_core_reset(pf->core);	/* PCI reset or FLR of the PF */
	host_boot_caps(pf, SWD_CAPS);
	CHECK_EQ(XNIC_ESW_MODE_LEGACY, esw_mode(pf), "PF FLR: legacy");
	host_free(pf);
}

/* Garbage requests and descriptors: a status, never a crash */
static void test_garbage(void)
{
	struct fake_host *pf = pf_setup_caps(2, PF_QPS, SWD_CAPS);
	struct fake_host *vf = vf_setup(pf, 0);
	uint32_t seed = 0x5eed1234;
	uint16_t sp_prod = 0;
	unsigned int i, j, bad = 0;
	uint8_t f[256];

	sp_queues(pf, SP_BUFS);
	for (i = 0; i < 2000; i++) {
		uint8_t in[XNIC_CMD_DATA_LEN];
		uint16_t op, in_len, st;
		uint32_t buf_len;

		for (j = 0; j < sizeof(in); j++) {
			seed = seed * 1103515245u + 12345u;
			in[j] = (uint8_t)(seed >> 16);
		}
		/* mostly well-formed lengths with random bytes */
		if (i % 3)
			in[1] = in[2] = in[3] = in[4] = in[5] = in[6] = in[7] = 0;
		op = i & 1 ? XNIC_CMD_ESW_SET_MODE : XNIC_CMD_ESW_GET_MODE;
		in_len = i % 4 ? (i & 1 ? 8 : 0) : (uint16_t)(seed % 300);
		buf_len = i % 7 ? 0 : seed % 64;
		if (i % 5 == 0)
			xnic_esw_rule_added(pf->core);
		else if (i % 5 == 1)
			xnic_esw_rule_removed(pf->core);
		st = cmd_exec(i % 11 ? pf : vf, op, in, in_len, BUF_ADDR,
			      buf_len, NULL);
		if (st != XNIC_CMD_ST_OK && st != XNIC_CMD_ST_EINVAL &&
		    st != XNIC_CMD_ST_EBUSY && st != XNIC_CMD_ST_EPERM)
			bad++;
		if (i % 11 == 0 && st != XNIC_CMD_ST_EPERM)
			bad++;
		if (pf->core->esw.mode != XNIC_ESW_LEGACY &&
		    pf->core->esw.mode != XNIC_ESW_SWITCHDEV)
			bad++;
	}
	CHECK_EQ(0, bad, "2000 random ESW commands: only expected statuses");

	xnic_esw_rule_removed(pf->core);
	xnic_esw_rule_removed(pf->core);
	pf->core->esw.num_rules = 0;
	CHECK_EQ(XNIC_CMD_ST_OK, esw_set(pf, XNIC_ESW_MODE_SWITCHDEV),
		 "switchdev");
	for (i = 0, bad = 0; i < 1000; i++) {
		uint16_t meta;
		size_t len;
		uint8_t st;

		seed = seed * 1103515245u + 12345u;
		meta = (uint16_t)(seed >> 8);
		if (i % 2)	/* near the valid ids */
			meta = (uint16_t)((meta & 0x3000) | (meta & 3));
		len = seed % 3 ? 14 + (seed >> 20) % 200 : (seed >> 4) % 300;
		if (len > sizeof(f))
			len = sizeof(f);
		memset(f, (int)i, sizeof(f));
		st = pf_send(pf, i % 3 ? SP_QP0 : 0,
			     i % 3 ? &sp_prod : &pf->tx_prod, f, len,
			     i % 13 != 0, meta);
		if (st != XNIC_DESC_ST_OK && st != XNIC_DESC_ST_BAD_META &&
		    st != XNIC_DESC_ST_BAD_LEN && st != XNIC_DESC_ST_DROPPED)
			bad++;
		if (pf->ntx > MAX_FRAMES / 2)
			pf->ntx = 0;	/* the wire's record, not the NIC */
	}
	CHECK_EQ(0, bad, "1000 random META descriptors: only expected statuses");
	host_vf_free(vf, 0);
	host_free(pf);
}

int main(void)
{
	test_mode_cmds();
	test_slowpath_queue_create();
	test_slowpath_delivery();
	test_slowpath_rate_limit();
	test_slowpath_drops();
	test_repr_tx();
	test_back_to_legacy();
	test_stats_window();
	test_reset();
	test_garbage();
	return tap_done();
}
