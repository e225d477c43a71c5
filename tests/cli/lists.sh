#!/bin/sh
# A list keeps its selection by record, not by row number: another
# terminal opens an order while a technician has one highlighted, the list
# grows at the top, and the key the technician presses acts on the order
# that was highlighted (under TERM=vt100 and xterm-256color, 80x24).
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; [ -n "$KEEP" ] || rm -rf "$T"' EXIT
q() { sqlite3 -cmd ".timeout 5000" "$T/plant.db" "$1"; }
echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null
echo 7777 | MES_PIN=0000 "$MESCTL" --user setup asset demo-seed >/dev/null
order() {
	q "INSERT INTO maint_orders (mo_no, asset_id, kind, description, created) SELECT '$1', id, 'corrective', 'order $1', '2026-12-01T08:00:00.000Z' FROM assets WHERE code = 'M-CNC-01'"
}
k=0
for term in vt100 xterm-256color; do
	k=$((k + 1))
	q "DELETE FROM maint_orders"
	for i in 1 2 3; do order "MO-$k-00$i"; done
	tm_start m$k $term "env MES_CONFIG=$MES_CONFIG $B/mes-maint --shared"
	wait_for m$k "terminal is locked" 10 >/dev/null
	keys m$k "100005" Enter; wait_for m$k "PIN" >/dev/null
	keys m$k "4444" Enter; wait_for m$k "Mai Tanaka" >/dev/null
	keys m$k "p"
	check "$term: the orders list shows the three orders, newest first" wait_for m$k "MO-$k-001"
	keys m$k "j" "j"
	sleep 0.5
	# The new order, then a change through mes (the screens look for
	# commits through the audit trail, as every other terminal's are).
	order "MO-$k-004"
	MES_PIN=4444 "$MESCTL" --user mai maint request M-CNC-01 "noise" >/dev/null
	check "$term: another terminal's new order appears at the top" wait_for m$k "MO-$k-004"
	keys m$k "s"
	check "$term: s starts the order that was highlighted" wait_for m$k "MO-$k-001 started"
	check "... in the database, and no other" test "$(q "SELECT group_concat(mo_no) FROM maint_orders WHERE status = 'in-progress'")" = "MO-$k-001"
	tm kill-session -t m$k 2>/dev/null
done

# A traveler that jumps to the last operation of a work center's queue
# shows the whole queue, not only that one row.
MES_PIN=0000 "$MESCTL" --user setup schedule --iterations 50 >/dev/null
last=$(q "SELECT w.wo_no || '/' || o.seq FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE o.status NOT IN ('complete') AND o.wc_id = (SELECT wc_id FROM wo_ops WHERE status NOT IN ('complete') GROUP BY wc_id ORDER BY count(*) DESC LIMIT 1) ORDER BY o.plan_start DESC LIMIT 1")
rows() { screen "$1" | grep -cE '^WO-[0-9A-Z-]+ +[0-9]+ '; }
for term in vt100 xterm-256color; do
	tm_start d$term $term "env MES_CONFIG=$MES_CONFIG $B/mes-dispatch --shared"
	wait_for d$term "Scan your badge" 10 >/dev/null
	keys d$term "100002" Enter; wait_for d$term "PIN" >/dev/null
	keys d$term "1111" Enter; wait_for d$term "Olga Brandt" >/dev/null
	keys d$term "$last" Enter
	wait_for d$term "queue" >/dev/null
	sleep 0.5
	check "$term: a traveler for the queue's last operation ($last) shows the operations before it too" \
		test "$(rows d$term)" -ge 2
done
