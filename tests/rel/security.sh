#!/bin/sh
# Security: every state-changing core call as every role against the
# README's table; PINs never stored or logged in clear; SQL text stored
# verbatim; escape sequences from the database shown as text; audit tail
# truncation caught by an external anchor; install permissions and a
# user outside group mes kept out of the database.
. tests/cli/lib.inc
. tests/cli/tmux.inc
TMPUSER=""
cleanup() {
	tm_cleanup
	[ -n "$TMPUSER" ] && userdel -r "$TMPUSER" >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
DISPATCH=$B/mes-dispatch
as_setup() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }

# ---- roles: README.md is the one table ------------------------------------
"$B/tests/roles" README.md

# ---- plant ------------------------------------------------------------------
echo 0000 | "$MESCTL" init --admin setup >/dev/null
as_setup demo-seed >/dev/null

# ---- PINs never logged --------------------------------------------------------
PIN=80417362
printf '%s\n%s\n' $PIN $PIN > $T/pin
as_setup user add pinny --name "Pin Test" --role operator --badge 774411 <$T/pin >$T/o 2>&1 ||
	MES_NEW_PIN=$PIN as_setup user add pinny --name "Pin Test" --role operator --badge 774411 >$T/o 2>&1
MES_PIN=$PIN "$MESCTL" --user pinny status >$T/log1 2>&1
MES_PIN=${PIN}9 "$MESCTL" --user pinny status >$T/log2 2>&1
MES_PIN=1${PIN} "$MESCTL" --user pinny order hold WO-1003 --reason x >$T/log3 2>&1
check "PIN test: the user logs in with the PIN" sh -c "MES_PIN=$PIN '$MESCTL' --user pinny user list >/dev/null 2>&1"
sqlite3 $T/plant.db .dump > $T/dump.sql
check "PIN test: a wrong PIN was audited" grep -q "pinny" $T/dump.sql
check "PINs appear nowhere in the database (dump)" sh -c "! grep -q $PIN $T/dump.sql"
check "... nor in the raw file, WAL included" sh -c "! cat $T/plant.db* | grep -a -q $PIN"
check "... nor in any program output" sh -c "! cat $T/o $T/log1 $T/log2 $T/log3 | grep -q $PIN"

# ---- SQL text stored verbatim ----------------------------------------------------
P="'); DROP TABLE lots; --"
as_setup order hold WO-1003 --reason "$P" >/dev/null 2>&1
as_setup user rename olga "$P" >/dev/null 2>&1
as_setup unavailable CNC-01 --from 2027-01-01T00:00 --kind planned --note "$P" >/dev/null 2>&1 ||
	as_setup unavailable CNC-01 --from 2027-01-01T00:00 --note "$P" >/dev/null 2>&1
printf 'wo_no,item,qty,release_date,due_date\n"%s",BRKT-100,1,2026-01-05,2026-01-09\n' "WO-'); DROP TABLE lots; --" > $T/inj.csv
as_setup import orders $T/inj.csv >/dev/null 2>&1
cat > $T/inj.py <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); p = sys.argv[2]
q = {"the table lots still exists": "SELECT count(*) FROM sqlite_master WHERE name='lots'",
     "a hold reason is stored verbatim": "SELECT count(*) FROM audit WHERE reason=?1",
     "a user's name is stored verbatim": "SELECT count(*) FROM users WHERE name=?1",
     "a down time note is stored verbatim": "SELECT count(*) FROM wc_unavailable WHERE note=?1",
     "an imported order number is stored verbatim": "SELECT count(*) FROM work_orders WHERE wo_no='WO-' || ?1"}
for k, s in q.items():
    n = db.execute(s, (p,) if "?1" in s else ()).fetchone()[0]
    print(("ok - " if n >= 1 else "not ok - ") + "SQL: " + k)
PY
python3 $T/inj.py $T/plant.db "$P"

# ---- escape sequences from the database are text on the screen ----------------------
as_setup user rename olga "$(printf 'A\033[2JB\033]0;pwned\007C')" >/dev/null
tm_start e xterm "MES_CONFIG=$MES_CONFIG $DISPATCH --shared"
wait_for e "Scan your badge" >/dev/null
keys e "100002" Enter; keys e "1111" Enter
check "terminal: a name with ESC [2J and an OSC title shows as text" wait_for e "A?\[2JB"
check "... and the board is still there (the screen was not cleared)" wait_for e "SAW-01"
title=$(tm display-message -p -t e '#{pane_title}')
check "... the window title was not set" test "${title#*pwned}" = "$title"
keys e "q"
tm_cleanup
"$MESCTL" user list > $T/ul 2>&1 || MES_PIN=0000 "$MESCTL" --user setup user list > $T/ul 2>&1
if grep -q "$(printf '\033')" $T/ul; then
	echo "# known gap: mesctl user list writes the name's escape sequence to the terminal raw"
