#!/bin/sh
# mes-plcsim and mes-collect against peers nobody here wrote: Debian's
# mbpoll reads the simulator; mes-collect --once reads a python3-pymodbus
# server and libmodbus's own unit-test-server (built from the examples
# Debian ships), whose special addresses misbehave on purpose; RTU runs
# over a socat pty pair.  Everything started here is stopped by its PID.
. tests/cli/lib.inc
SIM=$B/mes-plcsim
COLLECT=$B/mes-collect
PY=/usr/bin/python3
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

stop() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

# ---- the programs' own interface ----
expect_rc "mes-plcsim --version" 0 $T/o "$SIM" --version
check "... prints the version" has $T/o "mes-plcsim 0"
expect_rc "mes-plcsim --help" 0 $T/o "$SIM" --help
check "... lists the test hooks" has $T/o "--stop-after"
expect_rc "mes-plcsim with a bad --port is a usage error" 2 $T/o "$SIM" --port 70000
expect_rc "mes-collect --version" 0 $T/o "$COLLECT" --version
expect_rc "mes-collect --help" 0 $T/o "$COLLECT" --help
expect_rc "mes-collect as a daemon with no PLC in mes.ini exits 1" 1 $T/o "$COLLECT" --foreground
check "... saying so" has $T/o "no \[plc NAME\] section"

# ---- mbpoll reads mes-plcsim ----
check "mes-plcsim starts on a free port" start_sim $T/sim.log --machines 2 --seed 7
SIM_PID=$SPID
expect_rc "mbpoll reads 12 holding registers" 0 $T/mb \
	mbpoll -m tcp -p "$PORT" -a 1 -t 4 -0 -r 0 -c 12 -1 -o 1 127.0.0.1
state=$(awk -F'\t' '/^\[0\]:/ {print $2}' $T/mb)
check "... the state register holds a state code (1-4)" test "$state" -ge 1 -a "$state" -le 4
check "... all 12 registers came back" test "$(grep -c '^\[' $T/mb)" -eq 12
expect_rc "mbpoll reads machine 2 at address 100" 0 $T/mb \
	mbpoll -m tcp -p "$PORT" -a 1 -t 4 -0 -r 100 -c 2 -1 -o 1 127.0.0.1
expect_rc "mbpoll reads the float temperature (input registers)" 0 $T/mb \
	mbpoll -m tcp -p "$PORT" -a 1 -t 3:float -B -0 -r 0 -c 1 -1 -o 1 127.0.0.1
temp=$(awk -F'\t' '/^\[0\]:/ {printf "%d", $2}' $T/mb)
check "... between 10 and 100 degrees" test "$temp" -ge 10 -a "$temp" -le 100
expect_rc "mbpoll reads the coil" 0 $T/mb \
	mbpoll -m tcp -p "$PORT" -a 1 -t 0 -0 -r 0 -c 1 -1 -o 1 127.0.0.1
check "... which is on" has $T/mb "\[0\]:.*1"
mbpoll -m tcp -p "$PORT" -a 1 -t 4 -0 -r 12 -c 1 -1 -o 1 127.0.0.1 >$T/mb 2>&1
check "an unmapped address is exception 02 to mbpoll" has $T/mb "Illegal data address"

# ---- mes-collect --once reads mes-plcsim ----
"$SIM" --print-map --port "$PORT" --machines 2 > $T/sim.ini
expect_rc "mes-collect --once reads the simulator's own map" 0 $T/c \
	"$COLLECT" --once --config $T/sim.ini
check "... both machines online" test "$(grep -c ': online,' $T/c)" -eq 2
check "... 4 requests per machine" has $T/c "12 tags, 4 requests"
check "... every tag good" test "$(grep -c '  good' $T/c)" -eq 24
check "... the machine state shown" has $T/c "machine: \(running\|idle\|down\|setup\)"
expect_rc "mes-collect --once --plc sim2" 0 $T/c "$COLLECT" --once --plc sim2 --config $T/sim.ini
check "... polls only sim2" test "$(grep -c '^plc ' $T/c)" -eq 1
check "... at address 100" has $T/c "hr:100"
expect_rc "mes-collect --once --plc nosuch fails" 1 $T/c "$COLLECT" --once --plc nosuch --config $T/sim.ini
check "... naming the section" has $T/c "no section \[plc nosuch\]"
stop "$SIM_PID"
expect_rc "mes-collect --once with the PLC gone exits 1" 1 $T/c "$COLLECT" --once --plc sim1 --config $T/sim.ini
check "... saying offline" has $T/c "OFFLINE"
check "... and why" has $T/c "error: connect"

