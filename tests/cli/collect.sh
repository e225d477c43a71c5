#!/bin/sh
# mes-collect as a daemon against mes-plcsim over loopback: it books what
# the simulator counts; the simulator is killed mid-run and restarted, the
# collector itself is killed and restarted, and in the end the database
# holds exactly what the simulator's counters advanced: nothing lost,
# nothing counted twice.  The simulator is frozen (--speed 0) at the start
# and at the end so both ends of that sum are known.
. tests/cli/lib.inc
SIM=$B/mes-plcsim
COLLECT=$B/mes-collect
PIDS=""
cleanup() {
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
DB=$T/plant.db
q() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }

start_collect() {
	MES_COLLECT_PIN=7777 "$COLLECT" --foreground >>$T/collect.log 2>&1 &
	CPID=$!; PIDS="$PIDS $CPID"
}
# wait_sql SQL WANT [TENTHS]: until the query prints WANT; 30 s unless
# the check is about how soon
sql_is() { [ "$(q "$1")" = "$2" ]; }
wait_sql() {
	ws_end=$(( $(now_ms) + ${3:-300} * 100 ))
	until sql_is "$1" "$2"; do
		[ "$(now_ms)" -lt "$ws_end" ] || break
		sleep 0.1
	done
	sql_is "$1" "$2" && return 0
	echo "#   $1 = $(q "$1"), want $2"; sed 's/^/#   /' $T/collect.log | tail -5
	return 1
}
GOOD="SELECT CAST(ifnull(sum(good), 0) AS INTEGER) FROM machine_counts WHERE asset_id = (SELECT id FROM assets WHERE code = 'M-SAW-01')"
SCRAP="SELECT CAST(ifnull(sum(scrap), 0) AS INTEGER) FROM machine_counts WHERE asset_id = (SELECT id FROM assets WHERE code = 'M-SAW-01')"
ONLINE="SELECT online FROM plcs WHERE name = 'sim1'"

echo 0000 | $MESCTL init --admin setup >/dev/null 2>&1
MES_PIN=0000 $MESCTL --user setup demo-seed >/dev/null 2>&1
echo 7777 | MES_PIN=0000 $MESCTL --user setup asset demo-seed >$T/o 2>&1
check "mesctl asset demo-seed adds the machines and the collector" has $T/o "collector"

# ---- phase 0: a frozen simulator at 1000 gives the baseline ----
check "mes-plcsim starts frozen, counters at 1000" start_sim $T/sim0.log --machines 2 --speed 0 --counter-start 1000
SIM_PORT=$PORT
"$SIM" --print-map --port "$PORT" --machines 2 | sed \
	-e "s/^poll_ms = .*/poll_ms = 500/" \
	-e 's/^timeout_ms = .*/timeout_ms = 300\nretry_min_ms = 200\nretry_max_ms = 800/' >$T/plc.ini
printf '[collect]\nuser = collector\nbook_ms = 300\n' >>"$MES_CONFIG"
cat $T/plc.ini >>"$MES_CONFIG"
expect_rc "mes-collect refuses a bad option" 2 $T/o "$COLLECT" --bogus
# The PIN from a file: refused while others can read it, as ssh refuses a
# readable private key; taken once it is the collector's own (0600).
echo 7777 > $T/collect.pin; chmod 644 $T/collect.pin
sed "s|^\[collect\]$|[collect]\npin_file = $T/collect.pin|" "$MES_CONFIG" > $T/pin.ini
expect_rc "a PIN file others may read is refused" 1 $T/o timeout 20 env MES_CONFIG=$T/pin.ini "$COLLECT" --foreground
check "... saying to chmod 600 it" has $T/o "mode 0644.*run: chmod 600 $T/collect.pin"
chmod 600 $T/collect.pin
env MES_CONFIG=$T/pin.ini "$COLLECT" --foreground >$T/pin.log 2>&1 &
PINPID=$!; PIDS="$PIDS $PINPID"
check "... and taken once it is 0600" wait_until 30 grep -q "collecting from 2 PLCs" $T/pin.log
kill -TERM $PINPID 2>/dev/null; wait $PINPID 2>/dev/null
start_collect
check "the collector brings sim1 online" wait_sql "$ONLINE" 1
check "... and sim2" wait_sql "SELECT online FROM plcs WHERE name = 'sim2'" 1
check "... keeping the counter readings it starts from" \
	wait_sql "SELECT CAST(last_raw AS INTEGER) FROM counters c JOIN plcs p ON p.id = c.plc_id WHERE p.name = 'sim1' AND tag = 'good'" 1000
