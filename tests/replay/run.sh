#!/usr/bin/env bash
# Replay test (make replay-test): efimm-replay over every corpus log and
# every saved efimm map in tests/fixtures. One PASS/FAIL line per check,
# the named skips, then "N passed, N failed". See tools/replay/README.md.
#
# Per log: the BIOS-e820 table sanitizes to itself; the trims; the
# user-defined map (mem=/memmap= of the log's command line); last_pfn; the
# Early memory node ranges (single-node machines); and, for logs with an EFI
# map, the map read, EFI -> E820 and efimm's table round trip.
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

# Named exceptions to the node-range and last_pfn checks. Each is a fact of
# that log, verified by the adjusted check (which fails if the stated reason
# is not the whole difference, or if the log no longer differs at all).
#
# Early memory node ranges: the log's lines must be the first of ours, and
# ours must add up to the log's "On node 0 totalpages".
declare -A node_exception_reason=(
	[041]="composite log (MANIFEST notes): copy A stops after 4 of the 23 node ranges and copy B leaves them out"
)
# last_pfn: before Linux 6.11 (commit "x86/mm: Make e820__end_ram_pfn() cover
# E820_TYPE_ACPI ranges") last_pfn counted usable RAM only; 6.12, and efimm,
# count ACPI data too. The log's values must be the usable-only computation
# over our table and ours the usable+ACPI one.
pre611="kernel before 6.11 counted only usable RAM for last_pfn, 6.12 counts ACPI data too"
declare -A pfn_exception_reason=(
	[004]="5.4: ACPI data 0xd7e70000-0xd7e93fff ends above the last usable RAM below 4 GiB; $pre611"
	[011]="4.4: ACPI data 0xbf7a0000-0xbf7adfff ends above the last usable RAM below 4 GiB; $pre611"
	[014]="5.11: ACPI data 0xd7fb0000-0xd7fbdfff ends above the last usable RAM below 4 GiB; $pre611"
	[015]="4.9: ACPI data 0xad7f0000-0xad7fffff ends above the last usable RAM; $pre611"
	[016]="5.15: ACPI data 0x3fff0000-0x3fffefff ends above the last usable RAM below 4 GiB; $pre611"
	[019]="4.4: ACPI data 0x3fb66000-0x3fb85bff ends above the last usable RAM; $pre611"
	[021]="5.16: ACPI data 0xb7e90000-0xb7eb3fff ends above the last usable RAM below 4 GiB; $pre611"
	[037]="4.19: ACPI data 0xbdc53c00-0xbdc55bff ends above the last usable RAM below 4 GiB; $pre611"
)

passed=0
failed=0
multi_node=() no_nodes=() no_pfn=() zone_skipped=()
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

# Every 0x... written with 16 digits, so kernels' %#010Lx and %#018Lx compare.
pad_hex() {
	awk '{
		out = ""; s = $0
		while (match(s, /0x[0-9a-fA-F]+/)) {
			h = tolower(substr(s, RSTART + 2, RLENGTH - 2))
			while (length(h) < 16) h = "0" h
			out = out substr(s, 1, RSTART - 1) "0x" h; s = substr(s, RSTART + RLENGTH)
		}
		print out s
	}'
}

# "node N: [mem A-B]" from "  node   0: [mem ...]" lines, any prefix (timestamp, journalctl, none).
node_lines() { grep -o 'node  *[0-9]*: \[mem 0x[0-9a-fA-F]*-0x[0-9a-fA-F]*\]' "$1" | sed 's/  */ /g' | pad_hex; }
# "last_pfn = ... max_arch_pfn = ..." (4.x and older print "e820: last_pfn = ...").
pfn_lines() { grep -o 'last_pfn = 0x[0-9a-f]* max_arch_pfn = 0x[0-9a-f]*' "$1"; }
# "user: [mem A-B] TYPE" (older kernels: after "e820: user-defined physical RAM map:").
user_lines() { grep -o 'user: \[mem 0x[0-9a-fA-F]*-0x[0-9a-fA-F]*\] .*' "$1" | sed 's/[[:space:]]*$//' | pad_hex; }

# The mem= and memmap= words of the log's kernel command line (MANIFEST's when the log has none).
user_options() {
	local cl w words
	cl=$(grep -o -m1 'Command line: .*' "$1" | sed 's/^Command line: //')
	[ -n "$cl" ] || cl=$(manifest_col "$(basename "$1")" 13)
	read -ra words <<< "$cl"
	for w in "${words[@]}"; do
		case $w in mem=* | memmap=*) printf '%s ' "$w" ;; esac
	done
}

