#!/bin/sh
# bench/hub: the central store, against baselines from the same run, on
# a throwaway PostgreSQL 15 (unix socket, fsync off: the same for both
# sides of each comparison).
#  - the plant's commit rate with no shipper, with mes-ship and the
#    centre up, and with mes-ship and the centre down (goal: within 5%);
#  - commit-to-central latency at a steady 500 changes/s (goal: p50 <=
#    250 ms, p99 <= 2 s), from each event's audit time to its row's
#    insert at the centre;
#  - ingest from a 300,000-event backlog against a bare libpq COPY of the
#    same rows into a table with the same key (goal: >= 80% of it).
# Needs root (PostgreSQL runs as postgres) and postgresql-15.
BUILD=${BUILD:-build}
case $BUILD in /*) B=$BUILD ;; *) B=$(pwd)/$BUILD ;; esac
. tests/cli/pg.inc
[ -x "$PGBIN/initdb" ] || { echo "bench/hub: skipped, postgresql-15 is not installed"; exit 0; }
[ -f /usr/share/postgresql/15/extension/pg_partman.control ] || { echo "bench/hub: skipped, postgresql-15-partman is not installed"; exit 0; }
T=$(mktemp -d /tmp/mes-hub-XXXXXX)
SHIPPID=""
trap '[ -n "$SHIPPID" ] && kill $SHIPPID 2>/dev/null; pg_stop; rm -rf "$T"' EXIT
pg_start >/dev/null || exit 1
MESCTL=$B/mesctl
"$MESCTL" --hub "$PGADMIN" hub init >/dev/null || exit 1
for p in bench ingest; do
	echo "pw" | "$MESCTL" --hub "$PGADMIN" hub plant-add $p >/dev/null || exit 1
	"$B/bench/hubload" $T/$p.db --create --attach $p || exit 1
	printf '[database]\npath = %s/%s.db\n[hub]\nconninfo = host=%s dbname=mes user=mes_plant_%s password=pw\n' \
		"$T" $p "$PGD" $p > $T/$p.ini
done
ship_start() { MES_CONFIG=$T/bench.ini "$B/mes-ship" --foreground 2>>$T/ship.log & SHIPPID=$!; }
ship_stop() { kill $SHIPPID 2>/dev/null; wait $SHIPPID 2>/dev/null; SHIPPID=""; }
med() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
next=1
load() { r=$("$B/bench/hubload" $T/bench.db "$@" $next | sed -n 's/^rate //p'); next=$((next + 100000)); echo "$r"; }

echo "bench/hub: the plant's commit rate (changes/s, audited, 4 s runs, median of 3)"
: > $T/none; : > $T/up; : > $T/down
for round in 1 2 3; do
	load 4 0 >> $T/none
	ship_start; load 4 0 >> $T/up; ship_stop
	pg_down; ship_start; load 4 0 >> $T/down; ship_stop; pg_up
done
none=$(med < $T/none); up=$(med < $T/up); down=$(med < $T/down)
echo "  no shipper (baseline)     $none"
echo "  mes-ship, centre up       $up ($(awk "BEGIN { printf \"%.1f\", 100 * $up / $none }")% of baseline)"
echo "  mes-ship, centre down     $down ($(awk "BEGIN { printf \"%.1f\", 100 * $down / $none }")% of baseline; goal >= 95%)"
ship_start
wait_caught() {
	i=0; want=$(sqlite3 $T/bench.db "SELECT max(seq) FROM outbox")
	while [ "$(pgq "SELECT coalesce(max(seq), 0) FROM mes.events WHERE plant_id = 'bench'")" != "$want" ] && [ $i -lt 600 ]; do
		sleep 0.1; i=$((i + 1)); done
}
wait_caught

echo "bench/hub: commit-to-central latency at a steady 500 changes/s for 10 s"
start=$(sqlite3 $T/bench.db "SELECT max(seq) FROM outbox")
rate=$(load 10 500)
wait_caught
pgq "SELECT count(*), round(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM received - ts)))::int, round(1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM received - ts)))::int FROM mes.events WHERE plant_id = 'bench' AND seq > $start" |
	awk -F'|' -v r="$rate" '{ printf "  %s changes at %s/s: p50 %s ms, p99 %s ms (goals: 250 ms, 2000 ms)\n", $1, r, $2, $3 }'
ship_stop

echo "bench/hub: ingest of a 300,000-event backlog"
sqlite3 $T/ingest.db "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
INSERT INTO outbox (ts, kind, ref, body) SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'audit', i,
json_object('seq', i, 'ts', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'user_id', 1, 'login', 'bench',
'action', 'location.add', 'tbl', 'locations', 'rec_key', 'B' || i, 'old_value', '',
'new_value', json_object('code', 'B' || i, 'name', 'bench', 'kind', 'store'), 'reason', '',
'prev_hash', lower(hex(randomblob(32))), 'hash', lower(hex(randomblob(32)))) FROM n"
rows=$(sqlite3 $T/ingest.db "SELECT count(*) FROM outbox")
sqlite3 -csv $T/ingest.db "SELECT 'ingest', seq, ts, kind, ref, body FROM outbox ORDER BY seq" > $T/rows.csv
pgq "CREATE TABLE bare (LIKE mes.events INCLUDING ALL)" >/dev/null
t0=$(date +%s%N)
psql "$PGADMIN" -qc "\\copy bare (plant_id, seq, ts, kind, ref, body) FROM '$T/rows.csv' WITH (FORMAT csv)" || exit 1
t1=$(date +%s%N)
MES_CONFIG=$T/ingest.ini "$B/mes-ship" --once 2>>$T/ship.log || { cat $T/ship.log; exit 1; }
t2=$(date +%s%N)
got=$(pgq "SELECT count(*) FROM mes.events WHERE plant_id = 'ingest'")
awk -v n="$rows" -v g="$got" -v b="$(( (t1 - t0) / 1000000 ))" -v s="$(( (t2 - t1) / 1000000 ))" 'BEGIN {
	printf "  bare COPY (baseline)      %d rows in %d ms: %.0f rows/s\n", n, b, n * 1000 / b
	printf "  mes-ship --once           %d rows in %d ms: %.0f rows/s (%.0f%% of bare; goal >= 80%%, >= 50000 rows/s)\n", g, s, g * 1000 / s, 100 * b / s
}'
[ "$got" = "$rows" ] || { echo "bench/hub: $got of $rows events arrived"; exit 1; }

echo "bench/hub: genealogy at the centre, 2,000,000 events of two plants (80,000 lots)"
pgq "INSERT INTO mes.events (plant_id, seq, ts, kind, ref, body) SELECT p, 1000000 + i, now(), 'audit', i, CASE
 WHEN i % 50 = 1 THEN jsonb_build_object('action', 'receive', 'rec_key', 'R' || i, 'new_value', jsonb_build_object('item', 'STEEL', 'gtin', '09521234543213', 'supplier_lot', 'HEAT-' || i)::text)
 WHEN i % 50 = 2 THEN jsonb_build_object('action', 'lot.issue', 'rec_key', 'R' || (i - 1), 'new_value', jsonb_build_object('operation', 'WO-' || i || '/10')::text)
 WHEN i % 50 = 3 THEN jsonb_build_object('action', 'lot.produce', 'rec_key', 'P' || i, 'new_value', jsonb_build_object('operation', 'WO-' || (i - 1) || '/10', 'item', 'BRKT')::text)
 ELSE jsonb_build_object('action', 'location.add', 'rec_key', 'L' || i, 'new_value', '{}') END
FROM generate_series(1, 1000000) i, (VALUES ('bench'), ('ingest')) v(p); ANALYZE mes.events; ANALYZE mes.lot_events" >/dev/null
: > $T/recall; : > $T/point
for k in 1 2 3 4 5 6 7 8 9 10 11; do
	lot=HEAT-$((k * 90000 + 1))
	t0=$(date +%s%N); "$MESCTL" --hub "$PGADMIN" recall $lot > $T/o || exit 1; t1=$(date +%s%N)
	psql "$PGADMIN" -tAqc "SELECT lot FROM mes.lot_events WHERE supplier_lot = '$lot'" >/dev/null; t2=$(date +%s%N)
	[ "$(grep -c finished $T/o)" = 2 ] || { echo "bench/hub: recall $lot found $(grep -c finished $T/o) finished lots, want 2"; exit 1; }
	echo $(( (t1 - t0) / 1000000 )) >> $T/recall; echo $(( (t2 - t1) / 1000000 )) >> $T/point
done
echo "  recall across plants (mesctl --hub), median of 11   $(med < $T/recall) ms"
echo "  baseline: psql, one indexed lookup of the lot        $(med < $T/point) ms"

