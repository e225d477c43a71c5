#!/bin/sh
# The forgery run (tests/rel/forge.py) on a keyed plant: FORGE_TRIALS
# (40; 400 in make check-reliability) edits behind mes's back, each on a
# fresh copy, each to be detected by mesctl audit verify.
. tests/cli/lib.inc
. tests/cli/seal.inc
N=${FORGE_TRIALS:-40}
[ "${REL_FULL:-0}" = 1 ] && N=${FORGE_TRIALS:-400}
"$MESCTL" audit keygen $T/plant.key >/dev/null
ini $T/k.db "[audit]
key_file = $T/plant.key
" $T/k.ini
plant $T/k.ini $T/k.db $T/plant.key
expect_rc "the keyed plant verifies clean before the run" 0 $T/o env MES_CONFIG=$T/k.ini "$MESCTL" audit verify
cp $T/k.db $T/clean.db
python3 tests/rel/forge.py $T/k.db $T/clean.db $N 1 -- env MES_CONFIG=$T/k.ini "$MESCTL" audit verify
