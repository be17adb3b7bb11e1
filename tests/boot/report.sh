#!/usr/bin/env bash
# The saved report: a batch run leaves \efimm\report-*.json and .log on its
# medium; read them back with mtools, validate the JSON against
# docs/report.schema.json and check it against what efimm printed. On a
# write-protected medium the run must say so and still succeed.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# BOOT_OUT and EFIMM_IMG let a developer run the suite beside the lead's runs.
out=${BOOT_OUT:-build/boot-report}
replay=${EFIMM_REPLAY:-build/host/efimm-replay}
rm -rf "$out"; mkdir -p "$out"
passed=0 failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

cp "${EFIMM_IMG:-build/efimm.img}" "$out/disk.img"
echo batch >"$out/cmdline.txt"
scripts/esp.sh put "$out/disk.img" "$out/cmdline.txt" /efimm/cmdline.txt
export MEM=${MEM:-512M}
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

# Zones, buddyinfo and timings in the JSON are the numbers the /proc views and
# the timing lines printed: buddyinfo line for line, zoneinfo's counters per
# zone, every "efimm: timing:" stage before the report with its nanoseconds;
# the NUMA blocks agree with the SRAT lines; slabinfo is consistent.
if /usr/bin/python3 - "$out/report.json" "$out/rw.debugcon" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
text = open(sys.argv[2], errors="replace").read()
lines = text.splitlines()
buddy = [l for l in lines if re.match(r"Node \d+, zone +\S+ +(\d+ +){11}$", l)]
ours = ["Node %d, zone %8s %s" % (b["nid"], b["zone"], "".join("%6d " % n for n in b["nr_free"])) for b in r["buddyinfo"]]
assert buddy and ours == buddy, (ours, buddy)
zi = text[text.index("efimm: /proc/zoneinfo:"):text.index("efimm: /proc/meminfo:")]
blocks = re.findall(r"Node (\d+), zone +(\S+)\n  pages free +(\d+)\n +boost +(\d+)\n +min +(\d+)\n +low +(\d+)\n"
                    r" +high +(\d+)\n +promo +(\d+)\n +spanned +(\d+)\n +present +(\d+)\n +managed +(\d+)\n"
                    r" +cma +\d+\n +protection: \(([-\d, ]+)\)", zi)
assert len(blocks) == len(r["zones"]) >= 4, (len(blocks), len(r["zones"]))
keys = ["pages_free", "boost", "min", "low", "high", "promo", "spanned", "present", "managed"]
for b, z in zip(blocks, r["zones"]):
    assert (int(b[0]), b[1]) == (z["nid"], z["zone"]), (b[:2], z["zone"])
    assert [int(v) for v in b[2:11]] == [z[k] for k in keys], (b, z)
    assert [int(v) for v in b[11].split(",")] == z["lowmem_reserve"]
    assert z["populated"] == (z["present"] > 0)
    per_mt = [sum(col) for col in zip(*z["nr_free_by_migratetype"].values())]
    assert per_mt == z["nr_free"], (z["zone"], per_mt, z["nr_free"])