else ok "mesctl user list shows the escape sequence as text"; fi

# ---- audit: editing, deleting, inserting, and cutting the tail ----------------------
"$MESCTL" audit anchor > $T/anchors
check "audit anchor prints \"seq hash mac\"" grep -qE '^[0-9]+ [0-9a-f]{64} ([0-9a-f]{16}|unkeyed):[0-9a-f]{64}$' $T/anchors
expect_rc "audit verify --anchor passes on the intact trail" 0 $T/o "$MESCTL" audit verify --anchor $T/anchors
echo "Nov 26 22:00:01 plant mes-audit: $(cat $T/anchors)" > $T/syslog
expect_rc "... and reads an anchor from a syslog line" 0 $T/o "$MESCTL" audit verify --anchor $T/syslog
as_setup order hold WO-1005 --reason "after the anchor" >/dev/null
as_setup order unhold WO-1005 --reason "after the anchor" >/dev/null
cp $T/plant.db $T/cut.db; cp $T/plant.db-wal $T/cut.db-wal 2>/dev/null
aseq=$(cut -d' ' -f1 $T/anchors)
sqlite3 $T/cut.db "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq >= $aseq - 1"
printf '[database]\npath = %s/cut.db\n' $T > $T/cut.ini
expect_rc "cut tail: audit verify alone cannot see it" 0 $T/o "$MESCTL" --config $T/cut.ini audit verify
expect_rc "cut tail: audit verify --anchor fails" 1 $T/o "$MESCTL" --config $T/cut.ini audit verify --anchor $T/anchors
check "... saying the newest records were deleted" has $T/o "newest records were deleted"
cp $T/plant.db $T/ed.db; cp $T/plant.db-wal $T/ed.db-wal 2>/dev/null
sqlite3 $T/ed.db "DROP TRIGGER audit_no_update; UPDATE audit SET reason='edited' WHERE seq=5"
expect_rc "edited record: audit verify fails" 1 $T/o "$MESCTL" --config $T/cut.ini --db $T/ed.db audit verify
cp $T/plant.db $T/ins.db; cp $T/plant.db-wal $T/ins.db-wal 2>/dev/null
sqlite3 $T/ins.db "INSERT INTO audit (seq, ts, login, action, tbl, rec_key, old_value, new_value, reason, prev_hash, hash) SELECT max(seq)+1, ts, login, action, tbl, rec_key, old_value, new_value, reason, hash, hash FROM audit WHERE seq = (SELECT max(seq) FROM audit)"
expect_rc "inserted record: audit verify fails" 1 $T/o "$MESCTL" --config $T/cut.ini --db $T/ins.db audit verify
expect_rc "a file that holds no anchor is refused" 1 $T/o "$MESCTL" audit verify --anchor /dev/null

# ---- install: group mes, 0640 config, 2770 database directory --------------------------
if [ "$(id -u)" != 0 ]; then
	echo "skip - install permissions: not root (groupadd, chgrp and su need root)"
	exit 0
