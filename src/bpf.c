// SPDX-License-Identifier: GPL-2.0
/*
 * bpf.c - eBPF/XDP offload: the NIC's program engine and maps.
 *
 * The PF registers one BPF offload device (bpf_offload_dev_create()) and
 * each physical port's netdev with it. A program loaded with "dev IFNAME"
 * is checked by the kernel's verifier and, through the hooks of
 * struct bpf_prog_offload_ops, by this file: what the NIC cannot run is
 * refused with a message in the verifier log. The driver keeps a shadow
 * copy of the program taken before the verifier starts rewriting it, and
 * applies the verifier's dead code edits (replace_insn, remove_insns) to it,
 * so the instructions sent to the NIC are the verified program with the
 * original helper ids rather than host addresses. translate() turns map
 * pointers into NIC map handles; XDP_SETUP_PROG_HW sends the result with
 * PROG_LOAD. Offloaded maps (BPF_OFFLOAD_MAP_ALLOC) live on the NIC; every
 * host access is a MAP_* command.
 *
 * Everything here that changes state runs under RTNL, or with the kernel's
 * bpf_devs_lock held for map element access (which may sleep).
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/filter.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/ethtool.h>

#include "xnic.h"
#include "cmdq.h"

#define xnic_vlog_err(env, fmt, ...) \
	bpf_verifier_log_write(env, "[xnic] " fmt, ##__VA_ARGS__)

/**
 * struct xnic_bpf - the PF's BPF offload device
 * @xnic: the PF
 * @offdev: the kernel's offload device, shared by the physical ports
 * @max_insns: largest program the NIC runs
 * @max_maps: maps the NIC holds
 * @max_entries: map entries of all maps together
 * @max_key_size: largest key
 * @max_value_size: largest value
 * @map_types: bit n: map type n supported
 * @helpers: bit n: helper BPF_FUNC id n supported
 * @msg: extack message of the last program the NIC refused (RTNL)
 * @maps_lock: protects @maps
 * @maps: the struct xnic_bpf_map of every map offloaded to the NIC
 */
struct xnic_bpf {
	struct xnic *xnic;
	struct bpf_offload_dev *offdev;
	u32 max_insns;
	u32 max_maps;
	u32 max_entries;
	u32 max_key_size;
	u32 max_value_size;
	u32 map_types;
	u64 helpers[2];
	char msg[XNIC_BPF_MSG_LEN + 32];
	struct mutex maps_lock;	/* protects maps */
	struct list_head maps;
};

/**
 * struct xnic_bpf_prog - driver state of a program bound to the device
 * @bpf: the offload device
 * @insns: shadow of the program, kept in step with the verifier's edits
 * @len: instructions in @insns
 * @nic: the translated program, NULL until translate()
 * @nic_len: instructions in @nic
 */
struct xnic_bpf_prog {
	struct xnic_bpf *bpf;
	struct bpf_insn *insns;
	u32 len;
	struct xnic_bpf_insn *nic;
	u32 nic_len;
};

/**
 * struct xnic_bpf_map - driver state of a map offloaded to the NIC
 * @bpf: the offload device
 * @offmap: the kernel's map
 * @handle: the NIC's handle of the map
 * @node: in xnic_bpf.maps
 */
struct xnic_bpf_map {
	struct xnic_bpf *bpf;
	struct bpf_offloaded_map *offmap;
	u32 handle;
	struct list_head node;
};

/* Names of the helpers the NIC offers, for the refusal message */
#define XNIC_BPF_HELPERS_TEXT \
	"map_lookup_elem, map_update_elem, map_delete_elem, ktime_get_ns, get_prandom_u32, xdp_adjust_head, xdp_adjust_tail"

static bool xnic_bpf_helper_ok(const struct xnic_bpf *xb, s32 id)
{
	if (id < 0 || id >= 128)
		return false;
	return xb->helpers[id / 64] & BIT_ULL(id % 64);
}

static struct xnic_bpf_prog *xnic_env_prog(struct bpf_verifier_env *env)
{
	return env->prog->aux->offload->dev_priv;
}

/* ------------------------------------------------------------------------
 * Verifier hooks
 */

