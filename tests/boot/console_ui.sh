#!/usr/bin/env bash
# The interactive console, driven like a person at the keyboard: keys go in
# through QMP send-key (the PS/2 keyboard), and each view must appear in the
# log: n (node ranges), c (the consistency checks), e (E820 tables, paged:
# q leaves the pager), m (the raw EFI map, longer than a screen: space shows
# the next page, b the one before), z (zoneinfo), o (buddyinfo), p (pagetypeinfo),
# k (slabinfo and the per-cache summary; efimm's own efimm_view_line cache
# holds the view's lines as it is shown), t (the stage timings), then s shuts
# the machine down. A second boot leaves with q: what efimm took from SLUB
# for itself is all freed before the claimed RAM goes back to the firmware.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# BOOT_OUT and EFIMM_IMG let a developer run the suite beside the lead's runs.
out=${BOOT_OUT:-build/boot-console_ui}
rm -rf "$out"; mkdir -p "$out"
passed=0 failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

cp "${EFIMM_IMG:-build/efimm.img}" "$out/disk.img"
echo "noreport" >"$out/cmdline.txt"
scripts/esp.sh put "$out/disk.img" "$out/cmdline.txt" /efimm/cmdline.txt
( MEM=512M QMP=$out/qmp.sock DEBUGCON=$out/debugcon BOOT_TIMEOUT=120 \
  scripts/qemu-boot.sh "$out/disk.img" "$out/serial" 2>"$out/time"; echo $? >"$out/status" ) &

# Each step: press a key, then wait for the line it must bring. Views longer
# than the screen stop at "-- more": space pages on, q leaves the pager.
/usr/bin/python3 - "$out/qmp.sock" "$out/debugcon" >"$out/steps.log" 2>&1 <<'PY'
import sys, time
sys.path.insert(0, "scripts")
import qmp as qmplib
sock, log = sys.argv[1], sys.argv[2]
qmp = qmplib.QMP(sock).cmd
wait_for = lambda text, after, timeout=60: qmplib.wait_for(log, text, after, timeout)
pos = wait_for("efimm: keys:", 0, 120)
# b steps back a page: from the map's second page to its first, which starts with the map's heading.
for key, want in (("n", "Early memory node ranges"), ("c", "are consistent"), ("e", "E820 table after the trims:"),
                  ("q", "efimm: keys:"), ("m", "-- more:"), ("spc", "-- more:"), ("b", "EFI memory map: "),
                  ("q", "efimm: keys:")):
    qmp("send-key", {"keys": [{"type": "qcode", "data": key}]})
    pos = wait_for(want, pos)
    print("PASS-STEP %s -> %s" % (key, want))

def first_of(texts, after, timeout=60):
    """The earliest of texts to appear after the position: (text, position after it)."""
    end = time.time() + timeout
    while time.time() < end:
        data = open(log, errors="replace").read()
        hits = sorted((data.find(t, after), t) for t in texts if data.find(t, after) >= 0)
        if hits:
            return hits[0][1], hits[0][0] + len(hits[0][1])
        time.sleep(0.2)
    raise SystemExit("timed out waiting for one of %r" % (texts,))

# The /proc views and the timings: each view's heading and a line of its body;
# a view longer than the screen stops at "-- more:" and q leaves it.
for key, head, body in (("z", "efimm: /proc/zoneinfo:", "  pages free"),
                        ("o", "efimm: /proc/buddyinfo:", "Node 0, zone      DMA "),
                        ("p", "efimm: /proc/pagetypeinfo:", "Free pages count per migrate type at order"),
                        ("k", "efimm: /proc/slabinfo:", "slabinfo - version: 2.1"),
                        ("t", "efimm: stage timings (clock: TSC calibrated", "  buddy ")):
    qmp("send-key", {"keys": [{"type": "qcode", "data": key}]})
    pos = wait_for(head, pos)
    pos = wait_for(body, pos)
    while True:
        seen, pos = first_of(["-- more:", "efimm: keys:"], pos)
        if seen == "efimm: keys:":
            break
        qmp("send-key", {"keys": [{"type": "qcode", "data": "q"}]})
    print("PASS-STEP %s -> %s" % (key, head))
# k again, paged to the end with space: the kmalloc caches in slabinfo, then the summary.
qmp("send-key", {"keys": [{"type": "qcode", "data": "k"}]})
pos = wait_for("efimm: /proc/slabinfo:", pos)
start = pos
while True:
    seen, pos = first_of(["-- more:", "efimm: keys:"], pos)
    if seen == "efimm: keys:":
        break
    qmp("send-key", {"keys": [{"type": "qcode", "data": "spc"}]})
view = open(log, errors="replace").read()[start:pos]
for want in ("kmalloc-64 ", "kmalloc-8k ", "kmem_cache ", "efimm: slab caches:"):
    if want not in view:
        raise SystemExit("k paged to its end lacks %r" % want)