# last_pfn lines as setup_arch prints them from table $1 (the replay's BIOS-e820:
# or user: lines), counting the E820 types matching regex $2.
end_pfn_lines() {
	local max=$((0x400000000)) low=$((1 << 20)) limit last s e start end type
	for limit in $max $low; do
		last=0
		while read -r start end type; do
			[[ $type =~ ^($2)$ ]] || continue
			s=$((start >> 12)) e=$(((end + 1) >> 12))
			((s >= limit)) && continue
			if ((e > limit)); then last=$limit; break; fi
			((e > last)) && last=$e
		done < <(sed -n 's/.*\[mem \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\] \(.*\)/\1 \2 \3/p' "$1")
		printf 'last_pfn = %#x max_arch_pfn = %#x\n' "$last" "$max"
		((limit == max && last <= low)) && break
	done
}

# --- Checks of what follows the E820 table, on the replay of the log's own
# table with the mem=/memmap= options of its command line ($tmp/replayed).

replay_table() { # LOG OPTIONS
	"$replay" --from=e820 ${2:+--cmdline "$2"} "$1" > "$tmp/replayed" 2> "$tmp/replayed.err"
}

# The user-defined map: mem=/memmap= in the command line <=> user: lines in the log, and ours equal them.
check_user_map() { # N LOG OPTIONS
	local n=$1 log=$2 opts=${3% } listed
	user_lines "$log" > "$tmp/want"
	listed=$(manifest_col "$n.txt" 14 | tr ',' '\n' | grep -E '^(mem|memmap)=' | tr '\n' ' ')
	if [ "${listed% }" != "$opts" ]; then
		fail "$n user-defined map: command line has '$opts', MANIFEST memory_affecting_params '${listed% }'"
	elif [ -z "$opts" ]; then
		[ -s "$tmp/want" ] && fail "$n user-defined map: user: lines but no mem=/memmap= in the command line"
	elif [ ! -s "$tmp/want" ]; then
		fail "$n user-defined map: no user: lines in the log despite $opts"
	else
		user_lines "$tmp/replayed" > "$tmp/got"
		compare "$n user-defined map ($opts, $(wc -l < "$tmp/want") entries)" "$tmp/want" "$tmp/got" "$tmp/replayed.err"
	fi
}

# last_pfn (one line, two when there is RAM above 4 GiB); pre-6.11 logs as named above.
check_last_pfn() { # N LOG
	local n=$1 log=$2 why=${pfn_exception_reason[$1]:-}
	pfn_lines "$log" > "$tmp/want"
	[ -s "$tmp/want" ] || { no_pfn+=("$n"); return; }
	pfn_lines "$tmp/replayed" > "$tmp/got"
	if [ -z "$why" ]; then
		compare "$n last_pfn" "$tmp/want" "$tmp/got" "$tmp/replayed.err"
		return
	fi
	if cmp -s "$tmp/want" "$tmp/got"; then
		fail "$n last_pfn: listed as an exception ($why) but equal now; remove it"
		return
	fi
	# The table our last_pfn lines came from: the user-defined one when there is one.
	grep '^user: ' "$tmp/replayed" > "$tmp/table" || grep '^BIOS-e820: ' "$tmp/replayed" > "$tmp/table"
	end_pfn_lines "$tmp/table" 'usable' > "$tmp/want.old"
	end_pfn_lines "$tmp/table" 'usable|ACPI data' > "$tmp/want.new"
	if ! cmp -s "$tmp/want" "$tmp/want.old"; then
		fail "$n last_pfn (known exception: $why): the log's lines (+) are not last_pfn counting usable only (-)" "$tmp/want.old" "$tmp/want"
	else
		compare "$n last_pfn (known exception: $why)" "$tmp/want.new" "$tmp/got" "$tmp/replayed.err"
	fi
}

