// SPDX-License-Identifier: GPL-2.0
/*
 * test_bpf_cmds.c - the eBPF offload through the command queue and the
 * port ingress hook: BPF_INFO, the MAP_* commands with good and bad input
 * (wrong key size, unknown handle, full map, NOEXIST/EXIST, values through
 * the DMA buffer, iteration as bpftool dumps), PROG_LOAD refusals with the
 * reason in the response, VFs refused, and programs on real traffic: drop
 * by UDP port, swap MACs and TX, a counter map read by MAP_LOOKUP, a config
 * map written by MAP_UPDATE changing the verdict, a PASS with the frame
 * shortened by adjust_head delivered to the PF, replace and unload.
 */
#include "bpf_host.h"
#include "bpf_progs.h"
#include "tap.h"

#define BPF_CAPS	(XNIC_CAP_L2 | XNIC_CAP_SRIOV | XNIC_CAP_BPF)

static const uint8_t mac_a[6] = { 0x02, 0, 0, 0, 0xaa, 0x01 };
static const uint8_t mac_b[6] = { 0x02, 0, 0, 0, 0xbb, 0x02 };

static struct fake_host *setup(void)
{
	struct fake_host *h = host_new_sriov(2, 4, 2, 1);

	bpf_boot(h, BPF_CAPS, 256);
	xnic_core_set_link(h->core, 0, true);
	xnic_core_set_link(h->core, 1, true);
	if (port_cmd(h, XNIC_CMD_PORT_ENABLE, 0, 1) ||
	    port_cmd(h, XNIC_CMD_PORT_ENABLE, 1, 1))
		host_die("port enable failed", 0);
	return h;
}

static void test_info_and_rights(void)
{
	struct fake_host *h = host_new_sriov(1, 4, 2, 1), *vf;
	struct xnic_bpf_info_resp info;
	struct xnic_cmd done;
	uint32_t handle;

	host_boot(h);	/* firmware without XNIC_CAP_BPF */
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP,
		 cmd_exec(h, XNIC_CMD_BPF_INFO, NULL, 0, 0, 0, NULL),
		 "BPF_INFO without the BPF capability: EOPNOTSUPP");
	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP,
		 map_create(h, XNIC_BPF_MAP_HASH, 4, 4, 4, NULL),
		 "MAP_CREATE without the BPF capability: EOPNOTSUPP");
	bpf_boot(h, BPF_CAPS, 300);
	CHECK_EQ(XNIC_CMD_ST_OK,
		 cmd_exec(h, XNIC_CMD_BPF_INFO, NULL, 0, 0, 0, &done), "BPF_INFO");
	memcpy(&info, done.data, sizeof(info));
	CHECK_EQ(sizeof(info), le16toh(done.out_len), "BPF_INFO out_len");
	CHECK_EQ(300, le32toh(info.max_insns), "max_insns from the firmware");
	CHECK_EQ(XNIC_BPF_MAX_MAPS, le32toh(info.max_maps), "max_maps");
	CHECK_EQ(XNIC_BPF_MAX_ENTRIES, le32toh(info.max_entries), "max_entries");
	CHECK_EQ(1ull << 1 | 1ull << 2 | 1ull << 3 | 1ull << 5 | 1ull << 7 |
		 1ull << 44, le64toh(info.helpers[0]), "helpers 0..63");
	CHECK_EQ(1ull << 1, le64toh(info.helpers[1]), "helper 65 (adjust_tail)");
	CHECK_EQ(6, le32toh(info.map_types), "hash and array maps");

	vf = host_vf_new(h, 0);
	cmdq_setup(vf, 8);
	CHECK_EQ(XNIC_CMD_ST_EPERM,
		 cmd_exec(vf, XNIC_CMD_BPF_INFO, NULL, 0, 0, 0, NULL),
		 "VF: BPF_INFO EPERM");
	CHECK_EQ(XNIC_CMD_ST_EPERM, map_create(vf, XNIC_BPF_MAP_HASH, 4, 4, 4, NULL),
		 "VF: MAP_CREATE EPERM");
	CHECK_EQ(XNIC_CMD_ST_EPERM, prog_cmd(vf, XNIC_CMD_BPF_PROG_STATS, 0, NULL),
		 "VF: PROG_STATS EPERM");
	CHECK_EQ(XNIC_CMD_ST_OK, map_create(h, XNIC_BPF_MAP_HASH, 4, 4, 4, &handle),
		 "PF: MAP_CREATE");
	CHECK_EQ(XNIC_CMD_ST_EPERM,
		 map_elem(vf, XNIC_CMD_BPF_MAP_LOOKUP, handle, 0, &handle, 4,
			  NULL, 0, 0, NULL), "VF: MAP_LOOKUP of the PF's map EPERM");
	host_vf_free(vf, 0);

	/* a device reset forgets every map */
	wr(h, XNIC_REG_CTRL, XNIC_CTRL_RESET);
	bpf_boot(h, BPF_CAPS, 300);
	CHECK_EQ(XNIC_CMD_ST_ENOENT, map_destroy(h, handle),
		 "after reset the map is gone");
	host_free(h);
}

