#!/bin/sh
# Many plants, one centre: three plant files, each attached and shipped by
# its own mes-ship to a real PostgreSQL 15 started here.  Every committed
# event arrives once; the plants write on while the centre is down and
# the backlog drains when it is back; a shipper SIGKILLed mid-backlog
# loses and doubles nothing; the centre's chain check names a row edited
# or deleted there; a plant's role cannot write another plant's rows; a
# plant whose centre has not confirmed says so in mesctl status; a recall
# at the centre follows a supplier lot from one plant into another.
. tests/cli/lib.inc
. tests/cli/pg.inc
. tests/cli/tmux.inc
SHIP=$B/mes-ship
PIDS=""
trap 'tm_cleanup; for p in $PIDS; do kill $p 2>/dev/null; done; wait 2>/dev/null; pg_stop; rm -rf "$T"' EXIT

if ! [ -x "$PGBIN/initdb" ] || ! command -v runuser >/dev/null; then
	echo "skip - PostgreSQL 15 is not installed (postgresql-15)"; exit 0
fi
if ! [ -f /usr/share/postgresql/15/extension/pg_partman.control ]; then
	echo "skip - the centre's months need pg_partman (postgresql-15-partman)"; exit 0
fi
pg_start || { nok "a throwaway PostgreSQL starts"; exit 0; }
ok "a throwaway PostgreSQL 15 starts on a unix socket"

expect_rc "mesctl hub init creates the central schema" 0 $T/o \
	"$MESCTL" --hub "$PGADMIN" hub init
expect_rc "... and again: it is idempotent" 0 $T/o "$MESCTL" --hub "$PGADMIN" hub init
expect_rc "hub init without --hub says where it works" 2 $T/o "$MESCTL" hub init
check "... naming --hub" has $T/o "mesctl --hub CONNINFO hub init"
expect_rc "a plant command under --hub is refused, not run on a plant" 2 $T/o "$MESCTL" --hub "$PGADMIN" status
check "... saying it reads the plant's file" has $T/o "status reads this plant's file, not the centre"
expect_rc "a wrong command line for the centre: the usage, before connecting" 2 $T/o "$MESCTL" --hub "host=/nonexistent" recall
check "... naming --hub" has $T/o "usage: mesctl --hub CONNINFO recall SUPPLIER-LOT"
expect_rc "a centre that cannot be reached: a clear error" 1 $T/o "$MESCTL" --hub "host=$PGD port=1 dbname=mes user=postgres" hub status
check "... naming the centre" has $T/o "the centre: "

# plant NAME: its own file and mes.ini, a user, attached to the centre
plant() {
	mkdir -p $T/$1
	printf '[database]\npath = %s/plant.db\n[auth]\nhash_cost = fast\n[hub]\nconninfo = host=%s dbname=mes user=mes_plant_%s password=pw-%s\npoll_ms = 50\nbatch = %s\n' \
		"$T/$1" "$PGD" "$1" "$1" "${2:-500}" > $T/$1/mes.ini
	MES_CONFIG=$T/$1/mes.ini sh -c "echo 0000 | '$MESCTL' init --admin setup >/dev/null"
	echo "pw-$1" | "$MESCTL" --hub "$PGADMIN" hub plant-add "$1" >/dev/null
}
as() { p=$1; shift; MES_CONFIG=$T/$p/mes.ini MES_PIN=0000 "$MESCTL" --user setup "$@"; }
# writes PLANT FROM TO: one audited change per location added
writes() { i=$2; while [ $i -le $3 ]; do as $1 location add "L$i" "loc $i" >/dev/null || echo "write $i failed"; i=$((i + 1)); done; }
audits() { sqlite3 -cmd ".timeout 5000" $T/$1/plant.db "SELECT count(*) FROM audit"; }
central() { pgq "SELECT count(*) FROM mes.events WHERE plant_id = '$1'"; }
marked() { pgq "SELECT coalesce((SELECT seq FROM mes.marks WHERE plant_id = '$1'), 0)"; }
outbox_max() { sqlite3 -cmd ".timeout 5000" $T/$1/plant.db "SELECT ifnull(max(seq), 0) FROM outbox"; }
caught_up() { [ "$(marked $1)" = "$(outbox_max $1)" ] && [ "$(outbox_max $1)" -gt 0 ]; }
ship() { MES_CONFIG=$T/$1/mes.ini "$SHIP" --foreground >>$T/$1/ship.log 2>&1 & PIDS="$PIDS $!"; eval "SHIP_$1=$!"; }

