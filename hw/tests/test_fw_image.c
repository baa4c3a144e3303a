// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_fw_image.c - firmware image build and validation (hw/core/fw_image.c):
 * a good image is accepted and reads back, and every kind of damage is
 * refused with its reason.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw_image.h"
#include "sha256.h"
#include "tap.h"

#define DESC "xnic test firmware: L2 switching"

static uint8_t good[1024];
static size_t good_len;
static uint8_t img[1024];

static const size_t OFF_MAGIC = offsetof(struct xnic_fw_header, magic);
static const size_t OFF_FORMAT = offsetof(struct xnic_fw_header, format);
static const size_t OFF_HLEN = offsetof(struct xnic_fw_header, header_len);
static const size_t OFF_VERSION = offsetof(struct xnic_fw_header, fw_version);
static const size_t OFF_CAPS = offsetof(struct xnic_fw_header, caps);
static const size_t OFF_PLEN = offsetof(struct xnic_fw_header, payload_len);
static const size_t OFF_FLOWS = offsetof(struct xnic_fw_header, max_flows);
static const size_t OFF_INSNS = offsetof(struct xnic_fw_header, max_bpf_insns);
static const size_t OFF_RSVD0 = offsetof(struct xnic_fw_header, rsvd0);
static const size_t OFF_NAME = offsetof(struct xnic_fw_header, name);
static const size_t OFF_RSVD = offsetof(struct xnic_fw_header, rsvd);
static const size_t OFF_DIGEST = offsetof(struct xnic_fw_header, digest);

static void fill_info(struct xnic_fw_info *fi)
{
	memset(fi, 0, sizeof(*fi));
	fi->fw_version = XNIC_FW_VERSION(1, 2, 3);
	fi->caps = XNIC_CAP_L2 | XNIC_CAP_FLOWER;
	fi->max_flows = 1048576;
	fi->max_bpf_insns = 4096;
	fi->build_time = 1700000000ULL;
	strcpy(fi->name, "xnic-test");
	strcpy(fi->description, DESC);
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32toh(v);
}

static void wr32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

static void wr16(uint8_t *p, uint16_t v)
{
	v = htole16(v);
	memcpy(p, &v, 2);
}

/* Recompute the digest after a deliberate change, so that the check gets
 * past the digest to the field under test */
static void resign(uint8_t *p, size_t len)
{
	xnic_fw_image_digest(p, len, p + OFF_DIGEST);
}

/* Copy of the good image to damage */
static void fresh(void)
{
	memcpy(img, good, good_len);
}

/* Image refused, and the reason starts with @want */
static int refused(const uint8_t *p, size_t len, const char *want)
{
	struct xnic_fw_info fi;
	const char *why = NULL;

	memset(&fi, 0x5a, sizeof(fi));
	if (xnic_fw_image_check(p, len, &fi, &why) != -1) {
		printf("#   image of %zu bytes accepted, expected refusal \"%s\"\n",
		       len, want);
		return 0;
	}
	if (!why || strncmp(why, want, strlen(want))) {
		printf("#   expected reason \"%s...\", saw \"%s\"\n", want,
		       why ? why : "(null)");
		return 0;
	}
	return 1;
}

/* Payload of @plen bytes replaces the good one, header and digest fixed */
static size_t with_payload(const uint8_t *payload, size_t plen)
{
	memcpy(img, good, XNIC_FW_HEADER_LEN);
	memcpy(img + XNIC_FW_HEADER_LEN, payload, plen);
	wr32(img + OFF_PLEN, (uint32_t)plen);
	resign(img, XNIC_FW_HEADER_LEN + plen);
	return XNIC_FW_HEADER_LEN + plen;
}

