/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xnic_flow_hash.h - the hash that spreads a port's RX traffic over its RX
 * queues: IPv4/IPv6 source and destination addresses, plus TCP/UDP/SCTP
 * ports of unfragmented packets, behind up to two VLAN tags. Every frame of
 * one flow gets the same hash, so a flow stays on one queue.
 */
#ifndef XNIC_FLOW_HASH_H
#define XNIC_FLOW_HASH_H

#include <stddef.h>
#include <stdint.h>

/*
 * Hash of the flow of the @len byte Ethernet frame: 0 for frames that are
 * not IP (which so go to the first queue); an IP flow may hash to 0 too.
 */
uint32_t xnic_flow_hash(const uint8_t *frame, size_t len);

#endif /* XNIC_FLOW_HASH_H */
