#!/bin/sh
# Inspection plans as CSV: export, import into a fresh database, the same
# plans; the plan rules of the quality core refuse bad lines, by line,
# and nothing of a bad file is kept.
. tests/cli/lib.inc
as_setup() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
fresh() {
	rm -f $T/plant.db*
	echo 0000 | "$MESCTL" init --admin setup >/dev/null
	as_setup demo-seed >/dev/null
}

fresh
as_setup quality plan MILL --item BRKT-100 --op 20 --frequency every:50 --description "Drill check" >/dev/null
as_setup quality char MILL/DIA --name "Hole diameter" --lsl 9.95 --usl 10.05 --nominal 10 --unit mm --decimals 3 --subgroup 3 >/dev/null
as_setup quality char MILL/BURR --name "Burrs" --kind attribute --subgroup 20 >/dev/null
as_setup quality plan RCV --item BRKT-100 >/dev/null
as_setup quality char RCV/SCR --name "Scratches" --kind defects --usl 2 >/dev/null
as_setup quality plan EMPTY --item BRKT-100 --op 10 --frequency first >/dev/null
expect_rc "export inspection-plans" 0 $T/a.csv as_setup export inspection-plans
check "... a row per characteristic and one for a plan without any" test "$(sed 1d $T/a.csv | wc -l)" -eq 4

fresh
expect_rc "import inspection-plans into a fresh database" 0 $T/o as_setup import inspection-plans $T/a.csv
check "... says what it added" has $T/o "imported 4 inspection-plans rows from $T/a.csv: 6 added"
expect_rc "... export again" 0 $T/b.csv as_setup export inspection-plans
check "... the same plans" cmp -s $T/a.csv $T/b.csv
expect_rc "import the same file again: the plans are there" 1 $T/o as_setup import inspection-plans $T/a.csv
check "... a characteristic twice is refused" has $T/o "has a characteristic DIA already"

fresh
cat > $T/bad.csv <<'CSV'
plan,item_no,op_seq,on_receipt,frequency,char,name,kind,nominal,lsl,usl,unit,decimals,subgroup
GOOD,BRKT-100,20,0,every:10,D1,Diameter,variable,10,9.9,10.1,mm,2,1
BAD1,BRKT-100,,1,every:10,,,,,,,,,
BAD2,NO-ITEM,20,0,first,,,,,,,,,
GOOD,BRKT-100,20,0,every:10,D2,Length,variable,,5,4,mm,2,1
GOOD,BRKT-100,30,0,every:10,D3,Width,variable,,,6,mm,2,1
GOOD,BRKT-100,20,0,every:10,D4,Colour,sometimes,,,,,,
CSV
expect_rc "import inspection-plans: bad lines" 1 $T/o as_setup import inspection-plans $T/bad.csv
check "... a receiving plan's frequency (line 3)" has $T/o "bad.csv:3: a receiving plan inspects every lot"
check "... an unknown item (line 4)" has $T/o 'bad.csv:4: no item "NO-ITEM"'
check "... LSL above USL (line 5)" has $T/o "bad.csv:5: D2: LSL 5 is not below USL 4"
check "... the same plan with another operation (line 6)" has $T/o "bad.csv:6: plan GOOD exists with another"
check "... an unknown kind (line 7)" has $T/o 'bad.csv:7: kind "sometimes"'
check "... nothing kept" test "$(as_setup export inspection-plans | wc -l)" -eq 1
printf 'plan,frequency\nX,lot\n' > $T/nohdr.csv
expect_rc "import inspection-plans: item_no missing from the header" 1 $T/o as_setup import inspection-plans $T/nohdr.csv
check "... names the header" has $T/o "the header of inspection-plans is plan,item_no,op_seq"
MES_PIN=1111 "$MESCTL" --user olga import inspection-plans $T/a.csv >$T/o 2>&1
check "an operator may not import plans" test $? -eq 1
