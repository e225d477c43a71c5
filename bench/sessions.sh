#!/bin/sh
# Many terminals on one plant: K mes-dispatch boards logged in through
# tmux on a bench/genplant plant (100,000 orders; 2,000 and 40,000 of them
# open), while a writer holds and lifts holds on orders each board shows.
# Per K: CPU milliseconds per change per board (the boards' CPU over the
# changes, less what the same boards spend idle for as long), commit-to-
# screen latency p50/p99 (a change is seen when the board's line shows the
# order blocked; sampled boards), resident memory per board (RSS, and PSS:
# its share of the pages the boards share, so what one more costs), the
# boards' total CPU; against one indexed point query in the sqlite3 shell.
# Then, at the largest K, shift change: LOGINS people (default 200) log in
# by PIN within LOGIN_SECONDS (default 60), a process each, while the
# writer goes on; the boards' latency then, and the log-ins' own times
# beside one bare argon2id verify (bench/logins).  And a sustained load:
# RATE changes a second (default 10) for SUSTAIN seconds (default 60) on
# another order, with the boards' latency and total CPU meanwhile.
# SESSIONS (default "10 50") and CHANGES (default 20) shorten or widen it.
# It counts the CPU of every mes-dispatch on the machine: run it where no
# other board is open.
NAME=sessions
. bench/terms.inc
SESSIONS=${SESSIONS:-10 50}
CHANGES=${CHANGES:-20}
LOGINS=${LOGINS:-200}
LOGIN_SECONDS=${LOGIN_SECONDS:-60}
RATE=${RATE:-10}
SUSTAIN=${SUSTAIN:-60}
# flip WO M: the Mth change of a run on WO, a hold when M is even, else
# its lift (so a run that ends on an even count ends lifted)
flip() {
	if [ $(($2 % 2)) -eq 0 ]; then set -- hold "$1" --reason bench; else set -- unhold "$1"; fi
	MES_PIN=123456 "$B/mesctl" --config "$T/p$open.ini" --user bench order "$@" >/dev/null
}
# changes N LAT [PID]: N holds and lifts of $wo (or until PID ends), each
# timed from before the commit to the sampled boards showing it, into LAT
changes() {
	j=0
	while [ $j -lt "$1" ] || { [ -n "$3" ] && kill -0 "$3" 2>/dev/null; }; do
		if [ $((j % 2)) -eq 0 ]; then want=blocked; else want="idle\|waiting"; fi
		ts=$(now)
		flip "$wo" $j
		# Sampled boards: the first, the middle and the last.
		for s in 1 $(( (k + 1) / 2 )) "$k"; do
			n=0; until tm capture-pane -p -t "s$s" | grep "^$wc " | grep -q "$want"; do
				n=$((n + 1)); [ $n -gt 500 ] && break; sleep 0.005; done
			echo $(( ($(now) - ts) / 1000000 )) >> "$2"
		done
		sleep 0.3
		j=$((j + 1))
	done
	# End lifted, so the next pass starts from the same state.
	[ $((j % 2)) -eq 1 ] && flip "$wo" 1
	return 0
}

# writer WO: holds and lifts WO at $RATE a second for $SUSTAIN s, each
# start paced from the first; prints how many it made
writer() {
	t_end=$(( $(now) + SUSTAIN * 1000000000 )); step=$((1000000000 / RATE))
	next=$(now); m=0
	while [ "$(now)" -lt "$t_end" ]; do
		flip "$1" $m
		m=$((m + 1)); next=$((next + step)); left=$((next - $(now)))
		[ "$left" -gt 0 ] && sleep "$(awk -v l="$left" 'BEGIN { printf "%.3f", l / 1e9 }')"
	done
	[ $((m % 2)) -eq 1 ] && flip "$1" 1
	echo "$m"
}