# ---- bad maps name file, section and key ----
printf '[plc a]\nhost = 127.0.0.1\ntag.x = hr:1 u32\ntag.y = hr:2\n' > $T/bad.ini
expect_rc "overlapping tags are refused" 1 $T/c "$COLLECT" --once --config $T/bad.ini
check "... naming file, section and key" has $T/c "bad.ini: \[plc a\] tag.y"
printf '[plc a]\nhost = 127.0.0.1\ntag.x = hr:1 unt16\n' > $T/bad.ini
expect_rc "an unknown type is refused" 1 $T/c "$COLLECT" --once --config $T/bad.ini
check "... naming it" has $T/c 'unknown type "unt16"'
printf '[plc a]\nhost = 127.0.0.1\ntag.x = hr:99999\n' > $T/bad.ini
expect_rc "an address out of range is refused" 1 $T/c "$COLLECT" --once --config $T/bad.ini
check "... naming the key" has $T/c "\[plc a\] tag.x"

# ---- mes-collect reads a pymodbus server ----
# A peer that cannot start is one failure with its own error, never the
# dozen checks that would have used it.
py_answers() { mbpoll -m tcp -p "$PYPORT" -t 4 -0 -r 0 -c 1 -1 -o 0.5 127.0.0.1 >/dev/null 2>&1; }
py_start() {
	"$PY" -c 'from pymodbus.server import StartTcpServer' >$T/py.log 2>&1 || return 1
	PYPORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	cat > $T/server.py <<EOF
import logging
from pymodbus.server import StartTcpServer
from pymodbus.datastore import (ModbusSequentialDataBlock,
                                ModbusSlaveContext, ModbusServerContext)
logging.disable(logging.CRITICAL)
hr = [0] * 100
hr[0] = 3                        # state: down
hr[1] = 101                      # fault: jam
hr[2], hr[3] = 0x0001, 0xE240    # good = 123456 (abcd)
hr[8], hr[9] = 0x5000, 0x449A    # energy = 1234.5 (cdab)
hr[10] = 0xFF9C                  # temp raw -100 -> -10.0
block = lambda v: ModbusSequentialDataBlock(0, v)
store = ModbusSlaveContext(di=block([1, 0] + [0] * 98), co=block([0] * 100),
                           hr=block(hr), ir=block(list(range(100))),
                           zero_mode=True)
StartTcpServer(context=ModbusServerContext(slaves=store, single=True),
               address=("127.0.0.1", $PYPORT))
EOF
	"$PY" $T/server.py >$T/py.log 2>&1 &
	PYPID=$!; PIDS="$PIDS $PYPID"
	wait_peer "$PYPID" $T/py.log 30 py_answers
}
if py_start; then
	ok "the pymodbus server starts"
	cat > $T/py.ini <<EOF
[plc py]
host = 127.0.0.1
port = $PYPORT
tag.state = hr:0 u16 role=state
tag.fault = hr:1 u16 role=fault
tag.good = hr:2 u32 role=good
tag.energy = hr:8 float32 order=cdab role=energy
tag.temp = hr:10 i16 scale=0.1 min=-5 max=90
tag.ir5 = ir:5 u16
tag.run = di:0
state.3 = down
fault.101 = jam at infeed
EOF
	expect_rc "mes-collect --once reads the pymodbus server" 0 $T/c "$COLLECT" --once --config $T/py.ini
	check "... 4 requests for 7 tags (hr 0-3 and 8-10 apart)" has $T/c "7 tags, 4 requests"
	check "... the u32 counter" has $T/c "good .*u32/abcd *0001 e240 *123456"
	check "... the cdab float" has $T/c "energy .*1234.5 "
	check "... the scaled signed value, out of range" has $T/c "temp .*-100 *-10 *range"
	check "... input register 5 is 5 (zero_mode addressing)" has $T/c "ir5 .*ir:5 .* 5  good"
	check "... the discrete input" has $T/c "run .*di:0 .* 1  good"
	check "... the state and fault reason" has $T/c "machine: down (jam at infeed)"
	sed 's/^port = .*/&\ngap = 4/' $T/py.ini > $T/pygap.ini
	expect_rc "... with gap = 4" 0 $T/c "$COLLECT" --once --config $T/pygap.ini
	check "... 3 requests: the gap is bridged" has $T/c "7 tags, 3 requests"
	printf '[plc py]\nhost = 127.0.0.1\nport = %s\ntag.x = hr:150\n' "$PYPORT" > $T/py2.ini
	"$COLLECT" --once --config $T/py2.ini >$T/c 2>&1
	check "an address pymodbus lacks is exception 02" has $T/c "exception 02 (illegal data address)"
	stop "$PYPID"
