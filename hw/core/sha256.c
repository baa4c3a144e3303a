// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sha256.c - SHA-256 as specified in FIPS 180-4, sections 4.1.2, 4.2.2,
 * 5.1.1, 5.3.3 and 6.2. Byte-at-a-time portable code: the firmware images
 * it hashes are at most 1 MiB, so speed is not a concern, clarity is.
 */
#include <string.h>

#include "sha256.h"

/* FIPS 180-4 4.2.2: first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* FIPS 180-4 5.3.3: initial hash value */
static const uint32_t sha256_h0[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static uint32_t rotr(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

/* FIPS 180-4 4.1.2 */
static uint32_t ch(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (~x & z);
}

static uint32_t maj(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (x & z) ^ (y & z);
}

static uint32_t big_sigma0(uint32_t x)
{
	return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22);
}

static uint32_t big_sigma1(uint32_t x)
{
	return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25);
}

static uint32_t small_sigma0(uint32_t x)
{
	return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3);
}

static uint32_t small_sigma1(uint32_t x)
{
	return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10);
}

/* FIPS 180-4 6.2.2: process one 512-bit block */
static void sha256_block(uint32_t h[8], const uint8_t block[64])
{
	uint32_t w[64];
	uint32_t a, b, c, d, e, f, g, hh;
	int t;

	for (t = 0; t < 16; t++)
		w[t] = (uint32_t)block[4 * t] << 24 |
		       (uint32_t)block[4 * t + 1] << 16 |
		       (uint32_t)block[4 * t + 2] << 8 |
		       (uint32_t)block[4 * t + 3];
	for (t = 16; t < 64; t++)
		w[t] = small_sigma1(w[t - 2]) + w[t - 7] +
		       small_sigma0(w[t - 15]) + w[t - 16];

	a = h[0];
	b = h[1];
	c = h[2];
	d = h[3];
	e = h[4];
	f = h[5];
	g = h[6];
	hh = h[7];

	for (t = 0; t < 64; t++) {
		uint32_t t1 = hh + big_sigma1(e) + ch(e, f, g) +
			      sha256_k[t] + w[t];
		uint32_t t2 = big_sigma0(a) + maj(a, b, c);

		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}

	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
}

void xnic_sha256_init(struct xnic_sha256_ctx *ctx)
{
	memcpy(ctx->h, sha256_h0, sizeof(ctx->h));
	ctx->total_len = 0;
	ctx->block_len = 0;
}

void xnic_sha256_update(struct xnic_sha256_ctx *ctx, const void *data,
			size_t len)
{
	const uint8_t *p = data;

	if (!len)
		return;
	ctx->total_len += len;

	/* top up a partial block first */
	if (ctx->block_len) {
		size_t n = XNIC_SHA256_BLOCK_LEN - ctx->block_len;

		if (n > len)
			n = len;
		memcpy(ctx->block + ctx->block_len, p, n);
		ctx->block_len += n;
		p += n;
		len -= n;
		if (ctx->block_len < XNIC_SHA256_BLOCK_LEN)
			return;
		sha256_block(ctx->h, ctx->block);
		ctx->block_len = 0;
	}

	/* whole blocks straight from the input */
	while (len >= XNIC_SHA256_BLOCK_LEN) {
		sha256_block(ctx->h, p);
		p += XNIC_SHA256_BLOCK_LEN;
		len -= XNIC_SHA256_BLOCK_LEN;
	}

	/* keep the rest for later */
	if (len) {
		memcpy(ctx->block, p, len);
		ctx->block_len = len;
	}
}

void xnic_sha256_final(struct xnic_sha256_ctx *ctx,
		       uint8_t out[XNIC_SHA256_LEN])
{
	uint64_t bits = ctx->total_len * 8;
	int i;

	/* FIPS 180-4 5.1.1: a 1 bit, zeros, then the 64-bit message length,
	 * so that the padded message is a multiple of 512 bits */
	ctx->block[ctx->block_len++] = 0x80;
	if (ctx->block_len > XNIC_SHA256_BLOCK_LEN - 8) {
		memset(ctx->block + ctx->block_len, 0,
		       XNIC_SHA256_BLOCK_LEN - ctx->block_len);
		sha256_block(ctx->h, ctx->block);
		ctx->block_len = 0;
	}
	memset(ctx->block + ctx->block_len, 0,
	       XNIC_SHA256_BLOCK_LEN - 8 - ctx->block_len);
	for (i = 0; i < 8; i++)
		ctx->block[XNIC_SHA256_BLOCK_LEN - 1 - i] =
			(uint8_t)(bits >> (8 * i));
	sha256_block(ctx->h, ctx->block);

	for (i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(ctx->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(ctx->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(ctx->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)ctx->h[i];
	}

	memset(ctx, 0, sizeof(*ctx));
}

void xnic_sha256(const void *data, size_t len, uint8_t out[XNIC_SHA256_LEN])
{
	struct xnic_sha256_ctx ctx;

	xnic_sha256_init(&ctx);
	xnic_sha256_update(&ctx, data, len);
	xnic_sha256_final(&ctx, out);
}
