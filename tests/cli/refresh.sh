#!/bin/sh
# Screens refresh from the change journal: another process's change shows
# within a poll, the latest of two quick changes wins, a row that leaves
# the queue goes, a journal pruned behind a screen's back still shows the
# next change (the screen reads everything), and an idle screen writes
# nothing; the Gantt and the load screen show another process's change
# in the lane or line it touched.  Under TERM=vt100 and xterm-256color,
# 80x24.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; [ -n "$KEEP" ] || rm -rf "$T"' EXIT
q() { sqlite3 -cmd ".timeout 5000" "$T/plant.db" "$1"; }
lead() { MES_PIN=2222 "$MESCTL" --user luis "$@" >/dev/null; }
echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null
# The board's line of one work center, and the order next on it.
line() { screen "$1" | grep "^$2 "; }
for term in vt100 xterm-256color; do
	s=b$term
	tm_start $s $term "env MES_CONFIG=$MES_CONFIG $B/mes-dispatch --shared"
	wait_for $s "Scan your badge" 10 >/dev/null
	keys $s "100002" Enter; wait_for $s "PIN" >/dev/null
	keys $s "1111" Enter; wait_for $s "work centers," >/dev/null
	wc=$(screen $s | grep -E '^[A-Z0-9-]+ .* (idle|waiting) ' | head -n 1 | awk '{print $1}')
	wo=$(line $s "$wc" | grep -o 'WO-[0-9A-Z-]*' | head -n 1)
	check "$term: the board shows a work center with work next ($wc: $wo)" test -n "$wo"
	lead order hold "$wo" --reason "no material"
	check "$term: another process's hold of $wo shows on $wc's line" \
		wait_for $s "^$wc .*blocked" 3
	lead order unhold "$wo"
	lead order hold "$wo" --reason again
	lead order unhold "$wo"
	sleep 1.2
	check "$term: of three quick changes the last shows (not blocked)" \
		sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q '^$wc .*blocked'"
	# A journal that no longer reaches back to what the screen saw.
	q "DELETE FROM changes"
	lead order hold "$wo" --reason pruned
	check "$term: after the journal was emptied the next change still shows" \
		wait_for $s "^$wc .*blocked" 3
	lead order unhold "$wo"
	wait_for $s "^$wc .*\(idle\|waiting\)" 3 >/dev/null
	tm pipe-pane -o -t $s "cat >> $T/idle-$term.out"
	sleep 4
	tm pipe-pane -t $s
	check "$term: an idle board writes nothing in 4 s" test ! -s "$T/idle-$term.out"
	tm kill-session -t $s 2>/dev/null
done

# The queue: an operation that leaves it (completed elsewhere) goes, and
# one whose quantity changes shows the new figure.
s=queue
tm_start $s xterm-256color "env MES_CONFIG=$MES_CONFIG $B/mes-dispatch --shared"
wait_for $s "Scan your badge" 10 >/dev/null
keys $s "100002" Enter; wait_for $s "PIN" >/dev/null
keys $s "1111" Enter; wait_for $s "work centers," >/dev/null
keys $s Enter
wait_for $s "queue" >/dev/null
wc=$(screen $s | grep -o '^[A-Z0-9-]*: [0-9]* operation' | cut -d: -f1)
row=$(screen $s | grep -oE '^ *WO-[0-9A-Z-]+ +[0-9]+ ' | head -n 1)
wo=$(echo $row | awk '{print $1}'); seq=$(echo $row | awk '{print $2}')
check "queue: $wc's queue shows an operation ($wo/$seq)" test -n "$seq"
q "UPDATE wo_ops SET status = 'complete' WHERE seq = ${seq:-0} AND wo_id = (SELECT id FROM work_orders WHERE wo_no = '$wo')"
check "queue: the operation completed by another process leaves the queue" \
	sh -c "i=0; while tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -qE '^ *$wo +$seq '; do i=\$((i+1)); [ \$i -gt 60 ] && exit 1; sleep 0.05; done"
check "queue: ... and the queue of $wc is still on the screen" \
	wait_for $s "^$wc: .* operation" 1

# The Gantt: a bar whose operation is completed elsewhere leaves its lane,
# and the other lanes stay drawn.
done_op() { q "UPDATE wo_ops SET status = 'complete' WHERE seq = $2 AND wo_id = (SELECT id FROM work_orders WHERE wo_no = '$1')"; }
keys $s Escape; wait_for $s "work centers," >/dev/null
keys $s g; wait_for $s "earlier/later" >/dev/null
lane=$(screen $s | grep -E '^[A-Z]+-[0-9]+ +.*WO-[0-9]+/[0-9]+' | head -n 1)
lwc=$(echo "$lane" | awk '{print $1}')
bar=$(echo "$lane" | grep -oE 'WO-[0-9]+/[0-9]+' | head -n 1)
others=$(screen $s | grep -cE '^[A-Z]+-[0-9]+ ')
check "gantt: $lwc's lane shows $bar" test -n "$bar"
done_op "${bar%/*}" "${bar#*/}"
check "gantt: the operation completed by another process leaves $lwc's lane" \
	wait_until 3 sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -E '^$lwc ' | grep -q '$bar'"
check "gantt: ... and all $others lanes are still drawn" \
	test "$(screen $s | grep -cE '^[A-Z]+-[0-9]+ ')" = "$others"

# The load screen: a work center's queued hours follow an operation
# completed elsewhere; the operators' lines stay.
keys $s Escape; wait_for $s "work centers," >/dev/null
keys $s l; wait_for $s "QUEUED/WORKING" >/dev/null
hours() { screen $s | grep "^$1 " | awk '{print $2}'; }
lwc=$(screen $s | grep -E '^[A-Z0-9-]+ +[0-9]+\.[0-9]/' | awk '$2 + 0 > 0 {print $1; exit}')
before=$(hours "$lwc")
op=$(q "SELECT w.wo_no || ' ' || o.seq FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id JOIN work_centers c ON c.id = o.wc_id WHERE c.code = '$lwc' AND o.status <> 'complete' AND w.status IN ('released','running','held') AND o.setup_min + o.run_min > 0 LIMIT 1")
check "load: $lwc has queued hours ($before) and an operation ($op)" test -n "$op"
done_op $op
check "load: the operation completed by another process lowers $lwc's hours" \
	wait_until 3 sh -c "[ \"\$(tmux -L $TMUX_SOCK capture-pane -p -t $s | grep '^$lwc ' | awk '{print \$2}')\" != '$before' ]"
check "load: ... and the operators' lines are still there" \
	wait_for $s "^OPERATOR" 1
exit 0
