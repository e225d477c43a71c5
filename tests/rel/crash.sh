#!/bin/sh
# Crash safety: writer processes run mixed core transactions while a
# killer sends SIGKILL at random moments, round after round; then every
# transaction a writer logged as committed must be in the file exactly
# once, integrity_check ok, quantities adding up, the audit chain intact.
# REL_FULL=1: 16 writers, 300 rounds; else 6 writers, 25 rounds.
. tests/cli/lib.inc
RELWORK=$B/tests/relwork
if [ "${REL_FULL:-0}" = 1 ]; then W=16; R=300; else W=6; R=25; fi
SEED=${REL_SEED:-$(date +%s)}
mkdir -p $T/crash
"$RELWORK" crash $T/crash $W $R $SEED >$T/out 2>$T/err; st=$?
sed 's/^/#   /' $T/out
line=$(grep '^transactions:' $T/out)
v() { echo "$line" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
kills=$(sed -n 's/^relwork: kills=\([0-9]*\).*/\1/p' $T/out)
if [ "$st" -eq 0 ]; then
	ok "crash: $W writers, $R kill rounds (seed $SEED): every committed transaction found"
else
	nok "crash: $W writers, $R kill rounds (seed $SEED): see below"
	head -n 30 $T/err | sed 's/^/#   /'
fi
check "crash: PRAGMA integrity_check is ok" has $T/out "integrity_check: ok"
check "crash: nothing lost" test "$(v lost)" = 0
check "crash: nothing doubled" test "$(v doubled)" = 0
check "crash: nothing a writer saw refused was stored" test "$(v refused_but_stored)" = 0
check "crash: op_events add up to wo_ops quantities" test "$(v bad_quantities)" = 0
# The change journal commits with its change, both or neither: every
# operation event since the oldest entry kept has its entry (kind 8),
# and no entry names an event that is not there.
cq() { sqlite3 -cmd ".timeout 5000" $T/crash/plant.db "$1"; }
check "crash: every operation event has its journal entry ($(cq "SELECT count(*) FROM changes WHERE kind = 8") kept)" \
	test "$(cq "SELECT count(*) FROM op_events e WHERE e.id >= (SELECT min(row_id) FROM changes WHERE kind = 8) AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.kind = 8 AND c.row_id = e.id)")" = 0
check "crash: no journal entry without its event" \
	test "$(cq "SELECT count(*) FROM changes c WHERE c.kind = 8 AND NOT EXISTS (SELECT 1 FROM op_events e WHERE e.id = c.row_id)")" = 0
check "crash: (the writers made events)" test "$(cq "SELECT count(*) FROM op_events")" -gt 0
printf '[database]\npath = %s/crash/plant.db\n' "$T" > $T/crash.ini
expect_rc "crash: mesctl audit verify passes afterwards" 0 $T/v \
	"$MESCTL" --config $T/crash.ini audit verify
echo "figure tx attempted=$(v attempted) committed=$(v committed) found=$(v found) lost=$(v lost) kills=${kills:-0}"
