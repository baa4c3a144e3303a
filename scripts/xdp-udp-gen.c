// SPDX-License-Identifier: GPL-2.0
/*
 * xdp-udp-gen - traffic generator outside the guest for the benchmarks
 * (scripts/bench-xdp-offload, scripts/bench-flower).
 *
 *   xdp-udp-gen [-f FLOWS] [-w] [-s] LOCAL-PORT QEMU-PORT SECONDS PPS
 *
 * Sends Ethernet frames (broadcast, IPv4/UDP 192.0.2.2 -> 192.0.2.1 port 9,
 * 64-byte payload; with -f, FLOWS distinct UDP source ports from 40000 on,
 * round robin) as datagrams from 127.0.0.1:LOCAL-PORT to the QEMU "dgram"
 * netdev on 127.0.0.1:QEMU-PORT (one datagram = one frame on the NIC's
 * port), in sendmmsg() batches of up to 256, for SECONDS (or until SIGTERM)
 * at up to PPS frames per second (PPS 0: as fast as the host takes them).
 * With -w it starts paused, so that the guest boots unloaded; each SIGUSR2
 * pauses or resumes sending. A second thread counts the datagrams QEMU
 * sends back to LOCAL-PORT (frames the NIC transmitted on that port), with
 * recvmmsg().
 *
 * With -s the frames go over TCP instead, to a QEMU "stream" netdev
 * listening on 127.0.0.1:QEMU-PORT (server=on), each frame behind its
 * length (4 bytes, big-endian), as QEMU's stream netdev frames them: QEMU
 * then reads many frames per system call, where a dgram netdev reads one,
 * and TCP holds the generator back instead of dropping what QEMU does not
 * read. The frames QEMU sends back come on the same connection.
 *
 * Output, one line each:
 *   mark T SENT RECEIVED     on every SIGUSR1 (T: seconds since the start)
 *   SENT SECONDS RECEIVED    at the end
 * SENT counts frames the host kernel took; datagrams QEMU does not read in
 * time are dropped by its socket buffer, as a wire would drop them, so the
 * receiving side (the NIC's counters) is what a benchmark must count.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH		256
#define FRAME_LEN	(14 + 20 + 8 + 64)
#define SPORT_BASE	40000
#define REC_LEN		(4 + FRAME_LEN)	/* a frame on a stream netdev */

static volatile sig_atomic_t stop, mark, go = 1;
static atomic_ullong received;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void on_usr1(int sig)
{
	(void)sig;
	mark = 1;
}

static void on_usr2(int sig)
{
	(void)sig;
	go = !go;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One frame from UDP source port @sport */
static void build_frame(uint8_t *f, uint16_t sport)
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
	udp[0] = sport >> 8;
	udp[1] = sport & 0xff;
	udp[3] = 9;
	udp[5] = 8 + 64;
}

/* The receiving thread: count what QEMU sends back to our port */
static void *count_returns(void *arg)
{
	static uint8_t bufs[BATCH][2048];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	int fd = *(int *)arg, i, n;

	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	for (;;) {
		n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
		if (n > 0)
			atomic_fetch_add(&received, n);
	}
	return NULL;
}

/* The receiving thread of -s: count the frames of the byte stream */
static void *count_stream_returns(void *arg)
{
	static uint8_t buf[1 << 16];
	uint32_t hdr = 0, have = 0, left = 0;
	int fd = *(int *)arg;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n, i;

	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == 0)
			return NULL;
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				return NULL;
			poll(&pfd, 1, 100);
			continue;
		}
		for (i = 0; i < n;) {
			if (left) {
				uint32_t take = n - i < left ? n - i : left;

				i += take;
				left -= take;
				if (!left)
					atomic_fetch_add(&received, 1);
				continue;
			}
			hdr = hdr << 8 | buf[i++];
			if (++have == 4) {
				left = hdr;
				hdr = have = 0;
				if (!left)
					atomic_fetch_add(&received, 1);
			}
		}
	}
}

/* -s: connect to QEMU's stream netdev, retrying while it starts */
static int stream_connect(const struct sockaddr_in *dst, double secs)
{
	double t0 = now();
	int fd, one = 1;

	while (!stop && now() - t0 < secs) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			return -1;
		if (!connect(fd, (const struct sockaddr *)dst, sizeof(*dst))) {
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
			fcntl(fd, F_SETFL, O_NONBLOCK);
			return fd;
		}
		close(fd);
		usleep(100000);
	}
	return -1;
}

/*
 * -s: send up to @n frames of @sbuf (BATCH records) without blocking; a
 * batch is finished before the next starts. Returns the frames completed.
 */