for p in a b c; do plant $p; done
as a demo-seed >/dev/null
expect_rc "a plant that is not attached: mes-ship says what to do" 1 $T/o \
	env MES_CONFIG=$T/a/mes.ini "$SHIP" --once
check "... naming mesctl hub attach" has $T/o "mesctl hub attach"
expect_rc "a plant id with a space is refused" 1 $T/o as a hub attach "plant a"
for p in a b c; do as $p hub attach $p >/dev/null; done
expect_rc "a second attach is refused" 1 $T/o as a hub attach other
check "... saying under which name it is attached" has $T/o "attached already, as a"
check "attaching puts the trail so far in the outbox, in order" \
	test "$(sqlite3 $T/a/plant.db "SELECT count(*) FROM outbox WHERE ref = seq")" = "$(audits a)"
MES_CONFIG=$T/a/mes.ini "$MESCTL" status > $T/o
check "mesctl status: not confirmed by the centre yet" has $T/o "hub        plant a, [0-9]* events waiting, not confirmed by the centre yet"
# Attached 10 minutes ago and never confirmed: an alarm, there and on
# every screen's title line.
sqlite3 $T/a/plant.db "UPDATE hub SET attached = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-10 minutes')"
MES_CONFIG=$T/a/mes.ini "$MESCTL" status > $T/o
check "... an ALARM once that is over 5 minutes" has $T/o "hub        ALARM: plant a"
tm_start ha vt100 "MES_CONFIG=$T/a/mes.ini $B/mes-dispatch --shared"
wait_for ha "Scan your badge" >/dev/null
keys ha 100002 Enter; keys ha 1111 Enter
check "... and HUB ALARM on the board's title line" wait_for ha "Olga Brandt (operator) | HUB ALARM"
check "... with what to do on the message line" sh -c "tmux -L $TMUX_SOCK capture-pane -p -t ha | tr '\\n' ' ' | tr -s ' ' | grep -q 'is mes-ship running'"
tm_quit ha

# Three shippers, writers at each plant.
for p in a b c; do ship $p; done
writes a 1 60 & w1=$!; writes b 1 60 & w2=$!; writes c 1 60 & w3=$!
wait $w1 $w2 $w3
for p in a b c; do
	check "plant $p: the centre catches up with the outbox" wait_until 20 caught_up $p
	check "... every audit record there once" test "$(central $p)" = "$(audits $p)"
done
tm_start hb xterm-256color "MES_CONFIG=$T/a/mes.ini $B/mes-dispatch --shared"
wait_for hb "Scan your badge" >/dev/null
keys hb 100002 Enter; keys hb 1111 Enter
wait_for hb "Olga Brandt" >/dev/null
check "once the centre confirms, no HUB ALARM on the title line" \
	sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t hb | head -n 1 | grep -q 'HUB'"
tm_quit hb
expect_rc "mesctl hub verify: none missing, every chain whole" 0 $T/o \
	"$MESCTL" --hub "$PGADMIN" hub verify
"$MESCTL" --hub "$PGADMIN" hub status > $T/o
check "mesctl --hub ... hub status lists the three with their marks" \
	sh -c "grep -q '^a ' $T/o && grep -q '^b ' $T/o && grep -q '^c ' $T/o"

