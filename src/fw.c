// SPDX-License-Identifier: GPL-2.0
/*
 * fw.c - firmware upload at probe.
 *
 * The image (struct xnic_fw_header, then the payload) is checked for
 * obvious damage here and sent to the NIC in XNIC_FW_CHUNK_MAX chunks
 * through one DMA buffer; FW_LOAD_COMMIT makes the NIC verify its digest
 * and run it. The NIC, not the driver, is the authority on the digest.
 */
#include <linux/firmware.h>
#include <linux/module.h>

#include "xnic.h"
#include "cmdq.h"

MODULE_FIRMWARE(XNIC_FW_FILE);

static int xnic_fw_check(struct xnic *xnic, const struct firmware *fw)
{
	const struct xnic_fw_header *hdr = (const void *)fw->data;
	struct device *dev = xnic_dev(xnic);
	u32 header_len, payload_len;

	if (fw->size < sizeof(*hdr)) {
		dev_err(dev, "firmware %s truncated: %zu bytes, header needs %zu\n",
			XNIC_FW_FILE, fw->size, sizeof(*hdr));
		return -EINVAL;
	}
	if (le32_to_cpu(hdr->magic) != XNIC_FW_MAGIC) {
		dev_err(dev, "firmware %s: bad magic 0x%08x, not an xnic image\n",
			XNIC_FW_FILE, le32_to_cpu(hdr->magic));
		return -EINVAL;
	}
	if (le16_to_cpu(hdr->format) != XNIC_FW_FORMAT) {
		dev_err(dev, "firmware %s: image format %u, driver supports %u\n",
			XNIC_FW_FILE, le16_to_cpu(hdr->format), XNIC_FW_FORMAT);
		return -EINVAL;
	}
	header_len = le16_to_cpu(hdr->header_len);
	if (header_len != sizeof(*hdr)) {
		dev_err(dev, "firmware %s: header length %u, expected %zu\n",
			XNIC_FW_FILE, header_len, sizeof(*hdr));
		return -EINVAL;
	}
	payload_len = le32_to_cpu(hdr->payload_len);
	if (fw->size < (u64)header_len + payload_len) {
		dev_err(dev, "firmware %s truncated: %zu bytes, header announces %llu\n",
			XNIC_FW_FILE, fw->size, (u64)header_len + payload_len);
		return -EINVAL;
	}
	if (fw->size > (u64)header_len + payload_len) {
		dev_err(dev, "firmware %s: %zu bytes, header announces %llu\n",
			XNIC_FW_FILE, fw->size, (u64)header_len + payload_len);
		return -EINVAL;
	}
	if (fw->size > XNIC_FW_MAX_SIZE) {
		dev_err(dev, "firmware %s too large: %zu bytes, limit %u\n",
			XNIC_FW_FILE, fw->size, XNIC_FW_MAX_SIZE);
		return -EFBIG;
	}
	return 0;
}

static void xnic_fw_abort(struct xnic *xnic)
{
	int err;

	err = xnic_cmd(xnic, XNIC_CMD_FW_LOAD_ABORT, NULL, 0, NULL, 0);
	if (err)
		dev_warn(xnic_dev(xnic), "FW_LOAD_ABORT failed (%d)\n", err);
}

static int xnic_fw_upload(struct xnic *xnic, const u8 *data, u32 size)
{
	struct device *dev = xnic_dev(xnic);
	struct xnic_cmd_fw_chunk chunk;
	struct xnic_cmd_req req;
	struct xnic_cmd_buf *buf;
	u32 off, len;
	int err = 0;

	buf = xnic_cmd_buf_alloc(xnic->cmdq, min_t(u32, size, XNIC_FW_CHUNK_MAX));
	if (!buf)
		return -ENOMEM;

	for (off = 0; off < size; off += len) {
		len = min_t(u32, size - off, XNIC_FW_CHUNK_MAX);
		memcpy(buf->va, data + off, len);
		chunk.offset = cpu_to_le32(off);
		chunk.total_len = cpu_to_le32(size);
		req = (struct xnic_cmd_req) {
			.opcode = XNIC_CMD_FW_LOAD_CHUNK,
			.in = &chunk,
			.in_len = sizeof(chunk),
			.buf = buf,
			.buf_len = len,
		};
		err = xnic_cmdq_exec(xnic->cmdq, &req);
		if (err) {
			dev_err(dev, "firmware %s upload failed at offset %u (%d)\n",
				XNIC_FW_FILE, off, err);
			/* a timed-out queue will not take the abort either */
			if (err != -ETIMEDOUT)
				xnic_fw_abort(xnic);
			goto out_put;
		}
	}

	err = xnic_cmd(xnic, XNIC_CMD_FW_LOAD_COMMIT, NULL, 0, NULL, 0);
	if (err == -ENOEXEC)
		dev_err(dev, "firmware %s rejected by the NIC (bad digest or header)\n",
			XNIC_FW_FILE);
	else if (err)
		dev_err(dev, "firmware %s: FW_LOAD_COMMIT failed (%d)\n",
			XNIC_FW_FILE, err);

out_put:
	/* a chunk still owned by a timed-out command keeps the buffer alive */
	xnic_cmd_buf_put(buf);
	return err;
}

/**
 * xnic_fw_load() - load XNIC_FW_FILE into the NIC
 * @xnic: the device, command queue running
 *
 * Context: process context (probe).
 * Return: 0 when the NIC accepted and runs the image, else a negative errno
 * after a message saying why.
 */
int xnic_fw_load(struct xnic *xnic)
{
	struct device *dev = xnic_dev(xnic);
	const struct xnic_fw_header *hdr;
	const struct firmware *fw;
	char name[sizeof(hdr->name) + 1];
	u32 version;
	int err;

	err = request_firmware(&fw, XNIC_FW_FILE, dev);
	if (err) {
		dev_err(dev, "firmware %s not found (%d)\n", XNIC_FW_FILE, err);
		return err;
	}

	err = xnic_fw_check(xnic, fw);
	if (err)
		goto out_release;

	err = xnic_fw_upload(xnic, fw->data, fw->size);
	if (err)
		goto out_release;

	hdr = (const void *)fw->data;
	memcpy(name, hdr->name, sizeof(hdr->name));
	name[sizeof(hdr->name)] = '\0';
	version = le32_to_cpu(hdr->fw_version);
	dev_info(dev, "firmware %s version %u.%u.%u loaded\n",
		 name[0] ? name : XNIC_FW_FILE, version >> 16,
		 (version >> 8) & 0xff, version & 0xff);

out_release:
	release_firmware(fw);
	return err;
}
