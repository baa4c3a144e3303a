// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_sha256.c - SHA-256 against the FIPS 180-4 example vectors (NIST
 * "SHA256.pdf" examples: "abc", the 448-bit message, one million 'a'), the
 * padding boundaries, and incremental hashing in every split.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "tap.h"

static void hex(const uint8_t d[XNIC_SHA256_LEN], char out[65])
{
	int i;

	for (i = 0; i < XNIC_SHA256_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static int digest_is(const uint8_t d[XNIC_SHA256_LEN], const char *want)
{
	char got[65];

	hex(d, got);
	if (strcmp(got, want)) {
		printf("#   expected %s\n#   saw      %s\n", want, got);
		return 0;
	}
	return 1;
}

static void test_fips_vectors(void)
{
	static const char msg448[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	uint8_t d[XNIC_SHA256_LEN];
	char *million;

	xnic_sha256("abc", 3, d);
	CHECK(digest_is(d, "ba7816bf8f01cfea414140de5dae2223"
			   "b00361a396177a9cb410ff61f20015ad"),
	      "FIPS 180-4: \"abc\"");

	CHECK_EQ(56, strlen(msg448), "448-bit message is 56 bytes");
	xnic_sha256(msg448, strlen(msg448), d);
	CHECK(digest_is(d, "248d6a61d20638b8e5c026930c3e6039"
			   "a33ce45964ff2167f6ecedd419db06c1"),
	      "FIPS 180-4: 448-bit message");

	million = malloc(1000000);
	if (!million) {
		CHECK(0, "allocate one million bytes");
		return;
	}
	memset(million, 'a', 1000000);
	xnic_sha256(million, 1000000, d);
	CHECK(digest_is(d, "cdc76e5c9914fb9281a1c7e284d73e67"
			   "f1809a48a497200e046d39ccc7112cd0"),
	      "FIPS 180-4: one million 'a'");
	free(million);
}

/* Lengths around the 55/56/64-byte padding boundaries, digests from
 * coreutils sha256sum */
static void test_padding_boundaries(void)
{
	static const struct {
		size_t len;
		const char *digest;
	} v[] = {
		{ 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
		{ 128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e" },
	};
	uint8_t msg[128], d[XNIC_SHA256_LEN];
	size_t i;

	memset(msg, 'a', sizeof(msg));
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		xnic_sha256(msg, v[i].len, d);
		CHECK(digest_is(d, v[i].digest), "%zu bytes of 'a'", v[i].len);
	}
}

/* Feeding a message in two parts, split anywhere, or byte by byte, gives
 * the one-shot digest */
static void test_incremental(void)
{
	uint8_t msg[200], whole[XNIC_SHA256_LEN], part[XNIC_SHA256_LEN];
	struct xnic_sha256_ctx c;
	size_t split, i;
	int bad_splits = 0;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 3);
	xnic_sha256(msg, sizeof(msg), whole);

	for (split = 0; split <= sizeof(msg); split++) {
		xnic_sha256_init(&c);
		xnic_sha256_update(&c, msg, split);
		xnic_sha256_update(&c, msg + split, sizeof(msg) - split);
		xnic_sha256_final(&c, part);
		if (memcmp(whole, part, sizeof(whole)))
			bad_splits++;
	}
	CHECK_EQ(0, bad_splits, "two-part update equals one-shot at every split");

	xnic_sha256_init(&c);
	for (i = 0; i < sizeof(msg); i++)
		xnic_sha256_update(&c, msg + i, 1);
	xnic_sha256_final(&c, part);
	CHECK(!memcmp(whole, part, sizeof(whole)),
	      "byte-by-byte update equals one-shot");

	xnic_sha256_init(&c);
	xnic_sha256_update(&c, "ab", 2);
	xnic_sha256_update(&c, NULL, 0);
	xnic_sha256_update(&c, "c", 1);
	xnic_sha256_final(&c, part);
	CHECK(digest_is(part, "ba7816bf8f01cfea414140de5dae2223"
			      "b00361a396177a9cb410ff61f20015ad"),
	      "\"ab\" + empty + \"c\" equals \"abc\"");

	msg[100] ^= 1;
	xnic_sha256(msg, sizeof(msg), part);
	CHECK(memcmp(whole, part, sizeof(whole)) != 0,
	      "one flipped bit changes the digest");
}

int main(void)
{
	test_fips_vectors();
	test_padding_boundaries();
	test_incremental();
	return tap_done();
}