# The centre down for 30 s (HUB_DOWN_S): the plant writes on, nothing
# waits for it, and the backlog is there within the shipper's back-off
# cap (5 s) of the centre's return.
m0=$(marked a)
pg_down
t0=$(now_ms)
writes a 61 90 > $T/down.out
t1=$(now_ms)
check "with the centre down, every write at the plant succeeds" test ! -s $T/down.out
check "... the outbox holds them" test "$(outbox_max a)" -ge $((m0 + 30))
while [ $(( $(now_ms) - t0 )) -lt $(( ${HUB_DOWN_S:-30} * 1000 )) ]; do sleep 0.5; done
pg_up
t2=$(now_ms)
check "the centre back after ${HUB_DOWN_S:-30} s: the backlog is there within 6 s" wait_until 6 caught_up a
echo "# caught up $(( $(now_ms) - t2 )) ms after the centre came back"
check "... nothing lost, nothing doubled" test "$(central a)" = "$(audits a)"
check "... the shipper said the centre was gone and came back" \
	sh -c "grep -q 'trying again' $T/a/ship.log && grep -c 'the centre holds events up to' $T/a/ship.log | grep -qv '^1$'"
echo "# 30 writes with the centre down took $((t1 - t0)) ms"

# SIGKILL mid-backlog: a shipper with small batches, killed while it
# sends, and started again.
kill $SHIP_b; wait $SHIP_b 2>/dev/null
sed -i 's/^batch = .*/batch = 1/' $T/b/mes.ini
start=$(marked b)
(echo "code,name,capacity"; i=1; while [ $i -le 2000 ]; do echo "W$i,cell $i,1"; i=$((i + 1)); done) > $T/wc.csv
as b import workcenters $T/wc.csv >/dev/null
ship b
moved() { [ "$(marked b)" -gt $start ]; }
wait_until 10 moved
kill -9 $SHIP_b; wait $SHIP_b 2>/dev/null
check "a shipper SIGKILLed mid-backlog had sent part of it ($start < $(marked b) < $(outbox_max b))" \
	sh -c "[ $(marked b) -gt $start ] && [ $(marked b) -lt $(outbox_max b) ]"
ship b
check "... started again, it catches up" wait_until 20 caught_up b
check "... every event once" test "$(central b)" = "$(audits b)"
expect_rc "... and the chain is whole" 0 $T/o "$MESCTL" --hub "$PGADMIN" hub verify b

# Once a minute (here: at a stop) the shipper notes the mark in the
# plant; with retain_days = 0 what the centre holds is pruned.
kill $SHIP_c; wait $SHIP_c 2>/dev/null
printf 'retain_days = 0\n' >> $T/c/mes.ini
before=$(sqlite3 $T/c/plant.db "SELECT count(*) FROM outbox")
expect_rc "mes-ship --once notes the mark and prunes" 0 $T/o \
	env MES_CONFIG=$T/c/mes.ini "$SHIP" --once
after=$(sqlite3 $T/c/plant.db "SELECT count(*) FROM outbox")
check "... the outbox is emptied of what the centre holds ($before -> $after)" test "$after" -eq 0
check "... and the centre still has every event" test "$(central c)" = "$(audits c)"
MES_CONFIG=$T/c/mes.ini "$MESCTL" status > $T/o
check "mesctl status: no alarm once the centre confirmed" \
	sh -c "grep -q 'hub        plant c, 0 events waiting' $T/o && ! grep -q ALARM $T/o"
as c location add L999 "after the prune" >/dev/null
expect_rc "an event after a prune is shipped under a new seq" 0 $T/o \
	env MES_CONFIG=$T/c/mes.ini "$SHIP" --once
check "... and arrives" test "$(central c)" = "$(audits c)"