else
	nok "pymodbus could not start: $(last_words $T/py.log)"
	sed 's/^/#   /' $T/py.log | tail -n 15
fi

# ---- the examples in data/mes.ini.example and mes.ini(5) parse ----
sed -n '/^#\[plc sim1\]/,/^$/p' data/mes.ini.example | sed 's/^#//' | grep -v '^#' > $T/ex.ini
check "mes.ini.example has the simulator's section" has $T/ex.ini "tag.state = hr:0"
sed -n '/^#\[plc press2\]/,/^$/p' data/mes.ini.example | sed 's/^#//' >> $T/ex.ini
"$SIM" --print-map --port 1502 | sed -n '/^tag\./p;/^state\./p;/^fault\./p' > $T/map.txt
check "... which is mes-plcsim's own map" sh -c "grep -v -x -F -f $T/ex.ini $T/map.txt | wc -l | grep -qx 0"
check "... and the RTU example loads" sh -c "'$COLLECT' --once --plc press2 --config $T/ex.ini 2>&1 | grep -q 'plc press2: rtu'"
# The literal block of mes.ini(5) that holds the [plc press3] example.
awk '/^\.Bd -literal/ { b = ""; inb = 1; next } /^\.Ed/ { if (b ~ /plc press3/) printf "%s", b; inb = 0; next } inb { b = b $0 "\n" }' man/mes.ini.5 > $T/man.ini
check "the example of mes.ini(5) loads" sh -c "'$COLLECT' --once --config $T/man.ini 2>&1 | grep -q 'plc press3: tcp'"

# ---- Modbus RTU over a socat pty pair ----
socat pty,raw,echo=0,link=$T/pty-plc pty,raw,echo=0,link=$T/pty-mes 2>$T/socat.log &
SOCAT=$!; PIDS="$PIDS $SOCAT"
wait_peer "$SOCAT" $T/socat.log 30 test -e $T/pty-plc -a -e $T/pty-mes
"$SIM" --rtu $T/pty-plc --unit 3 --baud 38400 --parity none --speed 0 >$T/rtu.log 2>&1 &
RPID=$!; PIDS="$PIDS $RPID"
wait_peer "$RPID" $T/rtu.log 30 grep -q listening $T/rtu.log
check "mes-plcsim serves RTU on a pty" has $T/rtu.log "listening on $T/pty-plc"
cat > $T/rtu.ini <<EOF2
[plc rtu]
protocol = rtu
device = $T/pty-mes
baud = 38400
parity = none
unit = 3
timeout_ms = 300
tag.state = hr:0 u16 role=state
tag.good = hr:2 u32 role=good
tag.energy = hr:8 float32 order=cdab min=0 role=energy
tag.run = di:0
tag.auto = coil:0
state.1 = running
state.2 = idle
state.3 = down
state.4 = setup
[plc other]
protocol = rtu
device = $T/pty-mes
baud = 38400
parity = none
unit = 4
timeout_ms = 200
tag.state = hr:0
EOF2
expect_rc "mes-collect --once reads it over RTU" 0 $T/c "$COLLECT" --once --plc rtu --config $T/rtu.ini
check "... online, every tag good" test "$(grep -c '  good' $T/c)" -eq 5
check "... the float energy meter (frozen at its starting 1000 kWh)" has $T/c "energy .* 0000 447a  *1000  *1000  good"
expect_rc "a unit id nobody answers on the bus is offline" 1 $T/c "$COLLECT" --once --plc other --config $T/rtu.ini
check "... after the timeout" has $T/c "no reply within timeout_ms"
stop "$RPID"
"$SIM" --rtu $T/pty-plc --unit 3 --baud 38400 --parity none --wrong-unit >$T/rtu.log 2>&1 &
RPID=$!; PIDS="$PIDS $RPID"
wait_peer "$RPID" $T/rtu.log 30 grep -q listening $T/rtu.log
expect_rc "an RTU reply from another unit id is refused" 1 $T/c "$COLLECT" --once --plc rtu --config $T/rtu.ini
check "... as a bad reply" has $T/c "bad-reply"
stop "$RPID"
stop "$SOCAT"

