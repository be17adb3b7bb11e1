#!/usr/bin/env bash
# The memory picture on the screen: `batch picture` draws it and holds it 5 s;
# a QMP screendump of that moment must show, at the centre of every bar efimm
# says it drew (its "efimm: picture:" debug lines), that bar's colour. Without
# a display adapter (no GOP) the same picture must come out as text.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=build/boot-picture
rm -rf "$out"; mkdir -p "$out"
passed=0 failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

cp build/efimm.img "$out/disk.img"
echo "batch picture" >"$out/cmdline.txt"
scripts/esp.sh put "$out/disk.img" "$out/cmdline.txt" /efimm/cmdline.txt
export MEM=1G
( QMP=$out/qmp.sock DEBUGCON=$out/gop.debugcon scripts/qemu-boot.sh "$out/disk.img" "$out/gop.serial" 2>"$out/gop.time"
  echo $? >"$out/gop.status" ) &
gop_pid=$!
( NOGOP=1 DEBUGCON=$out/text.debugcon scripts/qemu-boot.sh "$out/disk.img" "$out/text.serial" 2>"$out/text.time"
  echo $? >"$out/text.status" ) &

# Wait for the picture, then take the screen while efimm holds it.
for _ in $(seq 1 120); do
	grep -aq "memory picture drawn" "$out/gop.debugcon" 2>/dev/null && break
	sleep 0.5
done
/usr/bin/python3 - "$out/qmp.sock" "$top/$out/screen.ppm" <<'PY' || echo "screendump failed" >"$out/screendump.err"
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rw")
f.readline()
for cmd in ({"execute": "qmp_capabilities"},
            {"execute": "screendump", "arguments": {"filename": sys.argv[2]}}):
    f.write(json.dumps(cmd) + "\n"); f.flush()
    reply = json.loads(f.readline())
    assert "return" in reply, reply
PY
wait

if [ "$(cat "$out/gop.status")" = 1 ] && [ -s "$out/screen.ppm" ]; then
	pass "batch picture: drawn and captured (QEMU exit 1)"
else
	fail "batch picture: QEMU exit $(cat "$out/gop.status"), screendump $([ -s "$out/screen.ppm" ] && echo taken || echo missing)"
fi
# Every bar wider than 4 pixels shows its colour at its centre (holes are hatched: not checked).
if /usr/bin/python3 - "$out/screen.ppm" "$out/gop.debugcon" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
w, h = int(m.group(1)), int(m.group(2))
pix = data[m.end():]
bars = re.findall(r"efimm: picture: (\S+) x=(\d+) y=(\d+) w=(\d+) h=(\d+) colour=([0-9a-f]{6}) \[mem (\S+)",
                  open(sys.argv[2], errors="replace").read())
assert len(bars) > 10, "too few bars logged"
checked = 0
for n, (row, x, y, bw, bh, colour, start) in enumerate(bars):
    x, y, bw, bh = int(x), int(y), int(bw), int(bh)
    if colour == "000000" or bw < 5:
        continue
    cx, cy = x + bw // 2, y + bh // 2
    # Bars drawn later in the same row (reservations over free RAM) cover earlier ones.
    if any(r == row and int(lx) <= cx < int(lx) + int(lw) for r, lx, _, lw, _, _, _ in bars[n + 1:]):
        continue
    i = 3 * (cy * w + cx)
    got = "%02x%02x%02x" % tuple(pix[i:i + 3])
    assert got == colour, "%s bar at %s: screen %s, drawn %s" % (row, start, got, colour)
    checked += 1
print("checked %d bars" % checked)
assert checked >= 10
PY
then pass "screendump shows every bar in its colour where efimm drew it"
else fail "the screen does not show the bars efimm says it drew"; fi

if [ "$(cat "$out/text.status")" = 1 ] && grep -a "^efimm: memory picture (holes compressed" "$out/text.debugcon" >/dev/null &&
	grep -aE "^  E820 +U" "$out/text.debugcon" >/dev/null; then
	pass "no graphics output (-vga none): the picture is printed as text"
else
	fail "no graphics output: no text picture (QEMU exit $(cat "$out/text.status"))"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
