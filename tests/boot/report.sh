#!/usr/bin/env bash
# The saved report: a batch run leaves \efimm\report-*.json and .log on its
# medium; read them back with mtools, validate the JSON against
# docs/report.schema.json and check it against what efimm printed. On a
# write-protected medium the run must say so and still succeed.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=build/boot-report
rm -rf "$out"; mkdir -p "$out"
passed=0 failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

cp build/efimm.img "$out/disk.img"
echo batch >"$out/cmdline.txt"
scripts/esp.sh put "$out/disk.img" "$out/cmdline.txt" /efimm/cmdline.txt
export MEM=512M
( KEEP_DISK=$out/after.img DEBUGCON=$out/rw.debugcon scripts/qemu-boot.sh "$out/disk.img" "$out/rw.serial" 2>"$out/rw.time"
  echo $? >"$out/rw.status" ) &
( DISK_RO=1 DEBUGCON=$out/ro.debugcon scripts/qemu-boot.sh "$out/disk.img" "$out/ro.serial" 2>"$out/ro.time"
  echo $? >"$out/ro.status" ) &
wait

json=$(scripts/esp.sh ls "$out/after.img" /efimm 2>/dev/null | grep -o 'report-[0-9-]*\.json' | head -1)
if [ "$(cat "$out/rw.status")" = 1 ] && [ -n "$json" ]; then
	scripts/esp.sh get "$out/after.img" "/efimm/$json" "$out/report.json"
	scripts/esp.sh get "$out/after.img" "/efimm/${json%.json}.log" "$out/report.log"
	pass "batch run saved \\efimm\\$json and its .log"
else
	fail "no report on the medium after the batch run (QEMU exit $(cat "$out/rw.status")); see $out/"
	echo "$passed passed, $failed failed"; exit 1
fi

# Debian's python3-jsonschema (installed by scripts/deps.sh test) validates against our schema.
if /usr/bin/python3 - "$out/report.json" docs/report.schema.json <<'PY'
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
PY
then pass "report.json is valid against docs/report.schema.json"
else fail "report.json does not validate against docs/report.schema.json"; fi

# The saved log is what was printed (the debugcon log holds the same lines, plus the last one).
if head -n "$(wc -l <"$out/report.log")" "$out/rw.debugcon" | cmp -s - "$out/report.log"; then
	pass "the saved log holds every line printed up to saving ($(wc -l <"$out/report.log") lines)"
else
	fail "the saved log differs from what efimm printed"
fi

# The JSON says what the lines say: the firmware table, the result, every claimed byte given back.
if /usr/bin/python3 - "$out/report.json" "$out/rw.debugcon" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
lines = open(sys.argv[2], errors="replace").read().splitlines()
bios = [l for l in lines if l.startswith("BIOS-e820: ")]
ours = ["BIOS-e820: [mem 0x%016x-0x%016x] %s" % (int(e["start"], 16), int(e["end"], 16), e["type_name"])
        for e in r["e820_firmware"]]
assert ours == bios, "e820_firmware differs from the BIOS-e820 lines"
assert r["result"] == "ok" and r["selftests"]["memblock_failures"] == 0
own = r["ram_ownership"]
# A batch run resets the machine instead of giving RAM back (the two-runs boot test covers giving back).
assert own["given_back_bytes"] == "0x0" and int(own["claimed_bytes"], 16) > 256 << 20
claimed = [l for l in lines if "claimed" in l and "from the firmware" in l][0]
assert int(re.search(r"\((\d+) pages\)", claimed).group(1)) << 12 == int(own["claimed_bytes"], 16)
assert r["firmware"]["smbios"]["system_manufacturer"] == "QEMU"
PY
then pass "report.json agrees with the printed lines (E820, result, claims, SMBIOS names)"
else fail "report.json disagrees with what efimm printed"; fi

# The replay tool reproduces the run from the JSON alone: every stage line it
# prints (E820, e820 changes, last_pfn, node ranges, zones) equals the boot's.
stage_lines() { grep -aE '^(BIOS-e820|e820: |last_pfn|  node |Zone ranges|  (DMA|DMA32|Normal|Movable|Device) |Initmem|On node)' "$1"; }
if build/host/efimm-replay "$out/report.json" >"$out/replay.out" 2>"$out/replay.err" &&
	diff <(stage_lines "$out/rw.debugcon") <(stage_lines "$out/replay.out") >"$out/replay.diff" &&
	[ "$(stage_lines "$out/replay.out" | wc -l)" -gt 20 ]; then
	pass "efimm-replay report.json reproduces the boot's stage lines ($(stage_lines "$out/replay.out" | wc -l) lines)"
else
	fail "efimm-replay report.json differs from the boot (see $out/replay.diff, $out/replay.err)"
fi
head -c 2000 "$out/report.json" >"$out/broken.json"
if ! build/host/efimm-replay "$out/broken.json" >/dev/null 2>"$out/broken.err" && grep -q "not valid JSON" "$out/broken.err"; then
	pass "a truncated report is refused with 'not valid JSON'"
else
	fail "a truncated report was not refused clearly: $(cat "$out/broken.err")"
fi

# The host report tool draws it: a well-formed SVG with one rectangle per E820
# entry and every colour named in the legend, and a PNG through rsvg-convert.
if tools/report/efimm-report.py "$out/report.json" --svg "$out/picture.svg" --png "$out/picture.png" &&
	/usr/bin/python3 - "$out/report.json" "$out/picture.svg" "$out/picture.png" <<'PY'
import json, sys, xml.etree.ElementTree as ET
r = json.load(open(sys.argv[1]))
svg = ET.parse(sys.argv[2]).getroot()
titles = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")]
texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
for e in r["e820_firmware"]:
    assert any(t.startswith("%s [0x%x-" % (e["type_name"], int(e["start"], 16))) for t in titles), e
for o in r["memblock"]["owners"]:
    assert "reserved: " + o["name"] in texts, o["name"]
png = open(sys.argv[3], "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000
PY
then pass "efimm-report draws the report: every E820 entry and owner in the SVG, and a PNG"
else fail "efimm-report could not draw the report (see $out/picture.*)"; fi

# Write-protected medium: reported, not fatal.
if [ "$(cat "$out/ro.status")" = 1 ] && grep -a "could not save .*write-protected" "$out/ro.debugcon" >/dev/null; then
	pass "write-protected medium: 'could not save ... write-protected' and the batch run still ok"
else
	fail "write-protected medium: QEMU exit $(cat "$out/ro.status") (want 1); efimm said: $(grep -a 'save' "$out/ro.debugcon" | head -2)"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
