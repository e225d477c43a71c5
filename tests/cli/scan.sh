#!/bin/sh
# Receiving and materials end to end: expected receipts imported, labels
# received through mesctl, through mes-scan's keyboard-wedge field in tmux
# and through a serial scanner on a real socat pty pair; put-away, issue,
# output, trace and recall; lot labels to a file, a TCP and a serial
# printer.  Everything started here is stopped by its PID.
. tests/cli/lib.inc
. tests/cli/tmux.inc
PIDS=""
trap 'tm_cleanup; for p in $PIDS; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT
SCAN=$B/mes-scan
GS=$(printf '\035')
yymmdd() { date -u -d "$1" +%y%m%d; }
FAR=$(yymmdd '+400 days'); SOON=$(yymmdd '+10 days'); PAST=$(yymmdd '-2 days')
A() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
R() { MES_PIN=5555 "$MESCTL" --user remy "$@"; }
O() { MES_PIN=1111 "$MESCTL" --user olga "$@"; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null
A demo-seed >/dev/null
check "an item's GTIN, expiry and shelf life are set" A item gs1 STEEL-40 --gtin 09521234543213 --needs-expiry --min-shelf-days 30
check "an item for incoming inspection" A item gs1 ALU-BLK --gtin 9521234543220 --inspect
check "a store location is added" A location add A-01 "Rack A 01"
check "a line location is added" A location add LINE-1 "Line side" --kind line
expect_rc "a bad location kind is refused" 1 $T/o A location add X 'x' --kind shelf
cat > $T/r.csv <<EOF
po_no,line,supplier,item,gtin,qty,tolerance_pct
PO-500,1,Acme Steel,STEEL-40,09521234543213,100,5
PO-500,2,Alu AG,ALU-BLK,09521234543220,20,0
EOF
expect_rc "receipts import" 0 $T/o R import receipts $T/r.csv
check "... two lines" has $T/o "imported 2 receipt lines"
printf 'po_no,line,supplier,item,gtin,qty\nPO-9,1,X,STEEL-40,09521234543220,5\n' > $T/bad.csv
expect_rc "a GTIN that is not the item's spoils the file" 1 $T/o R import receipts $T/bad.csv
check "... naming the line" has $T/o "bad.csv:2"
expect_rc "an operator may not import receipts" 1 $T/o O import receipts $T/r.csv

# ---- receiving through mesctl ----
expect_rc "a bracketed label is received" 0 $T/o R receive "(01)09521234543213(17)$FAR(10)HEAT-77(30)30"
check "... as a lot on the dock" has $T/o "received L0000001: 30 m of STEEL-40, supplier lot HEAT-77"
printf ']C10109521234543213'"10HEAT-78${GS}17${FAR}"'3020\r\n' > $T/scan
expect_rc "a raw scan with GS bytes from standard input" 0 $T/o sh -c "MES_PIN=5555 '$MESCTL' --user remy --json receive - < $T/scan"
check "... JSON, lot ends at the GS" has $T/o '"supplier_lot":"HEAT-78"'
expect_rc "malformed barcode" 1 $T/o R receive "(01)09521234543214(10)X(30)1"
check "... names the AI" has $T/o "malformed barcode: (01) check digit"
expect_rc "unknown GTIN" 1 $T/o R receive "(01)04000000000013(10)X(30)1"
check "... says so" has $T/o "unknown GTIN 04000000000013"
A item gs1 BRKT-100 --gtin 09521234543237 >/dev/null
expect_rc "an item on no open line" 1 $T/o R receive "(01)09521234543237(10)X(30)1"
check "... says nothing is expected" has $T/o "not on any open line"
expect_rc "over-receipt beyond 5 %" 1 $T/o R receive "(01)09521234543213(17)$FAR(10)HEAT-79(30)60"
check "... names the line and what is allowed" has $T/o "over-receipt: PO-500 line 1 orders 100, 50 received, 55 more allowed"
expect_rc "expired" 1 $T/o R receive "(01)09521234543213(17)$PAST(10)HEAT-80(30)5"
check "... refused as expired" has $T/o "expired"
expect_rc "too short a shelf life" 1 $T/o R receive "(01)09521234543213(17)$SOON(10)HEAT-81(30)5"
check "... refused with the minimum" has $T/o "needs at least 30"
printf ']C10109521234543213'"10HEAT-82"'17'"$FAR"'\n' > $T/nogs
expect_rc "a scanner that dropped the GS" 1 $T/o sh -c "MES_PIN=5555 '$MESCTL' --user remy receive --qty 5 - < $T/nogs"
check "... is told to check its GS setting" has $T/o "check the scanner's GS"
expect_rc "an SSCC is received once" 0 $T/o R receive "(00)009521234500000012(01)09521234543213(17)$FAR(10)HEAT-83(30)5"
expect_rc "duplicate SSCC" 1 $T/o R receive "(00)009521234500000012(01)09521234543213(17)$FAR(10)HEAT-84(30)5"
check "... says when it came" has $T/o "duplicate SSCC 009521234500000012: this pallet was received on"
expect_rc "an operator may not receive" 1 $T/o O receive "(01)09521234543213(17)$FAR(10)HEAT-85(30)5"
check "every refusal is in the audit trail" sh -c "sqlite3 $T/plant.db \"SELECT count(*) FROM audit WHERE action = 'denied' AND tbl = 'receive'\" | grep -qx 7"

# ---- put-away, issue, output, genealogy ----
check "put-away by lot and location" R lot move L0000001 A-01
expect_rc "the dock holds nothing of it now" 0 $T/o A lot stock STEEL-40
check "... the ledger puts it in A-01" has $T/o "L0000001   STEEL-40     A-01"
printf 'wo_no,item,qty,release_date,due_date\nWO-T1,BRKT-100,50,%s,%s\n' "$(date -u +%F)" "$(date -u -d '+3 days' +%F)" > $T/orders.csv
A import orders $T/orders.csv >/dev/null && A order release WO-T1 >/dev/null
python3 tests/cli/sealsql.py $T/plant.db "UPDATE lots SET expiry = date('now', '+500 days') WHERE lot_no = 'L0000002'"
expect_rc "FEFO: a lot with a later expiry needs a reason" 1 $T/o O lot issue L0000002 WO-T1/10 --qty 5
check "... naming the older lot" has $T/o "FEFO: lot L0000001"
check "issued with a reason" O lot issue L0000002 WO-T1/10 --qty 5 --reason "L0000001 is still at the saw"
check "issue the FEFO lot" O lot issue L0000001 WO-T1/10 --qty 20
expect_rc "more than there is: refused" 1 $T/o O lot issue L0000001 WO-T1/10 --qty 11
check "... never below zero" has $T/o "has 10 m in A-01, not 11"
MES_PIN=3333 "$MESCTL" --user quinn lot hold L0000003 --reason "mill certificate missing" >/dev/null
expect_rc "a held lot cannot be issued" 1 $T/o O lot issue L0000003 WO-T1/10
check "... says it is on hold" has $T/o "on hold"
expect_rc "output of the operation" 0 $T/o O lot produce WO-T1/10 --qty 50 --at LINE-1
check "... a new lot" has $T/o "produced lot L0000004"
expect_rc "trace backward" 0 $T/o A trace L0000004 --backward
check "... down to both supplier lots" sh -c "grep -q 'HEAT-77' $T/o && grep -q 'HEAT-78' $T/o"
expect_rc "trace forward --json" 0 $T/o A --json trace L0000001 --forward
check "... JSON with the finished lot" has $T/o '"lot":"L0000004"'
expect_rc "recall by supplier lot" 0 $T/o A recall HEAT-77
check "... lists the finished lot" has $T/o "1 finished lot contains supplier lot HEAT-77"
expect_rc "recall --json" 0 $T/o A recall HEAT-78 --json
check "... as JSON" has $T/o '"finished":1'
expect_rc "recall of an unknown supplier lot" 1 $T/o A recall NOPE

# ---- lot labels ----
expect_rc "a lot label to a file (ZPL II)" 0 $T/o A lot label L0000004 --template data/labels/lot.zpl --to file:$T/label.zpl
check "... a whole label with the lot" sh -c "grep -q '^\^XA' $T/label.zpl && grep -q 'L0000004' $T/label.zpl && grep -q '^\^XZ' $T/label.zpl"
PORT=$((20000 + $$ % 20000))
socat -u TCP-LISTEN:$PORT,reuseaddr OPEN:$T/tcp.zpl,creat 2>/dev/null &
PIDS="$PIDS $!"; wait_until 30 listening $PORT
expect_rc "to a raw TCP printer" 0 $T/o A lot label L0000001 --template data/labels/lot.zpl --to tcp:127.0.0.1:$PORT
check "... which got the label" wait_until 30 grep -q 'LOT L0000001' $T/tcp.zpl
pty_pair $T/pty-prn $T/pty-prn-in
timeout 60 cat $T/pty-prn-in > $T/ser.zpl &
CATPID=$!; PIDS="$PIDS $CATPID"
sleep 0.2
expect_rc "to a serial printer" 0 $T/o A lot label L0000001 --template data/labels/lot.zpl --to serial:$T/pty-prn:9600
check "... which got the label" wait_until 30 grep -q 'LOT L0000001' $T/ser.zpl
kill $CATPID 2>/dev/null
expect_rc "a refused printer says why" 1 $T/o A lot label L0000001 --template data/labels/lot.zpl --to tcp:127.0.0.1:1

# ---- mes-scan: a keyboard-wedge burst on the receiving screen ----
tm_start w xterm "MES_CONFIG=$MES_CONFIG $SCAN --shared"
check "mes-scan starts locked" wait_for w "Scan your badge"
keys w "100006" Enter; keys w "5555" Enter
check "the receiving clerk badges in" wait_for w "receiving"
check "the open lines are listed" wait_for w "ALU-BLK"
hex() { printf '%s' "$1" | od -An -tx1; }
tm send-keys -t w -H $(hex "]C10109521234543220") $(hex "10ALU-7") 1d $(hex "305") 0d
check "a wedge burst with GS is received into quarantine" wait_for w "received L000000.: 5 kg ALU-BLK into QUAR"
keys w "(01)04000000000013(10)X(30)1" Enter
check "a label with an unknown GTIN is refused on screen" wait_for w "unknown GTIN"
# Typed by hand, key by key: Ctrl-] is GS, Enter sends it.
for k in ']' C 1 0 1 0 9 5 2 1 2 3 4 5 4 3 2 2 0 C-] 1 0 A L U - 8 C-] 3 0 2; do
	if [ "$k" = C-] ]; then tm send-keys -t w C-]; else tm send-keys -t w -l "$k"; fi
	sleep 0.04