print("PASS-STEP k2 -> efimm: slab caches:")
# efimm's own cache: the line records of this very view are its objects while slabinfo is made.
import re
own = re.search(r"^efimm_view_line +(\d+) +(\d+) +(\d+) ", view, re.M)
if not own:
    raise SystemExit("slabinfo lacks efimm's own cache efimm_view_line")
if not 0 < int(own.group(1)) <= int(own.group(2)) or int(own.group(3)) < 24:
    raise SystemExit("efimm_view_line: active %s of %s objects of %s bytes" % own.groups())
print("PASS-STEP own -> efimm_view_line %s active objects" % own.group(1))
qmp("send-key", {"keys": [{"type": "qcode", "data": "s"}]})
print("PASS-STEP s")
PY
wait
for step in "n -> Early memory node ranges" "c -> are consistent" "e -> E820 table after the trims:" \
	"m -> -- more:" "spc -> -- more:" "b -> EFI memory map: " "q -> efimm: keys:" "z -> efimm: /proc/zoneinfo:" \
	"o -> efimm: /proc/buddyinfo:" "p -> efimm: /proc/pagetypeinfo:" "k -> efimm: /proc/slabinfo:" \
	"k2 -> efimm: slab caches:" "own -> efimm_view_line" \
	"t -> efimm: stage timings (clock: TSC calibrated"; do
	if grep -qF "PASS-STEP $step" "$out/steps.log"; then pass "key ${step%% *}: ${step#* -> }"
	else fail "key ${step%% *}: '${step#* -> }' did not appear ($(tail -1 "$out/steps.log"))"; fi
done
if [ "$(cat "$out/status")" = 0 ] && grep -a "efimm: shutting down" "$out/debugcon" >/dev/null; then
	pass "key s: efimm shuts the machine down (QEMU exit 0)"
else
	fail "key s: QEMU exit $(cat "$out/status") (want 0 after 'shutting down')"
fi

# The way out, q: a second boot (with the report on) shows a paged view,
# saves the report again, and returns to the firmware. Everything efimm took
# for itself from SLUB (view buffers, line records, the report buffers) is
# freed before the claimed RAM goes back, and the run says so.
cp "${EFIMM_IMG:-build/efimm.img}" "$out/quit.img"
echo "" >"$out/quit.cmdline"
scripts/esp.sh put "$out/quit.img" "$out/quit.cmdline" /efimm/cmdline.txt
( MEM=512M QMP=$out/quit.sock DEBUGCON=$out/quit.debugcon BOOT_TIMEOUT=120 BOOT_STOP="returning to the firmware" \
  scripts/qemu-boot.sh "$out/quit.img" "$out/quit.serial" 2>"$out/quit.time"; echo $? >"$out/quit.status" ) &
/usr/bin/python3 - "$out/quit.sock" "$out/quit.debugcon" >"$out/quit.steps" 2>&1 <<'PY'
import sys
sys.path.insert(0, "scripts")
import qmp as qmplib
sock, log = sys.argv[1], sys.argv[2]
qmp = qmplib.QMP(sock).cmd
wait_for = lambda text, after, timeout=60: qmplib.wait_for(log, text, after, timeout)
pos = wait_for("efimm: keys:", 0, 120)
# z is longer than a screen: q leaves its pager; w saves again; q returns to the firmware.
for key, want in (("z", "-- more:"), ("q", "efimm: keys:"), ("w", "efimm: saving the log as"),
                  ("q", "efimm: own memory: ")):
    qmp("send-key", {"keys": [{"type": "qcode", "data": key}]})
    pos = wait_for(want, pos)
    print("PASS-STEP %s -> %s" % (key, want))
PY
wait
if grep -q "PASS-STEP q -> efimm: own memory: " "$out/quit.steps" &&
	freed=$(grep -a "^efimm: own memory: " "$out/quit.debugcon") &&
	[[ $freed =~ ^efimm:\ own\ memory:\ ([0-9]+)\ allocations\ from\ the\ slab\ allocator\ and\ 0\ from\ .*,\ all\ freed$ ]] &&
	[ "${BASH_REMATCH[1]}" -ge 4 ] &&
	sed -n '/^efimm: own memory: /,$p' "$out/quit.debugcon" | grep -aq "^efimm: gave [0-9]* MiB back to the firmware"; then
	pass "key q: ${BASH_REMATCH[1]} allocations from SLUB, all freed before the claimed RAM went back"
else
	fail "key q: '${freed:-no own-memory line}' ($(tail -1 "$out/quit.steps"); want >= 4 slab allocations, all freed, then the claims given back)"
fi
if [ "$(cat "$out/quit.status")" = 0 ] && grep -a "efimm: ok; returning to the firmware" "$out/quit.debugcon" >/dev/null; then
	pass "key q: efimm returns to the firmware with result ok"
else
	fail "key q: QEMU status $(cat "$out/quit.status") (want 0 at 'returning to the firmware'); $(grep -a 'returning' "$out/quit.debugcon")"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
