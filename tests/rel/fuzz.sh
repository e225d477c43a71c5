#!/bin/sh
# libFuzzer on each target for FUZZ_SECONDS (make fuzz; make
# check-reliability).  The working corpus grows in $BUILD/fuzz/corpus-<t>,
# seeded from tests/fuzz/<t>; a crash is copied into tests/fuzz/<t>/ as
# crash-<sha1>, where the replay in make check runs it from then on.
# Prints "figure fuzz target=T execs=N crashes=N" per target.
BUILD=${BUILD:-build}
SECS=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-gs1 csv ini traveler scanframe b2mml}
for t in $TARGETS; do
	bin=$BUILD/fuzz/fuzz-$t
	if [ ! -x "$bin" ]; then
		echo "not ok - fuzz $t: $bin missing (make fuzz-bin)"
		continue
	fi
	work=$BUILD/fuzz/corpus-$t; art=$BUILD/fuzz/artifacts-$t/
	mkdir -p "$work" "$art"
	log=$BUILD/fuzz/fuzz-$t.log
	# -fork keeps fuzzing after a crash, so one bug does not hide others
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"$bin" -max_total_time="$SECS" -max_len=4096 -timeout=10 -rss_limit_mb=1024 \
	    -print_final_stats=1 -artifact_prefix="$art" -fork=1 -ignore_crashes=1 \
	    "$work" tests/fuzz/$t >"$log" 2>&1
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$execs" ] || execs=$(grep -o '#[0-9]*' "$log" | tail -n 1 | tr -d '#')
	crashes=0
	for c in "$art"crash-* "$art"leak-* "$art"timeout-* "$art"oom-*; do
		[ -f "$c" ] || continue
		crashes=$((crashes + 1))
		cp "$c" "tests/fuzz/$t/$(basename "$c")"
		echo "#   $t: $(basename "$c") kept in tests/fuzz/$t/ as a regression"
	done
	if [ "$crashes" -eq 0 ]; then
		echo "ok - fuzz $t: ${execs:-0} executions in ${SECS}s, no crash"
	else
		echo "not ok - fuzz $t: $crashes crashes in ${execs:-0} executions (see $log)"
	fi
	echo "figure fuzz target=$t execs=${execs:-0} crashes=$crashes"
done
