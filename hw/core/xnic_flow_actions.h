/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xnic_flow_actions.h - what a flow rule's actions do to a frame, as pure
 * functions on a buffer with headroom (no table, no port, no counter):
 * VLAN push/pop/modify, PEDIT on the typed headers, checksum recomputation,
 * VXLAN/Geneve encapsulation and decapsulation, and the POLICE token
 * bucket. The action runner that strings them together per rule (and
 * re-parses the frame after one that moves headers) is the eswitch's.
 *
 * Every function checks the frame and its own arguments first and returns
 * -1, frame unchanged, if it cannot do its work (no room, no such header,
 * bad argument); 0 when done.
 */
#ifndef XNIC_FLOW_ACTIONS_H
#define XNIC_FLOW_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnic_flow_parse.h"

/**
 * struct xnic_flow_pkt - a frame in a buffer
 * @buf: the buffer
 * @size: its size
 * @off: where the frame starts (the bytes before: headroom)
 * @len: frame length
 */
struct xnic_flow_pkt {
	uint8_t *buf;
	size_t size;
	size_t off;
	size_t len;
};

/* Outer headers ENCAP adds: Ethernet, IPv4 or IPv6, UDP, VXLAN/Geneve */
#define XNIC_FLOW_ENCAP4_LEN	(14 + 20 + 8 + 8)
#define XNIC_FLOW_ENCAP6_LEN	(14 + 40 + 8 + 8)

/* Add an outer tag @tpid (0x8100, 0x88a8) @tci; needs 4 bytes headroom */
int xnic_flow_vlan_push(struct xnic_flow_pkt *pkt, uint16_t tpid,
			uint16_t tci);
/* Remove the outer tag */
int xnic_flow_vlan_pop(struct xnic_flow_pkt *pkt);
/* Outer tag: tci = (tci & ~@mask) | (@tci & @mask) */
int xnic_flow_vlan_modify(struct xnic_flow_pkt *pkt, uint16_t tci,
			  uint16_t mask);

/*
 * PEDIT: the 32 bits at @offset of header @htype (XNIC_FLOW_HDR_*) of the
 * frame as @p (parsed from the current frame) locates its headers become
 * (old & @mask) | (@val & ~@mask), host order values of the big-endian
 * word. The word must lie inside that header (IPv4 and TCP with options).
 */
int xnic_flow_pedit(struct xnic_flow_pkt *pkt,
		    const struct xnic_flow_parsed *p, uint8_t htype,
		    uint16_t offset, uint32_t mask, uint32_t val);

/*
 * CSUM: recompute those of the checksums in @flags (XNIC_FLOW_CSUM_*) that
 * the packet @p locates has, as tc's csum action does: the IPv4 header;
 * TCP, UDP (over IPv4 only if it had one), ICMP and ICMPv6 with their
 * pseudo-headers, not in fragments. -1 only for unknown flags or a @p that
 * does not fit the frame.
 */
int xnic_flow_csum(struct xnic_flow_pkt *pkt,
		   const struct xnic_flow_parsed *p, uint32_t flags);

/*
 * ENCAP: wrap the frame in the outer headers of @e (as FLOW_ENCAP_SET gave
 * it, wire byte order), UDP source port from @flow_hash; needs
 * XNIC_FLOW_ENCAP4_LEN or _ENCAP6_LEN bytes of headroom.
 */
int xnic_flow_encap(struct xnic_flow_pkt *pkt,
		    const struct xnic_flow_encap *e, uint32_t flow_hash);

/* DECAP: keep the inner frame of a tunnel frame @p parsed */
int xnic_flow_decap(struct xnic_flow_pkt *pkt,
		    const struct xnic_flow_parsed *p);

/*
 * Internet checksum: add @len bytes at @p to @sum (every piece but the
 * last of even length), then fold to the 16-bit one's complement
 */
uint32_t xnic_csum_add(uint32_t sum, const uint8_t *p, size_t len);
uint16_t xnic_csum_fold(uint32_t sum);

/**
 * struct xnic_flow_policer - POLICE: a token bucket, exact to the bit
 * @rate_bps: fill rate, bits per second
 * @burst_bits: bucket size
 * @tokens: bits in the bucket
 * @frac: fractions of a bit (1e-9 units) carried between refills
 * @last_ns: time of the last refill
 */
struct xnic_flow_policer {
	uint64_t rate_bps;
	uint64_t burst_bits;
	uint64_t tokens;
	uint64_t frac;
	uint64_t last_ns;
};

#define XNIC_FLOW_POLICE_MAX_BPS	1000000000000000ull	/* 1 Pb/s */

/*
 * Set up @pol for @rate_bps (1..XNIC_FLOW_POLICE_MAX_BPS) and @burst bytes
 * (> 0), bucket full at @now_ns; -1 if out of range.
 */
int xnic_flow_policer_set(struct xnic_flow_policer *pol, uint64_t rate_bps,
			  uint32_t burst, uint64_t now_ns);
/* May a frame of @len bytes pass at @now_ns? Takes its tokens if so. */
bool xnic_flow_policer_pass(struct xnic_flow_policer *pol, size_t len,
			    uint64_t now_ns);

#endif /* XNIC_FLOW_ACTIONS_H */
