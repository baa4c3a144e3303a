// SPDX-License-Identifier: GPL-2.0
/*
 * test_flow_hash.c - the RX flow hash: same flow same hash, ports matter,
 * VLAN tags and fragments handled, truncated frames of every length safe
 * (AddressSanitizer watches the reads: each frame is an exact-size heap
 * copy).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_flow_hash.h"
#include "tap.h"

static size_t ipv4_udp(uint8_t *f, uint16_t sport, int vlan)
{
	size_t o = 12;

	memset(f, 0, 128);
	memcpy(f, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
	if (vlan) {
		memcpy(f + o, "\x81\x00\x00\x0a", 4);
		o += 4;
	}
	memcpy(f + o, "\x08\x00", 2);
	o += 2;
	f[o] = 0x45;
	f[o + 9] = 17;
	memcpy(f + o + 12, "\xc0\x00\x02\x01\xc0\x00\x02\x02", 8);
	f[o + 20] = (uint8_t)(sport >> 8);
	f[o + 21] = (uint8_t)sport;
	f[o + 23] = 53;
	return o + 28;
}

static size_t ipv6_tcp(uint8_t *f, uint16_t sport)
{
	memset(f, 0, 128);
	memcpy(f + 12, "\x86\xdd", 2);
	f[14] = 0x60;
	f[20] = 6;
	f[22 + 15] = 1;		/* saddr ::1 */
	f[38 + 15] = 2;		/* daddr ::2 */
	f[54] = (uint8_t)(sport >> 8);
	f[55] = (uint8_t)sport;
	return 54 + 20;
}

/* Hashes every prefix of @f from an exact-size copy; returns how many
 * prefixes hashed to non-zero */
static unsigned int all_prefixes(const uint8_t *f, size_t len)
{
	unsigned int nz = 0;
	size_t n;

	for (n = 0; n <= len; n++) {
		uint8_t *c = malloc(n ? n : 1);

		if (!c)
			abort();
		memcpy(c, f, n);
		nz += xnic_flow_hash(c, n) != 0;
		free(c);
	}
	return nz;
}

int main(void)
{
	uint8_t a[128], b[128];
	size_t la, lb;
	uint32_t h1, h2;
	unsigned int i, distinct = 0;

	la = ipv4_udp(a, 1000, 0);
	lb = ipv4_udp(b, 1000, 0);
	CHECK_EQ(xnic_flow_hash(a, la), xnic_flow_hash(b, lb),
		 "same IPv4 flow, same hash");
	h1 = xnic_flow_hash(a, la);
	lb = ipv4_udp(b, 1000, 1);
	CHECK_EQ(h1, xnic_flow_hash(b, lb), "VLAN tag does not change the flow");
	for (i = 1; i < 33; i++) {
		lb = ipv4_udp(b, (uint16_t)(1000 + i), 0);
		distinct += xnic_flow_hash(b, lb) != h1;
	}
	CHECK_EQ(32, distinct, "32 other source ports, 32 other hashes");

	la = ipv4_udp(a, 1000, 0);
	a[14 + 6] = 0x20;		/* MF: first fragment */
	lb = ipv4_udp(b, 2000, 0);
	b[14 + 6] = 0x20;
	CHECK_EQ(xnic_flow_hash(a, la), xnic_flow_hash(b, lb),
		 "fragments hash by addresses only");

	la = ipv6_tcp(a, 80);
	lb = ipv6_tcp(b, 80);
	h2 = xnic_flow_hash(a, la);
	CHECK(h2 != 0 && h2 == xnic_flow_hash(b, lb), "same IPv6 flow, same hash");
	lb = ipv6_tcp(b, 81);
	CHECK(h2 != xnic_flow_hash(b, lb), "IPv6 source port matters");

	memset(a, 0, sizeof(a));
	a[12] = 0x88;
	a[13] = 0xb5;
	CHECK_EQ(0, xnic_flow_hash(a, 64), "non-IP frame hashes to 0");
	a[12] = 0x08;
	a[13] = 0x00;
	a[14] = 0x65;			/* version 6 in an IPv4 frame */
	CHECK_EQ(0, xnic_flow_hash(a, 64), "bad IP version hashes to 0");
	a[14] = 0x42;			/* IHL 2 */
	CHECK_EQ(0, xnic_flow_hash(a, 64), "IHL below 5 hashes to 0");

	la = ipv4_udp(a, 7, 1);
	CHECK(all_prefixes(a, la) > 0, "every prefix of a VLAN IPv4 frame safe");
	la = ipv6_tcp(a, 7);
	CHECK(all_prefixes(a, la) > 0, "every prefix of an IPv6 frame safe");
	CHECK_EQ(0, xnic_flow_hash(a, 13), "13 bytes: 0");
	return tap_done();
}
