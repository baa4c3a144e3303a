/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * sha256.h - SHA-256 (FIPS 180-4), plain C11, no dependencies.
 *
 * Used by the firmware image code (fw_image.c) that both the NIC model and
 * the xnic-fw tool build on. Incremental use:
 *
 *	struct xnic_sha256_ctx c;
 *	xnic_sha256_init(&c);
 *	xnic_sha256_update(&c, a, alen);
 *	xnic_sha256_update(&c, b, blen);
 *	xnic_sha256_final(&c, digest);
 */
#ifndef XNIC_SHA256_H
#define XNIC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define XNIC_SHA256_LEN		32	/* digest bytes */
#define XNIC_SHA256_BLOCK_LEN	64	/* message block bytes */

struct xnic_sha256_ctx {
	uint32_t h[8];			/* intermediate hash value */
	uint64_t total_len;		/* message bytes hashed so far */
	uint8_t block[XNIC_SHA256_BLOCK_LEN];	/* partial block */
	size_t block_len;		/* bytes in @block */
};

void xnic_sha256_init(struct xnic_sha256_ctx *ctx);
void xnic_sha256_update(struct xnic_sha256_ctx *ctx, const void *data,
			size_t len);
/* Writes the digest and wipes @ctx; init again before reuse. */
void xnic_sha256_final(struct xnic_sha256_ctx *ctx,
		       uint8_t out[XNIC_SHA256_LEN]);

/* One-shot digest of @len bytes at @data. */
void xnic_sha256(const void *data, size_t len, uint8_t out[XNIC_SHA256_LEN]);

#endif /* XNIC_SHA256_H */
