#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-xnic-fw.sh TOOL IMAGE - command-line tests of xnic-fw and the default
# firmware image, TAP output. Run by `make -C firmware-loader check`.
set -u

TOOL=${1:?usage: $0 TOOL IMAGE}
IMAGE=${2:?usage: $0 TOOL IMAGE}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0 failed=0

ok() {	# ok CONDITION-STATUS NAME [DETAIL]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && printf '#   %s\n' "$3"
	fi
}

# run EXPECTED-EXIT NAME CMD...: exit status as expected; output in $T/out, $T/err
run() {
	local want=$1 name=$2 got
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	ok $((got != want)) "$name" \
		"expected exit $want, saw $got; stderr: $(head -c 300 "$T/err")"
}

# has FILE TEXT NAME: FILE contains the fixed string TEXT
has() {
	grep -qF -- "$2" "$1"
	ok $? "$3" "expected '$2' in: $(head -c 600 "$1")"
}

# flip FILE OFFSET: invert one byte in place
flip() {
	local b
	b=$(od -A n -t u1 -j "$2" -N 1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((b ^ 0xff)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

pack() {
	SOURCE_DATE_EPOCH=1700000000 "$TOOL" pack "$@"
}

# --- help and usage
run 0 "--help exits 0" "$TOOL" --help
has "$T/out" "pack -o FILE --version X.Y.Z" "--help describes pack"
run 2 "no command exits 2" "$TOOL"
run 2 "unknown command exits 2" "$TOOL" frobnicate
run 2 "info without a file exits 2" "$TOOL" info
run 2 "verify of a missing file exits 2" "$TOOL" verify "$T/nonexistent"
has "$T/err" "No such file" "missing file is named as such"

# --- pack
run 0 "pack with every option" pack -o "$T/a.fw" --version 2.10.255 \
	--name test-fw --caps l2,flower,bpf --max-flows 4096 \
	--max-bpf-insns 512 --description "a test image"
run 0 "verify the packed image" "$TOOL" verify "$T/a.fw"
run 0 "info on the packed image" "$TOOL" info "$T/a.fw"
has "$T/out" "version:        2.10.255" "info: version"
has "$T/out" "name:           test-fw" "info: name"
has "$T/out" "capabilities:   l2,flower,bpf" "info: capabilities"
has "$T/out" "max flows:      4096" "info: max flows"
has "$T/out" "max bpf insns:  512" "info: max bpf insns"
has "$T/out" "build time:     2023-11-14 22:13:20 UTC (1700000000)" "info: build time from SOURCE_DATE_EPOCH"
has "$T/out" "description:    a test image" "info: description"
has "$T/out" "digest: OK" "info: digest OK"

run 0 "pack the same again" pack -o "$T/b.fw" --version 2.10.255 \
	--name test-fw --caps l2,flower,bpf --max-flows 4096 \
	--max-bpf-insns 512 --description "a test image"
cmp -s "$T/a.fw" "$T/b.fw"
ok $? "same inputs and SOURCE_DATE_EPOCH give identical images"

run 0 "pack with no capabilities" pack -o "$T/c.fw" --version 0.0.1 \
	--name n --caps ""
"$TOOL" info "$T/c.fw" >"$T/out" 2>&1
has "$T/out" "capabilities:   none" "info: no capabilities"

run 2 "version 1.2 refused" pack -o "$T/x.fw" --version 1.2 --name n
run 2 "version 256.0.0 refused" pack -o "$T/x.fw" --version 256.0.0 --name n
run 2 "version 0.0.0 refused" pack -o "$T/x.fw" --version 0.0.0 --name n
run 2 "version 1.-1.0 refused" pack -o "$T/x.fw" --version 1.-1.0 --name n
run 2 "unknown capability refused" pack -o "$T/x.fw" --version 1.0.0 \
	--name n --caps l2,teleport
run 2 "32-character name refused" pack -o "$T/x.fw" --version 1.0.0 \
	--name 0123456789abcdef0123456789abcdef
run 2 "name with a newline refused" pack -o "$T/x.fw" --version 1.0.0 \
	--name "$(printf 'a\nb')"
run 2 "max-flows above the limit refused" pack -o "$T/x.fw" \
	--version 1.0.0 --name n --max-flows 16777217
run 2 "missing -o refused" pack --version 1.0.0 --name n
run 2 "missing --name refused" pack -o "$T/x.fw" --version 1.0.0
run 2 "bad SOURCE_DATE_EPOCH refused" env SOURCE_DATE_EPOCH=yesterday \
	"$TOOL" pack -o "$T/x.fw" --version 1.0.0 --name n
[ ! -e "$T/x.fw" ]
ok $? "no refused pack left a file behind"

# --- the default image
run 0 "default image verifies" "$TOOL" verify "$IMAGE"
"$TOOL" info "$IMAGE" >"$T/out" 2>&1
# what the manifest asks for is what the image says
mf() { sed -n "s/^$1 *:= *//p" "$(dirname "$0")/default-image.mk"; }
has "$T/out" "version:        $(mf FW_VERSION)" "default image: version as in the manifest"
has "$T/out" "capabilities:   $(mf FW_CAPS)" "default image: caps as in the manifest"
has "$T/out" "max flows:      $(mf FW_MAX_FLOWS)" "default image: max flows"
has "$T/out" "max bpf insns:  $(mf FW_MAX_BPF_INSNS)" "default image: max bpf insns"

# --- damaged images
size=$(stat -c %s "$T/a.fw")
for len in 0 100 127 128 $((size - 1)); do
	head -c "$len" "$T/a.fw" >"$T/t.fw"
	run 1 "truncated to $len bytes refused" "$TOOL" verify "$T/t.fw"
	has "$T/err" "truncated" "reason for $len bytes: truncated"
done

cp "$T/a.fw" "$T/p.fw"
flip "$T/p.fw" $((size - 10))
run 1 "payload byte flipped: verify refuses" "$TOOL" verify "$T/p.fw"
has "$T/err" "digest mismatch" "verify says digest mismatch"
run 1 "payload byte flipped: info exits 1" "$TOOL" info "$T/p.fw"
has "$T/out" "digest: MISMATCH" "info says digest: MISMATCH"
has "$T/err" "digest mismatch" "info prints the reason"

cp "$T/a.fw" "$T/h.fw"
flip "$T/h.fw" 24	# max_bpf_insns
run 1 "header byte flipped refused" "$TOOL" verify "$T/h.fw"
has "$T/err" "digest mismatch" "reason: digest mismatch"

cp "$T/a.fw" "$T/m.fw"
flip "$T/m.fw" 0
run 1 "bad magic refused" "$TOOL" info "$T/m.fw"
has "$T/err" "bad magic" "reason: bad magic"

cp "$T/a.fw" "$T/f.fw"
flip "$T/f.fw" 4
run 1 "bad format refused" "$TOOL" verify "$T/f.fw"
has "$T/err" "bad format" "reason: bad format"

{ cat "$T/a.fw"; printf 'junk'; } >"$T/g.fw"
run 1 "trailing garbage refused" "$TOOL" verify "$T/g.fw"
has "$T/err" "trailing garbage" "reason: trailing garbage"

head -c $((2 * 1024 * 1024)) /dev/zero >"$T/big.fw"
run 1 "2 MiB file refused" "$TOOL" verify "$T/big.fw"

echo "1..$n"
[ "$failed" -eq 0 ]