# A plant's role writes and reads its own partition and mark only.
PA="host=$PGD dbname=mes user=mes_plant_a password=pw-a"
row="('b', 100000, now(), 'audit', 1, '{}')"
psql "$PA" -qc "INSERT INTO mes.events (plant_id, seq, ts, kind, ref, body) VALUES $row" > $T/o 2>&1
check "plant a's role cannot insert into the events as a whole" has $T/o "permission denied"
psql "$PA" -qc "INSERT INTO mes.events_b (plant_id, seq, ts, kind, ref, body) VALUES $row" > $T/o 2>&1
check "... nor into plant b's partition" has $T/o "permission denied for table events_b"
psql "$PA" -qc "INSERT INTO mes.events_a (plant_id, seq, ts, kind, ref, body) VALUES $row" > $T/o 2>&1
check "... nor a row for plant b into its own" has $T/o "violates partition constraint"
psql "$PA" -qc "SELECT count(*) FROM mes.events_b" > $T/o 2>&1
check "... nor read plant b's events" has $T/o "permission denied"
check "... while it reads its own" test "$(psql "$PA" -tAqc "SELECT count(*) FROM mes.events_a")" = "$(central a)"
psql "$PA" -qc "UPDATE mes.marks SET seq = 0 WHERE plant_id = 'b'" > $T/o 2>&1
check "... nor move b's mark" test "$(marked b)" -gt 0
check "... nor see it" test "$(psql "$PA" -tAqc "SELECT count(*) FROM mes.marks")" = 1
# A batch the centre holds already (a shipper that died after COMMIT,
# before it knew) is kept once: the mark set back by hand, sent again.
kept=$(central a)
pgq "UPDATE mes.marks SET seq = seq - 5 WHERE plant_id = 'a'" >/dev/null
expect_rc "a batch sent again after a lost commit" 0 $T/o \
	env MES_CONFIG=$T/a/mes.ini "$SHIP" --once
check "... is kept once" test "$(central a)" = "$kept"
check "... and the mark is where it was" caught_up a

