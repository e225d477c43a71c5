#!/bin/sh
# valgrind memcheck: mesctl commands; in the full form (REL_FULL=1) also a
# scripted session of each terminal program driven through tmux
# (mes-dispatch, mes-scan, mes-quality, mes-maint), mes-plcsim serving
# and mes-collect reading it, --once and as the daemon.  Passes with no
# invalid read or write, no use of uninitialised values and no definite
# leak ("still reachable" from ncurses' own tables is not a leak).
. tests/cli/lib.inc
. tests/cli/tmux.inc
SPID=""; CPID=""
trap 'tm_cleanup; for p in $SPID $CPID; do kill -9 $p 2>/dev/null; done; rm -rf "$T"' EXIT
if ! command -v valgrind >/dev/null; then
	echo "skip - valgrind: valgrind is not installed (make deps installs it)"; exit 0
fi
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 --track-origins=yes"
# clean LOG: LOG was written (a program that never ran proves nothing)
# and holds no memcheck error and no definite leak
clean() {
	[ -f "$1" ] && ! grep -q "Invalid \|uninitialised\|definitely lost: [1-9]\|ERROR SUMMARY: [1-9]\|are definitely lost" "$1"
}
# vg_ok NAME LOG: the ok/not ok line for one program's log
vg_ok() {
	if clean "$2"; then ok "valgrind: $1: no invalid reads or writes, no definite leaks"
	else nok "valgrind: $1"; head -n 60 "$2" 2>&1 | sed 's/^/#   /'; fi
}
vg() { # NAME ARGS...: one mesctl command under valgrind
	n=$1; shift
	$VG --log-file=$T/vg-$n.log "$MESCTL" "$@" >$T/out-$n 2>&1; st=$?
	if [ $st -ne 99 ] && clean $T/vg-$n.log; then ok "valgrind: mesctl $* (exit $st)"
	else nok "valgrind: mesctl $*"; head -n 40 $T/vg-$n.log 2>&1 | sed 's/^/#   /'; fi
}
FULL=${REL_FULL:-0}
if [ "$FULL" = 1 ]; then
	echo 0000 | $VG --log-file=$T/vg-init.log "$MESCTL" init --admin setup >/dev/null 2>&1
	check "valgrind: mesctl init" clean $T/vg-init.log
	MES_PIN=0000 $VG --log-file=$T/vg-seed.log "$MESCTL" --user setup demo-seed >/dev/null 2>&1
	check "valgrind: mesctl demo-seed" clean $T/vg-seed.log
else
	echo 0000 | "$MESCTL" init --admin setup >/dev/null 2>&1
	MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null 2>&1
fi
export MES_PIN=0000
vg status status
vg verify audit verify
vg hold --user setup order hold WO-1003 --reason valgrind
vg unhold --user setup order unhold WO-1003 --reason valgrind
if [ "$FULL" = 1 ]; then
	vg anchor audit anchor
	"$MESCTL" audit anchor > $T/anchor
	vg verify-anchor audit verify --anchor $T/anchor
	vg users --user setup user list
	vg show --user setup audit show --since 2026
	vg sched --user setup schedule --iterations 20
	vg unavail --user setup unavailable CNC-01 --from 2027-01-01T00:00 --note valgrind
	vg gs1 gs1 "(01)09521234543213(10)ABC(17)251231"
	vg export --user setup export results --since 2026
	vg backup --user setup backup $T/backup.db
fi
unset MES_PIN

# ---- the terminal programs, scripted (make check-reliability) -----------------
[ "$FULL" = 1 ] || exit 0
# session NAME TERM: mes-NAME under valgrind in tmux window NAME; once it
# shows its locked screen, play_NAME types the session, quitting at the
# end.  It ran to its end when every step play_NAME waited for came and
# the program then exited 0; its valgrind log must be clean.  Everything
# is slow under valgrind: each step waits up to 20 s for its screen.
session() {
	n=$1; log=$T/vg-$n.log; played=1
	tm_start "$n" "$2" "MES_CONFIG=$MES_CONFIG $VG --log-file=$log $B/mes-$n --shared"
	if w "Scan your badge" 30 && play_$n; then played=0; fi
	wait_for "$n" "EXITED=" 30 >/dev/null
	screen "$n" > $T/scr-$n 2>/dev/null
	tm kill-session -t "$n" 2>/dev/null
	if [ $played = 0 ] && grep -q "EXITED=0" $T/scr-$n; then
		ok "valgrind: a scripted mes-$n session ran to its end"
	else nok "valgrind: a scripted mes-$n session ran to its end"; sed 's/^/#   |/' $T/scr-$n; fi
	vg_ok "mes-$n" "$log"
}
# w TEXT [SECONDS]: until the session's screen shows TEXT, else says which
# step it was (session shows the screen)
w() { wait_for "$n" "$1" "${2:-20}" > $T/wf || { head -n 1 $T/wf; return 1; }; }
A() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }

# ---- mes-dispatch: the lead on an operation, reporting, the views
play_dispatch() {
	keys $n "100003" Enter; keys $n "2222" Enter
	w "Luis Moreno" || return 1
	keys $n "WO-1003/10" Enter; sleep 1
	keys $n "s"; sleep 1.5
	keys $n "r"; sleep 1; keys $n "3" Enter; sleep 1.5
	keys $n "p"; sleep 1; keys $n Enter; sleep 1.5
	keys $n Escape; sleep 0.5
	keys $n "a"; sleep 1; keys $n Escape; sleep 0.5
	keys $n "g"; sleep 1.5; keys $n Escape; sleep 0.5
	keys $n "?"; sleep 1; keys $n Escape; sleep 0.5
	tm resize-window -t $n -x 100 -y 30 2>/dev/null; sleep 1
	keys $n "q"
}
session dispatch xterm

# ---- mes-scan: receiving by a wedge burst, a refusal, trace, put-away,
# a station locked and an operator issuing to an operation
FAR=$(date -u -d '+400 days' +%y%m%d)
A item gs1 STEEL-40 --gtin 09521234543213 --needs-expiry --min-shelf-days 30 >/dev/null
A item gs1 ALU-BLK --gtin 9521234543220 --inspect >/dev/null
A location add A-01 "Rack A 01" >/dev/null
cat > $T/r.csv <<EOF
po_no,line,supplier,item,gtin,qty,tolerance_pct
PO-500,1,Acme Steel,STEEL-40,09521234543213,100,5
PO-500,2,Alu AG,ALU-BLK,09521234543220,20,0
EOF
A import receipts $T/r.csv >/dev/null
LOT=$(A receive "(01)09521234543213(17)$FAR(10)HEAT-77(30)30" | sed -n 's/^received \(L[0-9]*\):.*/\1/p')
printf 'wo_no,item,qty,release_date,due_date\nWO-T1,BRKT-100,50,%s,%s\n' "$(date -u +%F)" "$(date -u -d '+3 days' +%F)" > $T/orders.csv
A import orders $T/orders.csv >/dev/null && A order release WO-T1 >/dev/null
hex() { printf '%s' "$1" | od -An -tx1; }
play_scan() {
	keys $n "100006" Enter; keys $n "5555" Enter
	w "ALU-BLK" || return 1
	tm send-keys -t $n -H $(hex "]C10109521234543220") $(hex "10ALU-7") 1d $(hex "305") 0d
	w "received L[0-9]*: 5 kg ALU-BLK into QUAR" || return 1
	keys $n "(01)04000000000013(10)X(30)1" Enter
	w "unknown GTIN" || return 1
	keys $n F5; keys $n "$LOT" Enter
	w "HEAT-77" || return 1
	keys $n F3; keys $n "$LOT" Enter
	w "Scan the location" || return 1
	keys $n "A-01" Enter
	w "moved $LOT" || return 1
	keys $n x
	w "Scan your badge" || return 1
	keys $n "100002" Enter; keys $n "1111" Enter
	w "Olga Brandt" || return 1
	keys $n F4; keys $n "WO-T1/10" Enter
	w "Operation WO-T1/10" || return 1
	keys $n "$LOT" Enter
	w "issued $LOT STEEL-40" || return 1
	keys $n q
}
session scan xterm

# ---- mes-quality: a subgroup with a value out of specification and its
# comment, then a characteristic's chart and histogram
Q() { MES_PIN=3333 "$MESCTL" --user quinn "$@"; }
Q quality plan MILL --item BRKT-100 --op 20 --frequency every:50 >/dev/null
Q quality char MILL/DIA --name "Hole diameter" --lsl 9.9 --usl 10.1 \
	--nominal 10 --unit mm --decimals 2 --subgroup 3 --rules we >/dev/null
play_quality() {
	keys $n "100002" Enter
	w "PIN" || return 1
	keys $n "1111" Enter
	w "WO-1001/20" || return 1
	keys $n Enter
	w "MILL: WO-1001/20" || return 1
	keys $n "10.01" Tab "10.25"
	w "OUT OF SPEC" || return 1
	keys $n Tab "9.99" Enter
	w "comment needed" || return 1
	keys $n "burr on the edge, deburred" Enter
	w "recorded: FAIL" || return 1
	for m in 10.00 10.02 9.98 10.01; do
		MES_PIN=1111 "$MESCTL" --user olga quality inspect MILL --op WO-1001/20 \
			"DIA=$m,$m,$m" >/dev/null 2>&1
	done
	keys $n "l"
	w "MILL/DIA" || return 1
	keys $n Enter
	w "UCL" || return 1
	keys $n "c"
	w "USL>" || return 1
	keys $n Escape Escape; sleep 1
	keys $n "q"
}
session quality xterm-256color

