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
"$MESCTL" status
cat <<TXT

Try it:
  export MES_CONFIG=$MES_CONFIG
  $BUILD/mes-dispatch --shared       # badge 100002, PIN 1111 (olga)
  MES_PIN=2222 $BUILD/mesctl --user luis schedule --time-limit 5
  MES_PIN=6666 $BUILD/mesctl --user ada audit show
  $BUILD/mesctl audit verify
TXT
# On a terminal, open the board as the demo promises; in scripts, stop here.
if [ -t 0 ] && [ -t 1 ] && [ -z "${MES_DEMO_NO_BOARD:-}" ]; then
	printf '\nOpening the dispatch board in 3 s (log in: badge 100002, PIN 1111; q quits)...\n'
	sleep 3
	exec "$(dirname "$MESCTL")/mes-dispatch" --shared
fi
