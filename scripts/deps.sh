#!/usr/bin/env bash
# Install what a make target needs from Debian's packages.
# Usage: scripts/deps.sh build|run|test|fuzz ...
# As root it runs apt-get; otherwise it prints the one line to run and fails.
set -euo pipefail

pkgs_for() {
	case "$1" in
	build) echo gcc make binutils gnu-efi ;;
	image) echo fdisk mtools ;;
	run)   echo qemu-system-x86 ovmf fdisk mtools ;;
	test)  echo gcc make binutils gnu-efi libcmocka-dev qemu-system-x86 ovmf fdisk mtools sbsigntool openssl python3-jsonschema librsvg2-bin ;;
	fuzz)  echo clang libclang-rt-dev ;;
	sign)  echo sbsigntool openssl ;;
	report) echo python3 librsvg2-bin ;;
	bench) echo libcmocka-dev libjemalloc-dev libmimalloc-dev ;;
	*) echo "deps.sh: unknown profile '$1'" >&2; exit 2 ;;
	esac
}

want=()
for profile in "$@"; do
	for p in $(pkgs_for "$profile"); do want+=("$p"); done
done

missing=()
for p in $(printf '%s\n' "${want[@]}" | sort -u); do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "efimm needs Debian packages that are not installed. Run:" >&2
	echo "  sudo apt-get update && sudo $line" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A stale package list is the usual cause of a failed install: refresh once, then retry.
if ! apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
	apt-get update -qq >/dev/null
	apt-get install -y -qq "${missing[@]}" >/dev/null
fi
