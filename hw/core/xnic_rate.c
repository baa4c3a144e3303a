// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_rate.c - the token bucket behind a VF's max_tx_rate.
 *
 * Tokens are kept in millibits, so that one nanosecond at R Mb/s is exactly
 * R of them: nothing is lost to rounding however often the bucket is
 * refilled. A frame of L bytes costs 8 * L bits. The bucket holds 2 ms of
 * traffic, and never less than one largest frame, so that any frame can go
 * once the bucket is full. A frame that finds too few tokens waits (the
 * caller holds the queue): nothing is dropped.
 *
 * The depth caps what an idle VF saves up, not what a backlogged one is
 * owed: from the first frame that waits until the rings are empty again
 * (xnic_rate_idle), tokens accrue uncapped. The timer that resumes a held
 * queue fires late when the host is busy (milliseconds under load), and a
 * capped bucket would lose the tokens of that delay each time: the VF would
 * get well under its rate. Backlogged, it gets the rate exactly.
 */
#include "xnic_core_priv.h"

#define XNIC_RATE_BURST_NS	2000000ull	/* 2 ms */
#define XNIC_RATE_MAX_GAP_NS	1000000000ull	/* refill at most 1 s */
#define XNIC_MBIT_PER_BYTE	8000ull		/* millibits per byte */

void xnic_rate_set(struct xnic_rate *r, uint32_t mbps, uint64_t now_ns)
{
	uint64_t min_burst = (uint64_t)XNIC_BUF_MAX * XNIC_MBIT_PER_BYTE;

	r->rate_bps = (uint64_t)mbps * 1000000ull;
	r->burst = XNIC_RATE_BURST_NS * mbps;	/* millibits */
	if (r->burst < min_burst)
		r->burst = min_burst;
	r->tokens = r->burst;
	r->last_ns = now_ns;
	r->held = false;
	r->backlog = false;
}

static void xnic_rate_refill(struct xnic_rate *r, uint64_t now_ns)
{
	uint64_t mbps = r->rate_bps / 1000000ull;
	uint64_t gap;

	if (now_ns <= r->last_ns)
		return;
	gap = now_ns - r->last_ns;
	r->last_ns = now_ns;
	if (gap > XNIC_RATE_MAX_GAP_NS)
		gap = XNIC_RATE_MAX_GAP_NS;
	r->tokens += gap * mbps;
	if (!r->backlog && r->tokens > r->burst)
		r->tokens = r->burst;
}

static uint64_t xnic_rate_cost(size_t len)
{
	if (len > XNIC_BUF_MAX)
		len = XNIC_BUF_MAX;
	return (uint64_t)len * XNIC_MBIT_PER_BYTE;
}

bool xnic_rate_may_send(struct xnic_rate *r, size_t len, uint64_t now_ns,
			uint64_t *wait_ns)
{
	uint64_t mbps = r->rate_bps / 1000000ull;
	uint64_t cost = xnic_rate_cost(len);

	if (!mbps)
		return true;
	xnic_rate_refill(r, now_ns);
	if (r->tokens >= cost)
		return true;
	r->backlog = true;
	*wait_ns = (cost - r->tokens + mbps - 1) / mbps;
	return false;
}

void xnic_rate_charge(struct xnic_rate *r, size_t len)
{
	uint64_t cost = xnic_rate_cost(len);

	if (!r->rate_bps)
		return;
	r->tokens = r->tokens > cost ? r->tokens - cost : 0;
}

void xnic_rate_idle(struct xnic_rate *r)
{
	r->backlog = false;
	if (r->tokens > r->burst)
		r->tokens = r->burst;
}
