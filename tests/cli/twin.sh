#!/bin/sh
# The digital twin end to end: twin learn recovers the distributions a
# generated history was drawn from, simulate replays the plan exactly
# when nothing varies, repeats itself for a seed, keeps its figures only
# for a lead or admin, and the board shows each order's chance.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
G=$T/g.db
as_bench() { MES_PIN=123456 "$MESCTL" --db "$G" --user bench "$@"; }
as_setup() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
as_luis() { MES_PIN=2222 "$MESCTL" --user luis "$@"; }
as_olga() { MES_PIN=1111 "$MESCTL" --user olga "$@"; }
# within WANT TOL FIELD FILE: every work center's FIELD within TOL (a
# share) of WANT in twin learn's JSON lines
within() {
	python3 - "$@" <<'EOF'
import json, sys
want, tol, field, path = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = [json.loads(l) for l in open(path)]
wcs = [r for r in rows if r["kind"] == "work_center"]
bad = [(r["code"], r.get(field)) for r in wcs if abs(r.get(field, 0) - want) > tol * want]
print("#   %s: %s" % (field, ", ".join("%s %.3f" % (r["code"], r[field]) for r in wcs)))
sys.exit(1 if bad or len(wcs) != 8 else 0)
EOF
}

"$B/bench/gentwin" "$G" >/dev/null || exit 1
expect_rc "twin learn reads a generated history" 0 $T/learn.json as_bench twin learn --json
check "... stops 40 h apart (exponential), every work center within 10%" within 40 0.10 between_stops_h_mean $T/learn.json
check "... stops of median 1.5 h (lognormal), within 10%" within 1.5 0.10 stop_h_median $T/learn.json
check "... actual over standard time 1.1, pauses left out, within 10%" within 1.1 0.10 ratio_mean $T/learn.json
check "... 3% scrap, within a third" within 0.03 0.34 scrap_mean $T/learn.json
check "... and says how many samples each figure has" grep -q '"between_stops_h_n":[0-9][0-9][0-9]' $T/learn.json
check "... drawn as they are when there are enough" grep -q '"stop_h_form":"empirical"' $T/learn.json
expect_rc "twin learn as text fits 80 columns" 0 $T/learn.txt as_bench twin learn --operations
check "... every line" sh -c "! awk 'length > 80' $T/learn.txt | grep -q ."
check "... each routing operation from its own history" has $T/learn.txt "80 from their own history"
# Two completed operations of P-01/10 left: too few of its own.
sqlite3 "$G" "DELETE FROM op_events WHERE wo_op_id IN (SELECT id FROM wo_ops WHERE routing_op_id = 11 AND id NOT IN (SELECT id FROM wo_ops WHERE routing_op_id = 11 LIMIT 2)); DELETE FROM wo_ops WHERE routing_op_id = 11 AND id NOT IN (SELECT id FROM wo_ops WHERE routing_op_id = 11 LIMIT 2)"
as_bench twin learn --operations --json > $T/ops.json
check "an operation with 2 samples takes its work center's figures" grep -q '"item":"P-01","seq":10,.*"ratio_basis":"work center","ratio_n":2' $T/ops.json
check "... the others keep their own" grep -q '"item":"P-01","seq":20,.*"ratio_basis":"own","ratio_n":30' $T/ops.json

# The demo plant: next to no history.
echo 0000 | "$MESCTL" init --admin setup >/dev/null
expect_rc "simulate on a plant without orders" 0 $T/o as_setup simulate
check "... says there is nothing to simulate, and keeps nothing" sh -c "grep -q 'nothing to simulate' $T/o && [ \$(sqlite3 $T/plant.db 'SELECT count(*) FROM twin_sims') -eq 0 ]"
as_setup demo-seed >/dev/null
expect_rc "twin learn on a plant without history" 0 $T/o as_setup twin learn --json
check "... says so: no stops to learn from, none simulated" grep -q '"code":"CNC-01".*"between_stops_h_form":"none","between_stops_h_basis":"plan","between_stops_h_n":0' $T/o
expect_rc "simulate before any schedule" 0 $T/o as_luis simulate --no-store
check "... says the operations have no plan" has $T/o "have no plan and queue last: run mesctl schedule"

# The plan replayed with nothing varying is the plan.  Both in one
# minute: the plan's now and the simulation's are the same minute.
while [ "$(date +%S)" -gt 45 ]; do sleep 1; done
as_setup schedule --iterations 50 >/dev/null
expect_rc "simulate --fixed replays the plan" 0 $T/fixed.json as_luis simulate --fixed --no-store --json
sqlite3 "$T/plant.db" "SELECT w.wo_no || ' ' || substr(max(o.plan_end), 1, 16) || 'Z' FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.status IN ('released','running') AND o.status != 'complete' GROUP BY w.id ORDER BY 1" > $T/plan.txt
python3 -c "
import json
for l in open('$T/fixed.json'):
    r = json.loads(l)
    if r['kind'] == 'order': print(r['order'], r['p50'])" | sort > $T/replay.txt
