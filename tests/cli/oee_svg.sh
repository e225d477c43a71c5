#!/bin/sh
# The OEE trend picture: report oee --svg and the shift report's OEE
# charts, one point per day with shifts for each series.
. tests/cli/lib.inc
as_setup() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null
as_setup demo-seed >/dev/null
from=$(date -u -d '-6 days' +%F)
to=$(date -u +%F)

expect_rc "report oee --svg" 0 $T/o as_setup report oee --from "$from" --to "$to" --svg $T/oee.svg
check "... says what it wrote" has $T/o "wrote $T/oee.svg"
check "... still prints the table" has $T/o "^wc  *date"
check "... well-formed SVG" xmllint --noout $T/oee.svg
as_setup report oee --from "$from" --to "$to" --csv > $T/oee.csv
days=$(grep -c ',day,' $T/oee.csv)
check "... the demo has day rows" test "$days" -gt 0
check "... a point per day and series (OEE, A, P, Q)" test "$(grep -c '<circle' $T/oee.svg)" -eq $((days * 4))
check "... a point per work center and day for OEE" test "$(grep -c ' OEE [0-9.]*%</title>' $T/oee.svg)" -eq "$days"
check "... one chart per work center" test "$(grep -c '<title>OEE by day: ' $T/oee.svg)" -eq "$(cut -d, -f1 $T/oee.csv | sed 1d | sort -u | wc -l)"
wc1=$(sed -n 2p $T/oee.csv | cut -d, -f1)
expect_rc "report oee --svg --wc: one work center" 0 $T/o as_setup report oee --from "$from" --to "$to" --wc "$wc1" --svg $T/one.svg
check "... one chart" test "$(grep -c '<title>OEE by day: ' $T/one.svg)" -eq 1
check "... well-formed" xmllint --noout $T/one.svg
expect_rc "report oee --svg over too many days" 2 $T/o as_setup report oee --from 2020-01-01 --to 2026-01-01 --svg $T/long.svg
check "... says the limit" has $T/o "up to 400 days"
check "... and writes nothing" test ! -e $T/long.svg
expect_rc "report energy has no --svg" 2 $T/o as_setup report energy --svg $T/e.svg

expect_rc "report shift with the OEE trend" 0 $T/o as_setup report shift --html $T/shift.html --from "$from"
check "... the OEE section" has $T/shift.html "<h2>OEE by day</h2>"
check "... its points" test "$(grep -c ' OEE [0-9.]*%</title>' $T/shift.html)" -eq "$days"
sed -n '/<h2>OEE by day/,/<h2>Control/p' $T/shift.html | sed '1d;$d' > $T/frag.svg
check "... its charts are well-formed SVG" sh -c "{ echo '<x>'; cat $T/frag.svg; echo '</x>'; } | xmllint --noout -"

# Downtime by reason, a Pareto like scrap's.
expect_rc "report downtime runs" 0 $T/dt.out env MES_PIN=6666 "$MESCTL" --user ada report downtime --from 2000-01-01
check "... with its Pareto columns" has $T/dt.out "cumulative_pct"
expect_rc "report downtime --svg" 0 $T/dt2.out env MES_PIN=6666 "$MESCTL" --user ada report downtime --from 2000-01-01 --svg $T/dt.svg
check "... writes an SVG that parses" xmllint --noout $T/dt.svg