static int xnic_bpf_prepare(struct bpf_prog *prog)
{
	struct xnic_bpf *xb = bpf_offload_dev_priv(prog->aux->offload->offdev);
	struct xnic_bpf_prog *xp;

	if (prog->type != BPF_PROG_TYPE_XDP)
		return -EOPNOTSUPP;

	xp = kzalloc(sizeof(*xp), GFP_KERNEL);
	if (!xp)
		return -ENOMEM;
	xp->insns = kvmalloc_array(prog->len, sizeof(*xp->insns), GFP_KERNEL);
	if (!xp->insns) {
		kfree(xp);
		return -ENOMEM;
	}
	/* map ld_imm64 already carry the map's address (resolved first) */
	memcpy(xp->insns, prog->insnsi, prog->len * sizeof(*xp->insns));
	xp->len = prog->len;
	xp->bpf = xb;
	prog->aux->offload->dev_priv = xp;
	return 0;
}

/* The main program returns: refuse a verdict that may be XDP_REDIRECT. */
static int xnic_bpf_check_exit(struct bpf_verifier_env *env, int idx)
{
	const struct bpf_reg_state *r0 = cur_regs(env) + BPF_REG_0;
	const u64 redirect = XDP_REDIRECT;

	if (env->cur_state->curframe)
		return 0;
	if (r0->type != SCALAR_VALUE)
		return 0;	/* the verifier refuses it */
	if (r0->umin_value > redirect || r0->umax_value < redirect ||
	    (redirect & ~r0->var_off.mask) != r0->var_off.value)
		return 0;
	xnic_vlog_err(env, "insn %d: the program may return XDP_REDIRECT (r0 %llu..%llu), which the NIC cannot do\n",
		      idx, r0->umin_value, r0->umax_value);
	return -EOPNOTSUPP;
}

static int xnic_bpf_insn_hook(struct bpf_verifier_env *env, int idx,
			      int prev_idx)
{
	struct xnic_bpf_prog *xp = xnic_env_prog(env);
	const struct bpf_insn *insn = &env->prog->insnsi[idx];
	u8 code = insn->code;

	if (BPF_CLASS(code) == BPF_LD &&
	    (BPF_MODE(code) == BPF_ABS || BPF_MODE(code) == BPF_IND)) {
		xnic_vlog_err(env, "insn %d: legacy packet access (ld_abs/ld_ind) is not supported by the NIC\n",
			      idx);
		return -EOPNOTSUPP;
	}
	if (code == (BPF_LD | BPF_IMM | BPF_DW) && insn->src_reg &&
	    insn->src_reg != BPF_PSEUDO_MAP_FD) {
		xnic_vlog_err(env, "insn %d: ld_imm64 kind %u (map value, BTF or function address) is not supported by the NIC\n",
			      idx, insn->src_reg);
		return -EOPNOTSUPP;
	}
	if (code == (BPF_JMP | BPF_CALL)) {
		if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL) {
			xnic_vlog_err(env, "insn %d: kfunc calls are not supported by the NIC\n",
				      idx);
			return -EOPNOTSUPP;
		}
		if (!insn->src_reg && !xnic_bpf_helper_ok(xp->bpf, insn->imm)) {
			xnic_vlog_err(env, "insn %d: helper %d is not supported by the NIC (it has %s)\n",
				      idx, insn->imm, XNIC_BPF_HELPERS_TEXT);
			return -EOPNOTSUPP;
		}
	}
	if (code == (BPF_JMP | BPF_EXIT))
		return xnic_bpf_check_exit(env, idx);
	return 0;
}

