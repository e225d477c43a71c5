#!/bin/sh
# At 80 columns the floor's columns come first: the board keeps the good
# and ordered quantity and who is on an operation (the work center's long
# name gives way, and comes back on a wider terminal), an andon call's
# note shows in full, a PM plan's name is whole, mes-scan's bar labels are
# whole words with a space before the next key, and a received lot's line
# shows its supplier lot.  The Gantt names the day at the left of its axis
# without running into the first tick, ticks at round times, draws the now
# line under labels, scrolls to the operation ] picks, and has a legend.
# Each program's help is its own.  Screen text, under TERM=vt100 and
# xterm-256color at 80x24.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT

echo 0000 | "$MESCTL" init --admin setup >/dev/null
A() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
A demo-seed >/dev/null
A schedule --time-limit 1 >/dev/null
echo 7777 | A asset demo-seed >/dev/null
A item gs1 STEEL-40 --gtin 09521234543213 --needs-expiry --min-shelf-days 30 >/dev/null
printf 'po_no,line,supplier,item,gtin,qty,tolerance_pct\nPO-500,1,Acme Steel,STEEL-40,09521234543213,100,5\n' > $T/r.csv
MES_PIN=5555 "$MESCTL" --user remy import receipts $T/r.csv >/dev/null
# A second operator on the running operation at CNC-01.  (The demo's
# call at SAW-01 has a note longer than its column at 80.)
MES_PIN=2222 "$MESCTL" --user luis labor on WO-1001 20 >/dev/null
row() { screen "$1" | grep -- "$2"; }

login() {
	tm_start $1 $2 "MES_CONFIG=$MES_CONFIG $B/$3"
	wait_for $1 "Scan your badge" >/dev/null
	keys $1 "$4" Enter; keys $1 "$5" Enter
}

for term in vt100 xterm-256color; do
	s=b$term
	login $s $term mes-dispatch 100003 2222
	wait_for $s "Luis Moreno" >/dev/null
	check "$term: the board shows CNC-01's good of ordered and both operators" \
		sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | grep '^CNC-01 ' | grep -q '/200 olga,luis'"
	check "... where the work center's long name gave way" \
		sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q 'Haas'"
	check "... one andon call, not '1 andon calls'" \
		wait_for $s "1 andon call\."
	tm resize-window -t $s -x 120
	check "$term: at 120 columns the name is back" wait_for $s "CNC mill Haas"
	tm resize-window -t $s -x 80
	wait_for $s "WORK CENTER STATE" >/dev/null

	keys $s a
	check "$term: the andon list's note column is cut at 80" \
		wait_for $s "Flat bar 40x5 running *$"
	check "... and the selected call's note shows in full" \
		wait_for $s "Note: Flat bar 40x5 running low"
	keys $s Escape

	keys $s g
	wait_for $s "mes-dispatch: Gantt" >/dev/null
	axis=$(screen $s | sed -n 2p)
	check "$term: the Gantt axis starts with the day, then a space" \
		sh -c "echo '$axis' | grep -Eq '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [0-9]{2} [A-Z][a-z]{2} '"
	check "... and its ticks are whole hours" \
		sh -c "echo '$axis' | cut -c12- | grep -Eo '[0-9]{2}:[0-9]{2}' | grep -vq ':00' && exit 1 || echo '$axis' | grep -Eq '[0-9]{2}:00'"
	check "... a legend for its marks beside the pick" \
		sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q '\[ \] pick' && tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q '# = bars  ! late'"
	check "... no tick's time cut at the right edge" \
		sh -c "echo '$axis' | grep -Eq '([0-9]{2}:[0-9]{2}|[A-Z][a-z]{2} [0-9]{2}) *$'"
	check "... CNC-01's running bar keeps its label over the now line" \
		sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | grep '^CNC-01 ' | grep -q 'WO-1001/20'"
	# The 8-hour window, CNC-01: ] picks its next operation, hours
	# after the window; the chart scrolls to it.  Which one it is
	# depends on the day the plan was made (a Friday evening's goes to
	# Monday, on another machine): the plan says.
	next=$(sqlite3 "$T/plant.db" "SELECT w.wo_no || '/' || o.seq FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id JOIN work_centers c ON c.id = ifnull(o.plan_wc_id, o.wc_id) WHERE c.code = 'CNC-01' AND o.status != 'running' AND o.plan_start IS NOT NULL ORDER BY o.plan_start LIMIT 1")
	keys $s +; keys $s Down
	wait_for $s "shift (8 h) +0h" >/dev/null
	keys $s "]"
	check "$term: ] picks CNC-01's next operation ($next)" wait_for $s "^$next  *\[ \] pick"
	check "... the window moved to it" \
		sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q 'shift (8 h) +0h'"
	check "... and its bar is drawn with its label" \
		sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | grep '^CNC-01 ' | grep -q '$next'"
	keys $s Escape
	tm_quit $s

	s=s$term
	login $s $term mes-scan 100006 5555
	wait_for $s "Rémy Faure\|R.my Faure" >/dev/null
	check "$term: mes-scan's bar says Receive and Put away in whole words" \
		sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | tail -n 1 | grep -q 'F2Receive  *F3Put away  *F4Issue'"
	check "... no label runs into the next key" \
		sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t $s | tail -n 1 | grep -q '[a-z]F[0-9]'"
	keys $s -l "(01)09521234543213(17)$(date -d '+1 year' +%y%m%d)(10)HEAT-2026-00011779(30)40"
	keys $s Enter
	check "$term: the received lot's line shows its whole supplier lot" \
		wait_for $s "L000000[12] *STEEL-40 *40 m *HEAT-2026-00011779 "
	keys $s "?"
	check "$term: mes-scan's help is its own: Receive, not Start" \
		sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q 'F2   s   Receive' && ! tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q 'Start\|KEY_'"
	keys $s Escape
	tm_quit $s

	s=m$term
	login $s $term mes-maint 100005 4444
	wait_for $s "Mai Tanaka" >/dev/null
	check "$term: a technician's hint does not offer the reschedule" \
		sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q 'a alerts' && ! tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q 'reschedule'"
	keys $s c
	check "$term: the PM list shows the plan's whole name" \
		wait_for $s "M-CNC-01 .*Lubrication and inspection"
	keys $s Escape
	tm_quit $s
done
