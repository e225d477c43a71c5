#!/bin/sh
# Tools end to end, on the demo plant: at the board an operation that
# needs a tool type does not resume without one and says so; m mounts
# one (scan the tool, then the work center) and then it resumes.
# mes-plcsim's saw counts cycles, mes-collect books them over Modbus,
# and the mounted tools age by exactly the machine's cycles; the warning
# raises one maintenance request; at the limit the operation pauses and
# the board says why.  The batch record names the tool and the cycles it
# made the order with.  Under TERM=vt100 at 80x24.
. tests/cli/lib.inc
. tests/cli/tmux.inc
SIM=$B/mes-plcsim
COLLECT=$B/mes-collect
PIDS=""
cleanup() {
	tm_cleanup
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
DB=$T/plant.db
q() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }
sql_is() { [ "$(q "$1")" = "$2" ]; }
A() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
L() { MES_PIN=2222 "$MESCTL" --user luis "$@"; }
M() { MES_PIN=4444 "$MESCTL" --user mai "$@"; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null
A demo-seed >/dev/null
echo 7777 | A asset demo-seed >/dev/null
M tool list > $T/o
check "the demo's saw blade is mounted on the saw" grep -q '^BL-0107 .* mounted *SAW-01 ' $T/o

# WO-1004/10 (BRKT-150 on SAW-01) is paused in the demo: its cut now
# needs a short-lived die, so that the test reaches its limit.
expect_rc "a tool type, by maintenance" 0 $T/o M tool type-add DIE-T --life 40 --warn 50 --description "Test die"
expect_rc "... not by an operator" 1 $T/o env MES_PIN=1111 "$MESCTL" --user olga tool type-add DIE-U --life 40
check "... told who may" has $T/o "maintenance"
M tool add T-1 DIE-T >/dev/null
expect_rc "a lead says the cut needs it" 0 $T/o L tool require BRKT-150 10 DIE-T

s=disp
tm_start $s vt100 "MES_CONFIG=$MES_CONFIG $B/mes-dispatch"
wait_for $s "Scan your badge" >/dev/null
keys $s 100003 Enter; keys $s 2222 Enter
wait_for $s "Luis Moreno" >/dev/null
keys $s "WO-1004/10" Enter
wait_for $s "mes-dispatch: queue SAW-01" >/dev/null
keys $s p
check "vt100: resuming without the tool is refused, saying what to mount" \
	wait_for $s "not resumed: WO-1004/10 needs a DIE-T tool mounted on SAW-01"
check "... and it stays paused" sql_is "SELECT o.status FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.wo_no = 'WO-1004' AND o.seq = 10" paused
keys $s m
wait_for $s "Mount a tool" >/dev/null
keys $s T-1 Enter
check "... m asks for the work center, the queue's filled in" wait_for $s "Work center.*SAW-01"
keys $s Enter
check "... and mounts the scanned tool there" wait_for $s "tool T-1 mounted on SAW-01: life 1, 0 of 40 cycles"
keys $s p
check "... then it resumes" wait_for $s "WO-1004/10 resumed"

# The saw's PLC, fast: its cycles are what the tools wear by.
check "mes-plcsim starts" start_sim $T/sim.log --machines 1 --speed 30 --fault-rate 0
"$SIM" --print-map --port "$PORT" --machines 1 | sed -e "s/^poll_ms = .*/poll_ms = 300/" > $T/plc.ini
printf '[collect]\nuser = collector\nbook_ms = 300\n' >>"$MES_CONFIG"
cat $T/plc.ini >>"$MES_CONFIG"
MES_COLLECT_PIN=7777 "$COLLECT" --foreground >$T/collect.log 2>&1 &
PIDS="$PIDS $!"
SPENT="SELECT cycles >= 40 FROM tools WHERE code = 'T-1'"
check "mes-collect books the saw's cycles to the tools on it" wait_until 60 sql_is "$SPENT" 1
[ "$(q "$SPENT")" = 1 ] || sed 's/^/#   /' $T/collect.log | tail -5
check "... each mounted tool by exactly the machine's cycles" sql_is "SELECT (SELECT cycles FROM assets WHERE code = 'M-SAW-01') = (SELECT cycles FROM tools WHERE code = 'T-1') AND (SELECT cycles FROM assets WHERE code = 'M-SAW-01') = (SELECT cycles FROM tools WHERE code = 'BL-0107')" 1
check "... the warning at half its life raised one maintenance request" sql_is "SELECT count(*) FROM maint_requests WHERE description LIKE 'Tool T-1 (DIE-T) on SAW-01 has used 20 of 40 cycles%'" 1
check "... on the saw" sql_is "SELECT a.code FROM maint_requests r JOIN assets a ON a.id = r.asset_id WHERE r.description LIKE 'Tool T-1%'" M-SAW-01
check "... at its limit the operation paused" sql_is "SELECT o.status FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.wo_no = 'WO-1004' AND o.seq = 10" paused
check "... its history says why" sql_is "SELECT note FROM op_events WHERE kind = 'pause' ORDER BY id DESC LIMIT 1" "tool T-1 reached its life limit (40 of 40 cycles)"

# The board sees the collector's pause at its next look; p on a running
# row would ask for a pause reason instead.
check "vt100: the board shows the operation paused" wait_for $s "^WO-1004 .* paused "
keys $s p
check "... and refuses to resume it, naming the spent tool" \
	wait_for $s "not resumed: tool T-1 on SAW-01 has reached its life limit"
tm_quit $s

M tool list > $T/o
check "mesctl tool list says it is at its limit" grep -q '^T-1 .* mounted *SAW-01 .*at its limit' $T/o
A report batch-record WO-1004 > $T/br.txt
check "the batch record names the tool that made the cut, its life and cycles" grep -q '^ *10 *T-1 *DIE-T *1 *0 ' $T/br.txt
A report batch-record WO-1002 > $T/br2.txt
check "... and an order no tool made has no Tools section" sh -c "! grep -q '^Tools' $T/br2.txt"
