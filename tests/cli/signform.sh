#!/bin/sh
# A signed form refused for the signer's PIN keeps what was typed: the
# disposition, its note and the signer stay, only the PIN is asked for
# again, and nothing is signed until it is right.  Under TERM=vt100 and
# xterm-256color, 80x24.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
q() { sqlite3 -cmd ".timeout 5000" "$T/plant.db" "$1"; }
echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null
pass=0
for term in vt100 xterm-256color; do
	pass=$((pass + 1)); nc=$(printf "NC-%05d" $pass)
	MES_PIN=1111 "$MESCTL" --user olga nc open --wo WO-1001 --op 20 --qty 2 \
		--description "burr $term" >/dev/null
	s=s$pass
	tm_start $s $term "env MES_CONFIG=$MES_CONFIG $B/mes-quality --shared"
	wait_for $s "Scan your badge" >/dev/null
	keys $s "100004" Enter; wait_for $s "PIN" >/dev/null
	keys $s "3333" Enter; wait_for $s "Quinn" >/dev/null
	keys $s n; wait_for $s "$nc" >/dev/null
	# The newest is first; the disposition goes straight on (n).
	keys $s s; wait_for $s "Contain it first" >/dev/null
	keys $s n
	check "$term: the signed disposition form opens" wait_for $s "Disposition $nc (signed)"
	keys $s " " Tab "grind the burr off" Tab Tab "quinn" Tab "9999" Enter
	check "$term: a wrong PIN is refused on the form's line" wait_for $s "log-in refused\|refused"
	check "... the form stays open" wait_for $s "Disposition $nc (signed)" 1
	screen $s > $T/form
	check "... with the disposition, the note and the signer kept" \
		sh -c "grep -q '< rework >' $T/form && grep -q 'grind the burr off' $T/form && grep -q 'quinn' $T/form"
	check "... and nothing signed" test "$(q "SELECT status FROM nonconformances WHERE nc_no = '$nc'")" = open
	keys $s "3333" Enter
	check "$term: the right PIN signs it" wait_for $s "$nc dispositioned rework, signed by quinn"
	check "... with what was typed before the refusal" \
		test "$(q "SELECT status || '|' || disposition || '|' || disposition_note FROM nonconformances WHERE nc_no = '$nc'")" = "dispositioned|rework|grind the burr off"
	tm kill-session -t $s 2>/dev/null
done
