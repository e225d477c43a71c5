#!/bin/sh
# Quality end to end: plans by mesctl, an in-process subgroup entered in
# mes-quality (tmux) with one value out of specification, SPC limits
# frozen, an alarm, mesctl report spc, a non-conformance with its signed
# disposition.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
QUALITY=$B/mes-quality
Q() { MES_PIN=3333 "$MESCTL" --user quinn "$@"; }
O() { MES_PIN=1111 "$MESCTL" --user olga "$@"; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null

expect_rc "an operator may not define plans" 1 $T/o \
	O quality plan MILL --item BRKT-100 --op 20 --frequency every:50
check "... and is told so" has $T/o "may not define inspection plans"
check "quality defines an in-process plan" \
	Q quality plan MILL --item BRKT-100 --op 20 --frequency every:50
expect_rc "a bad frequency is refused" 1 $T/o \
	Q quality plan X2 --item BRKT-100 --op 10 --frequency often
check "a measured characteristic, subgroup 3" Q quality char MILL/DIA \
	--name "Hole diameter" --lsl 9.9 --usl 10.1 --nominal 10 --unit mm \
	--decimals 2 --subgroup 3 --rules we

# The demo plant leaves WO-1001/20 running on CNC-01.
"$MESCTL" quality due > $T/o 2>&1
check "the running operation is due for its first piece" has $T/o "WO-1001/20.*first piece"

# The terminal: a subgroup with one value out of specification.
tm_start a xterm-256color "MES_CONFIG=$MES_CONFIG $QUALITY --shared"
check "mes-quality starts locked" wait_for a "Scan your badge"
keys a "100002" Enter
wait_for a "PIN" >/dev/null
keys a "1111" Enter
check "badge + PIN opens the due list" wait_for a "Olga Brandt"
check "the due list shows the operation" wait_for a "WO-1001/20"
keys a "WO-1001/10" Enter
check "a scanned traveler with nothing due says so (not \"not a traveler\")" wait_for a "nothing is due for WO-1001/10 now"
keys a "WO-1001/20" Enter
check "the scanned traveler opens its due inspection" wait_for a "MILL: WO-1001/20"
keys a Escape
wait_for a "WO-1001/20" >/dev/null
keys a Enter
check "Enter opens the entry form" wait_for a "MILL: WO-1001/20"
keys a "10.01" Tab "10.25"
check "the value out of spec is flagged as typed" wait_for a "OUT OF SPEC"
keys a Tab "9.99"; keys a Enter
check "the form wants a comment" wait_for a "comment needed"
keys a "burr on the edge, deburred"
keys a Enter
check "the subgroup is recorded as a fail" wait_for a "recorded: FAIL"
check "and the operation is no longer due" sh -c \
	"! tmux -L $TMUX_SOCK capture-pane -p -t a | grep -q 'WO-1001/20'"
# Nine more subgroups from the command line while the screen is open.
for m in 10.00 10.02 9.98 10.01 9.99 10.00 10.02 9.98 10.00; do
	O quality inspect MILL --op WO-1001/20 \
		"DIA=$m,$(awk "BEGIN{print $m + 0.02}"),$(awk "BEGIN{print $m - 0.02}")" \
		>/dev/null 2>$T/err || cat $T/err
done
keys a "l"
check "All lists the plan's characteristics" wait_for a "MILL/DIA"
keys a Enter
check "the chart shows limits" wait_for a "UCL"
check "... trial limits until frozen" wait_for a "TRIAL"
check "... all ten points" wait_for a "points 1-10 of 10"
keys a "c"
check "the histogram shows the spec limits" wait_for a "USL>"
keys a Escape Escape
tm_quit a


# Limits frozen from the stored subgroups.
"$MESCTL" report spc DIA > $T/o 2>&1
check "report spc: ten subgroups stored" has $T/o "10 subgroups shown of 10"
expect_rc "an operator may not freeze limits" 1 $T/o \
	O quality freeze DIA --reason "baseline"
check "quality freezes points 2..10 (without the bad first piece)" \
	Q quality freeze DIA --baseline 2:10 --reason "first run"
MES_PIN=3333 "$MESCTL" --user quinn audit show > $T/o 2>&1
check "freezing is in the audit trail" has $T/o "spc.freeze"
expect_rc "a subgroup above UCL is recorded" 0 $T/o \
	O quality inspect MILL --op WO-1001/20 "DIA=10.07,10.08,10.06"
check "... and raises an SPC alarm" has $T/o "SPC alarm"
"$MESCTL" quality alarms > $T/o 2>&1
check "the alarm is listed for CNC-01" has $T/o "MILL/DIA.*CNC-01.*WE1.*OPEN"

"$MESCTL" report spc DIA > $T/o 2>&1
check "report spc: frozen limits" has $T/o "limits: frozen by quinn"
check "report spc: the violation with its point" has $T/o "point 11: xbar WE1"
check "report spc: capability" has $T/o "Cp .*Cpk"
check "report spc: few data are said" has $T/o "too few data"
"$MESCTL" report spc DIA --csv > $T/o 2>&1
check "report spc --csv has a header" has $T/o "^point,inspection,ts,series,value,cl,lcl,ucl,rules"
check "report spc --csv flags the point" has $T/o "^11,.*,xbar,.*,WE1"
"$MESCTL" report spc MILL/DIA --json > $T/o 2>&1
check "report spc --json is one object" sh -c "python3 -m json.tool $T/o >/dev/null"
check "report spc --json names the chart" has $T/o '"chart":"xbar-r"'
expect_rc "an unknown characteristic" 1 $T/o "$MESCTL" report spc NOPE
expect_rc "an acknowledgement without a note is refused" 1 $T/o Q quality ack 1
check "... saying what to give" has $T/o "what was found or done"
for term in vt100 xterm-256color; do
	w=ack$term
	tm_start $w $term "MES_CONFIG=$MES_CONFIG $B/mes-quality --shared"
	wait_for $w "Scan your badge" >/dev/null
	keys $w "100004" Enter; keys $w "3333" Enter
	wait_for $w "Quinn" >/dev/null
	keys $w a
	wait_for $w "WE1" >/dev/null
	keys $w c
	check "$term: c on an alarm asks what was found or done" wait_for $w "Acknowledge alarm 1"
	keys $w Enter
	check "... a blank note is refused on the form" wait_for $w "say what was found or done"
	check "... the alarm is still open" test "$(sqlite3 $T/plant.db "SELECT ack_ts IS NULL FROM spc_alarms WHERE id = 1")" = 1
	keys $w Escape
	[ $term = vt100 ] && continue
	keys $w c; wait_for $w "Acknowledge alarm 1" >/dev/null
	keys $w "tool offset"; keys $w Enter
	check "$term: with a note it is acknowledged" wait_for $w "alarm 1 acknowledged: tool offset"
	check "... the note in the database" test "$(sqlite3 $T/plant.db "SELECT ack_note FROM spc_alarms WHERE id = 1")" = "tool offset"
	tm_quit $w
done

# A non-conformance holds the order; the signed disposition lifts it.
check "olga opens a non-conformance on the order" O nc open --wo WO-1001 \
	--op 20 --qty 3 --description "holes oversize after tool change"
check "the order is held" sh -c "sqlite3 $T/plant.db \"SELECT status FROM \
	work_orders WHERE wo_no = 'WO-1001'\" | grep -qx held"
expect_rc "a wrong PIN does not sign" 1 $T/o \
	env MES_PIN=3333 MES_SIGN_PIN=0000 "$MESCTL" --user quinn nc \
	disposition NC-00001 \
	--as rework --signer quinn
MES_PIN=3333 "$MESCTL" --user quinn audit show > $T/o 2>&1
check "... and the attempt is audited" has $T/o "sign.fail"
expect_rc "an operator cannot sign a disposition" 1 $T/o \
	env MES_PIN=3333 MES_SIGN_PIN=1111 "$MESCTL" --user quinn nc \
	disposition NC-00001 --as rework --signer olga
check "... the role is named" has $T/o "quality"
check "quality signs the disposition" env MES_PIN=3333 MES_SIGN_PIN=3333 \
	"$MESCTL" --user quinn nc disposition NC-00001 --as rework \
	--note "ream to size" --signer quinn
check "the hold is lifted" sh -c "sqlite3 $T/plant.db \"SELECT status FROM \
	work_orders WHERE wo_no = 'WO-1001'\" | grep -qx running"
"$MESCTL" nc show NC-00001 > $T/o 2>&1
check "the record shows the signature" has $T/o "dispositioned by.*Quinn Okafor"
check "closing is signed too" env MES_PIN=3333 MES_SIGN_PIN=3333 \
	"$MESCTL" --user quinn nc close NC-00001 --root-cause "worn tool" \
	--action "tool life 200 holes" --signer quinn
check "the audit trail is intact" "$MESCTL" audit verify
expect_rc "nc show checks each signature it shows" 0 $T/o "$MESCTL" nc show NC-00001
check "... both sound" sh -c "! grep -q INVALID $T/o"
# Someone with the sqlite3 shell rewrites who signed and what it meant.
sqlite3 $T/plant.db ".backup $T/forged.db"
sqlite3 $T/forged.db "DROP TRIGGER signatures_no_update; DROP TRIGGER signatures_seal_update; UPDATE signatures SET printed_name = 'Ada Lindqvist', meaning = 'approved' WHERE meaning = 'closed'"
expect_rc "a signature edited in the file: nc show exits 1" 1 $T/o "$MESCTL" --db $T/forged.db nc show NC-00001
check "... saying SIGNATURE INVALID under the forged name" sh -c "grep -A1 'closed by .*Ada Lindqvist' $T/o | grep -q 'SIGNATURE INVALID: signature [0-9]* was altered after signing'"
check "... and the disposition's signature still checks out" sh -c "! grep -A1 'dispositioned by' $T/o | grep -q INVALID"

# The database deleted under a running mes-quality: it keeps running and
# says so, as mes-dispatch does (the start-up they share polls the file).
sqlite3 $T/plant.db ".backup $T/gone.db"
tm_start g xterm "MES_CONFIG=$MES_CONFIG $QUALITY --shared --db $T/gone.db"
wait_for g "Scan your badge" >/dev/null
keys g "100002" Enter; keys g "1111" Enter
check "mes-quality runs on a copy of the plant" wait_for g "Olga Brandt"
rm -f $T/gone.db $T/gone.db-wal $T/gone.db-shm
check "... the copy deleted, it says the database was deleted" \
	wait_for g "gone.db was deleted, moved or" 5
check "... and keeps running" sh -c \
	"! tmux -L $TMUX_SOCK capture-pane -p -t g | grep -q EXITED"
tm_quit g
check "... until q quits it" wait_for g "EXITED=0"