# ---- mes-maint: a PLC breakdown given its reason, turned into an order,
# worked, a sign-off refused for a wrong PIN, then signed off
echo 7777 | A asset demo-seed >/dev/null
sqlite3 -cmd ".timeout 5000" $T/plant.db "INSERT INTO downtime_events (asset_id, start_ts, end_ts, source, fault_text) VALUES ((SELECT id FROM assets WHERE code = 'M-CNC-01'), '2026-11-26T08:00:00.000Z', '2026-11-26T08:25:00.000Z', 'plc', 'fault 199')"
play_maint() {
	keys $n "100005" Enter; keys $n "4444" Enter
	w "Downtime without reason" || return 1
	keys $n "s"
	w "fault 199" || return 1
	keys $n Enter
	w "Downtime [0-9]* on M-CNC-01" || return 1
	keys $n " " Tab "bearing noise" Enter
	w "downtime [0-9]*: reason" || return 1
	keys $n "r"
	w "MO-000001 opened" || return 1
	keys $n Escape; keys $n "p"
	w "Breakdown of M-CNC-01" || return 1
	keys $n "s"
	w "MO-000001 started" || return 1
	keys $n "r"
	w "Book to MO-000001" || return 1
	keys $n "Bearing 6205" Tab "2" Tab "1.5" Tab "replaced" Enter
	w "booked to MO-000001" || return 1
	keys $n "c"
	w "c again to sign it off" || return 1
	keys $n "c"
	w "Sign off MO-000001" || return 1
	keys $n "mai" Tab "0000" Enter
	w "sign-off:" || return 1
	keys $n "c"
	w "Sign off MO-000001" || return 1
	keys $n "mai" Tab "4444" Enter
	w "signed off: M-CNC-01 is safe to run" || return 1
	keys $n Escape; keys $n "q"
}
session maint vt220

# ---- mes-plcsim serving two machines; mes-collect --once printing every
# tag of them, then the collector daemon booking them for a few seconds
$VG --log-file=$T/vg-plcsim.log "$B/mes-plcsim" --port 0 --machines 2 --speed 20 >$T/sim.out 2>&1 &
SPID=$!
PORT=""
wait_peer "$SPID" $T/sim.out 60 sim_port $T/sim.out
"$B/mes-plcsim" --print-map --port "${PORT:-1}" --machines 2 > $T/sim.ini
$VG --log-file=$T/vg-collect.log "$B/mes-collect" --once --config $T/sim.ini >$T/once.out 2>&1; st=$?
if [ -n "$PORT" ] && [ $st = 0 ] && grep -q "good" $T/once.out; then
	ok "valgrind: mes-collect --once read both simulated PLCs"
else nok "valgrind: mes-collect --once (exit $st, port '$PORT')"; sed 's/^/#   /' $T/sim.out $T/once.out | head -n 30; fi
vg_ok "mes-collect --once" $T/vg-collect.log
{ cat "$MES_CONFIG"; printf '[collect]\nuser = collector\nbook_ms = 300\n'; cat $T/sim.ini; } > $T/collect.ini
MES_COLLECT_PIN=7777 $VG --log-file=$T/vg-collectd.log "$B/mes-collect" --foreground --config $T/collect.ini >$T/collectd.out 2>&1 &
CPID=$!
sql() { sqlite3 -cmd ".timeout 5000" $T/plant.db "$1"; }
both_online() { [ "$(sql "SELECT count(*) FROM plcs WHERE online = 1")" = 2 ]; }
wait_until 60 both_online
booked() { [ "$(sql "SELECT count(*) FROM tag_samples")" -gt 0 ]; }
wait_until 60 booked
sleep 1 # a few bookings more
kill -TERM $CPID 2>/dev/null; wait $CPID; st=$?; CPID=""
if [ $st = 0 ] && [ "$(sql "SELECT count(*) FROM tag_samples")" -gt 0 ] && grep -q "stopped" $T/collectd.out; then
	ok "valgrind: the mes-collect daemon booked and stopped cleanly on SIGTERM"
else nok "valgrind: the mes-collect daemon (exit $st)"; sed 's/^/#   /' $T/collectd.out | tail -n 20; fi
vg_ok "mes-collect daemon" $T/vg-collectd.log
kill -TERM $SPID 2>/dev/null; wait $SPID; st=$?; SPID=""
check "valgrind: mes-plcsim stops cleanly on SIGTERM (exit $st)" test $st = 0
vg_ok mes-plcsim $T/vg-plcsim.log
