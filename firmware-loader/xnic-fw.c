// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-fw - build, inspect and verify xnic firmware images.
 *
 *	xnic-fw pack -o FILE --version X.Y.Z --name NAME [options]
 *	xnic-fw info FILE
 *	xnic-fw verify FILE
 *
 * The image format and its checks are hw/core/fw_image.c, the same code the
 * NIC runs when the driver commits an upload, so an image this tool accepts
 * is an image the NIC accepts. Documentation/firmware.rst is the manual.
 *
 * Exit status: 0 success, 1 bad image, 2 usage or I/O error.
 */
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fw_image.h"

#define EXIT_BAD_IMAGE	1
#define EXIT_USAGE	2

/* Read no more than this; anything larger is far past XNIC_FW_MAX_SIZE */
#define READ_LIMIT	(64u * 1024 * 1024)

static const char *prog = "xnic-fw";

static const struct {
	const char *name;
	uint32_t bit;
} cap_names[] = {
	{ "l2", XNIC_CAP_L2 },
	{ "sriov", XNIC_CAP_SRIOV },
	{ "switchdev", XNIC_CAP_SWITCHDEV },
	{ "flower", XNIC_CAP_FLOWER },
	{ "bpf", XNIC_CAP_BPF },
};

#define N_CAPS (sizeof(cap_names) / sizeof(cap_names[0]))

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s COMMAND [ARGS]\n"
		"\n"
		"Build, inspect and verify xnic firmware images.\n"
		"\n"
		"Commands:\n"
		"  pack -o FILE --version X.Y.Z --name NAME [--caps LIST]\n"
		"       [--max-flows N] [--max-bpf-insns N] [--description TEXT]\n"
		"      Build an image. LIST is a comma-separated subset of\n"
		"      l2,sriov,switchdev,flower,bpf (default l2; \"\" for none).\n"
		"      Defaults: --max-flows 1048576, --max-bpf-insns 4096.\n"
		"      NAME is 1..%d printable characters, TEXT 0..%d; X, Y, Z\n"
		"      are 0..255. The build time is $SOURCE_DATE_EPOCH if set\n"
		"      (reproducible images), else the current time.\n"
		"  info FILE\n"
		"      Print the image's header fields and whether its digest\n"
		"      matches; a bad image exits 1 with the reason.\n"
		"  verify FILE\n"
		"      Check the image as the NIC does: exit 0 if good, else\n"
		"      print the reason on stderr and exit 1.\n"
		"  help, --help, -h\n"
		"      This text.\n"
		"\n"
		"Exit status: 0 success, 1 bad image, 2 usage or I/O error.\n",
		prog, XNIC_FW_NAME_MAX, XNIC_FW_DESC_MAX);
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", prog);
	return EXIT_USAGE;
}

/* Strict unsigned decimal, no sign, no spaces, up to @max */
static int parse_uint(const char *s, unsigned long long max,
		      unsigned long long *out)
{
	unsigned long long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (unsigned long long)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	*out = v;
	return 0;
}

/* "X.Y.Z", each 0..255, into XNIC_FW_VERSION(X, Y, Z) */
static int parse_version(const char *s, uint32_t *out)
{
	unsigned long long part[3];
	char buf[16], *p = buf, *dot;
	int i;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (i = 0; i < 3; i++) {
		dot = strchr(p, '.');
		if ((i < 2) != (dot != NULL))
			return -1;
		if (dot)
			*dot = '\0';
		if (parse_uint(p, 255, &part[i]))
			return -1;
		p = dot + 1;
	}
	*out = XNIC_FW_VERSION((uint32_t)part[0], (uint32_t)part[1],
			       (uint32_t)part[2]);
	return 0;
}

static int parse_caps(const char *s, uint32_t *out)
{
	uint32_t caps = 0;
	size_t i, n;

	while (*s) {
		n = strcspn(s, ",");
		for (i = 0; i < N_CAPS; i++)
			if (strlen(cap_names[i].name) == n &&
			    !strncmp(s, cap_names[i].name, n))
				break;
		if (i == N_CAPS)
			return -1;
		caps |= cap_names[i].bit;
		s += n;
		if (*s == ',' && *++s == '\0')
			return -1;
	}
	*out = caps;
	return 0;
}

static void print_caps(uint32_t caps)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < N_CAPS; i++) {
		if (caps & cap_names[i].bit) {
			printf("%s%s", sep, cap_names[i].name);
			sep = ",";
			caps &= ~cap_names[i].bit;
		}
	}
	if (caps)
		printf("%s0x%x", sep, caps);
	else if (!*sep)
		printf("none");
	printf("\n");
}

