#!/bin/sh
# mesctl labor on|off: a second operator joins a running operation and
# leaves it running; each refusal says why and changes nothing; audited.
. tests/cli/lib.inc
as() { login=$1; pin=$2; shift 2; MES_PIN=$pin "$MESCTL" --user "$login" "$@"; }
echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null

check "the demo runs WO-1001/20 with olga on it" test "$(spells WO-1001 20)" = olga
expect_rc "luis clocks on to it" 0 $T/o as luis 2222 labor on WO-1001 20
check "... saying so" has $T/o "WO-1001/20: clocked on"
check "... both are on it" test "$(spells WO-1001 20)" = luis,olga
expect_rc "a second clock-on is refused" 1 $T/o as luis 2222 labor on WO-1001 20
check "... saying luis is on it already" has $T/o "luis is clocked on WO-1001/20 already"
check "... and adds no spell" test "$(spells WO-1001 20)" = luis,olga
expect_rc "olga clocks off" 0 $T/o as olga 1111 labor off WO-1001 20
check "... it runs on with luis" test "$(spells WO-1001 20)" = luis
check "... still running" test "$(sqlite3 "$T/plant.db" "SELECT o.status FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id WHERE w.wo_no = 'WO-1001' AND o.seq = 20")" = running
expect_rc "clocking off what she is not on is refused" 1 $T/o as olga 1111 labor off WO-1001 20
check "... saying so" has $T/o "olga is not clocked on WO-1001/20"
expect_rc "an operation that is not running takes nobody" 1 $T/o as olga 1111 labor on WO-1001 30
check "... saying to start it" has $T/o "clock on a running operation"
check "... and adds no spell" test "$(spells WO-1001 30)" = ""
expect_rc "quality may not clock on" 1 $T/o as quinn 4444 labor on WO-1001 20
check "... and adds no spell" test "$(spells WO-1001 20)" = luis
expect_rc "a bad operation number is a usage error" 2 $T/o as olga 1111 labor on WO-1001 2x
check "... saying so" has $T/o "2x is not an operation number"
check "each clock-on and -off is audited" test "$(sqlite3 "$T/plant.db" "SELECT count(*) FROM audit WHERE action IN ('labor.on','labor.off') AND rec_key = 'WO-1001/20'")" = 2
expect_rc "the audit trail verifies" 0 $T/o "$MESCTL" audit verify
