#!/usr/bin/env bash
# Boot Debian's real Linux 6.12 in the same QEMU + OVMF guest as efimm, as the
# reference for what Linux's EFI stub + e820.c make of that firmware's map.
#
# Usage:
#   scripts/linux-ref.sh kernel      fetch and unpack the kernel; print the vmlinuz path
#   scripts/linux-ref.sh image       also build the boot disk; print its path
#   scripts/linux-ref.sh boot LOG    boot the guest that MACHINE MEM SMP NODES describe
#                                    (see scripts/qemu-args.sh); serial goes to LOG
#
# Environment (all optional):
#   EFIMM_KERNEL_DEB  use this linux-image .deb instead of `apt-get download`
#   LINUX_BOOT        shell (default) | direct   -- see "Which boot path" below
#   LINUX_STOP        stop QEMU once the serial log has this line (a grep -E
#                     pattern, default 'Inode-cache hash table entries', after
#                     'Built N zonelists'; with several nodes it comes after the
#                     slab's lines, in vfs_caches_init); empty = run
#                     until the kernel panics at root mount
#   LINUX_TIMEOUT     seconds before the boot is abandoned (default 120)
#   LINUX_EXTRA       more kernel options, e.g. numa=fake=4 (its own boot disk,
#                     build/linux/linux-<options>.img)
#
# Which boot path: efimm is a UEFI application started from the ESP, so the
# faithful reference is a kernel started the same way: as an EFI application
# from the ESP, by OVMF's UEFI shell running startup.nsh, the kernel's EFI stub
# then building the E820 table at ExitBootServices. That is the default.
# LINUX_BOOT=direct uses QEMU's -kernel instead (OVMF loads the kernel from
# fw_cfg and also enters the EFI stub). On q35 512M both gave identical
# BIOS-e820 lines and identical non-boot-services EFI descriptors (only the
# Boot/Loader allocations, all "usable", move); direct took 5.1 s, the shell
# 10.7 s with its 5 s startup.nsh countdown, 6.7 s once we press Enter on the
# serial console to skip the countdown (scripts/qemu-boot.sh does).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
dir=$top/build/linux
# The kernel's command line. panic=-1 + QEMU's -no-reboot end the run at the
# root-mount panic; memblock=debug and efi=debug print the memory state we
# compare against; nokaslr keeps the kernel's own placement (and so the
# memblock lines) the same from boot to boot (it changes nothing in E820,
# KASLR only picks where in usable memory the stub puts the kernel).
KCMDLINE="console=ttyS0 panic=-1 loglevel=8 memblock=debug efi=debug nokaslr${LINUX_EXTRA:+ $LINUX_EXTRA}"

log() { echo "linux-ref: $*" >&2; }

# Newest linux-image-6.12.*+deb12-amd64-unsigned that apt has a candidate for.
newest_pkg() {
	apt-cache pkgnames linux-image-6.12. 2>/dev/null |
		grep -E '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' | sort -V -r |
		while read -r p; do
			c=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
			if [ -n "$c" ] && [ "$c" != "(none)" ]; then echo "$p"; break; fi
		done
}

# Ensure a kernel .deb is in build/linux; print its path.
get_deb() {
	mkdir -p "$dir"
	if [ -n "${EFIMM_KERNEL_DEB:-}" ]; then
		[ -f "$EFIMM_KERNEL_DEB" ] || { log "EFIMM_KERNEL_DEB=$EFIMM_KERNEL_DEB does not exist"; return 1; }
		echo "$EFIMM_KERNEL_DEB"; return
	fi
	local pkg deb
	pkg=$(newest_pkg)
	if [ -z "$pkg" ]; then
		# A fresh machine may have no package lists yet.
		log "no candidate for linux-image-6.12.*+deb12-amd64-unsigned; running apt-get update"
		apt-get update -qq >&2 || true
		pkg=$(newest_pkg)
	fi
	if [ -z "$pkg" ]; then
		# Offline: settle for whatever kernel an earlier run left.
		deb=$(ls "$dir"/linux-image-6.12.*-amd64-unsigned_*.deb 2>/dev/null | sort -V | tail -1 || true)
		[ -n "$deb" ] || { log "cannot find a linux-image-6.12 package"; return 1; }
		echo "$deb"; return
	fi
	deb=$(ls "$dir/${pkg}"_*.deb 2>/dev/null | sort -V | tail -1 || true)
	if [ -z "$deb" ]; then
		log "downloading $pkg"
		if ! (cd "$dir" && apt-get download "$pkg" >&2); then
			log "download failed; running apt-get update and retrying"
			apt-get update -qq >&2 || true
			(cd "$dir" && apt-get download "$pkg" >&2)
		fi
		deb=$(ls "$dir/${pkg}"_*.deb | sort -V | tail -1)
	fi
	echo "$deb"
}

