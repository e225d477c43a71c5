#!/bin/sh
# Each program's key table against its man page and its screens: the KEYS
# list of man/mes-PROG.1 is what `mes-PROG --keys` prints, the help shows
# the table's lines, and a key the table does not bind does nothing.
# After changing a keys.c, UPDATE_MAN=1 sh tests/cli/keys.sh writes the
# new list into the man pages (then read the diff before committing).
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT

# man_keys PAGE: the rows of the KEYS list (after its header row)
man_keys() {
	sed -n '/^\.Sh KEYS/,/^\.Sh /p' "$1" | sed -n '/^\.It Sy/,/^\.El/p' |
		sed '1d;$d'
}
# same_keys PROG PAGE: --keys succeeds and prints the page's rows
same_keys() {
	"$B/$1" --keys > $T/table || { echo "#   $1 --keys failed"; return 1; }
	man_keys "$2" > $T/man
	diff -u $T/man $T/table | sed 's/^/#   /'
	cmp -s $T/man $T/table
}
# put_keys PROG PAGE: the page with its rows replaced by --keys
put_keys() {
	"$B/$1" --keys > $T/table &&
	awk -v t=$T/table '
		/^\.Sh / { keys = ($2 == "KEYS") }
		keys && skip && /^\.El/ { skip = 0; while ((getline l < t) > 0) print l }
		skip { next }
		{ print }
		keys && /^\.It Sy/ { skip = 1 }' "$2" > $T/page && cp $T/page "$2"
}

for p in dispatch quality scan maint; do
	[ -n "$UPDATE_MAN" ] && put_keys mes-$p man/mes-$p.1
	check "mes-$p(1) KEYS is mes-$p --keys" same_keys mes-$p man/mes-$p.1
done
sed 's/^\(\.It F8 Ta\) n /\1 g /' man/mes-quality.1 > $T/bad.1
check "a page whose key differs from the table fails the comparison" \
	eval '! same_keys mes-quality $T/bad.1 >/dev/null'
expect_rc "a stray option is still a usage error" 2 $T/o "$B/mes-quality" --key

echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null
# title NAME SCREEN: the title line names SCREEN
title() { screen "$1" | head -n 1 | grep -q -- "mes-quality: $2 "; }
for term in vt100 xterm-256color; do
	tm_start q$term $term "MES_CONFIG=$MES_CONFIG $B/mes-quality --shared"
	wait_for q$term "Scan your badge" >/dev/null
	keys q$term "100002" Enter; keys q$term "1111" Enter
	wait_for q$term "Olga Brandt" >/dev/null
done
q=qvt100
keys $q "g"; sleep 0.5
check "mes-quality: g (the board's Gantt key) does nothing" title $q due
keys $q "n"
check "mes-quality: n opens the non-conformances (vt100)" \
	wait_for $q "mes-quality: non-conformances"
# The hint line is made from the table's hints with each action's own key.
check "... whose hint line is the table's, each with its own key" \
	wait_for $q "open ones  Enter record  s next step  a new"
keys $q Escape
keys qxterm-256color F8
check "mes-quality: F8 opens them too (xterm-256color)" \
	wait_for qxterm-256color "mes-quality: non-conformances"
keys $q "?"
check "the help shows the table's line for F8" \
	wait_for $q "F8   n   NCs    the non-conformances"
check "... and one that is only in the table" \
	wait_for $q "the characteristics of the selected plan"
check "... with keys named as people write them" \
	sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t $q | grep -q 'KEY_\\|Gantt\\|zoom'"
check "... and it fits: no scrolling at 80x24" \
	sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t $q | grep -q 'Up/Down: scroll'"
keys $q Escape; tm_quit $q
check "mes-quality quits" wait_for $q "EXITED=0"
