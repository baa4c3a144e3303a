// SPDX-License-Identifier: GPL-2.0
/*
 * bench_bpf.c - microbenchmark of the NIC's XDP engine (not part of check):
 * ns per packet of a drop-by-UDP-port program, (a) in the interpreter
 * alone and (b) through the whole port ingress path (xnic_core_port_rx:
 * port checks, copy into the headroom buffer, run, verdict, counters).
 *
 *   make -C hw/tests bench
 *
 * Built with -O2 and without sanitizers. Absolute figures depend on the
 * machine; compare runs on the same one.
 */
#include <time.h>

#include "bpf_host.h"
#include "bpf_progs.h"

#define PACKETS	2000000u

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}


int main(void)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0, 1 };
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 2 };
	struct fake_host *h = host_new_cfg(1, 1);
	struct xnic_bpf_prog_stats s;
	struct xnic_bpf *bpf = xnic_bpf_new(NULL, NULL);
	struct xnic_bpf_prog *prog;
	struct xnic_bpf_pkt pkt;
	const char *fault;
	uint64_t t0, t1, insns, drops = 0;
	uint8_t frame[64];
	char why[XNIC_BPF_MSG_LEN];
	uint32_t bad, i;
	const struct xnic_bpf_insn drop7[] = BPF_PROG_DROP_UDP7;

	make_frame(frame, dst, src, 1234, sizeof(frame), 0);
	frame[36] = 0;
	frame[37] = 7;

	/* (a) the interpreter alone */
	prog = xnic_bpf_prog_check(bpf, drop7, NINSNS(drop7), 4096, &bad, why,
				   sizeof(why));
	if (!bpf || !prog) {
		printf("bench: program refused: %s\n", why);
		return 1;
	}
	memcpy(bpf->pkt + XNIC_BPF_HEADROOM, frame, sizeof(frame));
	t0 = now_ns();
	for (i = 0; i < PACKETS; i++) {
		pkt.buf = bpf->pkt;
		pkt.buf_size = XNIC_BPF_PKT_BUF_SIZE;
		pkt.data = XNIC_BPF_HEADROOM;
		pkt.data_end = XNIC_BPF_HEADROOM + sizeof(frame);
		pkt.ifindex = 0;
		pkt.rx_queue = 0;
		drops += xnic_bpf_run(bpf, prog, &pkt, &fault, &insns) ==
			 XNIC_XDP_DROP;
	}
	t1 = now_ns();
	printf("interpreter:  %.1f ns/packet (%llu instructions each, %.2f ns/insn), %llu of %u dropped\n",
	       (double)(t1 - t0) / PACKETS, (unsigned long long)insns,
	       (double)(t1 - t0) / PACKETS / (double)insns,
	       (unsigned long long)drops, PACKETS);
	xnic_bpf_prog_free(prog);
	xnic_bpf_free(bpf);

	/* (b) the port ingress path */
	bpf_boot(h, XNIC_CAP_L2 | XNIC_CAP_BPF, 4096);
	xnic_core_set_link(h->core, 0, true);
	if (port_cmd(h, XNIC_CMD_PORT_ENABLE, 0, 1) ||
	    prog_load(h, 0, 0, drop7, NINSNS(drop7), NULL))
		host_die("bench setup failed", 0);
	t0 = now_ns();
	for (i = 0; i < PACKETS; i++)
		xnic_core_port_rx(h->core, 0, frame, sizeof(frame));
	t1 = now_ns();
	s = prog_stats(h, 0);
	printf("port ingress: %.1f ns/packet, %llu of %llu runs dropped by the NIC\n",
	       (double)(t1 - t0) / PACKETS,
	       (unsigned long long)le64toh(s.drop),
	       (unsigned long long)le64toh(s.runs));
	host_free(h);
	return 0;
}
