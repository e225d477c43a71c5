#!/bin/sh
# mesctl spc on CSV files: limits, violations, capability, JSON, exit codes.
# The attribute data are Montgomery's worked examples (Introduction to
# Statistical Quality Control, 6th ed.): Example 7.1 (orange juice cans,
# p chart, p-bar 0.2313, limits 0.0524 and 0.4102, samples 15 and 23
# above) and Example 7.3 (circuit boards, c chart, c-bar 19.85, limits
# 6.48 and 33.22, samples 6 and 20 outside).
. tests/cli/lib.inc
spc() { "$MESCTL" spc "$@"; }

# 30 samples of 50 cans, one "count,sample_size" per line.
{
	echo "# nonconforming cans, n = 50"
	for d in 12 15 8 10 4 7 16 9 14 10 5 6 17 12 22 8 10 5 13 11 \
	         20 18 24 15 9 12 7 13 9 6; do
		echo "$d,50"
	done
} > $T/oj.csv
expect_rc "p chart with points beyond the limits exits 1" 1 $T/o spc --chart p --rules we1 $T/oj.csv
check "... centre line p-bar 0.2313" has $T/o "CL 0.231333"
check "... the book's limits" has $T/o "LCL 0.0524275  UCL 0.410239"
check "... sample 15 above (line 16)" has $T/o "point 15 (line 16): p WE1"
check "... sample 23 above (line 24)" has $T/o "point 23 (line 24): p WE1"
check "... and says so" has $T/o "result: not in control (2 violations)"
expect_rc "p chart, JSON" 1 $T/o spc --chart p --json --rules we1 $T/oj.csv
check "... limits object" has $T/o '"type":"limits","series":"p","cl":0.2313'
check "... violation object" has $T/o '"type":"violation","series":"p","rule":"WE1","point":15,"line":16'
check "... result object" has $T/o '"type":"result","in_control":0,"violations":2'
expect_rc "the global --json works too" 1 $T/o "$MESCTL" --json spc --chart p --rules we1 $T/oj.csv
check "... JSON" has $T/o '"type":"chart","chart":"p","points":30'

# Montgomery then drops samples 15 and 23 (assignable causes found) and
# revises the limits: p-bar 0.2150, LCL 0.0407, UCL 0.3893; sample 21 is
# then above the UCL (he keeps it: no cause found).
grep -v -e '^22,' -e '^24,' $T/oj.csv > $T/oj2.csv
expect_rc "the revised limits without samples 15 and 23" 1 $T/o spc --chart p --rules we1 $T/oj2.csv
check "... are the book's" has $T/o "CL 0.215  LCL 0.0407028  UCL 0.389297"
check "... and sample 21 is above them" has $T/o "point 20 (line 21): p WE1"
check "... alone" has $T/o "result: not in control (1 violation)"
expect_rc "--rules none finds nothing and exits 0" 0 $T/o spc --chart p --rules none $T/oj2.csv
check "... and says so" has $T/o "result: in control"

printf '21\n24\n16\n12\n15\n5\n28\n20\n31\n25\n20\n24\n16\n19\n10\n17\n13\n22\n18\n39\n30\n24\n16\n19\n17\n15\n' > $T/pcb.csv
expect_rc "c chart on the circuit boards" 1 $T/o spc --chart c --rules n1 $T/pcb.csv
check "... limits 6.48 and 33.21" has $T/o "CL 19.8462  LCL 6.48145  UCL 33.2109"
check "... sample 6 below" has $T/o "point 6 (line 6): c N1"
check "... sample 20 above" has $T/o "point 20 (line 20): c N1"
expect_rc "c chart from standard input" 1 $T/o sh -c "'$MESCTL' spc --chart c --rules n1 - < $T/pcb.csv"
check "... names stdin" has $T/o "from stdin"
expect_rc "--baseline 1:5 moves the limits" 1 $T/o spc --chart c --rules n1 --baseline 1:5 $T/pcb.csv
check "... to the first five samples" has $T/o "CL 17.6"
check "... and says which" has $T/o "baseline: points 1-5 (5)"

# Variables: 25 subgroups of 5 with X-double-bar 74.001 and R-bar 0.023,
# Montgomery's piston rings (Example 6.1) in summary: limits 73.988 and
# 74.014, R UCL 0.049, Cp 1.68 for 74.000 +/- 0.05.
i=0
while [ $i -lt 25 ]; do
	echo "74.001,73.9895,74.001,74.0125,74.001"; i=$((i + 1))