# Cross-plant recall: steel heat HEAT-77 received at plant a, cut into
# bracket lot L0000002 there; plant d receives that lot (its number as
# the supplier lot) and builds it into a frame.
ol() { p=$1; shift; MES_CONFIG=$T/$p/mes.ini MES_PIN=1111 "$MESCTL" --user olga "$@"; }
as a item gs1 STEEL-40 --gtin 09521234543213 >/dev/null
as a location add A-01 "Rack A 01" >/dev/null
printf 'po_no,line,supplier,item,gtin,qty,tolerance_pct\nPO-500,1,Acme Steel,STEEL-40,09521234543213,100,5\n' > $T/ra.csv
as a import receipts $T/ra.csv >/dev/null
as a receive "(01)09521234543213(10)HEAT-77(30)40" >/dev/null
ol a lot move L0000001 A-01 >/dev/null
ol a lot issue L0000001 WO-1004/10 --qty 10 >/dev/null
ol a lot produce WO-1004/10 --qty 20 > $T/o
check "plant a makes bracket lot L0000002 of the heat" has $T/o "produced lot L0000002"
plant d
as d demo-seed >/dev/null
as d hub attach d >/dev/null
as d item gs1 BRKT-150 --gtin 09521234543220 >/dev/null
as d location add A-01 "Rack A 01" >/dev/null
printf 'po_no,line,supplier,item,gtin,qty,tolerance_pct\nPO-900,1,Plant a,BRKT-150,09521234543220,100,5\n' > $T/rd.csv
as d import receipts $T/rd.csv >/dev/null
as d receive "(01)09521234543220(10)L0000002(30)20" > $T/o
check "plant d receives it as its lot L0000001, supplier lot L0000002" has $T/o "received L0000001: 20 ea of BRKT-150, supplier lot L0000002"
ol d lot move L0000001 A-01 >/dev/null
ol d lot issue L0000001 WO-1002/40 --qty 10 >/dev/null
ol d lot produce WO-1002/40 --qty 2 >/dev/null
ship d
check "plant d's events reach the centre" wait_until 20 caught_up d
check "plant a's too" wait_until 20 caught_up a
expect_rc "mesctl --hub ... recall across plants" 0 $T/o "$MESCTL" --hub "$PGADMIN" recall HEAT-77
check "... the heat's lot at plant a" grep -q "^a  *L0000001  *STEEL-40  *0" $T/o
check "... the bracket lot made of it there" grep -q "^a  *L0000002  *BRKT-150  *1" $T/o
check "... plant d's lot received under that number" grep -q "^d  *L0000001  *BRKT-150  *2" $T/o
check "... and the frame made of it, finished" grep -q "^d  *L0000002  *FRAME-200  *3  *finished" $T/o
check "... and nothing else" test "$(grep -c '^[ad] ' $T/o)" = 4
expect_rc "mesctl --hub ... trace: plant d's frame back across plants" 0 $T/o "$MESCTL" --hub "$PGADMIN" trace d L0000002 --backward
check "... the frame itself first" grep -q "^d  *L0000002  *FRAME-200  *0" $T/o
check "... the bracket lot d built into it" grep -q "^d  *L0000001  *BRKT-150  *1" $T/o
check "... plant a's lot that d received it as" grep -q "^a  *L0000002  *BRKT-150  *2" $T/o
check "... and the heat, from a supplier" grep -q "^a  *L0000001  *STEEL-40  *3  *from a supplier" $T/o
check "... and nothing else" test "$(grep -c '^[ad] ' $T/o)" = 4
expect_rc "... forward from plant a's heat lot" 0 $T/o "$MESCTL" --hub "$PGADMIN" trace a L0000001 --forward
check "... reaches plant d's frame, finished" grep -q "^d  *L0000002  *FRAME-200  *3  *finished" $T/o
check "... through the same four lots" test "$(grep -c '^[ad] ' $T/o)" = 4
expect_rc "recall with the heat's GTIN" 0 $T/o "$MESCTL" --hub "$PGADMIN" recall HEAT-77 --gtin 09521234543213
check "... the same four lots" test "$(grep -c '^[ad] ' $T/o)" = 4
expect_rc "recall with another GTIN" 0 $T/o "$MESCTL" --hub "$PGADMIN" recall HEAT-77 --gtin 09521234543299
check "... none: the lot number alone is not the lot" test "$(wc -l < $T/o)" = 1
# Identity between plants: plant e receives a lot numbered L0000002 as
# well, but of another GTIN (another item of some supplier's): not
# plant a's lot.  And a pallet (SSCC) plant a received goes on to plant
# e under the same SSCC: it is plant a's lot, whatever its lot number.
plant e
as e demo-seed >/dev/null
as e hub attach e >/dev/null
as e item gs1 ALU-BLK --gtin 09521234543237 >/dev/null
as e item gs1 STEEL-40 --gtin 09521234543213 >/dev/null
printf 'po_no,line,supplier,item,gtin,qty,tolerance_pct\nPO-1,1,Other,ALU-BLK,09521234543237,100,5\nPO-2,1,Plant a,STEEL-40,09521234543213,100,5\n' > $T/re.csv
as e import receipts $T/re.csv >/dev/null
as e receive "(01)09521234543237(10)L0000002(30)50" >/dev/null
as a item gs1 STEEL-40 --gtin 09521234543213 >/dev/null
printf 'po_no,line,supplier,item,gtin,qty,tolerance_pct\nPO-501,1,Acme Steel,STEEL-40,09521234543213,100,5\n' > $T/ra2.csv
as a import receipts $T/ra2.csv >/dev/null
as a receive "(00)095212345000000018(01)09521234543213(10)HEAT-90(30)30" > $T/o
check "plant a receives pallet 095212345000000018 of heat HEAT-90" has $T/o "received L0000003"
sleep 1
as e receive "(00)095212345000000018(01)09521234543213(10)HEAT-90B(30)30" > $T/o
check "plant e receives that pallet (under a lot number of its own)" has $T/o "received L0000002"
MES_CONFIG=$T/e/mes.ini "$SHIP" --once >/dev/null 2>&1
MES_CONFIG=$T/a/mes.ini "$SHIP" --once >/dev/null 2>&1
expect_rc "trace plant e's aluminium lot back" 0 $T/o "$MESCTL" --hub "$PGADMIN" trace e L0000001 --backward
check "... it is its own supplier's, not plant a's lot of the same number" \
	sh -c "grep -q '^e  *L0000001  *ALU-BLK  *0  *from a supplier' $T/o && ! grep -q '^a ' $T/o"
