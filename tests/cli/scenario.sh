#!/bin/sh
# Scenarios end to end: a copy of the demo plant takes what-ifs (a work
# center down, a rush order, a shift more, an operator away, another
# objective) while the plant stays as it was; compare sets them side by
# side; adopt writes a scenario's plan back only while the plant is the
# one the copy was made of; the lead's board looks at one and changes
# nothing.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
DB=$T/plant.db
as_setup() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
L() { MES_PIN=2222 "$MESCTL" --user luis "$@"; }
O() { MES_PIN=1111 "$MESCTL" --user olga "$@"; }
q() { sqlite3 "$1" "$2"; }
plan_of() { q "$1" "SELECT o.id || ' ' || ifnull(o.plan_start, '') || ' ' || ifnull(o.plan_wc_id, '') FROM wo_ops o WHERE o.status != 'complete' AND o.id IN (SELECT op_id FROM scenario_base) ORDER BY o.id" 2>/dev/null; }
TOMORROW=$(date -u -d tomorrow +%F)

echo 0000 | "$MESCTL" init --admin setup >/dev/null
as_setup demo-seed >/dev/null
L schedule --iterations 100 >/dev/null
L simulate --runs 20 >/dev/null

expect_rc "a lead makes a scenario" 0 $T/o L scenario new down --note "CNC-01 overhaul"
check "... a copy beside the plant" test -s "$DB.scenarios/down.db"
check "... which knows it is one" test "$(q $DB.scenarios/down.db 'SELECT name FROM scenario_self')" = down
check "... and the plant's open work as it was" test "$(q $DB.scenarios/down.db 'SELECT count(*) FROM scenario_base')" -eq "$(q $DB "SELECT count(*) FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.status IN ('released','running','held') AND o.status != 'complete'")"
check "... audited in the plant" test "$(q $DB "SELECT count(*) FROM audit WHERE action = 'scenario.new'")" -eq 1
check "... without the plant's simulations, which are of another plan" test "$(q $DB.scenarios/down.db 'SELECT count(*) FROM twin_sims')" -eq 0 -a "$(q $DB 'SELECT count(*) FROM twin_sims')" -eq 1
expect_rc "an operator may not make one" 1 $T/o O scenario new mine
check "... told who may" has $T/o "lead"
expect_rc "a name with a space is refused" 1 $T/o L scenario new "two words"
check "... saying what a name is" has $T/o "letters, digits"
expect_rc "a name taken is refused" 1 $T/o L scenario new down
check "... saying so" has $T/o "scenario down exists"

unavail=$(q $DB 'SELECT count(*) FROM wc_unavailable')
expect_rc "what if CNC-01 is down tomorrow for 8 hours" 0 $T/o L scenario down down CNC-01 --from "${TOMORROW}T06:00" --hours 8
check "... planned again, saying how it came out" has $T/o "CNC-01 down from ${TOMORROW}T06:00 for 8 h; planned again:"
check "... in the copy" test "$(q $DB.scenarios/down.db "SELECT count(*) FROM wc_unavailable WHERE note = 'what-if'")" -eq 1
check "... and not in the plant" test "$(q $DB 'SELECT count(*) FROM wc_unavailable')" -eq "$unavail"
expect_rc "a what-if without --hours is a usage error" 2 $T/o L scenario down down CNC-01 --from "${TOMORROW}T06:00"
expect_rc "a what-if in a scenario that is not there" 1 $T/o L scenario down nosuch CNC-01 --from "${TOMORROW}T06:00" --hours 1
check "... says which are" has $T/o "no scenario nosuch: mesctl scenario list"
expect_rc "an operator may not try what-ifs" 1 $T/o O scenario down down CNC-01 --from "${TOMORROW}T06:00" --hours 1

L scenario new rush >/dev/null
expect_rc "what if a rush order comes in" 0 $T/o L scenario rush rush HSG-300 40 --due "$TOMORROW"
check "... named RUSH-1, released in the copy" test "$(q $DB.scenarios/rush.db "SELECT status FROM work_orders WHERE wo_no = 'RUSH-1'")" = released
check "... and planned there" test "$(q $DB.scenarios/rush.db "SELECT count(*) FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.wo_no = 'RUSH-1' AND o.plan_start IS NOT NULL")" -gt 0
check "... never in the plant" test "$(q $DB "SELECT count(*) FROM work_orders WHERE wo_no = 'RUSH-1'")" -eq 0
shifts=$(q $DB 'SELECT count(*) FROM wc_shifts')
expect_rc "what if CNC-01 works Saturday mornings" 0 $T/o L scenario shift rush CNC-01 --day sat --from 06:00 --to 14:00
check "... said" has $T/o "CNC-01 works Saturdays 06:00-14:00 too"
check "... the copy's calendar, not the plant's" test "$(q $DB.scenarios/rush.db 'SELECT count(*) FROM wc_shifts')" -eq $((shifts + 1)) -a "$(q $DB 'SELECT count(*) FROM wc_shifts')" -eq "$shifts"
expect_rc "a shift that ends before it starts is a usage error" 2 $T/o L scenario shift rush CNC-01 --day sat --from 14:00 --to 06:00
expect_rc "what if the only certified welder is away" 0 $T/o L scenario absent rush luis --from "${TOMORROW}T06:00" --hours 16
check "... takes WELD-01 down then (no one else holds the skill)" has $T/o "WELD-01 down then"
expect_rc "what if the plan aimed at the makespan" 0 $T/o L scenario objective rush makespan
check "... kept as the scenario's objective" test "$(q $DB.scenarios/rush.db 'SELECT objective FROM scenario_self')" = makespan

