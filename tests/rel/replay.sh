#!/bin/sh
# The fuzz corpora (seeds and every crash kept as a regression) replayed
# under ASan and UBSan without libFuzzer, as make check does.
. tests/cli/lib.inc
export ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:exitcode=86
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for d in tests/fuzz/*/; do
	t=$(basename "$d"); bin=$B/asan/fuzz/replay-$t; how="ASan+UBSan"
	[ -x "$bin" ] || { bin=$B/fuzz/replay-$t; how="no sanitizer (make asan-unit builds them)"; }
	if [ ! -x "$bin" ]; then
		[ -f tests/fuzz/fz_$t.c ] && nok "fuzz replay $t: $bin is not built"
		continue
	fi
	"$bin" "$d" >$T/r-$t 2>&1; st=$?
	n=$(sed -n 's/^replayed \([0-9]*\) inputs/\1/p' $T/r-$t)
	if [ $st -eq 0 ]; then ok "fuzz replay $t: ${n:-0} inputs under $how"
	else nok "fuzz replay $t (exit $st)"; head -n 30 $T/r-$t | sed 's/^/#   /'; fi
	c=0; [ $st -eq 0 ] || c=1
	echo "figure fuzz target=$t(replay) execs=${n:-0} crashes=$c"
done
