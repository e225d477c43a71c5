#!/bin/sh
# Runs every test and prints one summary line, last: "N passed, N failed".
# Unit binaries print PASS/FAIL per case and "name: N passed, N failed";
# shell tests print "ok - ..." / "not ok - ..." per case, and "skip -
# ..." for a check this machine cannot make (shown, not counted).  Logs of
# failing suites are kept under $BUILD/test-logs.
BUILD=${BUILD:-build}
LOGS=$BUILD/test-logs
rm -rf "$LOGS"; mkdir -p "$LOGS"
passed=0; failed=0

add() { passed=$((passed + $1)); failed=$((failed + $2)); }

# A unit binary: trust its own count, but a crash or sanitizer report
# (non-zero exit with no failures counted) is one more failure.
run_unit() {
	name=$1; bin=$2; log=$LOGS/$name.log
	"$bin" >"$log" 2>&1; st=$?
	line=$(grep -E '^[a-z0-9_]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p'); p=${p:-0}
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed/\1/p'); f=${f:-0}
	if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	add "$p" "$f"
	if [ "$f" -eq 0 ]; then
		echo "PASS $name ($p)"; rm -f "$log"
	else
		echo "FAIL $name ($p passed, $f failed): see $log"
		grep -E '^FAIL|check failed|want|lacks|ERROR|runtime error' "$log" | head -n 20 | sed 's/^/    /'
	fi
}

for bin in "$BUILD"/tests/test_*; do
	[ -x "$bin" ] || continue
	run_unit "$(basename "$bin")" "$bin"
done

# The same binaries under AddressSanitizer + UBSan: any report fails.
export ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:exitcode=86
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for bin in "$BUILD"/asan/tests/test_*; do
	[ -x "$bin" ] || continue
	run_unit "asan-$(basename "$bin")" "$bin"
done
unset ASAN_OPTIONS UBSAN_OPTIONS

for t in tests/cli/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh); log=$LOGS/cli-$name.log
	BUILD=$BUILD sh "$t" >"$log" 2>&1; st=$?
	p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
	if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	add "$p" "$f"
	# A check this machine cannot make is neither passed nor failed,
	# and is named so that nobody takes it for a pass.
	grep '^skip - ' "$log" | sed "s/^skip - /SKIP cli\/$name: /"
	if [ "$f" -eq 0 ]; then
		echo "PASS cli/$name ($p)"
	else
		echo "FAIL cli/$name ($p passed, $f failed): see $log"
		grep -A3 '^not ok' "$log" | head -n 30 | sed 's/^/    /'
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
