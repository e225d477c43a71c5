#!/bin/sh
# Allergens and changeover cleans end to end, on the demo plant: an
# allergen declared for a component comes up to the item; a line that ran
# it refuses an item without it at the board, saying what to do; a clean
# with a swab above the limit is kept as failed and does not clear the
# line; a recorded clean is verified by a second person of quality with
# a signature, and then the board starts the operation.  At vt100, 80x24.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
A() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
L() { MES_PIN=2222 "$MESCTL" --user luis "$@"; }
O() { MES_PIN=1111 "$MESCTL" --user olga "$@"; }
Q() { MES_PIN=3333 "$MESCTL" --user quinn "$@"; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null
A demo-seed >/dev/null
A allergen list > $T/o
check "the list has the EU's 14 and the US major allergens" sh -c "[ \$(wc -l < $T/o) -eq 15 ] && grep -q '^SESAME *EU+US' $T/o && grep -q '^LUPIN *EU ' $T/o"
expect_rc "an operator does not declare allergens" 1 $T/o O allergen set ALU-BLK MILK contains
expect_rc "quality does" 0 $T/o Q allergen set ALU-BLK MILK contains
Q allergen item HSG-300 > $T/o
check "... and the housing made of the block contains milk from it" grep -q '^MILK *contains *from ALU-BLK' $T/o
Q allergen set FRAME-200 MILK contains >/dev/null
L order release WO-1005 >/dev/null
L order release WO-1006 >/dev/null

s=d
tm_start $s vt100 "MES_CONFIG=$MES_CONFIG $B/mes-dispatch"
wait_for $s "Scan your badge" >/dev/null
keys $s 100003 Enter; keys $s 2222 Enter
wait_for $s "Luis Moreno" >/dev/null
keys $s "WO-1005/10" Enter
wait_for $s "mes-dispatch: queue SAW-01" >/dev/null
keys $s s
check "vt100: the frame's cut starts on a clean saw" wait_for $s "WO-1005/10 started"
L allergen line SAW-01 > $T/o
check "... and the saw carries its milk" grep -q '^MILK .* left by WO-1005/10' $T/o
keys $s "WO-1006/10" Enter
wait_for $s "WO-1006 *10 BRKT-100" >/dev/null
keys $s s
check "vt100: a bracket without milk is refused, saying what to do" \
	wait_for $s "not started: SAW-01 carries MILK from WO-1005/10, which"
check "... a changeover clean verified by quality" says $s "record a changeover clean (e on the queue, or mesctl changeover record SAW-01) and have quality verify it"

expect_rc "a clean whose swab is above the limit is refused" 1 $T/o O changeover record SAW-01 --checklist "washed" --atp 900
check "... kept as failed, saying so" has $T/o "clean failed and is kept"
expect_rc "... and leaves nothing to verify" 1 $T/o env MES_SIGN_PIN=3333 "$MESCTL" --user quinn changeover verify SAW-01
expect_rc "a clean within the limit is recorded" 0 $T/o O changeover record SAW-01 --checklist "blade and table brushed, washed, sanitised" --atp 38
expect_rc "... not verified by who cleaned" 1 $T/o env MES_PIN=1111 MES_SIGN_PIN=1111 "$MESCTL" --user olga changeover verify SAW-01
check "... told a second person verifies it" has $T/o "a second person"
# At the board: e records a clean of the queue's work center and hands
# the terminal to quality for the signed verification.
keys $s e
wait_for $s "Changeover clean: SAW-01" >/dev/null
keys $s "brushed, washed, sanitised" Tab 38 Enter
check "vt100: e records the clean at the board and offers its verification" wait_for $s "Clean recorded. Verify it now"
keys $s y
wait_for $s "Verifier login" >/dev/null
keys $s quinn Tab 3333 Enter
check "... quality signs it at the same terminal" wait_for $s "SAW-01 is clean: verified and signed"
check "... after which the saw carries nothing" sh -c "[ -z \"\$(MES_PIN=2222 $MESCTL --user luis allergen line SAW-01)\" ]"
check "... the verification signed by quinn, the clean by luis" sh -c "[ \$(sqlite3 $T/plant.db \"SELECT count(*) FROM changeovers c JOIN signatures s ON s.id = c.signature_id JOIN users u ON u.id = s.user_id JOIN users r ON r.id = c.user_id WHERE u.login = 'quinn' AND r.login = 'luis' AND c.status = 'verified' AND c.atp_rlu = 38\") -eq 1 ]"
keys $s s
check "vt100: then the bracket's cut starts" wait_for $s "WO-1006/10 started"
tm_quit $s
A report batch-record WO-1005 > $T/br
check "the frame order's batch record lists its allergens" sh -c "grep -q '^== Allergens ==' $T/br && grep -q 'MILK *Milk *contains *(its own)' $T/br"
A report batch-record WO-1001 > $T/br
check "... and a bracket order's has no allergen section" sh -c "! grep -q 'Allergens' $T/br"
L lot produce WO-1005/10 --qty 2 > $T/o
LOT=$(sed -n 's/^produced lot //p' $T/o)
L lot label "$LOT" --to file:$T/lot.zpl >/dev/null
check "the lot's label says what it contains" grep -q "Allergens: contains MILK" $T/lot.zpl
Q allergen recall MILK --from "$(date -u +%F)" > $T/o
check "a recall by allergen and date finds the lot the frames made" grep -q "^$LOT *FRAME-200 *contains .* made by WO-1005" $T/o
Q allergen recall MILK --to "$(date -u -d yesterday +%F)" > $T/o
check "... and nothing made before today" test ! -s $T/o
A audit verify > $T/o 2>&1
check "the audit trail, failed clean and signature included, verifies" grep -q "^audit trail intact" $T/o
