#!/bin/sh
# A mix of terminals on a plant with history: bench/genplant's 100,000
# orders (40,000 open) and bench/genhistory's years of downtime,
# maintenance, inspections, lots and non-conformances.  SESSIONS (default
# 10) each of mes-dispatch (the board), mes-quality (its due list),
# mes-scan (receiving) and mes-maint (the asset tree) logged in through
# tmux, so 4 x SESSIONS terminals (SESSIONS=50: 200); then CHANGES
# (default 20) of each kind made by mesctl: order holds and lifts,
# receipt lines imported, downtime given its reason.  Per program and
# kind: CPU milliseconds per change per session (less what the same
# sessions spend idle for as long), and where the screen shows the
# change (the order blocked on the board, a receipt line, the count of
# downtime without a reason), the commit-to-screen latency p50/p99 on a
# sampled session; RSS and PSS per session; all sessions' CPU together.
# Baseline: one indexed point query in the sqlite3 shell.
NAME=screens
. bench/terms.inc
SESSIONS=${SESSIONS:-10}
CHANGES=${CHANGES:-20}
PROGS="mes-dispatch mes-quality mes-scan mes-maint"
ctl() { MES_PIN=123456 "$B/mesctl" --config "$T/p.ini" --user bench "$@" >/dev/null; }
db=$T/p.db
"$B/bench/genplant" "$db" 100000 40000 >/dev/null || exit 1
"$B/bench/genhistory" "$db" >/dev/null || exit 1
printf '[database]\npath = %s\n' "$db" > "$T/p.ini"
echo "screens: 100,000 orders (40,000 open), 120,000 downtime events, 200,000 inspections, 100,000 lots; $SESSIONS sessions of each of 4 programs"
printf '  %-52s %8s ms\n' "baseline: sqlite3, one indexed point query" "$(point_ms "$db")"
for p in $PROGS; do
	i=1; while [ $i -le "$SESSIONS" ]; do
		tm new-session -d -x 80 -y 24 -s "$p$i" "env TERM=vt100 MES_CONFIG=$T/p.ini $B/$p --shared"
		i=$((i + 1)); done
done
sleep 2
for p in $PROGS; do i=1; while [ $i -le "$SESSIONS" ]; do
	tm send-keys -t "$p$i" Enter; i=$((i + 1)); done; done
sleep 1
for p in $PROGS; do i=1; while [ $i -le "$SESSIONS" ]; do
	tm send-keys -t "$p$i" bench Tab 123456 Enter; i=$((i + 1)); done; done
for p in $PROGS; do i=1; while [ $i -le "$SESSIONS" ]; do
	n=0; until tm capture-pane -p -t "$p$i" | grep -q "Bench Admin"; do
		n=$((n + 1)); [ $n -gt 600 ] && { echo "  $p$i did not log in"; break; }; sleep 0.1; done
	i=$((i + 1)); done; done
sleep 2
# The idle cost of each program's sessions over 10 s.
for p in $PROGS; do eval "i0_$(echo $p | tr - _)=$(cpu $p)"; done
t0=$(now); sleep 10; t1=$(now); idle_t=$((t1 - t0))
for p in $PROGS; do v=$(echo $p | tr - _); eval "idle_$v=\$(( \$(cpu $p) - i0_$v ))"; done
ctl item gs1 P-0001 --gtin 09521234543213
# the order next on the first board's first line, and its work center
wo=$(tm capture-pane -p -t mes-dispatch1 | sed -n 3p | grep -o 'WO-[0-9]*' | head -n 1)
wc=$(tm capture-pane -p -t mes-dispatch1 | sed -n 3p | awk '{print $1}')
# change KIND M: the Mth change of its kind
change() {
	case $1 in
	order) if [ $(($2 % 2)) -eq 0 ]; then ctl order hold "$wo" --reason bench; else ctl order unhold "$wo"; fi ;;
	receipt) printf 'po_no,line,supplier,item,gtin,qty,tolerance_pct\nBENCH-%03d,1,Bench,P-0001,09521234543213,10,0\n' $((999 - $2)) > "$T/r.csv"
	         ctl import receipts "$T/r.csv" ;;
	downtime) ctl downtime assign "$(sqlite3 "$db" "SELECT id FROM downtime_events WHERE reason_code IS NULL ORDER BY id LIMIT 1")" BRK ;;
	esac
}
# seen KIND M: the sampled session shows the Mth change (0: not shown)
seen() {
	case $1 in
	# (numbered down, so that the newest sorts first and is on screen)
	receipt) tm capture-pane -p -t mes-scan1 | grep -q "BENCH-$((999 - $2))" ;;
	downtime) tm capture-pane -p -t mes-maint1 | grep -q "Downtime without reason: $((20 - $2 - 1)) " ;;
	order) if [ $(($2 % 2)) -eq 0 ]; then want=blocked; else want="idle\|waiting"; fi
	       tm capture-pane -p -t mes-dispatch1 | grep "^$wc " | grep -q "$want" ;;
	esac
}
for kind in order receipt downtime; do
	for p in $PROGS; do eval "c0_$(echo $p | tr - _)=$(cpu $p)"; done
	: > "$T/lat"; t0=$(now); m=0
	while [ $m -lt "$CHANGES" ]; do
		ts=$(now); change $kind $m
		n=0; until seen $kind $m; do n=$((n + 1)); [ $n -gt 400 ] && break; sleep 0.005; done
		echo $(( ($(now) - ts) / 1000000 )) >> "$T/lat"
		sleep 0.3; m=$((m + 1))
	done
	t1=$(now); busy_t=$((t1 - t0))
	for p in $PROGS; do
		v=$(echo $p | tr - _); eval "c0=\$c0_$v; idle=\$idle_$v"
		per=$(awk -v b=$(( $(cpu $p) - c0 )) -v i="$idle" -v bt=$busy_t -v it=$idle_t -v n="$CHANGES" -v k="$SESSIONS" \
			'BEGIN { x = (b - i * bt / it) / n / k / 1e6; printf "%.2f", x < 0 ? 0 : x }')
		lat=""
		if { [ $kind = order ] && [ $p = mes-dispatch ]; } || { [ $kind = receipt ] && [ $p = mes-scan ]; } ||
		   { [ $kind = downtime ] && [ $p = mes-maint ]; }; then
			lat=$(printf '   latency p50 %4s ms p99 %4s ms (goal 250)' "$(pct 50 < "$T/lat")" "$(pct 99 < "$T/lat")")
		fi
		printf '  %-12s %-9s CPU per change per session %6s ms (goal 2)%s\n' "$p" "$kind" "$per" "$lat"
		all=$(( ${all:-0} + $(cpu $p) - c0 ))
	done
	printf '  %-22s all %d sessions together %3s%% of one core\n' "$kind" $((4 * SESSIONS)) \
		"$(awk -v b=$all -v bt=$busy_t 'BEGIN { printf "%.0f", b / bt * 100 }')"
	all=0
done
for p in $PROGS; do
	rss=$(for q in $(pgrep -x "$p"); do awk '/VmRSS/ {print $2}' /proc/"$q"/status; done | pct 50)
	pss=$(for q in $(pgrep -x "$p"); do awk '/^Pss:/ {print $2}' /proc/"$q"/smaps_rollup; done | pct 50)
	printf '  %-12s RSS per session %6s kB, PSS %6s kB (goal 4096)\n' "$p" "$rss" "$pss"
done
