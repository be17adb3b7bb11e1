#!/usr/bin/env bash
# make bench, QEMU part: boots efimm (TCG) with "batch bench" in a q35 guest (memmap_init,
# metadata, and alloc_pages against the firmware's AllocatePages once the buddy holds memory)
# of $BENCH_MEM (default 4G) and prints the BENCH lines efimm measured in it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mem=${BENCH_MEM:-4G}
log=build/bench/qemu-$mem.log
mkdir -p build/bench
MEM=$mem OPTS="batch bench noreport" IMG=build/efimm.img timeout 600 scripts/run.sh >"$log" 2>&1 </dev/null || true
sed -e 's/\r//g' "$log" | grep -aE '^BENCH |^  (memmap_init|mm metadata|page_alloc_[a-z0-9]+_efi): ' | sed "s/^BENCH \([a-z_]*\)_efi /BENCH \1_qemu_tcg_$mem /" ||
	{ echo "bench/qemu.sh: no BENCH lines in $log" >&2; exit 1; }