static void test_good_image(void)
{
	struct xnic_fw_info in, out;
	uint8_t hdr[XNIC_FW_HEADER_LEN], d[XNIC_SHA256_LEN];
	uint8_t both[sizeof(good)];
	const char *why = "unset";
	int n;

	fill_info(&in);
	n = xnic_fw_image_build(good, sizeof(good), &in, &why);
	CHECK(n > 0, "build a good image (%s)", n > 0 ? "ok" : why);
	if (n <= 0)
		exit(tap_done());
	good_len = (size_t)n;
	/* header, DESCRIPTION TLV padded to 4, END TLV */
	CHECK_EQ(128 + 4 + ((strlen(DESC) + 3) & ~3u) + 4, good_len,
		 "image size is header + description TLV + END");
	CHECK_EQ(good_len, xnic_fw_image_size(&in),
		 "xnic_fw_image_size() predicts the size");

	CHECK(!memcmp(good, "XNFW", 4), "magic bytes read \"XNFW\"");
	CHECK_EQ(1, good[OFF_FORMAT] | good[OFF_FORMAT + 1] << 8,
		 "format 1, little endian");
	CHECK_EQ(128, good[OFF_HLEN] | good[OFF_HLEN + 1] << 8,
		 "header_len 128, little endian");
	CHECK_EQ(0x010203, rd32(good + OFF_VERSION), "version 1.2.3 stored");

	/* the digest, computed independently of xnic_fw_image_digest() */
	memcpy(hdr, good, sizeof(hdr));
	memset(hdr + OFF_DIGEST, 0, XNIC_FW_DIGEST_LEN);
	memcpy(both, hdr, sizeof(hdr));
	memcpy(both + sizeof(hdr), good + sizeof(hdr), good_len - sizeof(hdr));
	xnic_sha256(both, good_len, d);
	CHECK(!memcmp(d, good + OFF_DIGEST, sizeof(d)),
	      "digest is SHA-256 of zero-digest header || payload");

	memset(&out, 0x5a, sizeof(out));
	why = NULL;
	CHECK_EQ(0, xnic_fw_image_check(good, good_len, &out, &why),
		 "good image accepted (%s)", why ? why : "no reason");
	CHECK_EQ(in.fw_version, out.fw_version, "fw_version reads back");
	CHECK_EQ(in.caps, out.caps, "caps read back");
	CHECK_EQ(in.max_flows, out.max_flows, "max_flows reads back");
	CHECK_EQ(in.max_bpf_insns, out.max_bpf_insns,
		 "max_bpf_insns reads back");
	CHECK_EQ(good_len - 128, out.payload_len, "payload_len reads back");
	CHECK_EQ(in.build_time, out.build_time, "build_time reads back");
	CHECK(!strcmp(out.name, "xnic-test"), "name reads back: \"%s\"",
	      out.name);
	CHECK(!strcmp(out.description, DESC),
	      "description reads back: \"%s\"", out.description);

	CHECK_EQ(0, xnic_fw_image_check(good, good_len, NULL, NULL),
		 "check with NULL info and why");
}