expect_rc "trace plant e's pallet back" 0 $T/o "$MESCTL" --hub "$PGADMIN" trace e L0000002 --backward
check "... to the lot plant a received on that pallet" grep -q "^a  *L0000003  *STEEL-40  *1  *from a supplier" $T/o
expect_rc "recall heat HEAT-90" 0 $T/o "$MESCTL" --hub "$PGADMIN" recall HEAT-90
check "... finds the pallet at plant e too" grep -q "^e  *L0000002  *STEEL-40  *1" $T/o
check "the centre keeps every lot event in a table of its own ($(pgq "SELECT count(*) FROM mes.lot_events"))" \
	test "$(pgq "SELECT count(*) FROM mes.lot_events")" = "$(pgq "SELECT count(*) FROM mes.events WHERE kind = 'audit' AND body->>'action' IN ('receive', 'lot.issue', 'lot.produce')")"
psql "$PA" -qc "INSERT INTO mes.lot_events VALUES ('a', 1, now(), 'receive', 'X', 'X', '', '', 'X', '')" > $T/o 2>&1
check "... which a plant's role cannot write" has $T/o "permission denied"
expect_rc "a supplier lot nobody received: an empty recall" 0 $T/o "$MESCTL" --hub "$PGADMIN" recall NO-SUCH-HEAT
check "... with only its header" test "$(wc -l < $T/o)" = 1

# Production and scrap by plant and day at the centre: what each plant's
# own operation reports add up to.
plant_sum() { sqlite3 $T/$1/plant.db "SELECT printf('%g %g', sum(json_extract(new_value, '$.good')), sum(json_extract(new_value, '$.scrap'))) FROM audit WHERE action = 'op.report'"; }
expect_rc "mesctl --hub ... report production: good and scrap by plant and day" 0 $T/o "$MESCTL" --hub "$PGADMIN" report production --from 2000-01-01 --to 2100-12-31 --csv
# (summed over the days: a test that runs over midnight UTC has two)
days() { awk -F, -v p=$1 '$1 == p { g += $3; s += $4 } END { printf "%g %g", g, s }' $T/o; }
check "... plant a's days add up to its own reports ($(plant_sum a))" test "$(days a)" = "$(plant_sum a)"
check "... plant d's too" test "$(days d)" = "$(plant_sum d)"
check "... dated today (UTC)" grep -q "^a,$(date -u +%F)," $T/o
expect_rc "report scrap: one row per plant, worst first" 0 $T/o "$MESCTL" --hub "$PGADMIN" report scrap --from 2000-01-01 --to 2100-12-31 --csv
check "... plant a's scrap as its reports have it" grep -q "^a,$(plant_sum a | tr ' ' ',')," $T/o
check "... sorted by scrap share" sh -c "tail -n +2 $T/o | cut -d, -f4 | sort -rn -c"
expect_rc "... a day without reports: none" 0 $T/o "$MESCTL" --hub "$PGADMIN" report production --from 2020-01-01 --to 2020-01-02 --csv
check "... only the header" test "$(wc -l < $T/o)" = 1

# Machine data at the centre's grain: a plant attached since the day
# before yesterday sends each ended day's OEE per work center, once.
kill $SHIP_a; wait $SHIP_a 2>/dev/null
sqlite3 $T/a/plant.db "UPDATE hub SET attached = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 days'), oee_upto = NULL"
expect_rc "mes-ship --once sends the days that ended" 0 $T/o \
	env MES_CONFIG=$T/a/mes.ini "$SHIP" --once
