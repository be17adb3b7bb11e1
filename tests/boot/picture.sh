#!/usr/bin/env bash
# The memory picture on the screen: `batch picture` draws it and holds it 5 s;
# a QMP screendump of that moment must show, at the centre of every bar efimm
# says it drew (its "efimm: picture:" debug lines), that bar's colour, and
# match the layout this script computes itself from the tables efimm printed
# (E820, node ranges, zoneinfo, buddyinfo). Without a display adapter (no
# GOP) the same picture must come out as text.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# BOOT_OUT and EFIMM_IMG let a developer run the suite beside the lead's runs.
out=${BOOT_OUT:-build/boot-picture}
rm -rf "$out"; mkdir -p "$out"
passed=0 failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

cp "${EFIMM_IMG:-build/efimm.img}" "$out/disk.img"
# The self-tests are not what this suite checks: off, so the picture comes quickly.
echo "batch picture page_selftest=off slab_selftest=off" >"$out/cmdline.txt"
scripts/esp.sh put "$out/disk.img" "$out/cmdline.txt" /efimm/cmdline.txt
export MEM=${MEM:-1G}
( QMP=$out/qmp.sock DEBUGCON=$out/gop.debugcon scripts/qemu-boot.sh "$out/disk.img" "$out/gop.serial" 2>"$out/gop.time"
  echo $? >"$out/gop.status" ) &
gop_pid=$!
( NOGOP=1 DEBUGCON=$out/text.debugcon scripts/qemu-boot.sh "$out/disk.img" "$out/text.serial" 2>"$out/text.time"
  echo $? >"$out/text.status" ) &

# Wait for the picture, then take the screen while efimm holds it.
for _ in $(seq 1 $((2 * ${BOOT_TIMEOUT:-120}))); do
	grep -aq "memory picture drawn" "$out/gop.debugcon" 2>/dev/null && break
	sleep 0.5
done
/usr/bin/python3 scripts/qmp.py screendump "$out/qmp.sock" "$top/$out/screen.ppm" || echo "screendump failed" >"$out/screendump.err"
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
bars = re.findall(r"efimm: picture: (\S+) x=(\d+) y=(\d+) w=(\d+) h=(\d+) colour=([0-9a-f]{6}) \[([^\]]*)\]",
                  open(sys.argv[2], errors="replace").read())
assert len(bars) > 10, "too few bars logged"
assert {"E820", "nodes", "zones", "memblock", "buddy"} <= {b[0] for b in bars}, "a row is missing"
checked = 0
for n, (row, x, y, bw, bh, colour, what) in enumerate(bars):
    x, y, bw, bh = int(x), int(y), int(bw), int(bh)
    if colour == "000000" or bw < 5 or bh < 1:
        continue
    cx, cy = x + bw // 2, y + bh // 2
    # Bars drawn later in the same row (reservations over free RAM) cover earlier ones.
    if any(r == row and int(lx) <= cx < int(lx) + int(lw) for r, lx, _, lw, _, _, _ in bars[n + 1:]):
        continue
    i = 3 * (cy * w + cx)
    got = "%02x%02x%02x" % tuple(pix[i:i + 3])
    assert got == colour, "%s bar at %s: screen %s, drawn %s" % (row, what, got, colour)
    checked += 1
print("checked %d bars" % checked)
assert checked >= 10
PY
then pass "screendump shows every bar in its colour where efimm drew it"
else fail "the screen does not show the bars efimm says it drew"; fi

# The same screen against the layout computed here, from what efimm printed
# (the firmware's BIOS-e820 table, the node ranges, zoneinfo, buddyinfo) and
# the layout's rules: E820 columns 256 * (1 + log2 pages) units wide (log2's
# fraction from the next 8 bits), holes 256 units, positions linear inside a
# column; zones cut to their node's ranges; buddyinfo bars 2 text rows high,
# height 1024 * (1 + log2 n) / (1 + log2 max) of them, in 11 cells per zone.
if /usr/bin/python3 - "$out/screen.ppm" "$out/gop.debugcon" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
W, H = int(m.group(1)), int(m.group(2))
pix = data[m.end():]
log = open(sys.argv[2], errors="replace").read()

def at(x, y):
    i = 3 * (y * W + x)
    return "%02x%02x%02x" % tuple(pix[i:i + 3])

g = re.search(r"picture geometry: text (\d+)x(\d+) cell (\d+)x(\d+) origin (\d+),(\d+) buddy row (\d+) bar rows (\d+)", log)
cols, rows, cw, ch, ox, oy, b0, bar_rows = map(int, g.groups())
left, width = ox + 10 * cw, cols * cw - 11 * cw
E820 = {"usable": "4caf50", "reserved": "9e9e9e", "ACPI data": "2196f3", "ACPI NVS": "3f51b5", "unusable": "f44336"}
ZONES = {"DMA": "ffb300", "DMA32": "29b6f6", "Normal": "7e57c2", "Movable": "ec407a"}

def log_units(n):
    top = n.bit_length() - 1
    frac = (n >> (top - 8)) & 0xff if top >= 8 else (n << (8 - top)) & 0xff
    return 256 + 256 * top + frac