# Early memory node ranges. Multi-node machines: the replay rebuilds the
# nodes from the log's "SRAT: Node N PXM P [mem ...]" lines (tools/replay/srat.c).
check_node_ranges() { # N LOG
	local n=$1 log=$2 nodes why=${node_exception_reason[$1]:-} want_pages got_pages s e
	nodes=$(manifest_col "$n.txt" 9)
	node_lines "$log" > "$tmp/want"
	if [ "$nodes" != 1 ]; then
		[ -s "$tmp/want" ] || { no_nodes+=("$n"); return; }
		if ! grep -q 'SRAT: Node [0-9]* PXM ' "$log"; then
			multi_node+=("$n")
			return
		fi
	elif [ ! -s "$tmp/want" ]; then
		fail "$n node ranges: MANIFEST says 1 node but the log has no node lines"
		return
	fi
	node_lines "$tmp/replayed" > "$tmp/got"
	if [ -z "$why" ]; then
		compare "$n node ranges ($(wc -l < "$tmp/want") ranges)" "$tmp/want" "$tmp/got" "$tmp/replayed.err"
		return
	fi
	if cmp -s "$tmp/want" "$tmp/got"; then
		fail "$n node ranges: listed as an exception ($why) but equal now; remove it"
		return
	fi
	# The log's lines are the first of ours, and ours hold the log's node 0 totalpages.
	want_pages=$(grep -o -m1 'On node 0 totalpages: [0-9]*' "$log" | grep -o '[0-9]*$')
	got_pages=0
	while read -r s e; do
		got_pages=$((got_pages + ((e + 1 - s) >> 12)))
	done < <(sed 's/.*\[mem \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\]/\1 \2/' "$tmp/got")
	head -n "$(wc -l < "$tmp/want")" "$tmp/got" > "$tmp/got.head"
	if [ "${want_pages:-none}" != "$got_pages" ]; then
		fail "$n node ranges (known exception: $why): our ranges hold $got_pages pages, the log's node 0 totalpages ${want_pages:-missing}"
	else
		compare "$n node ranges (known exception: $why; first $(wc -l < "$tmp/want") of $(wc -l < "$tmp/got"), $got_pages pages)" \
			"$tmp/want" "$tmp/got.head" "$tmp/replayed.err"
	fi
}

# --- Zones (free_area_init and memmap_init): the "Zone ranges" block (with
# "Movable zone start for each node"), "Initmem setup node" and "On node N,
# zone Z: K pages in unavailable ranges", from the replay of the log's table.
# Only logs whose kernel ran without memory-changing options (MANIFEST's
# memory_affecting_params "none"). Kernels print these differently by age;
# each difference is named below and checked to be the whole difference.
zone_block_lines() {
	grep -oE "Zone ranges:|  (DMA|DMA32|Normal|Movable|Device) +(\[mem 0x[0-9a-fA-F]+-0x[0-9a-fA-F]+\]|empty)|Movable zone start for each node|  Node [0-9]+: 0x[0-9a-fA-F]+" "$1" | pad_hex
}
initmem_lines() { grep -oE "Initmem setup node [0-9]+ (\[mem 0x[0-9a-fA-F]+-0x[0-9a-fA-F]+\]|as memoryless)" "$1" | pad_hex; }
unavailable_lines() { grep -oE "On node [0-9]+, zone [A-Za-z0-9]+: [0-9]+ pages in unavailable ranges" "$1"; }
declare -A zone_exception_reason=(
	[041]="composite log (MANIFEST notes): copy B, which has the zone lines, was abridged by its author"
)
check_zones() { # N LOG
	local n=$1 log=$2 params nodes why=${zone_exception_reason[$1]:-} notes="" pfn_note="" want_end got_end
	params=$(manifest_col "$n.txt" 14)
	nodes=$(manifest_col "$n.txt" 9)
	if [ "$params" != none ]; then
		zone_skipped+=("$n (memory-changing options: $params)")
		return
	fi
	if [ -n "$why" ]; then
		zone_skipped+=("$n ($why)")
		return
	fi
	zone_block_lines "$log" > "$tmp/want"
	[ -s "$tmp/want" ] || { zone_skipped+=("$n (no Zone ranges lines)"); return; }
	zone_block_lines "$tmp/replayed" > "$tmp/got"
	# Kernels built without CONFIG_ZONE_DEVICE print no "Device" row.
	if ! grep -q '^  Device ' "$tmp/want"; then
		sed -i '/^  Device /d' "$tmp/got"
		notes+="; kernel without ZONE_DEVICE: no Device row"
	fi
	# A pre-6.11 last_pfn (see pfn_exception_reason) ends the highest zone there instead.
	if [ -n "${pfn_exception_reason[$n]:-}" ]; then
		want_end=$(pfn_lines "$log" | head -1 | awk '{ print $3 }')
		got_end=$(pfn_lines "$tmp/replayed" | head -1 | awk '{ print $3 }')
		want_end=$(printf '0x%016x' $((want_end * 4096 - 1)))
		got_end=$(printf '0x%016x' $((got_end * 4096 - 1)))
		sed -i "s/$got_end/$want_end/" "$tmp/got"
		pfn_note="; ${pfn_exception_reason[$n]}: the highest zone ends at the log's last_pfn"
		notes+=$pfn_note
	fi
	compare "$n zone ranges${notes}" "$tmp/want" "$tmp/got" "$tmp/replayed.err"

	initmem_lines "$log" > "$tmp/want"
	initmem_lines "$tmp/replayed" > "$tmp/got"
	if [ -n "${pfn_exception_reason[$n]:-}" ]; then
		sed -i "s/$got_end/$want_end/" "$tmp/got"
	fi
	compare "$n Initmem setup${pfn_note}" "$tmp/want" "$tmp/got" "$tmp/replayed.err"

	unavailable_lines "$log" > "$tmp/want"
	if [ ! -s "$tmp/want" ]; then
		# Before 5.14 the holes were reported otherwise: "Zeroed struct page in unavailable
		# ranges" (5.x), "  DMA zone: N pages in unavailable ranges" (5.12-5.13, counted to
		# the zone's end rather than the section's), "Reserved but unavailable" (4.x), or not at all.
		zone_skipped+=("$n unavailable ranges (kernel $(manifest_col "$n.txt" 5) prints no 'On node N, zone Z' lines)")
		return
	fi
	unavailable_lines "$tmp/replayed" > "$tmp/got"
	compare "$n unavailable ranges ($(wc -l < "$tmp/want") lines)" "$tmp/want" "$tmp/got" "$tmp/replayed.err"
}