fi
R=$T/root
expect_rc "make install as root into a staging root" 0 $T/o make --no-print-directory -s BUILD=$BUILD DESTDIR=$R PREFIX=/usr SYSCONFDIR=/etc/mes install
check "the group mes exists" sh -c "getent group mes >/dev/null"
check "mes.ini is 0640 root:mes" test "$(stat -c '%a %U:%G' $R/etc/mes/mes.ini)" = "640 root:mes"
check "the database directory is 2770 root:mes" test "$(stat -c '%a %U:%G' $R/var/lib/mes)" = "2770 root:mes"
[ "$(stat -c %a $R/etc/mes)" = 750 ] || echo "# note: $R/etc/mes is $(stat -c %a $R/etc/mes) (the install rule's install -d resets it)"
printf '[database]\npath = %s/var/lib/mes/plant.db\n[auth]\nhash_cost = fast\n' $R > $T/inst.ini
(umask 027; echo 0000 | "$MESCTL" --config $T/inst.ini init --admin setup >/dev/null)
check "a database made there belongs to group mes" test "$(stat -c %G $R/var/lib/mes/plant.db)" = mes
chmod 755 $T $R $R/var $R/var/lib
TMPUSER=mest$$
if useradd -M -s /bin/sh "$TMPUSER" 2>/dev/null; then
	su -s /bin/sh "$TMPUSER" -c "cat $R/var/lib/mes/plant.db" >/dev/null 2>&1; st=$?
	check "a user outside group mes cannot read the database" test $st -ne 0
	su -s /bin/sh "$TMPUSER" -c "echo x >> $R/var/lib/mes/plant.db" >/dev/null 2>&1; st=$?
	check "... nor write it" test $st -ne 0
	su -s /bin/sh "$TMPUSER" -c "sqlite3 $R/var/lib/mes/plant.db 'SELECT count(*) FROM users'" >/dev/null 2>&1; st=$?
	check "... nor open it with sqlite3" test $st -ne 0
	su -s /bin/sh "$TMPUSER" -c "cat $R/etc/mes/mes.ini" >/dev/null 2>&1; st=$?
	check "... nor read mes.ini" test $st -ne 0
	usermod -a -G mes "$TMPUSER"
	su -s /bin/sh "$TMPUSER" -c "cat $R/etc/mes/mes.ini" >/dev/null 2>&1; st=$?
	check "a member of group mes reads mes.ini" test $st -eq 0
	# Two accounts of the group use the plant root set up, one after the
	# other and at once: status, log-in and changes, whoever made the
	# -wal, -shm and -lock files, whatever their own umask.
	TMPUSER2=mes2t$$
	useradd -M -s /bin/sh -G mes "$TMPUSER2" 2>/dev/null
	chmod 644 $T/inst.ini
	MES_PIN=0000 "$MESCTL" --config $T/inst.ini --user setup demo-seed >/dev/null 2>&1
	as_u() { u=$1; shift; su -s /bin/sh "$u" -c "umask 077; $*"; }
	# The build may sit where only root can reach it (/root): a copy the
	# accounts can run, as an installed one would be.
	install -m 755 "$MESCTL" $T/mesctl-inst
	MC=$T/mesctl-inst
	expect_rc "a member of group mes: mesctl status on root's database" 0 $T/o \
		as_u "$TMPUSER" "'$MC' --config $T/inst.ini status"
	expect_rc "... logs in and makes a change" 0 $T/o \
		as_u "$TMPUSER" "MES_PIN=2222 '$MC' --config $T/inst.ini --user luis order hold WO-1003 --reason shared"
	check "... the -wal, -shm and -lock files are group mes, 0660" sh -c \
		"for f in $R/var/lib/mes/plant.db $R/var/lib/mes/plant.db-lock; do [ \"\$(stat -c '%a %G' \$f)\" = '660 mes' ] || exit 1; done"
	rm -f $R/var/lib/mes/plant.db-wal $R/var/lib/mes/plant.db-shm
	expect_rc "a second member, with umask 077, writes after the first made the files" 0 $T/o \
		as_u "$TMPUSER2" "MES_PIN=2222 '$MC' --config $T/inst.ini --user luis order unhold WO-1003"
	# a connection of the second member's held open, so its -wal and
	# -shm stay to be looked at
	as_u "$TMPUSER2" "(echo 'SELECT count(*) FROM users;'; sleep 3) | sqlite3 $R/var/lib/mes/plant.db" >/dev/null 2>&1 &
	HOLD=$!
	wait_until 10 test -e $R/var/lib/mes/plant.db-shm
	check "... the -wal and -shm it made are group mes, 0660" sh -c \
		"for f in $R/var/lib/mes/plant.db-wal $R/var/lib/mes/plant.db-shm; do [ \"\$(stat -c '%a %G' \$f)\" = '660 mes' ] || exit 1; done"
	wait $HOLD
	expect_rc "... and the first member writes again" 0 $T/o \
		as_u "$TMPUSER" "MES_PIN=2222 '$MC' --config $T/inst.ini --user luis order hold WO-1003 --reason again"
	expect_rc "... root too" 0 $T/o env MES_PIN=2222 "$MESCTL" --config $T/inst.ini --user luis order unhold WO-1003
	expect_rc "... and the audit chain holds" 0 $T/o as_u "$TMPUSER2" "'$MC' --config $T/inst.ini audit verify"
	userdel "$TMPUSER2" 2>/dev/null
else
	echo "skip - group test: useradd is not available"
fi
