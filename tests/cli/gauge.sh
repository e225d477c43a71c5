#!/bin/sh
# A gauge on a serial port feeding mes-quality's entry form, through a
# real socat pty pair: readings land in the focused value field, a line
# that is not a number is refused, an unplugged gauge shows on screen and
# typing carries on.  Everything started here is stopped by its PID.
. tests/cli/lib.inc
. tests/cli/tmux.inc
PIDS=""
trap 'tm_cleanup; for p in $PIDS; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT
QUALITY=$B/mes-quality
Q() { MES_PIN=3333 "$MESCTL" --user quinn "$@"; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null
Q quality plan MILL --item BRKT-100 --op 20 --frequency every:50 >/dev/null
Q quality char MILL/DIA --name "Hole diameter" --lsl 9.9 --usl 10.1 \
	--nominal 10 --unit mm --decimals 2 --subgroup 3 >/dev/null

pty_pair $T/pty-gauge $T/pty-mes
cp $MES_CONFIG $T/gauge.ini
printf '[quality]\ngauge_port = %s/pty-mes\ngauge_baud = 9600\ngauge_terminator = cr\ngauge_retry_min_ms = 100\ngauge_retry_max_ms = 300\n' "$T" >> $T/gauge.ini
printf '[quality]\ngauge_port = /dev/null\ngauge_parity = sometimes\n' > $T/bad.ini
cat $MES_CONFIG >> $T/bad.ini
expect_rc "a bad gauge setting stops mes-quality" 1 $T/o env MES_CONFIG=$T/bad.ini $QUALITY
check "... naming the key" has $T/o "\[quality\] gauge_parity"

tm_start g xterm "MES_CONFIG=$T/gauge.ini $QUALITY --shared"
wait_for g "Scan your badge" >/dev/null
keys g "100002" Enter
wait_for g "PIN" >/dev/null
keys g "1111" Enter
check "the due list shows the operation" wait_for g "WO-1001/20"
check "... and the title the gauge" wait_for g "gauge connected"
keys g Enter
check "Enter opens the entry form" wait_for g "MILL: WO-1001/20"
printf '10.02\r' > $T/pty-gauge
check "a gauge reading lands in the focused field" wait_for g "DIA 1 .*10.02"
printf '  +10.03\r\n' > $T/pty-gauge
check "... the next one in the next field, sign and padding gone" wait_for g "DIA 2 .*10.03"
printf 'ERR\r' > $T/pty-gauge
check "a line that is not a number is refused" wait_for g 'gauge sent "ERR", not a number'
keys g Tab
printf '10.05\r' > $T/pty-gauge
check "the comment field takes no reading" wait_for g "not used: move to a value field"
keys g BTab
kill $SOCAT; wait $SOCAT 2>/dev/null
check "an unplugged gauge shows on screen" wait_for g "gauge disconnected"
keys g "9.99"; keys g Enter
check "... typing still works and the subgroup is recorded" wait_for g "recorded: pass"
check "... with the gauge's values" sh -c "sqlite3 $T/plant.db 'SELECT group_concat(value) FROM (SELECT value FROM measurements ORDER BY id)' | grep -qx '10.02,10.03,9.99'"
pty_pair $T/pty-gauge $T/pty-mes
check "when it comes back it reconnects" wait_for g "gauge connected" 15
printf '10.00\r' > $T/pty-gauge
check "a reading with no form open is not used, and says why" wait_for g "not used: open an inspection"
tm_quit g
check "mes-quality quits cleanly" wait_for g "EXITED=0"

# The station's gauge has a calibration: past due, its readings are
# refused and the due list says a gauge is to be calibrated.
Q gauge add PG-OLD --interval 30 --due 2020-01-01 --description "Bore gauge" >/dev/null
Q quality plan WELD --item FRAME-200 --op 20 --frequency first >/dev/null
Q quality char WELD/GAP --name "Weld gap" --lsl 0.5 --usl 1.5 --nominal 1 --subgroup 1 >/dev/null
printf 'gauge_id = PG-OLD\n' >> $T/gauge.ini
tm_start h xterm "MES_CONFIG=$T/gauge.ini $QUALITY --shared"
wait_for h "Scan your badge" >/dev/null
keys h "100002" Enter
wait_for h "PIN" >/dev/null
keys h "1111" Enter
check "the due list says a gauge is to be calibrated" wait_for h "1 gauge to calibrate"
before=$(sqlite3 $T/plant.db 'SELECT count(*) FROM inspections')
wait_for h "WO-1002/20" >/dev/null
keys h Enter
wait_for h "WELD: WO-1002/20" >/dev/null
keys h "1.01" Enter
keys h Enter
check "a result measured with the overdue station gauge is refused" wait_for h "PG-OLD was due for calibration on 2020-01-01"
check "... and nothing is recorded" test "$(sqlite3 $T/plant.db 'SELECT count(*) FROM inspections')" -eq "$before"
tm_quit h