# Ensure build/linux/vmlinuz (from the chosen .deb) exists; print its path.
cmd_kernel() {
	local deb stamp
	deb=$(get_deb)
	stamp="$dir/vmlinuz.from"
	if [ -f "$dir/vmlinuz" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$(basename "$deb")" ]; then
		echo "$dir/vmlinuz"; return
	fi
	log "extracting /boot/vmlinuz-* from $(basename "$deb")"
	rm -rf "$dir/root"; mkdir -p "$dir/root"
	# Only the kernel: the package's modules would be ~400 MB unpacked.
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir/root" --wildcards './boot/vmlinuz-*'
	cp "$(ls "$dir"/root/boot/vmlinuz-* | head -1)" "$dir/vmlinuz"
	basename "$(ls "$dir"/root/boot/vmlinuz-* | head -1)" >"$dir/vmlinuz.version"
	rm -rf "$dir/root"
	basename "$deb" >"$stamp"
	echo "$dir/vmlinuz"
}

# The ESP for the shell path: the kernel and a startup.nsh, and no
# EFI/BOOT/BOOTX64.EFI, so OVMF's boot manager falls through to its UEFI shell.
cmd_image() {
	local k img nsh
	k=$(cmd_kernel)
	img="$dir/linux.img"
	nsh="$dir/startup.nsh"
	if [ -n "${LINUX_EXTRA:-}" ]; then
		img="$dir/linux-${LINUX_EXTRA//[^A-Za-z0-9]/_}.img"
		nsh="$img.startup.nsh"
	fi
	# The shell runs startup.nsh from the first file system; check that it is
	# fs0: and holds the kernel, and otherwise say so and power off at once
	# rather than sit at the shell prompt until the timeout.
	cat >"$nsh.new" <<EOF
@echo -off
if exist fs0:\\vmlinuz then
  fs0:
  echo "linux-ref: starting fs0:\\vmlinuz"
  \\vmlinuz $KCMDLINE
endif
echo "linux-ref: fs0:\\vmlinuz not found or did not start"
reset -s
EOF
	if [ -f "$img" ] && [ "$img" -nt "$k" ] && cmp -s "$nsh.new" "$nsh"; then
		rm -f "$nsh.new"; echo "$img"; return
	fi
	mv "$nsh.new" "$nsh"
	"$here/mkimage.sh" "$img" 48 "$k=/vmlinuz" "$nsh=/startup.nsh"
	echo "$img"
}

# Boot one guest; serial to $1. Exit 0 when the log has the BIOS-e820 block.
cmd_boot() {
	local out=$1 img rc=0 extra=()
	img=$(cmd_image)
	if [ "${LINUX_BOOT:-shell}" = direct ]; then
		extra=(-kernel "$dir/vmlinuz" -append "$KCMDLINE")
	fi
	# Stop as soon as the lines we need are out: the rest of the boot (up to
	# the root-mount panic) costs seconds more under TCG.
	BOOT_STOP=${LINUX_STOP-'Inode-cache hash table entries'} BOOT_TIMEOUT=${LINUX_TIMEOUT:-120} \
		"$here/qemu-boot.sh" "$img" "$out" -no-reboot "${extra[@]}" || rc=$?
	if ! grep -aq 'BIOS-e820:' "$out"; then
		log "no BIOS-e820 lines in $out (qemu status $rc)"
		return 1
	fi
	if [ "$rc" = 124 ]; then
		log "timed out after ${LINUX_TIMEOUT:-120}s"
		return 1
	fi
	return 0
}

case "${1:-}" in
kernel) cmd_kernel ;;
image) cmd_image ;;
boot) [ -n "${2:-}" ] || { echo "usage: $0 boot LOG" >&2; exit 2; }; cmd_boot "$2" ;;
*) sed -n '5,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