done
check "Ctrl-] types GS in the scan field" wait_for w "Label> \]C10109521234543220<GS>10ALU-8<GS>302_"
keys w Enter
check "... and Enter receives it" wait_for w "received L000000.: 2 kg ALU-BLK"
keys w F5; keys w "L0000004" Enter
check "the trace screen shows a lot's genealogy" wait_for w "HEAT-77"
screen w > $T/trace
check "... with each link's quantity" grep -q "^ L0000001 .* released  *20  Acme Steel HEAT-77" $T/trace
check "... and none for the lot asked about" grep -q "^L0000004 .* released  *WO WO-T1" $T/trace
keys w F3; keys w "L0000002" Enter
check "put-away: the lot, then" wait_for w "Scan the location"
keys w "A-01" Enter
check "... the location" wait_for w "moved L0000002"
keys w x
check "x locks the station" wait_for w "Scan your badge"
keys w "100002" Enter; keys w "1111" Enter
check "an operator badges in" wait_for w "Olga Brandt"
keys w F4; keys w "WO-T1/10" Enter
check "issue: the traveler, then" wait_for w "Operation WO-T1/10: scan each lot"
keys w "L0000001" Enter
check "... the lot is issued to the operation" wait_for w "issued L0000001 STEEL-40 10 m -> WO-T1/10"
keys w "L0000003" Enter
check "... a held lot is refused on screen" wait_for w "not issued: lot L0000003 is on hold"
issues() { sqlite3 -cmd ".timeout 5000" $T/plant.db "SELECT count(*) FROM inv_moves WHERE kind = 'issue'"; }
before=$(issues)
keys w "WO-1001/20" Enter; wait_for w "Operation WO-1001/20" >/dev/null
keys w x; wait_for w "Scan your badge" >/dev/null
keys w "100003" Enter; keys w "2222" Enter
check "after a log-out the next person starts on the first screen" wait_for w "Luis Moreno"
check "... the receive screen" wait_for w "mes-scan: receive " 2
keys w F4
check "... and the issue screen has no operation chosen" \
	sh -c "sleep 0.5; ! tmux -L $TMUX_SOCK capture-pane -p -t w | grep -q 'Operation WO-1001/20'"