static int build_time(uint64_t *out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	unsigned long long v;
	time_t now;

	if (sde) {
		if (parse_uint(sde, UINT64_MAX, &v)) {
			fprintf(stderr, "%s: SOURCE_DATE_EPOCH '%s' is not a number of seconds\n",
				prog, sde);
			return -1;
		}
		*out = v;
		return 0;
	}
	now = time(NULL);
	if (now == (time_t)-1) {
		fprintf(stderr, "%s: cannot read the clock\n", prog);
		return -1;
	}
	*out = (uint64_t)now;
	return 0;
}

/* Write @len bytes to @path through a temporary file and a rename, so a
 * failed or interrupted write never leaves a half image under @path */
static int write_file(const char *path, const uint8_t *data, size_t len)
{
	size_t tlen = strlen(path) + sizeof(".tmp");
	char *tmp = malloc(tlen);
	FILE *f;

	if (!tmp) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return -1;
	}
	snprintf(tmp, tlen, "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
		goto err_free;
	}
	if (fwrite(data, 1, len, f) != len) {
		fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
		fclose(f);
		goto err_unlink;
	}
	if (fclose(f)) {
		fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
		goto err_unlink;
	}
	if (rename(tmp, path)) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		goto err_unlink;
	}
	free(tmp);
	return 0;

err_unlink:
	remove(tmp);
err_free:
	free(tmp);
	return -1;
}

/* Whole file into a malloc'ed buffer; *len its size */
static uint8_t *read_file(const char *path, size_t *len)
{
	size_t cap = 64 * 1024, n = 0, got;
	uint8_t *buf = malloc(cap), *bigger;
	FILE *f;

	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return NULL;
	}
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		goto err_free;
	}
	for (;;) {
		if (n == cap) {
			if (cap >= READ_LIMIT) {
				fprintf(stderr, "%s: %s: larger than %u bytes, not a firmware image\n",
					prog, path, READ_LIMIT);
				goto err_close;
			}
			bigger = realloc(buf, cap * 2);
			if (!bigger) {
				fprintf(stderr, "%s: out of memory\n", prog);
				goto err_close;
			}
			buf = bigger;
			cap *= 2;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: %s: read error\n", prog, path);
		goto err_close;
	}
	fclose(f);
	*len = n;
	return buf;

err_close:
	fclose(f);
err_free:
	free(buf);
	return NULL;
}

static int cmd_pack(int argc, char **argv)
{
	enum { OPT_VERSION = 256, OPT_NAME, OPT_CAPS, OPT_MAX_FLOWS,
	       OPT_MAX_BPF_INSNS, OPT_DESCRIPTION };
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "version", required_argument, NULL, OPT_VERSION },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "caps", required_argument, NULL, OPT_CAPS },
		{ "max-flows", required_argument, NULL, OPT_MAX_FLOWS },
		{ "max-bpf-insns", required_argument, NULL, OPT_MAX_BPF_INSNS },
		{ "description", required_argument, NULL, OPT_DESCRIPTION },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct xnic_fw_info info;
	const char *out = NULL, *why;
	unsigned long long v;
	uint8_t *img;
	int c, n, ret;

	memset(&info, 0, sizeof(info));
	info.caps = XNIC_CAP_L2;
	info.max_flows = 1048576;
	info.max_bpf_insns = 4096;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case OPT_VERSION:
			if (parse_version(optarg, &info.fw_version))
				return usage_error("--version '%s': want X.Y.Z, each 0..255",
						   optarg);
			break;
		case OPT_NAME:
			if (strlen(optarg) > XNIC_FW_NAME_MAX)
				return usage_error("--name '%s': longer than 31 characters",
						   optarg);
			strcpy(info.name, optarg);
			break;
		case OPT_CAPS:
			if (parse_caps(optarg, &info.caps))
				return usage_error("--caps '%s': want a comma-separated subset of l2,sriov,switchdev,flower,bpf",
						   optarg);
			break;
		case OPT_MAX_FLOWS:
			if (parse_uint(optarg, XNIC_FW_MAX_FLOWS_LIMIT, &v))
				return usage_error("--max-flows '%s': want 0..16777216",
						   optarg);
			info.max_flows = (uint32_t)v;
			break;
		case OPT_MAX_BPF_INSNS:
			if (parse_uint(optarg, XNIC_FW_MAX_BPF_INSNS_LIMIT, &v))
				return usage_error("--max-bpf-insns '%s': want 0..1048576",
						   optarg);
			info.max_bpf_insns = (uint32_t)v;
			break;
		case OPT_DESCRIPTION:
			if (strlen(optarg) > XNIC_FW_DESC_MAX)
				return usage_error("--description '%s': longer than 255 characters",
						   optarg);
			strcpy(info.description, optarg);
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		default:
			fprintf(stderr, "Try '%s --help'.\n", prog);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error("pack: unexpected argument '%s'",
				   argv[optind]);
	if (!out)
		return usage_error("pack: %s", "-o FILE is required");
	if (!info.fw_version)
		return usage_error("pack: %s",
				   "--version X.Y.Z is required and not 0.0.0");
	if (!info.name[0])
		return usage_error("pack: %s", "--name NAME is required");
	if (build_time(&info.build_time))
		return EXIT_USAGE;

	img = malloc(xnic_fw_image_size(&info));
	if (!img) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return EXIT_USAGE;
	}
	n = xnic_fw_image_build(img, xnic_fw_image_size(&info), &info, &why);
	if (n < 0) {
		fprintf(stderr, "%s: pack: %s\n", prog, why);
		free(img);
		return EXIT_USAGE;
	}
	ret = write_file(out, img, (size_t)n) ? EXIT_USAGE : EXIT_SUCCESS;
	free(img);
	return ret;
}