table = [(int(a, 16), int(b, 16) + 1, t) for a, b, t in re.findall(r"^BIOS-e820: \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\] (.+)$", log, re.M)]
columns, units, prev = [], 0, 0
for s, e, t in table:
    if s > prev:
        columns.append((prev, s, units, 256, None))
        units += 256
    columns.append((s, e, units, log_units(max((e - s) >> 12, 1)), t))
    units += columns[-1][3]
    prev = e

def x_of(addr):
    for s, e, x, cwid, _ in columns:
        if s <= addr <= e:
            span, off = e - s, addr - s
            while span > 1 << 40:
                span >>= 1
                off >>= 1
            return (x + (cwid * off // span if span else 0)) * width // units
    return 0 if addr < columns[0][0] else width

def check(what, x0, x1, y, hgt, colour):
    if x1 - x0 < 5:
        return 0
    got = at(left + (x0 + x1) // 2, y + hgt // 2)
    assert got == colour, "%s: screen %s at x %d, expected %s" % (what, got, left + (x0 + x1) // 2, colour)
    return 1

checked = 0
for s, e, x, cwid, t in columns:
    if t in E820:
        checked += check("E820 %s %#x" % (t, s), x_of(s), x_of(e), oy + 3 * ch, ch, E820[t])
# The zones row: each populated zone's span cut to its node's ranges, drawn in that order.
ranges = [(int(n), int(a, 16), int(b, 16) + 1) for n, a, b in
          re.findall(r"^  node +(\d+): \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]$", log, re.M)]
zi = log[log.index("efimm: /proc/zoneinfo:"):log.index("efimm: /proc/meminfo:")]
rects = []
for blk in re.split(r"(?m)^(?=Node \d+, zone)", zi)[1:]:
    nid, zone = re.match(r"Node (\d+), zone +(\S+)", blk).groups()
    start = re.search(r"start_pfn: +(\d+)", blk)
    if not start:  # an empty zone: zoneinfo gives no start_pfn
        continue
    spanned = re.search(r"spanned +(\d+)", blk).group(1)
    zs, ze = int(start.group(1)) << 12, (int(start.group(1)) + int(spanned)) << 12
    for n, a, b in ranges:
        if n == int(nid) and max(zs, a) < min(ze, b):
            rects.append((zone, x_of(max(zs, a)), x_of(min(ze, b))))
assert rects, "no zones found in the log"
for k, (zone, x0, x1) in enumerate(rects):
    if not any(l0 <= (x0 + x1) // 2 < max(l1, l0 + 1) for _, l0, l1 in rects[k + 1:]):
        checked += check("zone %s" % zone, x0, x1, oy + 7 * ch, ch, ZONES[zone])
# buddyinfo: bars in the buddy colour, empty orders black above a grey baseline.
buddy = [(l.split()[1].rstrip(","), l.split()[3], [int(v) for v in l.split()[4:]])
         for l in re.findall(r"^Node \d+, zone +\S+ +(?:\d+ +){11}$", log, re.M)]
assert buddy, "no buddyinfo lines"
top = log_units(max(max(b[2]) for b in buddy))
cell = (cols - 11) // 11
# Two text rows of bars per zone when all zones fit so (3 rows each with the numbers), else one.
assert bar_rows == (2 if b0 + 1 + 3 * len(buddy) < rows else 1), bar_rows
shown = 0
for k, (nid, zone, counts) in enumerate(buddy):
    if b0 + (bar_rows + 1) * (k + 1) >= rows - 1:
        break
    shown += 1
    base = oy + (b0 + 1 + (bar_rows + 1) * k) * ch + bar_rows * ch - 2
    for o, n in enumerate(counts):
        x = ox + (10 + o * cell) * cw + (cell - 1) * cw // 2
        hgt = min(log_units(n) * 1024 // top, 1024) * (bar_rows * ch - 2) // 1024 if n else 0
        assert at(x, base) == "757575", "node %s %s order %d: no baseline" % (nid, zone, o)
        if hgt >= 3:
            assert at(x, base - hgt // 2 - 1) == "26a69a", "node %s %s order %d: bar missing" % (nid, zone, o)
            assert at(x, base - hgt - 1) == "000000", "node %s %s order %d: bar too high" % (nid, zone, o)
        elif hgt == 0:
            assert at(x, base - 3) == "000000", "node %s %s order %d: a bar for 0" % (nid, zone, o)
        checked += 1
print("checked %d positions, buddyinfo of %d of %d zones in %d-row bars" % (checked, shown, len(buddy), bar_rows))
assert checked >= 20
PY
then pass "screendump matches the layout computed from the printed E820, zones and buddyinfo"
else fail "the screen differs from the layout computed from efimm's printed tables"; fi

if [ "$(cat "$out/text.status")" = 1 ] && grep -a "^efimm: memory picture (holes compressed" "$out/text.debugcon" >/dev/null &&
	grep -aE "^  E820 +U" "$out/text.debugcon" >/dev/null && grep -aE "^  zones +D" "$out/text.debugcon" >/dev/null &&
	grep -a "^efimm: buddyinfo bars" "$out/text.debugcon" >/dev/null; then
	pass "no graphics output (-vga none): the picture is printed as text, zones and buddyinfo bars included"
else
	fail "no graphics output: no text picture (QEMU exit $(cat "$out/text.status"))"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