static void test_build(void)
{
	uint8_t buf[1024], again[1024];
	struct xnic_fw_info in, out;
	const char *why = NULL;
	int n;

	fill_info(&in);
	in.description[0] = '\0';
	n = xnic_fw_image_build(buf, sizeof(buf), &in, &why);
	CHECK_EQ(128 + 4, n, "image without description: header + END");
	CHECK_EQ(0, xnic_fw_image_check(buf, (size_t)n, &out, NULL),
		 "image without description accepted");
	CHECK_EQ(0, out.description[0], "its description reads back empty");

	fill_info(&in);
	memset(again, 0xee, sizeof(again));
	n = xnic_fw_image_build(again, sizeof(again), &in, NULL);
	CHECK(n == (int)good_len && !memcmp(again, good, good_len),
	      "same info builds the same bytes (reproducible)");

	CHECK_EQ(-1, xnic_fw_image_build(buf, good_len - 1, &in, &why),
		 "buffer one byte short refused");
	CHECK(!strncmp(why, "buffer too small", 16), "reason: %s", why);

	fill_info(&in);
	memset(in.name, 'n', 32);
	in.name[32] = '\0';
	CHECK_EQ(-1, xnic_fw_image_build(buf, sizeof(buf), &in, &why),
		 "32-character name refused");
	CHECK(!strncmp(why, "name longer than 31", 19), "reason: %s", why);

	fill_info(&in);
	memset(in.name, 'n', 31);
	in.name[31] = '\0';
	n = xnic_fw_image_build(buf, sizeof(buf), &in, &why);
	CHECK(n > 0 && !xnic_fw_image_check(buf, (size_t)n, &out, NULL) &&
	      strlen(out.name) == 31, "31-character name accepted");

	fill_info(&in);
	in.name[0] = '\0';
	CHECK_EQ(-1, xnic_fw_image_build(buf, sizeof(buf), &in, &why),
		 "empty name refused");
	CHECK(!strcmp(why, "empty name"), "reason: %s", why);

	fill_info(&in);
	in.fw_version = 0;
	CHECK_EQ(-1, xnic_fw_image_build(buf, sizeof(buf), &in, &why),
		 "version 0 refused");
	CHECK(!strcmp(why, "firmware version is zero"), "reason: %s", why);

	fill_info(&in);
	in.caps = 0x100;
	CHECK_EQ(-1, xnic_fw_image_build(buf, sizeof(buf), &in, &why),
		 "unknown capability refused");
	CHECK(!strcmp(why, "unknown capability bits 0x100"), "reason: %s",
	      why);

	fill_info(&in);
	in.max_flows = XNIC_FW_MAX_FLOWS_LIMIT + 1;
	CHECK_EQ(-1, xnic_fw_image_build(buf, sizeof(buf), &in, &why),
		 "max_flows above the limit refused");
	CHECK(!strncmp(why, "max_flows", 9), "reason: %s", why);

	fill_info(&in);
	in.max_bpf_insns = XNIC_FW_MAX_BPF_INSNS_LIMIT + 1;
	CHECK_EQ(-1, xnic_fw_image_build(buf, sizeof(buf), &in, &why),
		 "max_bpf_insns above the limit refused");
	CHECK(!strncmp(why, "max_bpf_insns", 13), "reason: %s", why);

	fill_info(&in);
	memset(in.description, 'd', XNIC_FW_DESC_MAX);
	n = xnic_fw_image_build(buf, sizeof(buf), &in, &why);
	CHECK(n > 0 && !xnic_fw_image_check(buf, (size_t)n, &out, NULL) &&
	      strlen(out.description) == XNIC_FW_DESC_MAX,
	      "255-character description accepted");
	memset(in.description, 'd', sizeof(in.description));
	CHECK_EQ(-1, xnic_fw_image_build(buf, sizeof(buf), &in, &why),
		 "256-character description refused");
	CHECK(!strncmp(why, "description longer", 18), "reason: %s", why);

	fill_info(&in);
	in.description[3] = '\n';
	CHECK_EQ(-1, xnic_fw_image_build(buf, sizeof(buf), &in, &why),
		 "description with a newline refused");
	CHECK(!strcmp(why, "payload: DESCRIPTION not printable ASCII"),
	      "reason: %s", why);
}

static void test_truncated(void)
{
	const size_t lens[] = { 0, 1, 4, 64, XNIC_FW_HEADER_LEN - 1 };
	size_t i, bad = 0;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		CHECK(refused(good, lens[i], "truncated: image has"),
		      "truncated to %zu bytes (shorter than the header)",
		      lens[i]);
	CHECK(refused(NULL, 0, "truncated"), "NULL image refused");

	CHECK(refused(good, XNIC_FW_HEADER_LEN, "truncated: header says"),
	      "header only, no payload");
	CHECK(refused(good, good_len - 1, "truncated: header says"),
	      "last byte missing");
	for (i = XNIC_FW_HEADER_LEN; i < good_len; i++)
		if (!refused(good, i, "truncated: header says"))
			bad++;
	CHECK_EQ(0, bad, "every length from header to image-1 refused as truncated");
}

static void test_flipped(void)
{
	size_t i, bad = 0;

	for (i = XNIC_FW_HEADER_LEN; i < good_len; i++) {
		fresh();
		img[i] ^= 0x01;
		if (!refused(img, good_len, "digest mismatch"))
			bad++;
	}
	CHECK_EQ(0, bad, "every payload byte flipped: digest mismatch");

	fresh();
	img[good_len - 1] ^= 0x80;
	CHECK(refused(img, good_len, "digest mismatch"),
	      "last payload byte flipped");

	/* every header byte: fields read before the digest give their own
	 * reason, all others the digest mismatch */
	for (i = 0; i < XNIC_FW_HEADER_LEN; i++) {
		const char *want = "digest mismatch";

		if (i < OFF_FORMAT)
			want = "bad magic";
		else if (i < OFF_HLEN)
			want = "bad format";
		else if (i < OFF_VERSION)
			want = "bad header_len";
		else if (i >= OFF_PLEN && i < OFF_PLEN + 4)
			want = i < OFF_PLEN + 3 ? "truncated" : "oversize";
		fresh();
		img[i] ^= 0x01;
		if (!refused(img, good_len, want)) {
			printf("#   header byte %zu\n", i);
			bad++;
		}
	}
	CHECK_EQ(0, bad, "every header byte flipped refused with its reason");

	fresh();
	img[OFF_NAME] ^= 0x20;
	CHECK(refused(img, good_len, "digest mismatch"), "name byte flipped");
	fresh();
	img[OFF_DIGEST + 31] ^= 0x01;
	CHECK(refused(img, good_len, "digest mismatch"),
	      "digest byte flipped");
	fresh();
	img[OFF_FLOWS + 2] ^= 0x10;
	CHECK(refused(img, good_len, "digest mismatch"),
	      "max_flows byte flipped");
}