# ---- libmodbus's own unit-test-server, whose special addresses misbehave ----
# It listens on 127.0.0.1:1502, serves one connection and quits when that
# closes, so every case gets a fresh one.
EX=/usr/share/doc/libmodbus-dev/examples
listening_1502() { grep -q ':05DE 00000000:0000 0A' /proc/net/tcp; }
uts() {
	"$T/uts" >$T/uts.log 2>&1 &
	UPID=$!; PIDS="$PIDS $UPID"
	wait_peer "$UPID" $T/uts.log 30 listening_1502
}
# uts_read NAME RC TAG-LINE [KEY=VALUE]: one --once against a fresh server
uts_read() {
	printf '[plc uts]\nhost = 127.0.0.1\nport = 1502\nunit = %s\ntimeout_ms = 300\n%b\n' \
		"${4:-17}" "$3" > $T/uts.ini
	if ! uts; then nok "$1 (unit-test-server did not start)"; return; fi
	expect_rc "$1" "$2" $T/c "$COLLECT" --once --config $T/uts.ini
	stop "$UPID"
}
if [ ! -f $EX/unit-test-server.c ]; then
	nok "libmodbus-dev examples are not installed ($EX)"
elif listening_1502; then
	echo "ok - libmodbus unit-test-server cases # SKIP port 1502 is in use"
elif ! cc -o $T/uts $EX/unit-test-server.c -I$EX $(pkg-config --cflags --libs libmodbus) 2>$T/cc.log; then
	nok "unit-test-server builds"; sed 's/^/#   /' $T/cc.log
else
	ok "unit-test-server builds"
	uts_read "mes-collect reads unit-test-server's registers" 0 \
		"tag.r = hr:352 u16\ntag.s = hr:353 u16\ntag.t = hr:354 u16\ntag.i = ir:264 u16\ntag.b0 = di:452\ntag.b1 = di:453\ntag.b2 = di:454"
	# Its input registers and inputs are preset: 0x000A, and 0xAC from 0x1C4.
	check "... with its preset values" sh -c "grep -q 'i .* 10  good' $T/c && grep -q 'b0 .* 0  good' $T/c && grep -q 'b2 .* 1  good' $T/c"
	check "... in 3 requests" has $T/c "7 tags, 3 requests"
	uts_read "its busy address: exception 06 is an answer" 0 "tag.busy = hr:368 u16\nbusy_retries = 1"
	check "... reported as such" has $T/c "exception 06 (server device busy)"
	check "... after one retry" has $T/c "1 tags, 2 requests"
	uts_read "its reply with another unit id is refused" 1 "tag.x = hr:369 u16"
	check "... naming the unit ids" has $T/c "reply from unit id 255, expected 17"
	uts_read "its half-second reply times out" 1 "tag.x = hr:370 u16"
	check "... offline, no reply" has $T/c "no reply within timeout_ms"
	uts_read "its byte-by-byte reply is put together" 0 "tag.x = hr:371 u16" 255
	check "... within the timeout" has $T/c "x .* 0  good"
	# Asked for 2 registers it sends 1 (UT_REGISTERS_NB_SPECIAL).
	uts_read "its reply with too few values is refused" 1 "tag.x = hr:352 u32"
	check "... as a reply that does not fit the request" has $T/c "reply of 2 data bytes to a request for 4"
fi
