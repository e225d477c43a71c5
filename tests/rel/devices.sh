#!/bin/sh
# Devices that misbehave.  A PLC that answers with exceptions, a wrong
# unit, under wrong transaction IDs, with short frames, garbage, a wrong
# length, hangs up, or does not answer at all: mes-collect --once reports
# it and returns within its timeouts, never crashing or hanging.  A
# scanner that sends garbage (a line at the wrong baud rate) or is
# unplugged mid-scan: the driver drops the bad lines, reports the unplug,
# reconnects and reads the next good scan.
. tests/cli/lib.inc
SIM=$B/mes-plcsim
COLLECT=$B/mes-collect
SCANPTY=$B/tests/scanpty
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
fig() { echo "figure fault name=$1 survived=$2"; }
wait_file() { wait_until 30 test -s "$1"; }

# collect_once NAME PORT: mes-collect --once against 127.0.0.1:PORT, which
# must end in time with exit 0 or 1 (never a signal), naming a problem
collect_once() {
	n=$1; port=$2; shift 2
	"$SIM" --print-map --port "$port" | sed 's/^timeout_ms = .*/timeout_ms = 300/' > $T/$n.ini
	start=$(date +%s)
	timeout 30 "$COLLECT" --once --config $T/$n.ini >$T/$n.out 2>&1; st=$?
	took=$(( $(date +%s) - start ))
	s=0
	if [ $st -le 1 ] && [ $took -le 10 ] && grep -qi "$*" $T/$n.out; then s=1; fi
	if [ $s = 1 ]; then ok "PLC $n: mes-collect --once exits $st in ${took}s, saying so"
	else nok "PLC $n: exit $st after ${took}s, want 0/1 within 10 s naming: $*"; sed 's/^/#   /' $T/$n.out | head -n 20; fi
	fig "plc-$n" $s
}


start_sim $T/s1.log --exception 2
collect_once exception "$PORT" "exception\|illegal"
start_sim $T/s2.log --wrong-unit
collect_once wrong-unit "$PORT" "unit\|offline\|error"
start_sim $T/s3.log --stop-after 0
collect_once silent "$PORT" "timed out\|timeout\|offline"
start_sim $T/s4.log --delay 2000
collect_once slow "$PORT" "timed out\|timeout\|offline"

for mode in tid short garbage length close; do
	python3 tests/rel/badplc.py $mode $T/port-$mode >$T/bad-$mode.log 2>&1 &
	PIDS="$PIDS $!"
	if wait_file $T/port-$mode; then
		collect_once "$mode" "$(cat $T/port-$mode)" "error\|offline\|invalid\|timed out\|timeout\|reset\|closed"
	else
		nok "PLC $mode: the misbehaving peer did not start"; sed 's/^/#   /' $T/bad-$mode.log
	fi
done

# ---- the scanner ---------------------------------------------------------
if ! command -v socat >/dev/null; then
	echo "skip - scanner: socat is not installed"; exit 0
fi
# socat_up: a pty pair, $T/scanner (the driver's end) and $T/host (ours)
socat_up() {
	rm -f $T/scanner $T/host
	socat pty,raw,echo=0,link=$T/scanner pty,raw,echo=0,link=$T/host 2>/dev/null &
	SOC=$!; PIDS="$PIDS $SOC"
	wait_until 30 test -e $T/scanner -a -e $T/host
}
socat_up
"$SCANPTY" $T/scanner 5 >$T/scan.out 2>&1 &
SCP=$!; PIDS="$PIDS $SCP"
sleep 0.5
# a line at the wrong baud rate: noise, NULs, bit-shifted bytes, no end
head -c 3000 /dev/urandom > $T/host
printf '\000\377\376\200\r' > $T/host
sleep 0.4
printf 'GOOD-1\r' > $T/host
sleep 0.4
printf 'HALF-A-SC' > $T/host
sleep 0.05
kill $SOC; wait $SOC 2>/dev/null
sleep 1
socat_up
sleep 1
printf 'GOOD-2\r' > $T/host
wait $SCP; st=$?
check "scanner: the reader ran to the end (exit $st)" test $st -eq 0 -a -n "$(grep '^END' $T/scan.out)"
check "... garbage was dropped with a reason" grep -q '^DROP \(noise\|overlong\|timeout\)' $T/scan.out
check "... the good scan after the garbage arrived whole" grep -qx 'DATA 6 GOOD-1' $T/scan.out
check "... the unplug was reported" grep -q '^DISCONNECTED' $T/scan.out
check "... the half scan was not passed on" sh -c "! grep -q 'DATA.*HALF' $T/scan.out"
check "... it reconnected" grep -q '^CONNECTED' $T/scan.out
check "... and read the next scan" grep -qx 'DATA 6 GOOD-2' $T/scan.out
s=0; grep -qx 'DATA 6 GOOD-1' $T/scan.out && grep -qx 'DATA 6 GOOD-2' $T/scan.out && ! grep -q 'DATA.*HALF' $T/scan.out && s=1
fig scanner-garbage-unplug $s
grep -v '^DATA [0-9]* [^G]' $T/scan.out | head -n 12 | sed 's/^/#   /'