# --- System hashes (alloc_large_system_hash via vfs_caches_init_early): the
# "Dentry cache" and "Inode-cache hash table entries" lines, sized from
# nr_kernel_pages (memblock's free pages at the end of free_area_init), on
# the replay of the log's table. Only logs without memory-changing options.
# Older kernels print them otherwise; each difference is named and checked
# to be the whole difference (our lines, adjusted as stated, equal the log's).
hash_lines() { grep -oE "(Dentry cache|Inode-cache) hash table entries: [0-9]+ \(order: [0-9]+, [0-9]+ bytes(, [a-z ]+)?\)" "$1"; }
# "4.19.0-6-amd64" -> 419, "5.13.0-rc5" -> 513.
kernel_minor() { local v; v=$(manifest_col "$1.txt" 5); v=${v%%[^0-9.]*}; echo $(( ${v%%.*} * 100 + $(echo "$v" | cut -d. -f2) )); }
declare -A hash_exception_reason=(
	[007]="3.10 predates adaptive hash scaling (4.14: one more scale step per 4x above 64 GiB), so above 64 GiB its tables have twice our entries"
)
hash_skipped=()
check_hashes() { # N LOG
	local n=$1 log=$2 params ver notes="" why=${hash_exception_reason[$1]:-}
	params=$(manifest_col "$n.txt" 14)
	hash_lines "$log" > "$tmp/want"
	[ -s "$tmp/want" ] || return
	if [ "$params" != none ]; then
		hash_skipped+=("$n (memory-changing options: $params)")
		return
	fi
	hash_lines "$tmp/replayed" > "$tmp/got"
	ver=$(kernel_minor "$n")
	if [ -n "$why" ]; then
		# Twice the entries at one order more: the scale step 3.10 did not take.
		awk '{ match($0, /entries: [0-9]+ \(order: [0-9]+, [0-9]+ bytes/); split(substr($0, RSTART, RLENGTH), f, /[^0-9]+/)
			printf "%sentries: %d (order: %d, %d bytes%s\n", substr($0, 1, RSTART - 1), f[2] * 2, f[3] + 1, f[4] * 2, substr($0, RSTART + RLENGTH) }' \
			"$tmp/got" > "$tmp/got.adj"
		mv "$tmp/got.adj" "$tmp/got"
		notes+="; known exception: $why"
	fi
	if ! grep -q ', [a-z ]*)$' "$tmp/want"; then
		# The allocation kind (", linear", ", vmalloc") is printed since 5.x; the corpus's 4.19 has none, its 5.3 has it.
		sed -i 's/, [a-z ]*)$/)/' "$tmp/got"
		notes+="; kernel $(manifest_col "$n.txt" 5 | cut -d" " -f1) prints no allocation kind"
	elif [ "$ver" -lt 513 ]; then
		# Huge vmalloc mappings (the "vmalloc hugepage" of multi-node machines) came with 5.13.
		sed -i 's/, vmalloc hugepage)$/, vmalloc)/' "$tmp/got"
		grep -q 'vmalloc)$' "$tmp/got" && notes+="; kernel before 5.13: no huge vmalloc, 'vmalloc'"
	fi
	compare "$n hash tables (Dentry, Inode-cache)${notes}" "$tmp/want" "$tmp/got" "$tmp/replayed.err"
}