static int xnic_bpf_finalize(struct bpf_verifier_env *env)
{
	struct xnic_bpf_prog *xp = xnic_env_prog(env);

	if (xp->len > xp->bpf->max_insns) {
		xnic_vlog_err(env, "program of %u instructions is larger than the NIC's %u\n",
			      xp->len, xp->bpf->max_insns);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int xnic_bpf_replace_insn(struct bpf_verifier_env *env, u32 off,
				 struct bpf_insn *insn)
{
	struct xnic_bpf_prog *xp = xnic_env_prog(env);

	if (off >= xp->len)
		return -EINVAL;
	xp->insns[off] = *insn;
	return 0;
}

/*
 * Jump @insn at (new) index @curr over the removed range [pos, end_old),
 * which now ends at end_new: the kernel's bpf_adj_delta_to_off() and
 * bpf_adj_delta_to_imm(), so that the shadow stays identical.
 */
static void xnic_bpf_adj_jump(struct bpf_insn *insn, u32 pos, s32 end_old,
			      s32 end_new, s32 curr)
{
	bool use_imm = insn->code == (BPF_JMP | BPF_CALL);
	s32 delta = end_new - end_old;
	s64 off = use_imm ? insn->imm : insn->off;

	if (curr < pos && curr + off + 1 >= end_old)
		off += delta;
	else if (curr >= end_new && curr + off + 1 < end_new)
		off -= delta;
	if (use_imm)
		insn->imm = off;
	else
		insn->off = off;
}

static int xnic_bpf_remove_insns(struct bpf_verifier_env *env, u32 off,
				 u32 cnt)
{
	struct xnic_bpf_prog *xp = xnic_env_prog(env);
	struct bpf_insn *insn;
	u32 i;

	if (off >= xp->len || cnt > xp->len - off)
		return -EINVAL;
	memmove(xp->insns + off, xp->insns + off + cnt,
		(xp->len - off - cnt) * sizeof(*xp->insns));
	xp->len -= cnt;

	for (i = 0; i < xp->len; i++) {
		insn = &xp->insns[i];
		if (BPF_CLASS(insn->code) != BPF_JMP &&
		    BPF_CLASS(insn->code) != BPF_JMP32)
			continue;
		if (BPF_OP(insn->code) == BPF_EXIT)
			continue;
		if (BPF_OP(insn->code) == BPF_CALL &&
		    insn->src_reg != BPF_PSEUDO_CALL)
			continue;
		xnic_bpf_adj_jump(insn, off, off + cnt, off, i);
	}
	return 0;
}

/*
 * The NIC's handle of the map whose address a map ld_imm64 carries. The
 * verifier allows a bound program only maps offloaded to the same device;
 * the address is looked up among this device's maps all the same.
 */
static int xnic_bpf_map_handle(struct xnic_bpf_prog *xp,
			       const struct bpf_insn *insn, u32 *handle)
{
	struct xnic_bpf *xb = xp->bpf;
	struct xnic_bpf_map *xm;
	unsigned long addr;
	int err = -EINVAL;

	addr = (u32)insn[0].imm | ((u64)(u32)insn[1].imm << 32);
	mutex_lock(&xb->maps_lock);
	list_for_each_entry(xm, &xb->maps, node) {
		if ((unsigned long)&xm->offmap->map == addr) {
			*handle = xm->handle;
			err = 0;
			break;
		}
	}
	mutex_unlock(&xb->maps_lock);
	return err;
}

static int xnic_bpf_translate(struct bpf_prog *prog)
{
	struct xnic_bpf_prog *xp = prog->aux->offload->dev_priv;
	const struct bpf_insn *in;
	struct xnic_bpf_insn *nic;
	u32 i, handle;
	int err;

	if (!xp->len || xp->len > xp->bpf->max_insns)
		return -EOPNOTSUPP;
	nic = kvcalloc(xp->len, sizeof(*nic), GFP_KERNEL);
	if (!nic)
		return -ENOMEM;

	for (i = 0; i < xp->len; i++) {
		in = &xp->insns[i];
		nic[i].code = in->code;
		nic[i].regs = in->dst_reg | in->src_reg << 4;
		nic[i].off = cpu_to_le16(in->off);
		nic[i].imm = cpu_to_le32(in->imm);
		if (in->code != (BPF_LD | BPF_IMM | BPF_DW) ||
		    in->src_reg != BPF_PSEUDO_MAP_FD)
			continue;
		if (i + 1 >= xp->len) {
			err = -EINVAL;
			goto err_free;
		}
		err = xnic_bpf_map_handle(xp, in, &handle);
		if (err)
			goto err_free;
		nic[i].imm = cpu_to_le32(handle);
		/* second half: all zero */
		i++;
	}

	kvfree(xp->nic);
	xp->nic = nic;
	xp->nic_len = xp->len;
	return 0;

err_free:
	kvfree(nic);
	return err;
}

static void xnic_bpf_destroy(struct bpf_prog *prog)
{
	struct xnic_bpf_prog *xp = prog->aux->offload->dev_priv;

	kvfree(xp->nic);
	kvfree(xp->insns);
	kfree(xp);
}

static const struct bpf_prog_offload_ops xnic_bpf_offload_ops = {
	.prepare	= xnic_bpf_prepare,
	.insn_hook	= xnic_bpf_insn_hook,
	.finalize	= xnic_bpf_finalize,
	.replace_insn	= xnic_bpf_replace_insn,
	.remove_insns	= xnic_bpf_remove_insns,
	.translate	= xnic_bpf_translate,
	.destroy	= xnic_bpf_destroy,
};

/* ------------------------------------------------------------------------
 * Programs on the NIC
 */

static int xnic_bpf_prog_load(struct xnic_port *port, struct xnic_bpf_prog *xp,
			      bool replace, struct netlink_ext_ack *extack)
{
	struct xnic_bpf *xb = port->xnic->bpf;
	struct xnic_bpf_prog_load_resp resp = {};
	struct xnic_bpf_prog_load_req req = {
		.port = cpu_to_le16(port->index),
		.flags = cpu_to_le16(replace ? XNIC_BPF_LOAD_F_REPLACE : 0),
		.insn_cnt = cpu_to_le32(xp->nic_len),
		.ifindex = cpu_to_le32(port->netdev->ifindex),
	};
	size_t len = xp->nic_len * sizeof(*xp->nic);
	struct xnic_cmd_req cmd;
	struct xnic_cmd_buf *buf;
	int err;

	buf = xnic_cmd_buf_alloc(port->xnic->cmdq, len);
	if (!buf)
		return -ENOMEM;
	memcpy(buf->va, xp->nic, len);
	cmd = (struct xnic_cmd_req) {
		.opcode = XNIC_CMD_BPF_PROG_LOAD,
		.in = &req,
		.in_len = sizeof(req),
		.out = &resp,
		.out_size = sizeof(resp),
		.buf = buf,
		.buf_len = len,
	};
	err = xnic_cmdq_exec(port->xnic->cmdq, &cmd);
	xnic_cmd_buf_put(buf);
	if (!err)
		return 0;

	if (cmd.status == XNIC_CMD_ST_EBADPROG) {
		resp.msg[sizeof(resp.msg) - 1] = '\0';
		snprintf(xb->msg, sizeof(xb->msg), "xnic: NIC refused the program: %s",
			 resp.msg);
		netdev_err(port->netdev, "%s\n", xb->msg);
		if (extack)
			extack->_msg = xb->msg;
		return -EOPNOTSUPP;
	}
	netdev_err(port->netdev, "BPF_PROG_LOAD failed (%d)\n", err);
	NL_SET_ERR_MSG_MOD(extack, "the NIC failed to load the program");
	return err;
}

static int xnic_bpf_prog_unload(struct xnic_port *port)
{
	struct xnic_bpf_prog_req req = { .port = cpu_to_le16(port->index) };
	int err;

	err = xnic_cmd(port->xnic, XNIC_CMD_BPF_PROG_UNLOAD, &req, sizeof(req),
		       NULL, 0);
	if (err)
		netdev_err(port->netdev, "BPF_PROG_UNLOAD failed (%d)\n", err);
	return err;
}

static int xnic_bpf_setup_hw(struct xnic_port *port, struct netdev_bpf *bpf)
{
	struct bpf_prog *prog = bpf->prog;
	struct xnic_bpf_prog *xp;
	int err;

	if (!port->bpf_registered) {
		NL_SET_ERR_MSG_MOD(bpf->extack,
				   "XDP offload needs the PF's physical port and firmware with the bpf capability");
		return -EOPNOTSUPP;
	}
	if (!prog) {
		if (!port->xdp_hw_prog)
			return 0;
		/* the program is gone from the kernel's view whatever the NIC
		 * says; a failure is logged
		 */
		xnic_bpf_prog_unload(port);
		bpf_prog_put(port->xdp_hw_prog);
		port->xdp_hw_prog = NULL;
		return 0;
	}

	if (!prog->aux->offload) {
		NL_SET_ERR_MSG_MOD(bpf->extack,
				   "program is not bound to the device: load it with 'dev IFNAME'");
		return -EINVAL;
	}
	if (!bpf_offload_dev_match(prog, port->netdev)) {
		NL_SET_ERR_MSG_MOD(bpf->extack,
				   "program is bound to another device");
		return -EINVAL;
	}
	xp = prog->aux->offload->dev_priv;
	if (!xp || !xp->nic) {
		NL_SET_ERR_MSG_MOD(bpf->extack, "program was not translated");
		return -EINVAL;
	}

	err = xnic_bpf_prog_load(port, xp, !!port->xdp_hw_prog, bpf->extack);
	if (err)
		return err;
	if (port->xdp_hw_prog)
		bpf_prog_put(port->xdp_hw_prog);
	port->xdp_hw_prog = prog;
	return 0;
}

/* ------------------------------------------------------------------------
 * Maps on the NIC
 */

/*
 * One element command. @key (may be NULL for GET_NEXT: the first key);
 * @buf: the value, map value_size bytes, to or from the NIC, or NULL;
 * @out: inline response (GET_NEXT's key), key_size bytes, or NULL.
 */
static int xnic_bpf_elem_cmd(struct xnic_bpf_map *xm, u16 opcode,
			     const void *key, u32 flags, void *value,
			     bool value_out, void *out)
{
	const struct bpf_map *map = &xm->offmap->map;
	struct xnic_cmdq *cq = xm->bpf->xnic->cmdq;
	struct xnic_bpf_map_elem_req *req;
	struct xnic_cmd_buf *buf = NULL;
	struct xnic_cmd_req cmd = {
		.opcode = opcode,
		.out = out,
		.out_size = out ? map->key_size : 0,
		.out_min = out ? map->key_size : 0,
	};
	u32 key_len = key ? map->key_size : 0;
	int err;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	req->handle = cpu_to_le32(xm->handle);
	req->flags = cpu_to_le32(flags);
	req->key_len = cpu_to_le16(key_len);
	if (key)
		memcpy(req->data, key, key_len);
	cmd.in = req;
	cmd.in_len = XNIC_BPF_ELEM_HDR_LEN + key_len;

	if (value) {
		buf = xnic_cmd_buf_alloc(cq, map->value_size);
		if (!buf) {
			err = -ENOMEM;
			goto out_free;
		}
		if (!value_out)
			memcpy(buf->va, value, map->value_size);
		cmd.buf = buf;
		cmd.buf_len = map->value_size;
	}

	err = xnic_cmdq_exec(cq, &cmd);
	if (!err && value && value_out)
		memcpy(value, buf->va, map->value_size);
	if (buf)
		xnic_cmd_buf_put(buf);
out_free:
	kfree(req);
	return err;
}

static struct xnic_bpf_map *xnic_offmap(struct bpf_offloaded_map *offmap)
{
	return offmap->dev_priv;
}

static int xnic_bpf_map_get_next_key(struct bpf_offloaded_map *offmap,
				     void *key, void *next_key)
{
	return xnic_bpf_elem_cmd(xnic_offmap(offmap), XNIC_CMD_BPF_MAP_GET_NEXT,
				 key, 0, NULL, false, next_key);
}

static int xnic_bpf_map_lookup_elem(struct bpf_offloaded_map *offmap,
				    void *key, void *value)
{
	int err;

	err = xnic_bpf_elem_cmd(xnic_offmap(offmap), XNIC_CMD_BPF_MAP_LOOKUP,
				key, 0, value, true, NULL);
	/* an array index out of range is a missing key to the kernel */
	return err == -EINVAL ? -ENOENT : err;
}

static int xnic_bpf_map_update_elem(struct bpf_offloaded_map *offmap,
				    void *key, void *value, u64 flags)
{
	int err;

	if (flags > BPF_EXIST)
		return -EINVAL;
	err = xnic_bpf_elem_cmd(xnic_offmap(offmap), XNIC_CMD_BPF_MAP_UPDATE,
				key, flags, value, false, NULL);
	/* the kernel's maps: full hash map or array index out of range */
	if (err == -ENOSPC || err == -EINVAL)
		return -E2BIG;
	return err;
}

static int xnic_bpf_map_delete_elem(struct bpf_offloaded_map *offmap,
				    void *key)
{
	return xnic_bpf_elem_cmd(xnic_offmap(offmap), XNIC_CMD_BPF_MAP_DELETE,
				 key, 0, NULL, false, NULL);
}

static const struct bpf_map_dev_ops xnic_bpf_map_ops = {
	.map_get_next_key	= xnic_bpf_map_get_next_key,
	.map_lookup_elem	= xnic_bpf_map_lookup_elem,
	.map_update_elem	= xnic_bpf_map_update_elem,
	.map_delete_elem	= xnic_bpf_map_delete_elem,
};

static int xnic_bpf_map_alloc(struct xnic_port *port,
			      struct bpf_offloaded_map *offmap)
{
	struct xnic_bpf *xb = port->xnic->bpf;
	const struct bpf_map *map = &offmap->map;
	struct xnic_bpf_map_create_req req = {};
	struct xnic_bpf_map_handle resp = {};
	struct net_device *netdev = port->netdev;
	struct xnic_bpf_map *xm;
	int err;

	if (!port->bpf_registered)
		return -EOPNOTSUPP;
	if (map->map_type >= 32 || !(xb->map_types & BIT(map->map_type))) {
		netdev_warn(netdev, "map type %u cannot be offloaded: the NIC has hash and array maps\n",
			    map->map_type);
		return -EOPNOTSUPP;
	}
	if (map->map_flags) {
		netdev_warn(netdev, "map flags 0x%x cannot be offloaded: the NIC supports none\n",
			    map->map_flags);
		return -EOPNOTSUPP;
	}
	if (map->key_size > xb->max_key_size ||
	    map->value_size > xb->max_value_size ||
	    map->max_entries > xb->max_entries) {
		netdev_warn(netdev, "map of key %u, value %u bytes, %u entries exceeds the NIC's limits (key %u, value %u bytes, %u entries)\n",
			    map->key_size, map->value_size, map->max_entries,
			    xb->max_key_size, xb->max_value_size,
			    xb->max_entries);
		return -EOPNOTSUPP;
	}

	xm = kzalloc(sizeof(*xm), GFP_KERNEL_ACCOUNT);
	if (!xm)
		return -ENOMEM;
	req.type = cpu_to_le32(map->map_type);
	req.key_size = cpu_to_le32(map->key_size);
	req.value_size = cpu_to_le32(map->value_size);
	req.max_entries = cpu_to_le32(map->max_entries);
	err = xnic_cmd(port->xnic, XNIC_CMD_BPF_MAP_CREATE, &req, sizeof(req),
		       &resp, sizeof(resp));
	if (err) {
		if (err == -ENOSPC)
			netdev_warn(netdev, "no room on the NIC for a map of %u entries (%u maps, %u entries in all)\n",
				    map->max_entries, xb->max_maps,
				    xb->max_entries);
		else
			netdev_err(netdev, "BPF_MAP_CREATE failed (%d)\n", err);
		kfree(xm);
		return err == -ENOSPC ? -ENOMEM : err;
	}

	xm->bpf = xb;
	xm->offmap = offmap;
	xm->handle = le32_to_cpu(resp.handle);
	offmap->dev_priv = xm;
	offmap->dev_ops = &xnic_bpf_map_ops;
	mutex_lock(&xb->maps_lock);
	list_add_tail(&xm->node, &xb->maps);
	mutex_unlock(&xb->maps_lock);
	return 0;
}

static void xnic_bpf_map_free(struct bpf_offloaded_map *offmap)
{
	struct xnic_bpf_map *xm = offmap->dev_priv;
	struct xnic_bpf_map_handle req = {};
	int err;

	mutex_lock(&xm->bpf->maps_lock);
	list_del(&xm->node);
	mutex_unlock(&xm->bpf->maps_lock);
	req.handle = cpu_to_le32(xm->handle);
	err = xnic_cmd(xm->bpf->xnic, XNIC_CMD_BPF_MAP_DESTROY, &req,
		       sizeof(req), NULL, 0);
	if (err)
		dev_err(xnic_dev(xm->bpf->xnic), "BPF_MAP_DESTROY of map %u failed (%d)\n",
			xm->handle, err);
	offmap->dev_priv = NULL;
	kfree(xm);
}

/**
 * xnic_ndo_bpf() - ndo_bpf: XDP programs and offloaded maps
 * @netdev: a port's netdev
 * @bpf: the command
 *
 * XDP_SETUP_PROG attaches a native program (xdp.c), XDP_SETUP_PROG_HW an
 * offloaded one (PF physical ports only); BPF_OFFLOAD_MAP_ALLOC/FREE create
 * and destroy maps on the NIC.
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno.
 */
int xnic_ndo_bpf(struct net_device *netdev, struct netdev_bpf *bpf)
{
	struct xnic_port *port = netdev_priv(netdev);

	ASSERT_RTNL();
	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return xnic_xdp_setup(port, bpf);
	case XDP_SETUP_PROG_HW:
		return xnic_bpf_setup_hw(port, bpf);
	case BPF_OFFLOAD_MAP_ALLOC:
		return xnic_bpf_map_alloc(port, bpf->offmap);
	case BPF_OFFLOAD_MAP_FREE:
		xnic_bpf_map_free(bpf->offmap);
		return 0;
	default:
		return -EINVAL;
	}
}

/* ------------------------------------------------------------------------
 * Statistics of the offloaded program (ethtool -S)
 */

static const char xnic_bpf_stat_names[][ETH_GSTRING_LEN] = {
	"xdp_offload_runs",
	"xdp_offload_pass",
	"xdp_offload_drop",
	"xdp_offload_tx",
	"xdp_offload_aborted",
	"xdp_offload_faults",
	"xdp_offload_insns",
};

#define XNIC_BPF_NUM_STATS	ARRAY_SIZE(xnic_bpf_stat_names)

/**
 * xnic_bpf_stats_count() - ethtool counters of the offloaded program
 * @port: the port
 *
 * Return: how many there are: 0 if the port cannot offload.
 */
u32 xnic_bpf_stats_count(const struct xnic_port *port)
{
	return port->bpf_registered ? XNIC_BPF_NUM_STATS : 0;
}

/**
 * xnic_bpf_get_strings() - names of the offloaded program's counters
 * @port: the port
 * @data: where the names go; advanced past them
 */
void xnic_bpf_get_strings(const struct xnic_port *port, u8 **data)
{
	u32 i;

	for (i = 0; i < xnic_bpf_stats_count(port); i++)
		ethtool_sprintf(data, "%s", xnic_bpf_stat_names[i]);
}

/**
 * xnic_bpf_get_stats() - counters of the offloaded program (PROG_STATS)
 * @port: the port
 * @data: xnic_bpf_stats_count() values: the NIC's counters of the program
 *        attached now (reset by each load), all 0 without a program
 *
 * Context: process context (ethtool, RTNL held).
 */
void xnic_bpf_get_stats(struct xnic_port *port, u64 *data)
{
	struct xnic_bpf_prog_req req = { .port = cpu_to_le16(port->index) };
	struct xnic_bpf_prog_stats st = {};
	int err;

	if (!xnic_bpf_stats_count(port))
		return;
	memset(data, 0, XNIC_BPF_NUM_STATS * sizeof(*data));
	if (!port->xdp_hw_prog)
		return;
	err = xnic_cmd(port->xnic, XNIC_CMD_BPF_PROG_STATS, &req, sizeof(req),
		       &st, sizeof(st));
	if (err) {
		netdev_err(port->netdev, "BPF_PROG_STATS failed (%d)\n", err);
		return;
	}
	data[0] = le64_to_cpu(st.runs);
	data[1] = le64_to_cpu(st.pass);
	data[2] = le64_to_cpu(st.drop);
	data[3] = le64_to_cpu(st.tx);
	data[4] = le64_to_cpu(st.aborted);
	data[5] = le64_to_cpu(st.faults);
	data[6] = le64_to_cpu(st.insns);
}

/* ------------------------------------------------------------------------
 * Device and netdev registration
 */

/**
 * xnic_bpf_port_register() - make a PF port's netdev an offload target
 * @port: a registered PF physical port
 *
 * Without XNIC_CAP_BPF firmware, on a VF, or if the kernel refuses, the
 * port simply offers no offload (XDP_SETUP_PROG_HW is then refused).
 *
 * Context: process context.
 */
void xnic_bpf_port_register(struct xnic_port *port)
{
	struct xnic_bpf *xb = port->xnic->bpf;
	int err;

	if (!xb || port->xnic->is_vf)
		return;
	err = bpf_offload_dev_netdev_register(xb->offdev, port->netdev);
	if (err) {
		netdev_warn(port->netdev, "no XDP offload: cannot register with the BPF offload device (%d)\n",
			    err);
		return;
	}
	port->bpf_registered = true;
}

/**
 * xnic_bpf_unregister_netdev() - unregister a port's netdev
 * @port: the port
 *
 * Unregistering the netdev detaches its XDP programs (ndo_bpf with no
 * program: the NIC's is unloaded); then, still under RTNL, the netdev
 * leaves the offload device, which destroys the programs and maps bound
 * to it if no other port of the device remains to take them over.
 *
 * Context: process context, RTNL not held.
 */
void xnic_bpf_unregister_netdev(struct xnic_port *port)
{
	rtnl_lock();
	unregister_netdevice(port->netdev);
	if (port->bpf_registered) {
		bpf_offload_dev_netdev_unregister(port->xnic->bpf->offdev,
						  port->netdev);
		port->bpf_registered = false;
	}
	rtnl_unlock();
}

/**
 * xnic_bpf_init() - create the PF's BPF offload device
 * @xnic: the device, firmware running
 *
 * Nothing to do on a VF or without XNIC_CAP_BPF.
 *
 * Context: process context (probe), before any port is registered.
 * Return: 0 or a negative errno.
 */
int xnic_bpf_init(struct xnic *xnic)
{
	struct xnic_bpf_info_resp info = {};
	struct xnic_bpf *xb;
	int err;

	if (xnic->is_vf || !(xnic->fw_caps & XNIC_CAP_BPF))
		return 0;
	err = xnic_cmd(xnic, XNIC_CMD_BPF_INFO, NULL, 0, &info, sizeof(info));
	if (err) {
		dev_err(xnic_dev(xnic), "BPF_INFO failed (%d)\n", err);
		return err;
	}

	xb = kzalloc(sizeof(*xb), GFP_KERNEL);
	if (!xb)
		return -ENOMEM;
	xb->xnic = xnic;
	mutex_init(&xb->maps_lock);
	INIT_LIST_HEAD(&xb->maps);
	xb->max_insns = le32_to_cpu(info.max_insns);
	xb->max_maps = le32_to_cpu(info.max_maps);
	xb->max_entries = le32_to_cpu(info.max_entries);
	xb->max_key_size = le16_to_cpu(info.max_key_size);
	xb->max_value_size = le16_to_cpu(info.max_value_size);
	xb->map_types = le32_to_cpu(info.map_types);
	xb->helpers[0] = le64_to_cpu(info.helpers[0]);
	xb->helpers[1] = le64_to_cpu(info.helpers[1]);

	xb->offdev = bpf_offload_dev_create(&xnic_bpf_offload_ops, xb);
	if (IS_ERR(xb->offdev)) {
		err = PTR_ERR(xb->offdev);
		dev_err(xnic_dev(xnic), "cannot create the BPF offload device (%d)\n",
			err);
		mutex_destroy(&xb->maps_lock);
		kfree(xb);
		return err;
	}
	xnic->bpf = xb;
	dev_dbg(xnic_dev(xnic), "XDP offload: %u instructions, %u maps, %u entries\n",
		xb->max_insns, xb->max_maps, xb->max_entries);
	return 0;
}

/**
 * xnic_bpf_fini() - destroy the PF's BPF offload device
 * @xnic: the device; every port's netdev is unregistered
 *
 * Safe without an offload device.
 */
void xnic_bpf_fini(struct xnic *xnic)
{
	struct xnic_bpf *xb = xnic->bpf;

	if (!xb)
		return;
	xnic->bpf = NULL;
	bpf_offload_dev_destroy(xb->offdev);
	WARN_ON(!list_empty(&xb->maps));
	mutex_destroy(&xb->maps_lock);
	kfree(xb);
}
