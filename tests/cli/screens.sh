#!/bin/sh
# Whole screens at 80x24, as tig tests them: each program's main screen
# and its help, under TERM=vt100 and TERM=xterm-256color, against the text
# saved in tests/data/screens/PROG-SCREEN.txt.  What moves with the clock
# (dates, times, "N min ago") is masked, so only the layout and the words
# are compared.  After a deliberate change to a screen,
#   UPDATE_SCREENS=1 sh tests/cli/screens.sh
# writes the files anew; read their diff before committing them.
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
S=tests/data/screens

echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null
echo 7777 | MES_PIN=0000 "$MESCTL" --user setup asset demo-seed >/dev/null

# masked NAME: the screen with what the clock changes replaced
masked() {
	screen "$1" | sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}/YYYY-MM-DD/g' \
		-e 's/[0-9]{2}:[0-9]{2}(:[0-9]{2})?/HH:MM/g' \
		-e 's/[0-9]+ (s|min|h|d) ago/N \1 ago/g'
}
# same NAME FILE: the screen is FILE's text (or becomes it, when updating)
same() {
	masked "$1" > $T/got
	if [ -n "$UPDATE_SCREENS" ]; then cp $T/got "$2"; return 0; fi
	diff -u "$2" $T/got | sed 's/^/#   /'
	cmp -s "$2" $T/got
}
# fits NAME: nothing in the help box waits below its last row
fits() { ! screen "$1" | grep -q 'Up/Down: scroll'; }

# prog badge pin first-screen-text
for p in "dispatch 100002 1111 SAW-01" "quality 100002 1111 Nothing is due" \
         "scan 100006 5555 Received here" "maint 100005 4444 M-WELD-01-SP"; do
	set -- $p; prog=$1; badge=$2; pin=$3; shift 3; text="$*"
	for term in vt100 xterm-256color; do
		w=$prog-$term
		tm_start $w $term "MES_CONFIG=$MES_CONFIG $B/mes-$prog --shared"
		wait_for $w "Scan your badge" >/dev/null
		keys $w "$badge" Enter; keys $w "$pin" Enter
		wait_for $w "$text" >/dev/null; sleep 0.3
		check "mes-$prog main screen, TERM=$term" same $w $S/$prog-main.txt
		keys $w "?"
		wait_for $w "Help" >/dev/null; sleep 0.3
		# A VT draws its box with its own line set (ACS), which
		# tmux shows as the letters that select it.
		help=$S/$prog-help.txt; [ $term = vt100 ] && help=$S/$prog-help-vt100.txt
		check "mes-$prog help screen, TERM=$term" same $w $help
		check "... the help fits at 80x24" fits $w
		keys $w Escape; tm_quit $w
		wait_for $w "EXITED=0" >/dev/null
	done
done