expect_rc "scenario list" 0 $T/o L scenario list
check "... names both with their what-ifs" sh -c "grep -q '^down ' $T/o && grep -q 'what-ifs: CNC-01 down' $T/o && grep -q 'rush order RUSH-1: 40 HSG-300' $T/o"
expect_rc "scenario compare" 0 $T/o L scenario compare down rush --runs 100
check "... the plant first, then each scenario" sh -c "grep -q '^plant ' $T/o && grep -q '^down ' $T/o && grep -q '^rush ' $T/o"
check "... the rush order makes an order late that the plant does not have" sh -c "[ \$(awk '\$1 == \"rush\" { print \$2 }' $T/o) -gt \$(awk '\$1 == \"plant\" { print \$2 }' $T/o) ]"

expect_rc "an operator may not adopt" 1 $T/o O scenario adopt down
expect_rc "the lead adopts the scenario with CNC-01 down" 0 $T/o L scenario adopt down
check "... saying how many operations" has $T/o "scenario down adopted:"
plan_of "$DB.scenarios/down.db" > $T/want
sqlite3 "$DB" "ATTACH '$DB.scenarios/down.db' AS s; SELECT o.id || ' ' || ifnull(o.plan_start, '') || ' ' || ifnull(o.plan_wc_id, '') FROM wo_ops o WHERE o.status != 'complete' AND o.id IN (SELECT op_id FROM s.scenario_base) ORDER BY o.id" > $T/got
check "... the plant's plan is now the scenario's" sh -c "[ -s $T/want ] && cmp -s $T/want $T/got"
check "... audited" test "$(q $DB "SELECT count(*) FROM audit WHERE action = 'scenario.adopt'")" -eq 1
check "... and marked adopted" test -n "$(q $DB "SELECT adopted_ts FROM scenarios WHERE name = 'down'")"
check "... the down time itself stays in the copy" test "$(q $DB 'SELECT count(*) FROM wc_unavailable')" -eq "$unavail"

L scenario new late >/dev/null
L order hold WO-1003 --reason "material" >/dev/null
before=$(q $DB "SELECT group_concat(ifnull(plan_start, ''), ',') FROM wo_ops")
expect_rc "adopting after the plant changed is refused" 1 $T/o L scenario adopt late
check "... naming what changed" has $T/o "WO-1003/10 is waiting (order held) in the plant"
check "... nothing written" test "$(q $DB "SELECT group_concat(ifnull(plan_start, ''), ',') FROM wo_ops")" = "$before"
check "... and the refusal audited" test "$(q $DB "SELECT count(*) FROM audit WHERE action = 'denied' AND reason LIKE '%scenario late%'")" -eq 1
L order unhold WO-1003 --reason "material came" >/dev/null
expect_rc "a scenario is dropped" 0 $T/o L scenario drop late
check "... with its copy" test ! -e "$DB.scenarios/late.db"

# The lead's board looks at the rush scenario and changes nothing.
tm_start a vt100 "MES_CONFIG=$MES_CONFIG $B/mes-dispatch --shared"
wait_for a "Scan your badge" >/dev/null
keys a "100003" Enter
wait_for a "PIN" >/dev/null
keys a "2222" Enter
check "the lead's board (vt100)" wait_for a "Luis"
keys a v
check "v asks which scenario" wait_for a "Look at a scenario's plan"
keys a " " Enter
check "... then shows it, saying so on the title line" wait_for a "SCENARIO rush, look only"
keys a "RUSH-1/10" Enter
check "... its rush order is on the board" wait_for a "RUSH-1"
keys a s
wait_for a "Work instruction RUSH-1/10" >/dev/null
keys a Enter
check "... and starting it is refused, saying why" wait_for a "open to look at only"
keys a Escape
wait_for a "SAW-01" >/dev/null
keys a v
check "v on the board again goes back to the plant" wait_for a "back to the plant"
no_scenario() { ! screen a | grep -q SCENARIO; }
check "... whose title line is the plant's" no_scenario
keys a "RUSH-1/10" Enter
check "... where there is no rush order" wait_for a "RUSH-1"
tm_quit a
check "nothing reached the plant from the board" test "$(q $DB "SELECT count(*) FROM work_orders WHERE wo_no = 'RUSH-1'")" -eq 0
