#!/usr/bin/env bash
# Boot tests: efimm and Debian's Linux 6.12 in identical QEMU + OVMF guests;
# efimm must print the E820 table Linux prints. See tests/boot/README.md.
#
# Environment: JOBS (QEMUs at once, default 2), UPDATE_FIXTURES=1 (rewrite
# tests/fixtures/ovmf-*), EFIMM_KERNEL_DEB (see scripts/linux-ref.sh),
# BOOT_TIMEOUT (per QEMU run, default 300 s).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
scripts=$top/scripts
out=build/boot
fixtures=tests/fixtures
JOBS=${JOBS:-2}
export BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}
t_start=$(date +%s%N)

# The guests: MACHINE MEM NODES ("-" = no NUMA) [OPTION]; OPTION is given to both
# efimm and Linux (e.g. numa=fake=4). Fixture names come from them.
# Biggest first: efimm's time grows with RAM (16G is the longest boot), and
# starting the longest jobs first keeps both job slots busy to the end.
guests=(
	"q35 16G -"
	"q35 4G 1G,1G,2G,0"
	"q35 4G 1G,3G"
	"q35 4G -"
	"pc 3G -"
	"q35 2G - numa=fake=4"
	"q35 512M -"
)
# efimm's batch runs run the page self-test (page_selftest=on, three pattern words in every
# free page); each guest must print its PASS line. Options for efimm only, per guest:
# the 16G guest leaves the self-test out. Writing into every page makes all 16 GiB of
# guest RAM resident on the host (QEMU backs guest RAM lazily, a page at its first
# write), too much for two jobs at once on a 24 GiB machine shared with other work; and
# under TCG that first write is the test's cost, whatever the number of words: the 4G
# guest took 19-76 s (host load 6-14), so 16G would take about four times as long.
efimm_only_opts() { # MEM -> extra efimm options
	case "$1" in 16G) echo "page_selftest=off" ;; esac
}
guest_name() { # MACHINE MEM NODES [OPTION] -> ovmf-q35-4G[-2n | -1G_3G][-numa_fake_4]
	local n="ovmf-$1-$2"
	case "$3" in -) ;; *,*) n+="-${3//,/_}" ;; *) n+="-$3n" ;; esac
	[ -z "${4:-}" ] || n+="-${4//[^A-Za-z0-9]/_}"
	echo "$n"
}
# SLIT distances for guests of more than two nodes (QEMU's -numa dist; see
# scripts/qemu-args.sh NUMA_DIST): a line, nodes further apart further away.
guest_dist() { # NODES -> NUMA_DIST value or nothing
	local -a s
	IFS=, read -r -a s <<<"$1"
	((${#s[@]} > 2)) || return 0
	local out="" i j
	for ((i = 0; i < ${#s[@]}; i++)); do
		for ((j = i + 1; j < ${#s[@]}; j++)); do out+="${out:+,}$i-$j=$((11 + 10 * (j - i)))"; done
	done
	echo "$out"
}

# Note: no `grep -q` after a pipe here: it exits at the first match, the writer
# then dies of SIGPIPE, and under pipefail the pipeline counts as "no match".
passed=0 failed=0 skipped=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
skip() { echo "SKIP: $*"; skipped=$((skipped + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# Log text as printed, without the serial console's \r, OVMF's ANSI escape
# codes, or Linux's "[    0.000000] " timestamp.
clean() { sed -e 's/\r//g' -e 's/\x1b\[[0-9;=?]*[A-Za-z]//g' -e 's/^\[ *[0-9]*\.[0-9]*\] //' "$@"; }
# The E820 table block: Linux's header line and the BIOS-e820 lines.
e820_block() { clean "$1" | grep -aE '^(BIOS-provided physical RAM map:|BIOS-e820: )'; }
# efimm's raw map table: from "EFI memory map:" through the last descriptor line.
memmap_table() {
	clean "$1" | awk '/^EFI memory map:/ { on = 1 } on && (/^  / || /^BIOS-provided/) { exit } on { print }'
}
# Show two line sets side by side, for a failure.
show_diff() { # LABEL_A FILE_A LABEL_B FILE_B
	diff -u --label "$1" "$2" --label "$3" "$4" | sed 's/^/    /'
}

# --- Build what the boots need ------------------------------------------------
[ -f build/efimm.img ] || { echo "tests/boot: build/efimm.img missing (make image)"; echo "0 passed, 1 failed"; exit 1; }
rm -rf "$out"; mkdir -p "$out/img"
mkimg_with_cmdline() { # OUT CMDLINE: efimm.img with \efimm\cmdline.txt = CMDLINE
	cp build/efimm.img "$1"
	printf '%s\n' "$2" >"$1.cmdline"
	"$scripts/esp.sh" put "$1" "$1.cmdline" /efimm/cmdline.txt
}
mkimg_with_cmdline "$out/img/batch.img" "batch memblock=debug"
mkimg_with_cmdline "$out/img/bogus.img" "batch bogus=1"
mkimg_with_cmdline "$out/img/pageselftest.img" "batch page_selftest=full"
# No EFI/BOOT/BOOTX64.EFI: OVMF falls to its UEFI shell, which runs startup.nsh.
printf '%s\r\n' '@echo -off' 'fs0:\efimm.efi batch efi=debug' 'reset -s' >"$out/img/startup.nsh"
"$scripts/mkimage.sh" "$out/img/shell.img" 64 build/efimm.efi=/efimm.efi "$out/img/startup.nsh=/startup.nsh"
# Two runs in one boot: the first returns to the shell, the second must see the same memory.
printf '%s\r\n' '@echo -off' 'fs0:\efimm.efi nopause memblock=debug' 'fs0:\efimm.efi batch memblock=debug' 'reset -s' \
	>"$out/img/twice.nsh"
"$scripts/mkimage.sh" "$out/img/twice.img" 64 build/efimm.efi=/efimm.efi "$out/img/twice.nsh=/startup.nsh"
if ! linux_img=$("$scripts/linux-ref.sh" image 2>"$out/linux-ref-image.log"); then
	cat "$out/linux-ref-image.log"
	fail "Linux reference kernel: could not get or unpack it (see above)"
	linux_img=""
fi

# --- Run every boot, JOBS at a time -------------------------------------------
# Each job leaves in $out/NAME/: serial.log, maybe debugcon.log, status, time.log.
job_names=() job_cmds=()
add_job() { job_names+=("$1"); job_cmds+=("$2"); }
for g in "${guests[@]}"; do
	read -r m mem nodes opt <<<"$g"
	name=$(guest_name "$m" "$mem" "$nodes" "$opt")
	env="MACHINE=$m MEM=$mem NODES=$([ "$nodes" = - ] || echo "$nodes") NUMA_DIST=$(guest_dist "$nodes")"
	img=$out/img/batch.img
	eopt=$(efimm_only_opts "$mem")
	if [ -n "$opt$eopt" ]; then
		img=$out/img/$name.img
		mkimg_with_cmdline "$img" "batch memblock=debug${opt:+ $opt}${eopt:+ $eopt}"
	fi
	if [ -n "$opt" ]; then
		# Its own Linux boot disk, made now rather than by two jobs at once.
		[ -z "$linux_img" ] || LINUX_EXTRA=$opt "$scripts/linux-ref.sh" image >/dev/null 2>>"$out/linux-ref-image.log"
	fi
	add_job "$name.efimm" "$env DEBUGCON=$out/$name.efimm/debugcon.log scripts/qemu-boot.sh $img $out/$name.efimm/serial.log"
	# Linux runs on to its Memory: banner, which 6.12 prints late (page_alloc_init_late, after SMP
	# bring-up and the deferred struct pages), after both hash lines, one node or several.
	[ -z "$linux_img" ] || add_job "$name.linux" "$env LINUX_EXTRA=$opt LINUX_STOP=Memory:.[0-9]+K/ LINUX_TIMEOUT=$BOOT_TIMEOUT scripts/linux-ref.sh boot $out/$name.linux/serial.log"
done
add_job bogus "MEM=512M DEBUGCON=$out/bogus/debugcon.log scripts/qemu-boot.sh $out/img/bogus.img $out/bogus/serial.log"
add_job pageselftest "MEM=512M NODES=2 DEBUGCON=$out/pageselftest/debugcon.log scripts/qemu-boot.sh $out/img/pageselftest.img $out/pageselftest/serial.log"
add_job shell "MEM=512M DEBUGCON=$out/shell/debugcon.log scripts/qemu-boot.sh $out/img/shell.img $out/shell/serial.log"
add_job twice "MEM=1G DEBUGCON=$out/twice/debugcon.log scripts/qemu-boot.sh $out/img/twice.img $out/twice/serial.log"

run_job() { # NAME CMD
	local d=$out/$1 rc=0
	mkdir -p "$d"
	env $2 >"$d/stdout.log" 2>"$d/time.log" || rc=$?
	echo "$rc" >"$d/status"
}
echo "tests/boot: ${#job_names[@]} QEMU boots, $JOBS at a time"
running=0
for i in "${!job_names[@]}"; do
	if ((running >= JOBS)); then wait -n; running=$((running - 1)); fi
	run_job "${job_names[$i]}" "${job_cmds[$i]}" &
	running=$((running + 1))
done
wait
for n in "${job_names[@]}"; do
	t=$(grep -ao 'qemu-boot: .*' "$out/$n/time.log" | tail -1)
	printf '  %-22s %s\n' "$n" "${t#qemu-boot: }"
done

# --- Checks -------------------------------------------------------------------
status_of() { cat "$out/$1/status" 2>/dev/null || echo none; }
# Fixtures are written when missing or with UPDATE_FIXTURES=1, never silently
# rewritten. A differing .memmap is normal (efimm's own size moves the Loader
# descriptors); a differing .linux-e820 means the firmware or QEMU changed.
update_fixture() { # FIXTURE NEW_CONTENT
	if [ ! -f "$1" ] || [ "${UPDATE_FIXTURES:-0}" = 1 ]; then
		if ! cmp -s "$2" "$1"; then cp "$2" "$1"; echo "  wrote $1"; fi
	elif ! cmp -s "$2" "$1"; then
		echo "  note: $1 differs from this boot in $(diff "$1" "$2" | grep -c '^>') lines (kept; UPDATE_FIXTURES=1 rewrites it)"
		case "$1" in *.linux-e820) show_diff "$1" "$1" "this boot" "$2" ;; esac
	fi
}
# Lines of one kind, in order, from a log (cleaned).
lines_of() { # LOG ERE
	clean "$1" 2>/dev/null | grep -aE "$2" || true
}
# The e820: lines before the first last_pfn line: everything the E820 stage
# changes. Linux's "usable ==> usable" lines mark the EFI stub's setup_data
# (E820_TYPE_RESERVED_KERN prints as usable); efimm has no setup_data.
e820_changes() { # LOG
	clean "$1" 2>/dev/null | awk '/^last_pfn = / { exit } /^e820: / && !/==> usable$/ { print }'
}
same_lines() { # NAME WHAT LINUX_FILE EFIMM_FILE
	if [ -s "$3" ] && cmp -s "$3" "$4"; then
		pass "$1: $2 identical to Linux's ($(wc -l <"$3") lines)"
	else
		fail "$1: $2 differ from Linux's"
		show_diff linux "$3" efimm "$4"
	fi
}
# Every stage efimm has, compared with the kernel booted in the same guest.
compare_stages() { # NAME LINUX_LOG EFIMM_LOG NODES
	local d=$out/$1.cmp
	mkdir -p "$d"
	e820_changes "$2" >"$d/linux.e820-changes"; e820_changes "$3" >"$d/efimm.e820-changes"
	same_lines "$1" "e820: update/remove lines" "$d/linux.e820-changes" "$d/efimm.e820-changes"
	lines_of "$2" '^efi: EFI v' >"$d/linux.efi"; lines_of "$3" '^efi: EFI v' >"$d/efimm.efi"
	same_lines "$1" "firmware line (efi: EFI v...)" "$d/linux.efi" "$d/efimm.efi"
	lines_of "$2" '^last_pfn = ' >"$d/linux.pfn"; lines_of "$3" '^last_pfn = ' >"$d/efimm.pfn"
	same_lines "$1" "last_pfn lines" "$d/linux.pfn" "$d/efimm.pfn"
	lines_of "$2" '^ memory(\.cnt|\[)' >"$d/linux.memblock"; lines_of "$3" '^ memory(\.cnt|\[)' >"$d/efimm.memblock"
	# free_area_init's zone limits (independent of the nodes) and, per node, memmap_init's holes.
	lines_of "$2" '^(Zone ranges:|  [A-Za-z0-9]+ +(\[mem|empty)|Movable zone start|  Node [0-9]+: 0x)' >"$d/linux.zones"
	lines_of "$3" '^(Zone ranges:|  [A-Za-z0-9]+ +(\[mem|empty)|Movable zone start|  Node [0-9]+: 0x)' >"$d/efimm.zones"
	same_lines "$1" "Zone ranges and Movable zone start" "$d/linux.zones" "$d/efimm.zones"
	lines_of "$2" '^(Initmem setup node|On node [0-9]+, zone .* unavailable ranges)' >"$d/linux.initmem"
	lines_of "$3" '^(Initmem setup node|On node [0-9]+, zone .* unavailable ranges)' >"$d/efimm.initmem"
	same_lines "$1" "memblock.memory dumps (memblock=debug, both dumps)" "$d/linux.memblock" "$d/efimm.memblock"
	if [ "$4" = - ]; then
		# With numa=fake=N also NUMA emulation's "Faking node N at ..." and the distance table.
		lines_of "$2" '^(No NUMA configuration found|Faking a node at |Faking node |NUMA: )' >"$d/linux.numa"
		lines_of "$3" '^(No NUMA configuration found|Faking a node at |Faking node |NUMA: )' >"$d/efimm.numa"
		same_lines "$1" "NUMA fallback lines" "$d/linux.numa" "$d/efimm.numa"
	else
		# SRAT's memory affinity, the distance table and numa_meminfo merges.
		lines_of "$2" '^(ACPI: SRAT: |ACPI: SLIT |NUMA: |No NUMA configuration|Faking a node)' | grep -av '^ACPI: SLIT 0x' >"$d/linux.numa"
		lines_of "$3" '^(ACPI: SRAT: |ACPI: SLIT |NUMA: |No NUMA configuration|Faking a node)' | grep -av '^ACPI: SLIT 0x' >"$d/efimm.numa"
		same_lines "$1" "SRAT, SLIT and NUMA: lines" "$d/linux.numa" "$d/efimm.numa"
		# Linux's "SRAT: PXM p -> APIC a -> Node n" is pr_debug, never shown this early (dynamic
		# debug starts later), so efimm's are checked against QEMU's layout: vCPU c, APIC id c,
		# is in node c mod N, and PXMs are first seen in that order, so node = PXM.
		local -a sz; IFS=, read -r -a sz <<<"$4"
		local n=${#sz[@]} c
		for ((c = 0; c < n; c++)); do printf 'SRAT: PXM %d -> APIC 0x%02x -> Node %d\n' $((c % n)) "$c" $((c % n)); done >"$d/expected.pxm"
		lines_of "$3" '^SRAT: PXM ' >"$d/efimm.pxm"
		same_lines "$1" "SRAT: PXM lines (as QEMU lays out the vCPUs; Linux does not print them)" "$d/expected.pxm" "$d/efimm.pxm"
	fi
	clean "$2" | awk '/^Early memory node ranges/ { on = 1; print; next } on && /^  node / { print; next } on { exit }' >"$d/linux.nodes"
	clean "$3" | awk '/^Early memory node ranges/ { on = 1; print; next } on && /^  node / { print; next } on { exit }' >"$d/efimm.nodes"
	same_lines "$1" "Early memory node ranges" "$d/linux.nodes" "$d/efimm.nodes"
	same_lines "$1" "Initmem setup node and unavailable ranges" "$d/linux.initmem" "$d/efimm.initmem"
	# build_all_zonelists: online nodes and Total pages (present pages: managed before memblock_free_all).
	lines_of "$2" '^(Built [0-9]+ zonelists, |Policy zone: )' >"$d/linux.zonelists"
	lines_of "$3" '^(Built [0-9]+ zonelists, |Policy zone: )' >"$d/efimm.zonelists"
	same_lines "$1" "Built N zonelists ... Total pages and Policy zone lines" "$d/linux.zonelists" "$d/efimm.zonelists"
	# alloc_large_system_hash's sizing from nr_kernel_pages ("linear", or "vmalloc[ hugepage]" with nodes).
	lines_of "$2" '^(Dentry cache|Inode-cache) hash table entries: ' >"$d/linux.hash"
	lines_of "$3" '^(Dentry cache|Inode-cache) hash table entries: ' >"$d/efimm.hash"
	same_lines "$1" "Dentry cache and Inode-cache hash table lines" "$d/linux.hash" "$d/efimm.hash"
	# kmem_cache_init's banner: cache_line_size, slub_min/max_order, slub_min_objects, nr_cpu_ids
	# and nr_node_ids (QEMU's vCPUs and nodes; with numa=fake=N the faked nodes).
	lines_of "$2" '^SLUB: ' >"$d/linux.slub"; lines_of "$3" '^SLUB: ' >"$d/efimm.slub"
	same_lines "$1" "SLUB: line (HWalign, Order, MinObjects, CPUs, Nodes)" "$d/linux.slub" "$d/efimm.slub"
	check_memory_banner "$1" "$2" "$3"
}

# mem_init_print_info's "Memory: NK/MK available (...)": the same format (every field, in
# order), and M, the present pages of all nodes, equal. N (free pages) is not: Linux's kernel
# image, initrd, page tables, per-cpu areas and early allocations are not free, efimm's own
# image and the firmware's data are; efimm prints 0K for its code, data and bss and its
# reserved K is M - managed. Both Ns are shown.
banner_re='^Memory: [0-9]+K/[0-9]+K available \([0-9]+K kernel code, [0-9]+K rwdata, [0-9]+K rodata, [0-9]+K init, [0-9]+K bss, [0-9]+K reserved, [0-9]+K cma-reserved\)$'
check_memory_banner() { # NAME LINUX_LOG EFIMM_LOG
	local lb eb lt et
	lb=$(lines_of "$2" '^Memory: [0-9]+K/' | head -1)
	eb=$(lines_of "$3" '^Memory: [0-9]+K/' | head -1)
	lt=$(sed -E 's|^Memory: [0-9]+K/([0-9]+)K .*|\1|' <<<"$lb")
	et=$(sed -E 's|^Memory: [0-9]+K/([0-9]+)K .*|\1|' <<<"$eb")
	if [ -n "$lb" ] && grep -aqE "$banner_re" <<<"$lb" && grep -aqE "$banner_re" <<<"$eb" && [ "$lt" = "$et" ]; then
		pass "$1: Memory: banner in Linux's format, total ${et}K as Linux's (available: Linux ${lb#Memory: }; efimm ${eb#Memory: })"
	else
		fail "$1: Memory: banner: format or total (the K after /) differ from Linux's"
		echo "    linux: ${lb:-no Memory: line}"
		echo "    efimm: ${eb:-no Memory: line}"
	fi
}

mkdir -p "$fixtures"
for g in "${guests[@]}"; do
	read -r m mem nodes opt <<<"$g"
	name=$(guest_name "$m" "$mem" "$nodes" "$opt")
	e=$out/$name.efimm l=$out/$name.linux
	st=$(status_of "$name.efimm")
	if [ "$st" = 1 ]; then pass "$name: efimm batch run ok (QEMU exit 1)"
	else
		fail "$name: efimm QEMU exit status $st, want 1 (see $e/debugcon.log, $e/time.log); its diagnostics:"
		clean "$e/debugcon.log" 2>/dev/null | grep -aE '^efi: mem[0-9]+: [^[]|^efimm: (batch|unknown)|^efi: map' | sed 's/^/    /'
	fi

	# The page self-test, on by default in batch runs (not in the guests that turn it off above).
	if [ "$(efimm_only_opts "$mem")" = page_selftest=off ]; then
		skip "$name: page self-test (page_selftest=off: see efimm_only_opts)"
	else
		res=$(lines_of "$e/debugcon.log" '^efimm: page self-test: (passed|FAILED)')
		if [[ $res == "efimm: page self-test: passed"* ]]; then
			pass "$name: page self-test: $(lines_of "$e/debugcon.log" '^efimm: page self-test: [0-9]+ pages' | grep -ao '^efimm: page self-test: [0-9]* pages ([0-9]* MiB)' | sed 's/^efimm: page self-test: //'), ${res#efimm: page self-test: }"
		else
			fail "$name: page self-test did not pass; efimm printed:"
			lines_of "$e/debugcon.log" 'page self-test|batch run' | sed 's/^/    /'
		fi
	fi

	e820_block "$e/debugcon.log" >"$e/e820" 2>/dev/null || true
	e820_block "$e/serial.log" >"$e/e820.serial" 2>/dev/null || true
	if [ -s "$e/e820" ] && cmp -s "$e/e820" "$e/e820.serial"; then
		pass "$name: efimm's serial console shows the same BIOS-e820 block as debugcon"
	else
		fail "$name: efimm's serial console (\\r and escapes removed) differs from debugcon"
		show_diff debugcon "$e/e820" serial "$e/e820.serial"
	fi
	memmap_table "$e/debugcon.log" >"$e/memmap" 2>/dev/null || true
	[ ! -s "$e/memmap" ] || update_fixture "$fixtures/$name.memmap" "$e/memmap"

	if [ -z "$linux_img" ] || [ "$(status_of "$name.linux")" != 0 ]; then
		fail "$name: Linux reference boot failed (status $(status_of "$name.linux"); see $l/time.log, $l/serial.log)"
		continue
	fi
	e820_block "$l/serial.log" >"$l/e820"
	update_fixture "$fixtures/$name.linux-e820" "$l/e820"
	if [ -s "$l/e820" ] && cmp -s "$l/e820" "$e/e820"; then
		pass "$name: BIOS-e820 block identical to Linux's ($(grep -c BIOS-e820 "$l/e820") entries)"
	else
		fail "$name: BIOS-e820 block differs from Linux's"
		show_diff linux "$l/e820" efimm "$e/e820"
	fi
	compare_stages "$name" "$l/serial.log" "$e/debugcon.log" "$nodes"
	for want in 'e820: update [mem 0x00000000-0x00000fff] usable ==> reserved' \
		'e820: remove [mem 0x000a0000-0x000fffff] usable'; do
		inl=0 ine=0
		clean "$l/serial.log" | grep -axF "$want" >/dev/null && inl=1
		clean "$e/debugcon.log" | grep -axF "$want" >/dev/null && ine=1
		if ((inl && ine)); then pass "$name: both print '$want'"
		else
			fail "$name: '$want': Linux $( ((inl)) && echo prints || echo "does not print") it, efimm $( ((ine)) && echo prints || echo "does not print") it"
			echo "    Linux's e820: lines:"; clean "$l/serial.log" | grep -a '^e820: ' | sed 's/^/      /'
			echo "    efimm's e820: lines:"; clean "$e/debugcon.log" | grep -a '^e820: ' | sed 's/^/      /'
		fi
	done
done

# An unknown option is reported and makes the run "completed with warnings" (2 -> exit 3).
st=$(status_of bogus)
if clean "$out/bogus/debugcon.log" 2>/dev/null | grep -a "^efimm: unknown option 'bogus=1' ignored" >/dev/null && [ "$st" = 3 ]; then
	pass "unknown option: reported, QEMU exit 3"
else
	fail "unknown option: QEMU exit $st (want 3); efimm printed:"
	clean "$out/bogus/debugcon.log" 2>/dev/null | grep -a 'unknown\|batch run' | sed 's/^/    /'
fi

# page_selftest=full: every word of every free page of a two-node 512M guest through alloc_pages,
# patterned, verified, freed shuffled; nr_free per zone and order back exactly.
st=$(status_of pageselftest)
res=$(clean "$out/pageselftest/debugcon.log" 2>/dev/null | grep -a '^efimm: page self-test: passed' || true)
full=$(clean "$out/pageselftest/debugcon.log" 2>/dev/null | grep -ac '^efimm: page self-test: .*every 64-bit word patterned' || true)
if [ -n "$res" ] && [ "$st" = 1 ] && [ "$full" = 1 ]; then
	pass "page_selftest=full (q35 512M, 2 nodes): $(clean "$out/pageselftest/debugcon.log" | grep -ao '^efimm: page self-test: [0-9]* pages ([0-9]* MiB) in [0-9]* blocks'), ${res#efimm: page self-test: }; QEMU exit 1"
else
	fail "page_selftest=full: QEMU exit $st (want 1), $full full-pattern lines (want 1); efimm printed:"
	clean "$out/pageselftest/debugcon.log" 2>/dev/null | grep -a 'page self-test\|batch run' | sed 's/^/    /'
fi

# Started by the UEFI shell with arguments: they are the command line.
st=$(status_of shell)
src=$(clean "$out/shell/debugcon.log" 2>/dev/null | grep -a '^efimm: command line from ' || true)
nmem=$(clean "$out/shell/debugcon.log" 2>/dev/null | grep -ac '^efi: mem00: ' || true)
if [ "$src" = "efimm: command line from the UEFI shell" ] && ((nmem > 0)) && [ "$st" = 1 ]; then
	pass "UEFI shell: command line from the UEFI shell, efi=debug lines, QEMU exit 1"
else
	fail "UEFI shell: QEMU exit $st (want 1), '${src:-no command line source line}', $nmem 'efi: mem00:' lines (see $out/shell/)"
fi

# Two runs in one boot: everything claimed was given back, so the second run
# sees the same E820 table and memblock memory, and succeeds.
st=$(status_of twice)
clean "$out/twice/debugcon.log" 2>/dev/null | awk '/^efimm [0-9.]+: /{ n++ } { print > (dir "/run" n) }' dir="$out/twice"
claimed1=$(grep -ao 'claimed [0-9]* MiB' "$out/twice/run1" 2>/dev/null | head -1)
gave1=$(grep -ao 'gave [0-9]* MiB' "$out/twice/run1" 2>/dev/null | head -1)
stage_lines() { grep -aE '^(BIOS-e820: |e820: | memory(\.cnt|\[)|  node )' "$1" 2>/dev/null; }
if [ "$st" = 1 ] && [ -s "$out/twice/run2" ] && [ -n "$claimed1" ] && [ "${claimed1#claimed }" = "${gave1#gave }" ] &&
	diff <(stage_lines "$out/twice/run1") <(stage_lines "$out/twice/run2") >/dev/null &&
	[ "$(stage_lines "$out/twice/run1" | wc -l)" -gt 10 ]; then
	pass "second run in the same boot: the first gave back all it claimed (${claimed1#claimed }); same E820 and memblock; QEMU exit 1"
else
	fail "second run in the same boot: QEMU exit $st (want 1), first run '${claimed1:-no claim line}' / '${gave1:-no give-back line}'"
	show_diff run1 <(stage_lines "$out/twice/run1") run2 <(stage_lines "$out/twice/run2")
fi

ms=$((($(date +%s%N) - t_start) / 1000000))
printf 'tests/boot: total %d.%d s\n' $((ms / 1000)) $((ms % 1000 / 100))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
