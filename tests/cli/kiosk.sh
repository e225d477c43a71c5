#!/bin/sh
# A shared terminal (a kiosk): q locks before it quits and asks first at
# the badge screen; without --shared (an SSH session) q quits at once.  A
# VT draws its lines with its own line set even in a UTF-8 locale, and in
# monochrome an alarm row does not look like the selection.  Screen text
# and database state, under TERM=vt100 and xterm-256color at 80x24.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
DISPATCH=$B/mes-dispatch

echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null

for term in vt100 xterm-256color; do
	s=k$term
	tm_start $s $term "MES_CONFIG=$MES_CONFIG $DISPATCH --shared"
	wait_for $s "Scan your badge" >/dev/null
	keys $s "100002" Enter; keys $s "1111" Enter
	wait_for $s "Olga Brandt" >/dev/null
	keys $s q
	check "$term: q on a shared terminal locks it first" wait_for $s "locked: q again quits mes-dispatch"
	check "... the badge screen, not a shell" sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q 'Scan your badge' && ! tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q EXITED"
	check "... olga is logged out" sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | head -n 1 | grep -q locked"
	keys $s q
	check "$term: q at the badge screen asks" wait_for $s "Quit mes-dispatch? This terminal is shared. y/n"
	keys $s n
	check "... n keeps the program" wait_for $s "Scan your badge"
	check "... still running" sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q EXITED"
	keys $s q; wait_for $s "shared. y/n" >/dev/null; keys $s y
	check "... q, y quits" wait_for $s "EXITED=0"

	# Not shared: an SSH user's own session quits at once.
	s=n$term
	tm_start $s $term "MES_CONFIG=$MES_CONFIG $DISPATCH"
	wait_for $s "Scan your badge" >/dev/null
	keys $s q
	check "$term: without --shared q quits at once" wait_for $s "EXITED=0"
done

# Lines: the VT's own line set (ACS: tmux shows the letters that select
# it) in a UTF-8 locale; a UTF-8 terminal gets UTF-8 lines.
for term in vt100 vt220 xterm-256color; do
	s=l$term
	tm_start $s $term "LANG=C.UTF-8 MES_CONFIG=$MES_CONFIG $DISPATCH --shared"
	wait_for $s "Scan your badge" >/dev/null
	keys $s "100002" Enter; keys $s "1111" Enter
	wait_for $s "Olga Brandt" >/dev/null
	keys $s "?"
	wait_for $s "Help" >/dev/null; sleep 0.3
	case $term in
	vt*) check "$term in a UTF-8 locale: no UTF-8 box characters" sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q 'lq Help qq' && ! tmux -L $TMUX_SOCK capture-pane -p -t $s | grep -q '─'" ;;
	*) check "$term: UTF-8 box characters" wait_for $s "┌─ Help ─" ;;
	esac
done

# Monochrome: an alarm row is underlined and bold, the selection reverse.
# (the demo plant has an andon call open at SAW-01)
for term in vt100 xterm-256color; do
	s=m$term
	tm_start $s $term "NO_COLOR=1 MES_CONFIG=$MES_CONFIG $DISPATCH --shared"
	wait_for $s "Scan your badge" >/dev/null
	keys $s "100002" Enter; keys $s "1111" Enter
	wait_for $s "SAW-01" >/dev/null
	keys $s j; sleep 0.3
	tm capture-pane -e -p -t $s > $T/sgr.$term
	check "$term monochrome: the alarm row (SAW-01's andon) is underlined" sh -c "grep 'SAW-01' $T/sgr.$term | grep -q '\[1;4m'"
	check "... and not drawn as the selection is (reverse)" sh -c "! grep 'SAW-01' $T/sgr.$term | grep -q '\[[0-9;]*7[0-9;]*m'"
	check "... which is reverse (CNC-01, the second row, after j)" sh -c "grep 'CNC-01' $T/sgr.$term | grep -q '\[[0-9;]*7[0-9;]*m'"
done

# A VT220 on a serial line runs in a locale that is not UTF-8: names go
# out in ASCII (Rémy as Remy), lines in its own set, the columns in line;
# a UTF-8 terminal in a UTF-8 locale gets the name as it is stored.
s=c220
tm_start $s vt220 "LANG=C LC_ALL=C MES_CONFIG=$MES_CONFIG $B/mes-scan --shared"
wait_for $s "Scan your badge" >/dev/null
keys $s "100006" Enter; keys $s "5555" Enter
check "vt220, LANG=C: the name in ASCII" wait_for $s "Remy Faure (receiving)"
check "... at the right edge: its columns in line" \
	sh -c "tmux -L $TMUX_SOCK capture-pane -p -t $s | head -n 1 | grep -q 'Remy Faure (receiving) *$' && test \$(tmux -L $TMUX_SOCK capture-pane -p -t $s | head -n 1 | wc -c) -le 81"
tm capture-pane -p -t $s | LC_ALL=C grep -q "$(printf '[\200-\377]')" && r=1 || r=0
check "... and no byte a VT220 cannot show" test $r = 0
s=u8
tm_start $s xterm-256color "LANG=C.UTF-8 MES_CONFIG=$MES_CONFIG $B/mes-scan --shared"
wait_for $s "Scan your badge" >/dev/null
keys $s "100006" Enter; keys $s "5555" Enter
check "xterm-256color, UTF-8: the name as stored" wait_for $s "Rémy Faure (receiving)"
