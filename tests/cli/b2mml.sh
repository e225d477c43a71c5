#!/bin/sh
# B2MML against both of MESA's schema versions: the test schedules are
# valid as they claim, the import takes MESA-shaped ones, every export
# validates against V0700 and V0701, and a refusal names the whole path.
. tests/cli/lib.inc
DB=$T/plant.db
X=tests/data/b2mml
XSD=data/b2mml
as_setup() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
valid() { xmllint --noout --schema "$1" "$2" 2>"$T/xsd.log" || { sed 's/^/#   /' "$T/xsd.log"; return 1; }; }
v0700() { valid $XSD/B2MML-$1.xsd "$2"; }
v0701() { valid $XSD/v0701/B2MML-$1.xsd "$2"; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null
as_setup demo-seed >/dev/null

check "the V0700-shaped test schedule is valid V0700" v0700 OperationsSchedule $X/mesa-v0700.xml
check "the V0701-shaped test schedule is valid V0701" v0701 OperationsSchedule $X/mesa-v0701.xml
check "the good test schedule is valid V0700" v0700 OperationsSchedule $X/schedule-good.xml
expect_rc "import: MESA's shape, V0700" 0 $T/o as_setup import schedule $X/mesa-v0700.xml
check "... three operations, one component" has $T/o "imported 1 work order (3 operations, 1 material)"
check "... the named segment numbered by position" test "$(sqlite3 $DB "SELECT o.seq || ' ' || o.description FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.wo_no = 'MESA-700' AND o.routing_op_id IS NULL")" = "20 Weighing"
check "... released today" test "$(sqlite3 $DB "SELECT release_date FROM work_orders WHERE wo_no = 'MESA-700'")" = "$(date -u +%Y-%m-%d)"
expect_rc "import: MESA's shape, V0701" 0 $T/o as_setup import schedule $X/mesa-v0701.xml
check "... the schedule's times" test "$(sqlite3 $DB "SELECT release_date || ' ' || due_date FROM work_orders WHERE wo_no = 'MESA-701'")" = "2026-12-07 2026-12-11"
as_setup import schedule $X/schedule-good.xml >/dev/null

# A refusal in a file deep in folders: the message names it whole.
D=$T/a-folder-name-long-enough-to-matter/another-folder-name-that-is-long-too/and-one-more
mkdir -p $D
sed 's/<EquipmentRequirement><EquipmentID>ASSY-01<\/EquipmentID><\/EquipmentRequirement>//; s/MESA-700/MESA-702/' $X/mesa-v0700.xml > $D/schedule.xml
expect_rc "import: a named segment without a work center" 1 $T/o as_setup import schedule $D/schedule.xml
check "... the line, the element path, the whole file name" has $T/o "^$D/schedule.xml:20: /SyncOperationsSchedule/DataArea/OperationsSchedule/OperationsRequest/SegmentRequirement\[1\]/SegmentRequirement: operation \"Weighing\" (numbered 20 by its position) has no work center"

expect_rc "export schedule" 0 $T/sched.xml as_setup export schedule --match 'MESA-*'
check "... valid V0700" v0700 OperationsSchedule $T/sched.xml
check "... valid V0701" v0701 OperationsSchedule $T/sched.xml
expect_rc "export performance" 0 $T/perf.xml as_setup export performance
check "... valid V0700" v0700 OperationsPerformance $T/perf.xml
check "... valid V0701" v0701 OperationsPerformance $T/perf.xml
expect_rc "export performance with nothing to say" 0 $T/none.xml as_setup export performance --since 2999-01-01
check "... valid V0700" v0700 OperationsPerformance $T/none.xml
check "... not V0701, which wants one response at least (documented)" sh -c "! xmllint --noout --schema $XSD/v0701/B2MML-OperationsPerformance.xsd $T/none.xml 2>/dev/null"

mkdir -p $T/p2
printf '[database]\npath = %s/p2/plant.db\n[auth]\nhash_cost = fast\n' "$T" > $T/p2/mes.ini
MES_CONFIG=$T/p2/mes.ini sh -c "echo 0000 | '$MESCTL' init --admin setup >/dev/null; MES_PIN=0000 '$MESCTL' --user setup demo-seed >/dev/null"
expect_rc "the schedule export, imported by another plant" 0 $T/o env MES_CONFIG=$T/p2/mes.ini MES_PIN=0000 "$MESCTL" --user setup import schedule $T/sched.xml
q="SELECT group_concat(w.wo_no || ':' || (SELECT group_concat(o.seq || '@' || c.code || '/' || o.description, ' ') FROM wo_ops o JOIN work_centers c ON c.id = o.wc_id WHERE o.wo_id = w.id), ';') FROM work_orders w WHERE w.wo_no GLOB 'MESA-*'"
check "... the MESA orders as they were" test "$(sqlite3 $T/p2/plant.db "$q")" = "$(sqlite3 $DB "$q")"
