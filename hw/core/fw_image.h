/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * fw_image.h - build and validate xnic firmware images.
 *
 * The one implementation of the image format of src/xnic_hw.h (struct
 * xnic_fw_header), used by the NIC model when the driver commits an upload
 * (FW_LOAD_COMMIT) and by the xnic-fw tool. Plain C11, no QEMU headers.
 *
 * An image is the 128-byte header followed by the payload. The payload is
 * the firmware's configuration as a list of TLVs, each
 *
 *	__le16 type; __le16 len; u8 value[len]; zero padding to 4 bytes
 *
 * ending with exactly one XNIC_FW_TLV_END (len 0) as the last 4 bytes. The
 * NIC refuses TLV types it does not know, so an image never asks silently
 * for something the NIC will not do. The settings the NIC applies in format
 * 1 are the header's caps, max_flows and max_bpf_insns; the payload carries
 * the build description. Documentation/hw-interface.rst has the details.
 */
#ifndef XNIC_FW_IMAGE_H
#define XNIC_FW_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "../../src/xnic_hw.h"

#define XNIC_FW_HEADER_LEN	((size_t)sizeof(struct xnic_fw_header))
#define XNIC_FW_NAME_MAX	31	/* name characters, NUL follows */
#define XNIC_FW_DESC_MAX	255	/* description characters */

/* Largest table limits an image may ask for */
#define XNIC_FW_MAX_FLOWS_LIMIT		(1u << 24)
#define XNIC_FW_MAX_BPF_INSNS_LIMIT	(1u << 20)

/* Every capability bit xnic_hw.h defines; others are refused */
#define XNIC_FW_CAPS_KNOWN	(XNIC_CAP_L2 | XNIC_CAP_SRIOV | \
				 XNIC_CAP_SWITCHDEV | XNIC_CAP_FLOWER | \
				 XNIC_CAP_BPF)

/* Payload TLV types */
#define XNIC_FW_TLV_HDR_LEN	4
#define XNIC_FW_TLV_END		0x0000	/* last TLV, len 0 */
#define XNIC_FW_TLV_DESCRIPTION	0x0001	/* printable ASCII, 1..255 bytes,
					 * no NUL; at most one */

/**
 * struct xnic_fw_info - an image's header fields and payload settings
 * @fw_version: XNIC_FW_VERSION(major, minor, patch), nonzero
 * @caps: XNIC_CAP_* the firmware provides
 * @max_flows: flow table entries
 * @max_bpf_insns: program engine size in instructions
 * @payload_len: bytes after the header (output of check; build ignores it)
 * @build_time: seconds since the epoch
 * @name: build name, 1..XNIC_FW_NAME_MAX printable ASCII characters
 * @description: DESCRIPTION TLV as a C string, "" if the image has none
 */
struct xnic_fw_info {
	uint32_t fw_version, caps, max_flows, max_bpf_insns, payload_len;
	uint64_t build_time;
	char name[33];
	char description[XNIC_FW_DESC_MAX + 1];
};

/*
 * xnic_fw_image_check - validate the @len bytes of image at @img
 *
 * Returns 0 if the image is good, and fills @info (may be NULL). Otherwise
 * returns -1 and sets *@why (may be NULL) to an English reason, e.g. "bad
 * magic", "truncated: header says N bytes, image has M", "digest mismatch".
 * The reason is a static string or a thread-local buffer that stays valid
 * until the next call of this module in the same thread. @img need not be
 * aligned. Checks, in order: length against the header, magic, format,
 * header_len, total size (oversize, truncated, trailing garbage), digest,
 * reserved fields zero, name, version nonzero, known caps, table limits,
 * payload TLVs.
 */
int xnic_fw_image_check(const uint8_t *img, size_t len,
			struct xnic_fw_info *info, const char **why);

/*
 * xnic_fw_image_size - bytes xnic_fw_image_build() writes for @info: the
 * header, the description TLV if @info->description is not empty, and END.
 */
size_t xnic_fw_image_size(const struct xnic_fw_info *info);

/*
 * xnic_fw_image_build - write the image described by @info to @buf
 *
 * Fills the header from @info (payload_len is computed, not read), writes the
 * payload TLVs, and computes the digest. The result is then run through
 * xnic_fw_image_check(), so the builder never emits an image the NIC would
 * refuse. Returns the image size, or -1 with *@why (may be NULL) set if
 * @info is not valid or @size is smaller than xnic_fw_image_size(@info).
 */
int xnic_fw_image_build(uint8_t *buf, size_t size,
			const struct xnic_fw_info *info, const char **why);

/*
 * xnic_fw_image_digest - compute the digest of the image at @img: SHA-256
 * over the header with its digest field zeroed, then the payload. @len must
 * be at least XNIC_FW_HEADER_LEN; the header's length fields are not used.
 */
void xnic_fw_image_digest(const uint8_t *img, size_t len,
			  uint8_t out[XNIC_FW_DIGEST_LEN]);

#endif /* XNIC_FW_IMAGE_H */
