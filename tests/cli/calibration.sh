#!/bin/sh
# Gauge calibration from mesctl: a result from an overdue or failed
# gauge is refused and nothing kept, a calibration is signed, a failed
# one lists what the gauge measured since its last good calibration.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
DB=$T/plant.db
Q() { MES_PIN=3333 "$MESCTL" --user quinn "$@"; }
O() { MES_PIN=1111 "$MESCTL" --user olga "$@"; }
insp() { sqlite3 "$DB" 'SELECT count(*) FROM inspections'; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null
Q quality plan MILL --item BRKT-100 --op 20 --frequency every:50 >/dev/null
Q quality char MILL/DIA --name Bore --lsl 9.9 --usl 10.1 --nominal 10 --subgroup 1 >/dev/null

expect_rc "an operator may not add a gauge" 1 $T/o O gauge add PG-7 --interval 90
expect_rc "quality adds one, due in 90 days" 0 $T/o Q gauge add PG-7 --interval 90 --description "Plug gauge 7H7"
expect_rc "gauge list" 0 $T/o Q gauge list
check "... lists it as ok, due in 90 days, beside the demo's plug gauge" sh -c "grep -q '^PG-7 *ok *due $(date -u -d '+90 days' +%F)' $T/o && grep -q '^PG-42 ' $T/o"
expect_rc "a gauge without --interval is a usage error" 2 $T/o Q gauge add X
expect_rc "an operator measures with it" 0 $T/o O quality inspect MILL --op WO-1001/20 DIA=10.01 --gauge PG-7
check "... the gauge kept with the result" test "$(sqlite3 $DB 'SELECT count(*) FROM gauge_uses')" -eq 1
Q gauge add CAL-1 --interval 30 --due 2020-06-30 --description "Caliper" >/dev/null
before=$(insp)
expect_rc "a result from an overdue gauge is refused" 1 $T/o O quality inspect MILL --op WO-1001/20 DIA=10.01 --gauge CAL-1
check "... saying since when and what to do" has $T/o "was due for calibration on 2020-06-30: measure with another"
check "... and nothing of the inspection is kept" test "$(insp)" -eq "$before"
expect_rc "an unknown gauge is refused" 1 $T/o O quality inspect MILL --op WO-1001/20 DIA=10.01 --gauge NOPE
check "... naming it" has $T/o "no gauge NOPE"
expect_rc "an operator cannot sign a calibration" 1 $T/o env MES_SIGN_PIN=1111 MES_PIN=1111 "$MESCTL" --user olga gauge calibrate CAL-1 --pass
check "... it needs the quality role" has $T/o "quality"
expect_rc "quality calibrates the caliper, signed" 0 $T/o env MES_SIGN_PIN=3333 MES_PIN=3333 "$MESCTL" --user quinn gauge calibrate CAL-1 --pass --as-found "+0.01" --certificate LAB-1
check "... back in service" has $T/o "pass, in service"
check "... the signature bound to it" test "$(sqlite3 $DB "SELECT count(*) FROM calibrations c JOIN signatures s ON s.id = c.sig_id WHERE s.meaning = 'calibrated'")" -eq 1
expect_rc "it measures again" 0 $T/o O quality inspect MILL --op WO-1001/20 DIA=10.02 --gauge CAL-1
expect_rc "and again" 0 $T/o O quality inspect MILL --op WO-1001/20 DIA=10.00 --gauge CAL-1
expect_rc "a failed calibration" 0 $T/o env MES_SIGN_PIN=3333 MES_PIN=3333 "$MESCTL" --user quinn gauge calibrate CAL-1 --fail --as-found "+0.05" --certificate LAB-2
check "... lists the two results since the good one" sh -c "grep -q '2 results measured with it since its last good calibration' $T/o && [ \$(grep -c '^  inspection ' $T/o) -eq 2 ]"
expect_rc "a failed gauge is refused" 1 $T/o O quality inspect MILL --op WO-1001/20 DIA=10.00 --gauge CAL-1
check "... saying it failed" has $T/o "failed its last calibration"
expect_rc "gauge suspects lists them again" 0 $T/o Q gauge suspects CAL-1
check "... the same two" test "$(grep -c '^  inspection ' $T/o)" -eq 2
expect_rc "report calibration" 0 $T/o Q report calibration --csv
check "... the failed gauge first, with its certificate and signer" sh -c "sed -n 2p $T/o | tr -d '\\r' | grep -q '^CAL-1,Caliper,failed,.*,fail,LAB-2,quinn,30$' || { cat $T/o; false; }"

# Maintenance sees the gauges due beside its other work (vt100).
tm_start m vt100 "MES_CONFIG=$MES_CONFIG $B/mes-maint --shared"
wait_for m "badge" >/dev/null
keys m "100005" Enter
wait_for m "PIN" >/dev/null
keys m "4444" Enter
check "mes-maint's asset tree counts the failed gauge" wait_for m "Gauges due: 1"
tm_quit m