# --- Views (--views): the replay goes on as efimm's buddy stage (struct pages,
# build_all_zonelists, memblock_free_all, watermarks, the Memory: banner) over
# the log's own table and options, and prints the /proc views. Machines above
# 32 GiB are left out here (their struct pages: 64 bytes a page, all written,
# under ASan; 64 GiB took 14-24 s). Checked, for logs that print the line:
# - buddyinfo's nr_free << order, summed per zone, is zoneinfo's `pages free`
#   for that zone, and all zones' sum is meminfo's MemFree;
# - `Built N zonelists, mobility grouping on.  Total pages: N` equals the log's.
#   Kernels before 6.9 subtracted each zone's memmap pages (calc_memmap_size)
#   from the managed pages free_area_init_core started with, and Total pages
#   counts managed pages, so theirs is lower than 6.12's by roughly the
#   memmap's size (1/64 of memory with a 64-byte struct page); for them the
#   check is that the zonelist count is equal and the log's Total pages is
#   below ours by 1/100 to 1/40 of ours (the corpus: 15/1000 to 19/1000). Before 4.14 the line also said
#   "in Node order" / "in Zone order" (zonelist ordering was removed): dropped.
# - the Memory: banner's total (the K after the slash: present pages of all
#   nodes) equals the log's.
# - SLUB (kmem_cache_init after the banner): slabinfo lists the boot and
#   kmalloc caches, and meminfo's MemTotal = MemFree + Slab + the pcp lists'
#   pages, Slab = SReclaimable + SUnreclaim = the per-cache summary's total.
#   The SLUB: line equals the log's (the replay takes CPUs=N from it).
views_max_gib=32
views_same=() views_older=() views_skipped=()
check_views() { # N LOG OPTIONS
	local n=$1 log=$2 opts=${3% } want got wn gn wt gt ver bad
	want=$(grep -oE 'Built [0-9]+ zonelists.*Total pages: [0-9]+' "$log" | head -1)
	wt=$(grep -oE 'Memory: [0-9]+K/[0-9]+K available' "$log" | head -1 | sed -E 's|.*/([0-9]+)K.*|\1|')
	[ -n "$want$wt" ] || return
	"$replay" --from=e820 --views --views-max-gib=$views_max_gib ${opts:+--cmdline "$opts"} "$log" > "$tmp/views" 2> "$tmp/views.err"
	if grep -q 'views skipped' "$tmp/views.err"; then
		views_skipped+=("$n ($(manifest_col "$n.txt" 8))")
		return
	fi
	# buddyinfo's sums against zoneinfo's pages free, and MemFree.
	bad=$(awk '
		/^efimm: \/proc\/buddyinfo:/ { sec = "b"; next } /^efimm: \/proc\/zoneinfo:/ { sec = "z"; next }
		/^efimm: \/proc\/meminfo:/ { sec = "m"; next } /^efimm: \/proc\// { sec = ""; next }
		sec == "b" && /^Node [0-9]+, zone/ { k = $2 $4; s = 0; for (i = 5; i <= NF; i++) s += $i * 2 ^ (i - 5); b[k] = s; tb += s }
		sec == "z" && /^Node [0-9]+, zone/ { k = $2 " " $4; zk = $2 $4 }
		sec == "z" && /^  pages free/ { zf[zk] = $3 }
		sec == "m" && /^MemFree:/ { mf = $2 }
		END {
			for (k in b) if (b[k] != zf[k]) { printf "zone %s: buddyinfo %d, zoneinfo %d; ", k, b[k], zf[k]; e++ }
			if (tb * 4 != mf) { printf "buddyinfo %d pages, MemFree %d kB; ", tb, mf; e++ }
			if (!length(b)) printf "no buddyinfo"
		}' "$tmp/views")
	if [ -s "$tmp/views.err" ] || [ -n "$bad" ]; then
		fail "$n views: buddyinfo sums against zoneinfo and meminfo: ${bad:-efimm-replay complained: $(head -1 "$tmp/views.err")}"
	else
		pass "$n views: buddyinfo nr_free sums equal each zone's free pages and MemFree ($(grep -c '^Node [0-9]*, zone' <(sed -n '/^efimm: \/proc\/buddyinfo:/,/^efimm: \/proc\/pagetypeinfo:/p' "$tmp/views")) zones)"
	fi
	# SLUB: slabinfo lists the boot and kmalloc caches; the pages add up: MemTotal (managed) is
	# MemFree + Slab + the pcp lists' pages (zoneinfo's count:), Slab is SReclaimable + SUnreclaim
	# and the summary's slab memory plus large kmalloc.
	bad=$(awk '
		/^efimm: \/proc\/zoneinfo:/ { sec = "z"; next } /^efimm: \/proc\/meminfo:/ { sec = "m"; next }
		/^efimm: \/proc\/slabinfo:/ { sec = "s"; next } /^efimm: \/proc\// { sec = ""; next }
		/^efimm: slab caches: / { sec = ""; sm = $0; sub(/.*slab memory /, "", sm); lk = sm; sub(/K.*/, "", sm)
			sub(/.*large kmalloc /, "", lk); sub(/K.*/, "", lk); sum = 1 }
		sec == "z" && /^ +count: / { pcp += $2 }
		sec == "m" { m[$1] = $2 }
		sec == "s" && !/^(slabinfo|#)/ { c[$1] = 1 }
		END {
			split("kmem_cache kmem_cache_node kmalloc-8 kmalloc-16 kmalloc-32 kmalloc-64 kmalloc-96 kmalloc-128 kmalloc-192 kmalloc-256 kmalloc-512 kmalloc-1k kmalloc-2k kmalloc-4k kmalloc-8k kmalloc-rcl-64 kmalloc-cg-64 dma-kmalloc-64", w, " ")
			for (i in w) if (!(w[i] in c)) { printf "slabinfo has no %s; ", w[i]; e++ }
			if (!("Slab:" in m)) printf "no Slab: line; "
			else {
				if (m["MemTotal:"] != m["MemFree:"] + m["Slab:"] + pcp * 4)
					printf "MemTotal %d kB != MemFree %d + Slab %d + pcp %d kB; ", m["MemTotal:"], m["MemFree:"], m["Slab:"], pcp * 4
				if (m["Slab:"] != m["SReclaimable:"] + m["SUnreclaim:"] || m["KReclaimable:"] != m["SReclaimable:"])
					printf "Slab %d kB != SReclaimable %d + SUnreclaim %d (KReclaimable %d); ", m["Slab:"], m["SReclaimable:"], m["SUnreclaim:"], m["KReclaimable:"]
				if (!sum || m["Slab:"] != sm + lk) printf "Slab %d kB, summary slab memory %sK + large kmalloc %sK; ", m["Slab:"], sm, lk
				if (!m["Slab:"]) printf "Slab: 0 kB; "
			}
		}' "$tmp/views")
	if [ -n "$bad" ]; then
		fail "$n views: SLUB: $bad"
	else
		pass "$n views: SLUB: slabinfo lists the kmalloc caches; MemTotal = MemFree + Slab ($(grep -oE '^Slab: +[0-9]+ kB' "$tmp/views" | tr -s ' ' | cut -d' ' -f2) kB) + pcp pages; Slab = SReclaimable + SUnreclaim = the summary's"
	fi
	# The SLUB: line (HWalign, Order, MinObjects, CPUs: the log's own, Nodes: the rebuilt nodes).
	local sw sg
	sw=$(grep -aoE 'SLUB: HWalign=.*' "$log" | head -1 | tr -d '\r' | sed 's/[[:space:]]*$//')
	if [ -n "$sw" ]; then
		sg=$(grep -aE '^SLUB: ' "$tmp/views")
		if [ "$sw" = "$sg" ]; then pass "$n views: SLUB: line as the log's (${sg#SLUB: })"
		else fail "$n views: SLUB: line: the log's '$sw', ours '${sg:-none}'"; fi
	fi
	if [ -n "$wt" ]; then
		gt=$(grep -oE '^Memory: [0-9]+K/[0-9]+K available' "$tmp/views" | sed -E 's|.*/([0-9]+)K.*|\1|')
		if [ "$wt" = "$gt" ]; then pass "$n Memory: banner total ${gt}K as the log's"
		else fail "$n Memory: banner total: the log's ${wt}K, ours ${gt:-missing}K"; fi
	fi
	[ -n "$want" ] || return
	got=$(grep -oE '^Built [0-9]+ zonelists.*Total pages: [0-9]+' "$tmp/views")
	if [ "$want" = "$got" ]; then
		views_same+=("$n")
		pass "$n Built N zonelists ... Total pages as the log's (${got#Built })"
		return
	fi
	ver=$(kernel_minor "$n")
	wn=$(grep -oE '[0-9]+ zonelists' <<<"$want") gn=$(grep -oE '[0-9]+ zonelists' <<<"$got")
	wt=${want##* } gt=${got##* }
	if [ "$ver" -ge 609 ]; then
		fail "$n Built N zonelists: the log's '$want', ours '$got'"
	elif [ "$wn" = "$gn" ] && [ -n "$gt" ] && (((gt - wt) * 100 >= gt && (gt - wt) * 40 <= gt)); then
		views_older+=("$n ($(manifest_col "$n.txt" 5 | cut -d' ' -f1): $((gt - wt)) pages, $(((gt - wt) * 1000 / gt))/1000)")
		pass "$n Built N zonelists (known difference: kernel before 6.9 subtracts the memmap; $wn, the log's $wt pages, ours $gt)"
	else
		fail "$n Built N zonelists (kernel before 6.9): the log's '$want', ours '$got': not the same count, or not 1/100 to 1/40 (a memmap's size) below ours"
	fi
}

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
"$replay" --views --views-max-gib=0 "$here/formats.log" > /dev/null 2> "$tmp/err"
if [ $? -eq 2 ] && grep -q -- '--views-max-gib=0: expected a number of GiB above 0' "$tmp/err"; then
	pass "--views-max-gib=0: refused, exit 2"
else
	fail "--views-max-gib=0: not refused with exit 2 ($(head -1 "$tmp/err"))"
fi

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

	# The user-defined map, last_pfn and the node ranges, from the log's table and options.
	opts=$(user_options "$log")
	replay_table "$log" "$opts"
	check_user_map "$n" "$log" "$opts"
	check_last_pfn "$n" "$log"
	check_node_ranges "$n" "$log"
	check_zones "$n" "$log"
	check_hashes "$n" "$log"
	check_views "$n" "$log" "$opts"

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

# 6. A JSON report of a two-node guest (q35, 1G, QEMU's NODES=2: tests/boot/report.sh): its
# numa section rebuilds both nodes, so the zone and node lines are the boot's own
# (report-2node.expected: those lines of that boot's log).
node_re='^(Zone ranges:|  (DMA|DMA32|Normal|Movable) |Early memory node ranges|  node +[0-9]+: |Initmem setup node|On node [0-9]+, zone)'
"$replay" "$here/report-2node.json" > "$tmp/report2n" 2> "$tmp/err"
grep -E "$node_re" "$tmp/report2n" > "$tmp/got"
if [ $? -le 1 ] && grep -q '^ACPI: SRAT: Node 1 PXM 1 ' "$tmp/report2n"; then
	compare "report-2node.json: nodes from the report's numa section ($(grep -c '^  node ' "$here/report-2node.expected") node ranges, 2 nodes)" \
		"$here/report-2node.expected" "$tmp/got" "$tmp/err"
else
	fail "report-2node.json: no node 1 rebuilt from the numa section ($(head -1 "$tmp/err"))"
fi

echo "SKIP node ranges of multi-node machines whose log has no 'SRAT: Node' lines to rebuild the nodes from: ${multi_node[*]:-none}"
printf 'SKIP zones: %s\n' "${zone_skipped[@]}"
printf 'SKIP hash tables: %s\n' "${hash_skipped[@]}"
echo "views: Built N zonelists ... Total pages equal to the log's in ${#views_same[@]} logs (${views_same[*]:-none}); lower in the log by the memmap of kernels before 6.9 in ${#views_older[@]}: ${views_older[*]:-none}"
printf 'SKIP views (above --views-max-gib=%s): %s\n' "$views_max_gib" "${views_skipped[*]:-none}"
echo "note: no node lines in ${no_nodes[*]:-none}; no last_pfn lines in ${no_pfn[*]:-none}"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
