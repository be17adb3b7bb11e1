#!/usr/bin/env bash
# The serial console. OVMF mirrors its console to COM1, so by default
# (serial=auto) efimm must notice and not write there itself: every line
# once. With serial=on it writes COM1 directly as well: every line twice
# (once through the firmware's mirror, once from efimm), which proves the
# direct path that real PCs without a firmware mirror use.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=build/boot-console
rm -rf "$out"; mkdir -p "$out"
passed=0 failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

export MEM=512M
for mode in auto on; do
	cp build/efimm.img "$out/$mode.img"
	echo "batch serial=$mode noreport" >"$out/$mode.cmdline"
	scripts/esp.sh put "$out/$mode.img" "$out/$mode.cmdline" /efimm/cmdline.txt
	( DEBUGCON=$out/$mode.debugcon scripts/qemu-boot.sh "$out/$mode.img" "$out/$mode.serial" 2>"$out/$mode.time"
	  echo $? >"$out/$mode.status" ) &
done
wait

copies() { tr -d '\r' <"$1" | grep -ac '^BIOS-provided physical RAM map:$'; }
if [ "$(cat "$out/auto.status")" = 1 ] && [ "$(copies "$out/auto.serial")" = 1 ] &&
	grep -a "console: the firmware mirrors it to a serial port already" "$out/auto.debugcon" >/dev/null; then
	pass "serial=auto: the firmware's UART console is found; each line once on the serial port"
else
	fail "serial=auto: QEMU exit $(cat "$out/auto.status"), $(copies "$out/auto.serial") copies on the serial port (want 1)"
fi
if [ "$(cat "$out/on.status")" = 1 ] && [ "$(copies "$out/on.serial")" = 2 ] &&
	grep -a "console: writing to COM1" "$out/on.debugcon" >/dev/null; then
	pass "serial=on: efimm writes COM1 itself (each line twice: the firmware's mirror and efimm's)"
else
	fail "serial=on: QEMU exit $(cat "$out/on.status"), $(copies "$out/on.serial") copies on the serial port (want 2)"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
