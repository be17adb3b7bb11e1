#!/usr/bin/env bash
# Run every cmocka binary given; print each one's output and one total line.
# Usage: scripts/run-unit-tests.sh build/host/tests/test_*
set -uo pipefail
passed=0 failed=0 status=0
for t in "$@"; do
	out=$("$t" 2>&1) || status=1
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	# A binary that crashed (sanitizer abort) reports no summary: count it as a failure.
	if [ -z "$p$f" ]; then echo "unit tests: $t ended without a cmocka summary"; failed=$((failed + 1)); status=1; fi
done
echo "unit tests: $# programs"
echo "$passed passed, $failed failed"
exit $status
