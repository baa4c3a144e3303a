/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf_host.h - the eBPF offload commands as a driver sends them, for the
 * unit tests: a firmware with XNIC_CAP_BPF, map commands with inline keys
 * and values, program load with the instructions in the command buffer.
 */
#ifndef XNIC_TESTS_BPF_HOST_H
#define XNIC_TESTS_BPF_HOST_H

#include "fake_host.h"
#include "bpf_asm.h"

#define PROG_ADDR	(BUF_ADDR + 0x80000)	/* program buffer */
#define VALUE_ADDR	(BUF_ADDR + 0x10000)	/* value buffer */

/* Command queue up, firmware with @caps and @max_insns running */
static inline void bpf_boot(struct fake_host *h, uint32_t caps,
			    uint32_t max_insns)
{
	struct xnic_fw_info fi;
	uint8_t img[1024];
	const char *why = NULL;
	int len;

	memset(&fi, 0, sizeof(fi));
	fi.fw_version = XNIC_FW_VERSION(1, 1, 0);
	fi.caps = caps;
	fi.max_flows = 4096;
	fi.max_bpf_insns = max_insns;
	fi.build_time = 1700000000ull;
	strcpy(fi.name, "xnic-bpf-test");
	len = xnic_fw_image_build(img, sizeof(img), &fi, &why);
	if (len < 0)
		host_die(why, len);
	cmdq_setup(h, CMDQ_ENTRIES);
	if (fw_upload(h, img, (size_t)len, 512))
		host_die("firmware upload failed", 0);
}

static inline uint16_t map_create(struct fake_host *h, uint32_t type,
				  uint32_t ks, uint32_t vs, uint32_t max,
				  uint32_t *handle)
{
	struct xnic_bpf_map_create_req req = {
		.type = htole32(type), .key_size = htole32(ks),
		.value_size = htole32(vs), .max_entries = htole32(max),
	};
	struct xnic_bpf_map_handle r;
	struct xnic_cmd done;
	uint16_t st;

	st = cmd_exec(h, XNIC_CMD_BPF_MAP_CREATE, &req, sizeof(req), 0, 0,
		      &done);
	memcpy(&r, done.data, sizeof(r));
	if (!st && handle)
		*handle = le32toh(r.handle);
	return st;
}

static inline uint16_t map_destroy(struct fake_host *h, uint32_t handle)
{
	struct xnic_bpf_map_handle req = { .handle = htole32(handle) };

	return cmd_simple(h, XNIC_CMD_BPF_MAP_DESTROY, &req, sizeof(req));
}

/*
 * An element command: @key of @klen bytes, @val of @vlen bytes inline,
 * @buf_len bytes of command buffer at VALUE_ADDR; the response in @done
 */
static inline uint16_t map_elem(struct fake_host *h, uint16_t opcode,
				uint32_t handle, uint32_t flags,
				const void *key, uint16_t klen,
				const void *val, uint16_t vlen,
				uint32_t buf_len, struct xnic_cmd *done)
{
	struct xnic_bpf_map_elem_req req;

	memset(&req, 0, sizeof(req));
	req.handle = htole32(handle);
	req.flags = htole32(flags);
	req.key_len = htole16(klen);
	req.value_len = htole16(vlen);
	if (klen)
		memcpy(req.data, key, klen);
	if (vlen)
		memcpy(req.data + klen, val, vlen);
	return cmd_exec(h, opcode, &req,
			(uint16_t)(XNIC_BPF_ELEM_HDR_LEN + klen + vlen),
			buf_len ? VALUE_ADDR : 0, buf_len, done);
}

static inline uint16_t map_update_u32(struct fake_host *h, uint32_t handle,
				      uint32_t key, const void *val,
				      uint16_t vlen, uint32_t flags)
{
	return map_elem(h, XNIC_CMD_BPF_MAP_UPDATE, handle, flags, &key, 4,
			val, vlen, 0, NULL);
}

/* Looks up the u32 @key inline; copies the value to @val */
static inline uint16_t map_lookup_u32(struct fake_host *h, uint32_t handle,
				      uint32_t key, void *val, size_t vlen)
{
	struct xnic_cmd done;
	uint16_t st;

	st = map_elem(h, XNIC_CMD_BPF_MAP_LOOKUP, handle, 0, &key, 4, NULL,
		      0, 0, &done);
	if (!st)
		memcpy(val, done.data, vlen);
	return st;
}

/* Loads @n instructions on @port; @done gets the response */
static inline uint16_t prog_load(struct fake_host *h, uint16_t port,
				 uint16_t flags,
				 const struct xnic_bpf_insn *insns,
				 uint32_t n, struct xnic_cmd *done)
{
	struct xnic_bpf_prog_load_req req = {
		.port = htole16(port), .flags = htole16(flags),
		.insn_cnt = htole32(n), .ifindex = htole32(7),
	};

	memcpy(gmem(h, PROG_ADDR), insns, n * sizeof(*insns));
	return cmd_exec(h, XNIC_CMD_BPF_PROG_LOAD, &req, sizeof(req),
			PROG_ADDR, n * (uint32_t)sizeof(*insns), done);
}

static inline uint16_t prog_cmd(struct fake_host *h, uint16_t opcode,
				uint16_t port, struct xnic_cmd *done)
{
	struct xnic_bpf_prog_req req = { .port = htole16(port) };

	return cmd_exec(h, opcode, &req, sizeof(req), 0, 0, done);
}

static inline struct xnic_bpf_prog_stats prog_stats(struct fake_host *h,
						    uint16_t port)
{
	struct xnic_bpf_prog_stats s;
	struct xnic_cmd done;

	memset(&s, 0xff, sizeof(s));
	if (!prog_cmd(h, XNIC_CMD_BPF_PROG_STATS, port, &done))
		memcpy(&s, done.data, sizeof(s));
	return s;
}

#endif /* XNIC_TESTS_BPF_HOST_H */