static void test_map_create(void)
{
	struct fake_host *h = setup();
	struct xnic_bpf_map_create_req req;
	uint32_t a, b;

	CHECK_EQ(XNIC_CMD_ST_EOPNOTSUPP, map_create(h, 27, 4, 4, 4, NULL),
		 "unsupported map type (ringbuf): EOPNOTSUPP");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, map_create(h, XNIC_BPF_MAP_HASH, 0, 4, 4, NULL),
		 "key size 0: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 map_create(h, XNIC_BPF_MAP_HASH, XNIC_BPF_MAX_KEY_SIZE + 1, 4, 4, NULL),
		 "key size above the limit: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 map_create(h, XNIC_BPF_MAP_HASH, 4, XNIC_BPF_MAX_VALUE_SIZE + 1, 4, NULL),
		 "value size above the limit: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, map_create(h, XNIC_BPF_MAP_ARRAY, 8, 4, 4, NULL),
		 "array with an 8-byte key: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, map_create(h, XNIC_BPF_MAP_HASH, 4, 4, 0, NULL),
		 "zero entries: EINVAL");
	memset(&req, 0, sizeof(req));
	req.type = htole32(XNIC_BPF_MAP_HASH);
	req.key_size = req.value_size = req.max_entries = htole32(4);
	req.flags = htole32(1);
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_simple(h, XNIC_CMD_BPF_MAP_CREATE, &req, sizeof(req)),
		 "map flags: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 cmd_simple(h, XNIC_CMD_BPF_MAP_CREATE, &req, sizeof(req) - 4),
		 "short request: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_OK,
		 map_create(h, XNIC_BPF_MAP_ARRAY, 4, 4, XNIC_BPF_MAX_ENTRIES - 10, &a),
		 "big array");
	CHECK_EQ(XNIC_CMD_ST_ENOSPC, map_create(h, XNIC_BPF_MAP_HASH, 4, 4, 11, NULL),
		 "entries beyond the NIC's total: ENOSPC");
	CHECK_EQ(XNIC_CMD_ST_OK, map_create(h, XNIC_BPF_MAP_HASH, 4, 4, 10, &b),
		 "exactly the rest fits");
	CHECK(a && b && a != b, "handles nonzero and distinct");
	CHECK_EQ(XNIC_CMD_ST_OK, map_destroy(h, a), "destroy");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, map_destroy(h, a), "destroy twice: ENOENT");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, map_destroy(h, 0), "handle 0: ENOENT");
	{
		unsigned int i, ok = 0;
		uint16_t st = 0;
		uint32_t hd, first = 0;

		for (i = 0; i < XNIC_BPF_MAX_MAPS + 1; i++) {
			st = map_create(h, XNIC_BPF_MAP_HASH, 4, 4, 1, &hd);
			if (!st && !first)
				first = hd;
			ok += !st;
		}
		CHECK_EQ(XNIC_BPF_MAX_MAPS - 1, ok, "63 more maps fit beside b");
		CHECK_EQ(XNIC_CMD_ST_ENOSPC, st, "the 65th map: ENOSPC");
		CHECK_EQ(XNIC_CMD_ST_OK, map_destroy(h, first), "free one");
		CHECK_EQ(XNIC_CMD_ST_OK, map_create(h, XNIC_BPF_MAP_HASH, 4, 4, 1, &hd),
			 "its slot is reused");
		CHECK(hd != first, "with a new handle");
		CHECK_EQ(XNIC_CMD_ST_ENOENT, map_destroy(h, first),
			 "the old handle stays invalid");
	}
	host_free(h);
}

