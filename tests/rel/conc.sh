#!/bin/sh
# Concurrency: many processes writing core transactions at once, with the
# busy timeout the programs ship with: no caller sees "database is
# locked" (or busy), nothing is lost or doubled; p50/p99 printed.
# REL_FULL=1: 64 processes for 30 s back to back (far above what people
# scanning send), then 64 pausing 0-100 ms between transactions, then the
# back-to-back run again without the writers' queue as the baseline
# (reported, not judged: SQLite's polling is what the queue is for); else
# 16 back to back for 4 s.
. tests/cli/lib.inc
RELWORK=$B/tests/relwork
SEED=${REL_SEED:-$(date +%s)}
# run NAME PROCS SECONDS THINK_MS
run() {
	name=$1; P=$2; S=$3; th=$4
	mkdir -p $T/$name
	"$RELWORK" conc $T/$name $P $S $SEED $th >$T/out 2>$T/err; st=$?
	sed 's/^/#   /' $T/out
	line=$(grep '^transactions:' $T/out)
	v() { echo "$line" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
	what="$P processes for $S s, pause ${th} ms"
	if [ "$st" -eq 0 ]; then ok "concurrency ($what): all committed, all found"
	else nok "concurrency ($what)"; grep -v '^refused' $T/err | head -n 12 | sed 's/^/#   /'; fi
	check "... no caller saw the database busy or locked ($(v busy))" test "$(v busy)" = 0
	check "... nothing lost" test "$(v lost)" = 0
	check "... nothing doubled" test "$(v doubled)" = 0
	check "... integrity_check ok" has $T/out "integrity_check: ok"
	grep '^latency:' $T/out | sed "s/^/# $name /"
	echo "figure tx attempted=$(v attempted) committed=$(v committed) found=$(v found) lost=$(v lost) kills=0"
}
# baseline NAME PROCS SECONDS: the same run, writers polling SQLite's lock
baseline() {
	mkdir -p $T/$1
	REL_WRITER_QUEUE=0 "$RELWORK" conc $T/$1 $2 $3 $SEED 0 >$T/out 2>$T/err
	sed 's/^/#   /' $T/out
	grep '^latency:' $T/out | sed "s/^/# $1 /"
	busy=$(sed -n 's/.* busy=\([0-9]*\).*/\1/p' $T/out)
	echo "# $1 busy: $busy callers saw the database busy (no queue)"
}
if [ "${REL_FULL:-0}" = 1 ]; then
	run flat-out 64 30 0
	run scanning 64 30 50
	baseline baseline-polling 64 30
else
	run flat-out 16 4 0
fi
