#!/bin/sh
# mes-dispatch in real terminals (tmux): log in, start, report, see it on
# a second terminal, resize, stay quiet when idle.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
DISPATCH=$B/mes-dispatch

echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null
printf 'wo_no,item,qty,release_date,due_date,priority\nWO-T1,BRKT-100,50,%s,%s,1\n' \
	"$(date -u +%F)" "$(date -u -d '+3 days' +%F)" > $T/orders.csv
check "a test order is imported" env MES_PIN=0000 "$MESCTL" --user setup import orders $T/orders.csv
check "and released" env MES_PIN=0000 "$MESCTL" --user setup order release WO-T1
check "the plant is scheduled" env MES_PIN=0000 "$MESCTL" --user setup schedule --iterations 50

tm_start a vt100 "MES_CONFIG=$MES_CONFIG $DISPATCH --shared"
check "a shared terminal starts locked (vt100)" wait_for a "Scan your badge"
keys a "100002" Enter
check "a badge scan asks for the PIN" wait_for a "PIN"
keys a "1111" Enter
check "badge + PIN opens the board" wait_for a "Olga Brandt"
check "the board lists the work centers" wait_for a "SAW-01"

keys a "WO-T1/10" Enter
check "a scanned traveler opens its queue" wait_for a "WO-T1"
keys a "s"
check "start: the operation runs" wait_for a "started"
check "... shown as running" wait_for a "running"
keys a "c"
check "complete asks first" wait_for a "Complete WO-T1/10"
keys a "n"
keys a "r"
check "report opens a form" wait_for a "Report WO-T1/10"
keys a "5x" Tab "1" Tab " " Enter
check "report 5 good, 1 scrap with a reason" wait_for a "5 good, 1 scrap reported"
check "the queue shows 5 of 50" wait_for a "5/50"

tm_start b xterm-256color "MES_CONFIG=$MES_CONFIG $DISPATCH --shared"
wait_for b "Scan your badge" >/dev/null
keys b "100003" Enter; keys b "2222" Enter
check "a second terminal logs in (xterm-256color)" wait_for b "Luis Moreno"
keys b "WO-T1/10" Enter
check "it sees the reported quantity" wait_for b "5/50"
keys a "r"; keys a "7" Enter
t0=$(date +%s%N)
check "a change on one terminal shows on the other within 2 s" wait_for b "12/50" 2
t1=$(date +%s%N)
echo "# seen after $(( (t1 - t0) / 1000000 )) ms"

tm pipe-pane -o -t b "cat >> $T/idle.out"
sleep 3
tm pipe-pane -t b
check "an idle board writes nothing in 3 s" test ! -s $T/idle.out

# A second operator joins a running operation, and either clocks off
# while it runs on.
opstatus() { sqlite3 -cmd ".timeout 5000" $T/plant.db "SELECT o.status FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.wo_no = 'WO-T1' AND o.seq = 10"; }
keys b "s"
check "xterm-256color: Start on the running operation clocks luis on beside olga" \
	wait_for b "clocked on with the others"
check "... both are clocked on in the database" test "$(spells WO-T1 10)" = "luis,olga"
keys b "s"
check "... a second Start is refused: luis is on it already" \
	wait_for b "clocked on WO-T1/10 already"
check "... and adds no spell" test "$(spells WO-T1 10)" = "luis,olga"
keys a "o"
check "vt100: o clocks olga off" wait_for a "you are clocked off"
check "... the operation runs on with luis alone" \
	test "$(spells WO-T1 10)/$(opstatus)" = luis/running
keys a "o"
check "... a second o is refused: olga is not clocked on" \
	wait_for a "olga is not clocked on WO-T1/10"
keys a "s"
check "... and Start clocks her on again" wait_for a "clocked on with the others"
check "... both on it again" test "$(spells WO-T1 10)" = "luis,olga"

tm resize-window -t a -x 60 -y 20 2>/dev/null || tm resize-pane -t a -x 60 -y 20
check "60x20 shows 'terminal too small'" wait_for a "Terminal too small"
tm resize-window -t a -x 80 -y 24 2>/dev/null || tm resize-pane -t a -x 80 -y 24
check "back at 80x24 the queue returns" wait_for a "WO-T1"

keys b Escape; keys b "g"
check "the Gantt chart shows the plan" wait_for b "earlier/later"
keys b "."
check "a lead moves an operation later; it is pinned" wait_for b "moved and pinned"
keys a Escape; keys a "g"; keys a "."
check "an operator may not move it" wait_for a "needs the role"
keys a Escape; keys a "WO-T1/10" Enter

keys a "a"; keys a " " Tab "coolant low"; keys a Enter
check "an operator raises an andon call from the queue" wait_for a "call [0-9]* raised at SAW-01"
keys b Escape; keys b Escape; keys b "a"
check "another terminal lists it" wait_for b "coolant low"
keys b "s"
check "a lead takes the call" wait_for b "taken"
keys b "c"; keys b "fixed"; keys b Enter
check "and closes it" wait_for b "closed"
keys b Escape; keys b "l"
check "load shows work centers and operators" wait_for b "OPERATOR"
check "... olga is clocked on at SAW-01" sh -c "tmux -L $TMUX_SOCK capture-pane -p -t b | grep -q 'olga .*h'"
keys b Escape

keys a "?"
check "the queue's help shows its table's line for F4" \
	wait_for a "F4   r   Report report good and scrap (scrap needs a reason)"
check "... and the board's F-keys only where they are on the bar" \
	sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t a | grep -q 'F9   l'"
keys a Escape
tm_quit a
check "q quits cleanly" wait_for a "EXITED=0"

for term in vt220 linux; do
	tm_start "t$term" "$term" "MES_CONFIG=$MES_CONFIG $DISPATCH --shared"
	wait_for "t$term" "Scan your badge" >/dev/null
	keys "t$term" "100004" Enter; keys "t$term" "3333" Enter
	check "TERM=$term: log in and see the board" wait_for "t$term" "PAINT-01"
	keys "t$term" "l"
	check "TERM=$term: the load screen draws" wait_for "t$term" "QUEUED/WORKING"
	tm_quit "t$term"
	check "TERM=$term: quits cleanly" wait_for "t$term" "EXITED=0"
done

# A shared terminal left alone locks; the next person must badge in.
sed 's/^\[auth\]$/[auth]\nidle_lock_seconds = 2/' "$MES_CONFIG" > $T/idle.ini
tm_start idle vt100 "MES_CONFIG=$T/idle.ini $DISPATCH --shared"
wait_for idle "Scan your badge" >/dev/null
keys idle "100002" Enter; keys idle "1111" Enter
check "an idle-lock terminal opens for olga" wait_for idle "Olga Brandt"
check "... and locks itself after 2 s alone" wait_for idle "locked after 2 s" 6
check "... back at the badge screen" wait_for idle "Scan your badge"