static void print_hex(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static void print_time(uint64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[64];

	if ((uint64_t)tt == t && gmtime_r(&tt, &tm) &&
	    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm))
		printf("%s (%llu)\n", buf, (unsigned long long)t);
	else
		printf("%llu\n", (unsigned long long)t);
}

/*
 * Print the header as it is, whether or not the image is good, so that a
 * broken image can be examined; then the verdict of xnic_fw_image_check().
 */
static int cmd_info(const char *path)
{
	uint8_t digest[XNIC_FW_DIGEST_LEN];
	struct xnic_fw_header h;
	struct xnic_fw_info info;
	const char *why;
	uint32_t v;
	uint8_t *img;
	size_t len;
	char name[33];
	int ok;

	img = read_file(path, &len);
	if (!img)
		return EXIT_USAGE;
	ok = !xnic_fw_image_check(img, len, &info, &why);

	printf("file:           %s (%zu bytes)\n", path, len);
	if (len < sizeof(h)) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, why);
		free(img);
		return EXIT_BAD_IMAGE;
	}
	memcpy(&h, img, sizeof(h));
	memcpy(name, h.name, sizeof(h.name));
	name[sizeof(h.name)] = '\0';
	v = le32toh(h.fw_version);

	printf("magic:          0x%08x%s\n", le32toh(h.magic),
	       le32toh(h.magic) == XNIC_FW_MAGIC ? " (XNFW)" : "");
	printf("format:         %u\n", le16toh(h.format));
	printf("header length:  %u\n", le16toh(h.header_len));
	printf("payload length: %u\n", le32toh(h.payload_len));
	printf("name:           %s\n", name);
	printf("version:        %u.%u.%u\n", v >> 16, (v >> 8) & 0xff, v & 0xff);
	printf("capabilities:   ");
	print_caps(le32toh(h.caps));
	printf("max flows:      %u\n", le32toh(h.max_flows));
	printf("max bpf insns:  %u\n", le32toh(h.max_bpf_insns));
	printf("build time:     ");
	print_time(le64toh(h.build_time));
	if (ok && info.description[0])
		printf("description:    %s\n", info.description);
	printf("sha256:         ");
	print_hex(h.digest, sizeof(h.digest));

	xnic_fw_image_digest(img, len, digest);
	if (!memcmp(digest, h.digest, sizeof(digest))) {
		printf("digest: OK\n");
	} else {
		printf("digest: MISMATCH\n");
		printf("computed:       ");
		print_hex(digest, sizeof(digest));
	}
	free(img);
	if (!ok) {
		printf("image: BAD: %s\n", why);
		fprintf(stderr, "%s: %s: %s\n", prog, path, why);
		return EXIT_BAD_IMAGE;
	}
	printf("image: OK\n");
	return EXIT_SUCCESS;
}

static int cmd_verify(const char *path)
{
	const char *why;
	uint8_t *img;
	size_t len;
	int ret;

	img = read_file(path, &len);
	if (!img)
		return EXIT_USAGE;
	ret = xnic_fw_image_check(img, len, NULL, &why);
	free(img);
	if (ret) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, why);
		return EXIT_BAD_IMAGE;
	}
	return EXIT_SUCCESS;
}

/* "info FILE" / "verify FILE": exactly one argument, --help allowed */
static int one_file_cmd(int argc, char **argv, int (*fn)(const char *))
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	if (argc != 2)
		return usage_error("%s: want exactly one FILE", argv[0]);
	return fn(argv[1]);
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") ||
	    !strcmp(cmd, "help")) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	if (!strcmp(cmd, "pack")) {
		static char pack_name[] = "xnic-fw pack";

		argv[1] = pack_name;	/* getopt's messages name the command */
		return cmd_pack(argc - 1, argv + 1);
	}
	if (!strcmp(cmd, "info"))
		return one_file_cmd(argc - 1, argv + 1, cmd_info);
	if (!strcmp(cmd, "verify"))
		return one_file_cmd(argc - 1, argv + 1, cmd_verify);
	return usage_error("unknown command '%s'", cmd);
}