static int stream_send(int fd, const uint8_t *sbuf, int n)
{
	static size_t off, len;
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	size_t before;
	ssize_t w;

	if (!len) {
		off = 0;
		len = (size_t)n * REC_LEN;
	}
	before = off / REC_LEN;
	w = send(fd, sbuf + off, len - off, MSG_NOSIGNAL);
	if (w < 0) {
		if (errno == EAGAIN)
			poll(&pfd, 1, 10);
		return 0;
	}
	off += w;
	if (off == len)
		len = 0;
	return (int)(off / REC_LEN - before);
}

static void usage(void)
{
	fprintf(stderr, "usage: xdp-udp-gen [-f FLOWS] [-w] [-s] LOCAL-PORT QEMU-PORT SECONDS PPS\n");
}

int main(int argc, char **argv)
{
	struct sockaddr_in local = { .sin_family = AF_INET }, dst = local;
	static uint8_t frames[BATCH][FRAME_LEN];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	unsigned long long sent = 0, due, base_sent = 0;
	double secs, pps, start, t, base_t;
	static uint8_t sbuf[BATCH * REC_LEN];
	int sending = 0, stream = 0;
	int fd, i, n, opt, flows = 1, sndbuf = 4 << 20;
	pthread_t rx;

	while ((opt = getopt(argc, argv, "f:ws")) != -1) {
		switch (opt) {
		case 's':
			stream = 1;
			break;
		case 'w':
			go = 0;
			break;
		case 'f':
			flows = atoi(optarg);
			if (flows < 1 || flows > BATCH) {
				fprintf(stderr, "xdp-udp-gen: -f wants 1..%d\n", BATCH);
				return 2;
			}
			break;
		default:
			usage();
			return 2;
		}
	}
	if (argc - optind != 4) {
		usage();
		return 2;
	}
	argv += optind;
	local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	local.sin_port = htons(atoi(argv[0]));
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dst.sin_port = htons(atoi(argv[1]));
	secs = atof(argv[2]);
	pps = atof(argv[3]);

	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, on_usr2);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (stream) {
		fd = stream_connect(&dst, secs);
		if (fd < 0) {
			fprintf(stderr, "xdp-udp-gen: no stream netdev on port %s\n", argv[1]);
			return 1;
		}
	} else {
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd < 0 || bind(fd, (struct sockaddr *)&local, sizeof(local))) {
			perror("xdp-udp-gen: socket");
			return 1;
		}
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sndbuf, sizeof(sndbuf));
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		build_frame(frames[i], SPORT_BASE + i % flows);
		iov[i].iov_base = frames[i];
		iov[i].iov_len = FRAME_LEN;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &dst;
		msgs[i].msg_hdr.msg_namelen = sizeof(dst);
		sbuf[i * REC_LEN + 2] = FRAME_LEN >> 8;
		sbuf[i * REC_LEN + 3] = FRAME_LEN & 0xff;
		memcpy(sbuf + i * REC_LEN + 4, frames[i], FRAME_LEN);
	}
	if (pthread_create(&rx, NULL, stream ? count_stream_returns : count_returns,
			   &fd)) {
		fprintf(stderr, "xdp-udp-gen: cannot start the receiving thread\n");
		return 1;
	}

	start = base_t = now();
	while (!stop && (t = now()) - start < secs) {
		if (mark) {
			mark = 0;
			printf("mark %.3f %llu %llu\n", t - start, sent,
			       (unsigned long long)atomic_load(&received));
		}
		if (!go) {
			sending = 0;
			usleep(1000);
			continue;
		}
		if (!sending) {
			/* paced from the resumption on, no catching up */
			sending = 1;
			base_t = t;
			base_sent = sent;
		}
		if (pps > 0) {
			due = base_sent + (unsigned long long)((t - base_t) * pps) + 1;
			if (sent >= due) {
				usleep(100);
				continue;
			}
			n = due - sent < BATCH ? (int)(due - sent) : BATCH;
		} else {
			n = BATCH;
		}
		/* whole rounds of the flows, so that each gets its share */
		if (n > flows)
			n -= n % flows;
		if (stream) {
			sent += stream_send(fd, sbuf, n);
			continue;
		}
		n = sendmmsg(fd, msgs, n, 0);
		if (n > 0)
			sent += n;
		else
			usleep(1000);	/* QEMU not listening yet */
	}
	printf("%llu %.1f %llu\n", sent, now() - start,
	       (unsigned long long)atomic_load(&received));
	return 0;
}
