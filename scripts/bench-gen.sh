# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Host side of the benchmarks whose traffic comes from outside the guest
# (sourced by scripts/bench-xdp-offload and scripts/bench-flower, which set
# REPO): the generator scripts/xdp-udp-gen.c sends into QEMU's "dgram"
# netdev of the NIC's port 0 and counts what the NIC sends back out of it.
#
# GEN_STREAM=1 before gen_start: the frames go over a QEMU "stream"
# netdev (TCP, length-prefixed frames, many per read) instead of "dgram"
# (one datagram, one system call and one main-loop turn per frame).
#
# The generator starts paused. The in-guest half of a benchmark prints on
# its stdout (helpers in the "benchmarks" section of selftests/lib.sh):
#
#   @window NAME SECS  ready for a measuring window: gen_vm records the
#                     generator's counters as mark NAME, has it send for
#                     SECS seconds of the host's clock, pauses it and
#                     records mark NAME.end. A mark is "NAME T SENT
#                     RECEIVED RCVBUF_ERRORS IOTHREAD QEMU" in $GEN_MARKS
#                     (T: generator seconds; RCVBUF_ERRORS: the host's UDP
#                     RcvbufErrors, datagrams a full socket buffer dropped,
#                     i.e. that QEMU did not read in time; IOTHREAD and
#                     QEMU: CPU seconds of QEMU's main thread, where the
#                     NIC and the netdev run, and of the whole process)
#   @set KEY VALUE    a figure measured in the guest, kept in $GEN_VALUES
#
# and every other line is passed through.

GEN_BIN=$REPO/build/xdp-udp-gen
GEN_STREAM=${GEN_STREAM:-0}

# gen_build: compile the generator
gen_build() {
	mkdir -p "$REPO/build" &&
		cc -O2 -Wall -pthread -o "$GEN_BIN" "$REPO/scripts/xdp-udp-gen.c"
}

# gen_start SECONDS PPS FLOWS: two free UDP ports on the host (QEMU's,
# QPORT, and the generator's, GPORT), then the generator, pinned to the
# last CPU (QEMU's threads stay free to use the others); sets GEN_PID,
# GEN_OUT, GEN_MARKS and GEN_VALUES (files that gen_stop removes)
gen_start() {
	read -r QPORT GPORT < <(/usr/bin/python3 -c 'import socket
s = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(2)]
for x in s:
    x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
	GEN_OUT=$(mktemp /tmp/xnic-gen.XXXXXX)
	GEN_MARKS=$(mktemp /tmp/xnic-gen-marks.XXXXXX)
	GEN_VALUES=$(mktemp /tmp/xnic-gen-values.XXXXXX)
	local mode=()
	[ "$GEN_STREAM" = 1 ] && mode=(-s)
	taskset -c "$(($(nproc) - 1))" \
		"$GEN_BIN" -w "${mode[@]}" -f "$3" "$GPORT" "$QPORT" "$1" "$2" >"$GEN_OUT" &
	GEN_PID=$!
}

gen_stop() {
	kill "$GEN_PID" 2>/dev/null
	wait "$GEN_PID" 2>/dev/null
	rm -f "$GEN_OUT" "$GEN_MARKS" "$GEN_VALUES"
}

# udp_rcvbuf_errors: the host's UDP RcvbufErrors counter
udp_rcvbuf_errors() {
	awk '$1 == "Udp:" && !h { for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
	     $1 == "Udp:" { print $c["RcvbufErrors"] }' /proc/net/snmp
}

# qemu_cpu_secs: "IOTHREAD QEMU" CPU seconds of the QEMU wired to QPORT
# (its main thread; all its threads); "0 0" if it is not found
qemu_cpu_secs() {
	local pid
	pid=$(pgrep -f "^[^ ]*qemu-system-x86_64 .*port=$QPORT( |,|$)" | head -n 1)
	[ -n "$pid" ] || { echo "0 0"; return; }
	# utime and stime, fields 14 and 15 after the "(comm)" field
	{ sed 's/.*) //' "/proc/$pid/task/$pid/stat"; sed 's/.*) //' "/proc/$pid/stat"; } |
		awk -v hz="$(getconf CLK_TCK)" '{ v[NR] = ($12 + $13) / hz }
			END { printf "%.2f %.2f\n", v[1], v[2] }'
}

