#!/usr/bin/env bash
# Boot a copy of build/efimm.img under QEMU + OVMF with the console on this
# terminal. The copy differs from the image only by \efimm\cmdline.txt, which
# carries OPTS as efimm's command line (as a user would edit it on a stick).
#
# Environment: MACHINE MEM SMP NODES (see scripts/qemu-args.sh), OPTS, DISPLAY_MODE.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
img=${IMG:-build/efimm.img}
run_dir=build/run
mkdir -p "$run_dir"

cp "$img" "$run_dir/disk.img"
if [ -n "${OPTS:-}" ]; then
	printf '%s\n' "$OPTS" >"$run_dir/cmdline.txt"
	"$here/esp.sh" put "$run_dir/disk.img" "$run_dir/cmdline.txt" /efimm/cmdline.txt
fi
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$run_dir/vars.fd"

mapfile -t cmd < <(DISK="$run_dir/disk.img" VARS="$run_dir/vars.fd" "$here/qemu-args.sh")
echo "efimm: ${cmd[*]}" >&2
echo "efimm: booting (TCG, about 5 s to efimm; Ctrl-A X quits QEMU)" >&2
exec "${cmd[@]}" -accel tcg