timed = re.findall(r"^efimm: timing: (\S+) (\d+)\.(\d{3}) ms$", text, re.M)
stages = [(t["name"], t["ns"] // 1000000, t["ns"] // 1000 % 1000) for t in r["timings"]["stages"]]
assert [s[0] for s in stages] == ["e820", "memblock", "claim", "numa", "zones", "buddy", "selftests", "views"], stages
assert [(n, int(a), int(b)) for n, a, b in timed if n != "report"] == stages, (timed, stages)
assert r["timings"]["clock_khz"] > 100000 and "Stall" in r["timings"]["clock"]
# slabinfo: every cache once, its numbers consistent as /proc/slabinfo's are (SLUB is up in a batch run).
slabs = r["slabinfo"]
assert slabs and len({c["name"] for c in slabs}) == len(slabs), "slabinfo empty or with a cache twice"
assert any(c["name"] == "kmalloc-64" for c in slabs), [c["name"] for c in slabs]
for c in slabs:
    assert c["active_objs"] <= c["num_objs"] and c["active_slabs"] <= c["num_slabs"], c
    assert c["num_objs"] <= c["num_slabs"] * c["objperslab"], c
    assert c["objsize"] > 0 and c["objperslab"] * c["objsize"] <= c["pagesperslab"] * 4096, c
# efimm's own cache, made after kmem_cache_init_late (no view was paged in a batch run, so it may be empty).
own = [c for c in slabs if c["name"] == "efimm_view_line"]
assert len(own) == 1 and own[0]["objsize"] >= 24, own
# NUMA: every block inside its node's SRAT ranges (when the firmware has an SRAT), distances 10 on the diagonal.
srat = [(int(n), int(a, 16), int(b, 16)) for n, a, b in
        re.findall(r"^ACPI: SRAT: Node (\d+) PXM \d+ \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]", text, re.M)]
numa = r["numa"]
assert numa["memblks"] and [n["nid"] for n in numa["nodes"]] == sorted({b["nid"] for b in numa["memblks"]})
for b in numa["memblks"]:
    s, e = int(b["start"], 16), int(b["end"], 16)
    assert not srat or any(n == b["nid"] and lo <= s and e <= max(hi for m, _, hi in srat if m == n)
                           for n, lo, _ in srat), b
for i, n in enumerate(numa["nodes"]):
    assert len(n["distance"]) == len(numa["nodes"]) and n["distance"][i] == 10, n
    assert all(d > 10 for k, d in enumerate(n["distance"]) if k != i), n
assert r["selftests"]["page_failures"] in (-1, 0) and r["selftests"]["slab_failures"] in (-1, 0)
PY
then pass "report.json holds the zones, buddyinfo, stage timings and NUMA layout the console printed"
else fail "report.json's zones, buddyinfo or timings differ from the printed views"; fi

# The replay tool reproduces the run from the JSON alone: every stage line it
# prints (E820, e820 changes, last_pfn, node ranges, zones) equals the boot's.
stage_lines() { grep -aE '^(BIOS-e820|e820: |last_pfn|  node |Zone ranges|  (DMA|DMA32|Normal|Movable|Device) |Initmem|On node)' "$1"; }
if "$replay" "$out/report.json" >"$out/replay.out" 2>"$out/replay.err" &&
	diff <(stage_lines "$out/rw.debugcon") <(stage_lines "$out/replay.out") >"$out/replay.diff" &&
	[ "$(stage_lines "$out/replay.out" | wc -l)" -gt 20 ]; then
	pass "efimm-replay report.json reproduces the boot's stage lines ($(stage_lines "$out/replay.out" | wc -l) lines)"
else
	fail "efimm-replay report.json differs from the boot (see $out/replay.diff, $out/replay.err)"
fi
head -c 2000 "$out/report.json" >"$out/broken.json"
if ! "$replay" "$out/broken.json" >/dev/null 2>"$out/broken.err" && grep -q "not valid JSON" "$out/broken.err"; then
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
# The zones row: every populated zone has a rectangle named after it, and a legend entry.
for z in r["zones"]:
    if z["populated"]:
        assert any(t.startswith("node %d zone %s [" % (z["nid"], z["zone"])) for t in titles), z["zone"]
        assert "zone " + z["zone"] in texts, z["zone"]
# buddyinfo bars: one per zone and order, named with its count, the count printed as text.
for b in r["buddyinfo"]:
    for o, n in enumerate(b["nr_free"]):
        assert "node %d %s order %d: %d free blocks" % (b["nid"], b["zone"], o, n) in titles, (b["zone"], o)
        assert str(n) in texts
assert "hole: compressed, not to scale" in texts
png = open(sys.argv[3], "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000
PY
then pass "efimm-report draws the report: every E820 entry, zone, owner and buddyinfo bar in the SVG, and a PNG"
else fail "efimm-report could not draw the report (see $out/picture.*)"; fi

# efimm's own memory after bring-up is SLUB's (the report's 4 MiB buffer is a
# large kmalloc): the batch run ends saying so, with nothing left held.
if own=$(grep -a "^efimm: own memory: " "$out/rw.debugcon") &&
	[[ $own =~ ^efimm:\ own\ memory:\ ([0-9]+)\ allocations\ from\ the\ slab\ allocator\ and\ ([0-9]+)\ from\ .*,\ all\ freed$ ]] &&
	[ "${BASH_REMATCH[1]}" -ge 1 ]; then
	pass "efimm's own allocations came from SLUB (${BASH_REMATCH[1]}; ${BASH_REMATCH[2]} from the pool) and all were freed"
else
	fail "efimm's own memory: '${own:-no line}' (want >= 1 slab allocation, all freed)"
fi

# Write-protected medium: reported, not fatal.
if [ "$(cat "$out/ro.status")" = 1 ] && grep -a "could not save .*write-protected" "$out/ro.debugcon" >/dev/null; then
	pass "write-protected medium: 'could not save ... write-protected' and the batch run still ok"
else
	fail "write-protected medium: QEMU exit $(cat "$out/ro.status") (want 1); efimm said: $(grep -a 'save' "$out/ro.debugcon" | head -2)"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
