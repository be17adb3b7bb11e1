#!/usr/bin/env bash
# The interactive console, driven like a person at the keyboard: keys go in
# through QMP send-key (the PS/2 keyboard), and each view must appear in the
# log: n (node ranges), c (the consistency checks), e (E820 tables, paged:
# q leaves the pager), m (the raw EFI map, longer than a screen: space shows
# the next page), then s shuts the machine down.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=build/boot-console_ui
rm -rf "$out"; mkdir -p "$out"
passed=0 failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

cp build/efimm.img "$out/disk.img"
echo "noreport" >"$out/cmdline.txt"
scripts/esp.sh put "$out/disk.img" "$out/cmdline.txt" /efimm/cmdline.txt
( MEM=512M QMP=$out/qmp.sock DEBUGCON=$out/debugcon BOOT_TIMEOUT=120 \
  scripts/qemu-boot.sh "$out/disk.img" "$out/serial" 2>"$out/time"; echo $? >"$out/status" ) &

# Each step: press a key, then wait for the line it must bring. Views longer
# than the screen stop at "-- more": space pages on, q leaves the pager.
/usr/bin/python3 - "$out/qmp.sock" "$out/debugcon" >"$out/steps.log" 2>&1 <<'PY'
import json, os, socket, sys, time
sock, log = sys.argv[1], sys.argv[2]

def wait_for(text, after, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        try:
            data = open(log, errors="replace").read()
        except OSError:
            data = ""
        i = data.find(text, after)
        if i >= 0:
            return i + len(text)
        time.sleep(0.2)
    raise SystemExit("timed out waiting for %r" % text)

for _ in range(300):
    if os.path.exists(sock):
        break
    time.sleep(0.1)
s = socket.socket(socket.AF_UNIX)
s.connect(sock)
f = s.makefile("rw")
f.readline()

def qmp(cmd, args=None):
    f.write(json.dumps({"execute": cmd, **({"arguments": args} if args else {})}) + "\n")
    f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            return r

qmp("qmp_capabilities")
pos = wait_for("efimm: keys:", 0, 120)
for key, want in (("n", "Early memory node ranges"), ("c", "are consistent"), ("e", "E820 table after the trims:"),
                  ("q", "efimm: keys:"), ("m", "-- more:"), ("spc", "-- more:"), ("q", "efimm: keys:")):
    qmp("send-key", {"keys": [{"type": "qcode", "data": key}]})
    pos = wait_for(want, pos)
    print("PASS-STEP %s -> %s" % (key, want))
qmp("send-key", {"keys": [{"type": "qcode", "data": "s"}]})
print("PASS-STEP s")
PY
wait
for step in "n -> Early memory node ranges" "c -> are consistent" "e -> E820 table after the trims:" \
	"m -> -- more:" "spc -> -- more:" "q -> efimm: keys:"; do
	if grep -qF "PASS-STEP $step" "$out/steps.log"; then pass "key ${step%% *}: ${step#* -> }"
	else fail "key ${step%% *}: '${step#* -> }' did not appear ($(tail -1 "$out/steps.log"))"; fi
done
if [ "$(cat "$out/status")" = 0 ] && grep -a "efimm: shutting down" "$out/debugcon" >/dev/null; then
	pass "key s: efimm shuts the machine down (QEMU exit 0)"
else
	fail "key s: QEMU exit $(cat "$out/status") (want 0 after 'shutting down')"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
