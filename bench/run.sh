#!/bin/sh
# make bench: every benchmark, each next to its baseline from the same run.
BUILD=${BUILD:-build}
st=0
for b in "$BUILD"/bench/*; do
	[ -x "$b" ] || continue
	case $(basename "$b") in
	core) "$b" || st=1 ;;
	receive) "$b" 1600 || st=1 ;;     # 1, 8, 32 stations against raw SQLite
	genlots) "$b" 1000000 200 || st=1 ;;  # recall and trace over 1M lots
	collect) "$b" || st=1 ;;
	esac
done
sh bench/board.sh || st=1
sh bench/sessions.sh || st=1
BUILD="$BUILD" sh bench/screens.sh || st=1
BUILD="$BUILD" sh bench/hub.sh || st=1
BUILD="$BUILD" sh bench/twin.sh || st=1
if grep -q '^bench-sched:' Makefile; then
	make --no-print-directory BUILD="$BUILD" bench-sched || st=1
fi
exit $st