static void test_map_elems(void)
{
	struct fake_host *h = setup();
	struct xnic_cmd done;
	uint32_t hm, am, big, k, v;
	uint64_t v64 = 0;
	unsigned int i, seen;

	map_create(h, XNIC_BPF_MAP_HASH, 4, 4, 4, &hm);
	for (i = 0; i < 4; i++) {
		k = 100 + i;
		v = 1000 + i;
		CHECK_EQ(XNIC_CMD_ST_OK, map_update_u32(h, hm, k, &v, 4, XNIC_BPF_NOEXIST),
			 "insert key %u", k);
	}
	k = 200;
	CHECK_EQ(XNIC_CMD_ST_ENOSPC, map_update_u32(h, hm, k, &v, 4, XNIC_BPF_ANY),
		 "fifth key in a 4-entry map: ENOSPC");
	v = 7;
	CHECK_EQ(XNIC_CMD_ST_OK, map_update_u32(h, hm, 102, &v, 4, XNIC_BPF_ANY),
		 "full map: replacing an existing key still works");
	CHECK_EQ(XNIC_CMD_ST_EEXIST, map_update_u32(h, hm, 102, &v, 4, XNIC_BPF_NOEXIST),
		 "NOEXIST on an existing key: EEXIST");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, map_update_u32(h, hm, 300, &v, 4, XNIC_BPF_EXIST),
		 "EXIST on a missing key: ENOENT");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, map_update_u32(h, hm, 102, &v, 4, 3),
		 "unknown update flags: EINVAL");
	v = 0;
	CHECK_EQ(XNIC_CMD_ST_OK, map_lookup_u32(h, hm, 102, &v, 4), "lookup");
	CHECK_EQ(7, v, "lookup sees the replaced value");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, map_lookup_u32(h, hm, 555, &v, 4),
		 "lookup of a missing key: ENOENT");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 map_elem(h, XNIC_CMD_BPF_MAP_LOOKUP, hm, 0, &v64, 8, NULL, 0, 0, NULL),
		 "wrong key size: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_ENOENT,
		 map_elem(h, XNIC_CMD_BPF_MAP_LOOKUP, hm + 1, 0, &k, 4, NULL, 0, 0, NULL),
		 "unknown handle: ENOENT");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 map_elem(h, XNIC_CMD_BPF_MAP_UPDATE, hm, 0, &k, 4, &v64, 8, 0, NULL),
		 "wrong value size: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 map_elem(h, XNIC_CMD_BPF_MAP_UPDATE, hm, 0, &k, 4, NULL, 0, 0, NULL),
		 "update without a value: EINVAL");

	/* iteration as bpftool dumps: first key, then each next, then ENOENT */
	seen = 0;
	{
		uint32_t key = 0;
		uint16_t klen = 0, st;

		for (i = 0; i < 10; i++) {
			st = map_elem(h, XNIC_CMD_BPF_MAP_GET_NEXT, hm, 0, &key,
				      klen, NULL, 0, 0, &done);
			if (st)
				break;
			memcpy(&key, done.data, 4);
			klen = 4;
			if (key >= 100 && key < 104)
				seen |= 1u << (key - 100);
		}
		CHECK_EQ(XNIC_CMD_ST_ENOENT, st, "GET_NEXT ends with ENOENT");
		CHECK_EQ(4, i, "4 keys iterated");
		CHECK_EQ(0xf, seen, "each key once");
		key = 999;
		CHECK_EQ(XNIC_CMD_ST_OK,
			 map_elem(h, XNIC_CMD_BPF_MAP_GET_NEXT, hm, 0, &key, 4,
				  NULL, 0, 0, &done), "GET_NEXT of a missing key");
		memcpy(&k, done.data, 4);
		CHECK(k >= 100 && k < 104, "gives the first key (%u)", k);
	}
	k = 101;
	CHECK_EQ(XNIC_CMD_ST_OK,
		 map_elem(h, XNIC_CMD_BPF_MAP_DELETE, hm, 0, &k, 4, NULL, 0, 0, NULL),
		 "delete");
	CHECK_EQ(XNIC_CMD_ST_ENOENT,
		 map_elem(h, XNIC_CMD_BPF_MAP_DELETE, hm, 0, &k, 4, NULL, 0, 0, NULL),
		 "delete again: ENOENT");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, map_lookup_u32(h, hm, 101, &v, 4),
		 "deleted key gone");
	CHECK_EQ(XNIC_CMD_ST_OK, map_update_u32(h, hm, 200, &v, 4, XNIC_BPF_NOEXIST),
		 "room again after a delete");

	/* array */
	map_create(h, XNIC_BPF_MAP_ARRAY, 4, 8, 3, &am);
	CHECK_EQ(XNIC_CMD_ST_OK, map_elem(h, XNIC_CMD_BPF_MAP_LOOKUP, am, 0, &(uint32_t){ 2 },
					  4, NULL, 0, 0, &done), "array elements exist");
	memcpy(&v64, done.data, 8);
	CHECK_EQ(0, v64, "and start zeroed");
	v64 = 0x1122334455667788ull;
	CHECK_EQ(XNIC_CMD_ST_EEXIST, map_update_u32(h, am, 1, &v64, 8, XNIC_BPF_NOEXIST),
		 "array NOEXIST: EEXIST");
	CHECK_EQ(XNIC_CMD_ST_EINVAL, map_update_u32(h, am, 3, &v64, 8, XNIC_BPF_ANY),
		 "array index out of range: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_EINVAL,
		 map_elem(h, XNIC_CMD_BPF_MAP_DELETE, am, 0, &(uint32_t){ 1 }, 4,
			  NULL, 0, 0, NULL), "array delete: EINVAL");
	CHECK_EQ(XNIC_CMD_ST_ENOENT, map_lookup_u32(h, am, 3, &v64, 8),
		 "array lookup out of range: ENOENT");
	{
		uint32_t key = 0, n = 0;
		uint16_t klen = 0;

		while (!map_elem(h, XNIC_CMD_BPF_MAP_GET_NEXT, am, 0, &key, klen,
				 NULL, 0, 0, &done) && n < 10) {
			memcpy(&k, done.data, 4);
			CHECK_EQ(n, k, "array key %u in order", n);
			key = k;
			klen = 4;
			n++;
		}
		CHECK_EQ(3, n, "array iterates its 3 keys");
	}

	/* a value bigger than the inline data goes through the buffer */
	map_create(h, XNIC_BPF_MAP_HASH, 8, 300, 2, &big);
	{
		uint8_t *buf = gmem(h, VALUE_ADDR);
		uint64_t key = 0xabcdef;

		for (i = 0; i < 300; i++)
			buf[i] = (uint8_t)i;
		CHECK_EQ(XNIC_CMD_ST_OK,
			 map_elem(h, XNIC_CMD_BPF_MAP_UPDATE, big, 0, &key, 8, NULL, 0,
				  300, NULL), "300-byte value through the buffer");
		memset(buf, 0, 300);
		CHECK_EQ(XNIC_CMD_ST_EINVAL,
			 map_elem(h, XNIC_CMD_BPF_MAP_LOOKUP, big, 0, &key, 8, NULL, 0,
				  0, NULL), "300-byte value inline: EINVAL");
		CHECK_EQ(XNIC_CMD_ST_EINVAL,
			 map_elem(h, XNIC_CMD_BPF_MAP_LOOKUP, big, 0, &key, 8, NULL, 0,
				  299, NULL), "buffer of the wrong size: EINVAL");
		CHECK_EQ(XNIC_CMD_ST_OK,
			 map_elem(h, XNIC_CMD_BPF_MAP_LOOKUP, big, 0, &key, 8, NULL, 0,
				  300, NULL), "lookup into the buffer");
		CHECK(buf[0] == 0 && buf[1] == 1 && buf[299] == (uint8_t)299,
		      "value read back through DMA");
		h->fail_lo = VALUE_ADDR;
		h->fail_hi = VALUE_ADDR + 4096;
		CHECK_EQ(XNIC_CMD_ST_EIO,
			 map_elem(h, XNIC_CMD_BPF_MAP_UPDATE, big, 0, &key, 8, NULL, 0,
				  300, NULL), "unreadable buffer: EIO");
		CHECK_EQ(XNIC_CMD_ST_EIO,
			 map_elem(h, XNIC_CMD_BPF_MAP_LOOKUP, big, 0, &key, 8, NULL, 0,
				  300, NULL), "unwritable buffer: EIO");
		h->fail_lo = h->fail_hi = 0;
	}
	host_free(h);
}

