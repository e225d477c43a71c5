#!/bin/sh
# make demo: a fresh demo plant under ./demo, then show it.
set -e
BUILD=${BUILD:-build}
DIR=${1:-demo}
MESCTL=$(pwd)/$BUILD/mesctl
mkdir -p "$DIR"
rm -f "$DIR/plant.db" "$DIR/plant.db-wal" "$DIR/plant.db-shm"
cat > "$DIR/mes.ini" <<INI
# Written by make demo: the demo plant's configuration.
[database]
path = $(cd "$DIR" && pwd)/plant.db
INI
export MES_CONFIG="$(cd "$DIR" && pwd)/mes.ini"
unset MES_USER MES_PIN
# The demo's own admin "setup" creates the plant; the demo users follow.
echo 0000 | "$MESCTL" init --admin setup --name "Demo set-up" >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed
echo
MES_PIN=0000 "$MESCTL" --user setup schedule --time-limit 2
echo
# Machines: mes-plcsim plays the six machines, mes-collect books them
# (as user "collector"); both stop when the demo ends.
BIN=$(dirname "$MESCTL")
echo 7777 | MES_PIN=0000 "$MESCTL" --user setup asset demo-seed
echo 7777 > "$DIR/collect.pin" && chmod 600 "$DIR/collect.pin"
"$BIN/mes-plcsim" --port 0 --machines 6 --speed 30 --fault-rate 6 \
	>"$DIR/plcsim.log" 2>&1 &
SIM_PID=$!
stop_machines() {
	kill $COL_PID $SIM_PID 2>/dev/null || true
	wait $COL_PID $SIM_PID 2>/dev/null || true
}
trap stop_machines EXIT
# Until it says where it listens (or gives up), up to 30 s on a busy machine.
PORT=""; tries=300
while [ -z "$PORT" ] && [ $tries -gt 0 ] && kill -0 $SIM_PID 2>/dev/null; do
	sleep 0.1; tries=$((tries - 1))
	PORT=$(sed -n 's/.*listening on [^:]*:\([0-9]*\).*/\1/p' "$DIR/plcsim.log")
done
[ -n "$PORT" ] || { echo "mes-plcsim did not start:" >&2; cat "$DIR/plcsim.log" >&2; }
printf '[collect]\nuser = collector\npin_file = %s/collect.pin\nbook_ms = 2000\n' \
	"$(cd "$DIR" && pwd)" >> "$DIR/mes.ini"
"$BIN/mes-plcsim" --print-map --port "${PORT:-1502}" --machines 6 >> "$DIR/mes.ini"
"$BIN/mes-collect" --foreground >"$DIR/collect.log" 2>&1 &
COL_PID=$!
echo "mes-plcsim (port ${PORT:-?}) and mes-collect run; logs in $DIR/"
sleep 3
"$MESCTL" status
cat <<TXT

Try it:
  export MES_CONFIG=$MES_CONFIG
  $BUILD/mes-dispatch --shared       # badge 100002, PIN 1111 (olga)
  MES_PIN=2222 $BUILD/mesctl --user luis schedule --time-limit 5
  MES_PIN=6666 $BUILD/mesctl --user ada audit show
  $BUILD/mesctl audit verify
  $BUILD/mes-maint --shared           # badge 100005, PIN 4444 (mai)
  $BUILD/mesctl report oee --from $(date +%F) --to $(date +%F)
TXT
# On a terminal, open the board as the demo promises; in scripts, stop here.
if [ -t 0 ] && [ -t 1 ] && [ -z "${MES_DEMO_NO_BOARD:-}" ]; then
	# exec keeps this PID for the board: a watcher stops the machines
	# when it ends.
	( while kill -0 $$ 2>/dev/null; do sleep 1; done; kill $COL_PID \
		$SIM_PID 2>/dev/null ) </dev/null >/dev/null 2>&1 &
	printf '\nOpening the dispatch board in 3 s (log in: badge 100002, PIN 1111; q quits)...\n'
	sleep 3
	exec "$(dirname "$MESCTL")/mes-dispatch" --shared
fi
