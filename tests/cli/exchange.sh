#!/bin/sh
# The ERP exchange end to end: B2MML schedules in, performance out (valid
# against MESA's V0700 and V0701 schemas), the drop folder, batch records and their
# check, master data as CSV, reports.
. tests/cli/lib.inc
DB=$T/plant.db
X=tests/data/b2mml
XSD=data/b2mml
as_setup() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
as_olga() { MES_PIN=1111 "$MESCTL" --user olga "$@"; }
as_quinn() { MES_PIN=3333 "$MESCTL" --user quinn "$@"; }
sql() { sqlite3 "$DB" "$1"; }
# What no mesctl command writes (lots, ledger rows, measurements of a
# test's own), written with the seal functions as a plant program would.
sealed_sql() { python3 tests/cli/sealsql.py "$DB" "$1"; }
valid() { xmllint --noout --schema "$1" "$2" 2>"$T/xsd.log" || { sed 's/^/#   /' "$T/xsd.log"; return 1; }; }
# valid_both KIND FILE: against V0700 (data/b2mml) and V0701 (data/b2mml/v0701)
valid_both() { valid $XSD/B2MML-$1.xsd "$2" && valid $XSD/v0701/B2MML-$1.xsd "$2"; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null
as_setup demo-seed >/dev/null

# ---- B2MML import -------------------------------------------------------
expect_rc "import schedule: a good file" 0 $T/o as_setup import schedule $X/schedule-good.xml
check "... says what it made" has $T/o "imported 2 work orders (5 operations, 2 materials)"
check "... released orders" test "$(sql "SELECT group_concat(status) FROM work_orders WHERE wo_no GLOB 'B2-*'")" = "released,released"
check "... the components" test "$(sql "SELECT count(*) FROM wo_materials")" -eq 2
expect_rc "the ProcessOperationsSchedule wrapper" 0 $T/o as_setup import schedule $X/process-schedule.xml
expect_rc "a wrong namespace is refused" 1 $T/o as_setup import schedule $X/bad-namespace.xml
check "... with the element path" has $T/o 'bad-namespace.xml:4: /OperationsSchedule: namespace'
before=$(sql "SELECT count(*) FROM work_orders")
expect_rc "missing ID, bad dates, unknown item: refused" 1 $T/o as_setup import schedule $X/bad-content.xml
check "... the missing ID" has $T/o 'bad-content.xml:18: /OperationsSchedule/OperationsRequest\[2\]: ID is missing'
check "... the bad date" has $T/o 'OperationsRequest\[3\]/StartTime: "2026-02-30T06:00:00Z" is not a date'
check "... the unknown item" has $T/o 'MaterialRequirement/MaterialDefinitionID: unknown item "NO-SUCH-ITEM"'
check "... the unknown work center" has $T/o 'EquipmentID: unknown work center "LATHE-9"'
check "... nothing of the file" has $T/o "nothing of $X/bad-content.xml was imported (5 problems)"
check "... and nothing it is" test "$(sql "SELECT count(*) FROM work_orders")" -eq "$before"
expect_rc "XML that is not well-formed" 1 $T/o as_setup import schedule $X/not-well-formed.xml
check "... names the line" has $T/o "not-well-formed.xml:5: Premature end of data"
F=tests/fuzz/b2mml
expect_rc "an external entity (file:///etc/passwd) is not fetched" 0 $T/o as_setup import schedule $F/entity-external.xml
check "... the reference stays empty" test "$(sql "SELECT wo_no || '|' || erp_ref FROM work_orders WHERE wo_no GLOB 'XXE-*'")" = "XXE-1|ERP-"
check "... nothing of the file is in the database" test "$(sql "SELECT count(*) FROM wo_ops WHERE description LIKE '%root:%'")" -eq 0
expect_rc "nested entities (a billion laughs) are refused" 1 $T/o as_setup import schedule $F/entity-laughs.xml
check "... as a loop, at once" has $T/o "entity-laughs.xml:13: Detected an entity reference loop"
expect_rc "an operator may not import schedules" 1 $T/o as_olga import schedule $X/schedule-good.xml
check "... permission" has $T/o "permission\|not allowed\|may not"

# ---- B2MML export ------------------------------------------------------------
sealed_sql "INSERT INTO lots (lot_no, item_id, status, created) SELECT 'L-STEEL-1', id, 'released', '2026-11-01T00:00:00.000Z' FROM items WHERE item_no = 'STEEL-40';
INSERT INTO inv_moves (ts, lot_id, location_id, qty, kind) SELECT '2026-11-01T00:00:00.000Z', l.id, c.id, 50, 'receive' FROM lots l, locations c WHERE l.lot_no = 'L-STEEL-1' AND c.code = 'RECV';
INSERT INTO inv_moves (ts, lot_id, location_id, qty, kind, wo_id, wo_op_id) SELECT '2026-11-02T00:00:00.000Z', l.id, c.id, -24, 'issue', w.id, o.id FROM lots l, locations c, work_orders w JOIN wo_ops o ON o.wo_id = w.id AND o.seq = 10 WHERE l.lot_no = 'L-STEEL-1' AND c.code = 'RECV' AND w.wo_no = 'WO-1001';"
expect_rc "export performance" 0 $T/perf.xml as_setup export performance --since 2026-01-01
check "... validates against B2MML V0700 and V0701" valid_both OperationsPerformance $T/perf.xml
check "... one response per order with activity" has $T/perf.xml "<OperationsRequestID>WO-1001</OperationsRequestID>"
check "... the lot consumed" has $T/perf.xml "<ValueString>L-STEEL-1</ValueString>"
check "... the operator's hours" has $T/perf.xml "<ValueString>olga</ValueString>"
check "... good and scrap" has $T/perf.xml "<ID>ScrapQuantity</ID>"
expect_rc "export performance: a bad time" 1 $T/o as_setup export performance --since never
expect_rc "export schedule" 0 $T/sched.xml as_setup export schedule --match 'B2-*'
check "... validates against B2MML V0700 and V0701" valid_both OperationsSchedule $T/sched.xml

# The round trip: what one plant exported, another imports as the same orders.
q="SELECT group_concat(x, ';') FROM (SELECT w.wo_no || ',' || i.item_no || ',' || w.qty || ',' || w.release_date || ',' || w.due_date || ',' || w.priority || ',' || (SELECT group_concat(o.seq || '@' || c.code || '/' || o.run_min, ' ') FROM wo_ops o JOIN work_centers c ON c.id = o.wc_id WHERE o.wo_id = w.id) AS x FROM work_orders w JOIN items i ON i.id = w.item_id WHERE w.wo_no GLOB 'B2-*' ORDER BY w.wo_no)"
rt_want=$(sql "$q")
mkdir -p $T/p2
printf '[database]\npath = %s/p2/plant.db\n[auth]\nhash_cost = fast\n' "$T" > $T/p2/mes.ini
MES_CONFIG=$T/p2/mes.ini sh -c "echo 0000 | '$MESCTL' init --admin setup >/dev/null; MES_PIN=0000 '$MESCTL' --user setup demo-seed >/dev/null"
expect_rc "round trip: import the export elsewhere" 0 $T/o env MES_CONFIG=$T/p2/mes.ini MES_PIN=0000 "$MESCTL" --user setup import schedule $T/sched.xml
got=$(sqlite3 $T/p2/plant.db "$q")
check "... the same orders, operations and times" test "$got" = "$rt_want"
[ "$got" = "$rt_want" ] || printf "#   got  %s\n#   want %s\n" "$got" "$rt_want"
check "... not empty" test -n "$rt_want"
expect_rc "round trip: importing it twice is refused" 1 $T/o env MES_CONFIG=$T/p2/mes.ini MES_PIN=0000 "$MESCTL" --user setup import schedule $T/sched.xml
check "... the order exists" has $T/o "order B2-100 exists in the database already"

# ---- drop folder ---------------------------------------------------------------
D=$T/drop
mkdir -p $D/in
sed 's/B2-/DF-/g' $X/schedule-good.xml > $D/in/erp-0001.xml
cp $X/bad-content.xml $D/in/erp-0002.xml
echo '<half' > $D/in/erp-0003.xml.part
echo '<half' > $D/in/.erp-0004.xml
# Files another run wrote in this second and the ones after: an export in
# the same second must take another name, never replace them (the next
# 30 s are taken, so a slow pass still meets one).
mkdir -p $D/out
for s in $(seq 0 29); do
	echo ERP-OWNED > $D/out/performance-$(date -u -d "+$s seconds" +%Y%m%dT%H%M%SZ).xml
done
expect_rc "drop folder: one pass" 1 $T/o as_setup exchange --watch $D --once
check "... the good file is done" test -f $D/done/erp-0001.xml
check "... and imported" test "$(sql "SELECT count(*) FROM work_orders WHERE wo_no GLOB 'DF-*'")" -eq 2
check "... the bad one failed" test -f $D/failed/erp-0002.xml
check "... with its errors beside it" has $D/failed/erp-0002.xml.err "unknown item \"NO-SUCH-ITEM\""
check "... half-written files stay" test -f $D/in/erp-0003.xml.part -a -f $D/in/.erp-0004.xml
ours=$(grep -L ERP-OWNED $D/out/performance-*.xml)
check "... a performance export in out" test "$(echo "$ours" | wc -w)" -eq 1
check "... that validates (V0700 and V0701)" valid_both OperationsPerformance "$ours"
check "... beside the files of the same second, none replaced" test "$(grep -l ERP-OWNED $D/out/performance-*.xml | wc -l)" -eq 30
check "... under a name of its own (-2)" sh -c "echo '$ours' | grep -q 'Z-2\.xml\$'"
check "... and no temporary file left" test -z "$(ls -A $D/out | grep '^\.')"
expect_rc "drop folder: a second pass with nothing new" 0 $T/o as_setup exchange --watch $D --once
check "... exports nothing" has $T/o "no export"
expect_rc "drop folder: usage" 2 $T/o as_setup exchange --once

# ---- batch record -----------------------------------------------------------------
expect_rc "batch record of an order" 0 $T/rec.txt as_quinn report batch-record WO-1001
check "... its routing steps" has $T/rec.txt "== Routing steps =="
check "... the material lots" has $T/rec.txt "L-STEEL-1"
check "... the audit entries" has $T/rec.txt "op.report"
check "... ending with its hash" test "$(tail -n 1 $T/rec.txt | cut -c1-24)" = "Content hash (SHA-256): "
expect_rc "audit verify --record: an intact copy" 0 $T/o as_quinn audit verify --record $T/rec.txt
check "... matches" has $T/o "matches the database"
sed 's/Cut to length/Cut to size/' $T/rec.txt > $T/rec-edit.txt
expect_rc "audit verify --record: an edited copy" 1 $T/o as_quinn audit verify --record $T/rec-edit.txt
check "... is caught" has $T/o "changed after it was made"
expect_rc "batch record as HTML" 0 $T/o as_quinn report batch-record WO-1001 --html $T/rec.html
check "... parses as HTML" xmllint --html --noout $T/rec.html
check "... no script" test -z "$(grep -i '<script' $T/rec.html)"
as_setup order hold WO-1001 --reason "deviation review" >/dev/null
expect_rc "audit verify --record: the database changed since" 1 $T/o as_quinn audit verify --record $T/rec.html
check "... says so" has $T/o "no longer the whole record"
expect_rc "batch record of a lot" 0 $T/o as_quinn report batch-record L-STEEL-1
check "... its ledger" has $T/o "== Inventory ledger =="
expect_rc "an operator may not read batch records" 1 $T/o as_olga report batch-record WO-1001

# ---- master data as CSV --------------------------------------------------------------
expect_rc "export items" 0 $T/items.csv as_setup export items
check "... the documented header" test "$(head -n 1 $T/items.csv | tr -d '\r')" = "item_no,description,uom,family,lot_control,shelf_days"
check "... quoted where needed" has $T/items.csv '^BRKT-100,"Steel bracket, 100 mm",ea,bracket,1,'
expect_rc "export routings" 0 $T/rt.csv as_setup export routings
check "... header" test "$(head -n 1 $T/rt.csv | tr -d '\r')" = "item_no,seq,wc,description,setup_min,run_min,skill"
expect_rc "export workcenters" 0 $T/wc.csv as_setup export workcenters
expect_rc "export users: no secrets" 0 $T/users.csv as_setup export users
check "... roles as words" has $T/users.csv '^luis,Luis Moreno,"operator,lead",100003,1'
check "... never a hash" test -z "$(grep -i argon $T/users.csv)"
printf 'item_no,description,uom,lot_control\nNEW-1,New part,ea,1\nBRKT-100,"Steel bracket, 100 mm (rev B)",,\n' > $T/in-items.csv
expect_rc "import items: add one, change one" 0 $T/o as_setup import items $T/in-items.csv
check "... says so" has $T/o "1 added, 1 updated"
check "... the change is there, the rest kept" test "$(sql "SELECT description || '|' || uom || '|' || family FROM items WHERE item_no = 'BRKT-100'")" = "Steel bracket, 100 mm (rev B)|ea|bracket"
check "... audited" test "$(sql "SELECT count(*) FROM audit WHERE action = 'item.import'")" -eq 2
expect_rc "import items again: nothing changes" 0 $T/o as_setup import items $T/in-items.csv
check "... 0 added, 0 updated" has $T/o "0 added, 0 updated"
printf 'item_no,description,lot_control\nNEW-2,x,1\nNEW-3,,1\nNEW-4,y,7\n' > $T/bad-items.csv
expect_rc "import items: bad lines" 1 $T/o as_setup import items $T/bad-items.csv
check "... line 3" has $T/o "bad-items.csv:3: description"
check "... line 4" has $T/o 'bad-items.csv:4: lot_control "7"'
check "... nothing imported" test "$(sql "SELECT count(*) FROM items WHERE item_no = 'NEW-2'")" -eq 0
printf 'item_no,seq,wc,description,setup_min,run_min\nNEW-1,10,SAW-01,Cut,5,0.2\nNEW-1,20,LATHE-9,Turn,5,1\n' > $T/in-rt.csv
expect_rc "import routings: an unknown work center" 1 $T/o as_setup import routings $T/in-rt.csv
check "... named with its line" has $T/o 'in-rt.csv:3: unknown work center "LATHE-9"'
printf 'item_no,seq,wc,description,setup_min,run_min\nNEW-1,10,SAW-01,Cut,5,0.2\nNEW-1,20,CNC-01,Drill,5,1\n' > $T/in-rt.csv
expect_rc "import routings" 0 $T/o as_setup import routings $T/in-rt.csv
check "... two operations" test "$(sql "SELECT count(*) FROM routing_ops r JOIN items i ON i.id = r.item_id WHERE i.item_no = 'NEW-1'")" -eq 2
printf 'code,name,capacity\nLATHE-9,Lathe,2\n' > $T/in-wc.csv
expect_rc "import workcenters" 0 $T/o as_setup import workcenters $T/in-wc.csv
printf 'login,name,roles,badge\nnina,Nina Roth,operator,100099\n' > $T/in-users.csv
expect_rc "import users: a one-time PIN, shown once" 0 $T/o as_setup import users $T/in-users.csv
pin=$(sed -n 's/^nina,\([0-9]*\)$/\1/p' $T/o)
check "... printed" test -n "$pin"
check "... works once" sh -c "MES_PIN=$pin '$MESCTL' --user nina status >/dev/null"
check "... and is stored only hashed" test -z "$(sql "SELECT login FROM users WHERE secret LIKE '%$pin%'")"
printf 'login,name,roles,pin\nnora,Nora,operator,1234\n' > $T/pin-users.csv
expect_rc "import users: a PIN column is refused" 1 $T/o as_setup import users $T/pin-users.csv
printf 'login,name,roles\nsetup,Setup,operator\n' > $T/self.csv
expect_rc "import users: not your own admin role" 1 $T/o as_setup import users $T/self.csv
check "... says why" has $T/o "your own admin role"
expect_rc "import users needs the admin role" 1 $T/o as_quinn import users $T/in-users.csv
mkdir -p $D/in
cp $T/in-wc.csv $D/in/workcenters-0002.csv
cp $T/in-users.csv $D/in/users-0001.csv
expect_rc "drop folder: master data by file name" 1 $T/o as_setup exchange --watch $D --once
check "... work centers done" test -f $D/done/workcenters-0002.csv
check "... users refused there" has $D/failed/users-0001.csv.err "one-time PINs must go to a person"

# ---- reports ---------------------------------------------------------------------------
svgs_ok() { sed -n '/<svg /,/<\/svg>/p' "$1" > $T/inline.svg; test -s $T/inline.svg && awk '/<svg /{n++} END{exit n<1}' $T/inline.svg && csplit -s -z -f $T/part- $T/inline.svg '/<svg /' '{*}' && for p in $T/part-*; do xmllint --noout "$p" || return 1; done; }
expect_rc "report production" 0 $T/o as_setup report production --from 2026-01-01
check "... an aligned table" has $T/o "^order  *item  *qty  *status  *good  *scrap"
check "... the orders with activity" has $T/o "^WO-1001 "
expect_rc "report production --by shift --csv" 0 $T/o as_setup report production --by shift --csv
check "... a CSV header" test "$(head -n 1 $T/o | tr -d '\r')" = "day,shift,wc,good,scrap,reports"
expect_rc "report scrap --json" 0 $T/o as_setup report scrap --json
check "... JSON numbers" has $T/o '"reason":"DIM","description":"Dimension out of tolerance","qty":3,'
check "... parses" python3 -c "import json,sys; json.load(open('$T/o'))"
expect_rc "report scrap --svg: a Pareto" 0 $T/o as_setup report scrap --svg $T/pareto.svg
check "... well-formed SVG" xmllint --noout $T/pareto.svg
check "... with the cumulative line" has $T/pareto.svg "<polyline"
expect_rc "report gantt --svg" 0 $T/o as_setup report gantt --svg $T/gantt.svg
check "... well-formed SVG" xmllint --noout $T/gantt.svg
check "... a bar per operation" test "$(grep -c '<rect' $T/gantt.svg)" -gt 2
expect_rc "report labor --csv" 0 $T/o as_setup report labor --csv
check "... the operators" has $T/o "^olga,Olga Brandt,WO-1001"
sealed_sql "INSERT INTO lots (lot_no, item_id, status, created, produced_by) SELECT 'L-BRKT-9', i.id, 'released', '2026-11-03T00:00:00.000Z', w.id FROM items i, work_orders w WHERE i.item_no = 'BRKT-100' AND w.wo_no = 'WO-1001';
INSERT INTO genealogy (parent_lot_id, child_lot_id, wo_id, qty, ts) SELECT p.id, c.id, c.produced_by, 24, '2026-11-03T00:00:00.000Z' FROM lots p, lots c WHERE p.lot_no = 'L-STEEL-1' AND c.lot_no = 'L-BRKT-9';"
expect_rc "report genealogy: forward from a supplier lot" 0 $T/o as_setup report genealogy L-STEEL-1 --json
check "... the finished lot" has $T/o '"direction":"forward","depth":1,"lot":"L-BRKT-9"'
expect_rc "report genealogy: backward" 0 $T/o as_setup report genealogy L-BRKT-9
check "... the supplier lot" has $T/o "^backward  *1  *L-STEEL-1"
expect_rc "report genealogy: an unknown lot" 1 $T/o as_setup report genealogy NOPE
expect_rc "report production --svg: no picture" 2 $T/o as_setup report production --svg $T/x.svg
expect_rc "report shift --html" 0 $T/o as_setup report shift --html $T/shift.html --from 2026-01-01
check "... one file, no script, no outside reference" test -z "$(grep -i -e '<script' -e 'src=' -e 'href=' $T/shift.html)"
check "... its charts are well-formed SVG" svgs_ok $T/shift.html
check "... and its tables" has $T/shift.html "<h2>Scrap by reason</h2>"
expect_rc "report shift needs --html" 2 $T/o as_setup report shift

# ---- control chart (from stored measurements and frozen limits) ------------------------
sealed_sql "INSERT INTO inspection_plans (code) VALUES ('QP-RING');
INSERT INTO characteristics (plan_id, code, name, kind, nominal, lsl, usl) SELECT id, 'OD', 'Outer diameter', 'variable', 74, 73.95, 74.05 FROM inspection_plans WHERE code = 'QP-RING';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)
INSERT INTO inspections (plan_id, user_id, ts, result) SELECT p.id, u.id, printf('2026-11-26T06:%02d:00.000Z', i), 'pass' FROM n, inspection_plans p, users u WHERE p.code = 'QP-RING' AND u.login = 'quinn';
INSERT INTO measurements (inspection_id, char_id, value) SELECT x.id, c.id, 74 + ((x.id * 7) % 5 - 2) * 0.004 FROM inspections x, characteristics c WHERE c.code = 'OD';
INSERT INTO measurements (inspection_id, char_id, value) SELECT max(x.id), c.id, 74.03 FROM inspections x, characteristics c WHERE c.code = 'OD';
INSERT INTO spc_limits (char_id, chart, center, lcl, ucl, ts) SELECT id, 'xbar-r', 74.0, 73.99, 74.01, '2026-11-26T05:00:00.000Z' FROM characteristics WHERE code = 'OD';"
expect_rc "report control: a characteristic's chart" 0 $T/o as_setup report control QP-RING/OD --svg $T/control.svg
check "... the means and limits" has $T/o "^2026-11-26T06:01:00.000Z"
check "... well-formed SVG" xmllint --noout $T/control.svg
check "... the control limits drawn" has $T/control.svg ">UCL 74.01<"
check "... the out-of-control point in red" has $T/control.svg 'fill="#c0392b"'
expect_rc "report control: unknown characteristic" 1 $T/o as_setup report control QP-RING/ID
expect_rc "report shift with a control chart" 0 $T/o as_setup report shift --html $T/shift2.html --from 2026-01-01
check "... the control chart inline" has $T/shift2.html "QP-RING/OD Outer diameter"
check "... its charts are well-formed SVG" svgs_ok $T/shift2.html
expect_rc "export inspection-plans" 0 $T/qp.csv as_setup export inspection-plans
check "... one line per characteristic" has $T/qp.csv '^QP-RING,,,0,lot,OD,Outer diameter,variable,74.0,73.95,74.05'
expect_rc "import inspection-plans: a plan without an item is refused" 1 $T/o as_setup import inspection-plans $T/qp.csv
check "... with its line" has $T/o "qp.csv:2: plan and item_no are needed"