# gen_mark NAME: the generator's counters now, recorded under NAME
gen_mark() {
	local n i line
	n=$(grep -c '^mark ' "$GEN_OUT")
	kill -USR1 "$GEN_PID" 2>/dev/null || return 1
	for ((i = 0; i < 100; i++)); do
		[ "$(grep -c '^mark ' "$GEN_OUT")" -gt "$n" ] && break
		sleep 0.02
	done
	line=$(grep '^mark ' "$GEN_OUT" | tail -n 1)
	echo "$1 ${line#mark } $(udp_rcvbuf_errors) $(qemu_cpu_secs)" >>"$GEN_MARKS"
}

# gen_window NAME SECS: the generator sends for SECS seconds, between the
# marks NAME and NAME.end
gen_window() {
	gen_mark "$1"
	kill -USR2 "$GEN_PID"
	sleep "$2"
	kill -USR2 "$GEN_PID"
	gen_mark "$1.end"
}

# gen_vm VM-OPTIONS... -- CMD...: scripts/vm with port 0 wired to the
# generator, the guest's @mark and @set lines handled; returns the VM's
# exit status
gen_vm() {
	local line port0=dgram:local=127.0.0.1:$QPORT,remote=127.0.0.1:$GPORT
	[ "$GEN_STREAM" = 1 ] && port0=stream:server=127.0.0.1:$QPORT
	"$REPO/scripts/vm" --port0 "$port0" "$@" |
		while IFS= read -r line; do
			case "$line" in
			"@window "*) gen_window ${line#@window } ;;
			"@set "*) echo "${line#@set }" >>"$GEN_VALUES" ;;
			*) printf '%s\n' "$line" ;;
			esac
		done
	return "${PIPESTATUS[0]}"
}

# gen_value KEY: a figure the guest reported with "@set KEY VALUE"; "n/a"
gen_value() {
	awk -v k="$1" '$1 == k { v = $2 } END { print (v == "" ? "n/a" : v) }' "$GEN_VALUES"
}

# gen_delta FROM TO FIELD: FIELD (t, sent, received, rcvbuf, iothread,
# qemu) at mark TO
# minus at mark FROM; "n/a" if a mark is missing
gen_delta() {
	awk -v a="$1" -v b="$2" -v f="$3" '
		BEGIN { i["t"] = 2; i["sent"] = 3; i["received"] = 4; i["rcvbuf"] = 5
			i["iothread"] = 6; i["qemu"] = 7 }
		$1 == a { x = $i[f]; hx = 1 } $1 == b { y = $i[f]; hy = 1 }
		END { if (hx && hy) print y - x; else print "n/a" }' "$GEN_MARKS"
}

# gen_rate FROM TO FIELD: FIELD per second of the generator's clock between
# the marks FROM and TO; "n/a" if a mark is missing
gen_rate() { per_sec "$(gen_delta "$1" "$2" "$3")" "$(gen_delta "$1" "$2" t)"; }

# per_sec COUNT SECONDS: COUNT / SECONDS, "n/a" unless numbers
per_sec() {
	[[ "$1" =~ ^-?[0-9.]+$ ]] && [[ "$2" =~ ^[0-9.]+$ ]] || { echo n/a; return; }
	awk -v d="$1" -v t="$2" 'BEGIN { printf "%d", (t > 0 ? d / t : 0) }'
}

# gen_cpu_pct FROM TO FIELD: CPU time (iothread, qemu) between two marks,
# in percent of one host core
gen_cpu_pct() {
	local d
	d=$(gen_delta "$1" "$2" "$3")
	[ "$d" = n/a ] || d=$(awk -v d="$d" 'BEGIN { print d * 100 }')
	per_sec "$d" "$(gen_delta "$1" "$2" t)"
}

# gen_cpu_us FROM TO FIELD FRAMES: CPU time (iothread, qemu) between two
# marks per frame, in microseconds
gen_cpu_us() {
	local d
	d=$(gen_delta "$1" "$2" "$3")
	[[ "$d" =~ ^[0-9.]+$ ]] && [[ "$4" =~ ^[1-9][0-9]*$ ]] || { echo n/a; return; }
	awk -v d="$d" -v n="$4" 'BEGIN { printf "%.1f", d * 1e6 / n }'
}

# ratio A B: A / B with one decimal, "n/a" unless both are numbers, B > 0
ratio() {
	if [[ "$1" =~ ^[0-9.]+$ ]] && [[ "$2" =~ ^[0-9.]+$ ]] &&
	   awk -v b="$2" 'BEGIN { exit !(b > 0) }'; then
		awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'
	else
		echo n/a
	fi
}