Y=$(date -d yesterday +%F); Y2=$(date -d '2 days ago' +%F)
expect_rc "mesctl --hub ... report oee" 0 $T/o "$MESCTL" --hub "$PGADMIN" report oee --from $Y2 --to $Y --csv
as a report oee --from $Y --to $Y --csv | awk -F, '$3 == "day" { print $1 "," $4 }' > $T/plant.oee
awk -F, -v d=$Y '$1 == "a" && $2 == d { printf "%s,%.2f\n", $3, $4 }' $T/o > $T/centre.oee
check "... yesterday: a row per work center ($(wc -l < $T/plant.oee))" test "$(wc -l < $T/centre.oee)" -gt 0
check "... with the plant's own planned minutes" cmp $T/plant.oee $T/centre.oee
check "... and the day before" grep -q "^a,$Y2," $T/o
expect_rc "mesctl --hub ... report oee --shifts" 0 $T/o "$MESCTL" --hub "$PGADMIN" report oee --from $Y --to $Y --shifts --csv
as a report oee --from $Y --to $Y --csv | awk -F, 'NR > 1 { print $1 "," $3 "," $4 }' | sort > $T/plant.oee
awk -F, '$1 == "a" { printf "%s,%s,%.2f\n", $3, $10, $4 }' $T/o | sort > $T/centre.oee
check "... each shift's too, as the plant's own report has them" cmp $T/plant.oee $T/centre.oee
days_sent=$(pgq "SELECT count(*) FROM mes.events WHERE plant_id = 'a' AND kind = 'oee.day'")
env MES_CONFIG=$T/a/mes.ini "$SHIP" --once 2>/dev/null
check "... each day once: a second run sends none again" \
	test "$(pgq "SELECT count(*) FROM mes.events WHERE plant_id = 'a' AND kind = 'oee.day'")" = "$days_sent"
expect_rc "... and the chain check takes no offence at them" 0 $T/o "$MESCTL" --hub "$PGADMIN" hub verify a

# The centre's months: each plant's events by month under pg_partman;
# an event dated before every month (a plant's old history, sent when it
# attached) waits in the plant's default partition, and hub maintain
# moves it into a month of its own, where the reports still find it.
month=$(date -u +p%Y_%m)
check "plant a's events are in this month's partition" \
	test "$(pgq "SELECT count(*) FROM mes.events_a_$month")" -gt 0
check "... with months made ahead" test "$(pgq "SELECT count(*) FROM pg_class WHERE relname > 'events_a_$month' AND relname LIKE 'events\\_a\\_p%'")" -ge 3
pgq "INSERT INTO mes.events (plant_id, seq, ts, kind, ref, body) VALUES ('a', 900000, '2019-03-04T05:06:07Z', 'note', 0, '{}')" >/dev/null
check "an event of 2019 lands in the default partition" test "$(pgq "SELECT count(*) FROM mes.events_a_default")" = 1
expect_rc "mesctl hub maintain" 0 $T/o "$MESCTL" --hub "$PGADMIN" hub maintain
check "... moves it into its month" has $T/o "1 events moved into their months, 0 outside any"
check "... which is there now, holding it" test "$(pgq "SELECT count(*) FROM mes.events_a_p2019_03")" = 1
check "... nothing left in the default" test "$(pgq "SELECT count(*) FROM mes.events_a_default")" = 0
pgq "DELETE FROM mes.events WHERE plant_id = 'a' AND seq = 900000" >/dev/null
expect_rc "... and again: nothing to move" 0 $T/o "$MESCTL" --hub "$PGADMIN" hub maintain
check "... says so" has $T/o "0 events moved"

# The chain at the centre: an edited row, then a deleted one.
pgq "UPDATE mes.events SET body = jsonb_set(body, '{new_value}', '\"forged\"') WHERE plant_id = 'a' AND seq = 50" >/dev/null
expect_rc "hub verify names a row edited at the centre" 1 $T/o "$MESCTL" --hub "$PGADMIN" hub verify a
check "... by plant and record" has $T/o "plant a, event 50: audit record 50 was changed at the centre"
pgq "DELETE FROM mes.events WHERE plant_id = 'a' AND seq = 50" >/dev/null
expect_rc "hub verify names a row deleted at the centre" 1 $T/o "$MESCTL" --hub "$PGADMIN" hub verify a
check "... as the records between missing" has $T/o "follows record 49: the records between are missing"
"$MESCTL" --hub "$PGADMIN" hub status > $T/o
check "hub status at the centre counts the gap: 1 missing at plant a" grep -q "^a  *[0-9]*  *1 " $T/o
check "... none at plant b" grep -q "^b  *[0-9]*  *0 " $T/o
expect_rc "... while plant b's chain is whole" 0 $T/o "$MESCTL" --hub "$PGADMIN" hub verify b
