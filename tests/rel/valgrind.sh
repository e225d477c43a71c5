#!/bin/sh
# valgrind memcheck: mesctl commands, and a scripted mes-dispatch session
# driven through tmux.  Passes with no invalid read or write, no use of
# uninitialised values and no definite leak ("still reachable" from
# ncurses' own tables is not a leak).
. tests/cli/lib.inc
. tests/cli/tmux.inc
trap 'tm_cleanup; rm -rf "$T"' EXIT
DISPATCH=$TOP/$BUILD/mes-dispatch
if ! command -v valgrind >/dev/null; then
	echo "ok - valgrind: skipped, valgrind is not installed (make deps installs it)"; exit 0
fi
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 --track-origins=yes"
# clean LOG: no memcheck error and no definite leak in LOG
clean() { ! grep -q "Invalid \|uninitialised\|definitely lost: [1-9]\|ERROR SUMMARY: [1-9]\|are definitely lost" "$1"; }
vg() { # NAME ARGS...: one mesctl command under valgrind
	n=$1; shift
	$VG --log-file=$T/vg-$n.log "$MESCTL" "$@" >$T/out-$n 2>&1; st=$?
	if [ $st -ne 99 ] && clean $T/vg-$n.log; then ok "valgrind: mesctl $* (exit $st)"
	else nok "valgrind: mesctl $*"; head -n 40 $T/vg-$n.log | sed 's/^/#   /'; fi
}
FULL=${REL_FULL:-0}
if [ "$FULL" = 1 ]; then
	echo 0000 | $VG --log-file=$T/vg-init.log "$MESCTL" init --admin setup >/dev/null 2>&1
	check "valgrind: mesctl init" clean $T/vg-init.log
	MES_PIN=0000 $VG --log-file=$T/vg-seed.log "$MESCTL" --user setup demo-seed >/dev/null 2>&1
	check "valgrind: mesctl demo-seed" clean $T/vg-seed.log
else
	echo 0000 | "$MESCTL" init --admin setup >/dev/null 2>&1
	MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null 2>&1
fi
export MES_PIN=0000
vg status status
vg verify audit verify
vg hold --user setup order hold WO-1003 --reason valgrind
vg unhold --user setup order unhold WO-1003 --reason valgrind
if [ "$FULL" = 1 ]; then
	vg anchor audit anchor
	"$MESCTL" audit anchor > $T/anchor
	vg verify-anchor audit verify --anchor $T/anchor
	vg users --user setup user list
	vg show --user setup audit show --since 2026
	vg sched --user setup schedule --iterations 20
	vg unavail --user setup unavailable CNC-01 --from 2027-01-01T00:00 --note valgrind
	vg gs1 gs1 "(01)09521234543213(10)ABC(17)251231"
	vg export --user setup export results --since 2026
	vg backup --user setup backup $T/backup.db
fi
unset MES_PIN

# ---- mes-dispatch, scripted (make check-reliability) ------------------------------
[ "$FULL" = 1 ] || exit 0
tm_start v xterm "MES_CONFIG=$MES_CONFIG $VG --log-file=$T/vg-dispatch.log $DISPATCH --shared"
if wait_for v "Scan your badge" 30 >/dev/null; then
	keys v "100003" Enter; keys v "2222" Enter
	wait_for v "Luis Moreno" 20 >/dev/null
	keys v "WO-1003/10" Enter; sleep 1
	keys v "s"; sleep 1.5
	keys v "r"; sleep 1; keys v "3" Enter; sleep 1.5
	keys v "p"; sleep 1; keys v Enter; sleep 1.5
	keys v Escape; sleep 0.5
	keys v "a"; sleep 1; keys v Escape; sleep 0.5
	keys v "g"; sleep 1.5; keys v Escape; sleep 0.5
	keys v "?"; sleep 1; keys v Escape; sleep 0.5
	tm resize-window -t v -x 100 -y 30 2>/dev/null; sleep 1
	keys v "q"
	wait_for v "EXITED=" 30 >/dev/null
fi
screen v > $T/vscr 2>/dev/null
check "valgrind: a scripted mes-dispatch session ran to its end" grep -q "EXITED=0" $T/vscr
if clean $T/vg-dispatch.log && [ -s $T/vg-dispatch.log -o -f $T/vg-dispatch.log ]; then
	ok "valgrind: mes-dispatch: no invalid reads or writes, no definite leaks"
else
	nok "valgrind: mes-dispatch"; head -n 60 $T/vg-dispatch.log | sed 's/^/#   /'
fi
