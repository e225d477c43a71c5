#!/bin/sh
# The reliability suite.  REL_FULL=1 (make check-reliability): 16 writers
# killed over 300 rounds, 64 processes for 30 s, libFuzzer for
# FUZZ_SECONDS per target, valgrind on every command.  Else the short form
# that make check runs through tests/cli/reliability.sh.  Each part prints
# "ok"/"not ok" lines and "figure" lines; the totals come last:
#   reliability: committed=N found=N lost=N kills=N faults=N survived=N fuzz_execs=N crashes=N forged=N detected=N
# A new program's fault or device test is a part here (one word in PARTS).
BUILD=${BUILD:-build}
export BUILD
FIGS=$(mktemp "${TMPDIR:-/tmp}/mes-rel-XXXXXX")
trap 'rm -f "$FIGS"' EXIT
PARTS="crash conc faults devices security replay valgrind forge"
# The full suite also runs the end-to-end checks of the file's soundness
# (a damaged file found by status, verify and backup), the exports that
# follow the audit sequence through a clock set back, and the seals and
# signatures, which make check runs as tests of their own.
[ "${REL_FULL:-0}" = 1 ] && PARTS="$PARTS fuzz cli/backup cli/mesctl cli/exchange cli/seal"
for p in $PARTS; do
	echo "# --- $p"
	case $p in
	cli/*) sh tests/$p.sh ;;
	*) sh tests/rel/$p.sh ;;
	esac 2>&1 | tee -a "$FIGS" | grep -v '^figure '
done
sum() { grep "^figure $1 " "$FIGS" | sed -n "s/.* $2=\([0-9]*\).*/\1/p" | awk '{s += $1} END {print s + 0}'; }
cnt() { grep -c "^figure $1 " "$FIGS"; }
echo "# figures"
echo "#   transactions: attempted $(sum tx attempted), committed $(sum tx committed), found afterwards $(sum tx found), lost $(sum tx lost); kills sent $(sum tx kills)"
grep '^# [a-z-]* \(latency\|busy\)' "$FIGS"
grep '^figure fuzz ' "$FIGS" | sed 's/^figure fuzz /#   fuzz: /'
grep '^figure fault ' "$FIGS" | sed 's/^figure fault /#   fault: /'
echo "#   faults injected $(cnt fault), survived $(sum fault survived)"
echo "#   forgeries made behind mes's back $(sum forge trials), detected by audit verify $(sum forge detected)"
echo "reliability: committed=$(sum tx committed) found=$(sum tx found) lost=$(sum tx lost) kills=$(sum tx kills) faults=$(cnt fault) survived=$(sum fault survived) fuzz_execs=$(sum fuzz execs) crashes=$(sum fuzz crashes) forged=$(sum forge trials) detected=$(sum forge detected)"
