#!/usr/bin/env bash
# Add up the "N passed, N failed[, N skipped]" closing lines of the suites' logs.
set -uo pipefail
p=0 f=0 s=0
for log in "$@"; do
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	[ -n "$line" ] || { echo "make test: $log has no closing line"; f=$((f + 1)); continue; }
	read -r a _ b _ c _ <<<"${line//,/}"
	p=$((p + a)) f=$((f + b)) s=$((s + ${c:-0}))
done
echo "make test: $p passed, $f failed, $s skipped (unit, replay and boot suites)"
[ "$f" = 0 ]
