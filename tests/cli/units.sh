#!/bin/sh
# Serialized units end to end, on the demo plant (its welded frames are
# serialized): mesctl makes a unit at the running weld operation and its
# ZPL label carries the GS1 DataMatrix (01)(21) our own parser reads
# back; at the board u makes one (printing its label to
# [dispatch] unit_label_printer) and, scanned again, completes it there;
# a lot is built into a frame and a trace from that lot forward reaches
# the serial; the batch record of a serial is its device history record.
# Under TERM=vt100 at 80x24.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
A() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
O() { MES_PIN=1111 "$MESCTL" --user olga "$@"; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null
A demo-seed >/dev/null
printf '[dispatch]\nunit_label_printer = file:%s/board.zpl\n' "$T" >> "$MES_CONFIG"
YM=$(date -u +%y%m)

expect_rc "a new frame at the running weld operation" 0 $T/s O unit new WO-1002/20 --label file:$T/u.zpl
S=$(cat $T/s)
check "... its serial from the demo's pattern ($S)" test "$S" = "FR$YM-0001"
check "... its label has the GS1 DataMatrix of GTIN and serial" grep -q "\^BXN,8,200,0,0,1,_^FD_10109521234500032" $T/u.zpl
check "... ending in (21) and the serial" grep -q "21$S^FS" $T/u.zpl
check "... and says it in text" grep -q "(01)09521234500032(21)$S" $T/u.zpl
expect_rc "... whose element string GS1's rules accept" 0 $T/o "$MESCTL" gs1 "(01)09521234500032(21)$S"
expect_rc "an order not started makes no unit" 1 $T/o O unit new WO-1005/20
check "... and says to start it first" has $T/o "start it first"
expect_rc "a bracket is not serialized" 1 $T/o O unit new WO-1001/20
check "... and says so" has $T/o "BRKT-100 is not serialized"

expect_rc "a lot made at the saw" 0 $T/o O lot produce WO-1001/20 --qty 4
LOT=$(sed -n 's/^produced lot //p' $T/o)
expect_rc "... built into the frame" 0 $T/o O unit build "$S" "$LOT" --qty 4
expect_rc "the frame completes the weld operation" 0 $T/o O unit complete "$S" 20
expect_rc "... not twice" 1 $T/o O unit complete "$S" 20
expect_rc "it does not skip the paint to the assembly" 1 $T/o O unit start "$S" 40
O trace "$LOT" --forward > $T/tr
check "a trace from the lot forward reaches the frame's serial" grep -q "^ *$S .*unit made by WO-1002" $T/tr
O trace "$S" --backward > $T/tr
check "a trace from the serial backward shows the lot in it" grep -q "^  *$LOT .* lot, qty 4" $T/tr
A report batch-record "$S" > $T/dhr
check "the serial's batch record is its device history record" grep -q "unit $S (device history record)" $T/dhr
check "... with its UDI" grep -q "(01)09521234500032(21)$S" $T/dhr
check "... the operation it went through, who started and completed it" grep -q "^ *20 *WELD-01 .* olga .* olga" $T/dhr
check "... and the lot built into it" grep -q "$LOT *lot *BRKT-100 *4" $T/dhr

s=u
tm_start $s vt100 "MES_CONFIG=$MES_CONFIG $B/mes-dispatch"
wait_for $s "Scan your badge" >/dev/null
keys $s 100002 Enter; keys $s 1111 Enter
wait_for $s "Olga Brandt" >/dev/null
keys $s "WO-1002/20" Enter
wait_for $s "mes-dispatch: queue WELD-01" >/dev/null
keys $s u
check "vt100: u asks for a unit's serial" wait_for $s "Serial (Enter alone: new)"
keys $s Enter
check "... Enter alone makes the next one" wait_for $s "unit FR$YM-0002 made at WO-1002/20"
check "... and its label is printed" wait_until 5 grep -q "21FR$YM-0002" $T/board.zpl
# A scanner's burst fills the field; Enter confirms it, as in every form.
keys $s u; keys $s "(01)09521234500032(21)FR$YM-0002" Enter; keys $s Enter
check "... its label scanned again completes it there" wait_for $s "unit FR$YM-0002 completed at WO-1002/20"
keys $s u; keys $s "FR$YM-0002" Enter; keys $s Enter
check "... and once more is refused, saying why" wait_for $s "not started: unit FR$YM-0002 is complete at WO-1002/20"
tm_quit $s
check "two good frames more on the weld operation" sh -c "[ \$(sqlite3 $T/plant.db \"SELECT count(*) FROM unit_ops x JOIN units u ON u.id = x.unit_id WHERE x.status = 'complete'\") -eq 2 ]"
