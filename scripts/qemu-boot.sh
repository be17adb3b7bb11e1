#!/usr/bin/env bash
# Boot one disk image unattended in the guest that scripts/qemu-args.sh
# describes, with the serial console captured to a file. Shared by the Linux
# reference boot (scripts/linux-ref.sh) and the boot tests (tests/boot/run.sh).
#
# Usage: scripts/qemu-boot.sh DISK SERIAL_LOG [EXTRA QEMU ARGS...]
# Environment:
#   MACHINE MEM SMP NODES DEBUGCON   as for scripts/qemu-args.sh
#   BOOT_TIMEOUT  seconds before QEMU is killed (default 120)
#   BOOT_STOP     grep -E pattern: stop QEMU once the serial log matches it
#   VARS_TEMPLATE OVMF variable store to start from (default OVMF_VARS_4M.fd)
#   KEEP_DISK     copy the guest's disk here afterwards (to read what it wrote)
# Exit status: QEMU's own (isa-debug-exit makes it (v << 1) | 1), 0 when
# stopped at BOOT_STOP, 124 on timeout. Prints the elapsed time on stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
disk=$1 out=$2; shift 2
tmo=${BOOT_TIMEOUT:-120}
stop=${BOOT_STOP:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/efimm-boot.XXXXXX")
catpid="" qpid=""
cleanup() {
	[ -z "$qpid" ] || kill "$qpid" 2>/dev/null || true
	[ -z "$catpid" ] || kill "$catpid" 2>/dev/null || true
	[ -z "${KEEP_DISK:-}" ] || cp "$work/disk.img" "$KEEP_DISK" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# Private copies: QEMU locks its writable disk and VARS, and boots run in parallel.
cp "$disk" "$work/disk.img"
cp "${VARS_TEMPLATE:-/usr/share/OVMF/OVMF_VARS_4M.fd}" "$work/vars.fd"

# Serial through a pipe rather than file:, so that we can also type: OVMF's
# UEFI shell waits 5 s before startup.nsh ("Press ESC in 5 seconds to skip
# startup.nsh or any other key to continue") and takes the serial port as a
# keyboard, so pressing Enter there saves the 5 s.
mkfifo "$work/serial.in" "$work/serial.out"
: >"$out"
cat "$work/serial.out" >"$out" &
catpid=$!

mapfile -t cmd < <(DISK="$work/disk.img" VARS="$work/vars.fd" SERIAL="pipe:$work/serial" "$here/qemu-args.sh")
t0=$(date +%s%N)
timeout -k 5 "$tmo" "${cmd[@]}" -accel tcg "$@" &
qpid=$!
keyed=0 stopped=0
while kill -0 "$qpid" 2>/dev/null; do
	if ((!keyed)) && grep -aq 'seconds to skip' "$out"; then
		printf '\r' >"$work/serial.in"
		keyed=1
	fi
	if [ -n "$stop" ] && grep -aqE "$stop" "$out"; then
		kill "$qpid" 2>/dev/null || true
		stopped=1
		break
	fi
	sleep 0.1
done
rc=0
wait "$qpid" || rc=$?
qpid=""
# cat ends when QEMU closes the pipe; give it a moment to drain.
for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$catpid" 2>/dev/null || break; sleep 0.1; done
ms=$((($(date +%s%N) - t0) / 1000000))
if ((stopped)); then rc=0; fi
printf 'qemu-boot: %s %s%s: %d.%d s, %s\n' "${MACHINE:-q35}" "${MEM:-1G}" "${NODES:+ nodes=$NODES}" \
	$((ms / 1000)) $((ms % 1000 / 100)) \
	"$(if ((stopped)); then echo "stopped at /$stop/"; elif ((rc == 124)); then echo "TIMED OUT after ${tmo}s"; else echo "exit status $rc"; fi)" >&2
exit "$rc"