static void test_header_fields(void)
{
	fresh();
	wr32(img + OFF_MAGIC, 0x57464e59);
	resign(img, good_len);
	CHECK(refused(img, good_len, "bad magic"), "bad magic");
	fresh();
	memset(img, 0, XNIC_FW_HEADER_LEN);
	CHECK(refused(img, good_len, "bad magic"), "all-zero header");

	fresh();
	wr16(img + OFF_FORMAT, 2);
	resign(img, good_len);
	CHECK(refused(img, good_len, "bad format 2"), "format 2 refused");
	fresh();
	wr16(img + OFF_FORMAT, 0);
	resign(img, good_len);
	CHECK(refused(img, good_len, "bad format 0"), "format 0 refused");

	fresh();
	wr16(img + OFF_HLEN, 64);
	resign(img, good_len);
	CHECK(refused(img, good_len, "bad header_len 64"),
	      "header_len 64 refused");

	fresh();
	wr32(img + OFF_RSVD0, 1);
	resign(img, good_len);
	CHECK(refused(img, good_len, "reserved header fields not zero"),
	      "rsvd0 nonzero");
	fresh();
	img[OFF_RSVD + 23] = 0x80;
	resign(img, good_len);
	CHECK(refused(img, good_len, "reserved header fields not zero"),
	      "last rsvd byte nonzero");

	fresh();
	memset(img + OFF_NAME, 'x', 32);
	resign(img, good_len);
	CHECK(refused(img, good_len, "name not NUL-terminated within 32 bytes"),
	      "name without NUL");
	fresh();
	img[OFF_NAME + 20] = 'z';
	resign(img, good_len);
	CHECK(refused(img, good_len, "name not NUL-padded"),
	      "byte after the name's NUL");
	fresh();
	img[OFF_NAME + 1] = 0x07;
	resign(img, good_len);
	CHECK(refused(img, good_len, "name has non-printable characters"),
	      "control character in name");
	fresh();
	memset(img + OFF_NAME, 0, 32);
	resign(img, good_len);
	CHECK(refused(img, good_len, "empty name"), "empty name");

	fresh();
	wr32(img + OFF_VERSION, 0);
	resign(img, good_len);
	CHECK(refused(img, good_len, "firmware version is zero"), "version 0");

	fresh();
	wr32(img + OFF_CAPS, XNIC_CAP_L2 | 0x80000000u);
	resign(img, good_len);
	CHECK(refused(img, good_len, "unknown capability bits 0x80000000"),
	      "unknown capability bit");

	fresh();
	wr32(img + OFF_FLOWS, 0xffffffffu);
	resign(img, good_len);
	CHECK(refused(img, good_len, "max_flows 4294967295 above the limit"),
	      "max_flows 2^32-1");
	fresh();
	wr32(img + OFF_INSNS, XNIC_FW_MAX_BPF_INSNS_LIMIT + 1);
	resign(img, good_len);
	CHECK(refused(img, good_len, "max_bpf_insns"),
	      "max_bpf_insns above the limit");
	fresh();
	wr32(img + OFF_FLOWS, XNIC_FW_MAX_FLOWS_LIMIT);
	wr32(img + OFF_INSNS, XNIC_FW_MAX_BPF_INSNS_LIMIT);
	resign(img, good_len);
	CHECK_EQ(0, xnic_fw_image_check(img, good_len, NULL, NULL),
		 "table limits at their maximum accepted");
}

