// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-udp-gen - traffic generator outside the guest for
 * scripts/bench-xdp-offload.
 *
 *   xdp-udp-gen LOCAL-PORT QEMU-PORT SECONDS PPS
 *
 * Sends Ethernet frames (broadcast, IPv4/UDP 192.0.2.2 -> 192.0.2.1 port 9,
 * 64-byte payload) as datagrams from 127.0.0.1:LOCAL-PORT to the QEMU
 * "dgram" netdev on 127.0.0.1:QEMU-PORT (one datagram = one frame on the
 * NIC's port 0), in batches of sendmmsg(), for SECONDS (or until SIGTERM)
 * at up to PPS frames per second. Prints "SENT SECONDS": frames the host
 * kernel took. Datagrams QEMU does not read in time are dropped by its
 * socket buffer, as a wire would drop them.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH	64

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t build_frame(uint8_t *f)
{
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 0x99 };
	uint8_t *ip = f + 14, *udp = ip + 20;
	uint16_t len = 20 + 8 + 64;
	uint32_t sum = 0;
	int i;

	memset(f, 0, 14 + len);
	memset(f, 0xff, 6);
	memcpy(f + 6, src, 6);
	f[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = len >> 8;
	ip[3] = len & 0xff;
	ip[6] = 0x40;
	ip[8] = 64;
	ip[9] = 17;
	ip[12] = 192; ip[13] = 0; ip[14] = 2; ip[15] = 2;
	ip[16] = 192; ip[17] = 0; ip[18] = 2; ip[19] = 1;
	for (i = 0; i < 20; i += 2)
		sum += ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	ip[10] = sum >> 8;
	ip[11] = sum & 0xff;
	udp[0] = 40000 >> 8;
	udp[1] = 40000 & 0xff;
	udp[3] = 9;
	udp[5] = 8 + 64;
	return 14 + len;
}

int main(int argc, char **argv)
{
	struct sockaddr_in local = { .sin_family = AF_INET }, dst = local;
	struct mmsghdr msgs[BATCH];
	struct iovec iov;
	double secs, pps, start, t;
	unsigned long long sent = 0, due;
	uint8_t frame[128];
	int fd, i, n;

	if (argc != 5) {
		fprintf(stderr, "usage: xdp-udp-gen LOCAL-PORT QEMU-PORT SECONDS PPS\n");
		return 2;
	}
	local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	local.sin_port = htons(atoi(argv[1]));
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dst.sin_port = htons(atoi(argv[2]));
	secs = atof(argv[3]);
	pps = atof(argv[4]);

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&local, sizeof(local))) {
		perror("xdp-udp-gen: socket");
		return 1;
	}
	iov.iov_base = frame;
	iov.iov_len = build_frame(frame);
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &dst;
		msgs[i].msg_hdr.msg_namelen = sizeof(dst);
	}
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);

	start = now();
	while (!stop && (t = now()) - start < secs) {
		due = (unsigned long long)((t - start) * pps) + 1;
		if (sent >= due) {
			usleep(200);
			continue;
		}
		n = due - sent < BATCH ? (int)(due - sent) : BATCH;
		n = sendmmsg(fd, msgs, n, 0);
		if (n > 0)
			sent += n;
		else
			usleep(1000);	/* QEMU not listening yet */
	}
	printf("%llu %.1f\n", sent, now() - start);
	return 0;
}
