#!/usr/bin/env bash
# Replay test (make replay-test): efimm-replay over every corpus log and
# every saved efimm map in tests/fixtures. One PASS/FAIL line per check,
# then "N passed, N failed". See tools/replay/README.md.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))
replay=${EFIMM_REPLAY:-$root/build/host/efimm-replay}
corpus=${EFIMM_CORPUS:-$root/../shared/corpus}
[ -d "$corpus/logs" ] && logs=$corpus/logs || logs=$corpus
manifest=$corpus/MANIFEST.tsv
fixtures=$root/tests/fixtures

# Logs whose BIOS-e820 table was not built from the EFI map by Linux's stub
# (or GRUB, which --flavor=auto recognises), so converting the printed map
# cannot give the printed table. Each names the reason and a sed expression
# that turns the log's table into what the stub makes of the same map: the
# check still runs, and passes only if that is the whole difference.
declare -A efi_exception_reason=(
	[010]="elilo built the E820 table (BOOT_IMAGE=dev000:\\efi\\SuSE\\...): it gives RuntimeServicesCode E820 type 5 (elilo's E820_EXEC_CODE), which Linux prints 'unusable'; the stub makes it reserved"
)
declare -A efi_exception_fix=(
	[010]='s/\] unusable$/] reserved/'
)

passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() {
	failed=$((failed + 1))
	echo "FAIL $1"
	[ $# -ge 3 ] && diff -u --label expected "$2" --label efimm-replay "$3" 2>/dev/null | head -40 | sed 's/^/    /'
	[ $# -ge 3 ] || true
}

# The text from "BIOS-e820:" on (timestamps and other prefixes dropped).
e820_lines() { grep -o 'BIOS-e820:.*' "$1" | sed 's/[[:space:]]*$//'; }

# Compare expected file $2 with actual $3 for check $1; stderr of the run in $4 must be empty.
compare() {
	if [ -s "$4" ]; then
		fail "$1 (efimm-replay complained: $(head -1 "$4"))"
	elif cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "$2" "$3"
	fi
}

manifest_col() { awk -F'\t' -v f="$1" -v c="$2" '$1 == f { print $c }' "$manifest"; }

if [ ! -x "$replay" ]; then
	echo "FAIL efimm-replay not built ($replay); run make build/host/efimm-replay"
	echo "0 passed, 1 failed"
	exit 1
fi
if ! ls "$logs"/*.txt >/dev/null 2>&1; then
	echo "FAIL corpus not found at $logs (set EFIMM_CORPUS to the corpus directory)"
	echo "0 passed, 1 failed"
	exit 1
fi

# 0. Every efi=debug format the reader knows (tests/replay/formats.log), checked by hand once.
"$replay" --stop-after=e820 "$here/formats.log" > "$tmp/got" 2> "$tmp/err"
compare "formats.log (efi=debug formats, all types and attributes)" "$here/formats.expected" "$tmp/got" "$tmp/err"
"$replay" --cmdline efi=nosoftreserve --e820-only "$here/formats.log" > "$tmp/got" 2> "$tmp/err"
grep -q '0x0000000000500000.* soft reserved' "$tmp/got" && echo "soft reserved despite efi=nosoftreserve" >> "$tmp/err"
grep -q 'BIOS-e820: \[mem 0x0000000000100000-0x00000000002fffff\] usable' "$tmp/got" || echo "no usable 1M-3M" >> "$tmp/err"
compare "formats.log --cmdline efi=nosoftreserve" /dev/null /dev/null "$tmp/err"

# Errors are reported, with exit status 2.
"$replay" "$tmp/does-not-exist" > /dev/null 2>&1
if [ $? -eq 2 ]; then pass "unreadable log: exit 2"; else fail "unreadable log: exit status not 2"; fi
echo "no map in here" | "$replay" > /dev/null 2>&1
if [ $? -eq 2 ]; then pass "log without a map: exit 2"; else fail "log without a map: exit status not 2"; fi

for log in "$logs"/*.txt; do
	file=$(basename "$log")
	n=${file%.txt}

	# 1. The log's own table, sanitized as efimm sanitizes it, stays as it was.
	e820_lines "$log" > "$tmp/want"
	if [ ! -s "$tmp/want" ]; then
		fail "$n e820-sanitize (no BIOS-e820 lines in $file)"
	else
		"$replay" --from=e820 --e820-only "$log" > "$tmp/got" 2> "$tmp/err"
		compare "$n e820-sanitize ($(wc -l < "$tmp/want") entries)" "$tmp/want" "$tmp/got" "$tmp/err"
		want_nr=$(manifest_col "$file" 10)
		if [ -n "$want_nr" ] && [ "$want_nr" != "$(wc -l < "$tmp/want")" ]; then
			fail "$n e820 entries: MANIFEST says $want_nr, log has $(wc -l < "$tmp/want")"
		fi
	fi

	# 2. setup_arch's trims: the lines Linux printed (when it printed them) are ours.
	"$replay" --from=e820 "$log" > "$tmp/full" 2>/dev/null
	for pat in 'e820: update \[mem 0x00000000-0x00000fff\]' 'e820: remove \[mem 0x000a0000-0x000fffff\]'; do
		grep -o "$pat.*" "$log" | head -1 | sed 's/[[:space:]]*$//' > "$tmp/want"
		[ -s "$tmp/want" ] || continue
		grep -o "$pat.*" "$tmp/full" | head -1 > "$tmp/got"
		what=${pat%% \\*}
		compare "$n trim ${what#e820: }" "$tmp/want" "$tmp/got" /dev/null
	done

	# 3. The EFI map, converted, gives the log's BIOS-e820 table.
	grep -q 'efi: mem[0-9]' "$log" || continue
	"$replay" --dump-map "$log" > "$tmp/map.memmap" 2> "$tmp/err"
	# MANIFEST's efi_map_entries counts every efi: mem line; the boot map is the first listing.
	all_nr=$(manifest_col "$file" 11)
	want_nr=$(awk '/EFI runtime memory map/ { exit } /efi: mem[0-9]/ { n++ } END { print n + 0 }' "$log")
	got_nr=$(sed -n 's/^EFI memory map: \([0-9]*\) descriptors.*/\1/p' "$tmp/map.memmap")
	if [ -s "$tmp/err" ] || [ "$want_nr" != "${got_nr:-}" ] ||
	   [ "$all_nr" != "$(grep -c 'efi: mem[0-9]' "$log")" ]; then
		fail "$n efi map read: ${got_nr:-no} descriptors of $want_nr (MANIFEST: ${all_nr:-?} efi: mem lines) $(head -1 "$tmp/err")"
	else
		pass "$n efi map read ($got_nr descriptors)"
	fi

	e820_lines "$log" > "$tmp/want"
	"$replay" --e820-only "$log" > "$tmp/got" 2> "$tmp/err"
	if [ -n "${efi_exception_reason[$n]:-}" ]; then
		sed -e "${efi_exception_fix[$n]}" "$tmp/want" > "$tmp/fixed"
		# Sanitize the adjusted table again: retyped neighbours merge, as they would have.
		"$replay" --from=e820 --e820-only "$tmp/fixed" > "$tmp/want" 2>> "$tmp/err"
		compare "$n efi->e820 (known exception: ${efi_exception_reason[$n]})" "$tmp/want" "$tmp/got" "$tmp/err"
	else
		compare "$n efi->e820" "$tmp/want" "$tmp/got" "$tmp/err"
	fi

	# 4. efimm's own table format: the dumped map replays to the same table.
	"$replay" --flavor=stub --e820-only "$log" > "$tmp/want" 2>/dev/null
	"$replay" --flavor=stub --e820-only "$tmp/map.memmap" > "$tmp/got" 2> "$tmp/err"
	compare "$n efimm-table round trip" "$tmp/want" "$tmp/got" "$tmp/err"
	# ... also when the firmware's stride is not 48 bytes.
	sed 's/descriptor size 48,/descriptor size 64,/' "$tmp/map.memmap" > "$tmp/map64.memmap"
	"$replay" --flavor=stub --e820-only "$tmp/map64.memmap" > "$tmp/got" 2> "$tmp/err"
	compare "$n efimm-table round trip, 64-byte descriptors" "$tmp/want" "$tmp/got" "$tmp/err"
done

# 5. efimm's saved maps from OVMF guests, against what Linux printed in the same guest.
nfix=0
for map in "$fixtures"/*.memmap; do
	[ -e "$map" ] || continue
	nfix=$((nfix + 1))
	name=fixtures/$(basename "$map")
	linux=${map%.memmap}.linux-e820
	[ -e "$linux" ] || linux=$map.linux-e820
	if [ ! -e "$linux" ]; then
		fail "$name (no ${map%.memmap}.linux-e820 beside it)"
		continue
	fi
	e820_lines "$linux" > "$tmp/want"
	"$replay" --e820-only "$map" > "$tmp/got" 2> "$tmp/err"
	compare "$name" "$tmp/want" "$tmp/got" "$tmp/err"
done
[ $nfix -gt 0 ] || echo "note: no tests/fixtures/*.memmap yet"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