/* A 64-byte UDP frame from mac_b to mac_a, destination port @dport */
static size_t udp_frame(uint8_t *f, uint16_t dport)
{
	make_frame(f, mac_a, mac_b, 4000, 64, 0x5a);
	f[36] = (uint8_t)(dport >> 8);
	f[37] = (uint8_t)dport;
	return 64;
}

static void test_traffic(void)
{
	struct fake_host *h = setup();
	struct xnic_bpf_prog_stats s;
	struct xnic_bpf_prog_load_resp why;
	struct xnic_cmd done;
	uint32_t counter, config;
	uint8_t f[64];
	uint64_t cnt;
	unsigned int i;

	map_create(h, XNIC_BPF_MAP_ARRAY, 4, 8, 1, &counter);
	map_create(h, XNIC_BPF_MAP_ARRAY, 4, 4, 1, &config);
	{
		/* count every packet; drop UDP port 7; drop all if config[0] */
		struct xnic_bpf_insn p[] = {
			MOV64_REG(R6, R1),
			ST_MEM(XBPF_W, R10, -4, 0),
			MOV64_REG(R2, R10), ALU64_IMM(XBPF_ADD, R2, -4),
			LD_MAP(R1, counter),
			CALL(XNIC_BPF_FUNC_MAP_LOOKUP_ELEM),
			JMP_IMM(XBPF_JEQ, R0, 0, 2),
			MOV64_IMM(R1, 1),
			ATOMIC(XBPF_DW, R0, R1, 0, XBPF_ADD),
			MOV64_REG(R2, R10), ALU64_IMM(XBPF_ADD, R2, -4),
			LD_MAP(R1, config),
			CALL(XNIC_BPF_FUNC_MAP_LOOKUP_ELEM),
			JMP_IMM(XBPF_JEQ, R0, 0, 2),
			LDX_MEM(XBPF_W, R1, R0, 0),
			JMP_IMM(XBPF_JNE, R1, 0, 10),
			LDX_MEM(XBPF_W, R2, R6, 0),
			LDX_MEM(XBPF_W, R3, R6, 4),
			MOV64_REG(R4, R2), ALU64_IMM(XBPF_ADD, R4, 38),
			JMP_REG(XBPF_JGT, R4, R3, 7),
			LDX_MEM(XBPF_B, R5, R2, 23),
			JMP_IMM(XBPF_JNE, R5, 17, 5),
			LDX_MEM(XBPF_H, R5, R2, 36),
			ENDIAN(XBPF_TO_BE, R5, 16),
			JMP_IMM(XBPF_JNE, R5, 7, 2),
			MOV64_IMM(R0, XNIC_XDP_DROP), EXIT(),
			MOV64_IMM(R0, XNIC_XDP_PASS), EXIT(),
		};
		const struct xnic_bpf_insn swap[] = BPF_PROG_SWAP_MAC_TX;
		/* strip 14 bytes, PASS */
		struct xnic_bpf_insn strip[] = {
			MOV64_IMM(R2, 14), CALL(XNIC_BPF_FUNC_XDP_ADJUST_HEAD),
			MOV64_IMM(R0, XNIC_XDP_PASS), EXIT(),
		};
		struct xnic_bpf_insn bad[] = {
			MOV64_IMM(R0, 2), CALL(6), EXIT(),
		};
		struct xnic_bpf_insn redirect[] = {
			MOV64_IMM(R0, XNIC_XDP_REDIRECT), EXIT(),
		};
		struct xnic_bpf_insn big[300];

		CHECK_EQ(XNIC_CMD_ST_OK, prog_load(h, 0, 0, p, NINSNS(p), NULL),
			 "counter/config/drop-7 program loaded on port 0");
		CHECK_EQ(XNIC_CMD_ST_EBUSY, prog_load(h, 0, 0, p, NINSNS(p), NULL),
			 "second load without REPLACE: EBUSY");
		CHECK_EQ(XNIC_CMD_ST_EBUSY, map_destroy(h, counter),
			 "map in use: EBUSY");

		/* no RX queue: PASS frames end as rx_no_buf, but are PASS */
		for (i = 0; i < 10; i++) {
			udp_frame(f, i < 3 ? 7 : 8);
			xnic_core_port_rx(h->core, 0, f, sizeof(f));
		}
		s = prog_stats(h, 0);
		CHECK_EQ(10, le64toh(s.runs), "10 runs");
		CHECK_EQ(3, le64toh(s.drop), "3 dropped (port 7)");
		CHECK_EQ(7, le64toh(s.pass), "7 passed");
		CHECK_EQ(0, le64toh(s.aborted), "none aborted");
		CHECK_EQ(NINSNS(p), le32toh(s.insn_cnt), "insn_cnt");
		CHECK(le64toh(s.insns) > 10 * 20, "instructions counted (%llu)",
		      (unsigned long long)le64toh(s.insns));
		CHECK_EQ(XNIC_CMD_ST_OK, map_lookup_u32(h, counter, 0, &cnt, 8),
			 "MAP_LOOKUP of the counter");
		CHECK_EQ(10, cnt, "the program's atomic counter seen by the host");

		i = 1;
		CHECK_EQ(XNIC_CMD_ST_OK, map_update_u32(h, config, 0, &i, 4, XNIC_BPF_ANY),
			 "host writes config[0] = 1");
		udp_frame(f, 8);
		xnic_core_port_rx(h->core, 0, f, sizeof(f));
		s = prog_stats(h, 0);
		CHECK_EQ(4, le64toh(s.drop), "config map changes the verdict: DROP");

		/* refusals keep the attached program */
		memset(&done, 0, sizeof(done));
		CHECK_EQ(XNIC_CMD_ST_EBADPROG,
			 prog_load(h, 0, XNIC_BPF_LOAD_F_REPLACE, bad, NINSNS(bad), &done),
			 "unsupported helper: EBADPROG");
		memcpy(&why, done.data, sizeof(why));
		CHECK_EQ(sizeof(why), le16toh(done.out_len), "the refusal carries a response");
		CHECK_EQ(1, le32toh(why.insn), "naming insn 1");
		CHECK(strstr(why.msg, "helper 6") != NULL, "reason: %s", why.msg);
		for (i = 0; i < 300; i++)
			big[i] = MOV64_IMM(R0, 2);
		big[299] = EXIT();
		CHECK_EQ(XNIC_CMD_ST_EBADPROG,
			 prog_load(h, 0, XNIC_BPF_LOAD_F_REPLACE, big, 300, &done),
			 "300 instructions on a 256-instruction NIC: EBADPROG");
		memcpy(&why, done.data, sizeof(why));
		CHECK(strstr(why.msg, "256") != NULL, "reason: %s", why.msg);
		CHECK_EQ(XNIC_BPF_INSN_NONE, le32toh(why.insn), "about the whole program");
		CHECK_EQ(4, le64toh(prog_stats(h, 0).drop), "old program still attached");

		/* redirect is not offloadable: ABORTED, dropped */
		CHECK_EQ(XNIC_CMD_ST_OK,
			 prog_load(h, 1, 0, redirect, NINSNS(redirect), NULL),
			 "REDIRECT program on port 1");
		xnic_core_port_rx(h->core, 1, f, sizeof(f));
		s = prog_stats(h, 1);
		CHECK_EQ(1, le64toh(s.aborted), "REDIRECT counts as aborted");
		CHECK_EQ(0, le64toh(s.faults), "without a fault");

		/* swap + TX on port 1 */
		CHECK_EQ(XNIC_CMD_ST_OK,
			 prog_load(h, 1, XNIC_BPF_LOAD_F_REPLACE, swap, NINSNS(swap), NULL),
			 "replace with the MAC swapper");
		CHECK_EQ(0, le64toh(prog_stats(h, 1).runs), "replacing resets the stats");
		h->ntx = 0;
		udp_frame(f, 9);
		xnic_core_port_rx(h->core, 1, f, sizeof(f));
		CHECK_EQ(1, h->ntx, "one frame sent back");
		CHECK_EQ(1, h->tx[0].port, "out of the port it came in by");
		CHECK(h->tx[0].len == 64 && !memcmp(h->tx[0].data, mac_b, 6) &&
		      !memcmp(h->tx[0].data + 6, mac_a, 6) &&
		      !memcmp(h->tx[0].data + 12, f + 12, 52), "with the MACs swapped");
		CHECK_EQ(1, le64toh(prog_stats(h, 1).tx), "counted as TX");

		/* PASS with the frame shortened, delivered to the PF's queue */
		CHECK_EQ(XNIC_CMD_ST_OK,
			 prog_load(h, 1, XNIC_BPF_LOAD_F_REPLACE, strip, NINSNS(strip), NULL),
			 "replace with the header stripper");
		if (queue_cmd(h, XNIC_CMD_QUEUE_CREATE, 0, XNIC_QTYPE_RX, 6, 1,
			      RING_ADDR(0, 1)))
			host_die("rx queue", 0);
		{
			struct xnic_rx_desc *d = rx_desc(h, 0, 0);

			memset(d, 0, sizeof(*d));
			d->addr = htole64(PKT_ADDR(0));
			d->buf_len = htole16(2048);
			wr(h, XNIC_REG_QP(0, XNIC_QP_RX_PROD), 1);
			host_run(h);
			CHECK_EQ(XNIC_RX_DELIVERED,
				 xnic_core_port_rx(h->core, 1, f, sizeof(f)),
				 "PASS goes on to the PF");
			CHECK_EQ(50, le16toh(d->pkt_len), "frame 14 bytes shorter");
			CHECK(!memcmp(gmem(h, PKT_ADDR(0)), f + 14, 50),
			      "the frame as the program left it");
		}
		CHECK_EQ(XNIC_CMD_ST_OK, prog_cmd(h, XNIC_CMD_BPF_PROG_UNLOAD, 1, NULL),
			 "unload");
		CHECK_EQ(XNIC_CMD_ST_ENOENT, prog_cmd(h, XNIC_CMD_BPF_PROG_UNLOAD, 1, NULL),
			 "unload twice: ENOENT");
		CHECK_EQ(XNIC_CMD_ST_EINVAL, prog_cmd(h, XNIC_CMD_BPF_PROG_STATS, 2, NULL),
			 "port out of range: EINVAL");
		CHECK_EQ(XNIC_CMD_ST_OK, prog_cmd(h, XNIC_CMD_BPF_PROG_UNLOAD, 0, NULL),
			 "unload port 0");
		CHECK_EQ(XNIC_CMD_ST_OK, map_destroy(h, counter),
			 "map free once no program uses it");
	}
	{
		/* bad PROG_LOAD requests */
		struct xnic_bpf_insn ok[] = { MOV64_IMM(R0, 2), EXIT() };
		struct xnic_bpf_prog_load_req req = {
			.port = htole16(0), .insn_cnt = htole32(2),
		};

		memcpy(gmem(h, PROG_ADDR), ok, sizeof(ok));
		CHECK_EQ(XNIC_CMD_ST_EINVAL,
			 cmd_exec(h, XNIC_CMD_BPF_PROG_LOAD, &req, sizeof(req),
				  PROG_ADDR, 15, NULL), "buf_len not insn_cnt * 8: EINVAL");
		req.port = htole16(2);
		CHECK_EQ(XNIC_CMD_ST_EINVAL,
			 cmd_exec(h, XNIC_CMD_BPF_PROG_LOAD, &req, sizeof(req),
				  PROG_ADDR, 16, NULL), "port out of range: EINVAL");
		req.port = 0;
		req.flags = htole16(0x10);
		CHECK_EQ(XNIC_CMD_ST_EINVAL,
			 cmd_exec(h, XNIC_CMD_BPF_PROG_LOAD, &req, sizeof(req),
				  PROG_ADDR, 16, NULL), "unknown flags: EINVAL");
		req.flags = 0;
		CHECK_EQ(XNIC_CMD_ST_EIO,
			 cmd_exec(h, XNIC_CMD_BPF_PROG_LOAD, &req, sizeof(req),
				  MEM_BASE + MEM_SIZE - 8, 16, NULL),
			 "unreadable program buffer: EIO");
		CHECK_EQ(XNIC_CMD_ST_OK,
			 cmd_exec(h, XNIC_CMD_BPF_PROG_LOAD, &req, sizeof(req),
				  PROG_ADDR, 16, NULL), "the same, well formed: OK");
	}
	host_free(h);
}

int main(void)
{
	test_info_and_rights();
	test_map_create();
	test_map_elems();
	test_traffic();
	return tap_done();
}
