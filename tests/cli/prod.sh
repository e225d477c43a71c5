#!/bin/sh
# mesctl import orders, export results and order states, end to end.
. tests/cli/lib.inc
DB=$T/plant.db
as_admin() { MES_PIN=4321 "$MESCTL" --user boss "$@"; }
as_olga() { MES_PIN=1111 "$MESCTL" --user olga "$@"; }
orders() { sqlite3 "$DB" "SELECT count(*) FROM work_orders"; }

echo 4321 | "$MESCTL" init --admin boss --name Boss >/dev/null
as_admin demo-seed >/dev/null

printf 'wo_no,item,qty,release_date,due_date,priority\nIMP-1,BRKT-100,50,2026-03-02,2026-03-06,2\nIMP-2,HSG-300,5,2026-03-02,2026-03-09,\n' > $T/good.csv
expect_rc "import a good file" 0 $T/o as_admin import orders $T/good.csv
check "... says how many" has $T/o "imported 2 work orders"
check "... both are there" test "$(orders)" -eq 8

cat > $T/bad.csv <<CSV
wo_no,item,qty,release_date,due_date
IMP-3,BRKT-100,10,2026-03-02,2026-03-06
IMP-4,NOSUCH,10,2026-03-02,2026-03-06
IMP-5,BRKT-100,10,2026-13-01,2026-03-06
IMP-1,BRKT-100,10,2026-03-02,2026-03-06
IMP-7,BRKT-100,0,2026-03-02,2026-03-06
IMP-8,BRKT-100,10,2026-03-09,2026-03-06
CSV
expect_rc "a bad file is refused" 1 $T/o as_admin import orders $T/bad.csv
check "... naming line 3 and the item" has $T/o "bad.csv:3: unknown item \"NOSUCH\""
check "... line 4, the date" has $T/o "bad.csv:4: release date"
check "... line 5, the duplicate" has $T/o "bad.csv:5: duplicate order number IMP-1"
check "... line 6, the quantity" has $T/o "bad.csv:6: quantity"
check "... line 7, due before release" has $T/o "bad.csv:7: due date 2026-03-06 is before"
check "... saying nothing was imported" has $T/o "nothing was imported"
check "... and nothing was" test "$(orders)" -eq 8

expect_rc "--skip-bad imports the good rows" 0 $T/o as_admin import orders --skip-bad --rejects $T/rej.csv $T/bad.csv
check "... one of them" has $T/o "imported 1 work order from"
check "... 5 skipped, see the rejects" has $T/o "5 bad rows skipped, see $T/rej.csv"
check "... IMP-3 is in" test "$(sqlite3 "$DB" "SELECT count(*) FROM work_orders WHERE wo_no = 'IMP-3'")" -eq 1
check "the rejects file has a header" has $T/rej.csv "line,reason,wo_no,item,qty"
check "... and each bad row with its line" has $T/rej.csv '^3,"unknown item ""NOSUCH""",IMP-4,NOSUCH'
check "... five of them" test "$(grep -c '^[0-9]' $T/rej.csv)" -eq 5

expect_rc "import from standard input" 0 $T/o sh -c "printf 'item,wo_no,qty,due_date,release_date\r\nBRKT-150,IMP-9,7,2026-03-09,2026-03-02\r\n' | MES_PIN=4321 '$MESCTL' --user boss import orders -"
check "... from standard input" has $T/o "from standard input"
printf 'wo_no,item,qty,release_date,due_date,colour\nX,BRKT-100,1,2026-03-02,2026-03-02,red\n' > $T/col.csv
expect_rc "an unknown column refuses the file" 1 $T/o as_admin import orders --skip-bad $T/col.csv
check "... naming it and line 1" has $T/o ':1: unknown column "colour"'
expect_rc "an operator may not import orders" 1 $T/o as_olga import orders $T/good.csv
check "... needing the role" has $T/o "needs the role"
expect_rc "import without a file is a usage error" 2 $T/o as_admin import orders
expect_rc "import of a missing file fails" 1 $T/o as_admin import orders $T/none.csv

expect_rc "order release" 0 $T/o as_admin order release IMP-1
expect_rc "... not twice" 1 $T/o as_admin order release IMP-1
check "... saying why" has $T/o "not planned"
expect_rc "an operator may not release" 1 $T/o as_olga order release IMP-2
expect_rc "hold without a reason is refused" 1 $T/o as_admin order hold IMP-1
check "... asking for one" has $T/o "needs a reason"
expect_rc "hold with a reason" 0 $T/o as_admin order hold IMP-1 --reason "drawing check"
check "... stored as held from released" test "$(sqlite3 "$DB" "SELECT status || '/' || held_from FROM work_orders WHERE wo_no = 'IMP-1'")" = held/released
expect_rc "a held order is not released" 1 $T/o as_admin order release IMP-1
expect_rc "unhold" 0 $T/o as_admin order unhold IMP-1 --reason "drawing ok"
check "... back to released" test "$(sqlite3 "$DB" "SELECT status FROM work_orders WHERE wo_no = 'IMP-1'")" = released
expect_rc "close of an order that is not complete" 1 $T/o as_admin order close IMP-1
check "... says only a complete one" has $T/o "only a complete order"
expect_rc "--reason with release is a usage error" 2 $T/o as_admin order release IMP-2 --reason x
expect_rc "order of an unknown order" 1 $T/o as_admin order release NOPE
expect_rc "order without a subcommand" 2 $T/o as_admin order

expect_rc "export results" 0 $T/o as_admin export results
check "... has the header" has $T/o "^wo_no,seq,item,wc,status,qty_good,qty_scrap,actual_start,actual_end,labor_hours"
check "... and the demo's reports" has $T/o "^WO-1001,10,BRKT-100,SAW-01,complete,197,3,"
check "... five operations" test "$(grep -c '^WO-' $T/o)" -eq 5
expect_rc "export --since the future" 0 $T/o as_admin export results --since 2999-01-01
check "... only the header" test "$(wc -l < $T/o)" -eq 1
expect_rc "export with a bad --since" 1 $T/o as_admin export results --since soon
expect_rc "export of something else" 2 $T/o as_admin export orders

# ---- numbers, dates and times: one strict reading everywhere ----
for a in "--iterations 99999999999999999999999" "--time-limit nan" "--time-limit inf" \
         "--time-limit 1e309" "--time-limit -5" "--time-limit 0x10" "--seed -1"; do
	expect_rc "schedule $a is a usage error" 2 $T/o as_admin schedule $a
done
check "... saying what is wrong with the value" has $T/o "mesctl: --seed: -1 is out of range"
expect_rc "a breakdown on 2029-02-30 is refused" 1 $T/o as_admin unavailable SAW-01 --from 2029-02-30T10:00
expect_rc "... and at 25:99" 1 $T/o as_admin unavailable SAW-01 --from 2029-02-03T25:99
check "... naming the form" has $T/o "YYYY-MM-DDTHH:MM"
expect_rc "... a real one is taken" 0 $T/o as_admin unavailable SAW-01 --from 2029-02-03T10:00 --until 2029-02-03T11:30
expect_rc "a quantity of 1e-320 is refused" 2 $T/o as_admin lot move NO-LOT RECV --qty 1e-320
expect_rc "... and 0x10 (not 16)" 2 $T/o as_admin lot move NO-LOT RECV --qty 0x10
check "... saying it is not a number" has $T/o 'mesctl: --qty: "0x10" is not a number'

expect_rc "the audit trail is intact after all this" 0 $T/o "$MESCTL" audit verify
