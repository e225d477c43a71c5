#!/bin/sh
# A scan is never typed into a form (a burst of keys ending in Enter is a
# scanner: tmux sends a string in one write, a person's keys are sent
# one call at a time here); a good quantity far past the order needs a
# lead's signature; the idle lock closes an open form; a scan replaces
# hand-typed text in mes-scan's field.  Screen text and database state,
# under TERM=vt100 and xterm-256color at 80x24.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
DISPATCH=$B/mes-dispatch
SCAN=$B/mes-scan
A() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
q() { sqlite3 -cmd ".timeout 5000" $T/plant.db "$1"; }
good() { q "SELECT printf('%g', o.qty_good) FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.wo_no = '$WO' AND o.seq = 10"; }
audits() { q "SELECT count(*) FROM audit WHERE action = '$1' AND rec_key = '$WO/10'"; }
shows() { screen "$1" | grep -q -- "$2"; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null
A demo-seed >/dev/null
R=$(date -u +%F); D=$(date -u -d '+3 days' +%F)
printf 'wo_no,item,qty,release_date,due_date,priority\n' > $T/orders.csv
for w in WO-T1 WO-T2 WO-T3 WO-T4; do
	printf '%s,BRKT-100,50,%s,%s,1\n' $w $R $D >> $T/orders.csv
done
A import orders $T/orders.csv >/dev/null
for w in WO-T1 WO-T2 WO-T3 WO-T4; do A order release $w >/dev/null; done
opstate() { q "SELECT o.status FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.wo_no = '$WO' AND o.seq = 10"; }

for term in vt100 xterm-256color; do
	s=d$term
	WO=WO-T1; [ $term = vt100 ] || WO=WO-T2
	tm_start $s $term "MES_CONFIG=$MES_CONFIG $DISPATCH --shared"
	wait_for $s "Scan your badge" >/dev/null
	keys $s "100002" Enter; keys $s "1111" Enter
	wait_for $s "Olga Brandt" >/dev/null
	keys $s "$WO/10" Enter
	wait_for $s "$WO" >/dev/null
	[ "$(opstate)" = running ] || keys $s s
	wait_for $s "running" >/dev/null
	before=$(good)

	keys $s r; keys $s 3
	check "$term: the report form takes a typed 3" wait_for $s "Good *3_"
	keys $s Tab; keys $s Tab; keys $s " "
	check "$term: a scrap reason is picked by its description (item 11)" \
		wait_for $s "< DIM  Dimension out of tolerance >"
	keys $s Up; keys $s Up
	keys $s "WO-1003/10" Enter
	check "$term: a traveler scanned into Good is refused on the form" \
		wait_for $s "a scan is not typed into a form"
	check "... the field keeps the typed 3, nothing of the scan" wait_for $s "Good *3_"
	check "... nothing is reported" test "$(good)" = "$before"
	keys $s "100003" Enter
	check "$term: a badge scanned into Good is refused too" wait_for $s "a scan is not typed into a form"
	check "... the field still holds 3" wait_for $s "Good *3_"
	check "... still nothing reported" test "$(good)" = "$before"
	keys $s Enter
	check "$term: Enter then reports the typed 3" wait_for $s "3 good, 0 scrap reported"
	check "... in the database" test "$(good)" = "$((before + 3))"

	before=$(good); denied=$(audits denied)
	keys $s r; keys $s 1; keys $s 0; keys $s 0; keys $s Enter
	check "$term: 100 good on an order of 50 asks for a lead" \
		wait_for $s "100 good would make $((before + 100)) of 50 ordered: a lead signs it"
	keys $s n
	check "... no: not reported, and why" wait_for $s "not reported: $WO/10: 100 good"
	check "... the whole message at 80 columns, wrapped, not cut (item 6)" \
		wait_until 5 says $s "ordered, more than the 10% over allowed (at most 55 in all): count again; if the count is right, a lead signs it"
	check "... and the queue still shows its rows" wait_for $s "$WO *10"
	check "... nothing stored" test "$(good)" = "$before"
	check "... the refusal is in the audit trail" test "$(audits denied)" = "$((denied + 1))"

	keys $s r; keys $s 1; keys $s 0; keys $s 0; keys $s Enter
	wait_for $s "a lead signs it" >/dev/null
	keys $s y
	check "$term: yes opens the lead's signature" wait_for $s "Over the quantity: lead signature"
	keys $s "100003" Enter
	check "... the lead's badge scan fills the login and moves on" \
		wait_for $s "Lead login *100003"
	keys $s 2; keys $s 2; keys $s 2; keys $s 2; keys $s Tab
	keys $s "recounted"; keys $s Enter
	check "... signed: reported" wait_for $s "100 good, 0 scrap reported, signed by a lead"
	check "... stored" test "$(good)" = "$((before + 100))"
	check "... audited as the lead's override" test "$(q "SELECT count(*) FROM audit WHERE action = 'op.report.override' AND rec_key = '$WO/10' AND new_value LIKE '%\"override_by\":\"luis\"%' AND reason LIKE '%recounted'")" -ge 1

	keys $s c
	wait_for $s "Complete $WO/10" >/dev/null
	keys $s "WO-1003/10" Enter
	check "$term: a scan is no answer to y/n" wait_for $s "a scan is no answer"
	check "... the operation still runs" test "$(opstate)" = running
	tm_quit $s
	wait_for $s "EXITED=0" >/dev/null
done

# Item 4: the idle lock from a form; what was typed is given up.
sed 's/^\[auth\]$/[auth]\nidle_lock_seconds = 2/' "$MES_CONFIG" > $T/idle.ini
for term in vt100 xterm-256color; do
	s=i$term
	WO=WO-T3; [ $term = vt100 ] || WO=WO-T4
	tm_start $s $term "MES_CONFIG=$T/idle.ini $DISPATCH --shared"
	wait_for $s "Scan your badge" >/dev/null
	keys $s "100002" Enter; keys $s "1111" Enter
	wait_for $s "Olga Brandt" >/dev/null
	keys $s "$WO/10" Enter
	wait_for $s "$WO" >/dev/null
	[ "$(opstate)" = running ] || keys $s s
	wait_for $s "running" >/dev/null
	before=$(good)
	keys $s r; keys $s 3
	wait_for $s "Good *3_" >/dev/null
	check "$term: a report form left open locks the terminal" wait_for $s "locked after 2 s" 6
	check "... the badge screen, no form" sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q 'Scan your badge' && ! tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q 'Report $WO'"
	keys $s Enter
	check "... Enter asks who is logging in, reporting nothing" wait_for $s "Badge or login"
	check "... nothing was reported" test "$(good)" = "$before"
	keys $s Escape
	keys $s "100003" Enter; keys $s "2222" Enter
	check "$term: the next person starts on the board" wait_for $s "Luis Moreno"
	check "... with no form of olga's" sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q 'Good'"
	tm_quit $s
	wait_for $s "EXITED=0" >/dev/null
done

# mes-scan: a scan into the PO/Qty form, and a scan over typed text.
A item gs1 ALU-BLK --gtin 9521234543220 >/dev/null
printf 'po_no,line,supplier,item,gtin,qty,tolerance_pct\nPO-500,1,Alu AG,ALU-BLK,09521234543220,100,0\n' > $T/r.csv
A import receipts $T/r.csv >/dev/null
lots() { q "SELECT count(*) FROM lots WHERE supplier_lot LIKE 'ALU-%'"; }
for term in vt100 xterm-256color; do
	s=s$term
	tm_start $s $term "MES_CONFIG=$MES_CONFIG $SCAN --shared"
	wait_for $s "Scan your badge" >/dev/null
	keys $s "100006" Enter; keys $s "5555" Enter
	wait_for $s "ALU-BLK" >/dev/null
	had=$(lots)
	keys $s a
	wait_for $s "Next scan" >/dev/null
	keys $s Tab
	keys $s "(01)09521234543220(10)ALU-$term(30)2" Enter
	check "$term: a label scanned into Counted qty is refused" wait_for $s "a scan is not typed into a form"
	check "... the quantity stays empty" wait_for $s "Counted qty *_"
	check "... nothing received" test "$(lots)" = "$had"
	keys $s Escape
	keys $s "L"; keys $s "0"; keys $s "9"
	check "$term: hand-typed text in the scan field" wait_for $s "Label> L09_"
	keys $s "(01)09521234543220(10)ALU-$term(30)2" Enter
	check "... a scan over it is received whole" wait_for $s "received L000000.: 2 kg ALU-BLK"
	check "... and the typed text is gone, not glued to the next" wait_for $s "Label> _"
	check "... one lot more" test "$(lots)" = "$((had + 1))"
	tm_quit $s
	wait_for $s "EXITED=0" >/dev/null
done