check "... the machine's state is live" \
	wait_sql "SELECT state IN ('running','idle','down','setup') FROM assets WHERE code = 'M-SAW-01'" 1

# ---- phase 1: the simulator dies; a running one takes over ----
kill -9 "$SPID"; wait "$SPID" 2>/dev/null
check "a killed PLC is offline within 2 poll intervals (1 s)" wait_sql "$ONLINE" 0 10
check "... and its machine shows offline" \
	wait_sql "SELECT state FROM assets WHERE code = 'M-SAW-01'" offline
check "... with the reason" has $T/collect.log "PLC sim1: offline"
check "mes-plcsim restarts, running fast from 1000" start_sim $T/sim1.log --machines 2 --speed 60 --counter-start 1000 --fault-rate 30
check "the collector reconnects on its own" wait_sql "$ONLINE" 1 30
counting() { [ "$(q "$GOOD")" -gt 0 ]; }
wait_until 30 counting
good1=$(q "$GOOD")
check "... and books counts while it runs ($good1 good)" test "$good1" -gt 0
kill -HUP "$CPID"
check "SIGHUP rereads mes.ini" wait_until 30 grep -q "reread" $T/collect.log
sleep 1

# ---- phase 2: both die mid-run; a frozen simulator at 100000 ends it ----
kill -9 "$CPID"; wait "$CPID" 2>/dev/null
kill -9 "$SPID"; wait "$SPID" 2>/dev/null
check "mes-plcsim restarts frozen at 100000" start_sim $T/sim2.log --machines 2 --speed 0 --counter-start 100000
start_collect
check "the restarted collector catches up from its saved readings" \
	wait_sql "SELECT CAST(last_raw AS INTEGER) FROM counters c JOIN plcs p ON p.id = c.plc_id WHERE p.name = 'sim1' AND tag = 'good'" 100000
kill -TERM "$CPID"
wait "$CPID"; rc=$?
check "SIGTERM stops the collector cleanly (exit 0)" test "$rc" -eq 0
check "... saying so" has $T/collect.log "stopped"
check "good counts: exactly 100000 - 1000, none lost or doubled" test "$(q "$GOOD")" = 99000
check "scrap counts: exactly 100000 - 1000" test "$(q "$SCRAP")" = 99000
check "no count is negative" test "$(q "SELECT count(*) FROM machine_counts WHERE good < 0 OR scrap < 0")" = 0
check "signal samples were kept" test "$(q "SELECT count(*) FROM tag_samples")" -gt 0
expect_rc "the audit trail is intact" 0 $T/o $MESCTL audit verify
expect_rc "mesctl downtime list" 0 $T/o $MESCTL downtime list
expect_rc "mesctl report oee for today" 0 $T/o env MES_PIN=0000 $MESCTL --user setup report oee --from "$(date +%F)" --to "$(date +%F)" --csv
check "... has a header and the CSV columns" has $T/o "^wc,date,shift,planned_min"
check "... with the minutes without machine data and the capped flag" has $T/o ",nodata_min,performance_capped$"
check "... no OEE, availability or performance above 100% (a collector that ran for seconds of a shift)" \
	sh -c "awk -F, 'NR > 1 && (\$12 > 1 || \$13 > 1 || \$15 > 1) { bad = 1 } END { exit bad }' $T/o"
expect_rc "mesctl report energy" 0 $T/o env MES_PIN=0000 $MESCTL --user setup report energy --json
expect_rc "mesctl report oee without --to is a usage error" 2 $T/o env MES_PIN=0000 $MESCTL --user setup report oee --from 2026-01-01

# ---- a collector that cannot log in says why and stops ----
MES_COLLECT_PIN=0000 "$COLLECT" --foreground >$T/bad.log 2>&1
check "a wrong collector PIN: exit 1" test $? -eq 1
check "... naming the user" has $T/bad.log "logging in as collector"
