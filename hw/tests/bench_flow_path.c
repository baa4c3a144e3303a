// SPDX-License-Identifier: GPL-2.0
/*
 * bench_flow_path.c - microbenchmark of the switchdev eswitch's offloaded
 * datapath through the whole core (not part of check): a frame handed to
 * xnic_core_port_rx() on the uplink is parsed, looked up among N rules
 * (FLOW_ADD through the command queue: in_port + IPv4 destination exact,
 * OUTPUT back to the uplink) and transmitted (the fake host's port_tx).
 * For 1K, 100K and 1M rules: up to 1024 hot flows (answered by the exact-match
 * cache) and flows spread over all rules (mostly cache misses), in
 * ns/packet of the thread's CPU time. Every frame must reach the wire.
 *
 *   make -C hw/tests bench
 */
#include <time.h>

#include "flow_host.h"

#define PASSES_PKTS	1000000u
#define HOT_FLOWS	1024u

static uint64_t cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* A 64-byte UDP frame to 10.x.y.z = @i */
static void frame_for(uint8_t *f, uint32_t i)
{
	memset(f, 0, 64);
	memcpy(f, "\x02\x00\x00\x00\xaa\x01\x02\x00\x00\x00\xbb\x02", 12);
	f[12] = 0x08;
	f[14] = 0x45;
	f[17] = 50;
	f[22] = 64;
	f[23] = 17;
	f[26] = 192;
	f[29] = 1;
	f[30] = 10;
	f[31] = (uint8_t)(i >> 16);
	f[32] = (uint8_t)(i >> 8);
	f[33] = (uint8_t)i;
}

/* ns per frame over @n frames cycling over the first @flows flows */
static double run(struct fake_host *pf, uint32_t flows, unsigned int n)
{
	static uint8_t frames[HOT_FLOWS][64];
	uint8_t f[64];
	uint64_t t0, t;
	unsigned int i, lost = 0;

	for (i = 0; i < HOT_FLOWS; i++)
		frame_for(frames[i], i % flows);
	t0 = cpu_ns();
	for (i = 0; i < n; i++) {
		const uint8_t *p;

		if (flows <= HOT_FLOWS) {
			p = frames[i % flows];
		} else {
			/* a different flow each time, spread by a stride */
			frame_for(f, (uint32_t)((uint64_t)i * 7919 % flows));
			p = f;
		}
		xnic_core_port_rx(pf->core, 0, p, 64);
		if (pf->ntx != 1)
			lost++;
		pf->ntx = 0;
	}
	t = cpu_ns() - t0;
	if (lost) {
		printf("# %u frames did not reach the wire\n", lost);
		exit(1);
	}
	return (double)t / n;
}

int main(void)
{
	static const uint32_t sizes[] = { 1000, 100000, 1000000 };
	unsigned int s;

	printf("# rules  hot-1024 ns/pkt  spread ns/pkt\n");
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		struct fake_host *pf = host_new_sriov(1, 1, 0, 0);
		uint8_t img[1024];
		struct xnic_fw_info fi;
		struct xnic_flow_rule r;
		uint32_t i, bad = 0;
		int len;

		memset(&fi, 0, sizeof(fi));
		fi.fw_version = XNIC_FW_VERSION(1, 2, 0);
		fi.caps = FLOW_CAPS;
		fi.max_flows = 1048576;
		strcpy(fi.name, "bench");
		len = xnic_fw_image_build(img, sizeof(img), &fi, NULL);
		cmdq_setup(pf, CMDQ_ENTRIES);
		if (len < 0 || fw_upload(pf, img, (size_t)len, 256))
			host_die("firmware", len);
		xnic_core_set_link(pf->core, 0, true);
		if (port_cmd(pf, XNIC_CMD_PORT_ENABLE, 0, 1) ||
		    esw_set(pf, XNIC_ESW_MODE_SWITCHDEV))
			host_die("setup", 0);
		for (i = 0; i < sizes[s]; i++) {
			rule_init(&r, i + 1, 0, 1);
			rule_in_port(&r, XNIC_PORT_PHYS(0));
			r.key.ip_dst[0] = htobe32(0x0a000000 | i);
			r.mask.ip_dst[0] = 0xffffffff;
			act_output(&r, XNIC_PORT_PHYS(0));
			if (flow_add(pf, &r))
				bad++;
		}
		if (bad)
			host_die("rules refused", bad);
		printf("%7u  %15.1f  %13.1f\n", sizes[s],
		       run(pf, sizes[s] < HOT_FLOWS ? sizes[s] : HOT_FLOWS,
			   PASSES_PKTS),
		       run(pf, sizes[s], PASSES_PKTS / 4));
		host_free(pf);
	}
	return 0;
}
