/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xnic_flow_parse.h - the eswitch's frame parser: the bytes of a frame and
 * the port it came from, to the struct xnic_flow_key the flow table
 * matches (the layout of src/xnic_hw.h, fields in wire byte order), plus
 * where the headers the actions edit start.
 *
 * Parsed: Ethernet; up to two VLAN tags (TPID 0x8100 or 0x88a8); IPv4
 * with options and fragments; IPv6 behind hop-by-hop, routing,
 * destination-options and fragment headers; TCP (ports, flags), UDP and
 * SCTP ports, ICMP and ICMPv6 type and code. L4 only for unfragmented
 * packets and first fragments. On frames from physical port 0, a UDP
 * packet to port 4789 (VXLAN) or 6081 (Geneve, options skipped) with a
 * well-formed tunnel header fills the tun_* fields from the outer headers
 * and everything else from the inner frame.
 *
 * Every read is bounds checked: a truncated or malformed frame gives the
 * fields that could be parsed before the problem and zero in the rest.
 */
#ifndef XNIC_FLOW_PARSE_H
#define XNIC_FLOW_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "../../src/xnic_hw.h"

#define XNIC_FLOW_VXLAN_PORT	4789
#define XNIC_FLOW_GENEVE_PORT	6081

/**
 * struct xnic_flow_parsed - a parsed frame
 * @key: the match key
 * @l3_off: offset of the IPv4/IPv6 header the key describes, 0 if none
 * @l4_off: offset of its TCP/UDP/SCTP/ICMP header, 0 if not parsed
 * @l3_end: end of the L3 packet (IP total length, bounded by the frame)
 * @inner_off: tunnel frames: offset of the inner Ethernet header (what
 *             DECAP keeps); 0 otherwise
 *
 * Offsets count from the first byte of the frame; for a tunnel frame
 * @l3_off and @l4_off are those of the inner packet.
 */
struct xnic_flow_parsed {
	struct xnic_flow_key key;
	uint32_t l3_off;
	uint32_t l4_off;
	uint32_t l3_end;
	uint32_t inner_off;
};

/*
 * Parse the @len byte frame at @frame that entered the eswitch from port id
 * @in_port (XNIC_PORT_*) into @out. Never reads outside @frame[0..len).
 */
void xnic_flow_parse(const uint8_t *frame, size_t len, uint16_t in_port,
		     struct xnic_flow_parsed *out);

#endif /* XNIC_FLOW_PARSE_H */
