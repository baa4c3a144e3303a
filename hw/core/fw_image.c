// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fw_image.c - build and validate xnic firmware images (see fw_image.h).
 *
 * Everything in an image is untrusted: every length is checked against the
 * bytes actually present before it is used, and sizes are computed in 64
 * bits so no sum can wrap.
 */
#include <endian.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fw_image.h"
#include "sha256.h"

_Static_assert(XNIC_FW_DIGEST_LEN == XNIC_SHA256_LEN, "digest is SHA-256");
_Static_assert(sizeof(((struct xnic_fw_info *)0)->name) >
	       XNIC_FW_NAME_MAX, "xnic_fw_info name holds a full name");

/* Reasons that carry numbers are formatted here */
static _Thread_local char fw_why_buf[128];

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static const char *fw_why(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fw_why_buf, sizeof(fw_why_buf), fmt, ap);
	va_end(ap);
	return fw_why_buf;
}

static int fw_refuse(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static int is_printable(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return 0;
	return 1;
}

static int all_zero(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

static size_t tlv_padded(size_t value_len)
{
	return XNIC_FW_TLV_HDR_LEN + ((value_len + 3) & ~(size_t)3);
}

void xnic_fw_image_digest(const uint8_t *img, size_t len,
			  uint8_t out[XNIC_FW_DIGEST_LEN])
{
	static const uint8_t zero[XNIC_FW_DIGEST_LEN];
	const size_t dig = offsetof(struct xnic_fw_header, digest);
	struct xnic_sha256_ctx c;

	xnic_sha256_init(&c);
	xnic_sha256_update(&c, img, dig);
	xnic_sha256_update(&c, zero, sizeof(zero));
	xnic_sha256_update(&c, img + dig + XNIC_FW_DIGEST_LEN,
			   len - dig - XNIC_FW_DIGEST_LEN);
	xnic_sha256_final(&c, out);
}

/* Header name: printable, NUL-terminated within its 32 bytes, NUL-padded */
static int check_name(const char name[32], const char **why)
{
	const char *nul = memchr(name, '\0', 32);
	size_t n;

	if (!nul)
		return fw_refuse(why, "name not NUL-terminated within 32 bytes");
	n = (size_t)(nul - name);
	if (!n)
		return fw_refuse(why, "empty name");
	if (!is_printable(name, n))
		return fw_refuse(why, "name has non-printable characters");
	if (!all_zero((const uint8_t *)nul, 32 - n))
		return fw_refuse(why, "name not NUL-padded");
	return 0;
}

/* Payload: TLVs as fw_image.h describes; fills info->description */
static int check_payload(const uint8_t *p, size_t len,
			 struct xnic_fw_info *info, const char **why)
{
	size_t off = 0;
	int have_desc = 0;

	while (off < len) {
		uint16_t type, vlen;
		size_t need;

		if (len - off < XNIC_FW_TLV_HDR_LEN)
			return fw_refuse(why, fw_why("payload: TLV header at offset %zu truncated",
						     off));
		type = get_le16(p + off);
		vlen = get_le16(p + off + 2);
		need = tlv_padded(vlen);
		if (need > len - off)
			return fw_refuse(why, fw_why("payload: TLV at offset %zu (type %u, length %u) runs past the payload",
						     off, type, vlen));
		if (!all_zero(p + off + XNIC_FW_TLV_HDR_LEN + vlen,
			      need - XNIC_FW_TLV_HDR_LEN - vlen))
			return fw_refuse(why, fw_why("payload: TLV at offset %zu has nonzero padding",
						     off));

		switch (type) {
		case XNIC_FW_TLV_END:
			if (vlen)
				return fw_refuse(why, "payload: END TLV with nonzero length");
			if (off + need != len)
				return fw_refuse(why, fw_why("payload: %zu bytes after the END TLV",
							     len - off - need));
			return 0;
		case XNIC_FW_TLV_DESCRIPTION:
			if (have_desc)
				return fw_refuse(why, "payload: more than one DESCRIPTION TLV");
			if (!vlen || vlen > XNIC_FW_DESC_MAX)
				return fw_refuse(why, fw_why("payload: DESCRIPTION length %u not in 1..%d",
							     vlen, XNIC_FW_DESC_MAX));
			if (!is_printable((const char *)p + off + XNIC_FW_TLV_HDR_LEN,
					  vlen))
				return fw_refuse(why, "payload: DESCRIPTION not printable ASCII");
			if (info) {
				memcpy(info->description,
				       p + off + XNIC_FW_TLV_HDR_LEN, vlen);
				info->description[vlen] = '\0';
			}
			have_desc = 1;
			break;
		default:
			return fw_refuse(why, fw_why("payload: unknown TLV type %u at offset %zu",
						     type, off));
		}
		off += need;
	}
	return fw_refuse(why, "payload: no END TLV");
}

int xnic_fw_image_check(const uint8_t *img, size_t len,
			struct xnic_fw_info *info, const char **why)
{
	uint8_t digest[XNIC_FW_DIGEST_LEN];
	struct xnic_fw_header h;
	struct xnic_fw_info out;
	uint64_t total;
	uint32_t fw_version, caps, max_flows, max_bpf_insns;

	if (!img || len < XNIC_FW_HEADER_LEN)
		return fw_refuse(why, fw_why("truncated: image has %zu bytes, the header alone is %zu",
					     img ? len : 0, XNIC_FW_HEADER_LEN));
	memcpy(&h, img, sizeof(h));

	if (le32toh(h.magic) != XNIC_FW_MAGIC)
		return fw_refuse(why, "bad magic");
	if (le16toh(h.format) != XNIC_FW_FORMAT)
		return fw_refuse(why, fw_why("bad format %u (this NIC knows format %d)",
					     le16toh(h.format), XNIC_FW_FORMAT));
	if (le16toh(h.header_len) != XNIC_FW_HEADER_LEN)
		return fw_refuse(why, fw_why("bad header_len %u (format %d has %zu)",
					     le16toh(h.header_len), XNIC_FW_FORMAT,
					     XNIC_FW_HEADER_LEN));

	total = (uint64_t)XNIC_FW_HEADER_LEN + le32toh(h.payload_len);
	if (total > XNIC_FW_MAX_SIZE)
		return fw_refuse(why, fw_why("oversize: header says %llu bytes, the limit is %d",
					     (unsigned long long)total,
					     XNIC_FW_MAX_SIZE));
	if (len > XNIC_FW_MAX_SIZE)
		return fw_refuse(why, fw_why("oversize: image has %zu bytes, the limit is %d",
					     len, XNIC_FW_MAX_SIZE));
	if (total > len)
		return fw_refuse(why, fw_why("truncated: header says %llu bytes, image has %zu",
					     (unsigned long long)total, len));
	if (total < len)
		return fw_refuse(why, fw_why("trailing garbage: header says %llu bytes, image has %zu",
					     (unsigned long long)total, len));

	xnic_fw_image_digest(img, len, digest);
	if (memcmp(digest, h.digest, sizeof(digest)))
		return fw_refuse(why, "digest mismatch");

	if (h.rsvd0 || !all_zero(h.rsvd, sizeof(h.rsvd)))
		return fw_refuse(why, "reserved header fields not zero");
	if (check_name(h.name, why))
		return -1;

	fw_version = le32toh(h.fw_version);
	caps = le32toh(h.caps);
	max_flows = le32toh(h.max_flows);
	max_bpf_insns = le32toh(h.max_bpf_insns);
	if (!fw_version)
		return fw_refuse(why, "firmware version is zero");
	if (caps & ~(uint32_t)XNIC_FW_CAPS_KNOWN)
		return fw_refuse(why, fw_why("unknown capability bits 0x%x",
					     caps & ~(uint32_t)XNIC_FW_CAPS_KNOWN));
	if (max_flows > XNIC_FW_MAX_FLOWS_LIMIT)
		return fw_refuse(why, fw_why("max_flows %u above the limit %u",
					     max_flows, XNIC_FW_MAX_FLOWS_LIMIT));
	if (max_bpf_insns > XNIC_FW_MAX_BPF_INSNS_LIMIT)
		return fw_refuse(why, fw_why("max_bpf_insns %u above the limit %u",
					     max_bpf_insns,
					     XNIC_FW_MAX_BPF_INSNS_LIMIT));

	memset(&out, 0, sizeof(out));
	if (check_payload(img + XNIC_FW_HEADER_LEN, len - XNIC_FW_HEADER_LEN,
			  &out, why))
		return -1;

	out.fw_version = fw_version;
	out.caps = caps;
	out.max_flows = max_flows;
	out.max_bpf_insns = max_bpf_insns;
	out.payload_len = le32toh(h.payload_len);
	out.build_time = le64toh(h.build_time);
	memcpy(out.name, h.name, sizeof(h.name));
	out.name[sizeof(h.name)] = '\0';
	if (info)
		*info = out;
	return 0;
}

/* Description length as the builder will store it (bounded scan) */
static size_t desc_len(const struct xnic_fw_info *info)
{
	const char *nul = memchr(info->description, '\0',
				 sizeof(info->description));

	return nul ? (size_t)(nul - info->description) :
		     sizeof(info->description);
}

size_t xnic_fw_image_size(const struct xnic_fw_info *info)
{
	size_t n = desc_len(info);

	return XNIC_FW_HEADER_LEN + (n ? tlv_padded(n) : 0) +
	       XNIC_FW_TLV_HDR_LEN;
}

int xnic_fw_image_build(uint8_t *buf, size_t size,
			const struct xnic_fw_info *info, const char **why)
{
	const char *nul = memchr(info->name, '\0', sizeof(info->name));
	size_t dlen = desc_len(info), total, off;
	struct xnic_fw_header h;

	if (!nul || (size_t)(nul - info->name) > XNIC_FW_NAME_MAX)
		return fw_refuse(why, fw_why("name longer than %d characters",
					     XNIC_FW_NAME_MAX));
	if (dlen > XNIC_FW_DESC_MAX)
		return fw_refuse(why, fw_why("description longer than %d characters",
					     XNIC_FW_DESC_MAX));
	total = xnic_fw_image_size(info);
	if (size < total)
		return fw_refuse(why, fw_why("buffer too small: image needs %zu bytes, buffer has %zu",
					     total, size));

	memset(&h, 0, sizeof(h));
	h.magic = htole32(XNIC_FW_MAGIC);
	h.format = htole16(XNIC_FW_FORMAT);
	h.header_len = htole16((uint16_t)XNIC_FW_HEADER_LEN);
	h.fw_version = htole32(info->fw_version);
	h.caps = htole32(info->caps);
	h.payload_len = htole32((uint32_t)(total - XNIC_FW_HEADER_LEN));
	h.max_flows = htole32(info->max_flows);
	h.max_bpf_insns = htole32(info->max_bpf_insns);
	h.build_time = htole64(info->build_time);
	memcpy(h.name, info->name, (size_t)(nul - info->name));

	memset(buf, 0, total);
	memcpy(buf, &h, sizeof(h));
	off = XNIC_FW_HEADER_LEN;
	if (dlen) {
		put_le16(buf + off, XNIC_FW_TLV_DESCRIPTION);
		put_le16(buf + off + 2, (uint16_t)dlen);
		memcpy(buf + off + XNIC_FW_TLV_HDR_LEN, info->description, dlen);
		off += tlv_padded(dlen);
	}
	put_le16(buf + off, XNIC_FW_TLV_END);
	put_le16(buf + off + 2, 0);

	xnic_fw_image_digest(buf, total,
			     buf + offsetof(struct xnic_fw_header, digest));

	if (xnic_fw_image_check(buf, total, NULL, why))
		return -1;
	return (int)total;
}
