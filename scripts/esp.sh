#!/usr/bin/env bash
# Read or write files in the ESP of an image made by scripts/mkimage.sh.
# Usage: scripts/esp.sh put IMG SRC DEST | get IMG SRC DEST | ls IMG [DIR]
set -euo pipefail
cmd=$1 img=$2; shift 2
export MTOOLS_SKIP_CHECK=1
# The ESP starts at sector 2048 in our images; ask sfdisk in case a user repartitioned.
start=$(sfdisk -J "$img" 2>/dev/null | sed -n 's/.*"start": *\([0-9]*\).*/\1/p' | head -1)
fat="$img@@$(( ${start:-2048} * 512 ))"
case "$cmd" in
# mmd asks on a terminal when the folder exists, so look before making it.
put) d=$(dirname "$2")
     [ "$d" = / ] || mdir -i "$fat" "::$d" >/dev/null 2>&1 || mmd -i "$fat" "::$d"
     mcopy -o -i "$fat" "$1" "::$2" </dev/null ;;
get) mcopy -o -i "$fat" "::$1" "$2" ;;
ls)  mdir -i "$fat" "::${1:-/}" ;;
*) echo "esp.sh: unknown command $cmd" >&2; exit 2 ;;
esac
