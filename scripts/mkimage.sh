#!/usr/bin/env bash
# Write a GPT disk image with one FAT32 EFI System Partition, without root
# or loop devices (sfdisk on a plain file, mtools into the partition).
#
# Usage: scripts/mkimage.sh OUT.img [SIZE_MIB] [SRC=DEST ...]
#   SRC=DEST copies file SRC to path DEST inside the ESP (e.g. build/efimm.efi=/EFI/BOOT/BOOTX64.EFI).
#   A DEST ending in / is a folder that is created empty.
set -euo pipefail

out=$1; shift
size_mib=64
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then size_mib=$1; shift; fi

sector=512
start=2048                                  # 1 MiB aligned, as partitioning tools do
total=$((size_mib * 1024 * 1024 / sector))
part_sectors=$((total - start - 34))        # leave room for the backup GPT

tmp="$out.tmp"
rm -f "$tmp"
truncate -s "${size_mib}M" "$tmp"
sfdisk --quiet "$tmp" <<EOF
label: gpt
start=$start, size=$part_sectors, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="EFI System"
EOF

fat="$tmp@@$((start * sector))"
export MTOOLS_SKIP_CHECK=1
# -T bounds the FAT to the partition; without it mformat overruns the backup GPT.
mformat -i "$fat" -F -T "$part_sectors" -v EFIMM ::

mkdirs() {
	local d=$1 acc=""
	IFS=/ read -r -a parts <<<"${d#/}"
	for p in "${parts[@]}"; do
		[ -n "$p" ] || continue
		acc="$acc/$p"
		# mmd asks on a terminal when the folder exists: look first.
		mdir -i "$fat" "::$acc" >/dev/null 2>&1 || mmd -i "$fat" "::$acc" </dev/null
	done
}

for spec in "$@"; do
	src=${spec%%=*}; dest=${spec#*=}
	if [[ "$dest" == */ ]]; then mkdirs "$dest"; continue; fi
	mkdirs "$(dirname "$dest")"
	mcopy -o -i "$fat" "$src" "::$dest"
done
mv "$tmp" "$out"