check "... every order ends where the plan ends it" cmp -s $T/plan.txt $T/replay.txt
[ -s $T/plan.txt ] && cmp -s $T/plan.txt $T/replay.txt || { sed 's/^/#   plan   /' $T/plan.txt; sed 's/^/#   replay /' $T/replay.txt; }
# Late as the plan has it: its last operation ends after the due day (a
# plan made on a Friday evening makes an order due on Sunday late).
late=$(sqlite3 "$T/plant.db" "SELECT count(*) FROM (SELECT w.due_date AS due, max(o.plan_end) AS e FROM work_orders w JOIN wo_ops o ON o.wo_id = w.id WHERE w.status IN ('released','running') AND o.status != 'complete' GROUP BY w.id) WHERE e >= date(due, '+1 day')")
check "... and counts the orders the plan makes late ($late)" grep -q "\"late_expected\":$late," $T/fixed.json

expect_rc "simulate keeps its figures for a lead" 0 $T/o as_luis simulate --runs 200
check "... saying where" has $T/o "kept as simulation 1: the board shows"
check "... one row per order" test "$(sqlite3 $T/plant.db 'SELECT count(*) FROM twin_orders WHERE sim_id = 1')" -eq "$(sqlite3 $T/plant.db "SELECT count(*) FROM work_orders WHERE status IN ('released','running')")"
check "... audited" test "$(sqlite3 $T/plant.db "SELECT count(*) FROM audit WHERE action = 'twin.simulate'")" -eq 1
expect_rc "an operator may not keep a simulation" 1 $T/o as_olga simulate --runs 10
check "... told which roles may" has $T/o "lead"
check "... and nothing is kept" test "$(sqlite3 $T/plant.db 'SELECT count(*) FROM twin_sims')" -eq 1
expect_rc "an operator may run one without keeping it" 0 $T/o as_olga simulate --runs 10 --no-store
check "... which says nothing about keeping" sh -c "! grep -q 'kept as' $T/o"
expect_rc "--until in the past is refused" 1 $T/o as_luis simulate --until 2020-01-01T00:00
check "... saying why" has $T/o "not in the future"
expect_rc "--until that is no time is refused" 1 $T/o as_luis simulate --until tomorrow
check "... saying what a time looks like" has $T/o "YYYY-MM-DDTHH:MM"
expect_rc "--runs 0 is a usage error" 2 $T/o as_luis simulate --runs 0
expect_rc "--csv and --json together are a usage error" 2 $T/o as_luis simulate --csv --json

# A plant that varies: the same seed, the same figures; another seed, others.
as_bench schedule --iterations 200 >/dev/null
as_bench simulate --runs 300 --seed 5 --no-store --json | sed 's/"ms":[0-9.e-]*//' > $T/s5a
as_bench simulate --runs 300 --seed 5 --no-store --json | sed 's/"ms":[0-9.e-]*//' > $T/s5b
as_bench simulate --runs 300 --seed 6 --no-store --json | sed 's/"ms":[0-9.e-]*//' > $T/s6
check "the same seed gives the same figures" cmp -s $T/s5a $T/s5b
check "another seed gives others" sh -c "! cmp -s $T/s5a $T/s6"
check "the history makes some orders less than certain" grep -q '"on_time":0\.[0-9]' $T/s5a
expect_rc "simulate --csv" 0 $T/o as_bench simulate --runs 100 --no-store --csv
check "... a header and one line per order" sh -c "head -1 $T/o | grep -q '^order,due,on_time,p50,p90,mean_tardiness_h$' && [ \$(wc -l < $T/o) -eq 41 ]"
expect_rc "simulate --svg writes the chart" 0 $T/o as_bench simulate --runs 100 --svg $T/risk.svg --top 10
check "... well-formed SVG with the orders named" sh -c "xmllint --noout $T/risk.svg && grep -q 'WO-00' $T/risk.svg && [ \$(grep -c '<rect x=' $T/risk.svg) -ge 10 ]"
expect_rc "report risk after a kept simulation" 0 $T/o as_bench report risk
check "... lists the orders at risk, least likely first" sh -c "sed -n 2p $T/o | grep -q '^WO-'"

# The board: the newest simulation's chance beside each operation.
tm_start a vt100 "MES_CONFIG=$MES_CONFIG $B/mes-dispatch --shared"
wait_for a "Scan your badge" >/dev/null
keys a "100003" Enter
wait_for a "PIN" >/dev/null
keys a "2222" Enter
check "the lead's board opens (vt100)" wait_for a "Luis"
keys a "WO-1003/10" Enter
check "a queue has the on-time column" wait_for a "OT%"
row_has() { screen a | grep -- "$1" | grep -q -- "$2"; }
check "... with the kept simulation's chance" row_has WO-1003 " 100 "
sqlite3 "$T/plant.db" "INSERT INTO twin_sims (ts, runs, seed, origin_ts, orders, mean_on_time, late_expected) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ'), 100, 1, strftime('%Y-%m-%dT%H:%M:%fZ'), 1, 0.42, 0.58); INSERT INTO twin_orders (sim_id, wo_id, on_time) SELECT max(s.id), w.id, 0.42 FROM twin_sims s, work_orders w WHERE w.wo_no = 'WO-1003'"
check "another process's simulation shows within a poll" wait_for a "2026-..-.. *42 " 5
keys a Enter
check "the details say it in words" wait_for a "42% in the newest simulation"
tm_quit a