for k in $SESSIONS; do last=$k; done
for open in 2000 40000; do
	db=$T/p$open.db
	"$B/bench/genplant" "$db" 100000 "$open" >/dev/null || exit 1
	printf '[database]\npath = %s\n' "$db" > "$T/p$open.ini"
	base=$(point_ms "$db")
	echo "sessions: 100,000 orders, $open open, 60 work centers"
	printf '  %-44s %8s ms\n' "baseline: sqlite3, one indexed point query" "$base"
	for k in $SESSIONS; do
		i=1; while [ $i -le "$k" ]; do
			tm new-session -d -x 80 -y 24 -s "s$i" "env TERM=vt100 MES_CONFIG=$T/p$open.ini $B/mes-dispatch --shared"
			i=$((i + 1)); done
		sleep 2
		i=1; while [ $i -le "$k" ]; do tm send-keys -t "s$i" Enter; i=$((i + 1)); done; sleep 1
		i=1; while [ $i -le "$k" ]; do tm send-keys -t "s$i" bench Tab 123456 Enter; i=$((i + 1)); done
		i=1; while [ $i -le "$k" ]; do
			n=0; until tm capture-pane -p -t "s$i" | grep -q "work centers,"; do
				n=$((n + 1)); [ $n -gt 600 ] && { echo "  board s$i did not log in"; break; }; sleep 0.1; done
			i=$((i + 1)); done
		sleep 2
		# Idle cost over the time the changes will take.
		c0=$(cpu mes-dispatch); t0=$(now); sleep $((CHANGES / 2)); c1=$(cpu mes-dispatch); t1=$(now)
		idle_ns=$((c1 - c0)); idle_t=$((t1 - t0))
		wo=$(tm capture-pane -p -t s1 | sed -n 3p | grep -o 'WO-[0-9]*' | head -n 1)
		wc=$(tm capture-pane -p -t s1 | sed -n 3p | awk '{print $1}')
		: > "$T/lat"
		c0=$(now); cs=$(cpu mes-dispatch)
		changes "$CHANGES" "$T/lat"
		ce=$(cpu mes-dispatch); c1=$(now)
		busy_ns=$((ce - cs)); busy_t=$((c1 - c0))
		# The boards' CPU for the changes: all of it less idle's rate.
		per=$(awk -v b=$busy_ns -v i=$idle_ns -v bt=$busy_t -v it=$idle_t -v n="$CHANGES" -v k="$k" \
			'BEGIN { x = (b - i * bt / it) / n / k / 1e6; printf "%.2f", x < 0 ? 0 : x }')
		tot=$(awk -v b=$busy_ns -v bt=$busy_t 'BEGIN { printf "%.0f", b / bt * 100 }')
		rss=$(for p in $(pgrep -x mes-dispatch); do awk '/VmRSS/ {print $2}' /proc/"$p"/status; done | pct 50)
		# What one more board costs: its share of the pages the boards
		# share (libraries, program text) and all of its own.
		pss=$(for p in $(pgrep -x mes-dispatch); do awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup; done | pct 50)
		p50=$(pct 50 < "$T/lat"); p99=$(pct 99 < "$T/lat")
		printf '  K=%-4s CPU per change per board %6s ms (goal 2)   latency p50 %4s ms p99 %4s ms (goal 250)\n' \
			"$k" "$per" "$p50" "$p99"
		printf '         RSS per board %6s kB, PSS %6s kB (goal 4096)   boards total CPU %3s%% of one core\n' "$rss" "$pss" "$tot"
		if [ "$k" = "$last" ] && [ "$LOGINS" -gt 0 ]; then
			"$B/bench/logins" --add "$db" "$LOGINS" || exit 1
			: > "$T/lat"
			"$B/bench/logins" "$db" "$LOGINS" "$LOGIN_SECONDS" > "$T/logins" &
			lp=$!
			changes 2 "$T/lat" "$lp"
			wait "$lp"
			sed 's/^/  /' "$T/logins"
			printf '  K=%-4s during the log-ins: latency p50 %4s ms p99 %4s ms (goal 250)\n' \
				"$k" "$(pct 50 < "$T/lat")" "$(pct 99 < "$T/lat")"
		fi
		if [ "$k" = "$last" ] && [ "$RATE" -gt 0 ]; then
			wo2=$(tm capture-pane -p -t s1 | sed -n 5p | grep -o 'WO-[0-9]*' | head -n 1)
			: > "$T/lat"
			c0=$(now); cs=$(cpu mes-dispatch)
			writer "$wo2" > "$T/made" &
			wp=$!
			changes 2 "$T/lat" "$wp"
			wait "$wp"
			ce=$(cpu mes-dispatch); c1=$(now)
			made=$(cat "$T/made")
			printf '  K=%-4s %s changes/s for %s s (%s made, of %s and %s): latency p50 %4s ms p99 %4s ms (goal 250)\n' \
				"$k" "$RATE" "$SUSTAIN" "$((made + j))" "$wo2" "$wo" "$(pct 50 < "$T/lat")" "$(pct 99 < "$T/lat")"
			printf '         boards total CPU %3s%% of one core (goal below 100)\n' \
				"$(awk -v b=$((ce - cs)) -v bt=$((c1 - c0)) 'BEGIN { printf "%.0f", b / bt * 100 }')"
		fi
		tm kill-server 2>/dev/null
		sleep 1
	done
	rm -f "$db" "$db-wal" "$db-shm" "$db-lock"
done
