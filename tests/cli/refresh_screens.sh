#!/bin/sh
# The screens beside the board refresh from the change journal as the
# board does: mes-maint's asset tree and downtime list, mes-scan's open
# receipt lines, mes-quality's due list and non-conformances.  For each:
# another process's change shows within a poll, the latest of quick
# changes wins, a row that leaves the screen's filter goes, and an idle
# screen writes nothing.  Under TERM=vt100 and xterm-256color, 80x24.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
q() { sqlite3 -cmd ".timeout 5000" "$T/plant.db" "$1"; }
M() { MES_PIN=4444 "$MESCTL" --user mai "$@" >/dev/null; }
R() { MES_PIN=5555 "$MESCTL" --user remy "$@" >/dev/null; }
Q() { MES_PIN=3333 "$MESCTL" --user quinn "$@" >/dev/null; }
echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null
echo 7777 | MES_PIN=0000 "$MESCTL" --user setup asset demo-seed >/dev/null
MES_PIN=0000 "$MESCTL" --user setup item gs1 STEEL-40 --gtin 09521234543213 >/dev/null
reason=$(q "SELECT code FROM reason_codes WHERE kind = 'downtime' LIMIT 1")
# quiet S [SECONDS]: S writes nothing for 4 s (or SECONDS)
quiet() {
	: > "$T/idle.out"
	tm pipe-pane -o -t "$1" "cat >> $T/idle.out"
	sleep "${2:-4}"
	tm pipe-pane -t "$1"
	test ! -s "$T/idle.out"
}
# gone S PATTERN: S no longer shows a line matching PATTERN
gone() { ! screen "$1" | grep -q -- "$2"; }
# login S BADGE PIN
login() { wait_for "$1" "Scan your badge" 10 >/dev/null; keys "$1" "$2" Enter
	wait_for "$1" "PIN" >/dev/null; keys "$1" "$3" Enter; }

for term in vt100 xterm-256color; do
	# mes-maint: three stops the PLC reported without a reason.
	for k in 1 2 3; do
		q "INSERT INTO downtime_events (asset_id, start_ts, end_ts, source, fault_text) VALUES ((SELECT id FROM assets WHERE code = 'M-CNC-01'), '2026-11-26T0$k:00:00.000Z', '2026-11-26T0$k:20:00.000Z', 'plc', 'fault $term $k')"
	done
	id() { q "SELECT id FROM downtime_events WHERE fault_text = 'fault $term $1'"; }
	s=m$term
	tm_start $s $term "env MES_CONFIG=$MES_CONFIG $B/mes-maint --shared"
	login $s 100005 4444
	check "maint $term: the asset tree counts 3 stops without a reason" \
		wait_for $s "Downtime without reason: 3 " 5
	keys $s s; keys $s l
	check "maint $term: the list of stops without a reason shows them" wait_for $s "fault $term 3" 3
	M downtime assign "$(id 1)" "$reason"
	check "maint $term: a stop given its reason elsewhere leaves the list" \
		wait_until 3 gone $s "fault $term 1"
	M downtime assign "$(id 2)" "$reason"; M downtime assign "$(id 3)" "$reason"
	check "maint $term: ... two quick ones both go" \
		wait_until 3 gone $s "fault $term [23]"
	check "maint $term: an idle downtime list writes nothing in 4 s" quiet $s
	keys $s Escape
	check "maint $term: back on the tree, the count is 0" \
		wait_for $s "Downtime without reason: 0 " 3
	check "maint $term: an idle tree writes nothing in 10 s" quiet $s 10
	tm kill-session -t $s 2>/dev/null

	# mes-scan: the open receipt lines of the receive screen.
	s=s$term
	tm_start $s $term "env MES_CONFIG=$MES_CONFIG $B/mes-scan --shared"
	login $s 100006 5555
	wait_for $s "Scan a supplier label" 5 >/dev/null
	po=PO-$(echo $term | cut -c1)
	printf 'po_no,line,supplier,item,gtin,qty,tolerance_pct\n%s,1,Acme,STEEL-40,09521234543213,40,0\n' $po > $T/r.csv
	R import receipts $T/r.csv
	check "scan $term: a line imported elsewhere shows" wait_for $s "^$po  *1 " 3
	printf 'po_no,line,supplier,item,gtin,qty,tolerance_pct\n%s,2,Acme,STEEL-40,09521234543213,10,0\n%s,3,Acme,STEEL-40,09521234543213,10,0\n' $po $po > $T/r.csv
	R import receipts $T/r.csv
	check "scan $term: ... two more, both" wait_for $s "^$po  *2 " 3
	check "scan $term: ... (and the second)" wait_for $s "^$po  *3 " 1
	R receive "(01)09521234543213(10)H-$term(30)40" --po $po
	check "scan $term: a line received in full elsewhere leaves the open lines" \
		wait_until 3 gone $s "^$po  *1 "
	check "scan $term: ... and the others stay" wait_for $s "^$po  *2 " 1
	check "scan $term: an idle receive screen writes nothing in 10 s" quiet $s 10
	tm kill-session -t $s 2>/dev/null

	# mes-quality: the due list and the non-conformances.
	s=q$term
	plan=P$(echo $term | tr -dc 'a-z0-9' | cut -c1-6)
	tm_start $s $term "env MES_CONFIG=$MES_CONFIG $B/mes-quality --shared"
	login $s 100004 3333
	wait_for $s "PLAN" 5 >/dev/null
	Q quality plan $plan --item BRKT-100 --op 20 --frequency every:50
	Q quality char $plan/DIA --name "Hole" --lsl 9.9 --usl 10.1 --nominal 10 --unit mm --decimals 2
	check "quality $term: a plan made elsewhere puts its running operation on the due list" \
		wait_for $s "^$plan .*first p" 3
	Q quality inspect $plan --op WO-1001/20 DIA=10.01
	check "quality $term: inspected elsewhere, it leaves the list" \
		wait_until 3 gone $s "^$plan "
	check "quality $term: an idle due list writes nothing in 10 s" quiet $s 10
	keys $s n
	wait_for $s "^NC " 3 >/dev/null
	Q nc open --wo WO-1001 --op 20 --description "oversize $term" --qty 1
	nc=$(q "SELECT nc_no FROM nonconformances WHERE description = 'oversize $term'")
	check "quality $term: an NC opened elsewhere shows ($nc)" wait_for $s "^$nc  *open" 3
	Q nc contain $nc --text "set aside"
	MES_SIGN_PIN=3333 Q nc disposition $nc --as rework --note "ream" --signer quinn
	check "quality $term: ... two quick steps: the latest status shows" \
		wait_for $s "^$nc  *dispositioned" 3
	MES_SIGN_PIN=3333 Q nc close $nc --root-cause "drill" --action "tool life" --signer quinn
	check "quality $term: closed elsewhere, it leaves the open ones" \
		wait_until 3 gone $s "^$nc "
	check "quality $term: an idle NC list writes nothing in 4 s" quiet $s
	tm kill-session -t $s 2>/dev/null
done
exit 0