done > $T/rings.csv
expect_rc "xbar-r with specification limits" 0 $T/o spc --chart xbar-r --lsl 73.95 --usl 74.05 $T/rings.csv
check "... X-bar limits" has $T/o "xbar   CL 74.001  LCL 73.9877  UCL 74.0143"
check "... R limits" has $T/o "r      CL 0.023  LCL 0  UCL 0.0486"
check "... Cp 1.685" has $T/o "Cp 1.68543"
check "... enough data: no warning" sh -c "! grep -q 'too few' $T/o"
check "... in control" has $T/o "result: in control"
expect_rc "xbar-r capability as JSON" 0 $T/o spc --chart xbar-r --lsl 73.95 --usl 74.05 --json $T/rings.csv
check "... capability object" has $T/o '"type":"capability","values":125,"subgroups":25'
check "... flags" has $T/o '"too_few":0,"not_in_control":0'
expect_rc "xbar-s on the same data" 0 $T/o spc --chart xbar-s --subgroup 5 $T/rings.csv
check "... has an S chart" has $T/o "^s      CL"
check "... and asks for specifications" has $T/o "capability: give --lsl"

# Individuals: a shift of 8 in a row above the centre (WE4) after a
# baseline of 10 points.
printf '10\n12\n11\n13\n9\n10\n12\n11\n13\n9\n12.5\n12.5\n12.5\n12.5\n12.5\n12.5\n12.5\n12.5\n' > $T/imr.csv
expect_rc "imr with a run of 8 above the centre" 1 $T/o spc --chart imr --baseline 1:10 --usl 20 $T/imr.csv
check "... WE4 at point 18" has $T/o "point 18 (line 18): x WE4"
check "... not at point 17" sh -c "! grep -q 'point 17 (line 17): x WE4' $T/o"
check "... one-sided capability" has $T/o "Cpu"
check "... too few data" has $T/o "warning: too few data"
check "... not in control" has $T/o "warning: not in control"
expect_rc "--rules nelson: 8 is not yet N2's 9" 0 $T/o spc --chart imr --baseline 1:10 --rules nelson $T/imr.csv
expect_rc "--rules none" 0 $T/o spc --chart imr --rules none $T/imr.csv

# p chart with varying sample sizes: limits per point.
printf '2,50\n6,100\n3,50\n9,200\n' > $T/pv.csv
expect_rc "p chart with varying sample sizes" 0 $T/o spc --chart p $T/pv.csv
check "... limits per point" has $T/o "limits vary with the sample size"
check "... n = 200 has its own limits" has $T/o "0.00376689  0.0962331"
expect_rc "np refuses varying sample sizes" 1 $T/o spc --chart np $T/pv.csv
check "... naming the line and the p chart" has $T/o "line 2: an np chart needs one sample size"

# Bad data: the message names file, line and field.
printf '1,2,3\n# ok\n\n4,5x,6\n' > $T/bad.csv
expect_rc "a bad value exits 1" 1 $T/o spc --chart xbar-r $T/bad.csv
check "... naming line and field" has $T/o "bad.csv: line 4, field 2: value \"5x\" is not a number"
printf '1,2,3\n4,5\n' > $T/short.csv
expect_rc "a short subgroup exits 1" 1 $T/o spc --chart xbar-r $T/short.csv
check "... naming both lines" has $T/o "line 2: 2 values, but line 1 has 3"
printf '5,50\n60,50\n' > $T/over.csv
expect_rc "a count above the sample size exits 1" 1 $T/o spc --chart p $T/over.csv
check "... naming the line" has $T/o "line 2: count 60 is more than the sample size 50"
expect_rc "a missing file exits 1" 1 $T/o spc --chart c $T/none.csv
check "... saying why" has $T/o "No such file"

# Usage errors exit 2.
expect_rc "no --chart" 2 $T/o spc $T/pcb.csv
check "... says so" has $T/o "--chart is required"
expect_rc "unknown chart" 2 $T/o spc --chart xbar $T/pcb.csv
expect_rc "no file" 2 $T/o spc --chart c
expect_rc "two files" 2 $T/o spc --chart c $T/pcb.csv $T/pcb.csv
expect_rc "unknown rule" 2 $T/o spc --chart c --rules we,n9 $T/pcb.csv
check "... names it" has $T/o 'unknown rule "n9"'
expect_rc "specification limits on an attribute chart" 2 $T/o spc --chart c --usl 3 $T/pcb.csv
expect_rc "--lsl above --usl" 2 $T/o spc --chart imr --lsl 5 --usl 4 $T/imr.csv
expect_rc "--subgroup 30" 2 $T/o spc --chart xbar-r --subgroup 30 $T/rings.csv
expect_rc "a malformed --baseline" 2 $T/o spc --chart c --baseline 5 $T/pcb.csv
expect_rc "a --baseline beyond the data" 2 $T/o spc --chart c --baseline 20:40 $T/pcb.csv
check "... says how many points there are" has $T/o "26 points"
expect_rc "--help" 0 $T/o spc --help
check "... prints the usage" has $T/o "usage: mesctl spc --chart"
expect_rc "spc needs no database" 0 $T/o "$MESCTL" --db $T/nowhere.db spc --chart c --rules none $T/pcb.csv
check "... and made none" test ! -e $T/nowhere.db
