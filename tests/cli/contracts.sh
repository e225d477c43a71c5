#!/bin/sh
# Header contracts: every public core function's comment names the roles
# the code checks (tests/cli/contracts.py reads both), and the check
# fails when a header says other than the code.
. tests/cli/lib.inc
python3 tests/cli/contracts.py > $T/o 2>&1; st=$?
cat $T/o
check "the checker ran and read the headers" sh -c "[ $st -le 1 ] && [ \$(grep -c '^ok - mes_' $T/o) -ge 100 ]"
# The same check on a copy where one header promises a role the code
# does not allow, and one where a function's line is gone.
mkdir -p $T/tree && cp -r core README.md $T/tree/ && mkdir -p $T/tree/tests/cli
cp tests/cli/contracts.py $T/tree/tests/cli/
python3 - "$T/tree/core/prod.h" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
i = s.index("int mes_order_hold")
j = s.rindex("Roles: lead, admin.", 0, i)
s = s[:j] + "Roles: operator, lead, admin." + s[j + len("Roles: lead, admin."):]
k = s.index("/* Roles: operator, lead. */\nint mes_op_pause")
s = s[:k] + s[k + len("/* Roles: operator, lead. */\n"):]
open(p, "w").write(s)
PY
(cd $T/tree && python3 tests/cli/contracts.py) > $T/o2 2>&1
check "a header that promises another role fails" grep -q '^not ok - mes_order_hold' $T/o2
check "a function whose roles line is gone fails" grep -q '^not ok - mes_op_pause' $T/o2
