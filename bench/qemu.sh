#!/usr/bin/env bash
# make bench, QEMU part: boots efimm (TCG) with "batch bench" in a q35 guest (memmap_init,
# metadata, and alloc_pages against the firmware's AllocatePages once the buddy holds memory)
# of $BENCH_MEM (default 4G) and prints the BENCH lines efimm measured in it.
# The guest boots from a private copy of $IMG (default build/efimm.img) through
# scripts/qemu-boot.sh, so benches and boot tests can run side by side; the serial log
# goes to $BENCH_DIR (default build/bench)/qemu-$BENCH_MEM.log.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mem=${BENCH_MEM:-4G}
dir=${BENCH_DIR:-build/bench}
img=${IMG:-build/efimm.img}
log=$dir/qemu-$mem.log
mkdir -p "$dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/efimm-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$img" "$work/bench.img"
printf '%s\n' "batch bench noreport" >"$work/cmdline.txt"
scripts/esp.sh put "$work/bench.img" "$work/cmdline.txt" /efimm/cmdline.txt
MEM=$mem BOOT_TIMEOUT=600 scripts/qemu-boot.sh "$work/bench.img" "$log" </dev/null 2>"$dir/qemu-$mem.time" || true
sed -e 's/\r//g' "$log" | grep -aE '^BENCH |^  (memmap_init|mm metadata|page_alloc_[a-z0-9]+_efi): ' | sed "s/^BENCH \([a-z0-9_]*\)_efi /BENCH \1_qemu_tcg_$mem /" ||
	{ echo "bench/qemu.sh: no BENCH lines in $log" >&2; exit 1; }