keys w "L0000001" Enter
check "... so the first lot scanned goes to no operation" test "$(issues)" = "$before"
tm_quit w
check "q quits" wait_for w "EXITED=0"

# ---- a serial scanner on a socat pty pair ----
pty_pair $T/pty-scanner $T/pty-mes
cp $MES_CONFIG $T/scan.ini
printf '[scanner]\nport = %s/pty-mes\nterminator = cr\nretry_min_ms = 100\nretry_max_ms = 300\n' "$T" >> $T/scan.ini
tm_start s xterm "MES_CONFIG=$T/scan.ini $SCAN --shared"
check "mes-scan opens the serial scanner" wait_for s "scanner connected"
printf '100006\r' > $T/pty-scanner
check "a badge scanned on the serial scanner asks for the PIN" wait_for s "PIN"
keys s "5555" Enter
check "... and logs in" wait_for s "receiving"
printf ']C10109521234543220'"10ALU-9${GS}"'303\r' > $T/pty-scanner
check "a GS1 scan into the pty becomes a received lot" wait_for s "received L000000.: 3 kg ALU-BLK"
check "... in the database" sh -c "sqlite3 $T/plant.db \"SELECT count(*) FROM lots WHERE supplier_lot = 'ALU-9'\" | grep -qx 1"
kill $SOCAT; wait $SOCAT 2>/dev/null
check "an unplugged scanner shows on screen" wait_for s "scanner disconnected"
keys s "(01)09521234543220(10)ALU-10(30)1" Enter
check "... and the station carries on" wait_for s "received L00000..: 1 kg ALU-BLK"
socat pty,raw,echo=0,link=$T/pty-scanner pty,raw,echo=0,link=$T/pty-mes 2>/dev/null &
PIDS="$PIDS $!"
check "when it comes back it reconnects" wait_for s "scanner connected" 5
tm_quit s
check "mes-scan quits cleanly" wait_for s "EXITED=0"
