#!/bin/sh
# The dispatch board at scale: 100,000 work orders, 500,000 operations.
# First paint (time, bytes), a redraw after another process changes one
# order, bytes written by an idle board in 10 s, resident memory; and
# sqlite3's own time for the queries the board ran before schema 10 (full
# counts and sorts of each queue) on the same file.
BUILD=${BUILD:-build}
ORDERS=${ORDERS:-100000}
TOP=$(pwd)
case $BUILD in /*) B=$BUILD ;; *) B=$TOP/$BUILD ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/mes-bench-XXXXXX")
SOCK=mes-bench-$$
tm() { tmux -L "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
wait_screen() {   # wait_screen TEXT: until the board shows TEXT (30 s)
	i=0; while [ $i -lt 3000 ]; do
		tm capture-pane -p -t b | grep -q -- "$1" && return 0
		sleep 0.01; i=$((i + 1)); done; return 1
}

"$BUILD/bench/genplant" "$T/big.db" "$ORDERS" >/dev/null || exit 1
printf '[database]\npath = %s/big.db\n' "$T" > "$T/mes.ini"

# Baseline: the same queries the board runs, in the sqlite3 shell.
{
	echo "SELECT count(*) FROM work_centers;"
	for i in $(seq -w 1 60); do cat <<SQL
SELECT (SELECT count(*) FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id
 WHERE o.wc_id = c.id AND o.status IN ('waiting','running','paused')
 AND w.status IN ('released','running','held')) FROM work_centers c WHERE c.code = 'WC-$i';
SELECT o2.id FROM wo_ops o2 JOIN work_orders w2 ON w2.id = o2.wo_id
 JOIN work_centers c2 ON c2.id = o2.wc_id WHERE c2.code = 'WC-$i'
 AND o2.status IN ('waiting','running','paused') AND w2.status IN
 ('released','running','held') ORDER BY o2.status = 'waiting',
 o2.plan_start IS NULL, o2.plan_start, w2.priority, w2.due_date, w2.wo_no,
 o2.seq LIMIT 1;
SQL
	done
} > "$T/board.sql"
sqlite3 "$T/big.db" < "$T/board.sql" >/dev/null   # warm the page cache
t0=$(now); sqlite3 "$T/big.db" < "$T/board.sql" >/dev/null; t1=$(now)
base=$(ms $t0 $t1)

tm new-session -d -x 80 -y 24 -s b "env TERM=xterm-256color MES_CONFIG=$T/mes.ini $B/mes-dispatch --shared"
wait_screen "Scan your badge" || { echo "board: did not start"; exit 1; }
tm send-keys -t b Enter; sleep 0.3
tm send-keys -t b "bench" Tab "123456"; sleep 0.3
tm pipe-pane -o -t b "cat >> $T/paint.out"
t0=$(now); tm send-keys -t b Enter
wait_screen "work centers," || { echo "board: no first paint"; exit 1; }
t1=$(now); sleep 0.5
paint=$(ms $t0 $t1); paint_bytes=$(wc -c < "$T/paint.out")
tm pipe-pane -t b

wo=$(tm capture-pane -p -t b | sed -n '3p' | grep -o 'WO-[0-9]*' | head -n 1)
tm pipe-pane -o -t b "cat >> $T/change.out"
t0=$(now)
MES_PIN=123456 "$BUILD/mesctl" --config "$T/mes.ini" --user bench order hold "$wo" --reason bench >/dev/null
wait_screen "blocked" || echo "board: the hold of $wo never showed"
t1=$(now); sleep 0.5
change=$(ms $t0 $t1); change_bytes=$(wc -c < "$T/change.out")
tm pipe-pane -t b

tm pipe-pane -o -t b "cat >> $T/idle.out"
sleep 10
tm pipe-pane -t b
idle=$(wc -c < "$T/idle.out")
pid=$(tm list-panes -t b -F '#{pane_pid}')
rss=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status 2>/dev/null)

echo "board: $ORDERS work orders, $((ORDERS * 5)) operations, 60 work centers"
printf '  %-46s %6s ms\n' "baseline: sqlite3, the board's old queries" "$base"
printf '  %-46s %6s ms  %6s bytes  ratio %s\n' "first paint after log-in" "$paint" "$paint_bytes" \
	"$(awk -v a="$paint" -v b="$base" 'BEGIN { printf "%.2fx", b ? a / b : 0 }')"
printf '  %-46s %6s ms  %6s bytes\n' "redraw after another process holds $wo" "$change" "$change_bytes"
printf '  %-46s %6s bytes (goal 0)\n' "idle board, 10 s" "$idle"
printf '  %-46s %6s kB (goal under 8192)\n' "resident memory of mes-dispatch" "$rss"