static void test_sizes(void)
{
	uint8_t *big;
	size_t big_len = XNIC_FW_MAX_SIZE + 4;

	fresh();
	wr32(img + OFF_PLEN, XNIC_FW_MAX_SIZE);
	resign(img, good_len);
	CHECK(refused(img, good_len, "oversize: header says 1048704 bytes"),
	      "header claims more than XNIC_FW_MAX_SIZE");
	fresh();
	wr32(img + OFF_PLEN, 0xffffffffu);
	CHECK(refused(img, good_len, "oversize: header says 4294967423 bytes"),
	      "payload_len 2^32-1 does not wrap");

	/* an image larger than the limit whose header agrees with it */
	big = calloc(1, big_len);
	if (!big) {
		CHECK(0, "allocate an oversize image");
		return;
	}
	memcpy(big, good, XNIC_FW_HEADER_LEN);
	wr32(big + OFF_PLEN, (uint32_t)(big_len - XNIC_FW_HEADER_LEN));
	resign(big, big_len);
	CHECK(refused(big, big_len, "oversize"),
	      "image of XNIC_FW_MAX_SIZE + 4 bytes");
	free(big);

	memcpy(img, good, good_len);
	img[good_len] = 0;
	CHECK(refused(img, good_len + 1, "trailing garbage: header says"),
	      "one trailing zero byte");
	memset(img + good_len, 0xab, 16);
	CHECK(refused(img, good_len + 16, "trailing garbage"),
	      "16 trailing bytes");
}

static void test_payload(void)
{
	/* the payloads below go through with_payload(), which fixes the
	 * header's payload_len and digest: only the TLV rules are tested */
	static const uint8_t end_only[] = { 0, 0, 0, 0 };
	static const uint8_t empty[1];
	static const uint8_t no_end[] = { 1, 0, 2, 0, 'h', 'i', 0, 0 };
	static const uint8_t after_end[] = { 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t end_len[] = { 0, 0, 4, 0, 0, 0, 0, 0 };
	static const uint8_t unknown[] = { 9, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t past[] = { 1, 0, 9, 0, 'a', 'b', 'c', 'd',
					0, 0, 0, 0 };
	static const uint8_t padding[] = { 1, 0, 2, 0, 'h', 'i', 1, 0,
					   0, 0, 0, 0 };
	static const uint8_t dup[] = { 1, 0, 1, 0, 'a', 0, 0, 0,
				       1, 0, 1, 0, 'b', 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t desc0[] = { 1, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t desc_nul[] = { 1, 0, 2, 0, 'a', 0, 0, 0,
					    0, 0, 0, 0 };
	static const uint8_t short_hdr[] = { 1, 0, 1, 0, 'a', 0, 0, 0, 0, 0 };
	struct xnic_fw_info fi;
	size_t n;

	n = with_payload(end_only, sizeof(end_only));
	CHECK_EQ(0, xnic_fw_image_check(img, n, &fi, NULL),
		 "payload of just END accepted");
	CHECK_EQ(0, fi.description[0], "no description");

	n = with_payload(empty, 0);
	CHECK(refused(img, n, "payload: no END TLV"), "empty payload");
	n = with_payload(no_end, sizeof(no_end));
	CHECK(refused(img, n, "payload: no END TLV"), "payload without END");
	n = with_payload(after_end, sizeof(after_end));
	CHECK(refused(img, n, "payload: 4 bytes after the END TLV"),
	      "bytes after END");
	n = with_payload(end_len, sizeof(end_len));
	CHECK(refused(img, n, "payload: END TLV with nonzero length"),
	      "END with a length");
	n = with_payload(unknown, sizeof(unknown));
	CHECK(refused(img, n, "payload: unknown TLV type 9 at offset 0"),
	      "unknown TLV type");
	n = with_payload(past, sizeof(past));
	CHECK(refused(img, n, "payload: TLV at offset 0 (type 1, length 9) runs past"),
	      "TLV longer than the payload");
	n = with_payload(padding, sizeof(padding));
	CHECK(refused(img, n, "payload: TLV at offset 0 has nonzero padding"),
	      "nonzero TLV padding");
	n = with_payload(dup, sizeof(dup));
	CHECK(refused(img, n, "payload: more than one DESCRIPTION TLV"),
	      "two descriptions");
	n = with_payload(desc0, sizeof(desc0));
	CHECK(refused(img, n, "payload: DESCRIPTION length 0"),
	      "empty description TLV");
	n = with_payload(desc_nul, sizeof(desc_nul));
	CHECK(refused(img, n, "payload: DESCRIPTION not printable ASCII"),
	      "NUL inside the description");
	n = with_payload(short_hdr, sizeof(short_hdr));
	CHECK(refused(img, n, "payload: TLV header at offset 8 truncated"),
	      "TLV header cut short");
}

int main(void)
{
	test_good_image();
	test_build();
	test_truncated();
	test_flipped();
	test_header_fields();
	test_sizes();
	test_payload();
	return tap_done();
}
