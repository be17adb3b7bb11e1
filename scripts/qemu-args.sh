#!/usr/bin/env bash
# Print the QEMU command line for one guest, one argument per line, so the
# efimm boot, `make run` and the Linux reference boot share the same machine.
#
# Environment (all optional):
#   MACHINE  q35 | pc                       (default q35)
#   MEM      guest RAM, QEMU size syntax    (default 1G)
#   SMP      vCPU count                     (default 1)
#   NODES    NUMA nodes: a count N (RAM split evenly), or a comma list of
#            per-node sizes such as 1G,3G,0 (0 = node with CPUs, no memory)
#   NUMA_DIST distances for the SLIT, a comma list of SRC-DST=VAL such as
#            0-1=21,0-2=31 (QEMU fills the reverse direction; without it
#            QEMU gives no SLIT and Linux uses 10 local / 20 remote)
#   DISK     raw disk image to boot         (required)
#   VARS     writable copy of OVMF_VARS     (required)
#   SERIAL   where serial goes: stdio | file:PATH   (default stdio)
#   DEBUGCON file that receives port 0xe9 writes    (default none)
#   DISPLAY_MODE none | gtk | sdl | vnc=:N          (default none)
#   QMP      unix socket path for QMP               (default none)
#   DISK_RO  1: the disk is read-only (a write-protected stick)
#   NOGOP    1: no display adapter, so the firmware has no graphics output
#   SECBOOT  1: OVMF built with Secure Boot (SMM, secure flash); VARS then
#            decides what is enrolled (e.g. OVMF_VARS_4M.snakeoil.fd)
set -euo pipefail

MACHINE=${MACHINE:-q35}
MEM=${MEM:-1G}
SMP=${SMP:-1}
NODES=${NODES:-}
SERIAL=${SERIAL:-stdio}
DISPLAY_MODE=${DISPLAY_MODE:-none}
: "${DISK:?DISK must name the disk image}"
: "${VARS:?VARS must name a writable OVMF_VARS copy}"

case "$MACHINE" in q35|pc) ;; *) echo "qemu-args: MACHINE must be q35 or pc, not '$MACHINE'" >&2; exit 2 ;; esac

if [ "${SECBOOT:-0}" = 1 ]; then
	OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.secboot.fd}
	# The Secure Boot build keeps its variables in SMM-protected flash.
	machine_extra=",smm=on"
else
	OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
	machine_extra=""
fi

# Convert a QEMU size (512M, 4G, 1024) to MiB.
to_mib() {
	local v=$1 n u
	n=${v%[KkMmGgTt]}; u=${v#"$n"}
	case "$u" in
	""|M|m) echo "$n" ;;
	G|g) echo $((n * 1024)) ;;
	T|t) echo $((n * 1024 * 1024)) ;;
	K|k) echo $((n / 1024)) ;;
	esac
}

mem_mib=$(to_mib "$MEM")
machine_opt="$MACHINE$machine_extra"
args=()

if [ -n "$NODES" ]; then
	if [[ "$NODES" =~ ^[0-9]+$ ]]; then
		sizes=()
		per=$((mem_mib / NODES))
		for ((i = 0; i < NODES; i++)); do
			if ((i == NODES - 1)); then sizes+=($((mem_mib - per * (NODES - 1)))); else sizes+=("$per"); fi
		done
	else
		IFS=, read -r -a raw <<<"$NODES"
		sizes=(); total=0
		for s in "${raw[@]}"; do m=$(to_mib "$s"); sizes+=("$m"); total=$((total + m)); done
		mem_mib=$total
	fi
	n=${#sizes[@]}
	if ((SMP < n)); then SMP=$n; fi
	for ((i = 0; i < n; i++)); do
		# CPUs are dealt round-robin so every node, memoryless or not, has one.
		cpus=""
		for ((c = i; c < SMP; c += n)); do cpus+="${cpus:+,}$c"; done
		node="node,nodeid=$i"
		for c in ${cpus//,/ }; do node+=",cpus=$c"; done
		if ((sizes[i] > 0)); then
			args+=(-object "memory-backend-ram,id=m$i,size=${sizes[i]}M,reserve=off")
			node+=",memdev=m$i"
		fi
		args+=(-numa "$node")
	done
	if [ -n "${NUMA_DIST:-}" ]; then
		IFS=, read -r -a dists <<<"$NUMA_DIST"
		for d in "${dists[@]}"; do
			if ! [[ "$d" =~ ^([0-9]+)-([0-9]+)=([0-9]+)$ ]]; then
				echo "qemu-args: NUMA_DIST: '$d' is not SRC-DST=VAL" >&2; exit 2
			fi
			args+=(-numa "dist,src=${BASH_REMATCH[1]},dst=${BASH_REMATCH[2]},val=${BASH_REMATCH[3]}")
		done
	fi
	args=(-m "${mem_mib}M" "${args[@]}")
elif ((mem_mib > 16384)); then
	# Large guests: RAM is only allocated when touched, not reserved up front.
	args+=(-object "memory-backend-ram,id=ram,size=${mem_mib}M,reserve=off" -m "${mem_mib}M")
	machine_opt="$MACHINE$machine_extra,memory-backend=ram"
else
	args+=(-m "${mem_mib}M")
fi

# A write-protected disk: IDE/AHCI cannot be read-only in QEMU; virtio-blk can, and OVMF sees the media read-only.
if [ "${DISK_RO:-0}" = 1 ]; then
	disk_args=(-drive "if=none,id=disk0,format=raw,readonly=on,file=$DISK" -device virtio-blk-pci,drive=disk0)
else
	disk_args=(-drive "format=raw,file=$DISK")
fi

printf '%s\n' qemu-system-x86_64 -machine "$machine_opt" -smp "$SMP" "${args[@]}" \
	-drive "if=pflash,format=raw,unit=0,readonly=on,file=$OVMF_CODE" \
	-drive "if=pflash,format=raw,unit=1,file=$VARS" \
	"${disk_args[@]}" \
	-net none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-serial "$SERIAL" \
	-display "$DISPLAY_MODE"
if [ -n "${DEBUGCON:-}" ]; then printf '%s\n' -debugcon "file:$DEBUGCON"; fi
if [ "${SECBOOT:-0}" = 1 ]; then printf '%s\n' -global driver=cfi.pflash01,property=secure,value=on; fi
if [ "${NOGOP:-0}" = 1 ]; then printf '%s\n' -vga none; fi
if [ -n "${QMP:-}" ]; then printf '%s\n' -qmp "unix:$QMP,server=on,wait=off"; fi
