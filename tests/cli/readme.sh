#!/bin/sh
# The README tells the truth.  Its ```sh examples run as shown, in order,
# in one shell, from a directory that looks like a checkout after `make
# demo` (build/, data/, tests/ and the demo plant in demo/).  Each line is
# one command: it must exit 0, or the status its "# exit N" comment names;
# a line that opens a terminal program runs in tmux and must show the
# log-in screen, where q quits.  Plain ``` blocks are not run: they need
# root or a real plant (tests/cli/install.sh covers the install).  Every
# program and every mesctl command has its row in the README's tables.
. tests/cli/lib.inc
W=$T/w
mkdir -p $W
ln -s "$B" $W/build; ln -s "$TOP/data" $W/data; ln -s "$TOP/tests" $W/tests

# ---- the tables name everything there is ----
for p in mes-dispatch mes-quality mes-scan mes-maint mes-collect mes-plcsim mes-ship mesctl; do
	check "README: a row for $p" grep -q "^| \`$p\`" README.md
done
"$MESCTL" --help 2>&1 | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p' > $T/cmds
check "mesctl --help lists its commands" test "$(wc -l < $T/cmds)" -gt 20
missing=""
for c in $(cat $T/cmds); do
	grep -q "^| \`mesctl $c" README.md || missing="$missing $c"
done
check "README: a row for every mesctl command${missing:+ (missing:$missing)}" test -z "$missing"
check "README: no 'not here yet'" sh -c "! grep -qi 'not here yet' README.md"

# ---- the demo, as make demo makes it ----
(cd $W && MES_DEMO_NO_BOARD=1 BUILD=build sh data/demo.sh demo) >$T/demo.log 2>&1
check "the demo plant is made" has $T/demo.log "orders     6"

# ---- the examples ----
# Each line of a ```sh block becomes the line itself, then a check of its
# exit status against README.md's line number.  They run in a shell of
# their own, under a time limit, so that an example that hangs is a
# failure and not a stuck test.
awk '
/^```sh$/ { inb = 1; next }
/^```/ { inb = 0; next }
inb && $0 !~ /^[[:space:]]*(#|$)/ { printf "%d\t%s\n", NR, $0 }
' README.md > $T/lines
check "README: there are examples to run" test "$(wc -l < $T/lines)" -gt 30
EXOUT=$T/ex.out
{
	echo ". $TOP/tests/cli/tmux.inc"
	echo 'TMUX_SOCK=mes-readme-$$'
	echo "trap 'tm_cleanup' EXIT"
	echo "W=$W; EXOUT=$EXOUT"
	cat <<'EOS'
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; }
ex_rc() {
	if [ "$3" -eq "$2" ]; then ok "README.md:$1 exits $2"
	else nok "README.md:$1 exits $3, want $2"; sed "s/^/#   /" $EXOUT | tail -n 15; fi
}
# screen_ex LINE COMMAND: the program shows its log-in screen, q quits it
screen_ex() {
	tm_start ex$1 xterm "sh -c 'cd $W && MES_CONFIG=$MES_CONFIG exec $2'"
	if wait_for ex$1 "Scan your badge" >$EXOUT; then
		tm_quit ex$1
		if wait_for ex$1 "EXITED=0" >$EXOUT; then ok "README.md:$1 opens its log-in screen, q quits"
		else nok "README.md:$1: q did not quit"; sed 's/^/#   /' $EXOUT; fi
	else
		nok "README.md:$1 shows no log-in screen"; sed 's/^/#   /' $EXOUT
	fi
	tm kill-session -t ex$1 2>/dev/null
}
unset MES_CONFIG MES_USER MES_PIN
cd "$W"
EOS
	while IFS='	' read -r n cmd; do
		want=$(printf '%s\n' "$cmd" | sed -n 's/.*# exit \([0-9]*\).*/\1/p')
		case $cmd in
		*build/mes-dispatch*|*build/mes-quality*|*build/mes-scan*|*build/mes-maint*)
			prog=$(printf '%s\n' "$cmd" | sed 's/[[:space:]]*#.*$//')
			echo "screen_ex $n '$prog'" ;;
		*)
			# the braces end a trailing comment before the redirection
			printf '{ %s\n} >$EXOUT 2>&1\n' "$cmd"
			echo "ex_rc $n ${want:-0} \$?" ;;
		esac
	done < $T/lines
	echo 'echo "examples: done"'
} > $T/ex.sh
timeout 900 sh $T/ex.sh > $T/ex.log 2>&1
cat $T/ex.log
check "the examples ran to the end" grep -q '^examples: done' $T/ex.log
